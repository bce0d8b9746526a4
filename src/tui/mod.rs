//! The full-screen console: login, the dashboard of queues, the registry browser, entities,
//! records, and a form for every action of the workflow.
//!
//! One synchronous loop: an input thread sends key presses, pastes and resizes with a slow
//! tick; the keymap turns a key into an action; `update` changes state only and returns
//! effects; effects run against the store and come back as messages; views draw `&App`.

pub mod app;
pub mod bundles;
pub mod clock;
pub mod driver;
pub mod effects;
pub mod event_loop;
pub mod forms;
pub mod guidance;
pub mod input;
pub mod job;
pub mod keymap;
pub mod msg;
pub mod picker;
pub mod reports;
pub mod sheets;
pub mod terminal;
pub mod text;
pub mod theme;
pub mod update;
pub mod views;
pub mod widgets;
pub mod worker;

use crate::domain::ids::Time;
use crate::store::{Clock, Store, StoreError, SystemClock};
use driver::Driver;
use event_loop::EventLoop;
use msg::Msg;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use theme::{Theme, ThemeError};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum TuiError {
    #[error("{0}")]
    Theme(#[from] ThemeError),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("the terminal: {0}")]
    Terminal(#[from] std::io::Error),
    #[error("{0}")]
    Config(String),
}

/// How the console starts.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `--theme NAME` (a built-in name or a path to a .toml file).
    pub theme: Option<String>,
    /// `--now`: exercise time starts here and runs on.
    pub now: Option<Time>,
    /// Where the person's own choices are kept (the theme picked in the console).
    pub config_file: Option<PathBuf>,
    /// `NO_COLOR` is set.
    pub no_color: bool,
}

impl Options {
    /// Options from the environment: `NO_COLOR`, and the per-user configuration file.
    pub fn from_env(theme: Option<String>, now: Option<Time>) -> Options {
        let config_file = directories::ProjectDirs::from("org", "un", "registrar")
            .map(|d| d.config_dir().join("console.toml"));
        Options {
            theme,
            now,
            config_file,
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        }
    }
}

/// The theme: `--theme` wins, then the one picked in the console, then `NO_COLOR`'s
/// monochrome, then the default. An invalid theme stops the start with its error.
pub fn resolve_theme(options: &Options) -> Result<Theme, TuiError> {
    let saved = match &options.config_file {
        Some(file) => saved_theme(file)?,
        None => None,
    };
    let chosen = options.theme.clone().or(saved);
    Ok(Theme::choose(chosen.as_deref(), options.no_color)?)
}

/// The theme kept in the configuration file, if any; unknown keys are an error naming the
/// file, the key and the value.
fn saved_theme(file: &Path) -> Result<Option<String>, TuiError> {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(TuiError::Config(format!("{}: {e}", file.display()))),
    };
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| TuiError::Config(format!("{}: {e}", file.display())))?;
    let mut theme = None;
    for (key, value) in table {
        match (key.as_str(), value) {
            ("theme", toml::Value::String(name)) => theme = Some(name),
            (key, value) => {
                return Err(TuiError::Config(format!(
                    "{}: unknown key '{key}' (value {value}); the only key is theme = \"NAME\"",
                    file.display()
                )));
            }
        }
    }
    Ok(theme)
}

/// Opens the registry at `path` and runs the console on it until the person quits.
pub fn run_path(path: &Path, options: Options) -> Result<(), TuiError> {
    let theme = resolve_theme(&options)?;
    let clock: Arc<dyn Clock> = match options.now {
        Some(t) => Arc::new(clock::ExerciseClock::new(t)),
        None => Arc::new(SystemClock),
    };
    let store = Store::open(path, clock)?;
    let mut driver = Driver::new(store, theme, options.now.is_some())?;
    driver.app.config_file = options.config_file.clone();
    run(driver)
}

/// The loop on the real terminal: draw, then take what happened (keys, the tick, results
/// from the worker thread), and so on until the person quits.
pub fn run(mut driver: Driver) -> Result<(), TuiError> {
    let guard = terminal::TerminalGuard::enter()?;
    let mut terminal = Terminal::new(CrosstermBackend::new(std::io::stdout()))?;
    terminal.clear()?;
    let size = terminal.size()?;
    driver.send(Msg::Resize(size.width, size.height));
    let now = driver.store.now();
    driver.send(Msg::Tick(now));
    let mut event_loop = EventLoop::new(driver);
    input::spawn(event_loop.sender());
    loop {
        event_loop.driver.draw(&mut terminal)?;
        if event_loop.driver.app.quit || !event_loop.turn(None) {
            break;
        }
    }
    if event_loop.working() {
        // Say why the terminal is not given back yet: a write is finishing.
        event_loop.driver.draw(&mut terminal)?;
    }
    event_loop.finish();
    drop(terminal);
    drop(guard);
    Ok(())
}
