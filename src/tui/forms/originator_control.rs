//! Originator control of mission PKI (G 8.1.5): an entity's request to pass a shared product
//! onward, and the competent authority's written approval or refusal.

use super::decisions::{authority_choice, chosen_authority, one, with_summary};
use super::field::{Choice, Field};
use super::{Form, FormContext, FormKind, Submit};
use crate::domain::change::Change;
use crate::domain::ids::RecordId;
use crate::domain::originator_control::{OnwardAnswer, OnwardRequest};
use crate::domain::record::Record;

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
        .field(Field::line("to_whom", "To whom it would pass it", ""))
        .field(Field::text("purpose", "Why, as the entity says", ""))
        .field(Field::line("reference", "The entity's written request (reference)", ""))
        .field(
            Field::time("at", "Asked (UTC)", now)
                .hint("now, -20m, -2h, HH:MM (today) or YYYY-MM-DD HH:MM"),
        )
        .submit_button("Record the request"),
    )
}

pub fn submit_request(form: &mut Form) -> Submit {
    let to_whom = form.required("to_whom", "to whom");
    let purpose = form.required("purpose", "why");
    let reference = form.required("reference", "the written request");
    let at = form.time("at");
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
    let open: Vec<(String, String)> = match &cx.record {
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
                    i.to_string(),
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
    let decision = Choice::new(vec![
        ("refuse".to_string(), "refuse".to_string()),
        ("approve".to_string(), "approve".to_string()),
    ]);
    with_summary(
        form.field(Field::choice("request", "Request", Choice::new(open)))
            .field(Field::choice("decision", "Answer", decision))
            .field(Field::choice("authority", "Answering as", authority))
            .field(Field::line(
                "reference",
                "The written approval or refusal (reference)",
                "",
            ))
            .field(
                Field::text("terms", "Conditions, or the reason", "")
                    .hint("the conditions of an approval, or why it is refused"),
            )
            .submit_button("Record the answer"),
    )
}

pub fn submit_answer(form: &mut Form) -> Submit {
    let Ok(index) = form.choice("request").parse::<usize>() else {
        form.fail("request", "no request waits for an answer");
        return Submit::Invalid;
    };
    let approved = match form.choice("decision").as_str() {
        "approve" => true,
        "refuse" => false,
        other => {
            form.fail(
                "decision",
                format!("{other:?} is neither approve nor refuse"),
            );
            return Submit::Invalid;
        }
    };
    let reference = form.required("reference", "the written answer");
    let terms = form.required("terms", "the conditions or the reason");
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
