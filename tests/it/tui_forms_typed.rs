//! Typed form choices (issue 13, "typed edges"): a choice is read back as the type its
//! options were built from, and a value the type does not know is refused beside the field.
//! On today's main an unknown marking became STRICTLY CONFIDENTIAL without a word, and went
//! into the append-only log that way.

use crate::tui_common::*;
use registrar::domain::change::Change;
use registrar::domain::entity::EntityKind;
use registrar::domain::marking::Classification;
use registrar::store::{FixedClock, Store};
use registrar::tui::forms::{self, Choice, FieldKind, Form, FormContext, FormKind, Submit};
use std::sync::Arc;

fn register_entity_form(store: &Store) -> Form {
    let actor = store
        .users()
        .unwrap()
        .into_iter()
        .find(|u| u.name == "imfp")
        .map(|u| registrar::domain::access::Actor {
            name: u.name,
            roles: u.roles,
            clearance: u.clearance,
        });
    let cx = FormContext {
        now: now(),
        actor,
        entities: store.entities().unwrap(),
        settings: Some(store.settings().unwrap()),
        ..FormContext::default()
    };
    let mut form = forms::open(FormKind::RegisterEntity, None, cx);
    for f in form.fields.iter_mut() {
        match (&mut f.kind, f.key) {
            (FieldKind::Line(t), "name") => t.set_text("Provincial Gendarmerie of Haut-Mbomou"),
            // No kind is preselected (G 8.1.2): the person chooses one.
            (FieldKind::Choice(c), "kind") => {
                *c = std::mem::replace(c, Choice::new(Vec::new()))
                    .with(EntityKind::NonUnSecurityForce.key());
            }
            _ => {}
        }
    }
    form
}

/// The marking choice made to hold what no classification is: an option of another list,
/// or no option selected at all.
fn corrupt_marking(form: &mut Form, how: usize) {
    for f in form.fields.iter_mut() {
        if let (FieldKind::Choice(c), "marking") = (&mut f.kind, f.key) {
            *c = match how {
                0 => Choice::new(vec![("TOP SECRET".into(), "top_secret".into())]),
                _ => Choice::new(Vec::new()),
            };
        }
    }
}

#[test]
fn an_unknown_marking_is_refused_beside_its_field_never_made_strictly_confidential() {
    let fixture = demo_copy();
    let store = Store::open(&fixture.path, Arc::new(FixedClock::new(now()))).unwrap();

    // As built, the form records the marking chosen.
    let mut form = register_entity_form(&store);
    let Submit::Changes(steps) = forms::submit(&mut form) else {
        panic!("a filled form submits: {:?}", errors(&form));
    };
    let Change::EntityRegistered { details } = &steps[0].change else {
        panic!("registers the entity")
    };
    assert_ne!(details.marking.level, Classification::StrictlyConfidential);

    for how in 0..2 {
        let mut form = register_entity_form(&store);
        corrupt_marking(&mut form, how);
        match forms::submit(&mut form) {
            Submit::Invalid => {}
            Submit::Changes(steps) => panic!("an unknown marking was recorded as {steps:?}"),
            _ => panic!("a registration submits changes or nothing"),
        }
        let marking = form.get("marking").unwrap();
        assert_eq!(
            marking.error.as_deref(),
            Some("choose the classification (G 2, G 8.1.2)"),
            "{:?}",
            errors(&form)
        );
    }
}

fn errors(form: &Form) -> Vec<(String, String)> {
    form.fields
        .iter()
        .filter_map(|f| f.error.clone().map(|e| (f.key.to_string(), e)))
        .collect()
}

fn context_as(store: &Store, name: &str) -> FormContext {
    let actor = store
        .users()
        .unwrap()
        .into_iter()
        .find(|u| u.name == name)
        .map(|u| registrar::domain::access::Actor {
            name: u.name,
            roles: u.roles,
            clearance: u.clearance,
        });
    FormContext {
        now: now(),
        actor,
        entities: store.entities().unwrap(),
        settings: Some(store.settings().unwrap()),
        ..FormContext::default()
    }
}

/// Sets what a line holds, or which value a choice holds (an option made to hold it).
fn set(form: &mut Form, key: &str, value: &str) {
    let f = form
        .fields
        .iter_mut()
        .find(|f| f.key == key)
        .unwrap_or_else(|| panic!("no field {key}"));
    match &mut f.kind {
        FieldKind::Line(t) | FieldKind::Text(t) => t.set_text(value),
        FieldKind::Choice(c) => *c = Choice::new(vec![(value.into(), value.into())]),
        _ => panic!("{key} is neither a line nor a choice"),
    }
}

/// A record chosen by id is read back as an id of the kind the choice offers: a receipt's id
/// where an entity is asked for (a share's recipient), or an entity's where a pre-authorised
/// entry is, is refused beside the field. On the old main both were recorded as chosen.
#[test]
fn a_record_id_of_another_kind_is_refused_beside_its_choice() {
    let fixture = demo_copy();
    let store = Store::open(&fixture.path, Arc::new(FixedClock::new(now()))).unwrap();
    let entity = store.entities().unwrap()[0].id.clone();

    let share = |recipient: &str| {
        let mut form = forms::open(FormKind::NewShare, None, context_as(&store, "imfp"));
        set(&mut form, "title", "Weekly security report");
        set(&mut form, "reference", "JMAC/WSR/2026/49");
        set(&mut form, "acquiring_office", "JMAC");
        set(&mut form, "recipient", recipient);
        // No nature is preselected (it decides who authorises): the person chooses one.
        set(&mut form, "nature", "operational_tactical");
        form
    };
    // As built, with an entity's id, the draft names it.
    let mut form = share(entity.as_str());
    let Submit::Changes(steps) = forms::submit(&mut form) else {
        panic!("a filled draft submits: {:?}", errors(&form));
    };
    let Change::ShareDrafted { draft } = &steps[0].change else {
        panic!("drafts the share")
    };
    assert_eq!(draft.recipient, entity);

    let mut form = share("RCP-JMAC-1-0001");
    assert!(
        matches!(forms::submit(&mut form), Submit::Invalid),
        "a receipt's id was taken as the recipient"
    );
    let error = form.get("recipient").unwrap().error.clone();
    assert!(
        error
            .as_deref()
            .unwrap_or("")
            .starts_with("choose the entity"),
        "{:?}",
        errors(&form)
    );

    let mut form = forms::open(
        FormKind::ClearReceipt,
        Some("RCP-JMAC-1-0001".into()),
        context_as(&store, "imfp"),
    );
    set(&mut form, "pre", entity.as_str());
    assert!(
        matches!(forms::submit(&mut form), Submit::Invalid),
        "an entity's id was taken as the pre-authorised entry"
    );
    let error = form.get("pre").unwrap().error.clone();
    assert!(
        error
            .as_deref()
            .unwrap_or("")
            .starts_with("choose the pre-authorised entry"),
        "{:?}",
        errors(&form)
    );
}

/// A number field is read as a whole number of its type: a negative largest bundle is refused
/// beside it. On the old main it was read as 0 and refused beside the review interval.
#[test]
fn a_negative_bundle_size_is_refused_beside_its_own_field() {
    let fixture = demo_copy();
    let store = Store::open(&fixture.path, Arc::new(FixedClock::new(now()))).unwrap();
    let mut form = forms::open(FormKind::Settings, None, context_as(&store, "admin"));
    set(&mut form, "bundle_mb", "-5");
    assert!(matches!(forms::submit(&mut form), Submit::Invalid));
    assert_eq!(
        errors(&form),
        vec![("bundle_mb".to_string(), "a whole number".to_string())]
    );
}
