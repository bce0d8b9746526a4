//! Times that a person states (G 9.2: the clock runs from when the product was received, not
//! from when it was typed in): `now`, `-20m`, `-2h`, `-1d`, `HH:MM` (the last one past), or a full UTC time.
//! The console's time fields and the commands' `--at` read them the same way.

use super::ids::Time;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

/// A clock a few minutes behind: `HH:MM` up to this far ahead of now is still today's (the
/// same tolerance as the rule that a stated time is not in the future).
const HH_MM_SKEW_MINUTES: i64 = 5;

/// What a time field accepts, as its error says.
pub const TIME_FORMS: &str =
    "write now, -20m, -2h, -1d, HH:MM (last 24 h) or YYYY-MM-DD HH:MM (UTC)";

/// A stated time relative to `now`: `now` (or empty), `-20m`, `-2h`, `-1d`, `HH:MM` (UTC, the
/// latest such time not in the future: after midnight, 23:50 is yesterday's), or an absolute
/// time as `parse_time` reads it.
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
        // The latest such time that is not in the future: 23:50 typed at 00:54 is last
        // night's (a clock a few minutes behind still reads a time just typed as today's).
        let today = Utc.from_utc_datetime(&now.date_naive().and_time(hm));
        if today > now + chrono::Duration::minutes(HH_MM_SKEW_MINUTES) {
            return today.checked_sub_signed(chrono::Duration::days(1));
        }
        return Some(today);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Time {
        parse_time(text).unwrap()
    }

    #[test]
    fn hh_mm_after_midnight_is_last_nights_and_earlier_today_is_todays() {
        let now = at("2026-12-08 00:54");
        assert_eq!(
            parse_stated_time("23:50", now),
            Some(at("2026-12-07 23:50"))
        );
        assert_eq!(
            parse_stated_time("00:30", now),
            Some(at("2026-12-08 00:30"))
        );
        // A clock a little behind: a time just past stays today's.
        assert_eq!(
            parse_stated_time("00:57", now),
            Some(at("2026-12-08 00:57"))
        );
        assert_eq!(
            parse_stated_time("01:10", now),
            Some(at("2026-12-07 01:10"))
        );
    }
}
