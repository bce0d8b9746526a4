//! Registers in and out (G C "Registers" a and d, G H "Monitoring and compliance"): the
//! register, the compliance figures and the periodic revision leadership reads, as .xlsx and
//! .csv, and the spreadsheets people keep brought in.
//!
//! The shapes and figures (`row`, `filter`, `compliance`, `revision`, `labels`) are pure
//! functions over domain records; the writing (`write`) streams them into files for the
//! command line and the console. Nothing here touches redb: the store hands records over one
//! at a time.

pub mod compliance;
pub mod filter;
pub mod history;
pub mod labels;
pub mod reports;
pub mod revision;
pub mod row;
pub mod sheet;
pub mod write;
