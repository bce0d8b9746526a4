//! The stations screen: this station, every trusted station with its clearance, the last
//! bundle received from it and when, the last sent, and how many changes it has not yet
//! acknowledged; under it, the export or import under way. Station names and what the
//! bundle layer says are untrusted text: cleaned before drawing.

use super::super::app::{App, BundleDirection, BundleStage, StationsScreen};
use super::super::text::{clean, wrap};
use super::super::widgets::{marking_span, out_of_sight, pane, title};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub fn draw(frame: &mut Frame, app: &App, s: &StationsScreen, area: Rect) {
    if let BundleStage::Picking(picker) = &s.stage {
        let heading = "Import bundles — choose the files (Space marks several, a all)";
        super::picker::draw(frame, app, picker, heading, area);
        return;
    }
    let panel = panel_lines(s, area.width.saturating_sub(2));
    let [table, bottom] = if panel.is_empty() {
        [area, Rect::default()]
    } else {
        let want = panel_height(&panel, area.width) + 2;
        Layout::vertical([
            Constraint::Min(5),
            Constraint::Length(want.min(area.height * 2 / 3)),
        ])
        .areas(area)
    };
    draw_table(frame, app, s, table);
    if !panel.is_empty() {
        // The outcome (already wrapped to the pane) scrolls when it is longer than the pane.
        let list = matches!(s.stage, BundleStage::List);
        let rows = bottom.height.saturating_sub(2);
        let offset = if list {
            s.outcome_scroll.fit(panel.len(), rows)
        } else {
            0
        };
        let name = match &s.stage {
            BundleStage::Review(_) => "What will cross the gap · write it? y/n".to_string(),
            BundleStage::Entry(e) if e.direction == BundleDirection::Export => "Export".into(),
            BundleStage::Entry(_) => "Import".into(),
            BundleStage::Working(_) => "Under way".into(),
            _ => {
                let below = panel.len().saturating_sub(usize::from(offset + rows));
                let mut name = "Last bundle".to_string();
                if offset > 0 {
                    name.push_str(&format!(
                        " · {}",
                        out_of_sight::above(usize::from(offset), "PgUp")
                    ));
                }
                if below > 0 {
                    name.push_str(&format!(" · {}", out_of_sight::below(below, "PgDn")));
                }
                name
            }
        };
        let block = pane(&app.theme, Line::from(title(&app.theme, name)), true);
        let inner = block.inner(bottom);
        frame.render_widget(block, bottom);
        if let BundleStage::Entry(entry) = &s.stage {
            draw_entry(frame, app, entry, inner);
        } else if let BundleStage::Working(work) = &s.stage {
            super::work::draw(frame, app, work, inner);
        } else if list {
            frame.render_widget(
                Paragraph::new(panel)
                    .scroll((offset, 0))
                    .style(app.theme.style("base")),
                inner,
            );
        } else {
            frame.render_widget(
                Paragraph::new(panel)
                    .wrap(Wrap { trim: false })
                    .style(app.theme.style("base")),
                inner,
            );
        }
    }
}

fn panel_height(lines: &[Line], width: u16) -> u16 {
    let w = usize::from(width.saturating_sub(2)).max(1);
    lines
        .iter()
        .map(|l| l.width().max(1).div_ceil(w) as u16)
        .sum()
}

fn draw_table(frame: &mut Frame, app: &App, s: &StationsScreen, area: Rect) {
    let theme = &app.theme;
    let block = pane(
        theme,
        Line::from(title(theme, "Stations and bundles")),
        matches!(s.stage, BundleStage::List),
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some((info, stale)) = super::loaded(
        frame,
        app,
        &app.stations,
        || "Reading the stations…".into(),
        inner,
    ) else {
        return;
    };
    let inner = super::stale_line(frame, app, stale, inner);
    let muted = theme.style("muted");
    let mut own = vec![Span::raw(format!("This station: {}", clean(&info.own)))];
    if let Some(c) = info.own_clearance {
        own.push(Span::raw(" · holds up to "));
        own.push(marking_span(theme, c, false));
    }
    let mut lines = vec![Line::from(own), Line::from("")];
    let trusted: Vec<_> = info.peers.iter().filter(|p| p.trusted).collect();
    if trusted.is_empty() {
        lines.push(Line::from(Span::styled(
            "No trusted station: an administrator trusts one with `registrar keys trust`.",
            muted,
        )));
    }
    for (i, p) in trusted.iter().enumerate() {
        let sel = s.selected.is(i);
        let style = if sel {
            theme.style("selection")
        } else {
            theme.style("field.label")
        };
        let mut first = vec![Span::styled(
            format!("{}{}", if sel { "▶ " } else { "  " }, clean(&p.station)),
            style,
        )];
        if let Some(c) = p.clearance {
            first.push(Span::raw("  cleared to "));
            first.push(marking_span(theme, c, false));
        }
        if let Some(sent) = &p.last_sent {
            first.push(Span::styled(
                format!("  · last sent #{}", sent.number),
                muted,
            ));
        }
        if !p.held.is_empty() {
            let held: Vec<String> = p.held.iter().map(|n| format!("#{n}")).collect();
            first.push(Span::raw(format!("  · held {}", held.join(", "))));
        }
        if !p.quarantined.is_empty() {
            let q: Vec<String> = p.quarantined.iter().map(|n| format!("#{n}")).collect();
            first.push(Span::styled(
                format!("  · QUARANTINED {} (forked history)", q.join(", ")),
                theme.style("queue.urgent"),
            ));
        }
        lines.push(Line::from(first));
        let received = match &p.last_received {
            Some(r) => format!("received #{} {}", r.number, r.at.format("%Y-%m-%d %H:%M")),
            None => "nothing received yet".into(),
        };
        let ack_style = if p.not_acknowledged > 0 {
            theme.style("queue.pending")
        } else {
            muted
        };
        lines.push(Line::from(vec![
            Span::raw(format!("    {received} · ")),
            Span::styled(
                format!(
                    "not yet acknowledged: {}",
                    super::super::text::counted(p.not_acknowledged, "change", "changes")
                ),
                ack_style,
            ),
        ]));
    }
    let others: Vec<_> = info.peers.iter().filter(|p| !p.trusted).collect();
    for p in others {
        let received = p.last_received.as_ref().map_or(String::new(), |r| {
            format!(
                " · received #{} {}",
                r.number,
                r.at.format("%Y-%m-%d %H:%M")
            )
        });
        lines.push(Line::from(Span::styled(
            format!(
                "  {} (not trusted: known from relayed bundles){received}",
                clean(&p.station)
            ),
            muted,
        )));
    }
    let height = usize::from(inner.height);
    let skip = (2 + s.selected.index() * 2 + 2).saturating_sub(height);
    let lines: Vec<Line> = lines.into_iter().skip(skip).collect();
    frame.render_widget(Paragraph::new(lines).style(theme.style("base")), inner);
}

/// What the bottom pane says; empty when there is nothing under way or done. The outcome is
/// wrapped to `width` here, so that it scrolls a row at a time.
fn panel_lines(s: &StationsScreen, width: u16) -> Vec<Line<'static>> {
    match &s.stage {
        BundleStage::List => s
            .outcome
            .iter()
            .flat_map(|l| wrap(&clean(l), usize::from(width)))
            .map(Line::from)
            .collect(),
        BundleStage::Working(_) => vec![Line::from(""); usize::from(super::work::HEIGHT)],
        // Three rows: the two fields and a blank.
        BundleStage::Entry(_) => vec![Line::from(""); 3],
        BundleStage::Picking(_) => Vec::new(),
        BundleStage::Review(r) => {
            let mut lines: Vec<Line> = r.summary.iter().map(|l| Line::from(clean(l))).collect();
            lines.push(Line::from(format!("  file: {}", clean(&r.file_name))));
            lines
        }
    }
}

fn draw_entry(frame: &mut Frame, app: &App, entry: &super::super::app::BundleEntry, area: Rect) {
    let first = match entry.direction {
        BundleDirection::Export => format!("For {} · directory:", clean(&entry.peer)),
        BundleDirection::Import if !entry.files.is_empty() => {
            format!("{} bundles, in turn:", entry.files.len())
        }
        BundleDirection::Import => "Bundle file (.age):".to_string(),
    };
    let names: Vec<String> = entry
        .files
        .iter()
        .map(|f| {
            f.file_name()
                .map_or(String::new(), |n| clean(&n.to_string_lossy()))
        })
        .collect();
    let rows = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .split(area);
    let fields = [
        (first, &entry.path),
        ("Station key passphrase:".to_string(), &entry.passphrase),
    ];
    for (i, (text, input)) in fields.into_iter().enumerate() {
        let Some(row) = rows.get(i) else { continue };
        let width = (text.chars().count() as u16 + 1).min(row.width / 2);
        let [l, v] =
            Layout::horizontal([Constraint::Length(width), Constraint::Min(1)]).areas(*row);
        let style = if entry.focus == i {
            app.theme.style("field.focus")
        } else {
            app.theme.style("field.label")
        };
        frame.render_widget(Paragraph::new(Span::styled(text, style)), l);
        if i == 0 && !names.is_empty() {
            frame.render_widget(
                Paragraph::new(Span::styled(names.join(", "), app.theme.style("base"))),
                v,
            );
            continue;
        }
        frame.render_widget(input.widget(), v);
    }
}
