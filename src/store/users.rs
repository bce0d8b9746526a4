//! Passphrases and logins. Hashes (argon2id) live in their own table, never in the event log,
//! an export or a message; failed logins are recorded in an authentication log and slowed down.

use super::error::StoreError;
use super::passphrase_work::{PassphraseWork, process_work};
use super::registry::{ExecuteError, Store};
use crate::domain::access::Actor;
use crate::domain::change::Change;
use crate::domain::ids::Time;
use crate::domain::record::Record;
use crate::domain::user::user_id;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use redb::{ReadableTable, TableDefinition};
use serde::Serialize;
use std::time::Duration;
use thiserror::Error;
use zeroize::Zeroizing;

/// user name → argon2id PHC string. Outside the log: rebuilding from the log keeps it.
pub const CREDENTIALS: TableDefinition<&str, &str> = TableDefinition::new("credentials");
/// `terminal:<terminal>` → consecutive failed logins typed there (any names). Registries made
/// before the back-off counted per terminal may still hold keys that are user names: unused.
const FAILURES: TableDefinition<&str, u32> = TableDefinition::new("login_failures");
/// sequence → one line of the authentication log (JSON).
pub const AUTH_LOG: TableDefinition<u64, &str> = TableDefinition::new("auth_log");

/// argon2id with the given work (`PassphraseWork::STANDARD`: 64 MiB, 2 passes, about a quarter
/// of a second). Parameters travel in each stored hash, so they can be raised later.
fn hasher(work: PassphraseWork) -> Argon2<'static> {
    let params =
        Params::new(work.memory_kib(), work.passes(), 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// The shortest passphrase accepted.
pub const MIN_PASSPHRASE: usize = 8;

#[derive(Debug, Error)]
pub enum AuthError {
    /// One message whether the user does not exist, is disabled, or typed the wrong
    /// passphrase: a login screen must not tell an intruder which names exist.
    #[error("unknown user or wrong passphrase")]
    Refused,
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// One line of the authentication log.
#[derive(Debug, Serialize)]
pub struct AuthEvent {
    pub at: String,
    pub user: String,
    pub outcome: &'static str,
    pub consecutive_failures: u32,
}

/// Hashes a passphrase for storage, with this process's work.
pub fn hash_passphrase(passphrase: &str) -> Result<String, StoreError> {
    hash_passphrase_with(process_work(), passphrase)
}

/// Hashes a passphrase for storage with the given work.
pub fn hash_passphrase_with(work: PassphraseWork, passphrase: &str) -> Result<String, StoreError> {
    if passphrase.chars().count() < MIN_PASSPHRASE {
        return Err(StoreError::Io {
            path: "passphrase".into(),
            message: format!("a passphrase needs at least {MIN_PASSPHRASE} characters"),
        });
    }
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    hasher(work)
        .hash_password(passphrase.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Corrupt(format!("hashing a passphrase: {e}")))
}

fn verify(passphrase: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        // The check uses the parameters written in the stored hash.
        Ok(hash) => Argon2::default()
            .verify_password(passphrase.as_bytes(), &hash)
            .is_ok(),
        Err(_) => false,
    }
}

/// Creates the tables of this file (with a new registry).
pub fn create_tables(txn: &redb::WriteTransaction) -> Result<(), StoreError> {
    txn.open_table(CREDENTIALS)?;
    txn.open_table(FAILURES)?;
    txn.open_table(AUTH_LOG)?;
    Ok(())
}

impl Store {
    /// Checks a user's passphrase, typed at this process's terminal (see `this_terminal`).
    /// How long the next login attempt typed at `terminal` will wait before it is checked.
    pub fn back_off_at(&self, terminal: &str) -> Result<Duration, StoreError> {
        let txn = self.db().begin_read()?;
        let fails = txn.open_table(FAILURES)?;
        let failures = fails
            .get(terminal_key(terminal).as_str())?
            .map_or(0, |v| v.value());
        Ok(back_off(failures))
    }

    pub fn authenticate(&self, name: &str, passphrase: &str) -> Result<Actor, AuthError> {
        self.authenticate_at(&this_terminal(), name, passphrase)
    }

    /// Checks a user's passphrase typed at `terminal`. Every path costs one argon2
    /// verification, so timing does not tell whether the name exists. The back-off counts
    /// the consecutive failures at that terminal, whatever names were typed: from the third,
    /// each further attempt waits longer (1 s, 2 s, 4 s … 16 s), for a real name and an
    /// unknown one alike, and failures typed at another terminal never make this one wait.
    pub fn authenticate_at(
        &self,
        terminal: &str,
        name: &str,
        passphrase: &str,
    ) -> Result<Actor, AuthError> {
        let passphrase = Zeroizing::new(passphrase.to_string());
        let name = name.trim();
        let terminal_key = terminal_key(terminal);
        let (account, stored, failures) = {
            let txn = self.db().begin_read().map_err(StoreError::from)?;
            let account = match self.record(&user_id(name))? {
                Some(Record::User(u)) if !u.disabled => Some(u),
                _ => None,
            };
            let creds = txn.open_table(CREDENTIALS).map_err(StoreError::from)?;
            let stored = creds
                .get(name)
                .map_err(StoreError::from)?
                .map(|v| v.value().to_string());
            let fails = txn.open_table(FAILURES).map_err(StoreError::from)?;
            let failures = fails
                .get(terminal_key.as_str())
                .map_err(StoreError::from)?
                .map_or(0, |v| v.value());
            (account, stored, failures)
        };
        std::thread::sleep(back_off(failures));
        // A fixed, valid hash with this process's work stands in for a missing user so the
        // work done is the same.
        let ok = match (&account, &stored) {
            (Some(_), Some(hash)) => verify(&passphrase, hash),
            _ => {
                verify(&passphrase, &dummy_hash());
                false
            }
        };
        let now = self.now();
        // What was typed as an unknown name is not written down: it may be a passphrase
        // typed in the wrong field.
        let (logged_name, result) = match account {
            Some(u) if ok => {
                let actor = Actor {
                    name: u.name,
                    roles: u.roles,
                    clearance: u.clearance,
                };
                (name, Ok(actor))
            }
            Some(_) => (name, Err(AuthError::Refused)),
            None => ("(unknown or disabled user)", Err(AuthError::Refused)),
        };
        let failures = if result.is_ok() { 0 } else { failures + 1 };
        let outcome = if result.is_ok() {
            "logged in"
        } else {
            "refused"
        };
        // A read-only registry cannot keep the count or the log: the login is checked all
        // the same (SECURITY.md: what a read-only copy gives an attacker).
        if !self.is_read_only() {
            self.note_login(&terminal_key, logged_name, now, outcome, failures)?;
        }
        result
    }

    fn note_login(
        &self,
        terminal_key: &str,
        name: &str,
        at: Time,
        outcome: &'static str,
        failures: u32,
    ) -> Result<(), StoreError> {
        let txn = self.begin_write()?;
        {
            let mut fails = txn.open_table(FAILURES)?;
            if failures == 0 {
                fails.remove(terminal_key)?;
            } else {
                fails.insert(terminal_key, failures)?;
            }
            let mut log = txn.open_table(AUTH_LOG)?;
            let next = log.last()?.map_or(1, |(k, _)| k.value() + 1);
            let line = serde_json::to_string(&AuthEvent {
                at: at.to_rfc3339(),
                user: name.chars().take(64).collect(),
                outcome,
                consecutive_failures: failures,
            })
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            log.insert(next, line.as_str())?;
        }
        txn.commit()?;
        Ok(())
    }

    /// The authentication log, oldest first.
    pub fn auth_log(&self) -> Result<Vec<String>, StoreError> {
        let txn = self.db().begin_read()?;
        let log = txn.open_table(AUTH_LOG)?;
        let mut out = Vec::new();
        for entry in log.iter()? {
            out.push(entry?.1.value().to_string());
        }
        Ok(out)
    }

    /// Adds a user (an administrator's action), with the passphrase hash stored beside the
    /// event in the same transaction.
    pub fn add_user(
        &self,
        by: &Actor,
        name: &str,
        roles: Vec<crate::domain::role::Role>,
        clearance: crate::domain::marking::Classification,
        passphrase: &str,
    ) -> Result<(), ExecuteError> {
        let hash = hash_passphrase(passphrase)?;
        let change = Change::UserAdded {
            name: name.trim().to_string(),
            roles,
            clearance,
        };
        self.execute_with_credential(Some(by), &user_id(name), change, name.trim(), &hash)
    }

    /// Changes one's own passphrase.
    pub fn change_passphrase(&self, me: &Actor, new: &str) -> Result<(), ExecuteError> {
        let hash = hash_passphrase(new)?;
        self.execute_with_credential(
            Some(me),
            &user_id(&me.name),
            Change::PassphraseChanged,
            &me.name,
            &hash,
        )
    }

    /// The first administrator of a new registry: no one exists yet to authorise it.
    pub fn add_first_administrator(
        &self,
        name: &str,
        clearance: crate::domain::marking::Classification,
        passphrase: &str,
    ) -> Result<(), ExecuteError> {
        let hash = hash_passphrase(passphrase)?;
        let change = Change::UserAdded {
            name: name.trim().to_string(),
            roles: vec![crate::domain::role::Role::Admin],
            clearance,
        };
        self.execute_with_credential(None, &user_id(name), change, name.trim(), &hash)
    }
}

/// The wait before a login attempt after `failures` consecutive failures at the same terminal:
/// none for the first two, then 1 s, 2 s, 4 s, 8 s, and 16 s at most.
fn back_off(failures: u32) -> Duration {
    if failures < 2 {
        return Duration::ZERO;
    }
    Duration::from_secs(1 << failures.saturating_sub(2).min(4))
}

fn terminal_key(terminal: &str) -> String {
    format!("terminal:{terminal}")
}

/// Where this process's passphrase is typed: its controlling terminal (the terminal device
/// standard input or output is, as `/dev/pts/3`), or "no terminal" for a script. Scripts
/// without a terminal share one count.
pub fn this_terminal() -> String {
    for fd in [0, 1, 2] {
        if let Ok(target) = std::fs::read_link(format!("/proc/self/fd/{fd}")) {
            let target = target.to_string_lossy().into_owned();
            if target.starts_with("/dev/pts/") || target.starts_with("/dev/tty") {
                return target;
            }
        }
    }
    "no terminal".to_string()
}

/// An argon2id hash no passphrase gives, with the parameters of this process's hashes: checking
/// it costs what checking a real one costs.
fn dummy_hash() -> String {
    let work = process_work();
    format!(
        "$argon2id$v=19$m={},t={},p=1$c29tZXNhbHRzb21lc2FsdA$0Oe2cbQ0ZyxCqD6KgV3BpTX1dKGgYnRYzYtcB0bzj4U",
        work.memory_kib(),
        work.passes()
    )
}
