//! The two grading tables of the Guidelines. A grade is always shown with its meaning,
//! never the letter or digit alone:
//!
//! ```
//! use registrar::domain::grades::{Credibility, Reliability};
//!
//! assert_eq!(Reliability::B.to_string(), "B — Usually reliable");
//! assert_eq!(Credibility::DoubtfullyTrue.to_string(), "3 — Doubtfully true");
//! // G 9.12: an entity graded C or D is untrustworthy, and its products go out flagged.
//! assert!(Reliability::D.is_untrustworthy() && !Reliability::E.is_untrustworthy());
//! ```

use serde::{Deserialize, Serialize};
use std::fmt;

/// Reliability of an entity (Annex D, Table "Entity Reliability").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Reliability {
    A,
    B,
    C,
    D,
    E,
}

impl Reliability {
    pub const ALL: [Reliability; 5] = [
        Reliability::A,
        Reliability::B,
        Reliability::C,
        Reliability::D,
        Reliability::E,
    ];

    pub fn meaning(self) -> &'static str {
        match self {
            Reliability::A => "Reliable",
            Reliability::B => "Usually reliable",
            Reliability::C => "Not usually reliable",
            Reliability::D => "Unreliable",
            Reliability::E => "Cannot be judged",
        }
    }

    /// G 9.12: an entity "deemed untrustworthy". The registry treats significant doubt (C) and
    /// a history of invalid intelligence (D) as untrustworthy; E has no basis either way.
    pub fn is_untrustworthy(self) -> bool {
        matches!(self, Reliability::C | Reliability::D)
    }
}

impl fmt::Display for Reliability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} — {}", self, self.meaning())
    }
}

/// Credibility of a received product (Annex E, Table "Credibility of Intelligence").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Credibility {
    #[serde(rename = "1")]
    Confirmed,
    #[serde(rename = "2")]
    ProbablyTrue,
    #[serde(rename = "3")]
    DoubtfullyTrue,
    #[serde(rename = "4")]
    Improbable,
    #[serde(rename = "5")]
    CannotBeJudged,
}

impl Credibility {
    pub const ALL: [Credibility; 5] = [
        Credibility::Confirmed,
        Credibility::ProbablyTrue,
        Credibility::DoubtfullyTrue,
        Credibility::Improbable,
        Credibility::CannotBeJudged,
    ];

    pub fn digit(self) -> u8 {
        match self {
            Credibility::Confirmed => 1,
            Credibility::ProbablyTrue => 2,
            Credibility::DoubtfullyTrue => 3,
            Credibility::Improbable => 4,
            Credibility::CannotBeJudged => 5,
        }
    }

    pub fn meaning(self) -> &'static str {
        match self {
            Credibility::Confirmed => "Confirmed",
            Credibility::ProbablyTrue => "Probably true",
            Credibility::DoubtfullyTrue => "Doubtfully true",
            Credibility::Improbable => "Improbable",
            Credibility::CannotBeJudged => "Cannot be judged",
        }
    }
}

impl fmt::Display for Credibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} — {}", self.digit(), self.meaning())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_show_their_meaning_never_the_letter_alone() {
        assert_eq!(Reliability::B.to_string(), "B — Usually reliable");
        assert_eq!(Reliability::E.to_string(), "E — Cannot be judged");
        assert_eq!(
            Credibility::DoubtfullyTrue.to_string(),
            "3 — Doubtfully true"
        );
        assert_eq!(Credibility::Confirmed.to_string(), "1 — Confirmed");
    }
}
