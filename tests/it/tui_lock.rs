//! The idle lock: after the mission's idle time (default 10 minutes) without a key the console
//! shows nothing of the registry and asks the passphrase again; the same person is back where
//! they were. `L` asks before logging out.

use crate::tui_common::*;
use crossterm::event::KeyCode;
use registrar::domain::share::ShareState;
use registrar::tui::app::{Modal, Screen};
use registrar::tui::msg::Msg;

fn at(d: &mut registrar::tui::driver::Driver, minutes: i64) {
    d.handle(Msg::Tick(now() + chrono::Duration::minutes(minutes)));
}

#[test]
fn ten_idle_minutes_lock_the_console_and_the_passphrase_unlocks_it_where_it_was() {
    let (_f, mut d) = logged_in("imfp");
    let shared = share_where(&d.store, |s| s.state == ShareState::Shared);
    open_record(&mut d, &shared);
    let record_screen = render(&mut d, 80, 24);
    assert!(record_screen.contains(shared.as_str()));

    // Nine minutes: still open. A key then counts as activity.
    at(&mut d, 9);
    assert!(d.app.lock.is_none());
    key(&mut d, KeyCode::Down);
    at(&mut d, 18);
    assert!(d.app.lock.is_none(), "nine minutes since the last key");
    at(&mut d, 19);
    assert!(
        d.app.lock.is_some(),
        "ten minutes without a key lock the console"
    );
    let locked = render(&mut d, 80, 24);
    assert!(locked.contains("Locked after 10 minutes"), "{locked}");
    assert!(
        !locked.contains(shared.as_str()),
        "nothing of the record shows while locked:\n{locked}"
    );

    // A wrong passphrase keeps it locked.
    d.type_text("not-the-passphrase");
    key(&mut d, KeyCode::Enter);
    assert!(d.app.lock.is_some());
    assert!(!render(&mut d, 80, 24).contains(shared.as_str()));

    d.type_text("demo-imfp");
    key(&mut d, KeyCode::Enter);
    assert!(d.app.lock.is_none());
    assert!(matches!(d.app.screen(), Screen::Record(r) if r.id == shared));
    assert!(render(&mut d, 80, 24).contains(shared.as_str()));
}

#[test]
fn another_person_may_log_in_at_a_locked_console() {
    let (_f, mut d) = logged_in("imfp");
    at(&mut d, 10);
    assert!(d.app.lock.is_some());
    // The name field holds the person who left; the next officer types their own.
    key(&mut d, KeyCode::BackTab);
    for _ in 0.."imfp".len() {
        key(&mut d, KeyCode::Backspace);
    }
    d.type_text("analyst");
    key(&mut d, KeyCode::Enter);
    d.type_text("demo-analyst");
    key(&mut d, KeyCode::Enter);
    assert!(d.app.lock.is_none());
    assert_eq!(d.app.session.as_ref().unwrap().name, "analyst");
    assert!(matches!(d.app.screen(), Screen::Dashboard(_)));
}

#[test]
fn log_out_asks_first() {
    let (_f, mut d) = logged_in("imfp");
    key(&mut d, KeyCode::Char('L'));
    assert!(matches!(d.app.modal, Some(Modal::Confirm(_))));
    key(&mut d, KeyCode::Char('n'));
    assert!(d.app.session.is_some(), "n keeps the person logged in");
    key(&mut d, KeyCode::Char('L'));
    key(&mut d, KeyCode::Char('y'));
    assert!(d.app.session.is_none());
    assert!(matches!(d.app.screen(), Screen::Login(_)));
}
