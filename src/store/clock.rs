//! Wall-clock time as an injectable dependency, so tests and demos can fix "now".

use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

/// `Send + Sync`: the console's worker thread reads the same clock as the screen.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The operating system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that only moves when told to. A `Mutex` (not a `Cell`) so it is also `Sync` and can
/// be shared by reference between threads in tests.
#[derive(Debug)]
pub struct FixedClock {
    now: Mutex<DateTime<Utc>>,
}

impl FixedClock {
    pub fn new(t: DateTime<Utc>) -> Self {
        FixedClock { now: Mutex::new(t) }
    }

    pub fn set(&self, t: DateTime<Utc>) {
        *self.lock() = t;
    }

    pub fn advance(&self, by: Duration) {
        let mut now = self.lock();
        *now += by;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, DateTime<Utc>> {
        // A panic while holding this lock cannot leave the timestamp half-written.
        self.now
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.lock()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_clock_set_and_advance() {
        let t0 = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let c = FixedClock::new(t0);
        assert_eq!(c.now(), t0);
        c.advance(Duration::seconds(90));
        assert_eq!(c.now(), t0 + Duration::seconds(90));
        c.set(t0);
        assert_eq!(c.now(), t0);
    }

    #[test]
    fn clocks_are_send() {
        fn is_send<T: Send>() {}
        is_send::<SystemClock>();
        is_send::<FixedClock>();
        is_send::<Box<dyn Clock>>();
    }
}
