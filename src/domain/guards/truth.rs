//! Guards of a truthful register (G C "Registers", G 8.1.9, G 9.1, G 9.11): stated times,
//! registration after the fact, determinations, amendments, voids, entity edits and merges.

use super::text_limits::{REFERENCE_MAX, SUMMARY_MAX, TITLE_MAX, at_most};
use super::{entity_of, non_empty};
use crate::domain::change::Change;
use crate::domain::correction::AmendedField;
use crate::domain::entity::Entity;
use crate::domain::ids::{RecordId, Time};
use crate::domain::receipt::{IncomingReceipt, ReceiptCapture};
use crate::domain::refusal::{Guard, Refusal};
use crate::domain::share::{OutgoingShare, ShareDraft};
use crate::domain::view::RegistryView;

/// Clocks of different machines differ a little; a stated time up to this far ahead passes.
const SKEW_MINUTES: i64 = 5;

/// G C Registers: a time a person states is not in the future.
pub fn not_in_future(at: Time, now: Time, paragraph: &'static str, what: &str) -> Guard {
    if at > now + chrono::Duration::minutes(SKEW_MINUTES) {
        Err(Refusal::new(
            paragraph,
            format!("{what} ({}) is in the future", show(at)),
        ))
    } else {
        Ok(())
    }
}

/// `later` does not precede `earlier` (the order the Guidelines imply: shared ≥ accepted ≥
/// authorised ≥ drafted; an alert or a determination not before the receipt).
pub fn in_order(
    earlier: Time,
    later: Time,
    paragraph: &'static str,
    what: impl FnOnce() -> String,
) -> Guard {
    if later < earlier {
        Err(Refusal::new(paragraph, what()))
    } else {
        Ok(())
    }
}

/// G 9.11: a product is registered when it comes in. One received longer ago than the
/// mission's `ordinary_limit` (`MissionSettings::registered_late_after`, a shift by default)
/// and registered as if it had just come in would stand in the register as registered on
/// time; it is registered as registered late instead, saying who received it and why, so the
/// record and the oversight figures say it was not registered when it happened — and an
/// imminent threat at most the mission's G 9.2 time limit (`urgent_limit`) before: one whose
/// whole window passed before anyone registered it is the case that most needs who took it
/// and why it was late.
pub fn registered_when_received(
    capture: &ReceiptCapture,
    ordinary_limit: chrono::Duration,
    urgent_limit: chrono::Duration,
    now: Time,
) -> Guard {
    let received_at = capture.received_at;
    let gap = now - received_at;
    if capture.imminent_threat && gap > urgent_limit {
        return Err(Refusal::new(
            "G 9.11",
            format!(
                "an imminent threat received {} before it is registered ({}), past the mission's G 9.2 time limit of {} minutes: register it as registered late, saying who received it and why it is registered late, so the register does not show it as registered on time",
                ago(gap),
                show(received_at),
                urgent_limit.num_minutes()
            ),
        ));
    }
    if gap <= ordinary_limit {
        return Ok(());
    }
    Err(Refusal::new(
        "G 9.11",
        format!(
            "it was received {} before it is registered ({}), more than the mission's {} hours: register it as registered late, saying who received it and why it is registered late, so the register does not show it as registered on time",
            ago(gap),
            show(received_at),
            ordinary_limit.num_hours()
        ),
    ))
}

fn ago(gap: chrono::Duration) -> String {
    let hours = gap.num_hours();
    if hours >= 48 {
        format!("{} days", hours / 24)
    } else if hours >= 2 {
        format!("{hours} hours")
    } else {
        format!("{} minutes", gap.num_minutes())
    }
}

pub(crate) fn show(t: Time) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// G 8.1.9: a share made verbally or informally is registered all the same, truthfully.
pub fn share_after_the_fact(
    draft: &ShareDraft,
    shared_at: Time,
    shared_by: &str,
    why: &str,
    view: &dyn RegistryView,
    now: Time,
) -> Guard {
    usable_entity(view, &draft.recipient)?;
    super::text_limits::product_text(
        &draft.product.title,
        &draft.product.reference,
        &draft.product.summary,
    )?;
    non_empty(shared_by, "G 8.1.9", "who shared it")?;
    non_empty(why, "G 8.1.9", "why it was shared informally")?;
    not_in_future(shared_at, now, "G 8.1.9", "the time it was shared")
}

/// G 9.11: a product received earlier and registered late.
pub fn receipt_after_the_fact(received_by: &str, why: &str, handled: Option<&str>) -> Guard {
    non_empty(received_by, "G 9.11", "who received it")?;
    non_empty(why, "G 9.11", "why it is registered late")?;
    match handled {
        Some(h) => non_empty(
            h,
            "G 9.11",
            "what was done with it (it is registered closed)",
        ),
        None => Ok(()),
    }
}

/// An entity that exists and has not been merged into another.
pub fn usable_entity(view: &dyn RegistryView, id: &RecordId) -> Result<Entity, Refusal> {
    match view.record(id) {
        Some(crate::domain::record::Record::Entity(e)) => match &e.merged_into {
            Some(into) => Err(Refusal::new(
                "G C Registers",
                format!("{id} was merged into {into}: use {into}"),
            )),
            None => Ok(e),
        },
        _ => Err(Refusal::new("registry", format!("no entity {id}"))),
    }
}

/// A voided record no longer changes.
pub fn not_voided(id: &RecordId, voided: bool) -> Guard {
    if voided {
        Err(Refusal::new(
            "G C Registers",
            format!("{id} was voided as registered in error: it no longer changes"),
        ))
    } else {
        Ok(())
    }
}

/// G 9.1: the determination is made, or revised, before disposition; a "no" after a "yes"
/// says why.
pub fn threat_determined(
    r: &IncomingReceipt,
    imminent: bool,
    at: Time,
    reason: &str,
    now: Time,
) -> Guard {
    if r.state.is_dispositioned() {
        return Err(Refusal::new(
            "G 9.1",
            format!(
                "{} is {}: the determination is made before disposition",
                r.id, r.state
            ),
        ));
    }
    not_in_future(at, now, "G 9.1", "the time of the determination")?;
    in_order(r.capture.received_at, at, "G 9.1", || {
        format!(
            "the determination ({}) cannot precede the receipt ({})",
            show(at),
            show(r.capture.received_at)
        )
    })?;
    if let Some(last) = r.determinations.last() {
        in_order(last.at, at, "G 9.1", || {
            format!(
                "the determination ({}) cannot precede the previous one ({})",
                show(at),
                show(last.at)
            )
        })?;
    }
    if r.imminent_threat() == imminent {
        return Err(Refusal::new(
            "G 9.1",
            format!(
                "{} is already determined {}",
                r.id,
                if imminent {
                    "an imminent threat"
                } else {
                    "not an imminent threat"
                }
            ),
        ));
    }
    if !imminent {
        non_empty(
            reason,
            "G 9.1",
            "the reason for revising the determination to \"no\"",
        )?;
    }
    Ok(())
}

/// G C Registers: an amendment changes something, says why, and never changes what a closed
/// record's decisions rested on.
pub fn amended(
    id: &RecordId,
    field: &AmendedField,
    reason: &str,
    closed: bool,
    is_receipt: bool,
    view: &dyn RegistryView,
) -> Guard {
    non_empty(reason, "G C Registers", "the reason for the amendment")?;
    match field {
        AmendedField::Title(t) => {
            at_most(t, TITLE_MAX, "G C Registers", "the product's title")?;
            non_empty(t, "G C Registers", "the product's title")?
        }
        AmendedField::Reference(t) => {
            at_most(t, REFERENCE_MAX, "G C Registers", "the product's reference")?;
            non_empty(t, "G C Registers", "the product's reference")?
        }
        AmendedField::Summary(t) => {
            at_most(t, SUMMARY_MAX, "G C Registers", "the product's summary")?
        }
        AmendedField::Entity(e) => {
            if !is_receipt {
                return Err(Refusal::new(
                    "G 8.1",
                    format!(
                        "the recipient of {id} is what was assessed and decided: withdraw or void it and draft again"
                    ),
                ));
            }
            usable_entity(view, e)?;
        }
        AmendedField::Marking(_) | AmendedField::Nature(_) => {}
    }
    if closed && field.decisions_rest_on_it() {
        return Err(Refusal::new(
            "G C Registers",
            format!(
                "{id} is closed and its decisions rested on its {}: void it and register it again, or report a breach",
                field.name()
            ),
        ));
    }
    Ok(())
}

pub fn share_correction(s: &OutgoingShare, change: &Change, view: &dyn RegistryView) -> Guard {
    match change {
        Change::ShareAmended { amendment, reason } => {
            unchanged_refused(&s.id, amendment, |f| share_value(s, f))?;
            amended(&s.id, amendment, reason, s.state.is_closed(), false, view)
        }
        Change::ShareVoided { reason } => non_empty(reason, "G C Registers", "the reason"),
        _ => Err(Refusal::new("registry", "not a correction")),
    }
}

pub fn receipt_change(
    r: &IncomingReceipt,
    change: &Change,
    view: &dyn RegistryView,
    now: Time,
) -> Guard {
    match change {
        Change::ReceiptAmended { amendment, reason } => {
            unchanged_refused(&r.id, amendment, |f| receipt_value(r, f))?;
            amended(
                &r.id,
                amendment,
                reason,
                r.state.is_dispositioned(),
                true,
                view,
            )
        }
        Change::ReceiptVoided { reason } => non_empty(reason, "G C Registers", "the reason"),
        Change::ThreatDetermined {
            imminent,
            at,
            reason,
        } => threat_determined(r, *imminent, *at, reason, now),
        _ => Err(Refusal::new("registry", "not a change to a receipt")),
    }
}

fn unchanged_refused(
    id: &RecordId,
    field: &AmendedField,
    current: impl FnOnce(&AmendedField) -> AmendedField,
) -> Guard {
    if &current(field) == field {
        Err(Refusal::new(
            "G C Registers",
            format!("the {} of {id} is already that", field.name()),
        ))
    } else {
        Ok(())
    }
}

fn share_value(s: &OutgoingShare, f: &AmendedField) -> AmendedField {
    let p = &s.draft.product;
    match f {
        AmendedField::Title(_) => AmendedField::Title(p.title.clone()),
        AmendedField::Reference(_) => AmendedField::Reference(p.reference.clone()),
        AmendedField::Summary(_) => AmendedField::Summary(p.summary.clone()),
        AmendedField::Entity(_) => AmendedField::Entity(s.draft.recipient.clone()),
        AmendedField::Marking(_) => AmendedField::Marking(p.marking.clone()),
        AmendedField::Nature(_) => AmendedField::Nature(p.nature),
    }
}

fn receipt_value(r: &IncomingReceipt, f: &AmendedField) -> AmendedField {
    let c = &r.capture;
    match f {
        AmendedField::Title(_) => AmendedField::Title(c.title.clone()),
        AmendedField::Reference(_) => AmendedField::Reference(c.reference.clone()),
        AmendedField::Summary(_) => AmendedField::Summary(c.summary.clone()),
        AmendedField::Entity(_) => AmendedField::Entity(c.source.clone()),
        AmendedField::Marking(_) => AmendedField::Marking(c.marking.clone()),
        AmendedField::Nature(_) => AmendedField::Nature(c.nature),
    }
}

pub fn entity_change(e: &Entity, change: &Change, view: &dyn RegistryView) -> Guard {
    if e.merged_into.is_some() {
        return Err(Refusal::new(
            "G C Registers",
            format!(
                "{} was merged into another entity: it no longer changes",
                e.id
            ),
        ));
    }
    match change {
        Change::EntityDetailsEdited { details, reason } => {
            non_empty(reason, "G C Registers", "the reason for the edit")?;
            super::entities::entity_registered(details)?;
            if crate::domain::entity::changed_details(&e.details, details).is_empty() {
                return Err(Refusal::new(
                    "G C Registers",
                    format!("the details of {} are already these", e.id),
                ));
            }
            Ok(())
        }
        Change::EntitiesMerged { into, reason } => {
            non_empty(reason, "G C Registers", "the reason for the merge")?;
            if into == &e.id {
                return Err(Refusal::new(
                    "G C Registers",
                    "an entity cannot be merged into itself",
                ));
            }
            let keep = usable_entity(view, into)?;
            entity_of(view, into)?;
            if keep.kind() != e.kind() {
                return Err(Refusal::new(
                    "G 8.1.2",
                    format!(
                        "{} is a {} and {} a {}: edit the kind first if they are the same entity",
                        e.name(),
                        e.kind(),
                        keep.name(),
                        keep.kind()
                    ),
                ));
            }
            Ok(())
        }
        _ => Err(Refusal::new("registry", "not an entity change")),
    }
}
