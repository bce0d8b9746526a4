//! One store, several processes (issue 11): the console open all shift while commands run
//! beside it, and two handles that both write. Each handle sees the others' commits; a write
//! waits for another's to finish, up to a bound, and then says plainly that the registry is
//! busy, having recorded nothing.

use crate::store_common::{registrar_as, stderr_of, stdout_of};
use crate::tui_common::*;
use crossterm::event::KeyCode;
use registrar::domain::change::Change;
use registrar::domain::record::Record;
use registrar::domain::user::user_id;
use registrar::store::{Command, ExecuteError, FixedClock, Store, StoreError};
use registrar::tui::app::Screen;
use registrar::tui::driver::Driver;
use registrar::tui::msg::Msg;
use registrar::tui::theme::Theme;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn open(fixture: &Fixture) -> Store {
    Store::open(&fixture.path, Arc::new(FixedClock::new(now()))).unwrap()
}

#[test]
fn commands_read_and_write_while_the_console_holds_the_store_and_the_console_sees_them() {
    let (fixture, mut console) = logged_in("imfp");

    let queue = registrar_as(&fixture.path, "imfp", "demo-imfp", NOW)
        .args(["queue", "urgent", "--json"])
        .output()
        .unwrap();
    assert!(queue.status.success(), "{}", stderr_of(&queue));
    assert!(stdout_of(&queue).starts_with('['));

    let passphrase = fixture.dir.path().join("newcomer.pass");
    std::fs::write(&passphrase, "newcomer-passphrase\n").unwrap();
    let add = registrar_as(&fixture.path, "admin", "demo-admin", NOW)
        .args(["user", "add", "newcomer", "--role", "analyst"])
        .args(["--clearance", "confidential", "--new-passphrase-file"])
        .arg(&passphrase)
        .output()
        .unwrap();
    assert!(add.status.success(), "{}", stderr_of(&add));

    // The console, still open, logs out and the newcomer the command added logs in: it read
    // the command's commit and writes its own (the login).
    console.press(KeyCode::Char('L'));
    console.press(KeyCode::Char('y'));
    assert!(matches!(console.app.screen(), Screen::Login(_)));
    console.type_text("newcomer");
    console.press(KeyCode::Enter);
    console.type_text("newcomer-passphrase");
    console.press(KeyCode::Enter);
    assert!(
        matches!(console.app.screen(), Screen::Dashboard(_)),
        "{:?}",
        console.app.status.as_ref().map(|s| s.text.clone())
    );

    // And a command still works after the console's writes.
    let whoami = registrar_as(&fixture.path, "newcomer", "newcomer-passphrase", NOW)
        .arg("whoami")
        .output()
        .unwrap();
    assert!(whoami.status.success(), "{}", stderr_of(&whoami));
    assert!(stdout_of(&whoami).contains("newcomer"));
}

fn disable(store: &Store, name: &str) -> Result<(), ExecuteError> {
    store
        .execute_all(vec![Command {
            actor: "admin".into(),
            target: Some(user_id(name)),
            change: Change::UserDisabled,
        }])
        .map(|_| ())
}

fn disabled(store: &Store, name: &str) -> bool {
    matches!(store.record(&user_id(name)).unwrap(), Some(Record::User(u)) if u.disabled)
}

#[test]
fn two_handles_on_one_store_both_write_and_each_sees_the_other() {
    let fixture = demo_copy();
    let first = open(&fixture);
    let second = open(&fixture);
    disable(&first, "legal").unwrap();
    assert!(
        disabled(&second, "legal"),
        "the second sees the first's write"
    );
    disable(&second, "oversight").unwrap();
    assert!(
        disabled(&first, "oversight"),
        "the first sees the second's write"
    );
    let verify = registrar_as(&fixture.path, "admin", "demo-admin", NOW)
        .arg("verify")
        .output()
        .unwrap();
    assert!(verify.status.success(), "{}", stderr_of(&verify));
}

/// Holds a write transaction of `store` open for `hold` on another thread (a long import in
/// another process, as far as the other handle can tell).
fn long_write(store: Store, hold: Duration) -> std::thread::JoinHandle<Store> {
    let (started, wait) = std::sync::mpsc::channel();
    let handle = std::thread::spawn(move || {
        store
            .execute_all_then(
                vec![Command {
                    actor: "admin".into(),
                    target: Some(user_id("micm")),
                    change: Change::UserDisabled,
                }],
                &|_| {
                    started.send(()).unwrap();
                    std::thread::sleep(hold);
                    Vec::new()
                },
            )
            .unwrap();
        store
    });
    wait.recv().unwrap();
    handle
}

#[test]
fn a_write_waits_for_another_handles_write_to_finish() {
    let fixture = demo_copy();
    let patient = open(&fixture);
    let writer = long_write(open(&fixture), Duration::from_millis(600));
    let started = Instant::now();
    disable(&patient, "legal").unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "the second write waited for the first ({:?})",
        started.elapsed()
    );
    let store = writer.join().unwrap();
    assert!(disabled(&store, "legal") && disabled(&store, "micm"));
}

#[test]
fn a_write_that_waits_too_long_says_the_registry_is_busy_and_records_nothing() {
    let fixture = demo_copy();
    let mut impatient = open(&fixture);
    impatient.set_write_wait(Duration::from_millis(200));
    let writer = long_write(open(&fixture), Duration::from_millis(1500));
    let err = disable(&impatient, "legal").unwrap_err();
    assert!(
        matches!(err, ExecuteError::Store(StoreError::Busy { .. })),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(message.contains("is busy"), "{message}");
    assert!(message.contains("nothing was recorded"), "{message}");
    writer.join().unwrap();
    assert!(!disabled(&impatient, "legal"));
}

#[test]
fn the_console_shows_what_another_process_records_within_seconds() {
    use registrar::domain::nature::Nature;
    let fixture = demo_copy();
    let clock = Arc::new(FixedClock::new(now()));
    let store = Store::open(&fixture.path, clock.clone()).unwrap();
    let mut console = Driver::new(store, Theme::load("default").unwrap(), true).unwrap();
    console.handle(Msg::Resize(80, 24));
    log_in(&mut console, "imfp");
    console.tick();
    let pending_before = console.app.queues.items()[1].len();

    // Another officer's handle registers an imminent-threat receipt.
    let other = open(&fixture);
    let source = find_entity(&other, |e| e.receipt_assessment.is_some());
    let mut capture = crate::common::capture(&source, Nature::OperationalTactical, now());
    capture.title = "Registered at the other desk".into();
    capture.imminent_threat = true;
    let id = other
        .execute("imfp", None, Change::ReceiptRegistered { capture })
        .unwrap();

    // Within the console's next look at the log (the clock moves on three seconds), the
    // urgent queue shows it, without a key pressed.
    clock.advance(chrono::Duration::seconds(3));
    console.tick();
    let urgent = &console.app.queues.items()[0];
    assert!(
        urgent.iter().any(|d| d.id == id),
        "the urgent queue shows {id}: {:?}",
        urgent.iter().map(|d| &d.id).collect::<Vec<_>>()
    );
    assert!(console.app.queues.items()[1].len() >= pending_before);
}

/// Two officers' consoles on one registry (two handles, as two processes have): each corrects
/// a record through its form, both corrections are recorded, and each console shows the
/// other's at its next look at the log.
#[test]
fn two_consoles_on_one_store_both_write_and_each_shows_the_others_change() {
    use registrar::domain::receipt::ReceiptState;
    let fixture = demo_copy();
    let clock = Arc::new(FixedClock::new(now()));
    let console = |name: &str| {
        let store = Store::open(&fixture.path, clock.clone()).unwrap();
        let mut d = Driver::new(store, Theme::load("default").unwrap(), true).unwrap();
        d.handle(Msg::Resize(80, 24));
        log_in(&mut d, name);
        d.tick();
        d
    };
    let mut first = console("imfp");
    let mut second = console("analyst");
    let open_receipts: Vec<_> = {
        let mut ids = Vec::new();
        first
            .store
            .visit_records(&mut |r| {
                if let Record::Receipt(r) = &r
                    && r.state == ReceiptState::Scanned
                    && r.voided.is_none()
                    && r.capture.marking.level
                        <= registrar::domain::marking::Classification::Confidential
                {
                    ids.push(r.id.clone());
                }
                Ok(())
            })
            .unwrap();
        ids
    };
    assert!(open_receipts.len() >= 2, "{open_receipts:?}");
    let title = |d: &Driver, id| match d.store.record(id).unwrap() {
        Some(Record::Receipt(r)) => r.capture.title,
        other => panic!("{other:?}"),
    };
    let correct = |d: &mut Driver, id, text: &str| {
        open_record(d, id);
        choose_action(d, "Correct the record");
        rewrite(d, "title", text);
        rewrite(d, "reason", "the title was mistyped");
        submit(d);
        assert!(
            matches!(d.app.screen(), Screen::Record(_)),
            "{:?}",
            form(d).blocked
        );
    };
    correct(&mut first, &open_receipts[0], "Corrected at the first desk");
    // The first officer then reads the record the second is about to correct.
    open_record(&mut first, &open_receipts[1]);
    let before = render(&mut first, 120, 40);
    assert!(!before.contains("Corrected at the second desk"));
    correct(
        &mut second,
        &open_receipts[1],
        "Corrected at the second desk",
    );
    // Both are recorded, and each handle reads the other's.
    assert_eq!(
        title(&first, &open_receipts[1]),
        "Corrected at the second desk"
    );
    assert_eq!(
        title(&second, &open_receipts[0]),
        "Corrected at the first desk"
    );
    // The first console, at its next look at the log, shows the second's correction on the
    // record it has open, without a key pressed.
    clock.advance(chrono::Duration::seconds(3));
    first.tick();
    let screen = render(&mut first, 120, 40);
    assert!(screen.contains("Corrected at the second desk"), "{screen}");
}

/// Issue 13 user test: `registrar keys trust` at the command line while the console was open
/// left the dashboard's acknowledgement banner and the stations screen as they were. The
/// console's look at the log (its length) reads the stations again, and the station under the
/// cursor stays under it.
#[test]
fn a_station_trusted_by_another_process_shows_in_the_open_console_without_losing_its_place() {
    use registrar::bundle::identity::StationKeys;
    use registrar::bundle::trust::trust;
    use registrar::domain::marking::Classification;
    let fixture = demo_copy();
    let clock = Arc::new(FixedClock::new(now()));
    let store = Store::open(&fixture.path, clock.clone()).unwrap();
    let mut console = Driver::new(store, Theme::load("default").unwrap(), true).unwrap();
    console.handle(Msg::Resize(80, 24));
    log_in(&mut console, "imfp");
    console.tick();
    let other = open(&fixture);
    let admin = other.authenticate("admin", "demo-admin").unwrap();
    let trust_station = |station: &str| {
        let keys = StationKeys::generate(station).unwrap();
        trust(
            &other,
            &admin,
            station,
            &keys.age_recipient(),
            &keys.signing_key().unwrap(),
            Classification::Confidential,
        )
        .unwrap();
    };
    trust_station("MINUSCA-HQ");
    clock.advance(chrono::Duration::seconds(3));
    console.tick();
    // The demo's own peer, DPO-HQ, was the only station not acknowledging; now there is one
    // more.
    let screen = render(&mut console, 80, 24);
    assert!(screen.contains("· 1 more station"), "{screen}");

    // On the stations screen, MINUSCA-HQ under the cursor (after DPO-HQ); another station
    // trusted elsewhere, listed before it, appears, and the cursor stays on MINUSCA-HQ.
    key(&mut console, KeyCode::Char('x'));
    key(&mut console, KeyCode::Down);
    let peers = |d: &Driver| -> Vec<String> {
        d.app.stations.value().map_or(Vec::new(), |i| {
            i.peers
                .iter()
                .filter(|p| p.trusted)
                .map(|p| p.station.clone())
                .collect()
        })
    };
    let place = |d: &Driver| match d.app.screen() {
        Screen::Stations(s) => peers(d)[s.selected.index()].clone(),
        _ => panic!("not on the stations screen"),
    };
    assert_eq!(place(&console), "MINUSCA-HQ");
    trust_station("MINUSCA-AAA-SECTOR");
    clock.advance(chrono::Duration::seconds(3));
    console.tick();
    let listed = peers(&console);
    assert!(
        listed.contains(&"MINUSCA-AAA-SECTOR".to_string()),
        "{listed:?}"
    );
    assert_eq!(place(&console), "MINUSCA-HQ", "{listed:?}");
    let screen = render(&mut console, 80, 24);
    assert!(screen.contains("MINUSCA-AAA-SECTOR"), "{screen}");
}
