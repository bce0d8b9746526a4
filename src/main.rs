//! registrar: clap dispatch and the one top-level error reporter.

use clap::Parser;
use registrar::cli::{Cli, run};
use std::process::ExitCode;

fn main() -> ExitCode {
    // `registrar queue pending | head` must end quietly when `head` stops reading, like any
    // Unix tool, not with a panic about a broken pipe.
    #[cfg(unix)]
    // SAFETY: restoring the default action of one signal before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!(
                "registrar: {}",
                registrar::safe_text::clean_lines(&e.to_string())
            );
            ExitCode::from(e.exit_code())
        }
    }
}
