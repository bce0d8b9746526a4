//! G 8.1.10 after the fact: a breach, or its substantial suspicion, stops what was authorised
//! and not yet carried out, ends the pre-authorised entries given before it, and sharing
//! resumes only on the terms the investigation set ("at a lower level and/or on a
//! case-by-case basis").

use super::date;
use crate::domain::breach::Breach;
use crate::domain::entity::Entity;
use crate::domain::ids::{RecordId, Time};
use crate::domain::pre_authorisation::PreAuthorisation;
use crate::domain::refusal::{Guard, Refusal};
use crate::domain::role::Role;
use crate::domain::share::OutgoingShare;
use crate::domain::view::RegistryView;

/// The first breach of `entity` reported after `t`, if any.
pub fn breach_reported_after(entity: &Entity, view: &dyn RegistryView, t: Time) -> Option<Breach> {
    view.breaches(entity)
        .into_iter()
        .filter(|b| b.reported_at > t)
        .min_by_key(|b| b.reported_at)
}

/// G 8.1.10: an authorisation not carried out when a breach was reported has lapsed.
pub fn g8_1_10_authorisation_not_lapsed(
    s: &OutgoingShare,
    entity: &Entity,
    view: &dyn RegistryView,
) -> Guard {
    let Some(decided) = s.decision.as_ref().filter(|d| d.authorise) else {
        return Ok(());
    };
    // When the decision was taken, as stated (G 8.1.10: what was authorised before the
    // report), not when it was recorded.
    match breach_reported_after(entity, view, decided.decided_at()) {
        None => Ok(()),
        Some(b) => Err(Refusal::new(
            "G 8.1.10",
            format!(
                "the authorisation of {} ({}) lapsed when {} {} was reported against {} on {}: it was not carried out, and needs a new decision",
                s.id,
                date(decided.decided_at()),
                if b.report.suspected { "suspected breach" } else { "breach" },
                b.id,
                entity.name(),
                date(b.reported_at)
            ),
        )
        .next(Role::Hom)),
    }
}

/// G 8.1.8 / 8.1.10: a pre-authorised entry given before a breach was reported has lapsed.
pub fn g8_1_10_pre_authorisation_not_lapsed(
    entry: &PreAuthorisation,
    entity: &Entity,
    view: &dyn RegistryView,
) -> Guard {
    match breach_reported_after(entity, view, entry.authorised_at) {
        None => Ok(()),
        Some(b) => Err(Refusal::new(
            "G 8.1.10",
            format!(
                "pre-authorised entry {} for {} lapsed when {} was reported on {}: a new entry is needed",
                entry.id,
                entity.name(),
                b.id,
                date(b.reported_at)
            ),
        )),
    }
}

/// G 8.1.10: while the latest investigation's resumption terms hold, nothing above the level
/// they allow is shared, and no pre-authorised entry stands in when each product is to be
/// decided case by case.
pub fn g8_1_10_resumption_terms(
    s: &OutgoingShare,
    entity: &Entity,
    pre_authorisation: Option<&RecordId>,
    view: &dyn RegistryView,
    now: Time,
) -> Guard {
    let latest = view
        .breaches(entity)
        .into_iter()
        .filter_map(|b| b.investigation.map(|i| (b.id, i)))
        .max_by_key(|(_, i)| i.at);
    let Some((breach, inv)) = latest else {
        return Ok(());
    };
    if !inv.terms_hold(now) {
        return Ok(());
    }
    let until = inv
        .terms_until
        .map(|t| format!(" until {}", date(t)))
        .unwrap_or_default();
    let level = s.draft.product.marking.level;
    if let Some(max) = inv.resume_up_to
        && level > max
    {
        return Err(Refusal::new(
            "G 8.1.10",
            format!(
                "sharing with {} resumed at a lower level after the investigation of {breach}: up to {max}{until}, not {level}",
                entity.name()
            ),
        ));
    }
    if inv.case_by_case
        && let Some(id) = pre_authorisation
    {
        return Err(Refusal::new(
            "G 8.1.10",
            format!(
                "sharing with {} resumed case by case after the investigation of {breach}{until}: pre-authorised entry {id} cannot stand in for this product's own risk assessment",
                entity.name()
            ),
        ));
    }
    Ok(())
}
