//! `registrar demo`: a realistic registry to learn and try the tool on.

mod builder;
mod chapters;
mod content;
mod follow_up;
mod lists;
pub mod peer;
mod scale;
mod scenario;
mod truth;

use super::CliError;
use super::queue::render;
use super::said::Say;
use crate::domain::marking::Classification;
use crate::domain::queue::Queue;
use crate::domain::role::Role;
use crate::domain::settings::MissionSettings;
use crate::store::{Clock, FixedClock, Store};
use builder::Demo;
use chrono::Duration;
use std::path::Path;
use std::sync::Arc;

pub const DEMO_STATION: &str = "MINUSCA-JMAC-1";
pub const DEMO_MISSION: &str = "MINUSCA (demo)";

/// Creates the demo registry if absent, then opens the console on it (`console`), or prints
/// its queues (`--no-tui`).
pub fn run(
    path: &Path,
    records: Option<u64>,
    console: Option<crate::tui::Options>,
    say: Say,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let now = clock.now();
    let created = !path.exists();
    let store = if path.exists() {
        let store = Store::open(path, clock)?;
        if !store.is_demo()? {
            return Err(CliError::Failure(format!(
                "{} is a real registry, not a demo; give the demo its own file with --store PATH",
                path.display()
            )));
        }
        say.aside(&format!("demo registry already at {}", path.display()));
        store
    } else {
        // Built under a temporary name and renamed when complete: a killed demo leaves no
        // half-built demo for the next run to reuse.
        crate::store::whole_file::build_whole(path, |tmp| {
            create(tmp, &peer::peer_path(path), now)?
                .finish_build()
                .map_err(CliError::from)
        })?;
        let store = Store::open(path, clock)?;
        if !say.json() {
            outln!("created a demo registry at {}", path.display());
            print_users();
        }
        store
    };
    if let Some(n) = records {
        scale::add(&store, n, now)?;
    }
    if let Some(options) = console {
        // One process holds the registry at a time: the console opens it afresh, on its clock.
        drop(store);
        return crate::tui::run_path(path, options).map_err(|e| CliError::Failure(e.to_string()));
    }
    // Shown as the IM FP sees them, through the same need-to-know filter as everywhere.
    let imfp = store.authenticate("imfp", "demo-imfp")?;
    if say.json() {
        let mut queues = serde_json::Map::new();
        for q in Queue::ALL {
            let items = serde_json::to_value(store.queue_for(&imfp, q, now)?)
                .map_err(|e| CliError::Failure(e.to_string()))?;
            queues.insert(q.key().to_string(), items);
        }
        let users: Vec<serde_json::Value> = DEMO_USERS
            .iter()
            .map(|(name, role, clearance)| {
                serde_json::json!({"user": name, "role": role.key(), "clearance": clearance.key(),
                    "passphrase": format!("demo-{name}")})
            })
            .collect();
        return super::print_json(&serde_json::json!({
            "done": if created { "demo created" } else { "demo already there" },
            "file": path,
            "records_added": records.unwrap_or(0),
            "users": users,
            "key_passphrase": DEMO_KEY_PASSPHRASE,
            "peer": {"station": peer::PEER_STATION, "file": peer::peer_path(path),
                "user": peer::PEER_USER, "passphrase": format!("demo-{}", peer::PEER_USER)},
            "queues_as": "imfp",
            "queues": queues,
        }));
    }
    outln!("\nqueues as the IM FP (imfp) sees them:");
    for q in Queue::ALL {
        outln!();
        out!("{}", render(q, &store.queue_for(&imfp, q, now)?));
    }
    Ok(())
}

/// The demo's people: one per role, named after it, passphrase `demo-<name>`. The analyst is
/// cleared only to Confidential, so the need-to-know filter shows.
pub const DEMO_USERS: [(&str, Role, Classification); 8] = [
    ("admin", Role::Admin, Classification::StrictlyConfidential),
    ("imfp", Role::Imfp, Classification::StrictlyConfidential),
    ("analyst", Role::Analyst, Classification::Confidential),
    ("hro", Role::Hro, Classification::StrictlyConfidential),
    ("hom", Role::Hom, Classification::StrictlyConfidential),
    ("micm", Role::Micm, Classification::StrictlyConfidential),
    ("legal", Role::Legal, Classification::StrictlyConfidential),
    (
        "oversight",
        Role::Oversight,
        Classification::StrictlyConfidential,
    ),
];

fn add_users(store: &Store) -> Result<(), CliError> {
    let (admin, _, clearance) = DEMO_USERS[0];
    store.add_first_administrator(admin, clearance, &format!("demo-{admin}"))?;
    let by = store.authenticate(admin, &format!("demo-{admin}"))?;
    for (name, role, clearance) in &DEMO_USERS[1..] {
        store.add_user(&by, name, vec![*role], *clearance, &format!("demo-{name}"))?;
    }
    // The station's bundle keys. Their passphrase is printed for everyone, so a light scrypt
    // work factor protects exactly as much as the standard one would.
    crate::bundle::identity::create_station_keys(
        store,
        &by,
        DEMO_KEY_PASSPHRASE,
        crate::bundle::identity::KeyWork::with_log_n(12),
    )?;
    Ok(())
}

/// The demo station's key passphrase (for `export`, `import`, `keys export-identity`).
pub const DEMO_KEY_PASSPHRASE: &str = "demo-station";

fn print_users() {
    outln!("demo users (passphrase demo-<name>):");
    for (name, role, clearance) in DEMO_USERS {
        outln!(
            "  {name:<10} {:<30} cleared to {}",
            role.title(),
            clearance.key()
        );
    }
    outln!("station key passphrase (bundles): {DEMO_KEY_PASSPHRASE}");
    outln!(
        "trusted peer: {} — its registry beside this one, user {} (passphrase demo-{}), the same station key passphrase",
        peer::PEER_STATION,
        peer::PEER_USER,
        peer::PEER_USER
    );
}

/// Builds the story on its own exercise clock, from 150 days ago up to `now`, and the peer
/// station it trusts (its registry at `peer_path`).
fn create(
    path: &Path,
    peer_path: &Path,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Store, CliError> {
    let clock = Arc::new(FixedClock::new(now - Duration::days(150)));
    let mut settings = MissionSettings::new(DEMO_MISSION);
    settings.exercise = true;
    let store = Store::create_for_build(path, DEMO_STATION, settings, "admin", clock.clone())?;
    store.mark_demo()?;
    add_users(&store)?;
    let demo = Demo {
        store,
        clock,
        base: now,
    };
    scenario::build(&demo)?;
    peer::build(&demo.store, peer_path, now)?;
    Ok(demo.store)
}
