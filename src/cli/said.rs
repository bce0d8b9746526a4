//! What a command did, said once: as lines for a person, or — with `--json` — as one JSON
//! value for a script (issue 11: every command that prints has `--json`). The lines and the
//! JSON come from the same facts, so a script never reads something the person was not told.

use super::CliError;
use clap::{Args, Subcommand};
use serde::Serialize;

/// A group of commands (`user …`, `keys …`, `report …`) that each say what they did.
#[derive(Debug, Args)]
pub struct Said<C: Subcommand> {
    #[command(subcommand)]
    pub command: C,
    /// Print the result as JSON (one object, or an array for a list) instead of lines
    #[arg(long, global = true)]
    pub json: bool,
}

/// `--json` on a command that is not in a group (`init`, `demo`, `export`, …).
#[derive(Debug, Clone, Copy, Args)]
pub struct JsonFlag {
    /// Print the result as one JSON object instead of lines
    #[arg(long)]
    pub json: bool,
}

/// How this run says what it did.
#[derive(Debug, Clone, Copy)]
pub struct Say {
    json: bool,
}

impl Say {
    pub fn new(json: bool) -> Self {
        Say { json }
    }

    pub fn json(self) -> bool {
        self.json
    }

    /// Says `value` as JSON, or runs `lines`, which prints the same facts in words.
    pub fn either<T: Serialize>(self, value: &T, lines: impl FnOnce()) -> Result<(), CliError> {
        if self.json {
            super::print_json(value)
        } else {
            lines();
            Ok(())
        }
    }

    /// Prints a line for a person only (progress, advice); with `--json` standard output
    /// carries the JSON alone, so the line goes to standard error.
    pub fn aside(self, line: &str) {
        if self.json {
            errln!("{line}");
        } else {
            outln!("{line}");
        }
    }
}

impl From<JsonFlag> for Say {
    fn from(f: JsonFlag) -> Self {
        Say::new(f.json)
    }
}
