//! What a form is opened with (`FormContext`): the record and its entity as the person may
//! see them, the entities, users and settings, the competent authority and the pre-authorised
//! entries that are valid for it.

use super::*;

pub(super) fn prepare(
    store: &Store,
    actor: Actor,
    kind: FormKind,
    target: Option<&RecordId>,
    now: Time,
) -> Result<FormContext, String> {
    let err = |e: crate::store::StoreError| e.to_string();
    let record = match target {
        Some(id) => Some(
            store
                .record(id)
                .map_err(err)?
                .ok_or_else(|| format!("no record {id} in this registry"))?,
        ),
        None => None,
    };
    if let Some(r) = &record
        && !can_see_content(&actor, r)
    {
        return Err(format!(
            "{} is {}: your clearance or need to know does not cover it",
            r.id(),
            r.marking().level
        ));
    }
    let entity: Option<Entity> = match record.as_ref().and_then(|r| r.entity()) {
        Some(id) => match store.record(id).map_err(err)? {
            Some(Record::Entity(e)) => Some(e),
            _ => None,
        },
        None => None,
    };
    let mut cx = FormContext {
        now,
        actor: Some(actor),
        entities: store.entities().map_err(err)?,
        settings: Some(store.settings().map_err(err)?),
        entity,
        ..FormContext::default()
    };
    let view = StoreView::new(store);
    match (kind, &record) {
        (FormKind::RiskAssessment, Some(Record::Share(s))) => {
            // Annex B Q6, answered by the registry (G 8.1.3): kept with the assessment.
            cx.previous_issues = store
                .previous_issues(&s.draft.recipient, &s.id, now)
                .map_err(err)?;
        }
        (FormKind::ShareDecision, Some(Record::Share(s))) => {
            if let Some(e) = &cx.entity {
                cx.authority = Some(view.settings().delegation.authority(
                    Decision::Share,
                    s.draft.product.marking.level,
                    e.kind(),
                    s.draft.product.nature,
                ));
                let p = &s.draft.product;
                cx.pre_authorisations = valid_pre_authorisations(
                    &view,
                    e,
                    Direction::Sharing,
                    (&p.reference, p.nature, p.marking.level),
                    now,
                );
            }
        }
        (FormKind::OnwardAnswer, Some(Record::Share(s))) => {
            if let Some(e) = &cx.entity {
                cx.authority = Some(guards::share_authority(s, e, &view));
            }
        }
        (FormKind::Dissemination, Some(Record::Receipt(r))) => {
            cx.authority = Some(guards::receipt_authority(r, &view));
            cx.flag_reason = guards::g9_12_flag_required(r, &view);
            cx.users = store.users().map_err(err)?;
            cx.users.sort_by(|a, b| a.name.cmp(&b.name));
        }
        (FormKind::ClearReceipt, Some(Record::Receipt(r))) => {
            if let Some(e) = view.entity(r.assessed_entity()) {
                let c = &r.capture;
                cx.pre_authorisations = valid_pre_authorisations(
                    &view,
                    &e,
                    Direction::Receipt,
                    (&c.reference, c.nature, c.marking.level),
                    now,
                );
            }
        }
        (FormKind::ConfirmMitigation, Some(Record::EntityAssessmentSharing(a))) => {
            cx.open_mitigations = a
                .human_rights
                .iter()
                .flat_map(|h| h.mitigation_measures.iter().enumerate())
                .filter(|(_, m)| m.in_place.is_none())
                .map(|(i, m)| (i, m.text.clone()))
                .collect();
        }
        (FormKind::ReportBreach, _) => {
            if let Some(e) = &cx.entity {
                cx.shares = store
                    .entity_history(&e.id, HISTORY_LIMIT)
                    .map_err(err)?
                    .into_iter()
                    .filter_map(|r| match r {
                        Record::Share(s) => Some((s.id, s.draft.product.title)),
                        _ => None,
                    })
                    .collect();
            }
        }
        _ => {}
    }
    if let Some(Record::Entity(e)) = &record {
        cx.entity = Some(e.clone());
    }
    cx.record = record;
    if let Some(e) = view.take_error() {
        return Err(e);
    }
    Ok(cx)
}

fn valid_pre_authorisations(
    view: &StoreView,
    entity: &Entity,
    direction: Direction,
    (reference, nature, level): (
        &str,
        crate::domain::nature::Nature,
        crate::domain::marking::Classification,
    ),
    now: Time,
) -> Vec<(RecordId, String)> {
    // Only entries whose scope covers the product (G 8.1.8, G 9.10).
    view.pre_authorisations(entity, direction)
        .into_iter()
        .filter(|p| {
            p.is_valid(now)
                && p.outside_scope(reference, nature, level).is_none()
                && guards::pre_authorisation_ended(p, entity, view, now).is_none()
        })
        .map(|p| {
            (
                p.id.clone(),
                format!(
                    "{} up to {}, review due {}",
                    p.terms.products,
                    p.terms.max_classification,
                    super::super::text::date(p.review_due)
                ),
            )
        })
        .collect()
}
