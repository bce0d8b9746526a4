//! Small fixture builders for the rule tests: a registry started at a fixed time, entities,
//! the four assessments of the Guidelines in their plainest valid form, and two helpers that
//! run a change and say plainly whether it was allowed or refused.

#![allow(dead_code)]

use chrono::{DateTime, Duration, Utc};
use registrar::domain::answer::{Answer, AnswerType, Facts, Question, RecordField};
use registrar::domain::assessment_receipt::{
    ANNEX_D_HUMAN_RIGHTS, HumanRightsScan, ReceiptOverview,
};
use registrar::domain::assessment_sharing::{
    HumanRightsMethod, HumanRightsRiskAssessment, MitigationMeasure, RiskConclusion,
    SharingOverview,
};
use registrar::domain::change::Change;
use registrar::domain::entity::{EntityDetails, EntityKind, HandlingStandards};
use registrar::domain::grades::{Credibility, Reliability};
use registrar::domain::ids::{RecordId, Time};
use registrar::domain::marking::{Classification, Marking};
use registrar::domain::memory::MemoryRegistry;
use registrar::domain::nature::Nature;
use registrar::domain::receipt::ReceiptCapture;
use registrar::domain::receipt_scan::{ANNEX_E, IntelligenceReceiptScan};
use registrar::domain::record::Record;
use registrar::domain::refusal::Refusal;
use registrar::domain::risk_assessment::{
    ANNEX_B, AcquiringOfficeConsultation, SharingRiskAssessment,
};
use registrar::domain::role::Role;
use registrar::domain::settings::MissionSettings;
use registrar::domain::share::{Channel, ConditionsAcceptance, Extent, Product, ShareDraft};
use registrar::domain::view::RegistryView;

pub const ACTOR: &str = "imfp.okafor";

/// 2026-11-01T08:00:00Z: every test's registry starts here; never the wall clock.
pub fn t0() -> Time {
    DateTime::parse_from_rfc3339("2026-11-01T08:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

pub fn day(n: i64) -> Time {
    t0() + Duration::days(n)
}

pub fn minute(n: i64) -> Time {
    t0() + Duration::minutes(n)
}

/// A registry initialised for MINUSCA with the default settings, at t0.
pub fn registry() -> MemoryRegistry {
    registry_with(MissionSettings::new("MINUSCA"))
}

pub fn registry_with(settings: MissionSettings) -> MemoryRegistry {
    let mut reg = MemoryRegistry::new("JMAC-1");
    reg.ok(None, Change::RegistryInitialised { settings }, t0());
    // The people a dissemination may name (G 9.7): `READER` cleared for everything, `JUNIOR`
    // only to Confidential.
    for (name, clearance) in [
        (READER, Classification::StrictlyConfidential),
        (JUNIOR, Classification::Confidential),
    ] {
        add_user(&mut reg, name, &[Role::Legal], clearance);
    }
    reg
}

/// A registered user cleared for every product (on the dissemination lists of the tests).
pub const READER: &str = "legal.reader";
/// A registered user cleared to Confidential only.
pub const JUNIOR: &str = "legal.junior";

/// Registers a user account.
pub fn add_user(reg: &mut MemoryRegistry, name: &str, roles: &[Role], clearance: Classification) {
    reg.ok(
        Some(&registrar::domain::user::user_id(name)),
        Change::UserAdded {
            name: name.to_string(),
            roles: roles.to_vec(),
            clearance,
        },
        t0(),
    );
}

/// A dissemination list naming these registered users (G 9.7).
pub fn listed(names: &[&str]) -> Vec<registrar::domain::need_to_know::Listed> {
    names
        .iter()
        .map(|n| registrar::domain::need_to_know::Listed {
            user: n.to_string(),
            via: None,
        })
        .collect()
}

/// Run a change and say whether the rules allowed it.
pub trait Exec {
    /// The change must be allowed; returns the record id.
    fn ok(&mut self, target: Option<&RecordId>, change: Change, now: Time) -> RecordId;
    /// The change must be refused; returns the refusal.
    fn refused(&mut self, target: Option<&RecordId>, change: Change, now: Time) -> Refusal;
}

impl Exec for MemoryRegistry {
    #[track_caller]
    fn ok(&mut self, target: Option<&RecordId>, change: Change, now: Time) -> RecordId {
        let change = confirming(&self.view, target, change);
        let what = change.describe();
        match self.execute(target, change, ACTOR, now) {
            Ok(id) => id,
            Err(r) => panic!("expected '{what}' to be allowed, refused with {r}"),
        }
    }

    #[track_caller]
    fn refused(&mut self, target: Option<&RecordId>, change: Change, now: Time) -> Refusal {
        let change = confirming(&self.view, target, change);
        let what = change.describe();
        match self.execute(target, change, ACTOR, now) {
            Ok(id) => panic!("expected '{what}' to be refused, allowed on {id}"),
            Err(r) => r,
        }
    }
}

// ------------------------------------------------------ typed Annex answers

/// A template answer made to fit its question, as the console's forms record it: a yes-no
/// question keeps it; a choice takes its first option, a text the note's words; a question
/// repeating the record's classification or nature confirms the record's field (when known).
pub fn fit(q: &Question, a: Answer, facts: &Facts) -> Answer {
    if a.yes_no_value().is_none() {
        return a;
    }
    match q.kind {
        AnswerType::YesNo => a,
        AnswerType::Choice(opts) => Answer::choice(opts[0].key, a.note),
        AnswerType::Text => Answer::text(a.note),
        AnswerType::Confirms(RecordField::Classification) => match facts.classification {
            Some(c) => Answer::classification(c, a.note),
            None => a,
        },
        AnswerType::Confirms(RecordField::Nature) => match facts.nature {
            Some(n) => Answer::nature(n, a.note),
            None => a,
        },
    }
}

pub fn fit_all(questions: &[Question], answers: Vec<Answer>, facts: &Facts) -> Vec<Answer> {
    answers
        .into_iter()
        .enumerate()
        .map(|(i, a)| match questions.get(i) {
            Some(q) => fit(q, a, facts),
            None => a,
        })
        .collect()
}

/// The change with its Annex answers fitted to the record it targets.
pub fn confirming(view: &dyn RegistryView, target: Option<&RecordId>, change: Change) -> Change {
    let facts = match target.and_then(|t| view.record(t)) {
        Some(Record::Share(s)) => Facts::of(s.draft.product.marking.level, s.draft.product.nature),
        Some(Record::Receipt(r)) => Facts::of(r.capture.marking.level, r.capture.nature),
        _ => Facts::default(),
    };
    match change {
        Change::SharingRiskAssessed { mut assessment } => {
            assessment.answers = fit_all(&ANNEX_B, assessment.answers, &facts);
            // Annex B Q6 as the form reads it from the registry (G 8.1.3).
            if assessment.previous_issues.is_empty()
                && let Some(Record::Share(s)) = target.and_then(|t| view.record(t))
                && let Some(e) = view.entity(&s.draft.recipient)
            {
                assessment.previous_issues = registrar::domain::previous_issues::on_the_entity(
                    &e,
                    &view.breaches(&e),
                    Time::MAX_UTC,
                );
            }
            Change::SharingRiskAssessed { assessment }
        }
        Change::ReceiptScanned { mut scan } => {
            scan.answers = fit_all(&ANNEX_E, scan.answers, &facts);
            Change::ReceiptScanned { scan }
        }
        Change::ReceiptAssessmentHumanRightsRecorded { mut scan } => {
            scan.answers = fit_all(&ANNEX_D_HUMAN_RIGHTS, scan.answers, &facts);
            Change::ReceiptAssessmentHumanRightsRecorded { scan }
        }
        other => other,
    }
}

/// The refusal cites `paragraph` and its reason names each of `names`.
#[track_caller]
pub fn assert_refusal(r: &Refusal, paragraph: &str, names: &[&str]) {
    assert_eq!(r.paragraph, paragraph, "wrong paragraph in refusal: {r}");
    for n in names {
        assert!(r.reason.contains(n), "refusal '{r}' does not name '{n}'");
    }
}

// ---------------------------------------------------------------- entities

pub const FACA: &str = "Forces Armées Centrafricaines";
pub const MINISTRY: &str = "Ministry of Foreign Affairs";
pub const UNICEF: &str = "UNICEF Bangui";

pub fn details(name: &str, kind: EntityKind) -> EntityDetails {
    EntityDetails {
        name: name.to_string(),
        kind,
        mandate: "national defence".to_string(),
        contacts: Vec::new(),
        sub_components: Vec::new(),
        handling_standards: None,
        marking: Marking::un(Classification::Confidential),
    }
}

pub fn entity(reg: &mut MemoryRegistry, name: &str, kind: EntityKind) -> RecordId {
    reg.ok(
        None,
        Change::EntityRegistered {
            details: details(name, kind),
        },
        t0(),
    )
}

/// An entity that specified handling standards the mission has not yet confirmed (G 9.8).
pub fn entity_with_standards(reg: &mut MemoryRegistry, name: &str, standards: &str) -> RecordId {
    let mut d = details(name, EntityKind::NonUnSecurityForce);
    d.handling_standards = Some(HandlingStandards {
        text: standards.to_string(),
        confirmed: None,
    });
    reg.ok(None, Change::EntityRegistered { details: d }, t0())
}

// ---------------------------------------------- Entity Assessment for Sharing

pub fn sharing_overview() -> SharingOverview {
    SharingOverview {
        mandate: "territorial defence".to_string(),
        mandate_compatible: Answer::yes("protection of civilians"),
        scope: "the whole entity".to_string(),
    }
}

pub fn hrdd(conclusion: RiskConclusion, mitigations: &[&str]) -> HumanRightsRiskAssessment {
    HumanRightsRiskAssessment {
        method: HumanRightsMethod::Hrddp,
        findings: "no grave violations recorded in the last 24 months".to_string(),
        conclusion,
        mitigation_measures: mitigations
            .iter()
            .map(|m| MitigationMeasure {
                text: m.to_string(),
                in_place: None,
            })
            .collect(),
    }
}

/// Part 1 of an Entity Assessment for Sharing, recorded at `at`.
pub fn start_eas(reg: &mut MemoryRegistry, entity: &RecordId, at: Time) -> RecordId {
    reg.ok(
        None,
        Change::SharingAssessmentStarted {
            entity: entity.clone(),
            overview: sharing_overview(),
            marking: None,
        },
        at,
    )
}

/// A complete Entity Assessment for Sharing, both parts recorded at `at`.
pub fn eas_with(
    reg: &mut MemoryRegistry,
    entity: &RecordId,
    part2: HumanRightsRiskAssessment,
    at: Time,
) -> RecordId {
    let id = start_eas(reg, entity, at);
    reg.ok(
        Some(&id),
        Change::SharingAssessmentHumanRightsRecorded { part: part2 },
        at,
    );
    id
}

/// A complete Entity Assessment for Sharing concluding the risk acceptable.
pub fn eas(reg: &mut MemoryRegistry, entity: &RecordId, at: Time) -> RecordId {
    eas_with(reg, entity, hrdd(RiskConclusion::Acceptable, &[]), at)
}

// ------------------------------------------------------ Sharing Risk Assessment

pub fn annex_b_answers() -> Vec<Answer> {
    ANNEX_B
        .iter()
        .map(|q| match q.key {
            // No previous issues; no substantial grounds of misuse (Annex B Q6, Q8).
            "previous_issues" | "violations_risk" => Answer::no(q.key),
            _ => Answer::yes(q.key),
        })
        .collect()
}

/// A Sharing Risk Assessment concluding `acceptable`, with the acquiring office consulted
/// and supporting the sharing.
pub fn sra(acceptable: bool) -> SharingRiskAssessment {
    SharingRiskAssessment {
        answers: annex_b_answers(),
        consulted: vec!["Human Rights Component".to_string()],
        acquiring_office: Some(AcquiringOfficeConsultation {
            office: ACQUIRING_OFFICE.to_string(),
            supports_sharing: true,
            note: "agreed".to_string(),
        }),
        risk_acceptable: acceptable,
        conclusion_note: if acceptable {
            "risk acceptable".to_string()
        } else {
            "risk of exposing the source".to_string()
        },
        mitigations: String::new(),
        unknowns_justified: String::new(),
        previous_issues: Vec::new(),
    }
}

/// The same, for an entity the registry holds a breach or suspension against: Annex B Q6
/// answered yes, the issue weighed (G 8.1.3).
pub fn sra_weighing_previous_issues(acceptable: bool) -> SharingRiskAssessment {
    let mut a = sra(acceptable);
    if let Some(i) = ANNEX_B.iter().position(|q| q.key == "previous_issues") {
        a.answers[i] = Answer::yes("the registry's previous issues weighed");
    }
    a
}

// ------------------------------------------------------------------ shares

pub const ACQUIRING_OFFICE: &str = "JMAC Bria field office";
pub const REF: &str = "JMAC/2026/118";

pub fn product(nature: Nature) -> Product {
    Product {
        title: "Armed group movements near Bria".to_string(),
        reference: REF.to_string(),
        summary: "Movements of armed elements on the Bria–Ippy axis".to_string(),
        marking: Marking::un(Classification::Confidential),
        nature,
        poc_threat: false,
    }
}

pub fn draft(recipient: &RecordId, nature: Nature) -> ShareDraft {
    ShareDraft {
        product: product(nature),
        recipient: recipient.clone(),
        recipient_unit: None,
        extent: Extent::Full,
        channel: Channel::Written,
        urgent: false,
        derived_from: Vec::new(),
        acquiring_office: ACQUIRING_OFFICE.to_string(),
    }
}

pub fn draft_share(reg: &mut MemoryRegistry, d: ShareDraft, at: Time) -> RecordId {
    reg.ok(None, Change::ShareDrafted { draft: d }, at)
}

pub fn sanitise(reg: &mut MemoryRegistry, share: &RecordId, at: Time) {
    reg.ok(Some(share), Change::SanitisationConfirmed, at);
}

pub fn assess_risk(reg: &mut MemoryRegistry, share: &RecordId, a: SharingRiskAssessment, at: Time) {
    reg.ok(
        Some(share),
        Change::SharingRiskAssessed { assessment: a },
        at,
    );
}

/// The decision to share, by `authority`.
pub fn authorise(authority: Role) -> Change {
    Change::ShareDecided {
        decided_at: None,
        authorise: true,
        authority,
        reason: "need to share outweighs the risk".to_string(),
        pre_authorisation: None,
    }
}

pub fn authorise_pre(authority: Role, entry: &RecordId) -> Change {
    Change::ShareDecided {
        decided_at: None,
        authorise: true,
        authority,
        reason: "regular product, pre-authorised entity".to_string(),
        pre_authorisation: Some(entry.clone()),
    }
}

/// A written acceptance of every G 8.1.5 condition.
pub fn full_acceptance_on(on: Time) -> ConditionsAcceptance {
    ConditionsAcceptance {
        originator_control: true,
        use_limited: true,
        narrower_scope: None,
        no_violations: true,
        marking_kept: true,
        equivalent_handling: true,
        accepted_by: "Col. Ndoumba, G2".to_string(),
        document: "letter FACA/G2/2026/77".to_string(),
        accepted_on: on,
    }
}

pub fn accept(reg: &mut MemoryRegistry, share: &RecordId, at: Time) {
    reg.ok(
        Some(share),
        Change::ConditionsAccepted {
            acceptance: full_acceptance_on(at),
        },
        at,
    );
}

pub fn mark_shared(at: Time) -> Change {
    Change::ShareMarkedShared { shared_at: at }
}

/// A non-UN entity with a current, acceptable Entity Assessment for Sharing (at t0) and a
/// strategic share to it drafted, sanitised and risk-assessed acceptable: ready for the
/// MICM Chair's decision.
pub fn share_ready_for_decision(reg: &mut MemoryRegistry) -> (RecordId, RecordId) {
    let faca = entity(reg, FACA, EntityKind::NonUnSecurityForce);
    eas(reg, &faca, t0());
    let share = draft_share(reg, draft(&faca, Nature::Strategic), t0());
    sanitise(reg, &share, t0());
    assess_risk(reg, &share, sra(true), t0());
    (faca, share)
}

// ---------------------------------------------- Entity Assessment for Receipt

pub fn receipt_overview(reliability: Reliability) -> ReceiptOverview {
    ReceiptOverview {
        mandate: "territorial defence".to_string(),
        involvement: "operates in the area".to_string(),
        interests_and_motivations: "security of the axis".to_string(),
        why_it_shares: "joint threat picture".to_string(),
        expected_action: "none stated".to_string(),
        reliability,
    }
}

pub fn human_rights_scan() -> HumanRightsScan {
    HumanRightsScan {
        answers: ANNEX_D_HUMAN_RIGHTS
            .iter()
            .map(|q| Answer::no(q.key))
            .collect(),
    }
}

pub fn start_ear(
    reg: &mut MemoryRegistry,
    entity: &RecordId,
    r: Reliability,
    at: Time,
) -> RecordId {
    reg.ok(
        None,
        Change::ReceiptAssessmentStarted {
            entity: entity.clone(),
            overview: receipt_overview(r),
            marking: None,
        },
        at,
    )
}

/// A complete Entity Assessment for Receipt grading the entity `r`, recorded at `at`.
pub fn ear(reg: &mut MemoryRegistry, entity: &RecordId, r: Reliability, at: Time) -> RecordId {
    let id = start_ear(reg, entity, r, at);
    reg.ok(
        Some(&id),
        Change::ReceiptAssessmentHumanRightsRecorded {
            scan: human_rights_scan(),
        },
        at,
    );
    id
}

// --------------------------------------------------------------- receipts

pub const RCP_REF: &str = "FACA/G2/2026/031";

pub fn capture(source: &RecordId, nature: Nature, received_at: Time) -> ReceiptCapture {
    ReceiptCapture {
        title: "Planned attack on Kaga-Bandoro camp".to_string(),
        reference: RCP_REF.to_string(),
        summary: "Armed group gathering 20 km north".to_string(),
        source: source.clone(),
        originator: None,
        received_at,
        channel: Channel::Electronic,
        marking: Marking::with_originator(Classification::Confidential, "SECRET//REL UN"),
        nature,
        imminent_threat: false,
        poc_threat: false,
    }
}

pub fn register(reg: &mut MemoryRegistry, c: ReceiptCapture, at: Time) -> RecordId {
    reg.ok(None, Change::ReceiptRegistered { capture: c }, at)
}

/// An Intelligence Receipt Scan; `grave_violations` answers the third Annex E question.
pub fn irs(grave_violations: bool, red_flags: &[&str]) -> IntelligenceReceiptScan {
    let answers = ANNEX_E
        .iter()
        .map(|q| match q.key {
            "grave_violations" if grave_violations => Answer::yes("detainee statements"),
            _ => Answer::no(q.key),
        })
        .collect();
    IntelligenceReceiptScan {
        answers,
        credibility: Credibility::ProbablyTrue,
        red_flags: red_flags.iter().map(|f| f.to_string()).collect(),
        human_rights_consulted: true,
    }
}

/// Records a scan; its first answer (imminent threat?) agrees with the receipt's
/// determination, as the guard requires (G 9.1).
pub fn scan(
    reg: &mut MemoryRegistry,
    receipt: &RecordId,
    mut s: IntelligenceReceiptScan,
    at: Time,
) {
    if let Some(Record::Receipt(r)) = reg.view.record(receipt)
        && r.imminent_threat()
    {
        s.answers[0] = Answer::yes("imminent threat");
    }
    reg.ok(Some(receipt), Change::ReceiptScanned { scan: s }, at);
}

pub fn clear() -> Change {
    Change::ReceiptCleared {
        pre_authorisation: None,
    }
}

/// A source graded `r` (EAR at t0) and an operational/tactical product from it, scanned
/// clean: ready to be cleared.
pub fn receipt_ready_for_clearance(
    reg: &mut MemoryRegistry,
    r: Reliability,
) -> (RecordId, RecordId) {
    let faca = entity(reg, FACA, EntityKind::NonUnSecurityForce);
    ear(reg, &faca, r, t0());
    let rcp = register(reg, capture(&faca, Nature::OperationalTactical, t0()), t0());
    scan(reg, &rcp, irs(false, &[]), t0());
    (faca, rcp)
}

// ------------------------------------------------------ pre-authorised entries

/// The series the tests' products belong to: shares' references begin "JMAC/2026/" ([`REF`]),
/// receipts' "FACA/G2/" ([`RCP_REF`]); both natures.
pub fn pre_scope(
    direction: registrar::domain::pre_authorisation::Direction,
) -> registrar::domain::pre_authorisation_scope::Scope {
    use registrar::domain::pre_authorisation::Direction;
    registrar::domain::pre_authorisation_scope::Scope {
        reference_prefix: match direction {
            Direction::Sharing => "JMAC/2026/",
            Direction::Receipt => "FACA/G2/",
        }
        .to_string(),
        natures: vec![Nature::Strategic, Nature::OperationalTactical],
    }
}

/// The periodic review of an entry with every item of the checklist confirmed, its scope
/// restated.
pub fn pre_review(direction: registrar::domain::pre_authorisation::Direction) -> Change {
    Change::PreAuthorisationReviewed {
        review: registrar::domain::pre_authorisation_scope::PreAuthorisationReview {
            products_within_scope: true,
            still_regular: true,
            no_unrecorded_concern: true,
            assessment_read: true,
            finding: "weekly reports as agreed; no concern".to_string(),
            scope: pre_scope(direction),
            max_classification: Classification::Confidential,
        },
    }
}

/// The passphrase work the test suite's commands hash with (`REGISTRAR_PASSPHRASE_WORK_FACTOR`:
/// 2^8 KiB, which only a debug build accepts), so the hundreds of logins in the suite cost
/// milliseconds, not a quarter of a second each. `access::a_registry_made_without_it_…` checks
/// that a command run without it hashes with the standard work.
pub const QUICK_PASSPHRASES: (&str, &str) = (registrar::store::passphrase_work::WORK_VARIABLE, "8");

/// The same work for the passphrases this test process hashes itself.
pub fn quick_passphrases() {
    let work = registrar::store::passphrase_work::PassphraseWork::with_memory_log2_kib(8)
        .expect("a debug build accepts the test suite's work");
    // Set once per process; a test that hashed first only makes the suite slower.
    let _ = registrar::store::passphrase_work::use_passphrase_work(work);
}
