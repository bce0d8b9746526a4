//! Originator control of mission PKI (G 8.1.5): an entity's request to pass a shared product
//! onward, and the competent authority's written approval or refusal.

use super::decisions::{authority_choice, chosen_authority, one, with_summary};
use super::field::{Choice, ChoiceValue, Field, Key, Listed, Text, among};
use super::keys::AUTHORITY;
use super::{Form, FormContext, FormKind, Submit};
use crate::domain::change::Change;
use crate::domain::ids::{RecordId, Time};
use crate::domain::originator_control::{OnwardAnswer, OnwardRequest};
use crate::domain::record::Record;

/// G 8.1.5: the entity's request, as it wrote it.
const TO_WHOM: Key<Text> = Key::new("to_whom");
const PURPOSE: Key<Text> = Key::new("purpose");
/// The written request, or the written answer.
const REFERENCE: Key<Text> = Key::new("reference");
const AT: Key<Time> = Key::new("at");
/// The request answered, by its place among the share's requests.
const REQUEST: Key<Listed> = Key::new("request");
const TERMS: Key<Text> = Key::new("terms");

pub fn request(target: Option<RecordId>, cx: FormContext) -> Form {
    let now = cx.now;
    with_summary(
        Form::new(
            FormKind::OnwardRequest,
            target,
            "Record the entity's request to pass it onward",
            "G 8.1.5",
            cx,
        )
        .note("Mission PKI is not passed on without the mission's written consent: the request waits for the competent authority's answer.")
        .field(Field::line(TO_WHOM, "To whom it would pass it", ""))
        .field(Field::text(PURPOSE, "Why, as the entity says", ""))
        .field(Field::line(REFERENCE, "The entity's written request (reference)", ""))
        .field(
            Field::time(AT, "Asked (UTC)", now)
                .hint("now, -20m, -2h, HH:MM (last 24 h) or YYYY-MM-DD HH:MM"),
        )
        .submit_button("Record the request"),
    )
}

pub fn submit_request(form: &mut Form) -> Submit {
    let to_whom = form.required(TO_WHOM, "to whom");
    let purpose = form.required(PURPOSE, "why");
    let reference = form.required(REFERENCE, "the written request");
    let at = form.time(AT);
    let Some(requested_at) = at else {
        return Submit::Invalid;
    };
    if form.has_errors() {
        return Submit::Invalid;
    }
    one(
        form,
        Change::OnwardRequestRecorded {
            request: OnwardRequest {
                to_whom,
                purpose,
                reference,
                requested_at,
            },
        },
    )
}

pub fn answer(target: Option<RecordId>, cx: FormContext) -> Form {
    let authority = authority_choice(&cx);
    let open: Vec<(String, Listed)> = match &cx.record {
        Some(Record::Share(s)) => s
            .onward_requests
            .iter()
            .enumerate()
            .filter(|(_, c)| c.answer.is_none())
            .map(|(i, c)| {
                (
                    format!(
                        "{}: to {} — {} ({})",
                        i + 1,
                        super::super::text::clean(&c.request.value.to_whom),
                        super::super::text::clean(&c.request.value.purpose),
                        super::super::text::clean(&c.request.value.reference)
                    ),
                    Listed(i),
                )
            })
            .collect(),
        _ => Vec::new(),
    };
    let mut form = Form::new(
        FormKind::OnwardAnswer,
        target,
        "Answer the request to pass it onward",
        "G 8.1.5",
        cx,
    );
    if let Some(role) = form.context.authority {
        form = form.note(format!(
            "The delegation matrix names the {role} to answer (as to decide the share); the Head of Mission may always answer."
        ));
    }
    let decision = Choice::of([
        ("refuse".to_string(), Onward::Refuse),
        ("approve".to_string(), Onward::Approve),
    ]);
    with_summary(
        form.field(Field::choice(REQUEST, "Request", Choice::of(open)))
            .field(Field::choice(ONWARD, "Answer", decision))
            .field(Field::choice(AUTHORITY, "Answering as", authority))
            .field(Field::line(
                REFERENCE,
                "The written approval or refusal (reference)",
                "",
            ))
            .field(
                Field::text(TERMS, "Conditions, or the reason", "")
                    .hint("the conditions of an approval, or why it is refused"),
            )
            .submit_button("Record the answer"),
    )
}

/// G 8.1.5: the competent authority's written answer to a request to pass the product on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Onward {
    Approve,
    Refuse,
}

impl ChoiceValue for Onward {
    const WHAT: &'static str = "approve or refuse";
    fn choice_key(&self) -> String {
        match self {
            Onward::Approve => "approve",
            Onward::Refuse => "refuse",
        }
        .into()
    }
    fn from_choice_key(key: &str) -> Option<Self> {
        among(&[Onward::Approve, Onward::Refuse], key)
    }
}

const ONWARD: Key<Onward> = Key::new("decision");

pub fn submit_answer(form: &mut Form) -> Submit {
    let Some(Listed(index)) = form.chosen(REQUEST) else {
        form.refuse(REQUEST, "no request waits for an answer");
        return Submit::Invalid;
    };
    let Some(onward) = form.chosen(ONWARD) else {
        return Submit::Invalid;
    };
    let approved = onward == Onward::Approve;
    let reference = form.required(REFERENCE, "the written answer");
    let terms = form.required(TERMS, "the conditions or the reason");
    let Some(authority) = chosen_authority(form) else {
        return Submit::Invalid;
    };
    if form.has_errors() {
        return Submit::Invalid;
    }
    one(
        form,
        Change::OnwardRequestAnswered {
            index,
            answer: OnwardAnswer {
                approved,
                authority,
                reference,
                terms,
            },
        },
    )
}
