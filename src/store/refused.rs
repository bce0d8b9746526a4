//! Attempts refused by a rule or by a role (G H "Monitoring and compliance": the compliance
//! report counts them). Nothing was recorded by a refused attempt, so it is not an event of
//! the log and does not travel in bundles; like the authentication log it is kept at this
//! station, one line per attempt: when, who, on what, what was tried, the paragraph and why.

use redb::{ReadableTable, TableDefinition};
use serde::{Deserialize, Serialize};

use super::error::StoreError;
use super::registry::{ExecuteError, Store};
use crate::domain::ids::{RecordId, Time};

/// Sequence → JSON `RefusedAttempt`.
pub const REFUSED_ATTEMPTS: TableDefinition<u64, &str> = TableDefinition::new("refused_attempts");

/// The longest text kept of a reason (a refusal names a record or a person, never content).
const MAX_REASON: usize = 500;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefusedAttempt {
    pub at: Time,
    pub user: String,
    /// The record it was tried on, if any.
    pub target: Option<String>,
    /// What was tried ("receipt disseminated", …).
    pub what: String,
    /// The Guidelines paragraph of the rule that refused it; none when a role did.
    pub paragraph: Option<String>,
    /// Why, in words (the refusal the person was shown).
    pub reason: String,
}

impl RefusedAttempt {
    /// The attempt `error` refused, or none when the store failed (not a refusal).
    pub fn of(
        at: Time,
        user: &str,
        target: Option<&RecordId>,
        what: &str,
        error: &ExecuteError,
    ) -> Option<RefusedAttempt> {
        let (paragraph, reason) = match error {
            ExecuteError::Refused(r) => (Some(r.paragraph.to_string()), r.reason.clone()),
            ExecuteError::NotAllowed(n) => (None, n.to_string()),
            ExecuteError::Store(_) => return None,
        };
        Some(RefusedAttempt {
            at,
            user: user.chars().take(64).collect(),
            target: target.map(|t| t.to_string()),
            what: what.to_string(),
            paragraph,
            reason: reason.chars().take(MAX_REASON).collect(),
        })
    }
}

impl Store {
    /// Keeps a refused attempt. Best effort: a registry that is read-only here keeps none,
    /// and a failure to keep one never hides the refusal itself.
    pub(crate) fn keep_refused(&self, attempt: &RefusedAttempt) {
        if self.is_read_only() {
            return;
        }
        let _ = self.try_keep_refused(attempt);
    }

    fn try_keep_refused(&self, attempt: &RefusedAttempt) -> Result<(), StoreError> {
        let line =
            serde_json::to_string(attempt).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let txn = self.begin_write()?;
        {
            let mut t = txn.open_table(REFUSED_ATTEMPTS)?;
            let next = t.last()?.map_or(1, |(k, _)| k.value() + 1);
            t.insert(next, line.as_str())?;
        }
        txn.commit()?;
        Ok(())
    }

    /// The attempts refused at this station from `from` (inclusive) to `to` (exclusive),
    /// oldest first; an old registry that kept none reads as none.
    pub fn refused_attempts(
        &self,
        from: Time,
        to: Time,
    ) -> Result<Vec<RefusedAttempt>, StoreError> {
        let txn = self.db().begin_read()?;
        let Some(t) = super::tables::present(txn.open_table(REFUSED_ATTEMPTS))? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for entry in t.iter()? {
            let (_, v) = entry?;
            let attempt: RefusedAttempt = serde_json::from_str(v.value())
                .map_err(|e| StoreError::Corrupt(format!("a refused attempt: {e}")))?;
            if attempt.at >= from && attempt.at < to {
                out.push(attempt);
            }
        }
        Ok(out)
    }
}
