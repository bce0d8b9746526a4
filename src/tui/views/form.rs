//! A form: what it records and under which paragraph, what the registry knows around it,
//! its fields with errors beside them, and a guard's refusal with its paragraph and the
//! next step. The fields scroll so the one with the keyboard is always in view.

use super::super::app::{App, Blocked};
use super::super::forms::{Field, FieldKind, Form};
use super::super::text::{cell, clean, fit, wrap};
use super::super::widgets::out_of_sight;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

pub fn draw(frame: &mut Frame, app: &App, form: &Form, area: Rect) {
    let theme = &app.theme;
    let width = usize::from(area.width);
    let mut y = area.y;
    let bottom = area.y + area.height;
    let line = |frame: &mut Frame, y: &mut u16, l: Line| {
        if *y < bottom {
            frame.render_widget(Paragraph::new(l), Rect::new(area.x, *y, area.width, 1));
            *y += 1;
        }
    };
    // Title and paragraph.
    let mut head = vec![Span::styled(
        format!(" {} ", form.title),
        theme.style("title"),
    )];
    if !form.paragraph.is_empty() {
        head.push(Span::styled(
            format!("— {} ", form.paragraph),
            theme.style("muted"),
        ));
    }
    if form.busy {
        head.push(Span::styled("recording…", theme.style("status.ok")));
    }
    line(frame, &mut y, Line::from(head));
    // What the registry knows around it, kept to a quarter of the height.
    let note_room = (usize::from(area.height) / 4).max(2);
    let mut notes: Vec<String> = form
        .notes
        .iter()
        .flat_map(|n| wrap(&clean(n), width.saturating_sub(2)))
        .collect();
    if notes.len() > note_room {
        notes.truncate(note_room);
        if let Some(last) = notes.last_mut() {
            *last = fit(&format!("{last} …"), width.saturating_sub(2));
        }
    }
    for n in notes {
        line(
            frame,
            &mut y,
            Line::from(Span::styled(format!(" {n}"), theme.style("muted"))),
        );
    }
    // A refusal: the rule, what is missing, who acts next.
    if let Some(b) = &form.blocked {
        for l in blocked_lines(app, b, width) {
            line(frame, &mut y, l);
        }
    }
    if y >= bottom {
        return;
    }
    let fields_area = Rect::new(area.x, y, area.width, bottom - y);
    fields(frame, app, form, fields_area);
}

fn blocked_lines(app: &App, b: &Blocked, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let style = theme.style("refusal");
    let (head, text, next) = match b {
        Blocked::Refused(r) => (
            format!("REFUSED — {}", r.paragraph),
            r.reason.clone(),
            match (r.next, &r.blocking) {
                (Some(role), Some(id)) => Some(format!(
                    "Next step: the {role} acts. F2 opens {id}, what blocks it."
                )),
                (Some(role), None) => Some(format!("Next step: the {role} acts.")),
                (None, Some(id)) => Some(format!("F2 opens {id}, what blocks it.")),
                (None, None) => None,
            },
        ),
        Blocked::NotAllowed(n) => ("NOT ALLOWED".to_string(), n.clone(), None),
        Blocked::Failed(e) => (
            "NOT RECORDED".to_string(),
            format!("{e}. Nothing was written; try again."),
            None,
        ),
    };
    let mut out = vec![Line::from(Span::styled(
        cell(&format!(" ✗ {head}: "), width),
        style,
    ))];
    for row in wrap(&clean(&text), width.saturating_sub(4)) {
        out.push(Line::from(Span::styled(
            cell(&format!("   {row}"), width),
            style,
        )));
    }
    if let Some(n) = next {
        out.push(Line::from(Span::styled(
            cell(&format!("   {n}"), width),
            style,
        )));
    }
    out
}

/// The label column's width.
fn label_width(width: u16) -> usize {
    (usize::from(width) * 3 / 8).clamp(18, 36)
}

/// Rows a multi-line text field shows.
fn text_rows(area_height: u16) -> u16 {
    if area_height >= 30 { 5 } else { 3 }
}

fn label_lines(field: &Field, width: u16) -> Vec<String> {
    let lw = label_width(width);
    if field.label.chars().count() <= lw {
        vec![field.label.clone()]
    } else {
        wrap(&field.label, usize::from(width).saturating_sub(2))
    }
}

/// An error too long to stand beside the value (half the width) is written whole under the
/// field, wrapped: at 80 columns a refusal is never cut.
fn error_below(field: &Field, width: u16) -> Vec<String> {
    let Some(e) = &field.error else {
        return Vec::new();
    };
    let e = clean(e);
    if e.chars().count() + 3 <= usize::from(width) / 2 {
        return Vec::new();
    }
    wrap(&e, usize::from(width).saturating_sub(6))
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("   ✗ {l}")
            } else {
                format!("     {l}")
            }
        })
        .collect()
}

/// Rows a field takes on screen.
fn height(field: &Field, focused: bool, width: u16, area_height: u16) -> u16 {
    own_height(field, focused, width, area_height) + error_below(field, width).len() as u16
}

fn own_height(field: &Field, focused: bool, width: u16, area_height: u16) -> u16 {
    let hint = u16::from(focused && field.hint.is_some());
    match &field.kind {
        FieldKind::Heading => 1,
        FieldKind::Submit(_) => 2,
        FieldKind::Text(_) => 1 + text_rows(area_height) + hint,
        _ => {
            let labels = label_lines(field, width);
            let own_line = labels.len() > 1 || labels[0].chars().count() > label_width(width);
            labels.len() as u16 + u16::from(own_line) + hint
        }
    }
}

fn fields(frame: &mut Frame, app: &App, form: &Form, area: Rect) {
    let heights: Vec<u16> = form
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            if form.shown(i) {
                height(f, i == form.focus, area.width, area.height)
            } else {
                0
            }
        })
        .collect();
    // Everything fits under a blank line, or a window over the fields keeps the focused one
    // in view, with a line above and below saying there is more (the one above blank at the
    // top: it is the blank line, so no row is spent twice on nothing at 80×24).
    let total: u32 = heights.iter().map(|h| u32::from(*h)).sum();
    let fits = total < u32::from(area.height);
    let room = if fits {
        u32::from(area.height) - 1
    } else {
        u32::from(area.height.saturating_sub(2))
    };
    let mut start = 0;
    while start < form.focus
        && heights[start..=form.focus]
            .iter()
            .map(|h| u32::from(*h))
            .sum::<u32>()
            > room
    {
        start += 1;
    }
    let mut y = area.y;
    let bottom = area.y + area.height;
    let above = if !fits && start > 0 {
        format!("  {}", out_of_sight::above(start, ""))
    } else {
        String::new()
    };
    frame.render_widget(
        Paragraph::new(Span::styled(above, app.theme.style("muted"))),
        Rect::new(area.x, y, area.width, 1),
    );
    y += 1;
    let last_row = if fits { bottom } else { bottom - 1 };
    for (i, field) in form.fields.iter().enumerate().skip(start) {
        let h = heights[i];
        if h == 0 {
            continue;
        }
        if y + h > last_row {
            let left = form.fields.len() - i;
            frame.render_widget(
                Paragraph::new(Span::styled(
                    format!("  ↓ {left} more below (Tab)"),
                    app.theme.style("muted"),
                )),
                Rect::new(area.x, last_row, area.width, 1),
            );
            break;
        }
        draw_field(
            frame,
            app,
            field,
            i == form.focus,
            Rect::new(area.x, y, area.width, h),
        );
        y += h;
    }
}

fn draw_field(frame: &mut Frame, app: &App, field: &Field, focused: bool, area: Rect) {
    let theme = &app.theme;
    let width = usize::from(area.width);
    let lw = label_width(area.width);
    let label_style = if focused {
        theme.style("field.focus")
    } else {
        theme.style("field.label")
    };
    let pointer = if focused { "▶" } else { " " };
    let below = error_below(field, area.width);
    let below_rows = below.len() as u16;
    for (i, l) in below.iter().enumerate() {
        let y = area.y + area.height - below_rows + i as u16;
        frame.render_widget(
            Paragraph::new(Span::styled(cell(l, width), theme.style("field.error"))),
            Rect::new(area.x, y, area.width, 1),
        );
    }
    let area = Rect::new(area.x, area.y, area.width, area.height - below_rows);
    let error = field
        .error
        .as_ref()
        .filter(|_| below.is_empty())
        .map(|e| format!(" ✗ {}", clean(e)));
    let error_width = error
        .as_ref()
        .map_or(0, |e| e.chars().count().min(width / 2));
    let error_span = |e: &str| Span::styled(fit(e, error_width), theme.style("field.error"));
    let row = |y: u16| Rect::new(area.x, area.y + y, area.width, 1);
    match &field.kind {
        FieldKind::Heading => {
            frame.render_widget(
                Paragraph::new(Span::styled(
                    format!(" {}", field.label),
                    theme.style("title"),
                )),
                row(0),
            );
        }
        FieldKind::Submit(label) => {
            let style = if focused {
                theme.style("field.focus")
            } else {
                theme.style("key_hint.key")
            };
            let mut spans = vec![
                Span::styled(format!("{pointer} "), style),
                Span::styled(format!("[ {label} ]"), style),
            ];
            if focused {
                spans.push(Span::styled(
                    "  Enter records it",
                    theme.style("field.hint"),
                ));
            }
            frame.render_widget(Paragraph::new(Line::from(spans)), row(1));
        }
        FieldKind::Text(input) => {
            let mut spans = vec![Span::styled(
                cell(
                    &format!("{pointer} {}", field.label),
                    width.saturating_sub(error_width),
                ),
                label_style,
            )];
            if let Some(e) = &error {
                spans.push(error_span(e));
            }
            frame.render_widget(Paragraph::new(Line::from(spans)), row(0));
            let hint_rows = u16::from(focused && field.hint.is_some());
            let rows = area.height.saturating_sub(1 + hint_rows);
            let boxed = Rect::new(area.x + 2, area.y + 1, area.width.saturating_sub(2), rows);
            let block = Block::default()
                .borders(Borders::LEFT)
                .border_style(if focused {
                    theme.style("focus.border")
                } else {
                    theme.style("border")
                });
            let inner = block.inner(boxed);
            frame.render_widget(block, boxed);
            frame.render_widget(input.widget(), inner);
            if focused && let Some(h) = &field.hint {
                hint(frame, app, h, row(1 + rows));
            }
        }
        _ => {
            let labels = label_lines(field, area.width);
            let own_line = labels.len() > 1 || labels[0].chars().count() > lw;
            let mut y = 0;
            if own_line {
                for (i, l) in labels.iter().enumerate() {
                    let lead = if i == 0 { pointer } else { " " };
                    frame.render_widget(
                        Paragraph::new(Span::styled(format!("{lead} {l}"), label_style)),
                        row(y),
                    );
                    y += 1;
                }
            }
            let value_x = if own_line { 4 } else { lw + 3 };
            if !own_line {
                frame.render_widget(
                    Paragraph::new(Span::styled(
                        cell(&format!("{pointer} {}", labels[0]), lw + 3),
                        label_style,
                    )),
                    row(y),
                );
            }
            let value_width = width.saturating_sub(value_x + error_width);
            let value_area = Rect::new(area.x + value_x as u16, area.y + y, value_width as u16, 1);
            value(frame, app, field, focused, value_area);
            if let Some(e) = &error {
                frame.render_widget(
                    Paragraph::new(error_span(e)),
                    Rect::new(
                        area.x + (value_x + value_width) as u16,
                        area.y + y,
                        error_width as u16,
                        1,
                    ),
                );
            }
            if focused && let Some(h) = &field.hint {
                let found = match &field.kind {
                    FieldKind::Choice(c) => c.find_words(),
                    _ => None,
                };
                hint(frame, app, found.as_deref().unwrap_or(h), row(y + 1));
            }
        }
    }
}

fn hint(frame: &mut Frame, app: &App, text: &str, area: Rect) {
    frame.render_widget(
        Paragraph::new(Span::styled(
            fit(&format!("    {}", clean(text)), usize::from(area.width)),
            app.theme.style("field.hint"),
        )),
        area,
    );
}

fn value(frame: &mut Frame, app: &App, field: &Field, focused: bool, area: Rect) {
    let theme = &app.theme;
    let style = theme.style("field.value");
    let width = usize::from(area.width);
    match &field.kind {
        FieldKind::Line(input) => {
            // An underline marks where to write, in every theme.
            frame.render_widget(
                Block::default().style(style.add_modifier(Modifier::UNDERLINED)),
                area,
            );
            frame.render_widget(input.widget(), area);
        }
        FieldKind::Choice(c) => {
            let mut text = format!("◀ {} ▶", clean(c.label()));
            if c.options.len() > 1 {
                text.push_str(&format!("  {}/{}", c.selected.index() + 1, c.options.len()));
            }
            // With a hint row the typed letters show there, where 80 columns never cut them.
            if focused && field.hint.is_none() && !c.find.is_empty() {
                text.push_str(&format!("  find: {}", clean(&c.find)));
            }
            let s = if focused {
                theme.style("field.focus")
            } else {
                style
            };
            frame.render_widget(Paragraph::new(Span::styled(fit(&text, width), s)), area);
        }
        FieldKind::Toggle(v) => {
            let text = if *v { "[x] yes" } else { "[ ] no" };
            let s = if focused {
                theme.style("field.focus")
            } else {
                style
            };
            frame.render_widget(Paragraph::new(Span::styled(text, s)), area);
        }
        _ => {}
    }
}
