//! The header: mission, station, who is logged in and in which role, UTC time, and the
//! READ-ONLY, EXERCISE TIME and DEMO badges. Pieces that do not fit are dropped, least needed first.

use super::super::app::App;
use super::super::text::clean;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let header = theme.style("header");
    let badge = theme.style("header.badge");
    let width = usize::from(area.width);
    let user_long = app.session.as_ref().map(|a| {
        let roles: Vec<&str> = a.roles.iter().map(|r| r.title()).collect();
        format!("{} · {}", clean(&a.name), roles.join(", "))
    });
    let user_short = app.session.as_ref().map(|a| {
        let roles: Vec<&str> = a.roles.iter().map(|r| r.key()).collect();
        format!("{} · {}", clean(&a.name), roles.join(","))
    });
    let time_long = app.now.format("%Y-%m-%d %H:%M UTC").to_string();
    let time_short = app.now.format("%H:%M UTC").to_string();
    let mut badges: Vec<&str> = Vec::new();
    if app.read_only {
        badges.push("READ-ONLY");
    }
    if app.exercise {
        badges.push("EXERCISE TIME");
    }
    if app.demo {
        badges.push("DEMO");
    }
    let working = app.working.first().map(|(what, since)| {
        let secs = (app.now - *since).num_seconds().max(0);
        format!("{what} {}:{:02}", secs / 60, secs % 60)
    });
    if let Some(w) = &working {
        badges.insert(0, w.as_str());
    }
    let mission = clean(&app.mission);
    let station = clean(&app.station);
    // Longest first; the first that fits is drawn.
    let both = Some(format!("{mission} · {station}"));
    let candidates: Vec<(String, String)> = [
        (both.clone(), &user_long, Some(time_long.clone())),
        (Some(mission.clone()), &user_long, Some(time_long.clone())),
        (Some(mission.clone()), &user_long, Some(time_short.clone())),
        (Some(mission.clone()), &user_short, Some(time_short.clone())),
        (None, &user_short, Some(time_short.clone())),
        (None, &user_short, None),
    ]
    .into_iter()
    .map(|(left, user, time)| {
        let mut right = Vec::new();
        if let Some(u) = user {
            right.push(u.clone());
        }
        if let Some(t) = time {
            right.push(t);
        }
        (left.unwrap_or_default(), right.join(" │ "))
    })
    .collect();
    let badge_width: usize = badges.iter().map(|b| b.chars().count() + 3).sum();
    let (left, right) = candidates
        .iter()
        .find(|(l, r)| l.chars().count() + r.chars().count() + badge_width + 4 <= width)
        .cloned()
        .unwrap_or_default();
    let mut spans = vec![Span::styled(format!(" {left}"), header)];
    let used = left.chars().count() + 1 + right.chars().count() + 1 + badge_width;
    spans.push(Span::styled(" ".repeat(width.saturating_sub(used)), header));
    spans.push(Span::styled(format!("{right} "), header));
    for b in badges {
        spans.push(Span::styled(" ", header));
        spans.push(Span::styled(format!(" {b} "), badge));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).style(header), area);
}
