//! An Annex answer written as words (an answers file, a prompt): read by its question's kind —
//! yes / no / unknown, one of the choice's option keys, words, or the record's own
//! classification or nature to confirm. Anything else is refused with what the question
//! takes, never read as a default.

use super::answer::{Answer, AnswerType, Question, RecordField, YesNoUnknown};
use super::marking::Classification;
use super::nature::Nature;

/// What a question takes, in words (for refusals and templates).
pub fn takes(kind: AnswerType) -> String {
    match kind {
        AnswerType::YesNo => "yes, no or unknown".to_string(),
        AnswerType::Choice(opts) => format!(
            "one of: {}",
            opts.iter()
                .map(|o| format!("{} ({})", o.key, o.label))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        AnswerType::Text => "an answer in words".to_string(),
        AnswerType::Confirms(RecordField::Classification) => {
            "the record's classification, confirmed: unclassified, confidential or \
             strictly_confidential"
                .to_string()
        }
        AnswerType::Confirms(RecordField::Nature) => {
            "the record's nature, confirmed: strategic or operational_tactical".to_string()
        }
    }
}

/// Reads `text` as the answer to `q`, with its note.
pub fn parse_answer(q: &Question, text: &str, note: &str) -> Result<Answer, String> {
    let key = text.trim();
    let wrong = || {
        format!(
            "{}: {key:?} is not an answer it takes ({})",
            q.key,
            takes(q.kind)
        )
    };
    let lower = key.to_ascii_lowercase();
    match q.kind {
        AnswerType::YesNo => {
            let v = match lower.as_str() {
                "yes" => YesNoUnknown::Yes,
                "no" => YesNoUnknown::No,
                "unknown" => YesNoUnknown::Unknown,
                _ => return Err(wrong()),
            };
            Ok(Answer::yes_no(v, note))
        }
        AnswerType::Choice(opts) => opts
            .iter()
            .find(|o| o.key == lower)
            .map(|o| Answer::choice(o.key, note))
            .ok_or_else(wrong),
        AnswerType::Text if key.is_empty() => Err(format!("{}: the answer is empty", q.key)),
        AnswerType::Text => {
            let mut a = Answer::text(key);
            a.note = note.to_string();
            Ok(a)
        }
        AnswerType::Confirms(RecordField::Classification) => {
            let level = match lower.replace([' ', '-'], "_").as_str() {
                "unclassified" => Classification::Unclassified,
                "confidential" => Classification::Confidential,
                "strictly_confidential" => Classification::StrictlyConfidential,
                _ => return Err(wrong()),
            };
            Ok(Answer::classification(level, note))
        }
        AnswerType::Confirms(RecordField::Nature) => {
            let nature = match lower.replace([' ', '-', '/'], "_").as_str() {
                "strategic" => Nature::Strategic,
                "operational_tactical" => Nature::OperationalTactical,
                _ => return Err(wrong()),
            };
            Ok(Answer::nature(nature, note))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::receipt_scan::ANNEX_E;
    use crate::domain::risk_assessment::ANNEX_B;

    fn q<'a>(table: &'a [Question], key: &str) -> &'a Question {
        table.iter().find(|q| q.key == key).unwrap()
    }

    #[test]
    fn each_kind_reads_its_own_answers_and_refuses_others() {
        let mandate = q(&ANNEX_B, "mandate");
        assert!(parse_answer(mandate, "Yes", "").unwrap().is_yes());
        assert!(
            parse_answer(mandate, "maybe", "")
                .unwrap_err()
                .contains("yes, no or unknown")
        );
        let why = q(&ANNEX_E, "why_shared");
        assert_eq!(
            parse_answer(why, "warn_of_threat", "n").unwrap(),
            Answer::choice("warn_of_threat", "n")
        );
        let e = parse_answer(why, "because", "").unwrap_err();
        assert!(e.contains("warn_of_threat"), "{e}");
        let class = q(&ANNEX_B, "classification");
        assert_eq!(
            parse_answer(class, "strictly confidential", "").unwrap(),
            Answer::classification(Classification::StrictlyConfidential, "")
        );
        assert!(parse_answer(class, "secret", "").is_err());
        let expected = q(&ANNEX_B, "expected_use");
        assert!(parse_answer(expected, "  ", "").is_err());
    }
}
