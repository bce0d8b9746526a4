//! An answered question of an assessment or scan: yes, no or unknown, with a note.

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

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub value: YesNoUnknown,
    #[serde(default)]
    pub note: String,
}

impl Answer {
    pub fn yes(note: impl Into<String>) -> Self {
        Answer {
            value: YesNoUnknown::Yes,
            note: note.into(),
        }
    }
    pub fn no(note: impl Into<String>) -> Self {
        Answer {
            value: YesNoUnknown::No,
            note: note.into(),
        }
    }
    pub fn unknown(note: impl Into<String>) -> Self {
        Answer {
            value: YesNoUnknown::Unknown,
            note: note.into(),
        }
    }
    pub fn is_yes(&self) -> bool {
        self.value == YesNoUnknown::Yes
    }
    pub fn is_no(&self) -> bool {
        self.value == YesNoUnknown::No
    }
}

/// A question with its text, so that every view and export shows what was asked.
pub struct Question {
    pub key: &'static str,
    pub text: &'static str,
}
