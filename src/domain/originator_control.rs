//! Originator control both ways (G 8.1.5; issue 9): mission PKI shared with an entity is not
//! passed on without the mission's consent. The entity's request to pass it onward, and the
//! competent authority's written approval or refusal, are recorded against the share. (The
//! other direction, G 9.8, is the originator's approval of received intelligence.)

use super::attributed::Attributed;
use super::ids::Time;
use super::role::Role;
use serde::{Deserialize, Serialize};

/// The entity's request to pass the shared product onward.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnwardRequest {
    /// To whom the entity would pass it.
    pub to_whom: String,
    /// Why, as the entity says.
    pub purpose: String,
    /// The entity's written request (its reference), or how it was made.
    pub reference: String,
    /// When the entity asked, as stated.
    pub requested_at: Time,
}

/// The competent authority's written answer to a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnwardAnswer {
    pub approved: bool,
    /// The role in which the person answered: the authority that decides to share the product
    /// under the delegation matrix, or the Head of Mission.
    pub authority: Role,
    /// The written approval or refusal (its reference).
    pub reference: String,
    /// Conditions of an approval, or the reason of a refusal.
    pub terms: String,
}

/// A request and its answer, once given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnwardControl {
    pub request: Attributed<OnwardRequest>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<Attributed<OnwardAnswer>>,
}

/// The first request of a share still waiting for the mission's written answer (G 8.1.5),
/// with its index: it sits in the pending queue for the competent authority until answered.
pub fn unanswered(s: &super::share::OutgoingShare) -> Option<(usize, &OnwardControl)> {
    if s.voided.is_some() {
        return None;
    }
    s.onward_requests
        .iter()
        .enumerate()
        .find(|(_, c)| c.answer.is_none())
}
