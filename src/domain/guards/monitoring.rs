//! Active monitoring (G 8.1.2.3, G 9.5.2): incidents recorded against an entity, and the
//! suspension of its assessments in force, which halts sharing to it and the clearance of
//! products from it until a review lifts the suspension or a new assessment takes over.

use super::truth::{not_in_future, usable_entity};
use super::{date, non_empty};
use crate::domain::change::Change;
use crate::domain::entity::Entity;
use crate::domain::ids::Time;
use crate::domain::monitoring::{AssessmentPart, suspension_in_force};
use crate::domain::refusal::{Guard, Refusal};
use crate::domain::role::Role;
use crate::domain::view::RegistryView;

/// Whether a change is one of active monitoring's (the entity guards leave it here).
pub fn is_monitoring(change: &Change) -> bool {
    matches!(
        change,
        Change::IncidentRecorded { .. }
            | Change::AssessmentsSuspended { .. }
            | Change::SuspensionReviewed { .. }
            | Change::TortureRefusalCommunicated { .. }
            | Change::RevisionRecorded { .. }
    )
}

pub fn entity_change(e: &Entity, change: &Change, view: &dyn RegistryView, now: Time) -> Guard {
    usable_entity(view, &e.id)?;
    match change {
        Change::IncidentRecorded { incident } => {
            non_empty(&incident.what, "G 8.1.2.3", "what happened")?;
            non_empty(
                &incident.source,
                "G 8.1.2.3",
                "where the mission learned of it",
            )?;
            not_in_future(incident.occurred_at, now, "G 8.1.2.3", "when it happened")
        }
        Change::AssessmentsSuspended { reason, incident } => {
            non_empty(reason, "G 8.1.2.3", "the reason for the suspension")?;
            if let Some(i) = incident
                && e.monitoring.incidents.get(*i).is_none()
            {
                return Err(Refusal::new(
                    "G 8.1.2.3",
                    format!("{} has no incident {}", e.name(), i + 1),
                ));
            }
            if e.sharing_assessment.is_none() && e.receipt_assessment.is_none() {
                return Err(Refusal::new(
                    "G 8.1.2.3",
                    format!(
                        "{} has no assessment in force to suspend: nothing is shared with it or cleared from it without one",
                        e.name()
                    ),
                ));
            }
            let suspended = |part| {
                let in_force = match part {
                    AssessmentPart::Sharing => e.sharing_assessment.is_some(),
                    AssessmentPart::Receipt => e.receipt_assessment.is_some(),
                };
                !in_force || suspension_in_force(e, part, now).is_some()
            };
            if suspended(AssessmentPart::Sharing) && suspended(AssessmentPart::Receipt) {
                return Err(Refusal::new(
                    "G 8.1.2.3",
                    format!(
                        "{}'s assessments in force are already suspended, pending review",
                        e.name()
                    ),
                ));
            }
            Ok(())
        }
        Change::SuspensionReviewed { index, finding, .. } => {
            let Some(s) = e.monitoring.suspensions.get(*index) else {
                return Err(Refusal::new(
                    "G 8.1.2.3",
                    format!("{} has no suspension {}", e.name(), index + 1),
                ));
            };
            if let Some(r) = &s.review {
                return Err(Refusal::new(
                    "G 8.1.2.3",
                    format!(
                        "the suspension of {} of {} was already reviewed ({} on {}): a confirmed suspension ends with a new assessment",
                        e.name(),
                        date(s.at),
                        r.outcome.key(),
                        date(r.at)
                    ),
                ));
            }
            non_empty(finding, "G 8.1.2.3", "the review's finding")
        }
        Change::TortureRefusalCommunicated { communication } => {
            super::entity_review::torture_refusal(e, communication, now)
        }
        Change::RevisionRecorded { revision } => super::entity_review::revision(e, revision, now),
        _ => Err(Refusal::new("registry", "not a monitoring change")),
    }
}

/// G 8.1.2.3 / G 9.5.2: no sharing to, and no clearance of products from, an entity whose
/// assessment in force is suspended.
pub fn not_suspended(entity: &Entity, part: AssessmentPart, now: Time) -> Guard {
    let Some(s) = suspension_in_force(entity, part, now) else {
        return Ok(());
    };
    let (paragraph, halted) = match part {
        AssessmentPart::Sharing => ("G 8.1.2.3", "sharing with"),
        AssessmentPart::Receipt => ("G 9.5.2", "clearance of products from"),
    };
    let assessment = s
        .assessment(part)
        .map(|a| a.to_string())
        .unwrap_or_default();
    let pending = if s.is_pending_review() {
        "pending its review"
    } else {
        "confirmed on review: a new assessment is needed"
    };
    Err(Refusal::new(
        paragraph,
        format!(
            "{halted} {} is halted: the {part} {assessment} was suspended on {} by {} ({}), {pending}",
            entity.name(),
            date(s.at),
            s.by,
            s.reason
        ),
    )
    .next(if s.is_pending_review() {
        Role::Imfp
    } else {
        Role::Analyst
    }))
}
