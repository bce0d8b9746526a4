//! The workflow steps from the command line (issue 11): `entity …`, `receipt …`, `share …`,
//! `assessment …`, `breach …`, `preauth …`, `amend`, `void`. Each builds the same domain
//! change the console's form builds and records it through the same guards as the person
//! logged in, with the same refusals and exit codes (3 refused by a rule, 4 not this role's).

pub mod answers;
pub mod ask;
pub mod assessment;
pub mod breach;
pub mod correct;
pub mod entity;
pub mod preauth;
pub mod receipt;
pub mod share;

pub use assessment::AssessmentCommand;
pub use breach::BreachCommand;
pub use entity::EntityCommand;
pub use preauth::PreauthCommand;
pub use receipt::ReceiptCommand;
pub use share::ShareCommand;

use super::CliError;
use super::auth::Credentials;
use crate::domain::access::Actor;
use crate::domain::change::Change;
use crate::domain::ids::{RecordId, Time};
use crate::domain::record::Record;
use crate::domain::stated_time::{TIME_FORMS, parse_stated_time};
use crate::register::filter::{Visibility, visibility};
use crate::store::{Clock, Store};
use clap::{Args, Subcommand};
use serde::de::DeserializeOwned;
use std::path::Path;
use std::sync::Arc;

/// A group of steps (`entity …`, `receipt …`), with how what is recorded is said.
#[derive(Debug, Args)]
pub struct Steps<C: Subcommand> {
    #[command(subcommand)]
    pub command: C,
    /// Say what was recorded as one JSON object: {"id", "change", "what"}
    #[arg(long, global = true)]
    pub json: bool,
}

/// The logged-in person and their store, for one step.
pub struct Session {
    pub store: Store,
    pub me: Actor,
    json: bool,
}

impl Session {
    pub fn open(
        path: &Path,
        creds: &Credentials,
        clock: Arc<dyn Clock>,
        json: bool,
    ) -> Result<Self, CliError> {
        let store = Store::open(path, clock)?;
        let me = creds.current(&store)?;
        Ok(Session { store, me, json })
    }

    pub fn now(&self) -> Time {
        self.store.now()
    }

    /// A stated time (`--at`, `--received`): `now`, `-20m`, `HH:MM`, `YYYY-MM-DD HH:MM`, RFC
    /// 3339; absent means now.
    pub fn stated(&self, flag: &str, text: Option<&str>) -> Result<Time, CliError> {
        match text {
            None => Ok(self.now()),
            Some(t) => parse_stated_time(t, self.now())
                .ok_or_else(|| CliError::Usage(format!("{flag} {t:?}: {TIME_FORMS}"))),
        }
    }

    /// A record by id, as far as this person may know of it (one above their clearance is not
    /// there for them).
    pub fn record(&self, id: &str) -> Result<Record, CliError> {
        let id = RecordId::from(id.trim());
        self.store
            .record(&id)?
            .filter(|r| visibility(&self.me, r) != Visibility::Absent)
            .ok_or_else(|| CliError::Failure(format!("no record {id} in this registry")))
    }

    /// An entity by id or by name (case and spacing aside).
    pub fn entity(&self, given: &str) -> Result<RecordId, CliError> {
        Ok(super::reports::find_entity(&self.store, &self.me, given)?.id)
    }

    /// Records `change` (on `target`, or creating a record) and says what was recorded.
    pub fn record_change(
        &self,
        target: Option<&RecordId>,
        change: Change,
    ) -> Result<RecordId, CliError> {
        let what = change.describe();
        // The change's own name, as it stands in the log and in `history --json`.
        let tag = serde_json::to_value(&change)
            .ok()
            .and_then(|v| v["change"].as_str().map(str::to_string));
        let id = self.store.execute_as(&self.me, target, change)?;
        if self.json {
            crate::cli::print_json(&serde_json::json!({
                "id": id.to_string(),
                "change": tag,
                "what": what,
            }))?;
        } else {
            outln!("{id}: {what}");
        }
        Ok(id)
    }

    /// Records `change` on the record `id`.
    pub fn on(&self, id: &str, change: Change) -> Result<RecordId, CliError> {
        let record = self.record(id)?;
        self.record_change(Some(&record.id()), change)
    }
}

/// A 1-based number given by a person (`--incident 2`), as the 0-based index the domain keeps.
pub fn numbered(flag: &str, n: usize) -> Result<usize, CliError> {
    n.checked_sub(1)
        .ok_or_else(|| CliError::Usage(format!("{flag}: numbers start at 1")))
}

/// A value of one of the domain's fixed lists, written as its key (`operational_tactical`);
/// an unknown key is refused with the list, never defaulted.
pub fn key_of<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_value(serde_json::Value::String(text.trim().to_string())).map_err(|e| {
        let e = e.to_string();
        match e.find("expected") {
            Some(i) => format!("{:?} is not one of them: {}", text, &e[i..]),
            None => e,
        }
    })
}

/// Reads a TOML file into `T`, refusing any key `T` does not know (a mistyped key is never
/// silently dropped).
pub fn toml_file<T: DeserializeOwned>(path: &Path) -> Result<T, CliError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::Failure(format!("{}: {e}", path.display())))?;
    let usage = |e: String| CliError::Usage(format!("{}: {e}", path.display()));
    // One line, as every error (CLI.md): the line of the file and what is wrong there.
    let said = |e: toml::de::Error| match e.span() {
        Some(span) => format!(
            "line {}: {}",
            text[..span.start.min(text.len())].lines().count().max(1),
            e.message()
        ),
        None => e.message().to_string(),
    };
    let document = toml::Deserializer::parse(&text).map_err(|e| usage(said(e)))?;
    let mut unknown = Vec::new();
    let value: Result<T, _> =
        serde_ignored::deserialize(document, |key| unknown.push(key.to_string()));
    // A mistyped key is named whether or not the rest of the file reads.
    let unknown = (!unknown.is_empty()).then(|| format!("unknown keys: {}", unknown.join(", ")));
    let value = match (value, unknown) {
        (Ok(v), None) => v,
        (Ok(_), Some(u)) => return Err(usage(u)),
        (Err(e), None) => return Err(usage(said(e))),
        (Err(e), Some(u)) => return Err(usage(format!("{u}; {}", said(e)))),
    };
    Ok(value)
}
