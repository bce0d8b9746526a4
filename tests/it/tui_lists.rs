//! Every list in the console keeps its selection inside the list: a reload that removes items
//! leaves it on the last one still there, and Enter opens that item — never nothing, never a
//! crash.

use crate::tui_common::*;
use crossterm::event::KeyCode;
use registrar::tui::app::{MY_ITEMS, Screen, acts_on};
use registrar::tui::msg::Msg;

/// "My items" open on its last item; the queues are read again and the person's items are
/// fewer: the selection moves to the last one left and Enter opens it. (The reload used to
/// index the three queues with the "my items" screen's number and bring the console down.)
#[test]
fn a_reload_that_shortens_my_items_keeps_the_selection_on_an_item() {
    let (_f, mut d) = logged_in("hro");
    let actor = d.app.session.clone().unwrap();
    key(&mut d, KeyCode::Char('m'));
    assert!(matches!(d.app.screen(), Screen::Queue(q) if q.queue == MY_ITEMS));
    let mine = d.app.my_items().len();
    assert!(mine >= 2, "the demo has work for the HRO");
    for _ in 0..mine {
        key(&mut d, KeyCode::Down);
    }
    let Screen::Queue(q) = d.app.screen() else {
        panic!("not a queue")
    };
    assert_eq!(q.selected.selected(), Some(mine - 1));

    // The reload: the HRO's last item was dealt with elsewhere.
    let mut queues = d.app.queues.items().clone();
    let last = d.app.my_items().last().map(|(q, i, _)| (*q, *i)).unwrap();
    queues[last.0].remove(last.1);
    let len = d.app.queues.log_len.unwrap_or(0);
    d.handle(Msg::Queues(Ok((queues, len + 1))));
    let left: Vec<String> = d
        .app
        .my_items()
        .iter()
        .map(|(_, _, it)| it.id.to_string())
        .collect();
    assert_eq!(left.len(), mine - 1);
    let Screen::Queue(q) = d.app.screen() else {
        panic!("not a queue")
    };
    assert_eq!(q.selected.selected(), Some(mine - 2));
    key(&mut d, KeyCode::Enter);
    let opened = match d.app.screen() {
        Screen::Record(r) => r.id.to_string(),
        Screen::Entity(e) => e.id.to_string(),
        _ => panic!("Enter opens the last item left"),
    };
    assert_eq!(&opened, left.last().unwrap());
    assert!(acts_on(&actor, d.app.my_items().last().unwrap().2));
}

/// The entity list at its end; the entities are read again and the last ones are gone from
/// this registry's list (another console's view, a narrower reference): Enter opens the last
/// entity listed, where it used to open nothing.
#[test]
fn a_reload_that_shortens_the_entity_list_keeps_enter_working() {
    let (_f, mut d) = logged_in("imfp");
    key(&mut d, KeyCode::Char('e'));
    let n = d.app.entities().len();
    assert!(n >= 4, "the demo has entities");
    for _ in 0..n {
        key(&mut d, KeyCode::Down);
    }
    let mut entities = d.app.entities().to_vec();
    entities.truncate(n - 3);
    let settings = d.app.settings.clone().unwrap();
    d.handle(Msg::Reference(Ok((entities.clone(), settings))));
    let Screen::Entities(list) = d.app.screen() else {
        panic!("not the entity list")
    };
    assert_eq!(list.selected.selected(), Some(n - 4));
    let screen = render(&mut d, 80, 24);
    assert!(
        screen
            .lines()
            .any(|l| l.contains('▶') && l.contains(entities[n - 4].name())),
        "the last entity left is marked:\n{screen}"
    );
    key(&mut d, KeyCode::Enter);
    match d.app.screen() {
        Screen::Entity(e) => assert_eq!(e.id, entities[n - 4].id),
        _ => panic!("Enter opens the last entity left"),
    }
}

/// An entity's links at their end; the entity is read again with a shorter history: the
/// selection is on the last link left, and Enter opens it.
#[test]
fn a_reload_that_shortens_an_entitys_links_keeps_enter_working() {
    use registrar::tui::effects;
    use registrar::tui::msg::Effect;
    let (_f, mut d) = logged_in("imfp");
    let entity = d
        .app
        .entities()
        .iter()
        .map(|e| e.id.clone())
        .max_by_key(|id| {
            let actor = d.app.session.clone().unwrap();
            match effects::run(&d.store, Effect::LoadEntity(actor, id.clone()), &mut |_| {}) {
                Msg::Entity(_, Ok(detail)) => detail.history.len(),
                _ => 0,
            }
        })
        .unwrap();
    open_entity(&mut d, &entity);
    let Screen::Entity(screen) = d.app.screen() else {
        panic!("not an entity")
    };
    let links = screen.links();
    for _ in 0..links.len() {
        key(&mut d, KeyCode::Down);
    }
    let Screen::Entity(screen) = d.app.screen() else {
        panic!("not an entity")
    };
    assert!(links.len() >= 3, "{entity} has a history");
    assert_eq!(screen.selected.selected(), Some(links.len() - 1));
    let actor = d.app.session.clone().unwrap();
    let Msg::Entity(id, Ok(mut detail)) = effects::run(
        &d.store,
        Effect::LoadEntity(actor, entity.clone()),
        &mut |_| {},
    ) else {
        panic!("the entity reads")
    };
    detail
        .history
        .truncate(detail.history.len().saturating_sub(2));
    d.handle(Msg::Entity(id, Ok(detail)));
    let Screen::Entity(screen) = d.app.screen() else {
        panic!("not an entity")
    };
    let left = screen.links();
    assert_eq!(left.len(), links.len() - 2);
    assert_eq!(screen.selected.selected(), Some(left.len() - 1));
    key(&mut d, KeyCode::Enter);
    match d.app.screen() {
        Screen::Record(r) => assert_eq!(&r.id, left.last().unwrap()),
        _ => panic!("Enter opens the last link left"),
    }
}

/// Home and End on every list: the pending queue's last item, then one ↑ moves one item, and
/// Home goes back to the first.
#[test]
fn home_and_end_move_to_the_ends_of_a_list() {
    let (_f, mut d) = logged_in("imfp");
    let pending = d.app.queues.items()[1].len();
    assert!(pending >= 3, "the demo has pending work");
    key(&mut d, KeyCode::Char('p'));
    let selected = |d: &registrar::tui::driver::Driver| match d.app.screen() {
        Screen::Queue(q) => q.selected.selected(),
        _ => panic!("not a queue"),
    };
    key(&mut d, KeyCode::End);
    assert_eq!(selected(&d), Some(pending - 1));
    key(&mut d, KeyCode::Up);
    assert_eq!(selected(&d), Some(pending - 2));
    key(&mut d, KeyCode::Home);
    assert_eq!(selected(&d), Some(0));
    key(&mut d, KeyCode::Char('G'));
    key(&mut d, KeyCode::Enter);
    match d.app.screen() {
        Screen::Record(r) => assert_eq!(r.id, d.app.queues.items()[1][pending - 1].id),
        Screen::Entity(e) => assert_eq!(e.id, d.app.queues.items()[1][pending - 1].id),
        _ => panic!("Enter opens the last item"),
    }
}

/// The pending queue on its third item; the queues are read again and the first item is gone
/// (dealt with at another console): the selection follows its record, so Enter opens the item
/// the person was on — not the one that moved into its place.
#[test]
fn a_reload_that_removes_an_item_above_keeps_the_selection_on_its_record() {
    let (_f, mut d) = logged_in("imfp");
    key(&mut d, KeyCode::Char('p'));
    key(&mut d, KeyCode::Down);
    key(&mut d, KeyCode::Down);
    let on = d.app.queues.items()[1][2].id.clone();
    let mut queues = d.app.queues.items().clone();
    queues[1].remove(0);
    let len = d.app.queues.log_len.unwrap_or(0);
    d.handle(Msg::Queues(Ok((queues, len + 1))));
    let Screen::Queue(q) = d.app.screen() else {
        panic!("not a queue")
    };
    assert_eq!(q.selected.selected(), Some(1));
    key(&mut d, KeyCode::Enter);
    let opened = match d.app.screen() {
        Screen::Record(r) => r.id.clone(),
        Screen::Entity(e) => e.id.clone(),
        _ => panic!("Enter opens the item"),
    };
    assert_eq!(opened, on);
}
