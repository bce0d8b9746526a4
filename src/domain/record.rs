//! The records of the registry, as one type the store keeps by id.

use super::assessment_receipt::EntityAssessmentForReceipt;
use super::assessment_sharing::EntityAssessmentForSharing;
use super::breach::Breach;
use super::conflict::Conflict;
use super::entity::Entity;
use super::ids::{RecordId, RecordKind};
use super::marking::Marking;
use super::pre_authorisation::PreAuthorisation;
use super::receipt::IncomingReceipt;
use super::settings::MissionSettings;
use super::share::OutgoingShare;
use super::station::{PeerStation, StationKnowledge};
use super::user::UserAccount;
use serde::{Deserialize, Serialize};

// Records are decoded and handled one at a time, never held by the million in memory, so the
// size difference between variants costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Record {
    Settings(MissionSettings),
    Entity(Entity),
    EntityAssessmentSharing(EntityAssessmentForSharing),
    EntityAssessmentReceipt(EntityAssessmentForReceipt),
    Share(OutgoingShare),
    Receipt(IncomingReceipt),
    Breach(Breach),
    PreAuthorisation(PreAuthorisation),
    User(UserAccount),
    Station(PeerStation),
    Knowledge(StationKnowledge),
    Conflict(Conflict),
}

impl Record {
    pub fn kind(&self) -> RecordKind {
        match self {
            Record::Settings(_) => RecordKind::Settings,
            Record::Entity(_) => RecordKind::Entity,
            Record::EntityAssessmentSharing(_) => RecordKind::EntityAssessmentSharing,
            Record::EntityAssessmentReceipt(_) => RecordKind::EntityAssessmentReceipt,
            Record::Share(_) => RecordKind::Share,
            Record::Receipt(_) => RecordKind::Receipt,
            Record::Breach(_) => RecordKind::Breach,
            Record::PreAuthorisation(_) => RecordKind::PreAuthorisation,
            Record::User(_) => RecordKind::User,
            Record::Station(_) => RecordKind::Station,
            Record::Knowledge(_) => RecordKind::Knowledge,
            Record::Conflict(_) => RecordKind::Conflict,
        }
    }

    pub fn id(&self) -> RecordId {
        match self {
            Record::Settings(_) => super::ids::settings_id(),
            Record::Entity(r) => r.id.clone(),
            Record::EntityAssessmentSharing(r) => r.id.clone(),
            Record::EntityAssessmentReceipt(r) => r.id.clone(),
            Record::Share(r) => r.id.clone(),
            Record::Receipt(r) => r.id.clone(),
            Record::Breach(r) => r.id.clone(),
            Record::PreAuthorisation(r) => r.id.clone(),
            Record::User(r) => r.id.clone(),
            Record::Station(r) => r.id.clone(),
            Record::Knowledge(r) => r.id.clone(),
            Record::Conflict(r) => r.id.clone(),
        }
    }

    /// Every record carries a marking; settings and user accounts are unclassified.
    pub fn marking(&self) -> Marking {
        match self {
            Record::Settings(_) | Record::User(_) | Record::Station(_) | Record::Knowledge(_) => {
                Marking::un(super::marking::Classification::Unclassified)
            }
            Record::Conflict(r) => r.marking.clone(),
            Record::Entity(r) => r.details.marking.clone(),
            Record::EntityAssessmentSharing(r) => r.marking.clone(),
            Record::EntityAssessmentReceipt(r) => r.marking.clone(),
            Record::Share(r) => r.draft.product.marking.clone(),
            Record::Receipt(r) => r.capture.marking.clone(),
            Record::Breach(r) => r.report.marking.clone(),
            Record::PreAuthorisation(r) => r.terms.marking.clone(),
        }
    }

    /// The entity a record concerns (itself for an entity).
    pub fn entity(&self) -> Option<&RecordId> {
        match self {
            Record::Settings(_)
            | Record::User(_)
            | Record::Station(_)
            | Record::Knowledge(_)
            | Record::Conflict(_) => None,
            Record::Entity(r) => Some(&r.id),
            Record::EntityAssessmentSharing(r) => Some(&r.entity),
            Record::EntityAssessmentReceipt(r) => Some(&r.entity),
            Record::Share(r) => Some(&r.draft.recipient),
            Record::Receipt(r) => Some(&r.capture.source),
            Record::Breach(r) => Some(&r.report.entity),
            Record::PreAuthorisation(r) => Some(&r.terms.entity),
        }
    }
}
