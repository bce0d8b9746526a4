//! registrar: clap dispatch and the one top-level error reporter.

use clap::Parser;
use registrar::cli::{Cli, run};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("registrar: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
