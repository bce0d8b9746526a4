//! The dashboard: the three queues with counts, urgent on top when it has items, each item
//! with its countdown or how long overdue, what it waits on and who acts. Also the
//! full-screen view of one queue.

use super::super::app::{App, Dashboard, QueueScreen};
use super::super::text::{cell, clean};
use super::super::widgets::{list_id, marking_span, out_of_sight, pane, status_span, title};
use super::page_start;
use crate::domain::queue_entry::{Content, QueueEntry};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

const NAMES: [&str; 3] = ["URGENT", "PENDING", "OVERDUE"];

pub fn draw(frame: &mut Frame, app: &App, d: &Dashboard, area: Rect) {
    let area = match acknowledgement_line(app, usize::from(area.width)) {
        Some(line) => {
            let [top, rest] =
                Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
            frame.render_widget(Paragraph::new(line), top);
            rest
        }
        None => area,
    };
    let Some((items, stale)) = super::loaded(
        frame,
        app,
        &app.queues.state,
        || "Reading the queues…".into(),
        area,
    ) else {
        return;
    };
    let area = super::stale_line(frame, app, stale, area);
    let urgent_lines = items[0].len() * item_height(0);
    let constraints = if items[0].is_empty() {
        vec![
            Constraint::Length(1),
            Constraint::Fill(3),
            Constraint::Fill(2),
        ]
    } else {
        let want = (urgent_lines + 2) as u16;
        vec![
            Constraint::Length(want.min(area.height * 3 / 5).max(5)),
            Constraint::Fill(3),
            Constraint::Fill(2),
        ]
    };
    let areas = Layout::vertical(constraints).split(area);
    if items[0].is_empty() {
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(" URGENT (0) ", app.theme.style("queue.count")),
                Span::styled(
                    "no imminent threat or urgent share waiting · ! registers one",
                    app.theme.style("muted"),
                ),
            ])),
            areas[0],
        );
    } else {
        pane_view(frame, app, 0, d.selected[0].index(), d.focus == 0, areas[0]);
    }
    pane_view(frame, app, 1, d.selected[1].index(), d.focus == 1, areas[1]);
    pane_view(frame, app, 2, d.selected[2].index(), d.focus == 2, areas[2]);
}

/// `not yet acknowledged by MINUSCA-HQ: 12 changes`, for the trusted station with the most
/// changes it has not acknowledged, and how many others have some; none when all are.
fn acknowledgement_line(app: &App, width: usize) -> Option<Line<'static>> {
    let pending = app.stations.value()?.pending();
    let (station, n) = *pending.first()?;
    let more = match pending.len() - 1 {
        0 => String::new(),
        1 => " · 1 more station".to_string(),
        k => format!(" · {k} more stations"),
    };
    let changes = super::super::text::counted(n, "change", "changes");
    let tail = format!(": {changes}{more} · x stations");
    let room = width.saturating_sub("not yet acknowledged by ".len() + tail.chars().count());
    let station = super::super::text::fit(&clean(station), room.max(8));
    Some(Line::from(vec![
        Span::styled(
            format!("not yet acknowledged by {station}: {changes}"),
            app.theme.style("queue.pending"),
        ),
        Span::styled(format!("{more} · x stations"), app.theme.style("muted")),
    ]))
}

pub fn queue(frame: &mut Frame, app: &App, q: &QueueScreen, area: Rect) {
    let area = super::stale_line(frame, app, app.queues.state.stale(), area);
    if q.queue == super::super::app::MY_ITEMS {
        my_items(frame, app, q.selected.index(), area);
    } else {
        pane_view(frame, app, q.queue, q.selected.index(), true, area);
    }
}

/// What the person can act on now, from every queue, urgent first; each as its queue shows it.
fn my_items(frame: &mut Frame, app: &App, selected: usize, area: Rect) {
    let theme = &app.theme;
    let items = app.my_items();
    let heading = Line::from(vec![
        title(theme, "MY ITEMS — what you can act on now"),
        Span::styled(format!("({}) ", items.len()), theme.style("queue.count")),
    ]);
    let block = pane(theme, heading, true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if items.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(
                "nothing waits on you now",
                theme.style("muted"),
            )),
            inner,
        );
        return;
    }
    let rows = usize::from(inner.height);
    let per_page = (rows / 2).max(1);
    let start = page_start(selected, per_page);
    let mut lines: Vec<Line> = Vec::new();
    for (i, (_, _, item)) in items.iter().enumerate().skip(start).take(per_page) {
        let mut two = item_lines(app, item, i == selected, usize::from(inner.width), false);
        two.truncate(2);
        lines.extend(two);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Lines an item takes: its title line, what it waits on, and (urgent) the alerts still
/// missing or a blank line between items.
fn item_height(queue: usize) -> usize {
    if queue == 0 { 3 } else { 2 }
}

fn pane_view(
    frame: &mut Frame,
    app: &App,
    queue: usize,
    selected: usize,
    focused: bool,
    area: Rect,
) {
    let theme = &app.theme;
    let items = &app.queues.items()[queue];
    let count_style = if queue == 0 && !items.is_empty() {
        theme.style("queue.urgent")
    } else if queue == 2 && !items.is_empty() {
        theme.style("queue.overdue")
    } else {
        theme.style("queue.count")
    };
    let heading = Line::from(vec![
        title(theme, NAMES[queue]),
        Span::styled(format!("({}) ", items.len()), count_style),
    ]);
    let block = pane(theme, heading, focused);
    let inner = block.inner(area);
    if items.is_empty() {
        frame.render_widget(block, area);
        frame.render_widget(
            Paragraph::new(Span::styled("nothing waiting", theme.style("muted"))),
            inner,
        );
        return;
    }
    // Pages of items that fit; only the page holding the selection is drawn. What is out of
    // sight above and below the page is said on the lines left over, else in the border.
    let rows = usize::from(inner.height);
    let per_page = (rows / item_height(queue)).max(1);
    let start = page_start(selected, per_page);
    let above = start;
    let below = items.len().saturating_sub(start + per_page);
    let mut lines: Vec<Line> = Vec::new();
    for (i, item) in items.iter().enumerate().skip(start).take(per_page) {
        let sel = focused && i == selected;
        lines.extend(item_lines(
            app,
            item,
            sel,
            usize::from(inner.width),
            queue == 0,
        ));
    }
    let up = format!("  {}", out_of_sight::above(above, "↑ / PgUp"));
    let down = format!("  … {below} more (↓ / PgDn)");
    let spare = rows.saturating_sub(lines.len());
    let muted = |text: String| Line::from(Span::styled(text, theme.style("muted")));
    let block = match (above > 0, below > 0) {
        (false, false) => block,
        // Too small for a line of its own (the overdue box shows one item's first line):
        // the bottom border says it.
        (a, b) if spare == 0 => {
            let said = match (a, b) {
                (true, true) => format!(
                    " {} · {} ",
                    out_of_sight::above(above, ""),
                    out_of_sight::below(below, "")
                ),
                (true, false) => format!(" {} ", out_of_sight::above(above, "")),
                _ => format!(" {} ", out_of_sight::below(below, "PgDn")),
            };
            block.title_bottom(Span::styled(said, theme.style("muted")))
        }
        (true, true) if spare == 1 => {
            lines.push(muted(format!(
                "  {} · … {below} more (↓ / PgDn)",
                out_of_sight::above(above, "")
            )));
            block
        }
        (a, b) => {
            if a {
                lines.insert(0, muted(up));
            }
            if b {
                lines.push(muted(down));
            }
            block
        }
    };
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(lines), inner);
}

fn item_lines(
    app: &App,
    item: &QueueEntry,
    selected: bool,
    width: usize,
    urgent: bool,
) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let sel = theme.style("selection");
    let pick = |s: Style| if selected { sel } else { s };
    let status = status_span(theme, item, app.now);
    let status_text = cell(&status.content, 16);
    let marking = marking_span(theme, item.level, true);
    let id = format!("{} ", list_id(item.id.as_str(), &app.station, width >= 110));
    let used = 1
        + status_text.chars().count()
        + 1
        + id.chars().count()
        + marking.content.chars().count()
        + 1;
    let pointer = if selected { "▶" } else { " " };
    let acts = format!(" [acts: {}]", item.who_acts.key());
    let (title, second, third) = match &item.content {
        // What need to know withholds says so once; the marking is beside it.
        Content::Withheld => (
            "[content withheld: need to know]".to_string(),
            "   content withheld: need to know".to_string(),
            Span::styled(cell("", width), pick(Style::default())),
        ),
        Content::Shown {
            title,
            entity,
            waiting_on,
            missing_alerts,
        } => {
            let mut title = clean(title);
            if let Some(entity) = entity
                && !urgent
                && !title.contains(entity.as_str())
            {
                title = format!("{title} — {}", clean(entity));
            }
            let room = width.saturating_sub(acts.chars().count());
            let second = cell(&format!("   waits on: {}", clean(waiting_on)), room);
            let third = match entity {
                _ if !missing_alerts.is_empty() => Span::styled(
                    cell(
                        &format!("   !! alerts missing: {}", missing_alerts.join(", ")),
                        width,
                    ),
                    pick(theme.style("queue.urgent")),
                ),
                Some(entity) => Span::styled(
                    cell(&format!("   {}", clean(entity)), width),
                    pick(theme.style("field.value")),
                ),
                None => Span::styled(cell("", width), pick(Style::default())),
            };
            (title, second, third)
        }
    };
    let title_text = cell(&title, width.saturating_sub(used));
    let first = vec![
        Span::styled(format!("{pointer}{status_text}"), pick(status.style)),
        Span::styled(" ", pick(Style::default())),
        Span::styled(id, pick(theme.style("field.value"))),
        Span::styled(marking.content.to_string(), pick(marking.style)),
        Span::styled(" ", pick(Style::default())),
        Span::styled(title_text, pick(theme.style("field.label"))),
    ];
    let mut out = vec![Line::from(first)];
    out.push(Line::from(vec![
        Span::styled(second, pick(theme.style("muted"))),
        Span::styled(acts, pick(theme.style("key_hint.key"))),
    ]));
    if urgent {
        out.push(Line::from(third));
    }
    out
}
