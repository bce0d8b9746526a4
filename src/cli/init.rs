//! `registrar init`: creates the registry of this station.

use super::CliError;
use crate::domain::marking::Classification;
use crate::domain::settings::MissionSettings;
use crate::store::{Clock, Store};
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;

pub fn run(
    path: &Path,
    mission: &str,
    station: &str,
    clearance: Classification,
    user: Option<&str>,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    validate_station_id(station)?;
    let actor = match user {
        Some(u) if !u.trim().is_empty() => u.trim().to_string(),
        _ => ask_name()?,
    };
    let settings = MissionSettings::new(mission.trim());
    settings
        .validate()
        .map_err(|e| CliError::Usage(format!("--mission: {e}")))?;
    let store = Store::create(path, station, settings, &actor, clock)?;
    store.set_station_clearance(clearance)?;
    println!(
        "created the registry of {} station {} at {} (station clearance: {clearance})",
        mission.trim(),
        station,
        path.display()
    );
    Ok(())
}

/// A station id names files and record ids: letters, digits and dashes only.
fn validate_station_id(station: &str) -> Result<(), CliError> {
    let ok = !station.is_empty()
        && station.len() <= 40
        && station
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(CliError::Usage(format!(
            "--station {station:?}: use 1–40 letters, digits and dashes (e.g. MINUSCA-JMAC-1)"
        )))
    }
}

fn ask_name() -> Result<String, CliError> {
    if !std::io::stdin().is_terminal() {
        return Err(CliError::Usage(
            "name the person who initialises the registry with --user NAME".into(),
        ));
    }
    print!("Your name (the first administrator): ");
    std::io::stdout().flush().ok();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| CliError::Failure(e.to_string()))?;
    let name = line.trim().to_string();
    if name.is_empty() {
        return Err(CliError::Usage("a name is needed".into()));
    }
    Ok(name)
}
