//! Receipts (G 9): the full registration, alerts, rejection and the originator's
//! onward-sharing approval (the imminent-threat fast path is in `fast_path`).

use super::field::{Choice, Field, Key, Text, Toggle};
use super::keys::{CHANNEL, MARKING, NATURE};
use super::record_choice::{Entity, IdOf};
use super::{Form, FormContext, FormKind, Step, StepTarget, Submit, inline_entity};
use crate::domain::change::Change;
use crate::domain::follow_up::HumanRightsNotice;
use crate::domain::ids::{RecordId, Time};
use crate::domain::marking::{Classification, Marking};
use crate::domain::receipt::{AlertRecipient, OnwardSharingApproval, ReceiptCapture, Rejection};
use crate::domain::record::Record;

/// Alert recipients as toggles: (field key, recipient).
pub(super) const ALERTS: [(Key<Toggle>, AlertRecipient); 6] = [
    (Key::new("alert_fc"), AlertRecipient::ForceCommander),
    (Key::new("alert_pc"), AlertRecipient::PoliceCommissioner),
    (Key::new("alert_imfp"), AlertRecipient::ImFp),
    (Key::new("alert_dss"), AlertRecipient::Dss),
    (Key::new("alert_poc"), AlertRecipient::PocManager),
    (Key::new("alert_hom"), AlertRecipient::HeadOfMission),
];

/// The fields of a full registration (G 9, G C "Registers"), typed by what they hold.
const TITLE: Key<Text> = Key::new("title");
/// The entity it came from (or a new one registered inline).
const SOURCE: Key<inline_entity::EntityOrNew> = Key::new("source");
const REFERENCE: Key<Text> = Key::new("reference");
const SUMMARY: Key<Text> = Key::new("summary");
/// G 9.13: the non-UN originator behind a product a UN entity passed on, if any.
const ORIGINATOR: Key<Option<IdOf<Entity>>> = Key::new("originator");
const RECEIVED_AT: Key<Time> = Key::new("received_at");
const ORIGINATOR_MARKING: Key<Text> = Key::new("originator_marking");
/// G 9.1.
const IMMINENT: Key<Toggle> = Key::new("imminent");
const POC: Key<Toggle> = Key::new("poc");
/// G 9.11: a receipt registered late, why and who received it.
const LATE_WHY: Key<Text> = Key::new("late_why");
const RECEIVED_BY: Key<Text> = Key::new("received_by");
/// G 9.3: when the alerts were raised.
const ALERTED_AT: Key<Time> = Key::new("at");
/// G 9.9: why a product is rejected, and the Human Rights Component informed.
const REASON: Key<Text> = Key::new("reason");
const GRAVE: Key<Toggle> = Key::new("grave");
const HR_TO: Key<Text> = Key::new("hr_to");
const HR_AT: Key<Time> = Key::new("hr_at");
/// G 9.8: the originator's written approval to share onward.
const ONWARD_TO: Key<IdOf<Entity>> = Key::new("to");
const APPROVED_BY: Key<Text> = Key::new("approved_by");
const DOCUMENT: Key<Text> = Key::new("document");

pub fn entity_choice(cx: &FormContext, only_non_un: bool, none: Option<&str>) -> Choice {
    let mut options: Vec<(String, String)> = none
        .map(|label| vec![(label.to_string(), String::new())])
        .unwrap_or_default();
    options.extend(
        cx.entities
            .iter()
            .filter(|e| e.merged_into.is_none())
            .filter(|e| !only_non_un || e.kind().is_non_un())
            .map(|e| (super::super::text::clean(e.name()), e.id.to_string())),
    );
    Choice::new(options)
}

/// How many alerts a form has ticked (none for a form without them).
pub fn alerts_ticked(form: &Form) -> usize {
    ALERTS.iter().filter(|(key, _)| form.toggle(*key)).count()
}

pub(super) fn alert_steps(form: &Form, target: StepTarget) -> Vec<Step> {
    let at = form.context.now;
    ALERTS
        .iter()
        .filter(|(key, _)| form.toggle(*key))
        .map(|(_, to)| Step {
            target: target.clone(),
            change: Change::AlertRecorded { to: *to, at },
        })
        .collect()
}

pub fn new_receipt(target: Option<RecordId>, cx: FormContext) -> Form {
    let now = cx.now;
    let source = cx.entity.as_ref().map(|e| e.id.to_string());
    let mut sources = inline_entity::choice(&cx, false, true);
    if let Some(s) = &source {
        sources = sources.with(s);
    }
    let originators = entity_choice(&cx, true, Some("— the source itself —"));
    let form = Form::new(
        FormKind::NewReceipt,
        target,
        "Register a received product",
        "G 9, G C Registers",
        cx,
    )
    .note("Every product received is registered, verbal ones too (G 9.11).")
    .field(Field::line(TITLE, "Title", ""))
    .field(Field::line(REFERENCE, "Reference", ""))
    .field(Field::text(SUMMARY, "Summary", ""))
    .field(Field::choice(SOURCE, "From (entity)", sources).hint("type to find"));
    inline_entity::fields(form, SOURCE)
        .field(
            Field::choice(ORIGINATOR, "Originator behind it", originators).hint(
                "G 9.13: a product passed on by a UN entity is assessed on its non-UN originator",
            ),
        )
        .field(
            Field::time(RECEIVED_AT, "Received (UTC)", now)
                .hint("now, -20m, -2h, HH:MM (last 24 h) or YYYY-MM-DD HH:MM"),
        )
        .field(Field::choice(CHANNEL, "Channel", Choice::channel(false)))
        .field(Field::choice(
            MARKING,
            "UN marking",
            Choice::classification(Classification::Confidential),
        ))
        .field(
            Field::line(ORIGINATOR_MARKING, "Originator's marking", "")
                .hint("kept verbatim beside the UN level; leave empty if none"),
        )
        .field(Field::choice(NATURE, "Nature", Choice::nature_to_choose()))
        .field(Field::toggle(IMMINENT, "Imminent threat (G 9.1)?", false))
        .field(Field::toggle(POC, "Threat to civilians (PoC)?", false))
        .field(Field::heading(
            "Registered late (G 9.11) — leave empty if it came in just now",
        ))
        .field(
            Field::line(LATE_WHY, "Why registered late", "")
                .hint("e.g. received on patrol without access; the record says so"),
        )
        .field(Field::line(RECEIVED_BY, "Who received it", ""))
        .submit_button("Register the receipt")
}

pub fn submit_new_receipt(form: &mut Form) -> Submit {
    let title = form.required(TITLE, "the title");
    let reference = form.required(REFERENCE, "the reference");
    let received_at = form.time(RECEIVED_AT);
    let source = inline_entity::chosen(form, SOURCE, "the entity it came from");
    let new_entity = inline_entity::step(form, SOURCE);
    let late = form.optional(LATE_WHY);
    let received_by = form.optional(RECEIVED_BY);
    if late.is_some() && received_by.is_none() {
        form.fail(RECEIVED_BY, "who received it (G 9.11)");
    }
    let Some(received_at) = received_at else {
        return Submit::Invalid;
    };
    let level = form.chosen(MARKING);
    let channel = form.chosen(CHANNEL);
    let nature = form.chosen(NATURE);
    let originator = form.chosen(ORIGINATOR);
    let (Some(level), Some(channel), Some(nature), Some(originator), false) =
        (level, channel, nature, originator, form.has_errors())
    else {
        return Submit::Invalid;
    };
    let originator = originator.map(IdOf::id);
    let marking = match form.optional(ORIGINATOR_MARKING) {
        Some(text) => Marking::with_originator(level, text),
        None => Marking::un(level),
    };
    let capture = ReceiptCapture {
        title,
        reference,
        summary: form.text(SUMMARY),
        source,
        originator,
        received_at,
        channel,
        marking,
        nature,
        imminent_threat: form.toggle(IMMINENT),
        poc_threat: form.toggle(POC),
    };
    let change = match (late, received_by) {
        (Some(why), Some(received_by)) => Change::ReceiptRegisteredAfterTheFact {
            capture,
            received_by,
            why,
            handled: None,
        },
        _ => Change::ReceiptRegistered { capture },
    };
    let mut steps: Vec<Step> = new_entity.into_iter().collect();
    steps.push(Step {
        target: StepTarget::New,
        change,
    });
    Submit::Changes(steps)
}

pub fn record_alerts(target: Option<RecordId>, cx: FormContext) -> Form {
    let mut form = Form::new(
        FormKind::RecordAlerts,
        target,
        "Record alerts raised",
        "G 9.3",
        cx,
    );
    if let Some(Record::Receipt(r)) = &form.context.record {
        let missing = r.missing_alerts();
        let recorded: Vec<String> = r
            .alerts
            .iter()
            .map(|a| format!("{} ({})", a.to, super::super::text::date_time(a.at)))
            .collect();
        let line1 = format!("{} — {}", r.id, super::super::text::clean(&r.capture.title));
        let line2 = if recorded.is_empty() {
            "No alert recorded yet.".to_string()
        } else {
            format!("Already recorded: {}", recorded.join(", "))
        };
        let line3 = if missing.is_empty() {
            "No required alert is missing.".to_string()
        } else {
            format!("Still required: {}", missing.join(", "))
        };
        form = form.note(line1).note(line2).note(line3);
    }
    let now = form.context.now;
    form = form.field(Field::time(ALERTED_AT, "Alerted at (UTC)", now));
    for (key, to) in ALERTS {
        form = form.field(Field::toggle(key, format!("{to} alerted"), false));
    }
    form.submit_button("Record the alerts")
}

pub fn submit_alerts(form: &mut Form) -> Submit {
    let Some(at) = form.time(ALERTED_AT) else {
        return Submit::Invalid;
    };
    let Some(target) = form.target.clone() else {
        return Submit::Invalid;
    };
    let steps: Vec<Step> = ALERTS
        .iter()
        .filter(|(key, _)| form.toggle(*key))
        .map(|(_, to)| Step {
            target: StepTarget::Existing(target.clone()),
            change: Change::AlertRecorded { to: *to, at },
        })
        .collect();
    if steps.is_empty() {
        form.refuse(ALERTS[0].0, "tick at least one alert raised");
        return Submit::Invalid;
    }
    Submit::Changes(steps)
}

pub fn reject(target: Option<RecordId>, cx: FormContext) -> Form {
    let now = cx.now;
    let (grave, disseminated_to) = match &cx.record {
        Some(Record::Receipt(r)) => (
            r.scan.as_ref().is_some_and(|s| s.grave_violation_risk()),
            r.dissemination.as_ref().map(|d| d.to_whom().join(", ")),
        ),
        _ => (false, None),
    };
    let mut form = Form::new(
        FormKind::RejectReceipt,
        target,
        "Reject the product",
        "G 9.9",
        cx,
    );
    if let Some(to) = disseminated_to {
        form = form.note(format!(
            "Already disseminated, to: {}. Found obtained through torture or other grave violations, it is rejected all the same and withdrawn from use; they are listed to be told (G 9.9).",
            super::super::text::clean(&to)
        ));
    }
    if grave {
        form = form.note(
            "The scan found a real risk the product was obtained through grave violations: the mission neither accepts nor solicits it, and the Human Rights Component is told at once (G 9.9).",
        );
    }
    form.field(Field::text(REASON, "Reason", ""))
        .field(Field::toggle(
            GRAVE,
            "Real risk it was obtained by torture or other grave violations?",
            grave,
        ))
        .field(
            Field::line(HR_TO, "Human Rights Component informed: whom", "")
                .hint("the officer or office told (G 9.9); empty when no grave violations"),
        )
        .field(Field::time(HR_AT, "Informed when", now))
        .submit_button("Reject")
}

pub fn submit_reject(form: &mut Form) -> Submit {
    let reason = form.required(REASON, "the reason");
    let grave = form.toggle(GRAVE);
    let to = form.optional(HR_TO);
    let at = form.time(HR_AT);
    if grave && to.is_none() {
        form.fail(
            HR_TO,
            "G 9.9: name whom at the Human Rights Component was informed",
        );
    }
    let Some(target) = form.target.clone() else {
        return Submit::Invalid;
    };
    if form.has_errors() {
        return Submit::Invalid;
    }
    let human_rights_notice = match (to, at) {
        (Some(to), Some(at)) => Some(HumanRightsNotice { to, at }),
        _ => None,
    };
    Submit::Changes(vec![Step {
        target: StepTarget::Existing(target),
        change: Change::ReceiptRejected {
            rejection: Rejection {
                reason,
                grave_violations: grave,
                human_rights_informed: human_rights_notice.is_some(),
                human_rights_notice,
            },
        },
    }])
}

pub fn onward(target: Option<RecordId>, cx: FormContext) -> Form {
    let entities = entity_choice(&cx, false, Some("— choose —"));
    Form::new(
        FormKind::OnwardApproval,
        target,
        "Originator's written approval to share onward",
        "G 9.8",
        cx,
    )
    .note("Received intelligence goes onward only with the originator's written approval.")
    .field(Field::choice(ONWARD_TO, "Onward to (entity)", entities).hint("type to find"))
    .field(Field::line(APPROVED_BY, "Approved by (name, position)", ""))
    .field(Field::line(DOCUMENT, "Reference of the approval", ""))
    .submit_button("Record the approval")
}

pub fn submit_onward(form: &mut Form) -> Submit {
    let to = form.chosen(ONWARD_TO);
    let approved_by = form.required(APPROVED_BY, "who approved");
    let document = form.required(DOCUMENT, "the reference");
    let (Some(target), Some(to), false) = (form.target.clone(), to, form.has_errors()) else {
        return Submit::Invalid;
    };
    Submit::Changes(vec![Step {
        target: StepTarget::Existing(target),
        change: Change::OnwardSharingApproved {
            approval: OnwardSharingApproval {
                to_entity: to.id(),
                approved_by,
                document,
            },
        },
    }])
}
