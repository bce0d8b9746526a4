//! A text field on ratatui-textarea: one line (Enter never reaches it, pasted newlines become
//! spaces) or several (Enter is a new line). Pasted text is cleaned of control characters.
//! A prefilled default the person has not touched is shown selected: the first typed
//! character replaces it. Ctrl-U clears the field.

use super::super::text::pasted;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Modifier, Style};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

#[derive(Clone, Debug)]
pub struct TextInput {
    area: TextArea<'static>,
    multiline: bool,
    /// The text is a default the person has not touched yet.
    default: bool,
}

impl TextInput {
    pub fn new(text: &str) -> TextInput {
        Self::build(text, false)
    }

    pub fn multiline(text: &str) -> TextInput {
        Self::build(text, true)
    }

    /// A passphrase: shown as bullets.
    pub fn masked() -> TextInput {
        let mut input = Self::build("", false);
        input.area.set_mask_char('•');
        input
    }

    fn build(text: &str, multiline: bool) -> TextInput {
        let text = pasted(text, multiline);
        let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
        let mut area = TextArea::new(lines);
        area.set_cursor_line_style(Style::default());
        area.set_cursor_style(Style::default());
        if multiline {
            area.set_wrap_mode(WrapMode::WordOrGlyph);
        }
        area.set_selection_style(Style::default().add_modifier(Modifier::REVERSED));
        TextInput {
            area,
            multiline,
            default: false,
        }
    }

    /// The text is a default (`now`): with the keyboard it is selected, so what the person
    /// types replaces it instead of going on after it.
    pub fn as_default(mut self) -> TextInput {
        self.default = true;
        self
    }

    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    pub fn is_empty(&self) -> bool {
        self.area.is_empty()
    }

    /// Shows the cursor only where the keyboard is. With the keyboard, the cursor is at the
    /// end, to go on writing; without, the text is shown from its start.
    pub fn set_focus(&mut self, focused: bool) {
        let cursor = if focused {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        self.area.set_cursor_style(cursor);
        self.area.cancel_selection();
        if focused && self.default {
            self.area.select_all();
        } else if focused {
            self.area.move_cursor(CursorMove::Bottom);
            self.area.move_cursor(CursorMove::End);
        } else {
            self.area.move_cursor(CursorMove::Top);
            self.area.move_cursor(CursorMove::Head);
        }
    }

    /// A typed key. A one-line field never takes a new line.
    pub fn key(&mut self, event: &KeyEvent) -> bool {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let newline = matches!(event.code, KeyCode::Enter)
            || (ctrl && matches!(event.code, KeyCode::Char('m' | 'j')));
        if newline && !self.multiline {
            return false;
        }
        if matches!(event.code, KeyCode::Tab | KeyCode::BackTab | KeyCode::Esc) {
            return false;
        }
        self.default = false;
        if ctrl && event.code == KeyCode::Char('u') {
            // Clears the field (the text area's own Ctrl-U is undo).
            let had = !self.area.is_empty();
            self.area.select_all();
            self.area.cut();
            return had;
        }
        self.area.input(*event)
    }

    pub fn paste(&mut self, text: &str) -> bool {
        self.default = false;
        self.area.insert_str(pasted(text, self.multiline))
    }

    pub fn set_text(&mut self, text: &str) {
        *self = if self.multiline {
            Self::multiline(text)
        } else {
            let masked = self.area.mask_char().is_some();
            let mut input = Self::new(text);
            if masked {
                input.area.set_mask_char('•');
            }
            input
        };
    }

    pub fn widget(&self) -> &TextArea<'static> {
        &self.area
    }
}
