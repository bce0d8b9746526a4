//! Keys in a form, opening forms, and what a submitted form asks for.

use super::browser;
use super::screens::open_record;
use crate::domain::ids::RecordId;
use crate::tui::app::{App, Confirm, Modal, Pending, Screen};
use crate::tui::forms::{self, FieldKind, Form, FormContext, FormKind, Submit};
use crate::tui::keymap::Action;
use crate::tui::msg::Effect;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use zeroize::Zeroizing;

/// Forms built from what the console already holds: no store round trip, so the
/// imminent-threat form is on screen at once.
fn is_local(kind: FormKind) -> bool {
    matches!(
        kind,
        FormKind::FastPath
            | FormKind::RegisterEntity
            | FormKind::Settings
            | FormKind::Delegation
            | FormKind::AddUser
            | FormKind::FindUser
            | FormKind::ChangePassphrase
            | FormKind::BrowseFilter
    )
}

/// Opens a form, if the person's roles allow what it records.
pub fn open(app: &mut App, kind: FormKind, target: Option<RecordId>) -> Vec<Effect> {
    let Some(actor) = app.session.clone() else {
        return Vec::new();
    };
    if let Err(why) = kind.allowed(Some(&actor)) {
        app.error(format!("Not allowed: {why}."));
        return Vec::new();
    }
    if app.read_only && kind.records() {
        app.error(format!(
            "READ-ONLY: this registry cannot be changed here (a file without write permission, or a read-only medium), so \"{}\" is not opened. Copy the registry to writable storage and work there.",
            kind.label()
        ));
        return Vec::new();
    }
    let local = is_local(kind)
        || (matches!(kind, FormKind::NewReceipt | FormKind::NewShare) && target.is_none());
    if local {
        let cx = local_context(app);
        app.screens
            .push(Screen::Form(Box::new(forms::open(kind, target, cx))));
        return Vec::new();
    }
    vec![Effect::PrepareForm {
        actor,
        kind,
        target,
    }]
}

pub fn local_context(app: &App) -> FormContext {
    FormContext {
        now: app.now,
        actor: app.session.clone(),
        entities: app.entities().to_vec(),
        settings: app.settings.clone(),
        browse_filter: app.screens.iter().rev().find_map(|s| match s {
            Screen::Browser(b) => Some(b.filter.clone()),
            _ => None,
        }),
        ..FormContext::default()
    }
}

pub fn key(app: &mut App, action: Option<Action>, key: &KeyEvent) -> Vec<Effect> {
    let Screen::Form(form) = app.screen_mut() else {
        return Vec::new();
    };
    if form.busy {
        return Vec::new();
    }
    if action == Some(Action::OpenBlocking) {
        // The refused step names what blocks it: open it over the form (Esc comes back).
        let blocking = match &form.blocked {
            Some(crate::tui::app::Blocked::Refused(r)) => r.blocking.clone(),
            _ => None,
        };
        return match blocking {
            Some(id) => super::screens::open_record(app, id),
            None => Vec::new(),
        };
    }
    match action {
        Some(Action::TakeNearMatch) => {
            forms::inline_entity::take_near_match(form);
        }
        Some(Action::NextField) | Some(Action::Advance) => {
            form.check_focused_time();
            form.next_field()
        }
        Some(Action::PrevField) => {
            form.check_focused_time();
            form.prev_field()
        }
        Some(Action::OptionNext) | Some(Action::OptionPrev) => {
            if let Some(FieldKind::Choice(c)) = form.focused().map(|f| &mut f.kind) {
                if action == Some(Action::OptionNext) {
                    c.next();
                } else {
                    c.prev();
                }
                form.touched = true;
            }
        }
        Some(Action::Toggle) | Some(Action::Yes) | Some(Action::No) => {
            if let Some(FieldKind::Toggle(v)) = form.focused().map(|f| &mut f.kind) {
                *v = match action {
                    Some(Action::Yes) => true,
                    Some(Action::No) => false,
                    _ => !*v,
                };
                form.touched = true;
                if action != Some(Action::Toggle) {
                    form.next_field();
                }
            }
        }
        Some(Action::Submit) => return submit(app),
        Some(Action::Back) => {
            if form.is_dirty() {
                app.modal = Some(Modal::Confirm(Confirm {
                    question: "Discard what you typed in this form?".into(),
                    on_yes: Pending::DiscardForm,
                }));
            } else {
                app.screens.pop();
            }
        }
        _ => typed(form, key),
    }
    Vec::new()
}

/// A key that is not an action: text for a text field, a search for a choice.
fn typed(form: &mut Form, key: &KeyEvent) {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    let now = form.context.now;
    let Some(field) = form.focused() else {
        return;
    };
    let changed = match &mut field.kind {
        FieldKind::Line(t) | FieldKind::Text(t) => t.key(key),
        FieldKind::Choice(c) => match key.code {
            KeyCode::Char(ch) if !ctrl && !alt => c.find_char(ch),
            KeyCode::Backspace => {
                c.find_back();
                true
            }
            _ => false,
        },
        _ => false,
    };
    if changed {
        field.error = None;
        if let (true, FieldKind::Line(t)) = (field.stated_time, &field.kind) {
            field.hint = Some(forms::resolved_hint(&t.text(), now));
        }
        form.touched = true;
    }
}

/// Pasted text goes into the text field with the keyboard; a pasted newline is text, never
/// Enter, so it never submits.
pub fn paste(form: &mut Form, text: &str) {
    if form.busy {
        return;
    }
    if let Some(field) = form.focused()
        && let FieldKind::Line(t) | FieldKind::Text(t) = &mut field.kind
        && t.paste(text)
    {
        field.error = None;
        form.touched = true;
    }
}

fn submit(app: &mut App) -> Vec<Effect> {
    let Some(actor) = app.session.clone() else {
        return Vec::new();
    };
    let now = app.now;
    let Screen::Form(form) = app.screen_mut() else {
        return Vec::new();
    };
    form.blocked = None;
    // Relative times (`now`, `-5m`, alerts ticked as of now) are taken when the person
    // submits, not when the form opened (G 9.3: an alert is never recorded before it went).
    form.clock_moved(now);
    match forms::submit(form) {
        Submit::Invalid => Vec::new(),
        Submit::Changes(steps) => {
            form.busy = true;
            vec![Effect::Execute { actor, steps }]
        }
        Submit::AddUser {
            name,
            roles,
            clearance,
            passphrase,
        } => {
            form.busy = true;
            vec![Effect::AddUser {
                actor,
                name,
                roles,
                clearance,
                passphrase: Zeroizing::new(passphrase),
            }]
        }
        Submit::Passphrase(p) => {
            form.busy = true;
            vec![Effect::ChangePassphrase {
                actor,
                passphrase: Zeroizing::new(p),
            }]
        }
        Submit::Filter(filter) => {
            app.screens.pop();
            browser::set_filter(app, filter)
        }
        Submit::OpenRecord(id) => {
            app.screens.pop();
            open_record(app, id)
        }
    }
}
