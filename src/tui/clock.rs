//! Exercise time: `--now` sets where the console's clock starts, and it runs on from there,
//! so countdowns tick during an exercise as they would on the day.

use crate::domain::ids::Time;
use crate::store::Clock;
use std::time::Instant;

pub struct ExerciseClock {
    start: Time,
    started: Instant,
}

impl ExerciseClock {
    pub fn new(start: Time) -> Self {
        ExerciseClock {
            start,
            started: Instant::now(),
        }
    }
}

impl Clock for ExerciseClock {
    fn now(&self) -> Time {
        let elapsed = chrono::Duration::from_std(self.started.elapsed()).unwrap_or_default();
        self.start + elapsed
    }
}
