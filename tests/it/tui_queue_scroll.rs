//! At 80×24 a dashboard queue box that shows only part of its queue says what is out of
//! sight on both sides: "↑ N more above" as well as "… N more (↓ / PgDn)" — after the fast
//! path the cursor sits on the new threat and the items above it (one overdue) were hidden
//! with no sign. The overdue box that shows one item at a time counts the rest.

use crate::tui_common::*;
use crossterm::event::KeyCode;
use insta::assert_snapshot;

/// Files an imminent threat on the fast path; the cursor lands on it in the urgent box.
fn file_a_threat(d: &mut registrar::tui::driver::Driver) {
    key(d, KeyCode::Char('!'));
    d.type_text("gend");
    for _ in 0..4 {
        key(d, KeyCode::Enter);
    }
    key(d, KeyCode::Char('y'));
    d.type_text("Armed men massing at Kaga-Bandoro IDP site");
    key(d, KeyCode::Tab);
    for _ in 0..6 {
        key(d, KeyCode::Char('y'));
    }
    key(d, KeyCode::Enter);
}

#[test]
fn the_urgent_box_says_how_many_items_are_above_the_selection_at_80_by_24() {
    let (_f, mut d) = logged_in("analyst");
    file_a_threat(&mut d);
    for _ in 0..3 {
        key(&mut d, KeyCode::Down);
    }
    let screen = render(&mut d, 80, 24);
    let urgent: String = screen
        .lines()
        .skip_while(|l| !l.contains("URGENT ("))
        .take_while(|l| !l.contains("PENDING ("))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(urgent.contains("▶"), "{screen}");
    assert!(urgent.contains("↑ 3 more above"), "{screen}");
    assert_snapshot!("dashboard_urgent_scrolled_80", screen);
}

#[test]
fn the_overdue_box_counts_the_items_out_of_sight_at_80_by_24() {
    let (_f, mut d) = logged_in("analyst");
    file_a_threat(&mut d);
    key(&mut d, KeyCode::Tab);
    key(&mut d, KeyCode::Tab);
    key(&mut d, KeyCode::Down);
    let screen = render(&mut d, 80, 24);
    let overdue: String = screen
        .lines()
        .skip_while(|l| !l.contains("OVERDUE ("))
        .take(4)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(overdue.contains("↑ 1 more above"), "{screen}");
    assert!(overdue.contains("↓ 3 more"), "{screen}");
    assert_snapshot!("dashboard_overdue_scrolled_80", screen);
}
