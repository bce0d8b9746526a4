//! A record's corrections as oversight reads them (G C "Registers"): each amendment with the
//! field, what it was, what it is now, who amended it, when and why; a void with who, when
//! and why. The registers and the oversight report say them the same way.

use crate::domain::correction::{Amendment, Void};
use crate::domain::ids::{RecordId, Time};
use crate::domain::record::Record;

/// How a voided record is marked wherever it is listed.
pub const VOID: &str = "VOID";

fn when(t: Time) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// The amendments and the void of a share or receipt (none for other records).
pub fn corrections_of(record: &Record) -> (&[Amendment], Option<&Void>) {
    match record {
        Record::Share(s) => (&s.amendments, s.voided.as_ref()),
        Record::Receipt(r) => (&r.amendments, r.voided.as_ref()),
        _ => (&[], None),
    }
}

/// What a listing says of the record's standing: `VOID`, amended, or nothing.
pub fn status(record: &Record) -> String {
    match corrections_of(record) {
        (_, Some(_)) => VOID.to_string(),
        ([], None) => String::new(),
        ([_], None) => "amended once".to_string(),
        (many, None) => format!("amended {} times", many.len()),
    }
}

/// One amendment in words; `name` turns an entity id into the name the reader may see.
pub fn amendment_line(a: &Amendment, name: &dyn Fn(&RecordId) -> String) -> String {
    let show = |v: &str| {
        if a.field == "entity" {
            name(&RecordId(v.to_string()))
        } else {
            v.to_string()
        }
    };
    let mut text = format!(
        "{} amended: was \"{}\", now \"{}\" (by {}, {}): {}",
        a.field,
        show(&a.was),
        show(&a.now),
        a.by,
        when(a.at),
        a.reason
    );
    if !a.reopened.is_empty() {
        text.push_str(&format!("; re-opened: {}", a.reopened.join(", ")));
    }
    text
}

/// A void in words.
pub fn void_line(v: &Void) -> String {
    format!(
        "{VOID}: voided as registered in error (by {}, {}): {}",
        v.by,
        when(v.at),
        v.reason
    )
}

/// The corrections as labelled JSON (the oversight report): each amendment and the void.
pub fn corrections_json(record: &Record) -> serde_json::Value {
    let (amendments, voided) = corrections_of(record);
    let mut items: Vec<serde_json::Value> = amendments
        .iter()
        .map(|a| {
            serde_json::json!({
                "what": "amended",
                "field": a.field,
                "was": a.was,
                "now": a.now,
                "by": a.by,
                "when": when(a.at),
                "reason": a.reason,
                "reopened": a.reopened,
            })
        })
        .collect();
    if let Some(v) = voided {
        items.push(serde_json::json!({
            "what": "voided as registered in error",
            "by": v.by,
            "when": when(v.at),
            "reason": v.reason,
        }));
    }
    serde_json::Value::Array(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    #[test]
    fn an_amendment_says_field_was_now_by_when_and_why() {
        let a = Amendment {
            field: "title".into(),
            was: "Bossangao".into(),
            now: "Bossangoa".into(),
            reason: "Typo".into(),
            by: "imfp".into(),
            at: Utc.with_ymd_and_hms(2026, 11, 20, 9, 5, 0).unwrap(),
            reopened: Vec::new(),
        };
        assert_eq!(
            amendment_line(&a, &|id| id.to_string()),
            "title amended: was \"Bossangao\", now \"Bossangoa\" (by imfp, 2026-11-20 09:05 UTC): Typo"
        );
    }
}
