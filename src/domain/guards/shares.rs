//! Guards on outgoing shares (G 8.1 to non-UN entities, G 8.2 to non-mission UN entities).

use super::assessments::all_answered;
use super::truth::{in_order, not_in_future, show};
use super::{entity_of, non_empty};
use crate::domain::answer::Facts;
use crate::domain::change::{Change, LegacyRecord};
use crate::domain::entity::{Entity, EntityKind};
use crate::domain::ids::{RecordId, Time};
use crate::domain::nature::Nature;
use crate::domain::receipt::ReceiptState;
use crate::domain::record::Record;
use crate::domain::refusal::{Guard, Refusal};
use crate::domain::risk_assessment::ANNEX_B;
use crate::domain::role::Role;
use crate::domain::share::{OutgoingShare, ShareDraft, ShareState, ShareTransition};
use crate::domain::view::RegistryView;

pub use super::sharing_rules::*;

pub fn share_drafted(draft: &ShareDraft, view: &dyn RegistryView) -> Guard {
    let entity = super::truth::usable_entity(view, &draft.recipient)?;
    super::text_limits::product_text(
        &draft.product.title,
        &draft.product.reference,
        &draft.product.summary,
    )?;
    g8_1_6_withheld_recorded(&draft.extent)?;
    excluded_sub_component(&entity, draft.recipient_unit.as_deref())?;
    for id in &draft.derived_from {
        match view.record(id) {
            Some(Record::Receipt(r)) if r.state == ReceiptState::Rejected => {
                received_product_usable(&r)?
            }
            Some(Record::Receipt(_)) => {}
            _ => return Err(Refusal::new("G 9.8", format!("no received product {id}"))),
        }
    }
    Ok(())
}

pub fn share_change(
    s: &OutgoingShare,
    change: &Change,
    view: &dyn RegistryView,
    now: Time,
    actor: &str,
) -> Guard {
    let entity = entity_of(view, &s.draft.recipient)?;
    if let Some(guard) =
        super::originator_control::share_change(s, &entity, change, view, now, actor)
    {
        return guard;
    }
    let transition = match change {
        Change::SanitisationConfirmed | Change::UnRoutingRecorded { .. } => {
            if s.state.is_closed() {
                return Err(closed(s));
            }
            if let Change::UnRoutingRecorded { .. } = change
                && entity.kind() != EntityKind::NonMissionUn
            {
                return Err(Refusal::new(
                    "G 8.2.1",
                    format!(
                        "{} is not a non-mission UN entity: no G 8.2 routing",
                        entity.name()
                    ),
                ));
            }
            return Ok(());
        }
        Change::SharingRiskAssessed { .. } => ShareTransition::AssessRisk,
        Change::ShareDecided {
            authorise: true, ..
        } => ShareTransition::Authorise,
        Change::ShareDecided {
            authorise: false, ..
        } => ShareTransition::Decline,
        Change::ConditionsAccepted { .. } => ShareTransition::AcceptConditions,
        Change::ShareMarkedShared { .. } => ShareTransition::MarkShared,
        Change::ShareWithdrawn { .. } => ShareTransition::Withdraw,
        _ => return Err(Refusal::new("registry", "not a change to a share")),
    };
    if s.state.next(transition).is_none() {
        return Err(state_refusal(s, &entity, transition));
    }
    match change {
        Change::SharingRiskAssessed { assessment } => {
            all_answered(&assessment.answers, ANNEX_B.len(), "G 8.1.3", "Annex B")?;
            super::answer_types::answers_fit_their_questions(
                &ANNEX_B,
                &assessment.answers,
                &Facts::of(s.draft.product.marking.level, s.draft.product.nature),
                "G 8.1.3",
                "Annex B",
            )?;
            non_empty(&assessment.conclusion_note, "G 8.1.3", "the conclusion")?;
            super::previous_issues::g8_1_3_q6_answered_from_the_registry(
                assessment, &entity, view, now,
            )?;
            super::annex_b::g8_1_4_annex_b_answers_allow_acceptable(
                assessment,
                super::annex_b::Context {
                    non_un: entity.kind().is_non_un(),
                    nature: s.draft.product.nature,
                },
            )?;
            if entity.kind().is_non_un() && s.draft.product.nature == Nature::OperationalTactical {
                match &assessment.acquiring_office {
                    None => Err(Refusal::new(
                        "G 8.1.3.2",
                        format!(
                            "operational/tactical PKI to a non-UN entity: the office that acquired the information ({}) must be consulted",
                            s.draft.acquiring_office
                        ),
                    )),
                    Some(c) => non_empty(&c.office, "G 8.1.3.2", "the consulted office"),
                }
            } else {
                Ok(())
            }
        }
        Change::ShareDecided {
            authorise,
            authority,
            reason,
            pre_authorisation,
            decided_at,
        } => {
            non_empty(reason, "G 8.1.11", "the reason for the decision")?;
            if let Some(at) = decided_at {
                not_in_future(*at, now, "G 8.1.4", "the time of the decision")?;
                in_order(s.drafted_at, *at, "G 8.1.4", || {
                    format!(
                        "the decision ({}) cannot precede the draft ({}): authorised ≥ drafted",
                        show(*at),
                        show(s.drafted_at)
                    )
                })?;
            }
            if matches!(
                s.state,
                ShareState::Authorised | ShareState::ConditionsAccepted
            ) && super::breach_rules::g8_1_10_authorisation_not_lapsed(s, &entity, view).is_ok()
            {
                return Err(Refusal::new(
                    "G 8",
                    format!(
                        "{} is already {}: it is decided again only once its authorisation lapsed (G 8.1.10)",
                        s.id, s.state
                    ),
                ));
            }
            g8_sharing_authority(s, &entity, *authority, actor, view)?;
            if *authorise {
                authorisation_requirements(s, &entity, pre_authorisation.as_ref(), view, now)
            } else {
                Ok(())
            }
        }
        Change::ConditionsAccepted { acceptance } => {
            not_in_future(
                acceptance.accepted_on,
                now,
                "G 8.1.5",
                "the date of the written acceptance",
            )?;
            // README "G C Registers, times": shared ≥ accepted ≥ authorised ≥ drafted. The
            // acceptance is compared by the minute: one stated by the day only (midnight) on
            // the day of the decision is refused, with a word to state when it came in.
            in_order(s.drafted_at, acceptance.accepted_on, "G 8.1.5", || {
                format!(
                    "the written acceptance ({}) cannot precede the draft of the product ({}): accepted ≥ drafted",
                    show(acceptance.accepted_on),
                    show(s.drafted_at)
                )
            })?;
            if let Some(d) = &s.decision {
                in_order(d.decided_at(), acceptance.accepted_on, "G 8.1.5", || {
                    format!(
                        "the written acceptance ({}) cannot precede the decision to share ({}): accepted ≥ authorised — the entity accepts the conditions of this product once it is authorised; state the time the acceptance came in",
                        show(acceptance.accepted_on),
                        show(d.decided_at())
                    )
                })?;
            }
            g8_1_5_conditions_accepted_in_writing(acceptance, &entity)
        }
        Change::ShareMarkedShared { shared_at } => {
            not_in_future(*shared_at, now, "G C Registers", "the time shared")?;
            if let Some(d) = &s.decision {
                in_order(d.decided_at(), *shared_at, "G 8.1.4", || {
                    format!(
                        "shared at {} cannot precede the decision to share ({}): shared ≥ authorised",
                        show(*shared_at),
                        show(d.decided_at())
                    )
                })?;
            }
            if let Some(a) = &s.acceptance {
                in_order(a.accepted_on, *shared_at, "G 8.1.5", || {
                    format!(
                        "shared at {} cannot precede the entity's written acceptance of the conditions ({}): shared ≥ accepted",
                        show(*shared_at),
                        show(a.accepted_on)
                    )
                })?;
            }
            release_requirements(s, &entity, view, now)
        }
        Change::ShareWithdrawn { reason } => non_empty(reason, "G 8.1.11", "the reason"),
        _ => Ok(()),
    }
}

fn closed(s: &OutgoingShare) -> Refusal {
    Refusal::new(
        "G 8.1",
        format!("{} is {}: it cannot change", s.id, s.state),
    )
}

fn state_refusal(s: &OutgoingShare, entity: &Entity, t: ShareTransition) -> Refusal {
    match (s.state, t) {
        (ShareState::Authorised, ShareTransition::MarkShared) => Refusal::new(
            if entity.kind().is_non_un() { "G 8.1.5" } else { "G 8.2.3" },
            format!(
                "{} is not shared until the entity's written acceptance of the conditions is recorded",
                s.id
            ),
        )
        .next(Role::Imfp),
        (ShareState::Draft | ShareState::RiskAssessed, ShareTransition::MarkShared) => {
            Refusal::new("G 8.1.4", format!("{} has not been authorised", s.id))
        }
        (state, _) if state.is_closed() => closed(s),
        (state, t) => Refusal::new(
            "G 8.1",
            format!("{} is {state}: {}", s.id, not_now(state, t)),
        ),
    }
}

/// In words, why a step does not apply to a share in this state.
fn not_now(state: ShareState, t: ShareTransition) -> &'static str {
    match (state, t) {
        (ShareState::ConditionsAccepted, ShareTransition::AcceptConditions) => {
            "the conditions are already accepted"
        }
        (_, ShareTransition::AcceptConditions) => {
            "the conditions are accepted only once the share is authorised"
        }
        (_, ShareTransition::AssessRisk) => {
            "the risk is assessed only before the decision to share"
        }
        (_, ShareTransition::Authorise | ShareTransition::Decline) => {
            "it is not awaiting a decision to share"
        }
        (_, ShareTransition::MarkShared) => "it is not ready to be marked shared",
        (_, ShareTransition::Withdraw) => "it cannot be withdrawn",
    }
}

/// A record carried over from an earlier register must be closed and name a known entity.
pub fn legacy_registered(record: &LegacyRecord, view: &dyn RegistryView) -> Guard {
    match record {
        LegacyRecord::Share(s) => {
            known_entity(view, &s.draft.recipient)?;
            if !s.state.is_closed() {
                return Err(Refusal::new(
                    "G C Registers",
                    "a record from an earlier register must be closed (shared, declined or withdrawn)",
                ));
            }
        }
        LegacyRecord::Receipt(r) => {
            known_entity(view, &r.capture.source)?;
            if !matches!(r.state, ReceiptState::Disseminated | ReceiptState::Rejected) {
                return Err(Refusal::new(
                    "G C Registers",
                    "a record from an earlier register must be closed (disseminated or rejected)",
                ));
            }
        }
    }
    Ok(())
}

/// An entity is registered under this id (read from the id's kind, without decoding it: the
/// check runs for every record carried over, by the million).
fn known_entity(view: &dyn RegistryView, id: &RecordId) -> Guard {
    if id.kind() == Some(crate::domain::ids::RecordKind::Entity) && view.exists(id) {
        Ok(())
    } else {
        Err(Refusal::new("registry", format!("no entity {id}")))
    }
}
