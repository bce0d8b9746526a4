//! Every change to the registry, as the payload of one event. Names are facts in the past
//! tense; who and when come from the event, not from here.

use super::assessment_receipt::{HumanRightsScan, ReceiptOverview};
use super::assessment_sharing::{HumanRightsRiskAssessment, SharingOverview};
use super::breach::{BreachReport, Investigation};
use super::conflict::EventRef;
use super::correction::AmendedField;
use super::entity::EntityDetails;
use super::entity_review::{RevisionFinding, TortureRefusalCommunication};
use super::follow_up::ActionTaken;
use super::ids::{RecordId, RecordKind, Time};
use super::marking::{Classification, Marking};
use super::monitoring::{Incident, SuspensionOutcome};
use super::pre_authorisation::PreAuthorisationTerms;
use super::receipt::{
    AlertRecipient, Dissemination, IncomingReceipt, OnwardSharingApproval, ReceiptCapture,
    Rejection,
};
use super::receipt_scan::IntelligenceReceiptScan;
use super::risk_assessment::SharingRiskAssessment;
use super::role::Role;
use super::settings::{DelegationMatrix, MissionSettings};
use super::share::{ConditionsAcceptance, OutgoingShare, ShareDraft, UnRouting};
use super::station::{BundleKind, Holding};
use serde::{Deserialize, Serialize};

/// `ChangeKind` is the same list without the payloads: what permissions are asked about
/// (`domain::access::required_roles`) and what a form declares it submits, so nobody builds a
/// change with empty fields just to ask who may record it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, strum::EnumDiscriminants)]
#[strum_discriminants(
    name(ChangeKind),
    vis(pub),
    derive(Hash, PartialOrd, Ord, strum::EnumIter)
)]
#[serde(rename_all = "snake_case", tag = "change")]
pub enum Change {
    // Mission
    RegistryInitialised {
        settings: MissionSettings,
    },
    SettingsChanged {
        settings: MissionSettings,
    },
    /// The Head of Mission's delegation of the authority to share and to disseminate (G 8 a–b,
    /// G 9 a–b), each rule citing the Mission PKI Support Plan. Recorded by the HoM, or by the
    /// IM FP on the HoM's written instruction (its reference in `instruction`).
    DelegationChanged {
        delegation: DelegationMatrix,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        instruction: Option<String>,
    },

    // People (targets `USR-<name>`); passphrase hashes are never part of an event.
    UserAdded {
        name: String,
        roles: Vec<Role>,
        clearance: Classification,
    },
    UserDisabled,
    UserRolesChanged {
        roles: Vec<Role>,
    },
    PassphraseChanged,

    // Entities
    EntityRegistered {
        details: EntityDetails,
    },
    SubComponentExcluded {
        name: String,
        reason: String,
    },
    HandlingStandardsConfirmed,

    // Entity Assessment for Sharing (Annex A)
    SharingAssessmentStarted {
        entity: RecordId,
        overview: SharingOverview,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        marking: Option<Marking>,
    },
    SharingAssessmentHumanRightsRecorded {
        part: HumanRightsRiskAssessment,
    },
    MitigationConfirmed {
        index: usize,
    },

    // Entity Assessment for Receipt (Annex D)
    ReceiptAssessmentStarted {
        entity: RecordId,
        overview: ReceiptOverview,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        marking: Option<Marking>,
    },
    ReceiptAssessmentHumanRightsRecorded {
        scan: HumanRightsScan,
    },

    // Outgoing shares
    ShareDrafted {
        draft: ShareDraft,
    },
    SanitisationConfirmed,
    SharingRiskAssessed {
        assessment: SharingRiskAssessment,
    },
    UnRoutingRecorded {
        routing: UnRouting,
    },
    ShareDecided {
        authorise: bool,
        authority: Role,
        reason: String,
        /// The pre-authorised list entry relied on instead of a risk assessment (G 8.1.8).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pre_authorisation: Option<RecordId>,
        /// When the decision was taken, as stated; `None`: when it is recorded.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        decided_at: Option<Time>,
    },
    ConditionsAccepted {
        acceptance: ConditionsAcceptance,
    },
    ShareMarkedShared {
        shared_at: Time,
    },
    ShareWithdrawn {
        reason: String,
    },
    /// G 8.1.5: the entity asks to pass the shared product onward.
    OnwardRequestRecorded {
        request: super::originator_control::OnwardRequest,
    },
    /// G 8.1.5: the competent authority's written approval or refusal of request `index`.
    OnwardRequestAnswered {
        index: usize,
        answer: super::originator_control::OnwardAnswer,
    },

    // Incoming receipts
    ReceiptRegistered {
        capture: ReceiptCapture,
    },
    AlertRecorded {
        to: AlertRecipient,
        at: Time,
    },
    ReceiptScanned {
        scan: IntelligenceReceiptScan,
    },
    ReceiptCleared {
        /// The pre-authorised receipt entry relied on instead of a scan (G 9.10).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pre_authorisation: Option<RecordId>,
    },
    /// A dissemination to free-text recipients: logs written before the list of people
    /// (G 9.7); read, no longer recorded.
    DisseminationDecided {
        dissemination: Dissemination,
    },
    /// The competent authority's dissemination to a list of registered users, each cleared
    /// for the product (G 9.7, P 11.3.3).
    DisseminationToPeopleDecided {
        dissemination: Dissemination,
    },
    ReceiptRejected {
        rejection: Rejection,
    },
    OnwardSharingApproved {
        approval: OnwardSharingApproval,
    },
    /// A Human Rights officer acknowledged the G 9.9 notice of a rejected product, with what
    /// the component does about it.
    HumanRightsNoticeAcknowledged {
        response: String,
    },
    /// What the mission did with a received product, and what corroborated it (G C
    /// "Registers" a, G 9.13).
    ActionRecorded {
        action: ActionTaken,
    },

    // Breaches (G 8.1.10)
    BreachReported {
        report: BreachReport,
    },
    InvestigationConcluded {
        investigation: Investigation,
    },

    // Pre-authorised lists (G 8.1.8, G 9.10)
    PreAuthorised {
        terms: PreAuthorisationTerms,
    },
    /// Renewed with one key press: kept so that older logs replay; new reviews record
    /// `PreAuthorisationReviewed`.
    PreAuthorisationRenewed,
    /// The periodic review, with what the reviewer confirmed and the scope from now on.
    PreAuthorisationReviewed {
        review: super::pre_authorisation_scope::PreAuthorisationReview,
    },
    PreAuthorisationRevoked {
        reason: String,
    },

    // Registration after the fact (G 8.1.9, G 9.11)
    /// A share made verbally or informally, registered afterwards: who shared it, when, with
    /// whom, what, by what channel, who authorised it if anyone, and why it was informal.
    ShareRegisteredAfterTheFact {
        draft: ShareDraft,
        shared_at: Time,
        shared_by: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        authorised_by: Option<String>,
        why: String,
    },
    /// A product received earlier and registered late; it then follows the G 9 workflow —
    /// unless its handling is over (a product carried over from an earlier register): then
    /// `handled` says what was done with it, as recorded, and it is registered closed.
    ReceiptRegisteredAfterTheFact {
        capture: ReceiptCapture,
        received_by: String,
        why: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        handled: Option<String>,
    },

    // The imminent-threat determination (G 9.1), made or revised after registration.
    ThreatDetermined {
        imminent: bool,
        /// When it was determined, as stated.
        at: Time,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        reason: String,
    },

    // Corrections and voids (G C Registers): append-only, with a reason.
    ShareAmended {
        amendment: AmendedField,
        reason: String,
    },
    ReceiptAmended {
        amendment: AmendedField,
        reason: String,
    },
    ShareVoided {
        reason: String,
    },
    ReceiptVoided {
        reason: String,
    },

    // Entities that stay right
    EntityDetailsEdited {
        details: EntityDetails,
        reason: String,
    },
    /// The targeted entity is the same as `into`: its records follow `into`.
    EntitiesMerged {
        into: RecordId,
        reason: String,
    },

    /// A closed record carried over from a mission's earlier registers (the spreadsheets the
    /// registry replaces): registered as it was, already shared / disseminated / declined /
    /// rejected, so the registry's history is whole.
    LegacyRecordRegistered {
        record: LegacyRecord,
    },

    // Active monitoring of entities (G 8.1.2.3, G 9.5.2); targets the entity.
    /// An incident or development concerning the entity.
    IncidentRecorded {
        incident: Incident,
    },
    /// The entity's assessments in force are suspended at once, pending a review.
    AssessmentsSuspended {
        reason: String,
        /// The incident (its index on the entity) the suspension answers, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        incident: Option<usize>,
    },
    /// The review of suspension `index` lifted or confirmed it.
    SuspensionReviewed {
        index: usize,
        outcome: SuspensionOutcome,
        finding: String,
    },
    /// G 9.9: the Head of Mission formally communicated to the entity that the UN will not
    /// receive intelligence obtained under torture or other grave violations.
    TortureRefusalCommunicated {
        communication: TortureRefusalCommunication,
    },
    /// The periodic revision of the entity: the pattern found and the action decided (G 9.13,
    /// G C "Registers" d).
    RevisionRecorded {
        revision: RevisionFinding,
    },

    // Stations and the sneakernet (targets `STN-<station>`, `KNW-<station>`, `CFL-<record>`).
    /// This station's keys were made (public parts only; the secrets never enter the log).
    StationKeysCreated {
        station: String,
        age_recipient: String,
        signing_key: String,
    },
    /// A peer station is trusted with these keys, up to this clearance.
    StationTrusted {
        station: String,
        age_recipient: String,
        signing_key: String,
        clearance: Classification,
    },
    /// Break-glass: this station's age identity was written out of the registry.
    IdentityExported {
        protected: bool,
    },
    /// A bundle was written for the peer.
    BundleExported {
        kind: BundleKind,
        number: u64,
        hash: String,
        /// Per station, the last event the bundle carries (changes and snapshots).
        through: Vec<Holding>,
        events: u64,
        withheld: u64,
        highest: Classification,
    },
    /// A person dismissed bundle `number` from this peer, quarantined because it carried a
    /// history conflicting with this registry's (a fork); nothing of it was applied.
    QuarantineDismissed {
        number: u64,
        /// SHA-256 of its manifest, hex.
        hash: String,
        /// Why it had been set aside.
        reason: String,
    },
    /// The peer's acknowledgement of what it holds arrived.
    AcknowledgementReceived {
        number: u64,
        hash: String,
        holdings: Vec<Holding>,
    },
    /// A bundle from `from` was applied; this station now holds `holdings`. `seq` is this
    /// event's own sequence number at its station (what it had seen stops there).
    BundleImported {
        from: String,
        kind: BundleKind,
        number: u64,
        hash: String,
        holdings: Vec<Holding>,
        seq: u64,
    },
    /// The IM FP resolved the changes of a conflict between stations.
    ConflictResolved {
        note: String,
        covers: Vec<EventRef>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegacyRecord {
    Share(Box<OutgoingShare>),
    Receipt(Box<IncomingReceipt>),
}

impl Change {
    /// Which change this is, without its payload.
    pub fn kind(&self) -> ChangeKind {
        self.into()
    }

    /// The kind of record this change creates, if it creates one (the store then allocates
    /// the id); otherwise the change targets an existing record.
    pub fn creates(&self) -> Option<RecordKind> {
        Some(match self {
            Change::EntityRegistered { .. } => RecordKind::Entity,
            Change::SharingAssessmentStarted { .. } => RecordKind::EntityAssessmentSharing,
            Change::ReceiptAssessmentStarted { .. } => RecordKind::EntityAssessmentReceipt,
            Change::ShareDrafted { .. } => RecordKind::Share,
            Change::ReceiptRegistered { .. } => RecordKind::Receipt,
            Change::ShareRegisteredAfterTheFact { .. } => RecordKind::Share,
            Change::ReceiptRegisteredAfterTheFact { .. } => RecordKind::Receipt,
            Change::BreachReported { .. } => RecordKind::Breach,
            Change::PreAuthorised { .. } => RecordKind::PreAuthorisation,
            Change::LegacyRecordRegistered { record } => match record {
                LegacyRecord::Share(_) => RecordKind::Share,
                LegacyRecord::Receipt(_) => RecordKind::Receipt,
            },
            _ => return None,
        })
    }

    /// The kind of record a targeting change applies to.
    pub fn targets(&self) -> RecordKind {
        if let Some(kind) = self.creates() {
            return kind;
        }
        match self {
            Change::RegistryInitialised { .. }
            | Change::SettingsChanged { .. }
            | Change::DelegationChanged { .. } => RecordKind::Settings,
            Change::UserAdded { .. }
            | Change::UserDisabled
            | Change::UserRolesChanged { .. }
            | Change::PassphraseChanged => RecordKind::User,
            Change::SubComponentExcluded { .. }
            | Change::HandlingStandardsConfirmed
            | Change::EntityDetailsEdited { .. }
            | Change::EntitiesMerged { .. }
            | Change::IncidentRecorded { .. }
            | Change::AssessmentsSuspended { .. }
            | Change::SuspensionReviewed { .. }
            | Change::TortureRefusalCommunicated { .. }
            | Change::RevisionRecorded { .. } => RecordKind::Entity,
            Change::ShareAmended { .. } | Change::ShareVoided { .. } => RecordKind::Share,
            Change::ReceiptAmended { .. }
            | Change::ReceiptVoided { .. }
            | Change::ThreatDetermined { .. } => RecordKind::Receipt,
            Change::SharingAssessmentHumanRightsRecorded { .. }
            | Change::MitigationConfirmed { .. } => RecordKind::EntityAssessmentSharing,
            Change::ReceiptAssessmentHumanRightsRecorded { .. } => {
                RecordKind::EntityAssessmentReceipt
            }
            Change::SanitisationConfirmed
            | Change::SharingRiskAssessed { .. }
            | Change::UnRoutingRecorded { .. }
            | Change::ShareDecided { .. }
            | Change::ConditionsAccepted { .. }
            | Change::ShareMarkedShared { .. }
            | Change::ShareWithdrawn { .. }
            | Change::OnwardRequestRecorded { .. }
            | Change::OnwardRequestAnswered { .. } => RecordKind::Share,
            Change::AlertRecorded { .. }
            | Change::ReceiptScanned { .. }
            | Change::ReceiptCleared { .. }
            | Change::DisseminationDecided { .. }
            | Change::DisseminationToPeopleDecided { .. }
            | Change::ReceiptRejected { .. }
            | Change::OnwardSharingApproved { .. }
            | Change::HumanRightsNoticeAcknowledged { .. }
            | Change::ActionRecorded { .. } => RecordKind::Receipt,
            Change::InvestigationConcluded { .. } => RecordKind::Breach,
            Change::PreAuthorisationRenewed
            | Change::PreAuthorisationReviewed { .. }
            | Change::PreAuthorisationRevoked { .. } => RecordKind::PreAuthorisation,
            Change::StationKeysCreated { .. }
            | Change::StationTrusted { .. }
            | Change::IdentityExported { .. }
            | Change::BundleExported { .. }
            | Change::QuarantineDismissed { .. }
            | Change::AcknowledgementReceived { .. } => RecordKind::Station,
            Change::BundleImported { .. } => RecordKind::Knowledge,
            Change::ConflictResolved { .. } => RecordKind::Conflict,
            _ => unreachable!("creating changes are answered above"),
        }
    }

    /// The marking a creating change declares for its new record, if it declares one.
    pub fn declared_level(&self) -> Option<Classification> {
        Some(match self {
            Change::EntityRegistered { details } => details.marking.level,
            Change::SharingAssessmentStarted { marking, .. }
            | Change::ReceiptAssessmentStarted { marking, .. } => marking.as_ref()?.level,
            Change::ShareDrafted { draft } => draft.product.marking.level,
            Change::ReceiptRegistered { capture }
            | Change::ReceiptRegisteredAfterTheFact { capture, .. } => capture.marking.level,
            Change::ShareRegisteredAfterTheFact { draft, .. } => draft.product.marking.level,
            Change::BreachReported { report } => report.marking.level,
            Change::PreAuthorised { terms } => terms.marking.level,
            Change::LegacyRecordRegistered { record } => match record {
                LegacyRecord::Share(s) => s.draft.product.marking.level,
                LegacyRecord::Receipt(r) => r.capture.marking.level,
            },
            _ => return None,
        })
    }

    /// A short description for timelines and logs.
    pub fn describe(&self) -> &'static str {
        match self {
            Change::RegistryInitialised { .. } => "registry initialised",
            Change::SettingsChanged { .. } => "mission settings changed",
            Change::DelegationChanged { .. } => "delegation of authority changed (Support Plan)",
            Change::UserAdded { .. } => "user added",
            Change::UserDisabled => "user disabled",
            Change::UserRolesChanged { .. } => "user's roles changed",
            Change::PassphraseChanged => "passphrase changed",
            Change::EntityRegistered { .. } => "entity registered",
            Change::SubComponentExcluded { .. } => "sub-component excluded from sharing",
            Change::HandlingStandardsConfirmed => "entity's handling standards confirmed",
            Change::SharingAssessmentStarted { .. } => {
                "Entity Assessment for Sharing: overview recorded"
            }
            Change::SharingAssessmentHumanRightsRecorded { .. } => {
                "Entity Assessment for Sharing: human rights assessment recorded"
            }
            Change::MitigationConfirmed { .. } => "mitigation measure confirmed in place",
            Change::ReceiptAssessmentStarted { .. } => {
                "Entity Assessment for Receipt: overview recorded"
            }
            Change::ReceiptAssessmentHumanRightsRecorded { .. } => {
                "Entity Assessment for Receipt: human rights scan recorded"
            }
            Change::ShareDrafted { .. } => "share drafted",
            Change::SanitisationConfirmed => "sanitisation confirmed",
            Change::SharingRiskAssessed { .. } => "Sharing Risk Assessment recorded",
            Change::UnRoutingRecorded { .. } => "routing to non-mission UN entity recorded",
            Change::ShareDecided {
                authorise: true, ..
            } => "sharing authorised",
            Change::ShareDecided { .. } => "sharing declined",
            Change::ConditionsAccepted { .. } => "written acceptance of conditions recorded",
            Change::ShareMarkedShared { .. } => "shared",
            Change::ShareWithdrawn { .. } => "share withdrawn",
            Change::OnwardRequestRecorded { .. } => {
                "entity's request to pass the product onward recorded"
            }
            Change::OnwardRequestAnswered { answer, .. } => {
                if answer.approved {
                    "onward passing approved in writing"
                } else {
                    "onward passing refused in writing"
                }
            }
            Change::ReceiptRegistered { .. } => "receipt registered",
            Change::AlertRecorded { .. } => "alert recorded",
            Change::ReceiptScanned { .. } => "Intelligence Receipt Scan recorded",
            Change::ReceiptCleared { .. } => "cleared for mission consumption",
            Change::DisseminationDecided { .. } | Change::DisseminationToPeopleDecided { .. } => {
                "dissemination decided"
            }
            Change::ReceiptRejected { .. } => "receipt rejected",
            Change::OnwardSharingApproved { .. } => "originator's onward-sharing approval recorded",
            Change::BreachReported { .. } => "breach reported",
            Change::InvestigationConcluded { .. } => "breach investigation concluded",
            Change::PreAuthorised { .. } => "pre-authorised list entry created",
            Change::PreAuthorisationRenewed => "pre-authorised list entry reviewed and renewed",
            Change::PreAuthorisationReviewed { .. } => {
                "pre-authorised list entry reviewed (checklist) and renewed"
            }
            Change::PreAuthorisationRevoked { .. } => "pre-authorised list entry revoked",
            Change::LegacyRecordRegistered { .. } => "record registered from an earlier register",
            Change::ShareRegisteredAfterTheFact { .. } => {
                "shared informally — registered after the fact"
            }
            Change::ReceiptRegisteredAfterTheFact { .. } => {
                "receipt registered late (after the fact)"
            }
            Change::ThreatDetermined { imminent: true, .. } => "determined: imminent threat",
            Change::ThreatDetermined { .. } => "determined: not an imminent threat",
            Change::ShareAmended { .. } | Change::ReceiptAmended { .. } => "amended",
            Change::ShareVoided { .. } | Change::ReceiptVoided { .. } => {
                "voided (registered in error)"
            }
            Change::EntityDetailsEdited { .. } => "entity's details edited",
            Change::EntitiesMerged { .. } => "merged into another entity (the same entity)",
            Change::HumanRightsNoticeAcknowledged { .. } => {
                "G 9.9 notice acknowledged by the Human Rights Component"
            }
            Change::ActionRecorded { .. } => "action taken recorded, with its corroboration",
            Change::IncidentRecorded { .. } => "incident or development recorded",
            Change::TortureRefusalCommunicated { .. } => {
                "HoM communicated: no intelligence obtained under torture will be received (G 9.9)"
            }
            Change::RevisionRecorded { .. } => {
                "periodic revision recorded, with the action decided"
            }
            Change::AssessmentsSuspended { .. } => "entity's assessments suspended",
            Change::SuspensionReviewed {
                outcome: SuspensionOutcome::Lifted,
                ..
            } => "suspension lifted on review",
            Change::SuspensionReviewed { .. } => "suspension confirmed on review",
            Change::StationKeysCreated { .. } => "station keys made",
            Change::StationTrusted { .. } => "station trusted",
            Change::IdentityExported { .. } => "station's age identity exported (break-glass)",
            Change::BundleExported { .. } => "bundle exported",
            Change::AcknowledgementReceived { .. } => "acknowledgement received",
            Change::QuarantineDismissed { .. } => "quarantined bundle dismissed",
            Change::BundleImported { .. } => "bundle imported",
            Change::ConflictResolved { .. } => "conflict between stations resolved",
        }
    }
}
