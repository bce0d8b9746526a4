//! The console's forms of issue 9's follow-up, driven by keys from the record and entity views:
//! the action taken with its corroboration (G 9.13), a product found tainted after dissemination
//! rejected (G 9.9) and the Human Rights officer's acknowledgement, the HoM's G 9.9
//! communication to an entity, and the periodic revision of an entity (G 9.13). A refusal
//! shows the rule in the form.

use crate::tui_common;

use crossterm::event::KeyCode;
use registrar::domain::ids::RecordId;
use registrar::domain::queue::Queue;
use registrar::domain::receipt::{IncomingReceipt, ReceiptState};
use registrar::domain::record::Record;
use registrar::tui::app::{Blocked, Screen};
use registrar::tui::driver::Driver;
use tui_common::*;

fn receipt(d: &Driver, id: &RecordId) -> IncomingReceipt {
    match d.store.record(id).unwrap() {
        Some(Record::Receipt(r)) => r,
        other => panic!("{id}: {other:?}"),
    }
}

fn goto(d: &mut Driver, field: &str) {
    for code in [KeyCode::Tab, KeyCode::BackTab] {
        for _ in 0..40 {
            let f = form(d);
            if f.fields.get(f.focus).is_some_and(|x| x.key == field) {
                return;
            }
            key(d, code);
        }
    }
    panic!("no field {field}");
}

fn write(d: &mut Driver, field: &str, text: &str) {
    goto(d, field);
    let len = form(d).text(field).chars().count() + 2;
    for _ in 0..len {
        key(d, KeyCode::Backspace);
    }
    d.type_text(text);
}

fn submit(d: &mut Driver) {
    goto(d, "submit");
    key(d, KeyCode::Enter);
}

fn refusal(d: &Driver) -> (String, String) {
    match &form(d).blocked {
        Some(Blocked::Refused(r)) => (r.paragraph.to_string(), r.reason.clone()),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn error(d: &Driver, field: &str) -> String {
    form(d)
        .get(field)
        .and_then(|f| f.error.clone())
        .unwrap_or_else(|| panic!("no error beside {field}"))
}

fn in_queue(d: &Driver, queue: Queue, id: &RecordId) -> bool {
    d.store
        .queue(queue, now())
        .unwrap()
        .iter()
        .any(|i| i.id == id.as_str())
}

/// The screen's line with this label.
fn line_of(screen: &str, label: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains(label))
        .unwrap_or_else(|| panic!("no line {label}: {screen}"))
        .to_string()
}

fn disseminated(d: &Driver) -> RecordId {
    receipt_where(&d.store, |r| {
        r.state == ReceiptState::Disseminated && r.voided.is_none() && r.follow_up.is_empty()
    })
}

#[test]
fn g9_13_the_action_taken_is_recorded_from_the_record_view_and_shown_as_action_taken() {
    let (_f, mut d) = logged_in("imfp");
    let target = disseminated(&d);
    open_record(&mut d, &target);
    let before = render(&mut d, 160, 120);
    assert!(
        line_of(&before, "Action taken").contains("none recorded (disseminated)"),
        "{before}"
    );
    choose_action(&mut d, "Record the action taken");
    write(&mut d, "action", "Patrol sent to the Ndélé road checkpoint");
    submit(&mut d);
    assert!(error(&d, "corroborated_by").contains("G 9.13"));
    write(
        &mut d,
        "corroborated_by",
        "UNPOL report 44 and a drone image",
    );
    submit(&mut d);
    assert!(
        matches!(d.app.screen(), Screen::Record(_)),
        "{:?}",
        form(&d).blocked
    );
    let a = &receipt(&d, &target).follow_up.actions[0];
    assert_eq!(a.by, "imfp");
    let screen = render(&mut d, 160, 120);
    let line = line_of(&screen, "Action taken");
    assert!(
        line.contains("Patrol sent to the Ndélé road checkpoint — corroborated by UNPOL report 44"),
        "{screen}"
    );
}

#[test]
fn g9_9_a_product_found_tainted_after_dissemination_is_rejected_and_the_notice_acknowledged() {
    let (f, mut d) = logged_in("imfp");
    let target = disseminated(&d);
    let told = receipt(&d, &target).dissemination.unwrap().to_whom();
    assert!(!told.is_empty());
    open_record(&mut d, &target);
    choose_action(&mut d, "Reject the product");
    assert!(
        form(&d)
            .notes
            .iter()
            .any(|n| n.contains("Already disseminated")),
        "{:?}",
        form(&d).notes
    );
    write(
        &mut d,
        "reason",
        "Statements taken from detainees held incommunicado",
    );
    // Not marked as obtained through grave violations: the rule refuses, in the form.
    submit(&mut d);
    let (paragraph, reason) = refusal(&d);
    assert_eq!(paragraph, "G 9.9");
    assert!(reason.contains("disseminated"), "{reason}");
    goto(&mut d, "grave");
    key(&mut d, KeyCode::Char('y'));
    submit(&mut d);
    assert!(error(&d, "hr_to").contains("G 9.9"));
    write(&mut d, "hr_to", "HRD duty officer Mbaye");
    submit(&mut d);
    assert!(
        matches!(d.app.screen(), Screen::Record(_)),
        "{:?}",
        form(&d).blocked
    );
    let r = receipt(&d, &target);
    assert_eq!(r.state, ReceiptState::Rejected);
    assert_eq!(r.follow_up.to_tell, told);
    let screen = render(&mut d, 160, 120);
    assert!(screen.contains("Withdrawn after dissemination"), "{screen}");
    assert!(
        screen.contains("AWAITING a Human Rights officer"),
        "{screen}"
    );
    assert!(in_queue(&d, Queue::Pending, &target));

    // The Human Rights officer acknowledges it from the record.
    drop(d);
    let store = registrar::store::Store::open(
        &f.path,
        std::sync::Arc::new(registrar::store::FixedClock::new(now())),
    )
    .unwrap();
    let mut d = Driver::new(store, registrar::tui::theme::Theme::default_dark(), true).unwrap();
    d.handle(registrar::tui::msg::Msg::Resize(80, 24));
    log_in(&mut d, "hro");
    open_record(&mut d, &target);
    choose_action(&mut d, "Acknowledge the G 9.9 notice");
    submit(&mut d);
    assert!(form(&d).get("response").unwrap().error.is_some());
    write(&mut d, "response", "Case opened with the detaining unit");
    submit(&mut d);
    assert!(
        matches!(d.app.screen(), Screen::Record(_)),
        "{:?}",
        form(&d).blocked
    );
    let a = receipt(&d, &target).follow_up.notice_acknowledged.unwrap();
    assert_eq!(a.by, "hro");
    assert!(!in_queue(&d, Queue::Pending, &target));
}

#[test]
fn g9_9_the_hom_records_the_communication_from_the_entity_view() {
    let (_f, mut d) = logged_in("hom");
    let e = entity_record(
        &d.store,
        registrar::domain::entity_review::torture_refusal_missing,
    );
    assert!(in_queue(&d, Queue::Pending, &e.id));
    open_entity(&mut d, &e.id);
    let screen = render(&mut d, 200, 120);
    assert!(screen.contains("G 9.9 MISSING"), "{screen}");
    choose_action(&mut d, "Record the HoM's communication");
    submit(&mut d);
    assert!(form(&d).get("how").unwrap().error.is_some());
    write(
        &mut d,
        "how",
        "Letter SRSG/2026/311 to the Chief of Defence Staff",
    );
    submit(&mut d);
    assert!(
        matches!(d.app.screen(), Screen::Entity(_)),
        "{:?}",
        form(&d).blocked
    );
    let screen = render(&mut d, 200, 120);
    assert!(screen.contains("G 9.9 communicated"), "{screen}");
    assert!(!screen.contains("G 9.9 MISSING"), "{screen}");
    assert!(!in_queue(&d, Queue::Pending, &e.id));
}

#[test]
fn g9_13_a_periodic_revision_is_recorded_from_the_entity_view_with_the_action_decided() {
    let (_f, mut d) = logged_in("imfp");
    let e = entity_record(&d.store, |e| {
        e.merged_into.is_none() && e.kind().is_non_un()
    });
    open_entity(&mut d, &e.id);
    choose_action(&mut d, "Record a periodic revision");
    write(
        &mut d,
        "finding",
        "Three of seven products doubtfully true; two red flags",
    );
    goto(&mut d, "action");
    key(&mut d, KeyCode::Right);
    key(&mut d, KeyCode::Right);
    assert_eq!(form(&d).choice("action"), "reassess");
    submit(&mut d);
    assert!(error(&d, "details").contains("what is to be done"));
    write(
        &mut d,
        "details",
        "IM FP to make a new Entity Assessment for Receipt",
    );
    submit(&mut d);
    assert!(
        matches!(d.app.screen(), Screen::Entity(_)),
        "{:?}",
        form(&d).blocked
    );
    let screen = render(&mut d, 200, 80);
    assert!(
        screen.contains("action: make a new Entity Assessment"),
        "{screen}"
    );

    // The same period twice: the rule refuses, in the form.
    choose_action(&mut d, "Record a periodic revision");
    write(&mut d, "finding", "No pattern");
    submit(&mut d);
    let (paragraph, reason) = refusal(&d);
    assert_eq!(paragraph, "G 9.13");
    assert!(reason.contains("already revised"), "{reason}");
}

#[test]
fn the_demo_shows_the_follow_up_of_issue_9() {
    let (_f, d) = logged_in("imfp");
    let tainted = receipt(
        &d,
        &receipt_where(&d.store, |r| {
            r.capture.title == "Names of militia couriers in Kaga-Bandoro"
        }),
    );
    assert_eq!(tainted.state, ReceiptState::Rejected);
    assert!(tainted.follow_up.rejected_after_dissemination);
    assert!(!tainted.follow_up.to_tell.is_empty());
    assert!(
        in_queue(&d, Queue::Pending, &tainted.id),
        "awaits a Human Rights officer"
    );
    let acted = receipt(
        &d,
        &receipt_where(&d.store, |r| {
            r.capture.title == "Armed group checkpoint on the Bangui–Damara road"
        }),
    );
    assert!(acted.follow_up.actions[0].corroborated_by.contains("UNPOL"));
    let battalion = entity_record(&d.store, |e| e.name().contains("3rd Infantry Battalion"));
    assert_eq!(battalion.monitoring.torture_refusal.len(), 1);
    assert_eq!(battalion.monitoring.revisions.len(), 1);
    let missing = entity_record(
        &d.store,
        registrar::domain::entity_review::torture_refusal_missing,
    );
    assert!(in_queue(&d, Queue::Pending, &missing.id));
}
