//! The login screen: name, then passphrase (shown as bullets); Enter moves on, then logs in.

use super::super::app::{App, Login};
use super::super::text::clean;
use super::super::widgets::{pane, title};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub fn draw(frame: &mut Frame, app: &App, login: &Login, area: Rect) {
    let theme = &app.theme;
    let width = area.width.min(64);
    let height = if app.demo { 14 } else { 11 };
    let [_, mid, _] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(width),
        Constraint::Fill(1),
    ])
    .areas(area);
    let [_, boxed, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(height.min(area.height)),
        Constraint::Fill(1),
    ])
    .areas(mid);
    let heading = match (&app.lock, &app.settings) {
        (Some(_), Some(s)) => format!(
            "Locked after {} without a key — passphrase, or log in as another person",
            super::super::text::counted(s.idle_lock_minutes, "minute", "minutes")
        ),
        _ => "Log in".to_string(),
    };
    let block = pane(theme, Line::from(title(theme, &heading)), true)
        .padding(ratatui::widgets::Padding::horizontal(1));
    let inner = block.inner(boxed);
    frame.render_widget(block, boxed);
    let [head, name_row, pass_row, msg, help] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Min(0),
    ])
    .areas(inner);
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(Span::styled(
                format!("{} — station {}", clean(&app.mission), clean(&app.station)),
                theme.style("title"),
            )),
            Line::from(Span::styled(
                "Intelligence shared and received (DPO Guidelines 2022)",
                theme.style("muted"),
            )),
        ]),
        head,
    );
    for (row, label, input, focused) in [
        (name_row, "User name ", &login.name, login.focus == 0),
        (pass_row, "Passphrase", &login.passphrase, login.focus == 1),
    ] {
        let [l, v] = Layout::horizontal([Constraint::Length(12), Constraint::Min(1)]).areas(row);
        let style = if focused {
            theme.style("field.focus")
        } else {
            theme.style("field.label")
        };
        frame.render_widget(Paragraph::new(Span::styled(label, style)), l);
        frame.render_widget(
            ratatui::widgets::Block::default().style(
                theme
                    .style("field.value")
                    .add_modifier(ratatui::style::Modifier::UNDERLINED),
            ),
            v,
        );
        frame.render_widget(input.widget(), v);
    }
    let message = if login.checking {
        Line::from(Span::styled(
            "Checking the passphrase…",
            theme.style("muted"),
        ))
    } else if let Some(e) = &login.error {
        Line::from(Span::styled(
            format!("✗ {}", clean(e)),
            theme.style("field.error"),
        ))
    } else {
        Line::from("")
    };
    frame.render_widget(Paragraph::new(message).wrap(Wrap { trim: true }), msg);
    let mut lines = vec![Line::from(Span::styled(
        "Enter: next, then log in · Tab: other field · Ctrl-C: quit",
        theme.style("muted"),
    ))];
    if app.demo {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            "DEMO registry — users: admin imfp analyst hro hom micm legal oversight; passphrase demo-<name>",
            theme.style("field.hint"),
        )));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), help);
}
