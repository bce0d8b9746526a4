//! Bringing in the registers people keep (issue 12): sheets written here with rust_xlsxwriter
//! and csv in the shapes people use — a title and marking above the header, blank and
//! merged rows, dates as serials and in four spellings, markings and grades abbreviated,
//! entity names spelled three ways — read, mapped and planned (the dry run).

use crate::store_common::demo_store;
use chrono::{TimeZone, Utc};
use registrar::domain::entity::EntityKind;
use registrar::domain::grades::{Credibility, Reliability};
use registrar::domain::marking::Classification;
use registrar::domain::share::Channel;
use registrar::register::sheet::mapping::{Field, Mapping, guess};
use registrar::register::sheet::parse::Way;
use registrar::register::sheet::plan::{EntityOutcome, EntityRef, plan};
use registrar::register::sheet::read::read_table;
use registrar::store::{FixedClock, Store};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::path::Path;
use std::sync::Arc;

const HEADERS: [&str; 10] = [
    "Date",
    "In/Out",
    "With / from whom",
    "Subject",
    "Ref. No.",
    "Classification",
    "How",
    "Source grade",
    "Action taken",
    "Entity type",
];

/// A register as kept by hand: marking and title above, a blank row, the header on row 4,
/// then lines with a blank row and a merged month heading among them.
fn messy_xlsx(path: &Path) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Register 2026").unwrap();
    sheet
        .merge_range(0, 0, 0, 9, "CONFIDENTIAL", &Format::new().set_bold())
        .unwrap();
    sheet
        .write_string(1, 0, "JMAC sharing register — kept by the IM FP")
        .unwrap();
    for (c, h) in HEADERS.iter().enumerate() {
        sheet.write_string(3, c as u16, *h).unwrap();
    }
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    let lines: [[&str; 10]; 6] = [
        [
            "",
            "OUT",
            "National Gendarmerie",
            "Threat picture, western prefectures",
            "JMAC/2026/11",
            "C",
            "E-mail",
            "",
            "authorised by the HoM",
            "Security force",
        ],
        [
            "12/11/2026",
            "in",
            "national gendarmerie",
            "Roadblock report",
            "GEND/88",
            "Conf",
            "Verbal (meeting)",
            "B2",
            "disseminated to JOC",
            "",
        ],
        [
            "12.11.2026",
            "Received",
            "Gendarmerie, National",
            "Arms cache rumour",
            "GEND/89",
            "SC",
            "letter",
            "B/2",
            "rejected",
            "",
        ],
        [
            "2026-11-12",
            "Incoming",
            "Ministry of Interior",
            "Curfew plan",
            "MOI/7",
            "CONFIDENTIAL",
            "written",
            "B – usually reliable",
            "",
            "Civilian authority",
        ],
        [
            "12 Nov 2026",
            "Shared",
            "UNICEF Country Office",
            "Grave violations briefing",
            "JMAC/2026/12",
            "Strictly Confidential",
            "phone",
            "",
            "",
            "UN agency",
        ],
        [
            "12 Nov 2026 14:30",
            "in",
            "UNICEF Country Office",
            "Displacement figures",
            "UNICEF/3",
            "Unclassified",
            "email",
            "A1",
            "noted",
            "",
        ],
    ];
    let mut row = 4u32;
    for (i, line) in lines.iter().enumerate() {
        if i == 2 {
            row += 1; // a blank row
            sheet
                .merge_range(row, 0, row, 9, "— second half of the day —", &Format::new())
                .unwrap();
            row += 1;
        }
        for (c, text) in line.iter().enumerate() {
            if i == 0 && c == 0 {
                // An Excel date cell (serial with a date format).
                let date = ExcelDateTime::from_ymd(2026, 11, 12).unwrap();
                sheet
                    .write_datetime_with_format(row, 0, &date, &date_format)
                    .unwrap();
            } else if !text.is_empty() {
                sheet.write_string(row, c as u16, *text).unwrap();
            }
        }
        row += 1;
    }
    book.save(path).unwrap();
}

#[test]
fn g_c_registers_a_messy_sheet_is_read_with_its_header_on_row_4_and_every_spelling_understood() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.xlsx");
    messy_xlsx(&path);
    the_messy_register_is_understood(&path);
}

/// The same messy register kept in the older formats people still use: Excel 97-2003 (.xls)
/// and OpenDocument (.ods), written by xlwt and odfpy (tests/it/fixtures/make_old_registers.py),
/// read the same way — the header on row 4, the date cell, every spelling.
#[test]
fn g_c_registers_the_messy_sheet_as_xls_and_ods_is_read_the_same_way() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/fixtures");
    for name in ["register.xls", "register.ods"] {
        the_messy_register_is_understood(&fixtures.join(name));
    }
}

fn the_messy_register_is_understood(path: &Path) {
    let file = path.file_name().unwrap().to_string_lossy().into_owned();
    let table = read_table(path, None).unwrap();
    assert_eq!(table.sheet, "Register 2026");
    let mapping = guess(&table).expect("a register");
    assert_eq!(mapping.header_row, 4, "the header is on the fourth row");
    for (field, header) in [
        (Field::Date, "Date"),
        (Field::Direction, "In/Out"),
        (Field::Entity, "With / from whom"),
        (Field::Title, "Subject"),
        (Field::Reference, "Ref. No."),
        (Field::Marking, "Classification"),
        (Field::Channel, "How"),
        (Field::Grade, "Source grade"),
        (Field::Action, "Action taken"),
        (Field::Kind, "Entity type"),
    ] {
        assert_eq!(
            mapping.columns.get(&field).map(String::as_str),
            Some(header),
            "{field:?}"
        );
    }
    let mut mapping = mapping;
    mapping.nature = Some(registrar::domain::nature::Nature::OperationalTactical);
    let plan = plan(&table, &mapping, &file, &[], &|_| false).unwrap();
    assert!(plan.bad.is_empty(), "{file}: {:?}", plan.bad);
    assert_eq!(plan.lines.len(), 6, "{file}");
    assert_eq!(plan.skipped, 2, "the blank row and the merged heading");
    let day = Utc.with_ymd_and_hms(2026, 11, 12, 0, 0, 0).unwrap();
    for l in &plan.lines[..5] {
        assert_eq!(l.at, day, "row {}", l.source.row);
    }
    assert_eq!(
        plan.lines[5].at,
        Utc.with_ymd_and_hms(2026, 11, 12, 14, 30, 0).unwrap()
    );
    use Classification::*;
    let markings: Vec<Classification> = plan.lines.iter().map(|l| l.marking).collect();
    assert_eq!(
        markings,
        [
            Confidential,
            Confidential,
            StrictlyConfidential,
            Confidential,
            StrictlyConfidential,
            Unclassified
        ]
    );
    let ways: Vec<Way> = plan.lines.iter().map(|l| l.way).collect();
    assert_eq!(
        ways,
        [
            Way::Shared,
            Way::Received,
            Way::Received,
            Way::Received,
            Way::Shared,
            Way::Received
        ]
    );
    assert_eq!(plan.lines[1].channel, Channel::VerbalInformal);
    assert_eq!(plan.lines[0].channel, Channel::Electronic);
    assert_eq!(
        (plan.lines[1].reliability, plan.lines[1].credibility),
        (Some(Reliability::B), Some(Credibility::ProbablyTrue))
    );
    assert_eq!(plan.lines[2].credibility, Some(Credibility::ProbablyTrue));
    assert_eq!(
        (plan.lines[3].reliability, plan.lines[3].credibility),
        (Some(Reliability::B), None)
    );
    // Row numbers as the person sees them: line 1 is on row 5; after the blank row 7 and the
    // heading on row 8, line 3 is on row 9.
    assert_eq!(plan.lines[0].source.row, 5);
    assert_eq!(plan.lines[2].source.row, 9);
    assert_eq!(plan.lines[2].source.sheet, "Register 2026");
    // Three spellings, one entity; its kind from the sheet.
    let gendarmerie = plan
        .entities
        .iter()
        .find(|e| e.spellings.contains(&"National Gendarmerie".to_string()))
        .unwrap();
    assert_eq!(
        gendarmerie.spellings.len(),
        3,
        "{:?}",
        gendarmerie.spellings
    );
    assert_eq!(gendarmerie.lines, 3);
    assert_eq!(gendarmerie.outcome, EntityOutcome::New);
    assert_eq!(gendarmerie.kind, Some(EntityKind::NonUnSecurityForce));
    assert_eq!(plan.new_entities(), 3);
    assert!(plan.ready());
}

#[test]
fn g_c_registers_bad_rows_are_named_by_row_column_and_reason_and_block_the_import() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.csv");
    std::fs::write(
        &path,
        "Date,Direction,Entity,Title,Ref,Marking,Channel,Nature\n\
         12/11/2026,in,Ministry of Interior,Curfew plan,M/1,C,written,strategic\n\
         31/02/2026,in,Ministry of Interior,Impossible day,M/2,C,written,strategic\n\
         13/11/2026,in,Ministry of Interior,Too secret,M/3,SECRET,written,strategic\n\
         14/11/2026,maybe,Ministry of Interior,Which way,M/4,C,written,strategic\n\
         15/11/2026,out,Ministry of Interior,,M/5,C,written,strategic\n\
         16/11/2026,out,Ministry of Interior,By pigeon,M/6,C,pigeon,tactical\n",
    )
    .unwrap();
    let table = read_table(&path, None).unwrap();
    let mapping = guess(&table).unwrap();
    assert_eq!(mapping.header_row, 1);
    let plan = plan(&table, &mapping, "bad.csv", &[], &|_| false).unwrap();
    assert_eq!(plan.lines.len(), 1, "only the good row");
    let bad: Vec<(usize, &str)> = plan
        .bad
        .iter()
        .map(|b| (b.row, b.column.as_str()))
        .collect();
    assert_eq!(
        bad,
        [
            (3, "Date"),
            (4, "Marking"),
            (5, "Direction"),
            (6, "Title"),
            (7, "Channel")
        ]
    );
    assert!(plan.bad[0].reason.contains("not a date"), "{}", plan.bad[0]);
    assert!(plan.bad[1].reason.contains("SECRET"), "{}", plan.bad[1]);
    assert!(!plan.ready(), "a bad row blocks the whole sheet");
    // The new entity's kind is not in the sheet: the import waits for it.
    assert_eq!(plan.kinds_missing().len(), 1);
}

#[test]
fn a_sheet_that_is_not_a_register_is_said_to_be_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lunch.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in [
        ["Name", "Lunch", "Score"],
        ["Ana", "soup", "3"],
        ["Bo", "rice", "4"],
    ]
    .iter()
    .enumerate()
    {
        for (c, t) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *t).unwrap();
        }
    }
    book.save(&path).unwrap();
    let table = read_table(&path, None).unwrap();
    assert!(guess(&table).is_none());
    assert!(read_table(&dir.path().join("notes.txt"), None).is_err());
}

#[test]
fn g_c_registers_entities_match_registered_ones_by_name_and_by_near_name() {
    let dir = tempfile::tempdir().unwrap();
    let store_path = demo_store(dir.path());
    let now = Utc.with_ymd_and_hms(2026, 11, 21, 2, 0, 0).unwrap();
    let store = Store::open(&store_path, Arc::new(FixedClock::new(now))).unwrap();
    let entities = store.entities().unwrap();
    drop(store);
    let path = dir.path().join("r.csv");
    std::fs::write(
        &path,
        "Date,Direction,Entity,Title,Ref,Marking,Channel\n\
         12/11/2026,in,national armed forces — 3rd infantry battalion,A,R/1,C,written\n\
         12/11/2026,in,National Armed Forces - 3rd Infantry Batalion,B,R/2,C,written\n\
         12/11/2026,in,Brand New Monitoring Group,C,R/3,C,written\n",
    )
    .unwrap();
    let table = read_table(&path, None).unwrap();
    let mut mapping: Mapping = guess(&table).unwrap();
    mapping.nature = Some(registrar::domain::nature::Nature::Strategic);
    mapping.entity_kinds.insert(
        "Brand New Monitoring Group".into(),
        EntityKind::OtherNonUnCivilian,
    );
    let plan = plan(&table, &mapping, "r.csv", &entities, &|_| false).unwrap();
    let outcomes: Vec<&EntityOutcome> = plan.entities.iter().map(|e| &e.outcome).collect();
    assert!(outcomes.iter().any(|o| matches!(o, EntityOutcome::Matched { name, .. } if name == "National Armed Forces — 3rd Infantry Battalion")), "{outcomes:?}");
    assert!(outcomes.iter().any(|o| matches!(o, EntityOutcome::NearMatch { name, .. } if name == "National Armed Forces — 3rd Infantry Battalion")), "{outcomes:?}");
    assert_eq!(plan.new_entities(), 1);
    assert!(matches!(
        &plan.lines[0].entity,
        EntityRef::Registered { .. }
    ));
    assert!(matches!(&plan.lines[2].entity, EntityRef::New { .. }));
    assert!(plan.ready());
    // Lines imported before are left alone, and said to be.
    let again =
        registrar::register::sheet::plan::plan(&table, &mapping, "r.csv", &entities, &|s| {
            s.row <= 3
        })
        .unwrap();
    assert_eq!((again.lines.len(), again.already_imported), (1, 2));
}

#[test]
fn without_a_nature_the_plan_asks_for_it_rather_than_guessing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.csv");
    std::fs::write(
        &path,
        "Date,Direction,Entity,Title,Ref,Marking,Channel\n12/11/2026,in,X Group,A,X/1,C,written\n",
    )
    .unwrap();
    let table = read_table(&path, None).unwrap();
    let mapping = guess(&table).unwrap();
    let e = plan(&table, &mapping, "r.csv", &[], &|_| false).unwrap_err();
    assert!(e.contains("nature"), "{e}");
}

// ------------------------------------------------------------------ the command

fn imfp(store: &Path) -> assert_cmd::Command {
    crate::store_common::registrar_as(store, "imfp", "demo-imfp", crate::store_common::NOW)
}

fn count(store: &Path) -> u64 {
    let now = Utc.with_ymd_and_hms(2026, 11, 21, 2, 0, 0).unwrap();
    Store::open(store, Arc::new(FixedClock::new(now)))
        .unwrap()
        .record_count()
        .unwrap()
}

/// The compliance report's count of records registered after the fact.
fn registered_after_the_fact(store: &Path, dir: &Path) -> u64 {
    let figures = imfp(store)
        .args(["report", "compliance", "--out"])
        .arg(dir.join("c.xlsx"))
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&figures.stdout);
    let line = printed
        .lines()
        .find(|l| l.starts_with("Registered after the fact (G 8.1.9, G 9.11)"))
        .unwrap_or_else(|| panic!("{printed}"));
    line.split_whitespace().last().unwrap().parse().unwrap()
}

#[test]
fn g_c_registers_import_sheet_dry_run_first_then_one_transaction_then_nothing_new() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let sheet = dir.path().join("register.xlsx");
    messy_xlsx(&sheet);
    let before = count(&store);
    let late_before = registered_after_the_fact(&store, dir.path());
    let dry = imfp(&store)
        .args([
            "import-sheet",
            "--dry-run",
            "--nature",
            "operational-tactical",
        ])
        .arg(&sheet)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&dry.stdout);
    assert!(
        dry.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&dry.stderr)
    );
    assert!(out.contains("header row 4"), "{out}");
    assert!(
        out.contains("would import 2 shares and 4 receipts"),
        "{out}"
    );
    assert!(out.contains("matched   \"UNICEF Country Office\""), "{out}");
    assert!(out.contains("new       \"National Gendarmerie\", \"national gendarmerie\", \"Gendarmerie, National\""), "{out}");
    assert!(out.contains("dry run: nothing written"), "{out}");
    assert_eq!(count(&store), before, "a dry run writes nothing");
    // Without a terminal and without --yes: only the dry run.
    let asked = imfp(&store)
        .args(["import-sheet", "--nature", "operational_tactical"])
        .arg(&sheet)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&asked.stdout).contains("dry run only"));
    assert_eq!(count(&store), before);
    let done = imfp(&store)
        .args(["import-sheet", "--yes", "--nature", "operational-tactical"])
        .arg(&sheet)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&done.stdout);
    assert!(
        done.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert!(out.contains("imported 2 shares and 4 receipts"), "{out}");
    assert_eq!(
        count(&store),
        before + 6 + 2,
        "six lines and two new entities"
    );
    // Each line is a record registered after the fact, naming its file, sheet and row.
    let now = Utc.with_ymd_and_hms(2026, 11, 21, 2, 0, 0).unwrap();
    let s = Store::open(&store, Arc::new(FixedClock::new(now))).unwrap();
    let mut notes = Vec::new();
    s.visit_records(&mut |r| {
        if let Some(n) = registrar::register::sheet::commit::note_of(&r) {
            notes.push(n.to_string());
        }
        Ok(())
    })
    .unwrap();
    drop(s);
    assert!(
        notes.contains(
            &"registered from an earlier register: register.xlsx, sheet \"Register 2026\", row 9"
                .to_string()
        ),
        "{notes:?}"
    );
    // The register shows them as registered after the fact, with where they came from.
    let csv_out = dir.path().join("after.csv");
    imfp(&store)
        .args(["report", "register", "--kind", "received", "--out"])
        .arg(&csv_out)
        .assert()
        .success();
    let written = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("after_")
        })
        .unwrap();
    let text = std::fs::read_to_string(written).unwrap();
    assert!(
        text.contains(
            "registered after the fact (imfp): registered from an earlier register: register.xlsx"
        ),
        "{text}"
    );
    // The compliance figures count them (G C "Registers": told late, and said so), beside
    // those the demo registered after the fact itself.
    assert_eq!(
        registered_after_the_fact(&store, dir.path()),
        late_before + 6
    );
    // Again: nothing new, and it says so.
    let again = imfp(&store)
        .args(["import-sheet", "--yes", "--nature", "operational-tactical"])
        .arg(&sheet)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&again.stdout);
    assert!(again.status.success());
    assert!(
        out.contains("nothing new to import: the 6 lines of this sheet were imported before"),
        "{out}"
    );
    assert_eq!(count(&store), before + 8);
}

#[test]
fn g_c_registers_a_sheet_with_bad_rows_writes_nothing_and_names_each_row() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let sheet = dir.path().join("bad.csv");
    std::fs::write(
        &sheet,
        "Date,Direction,Entity,Ref,Title,Marking,Channel,Nature\n\
         12/11/2026,in,UNICEF Country Office,U/1,Fine line,C,written,strategic\n\
         31/02/2026,in,UNICEF Country Office,U/2,Impossible day,C,written,strategic\n",
    )
    .unwrap();
    let before = count(&store);
    let o = imfp(&store)
        .args(["import-sheet", "--yes"])
        .arg(&sheet)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("row 3, column \"Date\""), "{out}");
    assert_eq!(count(&store), before, "the good line is not written either");
}

#[test]
fn import_sheet_refuses_what_is_not_a_register_and_saves_an_editable_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let lunch = dir.path().join("lunch.csv");
    std::fs::write(&lunch, "Name,Lunch,Score\nAna,soup,3\n").unwrap();
    let o = imfp(&store)
        .args(["import-sheet", "--dry-run"])
        .arg(&lunch)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a register"));
    // The guessed mapping is saved; edited (the new entity's kind), it is used next time.
    let sheet = dir.path().join("r.csv");
    std::fs::write(
        &sheet,
        "Date,Direction,Entity,Ref,Title,Marking,Channel\n\
         12/11/2026,in,Sector Monitoring Group,S/1,Weekly note,C,written\n",
    )
    .unwrap();
    let mapping = dir.path().join("r.toml");
    let o = imfp(&store)
        .args([
            "import-sheet",
            "--dry-run",
            "--nature",
            "strategic",
            "--mapping",
        ])
        .arg(&mapping)
        .arg(&sheet)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("kind unknown"), "{out}");
    let text = std::fs::read_to_string(&mapping).unwrap();
    assert!(
        text.contains("header_row = 1") && text.contains("nature = \"strategic\""),
        "{text}"
    );
    std::fs::write(
        &mapping,
        format!(
            "{text}\n[entity_kinds]\n\"Sector Monitoring Group\" = \"other_non_un_civilian\"\n"
        ),
    )
    .unwrap();
    let before = count(&store);
    let o = imfp(&store)
        .args(["import-sheet", "--yes", "--mapping"])
        .arg(&mapping)
        .arg(&sheet)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(count(&store), before + 2);
    // Only the IM FP keeps the register.
    let o = crate::store_common::registrar_as(
        &store,
        "analyst",
        "demo-analyst",
        crate::store_common::NOW,
    )
    .args(["import-sheet", "--dry-run"])
    .arg(&sheet)
    .output()
    .unwrap();
    assert_eq!(o.status.code(), Some(4));
}

/// A workbook its reader stops on (found by the fuzz target `sheet_read`) is refused with one
/// plain message: no "panicked at" line from inside the reader before it.
#[test]
fn a_workbook_that_stops_its_reader_is_refused_in_one_message_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let before = count(&store);
    let damaged = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/it/fixtures/sheet-read-calamine-overflow.xlsx");
    let o = imfp(&store)
        .args(["import-sheet", "--yes", "--nature", "operational-tactical"])
        .arg(&damaged)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("damaged"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(count(&store), before);
}
