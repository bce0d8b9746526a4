//! The fields a form is made of.

use super::super::widgets::list::Selection;
use super::super::widgets::text_input::TextInput;
use crate::domain::answer::YesNoUnknown;
use crate::domain::grades::{Credibility, Reliability};
use crate::domain::marking::Classification;
use crate::domain::nature::Nature;
use crate::domain::share::Channel;

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
    fn new(key: &'static str, label: impl Into<String>, kind: FieldKind) -> Field {
        Field {
            key,
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
        key: &'static str,
        label: impl Into<String>,
        now: crate::domain::ids::Time,
    ) -> Field {
        let mut f = Self::line(key, label, "now");
        f.stated_time = true;
        f.hint = Some(super::resolved_hint("now", now));
        f
    }

    pub fn line(key: &'static str, label: impl Into<String>, value: &str) -> Field {
        Self::new(key, label, FieldKind::Line(TextInput::new(value)))
    }

    pub fn text(key: &'static str, label: impl Into<String>, value: &str) -> Field {
        Self::new(key, label, FieldKind::Text(TextInput::multiline(value)))
    }

    pub fn choice(key: &'static str, label: impl Into<String>, choice: Choice) -> Field {
        Self::new(key, label, FieldKind::Choice(choice))
    }

    pub fn toggle(key: &'static str, label: impl Into<String>, value: bool) -> Field {
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
    pub fn shown_if(mut self, key: &'static str, value: &'static str) -> Field {
        self.shown_if = Some((key, value));
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
        Choice::new(
            Classification::ALL
                .iter()
                .map(|c| (c.to_string(), c.key().to_string()))
                .collect(),
        )
        .with(default.key())
    }

    pub fn nature(default: Nature) -> Choice {
        Choice::new(vec![
            (
                Nature::OperationalTactical.to_string(),
                Nature::OperationalTactical.key().into(),
            ),
            (
                Nature::Strategic.to_string(),
                Nature::Strategic.key().into(),
            ),
        ])
        .with(default.key())
    }

    pub fn channel(verbal_first: bool) -> Choice {
        let mut options = vec![
            ("written".to_string(), "written".to_string()),
            ("electronic".to_string(), "electronic".to_string()),
            ("verbal/informal".to_string(), "verbal_informal".to_string()),
        ];
        if verbal_first {
            options.rotate_right(1);
        }
        Choice::new(options)
    }

    pub fn answer() -> Choice {
        Choice::new(vec![
            ("— not answered —".to_string(), String::new()),
            ("yes".to_string(), "yes".to_string()),
            ("no".to_string(), "no".to_string()),
            ("unknown".to_string(), "unknown".to_string()),
        ])
    }

    pub fn reliability() -> Choice {
        Choice::new(
            Reliability::ALL
                .iter()
                .map(|r| (r.to_string(), format!("{r:?}")))
                .collect(),
        )
        .with("E")
    }

    pub fn credibility() -> Choice {
        Choice::new(
            Credibility::ALL
                .iter()
                .map(|c| (c.to_string(), c.digit().to_string()))
                .collect(),
        )
        .with("5")
    }
}

pub fn parse_channel(value: &str) -> Channel {
    match value {
        "written" => Channel::Written,
        "electronic" => Channel::Electronic,
        _ => Channel::VerbalInformal,
    }
}

pub fn parse_nature(value: &str) -> Nature {
    if value == Nature::Strategic.key() {
        Nature::Strategic
    } else {
        Nature::OperationalTactical
    }
}

pub fn parse_classification(value: &str) -> Classification {
    Classification::from_key(value).unwrap_or(Classification::StrictlyConfidential)
}

pub fn parse_answer(value: &str) -> Option<YesNoUnknown> {
    match value {
        "yes" => Some(YesNoUnknown::Yes),
        "no" => Some(YesNoUnknown::No),
        "unknown" => Some(YesNoUnknown::Unknown),
        _ => None,
    }
}

pub fn parse_reliability(value: &str) -> Reliability {
    Reliability::ALL
        .into_iter()
        .find(|r| format!("{r:?}") == value)
        .unwrap_or(Reliability::E)
}

pub fn parse_credibility(value: &str) -> Credibility {
    Credibility::ALL
        .into_iter()
        .find(|c| c.digit().to_string() == value)
        .unwrap_or(Credibility::CannotBeJudged)
}
