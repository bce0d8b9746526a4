//! The compliance figures (G H "Monitoring and compliance", P 9.7) on a screen: the same
//! function and the same summary as `registrar report compliance`, with a bar for each
//! indicator — imminent-threat receipts dispositioned within the mission's limit as a gauge,
//! each count as a bar against the largest. A failed reload keeps the figures, marked stale.

use super::super::app::{App, ComplianceScreen, Loadable};
use super::super::text::{cell, clean, date, fit};
use super::super::widgets::{pane, title};
use crate::register::compliance::Compliance;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, app: &App, c: &ComplianceScreen, area: Rect) {
    let theme = &app.theme;
    let block = pane(
        theme,
        Line::from(title(theme, "Compliance figures (G H, P 9.7)")),
        true,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let mut lines: Vec<Line<'static>> = Vec::new();
    match &c.figures {
        Loadable::Loading => lines.push(Line::from("Reading the registry…")),
        Loadable::Failed(e) => lines.push(Line::from(Span::styled(
            fit(&clean(e), width),
            theme.style("status.error"),
        ))),
        Loadable::Loaded(f) => lines.extend(figure_lines(app, f, width)),
        Loadable::Stale(f, e) => {
            lines.push(Line::from(Span::styled(
                fit(
                    &format!("STALE — reading again failed: {}", clean(e)),
                    width,
                ),
                theme.style("status.error"),
            )));
            lines.extend(figure_lines(app, f, width));
        }
    }
    let offset = c.scroll.fit(lines.len(), inner.height);
    frame.render_widget(
        Paragraph::new(lines)
            .scroll((offset, 0))
            .style(theme.style("base")),
        inner,
    );
}

/// The leading whole number of a figure (`3 (1 under investigation)` → 3).
fn leading(figure: &str) -> Option<u64> {
    let digits: String = figure.chars().take_while(|c| c.is_ascii_digit()).collect();
    digits.parse().ok()
}

fn figure_lines(app: &App, f: &Compliance, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let mut lines = vec![Line::from(Span::styled(
        fit(
            &format!("Everything registered up to {} · R reads again", date(f.to)),
            width,
        ),
        theme.style("muted"),
    ))];
    // Imminent threats: dispositioned within the limit, of all, as a gauge.
    let total = f.imminent.len();
    let late = f.late();
    let bar_room = width.saturating_sub(2).min(40);
    let on_time = total - late.min(total);
    let filled = (bar_room * on_time).checked_div(total).unwrap_or(0);
    lines.push(Line::from(vec![
        Span::styled(
            format!("Within the limit (G 9.2): {on_time} of {total} "),
            theme.style("field.label"),
        ),
        Span::styled("━".repeat(filled), theme.style("chart.bar")),
        Span::styled(
            "─".repeat(bar_room.saturating_sub(filled)),
            theme.style(if late > 0 { "queue.overdue" } else { "muted" }),
        ),
    ]));
    lines.push(Line::from(""));
    let summary = f.summary();
    let most = summary
        .iter()
        .filter_map(|(_, fig)| leading(fig))
        .max()
        .unwrap_or(0)
        .max(1);
    let longest = summary
        .iter()
        .map(|(i, _)| i.chars().count())
        .max()
        .unwrap_or(0);
    let label_width = longest.min(width * 6 / 10);
    let figure_width = 10;
    let bar_width = width.saturating_sub(label_width + figure_width + 2);
    for (indicator, figure) in summary {
        let bar = leading(&figure)
            .filter(|_| !indicator.starts_with("  "))
            .map(|n| {
                let len = (bar_width as u64 * n).div_ceil(most) as usize;
                "█".repeat(len.min(bar_width))
            })
            .unwrap_or_default();
        let long = figure.chars().count() > figure_width;
        lines.push(Line::from(vec![
            Span::styled(cell(&indicator, label_width), theme.style("field.label")),
            Span::styled(
                cell(
                    &format!(" {}", if long { "" } else { figure.as_str() }),
                    figure_width + 1,
                ),
                theme.style("field.value"),
            ),
            Span::styled(bar, theme.style("chart.bar")),
        ]));
        if long {
            lines.push(Line::from(Span::styled(
                fit(&format!("    {figure}"), width),
                theme.style("field.value"),
            )));
        }
    }
    lines
}
