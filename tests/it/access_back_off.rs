//! Login back-off (issue 10, item 6): the wait grows with the failures typed at one terminal,
//! whatever names were typed, so a real name and an unknown one wait alike (the wait no longer
//! tells which names exist), and failures typed at another terminal never make a real user wait.

use crate::access_common;

use access_common::*;
use registrar::store::AuthError;
use std::time::{Duration, Instant};

/// How long one refused `whoami` takes, from the command line.
fn refused_whoami(demo: &Demo, name: &str) -> Duration {
    let start = Instant::now();
    let out = run(demo.as_user(name, WRONG_PASS).arg("whoami"));
    let took = start.elapsed();
    fails_with(&out, 1);
    took
}

#[test]
fn known_and_unknown_names_wait_the_same_from_the_third_failure() {
    // The same three refused logins from the command line, once with a real name and once
    // with a name nobody has: the third of each waits (1 s) on top of the verification.
    // (Before, the unknown name was never slowed down.)
    for name in ["analyst", "nobody-here"] {
        let demo = Demo::new();
        let first = refused_whoami(&demo, name).min(refused_whoami(&demo, name));
        let third = refused_whoami(&demo, name);
        assert!(
            third >= Duration::from_secs(1) && third >= first + Duration::from_millis(500),
            "the third failure for {name} is not slowed down: {first:?}, then {third:?}"
        );
    }
}

#[test]
fn failures_under_other_names_count_for_the_terminal() {
    let demo = Demo::new();
    let store = demo.open();
    let refused = |terminal: &str, name: &str| {
        let start = Instant::now();
        match store.authenticate_at(terminal, name, WRONG_PASS) {
            Err(AuthError::Refused) => {}
            other => panic!("{other:?}"),
        }
        start.elapsed()
    };
    // Trying a different name each time at one terminal is slowed all the same.
    let first = refused("/dev/pts/7", "nobody-1").min(refused("/dev/pts/7", "analyst"));
    let third = refused("/dev/pts/7", "nobody-2");
    assert!(
        third >= first + Duration::from_millis(800),
        "{first:?} then {third:?}"
    );
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
    // The analyst at their own terminal logs in without waiting.
    let start = Instant::now();
    let me = store
        .authenticate_at("/dev/pts/1", "analyst", &demo_passphrase("analyst"))
        .unwrap();
    let took = start.elapsed();
    assert_eq!(me.name, "analyst");
    assert!(
        took < Duration::from_millis(900),
        "the analyst waited {took:?}"
    );
    // The other terminal is still slowed: its count was not reset by the analyst's login.
    let start = Instant::now();
    assert!(
        store
            .authenticate_at("/dev/pts/9", "analyst", WRONG_PASS)
            .is_err()
    );
    assert!(start.elapsed() >= Duration::from_secs(1));
}
