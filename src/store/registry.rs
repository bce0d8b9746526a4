//! The registry on disk: the event log plus the state derived from it. Every change runs its
//! guard, is applied, and is appended to the log in one write transaction: all or nothing.

use super::clock::Clock;
use super::codec::{decode_record, encode_change};
use super::db::Db;
use super::derive::{index_event, write_records_in};
use super::error::StoreError;
use super::hlc::Hlc;
use super::log::append_local_in;
use super::open::{Meta, Sharing, create_db_for, open_db, open_db_checked};
use super::schema::RECORDS;
use super::table_view::TableView;
use super::tables::{DerivedTables, LogTables};
use super::users::CREDENTIALS;
use crate::domain::access::{Actor, NotAllowed, may};
use crate::domain::apply::{EventContext, apply};
use crate::domain::change::Change;
use crate::domain::guards;
use crate::domain::ids::{RecordId, Time, settings_id};
use crate::domain::record::Record;
use crate::domain::refusal::Refusal;
use crate::domain::settings::MissionSettings;
use crate::domain::user::user_id;
use redb::ReadableTable;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use thiserror::Error;

/// Why a change was not recorded: a rule refused it, or the store failed. Either way nothing
/// was written.
#[derive(Debug, Error)]
pub enum ExecuteError {
    #[error("{0}")]
    Refused(Refusal),
    /// The person's roles do not allow it.
    #[error("not allowed: {0}")]
    NotAllowed(NotAllowed),
    #[error("{0}")]
    Store(#[from] StoreError),
}

pub struct Store {
    db: Db,
    meta: Meta,
    path: PathBuf,
    clock: Arc<dyn Clock>,
    /// How long a write waits for another process's (`shared.rs`).
    write_wait: Duration,
    /// A registry being built privately (`create_for_build`): commits are flushed to disk
    /// together by `finish_build`, not one by one.
    building: bool,
}

/// One change to record: who, on what, what.
pub struct Command {
    pub actor: String,
    pub target: Option<RecordId>,
    pub change: Change,
}

impl Store {
    /// Creates a registry and records its initialisation with the mission's settings.
    pub fn create(
        path: &Path,
        station: &str,
        settings: MissionSettings,
        actor: &str,
        clock: Arc<dyn Clock>,
    ) -> Result<Store, ExecuteError> {
        Self::create_as(path, station, settings, actor, clock, Sharing::Shared)
    }

    /// Creates a registry that only this process sees while it is built under a temporary
    /// name (`whole_file::build_whole`: `demo`): its commits are not flushed to disk one by
    /// one (a demo makes hundreds) but all at once by `finish_build`, before the file is given
    /// its name. A build killed half-way is thrown away whole, so nothing is lost that was
    /// promised.
    pub fn create_for_build(
        path: &Path,
        station: &str,
        settings: MissionSettings,
        actor: &str,
        clock: Arc<dyn Clock>,
    ) -> Result<Store, ExecuteError> {
        Self::create_as(path, station, settings, actor, clock, Sharing::Private)
    }

    /// Flushes every commit of a registry made by `create_for_build` to disk, and closes it.
    pub fn finish_build(self) -> Result<(), StoreError> {
        let txn = self.db.writable()?.begin_write()?;
        txn.commit()?;
        Ok(())
    }

    fn create_as(
        path: &Path,
        station: &str,
        settings: MissionSettings,
        actor: &str,
        clock: Arc<dyn Clock>,
        sharing: Sharing,
    ) -> Result<Store, ExecuteError> {
        let db = create_db_for(path, station, &settings.mission, clock.now(), sharing)?;
        let meta = Meta {
            station: station.to_string(),
            mission: settings.mission.clone(),
            schema_version: super::schema::SCHEMA_VERSION,
            created: clock.now(),
        };
        {
            let txn = db.begin_write().map_err(StoreError::from)?;
            super::users::create_tables(&txn)?;
            txn.commit().map_err(StoreError::from)?;
        }
        let store = Store {
            db: Db::Writable(db),
            meta,
            path: path.to_path_buf(),
            clock,
            write_wait: super::shared::DEFAULT_WRITE_WAIT,
            building: sharing == Sharing::Private,
        };
        store.execute(actor, None, Change::RegistryInitialised { settings })?;
        Ok(store)
    }

    pub fn open(path: &Path, clock: Arc<dyn Clock>) -> Result<Store, StoreError> {
        let store = Self::from_db(open_db(path)?, path, clock)?;
        // What a build killed after its last step left (best effort: a read-only medium
        // keeps it).
        let _ = super::whole_file::remove_leftovers(path);
        Ok(store)
    }

    /// Opens after checking every page of the file (slower: reads the whole registry).
    pub fn open_checked(path: &Path, clock: Arc<dyn Clock>) -> Result<Store, StoreError> {
        Self::from_db(open_db_checked(path)?, path, clock)
    }

    fn from_db(
        (db, meta): (Db, Meta),
        path: &Path,
        clock: Arc<dyn Clock>,
    ) -> Result<Store, StoreError> {
        let mut store = Store {
            db,
            meta,
            path: path.to_path_buf(),
            clock,
            write_wait: super::shared::DEFAULT_WRITE_WAIT,
            building: false,
        };
        if store.meta.schema_version < super::schema::SCHEMA_VERSION {
            store.upgrade_schema()?;
        }
        Ok(store)
    }

    /// Brings an older registry to this schema: the derived records are rebuilt from the log
    /// (which no version changes), then the version is recorded.
    fn upgrade_schema(&mut self) -> Result<(), StoreError> {
        use super::schema::{META, META_SCHEMA_VERSION, SCHEMA_VERSION};
        self.rebuild_derived()?;
        let txn = self.begin_write()?;
        txn.open_table(META)?
            .insert(META_SCHEMA_VERSION, SCHEMA_VERSION.to_le_bytes().as_slice())?;
        txn.commit()?;
        self.meta.schema_version = SCHEMA_VERSION;
        Ok(())
    }

    pub fn meta(&self) -> &Meta {
        &self.meta
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn now(&self) -> Time {
        self.clock.now()
    }

    pub(crate) fn db(&self) -> &Db {
        &self.db
    }

    pub(crate) fn db_mut(&mut self) -> &mut Db {
        &mut self.db
    }

    /// How long a write waits for another process's write to finish.
    /// Whether this registry is being built privately (`create_for_build`).
    pub(crate) fn building(&self) -> bool {
        self.building
    }

    pub fn write_wait(&self) -> Duration {
        self.write_wait
    }

    /// Sets how long a write waits for another process's write to finish.
    pub fn set_write_wait(&mut self, wait: Duration) {
        self.write_wait = wait;
    }

    /// The registry was opened read-only (a read-only file or medium): it reads, and every
    /// write is refused with `StoreError::ReadOnly`.
    pub fn is_read_only(&self) -> bool {
        self.db.is_read_only()
    }

    /// Checks a change against the rules and records it. Returns the record's id.
    pub fn execute(
        &self,
        actor: &str,
        target: Option<&RecordId>,
        change: Change,
    ) -> Result<RecordId, ExecuteError> {
        let mut ids = self.execute_all(vec![Command {
            actor: actor.to_string(),
            target: target.cloned(),
            change,
        }])?;
        ids.pop()
            .ok_or_else(|| StoreError::Corrupt("a change produced no record".into()).into())
    }

    /// Records a change made by an authenticated person: their current roles (read again
    /// from the registry, so a disabled account or a removed role takes effect at once) must
    /// allow it, then the rules must.
    pub fn execute_as(
        &self,
        actor: &Actor,
        target: Option<&RecordId>,
        change: Change,
    ) -> Result<RecordId, ExecuteError> {
        // One step of a submission: the same checks, and a refusal kept the same way.
        let target = match target {
            Some(id) => super::submission::Target::Existing(id.clone()),
            None => super::submission::Target::New,
        };
        let mut ids = self.execute_steps_as(actor, vec![(target, change)], &|_, _| {})?;
        ids.pop()
            .ok_or_else(|| StoreError::Corrupt("a change produced no record".into()).into())
    }

    /// The person as the registry knows them now.
    pub fn current_actor(&self, actor: &Actor) -> Result<Actor, ExecuteError> {
        match self.record(&user_id(&actor.name))? {
            Some(Record::User(u)) if !u.disabled => Ok(Actor {
                name: u.name,
                roles: u.roles,
                clearance: u.clearance,
            }),
            _ => Err(ExecuteError::NotAllowed(NotAllowed {
                action: "act: the account is disabled or unknown",
                roles: vec![],
            })),
        }
    }

    /// Records a user change together with the user's passphrase hash, in one transaction.
    /// `by` is `None` only for the first administrator of a new registry.
    pub(crate) fn execute_with_credential(
        &self,
        by: Option<&Actor>,
        target: &RecordId,
        change: Change,
        name: &str,
        hash: &str,
    ) -> Result<(), ExecuteError> {
        let actor = match by {
            Some(a) => {
                let current = self.current_actor(a)?;
                may(&current, &change, target == &user_id(&current.name))
                    .map_err(ExecuteError::NotAllowed)?;
                current.name
            }
            None => name.to_string(),
        };
        let txn = self.begin_write()?;
        {
            let has_users = txn
                .open_table(RECORDS)
                .map_err(StoreError::from)?
                .range::<&str>("USR-".."USR.")
                .map_err(StoreError::from)?
                .next()
                .is_some();
            if by.is_none() && has_users {
                return Err(ExecuteError::NotAllowed(NotAllowed {
                    action: "add an administrator without being one: this registry has users",
                    roles: vec![crate::domain::role::Role::Admin],
                }));
            }
            let mut log = LogTables::open(&txn)?;
            let mut derived = DerivedTables::open(&txn)?;
            self.execute_in(&mut log, &mut derived, &actor, Some(target), change)?;
            derived.finish()?;
            let mut creds = txn.open_table(CREDENTIALS).map_err(StoreError::from)?;
            creds.insert(name, hash).map_err(StoreError::from)?;
        }
        txn.commit().map_err(StoreError::from)?;
        Ok(())
    }

    /// Records many changes in one transaction: all of them, or none if any is refused.
    pub fn execute_all(&self, commands: Vec<Command>) -> Result<Vec<RecordId>, ExecuteError> {
        self.execute_all_then(commands, &|_| Vec::new())
    }

    /// Records `first`, then what `then` makes of the ids they were given, in one
    /// transaction: all of them, or none if any is refused (a sheet import registers its new
    /// entities and then the lines that name them).
    pub fn execute_all_then(
        &self,
        first: Vec<Command>,
        then: &dyn Fn(&[RecordId]) -> Vec<Command>,
    ) -> Result<Vec<RecordId>, ExecuteError> {
        let txn = self.begin_write()?;
        let mut ids = Vec::with_capacity(first.len());
        {
            let mut log = LogTables::open(&txn)?;
            let mut derived = DerivedTables::open(&txn)?;
            for c in first {
                ids.push(self.execute_in(
                    &mut log,
                    &mut derived,
                    &c.actor,
                    c.target.as_ref(),
                    c.change,
                )?);
            }
            for c in then(&ids) {
                ids.push(self.execute_in(
                    &mut log,
                    &mut derived,
                    &c.actor,
                    c.target.as_ref(),
                    c.change,
                )?);
            }
            derived.finish()?;
        }
        txn.commit().map_err(StoreError::from)?;
        Ok(ids)
    }

    /// Checks and records one change. Anything damaged that the change depends on (the
    /// record it reads, the last event it links to) refuses the write with
    /// `StoreError::DamagedBeforeWrite`.
    pub(crate) fn execute_in(
        &self,
        log: &mut LogTables,
        derived: &mut DerivedTables,
        actor: &str,
        target: Option<&RecordId>,
        change: Change,
    ) -> Result<RecordId, ExecuteError> {
        self.execute_checked(log, derived, actor, target, change)
            .map_err(|e| match e {
                ExecuteError::Store(StoreError::Corrupt(what)) => {
                    ExecuteError::Store(StoreError::DamagedBeforeWrite(what))
                }
                other => other,
            })
    }

    fn execute_checked(
        &self,
        log: &mut LogTables,
        derived: &mut DerivedTables,
        actor: &str,
        target: Option<&RecordId>,
        change: Change,
    ) -> Result<RecordId, ExecuteError> {
        if actor.trim().is_empty() {
            return Err(ExecuteError::Refused(Refusal::new(
                "G C Registers",
                "every change names the person who acted",
            )));
        }
        let now = self.clock.now();
        let target = match (&change, target) {
            (Change::RegistryInitialised { .. }, None) => Some(settings_id()),
            (_, t) => t.cloned(),
        };
        let hlc = Hlc::tick(log.last_hlc()?, now.timestamp_millis());
        let at = Time::from_timestamp_millis(hlc.wall_ms).unwrap_or(now);
        let (id, records) = {
            let view = TableView::new(&derived.records);
            let checked = guards::check(target.as_ref(), &change, &view, now, actor);
            if let Some(e) = view.take_error() {
                return Err(StoreError::Corrupt(e).into());
            }
            checked.map_err(ExecuteError::Refused)?;
            let id = match target {
                Some(id) => id,
                None => self.fresh_id(log, derived, &change)?,
            };
            let cx = EventContext { actor, at };
            let records =
                apply(&view, &id, &change, &cx).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            if let Some(e) = view.take_error() {
                return Err(StoreError::Corrupt(e).into());
            }
            (id, records)
        };
        write_records_in(derived, &records)?;
        let appended = append_local_in(
            log,
            &self.meta.station,
            actor,
            id.as_str(),
            encode_change(&change),
            hlc,
        )?;
        index_event(derived, id.as_str(), appended.position)?;
        Ok(id)
    }

    fn allocate_id(&self, log: &mut LogTables, change: &Change) -> Result<RecordId, StoreError> {
        let kind = change
            .creates()
            .ok_or_else(|| StoreError::Corrupt("a change without a target".into()))?;
        let key = format!("next_id:{}", kind.prefix());
        let n = match log.meta.get(key.as_str())? {
            Some(v) => {
                let b: [u8; 8] = v
                    .value()
                    .try_into()
                    .map_err(|_| StoreError::Corrupt(format!("meta {key} is damaged")))?;
                u64::from_le_bytes(b) + 1
            }
            None => 1,
        };
        log.meta.insert(key.as_str(), n.to_le_bytes().as_slice())?;
        Ok(RecordId::new(kind, &self.meta.station, n))
    }

    /// A new record's id must be new: a damaged counter would otherwise overwrite a record.
    fn fresh_id(
        &self,
        log: &mut LogTables,
        derived: &DerivedTables,
        change: &Change,
    ) -> Result<RecordId, StoreError> {
        let id = self.allocate_id(log, change)?;
        if derived.records.get(id.as_str())?.is_some() {
            return Err(StoreError::Corrupt(format!(
                "the counter of new {} ids points at {id}, which already exists",
                id.as_str().split('-').next().unwrap_or_default()
            )));
        }
        Ok(id)
    }

    /// The current state of one record.
    pub fn record(&self, id: &RecordId) -> Result<Option<Record>, StoreError> {
        let txn = self.db.begin_read()?;
        let table = txn.open_table(RECORDS)?;
        match table.get(id.as_str())? {
            Some(bytes) => Ok(Some(decode_record(id.as_str(), bytes.value())?)),
            None => Ok(None),
        }
    }

    pub fn settings(&self) -> Result<MissionSettings, StoreError> {
        match self.record(&settings_id())? {
            Some(Record::Settings(s)) => Ok(s),
            _ => Err(StoreError::Corrupt(
                "the registry has no mission settings".into(),
            )),
        }
    }
}
