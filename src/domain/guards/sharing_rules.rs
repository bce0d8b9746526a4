//! The rules of G 8.1 / G 8.2 that a share must meet to be authorised and released: each a
//! function named after its paragraph, used by the share transitions in `shares.rs` and by
//! the pending queue to say what a share waits on.

use super::{date, non_empty};
use crate::domain::assessment_sharing::{HumanRightsMethod, RiskConclusion};
use crate::domain::breach::InvestigationOutcome;
use crate::domain::entity::Entity;
use crate::domain::ids::{RecordId, Time};
use crate::domain::monitoring::AssessmentPart;
use crate::domain::nature::Nature;
use crate::domain::pre_authorisation::{Direction, PreAuthorisation};
use crate::domain::receipt::ReceiptState;
use crate::domain::record::Record;
use crate::domain::refusal::{Guard, Refusal};
use crate::domain::role::Role;
use crate::domain::settings::Decision;
use crate::domain::share::{ConditionsAcceptance, Extent, OutgoingShare};
use crate::domain::view::RegistryView;

/// Everything G 8.1 / G 8.2 require before a share may be authorised.
pub fn authorisation_requirements(
    s: &OutgoingShare,
    entity: &Entity,
    pre_authorisation: Option<&RecordId>,
    view: &dyn RegistryView,
    now: Time,
) -> Guard {
    excluded_sub_component(entity, s.draft.recipient_unit.as_deref())?;
    g8_1_6_withheld_recorded(&s.draft.extent)?;
    if entity.kind().is_non_un() {
        g8_1_10_no_open_breach(entity, view)?;
        super::breach_rules::g8_1_10_resumption_terms(s, entity, pre_authorisation, view, now)?;
        g8_1_4_sharing_assessment_current(entity, view, now)?;
        g8_1_2_2_mitigations_in_place(entity, view)?;
        match pre_authorisation {
            Some(id) => {
                g8_1_8_pre_authorisation_valid(id, entity, s, view, now)?;
            }
            None => g8_1_4_risk_acceptable(s)?,
        }
    }
    g8_1_12_sanitisation_confirmed(s, entity)?;
    g9_8_onward_approvals(s, entity, view)
}

/// What must still hold at the moment of sharing: the relationship is not halted and the
/// assessment has not lapsed since the decision (non-UN), or the G 8.2.1 routing (UN).
pub fn release_requirements(
    s: &OutgoingShare,
    entity: &Entity,
    view: &dyn RegistryView,
    now: Time,
) -> Guard {
    super::breach_rules::g8_1_10_authorisation_not_lapsed(s, entity, view)?;
    if entity.kind().is_non_un() {
        g8_1_10_no_open_breach(entity, view)?;
        g8_1_4_sharing_assessment_current(entity, view, now)
    } else {
        g8_2_1_routing_recorded(s, entity)
    }
}

/// G 8.1.1 / 8.1.4 (and 8.1.2.3): a current, complete Entity Assessment for Sharing that does
/// not conclude the risk unacceptable.
pub fn g8_1_4_sharing_assessment_current(
    entity: &Entity,
    view: &dyn RegistryView,
    now: Time,
) -> Guard {
    // The entity's view shows its assessments and where the next one starts.
    sharing_assessment_current(entity, view, now).map_err(|r| r.blocked_by(&entity.id))
}

fn sharing_assessment_current(entity: &Entity, view: &dyn RegistryView, now: Time) -> Guard {
    let in_progress = entity.sharing_assessment_in_progress.as_ref();
    let awaiting = |id: &RecordId| {
        Refusal::new(
            "G 8.1.2.1",
            format!(
                "no current Entity Assessment for Sharing for {}: {id} has no human rights assessment (part 2) yet",
                entity.name()
            ),
        )
        .next(Role::Hro)
    };
    let Some(a) = view.sharing_assessment(entity) else {
        if let Some(id) = in_progress {
            return Err(awaiting(id));
        }
        return Err(Refusal::new(
            "G 8.1.4",
            format!(
                "no current Entity Assessment for Sharing for {}",
                entity.name()
            ),
        )
        .next(Role::Analyst));
    };
    let Some(hr) = &a.human_rights else {
        return Err(awaiting(&a.id));
    };
    // An entity's kind may change after its assessment (an edit): an adapted part 2 does not
    // serve a non-UN security force.
    if entity.kind().needs_full_hrddp() && hr.method != HumanRightsMethod::Hrddp {
        let review = match in_progress {
            Some(id) => format!("; {id} awaits its human rights part"),
            None => ": a new assessment is needed".to_string(),
        };
        return Err(Refusal::new(
            "G 8.1.2",
            format!(
                "the Entity Assessment for Sharing {} for {} is not current: {} is a {}, and its human rights part is an adapted one, not the HRDDP Risk Assessment{review}",
                a.id,
                entity.name(),
                entity.name(),
                entity.kind()
            ),
        )
        .next(if in_progress.is_some() { Role::Hro } else { Role::Analyst }));
    }
    if !a.is_current(now) {
        let due = a.review_due.map(date).unwrap_or_default();
        let review = match in_progress {
            Some(id) => format!("; its review {id} awaits the human rights part"),
            None => String::new(),
        };
        return Err(Refusal::new(
            "G 8.1.2.3",
            format!(
                "the Entity Assessment for Sharing {} for {} passed its review date {due}: it is not current{review}",
                a.id,
                entity.name()
            ),
        )
        .next(if in_progress.is_some() { Role::Hro } else { Role::Analyst }));
    }
    super::monitoring::not_suspended(entity, AssessmentPart::Sharing, now)?;
    super::assessments::g8_1_2_annex_a_mandate_compatible(&a, hr.conclusion, entity)?;
    if hr.conclusion == RiskConclusion::NotAcceptable {
        return Err(Refusal::new(
            "G 8.1.4",
            format!(
                "the Entity Assessment for Sharing {} concludes that sharing with {} is not acceptable",
                a.id,
                entity.name()
            ),
        ));
    }
    Ok(())
}

/// G 8.1.2.2: mitigation measures are in place before any sharing.
pub(super) fn g8_1_2_2_mitigations_in_place(entity: &Entity, view: &dyn RegistryView) -> Guard {
    if let Some(a) = view.sharing_assessment(entity)
        && let Some(m) = a.open_mitigations().next()
    {
        return Err(Refusal::new(
            "G 8.1.2.2",
            format!(
                "mitigation measure not yet confirmed in place for {}: {}",
                entity.name(),
                m.text
            ),
        )
        .next(Role::Imfp));
    }
    Ok(())
}

/// G 8.1.1 / 8.1.4 / 8.1.3.2: a Sharing Risk Assessment of this product concluding the risk
/// acceptable, with the acquiring office's support for operational/tactical PKI.
pub(super) fn g8_1_4_risk_acceptable(s: &OutgoingShare) -> Guard {
    let Some(sra) = &s.risk_assessment else {
        return Err(Refusal::new(
            "G 8.1.1",
            format!(
                "no Sharing Risk Assessment for {}",
                s.draft.product.reference
            ),
        )
        .next(Role::Analyst));
    };
    if !sra.risk_acceptable {
        return Err(Refusal::new(
            "G 8.1.4",
            "the Sharing Risk Assessment concludes the risk is not acceptable",
        ));
    }
    // An assessment recorded before its answers were read by the rules is read now.
    super::annex_b::g8_1_4_annex_b_answers_allow_acceptable(
        sra,
        super::annex_b::Context {
            non_un: true,
            nature: s.draft.product.nature,
        },
    )?;
    if s.draft.product.nature == Nature::OperationalTactical && !sra.acquiring_office_supports() {
        return Err(Refusal::new(
            "G 8.1.3.2",
            format!(
                "operational/tactical PKI: {} (the office that acquired the information) has not recorded its support for sharing",
                s.draft.acquiring_office
            ),
        )
        .next(Role::Analyst));
    }
    Ok(())
}

/// G 8.1.5: not "shared" before the written acceptance of the conditions; and the acceptance
/// covers every condition (for a non-mission UN entity, G 8.2.3, 8.2.4 and 8.2.6).
pub fn g8_1_5_conditions_accepted_in_writing(a: &ConditionsAcceptance, entity: &Entity) -> Guard {
    non_empty(
        &a.accepted_by,
        "G 8.1.5",
        "who accepted the conditions for the entity",
    )?;
    non_empty(
        &a.document,
        "G 8.1.5",
        "the reference of the written acceptance",
    )?;
    let mut missing = Vec::new();
    if !a.originator_control {
        missing.push("originator control");
    }
    if !a.use_limited {
        missing.push("use limited to safety and security, situational awareness and PoC");
    }
    if !a.marking_kept {
        missing.push("security marking kept");
    }
    if entity.kind().is_non_un() {
        if !a.no_violations {
            missing.push("no use for human rights violations or other crimes");
        }
        if !a.equivalent_handling {
            missing.push("equivalent handling standard");
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        let paragraph = if entity.kind().is_non_un() {
            "G 8.1.5"
        } else {
            "G 8.2.3"
        };
        Err(Refusal::new(
            paragraph,
            format!(
                "{} has not accepted in writing: {}",
                entity.name(),
                missing.join("; ")
            ),
        ))
    }
}

/// G 8.1.6: a partial share records what was withheld.
pub(super) fn g8_1_6_withheld_recorded(extent: &Extent) -> Guard {
    match extent {
        Extent::Partial { withheld } if withheld.trim().is_empty() => Err(Refusal::new(
            "G 8.1.6",
            "partial sharing: record what was withheld",
        )),
        _ => Ok(()),
    }
}

/// G 8.1.8: a pre-authorised entry is usable only while valid, for this entity and level.
pub fn g8_1_8_pre_authorisation_valid(
    id: &RecordId,
    entity: &Entity,
    s: &OutgoingShare,
    view: &dyn RegistryView,
    now: Time,
) -> Result<PreAuthorisation, Refusal> {
    let entry = view
        .pre_authorisations(entity, Direction::Sharing)
        .into_iter()
        .find(|p| &p.id == id)
        .ok_or_else(|| {
            Refusal::new(
                "G 8.1.8",
                format!(
                    "{id} is not a pre-authorised sharing entry for {}",
                    entity.name()
                ),
            )
        })?;
    super::breach_rules::g8_1_10_pre_authorisation_not_lapsed(&entry, entity, view)?;
    super::pre_authorisation_scope::not_lapsed_by_suspension(&entry, entity)?;
    super::pre_authorisation_scope::not_ended(&entry, entity, view, now)?;
    super::pre_authorisation_scope::assessment_stands(&entry, entity, view, now)?;
    if !entry.is_valid(now) {
        return Err(Refusal::new(
            "G 8.1.8",
            format!(
                "pre-authorised entry {id} for {} expired at its review date {}",
                entity.name(),
                date(entry.review_due)
            ),
        )
        .next(Role::Imfp));
    }
    let p = &s.draft.product;
    super::pre_authorisation_scope::covers_product(
        &entry,
        &p.reference,
        p.nature,
        p.marking.level,
    )?;
    Ok(entry)
}

/// G 8.1.10: an open breach (or a negative investigation) halts all sharing with the entity;
/// resumption needs a positive conclusion and a new Entity Assessment for Sharing.
pub fn g8_1_10_no_open_breach(entity: &Entity, view: &dyn RegistryView) -> Guard {
    let breaches = view.breaches(entity);
    if let Some(open) = breaches.iter().find(|b| b.is_open()) {
        return Err(Refusal::new(
            "G 8.1.10",
            format!(
                "sharing with {} is halted: breach {} is under investigation",
                entity.name(),
                open.id
            ),
        )
        .next(Role::Hom)
        .blocked_by(&open.id));
    }
    let last = breaches
        .iter()
        .filter_map(|b| b.investigation.as_ref().map(|i| (b, i)))
        .max_by_key(|(_, i)| i.at);
    if let Some((b, inv)) = last {
        if inv.outcome == InvestigationOutcome::Negative {
            return Err(Refusal::new(
                "G 8.1.10",
                format!(
                    "sharing with {} stays halted: the investigation of {} concluded negatively",
                    entity.name(),
                    b.id
                ),
            ));
        }
        let reassessed = view
            .sharing_assessment(entity)
            .and_then(|a| a.human_rights.as_ref().map(|h| h.at))
            .is_some_and(|completed| completed > inv.at);
        if !reassessed {
            return Err(Refusal::new(
                "G 8.1.10",
                format!(
                    "resuming sharing with {} needs a new Entity Assessment for Sharing after the investigation of {} concluded on {}",
                    entity.name(),
                    b.id,
                    date(inv.at)
                ),
            )
            .next(Role::Hro));
        }
    }
    Ok(())
}

/// G 8.1.12 / G 8.2.5: sanitised before any sharing.
pub(super) fn g8_1_12_sanitisation_confirmed(s: &OutgoingShare, entity: &Entity) -> Guard {
    if s.sanitisation.is_some() {
        Ok(())
    } else {
        let p = if entity.kind().is_non_un() {
            "G 8.1.12"
        } else {
            "G 8.2.5"
        };
        Err(Refusal::new(p, "sanitisation of the product is not confirmed").next(Role::Imfp))
    }
}

/// G 8.2.1: routing to a non-mission UN entity — Head of Office for strategic PKI; senior DSS
/// official and Designated Official for operational/tactical; PoC manager for PoC threats.
pub fn g8_2_1_routing_recorded(s: &OutgoingShare, entity: &Entity) -> Guard {
    let routing = s.routing.as_ref().map(|r| &r.value);
    let has = |f: fn(&crate::domain::share::UnRouting) -> &Option<String>| {
        routing
            .and_then(|r| f(r).as_ref())
            .is_some_and(|v| !v.trim().is_empty())
    };
    let mut missing = Vec::new();
    match s.draft.product.nature {
        Nature::Strategic => {
            if !has(|r| &r.head_of_office) {
                missing.push("the Head of Office");
            }
        }
        Nature::OperationalTactical => {
            if !has(|r| &r.dss_official) {
                missing.push("the senior-most DSS official");
            }
            if !has(|r| &r.designated_official) {
                missing.push("the Designated Official");
            }
        }
    }
    if s.draft.product.poc_threat && !has(|r| &r.poc_manager_alerted) {
        missing.push("the senior-most PoC manager (alert)");
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Refusal::new(
            "G 8.2.1",
            format!(
                "routing to {} not recorded: {}",
                entity.name(),
                missing.join(", ")
            ),
        )
        .next(Role::Imfp))
    }
}

/// G 9.8: received intelligence goes onward only with its originator's written approval.
pub(super) fn g9_8_onward_approvals(
    s: &OutgoingShare,
    entity: &Entity,
    view: &dyn RegistryView,
) -> Guard {
    for id in &s.draft.derived_from {
        let Some(Record::Receipt(r)) = view.record(id) else {
            return Err(Refusal::new("G 9.8", format!("no received product {id}")));
        };
        received_product_usable(&r)?;
        if !r.onward_approvals.iter().any(|a| a.to_entity == entity.id) {
            let originator = view
                .entity(r.assessed_entity())
                .map(|e| e.name().to_string())
                .unwrap_or_else(|| r.assessed_entity().to_string());
            return Err(Refusal::new(
                "G 9.8",
                format!(
                    "no written approval from {originator} to share {id} onward with {}",
                    entity.name()
                ),
            )
            .next(Role::Imfp));
        }
    }
    Ok(())
}

/// G 9.9 / 9.7: only a product the mission accepted and cleared can be drawn on.
pub(super) fn received_product_usable(r: &crate::domain::receipt::IncomingReceipt) -> Guard {
    match r.state {
        ReceiptState::Rejected => Err(super::follow_up::withdrawn_refusal(
            r,
            "it cannot be shared onward",
        )),
        ReceiptState::Received | ReceiptState::Scanned => Err(Refusal::new(
            "G 9.7",
            format!("{} is not cleared for mission consumption", r.id),
        )
        .next(Role::Analyst)),
        ReceiptState::HandledBeforeRegistration => Err(Refusal::new(
            "G 9.7",
            format!(
                "{} was handled before it was registered: the registry holds no clearance of it for mission consumption",
                r.id
            ),
        )),
        ReceiptState::Cleared | ReceiptState::Disseminated => Ok(()),
    }
}

/// G 8 "Sharing Authority" a, G E "HoM": the decision is taken by the authority the delegation
/// matrix names for this classification, recipient kind and nature — or by the Head of
/// Mission, with whom the authority lies: a delegation hands it down, it never takes it away.
pub(super) fn g8_sharing_authority(
    s: &OutgoingShare,
    entity: &Entity,
    authority: Role,
    actor: &str,
    view: &dyn RegistryView,
) -> Guard {
    let (level, nature) = (s.draft.product.marking.level, s.draft.product.nature);
    let m = view.settings().delegation;
    if m.allows(
        Decision::Share,
        level,
        entity.kind(),
        nature,
        authority,
        actor,
    ) {
        Ok(())
    } else {
        let rule = m.rule(Decision::Share, level, entity.kind(), nature);
        let competent = rule.map_or(Role::Hom, |r| r.authority);
        let named = crate::domain::settings::named(rule);
        Err(Refusal::new(
            "G 8 (Sharing Authority)",
            format!(
                "the delegation matrix names {named} (or the Head of Mission, who holds the authority) to decide on {} {} PKI for a {}, not {actor} as the {authority}",
                s.draft.product.marking.level,
                s.draft.product.nature,
                entity.kind()
            ),
        )
        .next(competent))
    }
}

pub fn competent_authority(s: &OutgoingShare, entity: &Entity, view: &dyn RegistryView) -> Role {
    view.settings().delegation.authority(
        Decision::Share,
        s.draft.product.marking.level,
        entity.kind(),
        s.draft.product.nature,
    )
}

pub(super) fn excluded_sub_component(entity: &Entity, unit: Option<&str>) -> Guard {
    if let Some(unit) = unit
        && let Some(sub) = entity.excluded_sub_component(unit)
    {
        return Err(Refusal::new(
            "G 8.1.2 (Annex A fn 17)",
            format!(
                "{} of {} is excluded from sharing: {}",
                sub.name,
                entity.name(),
                sub.excluded_because.as_deref().unwrap_or_default()
            ),
        ));
    }
    Ok(())
}
