//! One record as a person may see it: its state, whether its content is theirs to see (need
//! to know, P 11.3.3), what it waits on and who acts, and the timeline of who did what when.
//! The console's record view and `registrar show` / `history` read the same detail.

use super::browse::EventSummary;
use super::registry::Store;
use super::registry_view::StoreView;
use crate::domain::access::{Actor, can_see_content};
use crate::domain::guards::pre_authorisation_ended;
use crate::domain::ids::{RecordId, Time};
use crate::domain::queue::{NextStep, Queue, next_step, placements};
use crate::domain::record::Record;
use crate::domain::view::RegistryView;

/// What the record view shows.
pub struct RecordDetail {
    pub record: Record,
    pub can_see: bool,
    pub events: Vec<EventSummary>,
    /// What waits now, if anything.
    pub next: Option<NextStep>,
    /// What falls due later and when (an assessment's or a pre-authorisation's review): not
    /// waiting yet, so never said as if it were.
    pub later: Option<(Time, NextStep)>,
    /// A pre-authorised list entry that ended for good (G 8.1.8, G 9.10): when, and why.
    pub ended: Option<(Time, String)>,
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
    // An overdue-queue placement keyed after now is a review date still to come.
    let (due_now, due_later): (Vec<_>, Vec<_>) = placements(&record)
        .into_iter()
        .partition(|p| p.queue != Queue::Overdue || p.key <= now.timestamp());
    let (next, later) = if can_see {
        let next = due_now
            .first()
            .map(|p| next_step(p.queue, &record, &view, now));
        let later = match next {
            Some(_) => None,
            None => due_later.first().and_then(|p| {
                let at = chrono::DateTime::from_timestamp(p.key, 0)?;
                Some((at, next_step(p.queue, &record, &view, at)))
            }),
        };
        (next, later)
    } else {
        (None, None)
    };
    let ended = match &record {
        Record::PreAuthorisation(p) => match view.record(&p.terms.entity) {
            Some(Record::Entity(entity)) => {
                pre_authorisation_ended(p, &entity, &view, now).map(|(at, r)| (at, r.to_string()))
            }
            _ => None,
        },
        _ => None,
    };
    if let Some(e) = view.take_error() {
        return Err(e);
    }
    Ok(RecordDetail {
        record,
        can_see,
        events,
        next,
        later,
        ended,
    })
}
