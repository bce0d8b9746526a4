//! How the events of an entity assessment apply, in either direction (see `assessment.rs`):
//! part 1 starts it as the entity's assessment in progress; part 2 completes it, and it takes
//! over from the one in force (G 8.1.2.3, G 9.5.2).

use super::apply::{ApplyError, EventContext, entity, record, wrong};
use super::assessment::{AssessmentDirection, EntityAssessment};
use super::attributed::Attributed;
use super::ids::RecordId;
use super::marking::Marking;
use super::record::Record;
use super::view::RegistryView;

/// Part 1 recorded: a new assessment of `entity_id`, in progress until part 2.
pub(super) fn started<D: AssessmentDirection>(
    view: &dyn RegistryView,
    id: &RecordId,
    entity_id: &RecordId,
    overview: &D::Overview,
    marking: &Option<Marking>,
    cx: &EventContext,
) -> Result<Vec<Record>, ApplyError> {
    let mut e = entity(view, entity_id)?;
    *D::slots(&mut e).1 = Some(id.clone());
    let marking = marking
        .clone()
        .unwrap_or_else(|| view.settings().default_marking());
    let overview = Attributed::new(overview.clone(), cx.actor, cx.at);
    Ok(vec![
        Record::Entity(e),
        D::record(EntityAssessment::started(
            id.clone(),
            entity_id.clone(),
            marking,
            overview,
        )),
    ])
}

/// Part 2 recorded: the assessment is complete, due for review after the mission's interval,
/// and in force. A review in progress does not displace the assessment in force until then
/// (G 8.1.2.3, footnote 6).
pub(super) fn completed<D: AssessmentDirection>(
    view: &dyn RegistryView,
    id: &RecordId,
    part: &D::HumanRights,
    cx: &EventContext,
) -> Result<Vec<Record>, ApplyError> {
    let mut a =
        D::of_record(record(view, id)?).map_err(|other| wrong(id, &other, D::RECORD_KEY))?;
    a.human_rights = Some(Attributed::new(part.clone(), cx.actor, cx.at));
    a.review_due = Some(cx.at + view.settings().review_interval());
    let mut e = entity(view, &a.entity)?;
    let mut out = take_over::<D>(view, id, &mut e);
    out.push(D::record(a));
    out.push(Record::Entity(e));
    Ok(out)
}

/// A completed entity assessment takes over from the one in force: the entity points to it,
/// its review in progress is done, and the previous assessment is marked superseded
/// (returned, to be written).
fn take_over<D: AssessmentDirection>(
    view: &dyn RegistryView,
    id: &RecordId,
    e: &mut super::entity::Entity,
) -> Vec<Record> {
    let (in_force, in_progress) = D::slots(e);
    if in_progress.as_ref() == Some(id) {
        *in_progress = None;
    }
    let previous = match in_force.replace(id.clone()) {
        Some(p) if p != *id => p,
        _ => return Vec::new(),
    };
    match view.record(&previous).map(D::of_record) {
        Some(Ok(mut p)) => {
            p.superseded_by = Some(id.clone());
            vec![D::record(p)]
        }
        _ => Vec::new(),
    }
}
