//! Each Annex question takes its own kind of answer (issue 9; Annexes A, B, D, E): yes / no /
//! unknown with a note, a choice from a fixed list, words, or the confirmation of a field the
//! record already has (classification, nature) — asked once, never left to disagree, and read
//! in the register as what was asked ("operational/tactical", never "YES").

use crate::common::*;
use registrar::domain::answer::{Answer, AnswerType, RecordField};
use registrar::domain::assessment_receipt::{ANNEX_D_HUMAN_RIGHTS, COMPLIANCE_RECORD};
use registrar::domain::assessment_sharing::MANDATE_COMPATIBLE;
use registrar::domain::change::Change;
use registrar::domain::entity::EntityKind;
use registrar::domain::grades::Reliability;
use registrar::domain::ids::RecordId;
use registrar::domain::marking::Classification;
use registrar::domain::memory::MemoryRegistry;
use registrar::domain::nature::Nature;
use registrar::domain::receipt_scan::{ANNEX_E, IntelligenceReceiptScan, WHY_SHARED};
use registrar::domain::record::Record;
use registrar::domain::risk_assessment::{ANNEX_B, SharingRiskAssessment};
use registrar::register::labels::record_json;

fn kind(questions: &[registrar::domain::answer::Question], key: &str) -> AnswerType {
    questions.iter().find(|q| q.key == key).unwrap().kind
}

#[test]
fn annexes_a_b_d_e_each_question_has_its_answer_type() {
    use AnswerType::*;
    // Annex A part 1: compatible or not.
    assert_eq!(MANDATE_COMPATIBLE.kind, YesNo);
    // Annex B: Q5 is open; Q9 repeats the product's classification.
    for q in &ANNEX_B {
        let expected = match q.key {
            "expected_use" => Text,
            "classification" => Confirms(RecordField::Classification),
            _ => YesNo,
        };
        assert_eq!(q.kind, expected, "Annex B {}", q.key);
    }
    // Annex D part 2: Q1 asks what the record is — a choice; the rest yes / no / unknown.
    assert_eq!(
        kind(&ANNEX_D_HUMAN_RIGHTS, "compliance_record"),
        Choice(&COMPLIANCE_RECORD)
    );
    for q in ANNEX_D_HUMAN_RIGHTS.iter().skip(1) {
        assert_eq!(q.kind, YesNo, "Annex D {}", q.key);
    }
    // Annex E: Q2 repeats the nature, Q6 the classification; Q4 is why it was shared.
    assert_eq!(kind(&ANNEX_E, "nature"), Confirms(RecordField::Nature));
    assert_eq!(
        kind(&ANNEX_E, "classification"),
        Confirms(RecordField::Classification)
    );
    assert_eq!(kind(&ANNEX_E, "why_shared"), Choice(&WHY_SHARED));
    for key in ["imminent_threat", "grave_violations", "political_purposes"] {
        assert_eq!(kind(&ANNEX_E, key), YesNo, "Annex E {key}");
    }
}

/// A registered operational/tactical receipt from FACA, Confidential.
fn receipt(reg: &mut MemoryRegistry) -> RecordId {
    let faca = entity(reg, FACA, EntityKind::NonUnSecurityForce);
    ear(reg, &faca, Reliability::B, t0());
    register(
        reg,
        capture(&faca, Nature::OperationalTactical, minute(1)),
        minute(1),
    )
}

/// A scan typed as the form records it, with Annex E question `key` answered `answer`.
fn scan_answering(key: &str, answer: Answer) -> IntelligenceReceiptScan {
    let mut s = irs(false, &[]);
    s.answers = vec![
        Answer::no("no threat stated"),
        Answer::nature(Nature::OperationalTactical, ""),
        Answer::no("no indication"),
        Answer::choice("regular_exchange", "monthly liaison"),
        Answer::unknown("possible"),
        Answer::classification(Classification::Confidential, ""),
    ];
    let i = ANNEX_E.iter().position(|q| q.key == key).unwrap();
    s.answers[i] = answer;
    s
}

fn scanned(s: IntelligenceReceiptScan) -> Change {
    Change::ReceiptScanned { scan: s }
}

#[test]
fn g9_6_annex_e_q2_answered_yes_is_refused_the_nature_is_confirmed() {
    let mut reg = registry();
    let rcp = receipt(&mut reg);
    // "Is it strategic or operational/tactical? — YES" is not an answer.
    let r = reg
        .execute(
            Some(&rcp),
            scanned(scan_answering("nature", Answer::yes("op/tac"))),
            ACTOR,
            minute(2),
        )
        .unwrap_err();
    assert_refusal(
        &r,
        "G 9.6",
        &["Annex E Q2 (nature)", "confirm the record's nature"],
    );
    // Nor may the scan say another nature than the record's: amend the record instead.
    let r = reg
        .execute(
            Some(&rcp),
            scanned(scan_answering(
                "nature",
                Answer::nature(Nature::Strategic, ""),
            )),
            ACTOR,
            minute(2),
        )
        .unwrap_err();
    assert_refusal(&r, "G 9.6", &["strategic", "operational/tactical", "amend"]);
    reg.execute(
        Some(&rcp),
        scanned(scan_answering(
            "nature",
            Answer::nature(Nature::OperationalTactical, ""),
        )),
        ACTOR,
        minute(3),
    )
    .unwrap();
}

#[test]
fn g9_6_annex_e_q4_an_unknown_choice_is_refused_not_defaulted() {
    let mut reg = registry();
    let rcp = receipt(&mut reg);
    let r = reg
        .execute(
            Some(&rcp),
            scanned(scan_answering("why_shared", Answer::choice("goodwill", ""))),
            ACTOR,
            minute(2),
        )
        .unwrap_err();
    assert_refusal(
        &r,
        "G 9.6",
        &[
            "Q4 (why_shared)",
            "`goodwill` is not one of",
            "warn_of_threat",
        ],
    );
    let r = reg
        .execute(
            Some(&rcp),
            scanned(scan_answering("why_shared", Answer::yes(""))),
            ACTOR,
            minute(2),
        )
        .unwrap_err();
    assert_refusal(&r, "G 9.6", &["Q4 (why_shared)", "choose one of"]);
}

#[test]
fn g9_6_annex_e_q6_the_classification_confirmed_is_the_records() {
    let mut reg = registry();
    let rcp = receipt(&mut reg);
    let r = reg
        .execute(
            Some(&rcp),
            scanned(scan_answering(
                "classification",
                Answer::classification(Classification::StrictlyConfidential, ""),
            )),
            ACTOR,
            minute(2),
        )
        .unwrap_err();
    assert_refusal(
        &r,
        "G 9.6",
        &[
            "Q6 (classification)",
            "STRICTLY CONFIDENTIAL",
            "CONFIDENTIAL",
        ],
    );
}

/// The Annex B answers typed as the form records them for a Confidential share of `nature`.
fn typed_sra(nature: Nature) -> SharingRiskAssessment {
    let mut a = sra(true);
    a.answers = fit_all(
        &ANNEX_B,
        annex_b_answers(),
        &registrar::domain::answer::Facts::of(Classification::Confidential, nature),
    );
    a
}

#[test]
fn g8_1_3_annex_b_q5_in_words_and_q9_confirms_the_products_classification() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    eas(&mut reg, &faca, t0());
    let share = draft_share(&mut reg, draft(&faca, Nature::Strategic), minute(1));
    sanitise(&mut reg, &share, minute(2));

    let mut a = typed_sra(Nature::Strategic);
    a.answers[4] = Answer::yes("patrol");
    let r = reg
        .execute(
            Some(&share),
            Change::SharingRiskAssessed { assessment: a },
            ACTOR,
            minute(3),
        )
        .unwrap_err();
    assert_refusal(&r, "G 8.1.3", &["Annex B Q5 (expected_use)", "in words"]);

    let mut a = typed_sra(Nature::Strategic);
    a.answers[8] = Answer::yes("as marked");
    let r = reg
        .execute(
            Some(&share),
            Change::SharingRiskAssessed { assessment: a },
            ACTOR,
            minute(3),
        )
        .unwrap_err();
    assert_refusal(&r, "G 8.1.3", &["Annex B Q9 (classification)", "confirm"]);

    let mut a = typed_sra(Nature::Strategic);
    a.answers[8] = Answer::classification(Classification::Unclassified, "");
    let r = reg
        .execute(
            Some(&share),
            Change::SharingRiskAssessed { assessment: a },
            ACTOR,
            minute(3),
        )
        .unwrap_err();
    assert_refusal(
        &r,
        "G 8.1.3",
        &["UNCLASSIFIED", "marked CONFIDENTIAL", "amend"],
    );

    reg.execute(
        Some(&share),
        Change::SharingRiskAssessed {
            assessment: typed_sra(Nature::Strategic),
        },
        ACTOR,
        minute(4),
    )
    .unwrap();
}

#[test]
fn g9_5_1_annex_d_q1_is_a_choice_of_the_record() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let a = start_ear(&mut reg, &faca, Reliability::B, minute(1));
    let mut hr = human_rights_scan();
    hr.answers[0] = Answer::no("bad record");
    let r = reg
        .execute(
            Some(&a),
            Change::ReceiptAssessmentHumanRightsRecorded { scan: hr.clone() },
            ACTOR,
            minute(2),
        )
        .unwrap_err();
    assert_refusal(
        &r,
        "G 9.5.1",
        &["Annex D part 2 Q1 (compliance_record)", "mixed"],
    );
    hr.answers[0] = Answer::choice("mixed", "reports of excessive force");
    reg.execute(
        Some(&a),
        Change::ReceiptAssessmentHumanRightsRecorded { scan: hr },
        ACTOR,
        minute(3),
    )
    .unwrap();
}

fn nature_answer(reg: &MemoryRegistry, rcp: &RecordId) -> serde_json::Value {
    let record = reg.view.records.get(rcp).unwrap();
    let Record::Receipt(_) = record else { panic!() };
    let json = record_json(record);
    let answers = json.pointer("/receipt/scan/value/answers").unwrap().clone();
    answers
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["question"] == "nature")
        .unwrap()
        .clone()
}

#[test]
fn g_c_registers_the_register_line_for_the_nature_question_reads_the_nature() {
    let mut reg = registry();
    let rcp = receipt(&mut reg);
    scan(&mut reg, &rcp, irs(false, &[]), minute(2));
    let line = nature_answer(&reg, &rcp);
    assert_eq!(line["type"], "confirms_nature");
    assert_eq!(
        line["answer"],
        "operational/tactical (confirmed, as on the record)"
    );

    // A scan from a log written before answers were typed ("yes" to the nature question)
    // still decodes and replays, and reads the record's nature — never "yes".
    let mut old = registry();
    let rcp = receipt(&mut old);
    let mut legacy = irs(false, &[]);
    legacy.answers[1] = Answer::yes("Operational/tactical");
    old.replay(&rcp, &scanned(legacy), ACTOR, minute(2))
        .unwrap();
    let line = nature_answer(&old, &rcp);
    let text = line["answer"].as_str().unwrap();
    assert!(text.starts_with("operational/tactical"), "{text}");
    assert_ne!(text, "yes");
}
