//! Entities that stay right (G C "Registers"): edit an entity's details with a reason (the
//! entity keeps the history of its edits), and merge two records of one entity, the records
//! following the one that stays.

use super::field::{Choice, Field, Key, Text, Toggle};
use super::inline_entity::kind_choice;
use super::keys::{KIND, MARKING};
use super::record_choice::{Entity, IdOf};
use super::{Form, FormContext, FormKind, Step, StepTarget, Submit};
use crate::domain::change::Change;
use crate::domain::entity::{Contact, EntityDetails, HandlingStandards};
use crate::domain::entity_match::near_matches;
use crate::domain::ids::RecordId;
use crate::domain::marking::Marking;
use crate::tui::text::clean;

/// An entity's details (G 2) as the edit form shows them.
const NAME: Key<Text> = Key::new("name");
const MANDATE: Key<Text> = Key::new("mandate");
const CONTACT_NAME: Key<Text> = Key::new("contact_name");
const CONTACT_POSITION: Key<Text> = Key::new("contact_position");
const CONTACT_DETAILS: Key<Text> = Key::new("contact_details");
/// G 9.8: the handling standards it requires.
const HANDLING: Key<Text> = Key::new("handling");
/// Why it is edited, or why two are the same.
const REASON: Key<Text> = Key::new("reason");
/// The entity that stays when two are merged.
const INTO: Key<IdOf<Entity>> = Key::new("into");
const CONFIRM: Key<Toggle> = Key::new("confirm");

fn with_entity(mut form: Form) -> Form {
    if let Some(e) = &form.context.entity {
        let note = format!("{} — {}", e.id, clean(e.name()));
        form.notes.insert(0, note);
    }
    form
}

fn one(form: &Form, change: Change) -> Submit {
    match form.target.clone() {
        Some(id) => Submit::Changes(vec![Step {
            target: StepTarget::Existing(id),
            change,
        }]),
        None => Submit::Invalid,
    }
}

/// Edit the details: each field starts with what the entity says now.
pub fn edit(target: Option<RecordId>, cx: FormContext) -> Form {
    let d = cx.entity.as_ref().map(|e| e.details.clone());
    let mut form = Form::new(
        FormKind::EditEntity,
        target,
        "Edit the entity's details",
        "G 2, G C Registers",
        cx,
    )
    .note("The entity keeps what it said before, who changed it and when.");
    let Some(d) = d else {
        return form.submit_button("Save the details");
    };
    let contact = d.contacts.first();
    let field = |s: Option<&String>| clean(s.map_or("", |s| s.as_str()));
    form = form
        .field(Field::line(NAME, "Name", &clean(&d.name)))
        .field(Field::choice(
            KIND,
            "Kind",
            kind_choice().selecting(&d.kind),
        ))
        .field(Field::text(MANDATE, "Mandate", &clean(&d.mandate)))
        .field(Field::line(
            CONTACT_NAME,
            "Point of contact",
            &field(contact.map(|c| &c.name)),
        ))
        .field(Field::line(
            CONTACT_POSITION,
            "   position",
            &field(contact.map(|c| &c.position)),
        ))
        .field(Field::line(
            CONTACT_DETAILS,
            "   contact details",
            &field(contact.map(|c| &c.details)),
        ))
        .field(
            Field::text(
                HANDLING,
                "Handling standards it requires",
                &field(d.handling_standards.as_ref().map(|h| &h.text)),
            )
            .hint("G 9.8; changed standards must be confirmed again"),
        )
        .field(Field::choice(
            MARKING,
            "Marking",
            Choice::classification(d.marking.level),
        ))
        .field(Field::text(REASON, "Why (required)", ""));
    with_entity(form.submit_button("Save the details"))
}

pub fn submit_edit(form: &mut Form) -> Submit {
    let name = form.required(NAME, "the name");
    let reason = form.required(REASON, "the reason for the edit");
    let Some(was) = form.context.entity.as_ref().map(|e| e.details.clone()) else {
        return Submit::Invalid;
    };
    let kind = form.chosen(KIND);
    let level = form.chosen(MARKING);
    let (Some(kind), Some(level), false) = (kind, level, form.has_errors()) else {
        return Submit::Invalid;
    };
    // The first contact is the one shown; any others are kept as they are.
    let mut contacts = was.contacts.clone();
    let first = form.optional(CONTACT_NAME).map(|name| Contact {
        name,
        position: form.text(CONTACT_POSITION),
        details: form.text(CONTACT_DETAILS),
    });
    match (first, contacts.is_empty()) {
        (Some(c), true) => contacts.push(c),
        (Some(c), false) => contacts[0] = c,
        (None, false) => {
            contacts.remove(0);
        }
        (None, true) => {}
    }
    let handling_standards = match (form.optional(HANDLING), &was.handling_standards) {
        (Some(text), Some(h)) if clean(&h.text).trim() == text => Some(h.clone()),
        (Some(text), _) => Some(HandlingStandards {
            text,
            confirmed: None,
        }),
        (None, _) => None,
    };
    let mandate = form.text(MANDATE);
    let details = EntityDetails {
        name: if name == clean(&was.name) {
            was.name.clone()
        } else {
            name
        },
        kind,
        mandate: if mandate == clean(&was.mandate).trim() {
            was.mandate.clone()
        } else {
            mandate
        },
        contacts,
        sub_components: was.sub_components.clone(),
        handling_standards,
        marking: if level == was.marking.level {
            was.marking.clone()
        } else {
            Marking::un(level)
        },
    };
    one(form, Change::EntityDetailsEdited { details, reason })
}

/// Merge this entity into another: the person chooses the one that stays, and confirms.
pub fn merge(target: Option<RecordId>, cx: FormContext) -> Form {
    let this = cx.entity.clone();
    let options = Choice::of(
        cx.entities
            .iter()
            .filter(|e| e.merged_into.is_none())
            .filter(|e| this.as_ref().is_none_or(|t| t.id != e.id))
            .map(|e| (clean(e.name()), IdOf::<Entity>::offered(&e.id))),
    )
    .none_first("— choose —");
    let close: Vec<String> = this
        .as_ref()
        .map(|t| {
            near_matches(t.name(), &cx.entities)
                .into_iter()
                .filter(|e| e.id != t.id && e.merged_into.is_none())
                .map(|e| format!("{} ({})", clean(e.name()), e.id))
                .collect()
        })
        .unwrap_or_default();
    let mut form = Form::new(
        FormKind::MergeEntities,
        target,
        "Merge into another entity (the same one registered twice)",
        "G C Registers",
        cx,
    )
    .note("This entity's records, assessments and lists then follow the one that stays; the merge is kept in history.");
    if !close.is_empty() {
        form = form.note(format!("Close names: {}", close.join(", ")));
    }
    with_entity(
        form.field(Field::choice(INTO, "The entity that stays", options).hint("type to find"))
            .field(Field::text(REASON, "Why they are the same", ""))
            .field(Field::toggle(CONFIRM, "Merge them", false))
            .submit_button("Merge"),
    )
}

pub fn submit_merge(form: &mut Form) -> Submit {
    let into = form.chosen(INTO);
    if into.is_none() {
        form.refuse(INTO, "choose the entity that stays");
    }
    let reason = form.required(REASON, "the reason for the merge");
    if !form.toggle(CONFIRM) {
        form.refuse(CONFIRM, "confirm with y, or Esc to leave");
    }
    let (Some(into), false) = (into, form.has_errors()) else {
        return Submit::Invalid;
    };
    one(
        form,
        Change::EntitiesMerged {
            into: into.id(),
            reason,
        },
    )
}
