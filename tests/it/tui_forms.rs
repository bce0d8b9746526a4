//! Every form of the workflow, opened by key presses the way a person reaches it, snapshotted
//! at 80×24 and 120×40; and submissions through the real store: recorded, refused by a guard
//! with its paragraph and the next step, or not allowed for the person's role.

use crate::tui_common;

use crossterm::event::KeyCode;
use insta::assert_snapshot;
use registrar::domain::entity::EntityKind;
use registrar::domain::ids::RecordId;
use registrar::domain::marking::Classification;
use registrar::domain::nature::Nature;
use registrar::domain::receipt::ReceiptState;
use registrar::domain::record::Record;
use registrar::domain::share::ShareState;
use registrar::tui::app::{Blocked, Screen};
use registrar::tui::driver::Driver;
use tui_common::*;

/// Reaches a form with `reach` from wherever the driver is, snapshots it at both sizes, and
/// leaves it (untouched, so Esc closes it without asking) back to the dashboard.
fn snap(d: &mut Driver, name: &str, reach: impl FnOnce(&mut Driver)) {
    reach(d);
    let _ = form(d);
    assert_snapshot!(name, both_sizes(d));
    while d.app.screens.len() > 1 {
        key(d, KeyCode::Esc);
    }
}

fn on_record(d: &mut Driver, rid: RecordId, action: &str) {
    open_record(d, &rid);
    choose_action(d, action);
}

fn on_linked_record(d: &mut Driver, rid: Option<RecordId>, action: &str) {
    open_record_from_entity(d, &rid.expect("the demo has such a record"));
    choose_action(d, action);
}

fn on_entity(d: &mut Driver, eid: RecordId, action: &str) {
    open_entity(d, &eid);
    choose_action(d, action);
}

/// Targets in the demo, found by what they are, not by their number.
mod pick {
    use super::*;

    /// An imminent threat whose required alerts are not all recorded.
    pub fn alerts_missing(d: &Driver) -> RecordId {
        receipt_where(&d.store, |r| {
            !r.state.is_dispositioned()
                && !r.missing_alerts().is_empty()
                && r.capture.marking.level <= Classification::Confidential
        })
    }

    /// A received product not yet scanned, not an imminent threat.
    pub fn unscanned(d: &Driver) -> RecordId {
        receipt_where(&d.store, |r| {
            r.state == ReceiptState::Received && !r.capture.imminent_threat
        })
    }

    pub fn scanned(d: &Driver) -> RecordId {
        receipt_where(&d.store, |r| {
            r.state == ReceiptState::Scanned && !r.capture.imminent_threat
        })
    }

    /// Cleared, strategic (the MICM Chair decides), with red flags found (G 9.12).
    pub fn cleared_flagged(d: &Driver) -> RecordId {
        receipt_where(&d.store, |r| {
            r.state == ReceiptState::Cleared
                && r.capture.nature == Nature::Strategic
                && r.scan.as_ref().is_some_and(|s| !s.red_flags.is_empty())
        })
    }

    pub fn disseminated(d: &Driver) -> RecordId {
        receipt_where(&d.store, |r| r.state == ReceiptState::Disseminated)
    }

    fn non_un(d: &Driver, e: &RecordId) -> bool {
        kind_of(&d.store, e).is_non_un()
    }

    pub fn unsanitised_draft(d: &Driver) -> RecordId {
        share_where(&d.store, |s| {
            s.state == ShareState::Draft
                && s.sanitisation.is_none()
                && non_un(d, &s.draft.recipient)
        })
    }

    /// A draft to an entity with a breach on record: "previous issues" has an answer.
    pub fn draft_to_breached_entity(d: &Driver) -> RecordId {
        let breached = entity_record(&d.store, |e| !e.breaches.is_empty()).id;
        share_where(&d.store, |s| {
            matches!(s.state, ShareState::Draft | ShareState::RiskAssessed)
                && s.draft.recipient == breached
        })
    }

    pub fn open_to_un_without_routing(d: &Driver) -> RecordId {
        share_where(&d.store, |s| {
            !s.state.is_closed() && s.routing.is_none() && !non_un(d, &s.draft.recipient)
        })
    }

    /// Risk assessed and strategic: the MICM Chair decides.
    pub fn awaiting_micm(d: &Driver) -> RecordId {
        share_where(&d.store, |s| {
            s.state == ShareState::RiskAssessed && s.draft.product.nature == Nature::Strategic
        })
    }

    pub fn authorised(d: &Driver) -> RecordId {
        share_where(&d.store, |s| {
            s.state == ShareState::Authorised && non_un(d, &s.draft.recipient)
        })
    }

    pub fn accepted(d: &Driver) -> RecordId {
        share_where(&d.store, |s| s.state == ShareState::ConditionsAccepted)
    }

    pub fn any_draft(d: &Driver) -> RecordId {
        share_where(&d.store, |s| s.state == ShareState::Draft)
    }

    pub fn security_force(d: &Driver) -> RecordId {
        entity_record(&d.store, |e| e.kind() == EntityKind::NonUnSecurityForce).id
    }

    pub fn handling_unconfirmed(d: &Driver) -> RecordId {
        entity_record(&d.store, |e| {
            e.details
                .handling_standards
                .as_ref()
                .is_some_and(|h| h.confirmed.is_none())
        })
        .id
    }

    /// A non-UN entity with no assessment at all.
    pub fn unassessed(d: &Driver) -> RecordId {
        entity_record(&d.store, |e| {
            e.kind().is_non_un()
                && e.sharing_assessment.is_none()
                && e.receipt_assessment.is_none()
                && e.sharing_assessment_in_progress.is_none()
                && e.receipt_assessment_in_progress.is_none()
        })
        .id
    }

    /// A civilian entity with a current assessment: breaches and lists are about it.
    pub fn civilian_assessed(d: &Driver) -> RecordId {
        entity_record(&d.store, |e| {
            e.kind() == EntityKind::OtherNonUnCivilian && e.sharing_assessment.is_some()
        })
        .id
    }

    pub fn sharing_in_progress(d: &Driver) -> Option<RecordId> {
        entity_record(&d.store, |e| e.sharing_assessment_in_progress.is_some())
            .sharing_assessment_in_progress
    }

    pub fn receipt_in_progress(d: &Driver) -> Option<RecordId> {
        entity_record(&d.store, |e| e.receipt_assessment_in_progress.is_some())
            .receipt_assessment_in_progress
    }

    pub fn open_breach(d: &Driver) -> Option<RecordId> {
        entity_record(&d.store, |e| !e.breaches.is_empty())
            .breaches
            .first()
            .cloned()
    }

    pub fn pre_authorisation(d: &Driver) -> Option<RecordId> {
        entity_record(&d.store, |e| !e.pre_authorisations.is_empty())
            .pre_authorisations
            .first()
            .cloned()
    }
}

/// The IM FP's forms: registering, shares through their steps, entities, breaches.
#[test]
fn forms_of_the_im_fp() {
    let (_f, mut d) = logged_in("imfp");
    let d = &mut d;
    snap(d, "form_fast_path", |d| key(d, KeyCode::Char('!')));
    snap(d, "form_new_receipt", |d| key(d, KeyCode::Char('r')));
    snap(d, "form_new_share", |d| key(d, KeyCode::Char('s')));
    snap(d, "form_register_entity", |d| {
        key(d, KeyCode::Char('e'));
        key(d, KeyCode::Char('n'));
    });
    snap(d, "form_clear_receipt", |d| {
        on_record(d, pick::scanned(d), "Clear for mission")
    });
    snap(d, "form_onward_approval", |d| {
        on_record(d, pick::disseminated(d), "Record the originator")
    });
    snap(d, "form_sanitisation", |d| {
        on_record(d, pick::unsanitised_draft(d), "Confirm sanitisation")
    });
    snap(d, "form_risk_assessment", |d| {
        on_record(
            d,
            pick::draft_to_breached_entity(d),
            "Sharing Risk Assessment",
        );
        // "Previous issues with this entity" comes from the registry: the breach.
        let f = form(d);
        assert_eq!(f.choice("a5"), "yes");
        assert!(f.text("n5").contains("BRC-"), "{}", f.text("n5"));
    });
    snap(d, "form_un_routing", |d| {
        on_record(d, pick::open_to_un_without_routing(d), "Record the routing")
    });
    snap(d, "form_conditions_acceptance", |d| {
        on_record(d, pick::authorised(d), "Record the written acceptance")
    });
    snap(d, "form_mark_shared", |d| {
        on_record(d, pick::accepted(d), "Record when it was shared")
    });
    snap(d, "form_withdraw_share", |d| {
        on_record(d, pick::any_draft(d), "Withdraw")
    });
    snap(d, "form_exclude_sub_component", |d| {
        on_entity(d, pick::security_force(d), "Exclude")
    });
    snap(d, "form_handling_standards", |d| {
        on_entity(
            d,
            pick::handling_unconfirmed(d),
            "Confirm the entity's handling",
        )
    });
    snap(d, "form_report_breach", |d| {
        on_entity(d, pick::civilian_assessed(d), "Report a breach")
    });
}

/// The analyst's: alerts, the scan, rejection, assessment overviews.
#[test]
fn forms_of_the_analyst() {
    let (_f, mut d) = logged_in("analyst");
    let d = &mut d;
    snap(d, "form_record_alerts", |d| {
        on_record(d, pick::alerts_missing(d), "Record alerts")
    });
    snap(d, "form_receipt_scan", |d| {
        on_record(d, pick::unscanned(d), "Intelligence Receipt Scan")
    });
    snap(d, "form_reject_receipt", |d| {
        on_record(d, pick::unscanned(d), "Reject")
    });
    snap(d, "form_sharing_assessment_overview", |d| {
        on_entity(
            d,
            pick::unassessed(d),
            "Entity Assessment for Sharing: overview",
        )
    });
    snap(d, "form_receipt_assessment_overview", |d| {
        on_entity(
            d,
            pick::unassessed(d),
            "Entity Assessment for Receipt: overview",
        )
    });
}

/// The authorities': decisions, the pre-authorised lists, investigations.
#[test]
fn forms_of_the_authorities() {
    let (_f, mut d) = logged_in("micm");
    let d = &mut d;
    snap(d, "form_dissemination", |d| {
        on_record(d, pick::cleared_flagged(d), "Decide the dissemination");
        // G 9.12: red flags were found, so the flag is written in already.
        assert!(form(d).text("flag").contains("red flags"));
    });
    snap(d, "form_share_decision", |d| {
        on_record(d, pick::awaiting_micm(d), "Decide to share")
    });
    let (_f, mut d) = logged_in("hom");
    let d = &mut d;
    // G 8 "Sharing Authority" a: the matrix names the MICM Chair for this strategic share; the
    // Head of Mission, who holds the authority, is offered to decide as themself.
    on_record(d, pick::awaiting_micm(d), "Decide to share");
    assert_eq!(form(d).choice("authority"), "hom");
    while d.app.screens.len() > 1 {
        key(d, KeyCode::Esc);
    }
    snap(d, "form_conclude_investigation", |d| {
        on_linked_record(d, pick::open_breach(d), "Conclude the investigation")
    });
    snap(d, "form_pre_authorise", |d| {
        on_entity(
            d,
            pick::civilian_assessed(d),
            "Put on a pre-authorised list",
        )
    });
    snap(d, "form_renew_pre_authorisation", |d| {
        on_linked_record(d, pick::pre_authorisation(d), "Review and renew")
    });
    snap(d, "form_revoke_pre_authorisation", |d| {
        on_linked_record(d, pick::pre_authorisation(d), "Revoke")
    });
}

/// The Human Rights officer's: the human-rights parts of both assessments.
#[test]
fn forms_of_the_human_rights_officer() {
    let (_f, mut d) = logged_in("hro");
    let d = &mut d;
    snap(d, "form_sharing_assessment_human_rights", |d| {
        on_linked_record(
            d,
            pick::sharing_in_progress(d),
            "Entity Assessment for Sharing: human rights",
        )
    });
    snap(d, "form_receipt_assessment_human_rights", |d| {
        on_linked_record(
            d,
            pick::receipt_in_progress(d),
            "Entity Assessment for Receipt: human rights",
        )
    });
    snap(d, "form_change_passphrase", |d| key(d, KeyCode::Char('P')));
}

fn find_user(d: &mut Driver, name: &str) {
    key(d, KeyCode::Char('U'));
    key(d, KeyCode::Char('j'));
    key(d, KeyCode::Enter);
    d.type_text(name);
    focus_field(d, "submit");
    key(d, KeyCode::Enter);
    assert!(matches!(d.app.screen(), Screen::Record(_)));
}

/// The administrator's: settings and users.
#[test]
fn forms_of_the_administrator() {
    let (_f, mut d) = logged_in("admin");
    let d = &mut d;
    snap(d, "form_settings", |d| key(d, KeyCode::Char('S')));
    snap(d, "form_add_user", |d| {
        key(d, KeyCode::Char('U'));
        key(d, KeyCode::Enter);
    });
    snap(d, "form_find_user", |d| {
        key(d, KeyCode::Char('U'));
        key(d, KeyCode::Char('j'));
        key(d, KeyCode::Enter);
    });
    snap(d, "form_user_roles", |d| {
        find_user(d, "legal");
        choose_action(d, "Change the user's roles");
    });
    snap(d, "form_disable_user", |d| {
        find_user(d, "legal");
        choose_action(d, "Disable");
    });
}

// Submissions.

#[test]
fn a_guard_refusal_shows_its_paragraph_and_the_next_step_and_keeps_the_form() {
    let (_f, mut d) = logged_in("imfp");
    let target = pick::alerts_missing(&d);
    on_record(&mut d, target, "Clear for mission");
    focus_field(&mut d, "submit");
    key(&mut d, KeyCode::Enter);
    let f = form(&d);
    match &f.blocked {
        Some(Blocked::Refused(r)) => {
            assert_eq!(r.paragraph, "G 9.3");
            assert!(r.reason.contains("DSS"), "{}", r.reason);
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_snapshot!("form_refused", both_sizes(&mut d));
}

#[test]
fn a_role_that_may_not_act_is_told_who_may() {
    let (_f, mut d) = logged_in("hom");
    key(&mut d, KeyCode::Char('!'));
    assert!(matches!(d.app.screen(), Screen::Dashboard(_)));
    let screen = render(&mut d, 80, 24);
    assert!(
        screen.contains("only the receiving component analyst or IM FP"),
        "{screen}"
    );
    // The actions menu says who may, and the action does not open.
    let target = pick::unscanned(&d);
    open_record(&mut d, &target);
    key(&mut d, KeyCode::Char('a'));
    assert_snapshot!("actions_not_allowed", render(&mut d, 80, 24));
    key(&mut d, KeyCode::Enter);
    assert!(matches!(d.app.screen(), Screen::Record(_)));
}

#[test]
fn the_scan_is_recorded_and_the_record_shows_it() {
    let (_f, mut d) = logged_in("analyst");
    let target = pick::unscanned(&d);
    on_record(&mut d, target.clone(), "Intelligence Receipt Scan");
    // Answer every question, each with its widget: yes; the record's nature confirmed (`y`
    // on the toggle moves on by itself); no; why it was shared, found by typing; no; the
    // record's classification confirmed. Enter moves past each note.
    for answer in ["y", "confirm", "n", "warn", "n", "confirm"] {
        if answer == "confirm" {
            d.type_text("y");
        } else {
            d.type_text(answer);
            key(&mut d, KeyCode::Enter);
        }
        key(&mut d, KeyCode::Enter); // past the note
    }
    d.type_text("3"); // credibility: 3 — Doubtfully true
    focus_field(&mut d, "submit");
    key(&mut d, KeyCode::Enter);
    let Screen::Record(r) = d.app.screen() else {
        panic!("{:?}", d.app.status.as_ref().map(|s| &s.text));
    };
    assert_eq!(r.id, target);
    let Some(Record::Receipt(rcp)) = d.store.record(&target).unwrap() else {
        panic!()
    };
    let scan = rcp.scan.clone().expect("scanned");
    assert_eq!(scan.credibility.digit(), 3);
    assert_eq!(scan.by, "analyst");
    // The questions that repeat the record's fields carry them, typed.
    assert_eq!(
        scan.answers[1],
        registrar::domain::answer::Answer::nature(rcp.capture.nature, "")
    );
    assert_eq!(
        scan.answers[3],
        registrar::domain::answer::Answer::choice("warn_of_threat", "")
    );
    // Answering yes to the first question is the G 9.1 determination: the clock runs.
    assert!(rcp.imminent_threat() && rcp.deadline.is_some());
    assert_snapshot!("record_after_scan", render(&mut d, 120, 40));
}

/// User test 2, §7: the credibility grade is a judgement the analyst makes (Annex E; it feeds
/// the entity's G 9.13 chart): the scan starts with none chosen and is refused beside the
/// grade until one is — "5 — Cannot be judged" was recorded when nobody touched it.
#[test]
fn annex_e_the_scan_starts_with_no_credibility_and_refuses_beside_it_until_one_is_chosen() {
    let (_f, mut d) = logged_in("analyst");
    let target = pick::unscanned(&d);
    on_record(&mut d, target.clone(), "Intelligence Receipt Scan");
    assert_eq!(form(&d).choice("credibility"), "", "no grade preselected");
    for answer in ["y", "confirm", "n", "warn", "n", "confirm"] {
        if answer == "confirm" {
            d.type_text("y");
        } else {
            d.type_text(answer);
            key(&mut d, KeyCode::Enter);
        }
        key(&mut d, KeyCode::Enter);
    }
    focus_field(&mut d, "submit");
    key(&mut d, KeyCode::Enter);
    let Screen::Form(f) = d.app.screen() else {
        panic!("refused, the form stays: {:?}", d.app.status)
    };
    let err = f
        .get("credibility")
        .and_then(|x| x.error.clone())
        .expect("refused beside the credibility");
    assert!(err.contains("choose the product's credibility"), "{err}");
    let Some(Record::Receipt(rcp)) = d.store.record(&target).unwrap() else {
        panic!()
    };
    assert!(rcp.scan.is_none(), "no grade recorded that nobody gave");
    // Chosen, it is recorded.
    goto(&mut d, "credibility");
    d.type_text("2");
    submit(&mut d);
    let Some(Record::Receipt(rcp)) = d.store.record(&target).unwrap() else {
        panic!()
    };
    assert_eq!(rcp.scan.expect("scanned").credibility.digit(), 2);
}

/// The source's reliability is a judgement the assessor makes (Annex D; it weighs every
/// product the entity sends): the Entity Assessment for Receipt starts with none chosen and is
/// refused beside the grade until one is — "E — Cannot be judged" was recorded when nobody
/// touched it.
#[test]
fn annex_d_the_receipt_assessment_starts_with_no_reliability_and_refuses_beside_it_until_one_is_chosen()
 {
    let (_f, mut d) = logged_in("analyst");
    let entity = pick::unassessed(&d);
    on_entity(
        &mut d,
        entity.clone(),
        "Entity Assessment for Receipt: overview",
    );
    assert_eq!(form(&d).choice("reliability"), "", "no grade preselected");
    goto(&mut d, "mandate");
    d.type_text("Border security");
    goto(&mut d, "why");
    d.type_text("Shared interest in the convoy route");
    focus_field(&mut d, "submit");
    key(&mut d, KeyCode::Enter);
    let Screen::Form(f) = d.app.screen() else {
        panic!("refused, the form stays: {:?}", d.app.status)
    };
    let err = f
        .get("reliability")
        .and_then(|x| x.error.clone())
        .expect("refused beside the reliability");
    assert!(err.contains("choose the source's reliability"), "{err}");
    // Chosen, it is recorded.
    goto(&mut d, "reliability");
    d.type_text("B");
    submit(&mut d);
    let Some(Record::Entity(e)) = d.store.record(&entity).unwrap() else {
        panic!()
    };
    let started = e
        .receipt_assessment_in_progress
        .expect("the assessment is started");
    let Some(Record::EntityAssessmentReceipt(a)) = d.store.record(&started).unwrap() else {
        panic!()
    };
    assert_eq!(
        a.overview.reliability,
        registrar::domain::grades::Reliability::B
    );
}

#[test]
fn a_share_is_decided_accepted_and_shared_by_the_people_who_may() {
    let (f, mut d) = logged_in("micm");
    let target = pick::awaiting_micm(&d);
    on_record(&mut d, target.clone(), "Decide to share");
    d.type_text("auth");
    key(&mut d, KeyCode::Enter);
    key(&mut d, KeyCode::Enter); // deciding as: MICM Chair, as the matrix names
    d.type_text("Sanitised summary; current assessments; risk acceptable.");
    focus_field(&mut d, "submit");
    key(&mut d, KeyCode::Enter);
    assert!(
        matches!(d.app.screen(), Screen::Record(_)),
        "{:?}",
        form(&d).blocked
    );
    drop(d);
    let store = registrar::store::Store::open(
        &f.path,
        std::sync::Arc::new(registrar::store::FixedClock::new(now())),
    )
    .unwrap();
    let mut d = Driver::new(store, registrar::tui::theme::Theme::default_dark(), true).unwrap();
    d.handle(registrar::tui::msg::Msg::Resize(80, 24));
    log_in(&mut d, "imfp");
    on_record(&mut d, target.clone(), "Record the written acceptance");
    for _ in 0..2 {
        key(&mut d, KeyCode::Char('y'));
    }
    key(&mut d, KeyCode::Enter); // no narrower scope
    for _ in 0..3 {
        key(&mut d, KeyCode::Char('y'));
    }
    d.type_text("Col. Liaison, battalion S2");
    key(&mut d, KeyCode::Enter);
    d.type_text("FACA/3BN/2026/114");
    focus_field(&mut d, "submit");
    key(&mut d, KeyCode::Enter);
    choose_action(&mut d, "Record when it was shared");
    focus_field(&mut d, "submit");
    key(&mut d, KeyCode::Enter);
    let Some(Record::Share(s)) = d.store.record(&target).unwrap() else {
        panic!()
    };
    assert_eq!(s.state, ShareState::Shared);
    assert_eq!(s.decision.as_ref().unwrap().by, "micm");
    assert_eq!(s.acceptance.as_ref().unwrap().by, "imfp");
}

#[test]
fn human_rights_part_with_mitigation_then_the_measure_confirmed_in_place() {
    let (_f, mut d) = logged_in("hro");
    let target = pick::sharing_in_progress(&d).unwrap();
    on_linked_record(
        &mut d,
        Some(target.clone()),
        "Entity Assessment for Sharing: human rights",
    );
    key(&mut d, KeyCode::Enter); // method: HRDDP for a security force
    d.type_text("Vetted unit; past incidents addressed by the command.");
    key(&mut d, KeyCode::Tab);
    d.type_text("acceptable with");
    key(&mut d, KeyCode::Enter);
    d.type_text("Unit-level vetting list shared before each product");
    focus_field(&mut d, "submit");
    key(&mut d, KeyCode::Enter);
    assert!(
        matches!(d.app.screen(), Screen::Record(_)),
        "{:?}",
        form(&d).blocked
    );
    choose_action(&mut d, "Confirm a mitigation");
    assert_snapshot!("form_confirm_mitigation", both_sizes(&mut d));
    focus_field(&mut d, "submit");
    key(&mut d, KeyCode::Enter);
    let Some(Record::EntityAssessmentSharing(a)) = d.store.record(&target).unwrap() else {
        panic!()
    };
    let h = a.human_rights.expect("part 2 recorded");
    assert!(h.mitigation_measures[0].in_place.is_some());
}

#[test]
fn an_administrator_adds_a_user_who_then_logs_in() {
    let (_f, mut d) = logged_in("admin");
    key(&mut d, KeyCode::Char('U'));
    key(&mut d, KeyCode::Enter);
    d.type_text("joc.duty");
    key(&mut d, KeyCode::Enter);
    key(&mut d, KeyCode::Enter); // clearance: confidential
    focus_field(&mut d, "role_analyst");
    key(&mut d, KeyCode::Char('y'));
    focus_field(&mut d, "pass1");
    d.type_text("night-shift-7");
    key(&mut d, KeyCode::Enter);
    d.type_text("night-shift-7");
    key(&mut d, KeyCode::Enter);
    key(&mut d, KeyCode::Enter);
    assert!(
        matches!(d.app.screen(), Screen::Dashboard(_)),
        "{:?}",
        d.app.status
    );
    key(&mut d, KeyCode::Char('L'));
    key(&mut d, KeyCode::Char('y'));
    d.type_text("joc.duty");
    key(&mut d, KeyCode::Enter);
    d.type_text("night-shift-7");
    key(&mut d, KeyCode::Enter);
    assert!(matches!(d.app.screen(), Screen::Dashboard(_)));
    assert_eq!(d.app.session.as_ref().unwrap().name, "joc.duty");
}

#[test]
fn settings_are_changed_by_the_administrator_and_recorded() {
    let (_f, mut d) = logged_in("admin");
    key(&mut d, KeyCode::Char('S'));
    focus_field(&mut d, "receipt_limit");
    for _ in 0..3 {
        key(&mut d, KeyCode::Backspace);
    }
    d.type_text("90");
    focus_field(&mut d, "submit");
    key(&mut d, KeyCode::Enter);
    assert_eq!(d.store.settings().unwrap().urgent_receipt_limit_minutes, 90);
}
