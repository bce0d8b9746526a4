//! The file picker: the directory shown (or the path being typed), its entries directories
//! first with `..` above them, the files marked, and what Enter does now. Names on a medium
//! are untrusted text: cleaned before drawing.

use super::super::app::{App, Loadable};
use super::super::picker::{PickMode, Picker, Row};
use super::super::text::{cell, clean, fit};
use super::super::widgets::{pane, title};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, app: &App, picker: &Picker, heading: &str, area: Rect) {
    let theme = &app.theme;
    let block = pane(theme, Line::from(title(theme, heading)), true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [path_row, list, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(2),
    ])
    .areas(inner);
    draw_path(frame, app, picker, path_row);
    draw_list(frame, app, picker, list);
    frame.render_widget(
        Paragraph::new(foot_lines(app, picker, usize::from(foot.width))),
        foot,
    );
}

fn draw_path(frame: &mut Frame, app: &App, picker: &Picker, area: Rect) {
    let theme = &app.theme;
    if picker.typing {
        let label = "Path: ";
        let [l, v] =
            Layout::horizontal([Constraint::Length(label.len() as u16), Constraint::Min(1)])
                .areas(area);
        frame.render_widget(
            Paragraph::new(Span::styled(label, theme.style("field.focus"))),
            l,
        );
        frame.render_widget(picker.path.widget(), v);
        return;
    }
    let shown = picker
        .listing
        .value()
        .map(|l| l.dir.display().to_string())
        .or_else(|| picker.dir.as_ref().map(|d| d.display().to_string()))
        .unwrap_or_else(|| "the medium".into());
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("In ", theme.style("muted")),
            Span::styled(clean(&shown), theme.style("field.label")),
        ])),
        area,
    );
}

fn draw_list(frame: &mut Frame, app: &App, picker: &Picker, area: Rect) {
    let theme = &app.theme;
    let muted = theme.style("muted");
    let listing = match &picker.listing {
        Loadable::Loading => {
            frame.render_widget(Paragraph::new(Span::styled("Reading…", muted)), area);
            return;
        }
        Loadable::Failed(e) => {
            frame.render_widget(
                Paragraph::new(Span::styled(clean(e), theme.style("status.error"))),
                area,
            );
            return;
        }
        Loadable::Loaded(l) | Loadable::Stale(l, _) => l,
    };
    let rows = picker.rows();
    let height = usize::from(area.height).max(1);
    let start = super::page_start(picker.selected.index(), height);
    let width = usize::from(area.width);
    let mut lines = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(start).take(height) {
        let sel = picker.selected.is(i);
        let cursor = if sel { "▶ " } else { "  " };
        let (text, style) = match row {
            Row::Up => ("   ..  (the directory above)".to_string(), muted),
            Row::Here => (
                "   (write into this directory)".to_string(),
                theme.style("field.label"),
            ),
            Row::Entry(n) => {
                let Some(e) = listing.entries.get(*n) else {
                    continue;
                };
                if e.dir {
                    (
                        format!("   {}/", clean(&e.name)),
                        theme.style("field.label"),
                    )
                } else {
                    let mark = if picker.is_chosen(&listing.dir.join(&e.name)) {
                        "[x]"
                    } else {
                        "[ ]"
                    };
                    let size = size(e.size);
                    let room = width.saturating_sub(size.chars().count() + 7);
                    (
                        format!("{mark} {} {size}", cell(&clean(&e.name), room)),
                        theme.style("base"),
                    )
                }
            }
        };
        let style = if sel { theme.style("selection") } else { style };
        lines.push(Line::from(vec![
            Span::styled(cursor, style),
            Span::styled(text, style),
        ]));
    }
    if rows.iter().all(|r| !matches!(r, Row::Entry(_))) {
        let what = match picker.mode {
            PickMode::Files { noun, .. } => format!("No {noun} file and no directory here."),
            PickMode::Directory => "No directory inside this one.".to_string(),
        };
        lines.push(Line::from(Span::styled(what, muted)));
    }
    frame.render_widget(Paragraph::new(lines).style(theme.style("base")), area);
}

/// Two lines: what is marked (or the error), and what was left out of the list.
fn foot_lines(app: &App, picker: &Picker, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let muted = theme.style("muted");
    let mut lines = Vec::new();
    if let Some(e) = &picker.error {
        lines.push(Line::from(Span::styled(
            clean(e),
            theme.style("status.error"),
        )));
    } else if !picker.chosen.is_empty() {
        let names: Vec<String> = picker
            .chosen
            .iter()
            .map(|p| {
                p.file_name()
                    .map_or(String::new(), |n| clean(&n.to_string_lossy()))
            })
            .collect();
        let text = format!(
            "{} marked, taken in turn on Enter: {}",
            picker.chosen.len(),
            names.join(", ")
        );
        lines.push(Line::from(Span::styled(
            fit(&text, width),
            theme.style("field.focus"),
        )));
    } else {
        let what = match picker.mode {
            PickMode::Files { multi: true, .. } => {
                "Enter opens a directory or takes the file · Space marks several"
            }
            PickMode::Files { .. } => "Enter opens a directory or takes the file",
            PickMode::Directory => "Enter opens a directory · the first line writes here",
        };
        lines.push(Line::from(Span::styled(what, muted)));
    }
    let others = picker.listing.value().map_or(0, |l| l.others);
    let mut second = match picker.mode {
        PickMode::Files { extensions, .. } if others > 0 => format!(
            "{others} other files not shown (only {})",
            extensions.join(" ")
        ),
        _ => String::new(),
    };
    if let Loadable::Stale(_, e) = &picker.listing {
        second = format!("STALE: {}", clean(e));
    }
    if !second.is_empty() {
        lines.push(Line::from(Span::styled(second, muted)));
    }
    lines
}

/// A file's size as people read it: `812 B`, `14 kB`, `3.2 MB`.
fn size(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} B"),
        1_000..1_000_000 => format!("{} kB", bytes.div_ceil(1_000)),
        1_000_000..1_000_000_000 => format!("{:.1} MB", bytes as f64 / 1e6),
        _ => format!("{:.1} GB", bytes as f64 / 1e9),
    }
}
