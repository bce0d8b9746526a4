//! One line of the register (G C "Registers" a): time, date, marking, with or from whom, how,
//! the result of the Sharing Risk Assessment or Intelligence Receipt Scan, and the action
//! taken.

use super::filter::Visibility;
use crate::domain::ids::{RecordId, Time};
use crate::domain::receipt::IncomingReceipt;
use crate::domain::record::Record;
use crate::domain::share::OutgoingShare;

/// The register's columns, in order.
pub const COLUMNS: [&str; 14] = [
    "Date",
    "Time (UTC)",
    "Direction",
    "Reference",
    "Title",
    "Marking",
    "Originator's marking",
    "With / from",
    "How",
    "Assessment (SRA / IRS)",
    "Action taken",
    "State",
    "Shared / dispositioned at",
    "Record",
];

/// Said in place of content the reader has no need to know.
pub const WITHHELD: &str = "content withheld (need to know)";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegisterRow {
    pub at: Time,
    pub direction: &'static str,
    pub reference: String,
    pub title: String,
    pub marking: String,
    pub originator_marking: String,
    pub entity: String,
    pub channel: String,
    pub assessment: String,
    pub action: String,
    pub state: String,
    /// What truly closed it and when: shared, declined, disseminated, rejected (nothing for
    /// a share only authorised, whose conditions are accepted, or whose authorisation lapsed).
    pub closed: Option<(&'static str, Time)>,
    pub id: String,
}

impl RegisterRow {
    /// The row of a share or receipt as `visibility` allows (`None` for other records and
    /// for what is above the reader's clearance). `entity_name` names an entity the reader
    /// may see.
    pub fn of(
        record: &Record,
        visibility: Visibility,
        entity_name: &dyn Fn(&RecordId) -> String,
    ) -> Option<RegisterRow> {
        if visibility == Visibility::Absent {
            return None;
        }
        let mut row = match record {
            Record::Share(s) => share_row(s, entity_name),
            Record::Receipt(r) => receipt_row(r, entity_name),
            _ => return None,
        };
        // Corrections are part of the line: oversight sees what was amended and what voided.
        let (amendments, voided) = super::history::corrections_of(record);
        let mut notes: Vec<String> = amendments
            .iter()
            .map(|a| super::history::amendment_line(a, entity_name))
            .collect();
        if let Some(v) = voided {
            row.state = format!("{} (was {})", super::history::VOID, row.state);
            notes.push(super::history::void_line(v));
        }
        if !notes.is_empty() {
            if !row.action.is_empty() {
                notes.insert(0, std::mem::take(&mut row.action));
            }
            row.action = notes.join("; ");
        }
        if visibility == Visibility::Withheld {
            row.reference = String::new();
            row.title = WITHHELD.to_string();
            row.originator_marking = String::new();
            row.entity = String::new();
            row.channel = String::new();
            row.assessment = String::new();
            row.action = String::new();
        }
        Some(row)
    }

    /// The cells as text, in `COLUMNS` order (the .csv form).
    pub fn cells(&self) -> [String; 14] {
        [
            self.at.format("%Y-%m-%d").to_string(),
            self.at.format("%H:%M").to_string(),
            self.direction.to_string(),
            self.reference.clone(),
            self.title.clone(),
            self.marking.clone(),
            self.originator_marking.clone(),
            self.entity.clone(),
            self.channel.clone(),
            self.assessment.clone(),
            self.action.clone(),
            self.state.clone(),
            self.closed
                .map(|(what, t)| format!("{what} {}", t.format("%Y-%m-%d %H:%M")))
                .unwrap_or_default(),
            self.id.clone(),
        ]
    }
}

fn share_row(s: &OutgoingShare, entity_name: &dyn Fn(&RecordId) -> String) -> RegisterRow {
    let product = &s.draft.product;
    let assessment = match (&s.risk_assessment, &s.pre_authorisation) {
        (Some(ra), _) => format!(
            "Sharing Risk Assessment: risk {} ({}){}",
            if ra.risk_acceptable {
                "acceptable"
            } else {
                "not acceptable"
            },
            ra.by,
            note(&ra.conclusion_note)
        ),
        (None, Some(pa)) => format!("pre-authorised list entry {pa} (G 8.1.8)"),
        (None, None) => "no Sharing Risk Assessment recorded".to_string(),
    };
    let mut action = Vec::new();
    if let Some(d) = &s.decision {
        action.push(format!(
            "{} by {} ({}){}",
            if d.authorise {
                "authorised"
            } else {
                "declined"
            },
            d.by,
            d.authority.title(),
            note(&d.reason)
        ));
    }
    if let Some(a) = &s.acceptance {
        action.push(format!(
            "conditions accepted by {} ({})",
            a.accepted_by, a.document
        ));
    }
    if let Some(why) = &s.withdrawn_because {
        action.push(format!("withdrawn: {why}"));
    }
    if let Some(a) = &s.after_the_fact {
        action.push(after_the_fact(a));
    }
    RegisterRow {
        at: s.register_date(),
        direction: "shared",
        reference: product.reference.clone(),
        title: product.title.clone(),
        marking: product.marking.level.to_string(),
        originator_marking: product
            .marking
            .originator_marking
            .clone()
            .unwrap_or_default(),
        entity: with_unit(
            entity_name(&s.draft.recipient),
            s.draft.recipient_unit.as_deref(),
        ),
        channel: s.draft.channel.to_string(),
        assessment,
        action: action.join("; "),
        state: s.state.to_string(),
        closed: share_closed(s),
        id: s.id.to_string(),
    }
}

fn receipt_row(r: &IncomingReceipt, entity_name: &dyn Fn(&RecordId) -> String) -> RegisterRow {
    let c = &r.capture;
    let assessment = match (&r.scan, &r.pre_authorisation) {
        (Some(scan), _) => {
            let mut text = format!(
                "Intelligence Receipt Scan: credibility {} ({})",
                scan.credibility, scan.by
            );
            if !scan.red_flags.is_empty() {
                text.push_str(&format!("; red flags: {}", scan.red_flags.join(", ")));
            }
            text
        }
        (None, Some(pa)) => format!("pre-authorised list entry {pa} (G 9.10)"),
        (None, None) => "no Intelligence Receipt Scan recorded".to_string(),
    };
    let mut action = Vec::new();
    if c.imminent_threat {
        let alerted: Vec<String> = r.alerts.iter().map(|a| a.to.to_string()).collect();
        action.push(format!(
            "imminent threat; alerted: {}",
            if alerted.is_empty() {
                "no one yet".to_string()
            } else {
                alerted.join(", ")
            }
        ));
    }
    if let Some(cleared) = &r.cleared {
        action.push(format!("cleared for mission consumption by {}", cleared.by));
    }
    if let Some(d) = &r.dissemination {
        let mut text = format!(
            "disseminated by {} ({}) to {}",
            d.by,
            d.authority.title(),
            d.to_whom().join(", ")
        );
        if let Some(flag) = &d.flag {
            text.push_str(&format!(" — flagged: {flag}"));
        }
        action.push(text);
    }
    if let Some(j) = &r.rejection {
        let mut text = format!("rejected by {}: {}", j.by, j.reason);
        if j.grave_violations {
            text.push_str(" (risk of grave violations, G 9.9");
            text.push_str(&match (&j.human_rights_notice, j.human_rights_informed) {
                (Some(n), _) => format!("; Human Rights informed: {})", n.to),
                (None, true) => "; Human Rights informed)".to_string(),
                (None, false) => "; Human Rights NOT informed)".to_string(),
            });
        }
        if r.follow_up.rejected_after_dissemination {
            text.push_str(&format!(
                " — withdrawn after dissemination; tell: {}",
                r.follow_up.to_tell.join(", ")
            ));
        }
        action.push(text);
    }
    for a in &r.follow_up.actions {
        action.push(format!(
            "action taken: {} (corroborated by {}; {})",
            a.action, a.corroborated_by, a.by
        ));
    }
    if let Some(a) = &r.after_the_fact {
        action.push(after_the_fact(a));
    }
    for a in &r.onward_approvals {
        action.push(format!(
            "onward sharing to {} approved by {} (G 9.8)",
            entity_name(&a.to_entity),
            a.approved_by
        ));
    }
    RegisterRow {
        at: c.received_at,
        direction: "received",
        reference: c.reference.clone(),
        title: c.title.clone(),
        marking: c.marking.level.to_string(),
        originator_marking: c.marking.originator_marking.clone().unwrap_or_default(),
        entity: entity_name(&c.source),
        channel: c.channel.to_string(),
        assessment,
        action: action.join("; "),
        state: r.state.to_string(),
        closed: receipt_closed(r),
        id: r.id.to_string(),
    }
}

/// G 8.1.5, G C Registers a: a share is shared when it was shared — an authorisation (whose
/// conditions may be accepted, or which lapsed) is not a share; a decline is said as one.
fn share_closed(s: &OutgoingShare) -> Option<(&'static str, Time)> {
    match (s.shared_at, &s.decision) {
        (Some(at), _) => Some(("shared", at)),
        (None, Some(d)) if !d.authorise => Some(("declined", d.at)),
        _ => None,
    }
}

/// G 9.7, G 9.9: a receipt is dispositioned when disseminated or rejected, said as which.
fn receipt_closed(r: &IncomingReceipt) -> Option<(&'static str, Time)> {
    match (&r.dissemination, &r.rejection) {
        (Some(d), _) => Some(("disseminated", d.disseminated_at())),
        (None, Some(j)) => Some(("rejected", j.at)),
        (None, None) => None,
    }
}

/// G 8.1.9, G 9.11: registered after the fact, by whom, why, and the gates it did not pass.
fn after_the_fact(a: &crate::domain::after_the_fact::AfterTheFact) -> String {
    let mut text = format!(
        "registered after the fact ({}): {}",
        a.by,
        a.why.lines().next().unwrap_or_default()
    );
    if let Some(h) = &a.handled {
        text.push_str(&format!("; handled before registration: {h}"));
    }
    if !a.skipped.is_empty() {
        let gates: Vec<&str> = a.skipped.iter().map(|g| g.paragraph()).collect();
        text.push_str(&format!("; gates not passed: {}", gates.join(", ")));
    }
    text
}

fn note(text: &str) -> String {
    if text.trim().is_empty() {
        String::new()
    } else {
        format!(": {text}")
    }
}

fn with_unit(name: String, unit: Option<&str>) -> String {
    match unit {
        Some(u) if !u.trim().is_empty() => format!("{name} — {u}"),
        _ => name,
    }
}
