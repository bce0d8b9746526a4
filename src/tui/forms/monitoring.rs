//! Active monitoring of an entity (G 8.1.2.3, G 9.5.2): an incident or development recorded
//! against it, the suspension of its assessments in force at once (sharing to it and
//! clearance from it halt), and the review of a suspension that lifts or confirms it.

use super::field::{Choice, Field, Key, Listed, Text};
use super::{Form, FormContext, FormKind, Step, StepTarget, Submit};
use crate::domain::change::Change;
use crate::domain::ids::{RecordId, Time};
use crate::domain::monitoring::{Incident, SuspensionOutcome};

fn one(form: &Form, change: Change) -> Submit {
    match form.target.clone() {
        Some(id) if !form.has_errors() => Submit::Changes(vec![Step {
            target: StepTarget::Existing(id),
            change,
        }]),
        _ => Submit::Invalid,
    }
}

fn with_entity(mut form: Form) -> Form {
    if let Some(e) = &form.context.entity {
        let n = format!("{} — {}", e.id, super::super::text::clean(e.name()));
        form.notes.insert(0, n);
    }
    form
}

pub fn incident(target: Option<RecordId>, cx: FormContext) -> Form {
    let now = cx.now;
    with_entity(
        Form::new(
            FormKind::RecordIncident,
            target,
            "Record an incident or development concerning the entity",
            "G 8.1.2.3, G 9.5.2",
            cx,
        )
        .note("Active monitoring: what happened may call for suspending its assessments.")
        .field(Field::text(WHAT, "What happened", ""))
        .field(
            Field::time(AT, "When it happened (UTC)", now)
                .hint("now, -20m, -2h, HH:MM (last 24 h) or YYYY-MM-DD HH:MM"),
        )
        .field(Field::line(SOURCE, "How the mission learned of it", "").hint("optional"))
        .submit_button("Record the incident"),
    )
}

pub fn submit_incident(form: &mut Form) -> Submit {
    let what = form.required(WHAT, "what happened");
    let at = form.time(AT);
    let source = form.text(SOURCE);
    let Some(occurred_at) = at else {
        return Submit::Invalid;
    };
    one(
        form,
        Change::IncidentRecorded {
            incident: Incident {
                what,
                occurred_at,
                source,
            },
        },
    )
}

pub fn suspend(target: Option<RecordId>, cx: FormContext) -> Form {
    let mut incidents = vec![("— none —".to_string(), None)];
    if let Some(e) = &cx.entity {
        incidents.extend(e.monitoring.incidents.iter().enumerate().map(|(i, x)| {
            (
                format!(
                    "{}: {} ({})",
                    i + 1,
                    super::super::text::clean(&x.what),
                    super::super::text::date(x.occurred_at)
                ),
                Some(Listed(i)),
            )
        }));
    }
    let last = incidents.len() - 1;
    let mut choice = Choice::of(incidents);
    choice.selected.select(last);
    with_entity(
        Form::new(
            FormKind::SuspendAssessments,
            target,
            "Suspend the entity's assessments",
            "G 8.1.2.3, G 9.5.2",
            cx,
        )
        .note("The assessments in force are suspended at once: no sharing with the entity and no clearance of its products until a review lifts the suspension.")
        .field(Field::text(REASON, "Why", ""))
        .field(Field::choice(INCIDENT, "In answer to", choice))
        .submit_button("Suspend now"),
    )
}

/// The incident a suspension answers, if any (its place on the entity).
const INCIDENT: Key<Option<Listed>> = Key::new("incident");
/// The suspension reviewed (its place on the entity).
const SUSPENSION: Key<Listed> = Key::new("suspension");
/// G 8.1.10: an incident, as the mission learned of it.
const WHAT: Key<Text> = Key::new("what");
const AT: Key<Time> = Key::new("at");
const SOURCE: Key<Text> = Key::new("source");
/// Why the assessments are suspended.
const REASON: Key<Text> = Key::new("reason");
/// What the review of a suspension found.
const OUTCOME: Key<SuspensionOutcome> = Key::new("outcome");
const FINDING: Key<Text> = Key::new("finding");

pub fn submit_suspend(form: &mut Form) -> Submit {
    let reason = form.required(REASON, "why the assessments are suspended");
    // "— none —" reads as no incident; a value that is neither is refused.
    let Some(incident) = form.chosen(INCIDENT) else {
        return Submit::Invalid;
    };
    let incident = incident.map(|Listed(i)| i);
    one(form, Change::AssessmentsSuspended { reason, incident })
}

pub fn review(target: Option<RecordId>, cx: FormContext) -> Form {
    let pending = cx.entity.as_ref().and_then(|e| {
        e.monitoring
            .suspensions
            .iter()
            .enumerate()
            .find(|(_, s)| s.is_pending_review())
            .map(|(i, s)| {
                (
                    i,
                    format!(
                        "Suspension {} — {} by {}: {}",
                        i + 1,
                        super::super::text::date(s.at),
                        s.by,
                        super::super::text::clean(&s.reason)
                    ),
                )
            })
    });
    let outcomes = Choice::of(SuspensionOutcome::ALL.iter().map(|o| {
        let label = match o {
            SuspensionOutcome::Lifted => "lifted: the assessments are in force again",
            SuspensionOutcome::Confirmed => {
                "confirmed: sharing and clearance resume only with new assessments"
            }
        };
        (label.to_string(), *o)
    }));
    let mut form = Form::new(
        FormKind::ReviewSuspension,
        target,
        "Review the suspension",
        "G 8.1.2.3, G 9.5.2",
        cx,
    );
    form = match &pending {
        Some((_, text)) => form.note(text.clone()),
        None => form.note("No suspension of this entity waits for a review."),
    };
    let suspension = match pending {
        Some((i, _)) => Choice::of([(format!("the one waiting (number {})", i + 1), Listed(i))]),
        None => Choice::new(vec![("— none waiting —".to_string(), String::new())]),
    };
    with_entity(
        form.field(Field::choice(SUSPENSION, "Suspension", suspension))
            .field(Field::choice(OUTCOME, "Outcome", outcomes))
            .field(Field::text(FINDING, "Finding", ""))
            .submit_button("Record the review"),
    )
}

pub fn submit_review(form: &mut Form) -> Submit {
    let finding = form.required(FINDING, "the finding of the review");
    let Some(Listed(index)) = form.chosen(SUSPENSION) else {
        form.refuse(SUSPENSION, "no suspension waits for a review");
        return Submit::Invalid;
    };
    let Some(outcome) = form.chosen(OUTCOME) else {
        form.refuse(OUTCOME, "choose lifted or confirmed");
        return Submit::Invalid;
    };
    one(
        form,
        Change::SuspensionReviewed {
            index,
            outcome,
            finding,
        },
    )
}
