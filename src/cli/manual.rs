//! `registrar completions SHELL` and `registrar man`: generated from the clap definitions, so
//! they can never disagree with the commands they describe.

use super::{Cli, CliError};
use clap::{CommandFactory, ValueEnum};
use std::io::Write;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

impl From<Shell> for clap_complete::Shell {
    fn from(shell: Shell) -> Self {
        match shell {
            Shell::Bash => clap_complete::Shell::Bash,
            Shell::Zsh => clap_complete::Shell::Zsh,
            Shell::Fish => clap_complete::Shell::Fish,
        }
    }
}

pub fn completions(shell: Shell) -> Result<(), CliError> {
    let mut command = Cli::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(
        clap_complete::Shell::from(shell),
        &mut command,
        "registrar",
        &mut out,
    );
    out.flush().map_err(write_failed)
}

/// One page for the whole program, with every subcommand's options in it.
pub fn man_page() -> Result<(), CliError> {
    let command = Cli::command();
    let mut out = std::io::stdout().lock();
    let man = clap_mangen::Man::new(command.clone());
    man.render(&mut out).map_err(write_failed)?;
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        render_subcommand(&mut out, "registrar", sub)?;
    }
    out.flush().map_err(write_failed)
}

/// A section per subcommand (nested ones included): its about text, usage and options.
fn render_subcommand(
    out: &mut impl Write,
    parent: &str,
    sub: &clap::Command,
) -> Result<(), CliError> {
    let name = format!("{parent} {}", sub.get_name());
    let section = clap_mangen::Man::new(
        sub.clone()
            .display_name(name.clone())
            .bin_name(name.clone()),
    );
    writeln!(out, ".SH \"{}\"", name.to_uppercase()).map_err(write_failed)?;
    section
        .render_description_section(out)
        .map_err(write_failed)?;
    section.render_synopsis_section(out).map_err(write_failed)?;
    section.render_options_section(out).map_err(write_failed)?;
    for nested in sub.get_subcommands().filter(|s| !s.is_hide_set()) {
        render_subcommand(out, &name, nested)?;
    }
    Ok(())
}

fn write_failed(e: std::io::Error) -> CliError {
    CliError::Failure(format!("standard output: {e}"))
}
