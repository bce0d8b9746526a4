//! Helpers for the console's tests: the demo registry built once per test binary through the
//! real `registrar demo`, copied for each test; the real `App` behind a `Driver`, opened on
//! it at the demo's fixed time; key presses; and the screen drawn into a `TestBackend`.

#![allow(dead_code)]

use crate::common::QUICK_PASSPHRASES;
use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use registrar::domain::ids::RecordId;
use registrar::domain::record::Record;
use registrar::store::{FixedClock, Store};
use registrar::tui::app::{Modal, Screen};
use registrar::tui::driver::Driver;
use registrar::tui::msg::Msg;
use registrar::tui::theme::Theme;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// The end of the demo's story: the "now" of every console test.
pub const NOW: &str = "2026-11-21T02:00:00Z";

pub fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(NOW)
        .unwrap()
        .with_timezone(&Utc)
}

/// The demo registry, built once through the binary and shared by the console's test
/// binaries: kept under cargo's target tmp dir, keyed by the binary that built it, so a
/// rebuilt binary builds it anew. Built under a temporary name, then renamed into place.
fn demo_master() -> &'static Path {
    static MASTER: OnceLock<PathBuf> = OnceLock::new();
    MASTER.get_or_init(|| {
        let bin = Path::new(env!("CARGO_BIN_EXE_registrar"));
        let meta = std::fs::metadata(bin).unwrap();
        let stamp = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("tui-demo");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("demo-{stamp}-{}.redb", meta.len()));
        if path.exists() {
            return path;
        }
        let building = dir.join(format!("building-{}.redb", std::process::id()));
        let _ = std::fs::remove_file(&building);
        let out = std::process::Command::new(bin)
            .env("NO_COLOR", "1")
            .env(QUICK_PASSPHRASES.0, QUICK_PASSPHRASES.1)
            .env_remove("REGISTRAR_STORE")
            .env_remove("REGISTRAR_NOW")
            .env_remove("REGISTRAR_USER")
            .arg("--store")
            .arg(&building)
            .args(["--now", NOW, "demo", "--no-tui"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "demo: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::rename(&building, &path).unwrap();
        path
    })
}

/// A private copy of the demo registry for one test.
pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

pub fn demo_copy() -> Fixture {
    crate::common::quick_passphrases();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.redb");
    std::fs::copy(demo_master(), &path).unwrap();
    Fixture { dir, path }
}

/// The console on a copy of the demo registry, at the demo's fixed time, in a theme, at a
/// terminal size.
pub fn console_with(theme: &str, width: u16, height: u16) -> (Fixture, Driver) {
    let fixture = demo_copy();
    let store = Store::open(&fixture.path, Arc::new(FixedClock::new(now()))).unwrap();
    let mut driver = Driver::new(store, Theme::load(theme).unwrap(), true).unwrap();
    driver.handle(Msg::Resize(width, height));
    driver.tick();
    (fixture, driver)
}

pub fn console() -> (Fixture, Driver) {
    console_with("default", 80, 24)
}

/// Logs in through the login screen, as a person does: name, Enter, passphrase, Enter.
pub fn log_in(d: &mut Driver, name: &str) {
    d.type_text(name);
    d.press(KeyCode::Enter);
    d.type_text(&format!("demo-{name}"));
    d.press(KeyCode::Enter);
    assert!(
        matches!(d.app.screen(), Screen::Dashboard(_)),
        "{name} did not reach the dashboard: {:?}",
        d.app.status.as_ref().map(|s| s.text.clone())
    );
}

pub fn logged_in(name: &str) -> (Fixture, Driver) {
    let (f, mut d) = console();
    log_in(&mut d, name);
    (f, d)
}

/// What the status line says now (empty when it says nothing).
pub fn status(d: &Driver) -> String {
    d.app
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

pub fn key(d: &mut Driver, code: KeyCode) {
    d.press(code);
}

pub fn ctrl(d: &mut Driver, c: char) {
    d.press_with(KeyCode::Char(c), KeyModifiers::CONTROL);
}

/// The screen at a size, as text (trailing spaces trimmed).
pub fn render(d: &mut Driver, width: u16, height: u16) -> String {
    text_of(&buffer(d, width, height))
}

/// The screen's buffer at a size, styles included.
pub fn buffer(d: &mut Driver, width: u16, height: u16) -> Buffer {
    if d.app.size != (width, height) {
        d.handle(Msg::Resize(width, height));
    }
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    d.draw(&mut terminal).unwrap();
    terminal.backend().buffer().clone()
}

pub fn text_of(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        for x in 0..area.width {
            line.push_str(buffer[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Both sizes the console must work at, one after the other, for one snapshot.
pub fn both_sizes(d: &mut Driver) -> String {
    let small = render(d, 80, 24);
    let large = render(d, 120, 40);
    d.handle(Msg::Resize(80, 24));
    format!("── 80×24 ──\n{small}── 120×40 ──\n{large}")
}

/// Opens a record from the dashboard the way a person finds one: the browser, `/`, its id.
pub fn open_record(d: &mut Driver, id: &RecordId) {
    while d.app.screens.len() > 1 {
        key(d, KeyCode::Esc);
    }
    key(d, KeyCode::Char('b'));
    key(d, KeyCode::Char('/'));
    d.type_text(id.as_str());
    key(d, KeyCode::Enter);
    key(d, KeyCode::Enter);
    match d.app.screen() {
        Screen::Record(r) => assert_eq!(&r.id, id),
        _ => panic!("{id} did not open"),
    }
}

/// Opens an entity from the entity list.
pub fn open_entity(d: &mut Driver, id: &RecordId) {
    while d.app.screens.len() > 1 {
        key(d, KeyCode::Esc);
    }
    key(d, KeyCode::Char('e'));
    let index = d
        .app
        .entities()
        .iter()
        .position(|e| &e.id == id)
        .unwrap_or_else(|| panic!("no entity {id}"));
    for _ in 0..index {
        key(d, KeyCode::Char('j'));
    }
    key(d, KeyCode::Enter);
    assert!(
        matches!(d.app.screen(), Screen::Entity(_)),
        "{id} did not open"
    );
}

/// Chooses an action from the actions menu (`a`) by its label.
pub fn choose_action(d: &mut Driver, label_starts: &str) {
    key(d, KeyCode::Char('a'));
    let index = match &d.app.modal {
        Some(Modal::Menu(m)) => m
            .items
            .iter()
            .position(|i| i.form.label().starts_with(label_starts))
            .unwrap_or_else(|| {
                panic!(
                    "no action '{label_starts}' in {:?}",
                    m.items.iter().map(|i| i.label.clone()).collect::<Vec<_>>()
                )
            }),
        _ => panic!("no actions menu"),
    };
    for _ in 0..index {
        key(d, KeyCode::Char('j'));
    }
    key(d, KeyCode::Enter);
}

/// Tab until the field with this key has the keyboard.
pub fn focus_field(d: &mut Driver, field: &str) {
    for _ in 0..80 {
        if let Screen::Form(f) = d.app.screen()
            && f.fields.get(f.focus).is_some_and(|x| x.key == field)
        {
            return;
        }
        key(d, KeyCode::Tab);
    }
    panic!("no field {field}");
}

/// The first share or receipt the predicate accepts, newest first. A record voided as
/// registered in error is never one to work on: it is passed over.
pub fn find(store: &Store, keep: impl Fn(&Record) -> bool) -> Record {
    let live = |r: &Record| !voided(r) && keep(r);
    let (mut page, _) = store.browse_page(None, None, 1, &live).unwrap();
    page.pop().expect("the demo has such a record")
}

fn voided(r: &Record) -> bool {
    match r {
        Record::Share(s) => s.voided.is_some(),
        Record::Receipt(x) => x.voided.is_some(),
        _ => false,
    }
}

/// The first entity the predicate accepts.
pub fn find_entity(
    store: &Store,
    keep: impl Fn(&registrar::domain::entity::Entity) -> bool,
) -> RecordId {
    store
        .entities()
        .unwrap()
        .into_iter()
        .find(|e| keep(e))
        .expect("the demo has such an entity")
        .id
}

/// A demo record id from its short form: `RCP-0019`.
pub fn id(s: &str) -> RecordId {
    RecordId(format!("{}-MINUSCA-JMAC-1-{}", &s[..3], &s[4..]))
}

/// Assessments, breaches and pre-authorised entries are opened from their entity's view.
pub fn open_record_from_entity(d: &mut Driver, rid: &RecordId) {
    let entity = match d.store.record(rid).unwrap().unwrap().entity() {
        Some(e) => e.clone(),
        None => panic!("{rid} has no entity"),
    };
    open_entity(d, &entity);
    let Screen::Entity(screen) = d.app.screen() else {
        panic!("not an entity view")
    };
    let index = screen.links().iter().position(|l| l == rid).unwrap();
    for _ in 0..index {
        key(d, KeyCode::Char('j'));
    }
    key(d, KeyCode::Enter);
    match d.app.screen() {
        Screen::Record(r) => assert_eq!(&r.id, rid),
        _ => panic!("{rid} did not open"),
    }
}

/// The form on screen.
pub fn form(d: &Driver) -> &registrar::tui::forms::Form {
    match d.app.screen() {
        Screen::Form(f) => f,
        _ => panic!(
            "no form on screen; status: {:?}",
            d.app.status.as_ref().map(|s| &s.text)
        ),
    }
}

/// Back to the dashboard (nothing typed is pending).
pub fn home(d: &mut Driver) {
    while d.app.screens.len() > 1 || d.app.modal.is_some() {
        key(d, KeyCode::Esc);
    }
}

/// The newest receipt the predicate accepts.
pub fn receipt_where(
    store: &Store,
    keep: impl Fn(&registrar::domain::receipt::IncomingReceipt) -> bool,
) -> RecordId {
    find(store, |r| matches!(r, Record::Receipt(x) if keep(x))).id()
}

/// The newest share the predicate accepts.
pub fn share_where(
    store: &Store,
    keep: impl Fn(&registrar::domain::share::OutgoingShare) -> bool,
) -> RecordId {
    find(store, |r| matches!(r, Record::Share(x) if keep(x))).id()
}

/// The kind of an entity, by id.
pub fn kind_of(store: &Store, entity: &RecordId) -> registrar::domain::entity::EntityKind {
    match store.record(entity).unwrap() {
        Some(Record::Entity(e)) => e.kind(),
        _ => panic!("no entity {entity}"),
    }
}

/// The first entity the predicate accepts, in full.
pub fn entity_record(
    store: &Store,
    keep: impl Fn(&registrar::domain::entity::Entity) -> bool,
) -> registrar::domain::entity::Entity {
    store
        .entities()
        .unwrap()
        .into_iter()
        .find(|e| keep(e))
        .expect("the demo has such an entity")
}

/// Moves the keyboard to a field, forward or back.
pub fn goto(d: &mut Driver, field: &str) {
    for code in [KeyCode::Tab, KeyCode::BackTab] {
        for _ in 0..40 {
            let f = form(d);
            if f.fields.get(f.focus).is_some_and(|x| x.key == field) {
                return;
            }
            key(d, code);
        }
    }
    panic!("no field {field}");
}

/// Empties the text field with the keyboard and writes `text` in it.
pub fn rewrite(d: &mut Driver, field: &str, text: &str) {
    goto(d, field);
    let len = form(d).text(field).chars().count() + 2;
    for _ in 0..len {
        key(d, KeyCode::Backspace);
    }
    d.type_text(text);
}

pub fn submit(d: &mut Driver) {
    goto(d, "submit");
    key(d, KeyCode::Enter);
}
