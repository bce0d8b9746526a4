//! The Annex answers, each with its question: the oversight report used to carry them as
//! unlabelled positional arrays, which no one reading the JSON or the sheet could follow.

use crate::domain::answer::{Answer, Facts, Question, reads};
use crate::domain::assessment_receipt::ANNEX_D_HUMAN_RIGHTS;
use crate::domain::change::{Change, LegacyRecord};
use crate::domain::receipt_scan::ANNEX_E;
use crate::domain::record::Record;
use crate::domain::risk_assessment::ANNEX_B;
use serde_json::{Value, json};

/// One answer with its question: `{"question", "asked", "type", "answer", "note"}`, the
/// answer read as what was asked (a choice by its label, a confirmed field by its value —
/// never "yes" to "strategic or operational/tactical?").
pub fn labelled(questions: &[Question], answers: &[Answer], facts: &Facts) -> Value {
    Value::Array(
        answers
            .iter()
            .enumerate()
            .map(|(i, a)| match questions.get(i) {
                Some(q) => {
                    let (answer, note) = reads(q, a, facts);
                    json!({
                        "question": q.key,
                        "asked": q.text,
                        "type": q.kind.key(),
                        "answer": answer,
                        "note": note,
                    })
                }
                None => json!({
                    "question": "unlisted",
                    "asked": "",
                    "answer": serde_json::to_value(&a.value).unwrap_or(Value::Null),
                    "note": a.note,
                }),
            })
            .collect(),
    )
}

/// The record's own fields that its questions confirm.
pub fn facts_of(record: &Record) -> Facts {
    match record {
        Record::Share(s) => Facts::of(s.draft.product.marking.level, s.draft.product.nature),
        Record::Receipt(r) => Facts::of(r.capture.marking.level, r.capture.nature),
        _ => Facts::default(),
    }
}

/// The Annex answers a record carries: (annex, questions, answers).
pub fn answers_of(record: &Record) -> Vec<(&'static str, &'static [Question], &[Answer])> {
    record_answers(record)
        .into_iter()
        .map(|(pointer, q, a)| {
            let annex = if pointer.starts_with("/share") {
                "Annex B — Sharing Risk Assessment"
            } else if pointer.starts_with("/receipt") {
                "Annex E — Intelligence Receipt Scan"
            } else {
                "Annex D — Entity Assessment for Receipt, human rights scan"
            };
            (annex, q, a)
        })
        .collect()
}

/// Every place a record carries Annex answers: (JSON pointer, questions, answers).
fn record_answers(record: &Record) -> Vec<(String, &'static [Question], &[Answer])> {
    let mut out: Vec<(String, &'static [Question], &[Answer])> = Vec::new();
    match record {
        Record::Share(s) => {
            if let Some(ra) = &s.risk_assessment {
                out.push((
                    "/share/risk_assessment/value/answers".into(),
                    &ANNEX_B,
                    &ra.answers,
                ));
            }
        }
        Record::Receipt(r) => {
            if let Some(scan) = &r.scan {
                out.push((
                    "/receipt/scan/value/answers".into(),
                    &ANNEX_E,
                    &scan.answers,
                ));
            }
        }
        Record::EntityAssessmentReceipt(a) => {
            if let Some(hr) = &a.human_rights {
                out.push((
                    "/entity_assessment_receipt/human_rights/value/answers".into(),
                    &ANNEX_D_HUMAN_RIGHTS,
                    &hr.answers,
                ));
            }
        }
        _ => {}
    }
    out
}

/// A record as JSON, its Annex answers labelled.
pub fn record_json(record: &Record) -> Value {
    let mut value = serde_json::to_value(record).unwrap_or(Value::Null);
    let facts = facts_of(record);
    for (pointer, questions, answers) in record_answers(record) {
        if let Some(slot) = value.pointer_mut(&pointer) {
            *slot = labelled(questions, answers, &facts);
        }
    }
    value
}

/// A change as JSON (tagged by `change`), its Annex answers labelled.
pub fn change_json(change: &Change) -> Value {
    let mut value = serde_json::to_value(change).unwrap_or(Value::Null);
    let (pointer, questions, answers): (String, &[Question], &[Answer]) = match change {
        Change::SharingRiskAssessed { assessment } => {
            ("/assessment/answers".into(), &ANNEX_B, &assessment.answers)
        }
        Change::ReceiptScanned { scan } => ("/scan/answers".into(), &ANNEX_E, &scan.answers),
        Change::ReceiptAssessmentHumanRightsRecorded { scan } => {
            ("/scan/answers".into(), &ANNEX_D_HUMAN_RIGHTS, &scan.answers)
        }
        Change::LegacyRecordRegistered { record } => {
            let inner = match record {
                LegacyRecord::Share(s) => Record::Share((**s).clone()),
                LegacyRecord::Receipt(r) => Record::Receipt((**r).clone()),
            };
            if let Some(slot) = value.pointer_mut("/record") {
                *slot = record_json(&inner);
            }
            return value;
        }
        _ => return value,
    };
    if let Some(slot) = value.pointer_mut(&pointer) {
        *slot = labelled(questions, answers, &Facts::default());
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annex_b_answers_carry_their_question() {
        let v = labelled(
            &ANNEX_B,
            &[Answer::yes("in the mandate"), Answer::no("")],
            &Facts::default(),
        );
        assert_eq!(v[0]["question"], "mandate");
        assert_eq!(v[0]["asked"], ANNEX_B[0].text);
        assert_eq!(v[0]["answer"], "yes");
        assert_eq!(v[0]["note"], "in the mandate");
        assert_eq!(v[1]["question"], "charter_rules_agreements");
        assert_eq!(v[1]["answer"], "no");
    }
}
