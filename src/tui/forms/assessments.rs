//! The two entity assessments: for sharing (G 8.1.2, Annex A) and for receipt (G 9.5,
//! Annex D), each an overview and a human-rights part.

use super::field::{Choice, ChoiceValue, Field, Key, Listed, Text, among};
use super::keys::MARKING;
use super::scan::{answers, question};
use super::{Form, FormContext, FormKind, Step, StepTarget, Submit};
use crate::domain::answer::YesNoUnknown;
use crate::domain::answer::{Answer, Facts};
use crate::domain::assessment_receipt::{ANNEX_D_HUMAN_RIGHTS, HumanRightsScan, ReceiptOverview};
use crate::domain::assessment_sharing::{
    HumanRightsMethod, HumanRightsRiskAssessment, MitigationMeasure, RiskConclusion,
    SharingOverview,
};
use crate::domain::change::Change;
use crate::domain::grades::Reliability;
use crate::domain::ids::RecordId;
use crate::domain::marking::Marking;
use crate::domain::record::Record;

fn entity_note(cx: &FormContext) -> Option<String> {
    let e = cx.entity.as_ref()?;
    Some(format!(
        "{} — {} ({})",
        e.id,
        super::super::text::clean(e.name()),
        e.kind()
    ))
}

fn marking_choice(cx: &FormContext) -> Choice {
    let level = cx
        .settings
        .as_ref()
        .map(|s| s.default_assessment_marking)
        .unwrap_or(crate::domain::marking::Classification::Confidential);
    Choice::classification(level)
}

fn with_entity(mut form: Form) -> Form {
    if let Some(n) = entity_note(&form.context) {
        form.notes.insert(0, n);
    }
    form
}

/// Part 1 of an assessment in either direction: the entity's mandate, what the direction
/// asks of the entity, and the marking.
fn overview_form(
    kind: FormKind,
    target: Option<RecordId>,
    cx: FormContext,
    (title, paragraph): (&str, &'static str),
    ask: impl FnOnce(Form) -> Form,
) -> Form {
    let mandate = cx
        .entity
        .as_ref()
        .map(|e| super::super::text::clean(&e.details.mandate))
        .unwrap_or_default();
    let marking = marking_choice(&cx);
    let form = Form::new(kind, target, title, paragraph, cx).field(Field::text(
        MANDATE,
        "The entity's mandate",
        &mandate,
    ));
    with_entity(
        ask(form)
            .field(Field::choice(MARKING, "Marking", marking))
            .submit_button("Record the overview"),
    )
}

pub fn sharing_overview(target: Option<RecordId>, cx: FormContext) -> Form {
    let heading = (
        "Entity Assessment for Sharing — part 1, overview",
        "G 8.1.2, Annex A",
    );
    overview_form(
        FormKind::StartSharingAssessment,
        target,
        cx,
        heading,
        |form| {
            form.note("Part 2, the human rights assessment, is written by the Human Rights Component (G 8.1.2.1).")
            .field(Field::choice(
                COMPATIBLE,
                "Is its mandate compatible with the mission's?",
                Choice::answer(),
            ))
            .field(Field::line(COMPATIBLE_NOTE, "   note", ""))
            .field(
                Field::line(SCOPE, "Scope of the entity assessed", "")
                    .hint("so that originator control is unambiguous"),
            )
        },
    )
}

/// Part 2 for sharing (G 8.1.2.1, 8.1.2.2).
const METHOD: Key<HumanRightsMethod> = Key::new("method");
const FINDINGS: Key<Text> = Key::new("findings");
/// Opens on "— conclude —", refused until a conclusion is chosen.
const CONCLUSION: Key<RiskConclusion> = Key::new("conclusion");
const MITIGATIONS: Key<Text> = Key::new("mitigations");
/// The open mitigation measure confirmed in place, by its place in the list.
const MEASURE: Key<Listed> = Key::new("measure");

impl ChoiceValue for HumanRightsMethod {
    const WHAT: &'static str = "the method (G 8.1.2)";
    fn choice_key(&self) -> String {
        match self {
            HumanRightsMethod::Hrddp => "hrddp",
            HumanRightsMethod::AdaptedHrddp => "adapted",
        }
        .into()
    }
    fn from_choice_key(key: &str) -> Option<Self> {
        among(
            &[HumanRightsMethod::Hrddp, HumanRightsMethod::AdaptedHrddp],
            key,
        )
    }
}

impl ChoiceValue for RiskConclusion {
    const WHAT: &'static str = "the conclusion";
    fn choice_key(&self) -> String {
        match self {
            RiskConclusion::Acceptable => "acceptable",
            RiskConclusion::AcceptableWithMitigation => "mitigation",
            RiskConclusion::NotAcceptable => "not",
        }
        .into()
    }
    fn from_choice_key(key: &str) -> Option<Self> {
        among(
            &[
                RiskConclusion::Acceptable,
                RiskConclusion::AcceptableWithMitigation,
                RiskConclusion::NotAcceptable,
            ],
            key,
        )
    }
}

/// Part 1 of both assessments: the entity's mandate.
const MANDATE: Key<Text> = Key::new("mandate");
/// Annex A part 1.
const COMPATIBLE_NOTE: Key<Text> = Key::new("compatible_note");
const SCOPE: Key<Text> = Key::new("scope");
/// Annex D part 1.
const INVOLVEMENT: Key<Text> = Key::new("involvement");
const INTERESTS: Key<Text> = Key::new("interests");
const WHY: Key<Text> = Key::new("why");
const EXPECTED: Key<Text> = Key::new("expected");

/// G 8.1.2: whether the entity's mandate is compatible with the mission's.
const COMPATIBLE: Key<YesNoUnknown> = Key::new("compatible");
/// Annex D: the source's reliability.
const RELIABILITY: Key<Reliability> = Key::new("reliability");

pub fn submit_sharing_overview(form: &mut Form) -> Submit {
    let mandate = form.required(MANDATE, "the mandate");
    let scope = form.required(SCOPE, "the scope");
    let compatible = form.chosen(COMPATIBLE);
    let level = form.chosen(MARKING);
    let Some(entity) = form.target.clone() else {
        return Submit::Invalid;
    };
    let (Some(value), Some(level), false) = (compatible, level, form.has_errors()) else {
        return Submit::Invalid;
    };
    Submit::Changes(vec![Step {
        target: StepTarget::New,
        change: Change::SharingAssessmentStarted {
            entity,
            overview: SharingOverview {
                mandate,
                mandate_compatible: Answer::yes_no(value, form.text(COMPATIBLE_NOTE)),
                scope,
            },
            marking: Some(Marking::un(level)),
        },
    }])
}

pub fn sharing_human_rights(target: Option<RecordId>, cx: FormContext) -> Form {
    let full = cx
        .entity
        .as_ref()
        .is_some_and(|e| e.kind().needs_full_hrddp());
    let method = Choice::of([
        ("HRDDP Risk Assessment".into(), HumanRightsMethod::Hrddp),
        (
            "HRDDP adapted to a civilian entity".into(),
            HumanRightsMethod::AdaptedHrddp,
        ),
    ])
    .selecting(&if full {
        HumanRightsMethod::Hrddp
    } else {
        HumanRightsMethod::AdaptedHrddp
    });
    let mut form = Form::new(
        FormKind::SharingHumanRights,
        target,
        "Entity Assessment for Sharing — part 2, human rights",
        "G 8.1.2.1, 8.1.2.2",
        cx,
    );
    if full {
        form = form.note(
            "A security force or the civilian authority over one: the full HRDDP Risk Assessment.",
        );
    }
    with_entity(
        form.field(Field::choice(METHOD, "Method", method))
            .field(Field::text(FINDINGS, "Findings", ""))
            .field(Field::choice(
                CONCLUSION,
                "Conclusion",
                Choice::of([
                    ("risk acceptable".into(), RiskConclusion::Acceptable),
                    (
                        "acceptable with mitigation measures".into(),
                        RiskConclusion::AcceptableWithMitigation,
                    ),
                    ("risk not acceptable".into(), RiskConclusion::NotAcceptable),
                ])
                .none_first("— conclude —"),
            ))
            .field(
                Field::text(MITIGATIONS, "Mitigation measures", "")
                    .hint("one per line; in place before sharing (G 8.1.2.2)"),
            )
            .submit_button("Record the human rights assessment"),
    )
}

pub fn submit_sharing_human_rights(form: &mut Form) -> Submit {
    let findings = form.required(FINDINGS, "the findings");
    let conclusion = form.chosen(CONCLUSION);
    let method = form.chosen(METHOD);
    let measures: Vec<MitigationMeasure> = form
        .text(MITIGATIONS)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|text| MitigationMeasure {
            text: text.to_string(),
            in_place: None,
        })
        .collect();
    if conclusion == Some(RiskConclusion::AcceptableWithMitigation) && measures.is_empty() {
        form.fail(MITIGATIONS, "list the measures (G 8.1.2.2)");
    }
    let (Some(conclusion), Some(method), false) = (conclusion, method, form.has_errors()) else {
        return Submit::Invalid;
    };
    one(
        form,
        Change::SharingAssessmentHumanRightsRecorded {
            part: HumanRightsRiskAssessment {
                method,
                findings,
                conclusion,
                mitigation_measures: measures,
            },
        },
    )
}

fn one(form: &Form, change: Change) -> Submit {
    match form.target.clone() {
        Some(id) => Submit::Changes(vec![Step {
            target: StepTarget::Existing(id),
            change,
        }]),
        None => Submit::Invalid,
    }
}

pub fn mitigation(target: Option<RecordId>, cx: FormContext) -> Form {
    let options = cx
        .open_mitigations
        .iter()
        .map(|(i, text)| {
            (
                format!("{}. {}", i + 1, super::super::text::clean(text)),
                Listed(*i),
            )
        })
        .collect::<Vec<_>>();
    Form::new(
        FormKind::ConfirmMitigation,
        target,
        "Confirm a mitigation measure in place",
        "G 8.1.2.2",
        cx,
    )
    .note("The receiving entity has implemented the measure.")
    .field(Field::choice(MEASURE, "Measure", Choice::of(options)))
    .submit_button("Confirm in place")
}

pub fn submit_mitigation(form: &mut Form) -> Submit {
    match form.chosen(MEASURE) {
        Some(Listed(index)) => one(form, Change::MitigationConfirmed { index }),
        None => Submit::Invalid,
    }
}

pub fn receipt_overview(target: Option<RecordId>, cx: FormContext) -> Form {
    let heading = (
        "Entity Assessment for Receipt — part 1, overview",
        "G 9.5, Annex D",
    );
    overview_form(
        FormKind::StartReceiptAssessment,
        target,
        cx,
        heading,
        |form| {
            form.field(Field::text(
                INVOLVEMENT,
                "How it is involved in the situation",
                "",
            ))
            .field(Field::text(INTERESTS, "Its interests and motivations", ""))
            .field(Field::text(WHY, "Why it shares with the mission", ""))
            .field(Field::text(
                EXPECTED,
                "What action it expects of the UN",
                "",
            ))
            .field(Field::choice(
                RELIABILITY,
                "Reliability",
                Choice::reliability(),
            ))
        },
    )
}

pub fn submit_receipt_overview(form: &mut Form) -> Submit {
    let mandate = form.required(MANDATE, "the mandate");
    let why = form.required(WHY, "why it shares");
    let Some(entity) = form.target.clone() else {
        return Submit::Invalid;
    };
    let reliability = form.chosen(RELIABILITY);
    let level = form.chosen(MARKING);
    let (Some(reliability), Some(level), false) = (reliability, level, form.has_errors()) else {
        return Submit::Invalid;
    };
    Submit::Changes(vec![Step {
        target: StepTarget::New,
        change: Change::ReceiptAssessmentStarted {
            entity,
            overview: ReceiptOverview {
                mandate,
                involvement: form.text(INVOLVEMENT),
                interests_and_motivations: form.text(INTERESTS),
                why_it_shares: why,
                expected_action: form.text(EXPECTED),
                reliability,
            },
            marking: Some(Marking::un(level)),
        },
    }])
}

pub fn receipt_human_rights(target: Option<RecordId>, cx: FormContext) -> Form {
    let mut form = with_entity(Form::new(
        FormKind::ReceiptHumanRights,
        target,
        "Entity Assessment for Receipt — part 2, human rights scan",
        "G 9.5.1, Annex D",
        cx,
    ));
    if let Some(Record::EntityAssessmentReceipt(a)) = &form.context.record {
        let line = format!("{} — reliability {}", a.id, a.overview.reliability);
        form = form.note(line);
    }
    for (i, q) in ANNEX_D_HUMAN_RIGHTS.iter().enumerate() {
        form = question(form, i, q, "", "", &Facts::default());
    }
    form.submit_button("Record the human rights scan")
}

pub fn submit_receipt_human_rights(form: &mut Form) -> Submit {
    let answers = answers(form, &ANNEX_D_HUMAN_RIGHTS, &Facts::default());
    if form.has_errors() {
        return Submit::Invalid;
    }
    one(
        form,
        Change::ReceiptAssessmentHumanRightsRecorded {
            scan: HumanRightsScan { answers },
        },
    )
}
