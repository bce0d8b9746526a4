//! Guards on the two entity assessments (G 8.1.2, G 9.5).

use super::{entity_of, non_empty};
use crate::domain::answer::Answer;
use crate::domain::assessment::{AssessmentDirection, EntityAssessment};
use crate::domain::assessment_receipt::{
    ANNEX_D_HUMAN_RIGHTS, EntityAssessmentForReceipt, ReceiptOverview,
};
use crate::domain::assessment_sharing::{
    EntityAssessmentForSharing, HumanRightsMethod, RiskConclusion, SharingOverview,
};
use crate::domain::change::Change;
use crate::domain::entity::EntityKind;
use crate::domain::ids::RecordId;
use crate::domain::refusal::{Guard, Refusal};
use crate::domain::view::RegistryView;

pub fn sharing_started(
    entity: &RecordId,
    overview: &SharingOverview,
    view: &dyn RegistryView,
) -> Guard {
    let e = entity_of(view, entity)?;
    if e.kind() == EntityKind::NonMissionUn {
        return Err(Refusal::new(
            "G 8.2",
            format!(
                "{} is a non-mission UN entity: no Entity Assessment for Sharing is conducted",
                e.name()
            ),
        ));
    }
    non_empty(
        &overview.mandate,
        "G 8.1.2",
        "the entity's mandate (part 1)",
    )?;
    super::answer_types::answers_fit_their_questions(
        std::slice::from_ref(&crate::domain::assessment_sharing::MANDATE_COMPATIBLE),
        std::slice::from_ref(&overview.mandate_compatible),
        &crate::domain::answer::Facts::default(),
        "G 8.1.2",
        "Annex A part 1",
    )?;
    non_empty(
        &overview.scope,
        "G 8.1.2",
        "the scope of the entity assessed (part 1)",
    )
}

pub fn sharing_change(
    a: &EntityAssessmentForSharing,
    change: &Change,
    view: &dyn RegistryView,
) -> Guard {
    not_superseded(a)?;
    match change {
        Change::SharingAssessmentHumanRightsRecorded { part } => {
            not_complete(a)?;
            let entity = entity_of(view, &a.entity)?;
            if entity.kind().needs_full_hrddp() && part.method != HumanRightsMethod::Hrddp {
                return Err(Refusal::new(
                    "G 8.1.2",
                    format!(
                        "{} is a {}: part 2 must be the HRDDP Risk Assessment, not an adapted one",
                        entity.name(),
                        entity.kind()
                    ),
                ));
            }
            non_empty(
                &part.findings,
                "G 8.1.2.1",
                "the findings of the human rights assessment",
            )?;
            if part.conclusion == RiskConclusion::AcceptableWithMitigation
                && part.mitigation_measures.is_empty()
            {
                return Err(Refusal::new(
                    "G 8.1.2.2",
                    "acceptable with mitigation, but no mitigation measure is listed",
                ));
            }
            g8_1_2_annex_a_mandate_compatible(a, part.conclusion, &entity)
        }
        Change::MitigationConfirmed { index } => {
            let measures = a.human_rights.as_ref().map(|h| &h.mitigation_measures);
            match measures.and_then(|m| m.get(*index)) {
                None => Err(Refusal::new(
                    "G 8.1.2.2",
                    format!("{} has no mitigation measure {}", a.id, index + 1),
                )),
                Some(m) if m.in_place.is_some() => Err(Refusal::new(
                    "G 8.1.2.2",
                    format!("mitigation measure {} is already confirmed", index + 1),
                )),
                Some(_) => Ok(()),
            }
        }
        _ => not_a_change_to(a),
    }
}

pub fn receipt_started(
    entity: &RecordId,
    overview: &ReceiptOverview,
    view: &dyn RegistryView,
) -> Guard {
    let e = entity_of(view, entity)?;
    if e.kind() == EntityKind::NonMissionUn {
        return Err(Refusal::new(
            "G 9.13",
            format!(
                "{} is a non-mission UN entity: assess the non-UN entity the product originates from",
                e.name()
            ),
        ));
    }
    non_empty(&overview.mandate, "G 9.5", "the entity's mandate (part 1)")?;
    non_empty(
        &overview.why_it_shares,
        "G 9.5",
        "why the entity shares (part 1)",
    )
}

pub fn receipt_change(a: &EntityAssessmentForReceipt, change: &Change) -> Guard {
    not_superseded(a)?;
    match change {
        Change::ReceiptAssessmentHumanRightsRecorded { scan } => {
            not_complete(a)?;
            all_answered(
                &scan.answers,
                ANNEX_D_HUMAN_RIGHTS.len(),
                "G 9.5.1",
                "Annex D part 2",
            )?;
            super::answer_types::answers_fit_their_questions(
                &ANNEX_D_HUMAN_RIGHTS,
                &scan.answers,
                &crate::domain::answer::Facts::default(),
                "G 9.5.1",
                "Annex D part 2",
            )
        }
        _ => not_a_change_to(a),
    }
}

/// G 8.1.2.3, G 9.5.2: an assessment a newer one superseded takes no more changes.
fn not_superseded<D: AssessmentDirection>(a: &EntityAssessment<D>) -> Guard {
    match a.superseded_by {
        Some(_) => Err(Refusal::new(
            D::REVIEW,
            format!("{} has been superseded by a newer assessment", a.id),
        )),
        None => Ok(()),
    }
}

/// G 8.1.2.3, G 9.5.2: a complete assessment is not written again; its review is a new one.
fn not_complete<D: AssessmentDirection>(a: &EntityAssessment<D>) -> Guard {
    if a.is_complete() {
        return Err(Refusal::new(
            D::REVIEW,
            format!("{} is complete; a review is a new assessment", a.id),
        ));
    }
    Ok(())
}

fn not_a_change_to<D: AssessmentDirection>(_: &EntityAssessment<D>) -> Guard {
    Err(Refusal::new(
        "registry",
        format!("not a change to an {}", D::TITLE),
    ))
}

/// Every question of an annex is answered (yes, no or unknown) — none skipped.
pub fn all_answered(
    answers: &[Answer],
    expected: usize,
    paragraph: &'static str,
    annex: &str,
) -> Guard {
    if answers.len() == expected {
        Ok(())
    } else {
        Err(Refusal::new(
            paragraph,
            format!(
                "{annex} has {expected} questions; {} answered",
                answers.len()
            ),
        ))
    }
}

/// G 8.1.2 / 8.1.11 (3), Annex A part 1: an entity whose mandate is incompatible with the
/// mission's cannot be assessed as one the mission may share with.
pub(crate) fn g8_1_2_annex_a_mandate_compatible(
    a: &EntityAssessmentForSharing,
    conclusion: RiskConclusion,
    entity: &crate::domain::entity::Entity,
) -> Guard {
    if a.overview.mandate_compatible.is_no() && conclusion != RiskConclusion::NotAcceptable {
        return Err(Refusal::new(
            "G 8.1.2 (Annex A)",
            format!(
                "part 1 of {} finds the mandate of {} incompatible with the mission's: the assessment cannot conclude that sharing is acceptable",
                a.id,
                entity.name()
            ),
        ));
    }
    Ok(())
}
