//! The values choices offer, each read back as its type (`Form::chosen`), an unknown one
//! refused beside the field: the shared fields' (classification, nature, channel, grades,
//! entity kind, answers, roles) and others forms share.

use super::field::{ChoiceValue, among};
use crate::domain::answer::YesNoUnknown;
use crate::domain::entity::EntityKind;
use crate::domain::entity_review::RevisionAction;
use crate::domain::grades::{Credibility, Reliability};
use crate::domain::marking::Classification;
use crate::domain::monitoring::SuspensionOutcome;
use crate::domain::nature::Nature;
use crate::domain::share::Channel;

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

impl ChoiceValue for Classification {
    const WHAT: &'static str = "the classification";
    fn choice_key(&self) -> String {
        self.key().to_string()
    }
    fn from_choice_key(key: &str) -> Option<Self> {
        Classification::from_key(key)
    }
}

impl ChoiceValue for Nature {
    const WHAT: &'static str =
        "the nature, operational/tactical or strategic (G 8 b, G 9 b: it decides who authorises)";
    fn choice_key(&self) -> String {
        self.key().to_string()
    }
    fn from_choice_key(key: &str) -> Option<Self> {
        [Nature::OperationalTactical, Nature::Strategic]
            .into_iter()
            .find(|n| n.key() == key)
    }
}

impl ChoiceValue for Channel {
    const WHAT: &'static str = "the channel";
    fn choice_key(&self) -> String {
        match self {
            Channel::Written => "written",
            Channel::Electronic => "electronic",
            Channel::VerbalInformal => "verbal_informal",
        }
        .to_string()
    }
    fn from_choice_key(key: &str) -> Option<Self> {
        among(
            &[
                Channel::Written,
                Channel::Electronic,
                Channel::VerbalInformal,
            ],
            key,
        )
    }
}

impl ChoiceValue for Reliability {
    const WHAT: &'static str =
        "the source's reliability, A–E (Annex D: a judgement made, never a default)";
    fn choice_key(&self) -> String {
        format!("{self:?}")
    }
    fn from_choice_key(key: &str) -> Option<Self> {
        among(&Reliability::ALL, key)
    }
}

impl ChoiceValue for Credibility {
    const WHAT: &'static str =
        "the product's credibility, 1–5 (Annex E: a judgement made, never a default)";
    fn choice_key(&self) -> String {
        self.digit().to_string()
    }
    fn from_choice_key(key: &str) -> Option<Self> {
        among(&Credibility::ALL, key)
    }
}

impl ChoiceValue for EntityKind {
    const WHAT: &'static str =
        "its kind (G 8.1.2: the kind decides the assessment, HRDDP for a security force)";
    fn choice_key(&self) -> String {
        self.key().to_string()
    }
    fn from_choice_key(key: &str) -> Option<Self> {
        EntityKind::ALL.into_iter().find(|k| k.key() == key)
    }
}

impl ChoiceValue for YesNoUnknown {
    const WHAT: &'static str = "yes, no or unknown";
    fn choice_key(&self) -> String {
        match self {
            YesNoUnknown::Yes => "yes",
            YesNoUnknown::No => "no",
            YesNoUnknown::Unknown => "unknown",
        }
        .to_string()
    }
    fn from_choice_key(key: &str) -> Option<Self> {
        among(
            &[YesNoUnknown::Yes, YesNoUnknown::No, YesNoUnknown::Unknown],
            key,
        )
    }
}

impl ChoiceValue for crate::domain::role::Role {
    const WHAT: &'static str = "who decides";
    fn choice_key(&self) -> String {
        self.key().to_string()
    }
    fn from_choice_key(key: &str) -> Option<Self> {
        crate::domain::role::Role::from_key(key)
    }
}
