//! Views take `&App` and draw; they never change it. Lists draw only the visible page.

mod browser;
mod compliance;
mod dashboard;
mod entity;
mod entity_monitoring;
mod form;
mod header;
mod login;
mod modal;
mod picker;
mod record;
mod record_follow_up;
mod record_truth;
mod reports;
mod sheet;
mod stations;
mod work;

use super::app::{App, MIN_HEIGHT, MIN_WIDTH, Screen, StatusKind};
use super::keymap;
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    frame.render_widget(Block::default().style(app.theme.style("base")), area);
    if app.too_small() {
        too_small(frame, app, area);
        return;
    }
    // A message wraps, and the status area grows to hold it (up to half the screen): a
    // refusal is read in full, every word, at 80×24.
    let status_lines = app.status.as_ref().map_or(Vec::new(), |s| {
        super::text::wrap(
            &super::text::clean(&s.text),
            usize::from(area.width).saturating_sub(2),
        )
    });
    let status_height = status_lines.len().min(status_room(area.height)) as u16;
    let [head, body, status, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(status_height),
        Constraint::Length(1),
    ])
    .areas(area);
    header::draw(frame, app, head);
    if let Some(lock) = &app.lock {
        // Nothing of the registry while locked, not even a dialog.
        login::draw(frame, app, lock, body);
        footer(frame, app, foot);
        return;
    }
    match app.screen() {
        Screen::Login(login) => login::draw(frame, app, login, body),
        Screen::Dashboard(d) => dashboard::draw(frame, app, d, body),
        Screen::Queue(q) => dashboard::queue(frame, app, q, body),
        Screen::Browser(b) => browser::draw(frame, app, b, body),
        Screen::Entities(list) => entity::list(frame, app, list, body),
        Screen::Entity(e) => entity::draw(frame, app, e, body),
        Screen::Record(r) => record::draw(frame, app, r, body),
        Screen::Form(f) => form::draw(frame, app, f, body),
        Screen::Themes(list) => modal::themes(frame, app, list, body),
        Screen::Compliance(c) => compliance::draw(frame, app, c, body),
        Screen::Stations(s) => stations::draw(frame, app, s, body),
        Screen::Sheet(s) => sheet::draw(frame, app, s, body),
        Screen::Reports(s) => reports::draw(frame, app, s, body),
    }
    if let Some(s) = &app.status {
        let (mark, style) = match s.kind {
            StatusKind::Ok => ("✓ ", app.theme.style("status.ok")),
            StatusKind::Error => ("✗ ", app.theme.style("status.error")),
        };
        let lines: Vec<Line> = status_lines
            .into_iter()
            .take(status_room(area.height))
            .enumerate()
            .map(|(i, l)| {
                Line::from(vec![
                    Span::styled(if i == 0 { mark } else { "  " }, style),
                    Span::styled(l, style),
                ])
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), status);
    }
    footer(frame, app, foot);
    modal::draw(frame, app, body);
}

/// Rows the status line may grow to: three, or up to half the screen for a long refusal.
fn status_room(height: u16) -> usize {
    usize::from(height / 2).max(3)
}

/// The footer's hints, from the keymap; what does not fit is left to the help overlay, which
/// is always offered. A key the person's role may not use is greyed (the help says who may).
fn footer(frame: &mut Frame, app: &App, area: Rect) {
    let all: Vec<(String, &str, bool)> = keymap::footer_actions(app.context())
        .into_iter()
        .map(|(k, w, action)| (k, w, super::guidance::refused(app, action).is_none()))
        .collect();
    let (last, first): (Vec<_>, Vec<_>) = all
        .into_iter()
        .partition(|(_, what, _)| *what == "help" || *what == "quit");
    // Each pair is its key, a space and its words, and two spaces before every pair but the
    // first: the footer's width exactly, so a pair that fits is never left out.
    let width = |pairs: &[(String, &str, bool)]| -> usize {
        pairs
            .iter()
            .map(|(k, w, _)| k.chars().count() + w.chars().count() + 3)
            .sum()
    };
    let room = (usize::from(area.width) + 2).saturating_sub(width(&last));
    // What the person may do takes the room first, then what is greyed; each in keymap
    // order, a short one after a long one that did not fit still fits. Shown in keymap order.
    let mut keep = vec![false; first.len()];
    let mut used = 0;
    for allowed in [true, false] {
        for (i, pair) in first.iter().enumerate() {
            let w = width(std::slice::from_ref(pair));
            if pair.2 == allowed && used + w <= room {
                keep[i] = true;
                used += w;
            }
        }
    }
    let mut pairs: Vec<_> = first
        .into_iter()
        .zip(keep)
        .filter_map(|(p, k)| k.then_some(p))
        .collect();
    pairs.extend(last);
    frame.render_widget(
        Paragraph::new(super::widgets::hints_greyed(&app.theme, &pairs))
            .style(app.theme.style("footer")),
        area,
    );
}

fn too_small(frame: &mut Frame, app: &App, area: Rect) {
    let text = vec![
        Line::from("The window is too small."),
        Line::from(format!(
            "It is {}×{}; registrar needs at least {MIN_WIDTH}×{MIN_HEIGHT}.",
            app.size.0, app.size.1
        )),
        Line::from("Enlarge it to continue: nothing is lost."),
        Line::from("Ctrl-C quits."),
    ];
    frame.render_widget(
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true })
            .style(app.theme.style("base")),
        area,
    );
}

/// The first row of a page that keeps `selected` in view, for `per_page` rows a page.
pub fn page_start(selected: usize, per_page: usize) -> usize {
    let per_page = per_page.max(1);
    (selected / per_page) * per_page
}

/// What a screen an effect fills has to draw: its value, and why the last reload failed if
/// it did. Before the first value (reading, or the read failed) that is said in `area`, and
/// there is nothing to draw.
pub fn loaded<'a, T>(
    frame: &mut Frame,
    app: &App,
    state: &'a super::app::Loadable<T>,
    reading: impl FnOnce() -> String,
    area: Rect,
) -> Option<(&'a T, Option<&'a str>)> {
    use super::app::Loadable;
    let text = match state {
        Loadable::Loaded(v) => return Some((v, None)),
        Loadable::Stale(v, e) => return Some((v, Some(e))),
        Loadable::Loading => reading(),
        Loadable::Failed(e) => e.clone(),
    };
    let style = match state {
        Loadable::Failed(_) => app.theme.style("status.error"),
        _ => ratatui::style::Style::default(),
    };
    frame.render_widget(
        Paragraph::new(Span::styled(super::text::clean(&text), style)),
        area,
    );
    None
}

/// `STALE — reading again failed: why` on the first line of `area` when what is shown is older
/// than a failed reload; the rest of the area is returned for the content.
pub fn stale_line(frame: &mut Frame, app: &App, stale: Option<&str>, area: Rect) -> Rect {
    let Some(why) = stale else {
        return area;
    };
    let [top, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    frame.render_widget(
        Paragraph::new(Span::styled(
            super::text::fit(
                &format!("STALE — reading again failed: {}", super::text::clean(why)),
                usize::from(area.width),
            ),
            app.theme.style("status.error"),
        )),
        top,
    );
    rest
}
