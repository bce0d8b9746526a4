//! What the record view says of a truthful register (issue 8): voided, registered after the
//! fact with the gates it skipped, the imminent-threat determinations, and every amendment
//! with who made it — as (label, value) lines under one heading.

use super::super::text::date_time;
use crate::domain::after_the_fact::AfterTheFact;
use crate::domain::correction::{Amendment, Void};
use crate::domain::determination::Determination;
use crate::domain::record::Record;

/// The lines, or nothing when the record has none of these.
pub fn lines(record: &Record) -> Vec<(String, String)> {
    let (void, late, determinations, amendments): (
        Option<&Void>,
        Option<&AfterTheFact>,
        &[Determination],
        &[Amendment],
    ) = match record {
        Record::Share(s) => (
            s.voided.as_ref(),
            s.after_the_fact.as_ref(),
            &[],
            &s.amendments,
        ),
        Record::Receipt(r) => (
            r.voided.as_ref(),
            r.after_the_fact.as_ref(),
            &r.determinations,
            &r.amendments,
        ),
        _ => return Vec::new(),
    };
    let mut out = Vec::new();
    if let Some(v) = void {
        out.push((
            "VOIDED".to_string(),
            format!("{} — by {} {}", v.reason, v.by, date_time(v.at)),
        ));
    }
    if let Some(l) = late {
        out.push((
            "Registered after the fact".to_string(),
            format!("by/with {} — why: {}", l.by, l.why),
        ));
        if let Some(a) = &l.authorised_by {
            out.push(("Authorised (as stated)".to_string(), a.clone()));
        }
        if let Some(h) = &l.handled {
            out.push(("Handled (as recorded)".to_string(), h.clone()));
        }
        for g in &l.skipped {
            out.push(("Gate skipped".to_string(), g.to_string()));
        }
    }
    for d in determinations {
        out.push((
            "Determination (G 9.1)".to_string(),
            format!(
                "{} at {}{} — recorded by {} {}{}",
                if d.imminent {
                    "IMMINENT THREAT"
                } else {
                    "not imminent"
                },
                date_time(d.at),
                if d.at_scan { " (at the scan)" } else { "" },
                d.by,
                date_time(d.recorded_at),
                if d.reason.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", d.reason)
                }
            ),
        ));
    }
    for a in amendments {
        out.push((
            format!("Amended: {}", a.field),
            format!(
                "by {} {} — was \"{}\" — {}{}",
                a.by,
                date_time(a.at),
                a.was,
                a.reason,
                if a.reopened.is_empty() {
                    String::new()
                } else {
                    format!(" — re-opened: {}", a.reopened.join(", "))
                }
            ),
        ));
    }
    out
}
