//! The imminent-threat determination (G 9.1–9.3) as its own step: made at registration, at
//! the scan, or at any time before disposition, and revised with a reason. The latest
//! determination decides whether the urgent clock runs and the G 9.3 alerts are required.

use super::ids::Time;
use super::receipt::IncomingReceipt;
use serde::{Deserialize, Serialize};

/// One determination after registration (the one made at registration is the capture's
/// `imminent_threat`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Determination {
    pub imminent: bool,
    /// When the determination was made, as the person states it.
    pub at: Time,
    /// Why (required to revise a "yes" to "no").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    /// Who recorded it, and when it was recorded.
    pub by: String,
    pub recorded_at: Time,
    /// Made by answering the Intelligence Receipt Scan's first question (Annex E).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub at_scan: bool,
}

impl IncomingReceipt {
    /// G 9.1: whether the receipt is determined to concern a clear and imminent threat now.
    pub fn imminent_threat(&self) -> bool {
        self.determinations
            .last()
            .map_or(self.capture.imminent_threat, |d| d.imminent)
    }

    /// G 9.2: when the time limit started, if the receipt is an imminent threat now: when it
    /// was received if it was determined an imminent threat at registration, or else the first
    /// "yes" determination. Revising a "yes" to "no" and back does not start it again: the
    /// priority G 9.2 asks for began when the threat was first determined imminent, and the
    /// timeliness oversight reads (G H, P 9.7) cannot be reset by two revisions.
    pub fn urgent_clock_start(&self) -> Option<Time> {
        if !self.imminent_threat() {
            return None;
        }
        if self.capture.imminent_threat {
            return Some(self.capture.received_at);
        }
        self.determinations
            .iter()
            .find(|d| d.imminent)
            .map(|d| d.at.max(self.capture.received_at))
    }

    /// G 9.2: the deadline, [`Self::urgent_clock_start`] plus the mission's limit.
    pub fn urgent_deadline(&self, limit: chrono::Duration) -> Option<Time> {
        self.urgent_clock_start().map(|start| start + limit)
    }
}
