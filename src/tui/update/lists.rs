//! Every list on the stack is told its length after each message: what a reload, a search or
//! a new page removed never leaves a selection past the end.

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
