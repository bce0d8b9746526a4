//! Nature of a product (G C, G F): decided by where the initial direction came from.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Nature {
    /// Produced in response to a direction at the HoM level.
    Strategic,
    /// Produced in response to a direction at sub-HQ / field office level.
    OperationalTactical,
}

impl Nature {
    pub fn key(self) -> &'static str {
        match self {
            Nature::Strategic => "strategic",
            Nature::OperationalTactical => "operational_tactical",
        }
    }
}

impl fmt::Display for Nature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Nature::Strategic => "strategic",
            Nature::OperationalTactical => "operational/tactical",
        })
    }
}
