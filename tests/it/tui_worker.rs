//! The console never freezes: slow work (here the passphrase hashing of a login, as slow as an
//! export's key decryption) runs on the worker thread while the clock ticks and keys are
//! handled; the header says what is running.

use crate::tui_common::*;
use crossterm::event::{Event, KeyCode, KeyEvent};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use registrar::store::{FixedClock, Store};
use registrar::tui::app::{Modal, Screen};
use registrar::tui::driver::Driver;
use registrar::tui::event_loop::EventLoop;
use registrar::tui::input::Input;
use registrar::tui::msg::Msg;
use registrar::tui::theme::Theme;
use std::sync::Arc;
use std::time::Duration;

fn screen_text(ev: &EventLoop) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    ev.driver.draw(&mut terminal).unwrap();
    text_of(terminal.backend().buffer())
}

fn keys(ev: &EventLoop, text: &str) {
    for c in text.chars() {
        ev.sender()
            .send(Input::Event(Event::Key(KeyEvent::from(KeyCode::Char(c)))))
            .unwrap();
    }
}

fn press(ev: &EventLoop, code: KeyCode) {
    ev.sender()
        .send(Input::Event(Event::Key(KeyEvent::from(code))))
        .unwrap();
}

#[test]
fn the_clock_ticks_and_keys_are_handled_while_a_login_is_checked() {
    let fixture = demo_copy();
    let clock = Arc::new(FixedClock::new(now()));
    let store = Store::open(&fixture.path, clock.clone()).unwrap();
    let mut driver = Driver::new(store, Theme::load("default").unwrap(), true).unwrap();
    driver.send(Msg::Resize(80, 24));
    let mut ev = EventLoop::new(driver);

    keys(&ev, "imfp");
    press(&ev, KeyCode::Enter);
    keys(&ev, "demo-imfp");
    press(&ev, KeyCode::Enter);
    assert!(ev.turn(Some(Duration::ZERO)));
    assert!(
        ev.working(),
        "the passphrase is being checked on the worker"
    );
    assert!(screen_text(&ev).contains("CHECKING PASSPHRASE"));

    // Meanwhile two minutes pass and the person asks for help: both are handled at once.
    clock.advance(chrono::Duration::minutes(2));
    ev.sender().send(Input::Tick).unwrap();
    press(&ev, KeyCode::F(1));
    assert!(ev.turn(Some(Duration::ZERO)));
    assert!(
        ev.working(),
        "still hashing: the tick and the key did not wait for it"
    );
    assert!(matches!(ev.driver.app.modal, Some(Modal::Help { .. })));
    assert!(screen_text(&ev).contains("02:02"), "{}", screen_text(&ev));

    // The result arrives on its own; the dashboard follows.
    press(&ev, KeyCode::Esc);
    for _ in 0..200 {
        if matches!(ev.driver.app.screen(), Screen::Dashboard(_)) && !ev.working() {
            break;
        }
        ev.turn(Some(Duration::from_millis(100)));
    }
    assert!(
        matches!(ev.driver.app.screen(), Screen::Dashboard(_)),
        "{}",
        screen_text(&ev)
    );
    assert!(!screen_text(&ev).contains("CHECKING PASSPHRASE"));
    ev.finish();
}
