//! Keys on the login form, at the start and on the lock screen; locking the console and
//! logging out.

use crate::tui::app::{App, Loadable, Login, Screen};
use crate::tui::keymap::Action;
use crate::tui::msg::Effect;
use crossterm::event::KeyEvent;
use zeroize::Zeroizing;

pub fn login(app: &mut App, action: Option<Action>, key: &KeyEvent) -> Vec<Effect> {
    let login = match app.lock.as_deref_mut() {
        Some(lock) => lock,
        None => match app.screen_mut() {
            Screen::Login(login) => login,
            _ => return Vec::new(),
        },
    };
    login_key(login, action, key)
}

/// A key on the login form, at the start or on the lock screen.
fn login_key(login: &mut Login, action: Option<Action>, key: &KeyEvent) -> Vec<Effect> {
    if login.checking {
        return Vec::new();
    }
    match action {
        Some(Action::Advance) => {
            if login.focus == 0 {
                if login.name.text().trim().is_empty() {
                    login.error = Some("Type your user name.".into());
                } else {
                    login.error = None;
                    set_login_focus(login, 1);
                }
            } else if login.passphrase.is_empty() {
                login.error = Some("Type your passphrase.".into());
            } else {
                login.checking = true;
                login.error = None;
                return vec![Effect::Authenticate {
                    name: login.name.text().trim().to_string(),
                    passphrase: Zeroizing::new(login.passphrase.text()),
                }];
            }
        }
        Some(Action::NextField) | Some(Action::PrevField) => {
            let f = 1 - login.focus;
            set_login_focus(login, f);
        }
        _ => {
            let input = if login.focus == 0 {
                &mut login.name
            } else {
                &mut login.passphrase
            };
            input.key(key);
        }
    }
    Vec::new()
}

/// Locks the console: the passphrase of the person logged in is asked again before anything
/// is shown (another person may log in instead, leaving the first one's work behind).
pub fn lock(app: &mut App) {
    let Some(actor) = &app.session else {
        return;
    };
    let mut login = Login::new();
    login.name.set_text(&actor.name);
    set_login_focus(&mut login, 1);
    app.lock = Some(Box::new(login));
    // A message or a dialog may show what the record held.
    app.status = None;
}

pub fn set_login_focus(login: &mut Login, focus: usize) {
    login.focus = focus;
    login.name.set_focus(focus == 0);
    login.passphrase.set_focus(focus == 1);
}

pub fn log_out(app: &mut App) {
    app.session = None;
    app.queues = Default::default();
    app.entities = Loadable::Loading;
    app.stations = Loadable::Loading;
    app.screens = vec![Screen::Login(Box::default())];
    app.ok("Logged out.");
}
