//! The registry browser: one page of shares and receipts, newest first, with the filters in
//! force and where the page sits.

use super::super::app::{App, BrowseKind, BrowseRow, Browser, Loadable};
use super::super::msg::PageCursor;
use super::super::text::{cell, clean, date, fit};
use super::super::widgets::{list_id, marking_span, pane, short_marking, title};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, app: &App, b: &Browser, area: Rect) {
    let theme = &app.theme;
    let [filters, table] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(area);
    frame.render_widget(
        Paragraph::new(filter_line(app, b, usize::from(filters.width))),
        filters,
    );
    let page = b.page_starts.len();
    let heading = Line::from(vec![
        title(theme, "Registry"),
        Span::styled(
            format!("{} shares and receipts · page {page} ", group(b.total)),
            theme.style("queue.count"),
        ),
    ]);
    let block = pane(theme, heading, true);
    let inner = block.inner(table);
    frame.render_widget(block, table);
    let width = usize::from(inner.width);
    let wide = app.browser_wide();
    let mut lines = vec![Line::from(Span::styled(
        if wide {
            columns(
                width,
                ["DATE", "ID", "MARK", "STATE", "ENTITY", "TITLE (REFERENCE)"],
            )
        } else {
            fit(
                " DATE       ID · MARK · STATE / ENTITY · TITLE (REFERENCE)",
                width,
            )
        },
        theme.style("title"),
    ))];
    for (i, row) in b.rows().iter().enumerate().take(b.page_size) {
        if wide {
            lines.push(row_line(app, row, b.selected.is(i), width));
        } else {
            lines.extend(row_lines(app, row, b.selected.is(i), width));
        }
    }
    let status = if let Some(e) = b.page.stale() {
        Some((
            format!("STALE — reading again failed: {}", clean(e)),
            theme.style("status.error"),
        ))
    } else if let Loadable::Failed(e) = &b.page {
        Some((format!("✗ {}", clean(e)), theme.style("status.error")))
    } else if b.loading {
        Some((
            format!(
                "searching… {} records examined for this page (Esc goes back)",
                group(b.scanned)
            ),
            theme.style("muted"),
        ))
    } else if b.paused {
        // The search index's pages go by search number, not by date.
        let back_to = match &b.next {
            Some(PageCursor::Registered((t, _))) => chrono::DateTime::from_timestamp(*t, 0)
                .map(|t| format!(", back to {}", date(t)))
                .unwrap_or_default(),
            _ => String::new(),
        };
        Some((
            format!(
                "— searched {} records{back_to}: n searches further —",
                group(b.scanned)
            ),
            theme.style("muted"),
        ))
    } else if b.rows().is_empty() {
        Some((
            if b.filter.is_empty() {
                "no shares or receipts registered".to_string()
            } else {
                "nothing matches the filters (c clears them)".to_string()
            },
            theme.style("muted"),
        ))
    } else if b.exhausted {
        Some(("— end of the registry —".to_string(), theme.style("muted")))
    } else {
        None
    };
    if let Some((text, style)) = status {
        lines.push(Line::from(Span::styled(text, style)));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn filter_line(app: &App, b: &Browser, width: usize) -> Line<'static> {
    let theme = &app.theme;
    let f = &b.filter;
    let mut parts = Vec::new();
    if let Some(k) = f.kind {
        parts.push(
            match k {
                BrowseKind::Share => "shares",
                BrowseKind::Receipt => "receipts",
            }
            .to_string(),
        );
    }
    if let Some(e) = &f.entity {
        parts.push(format!("entity: {}", clean(&app.entity_name(e))));
    }
    if let Some(m) = f.marking {
        parts.push(format!("marking: {m}"));
    }
    if let Some(n) = f.nature {
        parts.push(format!("nature: {n}"));
    }
    if let Some(s) = &f.state {
        parts.push(format!("state: {s}"));
    }
    let day = |s: i64| {
        chrono::DateTime::from_timestamp(s, 0)
            .map(date)
            .unwrap_or_default()
    };
    match (f.from, f.until) {
        (Some(a), Some(u)) => parts.push(format!("{} to {}", day(a), day(u - 86_400))),
        (Some(a), None) => parts.push(format!("from {}", day(a))),
        (None, Some(u)) => parts.push(format!("until {}", day(u - 86_400))),
        (None, None) => {}
    }
    if !f.text.is_empty() {
        parts.push(format!("/{}", clean(&f.text)));
    }
    let text = if parts.is_empty() {
        "all records, newest first · f filters · / search".to_string()
    } else {
        format!("filtered: {}", parts.join(" · "))
    };
    Line::from(Span::styled(fit(&text, width), theme.style("field.value")))
}

const ID_WIDTH: usize = 26;
const ENTITY_WIDTH: usize = 26;

/// The column titles of the wide table: date, id, marking, state, entity, title.
fn columns(width: usize, names: [&str; 6]) -> String {
    let [date, id, mark, state, entity, title] = names;
    let mut s = format!(
        " {} {} {} {} {} ",
        cell(date, 16),
        cell(id, ID_WIDTH),
        cell(mark, 6),
        cell(state, 12),
        cell(entity, ENTITY_WIDTH),
    );
    let used = s.chars().count();
    s.push_str(&cell(title, width.saturating_sub(used)));
    s
}

/// What every row shows, in words.
struct RowText {
    id: String,
    title: String,
    entity: String,
}

/// The id in full on the wide table; this station's own shortened at 80 columns (another
/// station's stays whole).
fn row_text(app: &App, row: &BrowseRow, wide: bool) -> RowText {
    let arrow = match row.kind {
        BrowseKind::Share => "→",
        BrowseKind::Receipt => "←",
    };
    let title = match (&row.title, &row.reference) {
        (Some(t), Some(r)) => format!("{arrow} {} ({})", clean(t), clean(r)),
        _ => format!("{arrow} [content withheld: need to know]"),
    };
    RowText {
        id: list_id(row.id.as_str(), &app.station, wide),
        title,
        entity: row
            .entity
            .as_ref()
            .map_or_else(String::new, |e| clean(&app.entity_name(e))),
    }
}

/// One line a record, every column (120 columns and more).
fn row_line(app: &App, row: &BrowseRow, selected: bool, width: usize) -> Line<'static> {
    let theme = &app.theme;
    let pick = |s: Style| {
        if selected {
            theme.style("selection")
        } else {
            s
        }
    };
    let text = row_text(app, row, true);
    let pointer = if selected { "▶" } else { " " };
    let before_mark = format!(
        "{pointer}{} {} ",
        cell(&row.at.format("%Y-%m-%d %H:%M").to_string(), 16),
        cell(&text.id, ID_WIDTH)
    );
    let mark = marking_span(theme, row.level, true);
    let mark_text = cell(short_marking(row.level), 6);
    let after = format!(
        " {} {} ",
        cell(&row.state, 12),
        cell(&text.entity, ENTITY_WIDTH)
    );
    let used = before_mark.chars().count() + 6 + after.chars().count();
    let rest = cell(&text.title, width.saturating_sub(used));
    Line::from(vec![
        Span::styled(before_mark, pick(theme.style("field.value"))),
        Span::styled(mark_text, pick(mark.style)),
        Span::styled(after, pick(theme.style("field.value"))),
        Span::styled(rest, pick(theme.style("field.label"))),
    ])
}

/// Two lines a record at 80 columns, so nothing that tells records apart is cut: the date,
/// the whole id (another station's too), the marking and the whole state; then the entity and
/// the title, as much as fits.
fn row_lines(app: &App, row: &BrowseRow, selected: bool, width: usize) -> [Line<'static>; 2] {
    let theme = &app.theme;
    let pick = |s: Style| {
        if selected {
            theme.style("selection")
        } else {
            s
        }
    };
    let text = row_text(app, row, false);
    let pointer = if selected { "▶" } else { " " };
    let first = format!("{pointer}{} {} ", date(row.at), text.id);
    let mark = marking_span(theme, row.level, true);
    let mark_text = short_marking(row.level).to_string();
    let used = first.chars().count() + mark_text.chars().count();
    let state = cell(&format!(" {}", row.state), width.saturating_sub(used));
    let second = if text.entity.is_empty() {
        cell(&format!("   {}", text.title), width)
    } else {
        cell(&format!("   {} · {}", text.entity, text.title), width)
    };
    [
        Line::from(vec![
            Span::styled(first, pick(theme.style("field.value"))),
            Span::styled(mark_text, pick(mark.style)),
            Span::styled(state, pick(theme.style("field.value"))),
        ]),
        Line::from(Span::styled(second, pick(theme.style("field.label")))),
    ]
}

/// 1 000 000, for counts people read.
pub fn group(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}
