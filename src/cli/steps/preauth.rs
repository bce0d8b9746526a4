//! `registrar preauth …`: the pre-authorised lists of regular sharing (G 8.1.8) and regular
//! receipt (G 9.10), renewed at each periodic review or revoked.

use super::{Session, key_of};
use crate::cli::CliError;
use crate::cli::auth::Credentials;
use crate::domain::change::Change;
use crate::domain::marking::{Classification, Marking};
use crate::domain::pre_authorisation::{Direction, PreAuthorisationTerms};
use crate::store::Clock;
use clap::Subcommand;
use std::path::Path;
use std::sync::Arc;

#[derive(Debug, Subcommand)]
pub enum PreauthCommand {
    /// Put an entity's regular products on a pre-authorised list (G 8.1.8, G 9.10)
    Add {
        /// The entity (name or id)
        #[arg(long, value_name = "ENTITY")]
        entity: String,
        /// sharing or receipt
        #[arg(long, value_parser = key_of::<Direction>)]
        direction: Direction,
        /// Which regular products it covers
        #[arg(long)]
        products: String,
        /// The highest classification it covers
        #[arg(long, value_parser = key_of::<Classification>)]
        max_classification: Classification,
        /// The entry's marking (default unclassified)
        #[arg(long, value_parser = key_of::<Classification>, default_value = "unclassified")]
        marking: Classification,
    },
    /// Renew an entry at its periodic review
    Renew { id: String },
    /// Revoke an entry
    Revoke {
        id: String,
        #[arg(long)]
        reason: String,
    },
}

pub fn run(
    path: &Path,
    steps: super::Steps<PreauthCommand>,
    creds: &Credentials,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let s = Session::open(path, creds, clock, steps.json)?;
    let command = steps.command;
    match command {
        PreauthCommand::Add {
            entity,
            direction,
            products,
            max_classification,
            marking,
        } => {
            let terms = PreAuthorisationTerms {
                entity: s.entity(&entity)?,
                direction,
                products,
                max_classification,
                marking: Marking::un(marking),
            };
            s.record_change(None, Change::PreAuthorised { terms })?;
        }
        PreauthCommand::Renew { id } => {
            s.on(&id, Change::PreAuthorisationRenewed)?;
        }
        PreauthCommand::Revoke { id, reason } => {
            s.on(&id, Change::PreAuthorisationRevoked { reason })?;
        }
    }
    Ok(())
}
