//! A share that already happened verbally or informally, registered after the fact (G 8.1.9):
//! who shared it, when, with whom, what, by what channel, who authorised it if anyone, and why
//! it was informal. It never passes for a gated share: the gates it skipped are named on it.

use super::field::{Choice, Field, Key, Text, Toggle};
use super::keys::{CHANNEL, MARKING, NATURE};
use super::record_choice::{Entity, IdOf};
use super::{Form, FormContext, FormKind, Step, StepTarget, Submit};
use crate::domain::change::Change;
use crate::domain::ids::{RecordId, Time};
use crate::domain::marking::{Classification, Marking};
use crate::domain::share::{Extent, Product, ShareDraft};

/// G 8.1.9: who shared what with whom, when, and why informally.
const RECIPIENT: Key<IdOf<Entity>> = Key::new("recipient");
const SHARED_AT: Key<Time> = Key::new("shared_at");
const SHARED_BY: Key<Text> = Key::new("shared_by");
const TITLE: Key<Text> = Key::new("title");
const REFERENCE: Key<Text> = Key::new("reference");
const SUMMARY: Key<Text> = Key::new("summary");
const POC: Key<Toggle> = Key::new("poc");
const AUTHORISED_BY: Key<Text> = Key::new("authorised_by");
const WHY: Key<Text> = Key::new("why");
/// G 8.1.3.2.
const ACQUIRING_OFFICE: Key<Text> = Key::new("acquiring_office");

pub fn open(target: Option<RecordId>, cx: FormContext) -> Form {
    let now = cx.now;
    let mut recipients = super::inline_entity::choice(&cx, false, false);
    if let Some(e) = &cx.entity {
        recipients = recipients.with(e.id.as_str());
    }
    let me = cx
        .actor
        .as_ref()
        .map(|a| a.name.clone())
        .unwrap_or_default();
    Form::new(
        FormKind::ShareAfterTheFact,
        target,
        "Register a share made informally (after the fact)",
        "G 8.1.9",
        cx,
    )
    .note("A share already made verbally or informally is reported and registered as it happened.")
    .note("It is marked as registered after the fact; the gates it did not pass are named on it.")
    .field(Field::choice(RECIPIENT, "Shared with (entity)", recipients).hint("type to find"))
    .field(
        Field::time(SHARED_AT, "When it was shared (UTC)", now)
            .hint("-2h, HH:MM (last 24 h) or YYYY-MM-DD HH:MM"),
    )
    .field(Field::line(SHARED_BY, "Who shared it", &me))
    .field(Field::line(TITLE, "What was passed (title)", ""))
    .field(Field::line(REFERENCE, "Reference", ""))
    .field(Field::text(SUMMARY, "Summary", ""))
    .field(Field::choice(CHANNEL, "Channel", Choice::channel(true)))
    .field(Field::choice(
        MARKING,
        "Marking",
        Choice::classification(Classification::Confidential),
    ))
    .field(Field::choice(NATURE, "Nature", Choice::nature_to_choose()))
    .field(Field::toggle(
        POC,
        "Contained threats to civilians (PoC)?",
        false,
    ))
    .field(
        Field::line(AUTHORISED_BY, "Who authorised it, if anyone", "")
            .hint("as stated; leave empty if no one did"),
    )
    .field(Field::text(WHY, "Why it was informal", ""))
    .field(Field::line(
        ACQUIRING_OFFICE,
        "Office that acquired the information",
        "",
    ))
    .submit_button("Register after the fact")
}

pub fn submit(form: &mut Form) -> Submit {
    let recipient = form.chosen(RECIPIENT);
    if recipient.is_none() {
        form.refuse(RECIPIENT, "choose the entity it was shared with");
    }
    let shared_at = form.time(SHARED_AT);
    let shared_by = form.required(SHARED_BY, "who shared it (G 8.1.9)");
    let title = form.required(TITLE, "what was passed");
    let reference = form.required(REFERENCE, "the reference");
    let why = form.required(WHY, "why it was informal (G 8.1.9)");
    let (Some(recipient), Some(shared_at)) = (recipient, shared_at) else {
        return Submit::Invalid;
    };
    let level = form.chosen(MARKING);
    let nature = form.chosen(NATURE);
    let channel = form.chosen(CHANNEL);
    let (Some(level), Some(nature), Some(channel), false) =
        (level, nature, channel, form.has_errors())
    else {
        return Submit::Invalid;
    };
    let draft = ShareDraft {
        product: Product {
            title,
            reference,
            summary: form.text(SUMMARY),
            marking: Marking::un(level),
            nature,
            poc_threat: form.toggle(POC),
        },
        recipient: recipient.id(),
        recipient_unit: None,
        extent: Extent::Full,
        channel,
        urgent: false,
        derived_from: Vec::new(),
        acquiring_office: form.text(ACQUIRING_OFFICE),
    };
    Submit::Changes(vec![Step {
        target: StepTarget::New,
        change: Change::ShareRegisteredAfterTheFact {
            draft,
            shared_at,
            shared_by,
            authorised_by: form.optional(AUTHORISED_BY),
            why,
        },
    }])
}
