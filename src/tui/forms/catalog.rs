//! Every form, by the action it records: how it opens, how it submits, and which actions a
//! record or entity offers in its state.

use super::{
    Form, Submit, admin, assessments, correction, decisions, dissemination, entity, entity_edit,
    follow_up, monitoring, originator_control, pre_authorisation, receipt, risk, scan, share,
    share_after,
};
use crate::domain::access::{Actor, required_roles};
use crate::domain::assessment_sharing::HumanRightsRiskAssessment;
use crate::domain::change::Change;
use crate::domain::entity::{Entity, EntityKind};
use crate::domain::ids::{RecordId, Time};
use crate::domain::record::Record;
use crate::domain::role::Role;
use crate::domain::settings::MissionSettings;
use crate::domain::share::UnRouting;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

    /// The roles that may record what this form records (from the domain's access matrix);
    /// empty when anyone may.
    pub fn roles(self) -> (&'static str, Vec<Role>) {
        let id = || RecordId::from("X");
        let change = match self {
            FormKind::FastPath | FormKind::NewReceipt => Change::AlertRecorded {
                to: crate::domain::receipt::AlertRecipient::Dss,
                at: Time::default(),
            },
            FormKind::RecordAlerts
            | FormKind::ReceiptScan
            | FormKind::ClearReceipt
            | FormKind::RejectReceipt
            | FormKind::OnwardApproval => Change::ReceiptCleared {
                pre_authorisation: None,
            },
            FormKind::RecordAction => Change::ActionRecorded {
                action: crate::domain::follow_up::ActionTaken {
                    action: String::new(),
                    corroborated_by: String::new(),
                },
            },
            FormKind::AcknowledgeNotice => Change::HumanRightsNoticeAcknowledged {
                response: String::new(),
            },
            FormKind::TortureRefusal => Change::TortureRefusalCommunicated {
                communication: crate::domain::entity_review::TortureRefusalCommunication {
                    communicated_at: Time::default(),
                    how: String::new(),
                },
            },
            FormKind::RecordRevision => Change::RevisionRecorded {
                revision: crate::domain::entity_review::RevisionFinding {
                    from: Time::default(),
                    to: Time::default(),
                    finding: String::new(),
                    action: crate::domain::entity_review::RevisionAction::Continue,
                    action_details: String::new(),
                },
            },
            FormKind::Dissemination => {
                return (
                    "decide a dissemination",
                    vec![Role::Hom, Role::Micm, Role::Delegate],
                );
            }
            FormKind::ShareDecision => {
                return (
                    "decide to share",
                    vec![Role::Hom, Role::Micm, Role::Delegate],
                );
            }
            FormKind::OnwardRequest => Change::OnwardRequestRecorded {
                request: crate::domain::originator_control::OnwardRequest {
                    to_whom: String::new(),
                    purpose: String::new(),
                    reference: String::new(),
                    requested_at: Time::default(),
                },
            },
            FormKind::OnwardAnswer => Change::OnwardRequestAnswered {
                index: 0,
                answer: crate::domain::originator_control::OnwardAnswer {
                    approved: false,
                    authority: Role::Hom,
                    reference: String::new(),
                    terms: String::new(),
                },
            },
            FormKind::RecordIncident => Change::IncidentRecorded {
                incident: crate::domain::monitoring::Incident {
                    what: String::new(),
                    occurred_at: Time::default(),
                    source: String::new(),
                },
            },
            FormKind::SuspendAssessments => Change::AssessmentsSuspended {
                reason: String::new(),
                incident: None,
            },
            FormKind::ReviewSuspension => Change::SuspensionReviewed {
                index: 0,
                outcome: crate::domain::monitoring::SuspensionOutcome::Lifted,
                finding: String::new(),
            },
            FormKind::NewShare
            | FormKind::ConfirmSanitisation
            | FormKind::RiskAssessment
            | FormKind::ConditionsAcceptance
            | FormKind::MarkShared
            | FormKind::WithdrawShare => Change::SanitisationConfirmed,
            FormKind::AmendRecord => Change::ReceiptAmended {
                amendment: crate::domain::correction::AmendedField::Title(String::new()),
                reason: String::new(),
            },
            FormKind::VoidRecord => Change::ReceiptVoided {
                reason: String::new(),
            },
            FormKind::ThreatDetermination => Change::ThreatDetermined {
                imminent: true,
                at: Time::default(),
                reason: String::new(),
            },
            FormKind::ShareAfterTheFact => Change::ReceiptRegisteredAfterTheFact {
                capture: crate::domain::receipt::ReceiptCapture {
                    title: String::new(),
                    reference: String::new(),
                    summary: String::new(),
                    source: id(),
                    originator: None,
                    received_at: Time::default(),
                    channel: crate::domain::share::Channel::VerbalInformal,
                    marking: crate::domain::marking::Marking::un(
                        crate::domain::marking::Classification::Unclassified,
                    ),
                    nature: crate::domain::nature::Nature::OperationalTactical,
                    imminent_threat: false,
                    poc_threat: false,
                },
                received_by: String::new(),
                why: String::new(),
                handled: None,
            },
            FormKind::EditEntity => Change::EntityDetailsEdited {
                details: crate::domain::entity::EntityDetails {
                    name: String::new(),
                    kind: EntityKind::OtherNonUnCivilian,
                    mandate: String::new(),
                    contacts: Vec::new(),
                    sub_components: Vec::new(),
                    handling_standards: None,
                    marking: crate::domain::marking::Marking::un(
                        crate::domain::marking::Classification::Unclassified,
                    ),
                },
                reason: String::new(),
            },
            FormKind::MergeEntities => Change::EntitiesMerged {
                into: id(),
                reason: String::new(),
            },
            FormKind::UnRouting => Change::UnRoutingRecorded {
                routing: UnRouting::default(),
            },
            FormKind::RegisterEntity | FormKind::ConfirmHandlingStandards => {
                Change::HandlingStandardsConfirmed
            }
            FormKind::ExcludeSubComponent => Change::SubComponentExcluded {
                name: String::new(),
                reason: String::new(),
            },
            FormKind::StartSharingAssessment | FormKind::StartReceiptAssessment => {
                Change::ReceiptAssessmentStarted {
                    entity: id(),
                    overview: crate::domain::assessment_receipt::ReceiptOverview {
                        mandate: String::new(),
                        involvement: String::new(),
                        interests_and_motivations: String::new(),
                        why_it_shares: String::new(),
                        expected_action: String::new(),
                        reliability: crate::domain::grades::Reliability::E,
                    },
                    marking: None,
                }
            }
            FormKind::SharingHumanRights | FormKind::ReceiptHumanRights => {
                Change::SharingAssessmentHumanRightsRecorded {
                    part: HumanRightsRiskAssessment {
                        method: crate::domain::assessment_sharing::HumanRightsMethod::Hrddp,
                        findings: String::new(),
                        conclusion: crate::domain::assessment_sharing::RiskConclusion::Acceptable,
                        mitigation_measures: Vec::new(),
                    },
                }
            }
            FormKind::ConfirmMitigation => Change::MitigationConfirmed { index: 0 },
            FormKind::ReportBreach => Change::BreachReported {
                report: crate::domain::breach::BreachReport {
                    entity: id(),
                    share: None,
                    suspected: true,
                    description: String::new(),
                    marking: crate::domain::marking::Marking::un(
                        crate::domain::marking::Classification::Confidential,
                    ),
                },
            },
            FormKind::ConcludeInvestigation => Change::InvestigationConcluded {
                investigation: crate::domain::breach::Investigation {
                    outcome: crate::domain::breach::InvestigationOutcome::Negative,
                    summary: String::new(),
                    resumption_terms: String::new(),
                    resume_up_to: None,
                    case_by_case: false,
                    terms_until: None,
                },
            },
            FormKind::PreAuthorise
            | FormKind::RenewPreAuthorisation
            | FormKind::RevokePreAuthorisation => Change::PreAuthorisationRenewed,
            FormKind::Settings => Change::SettingsChanged {
                settings: MissionSettings::new(""),
            },
            FormKind::Delegation => Change::DelegationChanged {
                delegation: Default::default(),
                instruction: None,
            },
            FormKind::AddUser
            | FormKind::UserRoles
            | FormKind::DisableUser
            | FormKind::FindUser => Change::UserDisabled,
            FormKind::ChangePassphrase | FormKind::BrowseFilter => return ("", Vec::new()),
        };
        required_roles(&change)
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
        FormKind::FastPath => receipt::fast_path(cx),
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
        FormKind::Delegation => admin::delegation(cx),
        FormKind::AddUser => admin::add_user(cx),
        FormKind::UserRoles => admin::user_roles(target, cx),
        FormKind::DisableUser => admin::disable_user(target, cx),
        FormKind::ChangePassphrase => admin::passphrase(cx),
        FormKind::FindUser => admin::find_user(cx),
        FormKind::BrowseFilter => admin::browse_filter(cx),
    }
}

/// Validates a form and builds what it submits; errors go beside the fields.
pub fn submit(form: &mut Form) -> Submit {
    form.clear_errors();
    let result = match form.kind {
        FormKind::FastPath => receipt::submit_fast_path(form),
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
        FormKind::Delegation => admin::submit_delegation(form),
        FormKind::AddUser => admin::submit_add_user(form),
        FormKind::UserRoles => admin::submit_user_roles(form),
        FormKind::DisableUser => admin::submit_disable_user(form),
        FormKind::ChangePassphrase => admin::submit_passphrase(form),
        FormKind::FindUser => admin::submit_find_user(form),
        FormKind::BrowseFilter => admin::submit_browse_filter(form),
    };
    if form.has_errors() {
        form.focus_first_error();
        Submit::Invalid
    } else {
        result
    }
}
