//! Drafting an outgoing share (G 8.1, 8.2).

use super::field::{Choice, ChoiceValue, Field, Key, Text, Toggle, among};
use super::keys::{CHANNEL, MARKING, NATURE};
use super::receipt::entity_choice;
use super::record_choice::{Entity, IdOf};
use super::{Form, FormContext, FormKind, Step, StepTarget, Submit};
use crate::domain::change::Change;
use crate::domain::ids::RecordId;
use crate::domain::marking::{Classification, Marking};
use crate::domain::share::{Extent, Product, ShareDraft};

/// The fields of a draft, typed by what they hold.
const TITLE: Key<Text> = Key::new("title");
const REFERENCE: Key<Text> = Key::new("reference");
const SUMMARY: Key<Text> = Key::new("summary");
/// The entity shared with (G 8.1.2).
const RECIPIENT: Key<IdOf<Entity>> = Key::new("recipient");
/// The receiving unit, if not the whole entity.
const UNIT: Key<Text> = Key::new("unit");
const POC: Key<Toggle> = Key::new("poc");
/// G 8.1.6: what a partial share withholds.
const WITHHELD: Key<Text> = Key::new("withheld");
/// G 8.1.7.
const URGENT: Key<Toggle> = Key::new("urgent");
/// G 9.8: the received products it draws on.
const DERIVED_FROM: Key<Text> = Key::new("derived_from");
/// G 8.1.3.2.
const ACQUIRING_OFFICE: Key<Text> = Key::new("acquiring_office");

pub fn new_share(target: Option<RecordId>, cx: FormContext) -> Form {
    let mut recipients = entity_choice(&cx, false, Some("— choose —"));
    let mut excluded = String::new();
    if let Some(e) = &cx.entity {
        recipients = recipients.with(e.id.as_str());
        let names: Vec<String> = e
            .details
            .sub_components
            .iter()
            .filter(|s| s.is_excluded())
            .map(|s| super::super::text::clean(&s.name))
            .collect();
        if !names.is_empty() {
            excluded = format!("excluded from sharing: {}", names.join(", "));
        }
    }
    let unit = Field::line(UNIT, "Receiving unit, if not the whole", "");
    let unit = if excluded.is_empty() {
        unit
    } else {
        unit.hint(excluded)
    };
    Form::new(
        FormKind::NewShare,
        target,
        "Draft a share",
        "G 8.1, 8.2",
        cx,
    )
    .note("Sharing needs both assessments current and the risk acceptable (G 8.1.4); the registry checks at each step.")
    .field(Field::line(TITLE, "Title", ""))
    .field(Field::line(REFERENCE, "Reference", ""))
    .field(Field::text(SUMMARY, "Summary", ""))
    .field(Field::choice(RECIPIENT, "To (entity)", recipients).hint("type to find"))
    .field(unit)
    .field(Field::choice(MARKING,
        "Marking",
        Choice::classification(Classification::Confidential),
    ))
    .field(Field::choice(NATURE,
        "Nature",
        Choice::nature_to_choose(),
    ))
    .field(Field::toggle(POC, "Contains threats to civilians (PoC)?", false))
    .field(Field::choice(
        PARTIAL,
        "Full or partial (G 8.1.6)",
        Choice::of([("full".into(), Part::Full), ("partial".into(), Part::Partial)]),
    ))
    .field(Field::text(WITHHELD, "What is withheld (partial)", ""))
    .field(Field::choice(CHANNEL, "Channel", Choice::channel(false)))
    .field(Field::toggle(URGENT, "Urgent (G 8.1.7)?", false))
    .field(
        Field::line(DERIVED_FROM, "Draws on received products", "")
            .hint("receipt ids, comma-separated (G 9.8)"),
    )
    .field(Field::line(
        ACQUIRING_OFFICE,
        "Office that acquired the information",
        "",
    ))
    .submit_button("Draft the share")
}

/// G 8.1.6: the product shared in full, or in part (what is withheld then said).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Full,
    Partial,
}

impl ChoiceValue for Part {
    const WHAT: &'static str = "full or partial";
    fn choice_key(&self) -> String {
        match self {
            Part::Full => "full",
            Part::Partial => "partial",
        }
        .into()
    }
    fn from_choice_key(key: &str) -> Option<Self> {
        among(&[Part::Full, Part::Partial], key)
    }
}

const PARTIAL: Key<Part> = Key::new("extent");

pub fn submit_new_share(form: &mut Form) -> Submit {
    let title = form.required(TITLE, "the title");
    let reference = form.required(REFERENCE, "the reference");
    let recipient = form.chosen(RECIPIENT);
    let extent = match form.chosen(PARTIAL) {
        Some(Part::Partial) => {
            let withheld = form.required(WITHHELD, "what is withheld (G 8.1.6)");
            Extent::Partial { withheld }
        }
        // None: refused beside the field, so the form is not submitted.
        Some(Part::Full) | None => Extent::Full,
    };
    let acquiring_office = form.required(ACQUIRING_OFFICE, "the acquiring office (G 8.1.3.2)");
    let derived_from: Vec<RecordId> = form.list(DERIVED_FROM).into_iter().map(RecordId).collect();
    if let Some(bad) = derived_from
        .iter()
        .find(|id| id.kind() != Some(crate::domain::ids::RecordKind::Receipt))
    {
        form.fail(DERIVED_FROM, format!("{bad} is not a receipt id (RCP-...)"));
    }
    let level = form.chosen(MARKING);
    let nature = form.chosen(NATURE);
    let channel = form.chosen(CHANNEL);
    let (Some(recipient), Some(level), Some(nature), Some(channel), false) =
        (recipient, level, nature, channel, form.has_errors())
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
        recipient_unit: form.optional(UNIT),
        extent,
        channel,
        urgent: form.toggle(URGENT),
        derived_from,
        acquiring_office,
    };
    Submit::Changes(vec![Step {
        target: StepTarget::New,
        change: Change::ShareDrafted { draft },
    }])
}
