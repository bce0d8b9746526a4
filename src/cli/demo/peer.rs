//! The demo's peer station, DPO-HQ: a registry of its own beside the demo's (`demo-hq.redb`
//! for `demo.redb`), with its own station keys; each trusts the other, so export and import
//! are tried at once — export at the demo, import at HQ, and the acknowledgement back.

use super::{DEMO_KEY_PASSPHRASE, DEMO_MISSION};
use crate::bundle::identity::{KeyWork, create_station_keys, public_keys};
use crate::bundle::trust::trust;
use crate::cli::CliError;
use crate::domain::ids::Time;
use crate::domain::marking::Classification;
use crate::domain::settings::MissionSettings;
use crate::store::{FixedClock, Store};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The peer's station id.
pub const PEER_STATION: &str = "DPO-HQ";
/// The peer's administrator (passphrase `demo-chief`), who imports and acknowledges there.
pub const PEER_USER: &str = "chief";

/// Where the peer's registry is kept: beside the demo's, named after it (`demo-hq.redb`).
pub fn peer_path(demo: &Path) -> PathBuf {
    let stem = demo
        .file_stem()
        .map_or("demo".into(), |s| s.to_string_lossy().into_owned());
    demo.with_file_name(format!("{stem}-hq.redb"))
}

/// Builds the peer's registry at `hq_path` (replacing a demo peer left from an earlier demo)
/// and records the trust both ways; `demo` is the demo registry being built, at `now`.
pub fn build(demo: &Store, hq_path: &Path, now: Time) -> Result<(), CliError> {
    if hq_path.exists() {
        let old = Store::open(hq_path, Arc::new(FixedClock::new(now)))?;
        if !old.is_demo()? {
            return Err(CliError::Failure(format!(
                "{} is a real registry, not the demo's peer; move it, or give the demo another file with --store PATH",
                hq_path.display()
            )));
        }
        drop(old);
        std::fs::remove_file(hq_path)
            .map_err(|e| CliError::Failure(format!("{}: {e}", hq_path.display())))?;
    }
    let demo_keys = public_keys(demo)?;
    let demo_admin = demo.authenticate("admin", "demo-admin")?;
    let hq_keys = crate::store::whole_file::build_whole(hq_path, |tmp| {
        let mut settings = MissionSettings::new(format!("DPO HQ — peer of {DEMO_MISSION}"));
        settings.exercise = true;
        let clock = Arc::new(FixedClock::new(now));
        let hq = Store::create_for_build(tmp, PEER_STATION, settings, PEER_USER, clock)?;
        hq.mark_demo()?;
        let passphrase = format!("demo-{PEER_USER}");
        hq.add_first_administrator(PEER_USER, Classification::StrictlyConfidential, &passphrase)?;
        let chief = hq.authenticate(PEER_USER, &passphrase)?;
        let keys = create_station_keys(&hq, &chief, DEMO_KEY_PASSPHRASE, KeyWork::with_log_n(12))?;
        trust(
            &hq,
            &chief,
            &demo_keys.station,
            &demo_keys.age_recipient,
            &demo_keys.signing_key,
            Classification::StrictlyConfidential,
        )?;
        hq.finish_build()?;
        Ok::<_, CliError>(keys)
    })?;
    trust(
        demo,
        &demo_admin,
        PEER_STATION,
        &hq_keys.age_recipient,
        &hq_keys.signing_key,
        Classification::Confidential,
    )?;
    Ok(())
}
