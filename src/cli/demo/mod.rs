//! `registrar demo`: a realistic registry to learn and try the tool on.

mod builder;
mod content;
mod scale;
mod scenario;

use super::CliError;
use super::queue::render;
use crate::domain::queue::Queue;
use crate::domain::settings::MissionSettings;
use crate::store::{Clock, FixedClock, Store};
use builder::Demo;
use chrono::Duration;
use std::path::Path;
use std::sync::Arc;

pub const DEMO_STATION: &str = "MINUSCA-JMAC-1";
pub const DEMO_MISSION: &str = "MINUSCA (demo)";

pub fn run(
    path: &Path,
    records: Option<u64>,
    no_tui: bool,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let now = clock.now();
    let store = if path.exists() {
        let store = Store::open(path, clock)?;
        if !store.is_demo()? {
            return Err(CliError::Failure(format!(
                "{} is a real registry, not a demo; give the demo its own file with --store PATH",
                path.display()
            )));
        }
        println!("demo registry already at {}", path.display());
        store
    } else {
        let store = create(path, now)?;
        println!("created a demo registry at {}", path.display());
        store
    };
    if let Some(n) = records {
        scale::add(&store, n, now)?;
    }
    if !no_tui {
        println!("(the interactive console is not built yet: here are the queues)");
    }
    for q in Queue::ALL {
        println!();
        print!("{}", render(q, &store.queue(q, now)?));
    }
    Ok(())
}

/// Builds the story on its own exercise clock, from 150 days ago up to `now`.
fn create(path: &Path, now: chrono::DateTime<chrono::Utc>) -> Result<Store, CliError> {
    let clock = Arc::new(FixedClock::new(now - Duration::days(150)));
    let store = Store::create(
        path,
        DEMO_STATION,
        MissionSettings::new(DEMO_MISSION),
        "admin",
        clock.clone(),
    )?;
    store.mark_demo()?;
    let demo = Demo {
        store,
        clock,
        base: now,
    };
    scenario::build(&demo)?;
    Ok(demo.store)
}
