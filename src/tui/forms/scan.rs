//! Intelligence Receipt Scan (G 9.6, Annex E): six questions and the credibility grade.

use super::field::{Choice, ChoiceValue, Field, Key, Text, Toggle};
use super::{Form, FormContext, FormKind, Step, StepTarget, Submit};
use crate::domain::answer::YesNoUnknown;
use crate::domain::answer::{Answer, AnswerType, Facts, Question, RecordField};
use crate::domain::change::Change;
use crate::domain::grades::Credibility;
use crate::domain::ids::RecordId;
use crate::domain::receipt_scan::{ANNEX_E, IntelligenceReceiptScan};
use crate::domain::record::Record;

/// The names of the answers' fields, by question index (`answer`).
const ANSWER_NAMES: [&str; 10] = ["a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9"];

/// The key of question `i`'s answer, holding what its question's kind takes: yes / no /
/// unknown, one of its options, words, or the confirmation of the record's own field.
const fn answer<T>(i: usize) -> Key<T> {
    Key::new(ANSWER_NAMES[i])
}

/// The notes beside the answers, by question index.
const NOTE_KEYS: [Key<Text>; 10] = [
    Key::new("n0"),
    Key::new("n1"),
    Key::new("n2"),
    Key::new("n3"),
    Key::new("n4"),
    Key::new("n5"),
    Key::new("n6"),
    Key::new("n7"),
    Key::new("n8"),
    Key::new("n9"),
];

/// One of a question's own options, by its key (checked against the question's list).
struct Opted(String);

impl ChoiceValue for Opted {
    const WHAT: &'static str = "one";
    fn choice_key(&self) -> String {
        self.0.clone()
    }
    fn from_choice_key(key: &str) -> Option<Self> {
        (!key.is_empty()).then(|| Opted(key.to_string()))
    }
}

/// Adds a question with the widget its answer takes: yes / no / unknown and a note; one of
/// its options and a note; a text; or the record's own field to confirm (never asked twice).
pub fn question(
    form: Form,
    i: usize,
    q: &Question,
    prefilled: &str,
    note: &str,
    facts: &Facts,
) -> Form {
    let label = format!("{}. {}", i + 1, q.text);
    let note_field = Field::line(NOTE_KEYS[i], "   note", note);
    match q.kind {
        AnswerType::YesNo => form
            .field(Field::choice(
                answer::<YesNoUnknown>(i),
                label,
                Choice::answer().with(prefilled),
            ))
            .field(note_field),
        AnswerType::Choice(opts) => {
            let options = Choice::of(
                opts.iter()
                    .map(|o| (o.label.to_string(), Opted(o.key.to_string()))),
            )
            .none_first("— choose —");
            form.field(Field::choice(
                answer::<Opted>(i),
                label,
                options.with(prefilled),
            ))
            .field(note_field)
        }
        AnswerType::Text => form.field(Field::text(answer::<Text>(i), label, note)),
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
                    answer::<Toggle>(i),
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
        let given = match q.kind {
            AnswerType::YesNo => form
                .chosen(answer::<YesNoUnknown>(i))
                .map(|v| Answer::yes_no(v, note))
                .ok_or("answer yes, no or unknown"),
            AnswerType::Choice(opts) => {
                let chosen = form.chosen(answer::<Opted>(i));
                opts.iter()
                    .find(|o| chosen.as_ref().is_some_and(|c| o.key == c.0))
                    .map(|o| Answer::choice(o.key, note))
                    .ok_or("choose one")
            }
            AnswerType::Text => Some(form.text(answer::<Text>(i)))
                .filter(|t| !t.is_empty())
                .map(Answer::text)
                .ok_or("answer in words"),
            AnswerType::Confirms(field) => {
                let confirmed = form.toggle(answer::<Toggle>(i));
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
        match given {
            Ok(a) => out.push(a),
            Err(why) => form.refuse(answer::<()>(i), why),
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
        HR_CONSULTED,
        "Human Rights Component consulted (G 9.6.1)?",
        false,
    ))
    .submit_button("Record the scan")
}

/// A toggle per red flag of the mission's list (G 9.12), the first twelve.
const RED_FLAG_KEYS: [Key<Toggle>; 12] = [
    Key::new("rf0"),
    Key::new("rf1"),
    Key::new("rf2"),
    Key::new("rf3"),
    Key::new("rf4"),
    Key::new("rf5"),
    Key::new("rf6"),
    Key::new("rf7"),
    Key::new("rf8"),
    Key::new("rf9"),
    Key::new("rf10"),
    Key::new("rf11"),
];
/// G 9.6.1.
const HR_CONSULTED: Key<Toggle> = Key::new("hr_consulted");

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
                human_rights_consulted: form.toggle(HR_CONSULTED),
            },
        },
    }])
}
