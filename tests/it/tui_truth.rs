//! The console keeps the register true (issue 8): no entity is preselected, a new one is
//! registered inline, a name close to a registered one asks first, and a time received
//! earlier is stated as `-20m` and drives the G 9.2 deadline.

use crate::tui_common;

use crossterm::event::KeyCode;
use registrar::domain::queue::Queue;
use registrar::domain::record::Record;
use registrar::tui::app::Screen;
use tui_common::*;

fn form_error(d: &registrar::tui::driver::Driver, key: &str) -> Option<String> {
    match d.app.screen() {
        Screen::Form(f) => f.get(key).and_then(|f| f.error.clone()),
        _ => None,
    }
}

#[test]
fn g9_1_three_enters_on_the_fast_path_file_against_no_entity() {
    let (_f, mut d) = logged_in("analyst");
    let before = d.store.queue(Queue::Urgent, now()).unwrap().len();
    key(&mut d, KeyCode::Char('!'));
    focus_field(&mut d, "summary");
    d.type_text("Shots heard near the market");
    focus_field(&mut d, "submit");
    key(&mut d, KeyCode::Enter);
    let err = form_error(&d, "entity").expect("the entity must be chosen");
    assert!(err.contains("choose"), "{err}");
    assert_eq!(d.store.queue(Queue::Urgent, now()).unwrap().len(), before);
}

#[test]
fn g9_2_a_call_received_twenty_minutes_ago_is_registered_with_its_time_and_deadline() {
    let (_f, mut d) = logged_in("analyst");
    key(&mut d, KeyCode::Char('!'));
    d.type_text("gend");
    key(&mut d, KeyCode::Enter);
    // The received field: `-20m`, shown resolved.
    for _ in 0..3 {
        key(&mut d, KeyCode::Backspace);
    }
    d.type_text("-20m");
    let Screen::Form(f) = d.app.screen() else {
        panic!()
    };
    let expected = (now() - chrono::Duration::minutes(20))
        .format("%Y-%m-%d %H:%M")
        .to_string();
    assert!(
        f.get("received_at")
            .unwrap()
            .hint
            .as_deref()
            .unwrap_or("")
            .contains(&expected),
        "{:?}",
        f.get("received_at").unwrap().hint
    );
    focus_field(&mut d, "summary");
    d.type_text("Armed men seen at the IDP site an hour ago");
    focus_field(&mut d, "submit");
    key(&mut d, KeyCode::Enter);
    let urgent = d.store.queue(Queue::Urgent, now()).unwrap();
    let item = urgent
        .iter()
        .find(|i| i.title.starts_with("Armed men seen"))
        .expect("registered");
    let Some(Record::Receipt(r)) = d.store.record(&item.id.as_str().into()).unwrap() else {
        panic!()
    };
    assert_eq!(r.capture.received_at, now() - chrono::Duration::minutes(20));
    assert_eq!(r.registered_at, now());
    assert_eq!(
        r.deadline,
        Some(now() + chrono::Duration::minutes(100)),
        "the G 9.2 clock started when it was received"
    );
}

#[test]
fn a_new_entity_is_registered_inline_from_the_fast_path_after_a_near_match_warning() {
    let (_f, mut d) = logged_in("analyst");
    let entities_before = d.store.entities().unwrap().len();
    key(&mut d, KeyCode::Char('!'));
    d.type_text("+ new");
    key(&mut d, KeyCode::Enter);
    // The new entity's fields appear right after the choice.
    let Screen::Form(f) = d.app.screen() else {
        panic!()
    };
    assert_eq!(f.fields[f.focus].key, "new_name");
    // A name differing only by case and accents from a registered entity asks first.
    let existing = d.store.entities().unwrap()[0].details.name.to_uppercase();
    d.type_text(&existing);
    focus_field(&mut d, "summary");
    d.type_text("Roadblock on the Bossangoa road");
    focus_field(&mut d, "submit");
    key(&mut d, KeyCode::Enter);
    let err = form_error(&d, "new_name").expect("a near match is shown");
    assert!(err.contains("close to"), "{err}");
    assert_eq!(d.store.entities().unwrap().len(), entities_before);

    // A really new one goes through: the entity, then the receipt from it.
    focus_field(&mut d, "new_name");
    for _ in 0..existing.chars().count() {
        key(&mut d, KeyCode::Backspace);
    }
    d.type_text("Comité de vigilance de Bossangoa");
    focus_field(&mut d, "new_kind");
    d.type_text("other");
    focus_field(&mut d, "submit");
    key(&mut d, KeyCode::Enter);
    assert!(
        matches!(d.app.screen(), Screen::Dashboard(_)),
        "{:?}",
        d.app.status
    );
    let entities = d.store.entities().unwrap();
    assert_eq!(entities.len(), entities_before + 1);
    let new = entities
        .iter()
        .find(|e| e.name() == "Comité de vigilance de Bossangoa")
        .unwrap();
    let urgent = d.store.queue(Queue::Urgent, now()).unwrap();
    let item = urgent
        .iter()
        .find(|i| i.title.starts_with("Roadblock"))
        .expect("registered");
    let Some(Record::Receipt(r)) = d.store.record(&item.id.as_str().into()).unwrap() else {
        panic!()
    };
    assert_eq!(r.capture.source, new.id);
}

#[test]
fn g_c_registers_a_new_entity_that_drops_a_word_of_a_registered_name_asks_and_f4_takes_the_registered_one()
 {
    let (_f, mut d) = logged_in("analyst");
    let entities_before = d.store.entities().unwrap();
    let gendarmerie = entities_before
        .iter()
        .find(|e| e.name() == "National Gendarmerie — Western Brigade")
        .expect("the demo's gendarmerie")
        .id
        .clone();
    key(&mut d, KeyCode::Char('!'));
    d.type_text("+ new");
    key(&mut d, KeyCode::Enter);
    // "Western" dropped: the same entity, typed from memory at night.
    d.type_text("National Gendarmerie Brigade");
    // The kind decides the assessment: none is chosen for the person.
    let Screen::Form(f) = d.app.screen() else {
        panic!()
    };
    assert_eq!(f.choice("new_kind"), "", "no kind preselected");
    focus_field(&mut d, "summary");
    d.type_text("Roadblock on the Bossangoa road");
    focus_field(&mut d, "submit");
    key(&mut d, KeyCode::Enter);
    let kind = form_error(&d, "new_kind").expect("a kind is asked for");
    assert!(kind.contains("choose its kind"), "{kind}");
    let err = form_error(&d, "new_name").expect("the near match is shown");
    assert!(
        err.contains("close to National Gendarmerie — Western Brigade")
            && err.contains(gendarmerie.as_str())
            && err.contains("F4 takes"),
        "{err}"
    );
    assert_eq!(d.store.entities().unwrap().len(), entities_before.len());
    // The whole warning is on screen at 80 columns.
    let screen = render(&mut d, 80, 24);
    assert!(screen.contains("F4"), "{screen}");

    // One key takes the registered entity; nothing new is registered.
    key(&mut d, KeyCode::F(4));
    let Screen::Form(f) = d.app.screen() else {
        panic!()
    };
    assert_eq!(f.choice("entity"), gendarmerie.as_str());
    assert_eq!(f.fields[f.focus].key, "entity");
    focus_field(&mut d, "submit");
    key(&mut d, KeyCode::Enter);
    assert!(
        matches!(d.app.screen(), Screen::Dashboard(_)),
        "{:?}",
        d.app.status
    );
    assert_eq!(d.store.entities().unwrap().len(), entities_before.len());
    let urgent = d.store.queue(Queue::Urgent, now()).unwrap();
    let item = urgent
        .iter()
        .find(|i| i.title.starts_with("Roadblock"))
        .expect("registered");
    let Some(Record::Receipt(r)) = d.store.record(&item.id.as_str().into()).unwrap() else {
        panic!()
    };
    assert_eq!(r.capture.source, gendarmerie);
}

#[test]
fn g8_1_2_the_entity_form_starts_with_no_kind_and_refuses_beside_it_until_one_is_chosen() {
    let (_f, mut d) = logged_in("imfp");
    key(&mut d, KeyCode::Char('e'));
    key(&mut d, KeyCode::Char('n'));
    let Screen::Form(f) = d.app.screen() else {
        panic!("the entity form: {:?}", d.app.status)
    };
    assert_eq!(f.choice("kind"), "", "no kind preselected");
    d.type_text("Prefecture of Ouham");
    focus_field(&mut d, "submit");
    key(&mut d, KeyCode::Enter);
    let err = form_error(&d, "kind").expect("refused beside the kind");
    assert!(
        err.contains("choose its kind") && err.contains("G 8.1.2"),
        "{err}"
    );
    let before = d.store.entities().unwrap().len();
    focus_field(&mut d, "kind");
    d.type_text("other");
    focus_field(&mut d, "submit");
    key(&mut d, KeyCode::Enter);
    let entities = d.store.entities().unwrap();
    assert_eq!(entities.len(), before + 1, "{:?}", d.app.status);
    let e = entities
        .iter()
        .find(|e| e.name() == "Prefecture of Ouham")
        .unwrap();
    assert_eq!(
        e.kind(),
        registrar::domain::entity::EntityKind::OtherNonUnCivilian
    );
}

/// Moves the keyboard to a field, forward or back.
fn goto(d: &mut registrar::tui::driver::Driver, field: &str) {
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

/// Empties a field's text with the keyboard and writes `text` in it.
fn rewrite(d: &mut registrar::tui::driver::Driver, field: &str, text: &str) {
    goto(d, field);
    let len = form(d).text(field).chars().count() + 2;
    for _ in 0..len {
        key(d, KeyCode::Backspace);
    }
    d.type_text(text);
}

#[test]
fn g9_7_a_dissemination_states_when_it_happened_and_not_before_the_clearance() {
    use registrar::domain::nature::Nature;
    use registrar::domain::receipt::ReceiptState;
    use registrar::tui::app::Blocked;
    let (_f, mut d) = logged_in("micm");
    let target = receipt_where(&d.store, |r| {
        r.state == ReceiptState::Cleared && r.capture.nature == Nature::Strategic
    });
    let Some(Record::Receipt(r)) = d.store.record(&target).unwrap() else {
        panic!()
    };
    let cleared = r.cleared.as_ref().unwrap().at;
    assert!(cleared < now() - chrono::Duration::minutes(10));
    open_record(&mut d, &target);
    choose_action(&mut d, "Decide the dissemination");
    // Who may see it: a registered user, picked (G 9.7).
    focus_field(&mut d, "person_0");
    key(&mut d, KeyCode::Char('y'));
    // An hour before the clearance: refused, naming the rule, the form kept.
    let before = (cleared - chrono::Duration::hours(1))
        .format("%Y-%m-%d %H:%M")
        .to_string();
    rewrite(&mut d, "at", &before);
    focus_field(&mut d, "submit");
    key(&mut d, KeyCode::Enter);
    match &form(&d).blocked {
        Some(Blocked::Refused(r)) => {
            assert_eq!(r.paragraph, "G 9.7");
            assert!(r.reason.contains("disseminated ≥ cleared"), "{}", r.reason);
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    // Ten minutes ago: recorded as stated, beside when it was recorded.
    rewrite(&mut d, "at", "-10m");
    focus_field(&mut d, "submit");
    key(&mut d, KeyCode::Enter);
    let Some(Record::Receipt(r)) = d.store.record(&target).unwrap() else {
        panic!()
    };
    let dis = r.dissemination.as_ref().expect("disseminated");
    assert_eq!(dis.disseminated_at(), now() - chrono::Duration::minutes(10));
    assert_eq!(dis.at, now());
    let screen = render(&mut d, 80, 24);
    assert!(matches!(d.app.screen(), Screen::Record(_)), "{screen}");
}

#[test]
fn g_c_registers_the_browser_marks_a_voided_record_void() {
    let (_f, mut d) = logged_in("imfp");
    key(&mut d, KeyCode::Char('b'));
    key(&mut d, KeyCode::Char('/'));
    d.type_text("Bossangoa road");
    key(&mut d, KeyCode::Enter);
    let screen = render(&mut d, 80, 24);
    assert!(screen.contains("VOID (was received)"), "{screen}");
    assert!(screen.contains("rejected"), "{screen}");
}

/// Every word of `text` is on `screen` (wrapped, never cut).
fn every_word_shown(text: &str, screen: &str) {
    for word in text.split_whitespace() {
        assert!(
            screen.contains(word),
            "'{word}' of '{text}' is cut:\n{screen}"
        );
    }
}

#[test]
fn g9_11_a_receipt_stated_a_day_old_is_refused_in_the_console_and_the_refusal_is_read_whole_at_80x24()
 {
    let (_f, mut d) = logged_in("analyst");
    key(&mut d, KeyCode::Char('r'));
    d.type_text("Convoy ambush planned near Bozoum");
    rewrite(&mut d, "reference", "GEND/W/2026/131");
    goto(&mut d, "source");
    d.type_text("gend");
    rewrite(&mut d, "received_at", "-26h");
    goto(&mut d, "nature");
    d.type_text("oper");
    submit(&mut d);
    let Screen::Form(f) = d.app.screen() else {
        panic!("refused, the form stays: {:?}", d.app.status)
    };
    let Some(registrar::tui::app::Blocked::Refused(r)) = &f.blocked else {
        panic!("a refusal: {:?} {:?}", f.blocked, d.app.status)
    };
    assert_eq!(r.paragraph, "G 9.11");
    let reason = r.reason.clone();
    assert!(
        reason.contains("register it as registered late"),
        "{reason}"
    );
    let screen = render(&mut d, 80, 24);
    every_word_shown(&reason, &screen);
}

#[test]
fn a_field_refusal_longer_than_half_the_width_is_written_whole_under_its_field_at_80x24() {
    let (_f, mut d) = logged_in("analyst");
    key(&mut d, KeyCode::Char('!'));
    d.type_text("+ new");
    key(&mut d, KeyCode::Enter);
    d.type_text("National Gendarmerie Brigade");
    focus_field(&mut d, "new_kind");
    d.type_text("non-UN s");
    focus_field(&mut d, "summary");
    d.type_text("Roadblock on the Bossangoa road");
    focus_field(&mut d, "submit");
    key(&mut d, KeyCode::Enter);
    focus_field(&mut d, "new_name");
    let err = form_error(&d, "new_name").expect("the near match");
    assert!(err.chars().count() > 80, "{err}");
    let screen = render(&mut d, 80, 24);
    every_word_shown(&err, &screen);
}

#[test]
fn g8_b_g9_b_a_new_receipt_starts_with_no_nature_and_refuses_beside_it_until_one_is_chosen() {
    let (_f, mut d) = logged_in("analyst");
    key(&mut d, KeyCode::Char('r'));
    assert_eq!(form(&d).choice("nature"), "", "no nature preselected");
    d.type_text("Militia movements near Kabo");
    rewrite(&mut d, "reference", "GEND/W/2026/140");
    goto(&mut d, "source");
    d.type_text("gend");
    submit(&mut d);
    let err = form_error(&d, "nature").expect("refused beside the nature");
    assert!(
        err.contains("choose the nature") && err.contains("who authorises"),
        "{err}"
    );
    goto(&mut d, "nature");
    d.type_text("strat");
    submit(&mut d);
    assert!(
        !matches!(d.app.screen(), Screen::Form(_)),
        "{:?}",
        d.app.status
    );
}
