//! The console's forms of what remained of issue 9: the dissemination list picked from the
//! registered users, refused by name when someone is not cleared (G 9.7); the entity's request
//! to pass mission PKI onward and its answer (G 8.1.5); incidents, suspensions and their
//! review (G 8.1.2.3, G 9.5.2). Refusals show in the form.

use crate::tui_common;

use crossterm::event::KeyCode;
use registrar::domain::ids::RecordId;
use registrar::domain::marking::Classification;
use registrar::domain::monitoring::SuspensionOutcome;
use registrar::domain::need_to_know::level_words;
use registrar::domain::queue::Queue;
use registrar::domain::receipt::ReceiptState;
use registrar::domain::record::Record;
use registrar::domain::role::Role;
use registrar::domain::share::ShareState;
use registrar::tui::app::{Blocked, Screen};
use registrar::tui::driver::Driver;
use registrar::tui::forms::FieldKind;
use tui_common::*;

fn in_queue(
    d: &Driver,
    queue: Queue,
    id: &RecordId,
) -> Option<registrar::domain::queue::QueueItem> {
    d.store
        .queue(queue, now())
        .unwrap()
        .into_iter()
        .find(|i| i.id == id.as_str())
}

/// The key of the toggle naming this person.
fn person_key(d: &Driver, name: &str) -> &'static str {
    form(d)
        .fields
        .iter()
        .find(|f| {
            matches!(f.kind, FieldKind::Toggle(_)) && f.label.starts_with(&format!("{name} · "))
        })
        .unwrap_or_else(|| panic!("no toggle for {name}"))
        .key
}

fn toggle(d: &mut Driver, name: &str) {
    let k = person_key(d, name);
    goto(d, k);
    key(d, KeyCode::Char(' '));
}

fn choose(d: &mut Driver, field: &str, value: &str) {
    goto(d, field);
    for _ in 0..20 {
        if form(d).choice(field) == value {
            return;
        }
        key(d, KeyCode::Right);
    }
    panic!("no option {value} in {field}");
}

#[test]
fn g9_7_the_dissemination_form_lists_registered_users_and_refuses_an_uncleared_one_by_name() {
    let (_f, mut d) = logged_in("hom");
    let admin = d.store.authenticate("admin", "demo-admin").unwrap();
    crate::common::quick_passphrases();
    d.store
        .add_user(
            &admin,
            "visitor",
            vec![Role::Admin],
            Classification::Unclassified,
            "demo-visitor",
        )
        .unwrap();
    let target = receipt_where(&d.store, |r| {
        r.state == ReceiptState::Cleared && r.capture.marking.level > Classification::Unclassified
    });
    let Some(Record::Receipt(r)) = d.store.record(&target).unwrap() else {
        panic!()
    };
    open_record(&mut d, &target);
    choose_action(&mut d, "Decide the dissemination");
    // No free text: the registered users, with their clearance, to pick.
    assert!(form(&d).get("recipients").is_none());
    let field = |d: &Driver, name: &str| {
        let k = person_key(d, name);
        let f = form(d).get(k).unwrap();
        (f.label.clone(), f.hint.clone().unwrap_or_default())
    };
    let (label, hint) = field(&d, "visitor");
    assert_eq!(label, "visitor · U — not cleared");
    assert!(
        hint.ends_with("cleared to Unclassified (not cleared for this product)"),
        "{hint}"
    );
    assert_eq!(field(&d, "legal").0, "legal · SC");
    // Nobody picked: the field says so.
    submit(&mut d);
    assert!(matches!(d.app.screen(), Screen::Form(_)));
    toggle(&mut d, "visitor");
    toggle(&mut d, "legal");
    if form(&d).text("flag").is_empty() {
        rewrite(&mut d, "flag", "Caution: see the scan");
    }
    submit(&mut d);
    match &form(&d).blocked {
        Some(Blocked::Refused(x)) => assert_eq!(
            x.to_string(),
            format!(
                "G 9.7: visitor is cleared to Unclassified; {target} is {}",
                level_words(r.capture.marking.level)
            )
        ),
        other => panic!("expected the refusal by name, got {other:?}"),
    }
    let screen = render(&mut d, 160, 60);
    assert!(
        screen.contains("visitor is cleared to Unclassified"),
        "{screen}"
    );
    // Without the visitor, with the IM FPs as a group.
    toggle(&mut d, "visitor");
    choose(&mut d, "group", Role::Imfp.key());
    submit(&mut d);
    assert!(
        matches!(d.app.screen(), Screen::Record(_)),
        "{:?}",
        form(&d).blocked
    );
    let Some(Record::Receipt(r)) = d.store.record(&target).unwrap() else {
        panic!()
    };
    let dis = r.dissemination.unwrap();
    assert_eq!(dis.to_whom(), ["legal", "imfp (IM FP)"]);
    let screen = render(&mut d, 160, 120);
    assert!(screen.contains("legal, imfp (IM FP)"), "{screen}");
}

#[test]
fn g8_1_5_the_onward_request_and_its_answer_are_recorded_from_the_share_view() {
    let (f, mut d) = logged_in("imfp");
    let share = share_where(&d.store, |s| {
        s.state == ShareState::Shared && s.onward_requests.is_empty()
    });
    open_record(&mut d, &share);
    choose_action(&mut d, "Record the entity's request to pass it onward");
    submit(&mut d);
    assert!(form(&d).get("to_whom").unwrap().error.is_some());
    rewrite(&mut d, "to_whom", "Regional coalition HQ");
    rewrite(&mut d, "purpose", "Joint planning of escorts");
    rewrite(&mut d, "reference", "Letter 12/2026");
    rewrite(&mut d, "at", "-1h");
    submit(&mut d);
    assert!(
        matches!(d.app.screen(), Screen::Record(_)),
        "{:?}",
        form(&d).blocked
    );
    let item = in_queue(&d, Queue::Pending, &share).expect("the request waits in the queue");
    assert!(
        item.waiting_on.starts_with("G 8.1.5"),
        "{}",
        item.waiting_on
    );
    // The IM FP does not answer: the action says who may.
    drop(d);

    // The Head of Mission answers, on the same registry.
    let store = registrar::store::Store::open(
        &f.path,
        std::sync::Arc::new(registrar::store::FixedClock::new(now())),
    )
    .unwrap();
    let mut d = Driver::new(
        store,
        registrar::tui::theme::Theme::load("default").unwrap(),
        true,
    )
    .unwrap();
    d.handle(registrar::tui::msg::Msg::Resize(80, 24));
    d.tick();
    log_in(&mut d, "hom");
    open_record(&mut d, &share);
    choose_action(&mut d, "Answer the request to pass it onward");
    choose(&mut d, "decision", "approve");
    rewrite(&mut d, "reference", "HOM/2026/071");
    rewrite(
        &mut d,
        "terms",
        "A sanitised version only, not to be passed further",
    );
    // Answering in a role the person does not hold: refused in the form.
    choose(&mut d, "authority", Role::Micm.key());
    submit(&mut d);
    assert!(
        matches!(form(&d).blocked, Some(Blocked::NotAllowed(_))),
        "{:?}",
        form(&d).blocked
    );
    choose(&mut d, "authority", Role::Hom.key());
    submit(&mut d);
    assert!(
        matches!(d.app.screen(), Screen::Record(_)),
        "{:?}",
        form(&d).blocked
    );
    let Some(Record::Share(s)) = d.store.record(&share).unwrap() else {
        panic!()
    };
    let a = s.onward_requests[0].answer.as_ref().unwrap();
    assert!(a.approved && a.reference == "HOM/2026/071");
    assert!(in_queue(&d, Queue::Pending, &share).is_none());
}

#[test]
fn g8_1_2_3_incidents_and_suspensions_are_recorded_and_reviewed_from_the_entity_view() {
    let (_f, mut d) = logged_in("hro");
    let e = entity_record(&d.store, |e| {
        e.merged_into.is_none()
            && e.sharing_assessment.is_some()
            && registrar::domain::monitoring::suspension_awaiting_review(e).is_none()
    });
    open_entity(&mut d, &e.id);
    choose_action(&mut d, "Record an incident");
    submit(&mut d);
    assert!(form(&d).get("what").unwrap().error.is_some());
    rewrite(&mut d, "what", "Detainees reported killed in custody");
    rewrite(&mut d, "at", "-2h");
    rewrite(&mut d, "source", "Monitoring visit");
    submit(&mut d);
    assert!(
        matches!(d.app.screen(), Screen::Entity(_)),
        "{:?}",
        form(&d).blocked
    );
    choose_action(&mut d, "Suspend the entity's assessments");
    rewrite(&mut d, "reason", "Credible reports of killings in custody");
    submit(&mut d);
    assert!(
        matches!(d.app.screen(), Screen::Entity(_)),
        "{:?}",
        form(&d).blocked
    );
    let Some(Record::Entity(now_e)) = d.store.record(&e.id).unwrap() else {
        panic!()
    };
    let n = now_e.monitoring.incidents.len() - 1;
    let s = now_e.monitoring.suspensions.last().unwrap();
    assert_eq!(s.incident, Some(n));
    assert_eq!(s.by, "hro");
    assert!(in_queue(&d, Queue::Pending, &e.id).is_some());
    // A second suspension while one waits for review: refused, shown in the form.
    choose_action(&mut d, "Suspend the entity's assessments");
    rewrite(&mut d, "reason", "Again");
    submit(&mut d);
    assert!(
        matches!(form(&d).blocked, Some(Blocked::Refused(_))),
        "{:?}",
        form(&d).blocked
    );
    // Leave the form, discarding what was typed.
    key(&mut d, KeyCode::Esc);
    if d.app.modal.is_some() {
        key(&mut d, KeyCode::Char('y'));
    }
    assert!(
        matches!(d.app.screen(), Screen::Entity(_)),
        "{:?}",
        d.app.modal.is_some()
    );
    choose_action(&mut d, "Review the suspension");
    choose(&mut d, "outcome", SuspensionOutcome::Confirmed.key());
    rewrite(
        &mut d,
        "finding",
        "The reports are confirmed by two sources",
    );
    submit(&mut d);
    assert!(
        matches!(d.app.screen(), Screen::Entity(_)),
        "{:?}",
        form(&d).blocked
    );
    let Some(Record::Entity(now_e)) = d.store.record(&e.id).unwrap() else {
        panic!()
    };
    let review = now_e
        .monitoring
        .suspensions
        .last()
        .unwrap()
        .review
        .as_ref()
        .unwrap();
    assert_eq!(review.value.outcome, SuspensionOutcome::Confirmed);
}

#[test]
fn g8_1_8_the_demo_shows_an_out_of_scope_product_refused_by_a_list_and_a_review_checklist() {
    let (_f, mut d) = logged_in("imfp");
    // The operational report EUTM's entry does not cover: assessed and decided on its own,
    // the decision saying why.
    let share = share_where(&d.store, |s| {
        s.draft.product.reference == "JOC/OPS/2026/0912"
    });
    let Some(Record::Share(s)) = d.store.record(&share).unwrap() else {
        panic!()
    };
    let decision = s.decision.as_ref().expect("decided");
    assert!(s.pre_authorisation.is_none());
    assert!(s.risk_assessment.is_some());
    assert!(
        decision
            .reason
            .contains("Not covered by the pre-authorised list (G 8.1.8:")
            && decision.reason.contains("JOC/OPS/2026/0912")
            && decision
                .reason
                .contains("needs its own Sharing Risk Assessment"),
        "{}",
        decision.reason
    );
    // The entry's review: what the reviewer confirmed, item by item, in the record view.
    let mut reviewed = None;
    d.store
        .visit_records(&mut |r| {
            if let Record::PreAuthorisation(p) = &r
                && !p.reviews.is_empty()
            {
                reviewed = Some(p.id.clone());
            }
            Ok(())
        })
        .unwrap();
    let entry = reviewed.expect("the demo reviewed a pre-authorised entry");
    open_record_from_entity(&mut d, &entry);
    let screen = render(&mut d, 160, 120);
    for item in registrar::domain::pre_authorisation_scope::CHECKS {
        assert!(screen.contains(item), "{item}: {screen}");
    }
    assert!(screen.contains("✓ confirmed"), "{screen}");
    assert!(
        screen.contains("kept outside the list and assessed on its own"),
        "{screen}"
    );
}

/// G 8.1.8, G 9.10: an entry that ended for good (the demo's AU entry: the assessment it stood
/// on passed its review date) is never said to be valid — the record view reads "Valid now NO —
/// ENDED <date>: <why>" and `show --json` gives when and why.
#[test]
fn g_8_1_8_an_ended_entry_is_not_valid_in_the_record_view() {
    let (f, mut d) = logged_in("imfp");
    let entry = RecordId::from("PRE-MINUSCA-JMAC-1-0001");
    let Some(Record::PreAuthorisation(p)) = d.store.record(&entry).unwrap() else {
        panic!("the demo's first pre-authorised entry");
    };
    assert!(p.revoked.is_none());
    open_record_from_entity(&mut d, &entry);
    let screen = render(&mut d, 120, 40);
    let valid = screen
        .lines()
        .find(|l| l.contains("Valid now"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(valid.contains("NO — ENDED 2026-10-31"), "{valid}");
    assert!(!valid.contains("yes"), "{valid}");
    let out = crate::store_common::registrar(&f.path)
        .args(["show", entry.as_str(), "--json"])
        .output()
        .unwrap();
    let shown: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown["ended"]["at"], "2026-10-31T02:00:00+00:00", "{shown}");
    assert!(
        shown["ended"]["why"]
            .as_str()
            .unwrap()
            .starts_with("G 8.1.8")
    );
}
