//! `registrar breach …`: a breach of the conditions of sharing, or a substantial suspicion of
//! one (G 8.1.10), and the investigation's conclusion with the terms sharing resumes on.

use super::{Session, key_of};
use crate::cli::CliError;
use crate::cli::auth::Credentials;
use crate::domain::breach::{BreachReport, Investigation, InvestigationOutcome};
use crate::domain::change::Change;
use crate::domain::marking::{Classification, Marking};
use crate::store::Clock;
use clap::Subcommand;
use std::path::Path;
use std::sync::Arc;

#[derive(Debug, Subcommand)]
pub enum BreachCommand {
    /// Report a breach or a substantial suspicion of one (G 8.1.10): sharing with the entity
    /// halts, authorisations not yet carried out lapse
    Report {
        /// The entity (name or id)
        #[arg(long, value_name = "ENTITY")]
        entity: String,
        /// The share whose conditions were breached, if known
        #[arg(long, value_name = "ID")]
        share: Option<String>,
        /// A substantial suspicion, not a confirmed breach
        #[arg(long)]
        suspected: bool,
        #[arg(long)]
        description: String,
        /// The report's marking
        #[arg(long, value_parser = key_of::<Classification>)]
        marking: Classification,
    },
    /// Conclude the investigation (G 8.1.10): positive (sharing may resume, on terms) or
    /// negative (it stays halted)
    Conclude {
        /// The breach (BRC-…)
        id: String,
        /// positive or negative
        #[arg(long, value_parser = key_of::<InvestigationOutcome>)]
        outcome: InvestigationOutcome,
        #[arg(long)]
        summary: String,
        /// The resumption terms in words
        #[arg(long, default_value = "")]
        terms: String,
        /// Resumption at a lower level: the highest classification shared while the terms hold
        #[arg(long, value_parser = key_of::<Classification>)]
        resume_up_to: Option<Classification>,
        /// Resumption case by case: each product needs its own assessment and decision
        #[arg(long)]
        case_by_case: bool,
        /// The end of the initial period the terms hold for
        #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
        terms_until: Option<String>,
    },
}

pub fn run(
    path: &Path,
    steps: super::Steps<BreachCommand>,
    creds: &Credentials,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let s = Session::open(path, creds, clock, steps.json)?;
    match steps.command {
        BreachCommand::Report {
            entity,
            share,
            suspected,
            description,
            marking,
        } => {
            let report = BreachReport {
                entity: s.entity(&entity)?,
                share: share.map(|id| s.record(&id).map(|r| r.id())).transpose()?,
                suspected,
                description,
                marking: Marking::un(marking),
            };
            s.record_change(None, Change::BreachReported { report })?;
        }
        BreachCommand::Conclude {
            id,
            outcome,
            summary,
            terms,
            resume_up_to,
            case_by_case,
            terms_until,
        } => {
            let terms_until = terms_until
                .map(|t| s.stated("--terms-until", Some(&t)))
                .transpose()?;
            let investigation = Investigation {
                outcome,
                summary,
                resumption_terms: terms,
                resume_up_to,
                case_by_case,
                terms_until,
            };
            s.on(&id, Change::InvestigationConcluded { investigation })?;
        }
    }
    Ok(())
}
