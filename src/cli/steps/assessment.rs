//! `registrar assessment …`: the Entity Assessments — for Sharing (G 8.1.2, Annex A: the
//! overview, then the Human Rights Component's part) and for Receipt (G 9.5, Annex D: the
//! overview, then the human-rights scan). A new assessment of the same entity is its review.

use super::{Session, key_of};
use crate::cli::CliError;
use crate::cli::auth::Credentials;
use crate::domain::answer_text::parse_answer;
use crate::domain::assessment_receipt::ReceiptOverview;
use crate::domain::assessment_sharing::{
    HumanRightsMethod, HumanRightsRiskAssessment, MANDATE_COMPATIBLE, MitigationMeasure,
    RiskConclusion, SharingOverview,
};
use crate::domain::change::Change;
use crate::domain::grades::Reliability;
use crate::domain::marking::{Classification, Marking};
use crate::store::Clock;
use clap::Subcommand;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, Subcommand)]
pub enum AssessmentCommand {
    /// Start an Entity Assessment for Sharing (G 8.1.2, Annex A part 1)
    Sharing {
        /// The entity assessed (name or id)
        entity: String,
        /// What is the entity's mandate?
        #[arg(long)]
        mandate: String,
        /// Is its mandate compatible with the mission's? yes, no or unknown
        #[arg(long, value_name = "ANSWER")]
        mandate_compatible: String,
        /// A note on that answer
        #[arg(long, default_value = "")]
        note: String,
        /// The scope of the entity assessed, so originator control is unambiguous
        #[arg(long)]
        scope: String,
        /// The assessment's marking (default: as the entity's)
        #[arg(long, value_parser = key_of::<Classification>)]
        marking: Option<Classification>,
    },
    /// The Human Rights Component's part (G 8.1.2.1–8.1.2.2): method, findings, conclusion,
    /// mitigation measures
    HumanRights {
        /// The entity assessment (EAS-… or EAR-…)
        id: String,
        /// hrddp or adapted_hrddp
        #[arg(long, value_parser = key_of::<HumanRightsMethod>)]
        method: HumanRightsMethod,
        #[arg(long)]
        findings: String,
        /// acceptable, acceptable_with_mitigation or not_acceptable
        #[arg(long, value_parser = key_of::<RiskConclusion>)]
        conclusion: RiskConclusion,
        /// A mitigation measure (repeat)
        #[arg(long, value_name = "TEXT")]
        mitigation: Vec<String>,
    },
    /// Confirm mitigation measure N (from 1) is in place at the entity (G 8.1.2.2)
    MitigationInPlace {
        /// The entity assessment (EAS-… or EAR-…)
        id: String,
        #[arg(long, value_name = "N")]
        number: usize,
    },
    /// Start an Entity Assessment for Receipt (G 9.5, Annex D)
    Receipt {
        /// The entity assessed (name or id)
        entity: String,
        #[arg(long)]
        mandate: String,
        /// Its involvement in the situation
        #[arg(long)]
        involvement: String,
        #[arg(long)]
        interests: String,
        /// Why it shares with the mission
        #[arg(long)]
        why_it_shares: String,
        /// What it can reasonably be expected to do with what it is given
        #[arg(long)]
        expected_action: String,
        /// Source reliability, A to E
        #[arg(long, value_parser = key_of::<Reliability>)]
        reliability: Reliability,
        #[arg(long, value_parser = key_of::<Classification>)]
        marking: Option<Classification>,
    },
    /// The human-rights scan of an Entity Assessment for Receipt (Annex D) from a file:
    /// `registrar template human-rights-scan` prints a blank one
    HumanRightsScan {
        /// The entity assessment (EAS-… or EAR-…)
        id: String,
        /// The answers (TOML); without it, the questions are asked on the terminal
        #[arg(long, value_name = "FILE")]
        answers: Option<PathBuf>,
    },
}

pub fn run(
    path: &Path,
    steps: super::Steps<AssessmentCommand>,
    creds: &Credentials,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let s = Session::open(path, creds, clock, steps.json)?;
    match steps.command {
        AssessmentCommand::Sharing {
            entity,
            mandate,
            mandate_compatible,
            note,
            scope,
            marking,
        } => {
            let overview = SharingOverview {
                mandate,
                mandate_compatible: parse_answer(&MANDATE_COMPATIBLE, &mandate_compatible, &note)
                    .map_err(CliError::Usage)?,
                scope,
            };
            let change = Change::SharingAssessmentStarted {
                entity: s.entity(&entity)?,
                overview,
                marking: marking.map(Marking::un),
            };
            s.record_change(None, change)?;
        }
        AssessmentCommand::HumanRights {
            id,
            method,
            findings,
            conclusion,
            mitigation,
        } => {
            let part = HumanRightsRiskAssessment {
                method,
                findings,
                conclusion,
                mitigation_measures: mitigation
                    .into_iter()
                    .map(|text| MitigationMeasure {
                        text,
                        in_place: None,
                    })
                    .collect(),
            };
            s.on(&id, Change::SharingAssessmentHumanRightsRecorded { part })?;
        }
        AssessmentCommand::MitigationInPlace { id, number } => {
            let index = super::numbered("--number", number)?;
            s.on(&id, Change::MitigationConfirmed { index })?;
        }
        AssessmentCommand::Receipt {
            entity,
            mandate,
            involvement,
            interests,
            why_it_shares,
            expected_action,
            reliability,
            marking,
        } => {
            let overview = ReceiptOverview {
                mandate,
                involvement,
                interests_and_motivations: interests,
                why_it_shares,
                expected_action,
                reliability,
            };
            let change = Change::ReceiptAssessmentStarted {
                entity: s.entity(&entity)?,
                overview,
                marking: marking.map(Marking::un),
            };
            s.record_change(None, change)?;
        }
        AssessmentCommand::HumanRightsScan { id, answers } => {
            let scan = match answers {
                Some(file) => super::answers::human_rights_scan(&file)?,
                None => super::ask::terminal("human-rights-scan")?.human_rights_scan()?,
            };
            s.on(&id, Change::ReceiptAssessmentHumanRightsRecorded { scan })?;
        }
    }
    Ok(())
}
