//! The input thread: reads the terminal's events (key presses, paste, resize) and sends them
//! on a channel, with a slow tick when nothing happens so countdowns move on.

use crossterm::event::{self, Event, KeyEventKind};
use std::sync::mpsc::Sender;
use std::thread;
use std::time::{Duration, Instant};

pub enum Input {
    Event(Event),
    Tick,
    /// An effect's result from the worker thread, and whether the effect was a slow one.
    Done(Box<super::msg::Msg>, bool),
    /// How far the worker's long work is.
    Progress(super::job::Progress),
}

/// How often countdowns and the clock are redrawn.
pub const TICK: Duration = Duration::from_secs(1);

pub fn spawn(tx: Sender<Input>) {
    thread::spawn(move || {
        let mut last_tick = Instant::now();
        loop {
            let wait = TICK.saturating_sub(last_tick.elapsed());
            match event::poll(wait) {
                Ok(true) => match event::read() {
                    Ok(ev @ (Event::Key(_) | Event::Paste(_) | Event::Resize(..))) => {
                        if let Event::Key(k) = &ev
                            && k.kind == KeyEventKind::Release
                        {
                            continue;
                        }
                        if tx.send(Input::Event(ev)).is_err() {
                            return;
                        }
                    }
                    Ok(_) => {}
                    Err(_) => return,
                },
                Ok(false) => {}
                Err(_) => return,
            }
            if last_tick.elapsed() >= TICK {
                last_tick = Instant::now();
                if tx.send(Input::Tick).is_err() {
                    return;
                }
            }
        }
    });
}
