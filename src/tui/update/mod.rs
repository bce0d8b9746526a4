//! `update(&mut App, Msg) -> Vec<Effect>`: the only place state changes. It never touches
//! the store; what needs the store is returned as effects, whose results come back as
//! messages. Guards run when the store records a change; a refusal comes back here and is
//! shown with its paragraph and the next step.

mod browser;
mod form;
mod lists;
mod loaded;
mod login;
mod reports;
mod screens;
mod sheet;
mod stations;

use super::app::{App, Confirm, Modal, Pending, Screen};
use super::keymap::{self, Action, Context};
use super::msg::{Effect, Msg};
use super::widgets::scroll::Scroll;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Queues are read again at least this often, so reviews that fall due appear.
const QUEUE_REFRESH_SECS: i64 = 60;

/// The log is looked at this often, so what another process records (a command, a second
/// console, an import) shows within seconds.
const LOG_WATCH_SECS: i64 = 2;

pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let effects = handle(app, msg);
    // Whatever changed a list's length (a reload, a search, a removal), no selection is left
    // past its end.
    lists::fit(app);
    effects
}

fn handle(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) => {
            app.last_input = app.now;
            key_press(app, key)
        }
        Msg::Paste(text) => {
            app.last_input = app.now;
            paste(app, &text)
        }
        Msg::Resize(w, h) => {
            app.size = (w, h);
            browser::resized(app)
        }
        Msg::Tick(now) => tick(app, now),
        other => loaded::loaded(app, other),
    }
}

fn tick(app: &mut App, now: crate::domain::ids::Time) -> Vec<Effect> {
    app.now = now;
    for screen in app.screens.iter_mut() {
        if let Screen::Form(form) = screen {
            form.clock_moved(now);
            crate::tui::forms::fast_path_tick(form, now);
        }
    }
    let idle_lock = app.settings.as_ref().map(|s| s.idle_lock());
    if app.lock.is_none() && idle_lock.is_some_and(|limit| now - app.last_input >= limit) {
        screens::lock(app);
    }
    let due = app
        .queues
        .loaded_at
        .is_none_or(|t| (now - t).num_seconds() >= QUEUE_REFRESH_SECS);
    let mut effects = match &app.session {
        Some(actor) if due => {
            app.queues.loaded_at = Some(now);
            vec![Effect::LoadQueues(actor.clone())]
        }
        _ => Vec::new(),
    };
    let watch_due = app
        .queues
        .log_watched_at
        .is_none_or(|t| (now - t).num_seconds() >= LOG_WATCH_SECS);
    if app.session.is_some() && watch_due && !app.queues.log_watch_pending {
        app.queues.log_watched_at = Some(now);
        app.queues.log_watch_pending = true;
        effects.push(Effect::WatchLog);
    }
    effects
}

/// Lines a page key moves the help by.
const HELP_PAGE: u16 = 10;

fn key_press(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    if key.kind == KeyEventKind::Release {
        return Vec::new();
    }
    // No binding uses Alt, and a terminal's Alt-q is not q: an Alt chord does nothing (Alt-q
    // used to quit).
    if key.modifiers.contains(KeyModifiers::ALT) {
        return Vec::new();
    }
    // A message stays until the next key: it has been read.
    app.status = None;
    if app.too_small() {
        // Nothing can be seen; only the way out works, and it still asks about typed work.
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            request_quit(app);
        }
        return Vec::new();
    }
    let context = app.context();
    let action = keymap::action(context, &key);
    if app.lock.is_some() {
        return match action {
            Some(Action::Quit) => {
                request_quit(app);
                Vec::new()
            }
            _ => screens::login(app, action, &key),
        };
    }
    if app.modal.is_some() {
        return modal(app, context, action, &key);
    }
    match action {
        Some(Action::Quit) => {
            request_quit(app);
            Vec::new()
        }
        Some(Action::Help) => {
            app.modal = Some(Modal::Help {
                scroll: Scroll::default(),
            });
            Vec::new()
        }
        _ => screen_key(app, action, &key),
    }
}

fn screen_key(app: &mut App, action: Option<Action>, key: &KeyEvent) -> Vec<Effect> {
    match app.screen() {
        Screen::Login(_) => screens::login(app, action, key),
        Screen::Dashboard(_) => screens::dashboard(app, action),
        Screen::Queue(_) => screens::queue(app, action),
        Screen::Browser(_) => browser::key(app, action),
        Screen::Entities(_) => screens::entities(app, action),
        Screen::Entity(_) => screens::entity(app, action),
        Screen::Record(_) => screens::record(app, action),
        Screen::Themes(_) => screens::themes(app, action),
        Screen::Compliance(_) => screens::compliance(app, action),
        Screen::Stations(_) => stations::key(app, action, key),
        Screen::Sheet(_) => sheet::key(app, action, key),
        Screen::Reports(_) => reports::key(app, action, key),
        Screen::Form(_) => form::key(app, action, key),
    }
}

fn modal(app: &mut App, context: Context, action: Option<Action>, key: &KeyEvent) -> Vec<Effect> {
    let Some(modal) = app.modal.as_mut() else {
        return Vec::new();
    };
    match modal {
        Modal::Help { scroll } => match action {
            Some(Action::Up) => scroll.up(1),
            Some(Action::Down) => scroll.down(1),
            Some(Action::PageUp) => scroll.up(HELP_PAGE),
            Some(Action::PageDown) => scroll.down(HELP_PAGE),
            Some(Action::Top) => scroll.top(),
            Some(Action::Bottom) => scroll.bottom(),
            Some(Action::Back) => app.modal = None,
            _ => {}
        },
        Modal::Confirm(confirm) => match action {
            Some(Action::Yes) => {
                let pending = confirm.on_yes;
                app.modal = None;
                return confirmed(app, pending);
            }
            Some(Action::No) => app.modal = None,
            _ => {}
        },
        Modal::Menu(menu) => match action {
            Some(Action::Up | Action::Down) => {
                screens::list_move(&mut menu.selected, menu.items.len(), action)
            }
            Some(Action::Open) => {
                let item = menu
                    .selected
                    .selected()
                    .and_then(|i| menu.items.get(i))
                    .cloned();
                app.modal = None;
                if let Some(item) = item {
                    return form::open(app, item.form, item.target);
                }
            }
            Some(Action::Cancel) => app.modal = None,
            _ => {}
        },
        Modal::Search(input) => match action {
            Some(Action::Apply) => {
                let text = input.text().trim().to_string();
                app.modal = None;
                return browser::search(app, text);
            }
            Some(Action::Cancel) => {
                app.modal = None;
                return browser::cancel_search(app);
            }
            _ => {
                // Filtering as you type: each change of the words asks the worker for the
                // first page again (an older answer is dropped by its generation).
                let before = input.text();
                input.key(key);
                let text = input.text();
                if text != before {
                    return browser::search(app, text.trim().to_string());
                }
            }
        },
    }
    let _ = context;
    Vec::new()
}

fn confirmed(app: &mut App, pending: Pending) -> Vec<Effect> {
    match pending {
        Pending::Quit => {
            app.quit = true;
            Vec::new()
        }
        Pending::DiscardForm => {
            if matches!(app.screen(), Screen::Form(_)) {
                app.screens.pop();
            }
            Vec::new()
        }
        Pending::LogOut => {
            screens::log_out(app);
            Vec::new()
        }
        Pending::StopWork => {
            stations::stop(app);
            Vec::new()
        }
    }
}

/// Quits, asking first when typed work in a form would be lost.
pub fn request_quit(app: &mut App) {
    if app.typed_work() {
        app.modal = Some(Modal::Confirm(Confirm {
            question: "Text typed in a form would be lost. Quit anyway?".into(),
            on_yes: Pending::Quit,
        }));
    } else {
        app.quit = true;
    }
}

fn paste(app: &mut App, text: &str) -> Vec<Effect> {
    if app.too_small() {
        return Vec::new();
    }
    if let Some(lock) = app.lock.as_deref_mut() {
        if lock.focus == 1 {
            lock.passphrase.paste(text);
        }
        return Vec::new();
    }
    if let Some(Modal::Search(input)) = app.modal.as_mut() {
        input.paste(text);
        let text = input.text().trim().to_string();
        return browser::search(app, text);
    }
    if app.modal.is_some() {
        return Vec::new();
    }
    match app.screen_mut() {
        Screen::Login(login) => {
            let input = if login.focus == 0 {
                &mut login.name
            } else {
                &mut login.passphrase
            };
            input.paste(text);
        }
        Screen::Form(form) => form::paste(form, text),
        Screen::Stations(s) => stations::paste(s, text),
        Screen::Sheet(s) => sheet::paste(s, text),
        Screen::Reports(s) => reports::paste(s, text),
        _ => {}
    }
    Vec::new()
}
