//! Snapshots of the console's screens, driven by key presses through the real `App` on the
//! demo registry at its fixed time, each at 80×24 and 120×40: login, dashboard, queues,
//! help, the registry browser, entities, records, need-to-know, and the "too small" view.

use crate::tui_common;

use crossterm::event::KeyCode;
use insta::assert_snapshot;
use registrar::domain::entity::EntityKind;
use registrar::domain::marking::Classification;
use registrar::domain::share::ShareState;
use registrar::tui::app::Screen;
use registrar::tui::msg::Msg;
use tui_common::*;

#[test]
fn login_screen() {
    let (_f, mut d) = console();
    assert_snapshot!("login", both_sizes(&mut d));
}

#[test]
fn login_moves_from_name_to_passphrase_then_refuses_without_saying_which_was_wrong() {
    let (_f, mut d) = console();
    d.type_text("imfp");
    key(&mut d, KeyCode::Enter);
    d.type_text("wrong-passphrase");
    assert_snapshot!("login_passphrase_typed", render(&mut d, 80, 24));
    key(&mut d, KeyCode::Enter);
    assert!(matches!(d.app.screen(), Screen::Login(_)));
    let screen = render(&mut d, 80, 24);
    assert!(
        screen.contains("unknown user or wrong passphrase"),
        "{screen}"
    );
    assert!(
        !screen.contains("wrong-passphrase"),
        "the passphrase is never shown"
    );
}

/// The dashboard, moving in and between queues, help, and each queue on its own.
#[test]
fn dashboard_queues_and_help_of_the_im_fp() {
    let (_f, mut d) = logged_in("imfp");
    let d = &mut d;
    // dashboard of the im fp
    {
        home(d);
        assert_snapshot!("dashboard_imfp", both_sizes(d));
    }
    // dashboard moves between queues and within them
    {
        home(d);
        key(d, KeyCode::Char('j'));
        key(d, KeyCode::Tab);
        key(d, KeyCode::Down);
        key(d, KeyCode::Tab);
        assert_snapshot!("dashboard_overdue_focused", render(d, 120, 40));
    }
    // help overlay lists the keys of the screen under it
    {
        home(d);
        key(d, KeyCode::Char('?'));
        assert_snapshot!("help_dashboard", both_sizes(d));
        key(d, KeyCode::Esc);
        assert!(d.app.modal.is_none());
    }
    // the urgent queue on its own
    {
        home(d);
        key(d, KeyCode::Char('u'));
        assert_snapshot!("queue_urgent", both_sizes(d));
    }
    // the pending queue says what each item waits on and who acts
    {
        home(d);
        key(d, KeyCode::Char('p'));
        assert_snapshot!("queue_pending", both_sizes(d));
    }
}

#[test]
fn dashboard_of_the_analyst_withholds_what_they_are_not_cleared_for() {
    let (_f, mut d) = logged_in("analyst");
    assert_snapshot!("dashboard_analyst", both_sizes(&mut d));
    // The strictly confidential imminent threat is there, with its countdown, but not its
    // content.
    let screen = render(&mut d, 120, 40);
    assert!(screen.contains("content withheld"), "{screen}");
}

/// Records (urgent receipt, share, assessments, breach, list entry) and entities.
#[test]
fn records_and_entities_seen_by_the_im_fp() {
    let (_f, mut d) = logged_in("imfp");
    let d = &mut d;
    // record of an imminent threat from the urgent queue
    {
        home(d);
        key(d, KeyCode::Enter);
        assert!(matches!(d.app.screen(), Screen::Record(_)));
        assert_snapshot!("record_urgent_receipt", both_sizes(d));
        key(d, KeyCode::Char('G'));
        assert_snapshot!("record_urgent_receipt_timeline", render(d, 80, 24));
    }
    // record of a share with its risk assessment
    {
        home(d);
        let share = share_where(&d.store, |s| s.state == ShareState::RiskAssessed);
        open_record(d, &share);
        assert_snapshot!("record_share_risk_assessed", both_sizes(d));
    }
    // records of assessments breaches and lists
    {
        home(d);
        let force = entity_record(&d.store, |e| {
            e.kind() == EntityKind::NonUnSecurityForce && !e.pre_authorisations.is_empty()
        });
        let breached = entity_record(&d.store, |e| !e.breaches.is_empty());
        for (name, rid) in [
            (
                "record_sharing_assessment",
                force.sharing_assessment.clone(),
            ),
            (
                "record_receipt_assessment",
                force.receipt_assessment.clone(),
            ),
            ("record_breach", breached.breaches.first().cloned()),
            (
                "record_pre_authorisation",
                force.pre_authorisations.first().cloned(),
            ),
        ] {
            open_record_from_entity(d, &rid.expect(name));
            assert_snapshot!(name, both_sizes(d));
        }
    }
    // entity list and entity view with credibility chart
    {
        home(d);
        key(d, KeyCode::Char('e'));
        assert_snapshot!("entities", both_sizes(d));
        let force = entity_record(&d.store, |e| e.kind() == EntityKind::NonUnSecurityForce);
        open_entity(d, &force.id);
        assert_snapshot!("entity_battalion", both_sizes(d));
        for _ in 0..6 {
            key(d, KeyCode::Char('j'));
        }
        assert_snapshot!("entity_battalion_history", render(d, 80, 24));
    }
    // entity with an open breach and excluded sub component
    {
        home(d);
        let breached = entity_record(&d.store, |e| !e.breaches.is_empty());
        open_entity(d, &breached.id);
        assert_snapshot!("entity_presidential_guard", both_sizes(d));
    }
}

#[test]
fn record_of_a_shared_product_and_its_timeline() {
    let (_f, mut d) = logged_in("oversight");
    let shared = share_where(&d.store, |s| {
        s.state == ShareState::Shared && s.routing.is_some()
    });
    open_record(&mut d, &shared);
    key(&mut d, KeyCode::Char('G'));
    assert_snapshot!("record_share_shared_end", both_sizes(&mut d));
}

#[test]
fn need_to_know_shows_only_id_and_marking() {
    let (_f, mut d) = logged_in("analyst");
    let secret = receipt_where(&d.store, |r| {
        r.capture.marking.level == Classification::StrictlyConfidential
    });
    open_record(&mut d, &secret);
    let screen = both_sizes(&mut d);
    assert!(!screen.contains("Kaga-Bandoro"), "{screen}");
    assert_snapshot!("record_withheld", screen);
    key(&mut d, KeyCode::Char('a'));
    assert!(d.app.modal.is_none(), "no actions on a withheld record");
    // `e entity` says why it does not open the entity (user test 2 §9), not nothing.
    d.app.status = None;
    key(&mut d, KeyCode::Char('e'));
    assert!(matches!(d.app.screen(), Screen::Record(_)));
    let said = d
        .app
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(said.contains("whose it is is withheld too"), "{said}");
}

/// User test 2 §9: the browser row and the entity view's history gave away the ENTITY of a
/// Strictly Confidential receipt to an analyst cleared only to Confidential. Who sent it is
/// withheld as the rest of the row is, and the record is not listed under its entity.
#[test]
fn need_to_know_the_browser_and_the_entity_view_do_not_say_whose_a_withheld_record_is() {
    let (_f, mut d) = logged_in("analyst");
    let secret = receipt_where(&d.store, |r| {
        r.capture.marking.level == Classification::StrictlyConfidential
    });
    let entity = d
        .store
        .record(&secret)
        .unwrap()
        .unwrap()
        .entity()
        .unwrap()
        .clone();
    let name = d
        .app
        .entities()
        .iter()
        .find(|e| e.id == entity)
        .unwrap()
        .name()
        .to_string();
    key(&mut d, KeyCode::Char('b'));
    let Screen::Browser(b) = d.app.screen() else {
        panic!("not the browser")
    };
    let Some(page) = b.page.value() else {
        panic!("no page")
    };
    let row = page
        .rows
        .iter()
        .find(|r| r.id == secret)
        .expect("the withheld receipt is listed (it exists)");
    assert_eq!(row.title, None);
    assert_eq!(row.entity, None, "whose it is is withheld too");
    for (width, height) in [(80, 24), (120, 40)] {
        let screen = render(&mut d, width, height);
        let short: String = name.chars().take(20).collect();
        for line in screen.lines().filter(|l| l.contains("[content withheld")) {
            assert!(!line.contains(&short), "{line}\n{screen}");
        }
    }
    open_entity(&mut d, &entity);
    let Screen::Entity(view) = d.app.screen() else {
        panic!("not an entity view")
    };
    assert!(
        !view.links().contains(&secret),
        "not listed under its entity"
    );
}

/// The browser: first page, paging, `/` search, filters, clearing them.
#[test]
fn registry_browser_pages_search_and_filters() {
    let (_f, mut d) = logged_in("imfp");
    let d = &mut d;
    // registry browser first page search and paging
    {
        home(d);
        key(d, KeyCode::Char('b'));
        assert_snapshot!("browser", both_sizes(d));
        key(d, KeyCode::Char('n'));
        assert_snapshot!("browser_page_2", render(d, 80, 24));
        key(d, KeyCode::Char('N'));
        key(d, KeyCode::Char('/'));
        d.type_text("kaga");
        assert_snapshot!("browser_search_typing", render(d, 80, 24));
        key(d, KeyCode::Enter);
        assert_snapshot!("browser_search", both_sizes(d));
    }
    // registry browser filters
    {
        home(d);
        key(d, KeyCode::Char('b'));
        key(d, KeyCode::Char('f'));
        assert_snapshot!("form_browse_filter", both_sizes(d));
        key(d, KeyCode::Right); // receipts
        key(d, KeyCode::Right);
        key(d, KeyCode::Enter);
        d.type_text("battalion");
        key(d, KeyCode::Enter);
        focus_field(d, "state");
        d.type_text("dissem");
        focus_field(d, "from");
        d.type_text("2026-07-01");
        focus_field(d, "submit");
        key(d, KeyCode::Enter);
        assert!(matches!(d.app.screen(), Screen::Browser(_)));
        assert_snapshot!("browser_filtered", both_sizes(d));
        key(d, KeyCode::Char('c'));
        let Screen::Browser(b) = d.app.screen() else {
            panic!()
        };
        assert!(b.filter.is_empty());
    }
}

#[test]
fn themes_list() {
    let (_f, mut d) = logged_in("imfp");
    key(&mut d, KeyCode::Char('T'));
    assert_snapshot!("themes", render(&mut d, 80, 24));
    key(&mut d, KeyCode::Down);
    key(&mut d, KeyCode::Enter);
    assert_eq!(d.app.theme.name, "light");
}

#[test]
fn too_small_below_80_by_24_and_back_when_resized() {
    let (_f, mut d) = logged_in("imfp");
    d.handle(Msg::Resize(60, 20));
    let small = render(&mut d, 60, 20);
    assert_snapshot!("too_small", small);
    key(&mut d, KeyCode::Char('q'));
    assert!(!d.app.quit, "keys do nothing while nothing can be seen");
    let back = render(&mut d, 80, 24);
    assert!(back.contains("URGENT"), "{back}");
}

#[test]
fn q_quits_from_the_dashboard_and_asks_when_typed_work_would_be_lost() {
    let (_f, mut d) = logged_in("imfp");
    key(&mut d, KeyCode::Char('r'));
    d.type_text("Half-typed title");
    key(&mut d, KeyCode::Tab);
    ctrl(&mut d, 'c');
    assert_snapshot!("quit_asks", render(&mut d, 80, 24));
    key(&mut d, KeyCode::Char('n'));
    assert!(!d.app.quit);
    key(&mut d, KeyCode::Esc);
    key(&mut d, KeyCode::Char('y'));
    key(&mut d, KeyCode::Char('q'));
    assert!(d.app.quit, "q on the dashboard quits");
}

#[test]
fn untrusted_text_is_shown_as_visible_symbols() {
    use registrar::domain::change::Change;
    use registrar::domain::entity::{EntityDetails, EntityKind};
    use registrar::domain::marking::{Classification, Marking};
    let (_f, mut d) = logged_in("imfp");
    // As if it came from another station: an escape sequence and a bell in a name.
    let imfp = d.store.authenticate("imfp", "demo-imfp").unwrap();
    d.store
        .execute_as(
            &imfp,
            None,
            Change::EntityRegistered {
                details: EntityDetails {
                    name: "Evil\u{1b}[2J\u{7}Corp".into(),
                    kind: EntityKind::OtherNonUnCivilian,
                    mandate: "line\u{1b}]0;owned\u{7}".into(),
                    contacts: vec![],
                    sub_components: vec![],
                    handling_standards: None,
                    marking: Marking::un(Classification::Unclassified),
                },
            },
        )
        .unwrap();
    key(&mut d, KeyCode::Char('R'));
    key(&mut d, KeyCode::Char('e'));
    let screen = render(&mut d, 120, 40);
    assert!(!screen.contains('\u{1b}'), "an escape reached the screen");
    assert!(screen.contains("Evil\u{241b}[2J\u{2407}Corp"), "{screen}");
}

#[test]
fn pasted_control_characters_never_reach_a_field() {
    let (_f, mut d) = logged_in("imfp");
    key(&mut d, KeyCode::Char('e'));
    key(&mut d, KeyCode::Char('n'));
    d.handle(Msg::Paste("Evil\u{1b}[2J\u{7}Corp\nLtd".into()));
    let Screen::Form(f) = d.app.screen() else {
        panic!()
    };
    assert_eq!(f.text("name"), "Evil[2JCorp Ltd");
}

/// After End or scrolling past the end of a record, one ↑ moves up one line (it used to take
/// as many presses as had gone past the end: up to 65 535). The help scrolls with the same
/// clamped `Scroll` (its unit test).
#[test]
fn up_after_scrolling_past_the_end_moves_at_once() {
    let (_f, mut d) = logged_in("oversight");
    let shared = share_where(&d.store, |s| {
        s.state == ShareState::Shared && s.routing.is_some()
    });
    open_record(&mut d, &shared);
    for first in [KeyCode::Char('G'), KeyCode::Down] {
        key(&mut d, KeyCode::Char('g'));
        for _ in 0..200 {
            key(&mut d, first);
        }
        let at_end = render(&mut d, 80, 24);
        key(&mut d, KeyCode::Up);
        assert_ne!(render(&mut d, 80, 24), at_end, "record: ↑ after {first:?}");
    }
}

/// Alt-q is not q: it quits nothing (it used to end the console).
#[test]
fn alt_q_does_not_quit() {
    let (_f, mut d) = logged_in("imfp");
    d.press_with(KeyCode::Char('q'), crossterm::event::KeyModifiers::ALT);
    assert!(!d.app.quit, "Alt-q must not quit");
    assert!(d.app.modal.is_none());
    key(&mut d, KeyCode::Char('q'));
    assert!(d.app.quit, "q on the dashboard still quits");
}
