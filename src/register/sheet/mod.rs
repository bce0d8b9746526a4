//! Bringing in the registers people keep in spreadsheets (.xlsx, .xls, .ods, .csv): read the
//! cells (`read`), understand dates, markings, grades and channels as people write them
//! (`parse`), find the header row and guess which column is which (`mapping`, saved as
//! TOML), and plan the import — what would be created, which entities match, every row that
//! cannot come in and why (`plan`) — before anything is written.

pub mod commit;
pub mod dry_run;
pub mod mapping;
pub mod parse;
pub mod plan;
pub mod read;
