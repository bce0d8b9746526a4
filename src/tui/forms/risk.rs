//! Sharing Risk Assessment (G 8.1.3, Annex B): the ten questions with notes, who was
//! consulted, the acquiring office (G 8.1.3.2), and the conclusion. "Previous issues with this
//! entity" is answered from the registry.

use super::field::{Choice, Field, Key, Text, Toggle};
use super::scan::{answers, question};
use super::{Form, FormContext, FormKind, Step, StepTarget, Submit};
use crate::domain::answer::Facts;
use crate::domain::change::Change;
use crate::domain::entity::EntityKind;
use crate::domain::ids::RecordId;
use crate::domain::nature::Nature;
use crate::domain::record::Record;
use crate::domain::risk_assessment::{ANNEX_B, AcquiringOfficeConsultation, SharingRiskAssessment};

/// Who was consulted, comma-separated.
const CONSULTED: Key<Text> = Key::new("consulted");
/// G 8.1.3.2: the office that acquired the information, whether it supports, its note.
const OFFICE: Key<Text> = Key::new("office");
const OFFICE_SUPPORTS: Key<Toggle> = Key::new("office_supports");
const OFFICE_NOTE: Key<Text> = Key::new("office_note");
/// G 8.1.4: the risk acceptable or not; opens on "— conclude —".
const ACCEPTABLE: Key<bool> = Key::new("acceptable");
const CONCLUSION: Key<Text> = Key::new("conclusion");
const MITIGATIONS: Key<Text> = Key::new("mitigations");
const UNKNOWNS_JUSTIFIED: Key<Text> = Key::new("unknowns_justified");

pub fn open(target: Option<RecordId>, cx: FormContext) -> Form {
    let mut prefill: Vec<(&str, String)> = vec![("", String::new()); ANNEX_B.len()];
    let mut notes = Vec::new();
    let mut office = String::new();
    let mut needs_office = false;
    if let Some(Record::Share(s)) = &cx.record {
        let p = &s.draft.product;
        notes.push(format!(
            "{} — {} — to {} — {}, {}",
            s.id,
            super::super::text::clean(&p.title),
            cx.entity_name(&s.draft.recipient),
            p.marking,
            p.nature
        ));
        if s.sanitisation.is_some() {
            prefill[2] = ("yes", "sanitisation confirmed in the registry".into());
        }
        if p.marking.originator_marking.is_some() {
            prefill[8] = ("", super::super::text::clean(&p.marking.to_string()));
        }
        office = super::super::text::clean(&s.draft.acquiring_office);
        needs_office = p.nature == Nature::OperationalTactical
            && cx
                .entity_kind(&s.draft.recipient)
                .is_some_and(EntityKind::is_non_un);
    }
    if cx.previous_issues.is_empty() {
        notes.push(
            "Q6 — previous issues with this entity, from the registry: none recorded.".into(),
        );
        prefill[5] = ("no", "none in the registry".into());
    } else {
        notes.push(
            "Q6 — previous issues with this entity, from the registry (kept with the assessment):"
                .into(),
        );
        for issue in &cx.previous_issues {
            notes.push(format!(
                "  • {}",
                super::super::text::clean(&issue.to_string())
            ));
        }
        let decides = cx.previous_issues.iter().any(|i| i.decides_q6());
        prefill[5] = (
            if decides { "yes" } else { "" },
            cx.previous_issues
                .iter()
                .map(|i| format!("{} {}", i.record, i.kind))
                .collect::<Vec<_>>()
                .join("; "),
        );
    }
    let mut form = Form::new(
        FormKind::RiskAssessment,
        target,
        "Sharing Risk Assessment",
        "G 8.1.3, Annex B",
        cx,
    );
    for n in notes {
        form = form.note(n);
    }
    let facts = share_facts(&form.context.record);
    for (i, q) in ANNEX_B.iter().enumerate() {
        form = question(form, i, q, prefill[i].0, &prefill[i].1, &facts);
    }
    form = form
        .field(
            Field::line(CONSULTED, "Consulted", "")
                .hint("comma-separated: human rights component, legal, ..."),
        )
        .field(Field::heading(if needs_office {
            "Office that acquired the information — must be consulted and support (G 8.1.3.2)"
        } else {
            "Office that acquired the information (G 8.1.3.2)"
        }))
        .field(Field::line(OFFICE, "Office consulted", &office))
        .field(Field::toggle(
            OFFICE_SUPPORTS,
            "It supports the sharing?",
            false,
        ))
        .field(Field::line(OFFICE_NOTE, "Its note", ""))
        .field(Field::heading("Conclusion"))
        .field(Field::choice(
            ACCEPTABLE,
            "Risk",
            Choice::of([
                ("acceptable".into(), true),
                ("not acceptable".into(), false),
            ])
            .none_first("— conclude —"),
        ))
        .field(Field::text(CONCLUSION, "Conclusion note", ""))
        .field(
            Field::text(MITIGATIONS, "Mitigations", "")
                .hint("needed to conclude acceptable when Q7 or Q10 is no (G 8.1.4)"),
        )
        .field(
            Field::text(UNKNOWNS_JUSTIFIED, "Why acceptable despite unknowns", "").hint(
                "needed when a deciding question is unknown; the decision-maker sees it (G 8.1.4)",
            ),
        );
    form.submit_button("Record the Sharing Risk Assessment")
}

/// The share's own fields the assessment's questions confirm.
fn share_facts(record: &Option<Record>) -> Facts {
    match record {
        Some(Record::Share(s)) => Facts::of(s.draft.product.marking.level, s.draft.product.nature),
        _ => Facts::default(),
    }
}

pub fn submit(form: &mut Form) -> Submit {
    let facts = share_facts(&form.context.record);
    let answers = answers(form, &ANNEX_B, &facts);
    let conclusion_note = form.required(CONCLUSION, "the conclusion note");
    let acceptable = form.chosen(ACCEPTABLE);
    if acceptable.is_none() {
        form.refuse(ACCEPTABLE, "conclude: acceptable or not");
    }
    let (Some(target), Some(risk_acceptable), false) =
        (form.target.clone(), acceptable, form.has_errors())
    else {
        return Submit::Invalid;
    };
    let acquiring_office = form
        .optional(OFFICE)
        .map(|office| AcquiringOfficeConsultation {
            office,
            supports_sharing: form.toggle(OFFICE_SUPPORTS),
            note: form.text(OFFICE_NOTE),
        });
    Submit::Changes(vec![Step {
        target: StepTarget::Existing(target),
        change: Change::SharingRiskAssessed {
            assessment: SharingRiskAssessment {
                answers,
                consulted: form.list(CONSULTED),
                acquiring_office,
                risk_acceptable,
                conclusion_note,
                mitigations: form.text(MITIGATIONS),
                unknowns_justified: form.text(UNKNOWNS_JUSTIFIED),
                previous_issues: form.context.previous_issues.clone(),
            },
        },
    }])
}
