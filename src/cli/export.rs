//! `registrar export --to STATION --out DIR [--snapshot | --ack] [--resend N]`: shows what
//! will cross the gap, writes the bundle and its signature, and prints the stock commands that
//! check and decrypt it; or writes a bundle lost on the way again.

use super::CliError;
use super::auth::Credentials;
use super::gauge::Gauge;
use super::keys::{KeyPassphrase, unlock_keys};
use crate::bundle::export::{authorise, check_dir, plan_watched, resend, write_watched};
use crate::domain::station::BundleKind;
use crate::store::{Clock, Store};
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The station the bundle is for
    #[arg(long, value_name = "STATION")]
    pub to: String,
    /// Where to write it (the removable medium)
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Everything this station holds that the peer may receive, to bootstrap a new or
    /// replacement machine
    #[arg(long, conflicts_with = "ack")]
    pub snapshot: bool,
    /// Only what this station holds of the peer's changes, so it sees what has arrived
    #[arg(long)]
    pub ack: bool,
    /// Write bundle N (or, with --ack, acknowledgement N) again, as it was first written: for
    /// a bundle lost on the way. The receiver applies it if it never arrived
    #[arg(long, value_name = "N", conflicts_with = "snapshot")]
    pub resend: Option<u64>,
    #[command(flatten)]
    pub key: KeyPassphrase,
    /// Print one JSON object: {"done", "to", "kind", "bundle", "signature", "summary"}
    #[arg(long)]
    pub json: bool,
}

pub fn run(
    path: &Path,
    args: ExportArgs,
    creds: &Credentials,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let store = Store::open(path, clock)?;
    let me = creds.login(&store)?;
    authorise(&store, &me)?;
    check_dir(&args.out)?;
    let kind = if args.snapshot {
        BundleKind::Snapshot
    } else if args.ack {
        BundleKind::Ack
    } else {
        BundleKind::Changes
    };
    let sender = store.meta().station.clone();
    if let Some(number) = args.resend {
        let keys = unlock_keys(&store, &args.key, creds)?;
        let written = resend(&store, &me, &keys, &args.to, kind, number, &args.out)?;
        if args.json {
            return super::print_json(&serde_json::json!({"done": "bundle written again",
                "to": args.to, "kind": kind, "number": number, "bundle": written.bundle,
                "signature": written.signature}));
        }
        outln!(
            "wrote {} again (the same bundle {number}, encrypted anew)",
            written.bundle.display()
        );
        outln!("wrote {}", written.signature.display());
        return Ok(());
    }
    let mut gauge = Gauge::new();
    let plan = plan_watched(&store, &args.to, kind, &mut gauge)?;
    drop(gauge);
    if plan.is_empty() {
        if args.json {
            return super::print_json(&serde_json::json!({"done": "nothing to send",
                "to": args.to, "kind": kind}));
        }
        outln!(
            "nothing to send to {}: it holds (or was sent) everything this station has for it",
            args.to
        );
        return Ok(());
    }
    let summary = plan.summary();
    if !args.json {
        outln!("what will cross the gap:");
        for line in &summary {
            outln!("{line}");
        }
    }
    let keys = unlock_keys(&store, &args.key, creds)?;
    let written = write_watched(&store, &me, &keys, plan, &args.out, &mut Gauge::new())?;
    if args.json {
        return super::print_json(&serde_json::json!({"done": "bundle written", "to": args.to,
            "kind": kind, "number": written.number, "hash": written.hash, "bundle": written.bundle,
            "signature": written.signature,
            "summary": summary}));
    }
    outln!("wrote {}", written.bundle.display());
    outln!("wrote {}", written.signature.display());
    let name = &written.name;
    outln!("check it with OpenSSH only (allowed_signers from `registrar keys allowed-signers`):");
    outln!(
        "  ssh-keygen -Y verify -f allowed_signers -I {sender} -n registrar-bundle@v1 -s {name}.sig < {name}"
    );
    outln!(
        "break-glass, at {} with its `registrar keys export-identity` file:",
        args.to
    );
    outln!("  age -d -i {}-identity.age -o bundle.cbor {name}", args.to);
    Ok(())
}
