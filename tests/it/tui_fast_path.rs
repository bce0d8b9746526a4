//! G 9.1–9.3: an imminent threat is registered from the dashboard in a handful of keys —
//! one key opens the form; entity, channel, marking, PoC, what was reported, the alerts —
//! and heads the urgent queue with its countdown. The count of keys is in the README.

use crate::tui_common;

use crossterm::event::KeyCode;
use registrar::domain::queue::Queue;
use registrar::domain::receipt::{AlertRecipient, ReceiptState};
use registrar::domain::record::Record;
use registrar::domain::share::Channel;
use registrar::tui::app::Screen;
use registrar::tui::driver::Driver;
use tui_common::*;

/// Presses keys and counts them.
struct Counted<'a> {
    d: &'a mut Driver,
    keys: usize,
}

impl Counted<'_> {
    fn press(&mut self, code: KeyCode) {
        self.keys += 1;
        self.d.press(code);
    }

    fn type_text(&mut self, text: &str) {
        self.keys += text.chars().count();
        self.d.type_text(text);
    }
}

/// What the duty officer types as the summary in this test.
const SUMMARY: &str = "Armed men massing at Kaga-Bandoro IDP site";

#[test]
fn g9_1_imminent_threat_fast_path_from_dashboard_to_registered_receipt() {
    let (_f, mut d) = logged_in("analyst");
    let urgent_before = d.store.queue(Queue::Urgent, now()).unwrap().len();
    let mut k = Counted { d: &mut d, keys: 0 };
    k.press(KeyCode::Char('!')); // the fast path, one key from the dashboard
    assert!(matches!(k.d.app.screen(), Screen::Form(_)));
    k.type_text("gend"); // type to find: National Gendarmerie — Western Brigade
    k.press(KeyCode::Enter);
    k.press(KeyCode::Enter); // received: now (or -20m, HH:MM when it came in earlier)
    k.press(KeyCode::Enter); // channel: verbal/informal, first
    k.press(KeyCode::Enter); // marking: CONFIDENTIAL
    k.press(KeyCode::Char('y')); // threat to civilians: yes, and on
    k.type_text(SUMMARY);
    k.press(KeyCode::Tab);
    for _ in 0..4 {
        k.press(KeyCode::Char('y')); // Force Commander, Police Commissioner, IM FP, DSS
    }
    k.press(KeyCode::Char('y')); // PoC manager
    k.press(KeyCode::Char('y')); // Head of Mission (G D, G 9.3)
    k.press(KeyCode::Enter); // register
    let keys = k.keys;
    let text_keys = "gend".len() + SUMMARY.len();

    // Back on the dashboard, the threat is in the urgent queue with its countdown, and the
    // confirmation says where it stands there — not "heads" when it does not.
    assert!(matches!(d.app.screen(), Screen::Dashboard(_)));
    let status = d.app.status.clone().expect("a confirmation").text;
    assert!(
        status.contains("IMMINENT THREAT (6 alerts recorded)"),
        "{status}"
    );
    let urgent = d.store.queue(Queue::Urgent, now()).unwrap();
    assert_eq!(urgent.len(), urgent_before + 1);
    let place = urgent
        .iter()
        .position(|i| i.title == SUMMARY)
        .expect("the new receipt is in the urgent queue");
    let id = urgent[place].id.clone();
    assert!(place > 0, "the demo's threats due earlier come first");
    assert!(
        status.contains(&format!(
            "it is {} of {} in the urgent queue",
            match place + 1 {
                2 => "2nd".to_string(),
                3 => "3rd".to_string(),
                n => format!("{n}th"),
            },
            urgent.len()
        )),
        "{status}"
    );
    assert!(!status.contains("heads"), "{status}");
    let Some(Record::Receipt(r)) = d.store.record(&id.as_str().into()).unwrap() else {
        panic!("no receipt {id}");
    };
    assert!(r.capture.imminent_threat);
    assert!(r.capture.poc_threat);
    assert_eq!(r.capture.channel, Channel::VerbalInformal);
    assert_eq!(r.state, ReceiptState::Received);
    assert_eq!(r.capture.received_at, now());
    assert_eq!(r.registered_by, "analyst");
    assert!(r.missing_alerts().is_empty(), "{:?}", r.missing_alerts());
    assert!(r.alerts.iter().any(|a| a.to == AlertRecipient::PocManager));
    assert!(
        r.alerts
            .iter()
            .any(|a| a.to == AlertRecipient::HeadOfMission)
    );
    let screen = render(&mut d, 80, 24);
    assert!(screen.contains("!! 02:00 left"), "{screen}");

    // The README says how many keys this takes.
    assert_eq!(keys, 60, "update the README's fast-path count");
    assert_eq!(keys - text_keys, 14);
}

#[test]
fn a_pasted_newline_never_submits_the_fast_path() {
    let (_f, mut d) = logged_in("analyst");
    key(&mut d, KeyCode::Char('!'));
    focus_field(&mut d, "summary");
    d.handle(registrar::tui::msg::Msg::Paste(
        "line one\nline two\n\n\n".to_string(),
    ));
    let Screen::Form(f) = d.app.screen() else {
        panic!("the form closed on a pasted newline");
    };
    assert_eq!(f.text("summary"), "line one\nline two");
    assert!(!f.busy);
}

#[test]
fn esc_asks_before_discarding_typed_text() {
    let (_f, mut d) = logged_in("analyst");
    key(&mut d, KeyCode::Char('!'));
    focus_field(&mut d, "summary");
    d.type_text("shots fired");
    key(&mut d, KeyCode::Esc);
    let screen = render(&mut d, 80, 24);
    assert!(screen.contains("Discard what you typed"), "{screen}");
    key(&mut d, KeyCode::Char('n'));
    assert!(
        matches!(d.app.screen(), Screen::Form(_)),
        "n keeps the form"
    );
    key(&mut d, KeyCode::Esc);
    key(&mut d, KeyCode::Char('y'));
    assert!(matches!(d.app.screen(), Screen::Dashboard(_)));
}

#[test]
fn the_fast_path_refuses_an_empty_report_beside_the_field() {
    let (_f, mut d) = logged_in("analyst");
    key(&mut d, KeyCode::Char('!'));
    focus_field(&mut d, "submit");
    key(&mut d, KeyCode::Enter);
    let Screen::Form(f) = d.app.screen() else {
        panic!("the form closed");
    };
    let summary = f.get("summary").unwrap();
    assert!(summary.error.is_some(), "no error beside the summary");
    // Nothing is preselected: the entity is missing too, and the keyboard goes to the first.
    assert!(
        f.get("entity").unwrap().error.is_some(),
        "no error beside the entity"
    );
    assert_eq!(f.fields[f.focus].key, "entity", "the keyboard goes to it");
}

#[test]
fn enters_alone_register_nothing_against_an_entity_nobody_chose() {
    let (_f, mut d) = logged_in("analyst");
    let log_before = d.store.log_len().unwrap();
    key(&mut d, KeyCode::Char('!'));
    for _ in 0..3 {
        key(&mut d, KeyCode::Enter);
    }
    focus_field(&mut d, "submit");
    key(&mut d, KeyCode::Enter);
    let Screen::Form(f) = d.app.screen() else {
        panic!("the form closed: something was registered");
    };
    assert_eq!(f.choice("entity"), "", "nothing preselected");
    assert!(f.get("entity").unwrap().error.is_some());
    assert_eq!(d.store.log_len().unwrap(), log_before);
}

#[test]
fn the_letters_typed_to_find_an_entity_show_at_80_columns_and_a_miss_is_said() {
    let (_f, mut d) = logged_in("analyst");
    key(&mut d, KeyCode::Char('!'));
    d.type_text("gend");
    let screen = render(&mut d, 80, 24);
    assert!(screen.contains("National Gendarmerie"), "{screen}");
    assert!(screen.contains("find: gend · 1 match"), "{screen}");
    d.type_text("x");
    let screen = render(&mut d, 80, 24);
    assert!(
        screen.contains("nothing matches \"gendx\": not taken"),
        "{screen}"
    );
    let Screen::Form(f) = d.app.screen() else {
        panic!("no form")
    };
    assert!(f.choice("entity").starts_with("ENT-"), "the match is kept");
    key(&mut d, KeyCode::Backspace);
    let screen = render(&mut d, 80, 24);
    assert!(screen.contains("find: gen ·"), "{screen}");
    assert!(!screen.contains("nothing matches"), "{screen}");
}

#[test]
fn the_time_received_is_the_one_typed() {
    let (_f, mut d) = logged_in("analyst");
    key(&mut d, KeyCode::Char('!'));
    d.type_text("gend");
    key(&mut d, KeyCode::Enter);
    rewrite(&mut d, "received_at", "-20m");
    focus_field(&mut d, "summary");
    d.type_text(SUMMARY);
    submit(&mut d);
    let r = d
        .store
        .queue(Queue::Urgent, now())
        .unwrap()
        .into_iter()
        .find(|i| i.title == SUMMARY)
        .expect("registered");
    let Some(Record::Receipt(r)) = d.store.record(&r.id.as_str().into()).unwrap() else {
        panic!("no receipt")
    };
    assert_eq!(r.capture.received_at, now() - chrono::Duration::minutes(20));
}

/// The receipt and its alerts are one write: a step refused after the receipt leaves no
/// receipt behind (today's main recorded the receipt, then each alert on its own).
#[test]
fn a_receipt_and_its_alerts_are_one_write_all_or_nothing() {
    use registrar::domain::change::Change;
    use registrar::domain::marking::{Classification, Marking};
    use registrar::domain::nature::Nature;
    use registrar::domain::receipt::ReceiptCapture;
    use registrar::store::submission::Target;
    let (_f, d) = logged_in("analyst");
    let analyst = d.store.authenticate("analyst", "demo-analyst").unwrap();
    let source = find_entity(&d.store, |e| e.name().contains("Gendarmerie"));
    let capture = ReceiptCapture {
        title: SUMMARY.into(),
        reference: "IT-1".into(),
        summary: SUMMARY.into(),
        source,
        originator: None,
        received_at: now(),
        channel: Channel::VerbalInformal,
        marking: Marking::un(Classification::Confidential),
        nature: Nature::OperationalTactical,
        imminent_threat: true,
        poc_threat: true,
    };
    let steps = |last: Change| {
        vec![
            (
                Target::New,
                Change::ReceiptRegistered {
                    capture: capture.clone(),
                },
            ),
            (
                Target::Made(0),
                Change::AlertRecorded {
                    to: AlertRecipient::HeadOfMission,
                    at: now(),
                },
            ),
            (Target::Made(0), last),
        ]
    };
    let log_before = d.store.log_len().unwrap();
    // Cleared without a scan: refused (G 9.4), so nothing of the three is written.
    let refused = d.store.execute_steps_as(
        &analyst,
        steps(Change::ReceiptCleared {
            pre_authorisation: None,
        }),
        &|_, _| {},
    );
    assert!(refused.is_err());
    assert_eq!(d.store.log_len().unwrap(), log_before);
    assert!(
        !d.store
            .queue(Queue::Urgent, now())
            .unwrap()
            .iter()
            .any(|i| i.title == SUMMARY)
    );
    // With a step that passes, all three are written together.
    let ids = d
        .store
        .execute_steps_as(
            &analyst,
            steps(Change::AlertRecorded {
                to: AlertRecipient::Dss,
                at: now(),
            }),
            &|_, _| {},
        )
        .unwrap();
    assert_eq!(d.store.log_len().unwrap(), log_before + 3);
    assert_eq!(ids[0], ids[1]);
}

/// A time field prefilled with `now` is a selected default: the first typed character
/// replaces it (typing `-20m` gives `-20m`, not `now-20m`); Ctrl-U clears a field; and a
/// time that is not one is refused beside the field as the keyboard leaves it, not at submit.
#[test]
fn typing_over_the_prefilled_now_replaces_it_and_a_bad_time_is_refused_on_leaving() {
    let (_f, mut d) = logged_in("analyst");
    key(&mut d, KeyCode::Char('!'));
    d.type_text("gend");
    key(&mut d, KeyCode::Enter);
    assert_eq!(form(&d).fields[form(&d).focus].key, "received_at");
    d.type_text("-20m");
    assert_eq!(form(&d).text("received_at"), "-20m");
    ctrl(&mut d, 'u');
    assert_eq!(form(&d).text("received_at"), "", "Ctrl-U clears the field");
    d.type_text("yesterday-ish");
    key(&mut d, KeyCode::Enter);
    let error = form(&d).get("received_at").unwrap().error.clone();
    assert!(
        error.is_some(),
        "a bad time is refused on leaving the field"
    );
    let screen = render(&mut d, 80, 24);
    assert!(screen.contains("✗"), "{screen}");
    // Once edited, the text is the person's: typing goes on after it.
    goto(&mut d, "received_at");
    ctrl(&mut d, 'u');
    d.type_text("-2");
    key(&mut d, KeyCode::Tab);
    goto(&mut d, "received_at");
    d.type_text("0m");
    assert_eq!(form(&d).text("received_at"), "-20m");
    key(&mut d, KeyCode::Tab);
    assert!(form(&d).get("received_at").unwrap().error.is_none());
}

#[test]
fn g9_2_the_fast_path_heading_says_the_time_now_as_the_clock_ticks_not_when_it_was_opened() {
    let (_f, mut d) = logged_in("analyst");
    key(&mut d, KeyCode::Char('!'));
    let opened = now().format("%H:%M UTC").to_string();
    assert!(render(&mut d, 80, 24).contains(&format!("now {opened}")));
    let later = now() + chrono::Duration::minutes(7);
    d.handle(registrar::tui::msg::Msg::Tick(later));
    let screen = render(&mut d, 80, 24);
    assert!(matches!(d.app.screen(), Screen::Form(_)));
    assert!(
        screen.contains(&format!("now {}", later.format("%H:%M UTC"))),
        "{screen}"
    );
    assert!(!screen.contains(&format!("now {opened}")), "{screen}");
}

/// User test 2, §5: the form was opened 9 minutes before the officer ticked the alerts and
/// submitted; "now" and the alerts ticked "as of now" are taken when submitted — they were
/// recorded at the minute the form opened, a G 9.3 register of alerts that had not gone out.
/// The confirmation says the times recorded.
#[test]
fn g9_3_now_and_the_alerts_are_taken_when_submitted_not_when_the_form_opened() {
    use registrar::tui::msg::Msg;
    let (_f, mut d) = logged_in("analyst");
    // (Under the ten minutes after which an idle console locks.)
    let opened = now() - chrono::Duration::minutes(9);
    d.handle(Msg::Tick(opened));
    key(&mut d, KeyCode::Char('!'));
    d.type_text("gend");
    key(&mut d, KeyCode::Enter);
    focus_field(&mut d, "summary");
    d.type_text(SUMMARY);
    key(&mut d, KeyCode::Tab);
    // Nine minutes on the telephone, then the alerts are ticked and the form submitted.
    d.handle(Msg::Tick(now()));
    for _ in 0..6 {
        key(&mut d, KeyCode::Char('y'));
    }
    key(&mut d, KeyCode::Enter);
    assert!(
        matches!(d.app.screen(), Screen::Dashboard(_)),
        "{:?}",
        status(&d)
    );
    let id = d
        .store
        .queue(Queue::Urgent, now())
        .unwrap()
        .into_iter()
        .find(|i| i.title == SUMMARY)
        .expect("registered")
        .id;
    let Some(Record::Receipt(r)) = d.store.record(&id.as_str().into()).unwrap() else {
        panic!("no receipt {id}");
    };
    assert_eq!(r.capture.received_at, now(), "\"now\" when submitted");
    assert_eq!(r.alerts.len(), 6);
    for a in &r.alerts {
        assert_eq!(
            a.at,
            now(),
            "{:?} ticked when submitted, not when opened",
            a.to
        );
    }
    let said = status(&d);
    let at = now().format("%H:%M UTC").to_string();
    assert!(
        said.contains(&format!("Received {at}, alerts {at}.")),
        "{said}"
    );
}

/// User test 2, §16: after midnight, the night shift types the time the call came in before
/// midnight as HH:MM: it is last night's, not later today (refused as in the future).
#[test]
fn g_c_registers_hh_mm_typed_after_midnight_is_the_last_such_time_not_later_today() {
    let (_f, mut d) = logged_in("analyst");
    assert_eq!(now().format("%H:%M").to_string(), "02:00");
    key(&mut d, KeyCode::Char('!'));
    d.type_text("gend");
    key(&mut d, KeyCode::Enter);
    rewrite(&mut d, "received_at", "23:50");
    let yesterday = (now() - chrono::Duration::days(1)).format("%Y-%m-%d");
    let field = form(&d).get("received_at").unwrap();
    assert_eq!(
        field.hint.as_deref(),
        Some(format!("= {yesterday} 23:50 UTC").as_str())
    );
    key(&mut d, KeyCode::Tab);
    assert!(form(&d).get("received_at").unwrap().error.is_none());
}
