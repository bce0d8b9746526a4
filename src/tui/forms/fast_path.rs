//! The imminent-threat fast path (G 9.1–9.3): one key from the dashboard; entity (or a new
//! one registered inline), when it came in, channel, marking, PoC, what was said, and which
//! alerts have been raised — registered with its alerts in one write.

use super::field::{Choice, Field, Key, Text, Toggle};
use super::keys::{CHANNEL, MARKING};
use super::receipt::{ALERTS, alert_steps};
use super::{Form, FormContext, FormKind, Step, StepTarget, Submit, inline_entity};
use crate::domain::change::Change;
use crate::domain::ids::Time;
use crate::domain::marking::{Classification, Marking};
use crate::domain::nature::Nature;
use crate::domain::receipt::ReceiptCapture;

/// The entity it came from (a record id, '+ new entity', or none chosen).
const ENTITY: Key<inline_entity::EntityOrNew> = Key::new("entity");
/// When it came in, as stated.
const RECEIVED_AT: Key<Time> = Key::new("received_at");
/// A threat to civilians (G 9.3: the PoC manager is alerted too).
const POC: Key<Toggle> = Key::new("poc");
/// What was reported; its first line is the title.
const SUMMARY: Key<Text> = Key::new("summary");

/// The mission's time limit for an imminent threat (G 9.2), in minutes.
fn limit(cx: &FormContext) -> i64 {
    cx.settings
        .as_ref()
        .map_or(120, |s| s.urgent_receipt_limit_minutes)
}

/// The heading's first line: the time limit and the time now.
fn clock_note(limit: i64, now: Time) -> String {
    format!(
        "Scan and disposition within {limit} min of receipt (G 9.2); now {}.",
        now.format("%H:%M UTC")
    )
}

/// The clock ticks: the heading says the time now, not when the form was opened.
pub fn tick(form: &mut Form, now: Time) {
    if form.kind != FormKind::FastPath {
        return;
    }
    let note = clock_note(limit(&form.context), now);
    if let Some(first) = form.notes.first_mut() {
        *first = note;
    }
}

/// The form, opened at once from what the console holds.
pub fn form(cx: FormContext) -> Form {
    let limit = limit(&cx);
    let now = cx.now;
    let entities = inline_entity::choice(&cx, false, true);
    let form = Form::new(
        FormKind::FastPath,
        None,
        "!! IMMINENT THREAT — register the receipt now",
        "G 9.1–9.3",
        cx,
    )
    .note(clock_note(limit, now))
    .note("Type to find the entity, or '+ new entity'. Alerts ticked: as of now.")
    .field(Field::choice(ENTITY, "From (entity)", entities).hint("type to find"));
    let mut form = inline_entity::fields(form, ENTITY)
        .field(
            Field::time(RECEIVED_AT, "Received (UTC)", now)
                .hint("now, or -20m, -2h, HH:MM when it came in earlier"),
        )
        .field(Field::choice(CHANNEL, "Channel", Choice::channel(true)))
        .field(Field::choice(
            MARKING,
            "Marking",
            Choice::classification(Classification::Confidential),
        ))
        .field(Field::toggle(POC, "Threat to civilians (PoC)?", false))
        .field(
            Field::text(SUMMARY, "What was reported", "")
                .hint("who, what, where, when — Tab when done"),
        )
        .field(Field::heading("Alerts raised (G 9.3)"));
    // G D: the HoM acts at once on an imminent threat; G 9.3: whether to forward to the HoM.
    for (key, to) in &ALERTS {
        form = form.field(Field::toggle(*key, format!("{to} alerted"), false));
    }
    form.submit_button("Register the imminent threat")
}

pub fn submit(form: &mut Form) -> Submit {
    let source = inline_entity::chosen(form, ENTITY, "the entity it came from");
    let new_entity = inline_entity::step(form, ENTITY);
    let received_at = form.time(RECEIVED_AT);
    let summary = form.required(SUMMARY, "what was reported");
    let Some(received_at) = received_at else {
        return Submit::Invalid;
    };
    let channel = form.chosen(CHANNEL);
    let level = form.chosen(MARKING);
    let (Some(channel), Some(level), false) = (channel, level, form.has_errors()) else {
        return Submit::Invalid;
    };
    let title: String = summary
        .lines()
        .next()
        .unwrap_or_default()
        .chars()
        .take(80)
        .collect();
    let capture = ReceiptCapture {
        title,
        reference: format!("IT-{}", received_at.format("%Y%m%d-%H%M")),
        summary,
        source,
        originator: None,
        received_at,
        channel,
        marking: Marking::un(level),
        nature: Nature::OperationalTactical,
        imminent_threat: true,
        poc_threat: form.toggle(POC),
    };
    let mut steps: Vec<Step> = new_entity.into_iter().collect();
    let receipt = steps.len();
    steps.push(Step {
        target: StepTarget::New,
        change: Change::ReceiptRegistered { capture },
    });
    steps.extend(alert_steps(form, StepTarget::Created(receipt)));
    Submit::Changes(steps)
}
