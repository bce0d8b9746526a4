//! Entities (G 2), their excluded sub-components and handling standards, breaches and their
//! investigation (G 8.1.10), and the pre-authorised lists (G 8.1.8, G 9.10).

use super::field::{Choice, ChoiceValue, Field, Key, Text, Toggle, among};
use super::keys::{KIND, MARKING};
use super::receipt::entity_choice;
use super::record_choice::{Entity, IdOf, Share};
use super::{Form, FormContext, FormKind, Step, StepTarget, Submit};
use crate::domain::breach::{BreachReport, Investigation, InvestigationOutcome};
use crate::domain::change::Change;
use crate::domain::entity::{Contact, EntityDetails, HandlingStandards, SubComponent};
use crate::domain::ids::RecordId;
use crate::domain::marking::{Classification, Marking};
use crate::domain::record::Record;

/// The fields of the entity forms, typed by what they hold.
const NAME: Key<Text> = Key::new("name");
const MANDATE: Key<Text> = Key::new("mandate");
const CONTACT_NAME: Key<Text> = Key::new("contact_name");
const CONTACT_POSITION: Key<Text> = Key::new("contact_position");
const CONTACT_DETAILS: Key<Text> = Key::new("contact_details");
/// One per line.
const SUB_COMPONENTS: Key<Text> = Key::new("sub_components");
/// G 9.8: the handling standards the entity requires.
const HANDLING: Key<Text> = Key::new("handling");
/// The person confirms the new entity is not one of the close names shown.
const DISTINCT: Key<Toggle> = Key::new("distinct");
const REASON: Key<Text> = Key::new("reason");
/// G 9.8: the mission can meet the entity's handling standards.
const CONFIRM: Key<Toggle> = Key::new("confirm");
/// The entity a breach concerns.
const ENTITY: Key<IdOf<Entity>> = Key::new("entity");
/// The share whose conditions were breached, or none.
const SHARE: Key<IdOf<Share>> = Key::new("share");
const SUSPECTED: Key<Toggle> = Key::new("suspected");
const DESCRIPTION: Key<Text> = Key::new("description");
/// G 8.1.10: the outcome of the investigation.
const OUTCOME: Key<InvestigationOutcome> = Key::new("outcome");
const SUMMARY: Key<Text> = Key::new("summary");
const TERMS: Key<Text> = Key::new("terms");
const CASE_BY_CASE: Key<Toggle> = Key::new("case_by_case");
const UNTIL: Key<Text> = Key::new("until");

impl ChoiceValue for InvestigationOutcome {
    const WHAT: &'static str = "the outcome, positive or negative (G 8.1.10)";
    fn choice_key(&self) -> String {
        match self {
            InvestigationOutcome::Positive => "positive",
            InvestigationOutcome::Negative => "negative",
        }
        .to_string()
    }
    fn from_choice_key(key: &str) -> Option<Self> {
        among(
            &[
                InvestigationOutcome::Positive,
                InvestigationOutcome::Negative,
            ],
            key,
        )
    }
}

pub(super) fn one(form: &Form, change: Change) -> Submit {
    match form.target.clone() {
        Some(id) => Submit::Changes(vec![Step {
            target: StepTarget::Existing(id),
            change,
        }]),
        None => Submit::Invalid,
    }
}

fn entity_note(cx: &FormContext) -> Option<String> {
    cx.entity
        .as_ref()
        .map(|e| format!("{} — {}", e.id, super::super::text::clean(e.name())))
}

pub(super) fn with_entity(mut form: Form) -> Form {
    if let Some(n) = entity_note(&form.context) {
        form.notes.insert(0, n);
    }
    form
}

pub fn register(cx: FormContext) -> Form {
    let kinds = super::inline_entity::kind_choice();
    Form::new(
        FormKind::RegisterEntity,
        None,
        "Register an entity",
        "G 2, G 8.1.2",
        cx,
    )
    .field(Field::line(NAME, "Name", ""))
    .field(
        Field::choice(KIND, "Kind", kinds)
            .hint("G 8.1.2: decides the assessment (HRDDP for a security force)"),
    )
    .field(Field::text(MANDATE, "Mandate", ""))
    .field(Field::line(CONTACT_NAME, "Point of contact", ""))
    .field(Field::line(CONTACT_POSITION, "   position", ""))
    .field(Field::line(CONTACT_DETAILS, "   contact details", ""))
    .field(
        Field::text(SUB_COMPONENTS, "Sub-components", "")
            .hint("one per line; exclude one later from the entity's actions"),
    )
    .field(
        Field::text(HANDLING, "Handling standards it requires", "")
            .hint("G 9.8; leave empty if none"),
    )
    .field(Field::choice(
        MARKING,
        "Marking",
        Choice::classification(Classification::Unclassified),
    ))
    .field(super::inline_entity::distinct_toggle(DISTINCT))
    .submit_button("Register the entity")
}

pub fn submit_register(form: &mut Form) -> Submit {
    let name = form.required(NAME, "the name");
    super::inline_entity::near_duplicate(form, NAME, DISTINCT, None, &name);
    let mandate = form.text(MANDATE);
    let kind = form.chosen(KIND);
    let level = form.chosen(MARKING);
    let (false, Some(kind), Some(level)) = (form.has_errors(), kind, level) else {
        return Submit::Invalid;
    };
    let contacts = match form.optional(CONTACT_NAME) {
        Some(name) => vec![Contact {
            name,
            position: form.text(CONTACT_POSITION),
            details: form.text(CONTACT_DETAILS),
        }],
        None => Vec::new(),
    };
    let sub_components = form
        .text(SUB_COMPONENTS)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|name| SubComponent {
            name: name.to_string(),
            excluded_because: None,
        })
        .collect();
    let handling_standards = form.optional(HANDLING).map(|text| HandlingStandards {
        text,
        confirmed: None,
    });
    Submit::Changes(vec![Step {
        target: StepTarget::New,
        change: Change::EntityRegistered {
            details: EntityDetails {
                name,
                kind,
                mandate,
                contacts,
                sub_components,
                handling_standards,
                marking: Marking::un(level),
            },
        },
    }])
}

pub fn exclude(target: Option<RecordId>, cx: FormContext) -> Form {
    let known: Vec<String> = cx
        .entity
        .as_ref()
        .map(|e| {
            e.details
                .sub_components
                .iter()
                .filter(|s| !s.is_excluded())
                .map(|s| super::super::text::clean(&s.name))
                .collect()
        })
        .unwrap_or_default();
    let name = Field::line(NAME, "Sub-component", known.first().map_or("", |s| s));
    let name = if known.is_empty() {
        name
    } else {
        name.hint(format!("registered: {}", known.join(", ")))
    };
    with_entity(
        Form::new(
            FormKind::ExcludeSubComponent,
            target,
            "Exclude a sub-component from sharing",
            "Annex A fn 17",
            cx,
        )
        .note("Products are then shared on the condition that they do not reach it.")
        .field(name)
        .field(Field::text(REASON, "Why", ""))
        .submit_button("Exclude"),
    )
}

pub fn submit_exclude(form: &mut Form) -> Submit {
    let name = form.required(NAME, "the sub-component");
    let reason = form.required(REASON, "the reason (Annex A fn 17)");
    if form.has_errors() {
        return Submit::Invalid;
    }
    one(form, Change::SubComponentExcluded { name, reason })
}

pub fn handling_standards(target: Option<RecordId>, cx: FormContext) -> Form {
    let text = cx
        .entity
        .as_ref()
        .and_then(|e| e.details.handling_standards.as_ref())
        .map(|h| super::super::text::clean(&h.text))
        .unwrap_or_default();
    with_entity(
        Form::new(
            FormKind::ConfirmHandlingStandards,
            target,
            "Confirm the entity's handling standards",
            "G 9.8",
            cx,
        )
        .note(format!("It requires: {text}"))
        .field(Field::toggle(
            CONFIRM,
            "The mission can meet these standards",
            false,
        ))
        .submit_button("Confirm"),
    )
}

pub fn submit_handling_standards(form: &mut Form) -> Submit {
    if !form.toggle(CONFIRM) {
        form.fail(
            CONFIRM,
            "G 9.8: confirm with y that the mission can meet them, or Esc to leave",
        );
        return Submit::Invalid;
    }
    one(form, Change::HandlingStandardsConfirmed)
}

pub fn breach(target: Option<RecordId>, cx: FormContext) -> Form {
    // Opened on an entity (target: the entity) or on a shared product (target: the share).
    let (entity, share) = match &cx.record {
        Some(Record::Share(s)) => (Some(s.draft.recipient.clone()), Some(s.id.clone())),
        _ => (cx.entity.as_ref().map(|e| e.id.clone()), None),
    };
    let mut entities = entity_choice(&cx, false, Some("— choose —"));
    if let Some(e) = &entity {
        entities = entities.with(e.as_str());
    }
    let mut shares = vec![("— not known —".to_string(), String::new())];
    shares.extend(cx.shares.iter().map(|(id, title)| {
        (
            format!("{id} — {}", super::super::text::clean(title)),
            id.to_string(),
        )
    }));
    let mut shares = Choice::new(shares);
    if let Some(s) = &share {
        shares = shares.with(s.as_str());
    }
    let _ = target;
    Form::new(
        FormKind::ReportBreach,
        None,
        "Report a breach of the conditions",
        "G 8.1.10",
        cx,
    )
    .note("A breach, or substantial suspicion of one, halts all sharing with the entity until an investigation concludes positively.")
    .field(Field::choice(ENTITY, "Entity", entities).hint("type to find"))
    .field(Field::choice(SHARE, "Share whose conditions were breached", shares))
    .field(Field::toggle(SUSPECTED, "A suspicion, not confirmed?", true))
    .field(Field::text(DESCRIPTION, "What happened", ""))
    .field(Field::choice(MARKING,
        "Marking",
        Choice::classification(Classification::Confidential),
    ))
    .submit_button("Report the breach")
}

pub fn submit_breach(form: &mut Form) -> Submit {
    let entity = form.peek(ENTITY);
    if entity.is_none() {
        form.fail(
            ENTITY,
            "G 8.1.10: choose the entity whose breach halts sharing",
        );
    }
    // None chosen is "no particular share"; anything else must be a share.
    let share = form.peek(SHARE);
    if share.is_none() && !form.choice(SHARE).is_empty() {
        form.refuse(SHARE, "choose a share, or none");
    }
    let description = form.required(DESCRIPTION, "what happened");
    let level = form.chosen(MARKING);
    let (Some(level), Some(entity), false) = (level, entity, form.has_errors()) else {
        return Submit::Invalid;
    };
    let share = share.map(IdOf::id);
    Submit::Changes(vec![Step {
        target: StepTarget::New,
        change: Change::BreachReported {
            report: BreachReport {
                entity: entity.id(),
                share,
                suspected: form.toggle(SUSPECTED),
                description,
                marking: Marking::un(level),
            },
        },
    }])
}

pub fn investigation(target: Option<RecordId>, cx: FormContext) -> Form {
    let mut form = Form::new(
        FormKind::ConcludeInvestigation,
        target,
        "Conclude the breach investigation",
        "G 8.1.10",
        cx,
    );
    if let Some(Record::Breach(b)) = &form.context.record {
        let line = format!(
            "{} — {} — {}",
            b.id,
            form.context.entity_name(&b.report.entity),
            super::super::text::clean(&b.report.description)
        );
        form = form.note(line);
    }
    form.note("Positive: sharing may resume after a new Entity Assessment for Sharing, at a lower level and/or case by case.")
        .field(Field::choice(
            OUTCOME,
            "Outcome",
            Choice::of([
                ("positive: sharing may resume".to_string(), InvestigationOutcome::Positive),
                ("negative: sharing stays halted".to_string(), InvestigationOutcome::Negative),
            ])
            .none_first("— conclude —"),
        ))
        .field(Field::text(SUMMARY, "Conclusions", ""))
        .field(Field::line(TERMS, "Resumption terms", "").hint("e.g. lower level, case by case for 90 days"))
        .field(Field::choice(UP_TO, "Resume up to", {
            Choice::of(Classification::ALL.map(|c| (c.to_string(), c)))
                .none_first("— no lower level —")
        }).hint("G 8.1.10: nothing above it is shared while the terms hold"))
        .field(Field::toggle(CASE_BY_CASE, "Each product decided case by case?", false))
        .field(Field::line(UNTIL, "Terms hold until", "").hint("YYYY-MM-DD; empty: until a later investigation"))
        .submit_button("Record the conclusion")
}

/// G 8.1.10: the level sharing may resume up to; "— no lower level —" reads as none.
const UP_TO: Key<Option<Classification>> = Key::new("up_to");

pub fn submit_investigation(form: &mut Form) -> Submit {
    let outcome = form.chosen(OUTCOME);
    let summary = form.required(SUMMARY, "the conclusions");
    let until = match form.optional(UNTIL) {
        None => None,
        Some(t) => match super::parse_time(&t) {
            Some(t) => Some(t),
            None => {
                form.fail(UNTIL, "YYYY-MM-DD");
                None
            }
        },
    };
    let up_to = form.chosen(UP_TO);
    let (Some(outcome), Some(up_to), false) = (outcome, up_to, form.has_errors()) else {
        return Submit::Invalid;
    };
    one(
        form,
        Change::InvestigationConcluded {
            investigation: Investigation {
                outcome,
                summary,
                resumption_terms: form.text(TERMS),
                resume_up_to: up_to,
                case_by_case: form.toggle(CASE_BY_CASE),
                terms_until: until,
            },
        },
    )
}

pub(super) fn pre_note(form: Form) -> Form {
    let line = match &form.context.record {
        Some(Record::PreAuthorisation(p)) => Some(format!(
            "{} — {} — {} — up to {} — review due {}",
            p.id,
            form.context.entity_name(&p.terms.entity),
            p.terms.direction,
            p.terms.max_classification,
            super::super::text::date(p.review_due)
        )),
        _ => None,
    };
    match line {
        Some(l) => form.note(l),
        None => form,
    }
}

pub fn revoke(target: Option<RecordId>, cx: FormContext) -> Form {
    pre_note(Form::new(
        FormKind::RevokePreAuthorisation,
        target,
        "Revoke the pre-authorised entry",
        "G 8.1.8, G 9.10",
        cx,
    ))
    .field(Field::text(REASON, "Reason", ""))
    .submit_button("Revoke")
}

pub fn submit_revoke(form: &mut Form) -> Submit {
    let reason = form.required(REASON, "the reason (G 8.1.8, G 9.10)");
    if form.has_errors() {
        return Submit::Invalid;
    }
    one(form, Change::PreAuthorisationRevoked { reason })
}
