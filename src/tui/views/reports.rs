//! The reports screen: the report and its choices as a short form (← → change a choice, text
//! typed in the period and the directory), the work under way with its gauge and counts, and
//! where the last report went.

use super::super::app::{App, ReportField, ReportStage, ReportsScreen};
use super::super::text::{clean, wrap};
use super::super::widgets::{pane, title};
use crate::register::reports::ReportKind;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, app: &App, s: &ReportsScreen, area: Rect) {
    let theme = &app.theme;
    if let ReportStage::Picking(picker) = &s.stage {
        let heading = "Reports — choose the directory to write into";
        super::picker::draw(frame, app, picker, heading, area);
        return;
    }
    let block = pane(
        theme,
        Line::from(title(theme, "Reports — written into a directory")),
        true,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let fields = s.fields();
    let rows = fields.len() as u16;
    let [form, gap, bottom] = Layout::vertical([
        Constraint::Length(rows),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(inner);
    let _ = gap;
    let label_width = 12u16;
    for (i, field) in fields.iter().enumerate() {
        let row = Rect {
            y: form.y + i as u16,
            height: 1,
            ..form
        };
        let [l, v] =
            Layout::horizontal([Constraint::Length(label_width), Constraint::Min(1)]).areas(row);
        let focused = s.focus == *field && matches!(s.stage, ReportStage::Form);
        let style = if focused {
            theme.style("field.focus")
        } else {
            theme.style("field.label")
        };
        let label = match field {
            ReportField::Kind => "Report",
            ReportField::From => "From",
            ReportField::To => "To",
            ReportField::Entity => "Entity",
            ReportField::Format => "Format",
            ReportField::Dir => "Directory",
        };
        frame.render_widget(Paragraph::new(Span::styled(label, style)), l);
        let choice = |text: String| {
            let text = if focused {
                format!("◀ {text} ▶")
            } else {
                text
            };
            Paragraph::new(Span::styled(text, theme.style("base")))
        };
        match field {
            ReportField::Kind => frame.render_widget(choice(kind_words(s.chosen()).into()), v),
            ReportField::From => {
                text_field(frame, app, &s.from, "YYYY-MM-DD (empty: from the start)", v)
            }
            ReportField::To => {
                text_field(frame, app, &s.to, "YYYY-MM-DD, included (empty: now)", v)
            }
            ReportField::Entity => {
                let name = match s.entity {
                    0 if s.chosen() == ReportKind::Revision => "(choose one)".to_string(),
                    0 => "every entity".to_string(),
                    n => app
                        .entities()
                        .get(n - 1)
                        .map_or(String::new(), |e| clean(e.name())),
                };
                frame.render_widget(choice(name), v)
            }
            ReportField::Format => frame.render_widget(choice(format!(".{}", s.format())), v),
            ReportField::Dir => text_field(frame, app, &s.dir, "type it, or F3 to choose", v),
        }
    }
    match &s.stage {
        ReportStage::Working(work) => super::work::draw(frame, app, work, bottom),
        _ => {
            let width = usize::from(bottom.width);
            let mut lines: Vec<Line> = Vec::new();
            let about = "The file is named as the command line names it, with the highest marking inside (P 11.2.1); nothing above your clearance is in it.";
            for l in wrap(about, width) {
                lines.push(Line::from(Span::styled(l, theme.style("muted"))));
            }
            for o in &s.outcome {
                for l in wrap(&clean(o), width) {
                    lines.push(Line::from(Span::styled(l, theme.style("base"))));
                }
            }
            frame.render_widget(Paragraph::new(lines), bottom);
        }
    }
}

fn text_field(
    frame: &mut Frame,
    app: &App,
    input: &super::super::widgets::text_input::TextInput,
    hint: &str,
    area: Rect,
) {
    if input.is_empty() {
        let [v, h] = Layout::horizontal([Constraint::Length(2), Constraint::Min(1)]).areas(area);
        frame.render_widget(input.widget(), v);
        frame.render_widget(
            Paragraph::new(Span::styled(hint.to_string(), app.theme.style("muted"))),
            h,
        );
    } else {
        frame.render_widget(input.widget(), area);
    }
}

fn kind_words(kind: ReportKind) -> &'static str {
    match kind {
        ReportKind::Register => "register of shares and receipts (G C \"Registers\" a)",
        ReportKind::Revision => "periodic revision of an entity (G 9.13)",
        ReportKind::Compliance => "compliance figures (G H, P 9.7)",
        ReportKind::Oversight => "the registry for oversight (.xlsx)",
        ReportKind::Access => "access matrix: who may see what (P 11.3.3)",
    }
}
