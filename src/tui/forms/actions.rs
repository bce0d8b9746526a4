//! Which actions a record or an entity offers in its state (the guards still decide when
//! submitted).

use super::FormKind;
use crate::domain::entity::{Entity, EntityKind};
use crate::domain::record::Record;
use crate::domain::share::ShareState;

/// The actions a record offers in its state (the guards still decide when submitted).
pub fn actions_for_record(record: &Record, entity_kind: Option<EntityKind>) -> Vec<FormKind> {
    use crate::domain::receipt::ReceiptState as R;
    use FormKind as F;
    match record {
        Record::Receipt(r) if r.voided.is_some() => Vec::new(),
        Record::Share(s) if s.voided.is_some() => Vec::new(),
        Record::Receipt(r) => {
            let mut v = Vec::new();
            if !r.state.is_dispositioned() {
                v.push(F::RecordAlerts);
            }
            if matches!(r.state, R::Received | R::Scanned) {
                v.push(F::ReceiptScan);
                v.push(F::ClearReceipt);
            }
            if r.state == R::Cleared {
                v.push(F::Dissemination);
            }
            // G 9.9: a product found tainted after dissemination can still be rejected.
            if matches!(
                r.state,
                R::Received | R::Scanned | R::Cleared | R::Disseminated
            ) {
                v.push(F::RejectReceipt);
            }
            if matches!(r.state, R::Cleared | R::Disseminated) {
                v.push(F::RecordAction);
            }
            if crate::domain::follow_up::notice_awaiting(r).is_some() {
                v.push(F::AcknowledgeNotice);
            }
            if r.state != R::Rejected {
                v.push(F::OnwardApproval);
            }
            if !r.state.is_dispositioned() {
                v.push(F::ThreatDetermination);
            }
            v.push(F::AmendRecord);
            v.push(F::VoidRecord);
            v
        }
        Record::Share(s) => {
            let mut v = Vec::new();
            let open = !s.state.is_closed();
            if open && s.sanitisation.is_none() {
                v.push(F::ConfirmSanitisation);
            }
            if open && entity_kind == Some(EntityKind::NonMissionUn) && s.routing.is_none() {
                v.push(F::UnRouting);
            }
            if matches!(s.state, ShareState::Draft | ShareState::RiskAssessed) {
                if entity_kind.is_none_or(|k| k.is_non_un()) {
                    v.push(F::RiskAssessment);
                }
                v.push(F::ShareDecision);
            }
            if s.state == ShareState::Authorised {
                v.push(F::ConditionsAcceptance);
            }
            if s.state == ShareState::ConditionsAccepted {
                v.push(F::MarkShared);
            }
            if open {
                v.push(F::WithdrawShare);
            }
            if s.state == ShareState::Shared {
                v.push(F::ReportBreach);
            }
            // G 8.1.5: the entity asks to pass the product onward; the authority answers.
            if matches!(s.state, ShareState::Shared | ShareState::SharedAfterTheFact) {
                v.push(F::OnwardRequest);
            }
            if crate::domain::originator_control::unanswered(s).is_some() {
                v.push(F::OnwardAnswer);
            }
            v.push(F::AmendRecord);
            v.push(F::VoidRecord);
            v
        }
        Record::EntityAssessmentSharing(a) => {
            let mut v = Vec::new();
            if a.superseded_by.is_none() && a.human_rights.is_none() {
                v.push(F::SharingHumanRights);
            }
            if a.open_mitigations().next().is_some() {
                v.push(F::ConfirmMitigation);
            }
            v
        }
        Record::EntityAssessmentReceipt(a) => {
            if a.superseded_by.is_none() && a.human_rights.is_none() {
                vec![F::ReceiptHumanRights]
            } else {
                Vec::new()
            }
        }
        Record::Breach(b) if b.is_open() => vec![F::ConcludeInvestigation],
        Record::PreAuthorisation(p) if p.revoked.is_none() => {
            vec![F::RenewPreAuthorisation, F::RevokePreAuthorisation]
        }
        Record::User(u) if !u.disabled => vec![F::UserRoles, F::DisableUser],
        Record::Settings(_) => vec![F::Settings, F::Delegation],
        _ => Vec::new(),
    }
}

/// What can be done about an entity from its view.
pub fn actions_for_entity(entity: &Entity) -> Vec<FormKind> {
    use FormKind as F;
    if entity.merged_into.is_some() {
        return Vec::new();
    }
    let mut v = vec![F::NewReceipt, F::NewShare, F::ShareAfterTheFact];
    if entity.kind().is_non_un() {
        v.push(F::StartSharingAssessment);
        v.push(F::StartReceiptAssessment);
    }
    if entity
        .details
        .handling_standards
        .as_ref()
        .is_some_and(|h| h.confirmed.is_none())
    {
        v.push(F::ConfirmHandlingStandards);
    }
    if entity.kind().is_non_un() {
        v.push(F::TortureRefusal);
    }
    v.push(F::RecordRevision);
    // Active monitoring (G 8.1.2.3, G 9.5.2).
    v.push(F::RecordIncident);
    if entity.sharing_assessment.is_some() || entity.receipt_assessment.is_some() {
        v.push(F::SuspendAssessments);
    }
    if crate::domain::monitoring::suspension_awaiting_review(entity).is_some() {
        v.push(F::ReviewSuspension);
    }
    v.push(F::ExcludeSubComponent);
    v.push(F::ReportBreach);
    v.push(F::PreAuthorise);
    v.push(F::EditEntity);
    v.push(F::MergeEntities);
    v
}
