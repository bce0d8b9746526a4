//! A spreadsheet brought in by `import-sheet` (.xlsx/.xls/.ods read by calamine, or .csv): its
//! bytes are read into a table, the columns guessed and every line planned, as the command
//! does before showing what it would register. A refusal or a plan, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use registrar::register::sheet::mapping::{Mapping, guess};
use registrar::register::sheet::plan::plan;
use registrar::register::sheet::read::read_table_bytes;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    for name in ["fuzz.xlsx", "fuzz.csv"] {
        if let Ok(table) = read_table_bytes(Path::new(name), data, None) {
            if let Some(mapping) = guess(&table) {
                let _ = plan(&table, &mapping, name, &[], &|_| false);
            }
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Mapping::from_toml(text);
    }
});
