//! Incoming receipt (G 9) and its workflow state machine.

use super::attributed::Attributed;
use super::entity::Confirmation;
use super::ids::{RecordId, Time};
use super::marking::Marking;
use super::nature::Nature;
use super::receipt_scan::IntelligenceReceiptScan;
use super::role::Role;
use super::share::Channel;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Who must be alerted of an imminent-threat receipt (G 9.3) and of a PoC threat.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertRecipient {
    ForceCommander,
    PoliceCommissioner,
    ImFp,
    Dss,
    PocManager,
    HeadOfMission,
}

impl fmt::Display for AlertRecipient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AlertRecipient::ForceCommander => "Force Commander",
            AlertRecipient::PoliceCommissioner => "Police Commissioner",
            AlertRecipient::ImFp => "IM FP",
            AlertRecipient::Dss => "DSS",
            AlertRecipient::PocManager => "PoC manager",
            AlertRecipient::HeadOfMission => "Head of Mission",
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    pub to: AlertRecipient,
    pub by: String,
    pub at: Time,
}

/// What the receiving component registers when a product arrives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptCapture {
    pub title: String,
    pub reference: String,
    pub summary: String,
    /// The entity the product came from.
    pub source: RecordId,
    /// For a product passed on by a non-mission UN entity but originating from a non-UN
    /// entity (G 9.13): the originator, on whom the entity assessment is done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub originator: Option<RecordId>,
    pub received_at: Time,
    pub channel: Channel,
    pub marking: Marking,
    pub nature: Nature,
    /// G 9.1: determination that it concerns a clear and imminent threat.
    pub imminent_threat: bool,
    pub poc_threat: bool,
}

/// The dissemination decision of the competent authority (G 9.7, G 9.12).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dissemination {
    pub authority: Role,
    /// Who may see it, as free text: logs written before the list of people (kept as written;
    /// empty in every dissemination recorded since).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<String>,
    /// Who may see it, on need to know: registered users, each cleared for the product's
    /// marking when the decision was taken (G 9.7, P 11.3.3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<super::need_to_know::Listed>,
    /// The flag that travels with the product when red flags exist or the entity is
    /// untrustworthy (G 9.12).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flag: Option<String>,
    /// When it was disseminated, as stated; `None`: when it is recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disseminated_at: Option<Time>,
}

impl Dissemination {
    /// Who it was disseminated to, as recorded: the people listed, or the free text of an
    /// older log.
    pub fn to_whom(&self) -> Vec<String> {
        if self.people.is_empty() {
            self.recipients.clone()
        } else {
            self.people.iter().map(|p| p.to_string()).collect()
        }
    }

    /// Whether the person named `user` is on the list: a listed user, or (older logs) a
    /// free-text recipient that is exactly their name.
    pub fn lists(&self, user: &str) -> bool {
        self.people.iter().any(|p| p.user == user) || self.recipients.iter().any(|p| p == user)
    }
}

impl Attributed<Dissemination> {
    /// When the product was disseminated: as stated, or else when the decision was recorded.
    pub fn disseminated_at(&self) -> Time {
        self.value.disseminated_at.unwrap_or(self.at)
    }
}

/// Why a product was not accepted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    pub reason: String,
    /// G 9.9: real risk it was obtained by torture or other grave violations.
    pub grave_violations: bool,
    /// G 9.9: the Human Rights Component was informed (as a tick box in logs written before
    /// the notice below was recorded; true whenever a notice is).
    pub human_rights_informed: bool,
    /// G 9.9: to whom and when the Human Rights Component was informed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub human_rights_notice: Option<super::follow_up::HumanRightsNotice>,
}

/// The originator's written approval to share a received product onward (G 9.8).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnwardSharingApproval {
    pub to_entity: RecordId,
    /// Name and position at the originating entity.
    pub approved_by: String,
    pub document: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReceiptState {
    Received,
    Scanned,
    Cleared,
    Disseminated,
    Rejected,
    /// Handled before it was registered (a product carried over from an earlier register):
    /// closed, registered after the fact, out of the G 9 workflow.
    HandledBeforeRegistration,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReceiptTransition {
    Scan,
    Clear,
    Disseminate,
    Reject,
}

impl ReceiptState {
    /// Dispositioned: no longer waiting for a decision (urgent queue, G 9.2).
    pub fn is_dispositioned(self) -> bool {
        matches!(
            self,
            ReceiptState::Disseminated
                | ReceiptState::Rejected
                | ReceiptState::HandledBeforeRegistration
        )
    }

    /// `Received → Cleared` exists for products from a pre-authorised entity, which need no
    /// per-product scan (G 9.10).
    pub fn next(self, t: ReceiptTransition) -> Option<ReceiptState> {
        use ReceiptState as S;
        use ReceiptTransition as T;
        match (self, t) {
            (S::Received | S::Scanned, T::Scan) => Some(S::Scanned),
            (S::Received | S::Scanned, T::Clear) => Some(S::Cleared),
            (S::Cleared, T::Disseminate) => Some(S::Disseminated),
            (S::Received | S::Scanned | S::Cleared, T::Reject) => Some(S::Rejected),
            // Found tainted after dissemination (G 9.9): the guard admits only that.
            (S::Disseminated, T::Reject) => Some(S::Rejected),
            _ => None,
        }
    }
}

impl fmt::Display for ReceiptState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ReceiptState::Received => "received",
            ReceiptState::Scanned => "scanned",
            ReceiptState::Cleared => "cleared for mission consumption",
            ReceiptState::Disseminated => "disseminated",
            ReceiptState::Rejected => "rejected",
            ReceiptState::HandledBeforeRegistration => {
                "handled before registration — registered after the fact"
            }
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomingReceipt {
    pub id: RecordId,
    pub capture: ReceiptCapture,
    pub state: ReceiptState,
    pub registered_by: String,
    pub registered_at: Time,
    /// Imminent threats: received + the mission's time limit (G 9.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Time>,
    #[serde(default)]
    pub alerts: Vec<Alert>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scan: Option<Attributed<IntelligenceReceiptScan>>,
    /// Pre-authorised receipt list entry relied on instead of a per-product scan (G 9.10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pre_authorisation: Option<RecordId>,
    /// Cleared for mission consumption: by whom and when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cleared: Option<Confirmation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dissemination: Option<Attributed<Dissemination>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejection: Option<Attributed<Rejection>>,
    #[serde(default)]
    pub onward_approvals: Vec<Attributed<OnwardSharingApproval>>,
    /// Imminent-threat determinations made after registration (G 9.1), in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub determinations: Vec<super::determination::Determination>,
    /// Registered late (G 9.11): how, why, and the gates it did not pass.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_the_fact: Option<super::after_the_fact::AfterTheFact>,
    /// Corrections of descriptive fields, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub amendments: Vec<super::correction::Amendment>,
    /// Voided as registered in error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voided: Option<super::correction::Void>,
    /// The G 9.9 notice acknowledged, recipients to tell, actions taken (G C "Registers" a).
    #[serde(
        default,
        skip_serializing_if = "super::follow_up::ReceiptFollowUp::is_empty"
    )]
    pub follow_up: super::follow_up::ReceiptFollowUp,
}

impl IncomingReceipt {
    /// When it was dispositioned (disseminated as stated, or rejected), if it was.
    pub fn dispositioned_at(&self) -> Option<Time> {
        self.dissemination
            .as_ref()
            .map(|d| d.disseminated_at())
            .or_else(|| self.rejection.as_ref().map(|j| j.at))
    }

    /// The entity whose assessment governs this product (G 9.13).
    pub fn assessed_entity(&self) -> &RecordId {
        self.capture
            .originator
            .as_ref()
            .unwrap_or(&self.capture.source)
    }

    /// G 9.3: the alerts an imminent-threat receipt requires that are not yet recorded.
    pub fn missing_alerts(&self) -> Vec<&'static str> {
        if !self.imminent_threat() {
            return Vec::new();
        }
        let has = |r: AlertRecipient| self.alerts.iter().any(|a| a.to == r);
        let mut missing = Vec::new();
        if !has(AlertRecipient::ForceCommander) && !has(AlertRecipient::PoliceCommissioner) {
            missing.push("Force Commander and/or Police Commissioner");
        }
        if !has(AlertRecipient::ImFp) {
            missing.push("IM FP");
        }
        if !has(AlertRecipient::Dss) {
            missing.push("DSS");
        }
        if self.capture.poc_threat && !has(AlertRecipient::PocManager) {
            missing.push("PoC manager");
        }
        missing
    }
}
