//! Helpers for the access-layer tests (tests/access.rs): one representative value of every
//! `Change`, a small registry built through the library with real users, and the
//! `registrar` binary with a fixed environment whose every output is checked for secrets.

#![allow(dead_code)]

use crate::common::QUICK_PASSPHRASES;
use assert_cmd::Command;
use chrono::{DateTime, Duration, Utc};
use registrar::domain::access::Actor;
use registrar::domain::answer::{Answer, Facts};
use registrar::domain::assessment_receipt::{
    ANNEX_D_HUMAN_RIGHTS, HumanRightsScan, ReceiptOverview,
};
use registrar::domain::assessment_sharing::{
    HumanRightsMethod, HumanRightsRiskAssessment, MitigationMeasure, RiskConclusion,
    SharingOverview,
};
use registrar::domain::breach::{BreachReport, Investigation, InvestigationOutcome};
use registrar::domain::change::{Change, LegacyRecord};
use registrar::domain::conflict::{EventRef, conflict_id};
use registrar::domain::correction::AmendedField;
use registrar::domain::entity::{EntityDetails, EntityKind};
use registrar::domain::grades::{Credibility, Reliability};
use registrar::domain::ids::{RecordId, RecordKind, Time, settings_id};
use registrar::domain::marking::{Classification, Marking};
use registrar::domain::nature::Nature;
use registrar::domain::pre_authorisation::{Direction, PreAuthorisationTerms};
use registrar::domain::receipt::{
    AlertRecipient, Dissemination, IncomingReceipt, OnwardSharingApproval, ReceiptCapture,
    ReceiptState, Rejection,
};
use registrar::domain::receipt_scan::{ANNEX_E, IntelligenceReceiptScan};
use registrar::domain::risk_assessment::{ANNEX_B, SharingRiskAssessment};
use registrar::domain::role::Role;
use registrar::domain::settings::MissionSettings;
use registrar::domain::share::{
    Channel, ConditionsAcceptance, Extent, OutgoingShare, Product, ShareDraft, ShareState,
    UnRouting,
};
use registrar::domain::station::{BundleKind, Holding, knowledge_id, station_record_id};
use registrar::domain::user::user_id;
use registrar::store::{FixedClock, Store};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::{Arc, OnceLock};

// ------------------------------------------------------------------ time

/// 2026-11-01T08:00:00Z: the library registries start here; never the wall clock.
pub fn t0() -> Time {
    DateTime::parse_from_rfc3339("2026-11-01T08:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

/// The end of the demo's story and the `--now` of every command run here.
pub const NOW: &str = "2026-11-21T02:00:00Z";

pub fn now() -> Time {
    DateTime::parse_from_rfc3339(NOW).unwrap().to_utc()
}

// ------------------------------------------------------------------ secrets

/// The roles of the demo, by user name; passphrase `demo-<name>`.
pub const DEMO_NAMES: [&str; 8] = [
    "admin",
    "imfp",
    "analyst",
    "hro",
    "hom",
    "micm",
    "legal",
    "oversight",
];

pub fn demo_passphrase(name: &str) -> String {
    format!("demo-{name}")
}

/// Passphrases these tests give to the users they create.
pub const CHIEF_PASS: &str = "chief-correct-horse";
pub const IMFP1_PASS: &str = "imfp1-battery-staple";
pub const HOM1_PASS: &str = "hom1-staple-battery";
pub const OIOS_PASS: &str = "oios-horse-correct";
pub const DUTY1_PASS: &str = "duty1-night-shift-42";
pub const IMFP2_PASS: &str = "imfp2-confidential-only";
pub const NEW_OVERSIGHT_PASS: &str = "oversight-renewed-2026";
pub const WRONG_PASS: &str = "not-the-passphrase";

/// Every passphrase any test here uses, and the marks of a stored hash: none of them may
/// ever appear in an event, an export, a queue or a message.
pub fn secrets() -> Vec<String> {
    let mut s: Vec<String> = DEMO_NAMES.iter().map(|n| demo_passphrase(n)).collect();
    for p in [
        CHIEF_PASS,
        IMFP1_PASS,
        HOM1_PASS,
        OIOS_PASS,
        DUTY1_PASS,
        IMFP2_PASS,
        NEW_OVERSIGHT_PASS,
        WRONG_PASS,
    ] {
        s.push(p.to_string());
    }
    s.push("$argon2".to_string());
    s.push("argon2id".to_string());
    s.push("m=65536,t=2,p=1".to_string());
    s
}

/// Panics if `bytes` contain any passphrase or hash text.
#[track_caller]
pub fn assert_no_secret(what: &str, bytes: &[u8]) {
    for secret in secrets() {
        assert!(
            !contains(bytes, secret.as_bytes()),
            "{what} contains the secret {secret:?}"
        );
    }
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

// ------------------------------------------------------------------ the binary

/// `registrar --store STORE --now NOW` with a clean environment and no colour.
pub fn registrar(store: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_registrar"));
    cmd.env("NO_COLOR", "1")
        .env(QUICK_PASSPHRASES.0, QUICK_PASSPHRASES.1)
        .env_remove("REGISTRAR_STORE")
        .env_remove("REGISTRAR_USER")
        .env_remove("REGISTRAR_NOW")
        .env_remove("REGISTRAR_PASSPHRASE_FILE")
        .env_remove("RUST_BACKTRACE")
        .arg("--store")
        .arg(store)
        .arg("--now")
        .arg(NOW);
    cmd
}

/// Runs a command and checks that neither its output nor its errors show a secret.
#[track_caller]
pub fn run(cmd: &mut Command) -> Output {
    let output = cmd.output().expect("the registrar binary runs");
    assert_no_secret("stdout", &output.stdout);
    assert_no_secret("stderr", &output.stderr);
    output
}

pub fn stdout_of(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr_of(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[track_caller]
pub fn succeeds(o: &Output) -> String {
    assert!(
        o.status.success(),
        "expected success; stdout: {} stderr: {}",
        stdout_of(o),
        stderr_of(o)
    );
    stdout_of(o)
}

/// The command failed with `code` and said so in one plain line: no panic, no backtrace.
#[track_caller]
pub fn fails_with(o: &Output, code: i32) -> String {
    let stderr = stderr_of(o);
    assert_eq!(
        o.status.code(),
        Some(code),
        "exit code; stdout: {} stderr: {stderr}",
        stdout_of(o)
    );
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr:?}");
    for bad in ["panicked", "backtrace", "RUST_BACKTRACE"] {
        assert!(!stderr.contains(bad), "{stderr}");
    }
    stderr
}

/// A directory with the demo registry (built through the command line) and a passphrase
/// file per person.
pub struct Demo {
    pub dir: tempfile::TempDir,
    pub store: PathBuf,
}

/// The demo registry is built once per test process (it takes seconds: a hash per person
/// and a couple of hundred transactions) under the target's temporary directory; each test
/// works on its own copy.
fn demo_template() -> &'static Path {
    crate::common::quick_passphrases();
    static TEMPLATE: OnceLock<PathBuf> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("access-demo");
        std::fs::create_dir_all(&root).unwrap();
        // Leftovers of earlier runs whose process has ended.
        if Path::new("/proc/self").exists() {
            for entry in std::fs::read_dir(&root).unwrap().flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.parse::<u32>().is_ok() && !Path::new("/proc").join(&name).exists() {
                    let _ = std::fs::remove_dir_all(entry.path());
                }
            }
        }
        let dir = root.join(std::process::id().to_string());
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let store = dir.join("demo.redb");
        let out = run(registrar(&store).args(["demo", "--no-tui"]));
        succeeds(&out);
        store
    })
}

impl Demo {
    pub fn new() -> Demo {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("demo.redb");
        std::fs::copy(demo_template(), &store).unwrap();
        Demo { dir, store }
    }

    /// A file holding `passphrase` on its first line.
    pub fn pass_file(&self, passphrase: &str) -> PathBuf {
        let path = self
            .dir
            .path()
            .join(format!("pass-{}.txt", passphrase.replace('/', "_")));
        std::fs::write(&path, format!("{passphrase}\n")).unwrap();
        path
    }

    /// `registrar … --user NAME --passphrase-file FILE`.
    pub fn as_user(&self, name: &str, passphrase: &str) -> Command {
        let file = self.pass_file(passphrase);
        let mut cmd = registrar(&self.store);
        cmd.arg("--user")
            .arg(name)
            .arg("--passphrase-file")
            .arg(file);
        cmd
    }

    /// As a demo person with their demo passphrase.
    pub fn as_demo(&self, name: &str) -> Command {
        self.as_user(name, &demo_passphrase(name))
    }

    pub fn open(&self) -> Store {
        Store::open(&self.store, Arc::new(FixedClock::new(now()))).unwrap()
    }
}

// ------------------------------------------------------------------ actors

/// An actor as the caller claims them; `execute_as` reads their roles again from the store.
pub fn actor(name: &str, roles: &[Role], clearance: Classification) -> Actor {
    Actor {
        name: name.to_string(),
        roles: roles.to_vec(),
        clearance,
    }
}

pub fn single(role: Role) -> Actor {
    actor(role.key(), &[role], Classification::StrictlyConfidential)
}

// ------------------------------------------------------------------ representative changes

/// The records a change may name, so each change can be aimed at a suitable target.
#[derive(Clone, Debug)]
pub struct Targets {
    pub settings: RecordId,
    /// A user who is not the actor.
    pub other_user: RecordId,
    /// The actor's own account.
    pub own_user: RecordId,
    pub entity: RecordId,
    pub eas: RecordId,
    pub ear: RecordId,
    pub share: RecordId,
    pub receipt: RecordId,
    pub breach: RecordId,
    pub pre: RecordId,
    /// This station's own record, a trusted peer's, this station's knowledge of the
    /// others, and a conflict between stations.
    pub own_station: RecordId,
    pub peer_station: RecordId,
    pub knowledge: RecordId,
    pub conflict: RecordId,
}

impl Targets {
    /// Ids for pure tests, where no record needs to exist.
    pub fn dummy() -> Targets {
        let id = |k: RecordKind| RecordId::new(k, "JMAC-1", 1);
        Targets {
            settings: settings_id(),
            other_user: user_id("someone"),
            own_user: user_id("me"),
            entity: id(RecordKind::Entity),
            eas: id(RecordKind::EntityAssessmentSharing),
            ear: id(RecordKind::EntityAssessmentReceipt),
            share: id(RecordKind::Share),
            receipt: id(RecordKind::Receipt),
            breach: id(RecordKind::Breach),
            pre: id(RecordKind::PreAuthorisation),
            own_station: station_record_id(STATION),
            peer_station: station_record_id(PEER),
            knowledge: knowledge_id(STATION),
            conflict: conflict_id(&id(RecordKind::Share)),
        }
    }
}

pub fn entity_details(name: &str, level: Classification) -> EntityDetails {
    EntityDetails {
        name: name.to_string(),
        kind: EntityKind::NonUnSecurityForce,
        mandate: "territorial defence".to_string(),
        contacts: Vec::new(),
        sub_components: Vec::new(),
        handling_standards: None,
        marking: Marking::un(level),
    }
}

pub fn sharing_overview() -> SharingOverview {
    SharingOverview {
        mandate: "territorial defence".to_string(),
        mandate_compatible: Answer::yes("protection of civilians"),
        scope: "the whole entity".to_string(),
    }
}

pub fn receipt_overview() -> ReceiptOverview {
    ReceiptOverview {
        mandate: "territorial defence".to_string(),
        involvement: "operates in the area".to_string(),
        interests_and_motivations: "security of the axis".to_string(),
        why_it_shares: "joint threat picture".to_string(),
        expected_action: "none stated".to_string(),
        reliability: Reliability::B,
    }
}

pub fn draft(recipient: &RecordId, level: Classification) -> ShareDraft {
    ShareDraft {
        product: Product {
            title: "Armed group movements near Bria".to_string(),
            reference: "JMAC/2026/118".to_string(),
            summary: "Movements on the Bria–Ippy axis".to_string(),
            marking: Marking::un(level),
            nature: Nature::OperationalTactical,
            poc_threat: false,
        },
        recipient: recipient.clone(),
        recipient_unit: None,
        extent: Extent::Full,
        channel: Channel::Written,
        urgent: false,
        derived_from: Vec::new(),
        acquiring_office: "JMAC Bria field office".to_string(),
    }
}

pub fn capture(source: &RecordId, level: Classification, at: Time) -> ReceiptCapture {
    ReceiptCapture {
        title: "Armed group gathering north of Kaga-Bandoro".to_string(),
        reference: "FACA/G2/2026/031".to_string(),
        summary: "Armed group gathering 20 km north".to_string(),
        source: source.clone(),
        originator: None,
        received_at: at,
        channel: Channel::Electronic,
        marking: Marking::un(level),
        nature: Nature::OperationalTactical,
        imminent_threat: false,
        poc_threat: false,
    }
}

pub fn breach_report(entity: &RecordId) -> BreachReport {
    BreachReport {
        entity: entity.clone(),
        share: None,
        suspected: true,
        description: "product seen in a local newspaper".to_string(),
        marking: Marking::un(Classification::Confidential),
    }
}

pub fn receipt_pre_authorisation(entity: &RecordId) -> PreAuthorisationTerms {
    PreAuthorisationTerms {
        entity: entity.clone(),
        direction: Direction::Receipt,
        products: "weekly security summaries".to_string(),
        max_classification: Classification::Confidential,
        marking: Marking::un(Classification::Unclassified),
        scope: Some(crate::common::pre_scope(Direction::Receipt)),
    }
}

fn legacy_share(t: &Targets) -> OutgoingShare {
    OutgoingShare {
        id: RecordId::new(RecordKind::Share, "OLD", 1),
        draft: draft(&t.entity, Classification::Confidential),
        state: ShareState::Shared,
        drafted_by: "imfp.old".to_string(),
        drafted_at: t0() - Duration::days(400),
        deadline: None,
        sanitisation: None,
        risk_assessment: None,
        pre_authorisation: None,
        routing: None,
        decision: None,
        acceptance: None,
        shared_at: Some(t0() - Duration::days(399)),
        withdrawn_because: None,
        after_the_fact: None,
        amendments: Vec::new(),
        voided: None,
        onward_requests: Vec::new(),
    }
}

fn legacy_receipt(t: &Targets) -> IncomingReceipt {
    IncomingReceipt {
        id: RecordId::new(RecordKind::Receipt, "OLD", 1),
        capture: capture(
            &t.entity,
            Classification::Confidential,
            t0() - Duration::days(300),
        ),
        state: ReceiptState::Rejected,
        registered_by: "imfp.old".to_string(),
        registered_at: t0() - Duration::days(300),
        deadline: None,
        alerts: Vec::new(),
        scan: None,
        pre_authorisation: None,
        cleared: None,
        dissemination: None,
        rejection: None,
        onward_approvals: Vec::new(),
        follow_up: Default::default(),
        determinations: Vec::new(),
        after_the_fact: None,
        amendments: Vec::new(),
        voided: None,
    }
}

pub const AGE_RECIPIENT: &str = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
pub const SIGNING_KEY: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl peer";

fn holding() -> Holding {
    Holding {
        station: PEER.to_string(),
        seq: 12,
    }
}

/// A share decision taken as `authority`.
pub fn share_decided(authority: Role) -> Change {
    Change::ShareDecided {
        decided_at: None,
        authorise: true,
        authority,
        reason: "need to share outweighs the risk".to_string(),
        pre_authorisation: None,
    }
}

/// A dissemination decision taken as `authority`.
pub fn dissemination_decided(authority: Role) -> Change {
    Change::DisseminationToPeopleDecided {
        dissemination: Dissemination {
            authority,
            recipients: Vec::new(),
            people: vec![registrar::domain::need_to_know::Listed {
                user: "analyst".to_string(),
                via: None,
            }],
            flag: None,
            disseminated_at: None,
        },
    }
}

/// A dissemination to free-text recipients, as older logs hold them (G 9.7).
pub fn legacy_dissemination_decided(authority: Role) -> Change {
    Change::DisseminationDecided {
        dissemination: Dissemination {
            authority,
            recipients: vec!["analyst".to_string()],
            people: Vec::new(),
            flag: None,
            disseminated_at: None,
        },
    }
}

/// At least one value of every kind of `Change`, each with the record it applies to (`None`
/// for a change that creates one). Decisions are taken as `authority`.
pub fn every_change(t: &Targets, authority: Role) -> Vec<(Option<RecordId>, Change)> {
    let at = t0();
    let s = |id: &RecordId| Some(id.clone());
    vec![
        (
            None,
            Change::RegistryInitialised {
                settings: MissionSettings::new("MINUSCA"),
            },
        ),
        (
            s(&t.settings),
            Change::SettingsChanged {
                settings: MissionSettings::new("MINUSCA (renamed)"),
            },
        ),
        (
            s(&t.settings),
            Change::DelegationChanged {
                delegation: MissionSettings::new("MINUSCA").delegation,
                instruction: Some("HoM note 2026/14".to_string()),
            },
        ),
        (
            Some(user_id("newcomer")),
            Change::UserAdded {
                name: "newcomer".to_string(),
                roles: vec![Role::Admin],
                clearance: Classification::StrictlyConfidential,
            },
        ),
        (s(&t.other_user), Change::UserDisabled),
        (
            s(&t.own_user),
            Change::UserRolesChanged {
                roles: vec![Role::Admin, Role::Imfp, Role::Hom],
            },
        ),
        (s(&t.other_user), Change::PassphraseChanged),
        (
            None,
            Change::EntityRegistered {
                details: entity_details(
                    "Gendarmerie — Northern Brigade",
                    Classification::Confidential,
                ),
            },
        ),
        (
            s(&t.entity),
            Change::SubComponentExcluded {
                name: "Rapid Intervention Unit".to_string(),
                reason: "credible reports of grave violations".to_string(),
            },
        ),
        (s(&t.entity), Change::HandlingStandardsConfirmed),
        (
            None,
            Change::SharingAssessmentStarted {
                entity: t.entity.clone(),
                overview: sharing_overview(),
                marking: None,
            },
        ),
        (
            s(&t.eas),
            Change::SharingAssessmentHumanRightsRecorded {
                part: HumanRightsRiskAssessment {
                    method: HumanRightsMethod::Hrddp,
                    findings: "no grave violations recorded".to_string(),
                    conclusion: RiskConclusion::AcceptableWithMitigation,
                    mitigation_measures: vec![MitigationMeasure {
                        text: "training on IHL".to_string(),
                        in_place: None,
                    }],
                },
            },
        ),
        (s(&t.eas), Change::MitigationConfirmed { index: 0 }),
        (
            None,
            Change::ReceiptAssessmentStarted {
                entity: t.entity.clone(),
                overview: receipt_overview(),
                marking: None,
            },
        ),
        (
            s(&t.ear),
            Change::ReceiptAssessmentHumanRightsRecorded {
                scan: HumanRightsScan {
                    answers: crate::common::fit_all(
                        &ANNEX_D_HUMAN_RIGHTS,
                        ANNEX_D_HUMAN_RIGHTS
                            .iter()
                            .map(|q| Answer::no(q.key))
                            .collect(),
                        &Facts::default(),
                    ),
                },
            },
        ),
        (
            None,
            Change::ShareDrafted {
                draft: draft(&t.entity, Classification::Confidential),
            },
        ),
        (s(&t.share), Change::SanitisationConfirmed),
        (
            s(&t.share),
            Change::SharingRiskAssessed {
                assessment: SharingRiskAssessment {
                    answers: crate::common::fit_all(
                        &ANNEX_B,
                        ANNEX_B
                            .iter()
                            .map(|q| match q.key {
                                // No previous issues; no substantial grounds of misuse (Annex B Q6, Q8).
                                "previous_issues" | "violations_risk" => Answer::no(q.key),
                                _ => Answer::yes(q.key),
                            })
                            .collect(),
                        &Facts::of(Classification::Confidential, Nature::OperationalTactical),
                    ),
                    consulted: vec!["Human Rights Component".to_string()],
                    acquiring_office: None,
                    risk_acceptable: true,
                    conclusion_note: "risk acceptable".to_string(),
                    mitigations: String::new(),
                    unknowns_justified: String::new(),
                    previous_issues: Vec::new(),
                },
            },
        ),
        (
            s(&t.share),
            Change::UnRoutingRecorded {
                routing: UnRouting {
                    head_of_office: Some("Head of Office, OCHA".to_string()),
                    ..UnRouting::default()
                },
            },
        ),
        (s(&t.share), share_decided(authority)),
        (
            s(&t.share),
            Change::ConditionsAccepted {
                acceptance: ConditionsAcceptance {
                    originator_control: true,
                    use_limited: true,
                    narrower_scope: None,
                    no_violations: true,
                    marking_kept: true,
                    equivalent_handling: true,
                    accepted_by: "Col. Ndoumba, G2".to_string(),
                    document: "letter FACA/G2/2026/77".to_string(),
                    accepted_on: at,
                },
            },
        ),
        (s(&t.share), Change::ShareMarkedShared { shared_at: at }),
        (
            s(&t.share),
            Change::ShareWithdrawn {
                reason: "overtaken by events".to_string(),
            },
        ),
        (
            s(&t.share),
            Change::OnwardRequestRecorded {
                request: registrar::domain::originator_control::OnwardRequest {
                    to_whom: "regional coalition HQ".to_string(),
                    purpose: "joint planning".to_string(),
                    reference: "letter 12/2026".to_string(),
                    requested_at: t0(),
                },
            },
        ),
        (
            s(&t.share),
            Change::OnwardRequestAnswered {
                index: 0,
                answer: registrar::domain::originator_control::OnwardAnswer {
                    approved: false,
                    authority,
                    reference: "reply 13/2026".to_string(),
                    terms: "not for third parties".to_string(),
                },
            },
        ),
        (
            None,
            Change::ReceiptRegistered {
                capture: capture(&t.entity, Classification::Confidential, at),
            },
        ),
        (
            s(&t.receipt),
            Change::AlertRecorded {
                to: AlertRecipient::Dss,
                at,
            },
        ),
        (
            s(&t.receipt),
            Change::ReceiptScanned {
                scan: IntelligenceReceiptScan {
                    answers: crate::common::fit_all(
                        &ANNEX_E,
                        ANNEX_E.iter().map(|q| Answer::no(q.key)).collect(),
                        &Facts::of(Classification::Confidential, Nature::OperationalTactical),
                    ),
                    credibility: Credibility::ProbablyTrue,
                    red_flags: Vec::new(),
                    human_rights_consulted: true,
                },
            },
        ),
        (
            s(&t.receipt),
            Change::ReceiptCleared {
                pre_authorisation: None,
            },
        ),
        (s(&t.receipt), dissemination_decided(authority)),
        (s(&t.receipt), legacy_dissemination_decided(authority)),
        (
            s(&t.receipt),
            Change::ReceiptRejected {
                rejection: Rejection {
                    reason: "obtained through detainee abuse".to_string(),
                    grave_violations: true,
                    human_rights_informed: true,
                    human_rights_notice: Some(registrar::domain::follow_up::HumanRightsNotice {
                        to: "HRD duty officer".to_string(),
                        at,
                    }),
                },
            },
        ),
        (
            s(&t.receipt),
            Change::OnwardSharingApproved {
                approval: OnwardSharingApproval {
                    to_entity: t.entity.clone(),
                    approved_by: "Col. Ndoumba, G2".to_string(),
                    document: "letter FACA/G2/2026/80".to_string(),
                },
            },
        ),
        (
            None,
            Change::BreachReported {
                report: breach_report(&t.entity),
            },
        ),
        (
            s(&t.breach),
            Change::InvestigationConcluded {
                investigation: Investigation {
                    outcome: InvestigationOutcome::Negative,
                    summary: "no breach found".to_string(),
                    resumption_terms: String::new(),
                    resume_up_to: None,
                    case_by_case: false,
                    terms_until: None,
                },
            },
        ),
        (
            None,
            Change::PreAuthorised {
                terms: receipt_pre_authorisation(&t.entity),
            },
        ),
        (s(&t.pre), Change::PreAuthorisationRenewed),
        (s(&t.pre), crate::common::pre_review(Direction::Receipt)),
        (
            s(&t.pre),
            Change::PreAuthorisationRevoked {
                reason: "entity reorganised".to_string(),
            },
        ),
        (
            None,
            Change::LegacyRecordRegistered {
                record: LegacyRecord::Share(Box::new(legacy_share(t))),
            },
        ),
        (
            None,
            Change::LegacyRecordRegistered {
                record: LegacyRecord::Receipt(Box::new(legacy_receipt(t))),
            },
        ),
        // Stations and bundles between them.
        (
            s(&t.own_station),
            Change::StationKeysCreated {
                station: STATION.to_string(),
                age_recipient: AGE_RECIPIENT.to_string(),
                signing_key: SIGNING_KEY.to_string(),
            },
        ),
        (
            s(&t.peer_station),
            Change::StationTrusted {
                station: PEER.to_string(),
                age_recipient: AGE_RECIPIENT.to_string(),
                signing_key: SIGNING_KEY.to_string(),
                clearance: Classification::StrictlyConfidential,
            },
        ),
        (
            s(&t.own_station),
            Change::IdentityExported { protected: true },
        ),
        (
            s(&t.peer_station),
            Change::BundleExported {
                kind: BundleKind::Changes,
                number: 1,
                hash: "00".repeat(32),
                through: vec![holding()],
                events: 12,
                withheld: 0,
                highest: Classification::Confidential,
            },
        ),
        (
            s(&t.peer_station),
            Change::QuarantineDismissed {
                number: 2,
                hash: "33".repeat(32),
                reason: "a fork".to_string(),
            },
        ),
        (
            s(&t.peer_station),
            Change::AcknowledgementReceived {
                number: 1,
                hash: "11".repeat(32),
                holdings: vec![holding()],
            },
        ),
        (
            s(&t.knowledge),
            Change::BundleImported {
                from: PEER.to_string(),
                kind: BundleKind::Changes,
                number: 1,
                hash: "22".repeat(32),
                holdings: vec![holding()],
                seq: 40,
            },
        ),
        (
            s(&t.conflict),
            Change::ConflictResolved {
                note: "kept the later assessment".to_string(),
                covers: vec![EventRef {
                    station: PEER.to_string(),
                    seq: 3,
                }],
            },
        ),
        (
            None,
            Change::ShareRegisteredAfterTheFact {
                draft: draft(&t.entity, Classification::Confidential),
                shared_at: at,
                shared_by: "sector commander".to_string(),
                authorised_by: None,
                why: "verbal warning at the checkpoint".to_string(),
            },
        ),
        (
            None,
            Change::ReceiptRegisteredAfterTheFact {
                capture: capture(&t.entity, Classification::Confidential, at),
                received_by: "patrol leader".to_string(),
                why: "no registry access on patrol".to_string(),
                handled: None,
            },
        ),
        (
            s(&t.receipt),
            Change::ThreatDetermined {
                imminent: true,
                at,
                reason: String::new(),
            },
        ),
        (
            s(&t.share),
            Change::ShareAmended {
                amendment: AmendedField::Title("corrected title".to_string()),
                reason: "typo".to_string(),
            },
        ),
        (
            s(&t.receipt),
            Change::ReceiptAmended {
                amendment: AmendedField::Title("corrected title".to_string()),
                reason: "typo".to_string(),
            },
        ),
        (
            s(&t.share),
            Change::ShareVoided {
                reason: "registered in error".to_string(),
            },
        ),
        (
            s(&t.receipt),
            Change::ReceiptVoided {
                reason: "registered in error".to_string(),
            },
        ),
        (
            s(&t.entity),
            Change::EntityDetailsEdited {
                details: EntityDetails {
                    name: "edited".to_string(),
                    kind: EntityKind::OtherNonUnCivilian,
                    mandate: String::new(),
                    contacts: Vec::new(),
                    sub_components: Vec::new(),
                    handling_standards: None,
                    marking: Marking::un(Classification::Unclassified),
                },
                reason: "wrong kind".to_string(),
            },
        ),
        (
            s(&t.entity),
            Change::EntitiesMerged {
                into: t.entity.clone(),
                reason: "the same entity".to_string(),
            },
        ),
        (
            s(&t.entity),
            Change::IncidentRecorded {
                incident: registrar::domain::monitoring::Incident {
                    what: "detainees reported killed".to_string(),
                    occurred_at: at,
                    source: "monitoring visit".to_string(),
                },
            },
        ),
        (
            s(&t.entity),
            Change::AssessmentsSuspended {
                reason: "credible reports".to_string(),
                incident: None,
            },
        ),
        (
            s(&t.entity),
            Change::SuspensionReviewed {
                index: 0,
                outcome: registrar::domain::monitoring::SuspensionOutcome::Lifted,
                finding: "reports concern another unit".to_string(),
            },
        ),
        (
            s(&t.receipt),
            Change::HumanRightsNoticeAcknowledged {
                response: "case opened".to_string(),
            },
        ),
        (
            s(&t.receipt),
            Change::ActionRecorded {
                action: registrar::domain::follow_up::ActionTaken {
                    action: "patrol sent".to_string(),
                    corroborated_by: "UNPOL report".to_string(),
                },
            },
        ),
        (
            s(&t.entity),
            Change::TortureRefusalCommunicated {
                communication: registrar::domain::entity_review::TortureRefusalCommunication {
                    communicated_at: at,
                    how: "letter SRSG/2026/311".to_string(),
                },
            },
        ),
        (
            s(&t.entity),
            Change::RevisionRecorded {
                revision: registrar::domain::entity_review::RevisionFinding {
                    from: at - chrono::Duration::days(90),
                    to: at,
                    finding: "no pattern".to_string(),
                    action: registrar::domain::entity_review::RevisionAction::Continue,
                    action_details: String::new(),
                },
            },
        ),
    ]
}

/// The serde tag of a change: its variant's name in snake_case.
pub fn tag(change: &Change) -> String {
    serde_json::to_value(change).unwrap()["change"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Every variant of `Change`, by tag, as serde knows them (the error for an unknown tag lists
/// them all), so a new variant without a row in the matrix fails the table test.
pub fn all_change_tags() -> Vec<String> {
    let err = serde_json::from_str::<Change>(r#"{"change":"__no_such_change__"}"#)
        .expect_err("an unknown change tag is refused")
        .to_string();
    let list = err
        .split("expected one of ")
        .nth(1)
        .unwrap_or_else(|| panic!("serde's message changed: {err}"));
    // "`a`, `b`, `c` at line 1 column 30": the names are the text between back-quotes.
    list.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

// ------------------------------------------------------------------ a small real registry

pub const STATION: &str = "JMAC-1";
/// A peer station.
pub const PEER: &str = "JMAC-2";

/// A registry built through the library: the first administrator `chief`, then `imfp1`,
/// `hom1` and the oversight user `oios` added by `chief`, and one record of every kind.
pub struct Small {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
    pub clock: Arc<FixedClock>,
    pub store: Store,
    pub targets: Targets,
}

pub fn chief() -> Actor {
    actor(
        "chief",
        &[Role::Admin],
        Classification::StrictlyConfidential,
    )
}

pub fn oios() -> Actor {
    actor(
        "oios",
        &[Role::Oversight],
        Classification::StrictlyConfidential,
    )
}

/// An empty registry with its first administrator.
pub fn new_store() -> (tempfile::TempDir, PathBuf, Arc<FixedClock>, Store) {
    crate::common::quick_passphrases();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("registry.redb");
    let clock = Arc::new(FixedClock::new(t0()));
    let store = Store::create(
        &path,
        STATION,
        MissionSettings::new("MINUSCA"),
        "chief",
        clock.clone(),
    )
    .unwrap();
    store
        .add_first_administrator("chief", Classification::StrictlyConfidential, CHIEF_PASS)
        .unwrap();
    (dir, path, clock, store)
}

impl Small {
    pub fn new() -> Small {
        let (dir, path, clock, store) = new_store();
        let sc = Classification::StrictlyConfidential;
        store
            .add_user(&chief(), "imfp1", vec![Role::Imfp], sc, IMFP1_PASS)
            .unwrap();
        store
            .add_user(&chief(), "hom1", vec![Role::Hom], sc, HOM1_PASS)
            .unwrap();
        store
            .add_user(&chief(), "oios", vec![Role::Oversight], sc, OIOS_PASS)
            .unwrap();
        let imfp = actor("imfp1", &[Role::Imfp], sc);
        let hom = actor("hom1", &[Role::Hom], sc);
        let make = |who: &Actor, change: Change| store.execute_as(who, None, change).unwrap();
        let entity = make(
            &imfp,
            Change::EntityRegistered {
                details: entity_details("Forces Armées Centrafricaines", sc),
            },
        );
        let eas = make(
            &imfp,
            Change::SharingAssessmentStarted {
                entity: entity.clone(),
                overview: sharing_overview(),
                marking: None,
            },
        );
        let ear = make(
            &imfp,
            Change::ReceiptAssessmentStarted {
                entity: entity.clone(),
                overview: receipt_overview(),
                marking: None,
            },
        );
        let share = make(
            &imfp,
            Change::ShareDrafted {
                draft: draft(&entity, Classification::Confidential),
            },
        );
        let receipt = make(
            &imfp,
            Change::ReceiptRegistered {
                capture: capture(&entity, sc, t0()),
            },
        );
        let breach = make(
            &imfp,
            Change::BreachReported {
                report: breach_report(&entity),
            },
        );
        let pre = make(
            &hom,
            Change::PreAuthorised {
                terms: receipt_pre_authorisation(&entity),
            },
        );
        let targets = Targets {
            settings: settings_id(),
            other_user: user_id("chief"),
            own_user: user_id("oios"),
            entity,
            eas,
            ear,
            share,
            receipt,
            breach,
            pre,
            own_station: station_record_id(STATION),
            peer_station: station_record_id(PEER),
            knowledge: knowledge_id(STATION),
            conflict: conflict_id(&RecordId::new(RecordKind::Share, STATION, 1)),
        };
        Small {
            dir,
            path,
            clock,
            store,
            targets,
        }
    }
}
