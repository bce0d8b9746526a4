//! What follows a received product's disposition: the Human Rights Component informed of a
//! product obtained through grave violations (G 9.9) and its acknowledgement, the recipients
//! to tell when a product is found tainted after dissemination, and what the mission did with
//! the product and what corroborated it (G C "Registers" a, G 9.13).

use super::attributed::Attributed;
use super::ids::Time;
use serde::{Deserialize, Serialize};

/// G 9.9: the Human Rights Component informed — to whom, when (who informed: the event's
/// actor). A recorded notification, not a tick box.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HumanRightsNotice {
    /// The officer or office informed.
    pub to: String,
    /// When, as stated.
    pub at: Time,
}

/// What the mission did with a received product, and what corroborated it: received
/// intelligence is never the sole determining source for an action or decision (G 9.13).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionTaken {
    pub action: String,
    /// The other intelligence, PKI or information it was used with.
    pub corroborated_by: String,
}

/// The receipt's follow-up, derived from its events.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptFollowUp {
    /// A Human Rights officer acknowledged the G 9.9 notice, with what the component does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice_acknowledged: Option<Attributed<String>>,
    /// Rejected after dissemination (found tainted): the people it was disseminated to, who
    /// are to be told it is withdrawn from use.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub to_tell: Vec<String>,
    /// Rejected after it was disseminated (G 9.9 after the fact).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub rejected_after_dissemination: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Attributed<ActionTaken>>,
}

impl ReceiptFollowUp {
    pub fn is_empty(&self) -> bool {
        self == &ReceiptFollowUp::default()
    }
}

/// The G 9.9 notice of a rejected product that a Human Rights officer has not acknowledged
/// yet (it waits in their queue).
pub fn notice_awaiting(r: &super::receipt::IncomingReceipt) -> Option<&HumanRightsNotice> {
    if r.follow_up.notice_acknowledged.is_some() {
        return None;
    }
    r.rejection.as_ref()?.human_rights_notice.as_ref()
}
