//! Dialogs over the screen — help (generated from the keymap), a question, a menu of
//! actions, the search line — and the theme list.

use super::super::app::{App, ListScreen, Modal};
use super::super::keymap::{self, Context};
use super::super::text::{cell, clean, wrap};
use super::super::theme::BUILT_IN;
use super::super::widgets::scroll::Scroll;
use super::super::widgets::{pane, title};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

pub fn draw(frame: &mut Frame, app: &App, body: Rect) {
    match &app.modal {
        None => {}
        Some(Modal::Help { scroll }) => help(frame, app, scroll, body),
        Some(Modal::Confirm(c)) => {
            let area = centred(body, 60, 6);
            frame.render_widget(Clear, area);
            let block = dialog(app, "Are you sure?");
            let inner = block.inner(area);
            frame.render_widget(block, area);
            frame.render_widget(
                Paragraph::new(vec![
                    Line::from(clean(&c.question)),
                    Line::from(""),
                    super::super::widgets::hints(&app.theme, &keymap::footer(Context::Confirm)),
                ])
                .wrap(Wrap { trim: true })
                .style(app.theme.style("base")),
                inner,
            );
        }
        Some(Modal::Menu(menu)) => {
            let width = body.width.saturating_sub(4).min(100);
            let height = (menu.items.len() as u16 + 2).min(body.height);
            let area = centred(body, width, height);
            frame.render_widget(Clear, area);
            let block = dialog(app, &menu.title);
            let inner = block.inner(area);
            frame.render_widget(block, area);
            let w = usize::from(inner.width);
            let lines: Vec<Line> = menu
                .items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let sel = menu.selected.is(i);
                    let allowed = item.form.allowed(app.session.as_ref()).is_ok();
                    let style = if sel {
                        app.theme.style("selection")
                    } else if allowed {
                        app.theme.style("field.label")
                    } else {
                        app.theme.style("muted")
                    };
                    let pointer = if sel { "▶ " } else { "  " };
                    Line::from(Span::styled(
                        cell(&format!("{pointer}{}", item.label), w),
                        style,
                    ))
                })
                .collect();
            frame.render_widget(Paragraph::new(lines).style(app.theme.style("base")), inner);
        }
        Some(Modal::Search(input)) => {
            let area = Rect::new(
                body.x,
                body.y + body.height.saturating_sub(3),
                body.width,
                3.min(body.height),
            );
            frame.render_widget(Clear, area);
            let what = match app.screen() {
                super::super::app::Screen::Entities(_) => {
                    "Search entity name, id (Enter keeps, Esc undoes)"
                }
                _ => "Search title, reference, summary, entity, id (Enter keeps, Esc undoes)",
            };
            let block = dialog(app, what);
            let inner = block.inner(area);
            frame.render_widget(block, area);
            let [slash, text] =
                Layout::horizontal([Constraint::Length(2), Constraint::Min(1)]).areas(inner);
            frame.render_widget(Paragraph::new("/ "), slash);
            frame.render_widget(input.widget(), text);
        }
    }
}

fn dialog<'a>(app: &App, text: &str) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.style("modal.border"))
        .title(title(&app.theme, text.to_string()))
        .style(app.theme.style("base"))
}

pub fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

/// Every key of the screen under the overlay, from the live keymap.
fn help(frame: &mut Frame, app: &App, scroll: &Scroll, body: Rect) {
    let theme = &app.theme;
    let context = app.screen_context();
    let area = centred(body, body.width.saturating_sub(4).min(90), body.height);
    frame.render_widget(Clear, area);
    let block = dialog(
        app,
        &format!("Keys — {} (↑↓ scroll)", context_name(context)),
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width);
    let mut lines = Vec::new();
    for b in keymap::bindings(context) {
        let keys = keymap::keys_label(b);
        // What the person's role may not do is greyed, with who may.
        let (text, key_style, text_style) = match super::super::guidance::refused(app, b.action) {
            Some(why) => (
                format!("{} — {why}", b.action.describe()),
                theme.style("muted"),
                theme.style("muted"),
            ),
            None => (
                b.action.describe().to_string(),
                theme.style("key_hint.key"),
                theme.style("key_hint.text"),
            ),
        };
        // Wrapped under its key, never cut at 80 columns.
        for (i, row) in wrap(&text, w.saturating_sub(22)).into_iter().enumerate() {
            let key = if i == 0 { keys.as_str() } else { "" };
            lines.push(Line::from(vec![
                Span::styled(cell(key, 22), key_style),
                Span::styled(row, text_style),
            ]));
        }
    }
    let extra: &[&str] = match context {
        Context::FormLine | Context::FormText => &[
            "type to write; a pasted newline is text, it never submits",
            "Ctrl-U: clear the field (a prefilled 'now' is replaced by the first key typed)",
            "a time: now, -20m, -2h, -1d, HH:MM (last 24 h) or YYYY-MM-DD HH:MM (UTC), shown resolved",
            "a receipt that came in earlier: state when; registered late: say why and who took it",
        ],
        Context::FormChoice => &["letters: type to find an option; Backspace: undo a letter"],
        Context::Login => &["type your user name, Enter, then your passphrase, Enter"],
        Context::Record => &[
            "a, Correct the record: title, reference, summary, entity,",
            "   marking or nature, with a reason; entity, marking or nature",
            "   re-open the steps that rested on them",
            "a, Void the record: registered in error, with a reason; it",
            "   leaves the queues and counts and opens marked VOIDED",
            "a, Determine or revise: imminent threat? yes starts the G 9.2",
            "   clock from when it was determined; back to no needs a reason",
            "received earlier: r, state when, and why it is registered late",
        ],
        Context::Entity | Context::Entities => &[
            "a, Register a share made informally: after the fact (G 8.1.9),",
            "   the gates it skipped named on it",
            "a, Edit the entity's details (kept in its history)",
            "a, Merge into another entity (the same one registered twice)",
        ],
        Context::Dashboard => &[
            "after the fact: e, the entity, a, Register a share made informally",
            "correct, void, revise a determination: open the record, then a",
        ],
        _ => &[],
    };
    for e in extra {
        for row in wrap(e, w.saturating_sub(22)) {
            lines.push(Line::from(Span::styled(
                format!("{:<22}{row}", ""),
                theme.style("muted"),
            )));
        }
    }
    lines.push(Line::from(""));
    for row in wrap(
        "Urgency is shown in words: !! 01:12 left · !! 00:07 OVERDUE · OVERDUE 12d",
        w,
    ) {
        lines.push(Line::from(Span::styled(row, theme.style("muted"))));
    }
    lines.push(Line::from(vec![
        Span::styled(cell("Esc / ? / q / F1", 22), theme.style("key_hint.key")),
        Span::styled("close this help", theme.style("key_hint.text")),
    ]));
    let offset = scroll.fit(lines.len(), inner.height);
    frame.render_widget(
        Paragraph::new(lines)
            .scroll((offset, 0))
            .style(theme.style("base")),
        inner,
    );
}

fn context_name(c: Context) -> &'static str {
    match c {
        Context::Login => "login",
        Context::Dashboard => "dashboard",
        Context::Queue => "queue",
        Context::Browser => "registry browser",
        Context::Entities => "entities",
        Context::Entity => "entity",
        Context::Record => "record",
        Context::Themes => "themes",
        Context::Stations => "stations",
        Context::Working => "work under way",
        Context::Compliance => "compliance figures",
        Context::Picker => "choose files",
        Context::PickerPath => "choose files: a path typed",
        Context::SheetReview => "sheet import: the dry run",
        Context::ReportForm => "reports",
        Context::ReportText => "reports: a text field",
        Context::FormLine => "form: text field",
        Context::FormText => "form: text (several lines)",
        Context::FormChoice => "form: choice",
        Context::FormToggle => "form: yes/no",
        Context::FormSubmit => "form: submit",
        Context::Help => "help",
        Context::Confirm => "question",
        Context::Menu => "actions",
        Context::Search => "search",
    }
}

pub fn themes(frame: &mut Frame, app: &App, list: &ListScreen, area: Rect) {
    let theme = &app.theme;
    let block = pane(
        theme,
        Line::from(title(
            theme,
            format!("Colour theme — now: {}", app.theme.name),
        )),
        true,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width);
    let about = |name: &str| match name {
        "default" => "dark background, the default",
        "light" => "light background, bright offices",
        "high-contrast" => "black and white, bold accents",
        "low-light-red" => "dim reds on black, for night operations rooms",
        "monochrome" => "no colour (NO_COLOR); bold, reverse and underline only",
        _ => "",
    };
    let mut lines: Vec<Line> = BUILT_IN
        .iter()
        .enumerate()
        .map(|(i, (name, _, _))| {
            let sel = list.selected.is(i);
            let style = if sel {
                theme.style("selection")
            } else {
                theme.style("field.label")
            };
            let pointer = if sel { "▶ " } else { "  " };
            Line::from(Span::styled(
                cell(&format!("{pointer}{name:<16}{}", about(name)), w),
                style,
            ))
        })
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "Enter applies it now and keeps it for next time; --theme NAME or a .toml path overrides.",
        theme.style("muted"),
    )));
    frame.render_widget(Paragraph::new(lines), inner);
}
