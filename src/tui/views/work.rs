//! Long work under way, as any screen shows it: what it is, a gauge with its counts, the most
//! pressing urgent countdown (it keeps moving while the work runs), and how to stop it.

use super::super::app::{App, Work};
use super::super::text::clean;
use super::super::widgets::status_span;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols;
use ratatui::text::{Line, Span};
use ratatui::widgets::{LineGauge, Paragraph};

/// Rows `draw` uses.
pub const HEIGHT: u16 = 4;

pub fn draw(frame: &mut Frame, app: &App, work: &Work, area: Rect) {
    let theme = &app.theme;
    let rows = Layout::vertical([Constraint::Length(1); HEIGHT as usize]).split(area);
    frame.render_widget(
        Paragraph::new(Span::styled(clean(&work.what), theme.style("base"))),
        rows[0],
    );
    let (ratio, label) = match &work.progress {
        Some(p) => (p.ratio(), p.words()),
        None => (0.0, "starting".to_string()),
    };
    frame.render_widget(
        LineGauge::default()
            .filled_symbol(symbols::line::THICK_HORIZONTAL)
            .unfilled_symbol(symbols::line::HORIZONTAL)
            .filled_style(theme.style("chart.bar"))
            .unfilled_style(theme.style("muted"))
            .label(Span::styled(format!("{label} "), theme.style("base")))
            .ratio(ratio),
        rows[1],
    );
    if let Some(first) = app.queues.items()[0].first() {
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled("Meanwhile, urgent: ", theme.style("muted")),
                Span::raw(format!("{} ", clean(first.id.as_str()))),
                status_span(theme, first, app.now),
            ])),
            rows[2],
        );
    }
    let hint = if work.stopping {
        Span::styled(
            "Stopping at the next safe point: nothing half-done is left.",
            theme.style("queue.pending"),
        )
    } else {
        Span::styled(
            "Esc stop (asks first) · keys and countdowns keep working meanwhile",
            theme.style("muted"),
        )
    };
    frame.render_widget(Paragraph::new(hint), rows[3]);
}
