//! Registration after the fact (G 8.1.9, G 9.11): a share made verbally or informally, or a
//! product received and registered late, is registered truthfully as such. The gates it did
//! not pass are named on the record, and counted for oversight (G C "Registers").

use super::entity::Entity;
use super::guards;
use super::ids::Time;
use super::receipt::{IncomingReceipt, ReceiptCapture};
use super::record::Record;
use super::view::RegistryView;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A gate of the Guidelines that a record registered after the fact did not pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gate {
    /// G 8.1.4: a current Entity Assessment for Sharing.
    EntityAssessment,
    /// G 8.1.3: a Sharing Risk Assessment of the product.
    RiskAssessment,
    /// G 8 "Sharing Authority": a decision recorded by the competent authority.
    Authorisation,
    /// G 8.1.5 / G 8.2.3: the entity's written acceptance of the conditions.
    WrittenAcceptance,
    /// G 8.2.1: routing through the named UN officials.
    UnRouting,
    /// G 8.1.9 / G 9.11: registration when it happened.
    TimelyRegistration,
    /// G 9.2: scan and disposition within the mission's time limit.
    UrgentTimeLimit,
    /// G 9.6: an Intelligence Receipt Scan recorded in the registry.
    ReceiptScan,
    /// G 9.7: a clearance and a dissemination (or rejection) recorded by the authority.
    Disposition,
}

impl Gate {
    pub fn paragraph(self) -> &'static str {
        match self {
            Gate::EntityAssessment => "G 8.1.4",
            Gate::RiskAssessment => "G 8.1.3",
            Gate::Authorisation => "G 8 Sharing Authority",
            Gate::WrittenAcceptance => "G 8.1.5",
            Gate::UnRouting => "G 8.2.1",
            Gate::TimelyRegistration => "G 8.1.9 / G 9.11",
            Gate::UrgentTimeLimit => "G 9.2",
            Gate::ReceiptScan => "G 9.6",
            Gate::Disposition => "G 9.7",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Gate::EntityAssessment => "no current Entity Assessment for Sharing",
            Gate::RiskAssessment => "no Sharing Risk Assessment of the product",
            Gate::Authorisation => "no decision recorded by the competent authority",
            Gate::WrittenAcceptance => "no written acceptance of the conditions",
            Gate::UnRouting => "no routing through the named UN officials",
            Gate::TimelyRegistration => "not registered when it happened",
            Gate::UrgentTimeLimit => "imminent threat not dispositioned within the time limit",
            Gate::ReceiptScan => "no Intelligence Receipt Scan recorded",
            Gate::Disposition => "no clearance or dissemination decision recorded",
        }
    }
}

impl std::fmt::Display for Gate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.paragraph(), self.describe())
    }
}

/// What a record registered after the fact says about how it happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AfterTheFact {
    /// Who shared or received it.
    pub by: String,
    /// Who authorised it, if anyone did (as stated; not a recorded decision).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorised_by: Option<String>,
    /// Why it was informal or registered late.
    pub why: String,
    /// The gates it did not pass.
    pub skipped: Vec<Gate>,
    /// A receipt whose handling was over when it was registered: what was done with it, as
    /// recorded (it is closed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handled: Option<String>,
}

/// The gates a share made informally at `shared_at` did not pass. Every one of the G 8 steps
/// is named, since none was recorded; the Entity Assessment only when none was current then.
pub fn share_gates_skipped(entity: &Entity, view: &dyn RegistryView, shared_at: Time) -> Vec<Gate> {
    let mut gates = Vec::new();
    if entity.kind().is_non_un() {
        if guards::g8_1_4_sharing_assessment_current(entity, view, shared_at).is_err() {
            gates.push(Gate::EntityAssessment);
        }
        gates.push(Gate::RiskAssessment);
    } else {
        gates.push(Gate::UnRouting);
    }
    gates.push(Gate::Authorisation);
    gates.push(Gate::WrittenAcceptance);
    gates.push(Gate::TimelyRegistration);
    gates
}

/// The gates a product received and registered late did not pass; one already handled
/// (`handled`) passed none of the G 9 steps in the registry.
pub fn receipt_gates_skipped(
    capture: &ReceiptCapture,
    limit: chrono::Duration,
    recorded_at: Time,
    handled: bool,
) -> Vec<Gate> {
    let mut gates = vec![Gate::TimelyRegistration];
    if capture.imminent_threat && capture.received_at + limit < recorded_at {
        gates.push(Gate::UrgentTimeLimit);
    }
    if handled {
        gates.push(Gate::ReceiptScan);
        gates.push(Gate::Disposition);
    }
    gates
}

/// Figures for oversight: how many records were registered after the fact, and how often
/// each gate was skipped (voided records are not counted).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct AfterTheFactFigures {
    pub shares: u64,
    pub receipts: u64,
    /// By paragraph.
    pub gates_skipped: BTreeMap<&'static str, u64>,
}

impl AfterTheFactFigures {
    pub fn count(&mut self, record: &Record) {
        let (late, voided) = match record {
            Record::Share(s) => (s.after_the_fact.as_ref(), s.voided.is_some()),
            Record::Receipt(r) => (r.after_the_fact.as_ref(), r.voided.is_some()),
            _ => return,
        };
        let Some(late) = late.filter(|_| !voided) else {
            return;
        };
        match record {
            Record::Share(_) => self.shares += 1,
            _ => self.receipts += 1,
        }
        for g in &late.skipped {
            *self.gates_skipped.entry(g.paragraph()).or_default() += 1;
        }
    }
}

/// Counts the records registered after the fact among `records`.
pub fn after_the_fact_figures<'a>(
    records: impl IntoIterator<Item = &'a Record>,
) -> AfterTheFactFigures {
    let mut f = AfterTheFactFigures::default();
    for r in records {
        f.count(r);
    }
    f
}

impl IncomingReceipt {
    pub fn registered_after_the_fact(&self) -> bool {
        self.after_the_fact.is_some()
    }
}
