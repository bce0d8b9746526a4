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
    assert_ne!(footer_style(&buf, "next queue").fg, muted.fg);
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
    let all: Vec<_> = d.app.queues.items.iter().flatten().cloned().collect();
    let mine: Vec<_> = all
        .iter()
        .filter(|i| acts_on(&actor, &i.item))
        .cloned()
        .collect();
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
        Screen::Record(r) => assert_eq!(r.id.as_str(), mine[0].item.id),
        Screen::Entity(e) => assert_eq!(e.id.as_str(), mine[0].item.id),
        _ => panic!("Enter opens the first item"),
    }
}
