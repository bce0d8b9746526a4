//! Guards: every change passes one before it is recorded. A guard answers allowed, or a
//! refusal naming the paragraph of the Guidelines and what is missing.

mod annex_b;
mod answer_types;
mod assessments;
mod breach_rules;
mod breaches;
mod delegation;
mod entities;
mod entity_review;
mod follow_up;
mod monitoring;
mod originator_control;
mod pre_authorisation_scope;
mod pre_authorisations;
mod previous_issues;
mod receipts;
mod shares;
mod sharing_rules;
mod text_limits;
mod truth;
mod users;

pub use annex_b::{Context as AnnexBContext, g8_1_4_annex_b_answers_allow_acceptable};
pub use monitoring::not_suspended;
pub use pre_authorisation_scope::ended as pre_authorisation_ended;
pub use receipts::{
    g9_3_alerts_recorded, g9_4_receipt_assessment_current, g9_8_handling_standards_confirmed,
    g9_9_not_obtained_through_grave_violations, g9_12_flag_required,
};
pub use shares::{
    g8_1_4_sharing_assessment_current, g8_1_5_conditions_accepted_in_writing,
    g8_1_8_pre_authorisation_valid, g8_1_10_no_open_breach, g8_2_1_routing_recorded,
};
pub use text_limits::{REFERENCE_MAX, SUMMARY_MAX, TEXT_MAX, TITLE_MAX};
pub use truth::{in_order, not_in_future, registered_when_received};

use super::change::Change;
use super::entity::Entity;
use super::ids::{RecordId, Time, settings_id};
use super::receipt::IncomingReceipt;
use super::record::Record;
use super::refusal::{Guard, Refusal};
use super::role::Role;
use super::share::OutgoingShare;
use super::view::RegistryView;

/// Checks a change against the rules. `target` is the record a change applies to (`None` for
/// a change that creates a record). `actor` is who acts.
pub fn check(
    target: Option<&RecordId>,
    change: &Change,
    view: &dyn RegistryView,
    now: Time,
    actor: &str,
) -> Guard {
    if let Some(kind) = change.creates() {
        if target.is_some() {
            return Err(Refusal::new(
                "registry",
                format!("a {} is created, not changed", kind.key()),
            ));
        }
        return check_creation(change, view, now);
    }
    let Some(id) = target else {
        return Err(Refusal::new(
            "registry",
            format!("{}: which record?", change.describe()),
        ));
    };
    if matches!(change, Change::RegistryInitialised { .. }) {
        return entities::registry_initialised(view, change);
    }
    if let Change::UserAdded { name, roles, .. } = change {
        return users::user_added(id, name, roles, view);
    }
    // Stations and conflicts: some of these changes create the record they name.
    if let Some(guard) = crate::domain::station::check(id, change, view)
        .or_else(|| crate::domain::conflict::check(id, change, view))
    {
        return guard;
    }
    let record = view
        .record(id)
        .ok_or_else(|| Refusal::new("registry", format!("no record {id}")))?;
    if record.kind() != change.targets() {
        return Err(Refusal::new(
            "registry",
            format!(
                "{id} is a {}, not a {}",
                record.kind().key(),
                change.targets().key()
            ),
        ));
    }
    match &record {
        Record::Share(s) => truth::not_voided(id, s.voided.is_some())?,
        Record::Receipt(r) => truth::not_voided(id, r.voided.is_some())?,
        _ => {}
    }
    match change {
        Change::ShareAmended { .. } | Change::ShareVoided { .. } => {
            if let Record::Share(s) = &record {
                return truth::share_correction(s, change, view);
            }
        }
        Change::ReceiptAmended { .. }
        | Change::ReceiptVoided { .. }
        | Change::ThreatDetermined { .. } => {
            if let Record::Receipt(r) = &record {
                return truth::receipt_change(r, change, view, now);
            }
        }
        Change::EntityDetailsEdited { .. } | Change::EntitiesMerged { .. } => {
            if let Record::Entity(e) = &record {
                return truth::entity_change(e, change, view);
            }
        }
        _ => {}
    }
    if let Record::Receipt(r) = &record
        && follow_up::is_follow_up(change)
    {
        return follow_up::receipt_follow_up(r, change);
    }
    if let Record::Entity(e) = &record
        && monitoring::is_monitoring(change)
    {
        return monitoring::entity_change(e, change, view, now);
    }
    match record {
        Record::Settings(_) => delegation::settings_change(change, view),
        Record::Entity(e) => entities::entity_change(&e, change),
        Record::EntityAssessmentSharing(a) => assessments::sharing_change(&a, change, view),
        Record::EntityAssessmentReceipt(a) => assessments::receipt_change(&a, change),
        Record::Share(s) => shares::share_change(&s, change, view, now, actor),
        Record::Receipt(r) => receipts::receipt_change(&r, change, view, now, actor),
        Record::Breach(b) => breaches::breach_change(&b, change),
        Record::PreAuthorisation(p) => pre_authorisations::change(&p, change, view, now),
        Record::User(u) => users::user_change(&u, change, view),
        Record::Station(_) | Record::Knowledge(_) | Record::Conflict(_) => Err(Refusal::new(
            "registry",
            format!("{} is not a change to {id}", change.describe()),
        )),
    }
}

fn check_creation(change: &Change, view: &dyn RegistryView, now: Time) -> Guard {
    if !view.exists(&settings_id()) {
        return Err(Refusal::new(
            "registry",
            "the registry is not initialised (run `registrar init`)",
        ));
    }
    match change {
        Change::EntityRegistered { details } => entities::entity_registered(details),
        Change::SharingAssessmentStarted {
            entity, overview, ..
        } => assessments::sharing_started(entity, overview, view),
        Change::ReceiptAssessmentStarted {
            entity, overview, ..
        } => assessments::receipt_started(entity, overview, view),
        Change::ShareDrafted { draft } => shares::share_drafted(draft, view),
        Change::ReceiptRegistered { capture } => {
            receipts::receipt_registered(capture, view, now)?;
            truth::registered_when_received(
                capture,
                view.settings().registered_late_after(),
                view.settings().urgent_receipt_limit(),
                now,
            )
        }
        Change::BreachReported { report } => breaches::breach_reported(report, view),
        Change::PreAuthorised { terms } => pre_authorisations::created(terms, view, now),
        Change::LegacyRecordRegistered { record } => shares::legacy_registered(record, view),
        Change::ShareRegisteredAfterTheFact {
            draft,
            shared_at,
            shared_by,
            why,
            ..
        } => truth::share_after_the_fact(draft, *shared_at, shared_by, why, view, now),
        Change::ReceiptRegisteredAfterTheFact {
            capture,
            received_by,
            why,
            handled,
        } => {
            receipts::receipt_registered(capture, view, now)?;
            truth::receipt_after_the_fact(received_by, why, handled.as_deref())
        }
        _ => Err(Refusal::new("registry", "not a creating change")),
    }
}

/// Whether a share could be authorised now (relying on `pre_authorisation` if given), and
/// if so by which authority.
pub fn share_authorisation(
    s: &OutgoingShare,
    entity: &Entity,
    pre_authorisation: Option<&RecordId>,
    view: &dyn RegistryView,
    now: Time,
) -> Result<Role, Refusal> {
    shares::authorisation_requirements(s, entity, pre_authorisation, view, now)?;
    Ok(shares::competent_authority(s, entity, view))
}

/// Whether an authorised share whose conditions are accepted may be recorded as shared now.
pub fn share_release(
    s: &OutgoingShare,
    entity: &Entity,
    view: &dyn RegistryView,
    now: Time,
) -> Guard {
    shares::release_requirements(s, entity, view, now)
}

/// Whether a receipt could be cleared for mission consumption now.
pub fn receipt_clearance(
    r: &IncomingReceipt,
    pre_authorisation: Option<&RecordId>,
    view: &dyn RegistryView,
    now: Time,
) -> Guard {
    receipts::clearance_requirements(r, pre_authorisation, view, now)
}

/// The authority the delegation matrix names to decide a share (and to answer a request to
/// pass it onward, G 8.1.5).
pub fn share_authority(s: &OutgoingShare, entity: &Entity, view: &dyn RegistryView) -> Role {
    shares::competent_authority(s, entity, view)
}

/// The authority the delegation matrix names to decide a receipt's dissemination.
pub fn receipt_authority(r: &IncomingReceipt, view: &dyn RegistryView) -> Role {
    receipts::competent_authority(r, view)
}

/// Shorthand used by every guard module: free text that is there, and not longer than a
/// register can carry ([`TEXT_MAX`]).
pub(crate) fn non_empty(text: &str, paragraph: &'static str, what: &str) -> Guard {
    if text.trim().is_empty() {
        Err(Refusal::new(paragraph, format!("{what} is empty")))
    } else {
        text_limits::at_most(text, TEXT_MAX, paragraph, what)
    }
}

pub(crate) fn entity_of(
    view: &dyn RegistryView,
    id: &RecordId,
) -> Result<super::entity::Entity, Refusal> {
    view.entity(id)
        .ok_or_else(|| Refusal::new("registry", format!("no entity {id}")))
}

pub(crate) fn date(t: Time) -> String {
    t.format("%Y-%m-%d").to_string()
}
