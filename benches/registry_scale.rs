//! Queue reads and browser pages must cost the same on a small registry and a large one: they
//! are index range scans. Recording throughput is measured per batch of carried-over records.
//!
//! `cargo bench --bench registry_scale` (release). Registries of 10 000 and 200 000 closed
//! records are built once per size, on top of the demo's open work.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use registrar::domain::queue::Queue;
use registrar::store::{FixedClock, Store};
use std::sync::Arc;

mod common;
use common::{NOW, registry};

fn reads(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let now = chrono::DateTime::parse_from_rfc3339(NOW)
        .expect("time")
        .to_utc();
    let mut group = c.benchmark_group("reads");
    for records in [10_000u64, 200_000] {
        let store = registry(dir.path(), records);
        for q in Queue::ALL {
            group.bench_with_input(
                BenchmarkId::new(format!("queue_{}", q.key()), records),
                &q,
                |b, q| b.iter(|| store.queue(*q, now).expect("queue")),
            );
        }
        group.bench_with_input(
            BenchmarkId::new("browser_first_page_40", records),
            &(),
            |b, _| b.iter(|| store.browse_page(None, None, 40, &|_| true).expect("page")),
        );
        let (_, cursor) = store
            .browse_page(None, None, 5_000, &|_| true)
            .expect("deep page");
        group.bench_with_input(
            BenchmarkId::new("browser_page_40_after_5000", records),
            &(),
            |b, _| {
                b.iter(|| {
                    store
                        .browse_page(cursor.as_ref(), None, 40, &|_| true)
                        .expect("page")
                })
            },
        );
    }
    group.finish();
}

/// One small write (a user's roles changed back and forth).
fn write_one(store: &Store, flip: &mut bool) {
    use registrar::domain::change::Change;
    use registrar::domain::role::Role;
    *flip = !*flip;
    let roles = if *flip {
        vec![Role::Legal, Role::Oversight]
    } else {
        vec![Role::Legal]
    };
    store
        .execute(
            "admin",
            Some(&registrar::domain::user::user_id("legal")),
            Change::UserRolesChanged { roles },
        )
        .expect("write");
}

/// The store shared between processes (the console and commands side by side, issue 11):
/// what an open costs (every command pays it once), and what a write costs alone and when it
/// follows another handle's commit (it then reloads the allocator state from the file).
fn shared(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let now = chrono::DateTime::parse_from_rfc3339(NOW)
        .expect("time")
        .to_utc();
    let mut group = c.benchmark_group("shared");
    for records in [10_000u64, 1_000_000] {
        let path = registry(dir.path(), records).path().to_path_buf();
        let open = || Store::open(&path, Arc::new(FixedClock::new(now))).expect("open");
        group.bench_with_input(BenchmarkId::new("open_and_close", records), &(), |b, _| {
            b.iter(|| drop(open()))
        });
        let first = open();
        let mut flip = false;
        group.bench_with_input(BenchmarkId::new("write_alone", records), &(), |b, _| {
            b.iter(|| write_one(&first, &mut flip))
        });
        let second = open();
        let mut turn = false;
        group.bench_with_input(
            BenchmarkId::new("write_after_another_handles_write", records),
            &(),
            |b, _| {
                b.iter(|| {
                    turn = !turn;
                    write_one(if turn { &first } else { &second }, &mut flip)
                })
            },
        );
        group.bench_with_input(
            BenchmarkId::new("queue_urgent_after_another_handles_write", records),
            &(),
            |b, _| {
                b.iter(|| {
                    write_one(&second, &mut flip);
                    first.queue(Queue::Urgent, now).expect("queue")
                })
            },
        );
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = reads, shared
}
criterion_main!(benches);
