//! The queue items the console holds are typed: the record's kind decides what Enter opens,
//! the countdown runs from a time, and content the person may not see is a variant of its
//! own, not empty strings read back.

use crate::tui_common::*;
use crossterm::event::KeyCode;
use registrar::domain::ids::RecordKind;
use registrar::domain::queue::Queue;
use registrar::domain::queue_entry::Content;
use registrar::tui::app::Screen;
use registrar::tui::msg::Msg;

/// An item about an entity (its handling standards to confirm, a suspension to review) opens
/// the entity's view; an item about a record opens the record.
#[test]
fn the_kind_of_a_queue_item_decides_what_enter_opens() {
    let (_f, mut d) = logged_in("imfp");
    let pending = d.app.queues.items()[1].clone();
    let at = pending
        .iter()
        .position(|e| e.kind == RecordKind::Entity)
        .expect("the demo has an entity waiting in the pending queue");
    key(&mut d, KeyCode::Char('p'));
    for _ in 0..at {
        key(&mut d, KeyCode::Down);
    }
    key(&mut d, KeyCode::Enter);
    match d.app.screen() {
        Screen::Entity(e) => assert_eq!(e.id, pending[at].id),
        _ => panic!("an entity's item opens the entity"),
    }
    key(&mut d, KeyCode::Esc);
    let other = pending
        .iter()
        .position(|e| e.kind == RecordKind::Receipt)
        .expect("a receipt waits too");
    key(&mut d, KeyCode::Home);
    for _ in 0..other {
        key(&mut d, KeyCode::Down);
    }
    key(&mut d, KeyCode::Enter);
    match d.app.screen() {
        Screen::Record(r) => assert_eq!(r.id, pending[other].id),
        _ => panic!("a receipt's item opens the receipt"),
    }
}

/// The analyst cleared to Confidential: a Strictly Confidential item is held as withheld —
/// no title, entity or step in the console's state at all — and the dashboard says so beside
/// its marking; what `queue --json` prints is the same item, in the same words as before.
#[test]
fn withheld_content_is_its_own_variant_and_the_countdown_runs_from_a_time() {
    let (_f, mut d) = logged_in("analyst");
    let urgent = d.app.queues.items()[0].clone();
    let withheld: Vec<_> = urgent.iter().filter(|e| e.is_withheld()).collect();
    assert!(
        !withheld.is_empty(),
        "the demo has an urgent item the analyst may not read"
    );
    for e in &withheld {
        assert_eq!(e.content, Content::Withheld);
        assert!(e.level > registrar::domain::marking::Classification::Confidential);
    }
    let screen = render(&mut d, 120, 40);
    assert!(
        screen.contains("S-CONF [content withheld: need to know]"),
        "{screen}"
    );
    let actor = d.app.session.clone().unwrap();
    let json = d.store.queue_for(&actor, Queue::Urgent, now()).unwrap();
    let typed: Vec<_> = urgent.iter().map(|e| e.item(now())).collect();
    assert_eq!(typed, json);
    assert!(json.iter().any(|i| i.title.contains("content withheld")));

    // Ten minutes on, nothing read again: every countdown is ten minutes shorter.
    let later = now() + chrono::Duration::minutes(10);
    let before: Vec<_> = urgent.iter().map(|e| e.seconds_left(now())).collect();
    d.send(Msg::Tick(later));
    let _ = d.take_pending();
    let after: Vec<_> = d.app.queues.items()[0]
        .iter()
        .map(|e| e.seconds_left(d.app.now))
        .collect();
    assert_eq!(
        after,
        before
            .iter()
            .map(|s| s.map(|s| s - 600))
            .collect::<Vec<_>>()
    );
}
