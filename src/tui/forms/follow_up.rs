//! Forms of what follows a disposition and of an entity's relationship: the action taken on a
//! product and what corroborated it (G C "Registers" a, G 9.13), the Human Rights officer's
//! acknowledgement of a G 9.9 notice, the HoM's G 9.9 communication to an entity, and the
//! periodic revision of an entity with the action decided (G 9.13).

use super::field::{Choice, Field, Key, Text};
use super::{Form, FormContext, FormKind, Step, StepTarget, Submit};
use crate::domain::change::Change;
use crate::domain::entity_review::{RevisionAction, RevisionFinding, TortureRefusalCommunication};
use crate::domain::follow_up::ActionTaken;
use crate::domain::ids::{RecordId, Time};
use crate::domain::record::Record;

/// G C "Registers" a, G 9.13: the action taken and what corroborated it.
const ACTION_TAKEN: Key<Text> = Key::new("action");
const CORROBORATED_BY: Key<Text> = Key::new("corroborated_by");
/// G 9.9: what the Human Rights Component does about the notice.
const RESPONSE: Key<Text> = Key::new("response");
/// G 9.9: when and how the HoM communicated.
const AT: Key<Time> = Key::new("at");
const HOW: Key<Text> = Key::new("how");
/// G 9.13: the period revised, the finding and the action decided.
const FROM: Key<Time> = Key::new("from");
const TO: Key<Time> = Key::new("to");
const FINDING: Key<Text> = Key::new("finding");
const ACTION_DECIDED: Key<RevisionAction> = Key::new("action");
const DETAILS: Key<Text> = Key::new("details");

fn one(form: &Form, change: Change) -> Submit {
    match form.target.clone() {
        Some(id) if !form.has_errors() => Submit::Changes(vec![Step {
            target: StepTarget::Existing(id),
            change,
        }]),
        _ => Submit::Invalid,
    }
}

fn about(cx: &FormContext) -> Option<String> {
    match (&cx.record, &cx.entity) {
        (Some(Record::Receipt(r)), _) => Some(format!(
            "{} — {}",
            r.id,
            super::super::text::clean(&r.capture.title)
        )),
        (_, Some(e)) => Some(format!(
            "{} — {}",
            e.id,
            super::super::text::clean(e.name())
        )),
        _ => None,
    }
}

fn with_about(mut form: Form) -> Form {
    if let Some(n) = about(&form.context) {
        form.notes.insert(0, n);
    }
    form
}

pub fn action(target: Option<RecordId>, cx: FormContext) -> Form {
    with_about(
        Form::new(
            FormKind::RecordAction,
            target,
            "Record the action taken on the product",
            "G C Registers a, G 9.13",
            cx,
        )
        .note("What the mission did with it; received intelligence is never the sole determining source (G 9.13).")
        .field(Field::text(ACTION_TAKEN, "Action taken", ""))
        .field(
            Field::text(CORROBORATED_BY, "Corroborated by", "")
                .hint("the other intelligence, PKI or information it was used with"),
        )
        .submit_button("Record the action"),
    )
}

pub fn submit_action(form: &mut Form) -> Submit {
    let action = form.required(ACTION_TAKEN, "the action taken");
    let corroborated_by = form.required(CORROBORATED_BY, "what corroborated it (G 9.13)");
    one(
        form,
        Change::ActionRecorded {
            action: ActionTaken {
                action,
                corroborated_by,
            },
        },
    )
}

pub fn acknowledge(target: Option<RecordId>, cx: FormContext) -> Form {
    let told = match &cx.record {
        Some(Record::Receipt(r)) => r
            .rejection
            .as_ref()
            .and_then(|j| {
                j.human_rights_notice.as_ref().map(|n| {
                    format!(
                        "Informed: {} at {} by {} — {}",
                        n.to,
                        super::super::text::date_time(n.at),
                        j.by,
                        j.reason
                    )
                })
            })
            .unwrap_or_default(),
        _ => String::new(),
    };
    with_about(
        Form::new(
            FormKind::AcknowledgeNotice,
            target,
            "Acknowledge the G 9.9 notice (Human Rights Component)",
            "G 9.9",
            cx,
        )
        .note(super::super::text::clean(&told))
        .field(Field::text(
            RESPONSE,
            "What the component does about it",
            "",
        ))
        .submit_button("Acknowledge"),
    )
}

pub fn submit_acknowledge(form: &mut Form) -> Submit {
    let response = form.required(RESPONSE, "what the component does");
    one(form, Change::HumanRightsNoticeAcknowledged { response })
}

pub fn torture_refusal(target: Option<RecordId>, cx: FormContext) -> Form {
    let now = cx.now;
    with_about(
        Form::new(
            FormKind::TortureRefusal,
            target,
            "Record the HoM's communication: no intelligence obtained under torture",
            "G 9.9",
            cx,
        )
        .note("The Head of Mission formally communicates to the counterpart that the United Nations will not receive intelligence obtained under torture or by way of other grave violations.")
        .field(Field::time(AT, "Communicated when", now))
        .field(
            Field::line(HOW, "How", "")
                .hint("a letter and its reference, or a meeting and with whom"),
        )
        .submit_button("Record the communication"),
    )
}

pub fn submit_torture_refusal(form: &mut Form) -> Submit {
    let how = form.required(HOW, "how it was communicated");
    let at = form.time(AT);
    let Some(communicated_at) = at else {
        return Submit::Invalid;
    };
    one(
        form,
        Change::TortureRefusalCommunicated {
            communication: TortureRefusalCommunication {
                communicated_at,
                how,
            },
        },
    )
}

pub fn revision(target: Option<RecordId>, cx: FormContext) -> Form {
    let now = cx.now;
    let actions = Choice::of(RevisionAction::ALL.map(|a| (a.to_string(), a)));
    let known = cx
        .entity
        .as_ref()
        .map(|e| {
            format!(
                "On record: {} breaches, {} incidents, {} suspensions, {} earlier revisions; `registrar report revision` gives the figures by month.",
                e.breaches.len(),
                e.monitoring.incidents.len(),
                e.monitoring.suspensions.len(),
                e.monitoring.revisions.len()
            )
        })
        .unwrap_or_default();
    with_about(
        Form::new(
            FormKind::RecordRevision,
            target,
            "Periodic revision of the entity",
            "G 9.13, G C Registers d",
            cx,
        )
        .note("The pattern over the period — doubtful intelligence, red flags, breaches — and the action decided.")
        .note(known)
        .field(Field::time_text(FROM, "Period from", "-90d").hint("-90d, YYYY-MM-DD"))
        .field(Field::time(TO, "Period to", now))
        .field(Field::text(FINDING, "Finding (the pattern found, or none)", ""))
        .field(Field::choice(ACTION_DECIDED, "Action decided", actions))
        .field(
            Field::text(DETAILS, "What is to be done, by whom, by when", "")
                .hint("required unless the action is to continue"),
        )
        .submit_button("Record the revision"),
    )
}

pub fn submit_revision(form: &mut Form) -> Submit {
    let finding = form.required(FINDING, "the finding");
    let from = form.time(FROM);
    let to = form.time(TO);
    let Some(action) = form.chosen(ACTION_DECIDED) else {
        return Submit::Invalid;
    };
    let action_details = form.text(DETAILS);
    if action != RevisionAction::Continue && action_details.is_empty() {
        form.refuse(DETAILS, "say what is to be done, by whom, by when");
    }
    let (Some(from), Some(to)) = (from, to) else {
        return Submit::Invalid;
    };
    one(
        form,
        Change::RevisionRecorded {
            revision: RevisionFinding {
                from,
                to,
                finding,
                action,
                action_details,
            },
        },
    )
}
