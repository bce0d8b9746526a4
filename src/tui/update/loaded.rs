//! Results of effects, back as messages: state catches up with the store.

use super::browser;
use super::screens::{dashboard_screen, open_record, set_login_focus};
use crate::domain::ids::RecordKind;
use crate::tui::app::{App, Blocked, Screen};
use crate::tui::forms::{self, FormKind};
use crate::tui::msg::{Effect, Msg};

pub fn loaded(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::LoggedIn(result) => logged_in(app, result),
        Msg::Queues(result) => {
            let result = result.map(|(items, log_len)| {
                app.queues.log_len = Some(log_len);
                items
            });
            // A failed reload keeps what was read, marked stale, with why (shown); each
            // selection follows its record.
            let selections = super::lists::queue_selections(app);
            app.queues.state.arrive(result);
            super::lists::follow_queue_selections(app, selections);
            clamp_dashboard(app);
            Vec::new()
        }
        Msg::LogLen(result) => log_len(app, result),
        Msg::Browsed { generation, result } => browser::chunk(app, generation, result),
        Msg::BrowseTotal(n) => {
            for s in &mut app.screens {
                if let Screen::Browser(b) = s {
                    b.total = n;
                }
            }
            Vec::new()
        }
        Msg::Record(id, result) => {
            for s in app.screens.iter_mut().rev() {
                if let Screen::Record(r) = s
                    && r.id == id
                {
                    r.detail.arrive(result);
                    break;
                }
            }
            Vec::new()
        }
        Msg::Entity(id, result) => {
            for s in app.screens.iter_mut().rev() {
                if let Screen::Entity(r) = s
                    && r.id == id
                {
                    r.detail.arrive(result);
                    break;
                }
            }
            Vec::new()
        }
        Msg::Stations(_)
        | Msg::ExportPlanned(_)
        | Msg::Exported(_)
        | Msg::Imported(_)
        | Msg::Progress(_) => super::stations::loaded(app, msg),
        Msg::Listed { .. } if matches!(app.screen(), Screen::Sheet(_)) => {
            super::sheet::loaded(app, msg)
        }
        Msg::Listed { .. } if matches!(app.screen(), Screen::Reports(_)) => {
            super::reports::loaded(app, msg)
        }
        Msg::Listed { .. } => super::stations::loaded(app, msg),
        Msg::ReportWritten(_) => super::reports::loaded(app, msg),
        Msg::SheetPlanned(_) | Msg::SheetImported(_) => super::sheet::loaded(app, msg),
        Msg::Compliance(result) => {
            for s in app.screens.iter_mut().rev() {
                if let Screen::Compliance(c) = s {
                    c.figures.arrive(result);
                    break;
                }
            }
            Vec::new()
        }
        Msg::Reference(result) => {
            let entities = match result {
                Ok((entities, settings)) => {
                    app.mission = settings.mission.clone();
                    app.settings = Some(settings);
                    Ok(entities)
                }
                Err(e) => {
                    app.error(e.clone());
                    Err(e)
                }
            };
            // A failed reread keeps the entities, stale, with why (the entity list says so).
            app.entities.arrive(entities);
            Vec::new()
        }
        Msg::FormReady(kind, target, result) => {
            match result {
                Ok(cx) => app
                    .screens
                    .push(Screen::Form(Box::new(forms::open(kind, target, cx)))),
                Err(e) => app.error(format!("{}: {e}", kind.label())),
            }
            Vec::new()
        }
        Msg::Executed {
            done,
            result,
            urgent,
        } => executed(app, done, result, urgent),
        Msg::Saved(result) => {
            if let Err(e) = result {
                app.error(format!("The theme could not be kept for next time: {e}"));
            }
            Vec::new()
        }
        Msg::Key(_) | Msg::Paste(_) | Msg::Resize(..) | Msg::Tick(_) => Vec::new(),
    }
}

fn logged_in(app: &mut App, result: Result<crate::tui::msg::Session, String>) -> Vec<Effect> {
    if let Some(lock) = app.lock.as_deref_mut() {
        match &result {
            // The same person: back where they were, typed work and all.
            Ok(session)
                if app
                    .session
                    .as_ref()
                    .is_some_and(|a| a.name == session.actor.name) =>
            {
                app.lock = None;
                app.session = result.ok().map(|s| s.actor);
                app.ok("Unlocked.");
                return Vec::new();
            }
            // Someone else takes the terminal: a fresh start, below.
            Ok(_) => app.lock = None,
            Err(e) => {
                lock.checking = false;
                lock.error = Some(e.clone());
                lock.passphrase.set_text("");
                set_login_focus(lock, 1);
                return Vec::new();
            }
        }
    }
    match result {
        Ok(session) => {
            app.mission = session.settings.mission.clone();
            app.settings = Some(session.settings);
            app.entities = crate::tui::app::Loadable::Loaded(session.entities);
            let actor = session.actor;
            app.ok(format!(
                "Logged in as {} ({}).",
                actor.name,
                actor
                    .roles
                    .iter()
                    .map(|r| r.title())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            app.session = Some(actor.clone());
            app.screens = vec![dashboard_screen()];
            app.queues.loaded_at = Some(app.now);
            vec![Effect::LoadQueues(actor), Effect::LoadStations]
        }
        Err(e) => {
            if let Screen::Login(login) = app.screen_mut() {
                login.checking = false;
                login.error = Some(e);
                login.passphrase.set_text("");
                set_login_focus(login, 1);
            }
            Vec::new()
        }
    }
}

/// Keeps the dashboard's focus off an urgent pane that emptied (every list's selection is
/// kept inside its list after each message: update/lists.rs).
fn clamp_dashboard(app: &mut App) {
    let urgent = !app.queues.items()[0].is_empty();
    for s in &mut app.screens {
        if let Screen::Dashboard(d) = s
            && d.focus == 0
            && !urgent
        {
            d.focus = 1;
        }
    }
}

/// A submission came back: recorded (close the form, say so, reload what shows it), or
/// blocked (the form stays, with the rule and the next step).
fn executed(
    app: &mut App,
    done: Vec<crate::domain::ids::RecordId>,
    result: Result<(), Blocked>,
    urgent: Option<(usize, usize)>,
) -> Vec<Effect> {
    let Some(actor) = app.session.clone() else {
        return Vec::new();
    };
    let (kind, alerts, times) = match app.screen() {
        Screen::Form(f) => (
            Some(f.kind),
            crate::tui::forms::alerts_ticked(f),
            times_said(f, crate::tui::forms::alerts_ticked(f)),
        ),
        _ => (None, 0, String::new()),
    };
    let mut effects = vec![Effect::LoadQueues(actor.clone()), Effect::LoadReference];
    app.queues.loaded_at = Some(app.now);
    match result {
        Ok(()) => {
            if let Screen::Form(_) = app.screen() {
                app.screens.pop();
            }
            app.ok(format!(
                "{}{times}",
                success_text(kind, &done, alerts, urgent)
            ));
            effects.extend(reload_top(app));
            // A new record is opened, so its next step is in view; the fast path returns to
            // the dashboard, where the threat now heads the urgent queue.
            if let Some(first) = done.first()
                && kind != Some(FormKind::FastPath)
                && is_creation(kind)
            {
                effects.extend(open_record(app, first.clone()));
            }
        }
        Err(blocked) if !done.is_empty() && is_creation(kind) => {
            // Part went through (a receipt registered, an alert refused): never leave a form
            // that would register it twice.
            if let Screen::Form(_) = app.screen() {
                app.screens.pop();
            }
            app.error(format!(
                "{} was recorded, but then: {}",
                done[0],
                blocked_text(&blocked)
            ));
            effects.extend(open_record(app, done[0].clone()));
        }
        Err(blocked) => {
            if !done.is_empty() {
                app.error(format!(
                    "Recorded {}; the rest was not: {}",
                    done.iter()
                        .map(|d| d.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    blocked_text(&blocked)
                ));
            }
            if let Screen::Form(form) = app.screen_mut() {
                form.busy = false;
                form.blocked = Some(blocked);
            }
        }
    }
    effects
}

/// The times recorded, as they were resolved when the form was submitted: " Received 00:45
/// UTC, alerts 00:46 UTC." (the date too when not today; empty for a form without any).
fn times_said(f: &crate::tui::forms::Form, alerts: usize) -> String {
    let now = f.context.now;
    let when = |t: crate::domain::ids::Time| {
        if t.date_naive() == now.date_naive() {
            t.format("%H:%M UTC").to_string()
        } else {
            format!("{} UTC", crate::tui::forms::time_text(t))
        }
    };
    let mut said: Vec<String> = f
        .stated_times()
        .into_iter()
        .map(|(label, t)| format!("{label} {}", when(t)))
        .collect();
    if alerts > 0 && f.kind == FormKind::FastPath {
        said.push(format!("alerts {}", when(now)));
    }
    if said.is_empty() {
        String::new()
    } else {
        format!(" {}.", said.join(", "))
    }
}

fn is_creation(kind: Option<FormKind>) -> bool {
    matches!(
        kind,
        Some(
            FormKind::FastPath
                | FormKind::NewReceipt
                | FormKind::NewShare
                | FormKind::RegisterEntity
                | FormKind::StartSharingAssessment
                | FormKind::StartReceiptAssessment
                | FormKind::ReportBreach
                | FormKind::PreAuthorise
        )
    )
}

pub fn blocked_text(b: &Blocked) -> String {
    match b {
        Blocked::Refused(r) => r.to_string(),
        Blocked::NotAllowed(n) => format!("not allowed: {n}"),
        Blocked::Failed(e) => e.clone(),
    }
}

fn success_text(
    kind: Option<FormKind>,
    done: &[crate::domain::ids::RecordId],
    alerts: usize,
    urgent: Option<(usize, usize)>,
) -> String {
    let ids: Vec<&str> = done.iter().map(|d| d.as_str()).collect();
    let first = ids.first().copied().unwrap_or("");
    match kind {
        Some(FormKind::FastPath) => {
            // The receipt, not an entity registered inline before it.
            let receipt = done
                .iter()
                .find(|d| d.kind() == Some(RecordKind::Receipt))
                .map_or(first, |d| d.as_str());
            let place = match urgent {
                Some((1, _)) => "it heads the urgent queue".to_string(),
                Some((n, of)) => format!("it is {} of {of} in the urgent queue", ordinal(n)),
                None => "it is not in your urgent queue".to_string(),
            };
            format!(
                "{receipt} registered as an IMMINENT THREAT ({alerts} alert{} recorded); {place}.",
                if alerts == 1 { "" } else { "s" }
            )
        }
        Some(FormKind::AddUser) => format!("User {} added.", first.trim_start_matches("USR-")),
        Some(FormKind::ChangePassphrase) => "Passphrase changed.".to_string(),
        Some(k) => {
            let what = match done.first().and_then(|d| d.kind()) {
                Some(RecordKind::Receipt) => "receipt",
                Some(RecordKind::Share) => "share",
                Some(RecordKind::Entity) => "entity",
                _ => "record",
            };
            format!("Recorded: {} — {what} {}.", k.label(), ids.join(", "))
        }
        None => format!("Recorded {}.", ids.join(", ")),
    }
}

/// The log's length came back: when another process wrote since the last look, the queues,
/// the stations (the acknowledgement banner and the stations screen: `keys trust`, an import)
/// and the record or entity on screen are read again; the selections stay where they were.
fn log_len(app: &mut App, result: Result<u64, String>) -> Vec<Effect> {
    app.queues.log_watch_pending = false;
    let Ok(len) = result else {
        // The next look tries again; a failed read of the queues themselves is shown.
        return Vec::new();
    };
    let seen = app.queues.log_len.replace(len);
    match (&app.session, seen) {
        (Some(actor), Some(before)) if before != len => {
            let mut effects = vec![
                Effect::LoadQueues(actor.clone()),
                Effect::LoadReference,
                Effect::LoadStations,
            ];
            app.queues.loaded_at = Some(app.now);
            effects.extend(reload_top(app));
            effects
        }
        _ => Vec::new(),
    }
}

/// After a change, the record or entity on screen is read again.
fn reload_top(app: &mut App) -> Vec<Effect> {
    let Some(actor) = app.session.clone() else {
        return Vec::new();
    };
    let mut effects = Vec::new();
    for s in app.screens.iter_mut() {
        match s {
            Screen::Record(r) => effects.push(Effect::LoadRecord(actor.clone(), r.id.clone())),
            Screen::Entity(e) => effects.push(Effect::LoadEntity(actor.clone(), e.id.clone())),
            _ => {}
        }
    }
    effects
}

/// 1st, 2nd, 3rd, 4th … 11th, 12th, 13th, 21st.
fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}
