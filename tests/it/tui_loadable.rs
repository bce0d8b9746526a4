//! A screen an effect fills says when what it shows is older than a reload that failed: the
//! data stays, with STALE and why — never dropped, never shown as if current.

use crate::tui_common::*;
use registrar::domain::record::Record;
use registrar::tui::app::{Loadable, Screen};
use registrar::tui::msg::Msg;

const WHY: &str = "the registry is busy (another process holds it)";

/// The dashboard's queues: a failed reload leaves the items, and says STALE with why.
#[test]
fn a_failed_reload_of_the_queues_is_shown_and_the_items_kept() {
    let (_f, mut d) = logged_in("imfp");
    let before = d.app.queues.items().clone();
    assert!(!before[1].is_empty());
    d.handle(Msg::Queues(Err(WHY.into())));
    assert_eq!(d.app.queues.items(), &before, "the items are kept");
    let screen = render(&mut d, 80, 24);
    assert!(
        screen.contains("STALE — reading again failed: the registry is busy"),
        "{screen}"
    );
    assert!(
        screen.contains("PENDING"),
        "the queues still show:\n{screen}"
    );
    // The next read that works (the minute's reread) clears it.
    d.handle(Msg::Tick(now() + chrono::Duration::minutes(2)));
    let screen = render(&mut d, 80, 24);
    assert!(!screen.contains("STALE"), "{screen}");
}

/// A record on screen: another process changed the registry, the reread fails — the record
/// stays, marked STALE with why.
#[test]
fn a_failed_reload_of_a_record_is_shown_and_the_record_kept() {
    let (_f, mut d) = logged_in("imfp");
    let rid = find(&d.store, |r| matches!(r, Record::Receipt(_))).id();
    open_record(&mut d, &rid);
    let title = match &d.store.record(&rid).unwrap() {
        Some(Record::Receipt(r)) => r.capture.title.clone(),
        _ => unreachable!(),
    };
    d.handle(Msg::Record(rid.clone(), Err(WHY.into())));
    let Screen::Record(r) = d.app.screen() else {
        panic!("the record stays on screen")
    };
    assert!(matches!(&r.detail, Loadable::Stale(_, e) if e == WHY));
    let screen = render(&mut d, 120, 40);
    assert!(
        screen.contains("STALE — reading again failed: the registry is busy"),
        "{screen}"
    );
    assert!(
        screen.contains(&title[..title.len().min(30)]),
        "the record still shows:\n{screen}"
    );
}

/// An entity on screen: the same.
#[test]
fn a_failed_reload_of_an_entity_is_shown_and_the_entity_kept() {
    let (_f, mut d) = logged_in("imfp");
    let entity = d.app.entities()[0].clone();
    open_entity(&mut d, &entity.id);
    d.handle(Msg::Entity(entity.id.clone(), Err(WHY.into())));
    let screen = render(&mut d, 120, 40);
    assert!(
        screen.contains("STALE — reading again failed: the registry is busy"),
        "{screen}"
    );
    assert!(
        screen.contains(entity.name()),
        "the entity still shows:\n{screen}"
    );
    let Screen::Entity(e) = d.app.screen() else {
        panic!("the entity stays on screen")
    };
    assert!(e.detail.value().is_some());
}

/// The browser: a new read of the page fails (the filters cleared, a resize, the next page)
/// — the rows read before stay, with STALE and why, and Enter still opens them.
#[test]
fn a_failed_reload_of_the_browser_is_shown_and_the_rows_kept() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let (_f, mut d) = logged_in("imfp");
    key(&mut d, KeyCode::Char('b'));
    let Screen::Browser(b) = d.app.screen() else {
        panic!("not the browser")
    };
    let before: Vec<_> = b.rows().iter().map(|r| r.id.clone()).collect();
    assert!(before.len() >= 3, "the demo fills a page");
    // `c` asks for the page again; the read fails.
    d.send(Msg::Key(KeyEvent::new(
        KeyCode::Char('c'),
        KeyModifiers::NONE,
    )));
    let _ = d.take_pending();
    let Screen::Browser(b) = d.app.screen() else {
        panic!("not the browser")
    };
    let generation = b.generation;
    d.handle(Msg::Browsed {
        generation,
        result: Err(WHY.into()),
    });
    let Screen::Browser(b) = d.app.screen() else {
        panic!("not the browser")
    };
    let after: Vec<_> = b.rows().iter().map(|r| r.id.clone()).collect();
    assert_eq!(after, before, "the rows are kept");
    let screen = render(&mut d, 80, 24);
    assert!(
        screen.contains("STALE — reading again failed: the registry is busy"),
        "{screen}"
    );
    let short = before[0].as_str().replace("MINUSCA-JMAC-1-", "");
    assert!(screen.contains(&short), "the rows still show:\n{screen}");
    key(&mut d, KeyCode::Down);
    key(&mut d, KeyCode::Enter);
    match d.app.screen() {
        Screen::Record(r) => assert_eq!(r.id, before[1]),
        _ => panic!("Enter opens a row kept"),
    }
}

/// The stations screen: a failed reread keeps this station and its peers, with STALE and why.
#[test]
fn a_failed_reload_of_the_stations_is_shown_and_the_stations_kept() {
    use crossterm::event::KeyCode;
    let (_f, mut d) = logged_in("imfp");
    key(&mut d, KeyCode::Char('x'));
    assert!(matches!(d.app.screen(), Screen::Stations(_)));
    let own = d
        .app
        .stations
        .value()
        .expect("the stations are read")
        .own
        .clone();
    d.handle(Msg::Stations(Err(WHY.into())));
    assert!(d.app.stations.value().is_some(), "kept");
    let screen = render(&mut d, 80, 24);
    assert!(
        screen.contains("STALE — reading again failed: the registry is busy"),
        "{screen}"
    );
    assert!(screen.contains(&format!("This station: {own}")), "{screen}");
}

/// The entity list: a failed reread of the entities keeps them, with STALE and why.
#[test]
fn a_failed_reload_of_the_entities_is_shown_and_the_list_kept() {
    use crossterm::event::KeyCode;
    let (_f, mut d) = logged_in("imfp");
    key(&mut d, KeyCode::Char('e'));
    let n = d.app.entities().len();
    let first = d.app.entities()[0].name().to_string();
    d.handle(Msg::Reference(Err(WHY.into())));
    assert_eq!(d.app.entities().len(), n, "kept");
    let screen = render(&mut d, 80, 24);
    assert!(
        screen.contains("STALE — reading again failed: the registry is busy"),
        "{screen}"
    );
    assert!(screen.contains(&first[..first.len().min(20)]), "{screen}");
}
