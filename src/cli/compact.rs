//! `registrar compact`: the registry file rewritten without its free pages (redb's compaction
//! in place, transactional: safe to interrupt). An administrator's command; prints the file's
//! size before and after.

use super::CliError;
use super::auth::Credentials;
use super::said::Say;
use crate::store::{Clock, Store};
use std::path::Path;
use std::sync::Arc;

pub fn run(
    path: &Path,
    say: Say,
    creds: &Credentials,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let mut store = Store::open(path, clock)?;
    let me = creds.current(&store)?;
    super::auth::administrator_only(&me, "compact the registry file")?;
    let done = store.compact()?;
    // The size once the file is closed (closing writes redb's final header).
    drop(store);
    let after = std::fs::metadata(path).map_or(done.after, |m| m.len());
    let done = crate::store::compact::Compacted { after, ..done };
    if say.json() {
        return super::print_json(&serde_json::json!({
            "done": "compacted",
            "bytes_before": done.before,
            "bytes_after": done.after,
        }));
    }
    let mb = |b: u64| b as f64 / 1e6;
    outln!(
        "compacted: the registry file went from {:.1} MB to {:.1} MB (records, log and indexes unchanged)",
        mb(done.before),
        mb(done.after)
    );
    Ok(())
}
