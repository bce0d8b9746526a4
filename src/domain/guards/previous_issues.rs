//! G 8.1.3, Annex B Q6: "previous issues with this entity" is the registry's answer, not a
//! guess. A Sharing Risk Assessment lists every breach and suspension the registry holds for
//! the entity (the form reads them in), and cannot answer Q6 "no" while one is on record.
//! Read when an assessment is recorded: older logs replay as they are.

use super::date;
use crate::domain::entity::Entity;
use crate::domain::ids::Time;
use crate::domain::previous_issues::on_the_entity;
use crate::domain::refusal::{Guard, Refusal};
use crate::domain::risk_assessment::{ANNEX_B, SharingRiskAssessment};
use crate::domain::view::RegistryView;

/// Q6's number (1-based) in Annex B.
fn q6() -> usize {
    ANNEX_B
        .iter()
        .position(|q| q.key == "previous_issues")
        .map_or(6, |i| i + 1)
}

pub fn g8_1_3_q6_answered_from_the_registry(
    a: &SharingRiskAssessment,
    entity: &Entity,
    view: &dyn RegistryView,
    now: Time,
) -> Guard {
    let held = on_the_entity(entity, &view.breaches(entity), now);
    if let Some(missing) = held
        .iter()
        .find(|h| !a.previous_issues.iter().any(|p| p.same(h)))
    {
        return Err(Refusal::new(
            "G 8.1.3",
            format!(
                "Annex B Q{} (previous issues): the registry holds {} {} of {} on {} that the assessment does not list: reopen the form to read the registry's history",
                q6(),
                missing.kind,
                missing.record,
                entity.name(),
                date(missing.at)
            ),
        ));
    }
    let weighs = a.previous_issues.iter().find(|p| p.decides_q6());
    if let Some(issue) = weighs
        && a.answer("previous_issues").is_some_and(|x| x.is_no())
    {
        return Err(Refusal::new(
            "G 8.1.3",
            format!(
                "Annex B Q{} answered \"no\", but the registry holds {} {} of {} on {}: answer yes and weigh it",
                q6(),
                issue.kind,
                issue.record,
                entity.name(),
                date(issue.at)
            ),
        ));
    }
    Ok(())
}
