//! Active monitoring of an entity (G 8.1.2.3, G 9.5.2): incidents and developments recorded
//! against it, and the suspension of its assessments in force pending a review that lifts or
//! confirms it.

use super::attributed::Attributed;
use super::entity::Entity;
use super::ids::{RecordId, Time};
use serde::{Deserialize, Serialize};
use std::fmt;

/// An incident or development concerning an entity: what, when it happened as stated, and
/// where the mission learned of it. Who recorded it and when come from the event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incident {
    pub what: String,
    /// When it happened, as stated.
    pub occurred_at: Time,
    /// Where the mission learned of it (a report, a monitoring visit, the press).
    pub source: String,
}

/// Which of an entity's assessments a rule reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentPart {
    /// The Entity Assessment for Sharing (G 8.1.2): sharing to the entity.
    Sharing,
    /// The Entity Assessment for Receipt (G 9.5): clearance of products from the entity.
    Receipt,
}

impl fmt::Display for AssessmentPart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AssessmentPart::Sharing => "Entity Assessment for Sharing",
            AssessmentPart::Receipt => "Entity Assessment for Receipt",
        })
    }
}

/// What the review of a suspension decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SuspensionOutcome {
    /// The suspension is lifted: the assessments are in force again.
    Lifted,
    /// The suspension is confirmed: the suspended assessments stay out of force; sharing and
    /// clearance resume only with new assessments.
    Confirmed,
}

impl SuspensionOutcome {
    pub const ALL: [SuspensionOutcome; 2] =
        [SuspensionOutcome::Lifted, SuspensionOutcome::Confirmed];

    pub fn key(self) -> &'static str {
        match self {
            SuspensionOutcome::Lifted => "lifted",
            SuspensionOutcome::Confirmed => "confirmed",
        }
    }

    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.key() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuspensionReview {
    pub outcome: SuspensionOutcome,
    pub finding: String,
}

/// The suspension of the assessments in force for an entity, at once (G 8.1.2.3, G 9.5.2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suspension {
    pub reason: String,
    /// The incident (index in `Monitoring::incidents`) it answers, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incident: Option<usize>,
    /// The Entity Assessment for Sharing in force when suspended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sharing: Option<RecordId>,
    /// The Entity Assessment for Receipt in force when suspended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<RecordId>,
    pub by: String,
    pub at: Time,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Attributed<SuspensionReview>>,
}

impl Suspension {
    /// The assessment of `part` this suspension took out of force.
    pub fn assessment(&self, part: AssessmentPart) -> Option<&RecordId> {
        match part {
            AssessmentPart::Sharing => self.sharing.as_ref(),
            AssessmentPart::Receipt => self.receipt.as_ref(),
        }
    }

    /// Lifted by its review at or before `now`.
    pub fn lifted_by(&self, now: Time) -> bool {
        self.review
            .as_ref()
            .is_some_and(|r| r.outcome == SuspensionOutcome::Lifted && r.at <= now)
    }

    pub fn is_pending_review(&self) -> bool {
        self.review.is_none()
    }
}

/// What the registry knows from monitoring an entity.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Monitoring {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub incidents: Vec<Attributed<Incident>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suspensions: Vec<Suspension>,
    /// The HoM's formal communications that the UN will not receive intelligence obtained
    /// under torture or grave violations (G 9.9), in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub torture_refusal: Vec<Attributed<super::entity_review::TortureRefusalCommunication>>,
    /// Periodic revisions of the entity, in order (G 9.13, G C "Registers" d).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revisions: Vec<Attributed<super::entity_review::RevisionFinding>>,
}

impl Monitoring {
    pub fn is_empty(&self) -> bool {
        self == &Monitoring::default()
    }
}

/// The suspension holding `part` of `entity`'s assessments out of force at `now`: recorded
/// by then, not lifted by then, and the assessment it suspended is still the one in force (a
/// new assessment completed since takes over, as after any review).
pub fn suspension_in_force(
    entity: &Entity,
    part: AssessmentPart,
    now: Time,
) -> Option<&Suspension> {
    let in_force = match part {
        AssessmentPart::Sharing => entity.sharing_assessment.as_ref(),
        AssessmentPart::Receipt => entity.receipt_assessment.as_ref(),
    }?;
    entity
        .monitoring
        .suspensions
        .iter()
        .rev()
        .find(|s| s.at <= now && !s.lifted_by(now) && s.assessment(part) == Some(in_force))
}

/// The first suspension of `entity` recorded after `t` (a pre-authorised entry or an
/// authorisation given before it no longer stands on the assessment it relied on).
pub fn suspended_after(entity: &Entity, t: Time) -> Option<&Suspension> {
    entity.monitoring.suspensions.iter().find(|s| s.at > t)
}

/// The suspension of `entity` awaiting its review, if any (it waits in the IM FP's queue).
pub fn suspension_awaiting_review(entity: &Entity) -> Option<&Suspension> {
    entity
        .monitoring
        .suspensions
        .iter()
        .find(|s| s.is_pending_review())
}
