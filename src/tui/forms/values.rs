//! Values forms offer in choices that are not the shared fields': each read back as its type
//! (`Form::chosen`), an unknown one refused beside the field.

use super::field::{ChoiceValue, among};
use crate::domain::entity_review::RevisionAction;
use crate::domain::monitoring::SuspensionOutcome;

/// A yes or a no.
impl ChoiceValue for bool {
    const WHAT: &'static str = "yes or no";
    fn choice_key(&self) -> String {
        if *self { "yes" } else { "no" }.to_string()
    }
    fn from_choice_key(key: &str) -> Option<Self> {
        among(&[true, false], key)
    }
}

/// G 9.13: the action decided on a periodic revision.
impl ChoiceValue for RevisionAction {
    const WHAT: &'static str = "the action decided";
    fn choice_key(&self) -> String {
        self.key().to_string()
    }
    fn from_choice_key(key: &str) -> Option<Self> {
        RevisionAction::from_key(key)
    }
}

/// G 8.1.10: what the review of a suspension found.
impl ChoiceValue for SuspensionOutcome {
    const WHAT: &'static str = "the outcome";
    fn choice_key(&self) -> String {
        self.key().to_string()
    }
    fn from_choice_key(key: &str) -> Option<Self> {
        SuspensionOutcome::from_key(key)
    }
}
