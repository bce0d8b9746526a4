//! One record as a person may see it: its state, whether its content is theirs to see (need
//! to know, P 11.3.3), what it waits on and who acts, and the timeline of who did what when.
//! The console's record view and `registrar show` / `history` read the same detail.

use super::browse::EventSummary;
use super::registry::Store;
use super::registry_view::StoreView;
use crate::domain::access::{Actor, can_see_content};
use crate::domain::ids::{RecordId, Time};
use crate::domain::queue::{NextStep, next_step, placements};
use crate::domain::record::Record;

/// What the record view shows.
pub struct RecordDetail {
    pub record: Record,
    pub can_see: bool,
    pub events: Vec<EventSummary>,
    pub next: Option<NextStep>,
}

/// Reads one record for `actor` at `now`; an unknown id or a damaged store is an error line.
pub fn record_detail(
    store: &Store,
    actor: &Actor,
    id: &RecordId,
    now: Time,
) -> Result<RecordDetail, String> {
    let record = store
        .record(id)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no record {id} in this registry"))?;
    let can_see = can_see_content(actor, &record);
    let events = store.record_events(id).map_err(|e| e.to_string())?;
    let view = StoreView::new(store);
    let next = if can_see {
        placements(&record)
            .first()
            .map(|p| next_step(p.queue, &record, &view, now))
    } else {
        None
    };
    if let Some(e) = view.take_error() {
        return Err(e);
    }
    Ok(RecordDetail {
        record,
        can_see,
        events,
        next,
    })
}
