//! The store: a generic, append-only, hash-chained event log on redb. It knows nothing about
//! what an event's payload means; the payload is opaque CBOR bytes.

pub mod clock;
pub mod db;
pub mod envelope;
pub mod error;
pub mod hlc;
pub mod log;
pub mod open;
pub mod passphrase_work;
pub mod read;
pub mod schema;
pub mod verify;
pub mod withheld;

#[cfg(test)]
mod tests;

pub use clock::{Clock, FixedClock, SystemClock};
pub use envelope::{EnvelopeError, EventEnvelope, Hash, ZERO_HASH, event_hash, hash_hex};
pub use error::StoreError;
pub use hlc::Hlc;
pub use log::{Appended, append_local, append_verbatim};
pub use open::{Meta, create_db, open_db, open_db_checked, open_waiting};
pub use read::LogRead;
pub use schema::SCHEMA_VERSION;
pub use verify::{BrokenLink, VerifyReport, verify};

pub mod browse;
pub mod cbor_bytes;
pub mod codec;
pub mod compact;
pub mod derive;
pub mod detail;
pub mod exchange;
pub mod foreign;
pub mod heads;
mod previous_issues;
pub mod quarantine;
pub mod queues;
pub mod rebuild;
pub mod recompute;
pub mod refused;
pub mod registry;
pub mod registry_view;
pub mod scratch;
pub mod search;
mod search_check;
mod search_postings;
pub mod search_query;
mod search_readers;
pub mod sent;
pub mod shared;
pub mod sizes;
pub mod spill;
pub mod station;
pub mod submission;
pub mod table_view;
pub mod tables;
pub mod users;
pub mod verify_derived;
pub mod whole_file;

pub use registry::{Command, ExecuteError, Store};
pub use users::AuthError;
