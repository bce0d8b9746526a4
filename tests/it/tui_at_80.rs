//! What matters is not cut at 80×24 and nothing is said that is not so: an entity's
//! assessments show their review date (never `NOT CUR…`), and a current assessment does not
//! say it waits on a review — it says when the review falls due.

use crate::tui_common::*;
use crossterm::event::KeyCode;
use insta::assert_snapshot;
use registrar::domain::entity::EntityKind;

#[test]
fn an_entitys_assessments_show_their_review_dates_at_80_columns() {
    let (_f, mut d) = logged_in("imfp");
    let force = entity_record(&d.store, |e| {
        e.kind() == EntityKind::NonUnSecurityForce && e.sharing_assessment.is_some()
    });
    open_entity(&mut d, &force.id);
    let screen = render(&mut d, 80, 24);
    let sharing = screen
        .lines()
        .skip_while(|l| !l.contains("For sharing"))
        .take(2)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(sharing.contains(" current"), "{screen}");
    assert!(sharing.contains("review due 2026-12-"), "{screen}");
    let receipt = screen
        .lines()
        .skip_while(|l| !l.contains("For receipt"))
        .take(2)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(receipt.contains("review due 2026-12-"), "{screen}");
    assert!(!screen.contains("current…"), "{screen}");
    assert_snapshot!("entity_assessments_80", screen);
}

#[test]
fn a_current_assessment_says_when_its_review_falls_due_not_that_it_waits_on_one() {
    let (_f, mut d) = logged_in("imfp");
    let force = entity_record(&d.store, |e| {
        e.kind() == EntityKind::NonUnSecurityForce && e.sharing_assessment.is_some()
    });
    open_record_from_entity(&mut d, &force.sharing_assessment.clone().unwrap());
    let screen = render(&mut d, 80, 24);
    let line = |label: &str| {
        screen
            .lines()
            .find(|l| l.contains(label))
            .unwrap_or_default()
            .to_string()
    };
    assert!(line("Waits on").contains("nothing now"), "{screen}");
    assert!(!line("Waits on").contains("review"), "{screen}");
    assert!(line("Falls due").contains("2026-12-"), "{screen}");
    assert!(line("Who acts then").contains("IM FP"), "{screen}");
    assert_snapshot!("record_current_assessment_80", screen);
}

/// At 80×24 the dashboard's footer offers "my items" (it used to fit only at 120 columns),
/// with the ways off the dashboard and the queue keys.
#[test]
fn the_footer_at_80_columns_offers_my_items() {
    let (_f, mut d) = logged_in("imfp");
    let screen = render(&mut d, 80, 24);
    let footer = screen.lines().last().unwrap_or_default().to_string();
    for hint in [
        "! THREAT",
        "b browse",
        "e entities",
        "Enter open",
        "Tab next",
        "m my items",
        "? help",
        "q quit",
    ] {
        assert!(footer.contains(hint), "no {hint:?} in the footer: {footer}");
    }
}

/// The fast path at 80×24: the Head of Mission's alert (G D, G 9.3) is on screen when the
/// form opens, without scrolling.
#[test]
fn the_fast_paths_head_of_mission_alert_is_in_view_at_80_by_24() {
    let (_f, mut d) = logged_in("imfp");
    key(&mut d, KeyCode::Char('!'));
    let screen = render(&mut d, 80, 24);
    assert!(screen.contains("Head of Mission alerted"), "{screen}");
    assert!(screen.contains("↓ 1 more below (Tab)"), "{screen}");
}

/// At 80 columns the entity list shows the id of an entity that came by bundle from another
/// station whole, as the browser does (issue 13): cut to the column of this station's short
/// ids, every one read `ENT-MINU…`. (The entities are put in the list the console holds as
/// an import leaves them: ids of another station.)
#[test]
fn entities_from_another_station_keep_distinct_ids_at_80_columns() {
    use registrar::tui::app::Loadable;
    let (_f, mut d) = logged_in("imfp");
    key(&mut d, KeyCode::Char('e'));
    let mut entities = d.app.entities().to_vec();
    let mut from_hq = Vec::new();
    for (n, e) in entities.iter().take(2).enumerate() {
        let mut e = e.clone();
        e.id = format!("ENT-MINUSCA-HQ-{:04}", n + 3).as_str().into();
        e.details.name = format!("HQ: {}", e.details.name);
        from_hq.push(e);
    }
    from_hq.append(&mut entities);
    d.app.entities = Loadable::Loaded(from_hq);
    let screen = render(&mut d, 80, 24);
    assert!(screen.contains("ENT-MINUSCA-HQ-0003"), "{screen}");
    assert!(screen.contains("ENT-MINUSCA-HQ-0004"), "{screen}");
    assert!(!screen.contains("ENT-MINU…"), "{screen}");
    assert_snapshot!("entities_from_another_station_80", screen);
}
