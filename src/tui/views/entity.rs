//! The entity list, and one entity: details, excluded sub-components, current assessments
//! with review dates, pre-authorised entries, breaches, the history of shares and receipts,
//! and the credibility grades of what it sent (G 9.13).

use super::super::app::{App, EntityDetail, EntityScreen, ListScreen};
use super::super::text::{clean, date, fit, wrap};
use super::super::widgets::{list_id, marking_span, pane, short_marking, title};
use super::page_start;
use crate::domain::assessment_sharing::RiskConclusion;
use crate::domain::grades::Credibility;
use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Paragraph};

pub fn list(frame: &mut Frame, app: &App, list: &ListScreen, area: Rect) {
    let theme = &app.theme;
    let shown = app.listed_entities(&list.query);
    let count = if list.query.is_empty() {
        format!("({}) ", app.entities().len())
    } else {
        format!(
            "({} of {}) /{} ",
            shown.len(),
            app.entities().len(),
            clean(&list.query)
        )
    };
    let block = pane(
        theme,
        Line::from(vec![
            title(theme, "Entities"),
            Span::styled(count, theme.style("queue.count")),
        ]),
        true,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let inner = super::stale_line(frame, app, app.entities.stale(), inner);
    let rows = usize::from(inner.height);
    let start = page_start(list.selected.index(), rows);
    let width = usize::from(inner.width);
    // This station's ids shortened when narrow (`ENT-0008`); another station's, which came by
    // bundle, whole, as the browser shows them — cut to a common `ENT-MINU…` they would all
    // look the same. The column is as wide as the longest.
    let wide = width >= 110;
    let id_width = shown
        .iter()
        .map(|e| list_id(e.id.as_str(), &app.station, wide).chars().count())
        .max()
        .unwrap_or(0)
        .max(if wide { 24 } else { 9 });
    let lines: Vec<Line> = shown
        .iter()
        .enumerate()
        .skip(start)
        .take(rows)
        .map(|(i, e)| {
            let style = if list.selected.is(i) {
                theme.style("selection")
            } else {
                theme.style("field.label")
            };
            let text = format!(
                "{} {} {} — {}",
                if list.selected.is(i) { "▶" } else { " " },
                super::super::text::cell(&list_id(e.id.as_str(), &app.station, wide), id_width),
                clean(e.name()),
                e.kind()
            );
            Line::from(Span::styled(super::super::text::cell(&text, width), style))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

pub fn draw(frame: &mut Frame, app: &App, screen: &EntityScreen, area: Rect) {
    let theme = &app.theme;
    let Some((d, stale)) = super::loaded(
        frame,
        app,
        &screen.detail,
        || format!("Reading {}…", screen.id),
        area,
    ) else {
        return;
    };
    let heading = Line::from(vec![
        title(
            theme,
            format!("{} — {}", d.entity.id, clean(d.entity.name())),
        ),
        marking_span(theme, d.entity.details.marking.level, false),
        Span::raw(" "),
    ]);
    let block = pane(theme, heading, true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let inner = super::stale_line(frame, app, stale, inner);
    let chart_width = if inner.width >= 100 { 40 } else { 30 };
    let [left, right] =
        Layout::horizontal([Constraint::Min(40), Constraint::Length(chart_width)]).areas(inner);
    let links = screen.links();
    let selected = screen.selected.selected().and_then(|i| links.get(i));
    let (lines, selected_line) = detail_lines(app, d, selected, usize::from(left.width));
    let height = usize::from(left.height);
    let scroll = match selected_line {
        Some(l) if l >= height => l + 1 - height,
        _ => 0,
    };
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), left);
    // The chart over time needs room; a small terminal keeps the grades and their note.
    if right.height >= 32 {
        let [grades, months] =
            Layout::vertical([Constraint::Min(20), Constraint::Length(12)]).areas(right);
        chart(frame, app, d, grades);
        by_month(frame, app, d, months);
    } else {
        chart(frame, app, d, right);
    }
}

/// G 9.13, G C "Registers" d: products received and shared by month over the last twelve
/// months, and how many of those received were doubtful or improbable.
fn by_month(frame: &mut Frame, app: &App, d: &EntityDetail, area: Rect) {
    let theme = &app.theme;
    let block = pane(theme, Line::from(title(theme, "By month (G 9.13)")), false);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let fit = usize::from(inner.width / 3).max(1);
    let months = &d.months[d.months.len().saturating_sub(fit)..];
    let [bars_area, legend] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(2)]).areas(inner);
    let mut chart = BarChart::default()
        .bar_width(1)
        .bar_gap(0)
        .group_gap(1)
        .value_style(theme.style("muted"))
        .label_style(theme.style("field.label"));
    for (month, m) in months {
        let bars = [
            Bar::default()
                .value(m.received)
                .text_value(String::new())
                .style(theme.style("chart.bar")),
            Bar::default()
                .value(m.shared)
                .text_value(String::new())
                .style(theme.style("field.value")),
        ];
        chart = chart.data(
            BarGroup::default()
                .label(Line::from(month.get(5..7).unwrap_or(month).to_string()))
                .bars(&bars),
        );
    }
    frame.render_widget(chart, bars_area);
    let doubtful: u64 = months
        .iter()
        .map(|(_, m)| m.credibility[2] + m.credibility[3])
        .sum();
    let received: u64 = months.iter().map(|(_, m)| m.received).sum();
    let shared: u64 = months.iter().map(|(_, m)| m.shared).sum();
    let trouble: u64 = months.iter().map(|(_, m)| m.rejections + m.breaches).sum();
    let text = vec![
        Line::from(vec![
            Span::styled("▮ received ", theme.style("chart.bar")),
            Span::styled(format!("{received}  "), theme.style("muted")),
            Span::styled("▮ shared ", theme.style("field.value")),
            Span::styled(shared.to_string(), theme.style("muted")),
        ]),
        Line::from(Span::styled(
            format!("{doubtful} doubtful, {trouble} rejected or breach"),
            theme.style("muted"),
        )),
    ];
    frame.render_widget(Paragraph::new(text), legend);
}

fn section(app: &App, text: &str) -> Line<'static> {
    Line::from(Span::styled(text.to_string(), app.theme.style("title")))
}

fn link_line(
    app: &App,
    text: String,
    id: &crate::domain::ids::RecordId,
    selected: Option<&crate::domain::ids::RecordId>,
    width: usize,
    style: Style,
) -> (Line<'static>, bool) {
    let is = selected == Some(id);
    let style = if is {
        app.theme.style("selection")
    } else {
        style
    };
    let pointer = if is { "▶ " } else { "  " };
    (
        Line::from(Span::styled(
            super::super::text::cell(&format!("{pointer}{text}"), width),
            style,
        )),
        is,
    )
}

/// The entity's details as lines, and which line holds the selected link.
fn detail_lines(
    app: &App,
    d: &EntityDetail,
    selected: Option<&crate::domain::ids::RecordId>,
    width: usize,
) -> (Vec<Line<'static>>, Option<usize>) {
    let theme = &app.theme;
    let label = theme.style("field.label");
    let value = theme.style("field.value");
    let muted = theme.style("muted");
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut at = None;
    let mut push_link = |lines: &mut Vec<Line<'static>>, text: String, id, style| {
        let (line, is) = link_line(app, text, id, selected, width, style);
        if is {
            at = Some(lines.len());
        }
        lines.push(line);
    };
    let e = &d.entity;
    if !d.can_see {
        lines.push(Line::from(Span::styled(
            "Content withheld: your clearance or need to know does not cover this entity.",
            muted,
        )));
        return (lines, None);
    }
    let kv = |k: &str, v: String| {
        Line::from(vec![
            Span::styled(format!("{k}: "), label),
            Span::styled(v, value),
        ])
    };
    lines.push(kv("Kind", e.kind().to_string()));
    for (i, w) in wrap(&clean(&e.details.mandate), width.saturating_sub(9))
        .into_iter()
        .enumerate()
    {
        lines.push(if i == 0 {
            kv("Mandate", w)
        } else {
            Line::from(Span::styled(format!("         {w}"), value))
        });
    }
    lines.push(kv("Registered", date(e.registered_at)));
    for c in &e.details.contacts {
        lines.push(kv(
            "Contact",
            fit(
                &clean(&format!("{}, {} — {}", c.name, c.position, c.details)),
                width.saturating_sub(9),
            ),
        ));
    }
    if let Some(h) = &e.details.handling_standards {
        let state = match &h.confirmed {
            Some(c) => format!("confirmed by {} {}", clean(&c.by), date(c.at)),
            None => "NOT CONFIRMED (G 9.8)".to_string(),
        };
        lines.push(kv(
            "Handling standards",
            fit(
                &format!("{} — {state}", clean(&h.text)),
                width.saturating_sub(20),
            ),
        ));
    }
    lines.push(Line::from(""));
    lines.push(section(app, "Sub-components"));
    if e.details.sub_components.is_empty() {
        lines.push(Line::from(Span::styled("  none registered", muted)));
    }
    for s in &e.details.sub_components {
        let text = match &s.excluded_because {
            Some(why) => format!("  ✗ EXCLUDED {} — {}", clean(&s.name), clean(why)),
            None => format!("  {}", clean(&s.name)),
        };
        let style = if s.is_excluded() {
            theme.style("queue.overdue")
        } else {
            value
        };
        lines.push(Line::from(Span::styled(fit(&text, width), style)));
    }
    lines.push(Line::from(""));
    lines.push(section(app, "Assessments (G 8.1.2, G 9.5)"));
    let now = app.now;
    if !e.kind().is_non_un() {
        lines.push(Line::from(Span::styled(
            "  non-mission UN entity: no entity assessments (G 8.2)",
            muted,
        )));
    }
    // Two lines each, so the review date is never cut at 80 columns: the id and whether it
    // is current; under it when its review falls (or fell) due, and its conclusion.
    let state_of = |current: bool| if current { "current" } else { "NOT CURRENT" };
    if let Some(a) = &d.sharing {
        let current = a.is_current(now);
        let text = format!(
            "For sharing   {} {}",
            list_id(a.id.as_str(), &app.station, false),
            state_of(current)
        );
        let style = if current {
            value
        } else {
            theme.style("queue.overdue")
        };
        push_link(&mut lines, text, &a.id, style);
        let conclusion = a.human_rights.as_ref().map(|h| match h.conclusion {
            RiskConclusion::Acceptable => "risk acceptable",
            RiskConclusion::AcceptableWithMitigation => "acceptable with mitigation",
            RiskConclusion::NotAcceptable => "risk NOT acceptable",
        });
        lines.push(review_line(current, a.review_due, conclusion, width, style));
    } else if e.kind().is_non_un() {
        lines.push(Line::from(Span::styled("  For sharing   none", muted)));
    }
    if let Some(a) = &d.sharing_in_progress {
        let text = format!("  in progress {} awaits the human rights part", a.id);
        push_link(&mut lines, text, &a.id, value);
    }
    if let Some(a) = &d.receipt {
        let current = a.is_current(now);
        let text = format!(
            "For receipt   {} {}",
            list_id(a.id.as_str(), &app.station, false),
            state_of(current)
        );
        let style = if current {
            value
        } else {
            theme.style("queue.overdue")
        };
        push_link(&mut lines, text, &a.id, style);
        let reliability = a.overview.reliability.to_string();
        lines.push(review_line(
            current,
            a.review_due,
            Some(&reliability),
            width,
            style,
        ));
    } else if e.kind().is_non_un() {
        lines.push(Line::from(Span::styled("  For receipt   none", muted)));
    }
    if let Some(a) = &d.receipt_in_progress {
        let text = format!("  in progress {} awaits the human rights scan", a.id);
        push_link(&mut lines, text, &a.id, value);
    }
    lines.push(Line::from(""));
    lines.push(section(app, "Pre-authorised lists (G 8.1.8, G 9.10)"));
    if d.pre_authorisations.is_empty() {
        lines.push(Line::from(Span::styled("  none", muted)));
    }
    for (i, p) in d.pre_authorisations.iter().enumerate() {
        let ended = d.pre_authorisations_ended.get(i).and_then(|e| e.as_ref());
        let state = if p.revoked.is_some() {
            "revoked".to_string()
        } else if let Some((at, why)) = ended {
            format!("ENDED {}: {why}", date(*at))
        } else if p.is_valid(now) {
            format!("valid, review due {}", date(p.review_due))
        } else {
            format!("EXPIRED {}", date(p.review_due))
        };
        // The state and its date first: they are what 80 columns must not cut.
        let text = format!(
            "{} {state} · {} up to {}",
            list_id(p.id.as_str(), &app.station, false),
            p.terms.direction,
            short_marking(p.terms.max_classification)
        );
        push_link(&mut lines, text, &p.id, value);
    }
    lines.push(Line::from(""));
    lines.push(section(app, "Breaches (G 8.1.10)"));
    if d.breaches.is_empty() {
        lines.push(Line::from(Span::styled("  none", muted)));
    }
    for b in &d.breaches {
        let state = match &b.investigation {
            None => "OPEN — sharing halted".to_string(),
            Some(i) => format!("{:?} {}", i.outcome, date(i.at)),
        };
        let text = format!(
            "{} {state} · {} {}",
            list_id(b.id.as_str(), &app.station, false),
            if b.report.suspected {
                "suspected"
            } else {
                "confirmed"
            },
            date(b.reported_at)
        );
        let style = if b.is_open() {
            theme.style("queue.overdue")
        } else {
            value
        };
        push_link(&mut lines, text, &b.id, style);
    }
    lines.extend(super::entity_monitoring::lines(app, e, width));
    lines.push(Line::from(""));
    lines.push(section(
        app,
        &format!(
            "History: shares → and receipts ← ({}{})",
            d.history.len(),
            if d.history_cut { ", newest only" } else { "" }
        ),
    ));
    if d.history.is_empty() {
        lines.push(Line::from(Span::styled("  none", muted)));
    }
    for r in &d.history {
        let arrow = match r.kind {
            super::super::app::BrowseKind::Share => "→",
            super::super::app::BrowseKind::Receipt => "←",
        };
        let title = r
            .title
            .as_deref()
            .map(clean)
            .unwrap_or_else(|| "[content withheld: need to know]".into());
        let text = format!(
            "{} {arrow} {} {} {} — {title}",
            date(r.at),
            list_id(r.id.as_str(), &app.station, false),
            short_marking(r.level),
            r.state
        );
        push_link(&mut lines, text, &r.id, value);
    }
    (lines, at)
}

/// G 9.13: the credibility grades of the products this entity sent, as bars.
fn chart(frame: &mut Frame, app: &App, d: &EntityDetail, area: Rect) {
    let theme = &app.theme;
    let block = pane(
        theme,
        Line::from(title(theme, "Credibility (G 9.13)")),
        false,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [bars_area, note] =
        Layout::vertical([Constraint::Length(11), Constraint::Min(0)]).areas(inner);
    let bars: Vec<Bar> = Credibility::ALL
        .iter()
        .enumerate()
        .map(|(i, c)| {
            Bar::default()
                .value(d.credibility[i])
                .label(Line::from(format!("{} {}", c.digit(), c.meaning())))
                .text_value(d.credibility[i].to_string())
        })
        .collect();
    let chart = BarChart::default()
        .direction(Direction::Horizontal)
        .data(BarGroup::default().bars(&bars))
        .bar_width(1)
        .bar_gap(1)
        .bar_style(theme.style("chart.bar"))
        .value_style(theme.style("field.value"))
        .label_style(theme.style("field.label"));
    frame.render_widget(chart, bars_area);
    let scanned: u64 = d.credibility.iter().sum();
    let doubtful: u64 = d.credibility[2..4].iter().sum();
    let mut text = vec![Line::from(Span::styled(
        format!("{scanned} scanned receipts; {} not scanned", d.unscanned),
        theme.style("muted"),
    ))];
    if scanned > 0 && doubtful * 3 >= scanned {
        text.push(Line::from(Span::styled(
            format!("!! {doubtful} of {scanned} doubtful or improbable: a trend to watch"),
            theme.style("queue.overdue"),
        )));
    }
    if d.history_cut {
        text.push(Line::from(Span::styled(
            format!("(newest {} records)", d.history.len()),
            theme.style("muted"),
        )));
    }
    frame.render_widget(
        Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: true }),
        note,
    );
}

/// Under an assessment: `review due 2026-12-22 · risk acceptable`, or `review was due
/// 2026-10-01` once it passed; the date first, so it is the last thing cut.
fn review_line(
    current: bool,
    due: Option<crate::domain::ids::Time>,
    then: Option<&str>,
    width: usize,
    style: ratatui::style::Style,
) -> Line<'static> {
    let when = match due {
        Some(d) if current => format!("review due {}", date(d)),
        Some(d) => format!("review was due {}", date(d)),
        None => "no review date: not complete".to_string(),
    };
    let text = match then {
        Some(t) => format!("                {when} · {t}"),
        None => format!("                {when}"),
    };
    Line::from(Span::styled(fit(&text, width), style))
}
