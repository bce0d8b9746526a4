//! The questionnaires from a file (`--answers FILE`, TOML): the Sharing Risk Assessment
//! (Annex B), the Intelligence Receipt Scan (Annex E) and the human-rights scan of an Entity
//! Assessment for Receipt (Annex D). Each answer is keyed by its question and read by the
//! question's kind; a missing question, an unknown key or a wrong kind of answer is refused.
//! `registrar template …` prints a commented blank file from the same question tables.

use super::toml_file;
use crate::cli::CliError;
use crate::domain::answer::{Answer, Question};
use crate::domain::answer_text::{parse_answer, takes};
use crate::domain::assessment_receipt::{ANNEX_D_HUMAN_RIGHTS, HumanRightsScan};
use crate::domain::grades::Credibility;
use crate::domain::previous_issues::PreviousIssue;
use crate::domain::receipt_scan::{ANNEX_E, IntelligenceReceiptScan};
use crate::domain::risk_assessment::{ANNEX_B, AcquiringOfficeConsultation, SharingRiskAssessment};
use clap::ValueEnum;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Deserialize)]
struct Entry {
    answer: String,
    #[serde(default)]
    note: String,
}

#[derive(Debug, Deserialize)]
struct RiskFile {
    risk_acceptable: bool,
    conclusion_note: String,
    #[serde(default)]
    consulted: Vec<String>,
    #[serde(default)]
    mitigations: String,
    #[serde(default)]
    unknowns_justified: String,
    acquiring_office: Option<AcquiringOfficeConsultation>,
    answers: BTreeMap<String, Entry>,
}

#[derive(Debug, Deserialize)]
struct ScanFile {
    /// "1" (confirmed) to "5" (cannot be judged)
    credibility: Credibility,
    #[serde(default)]
    red_flags: Vec<String>,
    #[serde(default)]
    human_rights_consulted: bool,
    answers: BTreeMap<String, Entry>,
}

#[derive(Debug, Deserialize)]
struct HumanRightsScanFile {
    answers: BTreeMap<String, Entry>,
}

/// The answers in the table's order; every question answered, no other key.
fn answers_of(
    file: &Path,
    table: &[Question],
    mut given: BTreeMap<String, Entry>,
) -> Result<Vec<Answer>, CliError> {
    let usage = |e: String| CliError::Usage(format!("{}: {e}", file.display()));
    let mut out = Vec::with_capacity(table.len());
    for q in table {
        let entry = given.remove(q.key).ok_or_else(|| {
            usage(format!(
                "[answers.{}] is missing: {} ({})",
                q.key,
                q.text,
                takes(q.kind)
            ))
        })?;
        out.push(parse_answer(q, &entry.answer, &entry.note).map_err(usage)?);
    }
    if let Some(extra) = given.keys().next() {
        let known: Vec<&str> = table.iter().map(|q| q.key).collect();
        return Err(usage(format!(
            "[answers.{extra}] is not a question of this questionnaire (its questions: {})",
            known.join(", ")
        )));
    }
    Ok(out)
}

/// A Sharing Risk Assessment; Q6's list of previous issues is the registry's own.
pub fn risk_assessment(
    file: &Path,
    previous_issues: Vec<PreviousIssue>,
) -> Result<SharingRiskAssessment, CliError> {
    let f: RiskFile = toml_file(file)?;
    Ok(SharingRiskAssessment {
        answers: answers_of(file, &ANNEX_B, f.answers)?,
        consulted: f.consulted,
        acquiring_office: f.acquiring_office,
        risk_acceptable: f.risk_acceptable,
        conclusion_note: f.conclusion_note,
        mitigations: f.mitigations,
        unknowns_justified: f.unknowns_justified,
        previous_issues,
    })
}

pub fn receipt_scan(file: &Path) -> Result<IntelligenceReceiptScan, CliError> {
    let f: ScanFile = toml_file(file)?;
    Ok(IntelligenceReceiptScan {
        answers: answers_of(file, &ANNEX_E, f.answers)?,
        credibility: f.credibility,
        red_flags: f.red_flags,
        human_rights_consulted: f.human_rights_consulted,
    })
}

pub fn human_rights_scan(file: &Path) -> Result<HumanRightsScan, CliError> {
    let f: HumanRightsScanFile = toml_file(file)?;
    Ok(HumanRightsScan {
        answers: answers_of(file, &ANNEX_D_HUMAN_RIGHTS, f.answers)?,
    })
}

/// The questionnaires `registrar template` prints.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Questionnaire {
    /// The Sharing Risk Assessment of a product (G 8.1.3, Annex B): `share assess-risk`
    RiskAssessment,
    /// The Intelligence Receipt Scan (G 9.4, Annex E): `receipt scan`
    Scan,
    /// The human-rights scan of an Entity Assessment for Receipt (Annex D):
    /// `assessment human-rights-scan`
    HumanRightsScan,
}

/// A commented blank answers file.
pub fn template(which: Questionnaire) -> String {
    let (title, head, table): (&str, &str, &[Question]) = match which {
        Questionnaire::RiskAssessment => (
            "Sharing Risk Assessment (G 8.1.3, Annex B) — registrar share assess-risk ID --answers FILE",
            "# Q6 (previous issues with the entity): the registry adds the breaches, suspensions,\n\
             # declined shares and rejected products it holds; answer \"yes\" if it holds any.\n\
             risk_acceptable = false   # true only if no deciding answer stands against it (G 8.1.4)\n\
             conclusion_note = \"\"\n\
             consulted = []            # e.g. [\"Human Rights Component\", \"Legal Office\"]\n\
             mitigations = \"\"          # required to conclude acceptable with Q7 or Q10 = no\n\
             unknowns_justified = \"\"   # required to conclude acceptable with a deciding unknown\n\
             \n\
             # For operational/tactical PKI to a non-UN entity (G 8.1.3.2):\n\
             # [acquiring_office]\n\
             # office = \"\"\n\
             # supports_sharing = true\n\
             # note = \"\"\n",
            &ANNEX_B,
        ),
        Questionnaire::Scan => (
            "Intelligence Receipt Scan (G 9.4, Annex E) — registrar receipt scan ID --answers FILE",
            "credibility = \"\"          # \"1\" confirmed … \"5\" cannot be judged\n\
             red_flags = []            # names from the mission's red-flag list (G 9.12)\n\
             human_rights_consulted = false   # G 9.6.1\n",
            &ANNEX_E,
        ),
        Questionnaire::HumanRightsScan => (
            "Human-rights scan of an Entity Assessment for Receipt (Annex D) — registrar \
             assessment human-rights-scan ID --answers FILE",
            "",
            &ANNEX_D_HUMAN_RIGHTS,
        ),
    };
    let mut out = format!("# {title}\n# Every question is answered; a note is optional.\n\n{head}");
    for (i, q) in table.iter().enumerate() {
        out.push_str(&format!(
            "\n# Q{} {}\n# answer: {}\n[answers.{}]\nanswer = \"\"\nnote = \"\"\n",
            i + 1,
            q.text,
            takes(q.kind),
            q.key
        ));
    }
    out
}
