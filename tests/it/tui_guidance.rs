//! Truthful guidance: the footer and the help offer what the person's role allows; a key
//! their role may not use is greyed, and the help says who may (today's main offered
//! oversight the threat, receipt and share keys and refused afterwards).

use crate::tui_common::*;
use crossterm::event::KeyCode;
use ratatui::buffer::Buffer;
use registrar::tui::theme::Theme;

/// The style of the footer's `what` hint (its first letter) on the last row.
fn footer_style(buf: &Buffer, what: &str) -> ratatui::style::Style {
    let y = buf.area.height - 1;
    let row: String = (0..buf.area.width)
        .map(|x| buf[(x, y)].symbol().to_string())
        .collect();
    let at = row
        .find(what)
        .unwrap_or_else(|| panic!("no {what:?} in the footer: {row}"));
    let x = row[..at].chars().count() as u16;
    buf[(x, y)].style()
}

#[test]
fn the_footer_greys_what_the_role_may_not_do_and_help_says_who_may() {
    let muted = Theme::load("default").unwrap().style("muted");
    let (_f, mut d) = logged_in("oversight");
    // At 80 columns what oversight may do takes the room; at 120 the rest shows, greyed.
    let buf = buffer(&mut d, 80, 24);
    assert_ne!(footer_style(&buf, "browse").fg, muted.fg);
    assert_ne!(footer_style(&buf, "entities").fg, muted.fg);
    assert_ne!(footer_style(&buf, "Tab next").fg, muted.fg);
    assert_ne!(footer_style(&buf, "my items").fg, muted.fg);
    let buf = buffer(&mut d, 120, 40);
    for what in ["THREAT", "receipt", "share"] {
        assert_eq!(footer_style(&buf, what).fg, muted.fg, "{what} not greyed");
    }
    key(&mut d, KeyCode::Char('?'));
    let help = render(&mut d, 120, 40);
    let threat = help
        .lines()
        .find(|l| l.contains("!"))
        .unwrap_or_default()
        .to_string();
    assert!(threat.contains("— only the"), "{help}");

    // The analyst may register threats: not greyed, no "only the" in help.
    let (_f, mut d) = logged_in("analyst");
    let buf = buffer(&mut d, 80, 24);
    assert_ne!(footer_style(&buf, "THREAT").fg, muted.fg);
}

#[test]
fn my_items_lists_what_the_person_can_act_on_now_and_opens_it() {
    use registrar::tui::app::{MY_ITEMS, Screen, acts_on};
    let (_f, mut d) = logged_in("hro");
    let actor = d.app.session.clone().unwrap();
    let all: Vec<_> = d.app.queues.items().iter().flatten().cloned().collect();
    let mine: Vec<_> = all.iter().filter(|i| acts_on(&actor, i)).cloned().collect();
    assert!(!mine.is_empty(), "the demo has work for the HRO");
    assert!(mine.len() < all.len(), "and work for others");
    key(&mut d, KeyCode::Char('m'));
    assert!(matches!(d.app.screen(), Screen::Queue(q) if q.queue == MY_ITEMS));
    let screen = render(&mut d, 80, 24);
    assert!(
        screen.contains(&format!(
            "MY ITEMS — what you can act on now ({})",
            mine.len()
        )),
        "{screen}"
    );
    assert!(screen.contains("[acts: hro]"), "{screen}");
    for other in ["[acts: imfp]", "[acts: analyst]", "[acts: hom]"] {
        assert!(
            !screen.contains(other),
            "{other} is not the HRO's:\n{screen}"
        );
    }
    key(&mut d, KeyCode::Enter);
    match d.app.screen() {
        Screen::Record(r) => assert_eq!(r.id, mine[0].id),
        Screen::Entity(e) => assert_eq!(e.id, mine[0].id),
        _ => panic!("Enter opens the first item"),
    }
}

/// Two months on, every assessment of the demo has passed its review: clearing a scanned
/// product is refused (a rule about its entity: G 9.8 or G 9.5.2) and the refusal offers F2
/// to open the entity that blocks it.
#[test]
fn a_refused_step_offers_a_jump_to_the_record_that_blocks_it() {
    use registrar::domain::receipt::ReceiptState;
    use registrar::store::{FixedClock, Store};
    use registrar::tui::app::{Blocked, Screen};
    use registrar::tui::driver::Driver;
    use registrar::tui::msg::Msg;
    use std::sync::Arc;
    let fixture = demo_copy();
    let later = now() + chrono::Duration::days(60);
    let store = Store::open(&fixture.path, Arc::new(FixedClock::new(later))).unwrap();
    let mut d = Driver::new(store, Theme::load("default").unwrap(), true).unwrap();
    d.handle(Msg::Resize(80, 24));
    d.tick();
    log_in(&mut d, "imfp");
    let rid = receipt_where(&d.store, |r| {
        r.state == ReceiptState::Scanned && !r.capture.imminent_threat && r.voided.is_none()
    });
    let Some(registrar::domain::record::Record::Receipt(r)) = d.store.record(&rid).unwrap() else {
        panic!("no receipt")
    };
    let entity = r.capture.source.clone();
    open_record(&mut d, &rid);
    choose_action(&mut d, "Clear for mission");
    focus_field(&mut d, "submit");
    key(&mut d, KeyCode::Enter);
    match &form(&d).blocked {
        Some(Blocked::Refused(r)) => {
            assert_eq!(r.blocking.as_ref(), Some(&entity), "{r}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    let screen = render(&mut d, 80, 24);
    assert!(screen.contains("F2 opens"), "{screen}");
    key(&mut d, KeyCode::F(2));
    match d.app.screen() {
        Screen::Entity(e) => assert_eq!(e.id, entity),
        _ => panic!("F2 did not open the entity"),
    }
    // Esc comes back to the form, as it was.
    key(&mut d, KeyCode::Esc);
    assert!(matches!(d.app.screen(), Screen::Form(_)));
}
