//! Keys on the dashboard, a queue, the entity list, an entity, a record, and the theme list
//! (the login and the lock are in `login`).

use super::form;
pub use super::login::{lock, log_out, login, set_login_focus};
use crate::domain::ids::RecordId;
use crate::domain::record::Record;
use crate::tui::app::{
    App, Confirm, Dashboard, EntityScreen, ListScreen, Loadable, Menu, MenuItem, Modal, Pending,
    QueueScreen, RecordScreen, Screen,
};
use crate::tui::forms::{FormKind, actions_for_entity, actions_for_record};
use crate::tui::keymap::Action;
use crate::tui::msg::Effect;
use crate::tui::theme::{BUILT_IN, Theme};
use crate::tui::widgets::list::{Move, PAGE as LIST_PAGE, Selection};
use crate::tui::widgets::scroll::Scroll;

/// Lines PgUp and PgDn move a record by: a list's page.
const PAGE: usize = LIST_PAGE;

/// The panes the dashboard shows: urgent only when it is not empty.
pub fn panes(app: &App) -> Vec<usize> {
    if app.queues.items()[0].is_empty() {
        vec![1, 2]
    } else {
        vec![0, 1, 2]
    }
}

pub fn dashboard(app: &mut App, action: Option<Action>) -> Vec<Effect> {
    let panes = panes(app);
    let lens = app.queues.items().each_ref().map(Vec::len);
    let Screen::Dashboard(d) = app.screen_mut() else {
        return Vec::new();
    };
    if !panes.contains(&d.focus) {
        d.focus = panes[0];
    }
    let sel = &mut d.selected[d.focus];
    sel.set_len(lens[d.focus]);
    if let Some(m) = list_move_of(action) {
        sel.go(m);
    }
    match action {
        Some(Action::NextPane) => {
            let i = panes.iter().position(|p| *p == d.focus).unwrap_or(0);
            d.focus = panes[(i + 1) % panes.len()];
        }
        Some(Action::PrevPane) => {
            let i = panes.iter().position(|p| *p == d.focus).unwrap_or(0);
            d.focus = panes[(i + panes.len() - 1) % panes.len()];
        }
        Some(Action::Open) => {
            let (queue, selected) = (d.focus, sel.selected());
            return match selected {
                Some(i) => open_item(app, queue, i),
                None => Vec::new(),
            };
        }
        Some(Action::MyItems) => return open_queue(app, crate::tui::app::MY_ITEMS),
        Some(Action::OpenUrgent) => return open_queue(app, 0),
        Some(Action::OpenPending) => return open_queue(app, 1),
        Some(Action::OpenOverdue) => return open_queue(app, 2),
        Some(Action::FastPath) => return form::open(app, FormKind::FastPath, None),
        Some(Action::NewReceipt) => return form::open(app, FormKind::NewReceipt, None),
        Some(Action::NewShare) => return form::open(app, FormKind::NewShare, None),
        Some(Action::Browse) => return super::browser::open(app),
        // `/` on the dashboard: the browser, with the search open on it.
        Some(Action::Search) => {
            let effects = super::browser::open(app);
            super::browser::open_search(app);
            return effects;
        }
        Some(Action::EntityList) => app.screens.push(Screen::Entities(ListScreen::default())),
        Some(Action::Settings) => {
            // The administrator keeps the settings; the HoM (or the IM FP on the HoM's
            // instruction) keeps who decides (G 8 a).
            let kind = match FormKind::Settings.allowed(app.session.as_ref()) {
                Err(_) if FormKind::Delegation.allowed(app.session.as_ref()).is_ok() => {
                    FormKind::Delegation
                }
                _ => FormKind::Settings,
            };
            return form::open(app, kind, None);
        }
        Some(Action::Users) => {
            let actor = app.session.clone();
            let items: Vec<MenuItem> = [FormKind::AddUser, FormKind::FindUser]
                .into_iter()
                .map(|form| MenuItem {
                    label: form.label().to_string(),
                    form,
                    target: None,
                })
                .collect();
            if let Err(why) = FormKind::AddUser.allowed(actor.as_ref()) {
                app.error(format!("Users: {why}."));
            } else {
                app.modal = Some(Modal::Menu(Menu {
                    title: "Users".into(),
                    selected: Selection::new(items.len()),
                    items,
                }));
            }
        }
        Some(Action::Themes) => {
            let selected = BUILT_IN
                .iter()
                .position(|(n, _, _)| *n == app.theme.name)
                .unwrap_or(0);
            app.screens.push(Screen::Themes(ListScreen {
                selected: Selection::at(selected, BUILT_IN.len()),
                ..ListScreen::default()
            }));
        }
        Some(Action::Passphrase) => return form::open(app, FormKind::ChangePassphrase, None),
        Some(Action::Refresh) => return refresh(app),
        Some(Action::Stations) => return super::stations::open(app),
        Some(Action::Compliance) => return open_compliance(app),
        Some(Action::ImportSheet) => return super::sheet::open(app),
        Some(Action::Reports) => return super::reports::open(app),
        Some(Action::LogOut) => {
            let question = if app.typed_work() {
                "Text typed in a form would be lost. Log out anyway?"
            } else {
                "Log out?"
            };
            app.modal = Some(Modal::Confirm(Confirm {
                question: question.into(),
                on_yes: Pending::LogOut,
            }));
        }
        _ => {}
    }
    Vec::new()
}

pub fn refresh(app: &mut App) -> Vec<Effect> {
    let Some(actor) = app.session.clone() else {
        return Vec::new();
    };
    app.queues.loaded_at = Some(app.now);
    vec![
        Effect::LoadQueues(actor),
        Effect::LoadReference,
        Effect::LoadStations,
    ]
}

/// The compliance figures: refused at once (saying who may) for a role that may not read them.
fn open_compliance(app: &mut App) -> Vec<Effect> {
    let Some(actor) = app.session.clone() else {
        return Vec::new();
    };
    if let Err(why) = crate::register::compliance::may_read(&actor) {
        app.error(format!("Compliance figures: {why}."));
        return Vec::new();
    }
    app.screens.push(Screen::Compliance(Box::default()));
    vec![Effect::LoadCompliance(actor)]
}

pub fn compliance(app: &mut App, action: Option<Action>) -> Vec<Effect> {
    let actor = app.session.clone();
    let Screen::Compliance(c) = app.screen_mut() else {
        return Vec::new();
    };
    match action {
        Some(Action::Up) => c.scroll.up(1),
        Some(Action::Down) => c.scroll.down(1),
        Some(Action::Refresh) => {
            if let Some(actor) = actor {
                return vec![Effect::LoadCompliance(actor)];
            }
        }
        Some(Action::Back) => {
            app.screens.pop();
        }
        _ => {}
    }
    Vec::new()
}

fn open_queue(app: &mut App, queue: usize) -> Vec<Effect> {
    app.screens.push(Screen::Queue(QueueScreen {
        queue,
        selected: Selection::default(),
    }));
    super::lists::fit(app);
    Vec::new()
}

/// Opens what a queue item is about: an entity's view, or a record's.
fn open_item(app: &mut App, queue: usize, selected: usize) -> Vec<Effect> {
    let Some(item) = app.queues.items()[queue].get(selected) else {
        return Vec::new();
    };
    let id = item.id.clone();
    if item.kind == crate::domain::ids::RecordKind::Entity {
        open_entity(app, id)
    } else {
        open_record(app, id)
    }
}

pub fn open_record(app: &mut App, id: RecordId) -> Vec<Effect> {
    let Some(actor) = app.session.clone() else {
        return Vec::new();
    };
    if id.kind() == Some(crate::domain::ids::RecordKind::Entity) {
        return open_entity(app, id);
    }
    app.screens.push(Screen::Record(Box::new(RecordScreen {
        id: id.clone(),
        detail: Loadable::Loading,
        scroll: Scroll::default(),
    })));
    vec![Effect::LoadRecord(actor, id)]
}

pub fn open_entity(app: &mut App, id: RecordId) -> Vec<Effect> {
    let Some(actor) = app.session.clone() else {
        return Vec::new();
    };
    app.screens.push(Screen::Entity(Box::new(EntityScreen {
        id: id.clone(),
        detail: Loadable::Loading,
        scroll: 0,
        selected: Selection::default(),
    })));
    vec![Effect::LoadEntity(actor, id)]
}

fn back(app: &mut App) {
    if app.screens.len() > 1 {
        app.screens.pop();
    }
}

/// The move in a list a key makes, if it makes one.
pub fn list_move_of(action: Option<Action>) -> Option<Move> {
    match action? {
        Action::Up => Some(Move::Up),
        Action::Down => Some(Move::Down),
        Action::PageUp => Some(Move::PageUp),
        Action::PageDown => Some(Move::PageDown),
        Action::Top => Some(Move::First),
        Action::Bottom => Some(Move::Last),
        _ => None,
    }
}

/// A key on a list of `len` items: the selection moves, clamped to the list.
pub fn list_move(selected: &mut Selection, len: usize, action: Option<Action>) {
    selected.set_len(len);
    if let Some(m) = list_move_of(action) {
        selected.go(m);
    }
}

pub fn queue(app: &mut App, action: Option<Action>) -> Vec<Effect> {
    let mine: Vec<(usize, usize)> = app.my_items().iter().map(|(q, i, _)| (*q, *i)).collect();
    let [u, p, o] = app.queues.items().each_ref().map(Vec::len);
    let lens = [u, p, o, mine.len()];
    let Screen::Queue(q) = app.screen_mut() else {
        return Vec::new();
    };
    match action {
        Some(Action::Open) => {
            q.selected.set_len(lens[q.queue.min(3)]);
            let Some(i) = q.selected.selected() else {
                return Vec::new();
            };
            let (queue, selected) = if q.queue == crate::tui::app::MY_ITEMS {
                match mine.get(i) {
                    Some(at) => *at,
                    None => return Vec::new(),
                }
            } else {
                (q.queue, i)
            };
            return open_item(app, queue, selected);
        }
        Some(Action::FastPath) => return form::open(app, FormKind::FastPath, None),
        Some(Action::Back) => back(app),
        other => list_move(&mut q.selected, lens[q.queue.min(3)], other),
    }
    Vec::new()
}

pub fn entities(app: &mut App, action: Option<Action>) -> Vec<Effect> {
    let Screen::Entities(list) = app.screen() else {
        return Vec::new();
    };
    let shown: Vec<_> = app
        .listed_entities(&list.query)
        .into_iter()
        .map(|e| e.id.clone())
        .collect();
    let Screen::Entities(list) = app.screen_mut() else {
        return Vec::new();
    };
    match action {
        Some(Action::Open) => {
            list.selected.set_len(shown.len());
            if let Some(id) = list.selected.selected().and_then(|i| shown.get(i)).cloned() {
                return open_entity(app, id);
            }
        }
        Some(Action::Search) => {
            list.query_was = list.query.clone();
            let mut input = crate::tui::widgets::text_input::TextInput::new(&list.query);
            input.set_focus(true);
            app.modal = Some(Modal::Search(Box::new(input)));
        }
        Some(Action::NewEntity) => return form::open(app, FormKind::RegisterEntity, None),
        Some(Action::Back) => back(app),
        other => list_move(&mut list.selected, shown.len(), other),
    }
    Vec::new()
}

pub fn entity(app: &mut App, action: Option<Action>) -> Vec<Effect> {
    let Screen::Entity(screen) = app.screen_mut() else {
        return Vec::new();
    };
    let links = screen.links();
    match action {
        Some(Action::Open) => {
            screen.selected.set_len(links.len());
            if let Some(id) = screen
                .selected
                .selected()
                .and_then(|i| links.get(i))
                .cloned()
            {
                return open_record(app, id);
            }
        }
        Some(Action::Actions) => {
            let Some(d) = screen.detail.value() else {
                return Vec::new();
            };
            let target = d.entity.id.clone();
            let kinds = actions_for_entity(&d.entity);
            let title = format!("Actions — {}", crate::tui::text::clean(d.entity.name()));
            actions_menu(app, title, kinds, Some(target));
        }
        Some(Action::Back) => back(app),
        other => list_move(&mut screen.selected, links.len(), other),
    }
    Vec::new()
}

pub fn record(app: &mut App, action: Option<Action>) -> Vec<Effect> {
    let Screen::Record(screen) = app.screen_mut() else {
        return Vec::new();
    };
    match action {
        Some(Action::Up) => screen.scroll.up(1),
        Some(Action::Down) => screen.scroll.down(1),
        Some(Action::PageUp) => screen.scroll.up(PAGE as u16),
        Some(Action::PageDown) => screen.scroll.down(PAGE as u16),
        Some(Action::Top) => screen.scroll.top(),
        Some(Action::Bottom) => screen.scroll.bottom(),
        Some(Action::OpenEntity) => {
            let entity = screen
                .detail
                .value()
                .filter(|d| d.can_see)
                .and_then(|d| d.record.entity().cloned());
            if let Some(id) = entity {
                return open_entity(app, id);
            }
            if screen.detail.value().is_some_and(|d| !d.can_see) {
                app.error(
                    "Your clearance or need to know does not cover this record: whose it is is withheld too (P 11.3.3).",
                );
            }
        }
        Some(Action::Actions) => {
            let Some((can_see, record)) =
                screen.detail.value().map(|d| (d.can_see, d.record.clone()))
            else {
                return Vec::new();
            };
            if !can_see {
                app.error("Your clearance or need to know does not cover this record.");
                return Vec::new();
            }
            let kind = record
                .entity()
                .and_then(|id| app.entities().iter().find(|e| &e.id == id))
                .map(|e| e.kind());
            let kinds = actions_for_record(&record, kind);
            let voided = match &record {
                Record::Share(s) => s.voided.is_some(),
                Record::Receipt(r) => r.voided.is_some(),
                _ => false,
            };
            if voided {
                app.ok("This record was voided as registered in error: it no longer changes.");
                return Vec::new();
            }
            let target = record.id();
            let title = format!("Actions — {target}");
            actions_menu(app, title, kinds, Some(target));
        }
        Some(Action::Back) => back(app),
        _ => {}
    }
    Vec::new()
}

/// The actions menu: every action the record's state offers; those the person's roles do not
/// allow are listed with who may, and do not open.
fn actions_menu(app: &mut App, title: String, kinds: Vec<FormKind>, target: Option<RecordId>) {
    if kinds.is_empty() {
        app.ok("Nothing to do on this record: it is closed.");
        return;
    }
    let actor = app.session.as_ref();
    let items: Vec<MenuItem> = kinds
        .into_iter()
        .map(|form| MenuItem {
            label: match form.allowed(actor) {
                Ok(()) => form.label().to_string(),
                Err(why) => format!("{} — {why}", form.label()),
            },
            form,
            target: target.clone(),
        })
        .collect();
    app.modal = Some(Modal::Menu(Menu {
        title,
        selected: Selection::new(items.len()),
        items,
    }));
}

pub fn themes(app: &mut App, action: Option<Action>) -> Vec<Effect> {
    let Screen::Themes(list) = app.screen_mut() else {
        return Vec::new();
    };
    match action {
        Some(Action::Apply) => {
            let (name, _, _) = BUILT_IN[list.selected.index().min(BUILT_IN.len() - 1)];
            match Theme::load(name) {
                Ok(theme) => {
                    app.theme = theme;
                    if let Some(file) = app.config_file.clone() {
                        app.ok(format!("Theme: {name} (kept for next time)."));
                        return vec![Effect::SaveTheme {
                            file,
                            name: name.to_string(),
                        }];
                    }
                    app.ok(format!("Theme: {name}."));
                }
                Err(e) => app.error(e.to_string()),
            }
        }
        Some(Action::Back) => back(app),
        other => list_move(&mut list.selected, BUILT_IN.len(), other),
    }
    Vec::new()
}

/// After login: the dashboard, with the urgent queue focused when it has items.
pub fn dashboard_screen() -> Screen {
    Screen::Dashboard(Dashboard::default())
}
