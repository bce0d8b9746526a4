//! The search index (issue 14), alone so it can be run without building the other benches'
//! registries: `cargo bench --bench search_index` (release). `SEARCH_BENCH_RECORDS` (default
//! 100000,1000000) sizes the demo registries it builds; `SEARCH_BENCH_STORE` names one already
//! built with `registrar demo --no-tui --records N` instead.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use registrar::domain::access::Actor;
use registrar::register::filter::{Visibility, visibility};
use registrar::store::search_query::SearchQuery;
use registrar::store::{FixedClock, Store};
use std::path::Path;
use std::sync::Arc;

mod common;
use common::{now, registry};

/// The first page of 40 and the count of every match (from the index and the reader
/// summaries, no record read), for a word found in most records, a word found in a few, three
/// words together, an id, a one-letter word and a word found nowhere — as the IM FP (sees all)
/// reads them.
fn search(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let me = Actor {
        name: "imfp".into(),
        roles: vec![registrar::domain::role::Role::Imfp],
        clearance: registrar::domain::marking::Classification::StrictlyConfidential,
    };
    let keep = |r: &registrar::domain::record::Record| visibility(&me, r) == Visibility::Full;
    let mut group = c.benchmark_group("search");
    let sizes: Vec<u64> = std::env::var("SEARCH_BENCH_RECORDS")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.parse().ok()).collect())
        .unwrap_or_else(|| vec![100_000, 1_000_000]);
    for records in sizes {
        // SEARCH_BENCH_STORE: a registry already built with `demo --records N` (building a
        // million records with the index takes many minutes on a loaded machine).
        let store = match std::env::var("SEARCH_BENCH_STORE") {
            Ok(path) => Store::open(Path::new(&path), Arc::new(FixedClock::new(now())))
                .expect("open the given registry"),
            Err(_) => registry(dir.path(), records),
        };
        for (name, text) in [
            ("common_word", "archived"),
            ("rare_word", "convoy"),
            ("three_words", "archived incoming report"),
            ("id", "RCP-MINUSCA-JMAC-1-123457"),
            ("one_letter", "a"),
            ("no_match", "zyxwvut"),
        ] {
            let query = SearchQuery::new(text);
            group.bench_with_input(
                BenchmarkId::new(format!("first_page_40_{name}"), records),
                &query,
                |b, q| b.iter(|| store.search_page(q, None, 40, &keep).expect("search")),
            );
            group.bench_with_input(
                BenchmarkId::new(format!("count_{name}"), records),
                &query,
                |b, q| b.iter(|| store.search_count_readable(q, &me).expect("count")),
            );
        }
    }
    group.finish();
}

criterion_group! {
    name = search_benches;
    config = Criterion::default().sample_size(10);
    targets = search
}
criterion_main!(search_benches);
