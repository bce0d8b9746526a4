//! `registrar quarantine list | dismiss SENDER NUMBER`: the bundles set aside because the
//! history they carry conflicts with the one this registry holds (a fork). Nothing of them was
//! applied; a person finds out why (a station restored from an old copy, a history forged
//! before signed chain heads) and dismisses them once decided (recorded in the log).

use super::CliError;
use super::auth::Credentials;
use super::said::Say;
use crate::bundle::export::authorise;
use crate::bundle::quarantine::{dismiss, quarantined};
use crate::store::{Clock, Store};
use clap::Subcommand;
use std::path::Path;
use std::sync::Arc;

#[derive(Debug, Subcommand)]
pub enum QuarantineCommand {
    /// Every bundle set aside, with why
    List,
    /// Drop a bundle set aside, once decided (nothing of it was applied)
    Dismiss {
        /// The station that sent it
        sender: String,
        /// Its number
        number: u64,
    },
}

#[derive(serde::Serialize)]
struct Shown {
    sender: String,
    number: u64,
    at: String,
    reason: String,
}

pub fn run(
    path: &Path,
    command: QuarantineCommand,
    say: Say,
    creds: &Credentials,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let store = Store::open(path, clock)?;
    let me = creds.login(&store)?;
    authorise(&store, &me)?;
    match command {
        QuarantineCommand::List => {
            let all: Vec<Shown> = quarantined(&store, &me)?
                .into_iter()
                .map(|q| Shown {
                    sender: q.sender,
                    number: q.number,
                    at: q.at,
                    reason: q.reason,
                })
                .collect();
            if say.json() {
                return super::print_json(&all);
            }
            if all.is_empty() {
                outln!("no bundle is quarantined");
            }
            for q in all {
                outln!(
                    "bundle {} from {} (set aside {}): {}",
                    q.number,
                    q.sender,
                    q.at,
                    q.reason
                );
            }
        }
        QuarantineCommand::Dismiss { sender, number } => {
            dismiss(&store, &me, &sender, number).map_err(|e| match e {
                crate::bundle::BundleError::Invalid(m) => CliError::Usage(m),
                e => e.into(),
            })?;
            let said = serde_json::json!({"done": "bundle dismissed", "sender": sender,
                "number": number});
            say.either(&said, || {
                outln!(
                    "bundle {number} from {sender} dismissed (recorded in the log): nothing of it was applied"
                )
            })?;
        }
    }
    Ok(())
}
