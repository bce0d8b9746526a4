//! Forms: one per action of the workflow. A form is a list of fields; submitting it builds
//! `domain::change::Change`s (or, for the browser's filters and the administrator's screens,
//! what they need), with validation errors set beside the fields. The guards run when the
//! store records the change; their refusal comes back to the form with its paragraph.

mod actions;
mod admin;
mod assessments;
mod browse_filter;
mod catalog;
mod correction;
mod decisions;
mod delegation;
mod dissemination;
mod entity;
mod entity_edit;
mod fast_path;
pub use fast_path::tick as fast_path_tick;
mod field;
mod follow_up;
pub mod inline_entity;
mod keys;
mod monitoring;
mod originator_control;
mod pre_authorisation;
mod receipt;
mod record_choice;
pub use receipt::alerts_ticked;
mod risk;
mod scan;
mod share;
mod share_after;
mod values;

pub use actions::{actions_for_entity, actions_for_record};
pub use catalog::{FormContext, FormKind, open, submit};
pub use field::{Choice, ChoiceValue, Field, FieldKind, FieldRef, Holds, Key, Text, Toggle};

use super::app::{Blocked, BrowseFilter};
use super::keymap::Context;
use crate::domain::change::Change;
use crate::domain::ids::{RecordId, Time};
use crate::domain::marking::Classification;
use crate::domain::role::Role;
pub use crate::domain::stated_time::{TIME_FORMS, parse_stated_time, parse_time, time_text};

/// What a change applies to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepTarget {
    /// The change creates a record.
    New,
    Existing(RecordId),
    /// The record created by an earlier step of the same submission (its index).
    Created(usize),
}

#[derive(Clone, Debug)]
pub struct Step {
    pub target: StepTarget,
    pub change: Change,
}

/// What a submitted form asks for.
#[derive(Clone, Debug)]
pub enum Submit {
    Changes(Vec<Step>),
    Filter(BrowseFilter),
    AddUser {
        name: String,
        roles: Vec<Role>,
        clearance: Classification,
        passphrase: String,
    },
    Passphrase(String),
    /// Open a record's view (a user found by name).
    OpenRecord(RecordId),
    /// Validation failed; errors are beside the fields.
    Invalid,
}

pub struct Form {
    pub kind: FormKind,
    pub target: Option<RecordId>,
    pub title: String,
    /// The paragraph(s) of the Guidelines the form records, e.g. "G 9.6, Annex E".
    pub paragraph: &'static str,
    /// Context shown above the fields: what the form is about, what the registry knows.
    pub notes: Vec<String>,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// The last refusal, not-allowed or failure of a submission.
    pub blocked: Option<Blocked>,
    pub busy: bool,
    /// Text the person typed since the form opened.
    pub touched: bool,
    /// What the form was opened with, for building its changes.
    pub context: FormContext,
    /// A new entity's name found close to a registered one: F4 takes the registered one.
    pub near_match: Option<NearMatch>,
}

/// A registered entity close to the name typed for a new one (G C "Registers": one entity,
/// one record), and the choice field that takes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NearMatch {
    pub choice: &'static str,
    pub entity: RecordId,
}

impl Form {
    pub fn new(
        kind: FormKind,
        target: Option<RecordId>,
        title: impl Into<String>,
        paragraph: &'static str,
        context: FormContext,
    ) -> Form {
        Form {
            kind,
            target,
            title: title.into(),
            paragraph,
            notes: Vec::new(),
            fields: Vec::new(),
            focus: 0,
            blocked: None,
            busy: false,
            touched: false,
            context,
            near_match: None,
        }
    }

    pub fn note(mut self, text: impl Into<String>) -> Self {
        self.notes.push(text.into());
        self
    }

    pub fn field(mut self, field: Field) -> Self {
        self.fields.push(field);
        self
    }

    /// Adds the submit button and puts the keyboard on the first field.
    pub fn submit_button(mut self, label: &str) -> Self {
        self.fields.push(Field::submit(label));
        self.focus = self
            .fields
            .iter()
            .position(Field::focusable)
            .unwrap_or_default();
        self.refresh_focus();
        self
    }

    pub fn context(&self) -> Context {
        match self.fields.get(self.focus).map(|f| &f.kind) {
            Some(FieldKind::Line(_)) => Context::FormLine,
            Some(FieldKind::Text(_)) => Context::FormText,
            Some(FieldKind::Choice(_)) => Context::FormChoice,
            Some(FieldKind::Toggle(_)) => Context::FormToggle,
            Some(FieldKind::Submit(_)) | Some(FieldKind::Heading) | None => Context::FormSubmit,
        }
    }

    pub fn is_dirty(&self) -> bool {
        self.touched
    }

    pub fn focused(&mut self) -> Option<&mut Field> {
        self.fields.get_mut(self.focus)
    }

    /// Whether field `i` is shown (a field shown only for one choice is hidden otherwise).
    pub fn shown(&self, i: usize) -> bool {
        match self.fields.get(i).and_then(|f| f.shown_if) {
            Some((key, value)) => self.choice(key) == value,
            None => true,
        }
    }

    fn reachable(&self, i: usize) -> bool {
        self.fields[i].focusable() && self.shown(i)
    }

    pub fn next_field(&mut self) {
        if let Some(i) = (self.focus + 1..self.fields.len()).find(|&i| self.reachable(i)) {
            self.focus = i;
        }
        self.refresh_focus();
    }

    pub fn prev_field(&mut self) {
        if let Some(i) = (0..self.focus).rev().find(|&i| self.reachable(i)) {
            self.focus = i;
        }
        self.refresh_focus();
    }

    fn refresh_focus(&mut self) {
        let focus = self.focus;
        for (i, f) in self.fields.iter_mut().enumerate() {
            if let FieldKind::Line(t) | FieldKind::Text(t) = &mut f.kind {
                t.set_focus(i == focus);
            }
        }
    }

    pub fn clear_errors(&mut self) {
        for f in &mut self.fields {
            f.error = None;
        }
    }

    pub fn get<'k>(&self, key: impl FieldRef<'k>) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key.field_name())
    }

    pub fn get_mut<'k>(&mut self, key: impl FieldRef<'k>) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.key == key.field_name())
    }

    /// The trimmed text of a text field ("" if absent).
    pub fn text<'k>(&self, key: impl Holds<'k, Text>) -> String {
        self.text_of(key.field_name())
    }

    fn text_of(&self, name: &str) -> String {
        match self.get(name).map(|f| &f.kind) {
            Some(FieldKind::Line(t) | FieldKind::Text(t)) => t.text().trim().to_string(),
            _ => String::new(),
        }
    }

    /// The value of the selected option of a choice ("" if absent), for choices not yet
    /// typed; a typed choice is read with `chosen`.
    pub fn choice<'k>(&self, key: impl FieldRef<'k>) -> String {
        match self.get(key).map(|f| &f.kind) {
            Some(FieldKind::Choice(c)) => c.value().to_string(),
            _ => String::new(),
        }
    }

    /// The value chosen in a typed choice as it stands, nothing refused (`None` for a value
    /// its type does not know): for what a form shows or adds while it is filled in.
    pub fn peek<T: ChoiceValue>(&self, key: Key<T>) -> Option<T> {
        match self.get(key).map(|f| &f.kind) {
            Some(FieldKind::Choice(c)) => T::from_choice_key(c.value()),
            _ => None,
        }
    }

    /// The value chosen in a typed choice. A value its type does not know (no option
    /// selected, a field missing) is refused beside the field and read as `None`: never a
    /// default that would go into the log.
    pub fn chosen<T: ChoiceValue>(&mut self, key: Key<T>) -> Option<T> {
        let value = match self.get(key).map(|f| &f.kind) {
            Some(FieldKind::Choice(c)) => T::from_choice_key(c.value()),
            _ => None,
        };
        if value.is_none() {
            self.refuse(key, format!("choose {}", T::WHAT));
        }
        value
    }

    /// A whole number of the key's type; anything else is refused beside the field.
    pub fn number<T: field::Whole>(&mut self, key: Key<T>) -> Option<T> {
        let value = self.text_of(key.field_name()).parse::<T>().ok();
        if value.is_none() {
            self.fail(key, "a whole number");
        }
        value
    }

    pub fn toggle<'k>(&self, key: impl Holds<'k, Toggle>) -> bool {
        matches!(
            self.get(key).map(|f| &f.kind),
            Some(FieldKind::Toggle(true))
        )
    }

    /// Sets an error beside a field.
    pub fn fail<'k>(&mut self, key: impl FieldRef<'k>, message: impl Into<String>) {
        if let Some(f) = self.get_mut(key) {
            f.error = Some(message.into());
        }
    }

    /// Sets a rule's refusal beside a field: it names its paragraph — its own, or else the
    /// form's (what is missing is what the form's paragraph asks for).
    pub fn refuse<'k>(&mut self, key: impl FieldRef<'k>, message: impl Into<String>) {
        let message = self.cited(message.into());
        self.fail(key, message);
    }

    /// `message`, with the form's paragraph after it unless it names one already.
    pub fn cited(&self, message: String) -> String {
        if names_paragraph(&message) || self.paragraph.is_empty() {
            message
        } else {
            format!("{message} ({})", self.paragraph)
        }
    }

    pub fn has_errors(&self) -> bool {
        self.fields.iter().any(|f| f.error.is_some())
    }

    /// A text that must not be empty.
    pub fn required<'k>(&mut self, key: impl Holds<'k, Text>, what: &str) -> String {
        let value = self.text(key);
        if value.is_empty() {
            self.refuse(key, format!("{what} is required"));
        }
        value
    }

    /// An optional text: `None` when empty.
    pub fn optional<'k>(&self, key: impl Holds<'k, Text>) -> Option<String> {
        Some(self.text(key)).filter(|s| !s.is_empty())
    }

    /// A comma- or line-separated list.
    pub fn list<'k>(&self, key: impl Holds<'k, Text>) -> Vec<String> {
        self.text(key)
            .split(['\n', ','])
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    }

    /// A time the person states: `now`, `-20m`, `-2h`, `-1d`, `HH:MM` (last 24 h), or
    /// `YYYY-MM-DD HH:MM` (UTC; the time may be left out). Not in the future.
    pub fn time<'k>(&mut self, key: impl Holds<'k, Time>) -> Option<Time> {
        self.stated_time(key.field_name())
    }

    /// A stated time is checked as the keyboard leaves it, so a time that is not one is
    /// refused beside the field at once, not only at submit.
    pub fn check_focused_time(&mut self) {
        let unchecked = self
            .fields
            .get(self.focus)
            .filter(|f| f.stated_time && f.error.is_none())
            .map(|f| f.key);
        if let Some(key) = unchecked {
            self.stated_time(key);
        }
    }

    fn stated_time(&mut self, key: &str) -> Option<Time> {
        let text = self.text_of(key);
        let now = self.context.now;
        match parse_stated_time(&text, now) {
            Some(t) if t > now + chrono::Duration::minutes(5) => {
                self.fail(
                    key,
                    format!("G C Registers: {} is in the future", time_text(t)),
                );
                None
            }
            Some(t) => Some(t),
            None => {
                self.fail(key, TIME_FORMS);
                None
            }
        }
    }

    /// The clock moved (a tick, or the form is submitted): a time stated relative to now
    /// (`now`, `-5m`, an alert ticked "as of now") is taken at this time, not when the form
    /// opened, and each stated time's hint says what it resolves to now.
    pub fn clock_moved(&mut self, now: Time) {
        self.context.now = now;
        for field in self.fields.iter_mut().filter(|f| f.stated_time) {
            if let FieldKind::Line(t) = &field.kind
                && field.hint.as_deref().is_some_and(|h| h.starts_with("= "))
            {
                field.hint = Some(resolved_hint(&t.text(), now));
            }
        }
    }

    /// The times the person stated, as they resolve now (label, time): said back when the
    /// form is recorded.
    pub fn stated_times(&self) -> Vec<(String, Time)> {
        (0..self.fields.len())
            .filter(|i| self.fields[*i].stated_time && self.shown(*i))
            .filter_map(|i| {
                let f = &self.fields[i];
                let t = parse_stated_time(&self.text_of(f.key), self.context.now)?;
                Some((f.label.trim_end_matches(" (UTC)").to_string(), t))
            })
            .collect()
    }

    /// The first field with an error gets the keyboard, so the person sees it.
    pub fn focus_first_error(&mut self) {
        if let Some(i) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = i;
        }
        self.refresh_focus();
    }
}

/// Whether a text names a paragraph of the Guidelines or the Policy (`G 9.3`, `G C`, `P 11.4`,
/// `Annex B`).
pub fn names_paragraph(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    text.contains("Annex")
        || chars.windows(3).enumerate().any(|(i, w)| {
            matches!(w[0], 'G' | 'P')
                && w[1] == ' '
                && (w[2].is_ascii_digit() || (w[0] == 'G' && w[2].is_ascii_uppercase()))
                && (i == 0 || !chars[i - 1].is_alphanumeric())
        })
}

/// How a stated time field shows what it resolves to.
pub fn resolved_hint(text: &str, now: Time) -> String {
    match parse_stated_time(text, now) {
        Some(t) => format!("= {} UTC", time_text(t)),
        None => TIME_FORMS.to_string(),
    }
}
