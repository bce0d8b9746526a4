//! registrar — the central registry the DPO Guidelines on sharing intelligence with, and
//! receiving it from, non-UN and non-mission UN entities (2022) require of a mission.
//!
//! Layers point one way: `domain` (pure rules) ← `store` (redb event log) ← `bundle`
//! (signed, encrypted exchange between stations) ← `cli`. `register` (the reports and the
//! spreadsheets brought in) reads domain records the store hands it, beside `bundle`.

pub mod bundle;
pub mod cli;
pub mod domain;
pub mod register;
pub mod safe_text;
pub mod store;
pub mod tui;
