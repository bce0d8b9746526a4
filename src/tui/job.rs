//! Long work on the worker thread — an export, an import — as the console follows it: how far
//! it is (counts for a gauge), and the person's request to stop it. The work stops only where
//! stopping leaves nothing half-done (src/bundle/watch.rs says where).

use crate::bundle::watch::{Stage, Watch};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

static NEXT: AtomicU64 = AtomicU64::new(1);

/// One piece of long work: its number (progress of an earlier job is never shown for a later
/// one) and the flag the person's stop sets. Cloned into the effect that does the work.
#[derive(Clone, Debug)]
pub struct Job {
    pub id: u64,
    stop: Arc<AtomicBool>,
}

impl Job {
    pub fn new() -> Job {
        Job {
            id: NEXT.fetch_add(1, Ordering::Relaxed),
            stop: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Asks the work to stop at its next safe point.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
    }

    pub fn stop_asked(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }
}

impl Default for Job {
    fn default() -> Self {
        Job::new()
    }
}

/// How far a job is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    pub job: u64,
    pub stage: Stage,
    pub done: u64,
    /// 0: not known.
    pub total: u64,
    /// Work on several files: which one this is, 1-based, of how many.
    pub part: Option<(u32, u32)>,
    /// Work other than a bundle's (a sheet, a report): what it is doing, said instead of the
    /// stage, its counts counting rows or records.
    pub what: Option<String>,
}

impl Progress {
    /// The gauge's fill, 0.0–1.0 (0 while the total is not known).
    pub fn ratio(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            (self.done as f64 / self.total as f64).clamp(0.0, 1.0)
        }
    }

    /// `applying: 1 200 of 5 000 events`.
    pub fn words(&self) -> String {
        match self.part {
            Some((n, of)) => format!("{n} of {of} · {}", self.counts()),
            None => self.counts(),
        }
    }

    fn counts(&self) -> String {
        if let Some(what) = &self.what {
            return match (self.done, self.total) {
                (0, 0) => what.clone(),
                (done, 0) => format!("{what}: {}", grouped(done)),
                (done, total) => format!("{what}: {} of {}", grouped(done), grouped(total)),
            };
        }
        if self.total == 0 && self.done == 0 {
            return self.stage.words().to_string();
        }
        let unit = self.stage.unit();
        if self.total == 0 {
            format!("{}: {} {unit}", self.stage.words(), grouped(self.done))
        } else {
            format!(
                "{}: {} of {} {unit}",
                self.stage.words(),
                grouped(self.done),
                grouped(self.total)
            )
        }
    }
}

/// 1234567 as `1 234 567`.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// The bundle layer's watch for a job: progress goes to `report` (the worker sends it back to
/// the loop), at most every `every` or at a new stage; the stop is the job's flag.
pub struct Watcher<'r> {
    pub job: Job,
    report: &'r mut dyn FnMut(Progress),
    every: Duration,
    last: Option<(Instant, Stage)>,
    /// Which of several files is under way.
    pub part: Option<(u32, u32)>,
}

impl<'r> Watcher<'r> {
    pub fn new(job: Job, report: &'r mut dyn FnMut(Progress)) -> Self {
        Watcher {
            job,
            report,
            every: Duration::from_millis(100),
            last: None,
            part: None,
        }
    }
}

impl Watcher<'_> {
    /// The next of several files begins: its first progress is reported at once.
    pub fn set_part(&mut self, n: u32, of: u32) {
        self.part = Some((n, of));
        self.last = None;
    }
}

impl Watch for Watcher<'_> {
    fn progress(&mut self, stage: Stage, done: u64, total: u64) {
        let due = match self.last {
            Some((at, last_stage)) => {
                last_stage != stage || at.elapsed() >= self.every || (total > 0 && done >= total)
            }
            None => true,
        };
        if due {
            self.last = Some((Instant::now(), stage));
            (self.report)(Progress {
                job: self.job.id,
                stage,
                done,
                total,
                part: self.part,
                what: None,
            });
        }
    }

    fn stop_asked(&self) -> bool {
        self.job.stop_asked()
    }
}

/// A report's or a sheet's progress (`register::write::Progress`) as the console's gauge
/// shows it, and the person's stop passed on: at most every 100 ms, and at each new step.
pub struct Counter<'r> {
    job: Job,
    report: std::cell::RefCell<&'r mut dyn FnMut(Progress)>,
    /// What, done, of how many, when last reported.
    state: std::cell::RefCell<(String, u64, u64, Option<Instant>)>,
}

impl<'r> Counter<'r> {
    pub fn new(job: Job, report: &'r mut dyn FnMut(Progress)) -> Self {
        Counter {
            job,
            report: std::cell::RefCell::new(report),
            state: std::cell::RefCell::new((String::new(), 0, 0, None)),
        }
    }

    fn send(&self, force: bool) {
        let Ok(mut state) = self.state.try_borrow_mut() else {
            return;
        };
        let due = force
            || state
                .3
                .is_none_or(|at| at.elapsed() >= Duration::from_millis(100));
        if !due {
            return;
        }
        state.3 = Some(Instant::now());
        let p = Progress {
            job: self.job.id,
            stage: crate::bundle::watch::Stage::ReadingLog,
            done: state.1,
            total: state.2,
            part: None,
            what: Some(state.0.clone()),
        };
        if let Ok(mut report) = self.report.try_borrow_mut() {
            (report)(p);
        }
    }
}

impl crate::register::write::Progress for Counter<'_> {
    fn start(&self, what: &str, total: u64) {
        if let Ok(mut state) = self.state.try_borrow_mut() {
            *state = (what.to_string(), 0, total, None);
        }
        self.send(true);
    }

    fn advance(&self, n: u64) {
        if let Ok(mut state) = self.state.try_borrow_mut() {
            state.1 += n;
        }
        self.send(false);
    }

    fn finish(&self) {
        self.send(true);
    }

    fn stop_asked(&self) -> bool {
        self.job.stop_asked()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_people_write_them() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1 000");
        assert_eq!(grouped(1234567), "1 234 567");
        let p = Progress {
            job: 1,
            stage: Stage::Applying,
            done: 1200,
            total: 5000,
            part: None,
            what: None,
        };
        assert_eq!(p.words(), "applying: 1 200 of 5 000 events");
        assert!((p.ratio() - 0.24).abs() < 1e-9);
        let second = Progress {
            part: Some((2, 3)),
            ..p.clone()
        };
        assert_eq!(second.words(), "2 of 3 · applying: 1 200 of 5 000 events");
    }

    #[test]
    fn a_watcher_reports_each_new_stage_and_passes_on_the_stop() {
        let mut seen = Vec::new();
        let job = Job::new();
        {
            let mut report = |p: Progress| seen.push(p.stage);
            let mut w = Watcher::new(job.clone(), &mut report);
            w.progress(Stage::CheckingSignature, 0, 10);
            w.progress(Stage::CheckingSignature, 1, 10);
            w.progress(Stage::Decrypting, 0, 0);
            assert!(!w.stop_asked());
            job.stop();
            assert!(w.stop_asked());
        }
        assert_eq!(seen, vec![Stage::CheckingSignature, Stage::Decrypting]);
    }
}
