//! `registrar import FILE...` and `registrar conflicts [resolve]`.

use super::CliError;
use super::auth::Credentials;
use super::gauge::Gauge;
use super::keys::{KeyPassphrase, unlock_keys};
use super::said::Say;
use crate::bundle::conflicts::{conflicts, resolve};
use crate::bundle::export::authorise;
use crate::bundle::import::{KeyRing, import_file_watched};
use crate::bundle::tally::Tally;
use crate::domain::ids::RecordId;
use crate::store::{Clock, Store};
use clap::Subcommand;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Bundles (`.age`, each with its `.age.sig` beside it), in any order
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub key: KeyPassphrase,
    /// Print one JSON array: per file, what its import did or why it was refused
    #[arg(long)]
    pub json: bool,
}

/// Imports each file in turn: each applies whole or not at all. Refused files are named on
/// standard error; the command fails if any was refused.
pub fn run(
    path: &Path,
    args: ImportArgs,
    creds: &Credentials,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let store = Store::open(path, clock)?;
    let me = creds.login(&store)?;
    authorise(&store, &me)?;
    let mut keys = KeyRing::new(|| unlock_keys(&store, &args.key, creds).map_err(to_bundle));
    let mut refused = Vec::new();
    let mut said = Vec::new();
    let mut tally = Tally::default();
    // `import /media/usb/*` names the signatures too: each travels with its bundle.
    let files: Vec<&PathBuf> = args
        .files
        .iter()
        .filter(|f| {
            let name = f.to_string_lossy();
            !(name.ends_with(".age.sig")
                && args
                    .files
                    .iter()
                    .any(|g| g.to_string_lossy() == name[..name.len() - 4]))
        })
        .collect();
    for file in files {
        match import_file_watched(&store, &me, file, &mut keys, &mut Gauge::new()) {
            Ok(outcome) => {
                tally.add(&outcome.kind());
                if args.json {
                    said.push(serde_json::json!({"file": file, "imported": outcome,
                        "said": outcome.describe()}));
                } else {
                    for line in outcome.describe() {
                        outln!("{line}");
                    }
                }
            }
            Err(e) => {
                let e = CliError::from(e);
                if args.files.len() == 1 {
                    return Err(e);
                }
                errln!("registrar: {e}");
                tally.refuse();
                said.push(serde_json::json!({"file": file, "refused": e.to_string(),
                    "exit_code": e.exit_code()}));
                refused.push(e);
            }
        }
    }
    if args.json {
        super::print_json(&said)?;
    } else if refused.is_empty() && tally.files > 1 {
        outln!("{}", tally.line());
    }
    match refused.len() {
        0 => Ok(()),
        _ => {
            // The worst exit code of the refused files.
            let worst = refused
                .into_iter()
                .max_by_key(CliError::exit_code)
                .unwrap_or_else(|| CliError::Failure(String::new()));
            let code = worst.exit_code();
            let line = format!("{} (see above)", tally.line());
            Err(match code {
                4 => CliError::NotAllowed(line),
                _ => CliError::Failure(line),
            })
        }
    }
}

fn to_bundle(e: CliError) -> crate::bundle::BundleError {
    crate::bundle::BundleError::Keys(e.to_string())
}

#[derive(Debug, Subcommand)]
pub enum ConflictsCommand {
    /// Every conflict between stations, open ones first
    List,
    /// Resolve a conflict (IM FP): say what stands; the resolution travels to the other
    /// stations with the next bundle
    Resolve {
        /// The conflict item (CFL-…)
        id: String,
        #[arg(long)]
        note: String,
    },
}

pub fn conflicts_command(
    path: &Path,
    command: ConflictsCommand,
    say: Say,
    creds: &Credentials,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let store = Store::open(path, clock)?;
    let me = creds.login(&store)?;
    match command {
        ConflictsCommand::List => {
            let all = conflicts(&store)?;
            if say.json() {
                super::print_json(&all)?;
                return Ok(());
            }
            if all.is_empty() {
                outln!("no conflicts between stations");
            }
            for c in all {
                let state = if c.is_open() { "OPEN" } else { "resolved" };
                outln!("{}  {state}  {} ({})", c.id, c.record, c.marking.level);
                for x in &c.changes {
                    outln!(
                        "  {} #{}: {} by {} at {}{}",
                        x.station,
                        x.seq,
                        x.what,
                        x.actor,
                        x.at.format("%Y-%m-%d %H:%M UTC"),
                        x.not_applied
                            .as_ref()
                            .map(|w| format!(" (not applied here: {w})"))
                            .unwrap_or_default()
                    );
                }
                for r in &c.resolutions {
                    outln!(
                        "  resolved by {} at {}: {}",
                        r.by,
                        r.at.format("%Y-%m-%d %H:%M UTC"),
                        r.note
                    );
                }
            }
        }
        ConflictsCommand::Resolve { id, note } => {
            resolve(&store, &me, &RecordId(id.clone()), &note).map_err(|e| match e {
                crate::bundle::BundleError::Invalid(m) => CliError::Usage(m),
                e => e.into(),
            })?;
            let said = serde_json::json!({"done": "conflict resolved", "id": id, "note": note});
            say.either(&said, || {
                outln!("{id} resolved (recorded in the log; it travels with the next bundle)")
            })?;
        }
    }
    Ok(())
}
