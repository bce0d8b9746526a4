//! `registrar init`: creates the registry of this station.

use super::CliError;
use super::auth::{Credentials, new_passphrase};
use super::said::Say;
use crate::domain::marking::Classification;
use crate::domain::settings::MissionSettings;
use crate::domain::user::valid_user_name;
use crate::store::users::MIN_PASSPHRASE;
use crate::store::{Clock, Store};
use std::path::Path;
use std::sync::Arc;

/// What `init` is told of the station it makes.
pub struct NewStation<'a> {
    pub settings: MissionSettings,
    pub station: &'a str,
    /// The highest marking this station may hold.
    pub clearance: Classification,
}

pub fn run(
    path: &Path,
    NewStation {
        settings,
        station,
        clearance,
    }: NewStation,
    key: &super::keys::KeyPassphrase,
    say: Say,
    creds: &Credentials,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    validate_station_id(station)?;
    if path.exists() {
        return Err(CliError::Failure(format!(
            "{} already exists; refusing to overwrite it, choose another path",
            path.display()
        )));
    }
    let actor = creds.name()?;
    if !valid_user_name(&actor) {
        return Err(CliError::Usage(format!(
            "{actor:?} is not a valid user name (1–40 letters, digits, '.', '-', '_')"
        )));
    }
    settings
        .validate()
        .map_err(|e| CliError::Usage(format!("--mission: {e}")))?;
    let passphrase = new_passphrase(creds.passphrase_file.as_deref(), &actor)?;
    if passphrase.chars().count() < MIN_PASSPHRASE {
        return Err(CliError::Usage(format!(
            "a passphrase needs at least {MIN_PASSPHRASE} characters"
        )));
    }
    // Asked before anything is created, so a registry never exists without its keys.
    let (key_passphrase, key_from_admin) = key.new_one(creds)?;
    use crate::bundle::identity::{KeyWork, MIN_KEY_PASSPHRASE};
    if key_passphrase.chars().count() < MIN_KEY_PASSPHRASE {
        return Err(CliError::Usage(format!(
            "a station key passphrase needs at least {MIN_KEY_PASSPHRASE} characters"
        )));
    }
    KeyWork::from_env()?;
    let mission = settings.mission.clone();
    let exercise = settings.exercise;
    // Built under a temporary name and renamed when complete: a killed init leaves no
    // registry without users or keys under the real name.
    let public = crate::store::whole_file::build_whole(path, |tmp| -> Result<_, CliError> {
        let store = Store::create(tmp, station, settings, &actor, clock)?;
        store.set_station_clearance(clearance)?;
        store.add_first_administrator(&actor, clearance, &passphrase)?;
        let admin = crate::domain::access::Actor {
            name: actor.clone(),
            roles: vec![crate::domain::role::Role::Admin],
            clearance,
        };
        super::keys::create_at_init(&store, &admin, &key_passphrase)
    })?;
    let said = serde_json::json!({
        "done": "registry created",
        "file": path,
        "mission": mission,
        "station": station,
        "clearance": clearance.key(),
        "exercise": exercise,
        "administrator": actor,
        "keys": public,
        "key_passphrase_is_administrators": key_from_admin,
    });
    if say.json() {
        return super::print_json(&said);
    }
    super::keys::say_keys_made(&public, &actor, key_from_admin);
    outln!(
        "created the registry of {} station {} at {} (station clearance: {clearance})",
        mission,
        station,
        path.display()
    );
    if exercise {
        outln!("a registry for exercises: it accepts a pretend time (--now)");
    }
    outln!(
        "{actor} is its first administrator: log in as {actor} to add the station's users (`registrar user add`)"
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
