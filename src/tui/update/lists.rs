//! Every list on the stack is told its length after each message: what a reload, a search or
//! a new page removed never leaves a selection past the end.

use crate::domain::ids::RecordId;
use crate::tui::app::{App, MY_ITEMS, Screen};

pub fn fit(app: &mut App) {
    let queues = app.queues.items().each_ref().map(Vec::len);
    let mine = app.my_items().len();
    let peers = super::stations::peers(app).len();
    let entities: Vec<Option<usize>> = app
        .screens
        .iter()
        .map(|s| match s {
            Screen::Entities(list) => Some(app.listed_entities(&list.query).len()),
            _ => None,
        })
        .collect();
    for (screen, entities) in app.screens.iter_mut().zip(entities) {
        match screen {
            Screen::Dashboard(d) => {
                for (sel, len) in d.selected.iter_mut().zip(queues) {
                    sel.set_len(len);
                }
            }
            Screen::Queue(q) => q.selected.set_len(match q.queue {
                MY_ITEMS => mine,
                n => queues.get(n).copied().unwrap_or(0),
            }),
            Screen::Entities(list) => list.selected.set_len(entities.unwrap_or(0)),
            Screen::Entity(e) => {
                let n = e.links().len();
                e.selected.set_len(n);
            }
            Screen::Browser(b) => {
                let n = b.rows().len();
                b.selected.set_len(n);
            }
            Screen::Stations(s) => s.selected.set_len(peers),
            Screen::Themes(list) => list.selected.set_len(crate::tui::theme::BUILT_IN.len()),
            Screen::Login(_)
            | Screen::Record(_)
            | Screen::Form(_)
            | Screen::Compliance(_)
            | Screen::Sheet(_)
            | Screen::Reports(_) => {}
        }
    }
}

/// The record each queue list on the stack has selected: (screen, pane, id). Read before the
/// queues are replaced, so the selection can follow its record after a reload.
pub fn queue_selections(app: &App) -> Vec<(usize, usize, RecordId)> {
    let items = app.queues.items();
    let mine: Vec<RecordId> = app
        .my_items()
        .iter()
        .map(|(_, _, e)| e.id.clone())
        .collect();
    let mut out = Vec::new();
    for (s, screen) in app.screens.iter().enumerate() {
        match screen {
            Screen::Dashboard(d) => {
                for (pane, sel) in d.selected.iter().enumerate() {
                    if let Some(e) = sel.selected().and_then(|i| items[pane].get(i)) {
                        out.push((s, pane, e.id.clone()));
                    }
                }
            }
            Screen::Queue(q) => {
                let id = match q.queue {
                    MY_ITEMS => q.selected.selected().and_then(|i| mine.get(i)).cloned(),
                    n => q
                        .selected
                        .selected()
                        .and_then(|i| items.get(n)?.get(i))
                        .map(|e| e.id.clone()),
                };
                if let Some(id) = id {
                    out.push((s, q.queue, id));
                }
            }
            _ => {}
        }
    }
    out
}

/// After the queues were read again, each selection moves to where its record now is (items
/// removed or added above it no longer put Enter on another record); a record gone leaves the
/// selection where it was, inside the list.
pub fn follow_queue_selections(app: &mut App, before: Vec<(usize, usize, RecordId)>) {
    let position = |list: Vec<&RecordId>, id: &RecordId| list.iter().position(|x| *x == id);
    let items = app.queues.items().clone();
    let mine: Vec<RecordId> = app
        .my_items()
        .iter()
        .map(|(_, _, e)| e.id.clone())
        .collect();
    for (s, pane, id) in before {
        let ids: Vec<&RecordId> = match pane {
            MY_ITEMS => mine.iter().collect(),
            n => items
                .get(n)
                .map_or(Vec::new(), |v| v.iter().map(|e| &e.id).collect()),
        };
        let len = ids.len();
        let Some(at) = position(ids, &id) else {
            continue;
        };
        match app.screens.get_mut(s) {
            Some(Screen::Dashboard(d)) if pane < 3 => {
                d.selected[pane].set_len(len);
                d.selected[pane].select(at);
            }
            Some(Screen::Queue(q)) if q.queue == pane => {
                q.selected.set_len(len);
                q.selected.select(at);
            }
            _ => {}
        }
    }
}
