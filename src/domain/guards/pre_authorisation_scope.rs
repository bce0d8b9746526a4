//! A pre-authorised entry stands in for the per-product assessment or scan only for what it
//! covers and only while what it stood on holds (G 8.1.8, G 9.10, G 8.1.10, G 8.1.2.3,
//! G 9.5.2; issue 9): a product of its series, nature and level; the entity's assessment
//! current and not suspended; no breach (sharing) and no suspension since it was given — those
//! end it, and a new entry is needed. Its periodic review records the reviewer's checklist.

use super::{date, non_empty};
use crate::domain::entity::Entity;
use crate::domain::ids::Time;
use crate::domain::marking::Classification;
use crate::domain::monitoring::AssessmentPart;
use crate::domain::nature::Nature;
use crate::domain::pre_authorisation::{Direction, PreAuthorisation};
use crate::domain::pre_authorisation_scope::{PreAuthorisationReview, Scope};
use crate::domain::refusal::{Guard, Refusal};
use crate::domain::role::Role;
use crate::domain::view::RegistryView;

fn paragraph(direction: Direction) -> &'static str {
    match direction {
        Direction::Sharing => "G 8.1.8",
        Direction::Receipt => "G 9.10",
    }
}

fn part(direction: Direction) -> AssessmentPart {
    match direction {
        Direction::Sharing => AssessmentPart::Sharing,
        Direction::Receipt => AssessmentPart::Receipt,
    }
}

/// A new entry or a review names a whole scope.
pub fn scope_named(scope: Option<&Scope>, direction: Direction) -> Guard {
    let Some(scope) = scope else {
        return Err(Refusal::new(
            paragraph(direction),
            "name what the entry covers: the reference its series' products begin with, and their nature",
        ));
    };
    match scope.incomplete() {
        Some(what) => Err(Refusal::new(
            paragraph(direction),
            format!("name what the entry covers: {what}"),
        )),
        None => Ok(()),
    }
}

/// The product is of what the entry covers; otherwise the per-product assessment or scan
/// applies.
pub fn covers_product(
    entry: &PreAuthorisation,
    reference: &str,
    nature: Nature,
    level: Classification,
) -> Guard {
    match entry.outside_scope(reference, nature, level) {
        None => Ok(()),
        Some(why) => Err(Refusal::new(
            paragraph(entry.terms.direction),
            format!(
                "pre-authorised entry {why}: {}",
                match entry.terms.direction {
                    Direction::Sharing =>
                        "the product needs its own Sharing Risk Assessment (G 8.1.3)",
                    Direction::Receipt =>
                        "the product needs its own Intelligence Receipt Scan (G 9.6)",
                }
            ),
        )
        .next(Role::Analyst)),
    }
}

/// A suspension of the entity's assessment (for the entry's direction) recorded after the
/// entry was given ends it: it no longer stands on the assessment it relied on.
pub fn not_lapsed_by_suspension(entry: &PreAuthorisation, entity: &Entity) -> Guard {
    let part = part(entry.terms.direction);
    let after = entity
        .monitoring
        .suspensions
        .iter()
        .find(|s| s.at > entry.authorised_at && s.assessment(part).is_some());
    match after {
        None => Ok(()),
        Some(s) => Err(Refusal::new(
            paragraph(entry.terms.direction),
            format!(
                "pre-authorised entry {} for {} lapsed when the {part} was suspended on {} ({}): a new entry is needed",
                entry.id,
                entity.name(),
                date(s.at),
                s.reason
            ),
        )
        .next(Role::Imfp)),
    }
}

/// The entity's assessment for the entry's direction is current and not suspended: the entry
/// stands on it.
pub fn assessment_stands(
    entry: &PreAuthorisation,
    entity: &Entity,
    view: &dyn RegistryView,
    now: Time,
) -> Guard {
    if !entity.kind().is_non_un() {
        return Ok(());
    }
    let held = match entry.terms.direction {
        Direction::Sharing => super::g8_1_4_sharing_assessment_current(entity, view, now),
        Direction::Receipt => super::g9_4_receipt_assessment_current(entity, view, now),
    };
    held.map_err(|r| {
        let next = r.next;
        let mut out = Refusal::new(
            paragraph(entry.terms.direction),
            format!(
                "pre-authorised entry {} stands on the entity's assessment, which does not hold: {} ({})",
                entry.id, r.reason, r.paragraph
            ),
        );
        out.next = next;
        out
    })
}

/// When and why an entry ended for good, if it did (G 8.1.8, G 9.10): the assessment it stood
/// on passed its review date before a new one took over (G 8.1.2.3, G 9.5.2), the entity's
/// assessment was suspended after it was given, or (sharing) a breach was reported after it
/// (G 8.1.10). Whichever came first; a later assessment does not bring it back — a new entry
/// is needed.
pub fn ended(
    entry: &PreAuthorisation,
    entity: &Entity,
    view: &dyn RegistryView,
    now: Time,
) -> Option<(Time, Refusal)> {
    let mut ends: Vec<(Time, Refusal)> = Vec::new();
    if let Some(end) = assessment_lapse(entry, entity, view, now) {
        ends.push(end);
    }
    let part = part(entry.terms.direction);
    if let Some(s) = entity
        .monitoring
        .suspensions
        .iter()
        .find(|s| s.at > entry.authorised_at && s.assessment(part).is_some())
        && let Err(r) = not_lapsed_by_suspension(entry, entity)
    {
        ends.push((s.at, r));
    }
    if entry.terms.direction == Direction::Sharing
        && let Some(b) =
            super::breach_rules::breach_reported_after(entity, view, entry.authorised_at)
        && let Err(r) =
            super::breach_rules::g8_1_10_pre_authorisation_not_lapsed(entry, entity, view)
    {
        ends.push((b.reported_at, r));
    }
    ends.into_iter().min_by_key(|(at, _)| *at)
}

/// The assessment the entry stood on, and those that took over from it in turn: the first to
/// pass its review date before the next was complete ends the entry, at that date.
fn assessment_lapse(
    entry: &PreAuthorisation,
    entity: &Entity,
    view: &dyn RegistryView,
    now: Time,
) -> Option<(Time, Refusal)> {
    use crate::domain::record::Record;
    if !entity.kind().is_non_un() {
        return None;
    }
    let direction = entry.terms.direction;
    // (completed, review due, taken over by)
    let facts = |id: &crate::domain::ids::RecordId| match view.record(id)? {
        Record::EntityAssessmentSharing(a) if direction == Direction::Sharing => Some((
            a.human_rights.as_ref().map(|h| h.at),
            a.review_due,
            a.superseded_by,
        )),
        Record::EntityAssessmentReceipt(a) if direction == Direction::Receipt => Some((
            a.human_rights.as_ref().map(|h| h.at),
            a.review_due,
            a.superseded_by,
        )),
        _ => None,
    };
    let mut id = entry.stood_on.clone().or_else(|| match direction {
        Direction::Sharing => entity.sharing_assessment.clone(),
        Direction::Receipt => entity.receipt_assessment.clone(),
    })?;
    let lapse = |id: &crate::domain::ids::RecordId, due: Time| {
        (
            due,
            Refusal::new(
                paragraph(direction),
                format!(
                    "pre-authorised entry {} for {} ended on {} when {} ({}) passed its review date: a new entry is needed",
                    entry.id,
                    entity.name(),
                    date(due),
                    id,
                    part(direction)
                ),
            )
            .next(Role::Imfp),
        )
    };
    for _ in 0..64 {
        let (_, due, next) = facts(&id)?;
        let due = due?;
        match next {
            Some(next) => {
                let (completed, _, _) = facts(&next)?;
                if completed.is_some_and(|c| due < c) {
                    return Some(lapse(&id, due));
                }
                id = next;
            }
            None if now > due => return Some(lapse(&id, due)),
            None => return None,
        }
    }
    None
}

/// G 8.1.8, G 9.10: the entry has not ended for good (see `ended`).
pub fn not_ended(
    entry: &PreAuthorisation,
    entity: &Entity,
    view: &dyn RegistryView,
    now: Time,
) -> Guard {
    match ended(entry, entity, view, now) {
        Some((_, r)) => Err(r),
        None => Ok(()),
    }
}

/// The periodic review: each item of the checklist confirmed, what was found, the scope from
/// now on; and the entry has not lapsed.
pub fn reviewed(
    entry: &PreAuthorisation,
    review: &PreAuthorisationReview,
    entity: &Entity,
    view: &dyn RegistryView,
    now: Time,
) -> Guard {
    let p = paragraph(entry.terms.direction);
    if let Some((item, _)) = review.checklist().into_iter().find(|(_, ok)| !ok) {
        return Err(Refusal::new(
            p,
            format!(
                "the review of {} cannot renew it unless the reviewer confirms that {item}: revoke the entry instead, with the reason",
                entry.id
            ),
        ));
    }
    non_empty(&review.finding, p, "what the review found")?;
    scope_named(Some(&review.scope), entry.terms.direction)?;
    if entry.terms.direction == Direction::Sharing {
        super::g8_1_10_no_open_breach(entity, view)?;
        super::breach_rules::g8_1_10_pre_authorisation_not_lapsed(entry, entity, view)?;
    }
    not_lapsed_by_suspension(entry, entity)?;
    not_ended(entry, entity, view, now)?;
    assessment_stands(entry, entity, view, now)
}
