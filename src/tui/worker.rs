//! The console's worker thread: every effect (reads, writes, passphrase hashing, export,
//! import) runs here, one at a time in the order asked, and its result comes back on the same
//! channel as the keys and the tick. So the screen never waits: the clock and the urgent
//! countdowns keep moving and keys are handled while a bundle is written or a passphrase
//! hashed. Forms are `busy` while their submission runs, so a second Enter submits nothing.

use super::effects;
use super::input::Input;
use super::msg::Effect;
use crate::store::Store;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;

pub struct Worker {
    effects: Option<Sender<Effect>>,
    thread: Option<JoinHandle<()>>,
}

impl Worker {
    /// Starts the thread; results go to `results` as `Input::Done`.
    pub fn spawn(store: Arc<Store>, results: Sender<Input>) -> Worker {
        let (tx, rx): (Sender<Effect>, Receiver<Effect>) = channel();
        let thread = std::thread::Builder::new()
            .name("registrar-worker".into())
            .spawn(move || {
                for effect in rx {
                    let slow = effect.is_slow();
                    let mut report = |p| {
                        let _ = results.send(Input::Progress(p));
                    };
                    let msg = effects::run(&store, effect, &mut report);
                    if results.send(Input::Done(Box::new(msg), slow)).is_err() {
                        return;
                    }
                }
            })
            .ok();
        Worker {
            effects: Some(tx),
            thread,
        }
    }

    /// Queues an effect; gives it back if the worker is gone (its thread could not start).
    pub fn run(&self, effect: Effect) -> Result<(), Box<Effect>> {
        match &self.effects {
            Some(tx) if self.alive() => tx.send(effect).map_err(|e| Box::new(e.0)),
            _ => Err(Box::new(effect)),
        }
    }

    pub fn alive(&self) -> bool {
        self.thread.as_ref().is_some_and(|t| !t.is_finished())
    }

    /// Lets the effects already queued finish (a write is never cut off by quitting), then
    /// ends the thread.
    pub fn finish(mut self) {
        self.effects = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
