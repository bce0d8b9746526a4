//! Reports leadership and oversight read (issue 12): the register (G C "Registers" a) as
//! .xlsx and .csv, the compliance figures (G H, P 9.7), the periodic revision (G 9.13), the
//! oversight report with labelled Annex answers. Every .xlsx is opened again with calamine.

use crate::store_common::{NOW, demo_store, registrar_as, stdout_of};
use calamine::{Data, Reader, Xlsx, open_workbook};
use registrar::domain::marking::Classification;
use registrar::domain::record::Record;
use registrar::store::{FixedClock, Store};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn as_user(store: &Path, user: &str) -> assert_cmd::Command {
    registrar_as(store, user, &format!("demo-{user}"), NOW)
}

/// The one file in `dir` whose name starts with `stem`.
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
    assert_eq!(
        found.len(),
        1,
        "expected one {stem}_* file, found {found:?}"
    );
    found[0].clone()
}

fn cells(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    range
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
}

fn every_cell(path: &Path) -> Vec<String> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let names = book.sheet_names();
    let mut out = Vec::new();
    for name in names {
        let range = book.worksheet_range(&name).unwrap();
        out.extend(range.rows().flat_map(|r| r.iter().map(|c| c.to_string())));
    }
    out
}

/// The raw XML of one part of the .xlsx (print headers and charts calamine does not read).
fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

fn has_part(path: &Path, name: &str) -> bool {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    zip.by_name(name).is_ok()
}

/// (title, reference) of every share and receipt at `level`.
fn products_at(store: &Path, level: Classification) -> Vec<(String, String)> {
    let now = chrono::DateTime::parse_from_rfc3339(NOW).unwrap().to_utc();
    let store = Store::open(store, Arc::new(FixedClock::new(now))).unwrap();
    let mut out = Vec::new();
    store
        .visit_records(&mut |r| {
            if r.marking().level == level {
                match &r {
                    Record::Share(s) => out.push((
                        s.draft.product.title.clone(),
                        s.draft.product.reference.clone(),
                    )),
                    Record::Receipt(x) => {
                        out.push((x.capture.title.clone(), x.capture.reference.clone()))
                    }
                    _ => {}
                }
            }
            Ok(())
        })
        .unwrap();
    out
}

#[test]
fn p_11_3_3_the_register_for_a_reader_cleared_to_confidential_holds_nothing_strictly_confidential()
{
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let out = dir.path().join("register.xlsx");
    let output = as_user(&store, "analyst")
        .args(["report", "register", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let path = written(dir.path(), "register");
    assert_eq!(
        path.file_name().unwrap(),
        "register_CONFIDENTIAL.xlsx",
        "the file name carries the highest marking inside"
    );
    let secret = products_at(&store, Classification::StrictlyConfidential);
    assert!(
        !secret.is_empty(),
        "the demo has strictly confidential products"
    );
    let all = every_cell(&path);
    for (title, reference) in &secret {
        assert!(
            !all.iter()
                .any(|c| c.contains(title.as_str()) || c.contains(reference.as_str())),
            "{title} ({reference}) is STRICTLY CONFIDENTIAL and must not be in the analyst's file"
        );
    }
    assert!(!all.iter().any(|c| c.contains("STRICTLY")));
    // Confidential products are there, with the columns C "Registers" a names.
    let rows = cells(&path, "Register");
    assert!(
        rows[0][0].starts_with("CONFIDENTIAL — Register"),
        "{:?}",
        rows[0]
    );
    assert_eq!(
        rows[1],
        registrar::register::row::COLUMNS
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
    );
    let confidential = products_at(&store, Classification::Confidential);
    for (title, _) in &confidential {
        assert!(all.iter().any(|c| c == title), "{title} is missing");
    }
    // Printed header and footer carry the marking.
    let sheet = part(&path, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains("<oddHeader>&amp;C&amp;\"-,Bold\"CONFIDENTIAL</oddHeader>"),
        "{sheet}"
    );
    assert!(sheet.contains("<oddFooter>") && sheet.contains("CONFIDENTIAL&amp;RPage"));
}

#[test]
fn g_c_registers_a_the_im_fp_register_has_every_share_and_receipt_with_its_assessment_and_action() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let out = dir.path().join("register.xlsx");
    let printed = stdout_of(
        &as_user(&store, "imfp")
            .args(["report", "register", "--out"])
            .arg(&out)
            .output()
            .unwrap(),
    );
    let path = written(dir.path(), "register");
    assert_eq!(
        path.file_name().unwrap(),
        "register_STRICTLY-CONFIDENTIAL.xlsx"
    );
    let rows = cells(&path, "Register");
    let products: usize = [
        Classification::Unclassified,
        Classification::Confidential,
        Classification::StrictlyConfidential,
    ]
    .iter()
    .map(|l| products_at(&store, *l).len())
    .sum();
    // Title, header, the lines, a blank and the closing marking.
    let lines: Vec<&Vec<String>> = rows[2..]
        .iter()
        .filter(|r| r.len() > 13 && !r[13].is_empty())
        .collect();
    assert_eq!(lines.len(), products, "{printed}");
    assert!(printed.contains(&format!("{products} lines")), "{printed}");
    assert_eq!(
        rows.last().unwrap()[0],
        "STRICTLY CONFIDENTIAL",
        "the marking closes the sheet"
    );
    let late = lines
        .iter()
        .find(|r| r[3] == "GEND-W/FLASH/2026/88")
        .expect("the late imminent threat is in the register");
    assert_eq!(late[2], "received");
    assert_eq!(late[5], "STRICTLY CONFIDENTIAL");
    assert_eq!(late[8], "verbal/informal");
    assert!(
        late[9].starts_with("Intelligence Receipt Scan: credibility"),
        "{late:?}"
    );
    assert!(late[10].contains("imminent threat; alerted:"), "{late:?}");
    let shared = lines
        .iter()
        .find(|r| r[2] == "shared" && r[11] == "shared")
        .expect("a shared product");
    assert!(
        shared[9].starts_with("Sharing Risk Assessment") || shared[9].starts_with("pre-authorised"),
        "{shared:?}"
    );
    assert!(shared[10].contains("authorised by"), "{shared:?}");
}

#[test]
fn the_register_as_csv_filtered_to_receipts_in_a_state_opens_and_closes_with_its_marking() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let out = dir.path().join("receipts.csv");
    as_user(&store, "imfp")
        .args([
            "report",
            "register",
            "--kind",
            "received",
            "--state",
            "disseminated",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let path = written(dir.path(), "receipts");
    assert!(path.to_string_lossy().ends_with(".csv"));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(&path)
        .unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let level = rows[0][0].to_string();
    assert!(path.to_string_lossy().contains(&level.replace(' ', "-")));
    assert_eq!(&rows[1][0], "Date");
    assert_eq!(rows.last().unwrap().len(), 1);
    assert_eq!(&rows.last().unwrap()[0], level.as_str());
    let data = &rows[2..rows.len() - 1];
    assert!(!data.is_empty());
    for r in data {
        assert_eq!(&r[2], "received", "{r:?}");
        assert_eq!(&r[11], "disseminated", "{r:?}");
    }
}

#[test]
fn an_unknown_state_or_entity_is_refused_not_defaulted() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let out = dir.path().join("r.xlsx");
    let o = as_user(&store, "imfp")
        .args(["report", "register", "--state", "lost", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let o = as_user(&store, "imfp")
        .args(["report", "register", "--entity", "Nobody at all", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        std::fs::read_dir(dir.path())
            .unwrap()
            .all(|e| { !e.unwrap().file_name().to_string_lossy().starts_with("r_") })
    );
}

#[test]
fn g_9_2_compliance_on_the_demo_two_imminent_threats_one_late_by_55_minutes() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let out = dir.path().join("compliance.xlsx");
    let printed = stdout_of(
        &as_user(&store, "hom")
            .args(["report", "compliance", "--out"])
            .arg(&out)
            .output()
            .unwrap(),
    );
    let path = written(dir.path(), "compliance");
    let book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Summary",
            "Imminent threats",
            "Late reviews",
            "Decisions",
            "Flagged disseminations",
            "Breaches",
            "After the fact and corrections",
            "Refused attempts",
            "G 9.9 letter missing"
        ]
    );
    drop(book);
    let summary = cells(&path, "Summary");
    let figure = |name: &str| {
        summary
            .iter()
            .find(|r| r[0].trim() == name)
            .unwrap_or_else(|| panic!("{name} missing from {summary:?}"))[1]
            .clone()
    };
    assert_eq!(figure("Imminent-threat receipts (G 9.1–9.3)"), "2");
    assert_eq!(figure("late against the mission's limit (G 9.2)"), "1");
    assert!(figure("worst minutes to disposition").starts_with("175 (GEND-W/FLASH/2026/88"));
    let threats = cells(&path, "Imminent threats");
    let late = threats
        .iter()
        .find(|r| r[0] == "GEND-W/FLASH/2026/88")
        .unwrap();
    assert_eq!(late[3], "120", "the mission's limit");
    assert_eq!(late[6], "55", "late by 55 minutes");
    let other = threats
        .iter()
        .find(|r| r[0] == "FACA-3/FLASH/1121")
        .unwrap();
    assert_eq!(other[6], "", "within the limit: not late");
    // Decisions by authority: the demo's MICM Chair declined one share.
    let decisions = cells(&path, "Decisions");
    let micm = decisions.iter().find(|r| r[0] == "MICM Chair").unwrap();
    assert_eq!(micm[2], "1");
    assert_eq!(
        cells(&path, "Flagged disseminations").len(),
        4,
        "two flagged (a heading and a header above them); one later withdrawn (G 9.9)"
    );
    assert_eq!(cells(&path, "Breaches").len(), 3, "one breach");
    // The same figures on the screen.
    assert!(
        printed.contains("late against the mission's limit (G 9.2)"),
        "{printed}"
    );
    let sheet = part(&path, "xl/worksheets/sheet2.xml");
    assert!(
        sheet.contains("STRICTLY CONFIDENTIAL</oddHeader>"),
        "{sheet}"
    );
}

#[test]
fn g_h_the_compliance_figures_are_not_for_an_analyst() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let o = as_user(&store, "analyst")
        .args(["report", "compliance", "--out"])
        .arg(dir.path().join("c.xlsx"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(4));
}

#[test]
fn g_9_13_the_periodic_revision_has_months_grades_and_native_charts() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let out = dir.path().join("revision.xlsx");
    as_user(&store, "imfp")
        .args([
            "report",
            "revision",
            "--entity",
            "national gendarmerie  — western brigade",
            "--from",
            "2026-09-01",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let path = written(dir.path(), "revision");
    let rows = cells(&path, "By month");
    assert_eq!(rows[1][0], "Month");
    let months: Vec<&str> = rows[2..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(months, ["2026-09", "2026-10", "2026-11"]);
    assert!(has_part(&path, "xl/charts/chart1.xml"));
    assert!(has_part(&path, "xl/charts/chart3.xml"));
    assert!(part(&path, "xl/charts/chart2.xml").contains("<c:grouping val=\"stacked\"/>"));
    // The received column counts what the register says came from the entity in the period.
    let received: f64 = rows[2..].iter().map(|r| r[2].parse::<f64>().unwrap()).sum();
    assert!(
        received > 0.0,
        "the gendarmerie sent products in the period: {rows:?}"
    );
    let register = dir.path().join("reg.csv");
    as_user(&store, "imfp")
        .args([
            "report",
            "register",
            "--kind",
            "received",
            "--entity",
            "national gendarmerie  — western brigade",
            "--from",
            "2026-09-01",
            "--out",
        ])
        .arg(&register)
        .assert()
        .success();
    let reg = std::fs::read_to_string(written(dir.path(), "reg")).unwrap();
    assert_eq!(received as usize, reg.lines().count() - 3, "{reg}");
    assert!(cells(&path, "Reliability").len() >= 2);
}

#[test]
fn g_c_registers_d_oversight_json_labels_each_annex_answer_with_its_question() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let out = dir.path().join("oversight.json");
    as_user(&store, "oversight")
        .args(["report", "oversight", "--out"])
        .arg(&out)
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let share = v["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["content"]["share"]["risk_assessment"].is_object())
        .expect("a share with a risk assessment");
    let answers = share["content"]["share"]["risk_assessment"]["value"]["answers"]
        .as_array()
        .unwrap();
    assert_eq!(answers[0]["question"], "mandate");
    assert!(answers[0]["asked"].as_str().unwrap().contains("mandate"));
    assert!(answers[0]["answer"].is_string());
    let event = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["change"]["change"] == "receipt_scanned")
        .expect("a scan event");
    assert_eq!(
        event["change"]["scan"]["answers"][0]["question"],
        "imminent_threat"
    );
}

#[test]
fn the_oversight_report_as_xlsx_lists_the_answers_with_their_questions() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let out = dir.path().join("oversight.xlsx");
    as_user(&store, "analyst")
        .args(["report", "oversight", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    // The analyst may not export for oversight; the oversight may.
    assert!(!dir.path().join("oversight_CONFIDENTIAL.xlsx").exists());
    as_user(&store, "oversight")
        .args(["report", "oversight", "--out"])
        .arg(&out)
        .assert()
        .success();
    let path = written(dir.path(), "oversight");
    let answers = cells(&path, "Annex answers");
    assert_eq!(
        answers[0],
        ["Record", "Annex", "Question", "Asked", "Answer", "Note"]
    );
    assert!(
        answers
            .iter()
            .any(|r| r[2] == "violations_risk" && r[1].starts_with("Annex B"))
    );
    assert!(
        answers
            .iter()
            .any(|r| r[2] == "grave_violations" && r[1].starts_with("Annex E"))
    );
    assert!(cells(&path, "Events").len() > 100);
}

/// G H (issue 12): the compliance figures count the attempts a rule or a role refused — each
/// with who, what, on what, the paragraph and why — on the summary and on a sheet of their own.
/// Nothing of a refused attempt enters the log.
#[test]
fn g_h_compliance_counts_refused_attempts_by_rule_and_role() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let listed = as_user(&store, "imfp")
        .args(["list", "--state", "received", "--json"])
        .output()
        .unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    let receipt = rows[0]["record"].as_str().unwrap().to_string();
    let events = || {
        let out = as_user(&store, "imfp")
            .args(["verify", "--json"])
            .output()
            .unwrap();
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["events"].clone()
    };
    let before = events();
    // A role: the IM FP may not decide a dissemination; the analyst may not change settings.
    let tries: [(&str, Vec<&str>, i32); 3] = [
        (
            "imfp",
            vec![
                "receipt",
                "disseminate",
                &receipt,
                "--authority",
                "imfp",
                "--to",
                "joc",
            ],
            4,
        ),
        ("analyst", vec!["settings", "set", "--review-days", "10"], 4),
        // A rule: the Head of Mission may, but not before the scan and the clearance (G 9).
        (
            "hom",
            vec![
                "receipt",
                "disseminate",
                &receipt,
                "--authority",
                "hom",
                "--to",
                "joc",
            ],
            3,
        ),
    ];
    for (user, args, code) in &tries {
        let out = as_user(&store, user).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(*code), "{user} {args:?}");
    }
    assert_eq!(events(), before, "a refused attempt records no event");

    let out = dir.path().join("compliance.xlsx");
    let report = registrar_as(&store, "hom", "demo-hom", "2026-11-21T03:00:00Z")
        .args(["report", "compliance", "--json", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let said: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    let figure = said["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["indicator"]
                .as_str()
                .unwrap()
                .starts_with("Refused attempts")
        })
        .expect("a refused attempts indicator")["figure"]
        .as_str()
        .unwrap()
        .to_string();
    // The three, and the demo's own: a product outside a scoped list refused it (G 8.1.8).
    assert!(figure.starts_with("4 ("), "{figure}");
    assert!(figure.contains("role ×2"), "{figure}");
    assert!(figure.contains("G 8.1.8 ×1"), "{figure}");

    let rows = cells(&written(dir.path(), "compliance"), "Refused attempts");
    let all: Vec<&Vec<String>> = rows.iter().skip(2).collect();
    assert_eq!(all.len(), 4, "{rows:?}");
    assert_eq!(all[0][4], "G 8.1.8", "{:?}", all[0]);
    let lines = &all[1..];
    let users: Vec<&str> = lines.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(users, ["imfp", "analyst", "hom"]);
    assert_eq!(lines[0][3], receipt);
    assert_eq!(lines[1][4], "(a role)");
    assert!(lines[2][4].starts_with("G "), "{:?}", lines[2]);
    assert!(!lines[2][5].is_empty());
}

/// The console records a form's steps together (`execute_steps_as`): a step refused there is
/// kept for the compliance figures as one refused through a command is, and nothing of the
/// submission is written.
#[test]
fn g_h_a_console_submission_refused_is_kept_as_a_refused_attempt() {
    use chrono::{DateTime, Utc};
    use registrar::domain::change::Change;
    use registrar::domain::settings::MissionSettings;
    use registrar::store::submission::Target;
    let dir = tempfile::tempdir().unwrap();
    let path = demo_store(dir.path());
    let now = DateTime::parse_from_rfc3339(NOW)
        .unwrap()
        .with_timezone(&Utc);
    let store = Store::open(&path, Arc::new(FixedClock::new(now))).unwrap();
    let analyst = store.authenticate("analyst", "demo-analyst").unwrap();
    let events = store.log_len().unwrap();
    let refused = store.execute_steps_as(
        &analyst,
        vec![(
            Target::New,
            Change::SettingsChanged {
                settings: MissionSettings::new("not theirs to change"),
            },
        )],
        &|_, _| {},
    );
    assert!(refused.is_err());
    assert_eq!(store.log_len().unwrap(), events, "nothing written");
    // Since now: the demo's story keeps one of its own (G 8.1.8), before.
    let kept = store
        .refused_attempts(now, DateTime::<Utc>::MAX_UTC)
        .unwrap();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(kept[0].user, "analyst");
    assert_eq!(kept[0].what, "mission settings changed");
    assert_eq!(kept[0].paragraph, None, "a role refused it");
}

#[test]
fn g9_9_the_compliance_report_lists_the_entities_missing_the_hom_letter() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let missing: Vec<(String, String)> = {
        let s = Store::open(&store, Arc::new(FixedClock::new(crate::tui_common::now()))).unwrap();
        s.entities()
            .unwrap()
            .into_iter()
            .filter(registrar::domain::entity_review::torture_refusal_missing)
            .map(|e| (e.id.to_string(), e.details.name.clone()))
            .collect()
    };
    assert!(!missing.is_empty(), "the demo has an entity not yet told");
    let out = dir.path().join("compliance.xlsx");
    as_user(&store, "hom")
        .args(["report", "compliance", "--out"])
        .arg(&out)
        .assert()
        .success();
    let path = written(dir.path(), "compliance");
    let sheet = cells(&path, "G 9.9 letter missing");
    assert_eq!(sheet[1], ["Entity", "Kind", "Registered", "Record"]);
    let listed: Vec<(String, String)> = sheet[2..]
        .iter()
        .map(|r| (r[3].clone(), r[0].clone()))
        .collect();
    assert_eq!(listed, missing);
    let summary = cells(&path, "Summary");
    let figure = summary
        .iter()
        .find(|r| r[0].contains("G 9.9"))
        .expect("a G 9.9 figure in the summary");
    assert_eq!(figure[1], missing.len().to_string());
}
