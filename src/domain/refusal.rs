//! A guard's answer when a transition is not allowed: the paragraph of the Guidelines and what
//! is missing, so that the person knows the rule and the next step.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// Paragraph reference, e.g. `G 8.1.4`.
    pub paragraph: &'static str,
    /// What is missing or wrong, in words.
    pub reason: String,
    /// The role whose action would remove the block, when the rule knows it (the pending
    /// queue shows it as "who acts").
    pub next: Option<super::role::Role>,
    /// The record whose state blocks the step (an entity without a current assessment, an
    /// open breach), when the rule knows it: the console offers a jump to it.
    pub blocking: Option<super::ids::RecordId>,
}

impl Refusal {
    pub fn new(paragraph: &'static str, reason: impl Into<String>) -> Self {
        Refusal {
            paragraph,
            reason: reason.into(),
            next: None,
            blocking: None,
        }
    }

    /// The same refusal, naming the record that blocks the step (unless a more precise one
    /// is named already).
    pub fn blocked_by(mut self, id: &super::ids::RecordId) -> Self {
        if self.blocking.is_none() {
            self.blocking = Some(id.clone());
        }
        self
    }

    /// The same refusal, saying which role acts next.
    pub fn next(mut self, role: super::role::Role) -> Self {
        self.next = Some(role);
        self
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.paragraph, self.reason)
    }
}

impl std::error::Error for Refusal {}

/// Result of a guard: allowed, or refused with the rule.
pub type Guard = Result<(), Refusal>;

/// Shorthand for a guard that refuses unless `ok`.
pub fn require(ok: bool, paragraph: &'static str, reason: impl FnOnce() -> String) -> Guard {
    if ok {
        Ok(())
    } else {
        Err(Refusal::new(paragraph, reason()))
    }
}
