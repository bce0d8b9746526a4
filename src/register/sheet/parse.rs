//! Reading what people write in their registers: dates as Excel serials or dd/mm/yyyy,
//! dd.mm.yyyy, yyyy-mm-dd, "12 Nov 2026"; markings "C", "Conf", "CONFIDENTIAL", "SC",
//! "Strictly Confidential"; grades "B2", "B/2", "B – usually reliable"; channels; whether
//! a line is a share or a receipt. Each parser says why it cannot read a value.

use super::read::Cell;
use crate::domain::grades::{Credibility, Reliability};
use crate::domain::ids::Time;
use crate::domain::marking::Classification;
use crate::domain::share::Channel;
use chrono::{Duration, NaiveDate, NaiveTime};

/// Excel's day zero for serial dates (1900 system, after its leap-year bug).
fn excel_epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1899, 12, 30).expect("a valid date")
}

fn from_serial(serial: f64) -> Option<Time> {
    // Serials from 1990 to 2100: anything else is a number, not a date.
    if !(32874.0..=73051.0).contains(&serial) {
        return None;
    }
    let days = serial.trunc() as i64;
    let seconds = ((serial.fract()) * 86_400.0).round() as i64;
    let date = excel_epoch() + Duration::days(days);
    Some(date.and_hms_opt(0, 0, 0)?.and_utc() + Duration::seconds(seconds))
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// A date, and a time of day when the cell holds one (UTC).
pub fn date(cell: &Cell) -> Result<Time, String> {
    match cell {
        Cell::Empty => Err("no date".into()),
        Cell::Date(serial) | Cell::Number(serial) => {
            from_serial(*serial).ok_or_else(|| format!("{} is not a date", cell.text()))
        }
        Cell::Text(text) => date_text(text.trim()),
    }
}

fn date_text(text: &str) -> Result<Time, String> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(text) {
        return Ok(t.to_utc());
    }
    if let Ok(serial) = text.parse::<f64>() {
        return from_serial(serial).ok_or_else(|| format!("{text:?} is not a date"));
    }
    // A time may follow the date: "12/11/2026 14:30".
    let (day_part, time) = match text.rsplit_once(' ') {
        Some((d, t)) if t.contains(':') => match NaiveTime::parse_from_str(t, "%H:%M")
            .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M:%S"))
        {
            Ok(time) => (d.trim(), time),
            Err(_) => return Err(format!("{text:?}: {t:?} is not a time of day")),
        },
        _ => (text, NaiveTime::MIN),
    };
    let day = [
        "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d", "%d-%m-%Y", "%d/%m/%y", "%d.%m.%y",
    ]
    .iter()
    .find_map(|f| NaiveDate::parse_from_str(day_part, f).ok())
    .or_else(|| day_month_name(day_part));
    match day {
        Some(d) => Ok(d.and_time(time).and_utc()),
        None => Err(format!(
            "{text:?} is not a date (dd/mm/yyyy, dd.mm.yyyy, yyyy-mm-dd or 12 Nov 2026)"
        )),
    }
}

/// "12 Nov 2026", "12 November 2026", "12-Nov-2026", "Nov 12, 2026".
fn day_month_name(text: &str) -> Option<NaiveDate> {
    let words: Vec<String> = text
        .split([' ', '-', ','])
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.len() != 3 {
        return None;
    }
    let month = |w: &str| {
        MONTHS
            .iter()
            .position(|m| w.starts_with(m))
            .map(|i| i as u32 + 1)
    };
    let (day, m, year) = match (words[0].parse::<u32>(), month(&words[1]), month(&words[0])) {
        (Ok(d), Some(m), _) => (d, m, &words[2]),
        (Err(_), None, Some(m)) => (words[1].parse().ok()?, m, &words[2]),
        _ => return None,
    };
    let mut year: i32 = year.parse().ok()?;
    if year < 100 {
        year += 2000;
    }
    NaiveDate::from_ymd_opt(year, m, day)
}

/// A time of day ("14:30", "1430", or an Excel fraction of a day).
pub fn time_of_day(cell: &Cell) -> Result<NaiveTime, String> {
    match cell {
        Cell::Empty => Err("no time".into()),
        Cell::Number(f) | Cell::Date(f) if (0.0..1.0).contains(&f.fract()) => {
            let secs = (f.fract() * 86_400.0).round() as u32;
            NaiveTime::from_num_seconds_from_midnight_opt(secs.min(86_399), 0)
                .ok_or_else(|| "not a time".into())
        }
        other => {
            let t = other.text();
            NaiveTime::parse_from_str(&t, "%H:%M")
                .or_else(|_| NaiveTime::parse_from_str(&t, "%H:%M:%S"))
                .or_else(|_| NaiveTime::parse_from_str(&t, "%H%M"))
                .or_else(|_| NaiveTime::parse_from_str(&t, "%H.%M"))
                .map_err(|_| format!("{t:?} is not a time of day (HH:MM)"))
        }
    }
}

fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The UN marking, however abbreviated.
pub fn marking(cell: &Cell) -> Result<Classification, String> {
    let text = cell.text();
    match squash(&text).as_str() {
        "u" | "unclas" | "unclass" | "unclassified" | "uncl" => Ok(Classification::Unclassified),
        "c" | "conf" | "confidential" | "unconfidential" => Ok(Classification::Confidential),
        "sc"
        | "stconf"
        | "strictconf"
        | "strictlyconf"
        | "strictlyconfidential"
        | "unstrictlyconfidential" => Ok(Classification::StrictlyConfidential),
        "" => Err("no marking".into()),
        _ => Err(format!(
            "{text:?} is not a UN marking (Unclassified, Confidential, Strictly Confidential)"
        )),
    }
}

/// A grade as people write it: "B2", "B/2", "B-2", "B – usually reliable", "2", "B".
pub fn grade(cell: &Cell) -> Result<(Option<Reliability>, Option<Credibility>), String> {
    let text = cell.text();
    let t = text.trim();
    if t.is_empty() {
        return Ok((None, None));
    }
    let mut chars = t.chars();
    let first = chars.next().map(|c| c.to_ascii_uppercase());
    let rest: String = chars.collect();
    let reliability = match first {
        Some(c @ 'A'..='E')
            if rest.is_empty() || !rest.starts_with(|x: char| x.is_alphabetic()) =>
        {
            Reliability::ALL.get((c as u8 - b'A') as usize).copied()
        }
        _ => None,
    };
    let digits = if reliability.is_some() {
        rest.as_str()
    } else {
        t
    };
    let digit = digits
        .trim_start_matches(['/', '-', '–', ' '])
        .chars()
        .next()
        .and_then(|c| c.to_digit(10));
    let credibility = match digit {
        Some(d @ 1..=5) => Some(Credibility::ALL[d as usize - 1]),
        Some(d) => return Err(format!("{text:?}: credibility {d} is not 1 to 5")),
        None => None,
    };
    if reliability.is_none() && credibility.is_none() {
        return Err(format!(
            "{text:?} is not a grade (reliability A–E, credibility 1–5: B2, B/2)"
        ));
    }
    Ok((reliability, credibility))
}

/// How it was shared or received.
pub fn channel(cell: &Cell) -> Result<Channel, String> {
    let text = cell.text();
    let s = squash(&text);
    if s.is_empty() {
        return Err("no channel".into());
    }
    let has = |words: &[&str]| words.iter().any(|w| s.contains(w));
    if has(&[
        "verbal", "oral", "phone", "call", "meeting", "informal", "inperson", "radio",
    ]) {
        Ok(Channel::VerbalInformal)
    } else if has(&[
        "email",
        "electronic",
        "mail",
        "digital",
        "system",
        "portal",
        "chat",
    ]) {
        Ok(Channel::Electronic)
    } else if has(&[
        "written", "paper", "letter", "hardcopy", "hand", "note", "document",
    ]) {
        Ok(Channel::Written)
    } else {
        Err(format!(
            "{text:?} is not a channel (written, electronic, verbal/informal)"
        ))
    }
}

/// Strategic or operational/tactical.
pub fn nature(cell: &Cell) -> Result<crate::domain::nature::Nature, String> {
    use crate::domain::nature::Nature;
    let text = cell.text();
    let s = squash(&text);
    if s.starts_with("strat") || s == "s" {
        Ok(Nature::Strategic)
    } else if s.starts_with("op") || s.contains("tactic") || s == "ot" {
        Ok(Nature::OperationalTactical)
    } else {
        Err(format!(
            "{text:?} is neither strategic nor operational/tactical"
        ))
    }
}

/// The kind of entity a column states.
pub fn entity_kind(cell: &Cell) -> Result<crate::domain::entity::EntityKind, String> {
    use crate::domain::entity::EntityKind as K;
    let text = cell.text();
    let s = squash(&text);
    if let Some(k) = K::ALL.into_iter().find(|k| squash(k.key()) == s) {
        return Ok(k);
    }
    let has = |words: &[&str]| words.iter().any(|w| s.contains(w));
    if has(&["civilianauthority", "ministryofdefen", "ministryofinterior"]) {
        Ok(K::CivilianAuthorityOverSecurityForces)
    } else if has(&[
        "security",
        "force",
        "military",
        "army",
        "police",
        "gendarm",
        "battalion",
    ]) {
        Ok(K::NonUnSecurityForce)
    } else if has(&[
        "nonmissionun",
        "unagency",
        "unfund",
        "unprogramme",
        "unoffice",
    ]) || s == "un"
    {
        Ok(K::NonMissionUn)
    } else if has(&[
        "ngo",
        "civilian",
        "ministry",
        "regional",
        "embassy",
        "organisation",
        "organization",
    ]) {
        Ok(K::OtherNonUnCivilian)
    } else {
        Err(format!(
            "{text:?} is not a kind of entity (security force, civilian authority, other civilian, non-mission UN)"
        ))
    }
}

/// Whether a line is a share (out) or a receipt (in).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Way {
    Shared,
    Received,
}

pub fn way(cell: &Cell) -> Result<Way, String> {
    let text = cell.text();
    let s = squash(&text);
    if [
        "out",
        "outgoing",
        "shared",
        "share",
        "sent",
        "given",
        "to",
        "disseminatedout",
    ]
    .contains(&s.as_str())
        || s.starts_with("shar")
        || s.starts_with("outg")
    {
        Ok(Way::Shared)
    } else if ["in", "incoming", "received", "receipt", "from", "got"].contains(&s.as_str())
        || s.starts_with("rece")
        || s.starts_with("inco")
    {
        Ok(Way::Received)
    } else {
        Err(format!("{text:?}: neither shared (out) nor received (in)"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    fn day(c: Cell) -> String {
        date(&c).unwrap().format("%Y-%m-%d %H:%M").to_string()
    }

    #[test]
    fn dates_as_people_write_them() {
        for text in [
            "12/11/2026",
            "12.11.2026",
            "2026-11-12",
            "12 Nov 2026",
            "12 November 2026",
            "12-Nov-2026",
        ] {
            assert_eq!(day(t(text)), "2026-11-12 00:00", "{text}");
        }
        assert_eq!(day(Cell::Date(46338.5)), "2026-11-12 12:00");
        assert_eq!(day(Cell::Number(46338.0)), "2026-11-12 00:00");
        assert_eq!(day(t("12/11/2026 14:30")), "2026-11-12 14:30");
        assert!(date(&t("31/02/2026")).is_err());
        assert!(
            date(&Cell::Number(7.0)).is_err(),
            "a small number is not a date"
        );
        assert!(date(&t("last Tuesday")).unwrap_err().contains("not a date"));
    }

    #[test]
    fn p_11_2_1_markings_however_abbreviated() {
        use Classification::*;
        for (text, level) in [
            ("C", Confidential),
            ("Conf", Confidential),
            ("CONFIDENTIAL", Confidential),
            ("SC", StrictlyConfidential),
            ("Strictly Confidential", StrictlyConfidential),
            ("S/C", StrictlyConfidential),
            ("Unclassified", Unclassified),
        ] {
            assert_eq!(marking(&t(text)), Ok(level), "{text}");
        }
        assert!(marking(&t("SECRET")).is_err());
    }

    #[test]
    fn annex_d_e_grades_written_b2_b_slash_2_or_in_words() {
        let b2 = (Some(Reliability::B), Some(Credibility::ProbablyTrue));
        assert_eq!(grade(&t("B2")), Ok(b2));
        assert_eq!(grade(&t("B/2")), Ok(b2));
        assert_eq!(grade(&t("b - 2")), Ok(b2));
        assert_eq!(
            grade(&t("B – usually reliable")),
            Ok((Some(Reliability::B), None))
        );
        assert_eq!(
            grade(&t("3")),
            Ok((None, Some(Credibility::DoubtfullyTrue)))
        );
        assert!(grade(&t("B9")).is_err());
        assert!(grade(&t("good")).is_err());
    }

    #[test]
    fn channels_and_directions() {
        assert_eq!(channel(&t("E-mail")), Ok(Channel::Electronic));
        assert_eq!(channel(&t("Verbal (meeting)")), Ok(Channel::VerbalInformal));
        assert_eq!(channel(&t("Letter")), Ok(Channel::Written));
        assert_eq!(way(&t("OUT")), Ok(Way::Shared));
        assert_eq!(way(&t("Received")), Ok(Way::Received));
        assert!(way(&t("maybe")).is_err());
    }
}
