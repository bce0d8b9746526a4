//! Reading the three queues: range scans over their indexes, so the cost grows with the
//! items in the queue, not with the size of the registry.

use super::derive::index_table;
use super::error::StoreError;
use super::registry::Store;
use super::schema::RECORDS;
use super::table_view::TableView;
use crate::domain::access::{Actor, can_see_content};
use crate::domain::ids::{RecordId, Time};
use crate::domain::queue::{Queue, QueueItem, entry as queue_entry};
use crate::domain::queue_entry::QueueEntry;
use crate::domain::view::RegistryView;

impl Store {
    /// One queue as `actor` may see it: items whose content they may not see show only that
    /// they exist (id, kind, marking, timing).
    pub fn queue_for(
        &self,
        actor: &Actor,
        queue: Queue,
        now: Time,
    ) -> Result<Vec<QueueItem>, StoreError> {
        let entries = self.queue_entries_for(actor, queue, now)?;
        Ok(entries.iter().map(|e| e.item(now)).collect())
    }

    /// One queue as `actor` may see it, typed, for the console: an item whose content they
    /// may not see is `Content::Withheld`.
    pub fn queue_entries_for(
        &self,
        actor: &Actor,
        queue: Queue,
        now: Time,
    ) -> Result<Vec<QueueEntry>, StoreError> {
        // Roles and clearance as they are now, not as they were at login.
        let Ok(actor) = self.current_actor(actor) else {
            return Ok(Vec::new());
        };
        self.queue_filtered(queue, now, &|record| can_see_content(&actor, record))
    }

    /// One queue, in the order a person works it, as it stands at `now`, unfiltered (for
    /// the station's own checks and tests).
    pub fn queue(&self, queue: Queue, now: Time) -> Result<Vec<QueueItem>, StoreError> {
        let entries = self.queue_filtered(queue, now, &|_| true)?;
        Ok(entries.iter().map(|e| e.item(now)).collect())
    }

    fn queue_filtered(
        &self,
        queue: Queue,
        now: Time,
        visible: &dyn Fn(&crate::domain::record::Record) -> bool,
    ) -> Result<Vec<QueueEntry>, StoreError> {
        let txn = self.db().begin_read()?;
        let records = txn.open_table(RECORDS)?;
        let index = txn.open_table(index_table(queue))?;
        let view = TableView::new(&records);
        let range = match queue {
            // Overdue: only what is due by now.
            Queue::Overdue => index.range(..=(now.timestamp(), "\u{10FFFF}"))?,
            Queue::Urgent | Queue::Pending => index.range::<(i64, &str)>(..)?,
        };
        let mut items = Vec::new();
        for entry in range {
            let (key, _) = entry?;
            let (due, id) = key.value();
            let Some(record) = view.record(&RecordId::from(id)) else {
                return Err(StoreError::Corrupt(view.take_error().unwrap_or_else(
                    || format!("queue {} names missing record {id}", queue.key()),
                )));
            };
            let item = queue_entry(queue, due, &record, &view, now);
            items.push(if visible(&record) {
                item
            } else {
                item.withheld()
            });
        }
        if let Some(e) = view.take_error() {
            return Err(StoreError::Corrupt(e));
        }
        Ok(items)
    }
}
