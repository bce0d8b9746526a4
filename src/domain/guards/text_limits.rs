//! G C Registers: the free text a person types has a length a register can carry. A title,
//! a reference or a summary beyond these is a paste accident (a whole report in the title),
//! refused with the limit said, never recorded for good in the append-only log where every
//! register and oversight workbook would have to carry it.

use crate::domain::refusal::{Guard, Refusal};

/// A product's title: a line a register shows.
pub const TITLE_MAX: usize = 300;
/// A product's reference (the originator's or the mission's number).
pub const REFERENCE_MAX: usize = 120;
/// A product's summary: what it says, not the product itself.
pub const SUMMARY_MAX: usize = 4_000;
/// Any other free text (a reason, a finding, a note, a name).
pub const TEXT_MAX: usize = 8_000;

/// `text` is at most `max` characters.
pub fn at_most(text: &str, max: usize, paragraph: &'static str, what: &str) -> Guard {
    let length = text.chars().count();
    if length > max {
        Err(Refusal::new(
            paragraph,
            format!(
                "{what} is {length} characters long: at most {max} are recorded (put the text itself in the product, not in the register)"
            ),
        ))
    } else {
        Ok(())
    }
}

/// A product's title, reference and summary: present (title, reference) and within their limits.
pub fn product_text(title: &str, reference: &str, summary: &str) -> Guard {
    at_most(title, TITLE_MAX, "G C Registers", "the product's title")?;
    super::non_empty(title, "G C Registers", "the product's title")?;
    at_most(
        reference,
        REFERENCE_MAX,
        "G C Registers",
        "the product's reference",
    )?;
    super::non_empty(reference, "G C Registers", "the product's reference")?;
    at_most(
        summary,
        SUMMARY_MAX,
        "G C Registers",
        "the product's summary",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_within_the_limit_passes_one_beyond_is_refused_with_the_limit() {
        assert!(product_text(&"a".repeat(TITLE_MAX), "R1", "").is_ok());
        let refusal = product_text(&"a".repeat(TITLE_MAX + 1), "R1", "").unwrap_err();
        let said = refusal.to_string();
        assert!(said.contains("G C Registers"), "{said}");
        assert!(said.contains("301 characters"), "{said}");
        assert!(said.contains("at most 300"), "{said}");
    }

    #[test]
    fn characters_not_bytes_are_counted() {
        assert!(product_text(&"é".repeat(TITLE_MAX), "R1", "").is_ok());
    }
}
