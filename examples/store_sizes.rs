//! Where a registry file's bytes go, read without changing it (no upgrade, no login): each
//! table, then the records and log events by kind of record. How BENCHMARKS.md's store
//! figures were taken: `cargo run --release --example store_sizes -- REGISTRY.redb`.

use redb::ReadableDatabase;
use registrar::store::sizes::{bytes_by_kind, describe, table_sizes};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: store_sizes REGISTRY.redb")?;
    let file = std::fs::metadata(&path)?.len();
    let db = registrar::store::open::builder().open_read_only(&path)?;
    let txn = db.begin_read()?;
    let tables = table_sizes(&txn)?;
    let (records, events) = bytes_by_kind(&txn)?;
    let n: u64 = records
        .iter()
        .filter(|(k, _)| *k == "SHR" || *k == "RCP")
        .map(|(_, v)| v.0)
        .sum();
    println!(
        "file {:.1} MB, {} shares and receipts: {:.0} bytes per record",
        file as f64 / 1e6,
        n,
        file as f64 / n.max(1) as f64
    );
    print!("{}", describe(&tables));
    let in_tables: u64 = tables.iter().map(|t| t.total()).sum();
    println!(
        "in tables {:.1} MB; the rest of the file (free pages, redb's own trees) {:.1} MB",
        in_tables as f64 / 1e6,
        file.saturating_sub(in_tables) as f64 / 1e6
    );
    for (what, map) in [("records", &records), ("events", &events)] {
        for (kind, (count, bytes)) in map {
            println!(
                "{what:<8} {kind:<4} {count:>9} {:>9.1} MB {:>7.0} B each",
                *bytes as f64 / 1e6,
                *bytes as f64 / (*count).max(1) as f64
            );
        }
    }
    Ok(())
}
