//! Intelligence Receipt Scan (G 9.6, Annex E): six questions and the credibility grade.

use super::field::{Choice, Field, Key};
use super::{Form, FormContext, FormKind, Step, StepTarget, Submit};
use crate::domain::answer::YesNoUnknown;
use crate::domain::answer::{Answer, AnswerType, Facts, Question, RecordField};
use crate::domain::change::Change;
use crate::domain::grades::Credibility;
use crate::domain::ids::RecordId;
use crate::domain::receipt_scan::{ANNEX_E, IntelligenceReceiptScan};
use crate::domain::record::Record;

/// Field keys of the answers and notes, by question index.
pub const ANSWER_KEYS: [&str; 10] = ["a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9"];
pub const NOTE_KEYS: [&str; 10] = ["n0", "n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8", "n9"];

/// Adds a question with the widget its answer takes: yes / no / unknown and a note; one of
/// its options and a note; a text; or the record's own field to confirm (never asked twice).
pub fn question(
    form: Form,
    i: usize,
    q: &Question,
    answer: &str,
    note: &str,
    facts: &Facts,
) -> Form {
    let label = format!("{}. {}", i + 1, q.text);
    let note_field = Field::line(NOTE_KEYS[i], "   note", note);
    match q.kind {
        AnswerType::YesNo => form
            .field(Field::choice(
                ANSWER_KEYS[i],
                label,
                Choice::answer().with(answer),
            ))
            .field(note_field),
        AnswerType::Choice(opts) => {
            let mut options = vec![("— choose —".to_string(), String::new())];
            options.extend(
                opts.iter()
                    .map(|o| (o.label.to_string(), o.key.to_string())),
            );
            form.field(Field::choice(
                ANSWER_KEYS[i],
                label,
                Choice::new(options).with(answer),
            ))
            .field(note_field)
        }
        AnswerType::Text => form.field(Field::text(ANSWER_KEYS[i], label, note)),
        AnswerType::Confirms(field) => {
            let (what, value) = match field {
                RecordField::Classification => (
                    "classification",
                    facts.classification.map(|c| c.to_string()),
                ),
                RecordField::Nature => ("nature", facts.nature.map(|n| n.to_string())),
            };
            let value = value.unwrap_or_else(|| "—".into());
            form.field(
                Field::toggle(
                    ANSWER_KEYS[i],
                    format!("{label} The record says {value}: confirm?"),
                    false,
                )
                .hint(format!(
                    "asked once: the record's {what}; if it is wrong, amend the record first (with the reason)"
                )),
            )
                .field(note_field)
        }
    }
}

/// Collects the answers, each of its question's kind; unanswered questions get an error
/// beside them. A confirmation carries the record's field as it stands.
pub fn answers(form: &mut Form, questions: &[Question], facts: &Facts) -> Vec<Answer> {
    let mut out = Vec::new();
    for (i, q) in questions.iter().enumerate() {
        let note = form.text(NOTE_KEYS[i]);
        let answer = match q.kind {
            AnswerType::YesNo => form
                .chosen(Key::<YesNoUnknown>::new(ANSWER_KEYS[i]))
                .map(|v| Answer::yes_no(v, note))
                .ok_or("answer yes, no or unknown"),
            AnswerType::Choice(opts) => {
                let key = form.choice(ANSWER_KEYS[i]);
                opts.iter()
                    .find(|o| o.key == key)
                    .map(|o| Answer::choice(o.key, note))
                    .ok_or("choose one")
            }
            AnswerType::Text => Some(form.text(ANSWER_KEYS[i]))
                .filter(|t| !t.is_empty())
                .map(Answer::text)
                .ok_or("answer in words"),
            AnswerType::Confirms(field) => {
                let confirmed = form.toggle(ANSWER_KEYS[i]);
                match (field, confirmed) {
                    (_, false) => Err("confirm it, or amend the record first"),
                    (RecordField::Classification, true) => facts
                        .classification
                        .map(|c| Answer::classification(c, note))
                        .ok_or("no record"),
                    (RecordField::Nature, true) => facts
                        .nature
                        .map(|n| Answer::nature(n, note))
                        .ok_or("no record"),
                }
            }
        };
        match answer {
            Ok(a) => out.push(a),
            Err(why) => form.refuse(ANSWER_KEYS[i], why),
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
        if c.marking.originator_marking.is_some() {
            prefill[5] = ("", super::super::text::clean(&c.marking.to_string()));
        }
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
    let facts = scan_facts(&form.context.record);
    for (i, q) in ANNEX_E.iter().enumerate() {
        form = question(form, i, q, prefill[i].0, &prefill[i].1, &facts);
    }
    form = form
        .field(Field::choice(
            CREDIBILITY,
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

/// The receipt's own fields the scan's questions confirm.
fn scan_facts(record: &Option<Record>) -> Facts {
    match record {
        Some(Record::Receipt(r)) => Facts::of(r.capture.marking.level, r.capture.nature),
        _ => Facts::default(),
    }
}

/// Annex E: the information's credibility.
const CREDIBILITY: Key<Credibility> = Key::new("credibility");

pub fn submit(form: &mut Form) -> Submit {
    let facts = scan_facts(&form.context.record);
    let answers = answers(form, &ANNEX_E, &facts);
    let Some(target) = form.target.clone() else {
        return Submit::Invalid;
    };
    let credibility = form.chosen(CREDIBILITY);
    let (Some(credibility), false) = (credibility, form.has_errors()) else {
        return Submit::Invalid;
    };
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
                credibility,
                red_flags,
                human_rights_consulted: form.toggle("hr_consulted"),
            },
        },
    }])
}
