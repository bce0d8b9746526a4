//! The registry held in memory: guards then apply, exactly as the store does in a write
//! transaction. Used to recompute state from a log, and by tests of the rules.

use super::apply::{ApplyError, EventContext, apply};
use super::change::Change;
use super::guards;
use super::ids::{RecordId, Time, settings_id};
use super::refusal::Refusal;
use super::view::MemoryView;
use std::collections::HashMap;

#[derive(Clone, Debug, Default)]
pub struct MemoryRegistry {
    pub view: MemoryView,
    station: String,
    counters: HashMap<&'static str, u64>,
}

impl MemoryRegistry {
    pub fn new(station: &str) -> Self {
        MemoryRegistry {
            station: station.to_string(),
            ..Default::default()
        }
    }

    /// Checks a change against the rules and, if allowed, applies it. Returns the id of the
    /// record changed or created.
    pub fn execute(
        &mut self,
        target: Option<&RecordId>,
        change: Change,
        actor: &str,
        now: Time,
    ) -> Result<RecordId, Refusal> {
        let target = match (&change, target) {
            (Change::RegistryInitialised { .. }, None) => Some(settings_id()),
            (_, t) => t.cloned(),
        };
        guards::check(target.as_ref(), &change, &self.view, now, actor)?;
        let id = match target {
            Some(id) => id,
            None => {
                let kind = change
                    .creates()
                    .ok_or_else(|| Refusal::new("registry", "which record?"))?;
                let n = self.counters.entry(kind.prefix()).or_default();
                *n += 1;
                RecordId::new(kind, &self.station, *n)
            }
        };
        self.replay(&id, &change, actor, now)
            .map_err(|e| Refusal::new("registry", e.to_string()))?;
        Ok(id)
    }

    /// Applies an already-recorded event without checking the rules (they were checked
    /// when it was recorded).
    pub fn replay(
        &mut self,
        id: &RecordId,
        change: &Change,
        actor: &str,
        at: Time,
    ) -> Result<(), ApplyError> {
        let cx = EventContext { actor, at };
        for record in apply(&self.view, id, change, &cx)? {
            self.view.records.insert(record.id(), record);
        }
        Ok(())
    }
}
