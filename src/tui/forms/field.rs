//! The fields a form is made of.

use super::super::widgets::list::Selection;
use super::super::widgets::text_input::TextInput;
use crate::domain::answer::YesNoUnknown;
use crate::domain::grades::{Credibility, Reliability};
use crate::domain::marking::Classification;
use crate::domain::nature::Nature;
use crate::domain::share::Channel;
use std::marker::PhantomData;

pub struct Field {
    pub key: &'static str,
    pub label: String,
    /// A line under the field: what to write, or what the registry suggests.
    pub hint: Option<String>,
    pub kind: FieldKind,
    pub error: Option<String>,
    /// A time the person states (`-20m`, `HH:MM`, …): the hint shows what it resolves to.
    pub stated_time: bool,
    /// Shown (and reachable) only while the choice `.0` has the value `.1`.
    pub shown_if: Option<(&'static str, &'static str)>,
}

pub enum FieldKind {
    Line(TextInput),
    Text(TextInput),
    Choice(Choice),
    Toggle(bool),
    /// A heading between groups of fields; never has the keyboard.
    Heading,
    Submit(String),
}

impl Field {
    fn new(key: impl FieldRef<'static>, label: impl Into<String>, kind: FieldKind) -> Field {
        Field {
            key: key.field_name(),
            label: label.into(),
            hint: None,
            kind,
            error: None,
            stated_time: false,
            shown_if: None,
        }
    }

    /// A time the person states, starting at `now`; the hint shows it resolved.
    pub fn time(
        key: Key<crate::domain::ids::Time>,
        label: impl Into<String>,
        now: crate::domain::ids::Time,
    ) -> Field {
        let mut f = Self::new(
            key,
            label,
            FieldKind::Line(TextInput::new("now").as_default()),
        );
        f.stated_time = true;
        f.hint = Some(super::resolved_hint("now", now));
        f
    }

    /// A time written out in full (`YYYY-MM-DD HH:MM`), starting at `text`.
    pub fn time_text(
        key: Key<crate::domain::ids::Time>,
        label: impl Into<String>,
        text: &str,
    ) -> Field {
        Self::new(key, label, FieldKind::Line(TextInput::new(text)))
    }

    /// A whole number, read back as its type with `Form::number`.
    pub fn number<T: Whole>(key: Key<T>, label: impl Into<String>, value: T) -> Field {
        Self::new(
            key,
            label,
            FieldKind::Line(TextInput::new(&value.to_string())),
        )
    }

    pub fn line(key: Key<Text>, label: impl Into<String>, value: &str) -> Field {
        Self::new(key, label, FieldKind::Line(TextInput::new(value)))
    }

    pub fn text(key: Key<Text>, label: impl Into<String>, value: &str) -> Field {
        Self::new(key, label, FieldKind::Text(TextInput::multiline(value)))
    }

    pub fn choice(key: impl FieldRef<'static>, label: impl Into<String>, choice: Choice) -> Field {
        Self::new(key, label, FieldKind::Choice(choice))
    }

    pub fn toggle(key: Key<Toggle>, label: impl Into<String>, value: bool) -> Field {
        Self::new(key, label, FieldKind::Toggle(value))
    }

    pub fn heading(label: impl Into<String>) -> Field {
        Self::new("", label, FieldKind::Heading)
    }

    pub fn submit(label: &str) -> Field {
        Self::new("submit", "", FieldKind::Submit(label.to_string()))
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Field {
        self.hint = Some(hint.into());
        self
    }

    /// Shown only while the choice `key` has `value`.
    pub fn shown_if(mut self, key: impl FieldRef<'static>, value: &'static str) -> Field {
        self.shown_if = Some((key.field_name(), value));
        self
    }

    pub fn focusable(&self) -> bool {
        !matches!(self.kind, FieldKind::Heading)
    }
}

/// A field with options: ←/→ move, typing finds an option containing what is typed.
#[derive(Clone, Debug)]
pub struct Choice {
    /// (label shown, value kept)
    pub options: Vec<(String, String)>,
    /// The option chosen (the list's one selection type: clamped to the options).
    pub selected: Selection,
    /// What has been typed to find an option.
    pub find: String,
    /// The letters last typed that matched nothing (said, and not taken).
    pub missed: Option<String>,
}

impl Choice {
    pub fn new(options: Vec<(String, String)>) -> Choice {
        Choice {
            selected: Selection::new(options.len()),
            options,
            find: String::new(),
            missed: None,
        }
    }

    /// A choice among values of a type, each with the label shown; read back with
    /// `Form::chosen` as that type.
    pub fn of<T: ChoiceValue>(options: impl IntoIterator<Item = (String, T)>) -> Choice {
        Choice::new(
            options
                .into_iter()
                .map(|(label, value)| (label, value.choice_key()))
                .collect(),
        )
    }

    /// Opens on an option that is no value (`label`, e.g. "— conclude —"): read back with
    /// `Form::chosen`, it is refused until the person chooses.
    pub fn none_first(mut self, label: &str) -> Choice {
        self.options.insert(0, (label.to_string(), String::new()));
        Choice::new(self.options)
    }

    /// Selects the option holding this value, if there is one.
    pub fn selecting<T: ChoiceValue>(self, value: &T) -> Choice {
        self.with(&value.choice_key())
    }

    /// Selects the option with this value, if there is one.
    pub fn with(mut self, value: &str) -> Choice {
        if let Some(i) = self.options.iter().position(|(_, v)| v == value) {
            self.selected.select(i);
        }
        self
    }

    pub fn value(&self) -> &str {
        self.options
            .get(self.selected.index())
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    pub fn label(&self) -> &str {
        self.options
            .get(self.selected.index())
            .map(|(l, _)| l.as_str())
            .unwrap_or("")
    }

    pub fn next(&mut self) {
        self.selected.next_wrapping();
        self.find.clear();
        self.missed = None;
    }

    pub fn prev(&mut self) {
        self.selected.previous_wrapping();
        self.find.clear();
        self.missed = None;
    }

    /// Adds a typed character to the search and selects the first option containing it.
    /// Returns false (and keeps the search) when nothing matches.
    pub fn find_char(&mut self, c: char) -> bool {
        let mut find = self.find.clone();
        find.push(c);
        if self.find_text(&find) {
            self.find = find;
            self.missed = None;
            true
        } else {
            self.missed = Some(find);
            false
        }
    }

    /// How many options the letters typed so far match.
    pub fn matches(&self) -> usize {
        let needle = self.find.to_lowercase();
        self.options
            .iter()
            .filter(|(l, _)| l.to_lowercase().contains(&needle))
            .count()
    }

    /// What the typing has found, in words: `find: gend · 1 match`, and the letters not
    /// taken when they matched nothing.
    pub fn find_words(&self) -> Option<String> {
        let found = (!self.find.is_empty()).then(|| {
            let n = self.matches();
            format!(
                "find: {} · {n} match{}",
                self.find,
                if n == 1 { "" } else { "es" }
            )
        });
        let missed = self
            .missed
            .as_ref()
            .map(|m| format!("nothing matches \"{m}\": not taken (Backspace to correct)"));
        match (found, missed) {
            (Some(f), Some(m)) => Some(format!("{f} · {m}")),
            (f, m) => f.or(m),
        }
    }

    pub fn find_back(&mut self) {
        self.missed = None;
        self.find.pop();
        if !self.find.is_empty() {
            let find = self.find.clone();
            self.find_text(&find);
        }
    }

    fn find_text(&mut self, find: &str) -> bool {
        let needle = find.to_lowercase();
        let starts = self
            .options
            .iter()
            .position(|(l, _)| l.to_lowercase().starts_with(&needle));
        let contains = || {
            self.options
                .iter()
                .position(|(l, _)| l.to_lowercase().contains(&needle))
        };
        match starts.or_else(contains) {
            Some(i) => {
                self.selected.select(i);
                true
            }
            None => false,
        }
    }

    pub fn classification(default: Classification) -> Choice {
        Choice::of(Classification::ALL.map(|c| (c.to_string(), c))).selecting(&default)
    }

    pub fn nature(default: Nature) -> Choice {
        Choice::of([Nature::OperationalTactical, Nature::Strategic].map(|n| (n.to_string(), n)))
            .selecting(&default)
    }

    /// The nature of a new product, none chosen at first: it decides who authorises (G 8 b,
    /// G 9 b), so it is never a default.
    pub fn nature_to_choose() -> Choice {
        Choice::of([Nature::OperationalTactical, Nature::Strategic].map(|n| (n.to_string(), n)))
            .none_first("— choose —")
    }

    pub fn channel(verbal_first: bool) -> Choice {
        let mut options = vec![
            ("written".to_string(), Channel::Written),
            ("electronic".to_string(), Channel::Electronic),
            ("verbal/informal".to_string(), Channel::VerbalInformal),
        ];
        if verbal_first {
            options.rotate_right(1);
        }
        Choice::of(options)
    }

    pub fn answer() -> Choice {
        Choice::of([
            ("— not answered —".to_string(), None),
            ("yes".to_string(), Some(YesNoUnknown::Yes)),
            ("no".to_string(), Some(YesNoUnknown::No)),
            ("unknown".to_string(), Some(YesNoUnknown::Unknown)),
        ])
    }

    /// The source's reliability (Annex D), none chosen at first: a grade is a judgement the
    /// assessor makes (it weighs every product the entity sends), never "E — Cannot be judged"
    /// by default.
    pub fn reliability() -> Choice {
        Choice::of(Reliability::ALL.map(|r| (r.to_string(), r))).none_first("— choose —")
    }

    /// The credibility grade (Annex E), none chosen at first: a grade is a judgement the
    /// analyst makes (it feeds the entity's G 9.13 chart), never "5 — Cannot be judged" by
    /// default.
    pub fn credibility() -> Choice {
        Choice::of(Credibility::ALL.map(|c| (c.to_string(), c))).none_first("— choose —")
    }
}

/// The name of a field, typed by what it holds. Each form declares its keys once, as
/// constants (`const MARKING: Key<Classification> = Key::new("marking")`), builds its fields
/// and reads them back with the same constants: a key spelled wrong does not compile, and a
/// choice is read back as the type its options were built from.
pub struct Key<T>(&'static str, PhantomData<fn() -> T>);

impl<T> Key<T> {
    pub const fn new(name: &'static str) -> Key<T> {
        Key(name, PhantomData)
    }
}

impl<T> Clone for Key<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Key<T> {}

/// What a line or text field holds: what was typed.
pub enum Text {}

/// What a number field holds: a whole number of its type.
pub trait Whole: std::fmt::Display + std::str::FromStr {}

impl Whole for i64 {}

impl Whole for u64 {}

/// What a toggle holds.
pub enum Toggle {}

/// A field's name as a form keeps it and finds it (`Form::get`, `Form::fail`): a typed `Key`,
/// or its name (the console's own walk over the fields, tests).
pub trait FieldRef<'a>: Copy {
    fn field_name(self) -> &'a str;
}

impl<'a> FieldRef<'a> for &'a str {
    fn field_name(self) -> &'a str {
        self
    }
}

impl<'a, T> FieldRef<'a> for Key<T> {
    fn field_name(self) -> &'a str {
        self.0
    }
}

/// A key that names a field holding a `V`: a `Key<Toggle>` is not read as text, nor a
/// `Key<Text>` as a time; a field is built only with a typed key, and a name spelled as a
/// string reads nothing but what was typed.
///
/// ```
/// use registrar::tui::forms::{Form, Key, Text, Toggle};
/// const TITLE: Key<Text> = Key::new("title");
/// const CONFIRM: Key<Toggle> = Key::new("confirm");
/// fn read(form: &Form) -> (String, bool) {
///     (form.text(TITLE), form.toggle(CONFIRM))
/// }
/// ```
///
/// ```compile_fail
/// use registrar::tui::forms::{Form, Key, Toggle};
/// const CONFIRM: Key<Toggle> = Key::new("confirm");
/// fn read(form: &Form) -> String {
///     form.text(CONFIRM) // a toggle is not text
/// }
/// ```
///
/// ```compile_fail
/// use registrar::tui::forms::{Field, Form};
/// fn build(form: Form) -> Form {
///     form.field(Field::line("titel", "Title", "")) // a name spelled as a string
/// }
/// ```
///
/// ```compile_fail
/// use registrar::tui::forms::Form;
/// fn read(form: &Form) -> bool {
///     form.toggle("confirm") // a name says nothing of what its field holds
/// }
/// ```
pub trait Holds<'a, V>: FieldRef<'a> {}

impl<'a, V> Holds<'a, V> for Key<V> {}

/// What was typed in a field may be read by its name (the console's walk over the fields,
/// tests): every line and text holds what was typed.
impl<'a> Holds<'a, Text> for &'a str {}

/// The value among `all` whose choice key is `key`.
pub fn among<T: ChoiceValue + Copy>(all: &[T], key: &str) -> Option<T> {
    all.iter().copied().find(|v| v.choice_key() == key)
}

/// A value a choice offers. The options are built from values of the type and read back as
/// that type (`Form::chosen`); a value the type does not know — no option selected, an option
/// of another field — is refused beside the field, never defaulted into the log.
pub trait ChoiceValue: Sized {
    /// What the person is asked to choose, in the refusal ("choose the classification").
    const WHAT: &'static str;
    fn choice_key(&self) -> String;
    fn from_choice_key(key: &str) -> Option<Self>;
}

/// An item of a list the form offers (a measure, a request, a suspension), by its place in
/// the list the registry keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Listed(pub usize);

impl ChoiceValue for Listed {
    const WHAT: &'static str = "one of those listed";
    fn choice_key(&self) -> String {
        self.0.to_string()
    }
    fn from_choice_key(key: &str) -> Option<Self> {
        key.parse().ok().map(Listed)
    }
}

/// A choice that may be left unanswered: its first option, valued "", reads as `None`.
impl<T: ChoiceValue> ChoiceValue for Option<T> {
    const WHAT: &'static str = T::WHAT;
    fn choice_key(&self) -> String {
        self.as_ref().map(T::choice_key).unwrap_or_default()
    }
    fn from_choice_key(key: &str) -> Option<Self> {
        if key.is_empty() {
            Some(None)
        } else {
            T::from_choice_key(key).map(Some)
        }
    }
}
