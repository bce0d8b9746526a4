//! One loop for the real terminal and for the tests of it: inputs (keys, paste, resize, the
//! tick, and the worker's results) arrive on one channel and go through `update`; the effects
//! they cause go to the worker thread. Nothing here waits for the store.

use super::driver::Driver;
use super::effects;
use super::input::Input;
use super::msg::Msg;
use super::worker::Worker;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

pub struct EventLoop {
    pub driver: Driver,
    worker: Worker,
    tx: Sender<Input>,
    rx: Receiver<Input>,
}

impl EventLoop {
    pub fn new(driver: Driver) -> EventLoop {
        let (tx, rx) = channel();
        let worker = Worker::spawn(driver.store.clone(), tx.clone());
        let mut event_loop = EventLoop {
            driver,
            worker,
            tx,
            rx,
        };
        event_loop.dispatch();
        event_loop
    }

    /// Where the input thread (or a test) sends what happens.
    pub fn sender(&self) -> Sender<Input> {
        self.tx.clone()
    }

    /// Takes the next input — waiting up to `wait`, or until one comes — and every input already
    /// queued behind it, then hands the effects they caused to the worker. False once nothing
    /// can arrive any more.
    pub fn turn(&mut self, wait: Option<Duration>) -> bool {
        let first = match wait {
            None => match self.rx.recv() {
                Ok(input) => input,
                Err(_) => return false,
            },
            Some(wait) => match self.rx.recv_timeout(wait) {
                Ok(input) => input,
                Err(RecvTimeoutError::Timeout) => return true,
                Err(RecvTimeoutError::Disconnected) => return false,
            },
        };
        self.take(first);
        while let Ok(input) = self.rx.try_recv() {
            self.take(input);
        }
        self.dispatch();
        true
    }

    /// Whether any slow effect is still running.
    pub fn working(&self) -> bool {
        !self.driver.app.working.is_empty()
    }

    /// Lets queued effects finish (a write is never cut off by quitting).
    pub fn finish(self) {
        self.worker.finish();
    }

    fn take(&mut self, input: Input) {
        use crossterm::event::Event;
        let now = self.driver.store.now();
        let msg = match input {
            Input::Tick => Msg::Tick(now),
            Input::Event(Event::Key(k)) => Msg::Key(k),
            Input::Event(Event::Paste(text)) => Msg::Paste(text),
            Input::Event(Event::Resize(w, h)) => Msg::Resize(w, h),
            Input::Event(_) => Msg::Tick(now),
            Input::Progress(p) => Msg::Progress(p),
            Input::Done(msg, slow) => {
                if slow && !self.driver.app.working.is_empty() {
                    self.driver.app.working.remove(0);
                }
                *msg
            }
        };
        self.driver.send(msg);
    }

    /// Sends the effects waiting to the worker, noting the slow ones for the header. Should the
    /// worker be gone, an effect runs here rather than being lost.
    fn dispatch(&mut self) {
        while self.driver.has_pending() {
            for effect in self.driver.take_pending() {
                let slow = effect.is_slow();
                if slow {
                    let now = self.driver.store.now();
                    self.driver.app.working.push((effect.doing(), now));
                }
                if let Err(effect) = self.worker.run(effect) {
                    let msg = effects::run(&self.driver.store, *effect, &mut |_| {});
                    self.take(Input::Done(Box::new(msg), slow));
                }
            }
            if self.worker.alive() {
                break;
            }
        }
    }
}
