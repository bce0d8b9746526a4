//! The store's derived state (records and the urgent / pending / overdue indexes) is always
//! exactly what replaying the event log gives, whatever sequence of changes people attempt.
//!
//! Random sequences of operations — most of them refused by the Guidelines' rules, many
//! allowed — are driven through a real `Store` on a temporary redb file, with a `FixedClock`
//! that moves forward by random amounts (sometimes past review dates and urgent time limits).
//! Every operation is also run against the in-memory registry (the same guards and `apply`,
//! no redb), which must allow or refuse it alike. After every operation the derived tables
//! must equal a replay of the log; after every case the queues must survive a rebuild and a
//! reopen unchanged and equal a recomputation from the replayed records.

use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};
use registrar::domain::answer::Answer;
use registrar::domain::assessment_receipt::{
    ANNEX_D_HUMAN_RIGHTS, HumanRightsScan, ReceiptOverview,
};
use registrar::domain::assessment_sharing::{
    HumanRightsMethod, HumanRightsRiskAssessment, MitigationMeasure, RiskConclusion,
    SharingOverview,
};
use registrar::domain::breach::{BreachReport, Investigation, InvestigationOutcome};
use registrar::domain::change::{Change, LegacyRecord};
use registrar::domain::correction::AmendedField;
use registrar::domain::entity::{EntityDetails, EntityKind, HandlingStandards, SubComponent};
use registrar::domain::entity_review::{
    RevisionAction, RevisionFinding, TortureRefusalCommunication,
};
use registrar::domain::follow_up::{ActionTaken, HumanRightsNotice};
use registrar::domain::grades::{Credibility, Reliability};
use registrar::domain::guards;
use registrar::domain::ids::{RecordId, RecordKind, Time, settings_id};
use registrar::domain::marking::{Classification, Marking};
use registrar::domain::memory::MemoryRegistry;
use registrar::domain::monitoring::{Incident, SuspensionOutcome};
use registrar::domain::nature::Nature;
use registrar::domain::need_to_know::Listed;
use registrar::domain::pre_authorisation::{Direction, PreAuthorisationTerms};
use registrar::domain::queue::{Queue, QueueItem, placements, present};
use registrar::domain::receipt::{
    AlertRecipient, Dissemination, IncomingReceipt, OnwardSharingApproval, ReceiptCapture,
    ReceiptState, Rejection,
};
use registrar::domain::receipt_scan::{ANNEX_E, IntelligenceReceiptScan};
use registrar::domain::record::Record;
use registrar::domain::risk_assessment::{
    ANNEX_B, AcquiringOfficeConsultation, SharingRiskAssessment,
};
use registrar::domain::role::Role;
use registrar::domain::settings::{Decision, MissionSettings};
use registrar::domain::share::{
    Channel, ConditionsAcceptance, Extent, OutgoingShare, Product, ShareDraft, ShareState,
    UnRouting,
};
use registrar::domain::user::user_id;
use registrar::domain::view::{MemoryView, RegistryView};
use registrar::store::{Clock, Command, ExecuteError, FixedClock, Store};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const STATION: &str = "TEST-1";

/// Who acts, on which record (none for a change that creates one), and the change.
type Step = (&'static str, Option<RecordId>, Change);

fn t0() -> Time {
    DateTime::parse_from_rfc3339("2026-01-05T06:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

// ------------------------------------------------------------------------ operations

/// A record chosen among those of one kind that exist when the operation runs: usually one
/// of the last few (so workflows get carried forward), otherwise any.
#[derive(Clone, Debug)]
struct Pick {
    index: Index,
    recent: bool,
}

impl Pick {
    fn choose<'a>(&self, ids: &'a [RecordId]) -> Option<&'a RecordId> {
        if ids.is_empty() {
            return None;
        }
        if self.recent {
            let n = ids.len().min(3);
            Some(&ids[ids.len() - n + self.index.index(n)])
        } else {
            Some(&ids[self.index.index(ids.len())])
        }
    }
}

#[derive(Clone, Copy, Debug)]
enum Along {
    Share,
    Receipt,
    /// Towards sharing with it and receiving from it, one or the other first.
    Entity {
        receipt_first: bool,
    },
    Breach,
}

#[derive(Clone, Debug)]
enum Op {
    /// Time passes; now and then the station's clock is set back instead (the log's hybrid
    /// logical clock keeps event times increasing).
    Wait {
        seconds: i64,
    },
    RegisterEntity {
        kind: EntityKind,
        level: Classification,
        handling_standards: bool,
        sub_component: bool,
        blank_name: bool,
    },
    ConfirmHandlingStandards {
        entity: Pick,
    },
    ExcludeSubComponent {
        entity: Pick,
    },
    StartSharingAssessment {
        entity: Pick,
        level: Option<Classification>,
    },
    CompleteSharingAssessment {
        assessment: Pick,
        conclusion: RiskConclusion,
        full_hrddp: bool,
        mitigations: usize,
    },
    ConfirmMitigation {
        assessment: Pick,
        index: usize,
    },
    StartReceiptAssessment {
        entity: Pick,
        reliability: Reliability,
    },
    CompleteReceiptAssessment {
        assessment: Pick,
        answers: usize,
    },
    DraftShare {
        recipient: Pick,
        nature: Nature,
        level: Classification,
        urgent: bool,
        poc: bool,
        partial: bool,
        derived_from: Option<Pick>,
    },
    Sanitise {
        share: Pick,
    },
    AssessRisk {
        share: Pick,
        acceptable: bool,
        office_consulted: bool,
    },
    Route {
        share: Pick,
        complete: bool,
    },
    Decide {
        share: Pick,
        authorise: bool,
        right_authority: bool,
        pre_authorisation: Option<Pick>,
    },
    AcceptConditions {
        share: Pick,
        complete: bool,
    },
    MarkShared {
        share: Pick,
    },
    Withdraw {
        share: Pick,
    },
    /// G 8.1.5: the entity asks to pass a shared product onward; the authority answers.
    OnwardRequest {
        share: Pick,
    },
    OnwardAnswer {
        share: Pick,
        approved: bool,
        hom: bool,
    },
    RegisterReceipt {
        source: Pick,
        originator: Option<Pick>,
        nature: Nature,
        level: Classification,
        imminent: bool,
        poc: bool,
        minutes_ago: i64,
    },
    Alert {
        receipt: Pick,
        to: AlertRecipient,
    },
    Scan {
        receipt: Pick,
        grave_violations: bool,
        red_flag: Option<bool>,
        credibility: Credibility,
    },
    Clear {
        receipt: Pick,
        pre_authorisation: Option<Pick>,
    },
    Disseminate {
        receipt: Pick,
        right_authority: bool,
        flag: bool,
        /// The list also names a person cleared only to Confidential (G 9.7).
        uncleared: bool,
        /// Disseminated this long ago, as stated (G 9.7); `None`: when recorded.
        minutes_ago: Option<i64>,
    },
    Reject {
        receipt: Pick,
        grave_violations: bool,
        human_rights_informed: bool,
    },
    ApproveOnward {
        receipt: Pick,
        to: Pick,
    },
    ReportBreach {
        entity: Pick,
        share: Option<Pick>,
        suspected: bool,
    },
    /// Active monitoring (G 8.1.2.3, G 9.5.2).
    RecordIncident {
        entity: Pick,
        days_ago: i64,
    },
    Suspend {
        entity: Pick,
        incident: Option<usize>,
    },
    ReviewSuspension {
        entity: Pick,
        index: usize,
        lift: bool,
    },
    /// G 9.9 after the fact and per entity, G 9.13 (issue 9).
    AcknowledgeNotice {
        receipt: Pick,
    },
    RecordAction {
        receipt: Pick,
        corroborated: bool,
    },
    CommunicateTortureRefusal {
        entity: Pick,
        days_ago: i64,
    },
    Revise {
        entity: Pick,
        days: i64,
        action: usize,
    },
    Conclude {
        breach: Pick,
        positive: bool,
    },
    PreAuthorise {
        entity: Pick,
        direction: Direction,
        max: Classification,
    },
    Renew {
        entry: Pick,
    },
    Revoke {
        entry: Pick,
    },
    ChangeSettings {
        review_interval_days: i64,
        urgent_receipt_minutes: i64,
    },
    /// The HoM's delegation (G 8 a): strategic shares to a delegate, citing the Support Plan
    /// or (to be refused) not.
    Delegate {
        cited: bool,
    },
    Legacy {
        recipient: Pick,
        state: ShareState,
    },
    /// A change with no one named as actor.
    Anonymous,
    // A truthful register: after the fact, stated times, determinations, corrections.
    ShareAfterTheFact {
        recipient: Pick,
        minutes_ago: i64,
        authorised: bool,
    },
    ReceiptLate {
        source: Pick,
        imminent: bool,
        minutes_ago: i64,
        /// Carried over already handled: registered closed.
        handled: bool,
    },
    DecideAt {
        share: Pick,
        minutes_ago: i64,
    },
    Determine {
        receipt: Pick,
        imminent: bool,
        minutes_ago: i64,
        reason: bool,
    },
    Amend {
        share_or_receipt: bool,
        record: Pick,
        field: u8,
        to: Pick,
    },
    Void {
        share_or_receipt: bool,
        record: Pick,
    },
    EditEntity {
        entity: Pick,
        kind: EntityKind,
        standards: bool,
    },
    Merge {
        entity: Pick,
        into: Pick,
    },
    /// The next step of a record's workflow, as a person who knows the rules would take it.
    Progress {
        along: Along,
        target: Pick,
    },
}

fn pick() -> impl Strategy<Value = Pick> {
    (any::<Index>(), prop::bool::weighted(0.6)).prop_map(|(index, recent)| Pick { index, recent })
}

fn kind() -> impl Strategy<Value = EntityKind> {
    prop::sample::select(EntityKind::ALL.to_vec())
}

fn level() -> impl Strategy<Value = Classification> {
    prop::sample::select(Classification::ALL.to_vec())
}

fn nature() -> impl Strategy<Value = Nature> {
    prop_oneof![Just(Nature::Strategic), Just(Nature::OperationalTactical)]
}

fn conclusion() -> impl Strategy<Value = RiskConclusion> {
    prop_oneof![
        4 => Just(RiskConclusion::Acceptable),
        2 => Just(RiskConclusion::AcceptableWithMitigation),
        1 => Just(RiskConclusion::NotAcceptable),
    ]
}

fn direction() -> impl Strategy<Value = Direction> {
    prop_oneof![Just(Direction::Sharing), Just(Direction::Receipt)]
}

fn alert_recipient() -> impl Strategy<Value = AlertRecipient> {
    prop::sample::select(vec![
        AlertRecipient::ForceCommander,
        AlertRecipient::PoliceCommissioner,
        AlertRecipient::ImFp,
        AlertRecipient::Dss,
        AlertRecipient::PocManager,
        AlertRecipient::HeadOfMission,
    ])
}

fn share_state() -> impl Strategy<Value = ShareState> {
    prop::sample::select(vec![
        ShareState::Draft,
        ShareState::Authorised,
        ShareState::Shared,
        ShareState::Declined,
        ShareState::Withdrawn,
    ])
}

/// An entity registration; `blank` is the chance its name is left blank (refused).
fn register_entity(blank: f64) -> impl Strategy<Value = Op> {
    (
        kind(),
        level(),
        prop::bool::weighted(0.2),
        prop::bool::weighted(0.2),
        prop::bool::weighted(blank),
    )
        .prop_map(
            |(kind, level, handling_standards, sub_component, blank_name)| Op::RegisterEntity {
                kind,
                level,
                handling_standards,
                sub_component,
                blank_name,
            },
        )
}

fn wait() -> impl Strategy<Value = Op> {
    prop_oneof![
        30 => 0i64..=600,
        30 => 600i64..=2 * 86_400,
        10 => 10 * 86_400i64..=120 * 86_400,
        3 => -2 * 86_400i64..=-1,
    ]
    .prop_map(|seconds| Op::Wait { seconds })
}

fn progress() -> impl Strategy<Value = Op> {
    (
        prop_oneof![
            4 => Just(Along::Share),
            4 => Just(Along::Receipt),
            3 => any::<bool>().prop_map(|receipt_first| Along::Entity { receipt_first }),
            1 => Just(Along::Breach),
        ],
        pick(),
    )
        .prop_map(|(along, target)| Op::Progress { along, target })
}

fn op() -> impl Strategy<Value = Op> {
    let entities = prop_oneof![
        register_entity(0.05),
        pick().prop_map(|entity| Op::ConfirmHandlingStandards { entity }),
        pick().prop_map(|entity| Op::ExcludeSubComponent { entity }),
        (pick(), prop::option::weighted(0.2, level()))
            .prop_map(|(entity, level)| Op::StartSharingAssessment { entity, level }),
        (pick(), conclusion(), prop::bool::weighted(0.8), 0usize..3).prop_map(
            |(assessment, conclusion, full_hrddp, mitigations)| Op::CompleteSharingAssessment {
                assessment,
                conclusion,
                full_hrddp,
                mitigations,
            }
        ),
        (pick(), 0usize..3)
            .prop_map(|(assessment, index)| Op::ConfirmMitigation { assessment, index }),
        (pick(), prop::sample::select(Reliability::ALL.to_vec())).prop_map(
            |(entity, reliability)| Op::StartReceiptAssessment {
                entity,
                reliability
            }
        ),
        (pick(), prop_oneof![5 => Just(6usize), 1 => 0usize..6]).prop_map(
            |(assessment, answers)| Op::CompleteReceiptAssessment {
                assessment,
                answers
            }
        ),
    ];
    let shares = prop_oneof![
        (
            pick(),
            nature(),
            level(),
            prop::bool::weighted(0.25),
            any::<bool>(),
            prop::bool::weighted(0.2),
            prop::option::weighted(0.15, pick()),
        )
            .prop_map(
                |(recipient, nature, level, urgent, poc, partial, derived_from)| {
                    Op::DraftShare {
                        recipient,
                        nature,
                        level,
                        urgent,
                        poc,
                        partial,
                        derived_from,
                    }
                }
            ),
        pick().prop_map(|share| Op::Sanitise { share }),
        (pick(), prop::bool::weighted(0.8), prop::bool::weighted(0.8)).prop_map(
            |(share, acceptable, office_consulted)| Op::AssessRisk {
                share,
                acceptable,
                office_consulted
            }
        ),
        (pick(), prop::bool::weighted(0.7))
            .prop_map(|(share, complete)| Op::Route { share, complete }),
        (
            pick(),
            prop::bool::weighted(0.8),
            prop::bool::weighted(0.7),
            prop::option::weighted(0.2, pick()),
        )
            .prop_map(|(share, authorise, right_authority, pre_authorisation)| {
                Op::Decide {
                    share,
                    authorise,
                    right_authority,
                    pre_authorisation,
                }
            }),
        (pick(), prop::bool::weighted(0.8))
            .prop_map(|(share, complete)| Op::AcceptConditions { share, complete }),
        pick().prop_map(|share| Op::MarkShared { share }),
        pick().prop_map(|share| Op::Withdraw { share }),
        pick().prop_map(|share| Op::OnwardRequest { share }),
        (pick(), any::<bool>(), prop::bool::weighted(0.7)).prop_map(|(share, approved, hom)| {
            Op::OnwardAnswer {
                share,
                approved,
                hom,
            }
        }),
        (pick(), share_state()).prop_map(|(recipient, state)| Op::Legacy { recipient, state }),
    ];
    let receipts = prop_oneof![
        (
            pick(),
            prop::option::weighted(0.15, pick()),
            nature(),
            level(),
            prop::bool::weighted(0.3),
            any::<bool>(),
            prop_oneof![4 => 0i64..=30, 1 => 30i64..=600, 1 => -20i64..=0],
        )
            .prop_map(
                |(source, originator, nature, level, imminent, poc, minutes_ago)| {
                    Op::RegisterReceipt {
                        source,
                        originator,
                        nature,
                        level,
                        imminent,
                        poc,
                        minutes_ago,
                    }
                }
            ),
        (pick(), alert_recipient()).prop_map(|(receipt, to)| Op::Alert { receipt, to }),
        (
            pick(),
            prop::bool::weighted(0.15),
            prop::option::weighted(0.25, prop::bool::weighted(0.7)),
            prop::sample::select(Credibility::ALL.to_vec()),
        )
            .prop_map(|(receipt, grave_violations, red_flag, credibility)| {
                Op::Scan {
                    receipt,
                    grave_violations,
                    red_flag,
                    credibility,
                }
            }),
        (pick(), prop::option::weighted(0.2, pick())).prop_map(|(receipt, pre_authorisation)| {
            Op::Clear {
                receipt,
                pre_authorisation,
            }
        }),
        (
            pick(),
            prop::bool::weighted(0.7),
            prop::bool::weighted(0.6),
            prop::option::weighted(0.5, -10i64..=120),
            prop::bool::weighted(0.3)
        )
            .prop_map(|(receipt, right_authority, flag, minutes_ago, uncleared)| {
                Op::Disseminate {
                    receipt,
                    right_authority,
                    flag,
                    uncleared,
                    minutes_ago,
                }
            }),
        (pick(), any::<bool>(), prop::bool::weighted(0.8)).prop_map(
            |(receipt, grave_violations, human_rights_informed)| Op::Reject {
                receipt,
                grave_violations,
                human_rights_informed,
            }
        ),
        (pick(), pick()).prop_map(|(receipt, to)| Op::ApproveOnward { receipt, to }),
    ];
    let others = prop_oneof![
        (pick(), prop::option::weighted(0.5, pick()), any::<bool>()).prop_map(
            |(entity, share, suspected)| Op::ReportBreach {
                entity,
                share,
                suspected
            }
        ),
        (pick(), prop::bool::weighted(0.7))
            .prop_map(|(breach, positive)| Op::Conclude { breach, positive }),
        (pick(), direction(), level()).prop_map(|(entity, direction, max)| Op::PreAuthorise {
            entity,
            direction,
            max
        }),
        pick().prop_map(|entry| Op::Renew { entry }),
        pick().prop_map(|entry| Op::Revoke { entry }),
        (
            prop_oneof![5 => 1i64..=366, 1 => -5i64..=0],
            prop_oneof![5 => 1i64..=600, 1 => Just(0i64)],
        )
            .prop_map(|(review_interval_days, urgent_receipt_minutes)| {
                Op::ChangeSettings {
                    review_interval_days,
                    urgent_receipt_minutes,
                }
            }),
        prop::bool::weighted(0.8).prop_map(|cited| Op::Delegate { cited }),
        Just(Op::Anonymous),
    ];
    let monitoring = prop_oneof![
        1 => (pick(), -1i64..=30).prop_map(|(entity, days_ago)| Op::RecordIncident { entity, days_ago }),
        2 => (pick(), prop::option::weighted(0.25, 0usize..3))
            .prop_map(|(entity, incident)| Op::Suspend { entity, incident }),
        4 => (pick(), prop_oneof![4 => Just(0usize), 1 => 0usize..3], any::<bool>())
            .prop_map(|(entity, index, lift)| Op::ReviewSuspension { entity, index, lift }),
    ];
    let follow_up = prop_oneof![
        1 => pick().prop_map(|receipt| Op::AcknowledgeNotice { receipt }),
        1 => (pick(), prop::bool::weighted(0.8))
            .prop_map(|(receipt, corroborated)| Op::RecordAction { receipt, corroborated }),
        1 => (pick(), -1i64..=30)
            .prop_map(|(entity, days_ago)| Op::CommunicateTortureRefusal { entity, days_ago }),
        1 => (pick(), -2i64..=120, 0usize..4)
            .prop_map(|(entity, days, action)| Op::Revise { entity, days, action }),
    ];
    let truth = prop_oneof![
        (pick(), prop_oneof![-10i64..=0, 0i64..=3000], any::<bool>()).prop_map(
            |(recipient, minutes_ago, authorised)| Op::ShareAfterTheFact {
                recipient,
                minutes_ago,
                authorised
            }
        ),
        (
            pick(),
            any::<bool>(),
            0i64..=3000,
            prop::bool::weighted(0.2)
        )
            .prop_map(|(source, imminent, minutes_ago, handled)| Op::ReceiptLate {
                source,
                imminent,
                minutes_ago,
                handled,
            }),
        (pick(), -10i64..=120).prop_map(|(share, minutes_ago)| Op::DecideAt { share, minutes_ago }),
        (
            pick(),
            any::<bool>(),
            -10i64..=300,
            prop::bool::weighted(0.8)
        )
            .prop_map(|(receipt, imminent, minutes_ago, reason)| Op::Determine {
                receipt,
                imminent,
                minutes_ago,
                reason
            }),
        (any::<bool>(), pick(), 0u8..6, pick()).prop_map(
            |(share_or_receipt, record, field, to)| Op::Amend {
                share_or_receipt,
                record,
                field,
                to
            }
        ),
        (any::<bool>(), pick()).prop_map(|(share_or_receipt, record)| Op::Void {
            share_or_receipt,
            record
        }),
        (pick(), kind(), any::<bool>()).prop_map(|(entity, kind, standards)| {
            Op::EditEntity {
                entity,
                kind,
                standards,
            }
        }),
        (pick(), pick()).prop_map(|(entity, into)| Op::Merge { entity, into }),
    ];
    prop_oneof![
        3 => wait(),
        8 => progress(),
        4 => entities,
        5 => shares,
        5 => receipts,
        2 => others,
        4 => truth,
        4 => monitoring,
        1 => follow_up,
    ]
}

/// A case: a few entities first (so that there is something to act on), then anything.
fn ops() -> impl Strategy<Value = Vec<Op>> {
    (
        prop::collection::vec(register_entity(0.0), 1..=4),
        prop::collection::vec(op(), 10..=56),
    )
        .prop_map(|(mut first, rest)| {
            first.extend(rest);
            first
        })
}

// ------------------------------------------------------------------------ content

fn details(n: usize, kind: EntityKind, level: Classification) -> EntityDetails {
    EntityDetails {
        name: format!("Entity {n} ({})", kind.key()),
        kind,
        mandate: "Security in the sector".into(),
        contacts: Vec::new(),
        sub_components: Vec::new(),
        handling_standards: None,
        marking: Marking::un(level),
    }
}

fn sharing_overview() -> SharingOverview {
    SharingOverview {
        mandate: "Territorial defence".into(),
        mandate_compatible: Answer::yes("Protection of civilians"),
        scope: "The whole entity".into(),
    }
}

fn human_rights(
    kind: EntityKind,
    conclusion: RiskConclusion,
    full_hrddp: bool,
    mitigations: usize,
) -> HumanRightsRiskAssessment {
    let right = if kind.needs_full_hrddp() {
        HumanRightsMethod::Hrddp
    } else {
        HumanRightsMethod::AdaptedHrddp
    };
    HumanRightsRiskAssessment {
        method: if full_hrddp {
            right
        } else {
            HumanRightsMethod::AdaptedHrddp
        },
        findings: "Reports of the Human Rights Division, last 24 months".into(),
        conclusion,
        mitigation_measures: (0..mitigations)
            .map(|i| MitigationMeasure {
                text: format!("Mitigation {i}"),
                in_place: None,
            })
            .collect(),
    }
}

fn receipt_overview(reliability: Reliability) -> ReceiptOverview {
    ReceiptOverview {
        mandate: "Public order".into(),
        involvement: "Deployed in the sector".into(),
        interests_and_motivations: "Mission support".into(),
        why_it_shares: "Shared threat".into(),
        expected_action: "None".into(),
        reliability,
    }
}

fn human_rights_scan(answers: usize) -> HumanRightsScan {
    HumanRightsScan {
        answers: ANNEX_D_HUMAN_RIGHTS
            .iter()
            .take(answers)
            .map(|q| Answer::unknown(q.key))
            .collect(),
    }
}

/// The series the generated products belong to: shares "JMAC/…", receipts "EXT/…".
fn generated_scope(direction: Direction) -> registrar::domain::pre_authorisation_scope::Scope {
    registrar::domain::pre_authorisation_scope::Scope {
        reference_prefix: match direction {
            Direction::Sharing => "JMAC/",
            Direction::Receipt => "EXT/",
        }
        .into(),
        natures: vec![Nature::Strategic, Nature::OperationalTactical],
    }
}

fn risk_assessment(acceptable: bool, office_consulted: bool) -> SharingRiskAssessment {
    SharingRiskAssessment {
        answers: ANNEX_B
            .iter()
            .map(|q| match q.key {
                // No previous issues; no substantial grounds of misuse (Annex B Q6, Q8).
                "previous_issues" | "violations_risk" => Answer::no(q.key),
                _ => Answer::yes(q.key),
            })
            .collect(),
        consulted: vec!["Human Rights Division".into()],
        acquiring_office: office_consulted.then(|| AcquiringOfficeConsultation {
            office: "JMAC Sector Centre".into(),
            supports_sharing: true,
            note: "Supports sharing".into(),
        }),
        risk_acceptable: acceptable,
        conclusion_note: "Concluded".into(),
        mitigations: String::new(),
        unknowns_justified: String::new(),
        previous_issues: Vec::new(),
    }
}

fn acceptance(complete: bool, on: Time) -> ConditionsAcceptance {
    ConditionsAcceptance {
        originator_control: true,
        use_limited: true,
        narrower_scope: None,
        no_violations: complete,
        marking_kept: complete,
        equivalent_handling: true,
        accepted_by: "Chief of liaison".into(),
        document: "Letter on file".into(),
        accepted_on: on,
    }
}

fn routing(complete: bool) -> UnRouting {
    let name = |s: &str| Some(s.to_string());
    UnRouting {
        head_of_office: name("Head of Office"),
        dss_official: name("Chief Security Adviser"),
        designated_official: if complete {
            name("Designated Official")
        } else {
            None
        },
        poc_manager_alerted: if complete {
            name("Senior PoC Adviser")
        } else {
            None
        },
    }
}

fn scan(
    grave_violations: bool,
    red_flag: Option<bool>,
    credibility: Credibility,
) -> IntelligenceReceiptScan {
    IntelligenceReceiptScan {
        answers: ANNEX_E
            .iter()
            .map(|q| {
                if q.key == "grave_violations" && grave_violations {
                    Answer::yes("Statements taken under duress")
                } else {
                    Answer::no(q.key)
                }
            })
            .collect(),
        credibility,
        red_flags: match red_flag {
            None => Vec::new(),
            Some(true) => vec!["single uncorroborated source".into()],
            Some(false) => vec!["not a listed flag".into()],
        },
        human_rights_consulted: true,
    }
}

/// A plain draft: full, not urgent, no PoC threat, drawing on no received product.
fn draft(n: usize, recipient: &RecordId, nature: Nature, level: Classification) -> ShareDraft {
    ShareDraft {
        product: Product {
            title: format!("Product {n}"),
            reference: format!("JMAC/{n:04}"),
            summary: "Sanitised summary".into(),
            marking: Marking::un(level),
            nature,
            poc_threat: false,
        },
        recipient: recipient.clone(),
        recipient_unit: None,
        extent: Extent::Full,
        channel: Channel::Electronic,
        urgent: false,
        derived_from: Vec::new(),
        acquiring_office: "JMAC Sector Centre".into(),
    }
}

fn other_authority(role: Role) -> Role {
    if role == Role::Hom {
        Role::Micm
    } else {
        Role::Hom
    }
}

// ------------------------------------------------------------------------ one case

#[derive(Clone, Copy, Debug, Default)]
struct Tally {
    applied: usize,
    refused: usize,
    /// Operations with nothing to act on (e.g. no share exists yet).
    skipped: usize,
    waits: usize,
}

struct Case {
    _dir: tempfile::TempDir,
    path: PathBuf,
    clock: Arc<FixedClock>,
    store: Store,
    memory: MemoryRegistry,
    ids: HashMap<RecordKind, Vec<RecordId>>,
    tally: Tally,
    made: usize,
    /// Once the clock has been set back, event times (from the hybrid logical clock) run
    /// ahead of the clock the rules see, so the in-memory registry, which stamps changes with
    /// the clock, can no longer follow: from then on it is only refreshed from the log.
    clock_set_back: bool,
}

impl Case {
    fn new() -> Result<Case, TestCaseError> {
        let dir = tempfile::tempdir()?;
        crate::common::quick_passphrases();
        let path = dir.path().join("registry.redb");
        let clock = Arc::new(FixedClock::new(t0()));
        let settings = MissionSettings::new("TEST");
        let store = Store::create(&path, STATION, settings.clone(), "admin", clock.clone())
            .map_err(|e| TestCaseError::fail(format!("creating the store: {e}")))?;
        let mut memory = MemoryRegistry::new(STATION);
        memory
            .execute(
                None,
                Change::RegistryInitialised { settings },
                "admin",
                t0(),
            )
            .map_err(|r| TestCaseError::fail(r.to_string()))?;
        // Who a dissemination may name (G 9.7): one person cleared for everything, one only
        // for Confidential (listing them on a Strictly Confidential product is refused).
        for (name, clearance) in [
            ("reader", Classification::StrictlyConfidential),
            ("junior", Classification::Confidential),
        ] {
            let change = Change::UserAdded {
                name: name.into(),
                roles: vec![Role::Legal],
                clearance,
            };
            let id = user_id(name);
            store
                .execute("admin", Some(&id), change.clone())
                .map_err(|e| TestCaseError::fail(format!("adding {name}: {e}")))?;
            memory
                .execute(Some(&id), change, "admin", t0())
                .map_err(|r| TestCaseError::fail(r.to_string()))?;
        }
        Ok(Case {
            _dir: dir,
            path,
            clock,
            store,
            memory,
            ids: HashMap::new(),
            tally: Tally::default(),
            made: 0,
            clock_set_back: false,
        })
    }

    fn now(&self) -> Time {
        self.clock.now()
    }

    fn ids(&self, kind: RecordKind) -> &[RecordId] {
        self.ids.get(&kind).map_or(&[], Vec::as_slice)
    }

    fn choose(&self, kind: RecordKind, pick: &Pick) -> Option<RecordId> {
        pick.choose(self.ids(kind)).cloned()
    }

    fn record(&self, id: &RecordId) -> Option<Record> {
        self.memory.view.record(id)
    }

    fn share(&self, id: &RecordId) -> Option<OutgoingShare> {
        match self.record(id)? {
            Record::Share(s) => Some(s),
            _ => None,
        }
    }

    fn receipt(&self, id: &RecordId) -> Option<IncomingReceipt> {
        match self.record(id)? {
            Record::Receipt(r) => Some(r),
            _ => None,
        }
    }

    fn next_number(&mut self) -> usize {
        self.made += 1;
        self.made
    }

    /// Runs one change through the store and through the in-memory rules; they must agree.
    fn attempt(
        &mut self,
        actor: &str,
        target: Option<&RecordId>,
        change: Change,
    ) -> Result<(), TestCaseError> {
        let now = self.now();
        // Annex answers typed as the console's forms record them (the record's fields confirmed).
        let change = crate::common::confirming(&self.memory.view, target, change);
        // Annex B Q6 answered as the form prefills it: yes when the registry holds a breach or
        // a suspension of the entity (G 8.1.3).
        let change = match change {
            Change::SharingRiskAssessed { mut assessment }
                if assessment.previous_issues.iter().any(|i| i.decides_q6()) =>
            {
                if let Some(i) = ANNEX_B.iter().position(|q| q.key == "previous_issues") {
                    assessment.answers[i] = Answer::yes("weighed");
                }
                Change::SharingRiskAssessed { assessment }
            }
            other => other,
        };
        let what = change.describe();
        let creates = change.creates();
        let stored = self.store.execute(actor, target, change.clone());
        if self.clock_set_back {
            return self.attempt_unchecked(stored, creates, what, now);
        }
        // The in-memory registry has no notion of an actor; the store refuses a blank one.
        let expected =
            (!actor.trim().is_empty()).then(|| self.memory.execute(target, change, actor, now));
        match (stored, expected) {
            (Ok(id), Some(Ok(expected_id))) => {
                prop_assert_eq!(&id, &expected_id, "'{}' created different ids", what);
                if let Some(kind) = creates {
                    prop_assert_eq!(id.kind(), Some(kind));
                    self.ids.entry(kind).or_default().push(id);
                }
                self.tally.applied += 1;
            }
            (Err(ExecuteError::Refused(r)), Some(Err(expected))) => {
                prop_assert_eq!(r, expected, "'{}' refused for different reasons", what);
                self.tally.refused += 1;
            }
            (Err(ExecuteError::Refused(r)), None) => {
                prop_assert_eq!(r.paragraph, "G C Registers", "{}", r);
                self.tally.refused += 1;
            }
            // `execute` checks the rules, not roles: anything else is a failure of the store.
            (Err(e @ (ExecuteError::Store(_) | ExecuteError::NotAllowed(_))), _) => {
                return Err(TestCaseError::fail(format!(
                    "'{what}' at {now}: the store failed: {e}"
                )));
            }
            (stored, expected) => {
                return Err(TestCaseError::fail(format!(
                    "'{what}' at {now}: the store answered {stored:?}, the rules in memory {expected:?}"
                )));
            }
        }
        let difference = self.store.derived_state_difference()?;
        prop_assert_eq!(difference, None, "after '{}' at {}", what, now);
        Ok(())
    }

    /// After the clock was set back: the store's answer alone, then the derived state checked
    /// against the log and the in-memory registry refreshed from it.
    fn attempt_unchecked(
        &mut self,
        stored: Result<RecordId, ExecuteError>,
        creates: Option<RecordKind>,
        what: &str,
        now: Time,
    ) -> Result<(), TestCaseError> {
        match stored {
            Ok(id) => {
                if let Some(kind) = creates {
                    self.ids.entry(kind).or_default().push(id);
                }
                self.tally.applied += 1;
            }
            Err(ExecuteError::Refused(_)) => self.tally.refused += 1,
            Err(e) => {
                return Err(TestCaseError::fail(format!(
                    "'{what}' at {now}: the store failed: {e}"
                )));
            }
        }
        let difference = self.store.derived_state_difference()?;
        prop_assert_eq!(difference, None, "after '{}' at {}", what, now);
        self.memory = self.store.replay_log()?;
        Ok(())
    }

    fn run(&mut self, op: &Op) -> Result<(), TestCaseError> {
        match self.change_for(op) {
            Some((actor, target, change)) => self.attempt(actor, target.as_ref(), change),
            None if matches!(op, Op::Wait { .. }) => Ok(()),
            None => {
                self.tally.skipped += 1;
                Ok(())
            }
        }
    }

    /// The change an operation attempts now, or `None` when it has nothing to act on.
    fn change_for(&mut self, op: &Op) -> Option<Step> {
        use RecordKind as K;
        let now = self.now();
        let create = |actor, change| Some((actor, None, change));
        let on = |actor, id: RecordId, change| Some((actor, Some(id), change));
        match op {
            Op::Wait { seconds } => {
                self.clock.advance(Duration::seconds(*seconds));
                self.clock_set_back |= *seconds < 0;
                self.tally.waits += 1;
                None
            }
            Op::RegisterEntity {
                kind,
                level,
                handling_standards,
                sub_component,
                blank_name,
            } => {
                let n = self.next_number();
                let mut d = details(n, *kind, *level);
                if *blank_name {
                    d.name = "  ".into();
                }
                if *handling_standards {
                    d.handling_standards = Some(HandlingStandards {
                        text: "Double envelope, registered custody".into(),
                        confirmed: None,
                    });
                }
                if *sub_component {
                    d.sub_components.push(SubComponent {
                        name: "Special Unit".into(),
                        excluded_because: None,
                    });
                }
                create("imfp", Change::EntityRegistered { details: d })
            }
            Op::ConfirmHandlingStandards { entity } => on(
                "imfp",
                self.choose(K::Entity, entity)?,
                Change::HandlingStandardsConfirmed,
            ),
            Op::ExcludeSubComponent { entity } => on(
                "hro",
                self.choose(K::Entity, entity)?,
                Change::SubComponentExcluded {
                    name: "Special Unit".into(),
                    reason: "Credible reports of grave violations".into(),
                },
            ),
            Op::StartSharingAssessment { entity, level } => create(
                "analyst",
                Change::SharingAssessmentStarted {
                    entity: self.choose(K::Entity, entity)?,
                    overview: sharing_overview(),
                    marking: level.map(Marking::un),
                },
            ),
            Op::CompleteSharingAssessment {
                assessment,
                conclusion,
                full_hrddp,
                mitigations,
            } => {
                let id = self.choose(K::EntityAssessmentSharing, assessment)?;
                let kind = match self.record(&id)? {
                    Record::EntityAssessmentSharing(a) => {
                        self.memory.view.entity(&a.entity)?.kind()
                    }
                    _ => return None,
                };
                on(
                    "hro",
                    id,
                    Change::SharingAssessmentHumanRightsRecorded {
                        part: human_rights(kind, *conclusion, *full_hrddp, *mitigations),
                    },
                )
            }
            Op::ConfirmMitigation { assessment, index } => on(
                "imfp",
                self.choose(K::EntityAssessmentSharing, assessment)?,
                Change::MitigationConfirmed { index: *index },
            ),
            Op::StartReceiptAssessment {
                entity,
                reliability,
            } => create(
                "analyst",
                Change::ReceiptAssessmentStarted {
                    entity: self.choose(K::Entity, entity)?,
                    overview: receipt_overview(*reliability),
                    marking: None,
                },
            ),
            Op::CompleteReceiptAssessment {
                assessment,
                answers,
            } => on(
                "hro",
                self.choose(K::EntityAssessmentReceipt, assessment)?,
                Change::ReceiptAssessmentHumanRightsRecorded {
                    scan: human_rights_scan(*answers),
                },
            ),
            Op::DraftShare {
                recipient,
                nature,
                level,
                urgent,
                poc,
                partial,
                derived_from,
            } => {
                let recipient = self.choose(K::Entity, recipient)?;
                let derived_from = derived_from
                    .as_ref()
                    .and_then(|p| self.choose(K::Receipt, p))
                    .into_iter()
                    .collect();
                let n = self.next_number();
                let mut draft = draft(n, &recipient, *nature, *level);
                draft.urgent = *urgent;
                draft.product.poc_threat = *poc;
                draft.derived_from = derived_from;
                if *partial {
                    draft.extent = Extent::Partial {
                        withheld: "Annex B (sources)".into(),
                    };
                }
                create("analyst", Change::ShareDrafted { draft })
            }
            Op::Sanitise { share } => on(
                "imfp",
                self.choose(K::Share, share)?,
                Change::SanitisationConfirmed,
            ),
            Op::AssessRisk {
                share,
                acceptable,
                office_consulted,
            } => on(
                "analyst",
                self.choose(K::Share, share)?,
                Change::SharingRiskAssessed {
                    assessment: risk_assessment(*acceptable, *office_consulted),
                },
            ),
            Op::Route { share, complete } => on(
                "imfp",
                self.choose(K::Share, share)?,
                Change::UnRoutingRecorded {
                    routing: routing(*complete),
                },
            ),
            Op::Decide {
                share,
                authorise,
                right_authority,
                pre_authorisation,
            } => {
                let id = self.choose(K::Share, share)?;
                let competent = self.share_authority(&id)?;
                let authority = if *right_authority {
                    competent
                } else {
                    other_authority(competent)
                };
                let pre_authorisation = pre_authorisation
                    .as_ref()
                    .and_then(|p| self.choose(K::PreAuthorisation, p));
                on(
                    authority.key(),
                    id,
                    Change::ShareDecided {
                        decided_at: None,
                        authorise: *authorise,
                        authority,
                        reason: "Need to share outweighs the risk".into(),
                        pre_authorisation,
                    },
                )
            }
            Op::AcceptConditions { share, complete } => on(
                "imfp",
                self.choose(K::Share, share)?,
                Change::ConditionsAccepted {
                    acceptance: acceptance(*complete, now),
                },
            ),
            Op::MarkShared { share } => on(
                "imfp",
                self.choose(K::Share, share)?,
                Change::ShareMarkedShared { shared_at: now },
            ),
            Op::Withdraw { share } => on(
                "imfp",
                self.choose(K::Share, share)?,
                Change::ShareWithdrawn {
                    reason: "Overtaken by events".into(),
                },
            ),
            Op::OnwardRequest { share } => on(
                "analyst",
                self.choose(K::Share, share)?,
                Change::OnwardRequestRecorded {
                    request: registrar::domain::originator_control::OnwardRequest {
                        to_whom: "Regional coalition HQ".into(),
                        purpose: "Joint planning".into(),
                        reference: "Letter 12/2026".into(),
                        requested_at: now,
                    },
                },
            ),
            Op::OnwardAnswer {
                share,
                approved,
                hom,
            } => on(
                "hom",
                self.choose(K::Share, share)?,
                Change::OnwardRequestAnswered {
                    index: 0,
                    answer: registrar::domain::originator_control::OnwardAnswer {
                        approved: *approved,
                        authority: if *hom { Role::Hom } else { Role::Delegate },
                        reference: "Reply 13/2026".into(),
                        terms: "Sanitised version only".into(),
                    },
                },
            ),
            Op::RegisterReceipt {
                source,
                originator,
                nature,
                level,
                imminent,
                poc,
                minutes_ago,
            } => {
                let source = self.choose(K::Entity, source)?;
                let originator = originator.as_ref().and_then(|p| self.choose(K::Entity, p));
                let n = self.next_number();
                create(
                    "analyst",
                    Change::ReceiptRegistered {
                        capture: ReceiptCapture {
                            title: format!("Report {n}"),
                            reference: format!("EXT/{n:04}"),
                            summary: "As received".into(),
                            source,
                            originator,
                            received_at: now - Duration::minutes(*minutes_ago),
                            channel: Channel::Written,
                            marking: Marking::with_originator(*level, "ORIGINATOR MARKING"),
                            nature: *nature,
                            imminent_threat: *imminent,
                            poc_threat: *poc,
                        },
                    },
                )
            }
            Op::ShareAfterTheFact {
                recipient,
                minutes_ago,
                authorised,
            } => {
                let recipient = self.choose(K::Entity, recipient)?;
                let n = self.next_number();
                create(
                    "analyst",
                    Change::ShareRegisteredAfterTheFact {
                        draft: draft(
                            n,
                            &recipient,
                            Nature::OperationalTactical,
                            Classification::Confidential,
                        ),
                        shared_at: now - Duration::minutes(*minutes_ago),
                        shared_by: "Sector commander".into(),
                        authorised_by: authorised.then(|| "Head of Mission (by phone)".into()),
                        why: "Verbal warning at the checkpoint".into(),
                    },
                )
            }
            Op::ReceiptLate {
                source,
                imminent,
                minutes_ago,
                handled,
            } => {
                let source = self.choose(K::Entity, source)?;
                let n = self.next_number();
                create(
                    "analyst",
                    Change::ReceiptRegisteredAfterTheFact {
                        capture: ReceiptCapture {
                            title: format!("Late report {n}"),
                            reference: format!("LATE/{n:04}"),
                            summary: "Told by phone".into(),
                            source,
                            originator: None,
                            received_at: now - Duration::minutes(*minutes_ago),
                            channel: Channel::VerbalInformal,
                            marking: Marking::un(Classification::Confidential),
                            nature: Nature::OperationalTactical,
                            imminent_threat: *imminent,
                            poc_threat: false,
                        },
                        received_by: "Patrol leader".into(),
                        why: "No registry access on patrol".into(),
                        handled: handled.then(|| "Passed to the JOC (earlier register)".into()),
                    },
                )
            }
            Op::DecideAt { share, minutes_ago } => {
                let id = self.choose(K::Share, share)?;
                let authority = self.share_authority(&id)?;
                on(
                    authority.key(),
                    id,
                    Change::ShareDecided {
                        decided_at: Some(now - Duration::minutes(*minutes_ago)),
                        authorise: true,
                        authority,
                        reason: "Decided by phone, recorded now".into(),
                        pre_authorisation: None,
                    },
                )
            }
            Op::Determine {
                receipt,
                imminent,
                minutes_ago,
                reason,
            } => on(
                "analyst",
                self.choose(K::Receipt, receipt)?,
                Change::ThreatDetermined {
                    imminent: *imminent,
                    at: now - Duration::minutes(*minutes_ago),
                    reason: if *reason {
                        "Second source contradicts".into()
                    } else {
                        String::new()
                    },
                },
            ),
            Op::Amend {
                share_or_receipt,
                record,
                field,
                to,
            } => {
                let kind = if *share_or_receipt {
                    K::Share
                } else {
                    K::Receipt
                };
                let id = self.choose(kind, record)?;
                let n = self.next_number();
                let amendment = match field {
                    0 => AmendedField::Title(format!("Corrected title {n}")),
                    1 => AmendedField::Reference(format!("FIX/{n}")),
                    2 => AmendedField::Summary(String::new()),
                    3 => AmendedField::Entity(self.choose(K::Entity, to)?),
                    4 => AmendedField::Marking(Marking::un(Classification::StrictlyConfidential)),
                    _ => AmendedField::Nature(Nature::Strategic),
                };
                let reason = "Typed wrong".to_string();
                on(
                    "imfp",
                    id,
                    if *share_or_receipt {
                        Change::ShareAmended { amendment, reason }
                    } else {
                        Change::ReceiptAmended { amendment, reason }
                    },
                )
            }
            Op::Void {
                share_or_receipt,
                record,
            } => {
                let kind = if *share_or_receipt {
                    K::Share
                } else {
                    K::Receipt
                };
                let id = self.choose(kind, record)?;
                let reason = "Registered twice".to_string();
                on(
                    "imfp",
                    id,
                    if *share_or_receipt {
                        Change::ShareVoided { reason }
                    } else {
                        Change::ReceiptVoided { reason }
                    },
                )
            }
            Op::EditEntity {
                entity,
                kind,
                standards,
            } => {
                let id = self.choose(K::Entity, entity)?;
                let Some(Record::Entity(e)) = self.record(&id) else {
                    return None;
                };
                let mut details = e.details.clone();
                details.kind = *kind;
                details.mandate = format!("{} (edited)", details.mandate);
                if *standards {
                    details.handling_standards = Some(HandlingStandards {
                        text: "Sealed envelope, hand carried".into(),
                        confirmed: None,
                    });
                }
                on(
                    "imfp",
                    id,
                    Change::EntityDetailsEdited {
                        details,
                        reason: "Details were wrong".into(),
                    },
                )
            }
            Op::Merge { entity, into } => on(
                "imfp",
                self.choose(K::Entity, entity)?,
                Change::EntitiesMerged {
                    into: self.choose(K::Entity, into)?,
                    reason: "The same entity registered twice".into(),
                },
            ),
            Op::Alert { receipt, to } => on(
                "analyst",
                self.choose(K::Receipt, receipt)?,
                Change::AlertRecorded { to: *to, at: now },
            ),
            Op::Scan {
                receipt,
                grave_violations,
                red_flag,
                credibility,
            } => on(
                "analyst",
                self.choose(K::Receipt, receipt)?,
                Change::ReceiptScanned {
                    scan: scan(*grave_violations, *red_flag, *credibility),
                },
            ),
            Op::Clear {
                receipt,
                pre_authorisation,
            } => {
                let id = self.choose(K::Receipt, receipt)?;
                let pre_authorisation = pre_authorisation
                    .as_ref()
                    .and_then(|p| self.choose(K::PreAuthorisation, p));
                on("analyst", id, Change::ReceiptCleared { pre_authorisation })
            }
            Op::Disseminate {
                receipt,
                right_authority,
                flag,
                uncleared,
                minutes_ago,
            } => {
                let id = self.choose(K::Receipt, receipt)?;
                let r = self.receipt(&id)?;
                let competent = guards::receipt_authority(&r, &self.memory.view);
                let authority = if *right_authority {
                    competent
                } else {
                    other_authority(competent)
                };
                on(
                    authority.key(),
                    id,
                    Change::DisseminationToPeopleDecided {
                        dissemination: Dissemination {
                            authority,
                            recipients: Vec::new(),
                            people: std::iter::once("reader")
                                .chain(uncleared.then_some("junior"))
                                .map(|user| Listed {
                                    user: user.into(),
                                    via: None,
                                })
                                .collect(),
                            flag: flag.then(|| "Handle with caution".into()),
                            disseminated_at: minutes_ago.map(|m| now - Duration::minutes(m)),
                        },
                    },
                )
            }
            Op::Reject {
                receipt,
                grave_violations,
                human_rights_informed,
            } => on(
                "analyst",
                self.choose(K::Receipt, receipt)?,
                Change::ReceiptRejected {
                    rejection: Rejection {
                        reason: "Real risk of torture".into(),
                        grave_violations: *grave_violations,
                        human_rights_informed: *human_rights_informed,
                        human_rights_notice: human_rights_informed.then(|| HumanRightsNotice {
                            to: "HRD duty officer".into(),
                            at: now,
                        }),
                    },
                },
            ),
            Op::ApproveOnward { receipt, to } => on(
                "imfp",
                self.choose(K::Receipt, receipt)?,
                Change::OnwardSharingApproved {
                    approval: OnwardSharingApproval {
                        to_entity: self.choose(K::Entity, to)?,
                        approved_by: "Commander".into(),
                        document: "Letter 77".into(),
                    },
                },
            ),
            Op::ReportBreach {
                entity,
                share,
                suspected,
            } => create(
                "imfp",
                Change::BreachReported {
                    report: BreachReport {
                        entity: self.choose(K::Entity, entity)?,
                        share: share.as_ref().and_then(|p| self.choose(K::Share, p)),
                        suspected: *suspected,
                        description: "Passed on without approval".into(),
                        marking: Marking::un(Classification::Confidential),
                    },
                },
            ),
            Op::RecordIncident { entity, days_ago } => on(
                "analyst",
                self.choose(K::Entity, entity)?,
                Change::IncidentRecorded {
                    incident: Incident {
                        what: "Detainees reported killed".into(),
                        occurred_at: now - Duration::days(*days_ago),
                        source: "Monitoring visit".into(),
                    },
                },
            ),
            Op::Suspend { entity, incident } => on(
                "hro",
                {
                    // An entity with an assessment when there is one, so that suspensions (and
                    // their reviews) are reached in every run.
                    let assessed: Vec<RecordId> = self
                        .ids(K::Entity)
                        .iter()
                        .filter(|id| {
                            self.memory.view.entity(id).is_some_and(|e| {
                                (e.sharing_assessment.is_some() || e.receipt_assessment.is_some())
                                    && registrar::domain::monitoring::suspension_awaiting_review(&e)
                                        .is_none()
                            })
                        })
                        .cloned()
                        .collect();
                    match entity.choose(&assessed) {
                        Some(id) => id.clone(),
                        None => self.choose(K::Entity, entity)?,
                    }
                },
                Change::AssessmentsSuspended {
                    reason: "Credible reports of executions".into(),
                    incident: *incident,
                },
            ),
            Op::AcknowledgeNotice { receipt } => on(
                "hro",
                self.choose(K::Receipt, receipt)?,
                Change::HumanRightsNoticeAcknowledged {
                    response: "Case opened".into(),
                },
            ),
            Op::RecordAction {
                receipt,
                corroborated,
            } => on(
                "analyst",
                self.choose(K::Receipt, receipt)?,
                Change::ActionRecorded {
                    action: ActionTaken {
                        action: "Patrol sent".into(),
                        corroborated_by: if *corroborated {
                            "UNPOL report".into()
                        } else {
                            String::new()
                        },
                    },
                },
            ),
            Op::CommunicateTortureRefusal { entity, days_ago } => on(
                "hom",
                self.choose(K::Entity, entity)?,
                Change::TortureRefusalCommunicated {
                    communication: TortureRefusalCommunication {
                        communicated_at: now - Duration::days(*days_ago),
                        how: "Letter to the commander".into(),
                    },
                },
            ),
            Op::Revise {
                entity,
                days,
                action,
            } => on(
                "imfp",
                self.choose(K::Entity, entity)?,
                Change::RevisionRecorded {
                    revision: RevisionFinding {
                        from: now - Duration::days(90),
                        to: now - Duration::days(*days),
                        finding: "Two doubtful products".into(),
                        action: RevisionAction::ALL[*action],
                        action_details: if *action == 0 {
                            String::new()
                        } else {
                            "New assessment by the IM FP".into()
                        },
                    },
                },
            ),
            Op::ReviewSuspension {
                entity,
                index,
                lift,
            } => {
                // An entity with a suspension awaiting review when there is one (its first
                // such suspension when the index drawn is 0), so that reviews are reached in
                // every run; otherwise any entity, and the index drawn.
                let pending: Vec<(RecordId, usize)> = self
                    .ids(K::Entity)
                    .iter()
                    .filter_map(|id| {
                        let e = self.memory.view.entity(id)?;
                        let i = e
                            .monitoring
                            .suspensions
                            .iter()
                            .position(|s| s.review.is_none())?;
                        Some((id.clone(), i))
                    })
                    .collect();
                let ids: Vec<RecordId> = pending.iter().map(|(id, _)| id.clone()).collect();
                let (target, index) = match entity.choose(&ids) {
                    Some(id) => {
                        let first = pending.iter().find(|(p, _)| p == id).map_or(0, |p| p.1);
                        (id.clone(), if *index == 0 { first } else { *index })
                    }
                    None => (self.choose(K::Entity, entity)?, *index),
                };
                on(
                    "hom",
                    target,
                    Change::SuspensionReviewed {
                        index,
                        outcome: if *lift {
                            SuspensionOutcome::Lifted
                        } else {
                            SuspensionOutcome::Confirmed
                        },
                        finding: "Reports checked".into(),
                    },
                )
            }
            Op::Conclude { breach, positive } => on(
                "hom",
                self.choose(K::Breach, breach)?,
                Change::InvestigationConcluded {
                    investigation: Investigation {
                        outcome: if *positive {
                            InvestigationOutcome::Positive
                        } else {
                            InvestigationOutcome::Negative
                        },
                        summary: "Investigation concluded".into(),
                        resumption_terms: String::new(),
                        resume_up_to: None,
                        case_by_case: false,
                        terms_until: None,
                    },
                },
            ),
            Op::PreAuthorise {
                entity,
                direction,
                max,
            } => create(
                "imfp",
                Change::PreAuthorised {
                    terms: PreAuthorisationTerms {
                        entity: self.choose(K::Entity, entity)?,
                        direction: *direction,
                        products: "Weekly overview".into(),
                        max_classification: *max,
                        marking: Marking::un(Classification::Unclassified),
                        scope: Some(generated_scope(*direction)),
                    },
                },
            ),
            Op::Renew { entry } => {
                let id = self.choose(K::PreAuthorisation, entry)?;
                let direction = match self.record(&id) {
                    Some(Record::PreAuthorisation(p)) => p.terms.direction,
                    _ => Direction::Sharing,
                };
                on(
                    "imfp",
                    id,
                    Change::PreAuthorisationReviewed {
                        review:
                            registrar::domain::pre_authorisation_scope::PreAuthorisationReview {
                                products_within_scope: true,
                                still_regular: true,
                                no_unrecorded_concern: true,
                                assessment_read: true,
                                finding: "As agreed".into(),
                                scope: generated_scope(direction),
                                max_classification: Classification::Confidential,
                            },
                    },
                )
            }
            Op::Revoke { entry } => on(
                "imfp",
                self.choose(K::PreAuthorisation, entry)?,
                Change::PreAuthorisationRevoked {
                    reason: "No longer regular".into(),
                },
            ),
            Op::Delegate { cited } => {
                let mut delegation = self.memory.view.settings().delegation;
                delegation.rules.insert(
                    0,
                    registrar::domain::settings::DelegationRule {
                        decision: registrar::domain::settings::Decision::Share,
                        nature: Some(Nature::Strategic),
                        classification: Some(Classification::Unclassified),
                        entity_kind: None,
                        authority: Role::Delegate,
                        person: None,
                        support_plan: if *cited {
                            "MISP 4.2".into()
                        } else {
                            String::new()
                        },
                    },
                );
                on(
                    "hom",
                    settings_id(),
                    Change::DelegationChanged {
                        delegation,
                        instruction: None,
                    },
                )
            }
            Op::ChangeSettings {
                review_interval_days,
                urgent_receipt_minutes,
            } => {
                let mut settings = self.memory.view.settings();
                settings.review_interval_days = *review_interval_days;
                settings.urgent_receipt_limit_minutes = *urgent_receipt_minutes;
                on("admin", settings_id(), Change::SettingsChanged { settings })
            }
            Op::Legacy { recipient, state } => {
                let recipient = self.choose(K::Entity, recipient)?;
                let n = self.next_number();
                let share = OutgoingShare {
                    id: RecordId::from("legacy"),
                    draft: draft(
                        n,
                        &recipient,
                        Nature::Strategic,
                        Classification::Confidential,
                    ),
                    state: *state,
                    drafted_by: "former imfp".into(),
                    drafted_at: now - Duration::days(400),
                    deadline: None,
                    sanitisation: None,
                    risk_assessment: None,
                    pre_authorisation: None,
                    routing: None,
                    decision: None,
                    acceptance: None,
                    shared_at: (*state == ShareState::Shared).then(|| now - Duration::days(399)),
                    withdrawn_because: None,
                    after_the_fact: None,
                    amendments: Vec::new(),
                    voided: None,
                    onward_requests: Vec::new(),
                };
                create(
                    "imfp",
                    Change::LegacyRecordRegistered {
                        record: LegacyRecord::Share(Box::new(share)),
                    },
                )
            }
            Op::Anonymous => {
                let n = self.next_number();
                Some((
                    " ",
                    None,
                    Change::EntityRegistered {
                        details: details(
                            n,
                            EntityKind::OtherNonUnCivilian,
                            Classification::Unclassified,
                        ),
                    },
                ))
            }
            Op::Progress { along, target } => self.progress(*along, target),
        }
    }

    /// The next step of one of the records of that kind that has one; when none has, a new
    /// record to carry forward.
    fn progress(&mut self, along: Along, target: &Pick) -> Option<Step> {
        let kind = match along {
            Along::Share => RecordKind::Share,
            Along::Receipt => RecordKind::Receipt,
            Along::Entity { .. } => RecordKind::Entity,
            Along::Breach => RecordKind::Breach,
        };
        let open: Vec<(RecordId, Step)> = self
            .ids(kind)
            .iter()
            .filter_map(|id| Some((id.clone(), self.next_step(along, id.clone())?)))
            .collect();
        let ids: Vec<RecordId> = open.iter().map(|(id, _)| id.clone()).collect();
        if let Some(chosen) = target.choose(&ids) {
            return open
                .into_iter()
                .find(|(id, _)| id == chosen)
                .map(|(_, s)| s);
        }
        let fresh = match along {
            Along::Share => Op::DraftShare {
                recipient: target.clone(),
                nature: Nature::OperationalTactical,
                level: Classification::Confidential,
                urgent: false,
                poc: false,
                partial: false,
                derived_from: None,
            },
            Along::Receipt => Op::RegisterReceipt {
                source: target.clone(),
                originator: None,
                nature: Nature::OperationalTactical,
                level: Classification::Confidential,
                imminent: false,
                poc: false,
                minutes_ago: 10,
            },
            Along::Entity { .. } => Op::RegisterEntity {
                kind: EntityKind::ALL[target.index.index(EntityKind::ALL.len())],
                level: Classification::Confidential,
                handling_standards: false,
                sub_component: false,
                blank_name: false,
            },
            Along::Breach => return None,
        };
        self.change_for(&fresh)
    }

    fn next_step(&self, along: Along, id: RecordId) -> Option<Step> {
        match along {
            Along::Share => self.progress_share(id),
            Along::Receipt => self.progress_receipt(id),
            Along::Entity { receipt_first } => self.progress_entity(id, receipt_first),
            Along::Breach => match self.record(&id)? {
                Record::Breach(b) if b.is_open() => Some((
                    "hom",
                    Some(id),
                    Change::InvestigationConcluded {
                        investigation: Investigation {
                            outcome: InvestigationOutcome::Positive,
                            summary: "No breach established".into(),
                            resumption_terms: "Case by case for 90 days".into(),
                            resume_up_to: None,
                            case_by_case: false,
                            terms_until: None,
                        },
                    },
                )),
                _ => None,
            },
        }
    }

    fn share_authority(&self, id: &RecordId) -> Option<Role> {
        let s = self.share(id)?;
        let entity = self.memory.view.entity(&s.draft.recipient)?;
        Some(self.memory.view.settings().delegation.authority(
            Decision::Share,
            s.draft.product.marking.level,
            entity.kind(),
            s.draft.product.nature,
        ))
    }

    /// The next step of a share on its way to being shared.
    fn progress_share(&self, id: RecordId) -> Option<Step> {
        let s = self.share(&id)?;
        let entity = self.memory.view.entity(&s.draft.recipient)?;
        let non_un = entity.kind().is_non_un();
        let change = match s.state {
            ShareState::Draft | ShareState::RiskAssessed => {
                if s.sanitisation.is_none() {
                    ("imfp", Change::SanitisationConfirmed)
                } else if non_un && s.risk_assessment.is_none() {
                    (
                        "analyst",
                        Change::SharingRiskAssessed {
                            assessment: risk_assessment(true, true),
                        },
                    )
                } else if !non_un && s.routing.is_none() {
                    (
                        "imfp",
                        Change::UnRoutingRecorded {
                            routing: routing(true),
                        },
                    )
                } else {
                    let authority = self.share_authority(&id)?;
                    (
                        authority.key(),
                        Change::ShareDecided {
                            decided_at: None,
                            authorise: true,
                            authority,
                            reason: "Need to share outweighs the risk".into(),
                            pre_authorisation: None,
                        },
                    )
                }
            }
            ShareState::Authorised => (
                "imfp",
                Change::ConditionsAccepted {
                    acceptance: acceptance(true, self.now()),
                },
            ),
            ShareState::ConditionsAccepted => (
                "imfp",
                Change::ShareMarkedShared {
                    shared_at: self.now(),
                },
            ),
            ShareState::Shared
            | ShareState::Declined
            | ShareState::Withdrawn
            | ShareState::SharedAfterTheFact => return None,
        };
        Some((change.0, Some(id), change.1))
    }

    /// The next step of a receipt on its way to being disseminated (or rejected).
    fn progress_receipt(&self, id: RecordId) -> Option<Step> {
        let r = self.receipt(&id)?;
        let has = |to: AlertRecipient| r.alerts.iter().any(|a| a.to == to);
        let change = match r.state {
            ReceiptState::Received | ReceiptState::Scanned => {
                let missing_alert = if !r.capture.imminent_threat {
                    None
                } else if !has(AlertRecipient::ForceCommander)
                    && !has(AlertRecipient::PoliceCommissioner)
                {
                    Some(AlertRecipient::ForceCommander)
                } else if !has(AlertRecipient::ImFp) {
                    Some(AlertRecipient::ImFp)
                } else if !has(AlertRecipient::Dss) {
                    Some(AlertRecipient::Dss)
                } else if r.capture.poc_threat && !has(AlertRecipient::PocManager) {
                    Some(AlertRecipient::PocManager)
                } else {
                    None
                };
                if let Some(to) = missing_alert {
                    ("analyst", Change::AlertRecorded { to, at: self.now() })
                } else if r.scan.is_none() {
                    (
                        "analyst",
                        Change::ReceiptScanned {
                            scan: scan(false, None, Credibility::ProbablyTrue),
                        },
                    )
                } else if r.scan.as_ref().is_some_and(|s| s.grave_violation_risk()) {
                    (
                        "analyst",
                        Change::ReceiptRejected {
                            rejection: Rejection {
                                reason: "Obtained through grave violations".into(),
                                grave_violations: true,
                                human_rights_informed: true,
                                human_rights_notice: Some(HumanRightsNotice {
                                    to: "HRD duty officer".into(),
                                    at: self.now(),
                                }),
                            },
                        },
                    )
                } else {
                    (
                        "analyst",
                        Change::ReceiptCleared {
                            pre_authorisation: None,
                        },
                    )
                }
            }
            ReceiptState::Cleared => {
                let authority = guards::receipt_authority(&r, &self.memory.view);
                (
                    authority.key(),
                    Change::DisseminationToPeopleDecided {
                        dissemination: Dissemination {
                            authority,
                            recipients: Vec::new(),
                            people: vec![Listed {
                                user: "reader".into(),
                                via: Some(Role::Legal),
                            }],
                            flag: Some("Potential issues: see the scan".into()),
                            disseminated_at: None,
                        },
                    },
                )
            }
            ReceiptState::Disseminated
            | ReceiptState::Rejected
            | ReceiptState::HandledBeforeRegistration => return None,
        };
        Some((change.0, Some(id), change.1))
    }

    /// The next thing an entity lacks before sharing with it or receiving from it.
    fn progress_entity(&self, id: RecordId, receipt_first: bool) -> Option<Step> {
        let view = &self.memory.view;
        let e = view.entity(&id)?;
        let now = self.now();
        // A suspension pending review is the entity's next step (G 8.1.2.3): lifted or
        // confirmed, alternately by its position.
        if let Some(index) = e
            .monitoring
            .suspensions
            .iter()
            .position(|s| s.review.is_none())
        {
            return Some((
                "hom",
                Some(id),
                Change::SuspensionReviewed {
                    index,
                    outcome: if index % 2 == 0 {
                        SuspensionOutcome::Lifted
                    } else {
                        SuspensionOutcome::Confirmed
                    },
                    finding: "Reports checked".into(),
                },
            ));
        }
        if e.details
            .handling_standards
            .as_ref()
            .is_some_and(|h| h.confirmed.is_none())
        {
            return Some(("imfp", Some(id), Change::HandlingStandardsConfirmed));
        }
        if !e.kind().is_non_un() {
            return None;
        }
        if let Some(b) = view.breaches(&e).into_iter().find(|b| b.is_open()) {
            return Some((
                "hom",
                Some(b.id),
                Change::InvestigationConcluded {
                    investigation: Investigation {
                        outcome: InvestigationOutcome::Positive,
                        summary: "No breach established".into(),
                        resumption_terms: String::new(),
                        resume_up_to: None,
                        case_by_case: false,
                        terms_until: None,
                    },
                },
            ));
        }
        let last_investigation = view
            .breaches(&e)
            .iter()
            .filter_map(|b| b.investigation.as_ref().map(|i| i.at))
            .max();
        // A review in progress is completed before anything else.
        if let Some(a) = e.sharing_assessment_in_progress.clone() {
            return Some((
                "hro",
                Some(a),
                Change::SharingAssessmentHumanRightsRecorded {
                    part: human_rights(e.kind(), RiskConclusion::AcceptableWithMitigation, true, 1),
                },
            ));
        }
        if let Some(a) = e.receipt_assessment_in_progress.clone() {
            return Some((
                "hro",
                Some(a),
                Change::ReceiptAssessmentHumanRightsRecorded {
                    scan: human_rights_scan(ANNEX_D_HUMAN_RIGHTS.len()),
                },
            ));
        }
        let sharing = || -> Option<Step> {
            let start = Some((
                "analyst",
                None,
                Change::SharingAssessmentStarted {
                    entity: id.clone(),
                    overview: sharing_overview(),
                    marking: None,
                },
            ));
            let a = match view.sharing_assessment(&e) {
                None => return start,
                Some(a) => a,
            };
            let open_mitigation = a.human_rights.as_ref().and_then(|h| {
                h.mitigation_measures
                    .iter()
                    .position(|m| m.in_place.is_none())
            });
            if let Some(index) = open_mitigation {
                return Some(("imfp", Some(a.id), Change::MitigationConfirmed { index }));
            }
            let completed = a.human_rights.as_ref().map(|h| h.at);
            if !a.is_current(now) || last_investigation.is_some_and(|i| Some(i) >= completed) {
                return start;
            }
            None
        };
        let receipt = || -> Option<Step> {
            match view.receipt_assessment(&e) {
                Some(a) if a.is_current(now) => None,
                _ => Some((
                    "analyst",
                    None,
                    Change::ReceiptAssessmentStarted {
                        entity: id.clone(),
                        overview: receipt_overview(Reliability::B),
                        marking: None,
                    },
                )),
            }
        };
        if receipt_first {
            receipt().or_else(sharing)
        } else {
            sharing().or_else(receipt)
        }
    }
}

// ------------------------------------------------------------------------ queues

/// A queue recomputed from records held in memory: every placement, in index order
/// (key, then id), overdue items only up to `now`, presented at `now`.
fn recomputed_queue(view: &MemoryView, queue: Queue, now: Time) -> Vec<QueueItem> {
    let mut placed: Vec<(i64, String, &Record)> = view
        .records
        .values()
        .flat_map(|r| {
            placements(r)
                .into_iter()
                .filter(|p| p.queue == queue)
                .map(move |p| (p.key, r.id().to_string(), r))
        })
        .filter(|(key, _, _)| queue != Queue::Overdue || *key <= now.timestamp())
        .collect();
    placed.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    placed
        .into_iter()
        .map(|(key, _, r)| present(queue, key, r, view, now))
        .collect()
}

/// Every queue, read from the store at each of `times`.
fn all_queues(store: &Store, times: &[Time]) -> Result<Vec<Vec<QueueItem>>, TestCaseError> {
    let mut out = Vec::new();
    for &t in times {
        for q in Queue::ALL {
            out.push(store.queue(q, t)?);
        }
    }
    Ok(out)
}

/// Shares and receipts by state, and the queues' sizes, over all cases: the generator must
/// reach deep into the workflows for the property to mean something.
#[derive(Debug, Default)]
struct Coverage {
    tally: Tally,
    shares: HashMap<ShareState, usize>,
    receipts: HashMap<ReceiptState, usize>,
    queued: HashMap<Queue, usize>,
    overdue_kinds: HashMap<&'static str, usize>,
    /// Suspensions recorded, and those reviewed (G 8.1.2.3).
    suspensions: (usize, usize),
    /// G 9.9 communications and revisions recorded on entities.
    follow_up: (usize, usize),
}

fn run_case(ops: &[Op], coverage: &std::sync::Mutex<Coverage>) -> Result<(), TestCaseError> {
    let mut case = Case::new()?;
    for op in ops {
        case.run(op)?;
    }
    let tally = case.tally;
    prop_assert!(tally.applied > 0, "nothing was applied: {:?}", tally);

    let now = case.now();
    let times = [now, now + Duration::days(45), now + Duration::days(200)];

    // The derived tables equal a replay of the log, which equals the rules run in memory.
    prop_assert_eq!(case.store.derived_state_difference()?, None);
    let replayed = case.store.replay_log()?;
    prop_assert_eq!(&replayed.view.records, &case.memory.view.records);

    // The queues read through the indexes equal a recomputation from the records.
    let before = all_queues(&case.store, &times)?;
    let mut recomputed = Vec::new();
    for &t in &times {
        for q in Queue::ALL {
            recomputed.push(recomputed_queue(&replayed.view, q, t));
        }
    }
    prop_assert_eq!(&before, &recomputed, "queues differ from a recomputation");

    // A rebuild from the log changes nothing.
    case.store.rebuild_derived()?;
    prop_assert_eq!(
        case.store.derived_state_difference()?,
        None,
        "after a rebuild"
    );
    prop_assert_eq!(
        &all_queues(&case.store, &times)?,
        &before,
        "after a rebuild"
    );

    // Nor does closing and reopening the file.
    let Case {
        _dir,
        path,
        clock,
        store,
        ..
    } = case;
    drop(store);
    let store = Store::open(&path, clock)?;
    prop_assert_eq!(store.derived_state_difference()?, None, "after reopening");
    prop_assert_eq!(&all_queues(&store, &times)?, &before, "after reopening");

    let mut c = coverage.lock().unwrap_or_else(|p| p.into_inner());
    c.tally.applied += tally.applied;
    c.tally.refused += tally.refused;
    c.tally.skipped += tally.skipped;
    c.tally.waits += tally.waits;
    for r in replayed.view.records.values() {
        match r {
            Record::Share(s) => *c.shares.entry(s.state).or_default() += 1,
            Record::Receipt(r) => *c.receipts.entry(r.state).or_default() += 1,
            Record::Entity(e) => {
                let s = &e.monitoring.suspensions;
                c.suspensions.0 += s.len();
                c.suspensions.1 += s.iter().filter(|s| s.review.is_some()).count();
                c.follow_up.0 += e.monitoring.torture_refusal.len();
                c.follow_up.1 += e.monitoring.revisions.len();
            }
            _ => {}
        }
    }
    for (i, items) in before.iter().take(Queue::ALL.len()).enumerate() {
        *c.queued.entry(Queue::ALL[i]).or_default() += items.len();
    }
    for items in before.iter().skip(2).step_by(Queue::ALL.len()) {
        for item in items {
            *c.overdue_kinds.entry(item.kind).or_default() += 1;
        }
    }
    Ok(())
}

#[test]
fn derived_state_always_equals_a_replay_of_the_log() {
    // 48 cases of 11–60 operations take a few seconds in a debug build; PROPTEST_CASES
    // raises (or lowers) that for a longer search.
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(48);
    let config = Config {
        cases,
        max_shrink_iters: 400,
        failure_persistence: None,
        ..Config::default()
    };
    let coverage = std::sync::Mutex::new(Coverage::default());
    let mut runner = TestRunner::new(config);
    let result = runner.run(&ops(), |ops| run_case(&ops, &coverage));
    match result {
        Ok(()) => {}
        Err(TestError::Fail(reason, ops)) => {
            panic!(
                "{reason}\nminimal failing sequence ({} ops): {ops:#?}",
                ops.len()
            )
        }
        Err(e) => panic!("{e}"),
    }

    // The property is only as good as the states it reached.
    let c = coverage.into_inner().unwrap_or_else(|p| p.into_inner());
    eprintln!("coverage over all cases: {c:#?}");
    let attempted = c.tally.applied + c.tally.refused;
    assert!(
        c.tally.applied * 4 >= attempted,
        "fewer than a quarter of the changes were allowed: {:?}",
        c.tally
    );
    assert!(c.tally.refused > 0, "no change was refused: {:?}", c.tally);
    // Each count below is in the tens over 48 cases: zero means the generator broke.
    let reached = |what: &str, n: usize| assert!(n > 0, "no {what} in {cases} cases: {c:#?}");
    let shares = |states: &[ShareState]| states.iter().filter_map(|s| c.shares.get(s)).sum();
    let receipts = |states: &[ReceiptState]| states.iter().filter_map(|s| c.receipts.get(s)).sum();
    use ReceiptState as R;
    use ShareState as S;
    reached(
        "share was decided",
        shares(&[S::Authorised, S::ConditionsAccepted, S::Shared, S::Declined]),
    );
    reached("share was withdrawn", shares(&[S::Withdrawn]));
    reached(
        "receipt was cleared",
        receipts(&[R::Cleared, R::Disseminated]),
    );
    reached("receipt was rejected", receipts(&[R::Rejected]));
    reached("assessment was suspended", c.suspensions.0);
    reached("suspension was reviewed", c.suspensions.1);
    reached("G 9.9 communication was recorded", c.follow_up.0);
    reached("revision was recorded", c.follow_up.1);
    for kind in ["entity_assessment_sharing", "pre_authorisation", "breach"] {
        let n = c.overdue_kinds.get(kind).copied().unwrap_or(0);
        reached(&format!("{kind} was overdue"), n);
    }
    for q in Queue::ALL {
        assert!(
            c.queued.get(&q).copied().unwrap_or(0) > 0,
            "the {} queue was always empty",
            q.key()
        );
    }
}

// ------------------------------------------------------------------------ refusals

fn entity_change(name: &str, kind: EntityKind) -> Change {
    let mut d = details(0, kind, Classification::Confidential);
    d.name = name.to_string();
    Change::EntityRegistered { details: d }
}

/// Everything a test can see of the derived state through the store's API.
fn snapshot(
    store: &Store,
    ids: &[RecordId],
    now: Time,
) -> (u64, Vec<Option<Record>>, Vec<Vec<QueueItem>>) {
    let events = store.verify_chain().unwrap().events;
    let records = ids.iter().map(|id| store.record(id).unwrap()).collect();
    let queues = Queue::ALL
        .iter()
        .map(|q| store.queue(*q, now).unwrap())
        .collect();
    (events, records, queues)
}

fn new_store(path: &Path, clock: Arc<FixedClock>) -> Store {
    crate::common::quick_passphrases();
    Store::create(path, STATION, MissionSettings::new("TEST"), "admin", clock).unwrap()
}

#[test]
fn a_refused_change_leaves_the_log_and_the_records_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(t0()));
    let store = new_store(&dir.path().join("r.redb"), clock.clone());
    let force = store
        .execute(
            "imfp",
            None,
            entity_change("Battalion", EntityKind::NonUnSecurityForce),
        )
        .unwrap();
    let share = store
        .execute(
            "analyst",
            None,
            Change::ShareDrafted {
                draft: ShareDraft {
                    urgent: true,
                    ..draft(
                        1,
                        &force,
                        Nature::OperationalTactical,
                        Classification::Confidential,
                    )
                },
            },
        )
        .unwrap();
    store
        .execute("imfp", Some(&share), Change::SanitisationConfirmed)
        .unwrap();
    let ids = [settings_id(), force.clone(), share.clone()];
    let now = clock.now();
    let before = snapshot(&store, &ids, now);

    // A single refused change: no Entity Assessment for Sharing (G 8.1.4 / 8.1.1).
    let refused = store.execute(
        "hom",
        Some(&share),
        Change::ShareDecided {
            decided_at: None,
            authorise: true,
            authority: Role::Hom,
            reason: "Urgent".into(),
            pre_authorisation: None,
        },
    );
    assert!(
        matches!(&refused, Err(ExecuteError::Refused(_))),
        "{refused:?}"
    );
    assert_eq!(snapshot(&store, &ids, now), before);

    // A refused batch: its first, allowed, changes are not kept either.
    let batch = store.execute_all(vec![
        Command {
            actor: "imfp".into(),
            target: None,
            change: entity_change("Gendarmerie", EntityKind::NonUnSecurityForce),
        },
        Command {
            actor: "imfp".into(),
            target: Some(share.clone()),
            change: Change::ShareWithdrawn {
                reason: "Overtaken by events".into(),
            },
        },
        Command {
            actor: "imfp".into(),
            target: Some(share.clone()),
            change: Change::ShareMarkedShared { shared_at: now },
        },
    ]);
    assert!(matches!(&batch, Err(ExecuteError::Refused(_))), "{batch:?}");
    assert_eq!(snapshot(&store, &ids, now), before);
    let would_have_been = RecordId::new(RecordKind::Entity, STATION, 2);
    assert_eq!(store.record(&would_have_been).unwrap(), None);

    // A blank actor is refused before anything is written.
    let anonymous = store.execute(
        " ",
        None,
        entity_change("Ministry", EntityKind::OtherNonUnCivilian),
    );
    assert!(matches!(&anonymous, Err(ExecuteError::Refused(r)) if r.paragraph == "G C Registers"));
    assert_eq!(snapshot(&store, &ids, now), before);
    assert_eq!(store.derived_state_difference().unwrap(), None);

    // No id was used up by the refusals: the next entity is number 2.
    let next = store
        .execute(
            "imfp",
            None,
            entity_change("Gendarmerie", EntityKind::NonUnSecurityForce),
        )
        .unwrap();
    assert_eq!(next, would_have_been);
    let after = snapshot(&store, &ids, now);
    assert_eq!(after.0, before.0 + 1);
    assert_eq!(after.1, before.1);

    // And the refusals survive a reopen: nothing half-written waits in the file.
    let path = store.path().to_path_buf();
    drop(store);
    let store = Store::open(&path, clock).unwrap();
    assert_eq!(store.derived_state_difference().unwrap(), None);
    assert_eq!(snapshot(&store, &ids, now).1, before.1);
}
