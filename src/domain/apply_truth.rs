//! How the events of a truthful register apply: registration after the fact, determinations,
//! amendments, voids, entity edits and merges (see `apply.rs` for the rest).

use super::after_the_fact::{AfterTheFact, receipt_gates_skipped, share_gates_skipped};
use super::apply::{ApplyError, EventContext, entity, invalid, receipt, share};
use super::change::Change;
use super::correction::{Void, amend_receipt, amend_share};
use super::determination::Determination;
use super::entity::{EntityEdit, changed_details};
use super::ids::RecordId;
use super::receipt::{IncomingReceipt, ReceiptState};
use super::receipt_scan::IntelligenceReceiptScan;
use super::record::Record;
use super::share::{OutgoingShare, ShareState};
use super::view::RegistryView;

pub(super) fn apply(
    view: &dyn RegistryView,
    id: &RecordId,
    change: &Change,
    cx: &EventContext,
) -> Result<Vec<Record>, ApplyError> {
    let limit = view.settings().urgent_receipt_limit();
    Ok(match change {
        Change::ShareRegisteredAfterTheFact {
            draft,
            shared_at,
            shared_by,
            authorised_by,
            why,
        } => {
            let e = entity(view, &draft.recipient)?;
            vec![Record::Share(OutgoingShare {
                id: id.clone(),
                draft: draft.clone(),
                state: ShareState::SharedAfterTheFact,
                drafted_by: cx.actor.to_string(),
                drafted_at: cx.at,
                deadline: None,
                sanitisation: None,
                risk_assessment: None,
                pre_authorisation: None,
                routing: None,
                decision: None,
                acceptance: None,
                shared_at: Some(*shared_at),
                withdrawn_because: None,
                after_the_fact: Some(AfterTheFact {
                    by: shared_by.clone(),
                    authorised_by: authorised_by.clone(),
                    why: why.clone(),
                    skipped: share_gates_skipped(&e, view, *shared_at),
                    handled: None,
                }),
                amendments: Vec::new(),
                voided: None,
                onward_requests: Vec::new(),
            })]
        }
        Change::ReceiptRegisteredAfterTheFact {
            capture,
            received_by,
            why,
            handled,
        } => {
            let mut r = new_receipt(id, capture, cx);
            r.deadline = r.urgent_deadline(limit);
            if handled.is_some() {
                r.state = ReceiptState::HandledBeforeRegistration;
            }
            r.after_the_fact = Some(AfterTheFact {
                by: received_by.clone(),
                authorised_by: None,
                why: why.clone(),
                skipped: receipt_gates_skipped(capture, limit, cx.at, handled.is_some()),
                handled: handled.clone(),
            });
            vec![Record::Receipt(r)]
        }
        Change::ThreatDetermined {
            imminent,
            at,
            reason,
        } => {
            let mut r = receipt(view, id)?;
            r.determinations.push(Determination {
                imminent: *imminent,
                at: *at,
                reason: reason.clone(),
                by: cx.actor.to_string(),
                recorded_at: cx.at,
                at_scan: false,
            });
            r.deadline = r.urgent_deadline(limit);
            vec![Record::Receipt(r)]
        }
        Change::ShareAmended { amendment, reason } => {
            let mut s = share(view, id)?;
            amend_share(&mut s, amendment, reason, cx.actor, cx.at);
            vec![Record::Share(s)]
        }
        Change::ReceiptAmended { amendment, reason } => {
            let mut r = receipt(view, id)?;
            amend_receipt(&mut r, amendment, reason, cx.actor, cx.at);
            vec![Record::Receipt(r)]
        }
        Change::ShareVoided { reason } => {
            let mut s = share(view, id)?;
            s.voided = Some(void(reason, cx));
            vec![Record::Share(s)]
        }
        Change::ReceiptVoided { reason } => {
            let mut r = receipt(view, id)?;
            r.voided = Some(void(reason, cx));
            vec![Record::Receipt(r)]
        }
        Change::EntityDetailsEdited { details, reason } => {
            let mut e = entity(view, id)?;
            let changed = changed_details(&e.details, details);
            let mut new = details.clone();
            // Exclusions are recorded by their own events; a confirmation holds only for the
            // standards that were confirmed.
            new.sub_components = e.details.sub_components.clone();
            if let (Some(h), Some(old)) =
                (&mut new.handling_standards, &e.details.handling_standards)
            {
                h.confirmed = if h.text == old.text {
                    old.confirmed.clone()
                } else {
                    None
                };
            }
            e.details = new;
            e.edits.push(EntityEdit {
                changed,
                reason: reason.clone(),
                by: cx.actor.to_string(),
                at: cx.at,
            });
            vec![Record::Entity(e)]
        }
        Change::EntitiesMerged { into, reason: _ } => {
            let mut dup = entity(view, id)?;
            let mut keep = entity(view, into)?;
            if dup.merged_into.is_some() || keep.merged_into.is_some() {
                return Err(invalid(id, "already merged"));
            }
            dup.merged_into = Some(into.clone());
            keep.merged_from.push(id.clone());
            keep.breaches.extend(dup.breaches.iter().cloned());
            keep.pre_authorisations
                .extend(dup.pre_authorisations.iter().cloned());
            if keep.sharing_assessment.is_none() {
                keep.sharing_assessment = dup.sharing_assessment.clone();
            }
            if keep.receipt_assessment.is_none() {
                keep.receipt_assessment = dup.receipt_assessment.clone();
            }
            vec![Record::Entity(dup), Record::Entity(keep)]
        }
        _ => return Err(invalid(id, "not an event of this kind")),
    })
}

fn void(reason: &str, cx: &EventContext) -> Void {
    Void {
        reason: reason.to_string(),
        by: cx.actor.to_string(),
        at: cx.at,
    }
}

/// A receipt as registered (normally or late).
pub(super) fn new_receipt(
    id: &RecordId,
    capture: &super::receipt::ReceiptCapture,
    cx: &EventContext,
) -> IncomingReceipt {
    IncomingReceipt {
        id: id.clone(),
        capture: capture.clone(),
        state: ReceiptState::Received,
        registered_by: cx.actor.to_string(),
        registered_at: cx.at,
        deadline: None,
        alerts: Vec::new(),
        scan: None,
        pre_authorisation: None,
        cleared: None,
        dissemination: None,
        rejection: None,
        onward_approvals: Vec::new(),
        determinations: Vec::new(),
        after_the_fact: None,
        amendments: Vec::new(),
        voided: None,
        follow_up: Default::default(),
    }
}

/// The scan's first question (Annex E: imminent threat?) answered "yes" on a receipt not
/// determined an imminent threat is that determination, made at the scan: the urgent clock
/// starts and the alerts are required. (A "no" against a "yes" determination is refused by
/// the guard: revising to "no" needs a reason, given in its own step.)
pub(super) fn scan_determines(
    view: &dyn RegistryView,
    r: &mut IncomingReceipt,
    scan: &IntelligenceReceiptScan,
    cx: &EventContext,
) {
    let yes = scan
        .answers
        .first()
        .is_some_and(crate::domain::answer::Answer::is_yes);
    if yes && !r.imminent_threat() {
        r.determinations.push(Determination {
            imminent: true,
            at: cx.at,
            reason: "answered yes in the Intelligence Receipt Scan (Annex E, question 1)".into(),
            by: cx.actor.to_string(),
            recorded_at: cx.at,
            at_scan: true,
        });
        r.deadline = r.urgent_deadline(view.settings().urgent_receipt_limit());
    }
}
