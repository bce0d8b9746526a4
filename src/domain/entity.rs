//! External entities (G 2, G 8.1.2 part 1, Annex A and D part 1).

use super::ids::{RecordId, Time};
use super::marking::Marking;
use super::monitoring::Monitoring;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The four kinds of external party the Guidelines distinguish (G 2, G 8.1.2, footnote 8).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// Non-UN security force, as defined in the HRDDP.
    NonUnSecurityForce,
    /// Civilian authority directly responsible for non-UN security forces.
    CivilianAuthorityOverSecurityForces,
    /// Other non-UN civilian entity: ministry, regional organisation, NGO, member-state entity.
    OtherNonUnCivilian,
    /// Non-mission UN entity: agency, fund, programme, Secretariat office (G 8.2).
    NonMissionUn,
}

impl EntityKind {
    pub const ALL: [EntityKind; 4] = [
        EntityKind::NonUnSecurityForce,
        EntityKind::CivilianAuthorityOverSecurityForces,
        EntityKind::OtherNonUnCivilian,
        EntityKind::NonMissionUn,
    ];

    pub fn key(self) -> &'static str {
        match self {
            EntityKind::NonUnSecurityForce => "non_un_security_force",
            EntityKind::CivilianAuthorityOverSecurityForces => {
                "civilian_authority_over_security_forces"
            }
            EntityKind::OtherNonUnCivilian => "other_non_un_civilian",
            EntityKind::NonMissionUn => "non_mission_un",
        }
    }

    pub fn is_non_un(self) -> bool {
        self != EntityKind::NonMissionUn
    }

    /// G 8.1.2: the full HRDDP Risk Assessment applies to security forces and the civilian
    /// authorities directly responsible for them; an adapted one to other civilians.
    pub fn needs_full_hrddp(self) -> bool {
        matches!(
            self,
            EntityKind::NonUnSecurityForce | EntityKind::CivilianAuthorityOverSecurityForces
        )
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            EntityKind::NonUnSecurityForce => "non-UN security force",
            EntityKind::CivilianAuthorityOverSecurityForces => {
                "civilian authority responsible for security forces"
            }
            EntityKind::OtherNonUnCivilian => "other non-UN civilian entity",
            EntityKind::NonMissionUn => "non-mission UN entity",
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    pub position: String,
    pub details: String,
}

/// A part of an entity (department, unit). One assessed unacceptable to share with is excluded
/// (Annex A footnote 17): products are shared on the condition they do not reach it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubComponent {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excluded_because: Option<String>,
}

impl SubComponent {
    pub fn is_excluded(&self) -> bool {
        self.excluded_because.is_some()
    }
}

/// Handling standards an entity requires before it shares (G 9.8), and their confirmation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandlingStandards {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed: Option<Confirmation>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confirmation {
    pub by: String,
    pub at: Time,
}

/// What a person registers about an entity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityDetails {
    pub name: String,
    pub kind: EntityKind,
    pub mandate: String,
    #[serde(default)]
    pub contacts: Vec<Contact>,
    #[serde(default)]
    pub sub_components: Vec<SubComponent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handling_standards: Option<HandlingStandards>,
    pub marking: Marking,
}

/// The entity record: its details plus what the registry derives about it from other records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    pub id: RecordId,
    pub details: EntityDetails,
    pub registered_at: Time,
    /// The latest Entity Assessment for Sharing (current or not; currency is a question of time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sharing_assessment: Option<RecordId>,
    /// The latest Entity Assessment for Receipt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt_assessment: Option<RecordId>,
    /// An Entity Assessment for Sharing started and awaiting its human rights part; the one
    /// in force stays in force until it completes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sharing_assessment_in_progress: Option<RecordId>,
    /// The same for receipt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt_assessment_in_progress: Option<RecordId>,
    /// Every breach reported against this entity, in order.
    #[serde(default)]
    pub breaches: Vec<RecordId>,
    /// Pre-authorised list entries (G 8.1.8, G 9.10).
    #[serde(default)]
    pub pre_authorisations: Vec<RecordId>,
    /// Edits of the details after registration, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub edits: Vec<EntityEdit>,
    /// This entity turned out to be the same as another: its records follow that one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<RecordId>,
    /// Entities merged into this one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged_from: Vec<RecordId>,
    /// Incidents, developments and suspensions (G 8.1.2.3, G 9.5.2).
    #[serde(default, skip_serializing_if = "Monitoring::is_empty")]
    pub monitoring: Monitoring,
}

/// One edit of an entity's details: which fields changed, why, by whom, when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityEdit {
    pub changed: Vec<String>,
    pub reason: String,
    pub by: String,
    pub at: Time,
}

/// The names of the details that differ between two versions.
pub fn changed_details(old: &EntityDetails, new: &EntityDetails) -> Vec<String> {
    let mut out = Vec::new();
    let mut diff = |same: bool, name: &str| {
        if !same {
            out.push(name.to_string());
        }
    };
    diff(old.name == new.name, "name");
    diff(old.kind == new.kind, "kind");
    diff(old.mandate == new.mandate, "mandate");
    diff(old.contacts == new.contacts, "contacts");
    diff(
        old.handling_standards.as_ref().map(|h| &h.text)
            == new.handling_standards.as_ref().map(|h| &h.text),
        "handling standards",
    );
    diff(old.marking == new.marking, "marking");
    out
}

impl Entity {
    pub fn name(&self) -> &str {
        &self.details.name
    }

    pub fn kind(&self) -> EntityKind {
        self.details.kind
    }

    pub fn excluded_sub_component(&self, unit: &str) -> Option<&SubComponent> {
        self.details
            .sub_components
            .iter()
            .find(|s| s.is_excluded() && s.name.eq_ignore_ascii_case(unit.trim()))
    }
}
