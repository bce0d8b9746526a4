//! The three queues a person works from. `placements` says where a record sits (the store
//! keeps these as range-scannable index keys); `present` turns a placed record into the item
//! a person reads, at a given time: what it waits on, who acts, and how much time is left.

use super::guards;
use super::ids::Time;
use super::queue_entry::{Content, QueueEntry};
use super::receipt::{IncomingReceipt, ReceiptState};
use super::record::Record;
use super::refusal::Refusal;
use super::role::Role;
use super::share::{OutgoingShare, ShareState};
use super::view::RegistryView;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Queue {
    /// Imminent-threat receipts not yet dispositioned and urgent shares, by deadline.
    Urgent,
    /// Everything waiting on an assessment, scan, consultation, decision or acceptance.
    Pending,
    /// Assessments and pre-authorised entries past review; open breach investigations.
    Overdue,
}

impl Queue {
    pub const ALL: [Queue; 3] = [Queue::Urgent, Queue::Pending, Queue::Overdue];

    pub fn key(self) -> &'static str {
        match self {
            Queue::Urgent => "urgent",
            Queue::Pending => "pending",
            Queue::Overdue => "overdue",
        }
    }
}

/// Where a record sits in a queue: the sort key is a time (deadline, review date, or when the
/// record arrived), in seconds since the epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Placement {
    pub queue: Queue,
    pub key: i64,
}

/// The queues a record belongs in, whatever the time. Overdue placements are keyed by the
/// review date: a read takes those up to now.
pub fn placements(record: &Record) -> Vec<Placement> {
    let at = |queue, t: Time| Placement {
        queue,
        key: t.timestamp(),
    };
    match record {
        // Voided as registered in error: out of every queue.
        Record::Receipt(r) if r.voided.is_some() => Vec::new(),
        Record::Share(s) if s.voided.is_some() => Vec::new(),
        Record::Receipt(r) => {
            let mut p = Vec::new();
            if let Some(deadline) = r.deadline
                && !r.state.is_dispositioned()
            {
                p.push(at(Queue::Urgent, deadline));
            }
            if p.is_empty() && !r.state.is_dispositioned() {
                p.push(at(Queue::Pending, r.capture.received_at));
            }
            // G 9.9: the Human Rights Component's notice waits for a Human Rights officer.
            if let Some(n) = super::follow_up::notice_awaiting(r) {
                p.push(at(Queue::Pending, n.at));
            }
            p
        }
        // An urgent item sits in the urgent queue only; the rest of open work is pending.
        Record::Share(s) if !s.state.is_closed() => match s.deadline {
            Some(deadline) => vec![at(Queue::Urgent, deadline)],
            None => vec![at(Queue::Pending, s.drafted_at)],
        },
        // G 8.1.5: an entity's request to pass the product onward waits for the answer.
        Record::Share(s) => super::originator_control::unanswered(s)
            .map(|(_, c)| vec![at(Queue::Pending, c.request.value.requested_at)])
            .unwrap_or_default(),
        Record::EntityAssessmentSharing(a) if a.superseded_by.is_none() => {
            match (&a.human_rights, a.review_due) {
                (Some(_), Some(due)) => vec![at(Queue::Overdue, due)],
                _ => vec![at(Queue::Pending, a.overview.at)],
            }
        }
        Record::EntityAssessmentReceipt(a) if a.superseded_by.is_none() => {
            match (&a.human_rights, a.review_due) {
                (Some(_), Some(due)) => vec![at(Queue::Overdue, due)],
                _ => vec![at(Queue::Pending, a.overview.at)],
            }
        }
        Record::Breach(b) if b.is_open() => vec![at(Queue::Overdue, b.reported_at)],
        Record::Conflict(c) => c
            .raised_at()
            .map(|t| vec![at(Queue::Pending, t)])
            .unwrap_or_default(),
        Record::PreAuthorisation(p) if p.revoked.is_none() => {
            vec![at(Queue::Overdue, p.review_due)]
        }
        Record::Entity(e) => {
            let mut p = match &e.details.handling_standards {
                Some(h) if h.confirmed.is_none() => vec![at(Queue::Pending, e.registered_at)],
                _ => Vec::new(),
            };
            // G 8.1.2.3: a suspension waits for its review.
            if let Some(s) = super::monitoring::suspension_awaiting_review(e)
                && p.is_empty()
            {
                p.push(at(Queue::Pending, s.at));
            }
            // G 9.9: a counterpart the mission receives from, not yet told by the HoM.
            if super::entity_review::torture_refusal_missing(e) && p.is_empty() {
                p.push(at(Queue::Pending, e.registered_at));
            }
            p
        }
        _ => Vec::new(),
    }
}

/// One line of a queue, as `queue --json` prints it and the TUI shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QueueItem {
    pub id: String,
    pub kind: &'static str,
    pub title: String,
    pub entity: String,
    pub classification: &'static str,
    pub waiting_on: String,
    pub who_acts: &'static str,
    /// The people holding that role who are cleared for the record (empty when the registry
    /// has none registered).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub acting_people: Vec<String>,
    /// RFC 3339, or null.
    pub due: Option<String>,
    /// Urgent items: negative once the time limit has passed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seconds_left: Option<i64>,
    /// Overdue items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overdue_seconds: Option<i64>,
    /// Alerts still missing (urgent receipts, G 9.3).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing_alerts: Vec<&'static str>,
}

/// What a record waits on, and which role acts next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NextStep {
    pub waiting_on: String,
    pub who_acts: Role,
}

impl NextStep {
    fn new(waiting_on: impl Into<String>, who_acts: Role) -> Self {
        NextStep {
            waiting_on: waiting_on.into(),
            who_acts,
        }
    }

    fn blocked(r: Refusal, default: Role) -> Self {
        NextStep {
            who_acts: r.next.unwrap_or(default),
            waiting_on: r.to_string(),
        }
    }
}

/// Presents a placed record as a queue item at time `now` (the shape `queue --json` prints).
pub fn present(
    queue: Queue,
    key: i64,
    record: &Record,
    view: &dyn RegistryView,
    now: Time,
) -> QueueItem {
    entry(queue, key, record, view, now).item(now)
}

/// A placed record as a typed queue entry at time `now`.
pub fn entry(
    queue: Queue,
    key: i64,
    record: &Record,
    view: &dyn RegistryView,
    now: Time,
) -> QueueEntry {
    let entity = record
        .entity()
        .and_then(|id| view.entity(id))
        .map(|e| e.name().to_string());
    let name = entity.clone().unwrap_or_default();
    let step = next_step(queue, record, view, now);
    let (title, missing_alerts) = match record {
        Record::Share(s) => (s.draft.product.title.clone(), Vec::new()),
        Record::Receipt(r) => (r.capture.title.clone(), r.missing_alerts()),
        Record::EntityAssessmentSharing(_) => (
            format!("Entity Assessment for Sharing — {name}"),
            Vec::new(),
        ),
        Record::EntityAssessmentReceipt(_) => (
            format!("Entity Assessment for Receipt — {name}"),
            Vec::new(),
        ),
        Record::Breach(b) => (
            format!(
                "{} — {name}",
                if b.report.suspected {
                    "Suspected breach"
                } else {
                    "Breach"
                }
            ),
            Vec::new(),
        ),
        Record::PreAuthorisation(p) => (
            format!("Pre-authorised for {} — {name}", p.terms.direction),
            Vec::new(),
        ),
        Record::Entity(e) => (e.name().to_string(), Vec::new()),
        Record::Settings(s) => (s.mission.clone(), Vec::new()),
        Record::User(u) => (u.name.clone(), Vec::new()),
        Record::Station(s) => (s.station.clone(), Vec::new()),
        Record::Knowledge(k) => (k.station.clone(), Vec::new()),
        Record::Conflict(c) => (
            format!(
                "CONFLICT: {} changed at {} without seeing each other",
                c.record,
                c.stations().join(" and ")
            ),
            Vec::new(),
        ),
    };
    // Never a role none of whose holders may open the record (issue 9).
    let acting = super::who_acts::acting(step.who_acts, record.marking().level, &view.users());
    let waiting_on = match &acting.note {
        Some(note) => format!("{} — {note}", step.waiting_on),
        None => step.waiting_on,
    };
    QueueEntry {
        id: record.id(),
        kind: record.kind(),
        level: record.marking().level,
        queue,
        at: chrono::DateTime::from_timestamp(key, 0).unwrap_or_default(),
        has_due: !matches!(queue, Queue::Pending) || record_has_deadline(record),
        who_acts: acting.role,
        acting_people: acting.people,
        content: Content::Shown {
            title,
            entity,
            waiting_on,
            missing_alerts,
        },
    }
}

/// When and why a pre-authorised entry ended for good, if it did (G 8.1.8, G 9.10).
pub fn pre_authorisation_end(
    p: &super::pre_authorisation::PreAuthorisation,
    view: &dyn RegistryView,
    now: Time,
) -> Option<(Time, Refusal)> {
    let entity = view.entity(&p.terms.entity)?;
    guards::pre_authorisation_ended(p, &entity, view, now)
}

fn record_has_deadline(record: &Record) -> bool {
    match record {
        Record::Share(s) => s.deadline.is_some(),
        Record::Receipt(r) => r.deadline.is_some(),
        _ => false,
    }
}

/// What a record waits on. For shares and receipts this is the first rule the next
/// transition would fail, so the queue and the guards can never disagree.
pub fn next_step(queue: Queue, record: &Record, view: &dyn RegistryView, now: Time) -> NextStep {
    match record {
        Record::Share(s) => share_step(s, view, now),
        Record::Receipt(r) => receipt_step(r, view, now),
        Record::EntityAssessmentSharing(a) if queue == Queue::Pending => NextStep::new(
            format!("G 8.1.2.1: human rights assessment (part 2) of {}", a.id),
            Role::Hro,
        ),
        Record::EntityAssessmentReceipt(a) if queue == Queue::Pending => NextStep::new(
            format!("G 9.5.1: human rights scan (part 2) of {}", a.id),
            Role::Hro,
        ),
        Record::EntityAssessmentSharing(_) => NextStep::new(
            "G 8.1.2.3: review — a new Entity Assessment for Sharing",
            Role::Imfp,
        ),
        Record::EntityAssessmentReceipt(_) => NextStep::new(
            "G 9.5.2: review — a new Entity Assessment for Receipt",
            Role::Imfp,
        ),
        Record::Breach(_) => NextStep::new(
            "G 8.1.10: conclusion of the internal investigation; sharing halted until then",
            Role::Hom,
        ),
        Record::PreAuthorisation(p)
            if let Some((at, why)) = pre_authorisation_end(p, view, now) =>
        {
            NextStep::new(
                format!(
                    "ENDED {}: {why} — revoke it with the reason; a new entry is needed",
                    at.format("%Y-%m-%d")
                ),
                Role::Hom,
            )
        }
        Record::PreAuthorisation(p) => NextStep::new(
            match p.terms.direction {
                super::pre_authorisation::Direction::Sharing => {
                    "G 8.1.8: periodic review of the pre-authorised entry"
                }
                super::pre_authorisation::Direction::Receipt => {
                    "G 9.10: periodic review of the pre-authorised entry"
                }
            },
            Role::Imfp,
        ),
        Record::Entity(e) => match &e.details.handling_standards {
            Some(h) if h.confirmed.is_none() => NextStep::new(
                format!(
                    "G 9.8: confirm the mission can meet {}'s handling standards",
                    e.name()
                ),
                Role::Imfp,
            ),
            _ => match super::monitoring::suspension_awaiting_review(e) {
                Some(s) => NextStep::new(
                    format!(
                        "G 8.1.2.3: review of the suspension of {}'s assessments ({} by {}: {}) — lift or confirm",
                        e.name(),
                        s.at.format("%Y-%m-%d"),
                        s.by,
                        s.reason
                    ),
                    Role::Imfp,
                ),
                None if super::entity_review::torture_refusal_missing(e) => NextStep::new(
                    format!(
                        "G 9.9: the HoM has not formally communicated to {} that the UN will not receive intelligence obtained under torture or other grave violations — record it when done",
                        e.name()
                    ),
                    Role::Hom,
                ),
                None => NextStep::new("nothing", Role::Imfp),
            },
        },
        Record::Conflict(c) => NextStep::new(
            format!(
                "conflicts: decide between the stations' changes to {} ({})",
                c.record,
                c.open_changes()
                    .iter()
                    .map(|x| format!("{} #{}: {} by {}", x.station, x.seq, x.what, x.actor))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            Role::Imfp,
        ),
        Record::Settings(_) | Record::User(_) | Record::Station(_) | Record::Knowledge(_) => {
            NextStep::new("", Role::Admin)
        }
    }
}

fn share_step(s: &OutgoingShare, view: &dyn RegistryView, now: Time) -> NextStep {
    let Some(entity) = view.entity(&s.draft.recipient) else {
        return NextStep::new(
            format!("unknown recipient {}", s.draft.recipient),
            Role::Imfp,
        );
    };
    match s.state {
        ShareState::Draft | ShareState::RiskAssessed => {
            let valid_pre_authorisation = view
                .pre_authorisations(&entity, super::pre_authorisation::Direction::Sharing)
                .into_iter()
                .find(|p| {
                    let d = &s.draft.product;
                    p.is_valid(now)
                        && p.outside_scope(&d.reference, d.nature, d.marking.level)
                            .is_none()
                        && guards::pre_authorisation_ended(p, &entity, view, now).is_none()
                });
            let pre = valid_pre_authorisation.as_ref().map(|p| &p.id);
            if entity.kind().is_non_un() && s.risk_assessment.is_none() && pre.is_none() {
                if let Err(r) = guards::g8_1_10_no_open_breach(&entity, view) {
                    return NextStep::blocked(r, Role::Hom);
                }
                if let Err(r) = guards::g8_1_4_sharing_assessment_current(&entity, view, now) {
                    return NextStep::blocked(r, Role::Analyst);
                }
                return NextStep::new(
                    "G 8.1.3: Sharing Risk Assessment (Annex B) of the product",
                    Role::Analyst,
                );
            }
            match guards::share_authorisation(s, &entity, pre, view, now) {
                Err(r) => NextStep::blocked(r, Role::Imfp),
                Ok(authority) => NextStep::new(
                    format!("G 8: decision to share by the {authority}"),
                    authority,
                ),
            }
        }
        ShareState::Authorised => NextStep::new(
            format!(
                "G 8.1.5: written acceptance of the conditions by {}",
                entity.name()
            ),
            Role::Imfp,
        ),
        ShareState::ConditionsAccepted => match guards::share_release(s, &entity, view, now) {
            Err(r) => NextStep::blocked(r, Role::Imfp),
            Ok(()) => NextStep::new("G C Registers: record when it was shared", Role::Imfp),
        },
        ShareState::Shared
        | ShareState::Declined
        | ShareState::Withdrawn
        | ShareState::SharedAfterTheFact => match super::originator_control::unanswered(s) {
            Some((n, c)) => {
                let authority = guards::share_authority(s, &entity, view);
                NextStep::new(
                    format!(
                        "G 8.1.5: {} asks to pass {} to {} ({}, request {}) — the written approval or refusal of the {authority}",
                        entity.name(),
                        s.id,
                        c.request.value.to_whom,
                        c.request.value.reference,
                        n + 1
                    ),
                    authority,
                )
            }
            None => NextStep::new("nothing (closed)", Role::Imfp),
        },
    }
}

fn receipt_step(r: &IncomingReceipt, view: &dyn RegistryView, now: Time) -> NextStep {
    match r.state {
        ReceiptState::Received | ReceiptState::Scanned => {
            if let Err(refusal) = guards::g9_3_alerts_recorded(r) {
                return NextStep::blocked(refusal, Role::Analyst);
            }
            if let Err(refusal) = guards::g9_9_not_obtained_through_grave_violations(r) {
                return NextStep::blocked(refusal, Role::Analyst);
            }
            let pre = view.entity(r.assessed_entity()).and_then(|e| {
                view.pre_authorisations(&e, super::pre_authorisation::Direction::Receipt)
                    .into_iter()
                    .find(|p| {
                        let c = &r.capture;
                        p.is_valid(now)
                            && p.outside_scope(&c.reference, c.nature, c.marking.level)
                                .is_none()
                            && guards::pre_authorisation_ended(p, &e, view, now).is_none()
                    })
                    .map(|p| p.id)
            });
            if r.scan.is_none() && pre.is_none() {
                return NextStep::new(
                    "G 9.4: Intelligence Receipt Scan (Annex E) of the product",
                    Role::Analyst,
                );
            }
            match guards::receipt_clearance(r, pre.as_ref(), view, now) {
                Err(refusal) => NextStep::blocked(refusal, Role::Analyst),
                Ok(()) => NextStep::new("G 9.7: clearance for mission consumption", Role::Analyst),
            }
        }
        ReceiptState::Cleared => {
            let authority = guards::receipt_authority(r, view);
            let flag = guards::g9_12_flag_required(r, view)
                .map(|why| format!(" — flagged (G 9.12: {why})"))
                .unwrap_or_default();
            NextStep::new(
                format!("G 9.7: dissemination decision by the {authority}{flag}"),
                authority,
            )
        }
        ReceiptState::HandledBeforeRegistration => NextStep::new("nothing (closed)", Role::Imfp),
        ReceiptState::Disseminated | ReceiptState::Rejected => {
            match super::follow_up::notice_awaiting(r) {
                Some(n) => NextStep::new(
                    format!(
                        "G 9.9: the Human Rights Component was informed ({}, {}) that {} was obtained through grave violations — acknowledge, with what it does{}",
                        n.to,
                        n.at.format("%Y-%m-%d %H:%M"),
                        r.id,
                        if r.follow_up.to_tell.is_empty() {
                            String::new()
                        } else {
                            format!(
                                "; rejected after dissemination, tell: {}",
                                r.follow_up.to_tell.join(", ")
                            )
                        }
                    ),
                    Role::Hro,
                ),
                None => NextStep::new("nothing (closed)", Role::Imfp),
            }
        }
    }
}
