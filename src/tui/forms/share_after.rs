//! A share that already happened verbally or informally, registered after the fact (G 8.1.9):
//! who shared it, when, with whom, what, by what channel, who authorised it if anyone, and why
//! it was informal. It never passes for a gated share: the gates it skipped are named on it.

use super::field::{Choice, Field};
use super::keys::{CHANNEL, MARKING, NATURE};
use super::{Form, FormContext, FormKind, Step, StepTarget, Submit};
use crate::domain::change::Change;
use crate::domain::ids::RecordId;
use crate::domain::marking::{Classification, Marking};
use crate::domain::nature::Nature;
use crate::domain::share::{Extent, Product, ShareDraft};

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
    .field(Field::choice("recipient", "Shared with (entity)", recipients).hint("type to find"))
    .field(
        Field::time("shared_at", "When it was shared (UTC)", now)
            .hint("-2h, HH:MM (today) or YYYY-MM-DD HH:MM"),
    )
    .field(Field::line("shared_by", "Who shared it", &me))
    .field(Field::line("title", "What was passed (title)", ""))
    .field(Field::line("reference", "Reference", ""))
    .field(Field::text("summary", "Summary", ""))
    .field(Field::choice(CHANNEL, "Channel", Choice::channel(true)))
    .field(Field::choice(
        MARKING,
        "Marking",
        Choice::classification(Classification::Confidential),
    ))
    .field(Field::choice(
        NATURE,
        "Nature",
        Choice::nature(Nature::OperationalTactical),
    ))
    .field(Field::toggle(
        "poc",
        "Contained threats to civilians (PoC)?",
        false,
    ))
    .field(
        Field::line("authorised_by", "Who authorised it, if anyone", "")
            .hint("as stated; leave empty if no one did"),
    )
    .field(Field::text("why", "Why it was informal", ""))
    .field(Field::line(
        "acquiring_office",
        "Office that acquired the information",
        "",
    ))
    .submit_button("Register after the fact")
}

pub fn submit(form: &mut Form) -> Submit {
    let recipient = form.choice("recipient");
    if recipient.is_empty() {
        form.refuse("recipient", "choose the entity it was shared with");
    }
    let shared_at = form.time("shared_at");
    let shared_by = form.required("shared_by", "who shared it (G 8.1.9)");
    let title = form.required("title", "what was passed");
    let reference = form.required("reference", "the reference");
    let why = form.required("why", "why it was informal (G 8.1.9)");
    let Some(shared_at) = shared_at else {
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
            summary: form.text("summary"),
            marking: Marking::un(level),
            nature,
            poc_threat: form.toggle("poc"),
        },
        recipient: RecordId(recipient),
        recipient_unit: None,
        extent: Extent::Full,
        channel,
        urgent: false,
        derived_from: Vec::new(),
        acquiring_office: form.text("acquiring_office"),
    };
    Submit::Changes(vec![Step {
        target: StepTarget::New,
        change: Change::ShareRegisteredAfterTheFact {
            draft,
            shared_at,
            shared_by,
            authorised_by: form.optional("authorised_by"),
            why,
        },
    }])
}
