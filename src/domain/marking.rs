//! Security classification (P 11.2.1) and the originator's own marking (G 9.8, ST/SGB/2007/6).

use serde::{Deserialize, Serialize};
use std::fmt;

/// The three UN classification levels, ordered from least to most restricted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Classification {
    Unclassified,
    Confidential,
    StrictlyConfidential,
}

impl Classification {
    pub const ALL: [Classification; 3] = [
        Classification::Unclassified,
        Classification::Confidential,
        Classification::StrictlyConfidential,
    ];

    /// The machine name used on the command line and in JSON.
    pub fn key(self) -> &'static str {
        match self {
            Classification::Unclassified => "unclassified",
            Classification::Confidential => "confidential",
            Classification::StrictlyConfidential => "strictly_confidential",
        }
    }

    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.key() == s)
    }
}

impl fmt::Display for Classification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Classification::Unclassified => "UNCLASSIFIED",
            Classification::Confidential => "CONFIDENTIAL",
            Classification::StrictlyConfidential => "STRICTLY CONFIDENTIAL",
        })
    }
}

/// Every record carries a marking: the UN level, and for received products the originator's
/// own marking text kept verbatim beside the mapped level.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marking {
    pub level: Classification,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub originator_marking: Option<String>,
}

impl Marking {
    pub fn un(level: Classification) -> Self {
        Marking {
            level,
            originator_marking: None,
        }
    }

    pub fn with_originator(level: Classification, text: impl Into<String>) -> Self {
        Marking {
            level,
            originator_marking: Some(text.into()),
        }
    }
}

impl fmt::Display for Marking {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.originator_marking {
            Some(orig) => write!(f, "{} (originator: {orig})", self.level),
            None => write!(f, "{}", self.level),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_ordered_by_restriction() {
        assert!(Classification::Unclassified < Classification::Confidential);
        assert!(Classification::Confidential < Classification::StrictlyConfidential);
    }

    #[test]
    fn keys_round_trip() {
        for c in Classification::ALL {
            assert_eq!(Classification::from_key(c.key()), Some(c));
        }
        assert_eq!(Classification::from_key("secret"), None);
    }

    #[test]
    fn originator_marking_is_kept_verbatim_beside_the_un_level() {
        let m = Marking::with_originator(Classification::Confidential, "SECRET//REL UN");
        assert_eq!(m.to_string(), "CONFIDENTIAL (originator: SECRET//REL UN)");
    }
}
