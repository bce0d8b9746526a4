//! Hybrid logical clock: wall-clock milliseconds plus a logical counter, so event times from one
//! station always increase even when its clock is set back, and merging another station's
//! events never produces a time earlier than what either side has seen.

use chrono::{DateTime, SecondsFormat};
use serde::{Deserialize, Serialize};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Hlc {
    /// Milliseconds since the Unix epoch (UTC).
    pub wall_ms: i64,
    /// Orders events that share `wall_ms`.
    pub logical: u32,
}

impl Hlc {
    pub const ZERO: Hlc = Hlc {
        wall_ms: 0,
        logical: 0,
    };

    /// The time for a new local event: strictly greater than `last`.
    pub fn tick(last: Hlc, now_ms: i64) -> Hlc {
        if now_ms > last.wall_ms {
            Hlc {
                wall_ms: now_ms,
                logical: 0,
            }
        } else {
            last.successor()
        }
    }

    /// The local time after receiving `remote`: strictly greater than both `last` and `remote`.
    pub fn observe(last: Hlc, remote: Hlc, now_ms: i64) -> Hlc {
        let wall = now_ms.max(last.wall_ms).max(remote.wall_ms);
        if wall == now_ms && wall > last.wall_ms && wall > remote.wall_ms {
            return Hlc {
                wall_ms: wall,
                logical: 0,
            };
        }
        // `wall` equals the wall time of at least one of the two; continue after the larger.
        let base = if wall == last.wall_ms && wall == remote.wall_ms {
            last.max(remote)
        } else if wall == last.wall_ms {
            last
        } else {
            remote
        };
        base.successor()
    }

    /// Next representable value; rolls into the next millisecond if the counter is exhausted.
    fn successor(self) -> Hlc {
        match self.logical.checked_add(1) {
            Some(logical) => Hlc {
                wall_ms: self.wall_ms,
                logical,
            },
            None => Hlc {
                wall_ms: self.wall_ms.saturating_add(1),
                logical: 0,
            },
        }
    }

    /// The wall-clock part as RFC 3339 UTC with milliseconds (the logical counter is not shown).
    pub fn to_rfc3339(&self) -> String {
        match DateTime::from_timestamp_millis(self.wall_ms) {
            Some(t) => t.to_rfc3339_opts(SecondsFormat::Millis, true),
            None => format!("(out-of-range time {} ms)", self.wall_ms),
        }
    }

    /// Fixed 12-byte form (wall_ms LE, logical LE) used in the meta table.
    pub fn to_bytes(self) -> [u8; 12] {
        let mut out = [0u8; 12];
        out[..8].copy_from_slice(&self.wall_ms.to_le_bytes());
        out[8..].copy_from_slice(&self.logical.to_le_bytes());
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<Hlc> {
        let wall: [u8; 8] = bytes.get(..8)?.try_into().ok()?;
        let logical: [u8; 4] = bytes.get(8..)?.try_into().ok()?;
        Some(Hlc {
            wall_ms: i64::from_le_bytes(wall),
            logical: u32::from_le_bytes(logical),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(wall_ms: i64, logical: u32) -> Hlc {
        Hlc { wall_ms, logical }
    }

    #[test]
    fn tick_follows_the_wall_clock() {
        assert_eq!(Hlc::tick(h(1000, 5), 2000), h(2000, 0));
    }

    #[test]
    fn tick_stays_monotonic_when_the_clock_goes_backwards() {
        let mut last = Hlc::tick(Hlc::ZERO, 10_000);
        for now in [9_000, 5_000, 10_000, 10_000, 1] {
            let next = Hlc::tick(last, now);
            assert!(next > last, "{next:?} should be after {last:?}");
            last = next;
        }
        assert_eq!(last, h(10_000, 5));
    }

    #[test]
    fn tick_rolls_over_an_exhausted_counter() {
        assert_eq!(Hlc::tick(h(7, u32::MAX), 7), h(8, 0));
    }

    #[test]
    fn observe_is_after_both_sides() {
        let cases = [
            (h(100, 3), h(200, 7), 150, h(200, 8)),
            (h(300, 3), h(200, 7), 150, h(300, 4)),
            (h(200, 3), h(200, 7), 150, h(200, 8)),
            (h(200, 9), h(200, 7), 150, h(200, 10)),
            (h(100, 3), h(200, 7), 500, h(500, 0)),
        ];
        for (last, remote, now, want) in cases {
            let got = Hlc::observe(last, remote, now);
            assert_eq!(got, want, "observe({last:?}, {remote:?}, {now})");
            assert!(got > last && got > remote);
        }
    }

    #[test]
    fn ordering_is_wall_then_logical() {
        assert!(h(1, 9) < h(2, 0));
        assert!(h(2, 0) < h(2, 1));
    }

    #[test]
    fn rfc3339_and_bytes() {
        assert_eq!(
            h(1_700_000_000_123, 4).to_rfc3339(),
            "2023-11-14T22:13:20.123Z"
        );
        let x = h(-5, 77);
        assert_eq!(Hlc::from_bytes(&x.to_bytes()), Some(x));
        assert_eq!(Hlc::from_bytes(&[1, 2, 3]), None);
    }
}

#[cfg(test)]
mod props {
    use proptest::prelude::*;

    use super::Hlc;

    fn hlc() -> impl Strategy<Value = Hlc> {
        (-1_000i64..1_000, any::<u32>()).prop_map(|(wall_ms, logical)| Hlc { wall_ms, logical })
    }

    proptest! {
        #[test]
        fn tick_is_strictly_increasing(last in hlc(), now in -1_000i64..1_000) {
            prop_assert!(Hlc::tick(last, now) > last);
            prop_assert!(Hlc::tick(last, now).wall_ms >= now);
        }

        #[test]
        fn observe_is_after_both(last in hlc(), remote in hlc(), now in -1_000i64..1_000) {
            let got = Hlc::observe(last, remote, now);
            prop_assert!(got > last && got > remote);
            prop_assert!(got.wall_ms >= now);
        }
    }
}
