//! Entities that stay right (G C "Registers"): edit an entity's details with a reason (the
//! entity keeps the history of its edits), and merge two records of one entity, the records
//! following the one that stays.

use super::field::{Choice, Field};
use super::inline_entity::kind_choice;
use super::keys::{KIND, MARKING};
use super::{Form, FormContext, FormKind, Step, StepTarget, Submit};
use crate::domain::change::Change;
use crate::domain::entity::{Contact, EntityDetails, HandlingStandards};
use crate::domain::entity_match::near_matches;
use crate::domain::ids::RecordId;
use crate::domain::marking::Marking;
use crate::tui::text::clean;

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
        .field(Field::line("name", "Name", &clean(&d.name)))
        .field(Field::choice(
            KIND,
            "Kind",
            kind_choice().selecting(&d.kind),
        ))
        .field(Field::text("mandate", "Mandate", &clean(&d.mandate)))
        .field(Field::line(
            "contact_name",
            "Point of contact",
            &field(contact.map(|c| &c.name)),
        ))
        .field(Field::line(
            "contact_position",
            "   position",
            &field(contact.map(|c| &c.position)),
        ))
        .field(Field::line(
            "contact_details",
            "   contact details",
            &field(contact.map(|c| &c.details)),
        ))
        .field(
            Field::text(
                "handling",
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
        .field(Field::text("reason", "Why (required)", ""));
    with_entity(form.submit_button("Save the details"))
}

pub fn submit_edit(form: &mut Form) -> Submit {
    let name = form.required("name", "the name");
    let reason = form.required("reason", "the reason for the edit");
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
    let first = form.optional("contact_name").map(|name| Contact {
        name,
        position: form.text("contact_position"),
        details: form.text("contact_details"),
    });
    match (first, contacts.is_empty()) {
        (Some(c), true) => contacts.push(c),
        (Some(c), false) => contacts[0] = c,
        (None, false) => {
            contacts.remove(0);
        }
        (None, true) => {}
    }
    let handling_standards = match (form.optional("handling"), &was.handling_standards) {
        (Some(text), Some(h)) if clean(&h.text).trim() == text => Some(h.clone()),
        (Some(text), _) => Some(HandlingStandards {
            text,
            confirmed: None,
        }),
        (None, _) => None,
    };
    let mandate = form.text("mandate");
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
    let mut options = vec![("— choose —".to_string(), String::new())];
    options.extend(
        cx.entities
            .iter()
            .filter(|e| e.merged_into.is_none())
            .filter(|e| this.as_ref().is_none_or(|t| t.id != e.id))
            .map(|e| (clean(e.name()), e.id.to_string())),
    );
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
        form.field(
            Field::choice("into", "The entity that stays", Choice::new(options))
                .hint("type to find"),
        )
        .field(Field::text("reason", "Why they are the same", ""))
        .field(Field::toggle("confirm", "Merge them", false))
        .submit_button("Merge"),
    )
}

pub fn submit_merge(form: &mut Form) -> Submit {
    let into = form.choice("into");
    if into.is_empty() {
        form.refuse("into", "choose the entity that stays");
    }
    let reason = form.required("reason", "the reason for the merge");
    if !form.toggle("confirm") {
        form.refuse("confirm", "confirm with y, or Esc to leave");
    }
    if form.has_errors() {
        return Submit::Invalid;
    }
    one(
        form,
        Change::EntitiesMerged {
            into: RecordId(into),
            reason,
        },
    )
}
