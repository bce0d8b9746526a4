//! Choosing an entity without a preselected one, registering a new one inline (the few fields
//! needed to proceed; the rest of its details pending), and the near-duplicate warning (G C
//! "Registers": one entity, one record).

use super::field::{Choice, ChoiceValue, Field, FieldRef, Key, Text, Toggle};
use super::{Form, FormContext, NearMatch, Step, StepTarget};
use crate::domain::change::Change;
use crate::domain::entity::{EntityDetails, EntityKind};
use crate::domain::entity_match::near_matches;
use crate::domain::ids::{RecordId, RecordKind};
use crate::domain::marking::{Classification, Marking};

/// The choice's value for "a new entity, registered here".
pub const NEW_ENTITY: &str = "+new";

/// Stands for the entity registered by the first step of the same submission; the console
/// puts the created id in its place before the change is recorded.
pub const CREATED_ENTITY: &str = "@created-entity";

/// The entities to choose from: nothing chosen at first (three Enters never file against
/// the first entity of the list), entities merged into another left out.
pub fn choice(cx: &FormContext, only_non_un: bool, with_new: bool) -> Choice {
    let mut options = vec![("— choose —".to_string(), String::new())];
    if with_new {
        options.push((
            "+ new entity (register it here)".to_string(),
            NEW_ENTITY.to_string(),
        ));
    }
    options.extend(
        cx.entities
            .iter()
            .filter(|e| e.merged_into.is_none())
            .filter(|e| !only_non_un || e.kind().is_non_un())
            .map(|e| (super::super::text::clean(e.name()), e.id.to_string())),
    );
    Choice::new(options)
}

/// An entity's kind, none chosen at first: the kind decides the assessment (G 8.1.2, an HRDDP
/// Risk Assessment for a security force) and who authorises, so it is never a default.
pub fn kind_choice() -> Choice {
    Choice::of(EntityKind::ALL.map(|k| (k.to_string(), k))).none_first("— choose —")
}

/// An entity chosen where one may be registered inline: a registered entity, or the new one
/// the form's first step registers. Read back typed: no option chosen, or an id that is not an
/// entity's, is refused beside the choice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntityOrNew {
    Registered(RecordId),
    New,
}

impl ChoiceValue for EntityOrNew {
    const WHAT: &'static str = "the entity";
    fn choice_key(&self) -> String {
        match self {
            EntityOrNew::Registered(id) => id.to_string(),
            EntityOrNew::New => NEW_ENTITY.to_string(),
        }
    }
    fn from_choice_key(key: &str) -> Option<Self> {
        if key == NEW_ENTITY {
            return Some(EntityOrNew::New);
        }
        let id = RecordId::from(key);
        (id.kind() == Some(RecordKind::Entity)).then_some(EntityOrNew::Registered(id))
    }
}

/// The kind of the entity registered inline.
const NEW_KIND: Key<EntityKind> = Key::new("new_kind");
/// The name of the entity registered inline.
const NEW_NAME: Key<Text> = Key::new("new_name");
/// Confirms the new entity is not one of the close names shown.
const NEW_DISTINCT: Key<Toggle> = Key::new("new_distinct");

/// The fields of a new entity, right after the entity choice `choice_key`: shown only while
/// '+ new entity' is chosen there.
pub fn fields(form: Form, choice_key: Key<EntityOrNew>) -> Form {
    form.field(
        Field::line(NEW_NAME, "   new entity's name", "")
            .hint("the rest of its details later, from its view")
            .shown_if(choice_key, NEW_ENTITY),
    )
    .field(Field::choice(NEW_KIND, "   its kind", kind_choice()).shown_if(choice_key, NEW_ENTITY))
    .field(distinct_toggle(NEW_DISTINCT).shown_if(choice_key, NEW_ENTITY))
}

pub fn distinct_toggle(key: Key<Toggle>) -> Field {
    Field::toggle(
        key,
        "A different entity from the close names shown (if any)?",
        false,
    )
}

/// Sets an error beside `name_key` when the name is close to a registered entity's and the
/// person has not confirmed it is a different one. With `choice_key` (the entity choice the
/// new entity stands in), F4 then takes the closest registered entity there.
pub fn near_duplicate(
    form: &mut Form,
    name_key: Key<Text>,
    distinct_key: Key<Toggle>,
    choice_key: Option<Key<EntityOrNew>>,
    name: &str,
) {
    form.near_match = None;
    if form.toggle(distinct_key) {
        return;
    }
    let close: Vec<_> = near_matches(name, &form.context.entities)
        .into_iter()
        .map(|e| (e.id.clone(), super::super::text::clean(e.name())))
        .collect();
    let Some((first, first_name)) = close.first().cloned() else {
        return;
    };
    let names: Vec<String> = close
        .iter()
        .map(|(id, name)| format!("{name} ({id})"))
        .collect();
    let take = match choice_key {
        Some(choice) => {
            form.near_match = Some(NearMatch {
                choice: choice.field_name(),
                entity: first,
            });
            format!("F4 takes {first_name}, or confirm")
        }
        None => "choose it instead, or confirm".to_string(),
    };
    form.fail(
        name_key,
        format!(
            "G C Registers: one entity, one record — close to {}: {take} below that this is a different entity",
            names.join(", ")
        ),
    );
}

/// F4: the registered entity close to the new name is taken in the entity choice, and the
/// new entity's fields are hidden again (nothing is registered).
pub fn take_near_match(form: &mut Form) -> bool {
    let Some(near) = form.near_match.take() else {
        return false;
    };
    let Some(field) = form.get_mut(near.choice) else {
        return false;
    };
    if let super::FieldKind::Choice(c) = &mut field.kind {
        *c = std::mem::replace(c, Choice::new(Vec::new())).with(near.entity.as_str());
    }
    field.error = None;
    if let Some(f) = form.get_mut(NEW_NAME) {
        f.error = None;
    }
    form.touched = true;
    form.focus = form
        .fields
        .iter()
        .position(|f| f.key == near.choice)
        .unwrap_or(form.focus);
    true
}

/// When '+ new entity' is chosen in `choice_key`: the step registering it (validated, with
/// the near-duplicate check). `None` when an existing entity is chosen or on an error.
pub fn step(form: &mut Form, choice_key: Key<EntityOrNew>) -> Option<Step> {
    if form.peek(choice_key) != Some(EntityOrNew::New) {
        return None;
    }
    let name = form.required(NEW_NAME, "the new entity's name");
    near_duplicate(form, NEW_NAME, NEW_DISTINCT, Some(choice_key), &name);
    let kind = form.chosen(NEW_KIND)?;
    if form.has_errors() {
        return None;
    }
    Some(Step {
        target: StepTarget::New,
        change: Change::EntityRegistered {
            details: EntityDetails {
                name,
                kind,
                mandate: String::new(),
                contacts: Vec::new(),
                sub_components: Vec::new(),
                handling_standards: None,
                marking: Marking::un(Classification::Unclassified),
            },
        },
    })
}

/// The entity a form names: the one chosen, or the one its first step registers.
/// Nothing chosen, or an id that is not an entity's, is refused beside the choice (the id
/// returned then is empty, and the form is not submitted).
pub fn chosen(form: &mut Form, choice_key: Key<EntityOrNew>, what: &str) -> RecordId {
    match form.peek(choice_key) {
        Some(EntityOrNew::Registered(id)) => id,
        Some(EntityOrNew::New) => RecordId(CREATED_ENTITY.to_string()),
        None => {
            form.refuse(choice_key, format!("choose {what}"));
            RecordId(String::new())
        }
    }
}

/// Puts the id of the entity created by an earlier step where a change names it.
pub fn resolve(change: &mut Change, created: &RecordId) {
    let placeholder = |id: &mut RecordId| {
        if id.as_str() == CREATED_ENTITY {
            *id = created.clone();
        }
    };
    match change {
        Change::ReceiptRegistered { capture }
        | Change::ReceiptRegisteredAfterTheFact { capture, .. } => placeholder(&mut capture.source),
        Change::ShareDrafted { draft } | Change::ShareRegisteredAfterTheFact { draft, .. } => {
            placeholder(&mut draft.recipient)
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_entity_choice_reads_an_entity_or_the_new_one_and_refuses_the_rest() {
        assert_eq!(
            EntityOrNew::from_choice_key("ENT-JMAC-1-0003"),
            Some(EntityOrNew::Registered(RecordId::from("ENT-JMAC-1-0003")))
        );
        assert_eq!(
            EntityOrNew::from_choice_key(NEW_ENTITY),
            Some(EntityOrNew::New)
        );
        // A receipt's id (the old reading recorded it as the entity) and no choice at all.
        assert_eq!(EntityOrNew::from_choice_key("RCP-JMAC-1-0003"), None);
        assert_eq!(EntityOrNew::from_choice_key(""), None);
    }
}
