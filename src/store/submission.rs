//! One submission of the console — a form's steps, e.g. the fast path's receipt and every
//! alert raised — recorded in ONE write transaction as the person logged in: all of it, or
//! nothing if any step is refused (a receipt never stands without the alerts registered with
//! it). Each step is checked in turn (`execute_as` is a submission of one): the person's current roles,
//! then their clearance for what the step touches, then the rules.

use super::error::StoreError;
use super::refused::RefusedAttempt;
use super::registry::{ExecuteError, Store};
use super::tables::{DerivedTables, LogTables};
use crate::domain::access::{Actor, NotAllowed, cleared_for, may};
use crate::domain::change::Change;
use crate::domain::ids::RecordId;
use crate::domain::marking::Classification;
use crate::domain::user::user_id;

/// What a step acts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// It creates a record.
    New,
    /// A record already in the registry.
    Existing(RecordId),
    /// The record an earlier step of the same submission created (by its index).
    Made(usize),
}

impl Store {
    /// Records `steps` as `actor` in one transaction. `prepare` sees each change before it is
    /// checked, with the ids the earlier steps made (an entity registered inline is named by
    /// the receipt after it). Returns one id per step.
    pub fn execute_steps_as(
        &self,
        actor: &Actor,
        steps: Vec<(Target, Change)>,
        prepare: &dyn Fn(&mut Change, &[RecordId]),
    ) -> Result<Vec<RecordId>, ExecuteError> {
        let current = self.current_actor(actor)?;
        let txn = self.begin_write()?;
        // The step being checked: kept for the compliance report if it is refused.
        let mut tried: Option<(Option<RecordId>, &'static str)> = None;
        match self.steps_in(&txn, &current, steps, prepare, &mut tried) {
            Ok(ids) => {
                txn.commit().map_err(StoreError::from)?;
                Ok(ids)
            }
            Err(e) => {
                // Nothing of the submission is written; the refusal is kept once the
                // transaction is gone.
                drop(txn);
                if let Some((target, what)) = tried
                    && let Some(attempt) =
                        RefusedAttempt::of(self.now(), &current.name, target.as_ref(), what, &e)
                {
                    self.keep_refused(&attempt);
                }
                Err(e)
            }
        }
    }

    fn steps_in(
        &self,
        txn: &redb::WriteTransaction,
        current: &Actor,
        steps: Vec<(Target, Change)>,
        prepare: &dyn Fn(&mut Change, &[RecordId]),
        tried: &mut Option<(Option<RecordId>, &'static str)>,
    ) -> Result<Vec<RecordId>, ExecuteError> {
        let mut ids: Vec<RecordId> = Vec::with_capacity(steps.len());
        let mut levels: Vec<Option<Classification>> = Vec::with_capacity(steps.len());
        let mut log = LogTables::open(txn)?;
        let mut derived = DerivedTables::open(txn)?;
        for (target, mut change) in steps {
            prepare(&mut change, &ids);
            if matches!(change, Change::UserAdded { .. } | Change::PassphraseChanged) {
                return Err(ExecuteError::NotAllowed(NotAllowed {
                    action: "add users or change passphrases except through the user commands",
                    roles: vec![],
                }));
            }
            let (target, level) = match target {
                Target::New => (None, change.declared_level()),
                Target::Existing(id) => {
                    let level = self.record(&id)?.map(|r| r.marking().level);
                    (Some(id), level)
                }
                Target::Made(i) => match (ids.get(i), levels.get(i)) {
                    (Some(id), Some(level)) => (Some(id.clone()), *level),
                    _ => {
                        return Err(ExecuteError::Store(StoreError::Corrupt(
                            "a step names a record no earlier step made".into(),
                        )));
                    }
                },
            };
            *tried = Some((target.clone(), change.describe()));
            let is_self = target.as_ref() == Some(&user_id(&current.name));
            may(current, &change, is_self).map_err(ExecuteError::NotAllowed)?;
            if let Some(level) = level {
                cleared_for(current, level).map_err(ExecuteError::NotAllowed)?;
            }
            let made_level = change.declared_level().or(level);
            let id = self.execute_in(
                &mut log,
                &mut derived,
                &current.name,
                target.as_ref(),
                change,
            )?;
            ids.push(id);
            levels.push(made_level);
        }
        derived.finish()?;
        Ok(ids)
    }
}
