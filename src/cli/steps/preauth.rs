//! `registrar preauth …`: the pre-authorised lists of regular sharing (G 8.1.8) and regular
//! receipt (G 9.10): an entry names the series it covers (by the reference its products begin
//! with), their natures and the highest classification; it is renewed at each periodic review
//! with the reviewer's checklist, or revoked.

use super::{Session, key_of};
use crate::cli::CliError;
use crate::cli::auth::Credentials;
use crate::domain::change::Change;
use crate::domain::marking::{Classification, Marking};
use crate::domain::nature::Nature;
use crate::domain::pre_authorisation::{Direction, PreAuthorisationTerms};
use crate::domain::pre_authorisation_scope::{PreAuthorisationReview, Scope};
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
        /// The reference every product of the series begins with (e.g. JMAC/WSR/)
        #[arg(long)]
        reference_prefix: String,
        /// A nature covered: strategic or operational_tactical (repeat for both)
        #[arg(long = "nature", value_parser = key_of::<Nature>, required = true)]
        natures: Vec<Nature>,
        /// The highest classification it covers
        #[arg(long, value_parser = key_of::<Classification>)]
        max_classification: Classification,
        /// The entry's marking (default unclassified)
        #[arg(long, value_parser = key_of::<Classification>, default_value = "unclassified")]
        marking: Classification,
    },
    /// Renew an entry at its periodic review: the reviewer confirms each item of the checklist
    /// (a missing one is refused: revoke instead), says what was found, and restates the scope
    Renew {
        /// The pre-authorised list entry (PRE-…)
        id: String,
        /// Confirmed: the products exchanged under the entry were of its series, nature and level
        #[arg(long)]
        products_within_scope: bool,
        /// Confirmed: the products are still exchanged on a regular basis
        #[arg(long)]
        still_regular: bool,
        /// Confirmed: no breach, incident or concern was learned of that the registry does not show
        #[arg(long)]
        no_unrecorded_concern: bool,
        /// Confirmed: the entity's assessment was read and still supports the entry
        #[arg(long)]
        assessment_read: bool,
        /// What the review found
        #[arg(long)]
        finding: String,
        /// The reference every product of the series begins with, from now on
        #[arg(long)]
        reference_prefix: String,
        /// A nature covered from now on (repeat for both)
        #[arg(long = "nature", value_parser = key_of::<Nature>, required = true)]
        natures: Vec<Nature>,
        /// The highest classification covered from now on
        #[arg(long, value_parser = key_of::<Classification>)]
        max_classification: Classification,
    },
    /// Revoke an entry
    Revoke {
        /// The pre-authorised list entry (PRE-…)
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
    match steps.command {
        PreauthCommand::Add {
            entity,
            direction,
            products,
            reference_prefix,
            natures,
            max_classification,
            marking,
        } => {
            let terms = PreAuthorisationTerms {
                entity: s.entity(&entity)?,
                direction,
                products,
                max_classification,
                marking: Marking::un(marking),
                scope: Some(Scope {
                    reference_prefix,
                    natures,
                }),
            };
            s.record_change(None, Change::PreAuthorised { terms })?;
        }
        PreauthCommand::Renew {
            id,
            products_within_scope,
            still_regular,
            no_unrecorded_concern,
            assessment_read,
            finding,
            reference_prefix,
            natures,
            max_classification,
        } => {
            let review = PreAuthorisationReview {
                products_within_scope,
                still_regular,
                no_unrecorded_concern,
                assessment_read,
                finding,
                scope: Scope {
                    reference_prefix,
                    natures,
                },
                max_classification,
            };
            s.on(&id, Change::PreAuthorisationReviewed { review })?;
        }
        PreauthCommand::Revoke { id, reason } => {
            s.on(&id, Change::PreAuthorisationRevoked { reason })?;
        }
    }
    Ok(())
}
