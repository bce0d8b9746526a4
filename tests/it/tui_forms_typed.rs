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
