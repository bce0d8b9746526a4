//! The browser's reading: a share or receipt as a person may see it in a list, whether it
//! passes the filters, and a page of them read in steps that never freeze the keys.

use super::*;

/// A record voided as registered in error says so in every list (G C "Registers").
fn listed_state(state: String, voided: bool) -> String {
    if voided {
        format!("{} (was {state})", crate::register::history::VOID)
    } else {
        state
    }
}

/// What a person may see of a share or receipt in a list.
pub fn browse_row(actor: &Actor, record: &Record) -> Option<BrowseRow> {
    let see = can_see_content(actor, record);
    let (kind, at, entity, state, title, reference) = match record {
        Record::Share(s) => (
            BrowseKind::Share,
            s.register_date(),
            s.draft.recipient.clone(),
            listed_state(s.state.to_string(), s.voided.is_some()),
            &s.draft.product.title,
            &s.draft.product.reference,
        ),
        Record::Receipt(r) => (
            BrowseKind::Receipt,
            r.capture.received_at,
            r.capture.source.clone(),
            listed_state(r.state.to_string(), r.voided.is_some()),
            &r.capture.title,
            &r.capture.reference,
        ),
        _ => return None,
    };
    Some(BrowseRow {
        id: record.id(),
        kind,
        at,
        level: record.marking().level,
        entity: see.then_some(entity),
        state,
        title: see.then(|| title.clone()),
        reference: see.then(|| reference.clone()),
    })
}

/// Whether a share or receipt passes the browser's filter, as this person may see it.
pub fn matches(actor: &Actor, filter: &BrowseFilter, record: &Record) -> bool {
    let (kind, nature, state, closed) = match record {
        Record::Share(s) => (
            BrowseKind::Share,
            s.draft.product.nature,
            s.state.to_string(),
            s.state.is_closed(),
        ),
        Record::Receipt(r) => (
            BrowseKind::Receipt,
            r.capture.nature,
            r.state.to_string(),
            r.state.is_dispositioned(),
        ),
        _ => return false,
    };
    let see = can_see_content(actor, record);
    // Filtering by entity would tell whose a withheld record is: it is not found that way.
    if filter.kind.is_some_and(|k| k != kind)
        || filter
            .entity
            .as_ref()
            .is_some_and(|e| !see || record.entity() != Some(e))
        || filter.marking.is_some_and(|m| record.marking().level != m)
    {
        return false;
    }
    // What a person may not see cannot be found by it either.
    if filter.nature.is_some_and(|n| !see || n != nature) {
        return false;
    }
    if let Some(s) = &filter.state {
        let ok = match s.as_str() {
            "open" => !closed,
            "closed" => closed,
            other => other == state,
        };
        if !ok {
            return false;
        }
    }
    // The words typed after `/` are the search index's to match (`browse`).
    true
}

pub(super) fn browse(
    store: &Store,
    actor: &Actor,
    filter: &BrowseFilter,
    start: Option<PageCursor>,
    want: usize,
    append: bool,
) -> Result<BrowseChunk, String> {
    let want = want.max(1);
    let (registered, searched) = match start {
        Some(PageCursor::Registered(c)) => (Some(c), None),
        Some(PageCursor::Searched(c)) => (None, Some(c)),
        None => (None, None),
    };
    let registered = registered.or_else(|| filter.until.map(|u| (u, String::new())));
    let scanned = Cell::new(0u64);
    let unfiltered = BrowseFilter {
        from: None,
        until: None,
        ..filter.clone()
    }
    .is_empty();
    // A bounded step: past the budget, every record is accepted so the page fills and the
    // scan stops; those are filtered out below and the cursor says where to go on.
    let keep = |r: &Record| {
        scanned.set(scanned.get() + 1);
        unfiltered || matches(actor, filter, r) || scanned.get() > BROWSE_BUDGET
    };
    // Words typed after `/` are looked up in the search index, the other filters checked on
    // what it finds. What the reader may read is found by any of its words (as `registrar
    // search`); a record whose content the reader may not see, only by its id and marking,
    // which is all the browser's list shows of it.
    let query = SearchQuery::new(&filter.text);
    let (records, next) = if query.is_empty() {
        store
            .browse_page(registered.as_ref(), filter.from, want, &keep)
            .map(|(page, next)| (page, next.map(PageCursor::Registered)))
    } else {
        // The search index's pages go by search number: the time range is checked on each.
        let since = filter.from.unwrap_or(i64::MIN);
        let until = filter.until.unwrap_or(i64::MAX);
        let found = |r: &Record| {
            let readable = match visibility(actor, r) {
                Visibility::Full => true,
                Visibility::Withheld | Visibility::Absent => query.matches_text(r.id().as_str()),
            };
            readable
                && crate::store::derive::browse_key(r)
                    .is_some_and(|(at, _)| at >= since && at < until)
                && keep(r)
        };
        store
            .search_page(&query, searched.as_ref(), want, &found)
            .map(|(page, next)| (page, next.map(PageCursor::Searched)))
    }
    .map_err(|e| e.to_string())?;
    let exhausted = records.len() < want;
    let rows = records
        .iter()
        .filter(|r| unfiltered || matches(actor, filter, r))
        .filter_map(|r| browse_row(actor, r))
        .collect();
    Ok(BrowseChunk {
        rows,
        next,
        exhausted,
        scanned: scanned.get(),
        append,
    })
}
