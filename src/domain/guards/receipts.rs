//! Guards on incoming receipts (G 9).

use super::assessments::all_answered;
use super::{date, entity_of, non_empty};
use crate::domain::answer::Facts;
use crate::domain::change::Change;
use crate::domain::entity::Entity;
use crate::domain::ids::{RecordId, Time};
use crate::domain::monitoring::AssessmentPart;
use crate::domain::pre_authorisation::Direction;
use crate::domain::receipt::{IncomingReceipt, ReceiptCapture, ReceiptState, ReceiptTransition};
use crate::domain::receipt_scan::ANNEX_E;
use crate::domain::refusal::{Guard, Refusal};
use crate::domain::role::Role;
use crate::domain::settings::Decision;
use crate::domain::view::RegistryView;

pub fn receipt_registered(c: &ReceiptCapture, view: &dyn RegistryView, now: Time) -> Guard {
    super::truth::usable_entity(view, &c.source)?;
    if let Some(o) = &c.originator {
        let originator = entity_of(view, o)?;
        if !originator.kind().is_non_un() {
            return Err(Refusal::new(
                "G 9.13",
                "the originator named behind a non-mission UN entity must be a non-UN entity",
            ));
        }
    }
    super::text_limits::product_text(&c.title, &c.reference, &c.summary)?;
    super::truth::not_in_future(c.received_at, now, "G C Registers", "the time received")
}

pub fn receipt_change(
    r: &IncomingReceipt,
    change: &Change,
    view: &dyn RegistryView,
    now: Time,
    actor: &str,
) -> Guard {
    let transition = match change {
        Change::AlertRecorded { at, .. } => {
            super::truth::not_in_future(*at, now, "G 9.3", "the time of the alert")?;
            return super::truth::in_order(r.capture.received_at, *at, "G 9.3", || {
                format!(
                    "the alert ({}) cannot precede the receipt ({})",
                    super::truth::show(*at),
                    super::truth::show(r.capture.received_at)
                )
            });
        }
        Change::OnwardSharingApproved { approval } => {
            entity_of(view, &approval.to_entity)?;
            non_empty(
                &approval.approved_by,
                "G 9.8",
                "who approved for the originator",
            )?;
            return non_empty(
                &approval.document,
                "G 9.8",
                "the reference of the written approval",
            );
        }
        Change::ReceiptScanned { .. } => ReceiptTransition::Scan,
        Change::ReceiptCleared { .. } => ReceiptTransition::Clear,
        Change::DisseminationDecided { .. } | Change::DisseminationToPeopleDecided { .. } => {
            ReceiptTransition::Disseminate
        }
        Change::ReceiptRejected { .. } => ReceiptTransition::Reject,
        _ => return Err(Refusal::new("registry", "not a change to a receipt")),
    };
    if r.state.next(transition).is_none() {
        return Err(state_refusal(r, transition));
    }
    match change {
        Change::ReceiptScanned { scan } => {
            if r.scan.as_ref().is_some_and(|s| s.grave_violation_risk()) {
                return Err(Refusal::new(
                    "G 9.9",
                    format!(
                        "the scan of {} found a real risk of grave violations: the product must be rejected; a new scan cannot replace that finding",
                        r.id
                    ),
                )
                .next(Role::Analyst));
            }
            all_answered(&scan.answers, ANNEX_E.len(), "G 9.6", "Annex E")?;
            super::answer_types::answers_fit_their_questions(
                &ANNEX_E,
                &scan.answers,
                &Facts::of(r.capture.marking.level, r.capture.nature),
                "G 9.6",
                "Annex E",
            )?;
            if r.imminent_threat()
                && scan
                    .answers
                    .first()
                    .is_some_and(crate::domain::answer::Answer::is_no)
            {
                return Err(Refusal::new(
                    "G 9.1",
                    format!(
                        "{} is determined an imminent threat and the scan answers no: revise the determination first, with the reason",
                        r.id
                    ),
                )
                .next(Role::Analyst));
            }
            let listed = view.settings().red_flags;
            if let Some(flag) = scan.red_flags.iter().find(|f| !listed.contains(f)) {
                return Err(Refusal::new(
                    "G 9.12",
                    format!("'{flag}' is not on the mission's red-flag list"),
                ));
            }
            Ok(())
        }
        Change::ReceiptCleared { pre_authorisation } => {
            clearance_requirements(r, pre_authorisation.as_ref(), view, now)
        }
        Change::DisseminationDecided { .. } => Err(Refusal::new(
            "G 9.7",
            "name registered users on the dissemination list (free-text recipients are only read from older logs)",
        )),
        Change::DisseminationToPeopleDecided { dissemination } => {
            if !dissemination.recipients.is_empty() {
                return Err(Refusal::new(
                    "G 9.7",
                    "the dissemination list names registered users, not free text",
                ));
            }
            if let Some(at) = dissemination.disseminated_at {
                g9_7_disseminated_after_clearance(r, at, now)?;
            }
            g9_7_receiving_authority(r, dissemination.authority, actor, view)?;
            let entity = entity_of(view, r.assessed_entity())?;
            if entity.kind().is_non_un() {
                g9_4_receipt_assessment_current(&entity, view, now)?;
            }
            crate::domain::need_to_know::g9_7_everyone_cleared(
                r.id.as_str(),
                r.capture.marking.level,
                &dissemination.people,
                view,
            )?;
            let has_flag = dissemination
                .flag
                .as_ref()
                .is_some_and(|f| !f.trim().is_empty());
            match g9_12_flag_required(r, view) {
                Some(why) if !has_flag => Err(Refusal::new(
                    "G 9.12",
                    format!(
                        "{why}: the dissemination must carry a clear flag of the potential issues"
                    ),
                )),
                _ => Ok(()),
            }
        }
        Change::ReceiptRejected { rejection } => {
            non_empty(&rejection.reason, "G 9.9", "the reason for rejecting")?;
            let scan_risk = r.scan.as_ref().is_some_and(|s| s.grave_violation_risk());
            if scan_risk && !rejection.grave_violations {
                return Err(Refusal::new(
                    "G 9.9",
                    "the scan found a real risk of grave violations: record the rejection as such",
                ));
            }
            super::follow_up::g9_9_rejection(r, rejection, now)
        }
        _ => Ok(()),
    }
}

/// G 9.7: a product is disseminated once cleared for mission consumption, not before, and
/// not in the future (disseminated ≥ cleared).
pub fn g9_7_disseminated_after_clearance(r: &IncomingReceipt, at: Time, now: Time) -> Guard {
    super::truth::not_in_future(at, now, "G 9.7", "the time of the dissemination")?;
    let Some(cleared) = &r.cleared else {
        return Ok(());
    };
    super::truth::in_order(cleared.at, at, "G 9.7", || {
        format!(
            "the dissemination ({}) cannot precede the clearance for mission consumption ({}): disseminated ≥ cleared",
            super::truth::show(at),
            super::truth::show(cleared.at)
        )
    })
}

/// Everything G 9.3–9.10 require before a product is cleared for mission consumption.
pub fn clearance_requirements(
    r: &IncomingReceipt,
    pre_authorisation: Option<&RecordId>,
    view: &dyn RegistryView,
    now: Time,
) -> Guard {
    g9_3_alerts_recorded(r)?;
    g9_9_not_obtained_through_grave_violations(r)?;
    // The source's standards, and the originator's behind it when one is named (G 9.13).
    let entity = entity_of(view, r.assessed_entity())?;
    if r.capture.originator.is_some() {
        g9_8_handling_standards_confirmed(&entity_of(view, &r.capture.source)?)?;
    }
    g9_8_handling_standards_confirmed(&entity)?;
    if entity.kind().is_non_un() {
        g9_4_receipt_assessment_current(&entity, view, now)?;
    }
    match pre_authorisation {
        Some(id) => g9_10_pre_authorisation_valid(id, &entity, r, view, now),
        None if r.scan.is_none() => Err(Refusal::new(
            "G 9.4",
            format!("no Intelligence Receipt Scan of {}", r.capture.reference),
        )
        .next(Role::Analyst)),
        None => Ok(()),
    }
}

/// G 9.3: an imminent-threat receipt has its alerts recorded before it is dispositioned.
pub fn g9_3_alerts_recorded(r: &IncomingReceipt) -> Guard {
    let missing = r.missing_alerts();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Refusal::new(
            "G 9.3",
            format!(
                "imminent threat: alerts not yet recorded: {}",
                missing.join(", ")
            ),
        )
        .next(Role::Analyst))
    }
}

/// G 9.9: a product with a real risk of having been obtained through torture or other grave
/// violations is not accepted.
pub fn g9_9_not_obtained_through_grave_violations(r: &IncomingReceipt) -> Guard {
    if r.scan.as_ref().is_some_and(|s| s.grave_violation_risk()) {
        Err(Refusal::new(
            "G 9.9",
            "the scan finds a real risk it was obtained through grave violations: it must be rejected and the Human Rights Component informed",
        )
        .next(Role::Analyst))
    } else {
        Ok(())
    }
}

/// G 9.4 / 9.5.2: a current, complete Entity Assessment for Receipt.
pub fn g9_4_receipt_assessment_current(
    entity: &Entity,
    view: &dyn RegistryView,
    now: Time,
) -> Guard {
    // The entity's view shows its assessments and where the next one starts.
    receipt_assessment_current(entity, view, now).map_err(|r| r.blocked_by(&entity.id))
}

fn receipt_assessment_current(entity: &Entity, view: &dyn RegistryView, now: Time) -> Guard {
    let in_progress = entity.receipt_assessment_in_progress.as_ref();
    let awaiting = |id: &RecordId| {
        Refusal::new(
            "G 9.5.1",
            format!(
                "no current Entity Assessment for Receipt for {}: {id} has no human rights scan (part 2) yet",
                entity.name()
            ),
        )
        .next(Role::Hro)
    };
    let Some(a) = view.receipt_assessment(entity) else {
        if let Some(id) = in_progress {
            return Err(awaiting(id));
        }
        return Err(Refusal::new(
            "G 9.4",
            format!(
                "no current Entity Assessment for Receipt for {}",
                entity.name()
            ),
        )
        .next(Role::Analyst));
    };
    if a.human_rights.is_none() {
        return Err(awaiting(&a.id));
    }
    if !a.is_current(now) {
        let review = match in_progress {
            Some(id) => format!("; its review {id} awaits the human rights scan"),
            None => String::new(),
        };
        return Err(Refusal::new(
            "G 9.5.2",
            format!(
                "the Entity Assessment for Receipt {} for {} passed its review date {}: it is not current{review}",
                a.id,
                entity.name(),
                a.review_due.map(date).unwrap_or_default()
            ),
        )
        .next(if in_progress.is_some() { Role::Hro } else { Role::Analyst }));
    }
    super::monitoring::not_suspended(entity, AssessmentPart::Receipt, now)
}

/// G 9.8: handling standards the entity specified are confirmed before receiving.
pub fn g9_8_handling_standards_confirmed(entity: &Entity) -> Guard {
    match &entity.details.handling_standards {
        Some(h) if h.confirmed.is_none() => Err(Refusal::new(
            "G 9.8",
            format!(
                "{} requires handling standards the mission has not confirmed it can meet: {}",
                entity.name(),
                h.text
            ),
        )
        .next(Role::Imfp)
        .blocked_by(&entity.id)),
        _ => Ok(()),
    }
}

/// G 9.10: a pre-authorised receipt entry is usable only while valid.
fn g9_10_pre_authorisation_valid(
    id: &RecordId,
    entity: &Entity,
    r: &IncomingReceipt,
    view: &dyn RegistryView,
    now: Time,
) -> Guard {
    let entry = view
        .pre_authorisations(entity, Direction::Receipt)
        .into_iter()
        .find(|p| &p.id == id)
        .ok_or_else(|| {
            Refusal::new(
                "G 9.10",
                format!(
                    "{id} is not a pre-authorised receipt entry for {}",
                    entity.name()
                ),
            )
        })?;
    super::pre_authorisation_scope::not_lapsed_by_suspension(&entry, entity)?;
    super::pre_authorisation_scope::not_ended(&entry, entity, view, now)?;
    super::pre_authorisation_scope::assessment_stands(&entry, entity, view, now)?;
    if !entry.is_valid(now) {
        return Err(Refusal::new(
            "G 9.10",
            format!(
                "pre-authorised entry {id} for {} expired at its review date {}",
                entity.name(),
                date(entry.review_due)
            ),
        )
        .next(Role::Imfp));
    }
    let c = &r.capture;
    super::pre_authorisation_scope::covers_product(&entry, &c.reference, c.nature, c.marking.level)
}

/// G 9.12: why a dissemination must be flagged, if it must: red flags in the scan, or an
/// entity deemed untrustworthy.
pub fn g9_12_flag_required(r: &IncomingReceipt, view: &dyn RegistryView) -> Option<String> {
    if let Some(scan) = &r.scan
        && !scan.red_flags.is_empty()
    {
        return Some(format!("red flags: {}", scan.red_flags.join(", ")));
    }
    let entity = view.entity(r.assessed_entity())?;
    let assessment = view.receipt_assessment(&entity)?;
    let reliability = assessment.overview.reliability;
    reliability
        .is_untrustworthy()
        .then(|| format!("{} is graded {reliability}", entity.name()))
}

/// G 9 "Receiving Authority" / 9.7: dissemination is decided by the competent authority the
/// matrix names, or by the Head of Mission, who delegated it (G E "HoM").
fn g9_7_receiving_authority(
    r: &IncomingReceipt,
    authority: Role,
    actor: &str,
    view: &dyn RegistryView,
) -> Guard {
    let (level, nature, kind) = (
        r.capture.marking.level,
        r.capture.nature,
        source_kind(r, view),
    );
    let m = view.settings().delegation;
    if m.allows(Decision::Disseminate, level, kind, nature, authority, actor) {
        Ok(())
    } else {
        let rule = m.rule(Decision::Disseminate, level, kind, nature);
        let competent = rule.map_or(Role::Hom, |r| r.authority);
        let named = crate::domain::settings::named(rule);
        Err(Refusal::new(
            "G 9.7",
            format!(
                "the delegation matrix names {named} (or the Head of Mission) to decide the dissemination of {} {} intelligence, not {actor} as the {authority}",
                r.capture.marking.level, r.capture.nature
            ),
        )
        .next(competent))
    }
}

fn source_kind(r: &IncomingReceipt, view: &dyn RegistryView) -> crate::domain::entity::EntityKind {
    view.entity(&r.capture.source)
        .map_or(crate::domain::entity::EntityKind::OtherNonUnCivilian, |e| {
            e.kind()
        })
}

pub fn competent_authority(r: &IncomingReceipt, view: &dyn RegistryView) -> Role {
    let kind = source_kind(r, view);
    view.settings().delegation.authority(
        Decision::Disseminate,
        r.capture.marking.level,
        kind,
        r.capture.nature,
    )
}

fn state_refusal(r: &IncomingReceipt, t: ReceiptTransition) -> Refusal {
    match (r.state, t) {
        (ReceiptState::Rejected, ReceiptTransition::Disseminate) => {
            super::follow_up::withdrawn_refusal(r, "it is not disseminated")
        }
        (ReceiptState::Received | ReceiptState::Scanned, ReceiptTransition::Disseminate) => {
            Refusal::new(
                "G 9.7",
                format!(
                    "{} is not cleared for mission consumption: the Entity Assessment for Receipt and the scan come first",
                    r.id
                ),
            )
        }
        (state, _) => Refusal::new("G 9", format!("{} is {state}: it cannot change so", r.id)),
    }
}
