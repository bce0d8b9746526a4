//! Guards on pre-authorised list entries (G 8.1.8, G 9.10).

use super::{entity_of, non_empty};
use crate::domain::change::Change;
use crate::domain::ids::Time;
use crate::domain::pre_authorisation::{Direction, PreAuthorisation, PreAuthorisationTerms};
use crate::domain::refusal::{Guard, Refusal};
use crate::domain::view::RegistryView;

pub fn created(terms: &PreAuthorisationTerms, view: &dyn RegistryView, now: Time) -> Guard {
    let entity = entity_of(view, &terms.entity)?;
    non_empty(
        &terms.products,
        "G 8.1.8",
        "the regular products the entry covers",
    )?;
    super::pre_authorisation_scope::scope_named(terms.scope.as_ref(), terms.direction)?;
    if terms.direction == Direction::Sharing {
        // A halted relationship cannot be put on a list for regular sharing.
        super::g8_1_10_no_open_breach(&entity, view)?;
        if entity.kind().is_non_un() {
            super::g8_1_4_sharing_assessment_current(&entity, view, now)?;
        }
    }
    Ok(())
}

pub fn change(p: &PreAuthorisation, change: &Change, view: &dyn RegistryView, now: Time) -> Guard {
    let paragraph = match p.terms.direction {
        Direction::Sharing => "G 8.1.8",
        Direction::Receipt => "G 9.10",
    };
    if p.revoked.is_some() {
        return Err(Refusal::new(paragraph, format!("{} is revoked", p.id)));
    }
    match change {
        Change::PreAuthorisationRenewed => Err(Refusal::new(
            paragraph,
            format!(
                "the review of {} records what the reviewer confirmed (the review checklist), not a bare renewal",
                p.id
            ),
        )),
        Change::PreAuthorisationReviewed { review } => {
            let entity = entity_of(view, &p.terms.entity)?;
            super::pre_authorisation_scope::reviewed(p, review, &entity, view, now)
        }
        Change::PreAuthorisationRevoked { reason } => {
            non_empty(reason, paragraph, "the reason for revoking")
        }
        _ => Err(Refusal::new(
            "registry",
            "not a change to a pre-authorised entry",
        )),
    }
}
