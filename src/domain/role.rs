//! The roles that act under the Guidelines (G E "Roles and Responsibilities").

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Station administrator: settings, users, trust of other stations.
    Admin,
    /// Information Management Focal Point, keeper of the registry.
    Imfp,
    /// Receiving component analyst (JMAC, JOC, …).
    Analyst,
    /// Human Rights officer (Human Rights Component, or OHCHR).
    Hro,
    /// Head of Mission.
    Hom,
    /// Chair of the Mission Peacekeeping-Intelligence Coordination Mechanism.
    Micm,
    /// Another authority named in the mission's support plan (MISP).
    Delegate,
    /// Legal Office in mission.
    Legal,
    /// Oversight (OIOS): reads everything, changes nothing.
    Oversight,
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::Admin,
        Role::Imfp,
        Role::Analyst,
        Role::Hro,
        Role::Hom,
        Role::Micm,
        Role::Delegate,
        Role::Legal,
        Role::Oversight,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Imfp => "imfp",
            Role::Analyst => "analyst",
            Role::Hro => "hro",
            Role::Hom => "hom",
            Role::Micm => "micm",
            Role::Delegate => "delegate",
            Role::Legal => "legal",
            Role::Oversight => "oversight",
        }
    }

    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.key() == s)
    }

    pub fn title(self) -> &'static str {
        match self {
            Role::Admin => "station administrator",
            Role::Imfp => "IM FP",
            Role::Analyst => "receiving component analyst",
            Role::Hro => "Human Rights officer",
            Role::Hom => "Head of Mission",
            Role::Micm => "MICM Chair",
            Role::Delegate => "delegated authority",
            Role::Legal => "Legal Office",
            Role::Oversight => "oversight",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.title())
    }
}
