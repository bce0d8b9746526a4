//! Records offered in a choice by their id, typed by the kind of record: a form reads back a
//! `RecordId` of the kind it offered (an entity, a pre-authorised entry, …), and anything else —
//! no option chosen, an id of another kind — is refused beside the field, never recorded.

use super::field::ChoiceValue;
use crate::domain::ids::{RecordId, RecordKind};
use std::marker::PhantomData;

/// A kind of record a choice offers.
pub trait OfKind {
    const KIND: RecordKind;
    /// What the person is asked to choose ("the entity").
    const WHAT: &'static str;
}

/// The id of a record of the kind `K`, as chosen in a form.
pub struct IdOf<K>(RecordId, PhantomData<fn() -> K>);

impl<K> IdOf<K> {
    /// A record the registry offers in the choice.
    pub fn offered(id: &RecordId) -> Self {
        IdOf(id.clone(), PhantomData)
    }

    pub fn id(self) -> RecordId {
        self.0
    }
}

impl<K: OfKind> ChoiceValue for IdOf<K> {
    const WHAT: &'static str = K::WHAT;
    fn choice_key(&self) -> String {
        self.0.to_string()
    }
    fn from_choice_key(key: &str) -> Option<Self> {
        let id = RecordId::from(key);
        (id.kind() == Some(K::KIND)).then_some(IdOf(id, PhantomData))
    }
}

/// An entity (G 8.1.2, G 9.4), by its id.
pub enum Entity {}

impl OfKind for Entity {
    const KIND: RecordKind = RecordKind::Entity;
    const WHAT: &'static str = "the entity";
}

/// A share (G 8.1), by its id.
pub enum Share {}

impl OfKind for Share {
    const KIND: RecordKind = RecordKind::Share;
    const WHAT: &'static str = "the share";
}

/// An entry of the pre-authorised list (G 8.1.8, G 9.10).
pub enum PreAuthorised {}

impl OfKind for PreAuthorised {
    const KIND: RecordKind = RecordKind::PreAuthorisation;
    const WHAT: &'static str = "the pre-authorised entry";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_of_another_kind_or_none_is_refused() {
        assert!(IdOf::<Entity>::from_choice_key("ENT-JMAC-1-0003").is_some());
        assert!(IdOf::<Entity>::from_choice_key("RCP-JMAC-1-0003").is_none());
        assert!(IdOf::<Entity>::from_choice_key("").is_none());
        assert!(IdOf::<PreAuthorised>::from_choice_key("ENT-JMAC-1-0003").is_none());
        assert!(matches!(
            Option::<IdOf<PreAuthorised>>::from_choice_key(""),
            Some(None)
        ));
    }
}
