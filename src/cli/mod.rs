//! The non-interactive commands (CLI.md).

#[macro_use]
mod out;

mod auth;
mod compact;
mod demo;
mod error;
mod export;
mod gauge;
mod import;
mod import_sheet;
mod init;
mod keys;
mod manual;
mod quarantine;
mod queue;
mod rebuild;
mod records;
mod report;
mod reports;
mod said;
mod settings;
mod steps;
mod users;
mod verify;

pub use error::CliError;

use crate::store::passphrase_work::{PassphraseWork, use_passphrase_work};
use crate::store::{Clock, FixedClock, SystemClock};
use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, Parser)]
#[command(
    name = "registrar",
    version = version(),
    about = "The central registry of intelligence shared with and received from non-UN and non-mission UN entities (DPO Guidelines, 2022)",
    after_help = "Without a command, registrar opens the console on the store (login first)."
)]
pub struct Cli {
    /// The registry file [default: registry.redb in the per-user data directory; for `demo`,
    /// demo.redb beside it, so the demo never takes the production store's place]
    #[arg(long, global = true, env = "REGISTRAR_STORE", value_name = "PATH")]
    pub store: Option<PathBuf>,
    /// Who acts (every change is attributed)
    #[arg(long, global = true, env = "REGISTRAR_USER", value_name = "NAME")]
    pub user: Option<String>,
    /// The acting user's passphrase file, for scripts; given before the command (after it,
    /// it is refused, so that it never silently replaces the acting user's passphrase with
    /// one meant for the command: those are --new-passphrase-file and --key-passphrase-file)
    #[arg(long, env = "REGISTRAR_PASSPHRASE_FILE", value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    /// Pretend the current time is this: only on a demo registry or one made with
    /// `init --exercise` (refused on a real registry, exit 2)
    #[arg(long, global = true, env = "REGISTRAR_NOW", value_name = "RFC3339")]
    pub now: Option<String>,
    /// Colour theme of the console: default, light, high-contrast, low-light-red,
    /// monochrome, or a path to a .toml theme (NO_COLOR selects monochrome unless one is given)
    #[arg(long, global = true, env = "REGISTRAR_THEME", value_name = "NAME")]
    pub theme: Option<String>,
    /// Without a command: the console (login first)
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the registry of this station: the central registry of G C "Registers", its keys
    /// and first administrator
    Init {
        #[arg(long)]
        mission: String,
        #[arg(long)]
        station: String,
        /// The highest marking this station may hold
        #[arg(long, value_enum, default_value_t = Level::StrictlyConfidential)]
        clearance: Level,
        /// A registry for exercises and training: it accepts a pretend time (`--now`).
        /// Recorded in its settings; a real registry never accepts one
        #[arg(long)]
        exercise: bool,
        #[command(flatten)]
        key: keys::KeyPassphrase,
        #[command(flatten)]
        json: said::JsonFlag,
    },
    /// Create (if absent) a demo registry with realistic records: a mission's G 8 and G 9 work,
    /// in its own file (demo.redb)
    Demo {
        /// Add N synthetic closed records, for scale
        #[arg(long, value_name = "N")]
        records: Option<u64>,
        /// Do not open the console; print the queues instead
        #[arg(long)]
        no_tui: bool,
        /// Do not open the console; print one JSON object: the file, the demo users and the
        /// queues as the IM FP sees them
        #[arg(long)]
        json: bool,
    },
    /// Print one queue, in the order it is worked: urgent (G 9.1–9.3, G 8.1.7), pending,
    /// overdue reviews (G 8.1.2.3, 9.5.2, 8.1.10)
    Queue {
        #[arg(value_enum)]
        which: QueueName,
        /// One JSON array, one object per item
        #[arg(long)]
        json: bool,
    },
    /// The entities shared with and received from (G 8.1.2, G 9.5): add, edit, merge,
    /// incidents, suspension (G 8.1.2.3, G 9.5.2)
    Entity(steps::Steps<steps::EntityCommand>),
    /// A received product, step by step (G 9): register, determine, alert, scan, clear,
    /// disseminate, reject, onward approval
    Receipt(steps::Steps<steps::ReceiptCommand>),
    /// A product shared with an entity, step by step (G 8): draft, sanitised, assess risk,
    /// decide, accept conditions, mark shared, withdraw, after the fact
    Share(steps::Steps<steps::ShareCommand>),
    /// The Entity Assessments for Sharing (G 8.1.2, Annex A) and for Receipt (G 9.5, Annex D)
    Assessment(steps::Steps<steps::AssessmentCommand>),
    /// Breaches of the conditions of sharing and their investigation (G 8.1.10)
    Breach(steps::Steps<steps::BreachCommand>),
    /// Pre-authorised lists of regular sharing and receipt (G 8.1.8, G 9.10)
    Preauth(steps::Steps<steps::PreauthCommand>),
    /// Correct a share or receipt: one field, with the reason; what rested on it re-opens
    /// (G C "Registers")
    Amend(steps::correct::AmendArgs),
    /// Void a share or receipt registered in error, with the reason: it leaves the queues and
    /// counts, and stays in history (G C "Registers")
    Void(steps::correct::VoidArgs),
    /// Print a commented blank answers file for a questionnaire (Annex B, D, E), for
    /// `--answers FILE`
    Template {
        #[arg(value_enum)]
        questionnaire: steps::answers::Questionnaire,
    },
    /// One record with everything the console's record view shows: its fields, what it waits
    /// on and who acts, its history (the register, G C "Registers" a; need to know, P 11.3.3)
    Show(records::ShowArgs),
    /// One record's timeline: who did what, when (G C "Registers" a, d)
    History(records::ShowArgs),
    /// The shares and receipts of the register, filtered: period, entity, kind, state,
    /// marking (G C "Registers" a; only what you may see, P 11.3.3)
    List(records::ListArgs),
    /// Find shares, receipts and entities by title, reference, summary, entity name or id
    /// (G C "Registers" a; only what you may see, P 11.3.3)
    Search(records::SearchArgs),
    /// Check the store and the event chain; name the first broken link (the register oversight
    /// relies on, G C "Registers" d)
    Verify {
        /// On success, one JSON object: {"ok", "events", "stations"} (a failure is the usual
        /// line on standard error, exit 1)
        #[arg(long)]
        json: bool,
    },
    /// Derive every record and queue again from the verified log, in one transaction (when
    /// `verify` finds records that do not match the log); refused, naming the broken link,
    /// when the log itself fails verification; the log is never changed (administrator; the
    /// register oversight relies on, G C "Registers" d)
    Rebuild(said::JsonFlag),
    /// Rewrite the registry file without its free pages, in place (redb's compaction: an
    /// interrupted compaction leaves the registry whole); records, log and indexes unchanged
    /// (administrator)
    Compact(said::JsonFlag),
    /// Authenticate and print who you are: user, roles, clearance (need to know, P 11.3.3)
    Whoami {
        /// One JSON object: {"user", "roles", "clearance"}
        #[arg(long)]
        json: bool,
    },
    /// Manage users: roles and clearances (need to know, P 11.3.3, P 12.10)
    User(said::Said<users::UserCommand>),
    /// Reports for oversight (G C "Registers" d, G H)
    Report(said::Said<ReportCommand>),
    /// Mission settings and the delegation matrix (G 8 "Sharing Authority" a–b, G 9 "Receiving
    /// Authority", G 8.1.2.3 review interval, G 9.2 time limits, G 9.12 red flags)
    Settings(said::Said<settings::SettingsCommand>),
    /// This station's keys and the stations it trusts (moving the register between
    /// compartmented machines and to headquarters, P 13.1.3)
    Keys(said::Said<keys::KeysCommand>),
    /// Write the bundle of changes a station has not yet received (signed, encrypted to it,
    /// filtered to its clearance: P 11.3.3, P 13.1.3)
    Export(export::ExportArgs),
    /// Verify, decrypt, check and apply bundles, each whole or not at all (P 13.1.3)
    Import(import::ImportArgs),
    /// Bring in a register kept as a spreadsheet (.xlsx, .xls, .ods, .csv): lines registered
    /// after the fact (G C "Registers" a, G 8.1.9, G 9.11), a dry run first, then all or nothing
    ImportSheet(import_sheet::ImportSheetArgs),
    /// Conflicts between stations: list, resolve (IM FP keeps the register, G C "Registers")
    Conflicts(said::Said<import::ConflictsCommand>),
    /// Bundles set aside because they carry a history that conflicts with this registry's
    /// (a fork): list, dismiss (IM FP)
    Quarantine(said::Said<quarantine::QuarantineCommand>),
    /// Print a shell completion script on standard output (install lines in the README)
    Completions {
        #[arg(value_enum)]
        shell: manual::Shell,
    },
    /// Print the manual page (roff) on standard output: `registrar man | man -l -`
    Man,
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// The whole registry with its event history and the chain check, for OIOS (G C
    /// "Registers" d): JSON, each Annex answer with its question; .xlsx when FILE ends so
    Oversight {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// The register (G C "Registers" a): time, date, marking, with or from whom, how, the
    /// Sharing Risk Assessment or Intelligence Receipt Scan, the action taken; .xlsx or .csv
    Register(reports::RegisterArgs),
    /// The compliance figures for a period (G H "Monitoring and compliance", P 9.7): a
    /// summary sheet and a sheet per indicator
    Compliance(reports::ComplianceArgs),
    /// The periodic revision of an entity over a period (G 9.13, G C "Registers" d), with
    /// charts by month
    Revision(reports::RevisionArgs),
    /// The access matrix (P 11.3.3, P 12.10, G 9.7): for every confidential share and receipt,
    /// who may see its content and why (listed on its dissemination, or by role), and the
    /// people with their roles and clearance; .xlsx or .csv
    Access {
        /// The file to write: .xlsx, or .csv; its name gains the highest marking inside
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum QueueName {
    Urgent,
    Pending,
    Overdue,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum Level {
    Unclassified,
    Confidential,
    StrictlyConfidential,
}

impl From<Level> for crate::domain::marking::Classification {
    fn from(l: Level) -> Self {
        use crate::domain::marking::Classification as C;
        match l {
            Level::Unclassified => C::Unclassified,
            Level::Confidential => C::Confidential,
            Level::StrictlyConfidential => C::StrictlyConfidential,
        }
    }
}

/// `--version`: the program's version and the store schema it reads and writes.
fn version() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| {
        format!(
            "{} (store schema {})",
            env!("CARGO_PKG_VERSION"),
            crate::store::SCHEMA_VERSION
        )
    })
}

pub fn run(cli: Cli) -> Result<(), CliError> {
    // Neither needs a store, a clock or a person.
    match &cli.command {
        Some(Command::Completions { shell }) => return manual::completions(*shell),
        Some(Command::Man) => return manual::man_page(),
        Some(Command::Template { questionnaire }) => {
            outln!("{}", steps::answers::template(*questionnaire));
            return Ok(());
        }
        _ => {}
    }
    // Before any passphrase is hashed or checked: how much work one check costs.
    PassphraseWork::from_env()
        .and_then(use_passphrase_work)
        .map_err(CliError::Usage)?;
    let clock = clock(cli.now.as_deref())?;
    let default_file = match cli.command {
        Some(Command::Demo { .. }) => DEMO_FILE,
        _ => STORE_FILE,
    };
    let store_path = store_path(cli.store.as_ref(), default_file)?;
    if cli.now.is_some() {
        exercise_time_allowed(&store_path, cli.command.as_ref())?;
    }
    let creds = auth::Credentials {
        user: cli.user.clone(),
        passphrase_file: cli.passphrase_file.clone(),
    };
    let Some(command) = cli.command else {
        let options = console(cli.theme, cli.now.as_deref())?;
        // An invalid theme stops the start, terminal or not.
        crate::tui::resolve_theme(&options).map_err(|e| CliError::Failure(e.to_string()))?;
        // The console needs a terminal; without one (a script, a pipe) the usage is printed.
        if !interactive() {
            let help = <Cli as clap::CommandFactory>::command().render_help();
            return Err(CliError::Usage(format!(
                "the console needs a terminal; the commands are:\n{help}"
            )));
        }
        return crate::tui::run_path(&store_path, options)
            .map_err(|e| CliError::Failure(e.to_string()));
    };
    match command {
        Command::Init {
            mission,
            station,
            clearance,
            exercise,
            key,
            json,
        } => init::run(
            &store_path,
            init::NewStation {
                settings: crate::domain::settings::MissionSettings {
                    exercise,
                    ..crate::domain::settings::MissionSettings::new(mission.trim())
                },
                station: &station,
                clearance: clearance.into(),
            },
            &key,
            json.into(),
            &creds,
            clock,
        ),
        Command::Demo {
            records,
            no_tui,
            json,
        } => {
            let console = console(cli.theme, cli.now.as_deref())?;
            let open = !no_tui && !json && interactive();
            let say = said::Say::new(json);
            demo::run(&store_path, records, open.then_some(console), say, clock)
        }
        Command::Queue { which, json } => queue::run(&store_path, which, json, &creds, clock),
        Command::Entity(command) => steps::entity::run(&store_path, command, &creds, clock),
        Command::Receipt(command) => steps::receipt::run(&store_path, command, &creds, clock),
        Command::Share(command) => steps::share::run(&store_path, command, &creds, clock),
        Command::Assessment(c) => steps::assessment::run(&store_path, c, &creds, clock),
        Command::Breach(c) => steps::breach::run(&store_path, c, &creds, clock),
        Command::Preauth(c) => steps::preauth::run(&store_path, c, &creds, clock),
        Command::Amend(args) => steps::correct::amend(&store_path, args, &creds, clock),
        Command::Void(args) => steps::correct::void(&store_path, args, &creds, clock),
        Command::Show(args) => records::show(&store_path, args, true, &creds, clock),
        Command::History(args) => records::show(&store_path, args, false, &creds, clock),
        Command::List(args) => records::list(&store_path, args, &creds, clock),
        Command::Search(args) => records::search(&store_path, args, &creds, clock),
        Command::Verify { json } => verify::run(&store_path, json, &creds, clock),
        Command::Rebuild(json) => rebuild::run(&store_path, json.into(), &creds, clock),
        Command::Compact(json) => compact::run(&store_path, json.into(), &creds, clock),
        Command::Whoami { json } => users::whoami(&store_path, json, &creds, clock),
        Command::User(c) => users::run(&store_path, c.command, say(c.json), &creds, clock),
        Command::Report(c) => {
            let say = say(c.json);
            match c.command {
                ReportCommand::Oversight { out } => {
                    report::oversight(&store_path, &out, say, &creds, clock)
                }
                ReportCommand::Register(args) => {
                    reports::register(&store_path, args, say, &creds, clock)
                }
                ReportCommand::Compliance(args) => {
                    reports::compliance(&store_path, args, say, &creds, clock)
                }
                ReportCommand::Revision(args) => {
                    reports::revision(&store_path, args, say, &creds, clock)
                }
                ReportCommand::Access { out } => {
                    reports::access(&store_path, &out, say, &creds, clock)
                }
            }
        }
        Command::Settings(c) => settings::run(&store_path, c.command, say(c.json), &creds, clock),
        Command::Keys(c) => keys::run(&store_path, c.command, say(c.json), &creds, clock),
        Command::Export(args) => export::run(&store_path, args, &creds, clock),
        Command::Import(args) => import::run(&store_path, args, &creds, clock),
        Command::ImportSheet(args) => import_sheet::run(&store_path, args, &creds, clock),
        Command::Conflicts(c) => {
            import::conflicts_command(&store_path, c.command, say(c.json), &creds, clock)
        }
        Command::Quarantine(c) => {
            quarantine::run(&store_path, c.command, say(c.json), &creds, clock)
        }
        Command::Completions { .. } | Command::Man | Command::Template { .. } => {
            unreachable!("handled before the store")
        }
    }
}

fn say(json: bool) -> said::Say {
    said::Say::new(json)
}

/// `--now` is exercise time: accepted by a demo registry or one made with `init --exercise`,
/// refused (exit 2) on a real registry, whose events carry real times and whose clock must
/// not be pushed forward. A registry that does not exist yet is left to its command.
fn exercise_time_allowed(
    path: &std::path::Path,
    command: Option<&Command>,
) -> Result<(), CliError> {
    match command {
        Some(Command::Init { exercise: true, .. }) | Some(Command::Demo { .. }) => return Ok(()),
        Some(Command::Init { .. }) => {
            return Err(CliError::Usage(
                "--now is exercise time: add --exercise to make a registry for exercises".into(),
            ));
        }
        _ => {}
    }
    if !path.exists() {
        return Ok(());
    }
    let store = crate::store::Store::open(path, Arc::new(SystemClock))?;
    if store.is_demo()? || store.settings()?.exercise {
        return Ok(());
    }
    Err(CliError::Usage(format!(
        "--now is refused: {} is a real registry (not made with `init --exercise` or `demo`); its events carry real times",
        path.display()
    )))
}

/// Whether a person is at a terminal (the console's input and output are one).
fn interactive() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// The console's options: `--theme`, `--now` as the start of exercise time, `NO_COLOR`, and
/// the theme the person picked in the console.
fn console(theme: Option<String>, now: Option<&str>) -> Result<crate::tui::Options, CliError> {
    let now = match now {
        None => None,
        Some(text) => Some(
            DateTime::parse_from_rfc3339(text)
                .map_err(|e| CliError::Usage(format!("--now {text}: not an RFC 3339 time ({e})")))?
                .with_timezone(&Utc),
        ),
    };
    Ok(crate::tui::Options::from_env(theme, now))
}

/// `--now` fixes the time for exercises and tests; otherwise the system clock.
fn clock(now: Option<&str>) -> Result<Arc<dyn Clock>, CliError> {
    match now {
        None => Ok(Arc::new(SystemClock)),
        Some(text) => {
            let t = DateTime::parse_from_rfc3339(text).map_err(|e| {
                CliError::Usage(format!("--now {text}: not an RFC 3339 time ({e})"))
            })?;
            Ok(Arc::new(FixedClock::new(t.with_timezone(&Utc))))
        }
    }
}

/// The production registry's file name in the per-user data directory.
const STORE_FILE: &str = "registry.redb";
/// The demo's, beside it: a demo never occupies the place `init` will want.
const DEMO_FILE: &str = "demo.redb";

fn store_path(given: Option<&PathBuf>, default_file: &str) -> Result<PathBuf, CliError> {
    if let Some(p) = given {
        return Ok(p.clone());
    }
    let dirs = directories::ProjectDirs::from("org", "un", "registrar").ok_or_else(|| {
        CliError::Failure("no per-user data directory; give the store with --store PATH".into())
    })?;
    let dir = dirs.data_dir();
    std::fs::create_dir_all(dir)
        .map_err(|e| CliError::Failure(format!("{}: {e}", dir.display())))?;
    Ok(dir.join(default_file))
}

/// Prints a value as pretty JSON on standard output (`--json` of every command).
pub(crate) fn print_json<T: serde::Serialize>(value: &T) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value).map_err(|e| CliError::Failure(e.to_string()))?;
    println!("{}", crate::safe_text::json_for_terminal(&text));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::Cli;

    /// Issue 11: every command that prints has `--json`. The three that print a file for a
    /// program to read (a completion script, the manual page, an answers template) are the
    /// exceptions.
    #[test]
    fn every_command_that_prints_takes_json() {
        fn leaves(cmd: &clap::Command, path: String, out: &mut Vec<(String, clap::Command)>) {
            if cmd.get_subcommands().next().is_none() {
                out.push((path.clone(), cmd.clone()));
            }
            for sub in cmd.get_subcommands() {
                leaves(sub, format!("{path} {}", sub.get_name()), out);
            }
        }
        let mut root = <Cli as clap::CommandFactory>::command();
        root.build();
        let mut all = Vec::new();
        for sub in root.get_subcommands() {
            leaves(sub, sub.get_name().to_string(), &mut all);
        }
        let missing: Vec<&str> = all
            .iter()
            .filter(|(path, _)| !["completions", "man", "template"].contains(&path.as_str()))
            .filter(|(path, _)| !path.split(' ').any(|word| word == "help"))
            .filter(|(_, cmd)| !cmd.get_arguments().any(|a| a.get_long() == Some("json")))
            .map(|(path, _)| path.as_str())
            .collect();
        assert!(all.len() > 60, "{}", all.len());
        assert!(missing.is_empty(), "without --json: {missing:?}");
    }
}
