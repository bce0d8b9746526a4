//! How the events of active monitoring apply to an entity (see `monitoring.rs`).

use super::apply::{ApplyError, EventContext, entity, invalid};
use super::attributed::Attributed;
use super::change::Change;
use super::ids::RecordId;
use super::monitoring::{Suspension, SuspensionReview};
use super::record::Record;
use super::view::RegistryView;

pub(super) fn apply(
    view: &dyn RegistryView,
    id: &RecordId,
    change: &Change,
    cx: &EventContext,
) -> Result<Vec<Record>, ApplyError> {
    let mut e = entity(view, id)?;
    match change {
        Change::IncidentRecorded { incident } => {
            e.monitoring
                .incidents
                .push(Attributed::new(incident.clone(), cx.actor, cx.at));
        }
        Change::AssessmentsSuspended { reason, incident } => {
            let suspension = Suspension {
                reason: reason.clone(),
                incident: *incident,
                sharing: e.sharing_assessment.clone(),
                receipt: e.receipt_assessment.clone(),
                by: cx.actor.to_string(),
                at: cx.at,
                review: None,
            };
            e.monitoring.suspensions.push(suspension);
        }
        Change::SuspensionReviewed {
            index,
            outcome,
            finding,
        } => {
            let s = e
                .monitoring
                .suspensions
                .get_mut(*index)
                .ok_or_else(|| invalid(id, "no such suspension"))?;
            s.review = Some(Attributed::new(
                SuspensionReview {
                    outcome: *outcome,
                    finding: finding.clone(),
                },
                cx.actor,
                cx.at,
            ));
        }
        Change::TortureRefusalCommunicated { communication } => {
            e.monitoring.torture_refusal.push(Attributed::new(
                communication.clone(),
                cx.actor,
                cx.at,
            ));
        }
        Change::RevisionRecorded { revision } => {
            e.monitoring
                .revisions
                .push(Attributed::new(revision.clone(), cx.actor, cx.at));
        }
        _ => return Err(invalid(id, "not a monitoring change")),
    }
    Ok(vec![Record::Entity(e)])
}

/// The follow-up of a received product: the G 9.9 notice acknowledged, an action taken.
pub(super) fn receipt_follow_up(
    view: &dyn RegistryView,
    id: &RecordId,
    change: &Change,
    cx: &EventContext,
) -> Result<Vec<Record>, ApplyError> {
    let mut r = super::apply::receipt(view, id)?;
    match change {
        Change::HumanRightsNoticeAcknowledged { response } => {
            r.follow_up.notice_acknowledged =
                Some(Attributed::new(response.clone(), cx.actor, cx.at));
        }
        Change::ActionRecorded { action } => {
            r.follow_up
                .actions
                .push(Attributed::new(action.clone(), cx.actor, cx.at));
        }
        _ => return Err(invalid(id, "not a follow-up of a receipt")),
    }
    Ok(vec![Record::Receipt(r)])
}
