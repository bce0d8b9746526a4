//! Login back-off (issue 10, item 6): the wait grows with the failures typed at one terminal,
//! whatever names were typed, so a real name and an unknown one wait alike (the wait no longer
//! tells which names exist), and failures typed at another terminal never make a real user wait.
//!
//! The waits are read from the store (`back_off_at`), not timed: a loaded machine makes
//! argon2 as slow as a back-off. Where a wall clock is read, only as a lower bound the sleep
//! itself guarantees.

use crate::access_common;

use access_common::*;
use registrar::store::AuthError;
use std::time::{Duration, Instant};

/// A script's logins (no terminal) share one count.
const SCRIPT: &str = "no terminal";

#[test]
fn known_and_unknown_names_wait_the_same_from_the_third_failure() {
    // Two refused logins from the command line, once with a real name and once with a name
    // nobody has: the next attempt from there waits 1 s either way. (Before, the unknown name
    // was never slowed down.)
    for name in ["analyst", "nobody-here"] {
        let demo = Demo::new();
        for _ in 0..2 {
            fails_with(&run(demo.as_user(name, WRONG_PASS).arg("whoami")), 1);
        }
        let wait = demo.open().back_off_at(SCRIPT).unwrap();
        assert_eq!(wait, Duration::from_secs(1), "after two failures as {name}");
        let start = Instant::now();
        fails_with(&run(demo.as_user(name, WRONG_PASS).arg("whoami")), 1);
        assert!(start.elapsed() >= Duration::from_secs(1), "{name}");
        let wait = demo.open().back_off_at(SCRIPT).unwrap();
        assert_eq!(
            wait,
            Duration::from_secs(2),
            "after three failures as {name}"
        );
    }
}

#[test]
fn failures_under_other_names_count_for_the_terminal() {
    let demo = Demo::new();
    let store = demo.open();
    let refused = |terminal: &str, name: &str| {
        assert!(matches!(
            store.authenticate_at(terminal, name, WRONG_PASS),
            Err(AuthError::Refused)
        ));
    };
    // Trying a different name each time at one terminal is slowed all the same.
    refused("/dev/pts/7", "nobody-1");
    assert_eq!(store.back_off_at("/dev/pts/7").unwrap(), Duration::ZERO);
    refused("/dev/pts/7", "analyst");
    assert_eq!(
        store.back_off_at("/dev/pts/7").unwrap(),
        Duration::from_secs(1)
    );
    let start = Instant::now();
    refused("/dev/pts/7", "nobody-2");
    assert!(start.elapsed() >= Duration::from_secs(1));
    assert_eq!(
        store.back_off_at("/dev/pts/7").unwrap(),
        Duration::from_secs(2)
    );
    // Another terminal is not slowed by them.
    assert_eq!(store.back_off_at("/dev/pts/8").unwrap(), Duration::ZERO);
}

#[test]
fn failures_at_another_terminal_do_not_make_a_real_user_wait() {
    let demo = Demo::new();
    let store = demo.open();
    // Someone at another terminal fails twice under the analyst's name: the next attempt
    // there waits (and with the old per-name count, so would the analyst's).
    for _ in 0..2 {
        assert!(matches!(
            store.authenticate_at("/dev/pts/9", "analyst", WRONG_PASS),
            Err(AuthError::Refused)
        ));
    }
    assert_eq!(
        store.back_off_at("/dev/pts/9").unwrap(),
        Duration::from_secs(1)
    );
    // The analyst at their own terminal logs in without waiting.
    assert_eq!(store.back_off_at("/dev/pts/1").unwrap(), Duration::ZERO);
    let me = store
        .authenticate_at("/dev/pts/1", "analyst", &demo_passphrase("analyst"))
        .unwrap();
    assert_eq!(me.name, "analyst");
    // The other terminal is still slowed: its count was not reset by the analyst's login.
    assert_eq!(
        store.back_off_at("/dev/pts/9").unwrap(),
        Duration::from_secs(1)
    );
}
