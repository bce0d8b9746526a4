//! The command-line contract (CLI.md): the demo registry, the three queues as JSON, verify,
//! init, and the exit codes and one-line messages of the error paths. Every command runs the
//! real binary with `NO_COLOR=1`, a store in a temporary directory and a fixed `--now`.

use crate::store_common;

use chrono::{DateTime, Duration, Utc};
use redb::ReadableDatabase;
use registrar::domain::entity::EntityKind;
use registrar::domain::ids::RecordKind;
use registrar::domain::marking::Classification;
use registrar::domain::nature::Nature;
use registrar::domain::receipt::ReceiptState;
use registrar::domain::record::Record;
use registrar::domain::role::Role;
use registrar::store::log::read_all;
use registrar::store::{EventEnvelope, FixedClock, Store};
use serde_json::Value;
use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use std::sync::Arc;
use store_common::{
    NOW, bare_registrar, demo_store, registrar, registrar_as, registrar_at, stderr_of, stdout_of,
};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(NOW).unwrap().to_utc()
}

/// `queue WHICH --json` at `at`, parsed; the command must succeed.
fn queue_at(store: &Path, which: &str, at: &str) -> Vec<Value> {
    json_queue(registrar_at(store, at), which)
}

/// `queue WHICH --json` run by `cmd`, parsed; the command must succeed.
fn json_queue(mut cmd: assert_cmd::Command, which: &str) -> Vec<Value> {
    let output = cmd.args(["queue", which, "--json"]).output().unwrap();
    assert!(
        output.status.success(),
        "queue {which}: {}",
        stderr_of(&output)
    );
    match serde_json::from_slice(&output.stdout) {
        Ok(Value::Array(items)) => items,
        other => panic!("queue {which} --json is not a JSON array: {other:?}"),
    }
}

fn queue(store: &Path, which: &str) -> Vec<Value> {
    queue_at(store, which, NOW)
}

fn text<'a>(item: &'a Value, key: &str) -> &'a str {
    item[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} is not a string in {item}"))
}

fn int(item: &Value, key: &str) -> i64 {
    item[key]
        .as_i64()
        .unwrap_or_else(|| panic!("{key} is not an integer in {item}"))
}

/// The command failed with `code` and said so in one plain line: no panic, no backtrace.
fn fails_with(output: &std::process::Output, code: i32) -> String {
    let stderr = stderr_of(output);
    assert_eq!(
        output.status.code(),
        Some(code),
        "exit code; stdout: {} stderr: {stderr}",
        stdout_of(output)
    );
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr:?}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("backtrace"), "{stderr}");
    assert!(!stderr.contains("RUST_BACKTRACE"), "{stderr}");
    stderr
}

const FIELDS: [&str; 8] = [
    "id",
    "kind",
    "title",
    "entity",
    "classification",
    "waiting_on",
    "who_acts",
    "due",
];

#[test]
fn queues_print_json_arrays_with_the_documented_fields() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let roles = [
        "admin",
        "imfp",
        "analyst",
        "hro",
        "hom",
        "micm",
        "delegate",
        "legal",
        "oversight",
    ];
    let classifications = ["unclassified", "confidential", "strictly_confidential"];
    for which in ["urgent", "pending", "overdue"] {
        let items = queue(&store, which);
        assert!(!items.is_empty(), "the demo's {which} queue is empty");
        let mut ids = HashSet::new();
        for item in &items {
            for field in FIELDS {
                assert!(item.get(field).is_some(), "{which}: no {field} in {item}");
            }
            assert!(ids.insert(text(item, "id")), "{which} lists {item} twice");
            assert!(!text(item, "title").is_empty(), "{item}");
            assert!(!text(item, "waiting_on").is_empty(), "{item}");
            assert!(
                classifications.contains(&text(item, "classification")),
                "{item}"
            );
            assert!(roles.contains(&text(item, "who_acts")), "{item}");
            match &item["due"] {
                Value::Null => {}
                Value::String(due) => {
                    DateTime::parse_from_rfc3339(due)
                        .unwrap_or_else(|e| panic!("due {due:?} is not RFC 3339: {e}"));
                }
                other => panic!("due is neither RFC 3339 nor null: {other}"),
            }
            match which {
                "urgent" => {
                    int(item, "seconds_left");
                    assert!(
                        item["due"].is_string(),
                        "an urgent item has a due time: {item}"
                    );
                }
                "overdue" => {
                    assert!(int(item, "overdue_seconds") > 0, "{item}");
                    assert!(item.get("seconds_left").is_none(), "{item}");
                }
                _ => {
                    assert!(item.get("seconds_left").is_none(), "{item}");
                    assert!(item.get("overdue_seconds").is_none(), "{item}");
                }
            }
        }
    }

    // Urgent: by time left, soonest (or most overdue) first; one past its limit, one not.
    let urgent = queue(&store, "urgent");
    let left: Vec<i64> = urgent.iter().map(|i| int(i, "seconds_left")).collect();
    assert!(
        left.is_sorted(),
        "urgent is not sorted by seconds_left: {left:?}"
    );
    let imminent: Vec<i64> = urgent
        .iter()
        .filter(|i| text(i, "kind") == "receipt")
        .map(|i| int(i, "seconds_left"))
        .collect();
    assert!(
        imminent.iter().any(|s| *s < 0),
        "no receipt past its limit: {left:?}"
    );
    assert!(
        imminent.iter().any(|s| *s > 0),
        "no receipt inside its limit: {left:?}"
    );
    for item in &urgent {
        let due = DateTime::parse_from_rfc3339(text(item, "due")).unwrap();
        assert_eq!(
            int(item, "seconds_left"),
            (due.to_utc() - now()).num_seconds(),
            "{item}"
        );
    }

    // Pending: a share halted by an open breach investigation (G 8.1.10).
    let pending = queue(&store, "pending");
    assert!(
        pending
            .iter()
            .any(|i| text(i, "kind") == "share" && text(i, "waiting_on").starts_with("G 8.1.10")),
        "no breach-halted share in {pending:#?}"
    );

    // Overdue: an entity assessment past review and an expired pre-authorisation.
    let overdue = queue(&store, "overdue");
    let kinds: BTreeSet<&str> = overdue.iter().map(|i| text(i, "kind")).collect();
    for kind in ["entity_assessment_sharing", "pre_authorisation", "breach"] {
        assert!(kinds.contains(kind), "no overdue {kind}: {kinds:?}");
    }
}

#[test]
fn the_demo_registry_covers_the_cases_of_the_guidelines() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_store(dir.path());
    let now = now();
    let store = Store::open(&path, Arc::new(FixedClock::new(now))).unwrap();
    assert!(store.is_demo().unwrap());
    assert_eq!(store.derived_state_difference().unwrap(), None);
    let replayed = store.replay_log().unwrap();
    let records: Vec<&Record> = replayed.view.records.values().collect();
    let count = |kind: RecordKind| records.iter().filter(|r| r.kind() == kind).count();

    let entity_kinds: HashSet<EntityKind> = records
        .iter()
        .filter_map(|r| match r {
            Record::Entity(e) => Some(e.kind()),
            _ => None,
        })
        .collect();
    assert!(
        count(RecordKind::Entity) >= 12,
        "{} entities",
        count(RecordKind::Entity)
    );
    assert_eq!(
        entity_kinds.len(),
        EntityKind::ALL.len(),
        "{entity_kinds:?}"
    );
    let exchanges = count(RecordKind::Share) + count(RecordKind::Receipt);
    assert!(
        exchanges >= 40,
        "the demo should hold at least 40 shares and receipts; it holds {} shares and {} receipts",
        count(RecordKind::Share),
        count(RecordKind::Receipt)
    );

    let levels: HashSet<Classification> = records
        .iter()
        .filter(|r| r.kind() != RecordKind::Settings)
        .map(|r| r.marking().level)
        .collect();
    assert_eq!(levels.len(), 3, "markings used: {levels:?}");

    // A product rejected because it was obtained through grave violations (G 9.9).
    assert!(
        records.iter().any(|r| matches!(r,
            Record::Receipt(r) if r.state == ReceiptState::Rejected
                && r.rejection.as_ref().is_some_and(|x| x.grave_violations && x.human_rights_informed)
                && r.scan.as_ref().is_some_and(|s| s.grave_violation_risk()))),
        "no receipt rejected for grave violations"
    );
    // A strategic share decided by the Head of Mission although the matrix names the MICM
    // Chair: the HoM keeps the authority they delegate (G 8 "Sharing Authority" a).
    assert!(
        records.iter().any(|r| matches!(r,
            Record::Share(s) if s.draft.product.nature == Nature::Strategic
                && s.decision.as_ref().is_some_and(|d| d.value.authorise && d.value.authority == Role::Hom))),
        "no strategic share decided by the Head of Mission"
    );
    // A share declined on a Sharing Risk Assessment whose Annex B Q8 is yes (G 8.1.4), and
    // one authorised whose "unknown" answer is justified in writing for the decision-maker.
    let q8 = |s: &registrar::domain::share::OutgoingShare| {
        s.risk_assessment.as_ref().is_some_and(|a| {
            !a.risk_acceptable && a.answer("violations_risk").is_some_and(|x| x.is_yes())
        })
    };
    assert!(
        records
            .iter()
            .any(|r| matches!(r, Record::Share(s) if q8(s) && s.decision.as_ref().is_some_and(|d| !d.value.authorise))),
        "no share declined on Annex B Q8"
    );
    assert!(records.iter().any(|r| matches!(r,
        Record::Share(s) if s.risk_assessment.as_ref().is_some_and(|a| a.risk_acceptable && !a.unknowns_justified.is_empty()))));
    // An authorisation not carried out when a breach was reported: lapsed (G 8.1.10).
    let breach_at = |entity: &registrar::domain::ids::RecordId| {
        records.iter().find_map(|r| match r {
            Record::Breach(b) if &b.report.entity == entity => Some(b.reported_at),
            _ => None,
        })
    };
    assert!(
        records.iter().any(|r| matches!(r,
            Record::Share(s) if s.state == registrar::domain::share::ShareState::ConditionsAccepted
                && s.decision.as_ref().zip(breach_at(&s.draft.recipient)).is_some_and(|(d, b)| d.at < b))),
        "no authorisation lapsed by a breach"
    );
    // An entity whose sharing is halted by an open breach (G 8.1.10).
    assert!(
        records
            .iter()
            .any(|r| matches!(r, Record::Breach(b) if b.is_open()))
    );
    // An Entity Assessment for Sharing past its review date, still the one in force.
    assert!(
        records.iter().any(|r| matches!(r,
            Record::EntityAssessmentSharing(a) if a.superseded_by.is_none()
                && a.review_due.is_some_and(|d| d < now))),
        "no overdue Entity Assessment for Sharing"
    );
    // One expired and one valid pre-authorised list entry (G 8.1.8, G 9.10).
    let entries: Vec<_> = records
        .iter()
        .filter_map(|r| match r {
            Record::PreAuthorisation(p) => Some(p),
            _ => None,
        })
        .collect();
    assert!(
        entries
            .iter()
            .any(|p| p.revoked.is_none() && p.review_due < now)
    );
    assert!(entries.iter().any(|p| p.is_valid(now)));

    // Every event names who acted.
    drop(store);
    let db = redb::Database::open(&path).unwrap();
    let events = read_all(&db.begin_read().unwrap()).unwrap();
    assert!(events.len() > exchanges, "{} events", events.len());
    for (position, bytes) in events {
        let event = EventEnvelope::decode(&bytes).unwrap();
        assert!(
            !event.actor.trim().is_empty(),
            "event {position} names no actor"
        );
    }
}

#[test]
fn verify_passes_on_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let output = registrar(&store).arg("verify").output().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stdout = stdout_of(&output);
    assert!(stdout.starts_with("ok"), "{stdout}");
    assert!(stdout.contains("chain intact"), "{stdout}");
}

#[test]
fn demo_twice_keeps_the_registry_it_made() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.redb");
    let output = registrar(&path)
        .args(["demo", "--no-tui"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let printed = stdout_of(&output);
    assert!(printed.contains("created a demo registry"), "{printed}");
    // The demo users and their passphrases (CLI.md "Demo users").
    for user in [
        "admin",
        "imfp",
        "analyst",
        "hro",
        "hom",
        "micm",
        "legal",
        "oversight",
    ] {
        assert!(printed.contains(user), "{user} is not listed: {printed}");
    }
    assert!(printed.contains("demo-"), "{printed}");
    let store = path;
    let verified = |store: &Path| {
        let output = registrar(store).arg("verify").output().unwrap();
        assert!(output.status.success(), "{}", stderr_of(&output));
        stdout_of(&output)
    };
    let first = verified(&store);
    let output = registrar(&store)
        .args(["demo", "--no-tui"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(
        stdout_of(&output).contains("already"),
        "{}",
        stdout_of(&output)
    );
    assert_eq!(verified(&store), first, "the second demo added nothing");
}

#[test]
fn demo_refuses_a_real_registry() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("real.redb");
    station(&store)
        .args(["init", "--exercise", "--mission", "M", "--station", "S"])
        .assert()
        .success();
    let verified = || {
        let output = station(&store).arg("verify").output().unwrap();
        assert!(output.status.success(), "{}", stderr_of(&output));
        stdout_of(&output)
    };
    let before = verified();
    let output = station(&store).args(["demo", "--no-tui"]).output().unwrap();
    let message = fails_with(&output, 1);
    assert!(message.contains("not a demo"), "{message}");
    assert_eq!(verified(), before, "the refused demo changed the registry");
}

/// The first administrator of a registry made by `init` in these tests.
const STATION_USER: &str = "u";

/// `registrar` as the first administrator of a registry made by `init`.
fn station(store: &Path) -> assert_cmd::Command {
    registrar_as(store, STATION_USER, "correct horse battery", NOW)
}

#[test]
fn init_creates_a_store_and_will_not_overwrite_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("station.redb");
    let init = || {
        station(&store)
            .env("RUST_BACKTRACE", "1")
            .args(["init", "--exercise", "--mission", "M", "--station", "S"])
            .output()
            .unwrap()
    };
    let output = init();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(store.exists());
    for which in ["urgent", "pending", "overdue"] {
        assert!(
            json_queue(station(&store), which).is_empty(),
            "a new registry has no {which} items"
        );
    }
    let created = std::fs::read(&store).unwrap();

    let output = init();
    let message = fails_with(&output, 1);
    assert!(message.contains("already exists"), "{message}");
    assert_eq!(
        std::fs::read(&store).unwrap(),
        created,
        "the store was touched"
    );
    let output = station(&store).arg("verify").output().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(
        stdout_of(&output).starts_with("ok"),
        "{}",
        stdout_of(&output)
    );
}

#[test]
fn a_missing_store_says_how_to_make_one() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("absent.redb");
    let output = registrar(&store)
        .args(["queue", "urgent"])
        .output()
        .unwrap();
    let message = fails_with(&output, 1);
    assert!(message.contains("registrar init"), "{message}");
    assert!(!store.exists(), "reading a queue must not create a store");
}

#[test]
fn an_unreadable_now_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("any.redb");
    let output = registrar_at(&store, "garbage")
        .args(["queue", "urgent"])
        .output()
        .unwrap();
    let message = fails_with(&output, 2);
    assert!(message.contains("--now"), "{message}");
}

#[test]
fn help_lists_the_commands() {
    let output = bare_registrar().arg("--help").output().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let help = stdout_of(&output);
    assert!(help.contains("Usage"), "{help}");
    for command in ["init", "demo", "queue", "verify"] {
        assert!(
            help.contains(command),
            "help does not list {command}: {help}"
        );
    }
}

/// `registrar` alone opens the console on the default store (CLI.md); with none there yet it
/// says how to make one, in one line, instead of a panic or a bare usage error. HOME and the
/// XDG data directory point into a temporary directory so the user's own data is untouched.
#[test]
fn no_arguments_and_no_store_says_how_to_make_one() {
    let home = tempfile::tempdir().unwrap();
    let output = bare_registrar()
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .output()
        .unwrap();
    let all = format!("{}{}", stdout_of(&output), stderr_of(&output));
    if all.contains("Usage") {
        // Printing the help instead is also a fine answer.
        return;
    }
    let message = fails_with(&output, 1);
    assert!(message.contains("registrar init"), "{message}");
}

#[test]
fn an_unknown_command_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = registrar(&dir.path().join("any.redb"))
        .arg("frobnicate")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr_of(&output));
}

#[test]
fn later_the_countdown_of_the_imminent_threat_runs_out() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let urgent = queue(&store, "urgent");
    let inside = urgent
        .iter()
        .find(|i| text(i, "kind") == "receipt" && int(i, "seconds_left") > 0)
        .expect("an imminent threat inside its time limit");
    let id = text(inside, "id");
    let left = int(inside, "seconds_left");

    let later = (now() + Duration::days(10)).to_rfc3339();
    let urgent_later = queue_at(&store, "urgent", &later);
    let same = urgent_later
        .iter()
        .find(|i| text(i, "id") == id)
        .unwrap_or_else(|| panic!("{id} left the urgent queue by itself: {urgent_later:#?}"));
    assert_eq!(int(same, "seconds_left"), left - 10 * 86_400);
    assert!(urgent_later.iter().all(|i| int(i, "seconds_left") < 0));

    // The overdue queue has grown with time, never shrunk.
    let overdue_now: HashSet<String> = queue(&store, "overdue")
        .iter()
        .map(|i| text(i, "id").to_string())
        .collect();
    let overdue_later: HashSet<String> = queue_at(&store, "overdue", &later)
        .iter()
        .map(|i| text(i, "id").to_string())
        .collect();
    assert!(overdue_now.is_subset(&overdue_later));
}

#[test]
fn the_plain_queue_says_urgency_in_words_without_colour_codes() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let output = registrar(&store)
        .args(["queue", "urgent"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stdout = stdout_of(&output);
    assert!(
        !stdout.contains('\u{1b}'),
        "escape codes with NO_COLOR: {stdout:?}"
    );
    assert!(stdout.starts_with("URGENT ("), "{stdout}");
    assert!(stdout.contains("OVERDUE"), "{stdout}");
    assert!(stdout.contains("left"), "{stdout}");
    assert!(stdout.contains("!!"), "{stdout}");
}

#[test]
fn now_is_exercise_time_refused_on_a_real_registry() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("real.redb");
    // `init` with a pretend time makes an exercise registry only when asked to.
    let output = station(&store)
        .args(["init", "--mission", "M", "--station", "S"])
        .output()
        .unwrap();
    let message = fails_with(&output, 2);
    assert!(message.contains("--exercise"), "{message}");
    assert!(!store.exists());

    // A real registry, on the real clock.
    let real = || {
        let mut cmd = bare_registrar();
        cmd.arg("--store")
            .arg(&store)
            .arg("--user")
            .arg(STATION_USER)
            .arg("--passphrase-file")
            .arg(store.with_file_name(format!("{STATION_USER}.passphrase")));
        cmd
    };
    real()
        .args(["init", "--mission", "M", "--station", "S"])
        .assert()
        .success();
    let verified = || {
        let output = real().arg("verify").output().unwrap();
        assert!(output.status.success(), "{}", stderr_of(&output));
        stdout_of(&output)
    };
    let before = verified();
    for args in [&["queue", "urgent"][..], &["verify"][..]] {
        let output = registrar_as(
            &store,
            STATION_USER,
            "correct horse battery",
            "2031-01-01T00:00:00Z",
        )
        .args(args)
        .output()
        .unwrap();
        let message = fails_with(&output, 2);
        assert!(message.contains("real registry"), "{message}");
    }
    assert!(
        verified() == before,
        "the refused commands changed the registry"
    );
}
