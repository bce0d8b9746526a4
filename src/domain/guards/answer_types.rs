//! Each Annex answer is of its question's kind (issue 9, Annexes B, D, E): a yes-no question
//! answered yes, no or unknown; a choice one of its options; a text in words; a question that
//! repeats a field of the record confirms that field as it stands on the record — the two
//! never disagree. Read only when an answer is recorded: older logs replay as they are.

use crate::domain::answer::{Answer, AnswerType, Facts, Given, Question, RecordField, Reply};
use crate::domain::refusal::{Guard, Refusal};

/// Every answer fits its question.
pub fn answers_fit_their_questions(
    questions: &[Question],
    answers: &[Answer],
    facts: &Facts,
    paragraph: &'static str,
    annex: &str,
) -> Guard {
    for (i, (q, a)) in questions.iter().zip(answers).enumerate() {
        if let Err(why) = fits(q.kind, &a.value, facts) {
            return Err(Refusal::new(
                paragraph,
                format!("{annex} Q{} ({}): {why}", i + 1, q.key),
            ));
        }
    }
    Ok(())
}

fn fits(kind: AnswerType, reply: &Reply, facts: &Facts) -> Result<(), String> {
    match (kind, reply) {
        (AnswerType::YesNo, Reply::YesNo(_)) => Ok(()),
        (AnswerType::YesNo, _) => Err("answer yes, no or unknown".into()),
        (AnswerType::Choice(opts), Reply::Given(Given::Choice(k))) => {
            if opts.iter().any(|o| o.key == k) {
                Ok(())
            } else {
                Err(format!(
                    "`{k}` is not one of its options ({})",
                    opts.iter().map(|o| o.key).collect::<Vec<_>>().join(", ")
                ))
            }
        }
        (AnswerType::Choice(opts), _) => Err(format!(
            "choose one of {}",
            opts.iter().map(|o| o.key).collect::<Vec<_>>().join(", ")
        )),
        (AnswerType::Text, Reply::Given(Given::Text(t))) if !t.trim().is_empty() => Ok(()),
        (AnswerType::Text, _) => Err("answer in words".into()),
        (AnswerType::Confirms(RecordField::Classification), r) => {
            let on_record = facts.classification;
            match r {
                Reply::Given(Given::Classification(c)) if Some(*c) == on_record => Ok(()),
                Reply::Given(Given::Classification(c)) => Err(format!(
                    "the answer says {c} but the record is marked {}: amend the record's marking (with the reason) or confirm it as it is",
                    on_record.map_or("—".into(), |c| c.to_string())
                )),
                _ => Err("confirm the record's classification".into()),
            }
        }
        (AnswerType::Confirms(RecordField::Nature), r) => {
            let on_record = facts.nature;
            match r {
                Reply::Given(Given::Nature(n)) if Some(*n) == on_record => Ok(()),
                Reply::Given(Given::Nature(n)) => Err(format!(
                    "the answer says {n} but the record says {}: amend the record's nature (with the reason) or confirm it as it is",
                    on_record.map_or("—".into(), |n| n.to_string())
                )),
                _ => Err("confirm the record's nature (strategic or operational/tactical)".into()),
            }
        }
    }
}
