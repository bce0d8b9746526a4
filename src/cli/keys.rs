//! `registrar keys show|create|trust|allowed-signers|export-identity|list`: this station's
//! identity, the stations it trusts, and what it knows of them.

use super::auth::{Credentials, read_passphrase_file};
use super::said::Say;
use super::{CliError, Level};
use crate::bundle::BundleError;
use crate::bundle::identity::{
    KeyWork, PublicKeys, StationKeys, create_station_keys, export_identity, public_keys, unlock,
};
use crate::bundle::status::station_status;
use crate::bundle::trust::{allowed_signers, trust};
use crate::domain::access::{Actor, may_record};
use crate::domain::change::ChangeKind;
use crate::store::{Clock, ExecuteError, Store};
use clap::Subcommand;
use serde_json::json;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use zeroize::Zeroizing;

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// This station's id, age recipient and SSH signing key (`--json`: {"station",
    /// "age_recipient", "signing_key"})
    Show,
    /// Make this station's keys, for a registry that has none (administrator)
    Create {
        #[command(flatten)]
        key: KeyPassphrase,
    },
    /// Trust a peer station: its keys and the highest marking it may receive (administrator)
    Trust {
        #[arg(long, value_name = "ID")]
        station: String,
        /// Its age recipient (age1…), as its `registrar keys show` prints it
        #[arg(long, value_name = "R")]
        age_recipient: String,
        /// A file holding its OpenSSH signing key line (ssh-ed25519 …)
        #[arg(long, value_name = "FILE")]
        signing_key: PathBuf,
        #[arg(long, value_enum)]
        clearance: Level,
    },
    /// Write an OpenSSH allowed_signers file (this station and the trusted ones) for
    /// `ssh-keygen -Y verify`
    AllowedSigners {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Break-glass: write this station's age identity for the stock `age -d -i`
    /// (administrator; recorded in the log)
    ExportIdentity {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Write it in the clear (otherwise it stays protected by the station key passphrase)
        #[arg(long)]
        unprotected: bool,
        #[command(flatten)]
        key: KeyPassphrase,
    },
    /// The stations this one trusts or hears from: clearance, last bundle received and sent,
    /// bundles held, changes not yet acknowledged
    List,
}

/// The station key passphrase, which guards the station's keys (not a person's passphrase).
#[derive(Debug, Clone, clap::Args)]
pub struct KeyPassphrase {
    /// The station key passphrase, from a file (first line); otherwise asked on the terminal,
    /// or, with no terminal, the --passphrase-file passphrase is tried
    #[arg(
        long = "key-passphrase-file",
        env = "REGISTRAR_KEY_PASSPHRASE_FILE",
        value_name = "FILE"
    )]
    pub file: Option<PathBuf>,
}

impl KeyPassphrase {
    /// The passphrase that opens the station's keys.
    pub fn get(&self, creds: &Credentials) -> Result<Zeroizing<String>, CliError> {
        if let Some(file) = &self.file {
            return read_passphrase_file(file);
        }
        if std::io::stdin().is_terminal() {
            return ask("Station key passphrase: ");
        }
        match &creds.passphrase_file {
            Some(file) => read_passphrase_file(file),
            None => Err(CliError::Usage(
                "no terminal to ask the station key passphrase on: give --key-passphrase-file FILE"
                    .into(),
            )),
        }
    }

    /// A new station key passphrase: from the file, typed twice, or (with no terminal) the
    /// administrator's own from --passphrase-file.
    pub fn new_one(&self, creds: &Credentials) -> Result<(Zeroizing<String>, bool), CliError> {
        if let Some(file) = &self.file {
            return Ok((read_passphrase_file(file)?, false));
        }
        if std::io::stdin().is_terminal() {
            outln!(
                "The station key passphrase guards this station's bundle keys; whoever moves bundles across the gap needs it."
            );
            let first = ask("New station key passphrase: ")?;
            let second = ask("Again: ")?;
            if *first != *second {
                return Err(CliError::Usage("the two passphrases differ".into()));
            }
            return Ok((first, false));
        }
        match &creds.passphrase_file {
            Some(file) => Ok((read_passphrase_file(file)?, true)),
            None => Err(CliError::Usage(
                "no terminal to ask the station key passphrase on: give --key-passphrase-file FILE"
                    .into(),
            )),
        }
    }
}

fn ask(prompt: &str) -> Result<Zeroizing<String>, CliError> {
    rpassword::prompt_password(prompt)
        .map(Zeroizing::new)
        .map_err(|e| CliError::Failure(format!("reading the passphrase: {e}")))
}

impl From<BundleError> for CliError {
    fn from(e: BundleError) -> Self {
        match e {
            BundleError::Execute(e) => e.into(),
            BundleError::Store(e) => e.into(),
            other => CliError::Failure(other.to_string()),
        }
    }
}

/// Opens the station's keys with the station key passphrase.
pub fn unlock_keys(
    store: &Store,
    key: &KeyPassphrase,
    creds: &Credentials,
) -> Result<StationKeys, CliError> {
    let passphrase = key.get(creds)?;
    unlock(store, &passphrase).map_err(|e| match e {
        BundleError::Keys(m) if key.file.is_none() && !std::io::stdin().is_terminal() => {
            CliError::Failure(format!(
                "{m} (tried the --passphrase-file passphrase; give the station key passphrase with --key-passphrase-file FILE)"
            ))
        }
        e => e.into(),
    })
}

/// Makes the station's keys right after `init` created the registry.
pub fn create_at_init(
    store: &Store,
    admin: &Actor,
    passphrase: &str,
) -> Result<PublicKeys, CliError> {
    let work = KeyWork::from_env()?;
    Ok(create_station_keys(store, admin, passphrase, work)?)
}

/// What `keys create` and `init` say of the keys they made, in words.
pub fn say_keys_made(public: &PublicKeys, admin: &str, from_admin: bool) {
    outln!("station keys made (age recipient {})", public.age_recipient);
    if from_admin {
        outln!(
            "the station key passphrase is {admin}'s passphrase given at init (no --key-passphrase-file)"
        );
    }
}

/// Refuses early, before any passphrase is asked, when `actor` may not record a change of
/// this kind.
fn allowed(store: &Store, actor: &Actor, kind: ChangeKind) -> Result<(), CliError> {
    let current = store.current_actor(actor)?;
    may_record(&current, kind).map_err(|n| ExecuteError::NotAllowed(n).into())
}

pub fn run(
    path: &Path,
    command: KeysCommand,
    say: Say,
    creds: &Credentials,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let store = Store::open(path, clock)?;
    let me = creds.login(&store)?;
    match command {
        KeysCommand::Show => {
            let keys = public_keys(&store)?;
            say.either(&keys, || {
                outln!("station:        {}", keys.station);
                outln!("age recipient:  {}", keys.age_recipient);
                outln!("signing key:    {}", keys.signing_key);
            })?;
        }
        KeysCommand::Create { key } => {
            allowed(&store, &me, ChangeKind::StationKeysCreated)?;
            let (passphrase, from_admin) = key.new_one(creds)?;
            let public = create_at_init(&store, &me, &passphrase)?;
            let said = json!({"done": "station keys made", "keys": public,
                "key_passphrase_is_administrators": from_admin});
            say.either(&said, || say_keys_made(&public, &me.name, from_admin))?;
        }
        KeysCommand::Trust {
            station,
            age_recipient,
            signing_key,
            clearance,
        } => {
            let text = std::fs::read_to_string(&signing_key)
                .map_err(|e| CliError::Failure(format!("{}: {e}", signing_key.display())))?;
            let peer = trust(
                &store,
                &me,
                &station,
                &age_recipient,
                &text,
                clearance.into(),
            )
            .map_err(|e| match e {
                BundleError::Invalid(m) => CliError::Usage(m),
                e => e.into(),
            })?;
            let said = json!({"done": "station trusted", "station": peer.station,
                "clearance": peer.clearance.key()});
            say.either(&said, || {
                outln!(
                    "trusted {} up to {} (recorded in the log)",
                    peer.station,
                    peer.clearance
                )
            })?;
        }
        KeysCommand::AllowedSigners { out } => {
            let text = allowed_signers(&store)?;
            std::fs::write(&out, text)
                .map_err(|e| CliError::Failure(format!("{}: {e}", out.display())))?;
            let said = json!({"done": "allowed signers written", "file": out,
                "namespace": "registrar-bundle@v1"});
            say.either(&said, || {
                outln!(
                    "wrote {} (principal = station id, namespace registrar-bundle@v1)",
                    out.display()
                )
            })?;
        }
        KeysCommand::ExportIdentity {
            out,
            unprotected,
            key,
        } => {
            allowed(&store, &me, ChangeKind::IdentityExported)?;
            if out.exists() {
                return Err(CliError::Failure(format!(
                    "{} already exists; refusing to overwrite it",
                    out.display()
                )));
            }
            let passphrase = if unprotected {
                Some(key.get(creds)?)
            } else {
                None
            };
            let file = export_identity(
                &store,
                &me,
                passphrase.as_deref().map(|s| s.as_str()),
                !unprotected,
            )?;
            write_private(&out, &file)?;
            let said = json!({"done": "identity exported", "file": out,
                "protected": !unprotected});
            if say.json() {
                return super::print_json(&said);
            }
            outln!(
                "wrote {} ({}; recorded in the log): `age -d -i {} BUNDLE.age` decrypts a bundle for this station",
                out.display(),
                if unprotected {
                    "IN THE CLEAR: keep it off any networked machine and destroy it after use"
                } else {
                    "protected by the station key passphrase, which age asks for"
                },
                out.display()
            );
        }
        KeysCommand::List => {
            let list = station_status(&store)?;
            if say.json() {
                super::print_json(&list)?;
                return Ok(());
            }
            if list.is_empty() {
                outln!(
                    "no trusted stations yet (an administrator adds them with `registrar keys trust`)"
                );
            }
            for s in list {
                let clearance = s
                    .clearance
                    .map(|c| format!("cleared to {c}"))
                    .unwrap_or_else(|| "not trusted here".into());
                outln!("{}  ({clearance})", s.station);
                match &s.last_received {
                    Some(r) => outln!(
                        "  last received: {} {} on {}",
                        r.kind.key(),
                        r.number,
                        r.at.format("%Y-%m-%d %H:%M UTC")
                    ),
                    None => outln!("  last received: none"),
                }
                match &s.last_sent {
                    Some(r) => outln!(
                        "  last sent:     {} {} on {}",
                        r.kind.key(),
                        r.number,
                        r.at.format("%Y-%m-%d %H:%M UTC")
                    ),
                    None => outln!("  last sent:     none"),
                }
                if !s.held.is_empty() {
                    let held: Vec<String> = s.held.iter().map(u64::to_string).collect();
                    outln!(
                        "  held:          bundles {} (waiting for earlier ones)",
                        held.join(", ")
                    );
                }
                if !s.quarantined.is_empty() {
                    let q: Vec<String> = s.quarantined.iter().map(u64::to_string).collect();
                    outln!(
                        "  QUARANTINED:   bundles {} (a forked history, not applied: `registrar quarantine list`)",
                        q.join(", ")
                    );
                }
                if s.trusted {
                    outln!(
                        "  not yet acknowledged by {}: {}",
                        s.station,
                        crate::tui::text::counted(s.not_acknowledged, "change", "changes")
                    );
                }
            }
        }
    }
    Ok(())
}

/// Writes a secret file readable by its owner only.
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
        .open(path)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
        .map_err(|e| CliError::Failure(format!("{}: {e}", path.display())))
}
