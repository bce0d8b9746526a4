//! Times that a person states (G 9.2: the clock runs from when the product was received, not
//! from when it was typed in): `now`, `-20m`, `-2h`, `-1d`, `HH:MM` today, or a full UTC time.
//! The console's time fields and the commands' `--at` read them the same way.

use super::ids::Time;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

/// What a time field accepts, as its error says.
pub const TIME_FORMS: &str = "write now, -20m, -2h, -1d, HH:MM (today) or YYYY-MM-DD HH:MM (UTC)";

/// A stated time relative to `now`: `now` (or empty), `-20m`, `-2h`, `-1d`, `HH:MM` (today,
/// UTC), or an absolute time as `parse_time` reads it.
pub fn parse_stated_time(text: &str, now: Time) -> Option<Time> {
    let t = text.trim();
    if t.is_empty() || t.eq_ignore_ascii_case("now") {
        return Some(now);
    }
    if let Some(rest) = t.strip_prefix('-') {
        let rest = rest.trim();
        let (n, unit) = rest.split_at(rest.find(|c: char| !c.is_ascii_digit())?);
        let n: i64 = n.parse().ok()?;
        let span = match unit.trim() {
            "m" | "min" => chrono::Duration::try_minutes(n)?,
            "h" => chrono::Duration::try_hours(n)?,
            "d" => chrono::Duration::try_days(n)?,
            _ => return None,
        };
        return now.checked_sub_signed(span);
    }
    if let Ok(hm) = NaiveTime::parse_from_str(t, "%H:%M") {
        return Some(Utc.from_utc_datetime(&now.date_naive().and_time(hm)));
    }
    parse_time(t)
}

/// `YYYY-MM-DD HH:MM` or `YYYY-MM-DD` (midnight), UTC; also RFC 3339 (`2026-11-20T10:00:00Z`).
pub fn parse_time(text: &str) -> Option<Time> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(text.trim()) {
        return Some(t.with_timezone(&Utc));
    }
    let text = text
        .trim()
        .trim_end_matches("UTC")
        .trim_end_matches('Z')
        .trim();
    if let Ok(t) = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M") {
        return Some(Utc.from_utc_datetime(&t));
    }
    if let Ok(t) = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M") {
        return Some(Utc.from_utc_datetime(&t));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .map(|d| Utc.from_utc_datetime(&d.and_time(NaiveTime::MIN)))
}

/// The text a time field starts with.
pub fn time_text(t: Time) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}
