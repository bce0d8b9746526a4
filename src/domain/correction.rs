//! Corrections and voids, append-only (G C "Registers"): a descriptive field amended with a
//! reason, a record voided as registered in error. The log keeps every event; the record
//! keeps the history of its amendments, and an amendment to a field a decision rested on
//! (marking, entity, nature) re-opens the steps that depended on it.

use super::ids::{RecordId, Time};
use super::marking::Marking;
use super::nature::Nature;
use super::receipt::{IncomingReceipt, ReceiptState};
use super::share::{OutgoingShare, ShareState};
use serde::{Deserialize, Serialize};

/// A field of a share or receipt, with its new value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "field", content = "value")]
pub enum AmendedField {
    Title(String),
    Reference(String),
    Summary(String),
    /// The entity a receipt came from.
    Entity(RecordId),
    Marking(Marking),
    Nature(Nature),
}

impl AmendedField {
    pub fn name(&self) -> &'static str {
        match self {
            AmendedField::Title(_) => "title",
            AmendedField::Reference(_) => "reference",
            AmendedField::Summary(_) => "summary",
            AmendedField::Entity(_) => "entity",
            AmendedField::Marking(_) => "marking",
            AmendedField::Nature(_) => "nature",
        }
    }

    /// A field the assessments and decisions rested on: amending it re-opens them.
    pub fn decisions_rest_on_it(&self) -> bool {
        matches!(
            self,
            AmendedField::Entity(_) | AmendedField::Marking(_) | AmendedField::Nature(_)
        )
    }

    fn show(&self) -> String {
        match self {
            AmendedField::Title(t) | AmendedField::Reference(t) | AmendedField::Summary(t) => {
                t.clone()
            }
            AmendedField::Entity(e) => e.to_string(),
            AmendedField::Marking(m) => m.to_string(),
            AmendedField::Nature(n) => n.to_string(),
        }
    }
}

/// One amendment, as the record keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Amendment {
    pub field: String,
    pub was: String,
    pub now: String,
    pub reason: String,
    pub by: String,
    pub at: Time,
    /// The steps that no longer count and must be taken again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reopened: Vec<String>,
}

/// A record voided as registered in error: out of the queues and counts, kept in the log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Void {
    pub reason: String,
    pub by: String,
    pub at: Time,
}

impl Amendment {
    fn new(field: &AmendedField, was: String, reason: &str, by: &str, at: Time) -> Self {
        Amendment {
            field: field.name().to_string(),
            was,
            now: field.show(),
            reason: reason.to_string(),
            by: by.to_string(),
            at,
            reopened: Vec::new(),
        }
    }
}

/// Applies an amendment to a share, keeping it in the record's history.
pub fn amend_share(s: &mut OutgoingShare, field: &AmendedField, reason: &str, by: &str, at: Time) {
    let p = &mut s.draft.product;
    let was = match field {
        AmendedField::Title(t) => std::mem::replace(&mut p.title, t.clone()),
        AmendedField::Reference(t) => std::mem::replace(&mut p.reference, t.clone()),
        AmendedField::Summary(t) => std::mem::replace(&mut p.summary, t.clone()),
        AmendedField::Entity(e) => std::mem::replace(&mut s.draft.recipient, e.clone()).to_string(),
        AmendedField::Marking(m) => std::mem::replace(&mut p.marking, m.clone()).to_string(),
        AmendedField::Nature(n) => std::mem::replace(&mut p.nature, *n).to_string(),
    };
    let mut a = Amendment::new(field, was, reason, by, at);
    if field.decisions_rest_on_it() && !s.state.is_closed() {
        if s.risk_assessment.take().is_some() {
            a.reopened.push("Sharing Risk Assessment (G 8.1.3)".into());
        }
        if s.decision.take().is_some() {
            a.reopened.push("decision to share (G 8)".into());
        }
        if s.acceptance.take().is_some() {
            a.reopened
                .push("written acceptance of the conditions (G 8.1.5)".into());
        }
        s.pre_authorisation = None;
        s.state = ShareState::Draft;
    }
    s.amendments.push(a);
}

/// Applies an amendment to a receipt.
pub fn amend_receipt(
    r: &mut IncomingReceipt,
    field: &AmendedField,
    reason: &str,
    by: &str,
    at: Time,
) {
    let c = &mut r.capture;
    let was = match field {
        AmendedField::Title(t) => std::mem::replace(&mut c.title, t.clone()),
        AmendedField::Reference(t) => std::mem::replace(&mut c.reference, t.clone()),
        AmendedField::Summary(t) => std::mem::replace(&mut c.summary, t.clone()),
        AmendedField::Entity(e) => std::mem::replace(&mut c.source, e.clone()).to_string(),
        AmendedField::Marking(m) => std::mem::replace(&mut c.marking, m.clone()).to_string(),
        AmendedField::Nature(n) => std::mem::replace(&mut c.nature, *n).to_string(),
    };
    let mut a = Amendment::new(field, was, reason, by, at);
    if field.decisions_rest_on_it() && !r.state.is_dispositioned() {
        if r.scan.take().is_some() {
            a.reopened.push("Intelligence Receipt Scan (G 9.6)".into());
        }
        if r.cleared.take().is_some() {
            a.reopened
                .push("clearance for mission consumption (G 9.7)".into());
        }
        r.pre_authorisation = None;
        r.state = ReceiptState::Received;
    }
    r.amendments.push(a);
}
