//! Every form, by the action it records: how it opens, how it submits, and which actions a
//! record or entity offers in its state.

use super::{
    Form, Submit, admin, assessments, browse_filter, correction, decisions, delegation,
    dissemination, entity, entity_edit, fast_path, follow_up, monitoring, originator_control,
    pre_authorisation, receipt, risk, scan, share, share_after,
};
use crate::domain::access::{Actor, required_roles};
use crate::domain::change::ChangeKind;
use crate::domain::entity::{Entity, EntityKind};
use crate::domain::ids::{RecordId, Time};
use crate::domain::record::Record;
use crate::domain::role::Role;
use crate::domain::settings::MissionSettings;

#[derive(Clone, Copy, Debug, PartialEq, Eq, strum::EnumIter)]
pub enum FormKind {
    FastPath,
    NewReceipt,
    RecordAlerts,
    ReceiptScan,
    ClearReceipt,
    Dissemination,
    RejectReceipt,
    OnwardApproval,
    RecordAction,
    AcknowledgeNotice,
    NewShare,
    ConfirmSanitisation,
    RiskAssessment,
    UnRouting,
    ShareDecision,
    ConditionsAcceptance,
    MarkShared,
    WithdrawShare,
    OnwardRequest,
    OnwardAnswer,
    AmendRecord,
    VoidRecord,
    ThreatDetermination,
    ShareAfterTheFact,
    RegisterEntity,
    EditEntity,
    MergeEntities,
    TortureRefusal,
    RecordRevision,
    RecordIncident,
    SuspendAssessments,
    ReviewSuspension,
    ExcludeSubComponent,
    ConfirmHandlingStandards,
    StartSharingAssessment,
    SharingHumanRights,
    ConfirmMitigation,
    StartReceiptAssessment,
    ReceiptHumanRights,
    ReportBreach,
    ConcludeInvestigation,
    PreAuthorise,
    RenewPreAuthorisation,
    RevokePreAuthorisation,
    Settings,
    Delegation,
    AddUser,
    UserRoles,
    DisableUser,
    ChangePassphrase,
    FindUser,
    BrowseFilter,
}

impl FormKind {
    /// The action, as a menu shows it.
    pub fn label(self) -> &'static str {
        match self {
            FormKind::FastPath => "IMMINENT THREAT: register now (fast path)",
            FormKind::NewReceipt => "Register a received product",
            FormKind::RecordAlerts => "Record alerts raised (G 9.3)",
            FormKind::ReceiptScan => "Intelligence Receipt Scan (Annex E)",
            FormKind::ClearReceipt => "Clear for mission consumption (G 9.7)",
            FormKind::Dissemination => "Decide the dissemination (G 9.7)",
            FormKind::RejectReceipt => "Reject the product (G 9.9)",
            FormKind::OnwardApproval => "Record the originator's onward-sharing approval (G 9.8)",
            FormKind::RecordAction => "Record the action taken and its corroboration (G 9.13)",
            FormKind::AcknowledgeNotice => "Acknowledge the G 9.9 notice (Human Rights)",
            FormKind::TortureRefusal => {
                "Record the HoM's communication: no intelligence obtained under torture (G 9.9)"
            }
            FormKind::RecordRevision => {
                "Record a periodic revision and the action decided (G 9.13)"
            }
            FormKind::NewShare => "Draft a share",
            FormKind::ConfirmSanitisation => "Confirm sanitisation (G 8.1.12)",
            FormKind::RiskAssessment => "Sharing Risk Assessment (Annex B)",
            FormKind::UnRouting => "Record the routing to the UN entity (G 8.2.1)",
            FormKind::ShareDecision => "Decide to share or decline (G 8)",
            FormKind::ConditionsAcceptance => {
                "Record the written acceptance of conditions (G 8.1.5)"
            }
            FormKind::MarkShared => "Record when it was shared",
            FormKind::WithdrawShare => "Withdraw the share",
            FormKind::OnwardRequest => "Record the entity's request to pass it onward (G 8.1.5)",
            FormKind::OnwardAnswer => "Answer the request to pass it onward (G 8.1.5)",
            FormKind::RecordIncident => "Record an incident concerning the entity (G 8.1.2.3)",
            FormKind::SuspendAssessments => "Suspend the entity's assessments (G 8.1.2.3)",
            FormKind::ReviewSuspension => "Review the suspension: lift or confirm (G 8.1.2.3)",
            FormKind::AmendRecord => "Correct the record (amend a field, with a reason)",
            FormKind::VoidRecord => "Void the record (registered in error)",
            FormKind::ThreatDetermination => "Determine or revise: imminent threat? (G 9.1)",
            FormKind::ShareAfterTheFact => {
                "Register a share made informally (after the fact, G 8.1.9)"
            }
            FormKind::RegisterEntity => "Register an entity",
            FormKind::EditEntity => "Edit the entity's details",
            FormKind::MergeEntities => "Merge into another entity (the same one twice)",
            FormKind::ExcludeSubComponent => "Exclude a sub-component (Annex A fn 17)",
            FormKind::ConfirmHandlingStandards => "Confirm the entity's handling standards (G 9.8)",
            FormKind::StartSharingAssessment => "Entity Assessment for Sharing: overview (Annex A)",
            FormKind::SharingHumanRights => {
                "Entity Assessment for Sharing: human rights part (G 8.1.2.1)"
            }
            FormKind::ConfirmMitigation => "Confirm a mitigation measure in place (G 8.1.2.2)",
            FormKind::StartReceiptAssessment => "Entity Assessment for Receipt: overview (Annex D)",
            FormKind::ReceiptHumanRights => {
                "Entity Assessment for Receipt: human rights scan (Annex D)"
            }
            FormKind::ReportBreach => "Report a breach or suspicion (G 8.1.10)",
            FormKind::ConcludeInvestigation => "Conclude the investigation (G 8.1.10)",
            FormKind::PreAuthorise => "Put on a pre-authorised list (G 8.1.8 / 9.10)",
            FormKind::RenewPreAuthorisation => "Review and renew the pre-authorised entry",
            FormKind::RevokePreAuthorisation => "Revoke the pre-authorised entry",
            FormKind::Settings => "Mission settings",
            FormKind::Delegation => "Who decides: the delegation matrix (G 8 a)",
            FormKind::AddUser => "Add a user",
            FormKind::UserRoles => "Change the user's roles",
            FormKind::DisableUser => "Disable the user",
            FormKind::ChangePassphrase => "Change my passphrase",
            FormKind::FindUser => "Manage a user (by name)",
            FormKind::BrowseFilter => "Filters",
        }
    }

    /// The kinds of change submitting this form records: its own first, then those it may
    /// record with it (an entity registered inline, the alerts of the fast path), or the one
    /// its target's kind calls for (a share's or a receipt's correction). Forms that record
    /// nothing (the browser's filters) declare none; the search for a user declares the
    /// changes of the user forms it leads to.
    pub fn change_kinds(self) -> &'static [ChangeKind] {
        use ChangeKind as K;
        match self {
            FormKind::FastPath => &[K::ReceiptRegistered, K::AlertRecorded, K::EntityRegistered],
            FormKind::NewReceipt => &[
                K::ReceiptRegistered,
                K::ReceiptRegisteredAfterTheFact,
                K::EntityRegistered,
            ],
            FormKind::RecordAlerts => &[K::AlertRecorded],
            FormKind::ReceiptScan => &[K::ReceiptScanned],
            FormKind::ClearReceipt => &[K::ReceiptCleared],
            FormKind::Dissemination => &[K::DisseminationToPeopleDecided],
            FormKind::RejectReceipt => &[K::ReceiptRejected],
            FormKind::OnwardApproval => &[K::OnwardSharingApproved],
            FormKind::RecordAction => &[K::ActionRecorded],
            FormKind::AcknowledgeNotice => &[K::HumanRightsNoticeAcknowledged],
            FormKind::NewShare => &[K::ShareDrafted],
            FormKind::ConfirmSanitisation => &[K::SanitisationConfirmed],
            FormKind::RiskAssessment => &[K::SharingRiskAssessed],
            FormKind::UnRouting => &[K::UnRoutingRecorded],
            FormKind::ShareDecision => &[K::ShareDecided],
            FormKind::ConditionsAcceptance => &[K::ConditionsAccepted],
            FormKind::MarkShared => &[K::ShareMarkedShared],
            FormKind::WithdrawShare => &[K::ShareWithdrawn],
            FormKind::OnwardRequest => &[K::OnwardRequestRecorded],
            FormKind::OnwardAnswer => &[K::OnwardRequestAnswered],
            FormKind::AmendRecord => &[K::ShareAmended, K::ReceiptAmended],
            FormKind::VoidRecord => &[K::ShareVoided, K::ReceiptVoided],
            FormKind::ThreatDetermination => &[K::ThreatDetermined],
            FormKind::ShareAfterTheFact => &[K::ShareRegisteredAfterTheFact],
            FormKind::RegisterEntity => &[K::EntityRegistered],
            FormKind::EditEntity => &[K::EntityDetailsEdited],
            FormKind::MergeEntities => &[K::EntitiesMerged],
            FormKind::TortureRefusal => &[K::TortureRefusalCommunicated],
            FormKind::RecordRevision => &[K::RevisionRecorded],
            FormKind::RecordIncident => &[K::IncidentRecorded],
            FormKind::SuspendAssessments => &[K::AssessmentsSuspended],
            FormKind::ReviewSuspension => &[K::SuspensionReviewed],
            FormKind::ExcludeSubComponent => &[K::SubComponentExcluded],
            FormKind::ConfirmHandlingStandards => &[K::HandlingStandardsConfirmed],
            FormKind::StartSharingAssessment => &[K::SharingAssessmentStarted],
            FormKind::SharingHumanRights => &[K::SharingAssessmentHumanRightsRecorded],
            FormKind::ConfirmMitigation => &[K::MitigationConfirmed],
            FormKind::StartReceiptAssessment => &[K::ReceiptAssessmentStarted],
            FormKind::ReceiptHumanRights => &[K::ReceiptAssessmentHumanRightsRecorded],
            FormKind::ReportBreach => &[K::BreachReported],
            FormKind::ConcludeInvestigation => &[K::InvestigationConcluded],
            FormKind::PreAuthorise => &[K::PreAuthorised],
            FormKind::RenewPreAuthorisation => &[K::PreAuthorisationReviewed],
            FormKind::RevokePreAuthorisation => &[K::PreAuthorisationRevoked],
            FormKind::Settings => &[K::SettingsChanged],
            FormKind::Delegation => &[K::DelegationChanged],
            FormKind::AddUser => &[K::UserAdded],
            FormKind::UserRoles => &[K::UserRolesChanged],
            FormKind::DisableUser => &[K::UserDisabled],
            FormKind::ChangePassphrase => &[K::PassphraseChanged],
            FormKind::FindUser => &[K::UserRolesChanged, K::UserDisabled],
            FormKind::BrowseFilter => &[],
        }
    }

    /// The roles that may use this form: those the domain's access matrix lets record every
    /// kind of change it declares (in the order the matrix names them for its own change),
    /// with the action of its own change; empty when anyone may.
    pub fn roles(self) -> (&'static str, Vec<Role>) {
        let mut kinds = self.change_kinds().iter().map(|k| required_roles(*k));
        let Some((action, mut roles)) = kinds.next() else {
            return ("", Vec::new());
        };
        for (_, others) in kinds {
            roles.retain(|r| others.is_empty() || others.contains(r));
        }
        (action, roles)
    }

    /// Whether submitting the form records something (all but the browser's filter and the
    /// search for a user): refused at once on a registry that is read-only here.
    pub fn records(self) -> bool {
        !matches!(self, FormKind::BrowseFilter | FormKind::FindUser)
    }

    /// Whether this person holds a role that may use the form; if not, why.
    pub fn allowed(self, actor: Option<&Actor>) -> Result<(), String> {
        let (action, roles) = self.roles();
        let Some(actor) = actor else { return Ok(()) };
        if roles.is_empty() || roles.iter().any(|r| actor.has(*r)) {
            Ok(())
        } else {
            let names: Vec<&str> = roles.iter().map(|r| r.title()).collect();
            Err(format!("only the {} may {action}", names.join(" or ")))
        }
    }
}

/// What a form is opened with: the record it acts on and what the registry knows around it.
#[derive(Clone, Default)]
pub struct FormContext {
    pub now: Time,
    pub actor: Option<Actor>,
    pub record: Option<Record>,
    pub entity: Option<Entity>,
    pub entities: Vec<Entity>,
    pub settings: Option<MissionSettings>,
    /// Sharing Risk Assessment, Annex B Q6: what the registry holds (G 8.1.3).
    pub previous_issues: Vec<crate::domain::previous_issues::PreviousIssue>,
    /// The authority the delegation matrix names for a decision.
    pub authority: Option<Role>,
    /// G 9.12: why a dissemination must be flagged.
    pub flag_reason: Option<String>,
    /// Valid pre-authorised entries that could stand in: (id, description).
    pub pre_authorisations: Vec<(RecordId, String)>,
    /// Open mitigation measures: (index, text).
    pub open_mitigations: Vec<(usize, String)>,
    /// Shares with the entity, for a breach report: (id, title).
    pub shares: Vec<(RecordId, String)>,
    pub browse_filter: Option<super::super::app::BrowseFilter>,
    /// The registry's accounts, by name: whom a dissemination may name (G 9.7).
    pub users: Vec<crate::domain::user::UserAccount>,
}

impl FormContext {
    pub fn entity_kind(&self, id: &RecordId) -> Option<EntityKind> {
        self.entities.iter().find(|e| &e.id == id).map(|e| e.kind())
    }

    pub fn entity_name(&self, id: &RecordId) -> String {
        self.entities
            .iter()
            .find(|e| &e.id == id)
            .map(|e| super::super::text::clean(e.name()))
            .unwrap_or_else(|| id.to_string())
    }
}

/// Builds a form.
pub fn open(kind: FormKind, target: Option<RecordId>, cx: FormContext) -> Form {
    match kind {
        FormKind::FastPath => fast_path::form(cx),
        FormKind::NewReceipt => receipt::new_receipt(target, cx),
        FormKind::RecordAlerts => receipt::record_alerts(target, cx),
        FormKind::RejectReceipt => receipt::reject(target, cx),
        FormKind::OnwardApproval => receipt::onward(target, cx),
        FormKind::RecordAction => follow_up::action(target, cx),
        FormKind::AcknowledgeNotice => follow_up::acknowledge(target, cx),
        FormKind::TortureRefusal => follow_up::torture_refusal(target, cx),
        FormKind::RecordRevision => follow_up::revision(target, cx),
        FormKind::ReceiptScan => scan::open(target, cx),
        FormKind::ClearReceipt => decisions::clear(target, cx),
        FormKind::Dissemination => dissemination::dissemination(target, cx),
        FormKind::NewShare => share::new_share(target, cx),
        FormKind::ConfirmSanitisation => decisions::sanitisation(target, cx),
        FormKind::RiskAssessment => risk::open(target, cx),
        FormKind::UnRouting => decisions::routing(target, cx),
        FormKind::ShareDecision => decisions::share_decision(target, cx),
        FormKind::ConditionsAcceptance => decisions::acceptance(target, cx),
        FormKind::MarkShared => decisions::mark_shared(target, cx),
        FormKind::WithdrawShare => decisions::withdraw(target, cx),
        FormKind::OnwardRequest => originator_control::request(target, cx),
        FormKind::OnwardAnswer => originator_control::answer(target, cx),
        FormKind::RecordIncident => monitoring::incident(target, cx),
        FormKind::SuspendAssessments => monitoring::suspend(target, cx),
        FormKind::ReviewSuspension => monitoring::review(target, cx),
        FormKind::AmendRecord => correction::amend(target, cx),
        FormKind::VoidRecord => correction::void(target, cx),
        FormKind::ThreatDetermination => correction::determination(target, cx),
        FormKind::ShareAfterTheFact => share_after::open(target, cx),
        FormKind::EditEntity => entity_edit::edit(target, cx),
        FormKind::MergeEntities => entity_edit::merge(target, cx),
        FormKind::RegisterEntity => entity::register(cx),
        FormKind::ExcludeSubComponent => entity::exclude(target, cx),
        FormKind::ConfirmHandlingStandards => entity::handling_standards(target, cx),
        FormKind::ReportBreach => entity::breach(target, cx),
        FormKind::ConcludeInvestigation => entity::investigation(target, cx),
        FormKind::PreAuthorise => pre_authorisation::pre_authorise(target, cx),
        FormKind::RenewPreAuthorisation => pre_authorisation::review(target, cx),
        FormKind::RevokePreAuthorisation => entity::revoke(target, cx),
        FormKind::StartSharingAssessment => assessments::sharing_overview(target, cx),
        FormKind::SharingHumanRights => assessments::sharing_human_rights(target, cx),
        FormKind::ConfirmMitigation => assessments::mitigation(target, cx),
        FormKind::StartReceiptAssessment => assessments::receipt_overview(target, cx),
        FormKind::ReceiptHumanRights => assessments::receipt_human_rights(target, cx),
        FormKind::Settings => admin::settings(cx),
        FormKind::Delegation => delegation::delegation(cx),
        FormKind::AddUser => admin::add_user(cx),
        FormKind::UserRoles => admin::user_roles(target, cx),
        FormKind::DisableUser => admin::disable_user(target, cx),
        FormKind::ChangePassphrase => admin::passphrase(cx),
        FormKind::FindUser => admin::find_user(cx),
        FormKind::BrowseFilter => browse_filter::browse_filter(cx),
    }
}

/// Validates a form and builds what it submits; errors go beside the fields.
pub fn submit(form: &mut Form) -> Submit {
    form.clear_errors();
    let result = match form.kind {
        FormKind::FastPath => fast_path::submit(form),
        FormKind::NewReceipt => receipt::submit_new_receipt(form),
        FormKind::RecordAlerts => receipt::submit_alerts(form),
        FormKind::RejectReceipt => receipt::submit_reject(form),
        FormKind::OnwardApproval => receipt::submit_onward(form),
        FormKind::RecordAction => follow_up::submit_action(form),
        FormKind::AcknowledgeNotice => follow_up::submit_acknowledge(form),
        FormKind::TortureRefusal => follow_up::submit_torture_refusal(form),
        FormKind::RecordRevision => follow_up::submit_revision(form),
        FormKind::ReceiptScan => scan::submit(form),
        FormKind::ClearReceipt => decisions::submit_clear(form),
        FormKind::Dissemination => dissemination::submit_dissemination(form),
        FormKind::NewShare => share::submit_new_share(form),
        FormKind::ConfirmSanitisation => decisions::submit_sanitisation(form),
        FormKind::RiskAssessment => risk::submit(form),
        FormKind::UnRouting => decisions::submit_routing(form),
        FormKind::ShareDecision => decisions::submit_share_decision(form),
        FormKind::ConditionsAcceptance => decisions::submit_acceptance(form),
        FormKind::MarkShared => decisions::submit_mark_shared(form),
        FormKind::WithdrawShare => decisions::submit_withdraw(form),
        FormKind::OnwardRequest => originator_control::submit_request(form),
        FormKind::OnwardAnswer => originator_control::submit_answer(form),
        FormKind::RecordIncident => monitoring::submit_incident(form),
        FormKind::SuspendAssessments => monitoring::submit_suspend(form),
        FormKind::ReviewSuspension => monitoring::submit_review(form),
        FormKind::AmendRecord => correction::submit_amend(form),
        FormKind::VoidRecord => correction::submit_void(form),
        FormKind::ThreatDetermination => correction::submit_determination(form),
        FormKind::ShareAfterTheFact => share_after::submit(form),
        FormKind::EditEntity => entity_edit::submit_edit(form),
        FormKind::MergeEntities => entity_edit::submit_merge(form),
        FormKind::RegisterEntity => entity::submit_register(form),
        FormKind::ExcludeSubComponent => entity::submit_exclude(form),
        FormKind::ConfirmHandlingStandards => entity::submit_handling_standards(form),
        FormKind::ReportBreach => entity::submit_breach(form),
        FormKind::ConcludeInvestigation => entity::submit_investigation(form),
        FormKind::PreAuthorise => pre_authorisation::submit_pre_authorise(form),
        FormKind::RenewPreAuthorisation => pre_authorisation::submit_review(form),
        FormKind::RevokePreAuthorisation => entity::submit_revoke(form),
        FormKind::StartSharingAssessment => assessments::submit_sharing_overview(form),
        FormKind::SharingHumanRights => assessments::submit_sharing_human_rights(form),
        FormKind::ConfirmMitigation => assessments::submit_mitigation(form),
        FormKind::StartReceiptAssessment => assessments::submit_receipt_overview(form),
        FormKind::ReceiptHumanRights => assessments::submit_receipt_human_rights(form),
        FormKind::Settings => admin::submit_settings(form),
        FormKind::Delegation => delegation::submit_delegation(form),
        FormKind::AddUser => admin::submit_add_user(form),
        FormKind::UserRoles => admin::submit_user_roles(form),
        FormKind::DisableUser => admin::submit_disable_user(form),
        FormKind::ChangePassphrase => admin::submit_passphrase(form),
        FormKind::FindUser => admin::submit_find_user(form),
        FormKind::BrowseFilter => browse_filter::submit_browse_filter(form),
    };
    if form.has_errors() {
        form.focus_first_error();
        Submit::Invalid
    } else {
        result
    }
}
