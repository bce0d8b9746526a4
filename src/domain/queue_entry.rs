//! A queue item as the console works with it: typed at the edge — the record's id and kind,
//! its marking, the role that acts, the time the queue orders it by — and its content either
//! shown or withheld, as a variant of its own rather than empty strings to read back.
//! `item` gives the shape `queue --json` prints.

use super::ids::{RecordId, RecordKind, Time};
use super::marking::Classification;
use super::queue::{Queue, QueueItem};
use super::role::Role;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueEntry {
    pub id: RecordId,
    pub kind: RecordKind,
    pub level: Classification,
    pub queue: Queue,
    /// What the queue is ordered by: a deadline (urgent), a review date (overdue), or when
    /// the record arrived (pending).
    pub at: Time,
    /// Whether `at` is a time limit (every urgent and overdue item, and a pending one with a
    /// deadline); else it is only when the record arrived.
    pub has_due: bool,
    pub who_acts: Role,
    /// The people holding that role who are cleared for the record (empty when the registry
    /// has none registered).
    pub acting_people: Vec<String>,
    pub content: Content,
}

/// What a queue item says about its record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Content {
    Shown {
        title: String,
        /// The entity's name, for records about one.
        entity: Option<String>,
        waiting_on: String,
        /// Alerts still missing (urgent receipts, G 9.3).
        missing_alerts: Vec<&'static str>,
    },
    /// The person may not see the content (P 11.3.3): that the item exists, its reference,
    /// kind, marking and timing only.
    Withheld,
}

impl QueueEntry {
    /// When it falls due, if it has a time limit.
    pub fn due(&self) -> Option<Time> {
        self.has_due.then_some(self.at)
    }

    /// Urgent items: the time left at `now`, negative once the limit has passed.
    pub fn seconds_left(&self, now: Time) -> Option<i64> {
        (self.queue == Queue::Urgent).then(|| self.at.timestamp() - now.timestamp())
    }

    /// Overdue items: how long past the review date at `now`.
    pub fn overdue_seconds(&self, now: Time) -> Option<i64> {
        (self.queue == Queue::Overdue).then(|| now.timestamp() - self.at.timestamp())
    }

    /// What a person without the need to know sees of it.
    pub fn withheld(self) -> QueueEntry {
        QueueEntry {
            content: Content::Withheld,
            ..self
        }
    }

    pub fn is_withheld(&self) -> bool {
        self.content == Content::Withheld
    }

    /// The line `queue --json` prints, at `now`.
    pub fn item(&self, now: Time) -> QueueItem {
        let (title, entity, waiting_on, missing_alerts) = match &self.content {
            Content::Shown {
                title,
                entity,
                waiting_on,
                missing_alerts,
            } => (
                title.clone(),
                entity.clone().unwrap_or_default(),
                waiting_on.clone(),
                missing_alerts.clone(),
            ),
            Content::Withheld => (
                format!(
                    "[{} — content withheld: need to know]",
                    self.level.key().to_uppercase()
                ),
                String::new(),
                String::new(),
                Vec::new(),
            ),
        };
        QueueItem {
            id: self.id.to_string(),
            kind: self.kind.key(),
            title,
            entity,
            classification: self.level.key(),
            waiting_on,
            who_acts: self.who_acts.key(),
            acting_people: self.acting_people.clone(),
            due: self.due().map(|d| d.to_rfc3339()),
            seconds_left: self.seconds_left(now),
            overdue_seconds: self.overdue_seconds(now),
            missing_alerts,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(queue: Queue, at: &str) -> QueueEntry {
        QueueEntry {
            id: RecordId("RCP-MINUSCA-JMAC-1-0001".into()),
            kind: RecordKind::Receipt,
            level: Classification::StrictlyConfidential,
            queue,
            at: chrono::DateTime::parse_from_rfc3339(at).unwrap().into(),
            has_due: true,
            who_acts: Role::Imfp,
            acting_people: vec!["imfp".into()],
            content: Content::Shown {
                title: "Convoy ambush planned".into(),
                entity: Some("Northern Brigade".into()),
                waiting_on: "G 9.3: alerts".into(),
                missing_alerts: vec!["IM FP"],
            },
        }
    }

    #[test]
    fn countdowns_come_from_the_time_not_from_text() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-21T02:00:00Z")
            .unwrap()
            .into();
        let urgent = entry(Queue::Urgent, "2026-11-21T03:12:00Z");
        assert_eq!(urgent.seconds_left(now), Some(4320));
        assert_eq!(urgent.overdue_seconds(now), None);
        let overdue = entry(Queue::Overdue, "2026-11-19T02:00:00Z");
        assert_eq!(overdue.overdue_seconds(now), Some(2 * 86_400));
        let json = urgent.item(now);
        assert_eq!(json.due.as_deref(), Some("2026-11-21T03:12:00+00:00"));
        assert_eq!(json.seconds_left, Some(4320));
        assert_eq!(json.kind, "receipt");
        assert_eq!(json.entity, "Northern Brigade");
    }

    #[test]
    fn withheld_is_a_variant_and_prints_no_content() {
        let now = chrono::Utc::now();
        let w = entry(Queue::Urgent, "2026-11-21T03:12:00Z").withheld();
        assert!(w.is_withheld());
        let json = w.item(now);
        assert_eq!(
            json.title,
            "[STRICTLY_CONFIDENTIAL — content withheld: need to know]"
        );
        assert!(json.entity.is_empty() && json.waiting_on.is_empty());
        assert!(json.missing_alerts.is_empty());
        assert_eq!(json.who_acts, "imfp");
    }
}
