//! Which shares and receipts a register covers: a period, an entity, a kind, a state — and
//! always only what the reader may see (P 11.3.3).

use crate::domain::access::{Actor, can_see_content};
use crate::domain::ids::{RecordId, Time};
use crate::domain::marking::Classification;
use crate::domain::receipt::ReceiptState;
use crate::domain::record::Record;
use crate::domain::share::ShareState;

/// Shares (outgoing, G 8) or receipts (incoming, G 9).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Shared,
    Received,
}

/// A state a register may be limited to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StateFilter {
    Share(ShareState),
    Receipt(ReceiptState),
    /// Still being worked (not shared/declined/withdrawn, not disseminated/rejected).
    Open,
    /// Closed: no decision is waited for.
    Closed,
    /// Registered after the fact: shared or received informally and registered afterwards
    /// (G 8.1.9, G 9.11), or carried over from an earlier register.
    AfterTheFact,
}

#[derive(Clone, Debug, Default)]
pub struct RegisterFilter {
    /// Registered (drafted or received) at or after.
    pub from: Option<Time>,
    /// Registered before.
    pub to: Option<Time>,
    pub entity: Option<RecordId>,
    pub direction: Option<Direction>,
    pub state: Option<StateFilter>,
}

/// What the reader gets of one record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Visibility {
    /// Above the reader's clearance: not in the file at all.
    Absent,
    /// Within clearance, no need to know: that it exists, with its marking, no content.
    Withheld,
    Full,
}

/// Need to know, as everywhere: `can_see_content` decides; above the clearance nothing shows.
pub fn visibility(reader: &Actor, record: &Record) -> Visibility {
    if record.marking().level > reader.clearance {
        Visibility::Absent
    } else if can_see_content(reader, record) {
        Visibility::Full
    } else {
        Visibility::Withheld
    }
}

impl RegisterFilter {
    /// The index range of registered seconds this filter needs.
    pub fn seconds(&self) -> (i64, i64) {
        (
            self.from.map_or(i64::MIN, |t| t.timestamp()),
            self.to.map_or(i64::MAX, |t| t.timestamp()),
        )
    }

    /// Whether a share or receipt belongs in the register (other records never do).
    pub fn keeps(&self, record: &Record) -> bool {
        let (direction, at, entity) = match record {
            Record::Share(s) => (Direction::Shared, s.register_date(), &s.draft.recipient),
            Record::Receipt(r) => (
                Direction::Received,
                r.capture.received_at,
                &r.capture.source,
            ),
            _ => return false,
        };
        if self.direction.is_some_and(|d| d != direction)
            || self.from.is_some_and(|f| at < f)
            || self.to.is_some_and(|t| at >= t)
            || self.entity.as_ref().is_some_and(|e| e != entity)
        {
            return false;
        }
        match (self.state, record) {
            (None, _) => true,
            (Some(StateFilter::Share(want)), Record::Share(s)) => s.state == want,
            (Some(StateFilter::Receipt(want)), Record::Receipt(r)) => r.state == want,
            (Some(StateFilter::Open), _) => !is_closed(record),
            (Some(StateFilter::Closed), _) => is_closed(record),
            (Some(StateFilter::AfterTheFact), Record::Share(s)) => {
                s.after_the_fact.is_some() || s.state == ShareState::SharedAfterTheFact
            }
            (Some(StateFilter::AfterTheFact), Record::Receipt(r)) => {
                r.after_the_fact.is_some() || r.state == ReceiptState::HandledBeforeRegistration
            }
            _ => false,
        }
    }
}

/// Closed: decided, or voided as registered in error (nothing more is done with it).
fn is_closed(record: &Record) -> bool {
    match record {
        Record::Share(s) => s.state.is_closed() || s.voided.is_some(),
        Record::Receipt(r) => r.state.is_dispositioned() || r.voided.is_some(),
        _ => true,
    }
}

/// The highest marking among what a file holds: its printed header and footer and its name
/// carry it.
#[derive(Clone, Copy, Debug, Default)]
pub struct Highest(Option<Classification>);

impl Highest {
    pub fn see(&mut self, level: Classification) {
        self.0 = Some(self.0.map_or(level, |h| h.max(level)));
    }

    pub fn level(self) -> Classification {
        self.0.unwrap_or(Classification::Unclassified)
    }
}
