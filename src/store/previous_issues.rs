//! Annex B Q6 read from the store (G 8.1.3): what the registry holds against an entity — its
//! breaches and suspensions, and in its history the shares declined or withdrawn and the
//! products rejected. The console's Sharing Risk Assessment form and the demo both ask here.

use super::{Store, StoreError};
use crate::domain::ids::{RecordId, Time};
use crate::domain::previous_issues::{PreviousIssue, found};
use crate::domain::record::Record;

/// How far back the entity's history is read (its most recent records first).
pub const HISTORY_READ: usize = 2000;

impl Store {
    /// The previous issues with `entity` the registry holds at `now`, leaving out `this`
    /// (the share being assessed). An entity merged into another answers for that one.
    pub fn previous_issues(
        &self,
        entity: &RecordId,
        this: &RecordId,
        now: Time,
    ) -> Result<Vec<PreviousIssue>, StoreError> {
        let mut id = entity.clone();
        let mut e = None;
        for _ in 0..8 {
            match self.record(&id)? {
                Some(Record::Entity(found)) => match found.merged_into.clone() {
                    Some(into) => id = into,
                    None => {
                        e = Some(found);
                        break;
                    }
                },
                _ => break,
            }
        }
        let Some(e) = e else {
            return Ok(Vec::new());
        };
        let mut breaches = Vec::new();
        for b in &e.breaches {
            if let Some(Record::Breach(b)) = self.record(b)? {
                breaches.push(b);
            }
        }
        let history = self.entity_history(&e.id, HISTORY_READ)?;
        Ok(found(&e, &breaches, &history, this, now))
    }
}
