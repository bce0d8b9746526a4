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
    k.press(KeyCode::Enter); // register
    let keys = k.keys;
    let text_keys = "gend".len() + SUMMARY.len();

    // Back on the dashboard, the threat heads the urgent queue with its countdown.
    assert!(matches!(d.app.screen(), Screen::Dashboard(_)));
    let status = d.app.status.clone().expect("a confirmation").text;
    assert!(status.contains("IMMINENT THREAT"), "{status}");
    let urgent = d.store.queue(Queue::Urgent, now()).unwrap();
    assert_eq!(urgent.len(), urgent_before + 1);
    let id = urgent
        .iter()
        .find(|i| i.title == SUMMARY)
        .map(|i| i.id.clone())
        .expect("the new receipt is in the urgent queue");
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
    let screen = render(&mut d, 80, 24);
    assert!(screen.contains("!! 02:00 left"), "{screen}");

    // The README says how many keys this takes.
    assert_eq!(keys, 59, "update the README's fast-path count");
    assert_eq!(keys - text_keys, 13);
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
