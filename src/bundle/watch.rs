//! Someone following a long bundle step — the console's gauge, the command line's progress
//! lines — told how far it is, and able to ask it to stop. A step stops only where stopping
//! leaves nothing half-done: an export before its files are put on the medium, an import
//! before its write transaction commits.

use super::BundleError;
use std::io::Read;

/// Where a bundle step is, in the words the gauge shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// An export reads the log for what the peer does not hold (events).
    ReadingLog,
    /// An export packs the chosen events into the bundle (events).
    Packing,
    /// An export encrypts and signs the bundle (no count).
    Sealing,
    /// An import checks the sender's signature over the file (bytes).
    CheckingSignature,
    /// An import decrypts the file and checks every item, applying nothing (bytes of the
    /// file).
    Decrypting,
    /// An import adds the bundle's events to the registry (events).
    Applying,
}

impl Stage {
    pub fn words(self) -> &'static str {
        match self {
            Stage::ReadingLog => "reading the log",
            Stage::Packing => "packing",
            Stage::Sealing => "encrypting and signing",
            Stage::CheckingSignature => "checking the signature",
            Stage::Decrypting => "decrypting and checking",
            Stage::Applying => "applying",
        }
    }

    /// What the counts count.
    pub fn unit(self) -> &'static str {
        match self {
            Stage::CheckingSignature | Stage::Decrypting => "bytes",
            _ => "events",
        }
    }
}

pub trait Watch {
    /// `done` of `total` in `stage` (`total` 0: not known).
    fn progress(&mut self, stage: Stage, done: u64, total: u64);
    /// Whether the person asked the step to stop.
    fn stop_asked(&self) -> bool;
}

/// Nobody watching: the step runs to its end.
impl Watch for () {
    fn progress(&mut self, _: Stage, _: u64, _: u64) {}
    fn stop_asked(&self) -> bool {
        false
    }
}

/// A reading watch: `progress(done, total)` as the command line has always taken it.
pub struct Counting<F: FnMut(u64, u64)>(pub F);

impl<F: FnMut(u64, u64)> Watch for Counting<F> {
    fn progress(&mut self, _: Stage, done: u64, total: u64) {
        (self.0)(done, total)
    }
    fn stop_asked(&self) -> bool {
        false
    }
}

/// Refuses to go on once the person asked to stop.
pub fn checkpoint(watch: &dyn Watch) -> Result<(), BundleError> {
    if watch.stop_asked() {
        Err(BundleError::Stopped)
    } else {
        Ok(())
    }
}

/// A reader that reports the bytes read, and fails once the person asked to stop (the caller
/// then sees `stop_asked` and says so).
pub struct Watched<'w, R> {
    pub inner: R,
    pub watch: &'w mut dyn Watch,
    pub stage: Stage,
    pub done: u64,
    pub total: u64,
}

impl<R: Read> Read for Watched<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.watch.stop_asked() {
            return Err(std::io::Error::other("stopped as asked"));
        }
        let n = self.inner.read(buf)?;
        self.done += n as u64;
        self.watch.progress(self.stage, self.done, self.total);
        Ok(n)
    }
}
