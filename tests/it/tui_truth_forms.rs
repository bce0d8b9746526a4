//! The console's forms of a truthful register (issue 8), driven by keys from the record and
//! entity views: correct a record, void it, make and revise the imminent-threat determination,
//! register a share after the fact, edit an entity and merge two. A refusal shows the rule in
//! the form and keeps what was typed.

use crate::tui_common;

use crossterm::event::KeyCode;
use insta::assert_snapshot;
use registrar::domain::after_the_fact::Gate;
use registrar::domain::queue::Queue;
use registrar::domain::receipt::{IncomingReceipt, ReceiptState};
use registrar::domain::record::Record;
use registrar::domain::share::{OutgoingShare, ShareState};
use registrar::tui::app::{Blocked, Screen};
use registrar::tui::driver::Driver;
use tui_common::*;

fn receipt(d: &Driver, id: &registrar::domain::ids::RecordId) -> IncomingReceipt {
    match d.store.record(id).unwrap() {
        Some(Record::Receipt(r)) => r,
        other => panic!("{id}: {other:?}"),
    }
}

fn share(d: &Driver, id: &registrar::domain::ids::RecordId) -> OutgoingShare {
    match d.store.record(id).unwrap() {
        Some(Record::Share(s)) => s,
        other => panic!("{id}: {other:?}"),
    }
}

fn refusal(d: &Driver) -> (String, String) {
    match &form(d).blocked {
        Some(Blocked::Refused(r)) => (r.paragraph.to_string(), r.reason.clone()),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn in_any_queue(d: &Driver, id: &registrar::domain::ids::RecordId) -> bool {
    Queue::ALL.into_iter().any(|q| in_queue(d, q, id))
}

fn in_queue(d: &Driver, queue: Queue, id: &registrar::domain::ids::RecordId) -> bool {
    d.store
        .queue(queue, now())
        .unwrap()
        .iter()
        .any(|i| i.id == id.as_str())
}

/// A received product, not yet scanned, not an imminent threat.
fn open_receipt(d: &Driver) -> registrar::domain::ids::RecordId {
    receipt_where(&d.store, |r| {
        r.state == ReceiptState::Scanned && !r.imminent_threat() && r.voided.is_none()
    })
}

#[test]
fn g_c_registers_a_receipt_is_corrected_from_its_view_and_the_scan_reopened() {
    let (_f, mut d) = logged_in("imfp");
    let target = open_receipt(&d);
    let before = receipt(&d, &target);
    let other = entity_record(&d.store, |e| {
        e.id != before.capture.source && e.merged_into.is_none() && e.kind().is_non_un()
    });
    open_record(&mut d, &target);
    choose_action(&mut d, "Correct the record");
    assert_snapshot!("form_amend_receipt", render(&mut d, 80, 24));
    rewrite(&mut d, "title", "Checkpoint report, corrected title");
    goto(&mut d, "source");
    d.type_text(&other.details.name.to_lowercase());
    rewrite(
        &mut d,
        "reason",
        "Filed against the wrong entity by the fast path",
    );
    submit(&mut d);
    assert!(
        matches!(d.app.screen(), Screen::Record(_)),
        "{:?}",
        form(&d).blocked
    );
    let after = receipt(&d, &target);
    assert_eq!(after.capture.title, "Checkpoint report, corrected title");
    assert_eq!(after.capture.source, other.id);
    let fields: Vec<&str> = after.amendments.iter().map(|a| a.field.as_str()).collect();
    assert_eq!(fields, ["title", "entity"]);
    assert!(after.amendments.iter().all(|a| a.by == "imfp"));
    assert_eq!(after.state, ReceiptState::Received, "the scan is re-opened");
    assert!(after.scan.is_none());
    let screen = render(&mut d, 120, 40);
    assert!(screen.contains("Amended: title"), "{screen}");
    assert!(screen.contains("by imfp"), "{screen}");
    assert!(
        screen.contains("re-opened: Intelligence Receipt Scan"),
        "{screen}"
    );
}

#[test]
fn g_c_registers_a_correction_refused_by_the_rule_keeps_what_was_typed() {
    let (_f, mut d) = logged_in("imfp");
    let target = receipt_where(&d.store, |r| {
        r.state == ReceiptState::Disseminated && r.voided.is_none()
    });
    open_record(&mut d, &target);
    choose_action(&mut d, "Correct the record");
    goto(&mut d, "nature");
    key(&mut d, KeyCode::Right);
    rewrite(&mut d, "reason", "The nature was misjudged");
    submit(&mut d);
    let (paragraph, reason) = refusal(&d);
    assert_eq!(paragraph, "G C Registers");
    assert!(reason.contains("closed"), "{reason}");
    assert_eq!(form(&d).text("reason"), "The nature was misjudged");
    assert!(receipt(&d, &target).amendments.is_empty());
    // Nothing changed: the form says so, beside the first field.
    let (_f, mut d) = logged_in("imfp");
    let target = open_receipt(&d);
    open_record(&mut d, &target);
    choose_action(&mut d, "Correct the record");
    rewrite(&mut d, "reason", "no reason");
    submit(&mut d);
    let error = form(&d).get("title").unwrap().error.clone().unwrap();
    assert!(error.contains("nothing is changed"), "{error}");
}

#[test]
fn g_c_registers_a_share_voided_from_its_view_leaves_the_queues_and_shows_void() {
    let (_f, mut d) = logged_in("imfp");
    let target = share_where(&d.store, |s| {
        s.state == ShareState::Draft && s.voided.is_none()
    });
    assert!(in_any_queue(&d, &target));
    open_record(&mut d, &target);
    choose_action(&mut d, "Void the record");
    assert_snapshot!("form_void_record", render(&mut d, 80, 24));
    goto(&mut d, "reason");
    d.type_text("Registered twice: the same draft is SHR earlier");
    submit(&mut d);
    // Not confirmed: nothing is voided, the reason is kept.
    assert!(form(&d).get("confirm").unwrap().error.is_some());
    assert!(share(&d, &target).voided.is_none());
    goto(&mut d, "confirm");
    key(&mut d, KeyCode::Char('y'));
    submit(&mut d);
    assert!(
        matches!(d.app.screen(), Screen::Record(_)),
        "{:?}",
        form(&d).blocked
    );
    let s = share(&d, &target);
    assert_eq!(s.voided.as_ref().unwrap().by, "imfp");
    assert!(!in_any_queue(&d, &target));
    let screen = render(&mut d, 120, 40);
    assert!(screen.contains("VOIDED"), "{screen}");
    // A voided record offers nothing more.
    key(&mut d, KeyCode::Char('a'));
    assert!(d.app.modal.is_none());
}

#[test]
fn g9_1_determination_made_then_revised_from_the_view_and_the_urgent_queue_follows() {
    let (_f, mut d) = logged_in("analyst");
    let target = open_receipt(&d);
    assert!(!in_queue(&d, Queue::Urgent, &target));
    open_record(&mut d, &target);
    choose_action(&mut d, "Determine or revise");
    assert_snapshot!("form_threat_determination", render(&mut d, 80, 24));
    assert_eq!(form(&d).choice("imminent"), "yes");
    rewrite(&mut d, "at", "-10m");
    rewrite(
        &mut d,
        "reason",
        "Second source confirms the attack is planned tonight",
    );
    submit(&mut d);
    assert!(
        matches!(d.app.screen(), Screen::Record(_)),
        "{:?}",
        form(&d).blocked
    );
    let r = receipt(&d, &target);
    assert!(r.imminent_threat());
    let at = now() - chrono::Duration::minutes(10);
    assert_eq!(r.determinations.last().unwrap().at, at);
    assert_eq!(r.deadline, Some(at + chrono::Duration::minutes(120)));
    assert!(in_queue(&d, Queue::Urgent, &target));

    // Revised to no: without a reason the rule refuses, in the form.
    choose_action(&mut d, "Determine or revise");
    assert_eq!(form(&d).choice("imminent"), "no");
    submit(&mut d);
    let (paragraph, reason) = refusal(&d);
    assert_eq!(paragraph, "G 9.1");
    assert!(reason.contains("reason"), "{reason}");
    assert!(receipt(&d, &target).imminent_threat());
    rewrite(&mut d, "reason", "The source withdrew the report");
    submit(&mut d);
    assert!(matches!(d.app.screen(), Screen::Record(_)));
    let r = receipt(&d, &target);
    assert!(!r.imminent_threat());
    assert_eq!(r.determinations.len(), 2);
    assert!(!in_queue(&d, Queue::Urgent, &target));
}

#[test]
fn g8_1_9_a_verbal_share_is_registered_after_the_fact_from_the_entity_view() {
    let (_f, mut d) = logged_in("imfp");
    let entity = entity_record(&d.store, |e| {
        e.kind().is_non_un() && e.merged_into.is_none()
    });
    open_entity(&mut d, &entity.id);
    choose_action(&mut d, "Register a share made informally");
    assert!(matches!(d.app.screen(), Screen::Form(_)));
    assert_snapshot!("form_share_after_the_fact", render(&mut d, 80, 24));
    assert_eq!(form(&d).choice("recipient"), entity.id.as_str());
    rewrite(&mut d, "shared_at", "-3h");
    goto(&mut d, "title");
    d.type_text("Verbal warning of a convoy ambush");
    goto(&mut d, "reference");
    d.type_text("VERBAL-2026-11-20");
    goto(&mut d, "nature");
    d.type_text("oper");
    rewrite(&mut d, "authorised_by", "Chief JMAC, by phone");
    rewrite(
        &mut d,
        "why",
        "Lives at risk; told to the liaison officer at the checkpoint",
    );
    submit(&mut d);
    assert!(
        !matches!(d.app.screen(), Screen::Form(_)),
        "{:?}",
        form(&d).blocked
    );
    let id = share_where(&d.store, |s| {
        s.draft.product.title == "Verbal warning of a convoy ambush"
    });
    let s = share(&d, &id);
    assert_eq!(s.state, ShareState::SharedAfterTheFact);
    assert_eq!(s.shared_at, Some(now() - chrono::Duration::hours(3)));
    let late = s.after_the_fact.expect("marked after the fact");
    assert_eq!(late.by, "imfp");
    assert_eq!(late.authorised_by.as_deref(), Some("Chief JMAC, by phone"));
    assert!(late.skipped.contains(&Gate::Authorisation));
    assert!(late.skipped.contains(&Gate::WrittenAcceptance));
    open_record(&mut d, &id);
    let screen = render(&mut d, 120, 40);
    assert!(screen.contains("Registered after the fact"), "{screen}");
}

#[test]
fn g_c_registers_an_entity_is_edited_from_its_view_with_history() {
    let (_f, mut d) = logged_in("imfp");
    let entity = entity_record(&d.store, |e| e.merged_into.is_none());
    open_entity(&mut d, &entity.id);
    choose_action(&mut d, "Edit the entity's details");
    assert_snapshot!("form_edit_entity", render(&mut d, 80, 24));
    rewrite(
        &mut d,
        "mandate",
        "Protection of civilians in the north-west",
    );
    rewrite(&mut d, "contact_name", "Col. A. Ndjadi");
    submit(&mut d);
    assert!(form(&d).get("reason").unwrap().error.is_some());
    rewrite(&mut d, "reason", "New liaison officer since November");
    submit(&mut d);
    assert!(
        matches!(d.app.screen(), Screen::Entity(_)),
        "{:?}",
        form(&d).blocked
    );
    let Some(Record::Entity(e)) = d.store.record(&entity.id).unwrap() else {
        panic!()
    };
    assert_eq!(
        e.details.mandate,
        "Protection of civilians in the north-west"
    );
    assert_eq!(e.details.contacts[0].name, "Col. A. Ndjadi");
    assert_eq!(e.details.name, entity.details.name);
    let edit = e.edits.last().expect("kept in history");
    assert!(edit.changed.contains(&"mandate".to_string()), "{edit:?}");
    assert_eq!(edit.reason, "New liaison officer since November");
}

#[test]
fn g_c_registers_two_entities_are_merged_from_the_view_and_their_records_follow() {
    let (_f, mut d) = logged_in("imfp");
    let entities = d.store.entities().unwrap();
    let (dup, keep) = entities
        .iter()
        .flat_map(|a| entities.iter().map(move |b| (a, b)))
        .find(|(a, b)| {
            a.id != b.id
                && a.kind() == b.kind()
                && a.merged_into.is_none()
                && b.merged_into.is_none()
        })
        .map(|(a, b)| (a.clone(), b.clone()))
        .expect("two entities of one kind");
    let other_kind = entity_record(&d.store, |e| e.kind() != dup.kind()).id;
    open_entity(&mut d, &dup.id);
    choose_action(&mut d, "Merge into another entity");
    assert_snapshot!("form_merge_entities", render(&mut d, 80, 24));
    // An entity of another kind: the rule refuses, in the form, keeping the reason.
    goto(&mut d, "into");
    let name = d.store.record(&other_kind).unwrap().unwrap();
    let Record::Entity(other) = name else {
        panic!()
    };
    d.type_text(&other.details.name.to_lowercase());
    assert_eq!(form(&d).choice("into"), other.id.as_str());
    rewrite(&mut d, "reason", "Registered twice");
    goto(&mut d, "confirm");
    key(&mut d, KeyCode::Char('y'));
    submit(&mut d);
    let (paragraph, _) = refusal(&d);
    assert_eq!(paragraph, "G 8.1.2");
    assert_eq!(form(&d).text("reason"), "Registered twice");
    // The right one.
    goto(&mut d, "into");
    for _ in 0..other.details.name.chars().count() {
        key(&mut d, KeyCode::Backspace);
    }
    d.type_text(&keep.details.name.to_lowercase());
    assert_eq!(form(&d).choice("into"), keep.id.as_str());
    submit(&mut d);
    assert!(
        !matches!(d.app.screen(), Screen::Form(_)),
        "{:?}",
        form(&d).blocked
    );
    let Some(Record::Entity(gone)) = d.store.record(&dup.id).unwrap() else {
        panic!()
    };
    assert_eq!(gone.merged_into.as_ref(), Some(&keep.id));
    let Some(Record::Entity(kept)) = d.store.record(&keep.id).unwrap() else {
        panic!()
    };
    assert!(kept.merged_from.contains(&dup.id));
    // The merged-away entity is no longer offered in a form.
    home(&mut d);
    key(&mut d, KeyCode::Char('r'));
    let offered = match &form(&d).get("source").unwrap().kind {
        registrar::tui::forms::FieldKind::Choice(c) => c.options.clone(),
        _ => panic!(),
    };
    assert!(offered.iter().all(|(_, v)| v != dup.id.as_str()));
}

#[test]
fn the_help_says_how_to_correct_void_revise_and_register_after_the_fact() {
    let (_f, mut d) = logged_in("imfp");
    let target = open_receipt(&d);
    open_record(&mut d, &target);
    key(&mut d, KeyCode::Char('?'));
    let screen = render(&mut d, 120, 40);
    for words in [
        "Correct the record",
        "Void the record",
        "Determine or revise",
    ] {
        assert!(screen.contains(words), "{words}: {screen}");
    }
    key(&mut d, KeyCode::Esc);
    let entity = entity_record(&d.store, |e| e.merged_into.is_none()).id;
    open_entity(&mut d, &entity);
    key(&mut d, KeyCode::Char('?'));
    let screen = render(&mut d, 120, 40);
    for words in [
        "Register a share made informally",
        "Merge into another entity",
    ] {
        assert!(screen.contains(words), "{words}: {screen}");
    }
}
