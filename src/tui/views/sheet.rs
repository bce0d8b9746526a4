//! The sheet import: the picker, the work under way, then the dry run as the command line
//! says it (mapping, entities new and matched, every row that cannot be imported with its
//! row, column and reason) with what y does; afterwards, what was done. Text from the sheet
//! is untrusted: cleaned before drawing.

use super::super::app::{App, SheetScreen, SheetStage};
use super::super::text::{clean, wrap};
use super::super::widgets::scroll::Scroll;
use super::super::widgets::{pane, title};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, app: &App, s: &SheetScreen, area: Rect) {
    let theme = &app.theme;
    let (heading, lines, scroll) = match &s.stage {
        SheetStage::Picking(picker) => {
            let heading = "Import a sheet — choose the register (.xlsx .xls .ods .csv)";
            super::picker::draw(frame, app, picker, heading, area);
            return;
        }
        SheetStage::Working(work) => {
            let block = pane(theme, Line::from(title(theme, "Import a sheet")), true);
            let inner = block.inner(area);
            frame.render_widget(block, area);
            super::work::draw(frame, app, work, inner);
            return;
        }
        SheetStage::Review(r) => {
            let name = r
                .file
                .file_name()
                .map_or(String::new(), |n| n.to_string_lossy().into_owned());
            let heading = if r.ready {
                format!(
                    "Dry run of {} — nothing written · y imports, n leaves",
                    clean(&name)
                )
            } else {
                format!("Dry run of {} — nothing can be written", clean(&name))
            };
            (heading, &r.lines, &r.scroll)
        }
        SheetStage::Done(lines, scroll) => ("Import a sheet — done".to_string(), lines, scroll),
    };
    draw_lines(frame, app, &heading, lines, scroll, area);
}

fn draw_lines(
    frame: &mut Frame,
    app: &App,
    heading: &str,
    lines: &[String],
    scroll: &Scroll,
    area: Rect,
) {
    let theme = &app.theme;
    let block = pane(theme, Line::from(title(theme, heading)), true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let mut out: Vec<Line<'static>> = Vec::new();
    for line in lines {
        let style = if line.contains("cannot be imported")
            || line.starts_with("  row ")
            || line.starts_with("Nothing can be written")
            || line.starts_with("Nothing written")
        {
            theme.style("status.error")
        } else if line.starts_with("  near ") {
            theme.style("queue.pending")
        } else {
            theme.style("base")
        };
        if line.is_empty() {
            out.push(Line::from(""));
            continue;
        }
        // Continuation lines keep the indent of the line they wrap.
        let indent = line.chars().take_while(|c| *c == ' ').count();
        let text = clean(line.trim_start());
        for (i, part) in wrap(&text, width.saturating_sub(indent + 2).max(8))
            .into_iter()
            .enumerate()
        {
            let lead = " ".repeat(if i == 0 { indent } else { indent + 2 });
            out.push(Line::from(Span::styled(format!("{lead}{part}"), style)));
        }
    }
    let offset = scroll.fit(out.len(), inner.height);
    frame.render_widget(
        Paragraph::new(out)
            .scroll((offset, 0))
            .style(theme.style("base")),
        inner,
    );
}
