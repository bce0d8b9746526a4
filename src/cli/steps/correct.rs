//! `registrar amend` and `registrar void`: corrections of a share or receipt, append-only with
//! a reason (G C "Registers"); amending what a decision rested on re-opens it.

use super::{Session, key_of};
use crate::cli::CliError;
use crate::cli::auth::Credentials;
use crate::domain::change::Change;
use crate::domain::correction::AmendedField;
use crate::domain::marking::{Classification, Marking};
use crate::domain::nature::Nature;
use crate::domain::record::Record;
use crate::store::Clock;
use clap::{ArgGroup, Args};
use std::path::Path;
use std::sync::Arc;

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("field").required(true).args(
    ["title", "reference", "summary", "entity", "marking", "nature"])))]
pub struct AmendArgs {
    /// The share or receipt
    pub id: String,
    #[arg(long)]
    pub title: Option<String>,
    #[arg(long)]
    pub reference: Option<String>,
    #[arg(long)]
    pub summary: Option<String>,
    /// The entity a receipt came from (name or id)
    #[arg(long, value_name = "ENTITY")]
    pub entity: Option<String>,
    /// The UN marking (the originator's marking is kept)
    #[arg(long, value_parser = key_of::<Classification>)]
    pub marking: Option<Classification>,
    #[arg(long, value_parser = key_of::<Nature>)]
    pub nature: Option<Nature>,
    #[arg(long)]
    pub reason: String,
    /// Say what was recorded as one JSON object
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct VoidArgs {
    /// The share or receipt registered in error
    pub id: String,
    #[arg(long)]
    pub reason: String,
    /// Say what was recorded as one JSON object
    #[arg(long)]
    pub json: bool,
}

pub fn amend(
    path: &Path,
    a: AmendArgs,
    creds: &Credentials,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let s = Session::open(path, creds, clock, a.json)?;
    let record = s.record(&a.id)?;
    let amendment = if let Some(t) = a.title {
        AmendedField::Title(t)
    } else if let Some(r) = a.reference {
        AmendedField::Reference(r)
    } else if let Some(t) = a.summary {
        AmendedField::Summary(t)
    } else if let Some(e) = a.entity {
        AmendedField::Entity(s.entity(&e)?)
    } else if let Some(level) = a.marking {
        AmendedField::Marking(Marking {
            level,
            originator_marking: record.marking().originator_marking,
        })
    } else if let Some(n) = a.nature {
        AmendedField::Nature(n)
    } else {
        unreachable!("clap requires one field")
    };
    let reason = a.reason;
    let change = match record {
        Record::Share(_) => Change::ShareAmended { amendment, reason },
        Record::Receipt(_) => Change::ReceiptAmended { amendment, reason },
        _ => return Err(not_correctable(&a.id)),
    };
    s.record_change(Some(&record.id()), change)?;
    Ok(())
}

pub fn void(
    path: &Path,
    a: VoidArgs,
    creds: &Credentials,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let s = Session::open(path, creds, clock, a.json)?;
    let record = s.record(&a.id)?;
    let reason = a.reason;
    let change = match record {
        Record::Share(_) => Change::ShareVoided { reason },
        Record::Receipt(_) => Change::ReceiptVoided { reason },
        _ => return Err(not_correctable(&a.id)),
    };
    s.record_change(Some(&record.id()), change)?;
    Ok(())
}

fn not_correctable(id: &str) -> CliError {
    CliError::Usage(format!(
        "{id}: only a share or a receipt is amended or voided; an entity is edited (entity edit)"
    ))
}
