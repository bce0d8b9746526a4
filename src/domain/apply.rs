//! How an event changes the registry: the records it creates or updates. Pure: the store
//! writes what this returns, in the same transaction that appends the event, and replays the
//! same function to rebuild state from the log.

use super::apply_assessment::{completed, started};
use super::assessment_receipt::ForReceipt;
use super::assessment_sharing::ForSharing;
use super::attributed::Attributed;
use super::breach::Breach;
use super::change::{Change, LegacyRecord};
use super::entity::{Confirmation, Entity, SubComponent};
use super::ids::{RecordId, Time, settings_id};
use super::pre_authorisation::{Direction, PreAuthorisation};
use super::receipt::{Alert, IncomingReceipt, ReceiptState};
use super::record::Record;
use super::share::{OutgoingShare, ShareState, SharingDecision};
use super::user::{UserAccount, normalise_roles};
use super::view::RegistryView;
use thiserror::Error;

/// Who recorded an event, and when (the event's hybrid-logical-clock time).
#[derive(Clone, Debug)]
pub struct EventContext<'a> {
    pub actor: &'a str,
    pub at: Time,
}

/// An event that cannot be applied: a malformed or out-of-order event, never a rule refusal
/// (rules are checked before an event is recorded).
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ApplyError {
    #[error("record {0} does not exist")]
    Missing(RecordId),
    #[error("record {id} is a {found}, the event expects a {expected}")]
    WrongKind {
        id: RecordId,
        found: &'static str,
        expected: &'static str,
    },
    #[error("record {0} already exists")]
    Exists(RecordId),
    #[error("event cannot apply to {id}: {why}")]
    Invalid { id: RecordId, why: String },
}

/// Applies one event to the registry as `view` shows it, returning every record to write.
pub fn apply(
    view: &dyn RegistryView,
    id: &RecordId,
    change: &Change,
    cx: &EventContext,
) -> Result<Vec<Record>, ApplyError> {
    let by = || cx.actor.to_string();
    let confirm = || Confirmation {
        by: by(),
        at: cx.at,
    };
    if change.creates().is_some() && view.exists(id) {
        return Err(ApplyError::Exists(id.clone()));
    }
    let out = match change {
        Change::RegistryInitialised { settings } | Change::SettingsChanged { settings } => {
            if id != &settings_id() {
                return Err(invalid(id, "settings live in SET-MISSION"));
            }
            vec![Record::Settings(settings.clone())]
        }
        Change::DelegationChanged { delegation, .. } => {
            let mut settings = view.settings();
            settings.delegation = delegation.clone();
            vec![Record::Settings(settings)]
        }
        Change::UserAdded {
            name,
            roles,
            clearance,
        } => vec![Record::User(UserAccount {
            id: id.clone(),
            name: name.clone(),
            roles: normalise_roles(roles),
            clearance: *clearance,
            disabled: false,
            added_by: by(),
            added_at: cx.at,
        })],
        Change::UserDisabled => {
            let mut u = user(view, id)?;
            u.disabled = true;
            vec![Record::User(u)]
        }
        Change::UserRolesChanged { roles } => {
            let mut u = user(view, id)?;
            u.roles = normalise_roles(roles);
            vec![Record::User(u)]
        }
        // The hash is kept outside the log; the event records that it changed, and who.
        Change::PassphraseChanged => vec![Record::User(user(view, id)?)],
        Change::EntityRegistered { details } => vec![Record::Entity(Entity {
            id: id.clone(),
            details: details.clone(),
            registered_at: cx.at,
            sharing_assessment: None,
            receipt_assessment: None,
            sharing_assessment_in_progress: None,
            receipt_assessment_in_progress: None,
            breaches: Vec::new(),
            pre_authorisations: Vec::new(),
            edits: Vec::new(),
            merged_into: None,
            merged_from: Vec::new(),
            monitoring: Default::default(),
        })],
        Change::SubComponentExcluded { name, reason } => {
            let mut e = entity(view, id)?;
            let subs = &mut e.details.sub_components;
            match subs
                .iter_mut()
                .find(|s| s.name.eq_ignore_ascii_case(name.trim()))
            {
                Some(s) => s.excluded_because = Some(reason.clone()),
                None => subs.push(SubComponent {
                    name: name.trim().to_string(),
                    excluded_because: Some(reason.clone()),
                }),
            }
            vec![Record::Entity(e)]
        }
        Change::HandlingStandardsConfirmed => {
            let mut e = entity(view, id)?;
            let h = e
                .details
                .handling_standards
                .as_mut()
                .ok_or_else(|| invalid(id, "no handling standards"))?;
            h.confirmed = Some(confirm());
            vec![Record::Entity(e)]
        }
        Change::SharingAssessmentStarted {
            entity: entity_id,
            overview,
            marking,
        } => started::<ForSharing>(view, id, entity_id, overview, marking, cx)?,
        Change::SharingAssessmentHumanRightsRecorded { part } => {
            completed::<ForSharing>(view, id, part, cx)?
        }
        Change::MitigationConfirmed { index } => {
            let mut a = match record(view, id)? {
                Record::EntityAssessmentSharing(a) => a,
                other => return Err(wrong(id, &other, "entity_assessment_sharing")),
            };
            let m = a
                .human_rights
                .as_mut()
                .and_then(|h| h.value.mitigation_measures.get_mut(*index))
                .ok_or_else(|| invalid(id, "no such mitigation measure"))?;
            m.in_place = Some(confirm());
            vec![Record::EntityAssessmentSharing(a)]
        }
        Change::ReceiptAssessmentStarted {
            entity: entity_id,
            overview,
            marking,
        } => started::<ForReceipt>(view, id, entity_id, overview, marking, cx)?,
        Change::ReceiptAssessmentHumanRightsRecorded { scan } => {
            completed::<ForReceipt>(view, id, scan, cx)?
        }
        Change::ShareDrafted { draft } => {
            let deadline = draft
                .urgent
                .then(|| cx.at + view.settings().urgent_share_limit());
            vec![Record::Share(OutgoingShare {
                id: id.clone(),
                draft: draft.clone(),
                state: ShareState::Draft,
                drafted_by: by(),
                drafted_at: cx.at,
                deadline,
                sanitisation: None,
                risk_assessment: None,
                pre_authorisation: None,
                routing: None,
                decision: None,
                acceptance: None,
                shared_at: None,
                withdrawn_because: None,
                after_the_fact: None,
                amendments: Vec::new(),
                voided: None,
                onward_requests: Vec::new(),
            })]
        }
        Change::SanitisationConfirmed => {
            let mut s = share(view, id)?;
            s.sanitisation = Some(confirm());
            vec![Record::Share(s)]
        }
        Change::SharingRiskAssessed { assessment } => {
            let mut s = share(view, id)?;
            s.risk_assessment = Some(Attributed::new(assessment.clone(), cx.actor, cx.at));
            s.state = ShareState::RiskAssessed;
            vec![Record::Share(s)]
        }
        Change::UnRoutingRecorded { routing } => {
            let mut s = share(view, id)?;
            s.routing = Some(Attributed::new(routing.clone(), cx.actor, cx.at));
            vec![Record::Share(s)]
        }
        Change::ShareDecided {
            authorise,
            authority,
            reason,
            pre_authorisation,
            decided_at,
        } => {
            let mut s = share(view, id)?;
            s.decision = Some(Attributed::new(
                SharingDecision {
                    authorise: *authorise,
                    authority: *authority,
                    reason: reason.clone(),
                    decided_at: *decided_at,
                },
                cx.actor,
                cx.at,
            ));
            s.pre_authorisation = pre_authorisation.clone();
            s.state = if *authorise {
                ShareState::Authorised
            } else {
                ShareState::Declined
            };
            vec![Record::Share(s)]
        }
        Change::ConditionsAccepted { acceptance } => {
            let mut s = share(view, id)?;
            s.acceptance = Some(Attributed::new(acceptance.clone(), cx.actor, cx.at));
            s.state = ShareState::ConditionsAccepted;
            vec![Record::Share(s)]
        }
        Change::ShareMarkedShared { shared_at } => {
            let mut s = share(view, id)?;
            s.shared_at = Some(*shared_at);
            s.state = ShareState::Shared;
            vec![Record::Share(s)]
        }
        Change::ShareWithdrawn { reason } => {
            let mut s = share(view, id)?;
            s.withdrawn_because = Some(reason.clone());
            s.state = ShareState::Withdrawn;
            vec![Record::Share(s)]
        }
        Change::OnwardRequestRecorded { request } => {
            let mut s = share(view, id)?;
            s.onward_requests
                .push(super::originator_control::OnwardControl {
                    request: Attributed::new(request.clone(), cx.actor, cx.at),
                    answer: None,
                });
            vec![Record::Share(s)]
        }
        Change::OnwardRequestAnswered { index, answer } => {
            let mut s = share(view, id)?;
            if let Some(c) = s.onward_requests.get_mut(*index) {
                c.answer = Some(Attributed::new(answer.clone(), cx.actor, cx.at));
            }
            vec![Record::Share(s)]
        }
        Change::ReceiptRegistered { capture } => {
            let deadline = capture
                .imminent_threat
                .then(|| capture.received_at + view.settings().urgent_receipt_limit());
            let mut receipt = super::apply_truth::new_receipt(id, capture, cx);
            receipt.deadline = deadline;
            vec![Record::Receipt(receipt)]
        }
        Change::AlertRecorded { to, at } => {
            let mut r = receipt(view, id)?;
            r.alerts.push(Alert {
                to: *to,
                by: by(),
                at: *at,
            });
            vec![Record::Receipt(r)]
        }
        Change::ReceiptScanned { scan } => {
            let mut r = receipt(view, id)?;
            r.scan = Some(Attributed::new(scan.clone(), cx.actor, cx.at));
            r.state = ReceiptState::Scanned;
            super::apply_truth::scan_determines(view, &mut r, scan, cx);
            vec![Record::Receipt(r)]
        }
        Change::ReceiptCleared { pre_authorisation } => {
            let mut r = receipt(view, id)?;
            r.pre_authorisation = pre_authorisation.clone();
            r.cleared = Some(confirm());
            r.state = ReceiptState::Cleared;
            vec![Record::Receipt(r)]
        }
        Change::DisseminationDecided { dissemination }
        | Change::DisseminationToPeopleDecided { dissemination } => {
            let mut r = receipt(view, id)?;
            r.dissemination = Some(Attributed::new(dissemination.clone(), cx.actor, cx.at));
            r.state = ReceiptState::Disseminated;
            vec![Record::Receipt(r)]
        }
        Change::ReceiptRejected { rejection } => {
            let mut r = receipt(view, id)?;
            if r.state == ReceiptState::Disseminated {
                r.follow_up.rejected_after_dissemination = true;
                r.follow_up.to_tell = r
                    .dissemination
                    .as_ref()
                    .map(|d| d.to_whom())
                    .unwrap_or_default();
            }
            r.rejection = Some(Attributed::new(rejection.clone(), cx.actor, cx.at));
            r.state = ReceiptState::Rejected;
            vec![Record::Receipt(r)]
        }
        Change::OnwardSharingApproved { approval } => {
            let mut r = receipt(view, id)?;
            r.onward_approvals
                .push(Attributed::new(approval.clone(), cx.actor, cx.at));
            vec![Record::Receipt(r)]
        }
        Change::BreachReported { report } => {
            let mut e = entity(view, &report.entity)?;
            e.breaches.push(id.clone());
            vec![
                Record::Breach(Breach {
                    id: id.clone(),
                    report: report.clone(),
                    reported_by: by(),
                    reported_at: cx.at,
                    investigation: None,
                }),
                Record::Entity(e),
            ]
        }
        Change::InvestigationConcluded { investigation } => {
            let mut b = match record(view, id)? {
                Record::Breach(b) => b,
                other => return Err(wrong(id, &other, "breach")),
            };
            b.investigation = Some(Attributed::new(investigation.clone(), cx.actor, cx.at));
            vec![Record::Breach(b)]
        }
        Change::PreAuthorised { terms } => {
            let mut e = entity(view, &terms.entity)?;
            e.pre_authorisations.push(id.clone());
            let stood_on = match terms.direction {
                Direction::Sharing => e.sharing_assessment.clone(),
                Direction::Receipt => e.receipt_assessment.clone(),
            };
            vec![
                Record::PreAuthorisation(PreAuthorisation {
                    id: id.clone(),
                    terms: terms.clone(),
                    authorised_by: by(),
                    authorised_at: cx.at,
                    review_due: cx.at + view.settings().review_interval(),
                    revoked: None,
                    stood_on,
                    reviews: Vec::new(),
                }),
                Record::Entity(e),
            ]
        }
        Change::PreAuthorisationRenewed => {
            let mut p = pre_authorisation(view, id)?;
            p.review_due = cx.at + view.settings().review_interval();
            vec![Record::PreAuthorisation(p)]
        }
        Change::PreAuthorisationReviewed { review } => {
            let mut p = pre_authorisation(view, id)?;
            p.review_due = cx.at + view.settings().review_interval();
            p.terms.scope = Some(review.scope.clone());
            p.terms.max_classification = review.max_classification;
            p.reviews
                .push(Attributed::new(review.clone(), cx.actor, cx.at));
            vec![Record::PreAuthorisation(p)]
        }
        Change::PreAuthorisationRevoked { .. } => {
            let mut p = pre_authorisation(view, id)?;
            p.revoked = Some(confirm());
            vec![Record::PreAuthorisation(p)]
        }
        Change::LegacyRecordRegistered { record } => match record {
            LegacyRecord::Share(s) => {
                let mut s = (**s).clone();
                s.id = id.clone();
                vec![Record::Share(s)]
            }
            LegacyRecord::Receipt(r) => {
                let mut r = (**r).clone();
                r.id = id.clone();
                vec![Record::Receipt(r)]
            }
        },
        Change::StationKeysCreated { .. }
        | Change::StationTrusted { .. }
        | Change::IdentityExported { .. }
        | Change::BundleExported { .. }
        | Change::AcknowledgementReceived { .. }
        | Change::QuarantineDismissed { .. }
        | Change::BundleImported { .. } => super::station::apply(view, id, change, cx)?,
        Change::ConflictResolved { .. } => super::conflict::apply(view, id, change, cx)?,
        Change::HumanRightsNoticeAcknowledged { .. } | Change::ActionRecorded { .. } => {
            super::apply_monitoring::receipt_follow_up(view, id, change, cx)?
        }
        Change::IncidentRecorded { .. }
        | Change::AssessmentsSuspended { .. }
        | Change::SuspensionReviewed { .. }
        | Change::TortureRefusalCommunicated { .. }
        | Change::RevisionRecorded { .. } => super::apply_monitoring::apply(view, id, change, cx)?,
        Change::ShareRegisteredAfterTheFact { .. }
        | Change::ReceiptRegisteredAfterTheFact { .. }
        | Change::ThreatDetermined { .. }
        | Change::ShareAmended { .. }
        | Change::ReceiptAmended { .. }
        | Change::ShareVoided { .. }
        | Change::ReceiptVoided { .. }
        | Change::EntityDetailsEdited { .. }
        | Change::EntitiesMerged { .. } => super::apply_truth::apply(view, id, change, cx)?,
    };
    Ok(out)
}

pub(super) fn invalid(id: &RecordId, why: &str) -> ApplyError {
    ApplyError::Invalid {
        id: id.clone(),
        why: why.to_string(),
    }
}

pub(super) fn wrong(id: &RecordId, found: &Record, expected: &'static str) -> ApplyError {
    ApplyError::WrongKind {
        id: id.clone(),
        found: found.kind().key(),
        expected,
    }
}

pub(super) fn record(view: &dyn RegistryView, id: &RecordId) -> Result<Record, ApplyError> {
    view.record(id)
        .ok_or_else(|| ApplyError::Missing(id.clone()))
}

pub(super) fn entity(view: &dyn RegistryView, id: &RecordId) -> Result<Entity, ApplyError> {
    match record(view, id)? {
        Record::Entity(e) => Ok(e),
        other => Err(wrong(id, &other, "entity")),
    }
}

pub(super) fn share(view: &dyn RegistryView, id: &RecordId) -> Result<OutgoingShare, ApplyError> {
    match record(view, id)? {
        Record::Share(s) => Ok(s),
        other => Err(wrong(id, &other, "share")),
    }
}

pub(super) fn receipt(
    view: &dyn RegistryView,
    id: &RecordId,
) -> Result<IncomingReceipt, ApplyError> {
    match record(view, id)? {
        Record::Receipt(r) => Ok(r),
        other => Err(wrong(id, &other, "receipt")),
    }
}

fn pre_authorisation(
    view: &dyn RegistryView,
    id: &RecordId,
) -> Result<PreAuthorisation, ApplyError> {
    match record(view, id)? {
        Record::PreAuthorisation(p) => Ok(p),
        other => Err(wrong(id, &other, "pre_authorisation")),
    }
}

fn user(view: &dyn RegistryView, id: &RecordId) -> Result<UserAccount, ApplyError> {
    match record(view, id)? {
        Record::User(u) => Ok(u),
        other => Err(wrong(id, &other, "user")),
    }
}
