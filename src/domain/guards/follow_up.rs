//! G 9.9 and G 9.13 after disposition: a product obtained through grave violations is
//! rejected with the Human Rights Component informed (to whom, when) — even after it was
//! disseminated, when it is found tainted only then — and the component acknowledges the
//! notice; what the mission did with a product is recorded with what corroborated it.

use super::non_empty;
use super::truth::{in_order, not_in_future, show};
use crate::domain::change::Change;
use crate::domain::ids::Time;
use crate::domain::receipt::{IncomingReceipt, ReceiptState, Rejection};
use crate::domain::refusal::{Guard, Refusal};
use crate::domain::role::Role;

/// Whether a change is a receipt follow-up (the receipt guards leave it here).
pub fn is_follow_up(change: &Change) -> bool {
    matches!(
        change,
        Change::HumanRightsNoticeAcknowledged { .. } | Change::ActionRecorded { .. }
    )
}

/// G 9.9: the rejection of a product obtained through grave violations records to whom and
/// when the Human Rights Component was informed; after dissemination, only such a product is
/// rejected (it is withdrawn from use, and its recipients are told).
pub fn g9_9_rejection(r: &IncomingReceipt, rejection: &Rejection, now: Time) -> Guard {
    if r.state == ReceiptState::Disseminated && !rejection.grave_violations {
        return Err(Refusal::new(
            "G 9.9",
            format!(
                "{} was disseminated: it is rejected afterwards only when found obtained through torture or other grave violations",
                r.id
            ),
        ));
    }
    if !rejection.grave_violations {
        return Ok(());
    }
    let Some(notice) = &rejection.human_rights_notice else {
        return Err(Refusal::new(
            "G 9.9",
            "the Human Rights Component must be informed immediately of a product obtained through grave violations: record to whom and when",
        )
        .next(Role::Analyst));
    };
    non_empty(
        &notice.to,
        "G 9.9",
        "who at the Human Rights Component was informed",
    )?;
    not_in_future(
        notice.at,
        now,
        "G 9.9",
        "when the Human Rights Component was informed",
    )?;
    in_order(r.capture.received_at, notice.at, "G 9.9", || {
        format!(
            "the Human Rights Component informed at {} cannot precede the receipt ({})",
            show(notice.at),
            show(r.capture.received_at)
        )
    })
}

pub fn receipt_follow_up(r: &IncomingReceipt, change: &Change) -> Guard {
    match change {
        Change::HumanRightsNoticeAcknowledged { response } => {
            let notified = r
                .rejection
                .as_ref()
                .is_some_and(|j| j.human_rights_notice.is_some());
            if !notified {
                return Err(Refusal::new(
                    "G 9.9",
                    format!(
                        "{}: no notice to the Human Rights Component to acknowledge",
                        r.id
                    ),
                ));
            }
            if let Some(a) = &r.follow_up.notice_acknowledged {
                return Err(Refusal::new(
                    "G 9.9",
                    format!("{}: the notice was acknowledged by {} already", r.id, a.by),
                ));
            }
            non_empty(response, "G 9.9", "what the Human Rights Component does")
        }
        Change::ActionRecorded { action } => {
            if !matches!(r.state, ReceiptState::Cleared | ReceiptState::Disseminated) {
                return Err(Refusal::new(
                    "G 9.7",
                    format!(
                        "{} is {}: only a product cleared for mission consumption is acted on",
                        r.id, r.state
                    ),
                ));
            }
            non_empty(&action.action, "G C Registers", "the action taken")?;
            if action.corroborated_by.trim().is_empty() {
                return Err(Refusal::new(
                    "G 9.13",
                    format!(
                        "received intelligence is never the sole determining source for an action: name what corroborated {}",
                        r.id
                    ),
                ));
            }
            Ok(())
        }
        _ => Err(Refusal::new("registry", "not a follow-up of a receipt")),
    }
}

/// The refusal naming why a rejected product is not used, and what is refused.
pub fn withdrawn_refusal(r: &IncomingReceipt, refused: &str) -> Refusal {
    let grave = r.rejection.as_ref().is_some_and(|j| j.grave_violations);
    let why = match (r.follow_up.rejected_after_dissemination, grave) {
        (true, _) => {
            "was found obtained through torture or other grave violations after its dissemination and is withdrawn from use"
        }
        (false, true) => "was rejected as obtained through torture or other grave violations",
        (false, false) => "was not accepted by the mission",
    };
    Refusal::new("G 9.9", format!("{} {why}: {refused}", r.id))
}
