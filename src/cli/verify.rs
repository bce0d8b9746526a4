//! `registrar verify`: the event chain, then the derived state against a replay of the log.

use super::CliError;
use super::auth::Credentials;
use crate::store::{Clock, Store};
use std::path::Path;
use std::sync::Arc;

pub fn run(
    path: &Path,
    json: bool,
    creds: &Credentials,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let store = Store::open_checked(path, clock)?;
    creds.login(&store)?;
    let verified = store.verify_everything()?;
    let report = verified.chain;
    if let Some(broken) = &report.first_broken {
        return Err(CliError::Failure(format!(
            "the event chain is broken at {broken}"
        )));
    }
    if let Some(diff) = verified.derived {
        return Err(CliError::Failure(format!(
            "the chain is intact but the derived state does not match the log: {diff} (run `registrar rebuild` to derive them again from the log)"
        )));
    }
    if json {
        let stations: serde_json::Map<String, serde_json::Value> = report
            .stations
            .iter()
            .map(|(s, n)| (s.to_string(), serde_json::Value::from(*n)))
            .collect();
        return super::print_json(&serde_json::json!({
            "ok": true,
            "events": report.events,
            "stations": stations,
        }));
    }
    let stations: Vec<String> = report
        .stations
        .iter()
        .map(|(s, n)| format!("{s}: {n}"))
        .collect();
    outln!(
        "ok: {} events, chain intact ({}); records and queues match the log",
        report.events,
        stations.join(", ")
    );
    Ok(())
}
