//! Record identifiers and the time type every record uses.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Time in the registry is always UTC.
pub type Time = chrono::DateTime<chrono::Utc>;

/// A record's identifier: `<KIND>-<station>-<n>` (e.g. `RCP-JMAC-1-0042`), unique across
/// stations because the station that created the record is part of it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RecordId(pub String);

impl RecordId {
    pub fn new(kind: RecordKind, station: &str, n: u64) -> Self {
        RecordId(format!("{}-{station}-{n:04}", kind.prefix()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The kind is readable from the prefix of any well-formed id.
    pub fn kind(&self) -> Option<RecordKind> {
        let prefix = self.0.split('-').next()?;
        RecordKind::ALL.into_iter().find(|k| k.prefix() == prefix)
    }
}

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for RecordId {
    fn from(s: &str) -> Self {
        RecordId(s.to_string())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Settings,
    Entity,
    EntityAssessmentSharing,
    EntityAssessmentReceipt,
    Share,
    Receipt,
    Breach,
    PreAuthorisation,
    User,
    /// A station this registry knows the keys of (itself, or a trusted peer).
    Station,
    /// What a station holds of every station's events.
    Knowledge,
    /// Changes of two stations that did not see each other.
    Conflict,
}

impl RecordKind {
    pub const ALL: [RecordKind; 12] = [
        RecordKind::Settings,
        RecordKind::Entity,
        RecordKind::EntityAssessmentSharing,
        RecordKind::EntityAssessmentReceipt,
        RecordKind::Share,
        RecordKind::Receipt,
        RecordKind::Breach,
        RecordKind::PreAuthorisation,
        RecordKind::User,
        RecordKind::Station,
        RecordKind::Knowledge,
        RecordKind::Conflict,
    ];

    pub fn prefix(self) -> &'static str {
        match self {
            RecordKind::Settings => "SET",
            RecordKind::Entity => "ENT",
            RecordKind::EntityAssessmentSharing => "EAS",
            RecordKind::EntityAssessmentReceipt => "EAR",
            RecordKind::Share => "SHR",
            RecordKind::Receipt => "RCP",
            RecordKind::Breach => "BRC",
            RecordKind::PreAuthorisation => "PRE",
            RecordKind::User => "USR",
            RecordKind::Station => "STN",
            RecordKind::Knowledge => "KNW",
            RecordKind::Conflict => "CFL",
        }
    }

    /// The name used in `queue --json` (`kind`).
    pub fn key(self) -> &'static str {
        match self {
            RecordKind::Settings => "settings",
            RecordKind::Entity => "entity",
            RecordKind::EntityAssessmentSharing => "entity_assessment_sharing",
            RecordKind::EntityAssessmentReceipt => "entity_assessment_receipt",
            RecordKind::Share => "share",
            RecordKind::Receipt => "receipt",
            RecordKind::Breach => "breach",
            RecordKind::PreAuthorisation => "pre_authorisation",
            RecordKind::User => "user",
            RecordKind::Station => "station",
            RecordKind::Knowledge => "knowledge",
            RecordKind::Conflict => "conflict",
        }
    }
}

/// The one settings record of a registry.
pub fn settings_id() -> RecordId {
    RecordId("SET-MISSION".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_carry_their_kind_and_station() {
        let id = RecordId::new(RecordKind::Receipt, "JMAC-1", 42);
        assert_eq!(id.as_str(), "RCP-JMAC-1-0042");
        assert_eq!(id.kind(), Some(RecordKind::Receipt));
        assert_eq!(settings_id().kind(), Some(RecordKind::Settings));
    }
}
