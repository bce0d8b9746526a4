//! Guards on the mission settings and on entities.

use super::non_empty;
use crate::domain::change::Change;
use crate::domain::entity::{Entity, EntityDetails};
use crate::domain::ids::settings_id;
use crate::domain::refusal::{Guard, Refusal};
use crate::domain::view::RegistryView;

pub fn registry_initialised(view: &dyn RegistryView, change: &Change) -> Guard {
    if view.record(&settings_id()).is_some() {
        return Err(Refusal::new(
            "registry",
            "the registry is already initialised",
        ));
    }
    settings_changed(change)
}

pub fn settings_changed(change: &Change) -> Guard {
    match change {
        Change::RegistryInitialised { settings } | Change::SettingsChanged { settings } => {
            settings.validate().map_err(|e| Refusal::new("settings", e))
        }
        _ => Err(Refusal::new("registry", "not a settings change")),
    }
}

pub fn entity_registered(details: &EntityDetails) -> Guard {
    non_empty(&details.name, "G 8.1.2", "the entity's name")?;
    for s in &details.sub_components {
        non_empty(&s.name, "G 8.1.2", "a sub-component's name")?;
    }
    Ok(())
}

pub fn entity_change(entity: &Entity, change: &Change) -> Guard {
    match change {
        Change::SubComponentExcluded { name, reason } => {
            non_empty(name, "Annex A fn 17", "the sub-component's name")?;
            non_empty(reason, "Annex A fn 17", "the reason for the exclusion")
        }
        Change::HandlingStandardsConfirmed => match &entity.details.handling_standards {
            None => Err(Refusal::new(
                "G 9.8",
                format!("{} has specified no handling standards", entity.name()),
            )),
            Some(h) if h.confirmed.is_some() => Err(Refusal::new(
                "G 9.8",
                format!(
                    "{}'s handling standards are already confirmed",
                    entity.name()
                ),
            )),
            Some(_) => Ok(()),
        },
        _ => Err(Refusal::new("registry", "not an entity change")),
    }
}
