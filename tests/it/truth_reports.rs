//! What oversight reads of a truthful register (issue 8, G C "Registers" a and d): the register
//! export and the oversight report show each amendment (field, was, now, by, when, reason)
//! and mark a voided record VOID; a spreadsheet's history comes in closed, dated as it
//! happened. Driven through the commands, on the demo registry and its truthful chapter.

use crate::store_common::{NOW, demo_store, registrar_as, stdout_of};
use calamine::{Data, Reader, Xlsx, open_workbook};
use chrono::{TimeZone, Utc};
use registrar::domain::after_the_fact::Gate;
use registrar::domain::queue::Queue;
use registrar::domain::receipt::ReceiptState;
use registrar::domain::record::Record;
use registrar::store::{FixedClock, Store};
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn as_user(store: &Path, user: &str) -> assert_cmd::Command {
    registrar_as(store, user, &format!("demo-{user}"), NOW)
}

/// The one file in `dir` whose name starts with `stem_`.
fn written(dir: &Path, stem: &str) -> PathBuf {
    let found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&format!("{stem}_"))
        })
        .collect();
    assert_eq!(found.len(), 1, "expected one {stem}_* file: {found:?}");
    found[0].clone()
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 2, 0, 0).unwrap()
}

fn records(store: &Path) -> Vec<Record> {
    let s = Store::open(store, Arc::new(FixedClock::new(now()))).unwrap();
    let mut all = Vec::new();
    s.visit_records(&mut |r| {
        all.push(r);
        Ok(())
    })
    .unwrap();
    all
}

/// The demo's receipt whose title was corrected, and the one voided as registered twice.
fn corrected_and_voided(store: &Path) -> (String, String) {
    let all = records(store);
    let id = |keep: &dyn Fn(&registrar::domain::receipt::IncomingReceipt) -> bool| {
        all.iter()
            .find_map(|r| match r {
                Record::Receipt(x) if keep(x) => Some(x.id.to_string()),
                _ => None,
            })
            .expect("the demo's truthful chapter")
    };
    (
        id(&|r| {
            r.amendments
                .iter()
                .any(|a| a.was == "Roadblock on the Bossangao road")
        }),
        id(&|r| r.voided.is_some() && r.capture.reference == "GEND/W/2026/118"),
    )
}

#[test]
fn g_c_registers_the_register_export_shows_each_amendment_and_marks_a_void() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let (corrected, voided) = corrected_and_voided(&store);
    as_user(&store, "imfp")
        .args(["report", "register", "--out"])
        .arg(dir.path().join("reg.csv"))
        .assert()
        .success();
    let text = std::fs::read_to_string(written(dir.path(), "reg")).unwrap();
    let line = |id: &str| {
        text.lines()
            .find(|l| l.contains(id))
            .unwrap_or_else(|| panic!("no line for {id} in {text}"))
            .to_string()
    };
    let amended = line(&corrected);
    assert!(
        amended.contains(
            "title amended: was \"\"Roadblock on the Bossangao road\"\", now \"\"Roadblock on the Bossangoa road\"\" (by imfp, "
        ),
        "{amended}"
    );
    assert!(
        amended.contains("UTC): Typo in the town's name"),
        "{amended}"
    );
    let void = line(&voided);
    assert!(void.contains("VOID (was received)"), "{void}");
    assert!(
        void.contains("VOID: voided as registered in error (by imfp, "),
        "{void}"
    );
    assert!(
        void.contains("Registered twice: the record is the late registration"),
        "{void}"
    );
    // Voided is closed: an open register leaves it out.
    as_user(&store, "imfp")
        .args(["report", "register", "--state", "open", "--out"])
        .arg(dir.path().join("open.csv"))
        .assert()
        .success();
    let open = std::fs::read_to_string(written(dir.path(), "open")).unwrap();
    assert!(!open.contains(&voided), "{open}");
}

#[test]
fn g_c_registers_d_the_oversight_report_shows_the_history_and_the_void() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let (corrected, voided) = corrected_and_voided(&store);
    let out = dir.path().join("oversight.json");
    as_user(&store, "oversight")
        .args(["report", "oversight", "--out"])
        .arg(&out)
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let item = |id: &str| {
        v["records"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("no record {id}"))
            .clone()
    };
    let amended = item(&corrected);
    assert_eq!(amended["status"], "amended once");
    let a = &amended["corrections"][0];
    assert_eq!(a["field"], "title");
    assert_eq!(a["was"], "Roadblock on the Bossangao road");
    assert_eq!(a["now"], "Roadblock on the Bossangoa road");
    assert_eq!(a["by"], "imfp");
    assert_eq!(a["reason"], "Typo in the town's name");
    assert!(a["when"].as_str().unwrap().ends_with("UTC"), "{a}");
    let void = item(&voided);
    assert_eq!(void["status"], "VOID");
    assert_eq!(
        void["corrections"][0]["what"],
        "voided as registered in error"
    );

    // The same as .xlsx: a status on each record, a sheet of corrections.
    as_user(&store, "oversight")
        .args(["report", "oversight", "--out"])
        .arg(dir.path().join("oversight.xlsx"))
        .assert()
        .success();
    let path = written(dir.path(), "oversight");
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let rows = |book: &mut Xlsx<_>, sheet: &str| -> Vec<Vec<String>> {
        book.worksheet_range(sheet)
            .unwrap()
            .rows()
            .map(|r| {
                r.iter()
                    .map(|c| match c {
                        Data::Empty => String::new(),
                        other => other.to_string(),
                    })
                    .collect()
            })
            .collect()
    };
    let records = rows(&mut book, "Records");
    assert_eq!(records[0][5], "Status");
    let status = |id: &str| records.iter().find(|r| r[0] == id).unwrap()[5].clone();
    assert_eq!(status(&voided), "VOID");
    assert_eq!(status(&corrected), "amended once");
    let corrections = rows(&mut book, "Corrections");
    assert_eq!(
        corrections[0],
        ["Record", "Field", "Was", "Now", "By", "When", "Reason"]
    );
    assert!(
        corrections.iter().any(|r| r[0] == corrected
            && r[1] == "title"
            && r[2] == "Roadblock on the Bossangao road"
            && r[3] == "Roadblock on the Bossangoa road"
            && r[4] == "imfp"
            && r[6] == "Typo in the town's name"),
        "{corrections:?}"
    );
    assert!(
        corrections.iter().any(|r| r[0] == voided && r[3] == "VOID"),
        "{corrections:?}"
    );
}

#[test]
fn g_c_registers_a_voided_record_is_not_counted_in_the_compliance_figures() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let out = as_user(&store, "imfp")
        .args(["report", "compliance", "--from", "2026-11-01", "--out"])
        .arg(dir.path().join("c.xlsx"))
        .output()
        .unwrap();
    let printed = stdout_of(&out);
    let count = |label: &str| -> u64 {
        let line = printed
            .lines()
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("no {label} in {printed}"));
        line.split_whitespace().last().unwrap().parse().unwrap()
    };
    assert_eq!(count("Voided as registered in error"), 1, "{printed}");
    // The two registered after the fact in the demo (the phone warning and the late call)
    // count; the voided duplicate (registered late too) does not appear among them.
    assert_eq!(
        count("Registered after the fact (G 8.1.9, G 9.11)"),
        2,
        "{printed}"
    );
}

/// A register kept by hand: two receipts (one whose action was noted) and a share.
const SHEET: &str = "\
Date,In/Out,With / from whom,Subject,Ref. No.,Classification,How,Source grade,Action taken,Entity type
2026-11-12 09:15,in,Bambari Prefecture Police,Roadblock report,BPP/88,Conf,Verbal (meeting),B2,disseminated to JOC,Security force
2026-11-12 10:00,out,Bambari Prefecture Police,Threat picture,JMAC/2026/11,C,E-mail,,authorised by the HoM,Security force
2026-11-13,in,Bambari Prefecture Police,Arms cache rumour,BPP/89,C,letter,,,Security force
";

#[test]
fn g9_11_a_sheets_history_comes_in_closed_and_dated_as_it_happened() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let sheet = dir.path().join("register.csv");
    std::fs::write(&sheet, SHEET).unwrap();
    let done = as_user(&store, "imfp")
        .args(["import-sheet", "--yes", "--nature", "operational-tactical"])
        .arg(&sheet)
        .output()
        .unwrap();
    assert!(
        done.status.success(),
        "{}{}",
        stdout_of(&done),
        String::from_utf8_lossy(&done.stderr)
    );
    let imported: Vec<Record> = records(&store)
        .into_iter()
        .filter(|r| {
            registrar::register::sheet::commit::note_of(r)
                .is_some_and(|n| n.contains("register.csv"))
        })
        .collect();
    assert_eq!(imported.len(), 3);
    let s = Store::open(&store, Arc::new(FixedClock::new(now()))).unwrap();
    let queued: Vec<String> = Queue::ALL
        .into_iter()
        .flat_map(|q| s.queue(q, now()).unwrap())
        .map(|i| i.id.to_string())
        .collect();
    drop(s);
    let happened = Utc.with_ymd_and_hms(2026, 11, 12, 10, 0, 0).unwrap();
    for r in &imported {
        assert!(
            !queued.contains(&r.id().to_string()),
            "{} waits in a queue",
            r.id()
        );
        match r {
            Record::Receipt(x) => {
                assert_eq!(x.state, ReceiptState::HandledBeforeRegistration);
                assert!(x.state.is_dispositioned());
                let late = x.after_the_fact.as_ref().unwrap();
                assert!(late.skipped.contains(&Gate::ReceiptScan));
                assert!(late.skipped.contains(&Gate::Disposition));
                let handled = late.handled.as_deref().unwrap();
                if x.capture.reference == "BPP/88" {
                    assert_eq!(handled, "disseminated to JOC");
                } else {
                    assert_eq!(handled, "not recorded in the earlier register");
                }
            }
            Record::Share(x) => {
                assert_eq!(x.register_date(), happened, "the sheet's date");
                assert_eq!(x.drafted_at, now(), "when it was recorded");
                assert_eq!(x.drafted_by, "imfp", "by whom");
            }
            other => panic!("{other:?}"),
        }
    }
    // The register of 12 November holds the share, at the time it was shared.
    as_user(&store, "imfp")
        .args([
            "report",
            "register",
            "--from",
            "2026-11-12",
            "--to",
            "2026-11-12",
            "--out",
        ])
        .arg(dir.path().join("day.csv"))
        .assert()
        .success();
    let text = std::fs::read_to_string(written(dir.path(), "day")).unwrap();
    let line = text
        .lines()
        .find(|l| l.contains("JMAC/2026/11"))
        .unwrap_or_else(|| panic!("the share is not in the register of its day: {text}"));
    assert!(line.starts_with("2026-11-12,10:00,shared,"), "{line}");
    let line = text.lines().find(|l| l.contains("BPP/88")).unwrap();
    assert!(
        line.contains("handled before registration — registered after the fact"),
        "{line}"
    );
}

/// User test 2, §8: a whole report pasted into the title is refused with the limit said
/// (it was recorded for good, and every .xlsx register and oversight workbook failed).
#[test]
fn g_c_registers_a_title_beyond_the_limit_is_refused_with_the_limit_said() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let long = "A".repeat(100_000);
    let refused = as_user(&store, "analyst")
        .args(["receipt", "register", "--from", "unicef country office"])
        .args([
            "--title",
            &long,
            "--reference",
            "R1",
            "--marking",
            "confidential",
        ])
        .args(["--nature", "strategic", "--channel", "written"])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("G C Registers: the product's title is 100000 characters long: at most 300"),
        "{said}"
    );
    let summary = "B".repeat(5_000);
    let refused = as_user(&store, "analyst")
        .args(["receipt", "register", "--from", "unicef country office"])
        .args(["--title", "Pasted report", "--reference", "R1"])
        .args(["--summary", &summary, "--marking", "confidential"])
        .args(["--nature", "strategic", "--channel", "written"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("the product's summary is 5000 characters long: at most 4000"),
        "{said}"
    );
}

/// User test 2, §8: a title longer than a cell holds, carried in from an earlier register (or
/// an older log, or another station) before titles had limits, no longer makes the .xlsx
/// register and the oversight workbook impossible: the cell holds its first part and says
/// how much was cut.
#[test]
fn g_c_registers_a_title_longer_than_a_cell_is_cut_visibly_and_the_workbooks_are_written() {
    use registrar::domain::change::{Change, LegacyRecord};
    use registrar::domain::share::ShareState;
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let mut share = records(&store)
        .into_iter()
        .find_map(|r| match r {
            Record::Share(s) if s.state == ShareState::Shared => Some(s),
            _ => None,
        })
        .expect("a shared product in the demo");
    share.draft.product.title = "A".repeat(100_000);
    share.amendments.clear();
    {
        let s = Store::open(&store, Arc::new(FixedClock::new(now()))).unwrap();
        s.execute(
            "imfp",
            None,
            Change::LegacyRecordRegistered {
                record: LegacyRecord::Share(Box::new(share)),
            },
        )
        .unwrap();
    }
    as_user(&store, "imfp")
        .args(["report", "register", "--out"])
        .arg(dir.path().join("brief.xlsx"))
        .assert()
        .success();
    let mut book: Xlsx<_> = open_workbook(written(dir.path(), "brief")).unwrap();
    let range = book.worksheet_range("Register").unwrap();
    let cut = range
        .rows()
        .flat_map(|row| row.iter())
        .find_map(|c| match c {
            Data::String(s) if s.starts_with("AAAA") => Some(s.clone()),
            _ => None,
        })
        .expect("the long title, cut");
    assert!(cut.chars().count() <= 32_767);
    assert!(
        cut.contains(" characters, see the record)"),
        "{}",
        &cut[cut.len() - 80..]
    );
    assert!(cut.contains("… (cut: "), "{}", &cut[cut.len() - 80..]);
    as_user(&store, "oversight")
        .args(["report", "oversight", "--out"])
        .arg(dir.path().join("ov.xlsx"))
        .assert()
        .success();
}

/// User test 2, §3: the register's "Shared / dispositioned at" says only what happened — a
/// share only authorised (its conditions perhaps accepted, its authorisation perhaps lapsed)
/// was never shared and has nothing there; a decline is said as a decline.
#[test]
fn g_c_registers_a_the_shared_column_is_filled_only_by_a_share_or_a_disposition() {
    use registrar::domain::share::ShareState;
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    as_user(&store, "imfp")
        .args(["report", "register", "--out"])
        .arg(dir.path().join("reg.csv"))
        .assert()
        .success();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(written(dir.path(), "reg"))
        .unwrap();
    let lines: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let column = |id: &str| -> String {
        lines
            .iter()
            .find(|l| l.len() == 14 && &l[13] == id)
            .unwrap_or_else(|| panic!("no line for {id}"))[12]
            .to_string()
    };
    let (mut not_shared, mut declined, mut shared) = (0, 0, 0);
    for record in records(&store) {
        let Record::Share(s) = record else { continue };
        if s.voided.is_some() {
            continue;
        }
        let cell = column(&s.id.to_string());
        match (s.shared_at, s.decision.as_ref()) {
            (Some(at), _) => {
                assert_eq!(cell, format!("shared {}", at.format("%Y-%m-%d %H:%M")));
                shared += 1;
            }
            (None, Some(d)) if !d.authorise => {
                assert_eq!(cell, format!("declined {}", d.at.format("%Y-%m-%d %H:%M")));
                declined += 1;
            }
            (None, _) => {
                assert_eq!(cell, "", "{} ({}) was never shared", s.id, s.state);
                if s.decision.is_some() {
                    not_shared += 1;
                }
            }
        }
        if s.state == ShareState::Shared {
            assert!(cell.starts_with("shared "), "{cell}");
        }
    }
    assert!(
        shared > 0 && declined > 0 && not_shared > 0,
        "{shared} {declined} {not_shared}"
    );
}
