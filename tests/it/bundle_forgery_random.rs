//! The forgery harness, at random: station D, trusted by HQ, relays station A's genuine chain
//! with A's genuine signed head — after changing it on the way. Whatever it changes (a
//! withheld place's hash, a link, an event's content, where the chain ends or starts, whose
//! key signed the head), HQ refuses the bundle in one line and its state is exactly as before;
//! the untouched relay is then applied.

use crate::bundle_forgery::*;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use registrar::bundle::BundleError;
use registrar::bundle::format::{BodyItem, ChainHead, WithheldItem};
use registrar::bundle::heads::sign_head;
use registrar::bundle::import::Outcome;
use registrar::store::{EventEnvelope, ZERO_HASH};

/// Cases of the random forgery property (the figure SECURITY.md states).
const FORGERY_CASES: u32 = 128;

/// One change made on the way.
#[derive(Clone, Debug)]
enum Tamper {
    /// A place's own hash, chain relinked after it (so only the author's proof can tell).
    PlaceHash { at: usize, byte: u8 },
    /// A place's link to the one before it.
    Link { at: usize, byte: u8 },
    /// An event's content replaced by a made-up event, the next place relinked.
    Content { at: usize },
    /// The chain cut short of the signed head.
    Cut { by: usize },
    /// The first events left out.
    Skip { by: usize },
    /// The head re-signed by the relaying station.
    HeadByRelay,
    /// No head at all.
    NoHead,
}

fn tamper() -> impl Strategy<Value = Tamper> {
    prop_oneof![
        (any::<usize>(), 1..=255u8).prop_map(|(at, byte)| Tamper::PlaceHash { at, byte }),
        (any::<usize>(), 1..=255u8).prop_map(|(at, byte)| Tamper::Link { at, byte }),
        any::<usize>().prop_map(|at| Tamper::Content { at }),
        any::<usize>().prop_map(|by| Tamper::Cut { by }),
        any::<usize>().prop_map(|by| Tamper::Skip { by }),
        Just(Tamper::HeadByRelay),
        Just(Tamper::NoHead),
    ]
}

fn relink(items: &mut [BodyItem], from: usize) {
    // Withheld places after `from` take the new hash as their link; content cannot.
    if let Some(BodyItem::Withheld(next)) = items.get(from + 1).cloned() {
        let hash = hash_of(&items[from]);
        items[from + 1] = BodyItem::Withheld(WithheldItem {
            prev_hash: hash,
            ..next
        });
    }
}

#[test]
fn any_change_to_a_relayed_chain_is_refused_and_changes_nothing() {
    let w = world();
    // A few more events of A, some withheld from D (above its clearance? D is cleared to all:
    // A's own settings and trust travel withheld), relayed to D.
    let faca = w.a.entity(
        "FACA-2",
        registrar::domain::marking::Classification::Confidential,
    );
    w.a.receipt(
        &faca,
        "Second report",
        registrar::domain::marking::Classification::Unclassified,
    );
    w.a.later(5);
    w.d.later(10);
    w.d.import(&w.a.export_to(D, w.out.path()).bundle).unwrap();
    let genuine = chain_items(&w.d, A);
    let head = genuine_head(&w.d, A);
    let before = state(&w.hq);
    let now_ms = w.d.store.now().timestamp_millis();
    let n = genuine.len();
    let case = std::cell::Cell::new(0usize);
    let mut runner = TestRunner::new(Config {
        cases: FORGERY_CASES,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&tamper(), |t| {
            case.set(case.get() + 1);
            let case = case.get();
            let mut items = genuine.clone();
            let mut heads = vec![head.clone()];
            match &t {
                Tamper::PlaceHash { at, byte } => {
                    let i = at % n;
                    let BodyItem::Withheld(x) = &items[i] else {
                        // Content: its hash is what its bytes hash to; change a byte instead.
                        let BodyItem::Event(bytes) = &items[i] else {
                            unreachable!()
                        };
                        let mut e = EventEnvelope::decode(bytes).unwrap();
                        e.actor.push(char::from(b'a' + byte % 26));
                        items[i] = BodyItem::Event(e.encode());
                        relink(&mut items, i);
                        return check(&w, items, heads, case, &before, &t);
                    };
                    let mut hash = x.hash;
                    hash[0] ^= byte;
                    items[i] = BodyItem::Withheld(WithheldItem { hash, ..x.clone() });
                    relink(&mut items, i);
                }
                Tamper::Link { at, byte } => {
                    let i = at % n;
                    match &items[i] {
                        BodyItem::Withheld(x) => {
                            let mut prev = x.prev_hash;
                            prev[31] ^= byte;
                            items[i] = BodyItem::Withheld(WithheldItem {
                                prev_hash: prev,
                                ..x.clone()
                            });
                        }
                        BodyItem::Event(bytes) => {
                            let mut e = EventEnvelope::decode(bytes).unwrap();
                            e.prev_hash[31] ^= byte;
                            items[i] = BodyItem::Event(e.encode());
                            relink(&mut items, i);
                        }
                    }
                }
                Tamper::Content { at } => {
                    let i = at % n;
                    let prev = if i == 0 {
                        ZERO_HASH
                    } else {
                        hash_of(&items[i - 1])
                    };
                    items[i] = BodyItem::Event(made_up_event(A, i as u64 + 1, prev, now_ms));
                    relink(&mut items, i);
                }
                Tamper::Cut { by } => {
                    items.truncate(n - 1 - by % (n - 1));
                }
                Tamper::Skip { by } => {
                    items.drain(..1 + by % (n - 1));
                }
                Tamper::HeadByRelay => {
                    let genuine_head = registrar::bundle::heads::stated(&head).unwrap();
                    heads = vec![
                        sign_head(
                            &w.d.keys,
                            &ChainHead {
                                station: A.into(),
                                ..genuine_head
                            },
                        )
                        .unwrap(),
                    ];
                }
                Tamper::NoHead => heads.clear(),
            }
            check(&w, items, heads, case, &before, &t)
        })
        .unwrap();
    report_cases(
        "random changes to a relayed chain refused",
        FORGERY_CASES as usize,
    );

    // The untouched relay is applied.
    let p = forge(&w, &w.d, &w.hq, genuine, vec![head], "genuine");
    assert!(matches!(w.hq.import(&p).unwrap(), Outcome::Applied { .. }));
    w.hq.assert_consistent();
}

fn check(
    w: &World,
    items: Vec<BodyItem>,
    heads: Vec<registrar::bundle::format::SignedHead>,
    case: usize,
    before: &State,
    t: &Tamper,
) -> Result<(), TestCaseError> {
    let p = forge(w, &w.d, &w.hq, items, heads, &format!("case-{case}"));
    match w.hq.import(&p) {
        Err(e @ BundleError::Refused { .. }) => {
            prop_assert!(!e.to_string().contains('\n'));
        }
        other => prop_assert!(false, "{t:?} was not refused: {other:?}"),
    }
    prop_assert_eq!(&state(&w.hq), before, "{:?} changed HQ", t);
    Ok(())
}
