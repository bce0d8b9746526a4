//! The app and the store together: messages go through `update`, effects run against the
//! store and come back as messages. The terminal loop and the tests drive the same driver.

use super::app::App;
use super::effects;
use super::msg::{Effect, Msg};
use super::theme::Theme;
use super::update::update;
use super::views;
use crate::store::{Store, StoreError};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::Backend;
use std::collections::VecDeque;
use std::sync::Arc;

/// The store is shared with the console's worker thread (src/tui/worker.rs), which runs the
/// effects; tests run them in place with `step`/`handle`.
pub struct Driver {
    pub app: App,
    pub store: Arc<Store>,
    pending: VecDeque<Effect>,
}

impl Driver {
    pub fn new(store: Store, theme: Theme, exercise: bool) -> Result<Driver, StoreError> {
        let settings = store.settings()?;
        let mut app = App::new(
            theme,
            settings.mission.clone(),
            store.meta().station.clone(),
            store.is_demo()?,
            store.now(),
        );
        app.exercise = exercise;
        app.read_only = store.is_read_only();
        app.settings = Some(settings);
        Ok(Driver {
            app,
            store: Arc::new(store),
            pending: VecDeque::new(),
        })
    }

    /// Updates the state with a message; its effects wait for `step`.
    pub fn send(&mut self, msg: Msg) {
        let effects = update(&mut self.app, msg);
        self.pending.extend(effects);
    }

    /// Runs the next waiting effect and feeds its result back. False when none waits.
    pub fn step(&mut self) -> bool {
        match self.pending.pop_front() {
            Some(effect) => {
                let mut progress = Vec::new();
                let msg = effects::run(&self.store, effect, &mut |p| progress.push(p));
                for p in progress {
                    self.send(Msg::Progress(p));
                }
                self.send(msg);
                true
            }
            None => false,
        }
    }

    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// The effects waiting, in order, for the worker thread to run.
    pub fn take_pending(&mut self) -> Vec<Effect> {
        self.pending.drain(..).collect()
    }

    /// A message and everything it leads to.
    pub fn handle(&mut self, msg: Msg) {
        self.send(msg);
        while self.step() {}
    }

    /// The slow tick, at the store's time.
    pub fn tick(&mut self) {
        let now = self.store.now();
        self.handle(Msg::Tick(now));
    }

    pub fn press(&mut self, code: KeyCode) {
        self.press_with(code, KeyModifiers::NONE);
    }

    pub fn press_with(&mut self, code: KeyCode, modifiers: KeyModifiers) {
        self.handle(Msg::Key(KeyEvent {
            code,
            modifiers,
            kind: KeyEventKind::Press,
            state: KeyEventState::NONE,
        }));
    }

    /// Types text, one key press per character.
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            let modifiers = if c.is_ascii_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            self.press_with(KeyCode::Char(c), modifiers);
        }
    }

    pub fn draw<B: Backend>(&self, terminal: &mut Terminal<B>) -> Result<(), B::Error> {
        terminal.draw(|frame| views::draw(frame, &self.app))?;
        Ok(())
    }
}
