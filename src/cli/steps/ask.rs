//! The questionnaires asked on the terminal, when no `--answers FILE` is given: each question
//! with what it takes, asked again until the answer is one it takes. Questions go to standard
//! error, so standard output keeps only what was recorded. The end of input records nothing.

use crate::cli::CliError;
use crate::domain::answer::{Answer, Question};
use crate::domain::answer_text::{parse_answer, takes};
use crate::domain::assessment_receipt::{ANNEX_D_HUMAN_RIGHTS, HumanRightsScan};
use crate::domain::grades::Credibility;
use crate::domain::previous_issues::PreviousIssue;
use crate::domain::receipt_scan::{ANNEX_E, IntelligenceReceiptScan};
use crate::domain::risk_assessment::{ANNEX_B, AcquiringOfficeConsultation, SharingRiskAssessment};
use std::io::BufRead;

/// Where the answers come from: a terminal, or any lines (tests).
pub struct Asker<R: BufRead> {
    input: R,
}

impl<R: BufRead> Asker<R> {
    pub fn new(input: R) -> Self {
        Asker { input }
    }

    fn line(&mut self, prompt: &str) -> Result<String, CliError> {
        err!("{prompt}");
        let mut line = String::new();
        let read = self
            .input
            .read_line(&mut line)
            .map_err(|e| CliError::Failure(format!("reading the answer: {e}")))?;
        if read == 0 {
            return Err(CliError::Failure(
                "no more answers: nothing was recorded".into(),
            ));
        }
        Ok(line.trim().to_string())
    }

    /// Asks until `read` takes the answer.
    fn until<T>(
        &mut self,
        prompt: &str,
        read: impl Fn(&str) -> Result<T, String>,
    ) -> Result<T, CliError> {
        loop {
            let text = self.line(prompt)?;
            match read(&text) {
                Ok(v) => return Ok(v),
                Err(e) => errln!("  {e}"),
            }
        }
    }

    fn yes_no(&mut self, prompt: &str) -> Result<bool, CliError> {
        self.until(&format!("{prompt} (yes/no): "), |t| {
            match t.to_ascii_lowercase().as_str() {
                "yes" | "y" => Ok(true),
                "no" | "n" => Ok(false),
                _ => Err("write yes or no".into()),
            }
        })
    }

    fn list(&mut self, prompt: &str) -> Result<Vec<String>, CliError> {
        Ok(self
            .line(&format!("{prompt} (separated by commas; empty for none): "))?
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect())
    }

    fn answers(&mut self, table: &[Question]) -> Result<Vec<Answer>, CliError> {
        let mut out = Vec::with_capacity(table.len());
        for (i, q) in table.iter().enumerate() {
            let prompt = format!("\nQ{} {}\n  ({})\n> ", i + 1, q.text, takes(q.kind));
            let text = self.until(&prompt, |t| parse_answer(q, t, "").map(|_| t.to_string()))?;
            let note = self.line("  note (optional): ")?;
            out.push(parse_answer(q, &text, &note).map_err(CliError::Usage)?);
        }
        Ok(out)
    }

    pub fn receipt_scan(&mut self) -> Result<IntelligenceReceiptScan, CliError> {
        errln!("Intelligence Receipt Scan (G 9.4, Annex E)");
        let answers = self.answers(&ANNEX_E)?;
        let credibility = self.until(
            "\nCredibility of the information, 1 (confirmed) to 5 (cannot be judged): ",
            super::key_of::<Credibility>,
        )?;
        let red_flags = self.list("Red flags found (the mission's list, G 9.12)")?;
        let human_rights_consulted =
            self.yes_no("Was the Human Rights Component consulted (G 9.6.1)?")?;
        Ok(IntelligenceReceiptScan {
            answers,
            credibility,
            red_flags,
            human_rights_consulted,
        })
    }

    pub fn human_rights_scan(&mut self) -> Result<HumanRightsScan, CliError> {
        errln!("Human-rights scan of the Entity Assessment for Receipt (Annex D)");
        Ok(HumanRightsScan {
            answers: self.answers(&ANNEX_D_HUMAN_RIGHTS)?,
        })
    }

    pub fn risk_assessment(
        &mut self,
        previous_issues: Vec<PreviousIssue>,
    ) -> Result<SharingRiskAssessment, CliError> {
        errln!("Sharing Risk Assessment (G 8.1.3, Annex B)");
        if previous_issues.is_empty() {
            errln!("The registry holds no previous issues with this entity (Q6).");
        } else {
            errln!(
                "The registry holds {} previous issues with this entity (Q6): answer Q6 yes.",
                previous_issues.len()
            );
        }
        let answers = self.answers(&ANNEX_B)?;
        let consulted = self.list("\nWho was consulted")?;
        let office = self.line(
            "Acquiring office consulted (G 8.1.3.2; its name, or empty if not consulted): ",
        )?;
        let acquiring_office = if office.is_empty() {
            None
        } else {
            let supports_sharing = self.yes_no("  Does it support the sharing?")?;
            let note = self.line("  note (optional): ")?;
            Some(AcquiringOfficeConsultation {
                office,
                supports_sharing,
                note,
            })
        };
        let mitigations = self.line("Mitigations (required if Q7 or Q10 is no): ")?;
        let unknowns_justified =
            self.line("Why unknown answers do not stand against it (if any): ")?;
        let risk_acceptable = self.yes_no("Is the risk acceptable?")?;
        let conclusion_note = self.line("Conclusion, in words: ")?;
        Ok(SharingRiskAssessment {
            answers,
            consulted,
            acquiring_office,
            risk_acceptable,
            conclusion_note,
            mitigations,
            unknowns_justified,
            previous_issues,
        })
    }
}

/// The questions asked on this terminal, or a usage error naming the file form.
pub fn terminal(questionnaire: &str) -> Result<Asker<std::io::StdinLock<'static>>, CliError> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        return Err(CliError::Usage(format!(
            "give --answers FILE (registrar template {questionnaire} prints a blank one), or run \
             it on a terminal to be asked"
        )));
    }
    Ok(Asker::new(std::io::stdin().lock()))
}
