//! `registrar rebuild`: re-derives every record and index from the verified log in one
//! transaction (what `verify` asks for when the records do not match the log). An
//! administrator's command; it refuses, naming the broken link, when the log itself fails.

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
    let store = Store::open_checked(path, clock)?;
    let me = creds.current(&store)?;
    super::auth::administrator_only(&me, "rebuild the registry's records from its log")?;
    let rebuilt = store.rebuild()?;
    let said = serde_json::json!({
        "done": "rebuilt",
        "events": rebuilt.events,
        "already_matched": rebuilt.was_wrong.is_none(),
        "before": rebuilt.was_wrong.clone(),
    });
    if say.json() {
        return super::print_json(&said);
    }
    match rebuilt.was_wrong {
        Some(diff) => outln!(
            "rebuilt: every record and queue derived again from the {} events of the verified log (before, {diff})",
            rebuilt.events
        ),
        None => outln!(
            "rebuilt: every record and queue derived again from the {} events of the verified log (they already matched it)",
            rebuilt.events
        ),
    }
    Ok(())
}
