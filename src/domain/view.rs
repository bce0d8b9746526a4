//! Read access to the registry, as the guards and queues need it. The store implements it
//! over a redb transaction; tests implement it over a map. No I/O here.

use super::assessment::{AssessmentDirection, EntityAssessment};
use super::assessment_receipt::EntityAssessmentForReceipt;
use super::assessment_sharing::EntityAssessmentForSharing;
use super::breach::Breach;
use super::entity::Entity;
use super::ids::RecordId;
use super::pre_authorisation::{Direction, PreAuthorisation};
use super::record::Record;
use super::settings::MissionSettings;
use super::user::UserAccount;

pub trait RegistryView {
    fn record(&self, id: &RecordId) -> Option<Record>;
    fn settings(&self) -> MissionSettings;

    /// Every user account (a handful per station).
    fn users(&self) -> Vec<UserAccount>;

    /// The account of a user, by name.
    fn user(&self, name: &str) -> Option<UserAccount> {
        match self.record(&super::user::user_id(name))? {
            Record::User(u) => Some(u),
            _ => None,
        }
    }

    /// Whether a record exists, without reading it.
    fn exists(&self, id: &RecordId) -> bool {
        self.record(id).is_some()
    }

    /// The entity, or the one it was merged into: its records follow that one.
    fn entity(&self, id: &RecordId) -> Option<Entity> {
        let mut e = match self.record(id)? {
            Record::Entity(e) => e,
            _ => return None,
        };
        for _ in 0..8 {
            match &e.merged_into {
                Some(into) => match self.record(into)? {
                    Record::Entity(next) => e = next,
                    _ => return None,
                },
                None => break,
            }
        }
        Some(e)
    }

    fn sharing_assessment(&self, entity: &Entity) -> Option<EntityAssessmentForSharing> {
        assessment_in_force(self, entity)
    }

    fn receipt_assessment(&self, entity: &Entity) -> Option<EntityAssessmentForReceipt> {
        assessment_in_force(self, entity)
    }

    fn breaches(&self, entity: &Entity) -> Vec<Breach> {
        entity
            .breaches
            .iter()
            .filter_map(|id| match self.record(id)? {
                Record::Breach(b) => Some(b),
                _ => None,
            })
            .collect()
    }

    fn pre_authorisations(&self, entity: &Entity, direction: Direction) -> Vec<PreAuthorisation> {
        entity
            .pre_authorisations
            .iter()
            .filter_map(|id| match self.record(id)? {
                Record::PreAuthorisation(p) if p.terms.direction == direction => Some(p),
                _ => None,
            })
            .collect()
    }
}

/// A view over records held in memory: for tests and for recomputing state from the log.
#[derive(Clone, Debug, Default)]
pub struct MemoryView {
    pub records: std::collections::BTreeMap<RecordId, Record>,
}

impl RegistryView for MemoryView {
    fn record(&self, id: &RecordId) -> Option<Record> {
        self.records.get(id).cloned()
    }

    fn users(&self) -> Vec<UserAccount> {
        self.records
            .values()
            .filter_map(|r| match r {
                Record::User(u) => Some(u.clone()),
                _ => None,
            })
            .collect()
    }

    fn settings(&self) -> MissionSettings {
        match self.records.get(&super::ids::settings_id()) {
            Some(Record::Settings(s)) => s.clone(),
            _ => MissionSettings::new("unnamed mission"),
        }
    }
}

/// The entity's assessment in force in one direction, if it has one.
pub fn assessment_in_force<D: AssessmentDirection, V: RegistryView + ?Sized>(
    view: &V,
    entity: &Entity,
) -> Option<EntityAssessment<D>> {
    let [in_force, _] = D::kept(entity);
    D::of_record(view.record(in_force?)?).ok()
}
