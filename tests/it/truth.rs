//! The register tells the truth (issue 8): registration after the fact (G 8.1.9, G 9.11),
//! stated times in the order the Guidelines imply, the imminent-threat determination as its
//! own step (G 9.1–9.3), corrections and voids (G C "Registers"), entities edited, matched
//! and merged. Each test fails on the registry that only knew the happy path.

use crate::common;

use common::*;
use registrar::domain::after_the_fact::{Gate, after_the_fact_figures};
use registrar::domain::change::Change;
use registrar::domain::correction::AmendedField;
use registrar::domain::entity::EntityKind;
use registrar::domain::entity_match::near_matches;
use registrar::domain::ids::{RecordId, Time};
use registrar::domain::marking::{Classification, Marking};
use registrar::domain::memory::MemoryRegistry;
use registrar::domain::nature::Nature;
use registrar::domain::queue::{self, Queue};
use registrar::domain::receipt::{AlertRecipient, IncomingReceipt, ReceiptState};
use registrar::domain::record::Record;
use registrar::domain::role::Role;
use registrar::domain::settings::{
    DEFAULT_REGISTERED_LATE_AFTER_HOURS as REGISTERED_LATE_AFTER_HOURS, MissionSettings,
};
use registrar::domain::share::{OutgoingShare, ShareState};
use registrar::domain::view::RegistryView;

fn share_of(reg: &MemoryRegistry, id: &RecordId) -> OutgoingShare {
    match reg.view.record(id) {
        Some(Record::Share(s)) => s,
        other => panic!("{id} is not a share: {other:?}"),
    }
}

fn receipt_of(reg: &MemoryRegistry, id: &RecordId) -> IncomingReceipt {
    match reg.view.record(id) {
        Some(Record::Receipt(r)) => r,
        other => panic!("{id} is not a receipt: {other:?}"),
    }
}

fn queues_of(reg: &MemoryRegistry, id: &RecordId) -> Vec<Queue> {
    queue::placements(&reg.view.record(id).unwrap())
        .into_iter()
        .map(|p| p.queue)
        .collect()
}

fn informal_share(entity: &RecordId, at: Time) -> Change {
    Change::ShareRegisteredAfterTheFact {
        draft: draft(entity, Nature::OperationalTactical),
        shared_at: at,
        shared_by: "Sector West commander".into(),
        authorised_by: Some("Head of Mission, by phone".into()),
        why: "Armed group moving on the camp: warned the gendarmerie verbally".into(),
    }
}

fn determine(imminent: bool, at: Time, reason: &str) -> Change {
    Change::ThreatDetermined {
        imminent,
        at,
        reason: reason.into(),
    }
}

// ================================================== G 8.1.9 / G 9.11 after the fact

#[test]
fn g8_1_9_share_made_verbally_is_registered_after_the_fact_naming_the_gates_it_skipped() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let id = reg.ok(None, informal_share(&faca, minute(10)), minute(90));
    let s = share_of(&reg, &id);
    assert_eq!(s.state, ShareState::SharedAfterTheFact);
    assert_ne!(
        s.state,
        ShareState::Shared,
        "never passes for a gated share"
    );
    assert_eq!(s.shared_at, Some(minute(10)));
    assert!(s.decision.is_none() && s.acceptance.is_none());
    let late = s.after_the_fact.as_ref().unwrap();
    assert_eq!(
        late.authorised_by.as_deref(),
        Some("Head of Mission, by phone")
    );
    for gate in [
        Gate::EntityAssessment,
        Gate::RiskAssessment,
        Gate::Authorisation,
        Gate::WrittenAcceptance,
        Gate::TimelyRegistration,
    ] {
        assert!(late.skipped.contains(&gate), "{gate} not named");
    }
    // Closed: no step of the G 8 workflow can follow it.
    let r = reg.refused(Some(&id), authorise(Role::Micm), minute(91));
    assert_refusal(&r, "G 8.1", &["cannot change"]);
    assert!(queues_of(&reg, &id).is_empty());

    // Counted for oversight, by paragraph.
    let records: Vec<Record> = reg.view.records.values().cloned().collect();
    let figures = after_the_fact_figures(&records);
    assert_eq!(figures.shares, 1);
    assert_eq!(figures.gates_skipped.get("G 8.1.5"), Some(&1));
    assert_eq!(figures.gates_skipped.get("G 8.1.4"), Some(&1));
}

#[test]
fn g8_1_9_after_the_fact_says_who_why_and_not_in_the_future() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let mut c = informal_share(&faca, minute(10));
    if let Change::ShareRegisteredAfterTheFact { why, .. } = &mut c {
        why.clear();
    }
    let r = reg.refused(None, c, minute(20));
    assert_refusal(&r, "G 8.1.9", &["why"]);
    let r = reg.refused(None, informal_share(&faca, minute(60)), minute(20));
    assert_refusal(&r, "G 8.1.9", &["future"]);
}

#[test]
fn g9_11_receipt_registered_late_is_marked_and_its_clock_runs_from_receipt() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let mut c = capture(&faca, Nature::OperationalTactical, minute(0));
    c.imminent_threat = true;
    let id = reg.ok(
        None,
        Change::ReceiptRegisteredAfterTheFact {
            capture: c,
            received_by: "Patrol leader".into(),
            why: "No registry access on patrol".into(),
            handled: None,
        },
        minute(180),
    );
    let r = receipt_of(&reg, &id);
    assert_eq!(r.deadline, Some(minute(120)), "G 9.2 runs from receipt");
    let late = r.after_the_fact.unwrap();
    assert!(late.skipped.contains(&Gate::TimelyRegistration));
    assert!(late.skipped.contains(&Gate::UrgentTimeLimit));
    assert_eq!(r.state, ReceiptState::Received, "it still follows G 9");
}

#[test]
fn g9_11_a_receipt_received_the_day_before_and_not_said_late_is_refused_not_recorded_as_timely() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let day = 24 * 60;
    // Received a day before it is registered, registered as if it had just come in.
    let c = capture(&faca, Nature::OperationalTactical, minute(0));
    let r = reg.refused(
        None,
        Change::ReceiptRegistered { capture: c.clone() },
        minute(day),
    );
    assert_eq!(r.paragraph, "G 9.11", "{r}");
    let said = r.to_string();
    assert!(
        said.contains("24 hours before it is registered")
            && said.contains("register it as registered late")
            && said.contains("who received it"),
        "{said}"
    );
    // Said late, it is recorded, and the record and the oversight figures say so.
    let id = reg.ok(
        None,
        Change::ReceiptRegisteredAfterTheFact {
            capture: c.clone(),
            received_by: "Duty officer".into(),
            why: "Came in by phone at night; registered in the morning".into(),
            handled: None,
        },
        minute(day),
    );
    let late = receipt_of(&reg, &id).after_the_fact.unwrap();
    assert!(late.skipped.contains(&Gate::TimelyRegistration));
    // Within a shift, the ordinary registration keeps the time it came in.
    let hours = |h: i64| minute(h * 60);
    let id = register(&mut reg, c.clone(), hours(REGISTERED_LATE_AFTER_HOURS));
    assert!(receipt_of(&reg, &id).after_the_fact.is_none());
    let r = reg.refused(
        None,
        Change::ReceiptRegistered { capture: c },
        hours(REGISTERED_LATE_AFTER_HOURS) + chrono::Duration::minutes(1),
    );
    assert_eq!(r.paragraph, "G 9.11");
}

/// G 9.11: where "registered late" begins is the mission's to set (the Guidelines give no
/// number): a mission of two-hour shifts refuses a receipt received three hours ago as if on
/// time, and a line outside 1–168 hours is refused as a setting.
#[test]
fn g9_11_the_line_for_registered_late_is_the_missions_setting() {
    let mut settings = MissionSettings::new("TEST");
    settings.registered_late_after_hours = 2;
    let mut reg = registry_with(settings.clone());
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let c = capture(&faca, Nature::OperationalTactical, minute(0));
    let r = reg.refused(
        None,
        Change::ReceiptRegistered { capture: c.clone() },
        minute(180),
    );
    assert_eq!(r.paragraph, "G 9.11", "{r}");
    assert!(
        r.to_string().contains("more than the mission's 2 hours"),
        "{r}"
    );
    let id = register(&mut reg, c, minute(90));
    assert!(receipt_of(&reg, &id).after_the_fact.is_none());
    for off in [0, 169] {
        settings.registered_late_after_hours = off;
        let e = settings.validate().expect_err("outside 1–168 hours");
        assert!(e.contains("G 9.11") && e.contains(&off.to_string()), "{e}");
    }
}

/// User test 2 §10: an imminent threat received 3 hours ago, past its 2-hour G 9.2 limit,
/// registered as if on time: no "registered late", no who or why, no gate named.
#[test]
fn g9_11_an_imminent_threat_received_longer_ago_than_its_g9_2_limit_is_refused_unless_registered_late()
 {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let mut c = capture(&faca, Nature::OperationalTactical, minute(0));
    c.imminent_threat = true;
    let r = reg.refused(
        None,
        Change::ReceiptRegistered { capture: c.clone() },
        minute(180),
    );
    assert_refusal(
        &r,
        "G 9.11",
        &[
            "imminent threat received 3 hours before it is registered",
            "G 9.2 time limit of 120 minutes",
            "register it as registered late",
        ],
    );
    // Said late, it names the gates it missed.
    let id = reg.ok(
        None,
        Change::ReceiptRegisteredAfterTheFact {
            capture: c.clone(),
            received_by: "Sector West duty officer".into(),
            why: "Call taken on the radio net; registry down".into(),
            handled: None,
        },
        minute(180),
    );
    let late = receipt_of(&reg, &id).after_the_fact.unwrap();
    assert!(late.skipped.contains(&Gate::TimelyRegistration));
    assert!(late.skipped.contains(&Gate::UrgentTimeLimit));
    // Within its limit it is registered in the ordinary way; the same receipt not said to be
    // an imminent threat keeps the ordinary (shift) rule.
    register(&mut reg, c.clone(), minute(120));
    c.imminent_threat = false;
    register(&mut reg, c, minute(180));
}

// ============================================================== stated times

#[test]
fn g9_2_a_call_logged_twenty_minutes_late_keeps_its_time_and_its_deadline() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let mut c = capture(&faca, Nature::OperationalTactical, minute(40));
    c.imminent_threat = true;
    let id = register(&mut reg, c, minute(60));
    let r = receipt_of(&reg, &id);
    assert_eq!(r.capture.received_at, minute(40));
    assert_eq!(
        r.registered_at,
        minute(60),
        "the registry keeps when it was recorded"
    );
    assert_eq!(r.deadline, Some(minute(160)));
}

#[test]
fn g8_1_4_shared_before_the_decision_is_refused() {
    let mut reg = registry();
    let (_, share) = share_ready_for_decision(&mut reg);
    reg.ok(Some(&share), authorise(Role::Micm), day(27));
    reg.ok(
        Some(&share),
        Change::ConditionsAccepted {
            acceptance: full_acceptance_on(day(27)),
        },
        day(27),
    );
    let r = reg.refused(Some(&share), mark_shared(day(19)), day(27));
    assert_refusal(&r, "G 8.1.4", &["shared ≥ authorised"]);
    reg.ok(Some(&share), mark_shared(day(27)), day(27));
}

#[test]
fn g8_1_4_a_decision_stated_before_the_draft_is_refused_and_a_stated_time_is_kept() {
    let mut reg = registry();
    let (_, share) = share_ready_for_decision(&mut reg);
    let drafted = share_of(&reg, &share).drafted_at;
    let at = |t: Time| Change::ShareDecided {
        decided_at: Some(t),
        authorise: true,
        authority: Role::Micm,
        reason: "Need to share outweighs the risk".into(),
        pre_authorisation: None,
    };
    let r = reg.refused(
        Some(&share),
        at(drafted - chrono::Duration::hours(1)),
        day(30),
    );
    assert_refusal(&r, "G 8.1.4", &["authorised ≥ drafted"]);
    let r = reg.refused(Some(&share), at(day(31)), day(30));
    assert_refusal(&r, "G 8.1.4", &["future"]);
    let stated = drafted + chrono::Duration::hours(2);
    reg.ok(Some(&share), at(stated), day(30));
    let d = share_of(&reg, &share).decision.unwrap();
    assert_eq!(d.decided_at(), stated);
    assert_eq!(d.at, day(30), "recorded when it was entered");
}

#[test]
fn g8_1_5_written_acceptance_before_the_decision_day_is_refused() {
    let mut reg = registry();
    let (_, share) = share_ready_for_decision(&mut reg);
    reg.ok(Some(&share), authorise(Role::Micm), day(28));
    let r = reg.refused(
        Some(&share),
        Change::ConditionsAccepted {
            acceptance: full_acceptance_on(day(26)),
        },
        day(28),
    );
    assert_refusal(&r, "G 8.1.5", &["accepted ≥ authorised"]);
}

/// User test 2 §1: on the day of the decision, an acceptance stated ten minutes before it
/// (and before the draft), and a share marked shared forty minutes before the acceptance,
/// were taken: README "shared ≥ accepted ≥ authorised ≥ drafted" holds by the minute.
#[test]
fn g8_1_5_acceptance_before_the_decision_and_shared_before_the_acceptance_on_the_same_day_are_refused()
 {
    let mut reg = registry();
    let (_, share) = share_ready_for_decision(&mut reg);
    let decided = t0() + chrono::Duration::hours(5);
    reg.ok(Some(&share), authorise(Role::Micm), decided);
    let accept_on = |t: Time| Change::ConditionsAccepted {
        acceptance: full_acceptance_on(t),
    };
    let before_draft = t0() - chrono::Duration::minutes(10);
    let r = reg.refused(Some(&share), accept_on(before_draft), decided);
    assert_refusal(
        &r,
        "G 8.1.5",
        &[
            "accepted ≥ drafted",
            "2026-11-01 07:50 UTC",
            "2026-11-01 08:00 UTC",
        ],
    );
    let before_decision = decided - chrono::Duration::minutes(10);
    let r = reg.refused(Some(&share), accept_on(before_decision), decided);
    assert_refusal(
        &r,
        "G 8.1.5",
        &[
            "accepted ≥ authorised",
            "2026-11-01 12:50 UTC",
            "2026-11-01 13:00 UTC",
        ],
    );
    let accepted = decided + chrono::Duration::minutes(60);
    reg.ok(Some(&share), accept_on(accepted), accepted);
    let r = reg.refused(
        Some(&share),
        mark_shared(accepted - chrono::Duration::minutes(40)),
        accepted,
    );
    assert_refusal(
        &r,
        "G 8.1.5",
        &[
            "shared ≥ accepted",
            "2026-11-01 13:20 UTC",
            "2026-11-01 14:00 UTC",
        ],
    );
    // A second acceptance is refused in words, not by an internal name.
    let r = reg.refused(Some(&share), accept_on(accepted), accepted);
    assert_refusal(&r, "G 8.1", &["the conditions are already accepted"]);
    reg.ok(Some(&share), mark_shared(accepted), accepted);
    assert_eq!(share_of(&reg, &share).state, ShareState::Shared);
}

#[test]
fn g9_3_an_alert_before_the_receipt_is_refused() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let mut c = capture(&faca, Nature::OperationalTactical, minute(30));
    c.imminent_threat = true;
    let id = register(&mut reg, c, minute(30));
    let alert = |at| Change::AlertRecorded {
        to: AlertRecipient::Dss,
        at,
    };
    let r = reg.refused(Some(&id), alert(minute(10)), minute(40));
    assert_refusal(&r, "G 9.3", &["cannot precede the receipt"]);
    reg.ok(Some(&id), alert(minute(35)), minute(40));
}

// ========================================================= G 9.1 determination

#[test]
fn g9_1_a_later_yes_starts_the_clock_requires_the_alerts_and_a_no_with_reason_stops_it() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let id = register(
        &mut reg,
        capture(&faca, Nature::OperationalTactical, minute(0)),
        minute(0),
    );
    assert_eq!(queues_of(&reg, &id), vec![Queue::Pending]);
    assert!(receipt_of(&reg, &id).missing_alerts().is_empty());

    reg.ok(Some(&id), determine(true, minute(30), ""), minute(35));
    let r = receipt_of(&reg, &id);
    assert_eq!(r.deadline, Some(minute(150)), "from the determination");
    assert_eq!(queues_of(&reg, &id), vec![Queue::Urgent]);
    assert!(r.missing_alerts().contains(&"DSS"));

    // Revising to "no" needs a reason; the history stays.
    let r = reg.refused(Some(&id), determine(false, minute(50), " "), minute(50));
    assert_refusal(&r, "G 9.1", &["reason"]);
    reg.ok(
        Some(&id),
        determine(false, minute(50), "Second source: the group dispersed"),
        minute(50),
    );
    let r = receipt_of(&reg, &id);
    assert_eq!(r.deadline, None);
    assert_eq!(r.determinations.len(), 2);
    assert_eq!(queues_of(&reg, &id), vec![Queue::Pending]);
    assert!(r.missing_alerts().is_empty());
}

#[test]
fn g9_1_the_scan_answering_yes_is_a_determination_and_a_no_against_a_yes_is_refused() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let id = register(
        &mut reg,
        capture(&faca, Nature::OperationalTactical, minute(0)),
        minute(0),
    );
    let mut yes = irs(false, &[]);
    yes.answers[0] = registrar::domain::answer::Answer::yes("attack within hours");
    reg.ok(Some(&id), Change::ReceiptScanned { scan: yes }, minute(20));
    let r = receipt_of(&reg, &id);
    assert!(r.imminent_threat());
    assert!(r.determinations[0].at_scan);
    assert_eq!(r.deadline, Some(minute(140)));
    assert_eq!(queues_of(&reg, &id), vec![Queue::Urgent]);

    // A second scan answering "no" cannot silently undo it.
    let r = reg.refused(
        Some(&id),
        Change::ReceiptScanned {
            scan: irs(false, &[]),
        },
        minute(30),
    );
    assert_refusal(&r, "G 9.1", &["revise the determination first"]);
}

#[test]
fn g9_1_no_determination_after_disposition_and_none_before_the_receipt() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let id = register(
        &mut reg,
        capture(&faca, Nature::OperationalTactical, minute(30)),
        minute(30),
    );
    let r = reg.refused(Some(&id), determine(true, minute(10), ""), minute(40));
    assert_refusal(&r, "G 9.1", &["cannot precede the receipt"]);
    let r = reg.refused(Some(&id), determine(false, minute(40), "x"), minute(40));
    assert_refusal(&r, "G 9.1", &["already determined"]);
    reg.ok(
        Some(&id),
        Change::ReceiptRejected {
            rejection: registrar::domain::receipt::Rejection {
                reason: "Duplicate of an earlier report".into(),
                grave_violations: false,
                human_rights_informed: false,
                human_rights_notice: None,
            },
        },
        minute(50),
    );
    let r = reg.refused(Some(&id), determine(true, minute(55), ""), minute(60));
    assert_refusal(&r, "G 9.1", &["before disposition"]);
}

// ================================================== G C Registers corrections

#[test]
fn g_c_registers_a_typo_is_amended_with_a_reason_and_the_history_kept() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let id = register(
        &mut reg,
        capture(&faca, Nature::OperationalTactical, minute(0)),
        minute(0),
    );
    let amend = |field, reason: &str| Change::ReceiptAmended {
        amendment: field,
        reason: reason.into(),
    };
    let r = reg.refused(
        Some(&id),
        amend(
            AmendedField::Title("Planned attack on Kaga-Bandoro".into()),
            "",
        ),
        minute(5),
    );
    assert_refusal(&r, "G C Registers", &["reason"]);
    reg.ok(
        Some(&id),
        amend(
            AmendedField::Title("Planned attack on Kaga-Bandoro".into()),
            "Typo in the camp's name",
        ),
        minute(5),
    );
    let r = receipt_of(&reg, &id);
    assert_eq!(r.capture.title, "Planned attack on Kaga-Bandoro");
    let a = &r.amendments[0];
    assert_eq!(a.field, "title");
    assert_eq!(a.was, "Planned attack on Kaga-Bandoro camp");
    assert_eq!(a.by, ACTOR);
    assert!(a.reopened.is_empty());
}

#[test]
fn g_c_registers_amending_the_entity_or_marking_reopens_the_scan() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let ministry = entity(&mut reg, MINISTRY, EntityKind::OtherNonUnCivilian);
    let id = register(
        &mut reg,
        capture(&faca, Nature::OperationalTactical, minute(0)),
        minute(0),
    );
    scan(&mut reg, &id, irs(false, &[]), minute(10));
    assert_eq!(receipt_of(&reg, &id).state, ReceiptState::Scanned);
    reg.ok(
        Some(&id),
        Change::ReceiptAmended {
            amendment: AmendedField::Entity(ministry.clone()),
            reason: "Filed against the wrong entity".into(),
        },
        minute(20),
    );
    let r = receipt_of(&reg, &id);
    assert_eq!(r.capture.source, ministry);
    assert_eq!(r.state, ReceiptState::Received, "the scan no longer counts");
    assert!(r.scan.is_none());
    assert_eq!(r.amendments[0].reopened.len(), 1);
    let step = queue::next_step(Queue::Pending, &Record::Receipt(r), &reg.view, minute(21));
    assert!(step.waiting_on.contains("G 9.4"), "{step:?}");
}

#[test]
fn g_c_registers_a_share_reopens_its_decision_when_its_marking_is_amended() {
    let mut reg = registry();
    let (_, share) = share_ready_for_decision(&mut reg);
    reg.ok(Some(&share), authorise(Role::Micm), day(28));
    reg.ok(
        Some(&share),
        Change::ShareAmended {
            amendment: AmendedField::Marking(Marking::un(Classification::StrictlyConfidential)),
            reason: "Marked too low".into(),
        },
        day(28),
    );
    let s = share_of(&reg, &share);
    assert_eq!(s.state, ShareState::Draft);
    assert!(s.decision.is_none() && s.risk_assessment.is_none());
    assert_eq!(s.amendments[0].reopened.len(), 2, "{:?}", s.amendments);
    // A share's recipient is not amended: it is what was assessed.
    let ministry = entity(&mut reg, MINISTRY, EntityKind::OtherNonUnCivilian);
    let r = reg.refused(
        Some(&share),
        Change::ShareAmended {
            amendment: AmendedField::Entity(ministry),
            reason: "x".into(),
        },
        day(28),
    );
    assert_eq!(r.paragraph, "G 8.1");
}

#[test]
fn g_c_registers_a_void_leaves_the_queues_and_counts_and_stays_in_history() {
    let mut reg = registry();
    let faca = entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let mut c = capture(&faca, Nature::OperationalTactical, minute(0));
    c.imminent_threat = true;
    let id = register(&mut reg, c, minute(0));
    assert_eq!(queues_of(&reg, &id), vec![Queue::Urgent]);
    let r = reg.refused(
        Some(&id),
        Change::ReceiptVoided { reason: "".into() },
        minute(2),
    );
    assert_refusal(&r, "G C Registers", &["reason"]);
    reg.ok(
        Some(&id),
        Change::ReceiptVoided {
            reason: "Registered twice".into(),
        },
        minute(2),
    );
    let r = receipt_of(&reg, &id);
    assert_eq!(r.voided.as_ref().unwrap().reason, "Registered twice");
    assert!(queues_of(&reg, &id).is_empty());
    let r = reg.refused(Some(&id), determine(false, minute(3), "x"), minute(3));
    assert_refusal(&r, "G C Registers", &["voided"]);

    let late = reg.ok(None, informal_share(&faca, minute(1)), minute(5));
    reg.ok(
        Some(&late),
        Change::ShareVoided {
            reason: "Entered in error".into(),
        },
        minute(6),
    );
    let records: Vec<Record> = reg.view.records.values().cloned().collect();
    assert_eq!(after_the_fact_figures(&records).shares, 0);
}

// ========================================================== entities stay right

#[test]
fn g_c_registers_a_near_duplicate_entity_name_is_found() {
    let mut reg = registry();
    let unicef = entity(&mut reg, "UNICEF Country Office", EntityKind::NonMissionUn);
    entity(&mut reg, FACA, EntityKind::NonUnSecurityForce);
    let entities: Vec<_> = reg
        .view
        .records
        .values()
        .filter_map(|r| match r {
            Record::Entity(e) => Some(e.clone()),
            _ => None,
        })
        .collect();
    for name in [
        "Unicef country office",
        "UNICEF, Country Office",
        "Country Office UNICEF",
        "UNICÉF Country Office",
    ] {
        let m = near_matches(name, &entities);
        assert_eq!(m.len(), 1, "{name}");
        assert_eq!(m[0].id, unicef);
    }
    assert!(near_matches("UNHCR Country Office", &entities).is_empty());
}

#[test]
fn g_c_registers_an_entity_is_edited_with_history() {
    let mut reg = registry();
    let e = entity(&mut reg, MINISTRY, EntityKind::OtherNonUnCivilian);
    let mut d = details(MINISTRY, EntityKind::CivilianAuthorityOverSecurityForces);
    d.mandate = "oversees the gendarmerie".into();
    reg.ok(
        Some(&e),
        Change::EntityDetailsEdited {
            details: d.clone(),
            reason: "It directs the gendarmerie".into(),
        },
        minute(5),
    );
    let got = reg.view.entity(&e).unwrap();
    assert_eq!(got.kind(), EntityKind::CivilianAuthorityOverSecurityForces);
    assert_eq!(got.edits[0].changed, vec!["kind", "mandate"]);
    let r = reg.refused(
        Some(&e),
        Change::EntityDetailsEdited {
            details: d,
            reason: "again".into(),
        },
        minute(6),
    );
    assert_refusal(&r, "G C Registers", &["already"]);
}

/// User test 2 §4: an entity's kind changed to a non-UN security force kept its adapted
/// part 2 current, and a share was authorised on it (G 8.1.2).
#[test]
fn g8_1_2_an_entity_edited_into_a_security_force_needs_an_hrddp_part_2_before_a_decision() {
    use registrar::domain::assessment_sharing::{HumanRightsMethod, RiskConclusion};
    let mut reg = registry();
    let e = entity(&mut reg, MINISTRY, EntityKind::OtherNonUnCivilian);
    let mut adapted = hrdd(RiskConclusion::Acceptable, &[]);
    adapted.method = HumanRightsMethod::AdaptedHrddp;
    eas_with(&mut reg, &e, adapted, t0());
    let share = draft_share(&mut reg, draft(&e, Nature::Strategic), t0());
    sanitise(&mut reg, &share, t0());
    assess_risk(&mut reg, &share, sra(true), t0());
    reg.ok(
        Some(&e),
        Change::EntityDetailsEdited {
            details: details(MINISTRY, EntityKind::NonUnSecurityForce),
            reason: "Reclassified: a military mission".into(),
        },
        minute(5),
    );
    let r = reg.refused(Some(&share), authorise(Role::Micm), minute(10));
    assert_refusal(
        &r,
        "G 8.1.2",
        &["not current", "adapted", "HRDDP Risk Assessment"],
    );
}

#[test]
fn g_c_registers_two_entities_merged_their_records_follow() {
    let mut reg = registry();
    let keep = entity(&mut reg, "UNICEF Country Office", EntityKind::NonMissionUn);
    let dup = entity(&mut reg, "Unicef country office", EntityKind::NonMissionUn);
    let rcp = register(
        &mut reg,
        capture(&dup, Nature::Strategic, minute(0)),
        minute(0),
    );
    reg.ok(
        Some(&dup),
        Change::EntitiesMerged {
            into: keep.clone(),
            reason: "Registered twice".into(),
        },
        minute(5),
    );
    assert_eq!(reg.view.entity(&dup).unwrap().id, keep, "records follow");
    assert_eq!(
        reg.view.entity(&keep).unwrap().merged_from,
        vec![dup.clone()]
    );
    let record = reg.view.record(&rcp).unwrap();
    let item = queue::present(Queue::Pending, 0, &record, &reg.view, minute(6));
    assert_eq!(item.entity, "UNICEF Country Office");
    // The merged-away entity takes no new records.
    let r = reg.refused(
        None,
        Change::ReceiptRegistered {
            capture: capture(&dup, Nature::Strategic, minute(6)),
        },
        minute(6),
    );
    assert_refusal(&r, "G C Registers", &["merged into"]);
}
