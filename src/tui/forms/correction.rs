//! Corrections, voids and the imminent-threat determination of a record (G C "Registers",
//! G 9.1): each form builds the domain's change; the guards decide, and their refusal comes
//! back to the form with its paragraph.

use super::field::{Choice, Field, Key, Text, Toggle};
use super::keys::{MARKING, NATURE};
use super::receipt::entity_choice;
use super::record_choice::{Entity, IdOf};
use super::{Form, FormContext, FormKind, Step, StepTarget, Submit};
use crate::domain::change::Change;
use crate::domain::correction::AmendedField;
use crate::domain::ids::{RecordId, Time};
use crate::domain::marking::Marking;
use crate::domain::nature::Nature;
use crate::domain::record::Record;
use crate::tui::text::clean;

/// The descriptive fields a correction may change (G C "Registers").
const TITLE: Key<Text> = Key::new("title");
const REFERENCE: Key<Text> = Key::new("reference");
const SUMMARY: Key<Text> = Key::new("summary");
/// The entity a receipt came from.
const SOURCE: Key<IdOf<Entity>> = Key::new("source");
const ORIGINATOR_MARKING: Key<Text> = Key::new("originator_marking");
/// Why the record is corrected, voided or determined again.
const REASON: Key<Text> = Key::new("reason");
const CONFIRM: Key<Toggle> = Key::new("confirm");
/// G 9.1: a clear and imminent threat, or not.
const IMMINENT: Key<bool> = Key::new("imminent");
/// When the determination was made.
const AT: Key<Time> = Key::new("at");

/// What a share or receipt says of its descriptive fields, as the amend form shows them.
struct Described {
    title: String,
    reference: String,
    summary: String,
    /// The entity a receipt came from (a share's recipient is not amended: G 8.1).
    source: Option<RecordId>,
    marking: Marking,
    nature: Nature,
}

fn described(record: Option<&Record>) -> Option<Described> {
    match record? {
        Record::Share(s) => {
            let p = &s.draft.product;
            Some(Described {
                title: p.title.clone(),
                reference: p.reference.clone(),
                summary: p.summary.clone(),
                source: None,
                marking: p.marking.clone(),
                nature: p.nature,
            })
        }
        Record::Receipt(r) => {
            let c = &r.capture;
            Some(Described {
                title: c.title.clone(),
                reference: c.reference.clone(),
                summary: c.summary.clone(),
                source: Some(c.source.clone()),
                marking: c.marking.clone(),
                nature: c.nature,
            })
        }
        _ => None,
    }
}

fn record_note(cx: &FormContext) -> Option<String> {
    let r = cx.record.as_ref()?;
    let d = described(Some(r))?;
    Some(format!("{} — {}", r.id(), clean(&d.title)))
}

fn with_record(mut form: Form) -> Form {
    if let Some(n) = record_note(&form.context) {
        form.notes.insert(0, n);
    }
    form
}

/// Amend the descriptive fields: each field starts with what the record says; what is changed
/// is amended, with one reason for all.
pub fn amend(target: Option<RecordId>, cx: FormContext) -> Form {
    let now = described(cx.record.as_ref());
    let sources = now
        .as_ref()
        .and_then(|d| d.source.as_ref())
        .map(|s| entity_choice(&cx, false, None).with(s.as_str()));
    let mut form = Form::new(
        FormKind::AmendRecord,
        target,
        "Correct the record",
        "G C Registers",
        cx,
    )
    .note(
        "Change what is wrong and say why; the record keeps what it said, who changed it and when.",
    )
    .note("Changing the entity, marking or nature re-opens the steps that rested on them.");
    let Some(d) = now else {
        return with_record(form.submit_button("Amend"));
    };
    form = form
        .field(Field::line(TITLE, "Title", &clean(&d.title)))
        .field(Field::line(REFERENCE, "Reference", &clean(&d.reference)))
        .field(Field::text(SUMMARY, "Summary", &clean(&d.summary)));
    if let Some(sources) = sources {
        form = form.field(Field::choice(SOURCE, "From (entity)", sources).hint("type to find"));
    }
    form = form
        .field(Field::choice(
            MARKING,
            "UN marking",
            Choice::classification(d.marking.level),
        ))
        .field(Field::line(
            ORIGINATOR_MARKING,
            "Originator's marking",
            &clean(d.marking.originator_marking.as_deref().unwrap_or("")),
        ))
        .field(Field::choice(NATURE, "Nature", Choice::nature(d.nature)))
        .field(Field::text(REASON, "Why (required)", ""));
    with_record(form.submit_button("Amend"))
}

pub fn submit_amend(form: &mut Form) -> Submit {
    let reason = form.required(REASON, "the reason for the correction");
    let Some(target) = form.target.clone() else {
        return Submit::Invalid;
    };
    let Some(was) = described(form.context.record.as_ref()) else {
        return Submit::Invalid;
    };
    let is_receipt = was.source.is_some();
    let title = form.required(TITLE, "the title");
    let reference = form.required(REFERENCE, "the reference");
    let (Some(level), Some(nature)) = (form.chosen(MARKING), form.chosen(NATURE)) else {
        return Submit::Invalid;
    };
    let marking = match form.optional(ORIGINATOR_MARKING) {
        Some(text) => Marking::with_originator(level, text),
        None => Marking::un(level),
    };
    let mut fields = Vec::new();
    if title != clean(&was.title) {
        fields.push(AmendedField::Title(title));
    }
    if reference != clean(&was.reference) {
        fields.push(AmendedField::Reference(reference));
    }
    let summary = form.text(SUMMARY);
    if summary != clean(&was.summary).trim() {
        fields.push(AmendedField::Summary(summary));
    }
    if let Some(source) = &was.source
        && let Some(chosen) = form.chosen(SOURCE).map(IdOf::id)
        && chosen != *source
    {
        fields.push(AmendedField::Entity(chosen));
    }
    if level != was.marking.level
        || marking.originator_marking.as_deref().map(clean)
            != was.marking.originator_marking.as_deref().map(clean)
    {
        fields.push(AmendedField::Marking(marking));
    }
    if nature != was.nature {
        fields.push(AmendedField::Nature(nature));
    }
    if fields.is_empty() && !form.has_errors() {
        form.refuse(TITLE, "nothing is changed: correct a field, then say why");
    }
    if form.has_errors() {
        return Submit::Invalid;
    }
    Submit::Changes(
        fields
            .into_iter()
            .map(|amendment| Step {
                target: StepTarget::Existing(target.clone()),
                change: if is_receipt {
                    Change::ReceiptAmended {
                        amendment,
                        reason: reason.clone(),
                    }
                } else {
                    Change::ShareAmended {
                        amendment,
                        reason: reason.clone(),
                    }
                },
            })
            .collect(),
    )
}

/// Void a record registered in error: with a reason, confirmed.
pub fn void(target: Option<RecordId>, cx: FormContext) -> Form {
    with_record(
        Form::new(
            FormKind::VoidRecord,
            target,
            "Void the record (registered in error)",
            "G C Registers",
            cx,
        )
        .note("A voided record leaves the queues and the counts; it stays in the log and can still be opened, marked VOID.")
        .note("To correct a field instead, use 'Correct the record'.")
        .field(Field::text(REASON, "Why it was registered in error", ""))
        .field(Field::toggle(CONFIRM, "Void it", false))
        .submit_button("Void the record"),
    )
}

pub fn submit_void(form: &mut Form) -> Submit {
    let reason = form.required(REASON, "the reason");
    if !form.toggle(CONFIRM) {
        form.refuse(CONFIRM, "confirm with y, or Esc to leave");
    }
    let Some(target) = form.target.clone() else {
        return Submit::Invalid;
    };
    if form.has_errors() {
        return Submit::Invalid;
    }
    let change = match &form.context.record {
        Some(Record::Share(_)) => Change::ShareVoided { reason },
        Some(Record::Receipt(_)) => Change::ReceiptVoided { reason },
        _ => return Submit::Invalid,
    };
    Submit::Changes(vec![Step {
        target: StepTarget::Existing(target),
        change,
    }])
}

/// G 9.1: make or revise the imminent-threat determination, with when it was made.
pub fn determination(target: Option<RecordId>, cx: FormContext) -> Form {
    let now = cx.now;
    let current = match &cx.record {
        Some(Record::Receipt(r)) => Some(r.imminent_threat()),
        _ => None,
    };
    let (note, proposed) = match current {
        Some(true) => ("Determined now: IMMINENT THREAT.", false),
        Some(false) => ("Determined now: not an imminent threat.", true),
        None => ("", true),
    };
    let options = Choice::of([
        ("yes — a clear and imminent threat".to_string(), true),
        ("no — not an imminent threat".to_string(), false),
    ])
    .selecting(&proposed);
    with_record(
        Form::new(
            FormKind::ThreatDetermination,
            target,
            "Imminent-threat determination",
            "G 9.1–9.3",
            cx,
        )
        .note(note)
        .note("A yes starts the urgent clock from when it was determined and requires the G 9.3 alerts; a no after a yes needs a reason.")
        .field(Field::choice(IMMINENT, "Imminent threat?", options))
        .field(
            Field::time(AT, "Determined (UTC)", now)
                .hint("now, -20m, -2h, HH:MM (last 24 h) or YYYY-MM-DD HH:MM"),
        )
        .field(Field::text(REASON, "Why", ""))
        .submit_button("Record the determination"),
    )
}

pub fn submit_determination(form: &mut Form) -> Submit {
    let at = form.time(AT);
    let Some(target) = form.target.clone() else {
        return Submit::Invalid;
    };
    let Some(imminent) = form.chosen(IMMINENT) else {
        form.refuse(IMMINENT, "answer yes or no");
        return Submit::Invalid;
    };
    let Some(at) = at else {
        return Submit::Invalid;
    };
    if form.has_errors() {
        return Submit::Invalid;
    }
    Submit::Changes(vec![Step {
        target: StepTarget::Existing(target),
        change: Change::ThreatDetermined {
            imminent,
            at,
            reason: form.text(REASON),
        },
    }])
}
