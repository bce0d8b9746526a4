//! Intelligence Receipt Scan (G 9.6, Annex E): six questions and the credibility grade.

use super::field::{Choice, Field, parse_answer, parse_credibility};
use super::{Form, FormContext, FormKind, Step, StepTarget, Submit};
use crate::domain::answer::{Answer, Question};
use crate::domain::change::Change;
use crate::domain::ids::RecordId;
use crate::domain::receipt_scan::{ANNEX_E, IntelligenceReceiptScan};
use crate::domain::record::Record;

/// Field keys of the answers and notes, by question index.
pub const ANSWER_KEYS: [&str; 10] = ["a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9"];
pub const NOTE_KEYS: [&str; 10] = ["n0", "n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8", "n9"];

/// Adds a question: its answer (yes / no / unknown) and a note.
pub fn question(form: Form, i: usize, q: &Question, answer: &str, note: &str) -> Form {
    form.field(Field::choice(
        ANSWER_KEYS[i],
        format!("{}. {}", i + 1, q.text),
        Choice::answer().with(answer),
    ))
    .field(Field::line(NOTE_KEYS[i], "   note", note))
}

/// Collects the answers; unanswered questions get an error beside them.
pub fn answers(form: &mut Form, count: usize) -> Vec<Answer> {
    let mut out = Vec::new();
    for i in 0..count {
        match parse_answer(&form.choice(ANSWER_KEYS[i])) {
            Some(value) => out.push(Answer {
                value,
                note: form.text(NOTE_KEYS[i]),
            }),
            None => form.fail(ANSWER_KEYS[i], "answer yes, no or unknown"),
        }
    }
    out
}

pub fn open(target: Option<RecordId>, cx: FormContext) -> Form {
    let flags = cx
        .settings
        .as_ref()
        .map(|s| s.red_flags.clone())
        .unwrap_or_default();
    let mut prefill: Vec<(&str, String)> = vec![("", String::new()); ANNEX_E.len()];
    let mut notes = Vec::new();
    if let Some(Record::Receipt(r)) = &cx.record {
        let c = &r.capture;
        notes.push(format!(
            "{} — {} — from {} — {}",
            r.id,
            super::super::text::clean(&c.title),
            cx.entity_name(&c.source),
            c.marking
        ));
        prefill[0] = (
            if c.imminent_threat { "yes" } else { "no" },
            if c.imminent_threat {
                "registered as an imminent threat".into()
            } else {
                String::new()
            },
        );
        prefill[1] = ("", c.nature.to_string());
        prefill[5] = ("", super::super::text::clean(&c.marking.to_string()));
    }
    let mut form = Form::new(
        FormKind::ReceiptScan,
        target,
        "Intelligence Receipt Scan",
        "G 9.6, Annex E",
        cx,
    );
    for n in notes {
        form = form.note(n);
    }
    form = form.note(
        "If there is a real risk it was obtained by torture or other grave violations, it must be rejected and the Human Rights Component told at once (G 9.9).",
    );
    for (i, q) in ANNEX_E.iter().enumerate() {
        form = question(form, i, q, prefill[i].0, &prefill[i].1);
    }
    form = form
        .field(Field::choice(
            "credibility",
            "Credibility of the product",
            Choice::credibility(),
        ))
        .field(Field::heading(
            "Red flags found (G 9.12, the mission's list)",
        ));
    for (i, flag) in flags.iter().enumerate().take(RED_FLAG_KEYS.len()) {
        form = form.field(Field::toggle(
            RED_FLAG_KEYS[i],
            super::super::text::clean(flag),
            false,
        ));
    }
    form.field(Field::toggle(
        "hr_consulted",
        "Human Rights Component consulted (G 9.6.1)?",
        false,
    ))
    .submit_button("Record the scan")
}

const RED_FLAG_KEYS: [&str; 12] = [
    "rf0", "rf1", "rf2", "rf3", "rf4", "rf5", "rf6", "rf7", "rf8", "rf9", "rf10", "rf11",
];

pub fn submit(form: &mut Form) -> Submit {
    let answers = answers(form, ANNEX_E.len());
    let Some(target) = form.target.clone() else {
        return Submit::Invalid;
    };
    if form.has_errors() {
        return Submit::Invalid;
    }
    let flags = form
        .context
        .settings
        .as_ref()
        .map(|s| s.red_flags.clone())
        .unwrap_or_default();
    let red_flags = flags
        .into_iter()
        .enumerate()
        .take(RED_FLAG_KEYS.len())
        .filter(|(i, _)| form.toggle(RED_FLAG_KEYS[*i]))
        .map(|(_, f)| f)
        .collect();
    Submit::Changes(vec![Step {
        target: StepTarget::Existing(target),
        change: Change::ReceiptScanned {
            scan: IntelligenceReceiptScan {
                answers,
                credibility: parse_credibility(&form.choice("credibility")),
                red_flags,
                human_rights_consulted: form.toggle("hr_consulted"),
            },
        },
    }])
}
