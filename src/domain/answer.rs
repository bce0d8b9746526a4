//! An answered question of an assessment or scan. Each Annex question takes its own kind of
//! answer (issue 9): yes / no / unknown with a note, a choice from a fixed list, a text, or the
//! confirmation of a field the record already has (classification, nature) — never asked
//! twice and left to disagree.

use super::marking::Classification;
use super::nature::Nature;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum YesNoUnknown {
    Yes,
    No,
    Unknown,
}

impl fmt::Display for YesNoUnknown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            YesNoUnknown::Yes => "yes",
            YesNoUnknown::No => "no",
            YesNoUnknown::Unknown => "unknown",
        })
    }
}

/// A field of the record that a question repeats: the answer confirms it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordField {
    Classification,
    Nature,
}

/// One option of a choice: the key kept in the log, and the label people read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Opt {
    pub key: &'static str,
    pub label: &'static str,
}

/// What kind of answer a question takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnswerType {
    /// Yes, no or unknown, with a note.
    YesNo,
    /// One option of a fixed list, with a note.
    Choice(&'static [Opt]),
    /// An answer in words.
    Text,
    /// The record's own field, shown and confirmed.
    Confirms(RecordField),
}

impl AnswerType {
    pub fn key(self) -> &'static str {
        match self {
            AnswerType::YesNo => "yes_no_unknown",
            AnswerType::Choice(_) => "choice",
            AnswerType::Text => "text",
            AnswerType::Confirms(RecordField::Classification) => "confirms_classification",
            AnswerType::Confirms(RecordField::Nature) => "confirms_nature",
        }
    }

    /// The label of a choice's option, if the key is one of its options.
    pub fn label(self, key: &str) -> Option<&'static str> {
        match self {
            AnswerType::Choice(opts) => opts.iter().find(|o| o.key == key).map(|o| o.label),
            _ => None,
        }
    }
}

/// A typed reply. Logs written before replies were typed hold a bare yes / no / unknown for
/// every question: they decode as `YesNo` (the first, untagged, form).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Reply {
    YesNo(YesNoUnknown),
    Given(Given),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Given {
    /// The key of the chosen option.
    Choice(String),
    Text(String),
    /// The record's classification, confirmed.
    Classification(Classification),
    /// The record's nature, confirmed.
    Nature(Nature),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub value: Reply,
    #[serde(default)]
    pub note: String,
}

impl Answer {
    fn of(value: Reply, note: impl Into<String>) -> Self {
        Answer {
            value,
            note: note.into(),
        }
    }
    pub fn yes(note: impl Into<String>) -> Self {
        Self::of(Reply::YesNo(YesNoUnknown::Yes), note)
    }
    pub fn no(note: impl Into<String>) -> Self {
        Self::of(Reply::YesNo(YesNoUnknown::No), note)
    }
    pub fn unknown(note: impl Into<String>) -> Self {
        Self::of(Reply::YesNo(YesNoUnknown::Unknown), note)
    }
    pub fn yes_no(value: YesNoUnknown, note: impl Into<String>) -> Self {
        Self::of(Reply::YesNo(value), note)
    }
    pub fn choice(key: impl Into<String>, note: impl Into<String>) -> Self {
        Self::of(Reply::Given(Given::Choice(key.into())), note)
    }
    pub fn text(text: impl Into<String>) -> Self {
        Self::of(Reply::Given(Given::Text(text.into())), "")
    }
    pub fn classification(level: Classification, note: impl Into<String>) -> Self {
        Self::of(Reply::Given(Given::Classification(level)), note)
    }
    pub fn nature(nature: Nature, note: impl Into<String>) -> Self {
        Self::of(Reply::Given(Given::Nature(nature)), note)
    }

    /// The yes / no / unknown of a yes-no answer (`None` for other kinds).
    pub fn yes_no_value(&self) -> Option<YesNoUnknown> {
        match self.value {
            Reply::YesNo(v) => Some(v),
            Reply::Given(_) => None,
        }
    }
    pub fn is_yes(&self) -> bool {
        self.yes_no_value() == Some(YesNoUnknown::Yes)
    }
    pub fn is_no(&self) -> bool {
        self.yes_no_value() == Some(YesNoUnknown::No)
    }
}

/// A question with its text and the kind of answer it takes, so that every view and export
/// shows what was asked and reads the answer as what it is.
pub struct Question {
    pub key: &'static str,
    pub text: &'static str,
    pub kind: AnswerType,
}

/// The record's own fields that questions repeat, as they stand.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    pub classification: Option<Classification>,
    pub nature: Option<Nature>,
}

impl Facts {
    pub fn of(classification: Classification, nature: Nature) -> Facts {
        Facts {
            classification: Some(classification),
            nature: Some(nature),
        }
    }

    fn field(&self, field: RecordField) -> Option<String> {
        match field {
            RecordField::Classification => self.classification.map(|c| c.to_string()),
            RecordField::Nature => self.nature.map(|n| n.to_string()),
        }
    }
}

/// How an answer reads beside its question: (answer, note). A yes-no answer reads "yes";
/// a choice its label; a confirmation the field it confirmed. An answer from before replies
/// were typed reads as what it was asked: the nature question shows the record's nature (and
/// that it was answered "yes"), an open question the words of its note.
pub fn reads(q: &Question, a: &Answer, facts: &Facts) -> (String, String) {
    match (&a.value, q.kind) {
        (Reply::YesNo(v), AnswerType::YesNo) => (v.to_string(), a.note.clone()),
        (Reply::Given(Given::Choice(k)), kind) => (
            kind.label(k)
                .map_or_else(|| format!("{k} (not an option)"), str::to_string),
            a.note.clone(),
        ),
        (Reply::Given(Given::Text(t)), _) => (t.clone(), a.note.clone()),
        (Reply::Given(Given::Classification(c)), _) => (
            confirmed(c.to_string(), facts.field(RecordField::Classification)),
            a.note.clone(),
        ),
        (Reply::Given(Given::Nature(n)), _) => (
            confirmed(n.to_string(), facts.field(RecordField::Nature)),
            a.note.clone(),
        ),
        (Reply::YesNo(v), AnswerType::Confirms(field)) => match facts.field(field) {
            Some(now) => (
                format!("{now} (the record's; answered \"{v}\" before answers were typed)"),
                a.note.clone(),
            ),
            None => (format!("answered \"{v}\""), a.note.clone()),
        },
        (Reply::YesNo(v), AnswerType::Text | AnswerType::Choice(_)) => {
            if a.note.trim().is_empty() {
                (format!("answered \"{v}\""), String::new())
            } else {
                (a.note.clone(), String::new())
            }
        }
    }
}

fn confirmed(then: String, now: Option<String>) -> String {
    match now {
        Some(now) if now != then => format!("{then} (confirmed then; the record now says {now})"),
        _ => format!("{then} (confirmed, as on the record)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cbor<T: Serialize>(v: &T) -> Vec<u8> {
        let mut out = Vec::new();
        ciborium::into_writer(v, &mut out).unwrap();
        out
    }

    #[test]
    fn an_answer_from_an_old_log_decodes_as_yes_no() {
        // What every Annex answer looked like before they were typed.
        #[derive(Serialize)]
        struct Old {
            value: &'static str,
            note: &'static str,
        }
        let bytes = cbor(&Old {
            value: "yes",
            note: "Operational/tactical",
        });
        let a: Answer = ciborium::from_reader(&bytes[..]).unwrap();
        assert_eq!(a, Answer::yes("Operational/tactical"));
    }

    #[test]
    fn typed_answers_round_trip() {
        for a in [
            Answer::unknown("n"),
            Answer::choice("mixed", "n"),
            Answer::text("patrol routes"),
            Answer::classification(Classification::StrictlyConfidential, ""),
            Answer::nature(Nature::Strategic, ""),
        ] {
            let back: Answer = ciborium::from_reader(&cbor(&a)[..]).unwrap();
            assert_eq!(back, a);
        }
    }
}
