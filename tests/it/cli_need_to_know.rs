//! Need to know from the command line and in the reports (G 9.7, P 11.3.3, P 12.10):
//! `receipt disseminate` names registered users (`--to`) and roles as groups (`--to-role`),
//! refuses anyone not cleared by name; `show` and `search` open the content to those listed;
//! `report access` prints who may see what, for oversight.

use crate::store_common::{NOW, demo_store, registrar_as, stderr_of, stdout_of};
use calamine::{Data, Reader, Xlsx, open_workbook};
use registrar::domain::marking::Classification;
use registrar::domain::need_to_know::level_words;
use registrar::domain::receipt::ReceiptState;
use registrar::domain::record::Record;
use registrar::domain::role::Role;
use registrar::store::{FixedClock, Store};
use std::path::Path;
use std::sync::Arc;

fn as_user(store: &Path, name: &str) -> assert_cmd::Command {
    registrar_as(store, name, &format!("demo-{name}"), NOW)
}

fn output(mut cmd: assert_cmd::Command, args: &[&str]) -> std::process::Output {
    cmd.args(args).output().unwrap()
}

fn ok(cmd: assert_cmd::Command, args: &[&str]) -> String {
    let out = output(cmd, args);
    assert!(
        out.status.success(),
        "{args:?}: {} {}",
        stdout_of(&out),
        stderr_of(&out)
    );
    stdout_of(&out)
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

/// The demo with two more people who handle no products: `clerk` (cleared for everything)
/// and `visitor` (cleared to Unclassified); and a product cleared, waiting for its
/// dissemination: (store, receipt id, its title, its level).
fn demo_with_people(dir: &Path) -> (std::path::PathBuf, String, String, Classification) {
    let path = demo_store(dir);
    let now = chrono::DateTime::parse_from_rfc3339(NOW).unwrap().to_utc();
    let store = Store::open(&path, Arc::new(FixedClock::new(now))).unwrap();
    let admin = store.authenticate("admin", "demo-admin").unwrap();
    crate::common::quick_passphrases();
    for (name, clearance) in [
        ("clerk", Classification::StrictlyConfidential),
        ("clerk2", Classification::StrictlyConfidential),
        ("visitor", Classification::Unclassified),
    ] {
        store
            .add_user(
                &admin,
                name,
                vec![Role::Admin],
                clearance,
                &format!("demo-{name}"),
            )
            .unwrap();
    }
    let mut found = None;
    store
        .visit_records(&mut |r| {
            if let Record::Receipt(x) = &r
                && x.state == ReceiptState::Cleared
                && x.voided.is_none()
                && x.capture.marking.level > Classification::Unclassified
                && found.is_none()
            {
                found = Some((
                    x.id.to_string(),
                    x.capture.title.clone(),
                    x.capture.marking.level,
                ));
            }
            Ok(())
        })
        .unwrap();
    let (id, title, level) = found.expect("the demo has a confidential product cleared");
    drop(store);
    (path, id, title, level)
}

#[test]
fn g9_7_receipt_disseminate_names_registered_users_and_refuses_an_uncleared_one_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let (store, rcp, title, level) = demo_with_people(dir.path());
    let disseminate = |to: &[&str]| {
        let mut args = vec!["receipt", "disseminate", rcp.as_str(), "--authority", "hom"];
        args.extend_from_slice(to);
        args.push("--flag");
        args.push("Caution: see the scan");
        output(as_user(&store, "hom"), &args)
    };
    let out = disseminate(&["--to", "clerk", "--to", "visitor"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains(&format!(
            "G 9.7: visitor is cleared to Unclassified; {rcp} is {}",
            level_words(level)
        )),
        "{}",
        stderr_of(&out)
    );
    let out = disseminate(&["--to", "JOC duty officer"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr_of(&out).contains("JOC duty officer is not a registered user"),
        "{}",
        stderr_of(&out)
    );
    let out = disseminate(&["--to", "clerk", "--to-role", "legal"]);
    assert!(out.status.success(), "{}", stderr_of(&out));

    // The list as decided: by name, and through the role.
    let show = ok(as_user(&store, "imfp"), &["show", &rcp]);
    let line = |key: &str| {
        show.lines()
            .find(|l| l.trim_start().starts_with(key))
            .map(|l| l.split_whitespace().last().unwrap_or("").to_string())
    };
    assert_eq!(
        line("dissemination.value.people.1.user").as_deref(),
        Some("clerk"),
        "{show}"
    );
    assert_eq!(
        line("dissemination.value.people.2.user").as_deref(),
        Some("legal"),
        "{show}"
    );
    assert_eq!(
        line("dissemination.value.people.2.via").as_deref(),
        Some("legal"),
        "{show}"
    );
    assert!(line("dissemination.value.people.1.via").is_none(), "{show}");

    // Content: open to those listed, whatever their role; closed to the administrator not
    // listed and to a Human Rights officer, though both are cleared.
    let seen = |who: &str| ok(as_user(&store, who), &["show", &rcp]).contains(&title);
    assert!(seen("clerk") && seen("legal") && seen("imfp"));
    assert!(!seen("clerk2") && !seen("hro") && !seen("admin"));
    let word = title.split_whitespace().max_by_key(|w| w.len()).unwrap();
    let found = |who: &str| ok(as_user(&store, who), &["search", word]).contains(&rcp);
    assert!(found("clerk"));
    assert!(!found("clerk2"));
}

#[test]
fn p12_10_the_access_matrix_prints_who_may_see_what() {
    let dir = tempfile::tempdir().unwrap();
    let (store, rcp, title, _) = demo_with_people(dir.path());
    ok(
        as_user(&store, "hom"),
        &[
            "receipt",
            "disseminate",
            &rcp,
            "--authority",
            "hom",
            "--to",
            "clerk",
            "--flag",
            "Caution: see the scan",
        ],
    );
    let out = dir.path().join("access.xlsx");
    let said = ok(
        as_user(&store, "oversight"),
        &["report", "access", "--out", out.to_str().unwrap()],
    );
    assert!(said.contains("confidential products"), "{said}");
    let written = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("access_")
        })
        .expect("the access matrix, its name carrying the marking");
    let products = cells(&written, "Products");
    assert_eq!(products[1][6], "Who may see the content");
    let row = products
        .iter()
        .find(|r| r[0] == rcp)
        .expect("the product is in the matrix");
    assert_eq!(row[3], title);
    assert_eq!(row[5], "clerk");
    assert!(row[6].contains("clerk (listed)"), "{row:?}");
    assert!(row[6].contains("imfp (IM FP)"), "{row:?}");
    for absent in ["clerk2", "hro", "visitor", "admin ("] {
        assert!(!row[6].contains(absent), "{absent} in {row:?}");
    }
    // Every confidential product is there, none unclassified.
    assert!(products.len() > 10);
    assert!(
        products[2..]
            .iter()
            .all(|r| r[0].is_empty() || r[2] != "UNCLASSIFIED")
    );
    let people = cells(&written, "People");
    assert!(
        people
            .iter()
            .any(|r| r[0] == "visitor" && r[2] == "Unclassified"),
        "{people:?}"
    );
    // The same as .csv.
    let csv = dir.path().join("access.csv");
    ok(
        as_user(&store, "oversight"),
        &["report", "access", "--out", csv.to_str().unwrap()],
    );
    let text = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "csv"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .unwrap();
    assert!(text.contains("clerk (listed)"), "{text}");
}
