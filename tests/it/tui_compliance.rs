//! The compliance figures (G H, P 9.7) in the console: the same function as `registrar report
//! compliance`, each indicator with its figure and a bar, imminent threats within the limit
//! as a gauge; a role that may not read them is told who may; a failed reload keeps the
//! figures and says they are stale.

use crate::tui_common::*;
use crossterm::event::KeyCode;
use insta::assert_snapshot;
use registrar::register::write::{Quiet, compliance_of};
use registrar::tui::app::Screen;
use registrar::tui::msg::Msg;

#[test]
fn the_compliance_screen_shows_the_reports_figures_with_bars() {
    let (_f, mut d) = logged_in("imfp");
    key(&mut d, KeyCode::Char('C'));
    assert!(matches!(d.app.screen(), Screen::Compliance(_)));
    let screen = render(&mut d, 120, 40);
    let imfp = d.store.authenticate("imfp", "demo-imfp").unwrap();
    let (figures, _) = compliance_of(
        &d.store,
        &imfp,
        chrono::DateTime::<chrono::Utc>::MIN_UTC,
        now(),
        &Quiet,
    )
    .unwrap();
    // Every indicator of the report, with its figure.
    for (indicator, figure) in figures.summary() {
        let line = screen
            .lines()
            .find(|l| l.contains(indicator.trim()))
            .unwrap_or_else(|| panic!("no {indicator:?}:\n{screen}"));
        assert!(
            line.contains(&figure) || screen.contains(&figure),
            "{indicator}: {figure}\n{screen}"
        );
    }
    // The demo's story: imminent-threat receipts, one of them late — as the gauge says.
    let total = figures.imminent.len();
    assert!(total >= 2);
    assert_eq!(figures.late(), 1);
    assert!(
        screen.contains(&format!(
            "Within the limit (G 9.2): {} of {total} ━",
            total - 1
        )),
        "{screen}"
    );
    assert!(screen.contains('█'), "{screen}");
    assert_snapshot!("compliance_80", render(&mut d, 80, 24));

    // A failed reload keeps the figures, marked stale.
    d.handle(Msg::Compliance(
        Err("the registry could not be read".into()),
    ));
    let screen = render(&mut d, 80, 24);
    assert!(screen.contains("STALE — reading again failed"), "{screen}");
    assert!(screen.contains("Imminent-threat receipts"), "{screen}");
}

#[test]
fn the_analyst_is_told_who_may_read_the_compliance_figures() {
    let (_f, mut d) = logged_in("analyst");
    key(&mut d, KeyCode::Char('C'));
    assert!(matches!(d.app.screen(), Screen::Dashboard(_)));
    let status = d.app.status.clone().unwrap().text;
    assert!(status.contains("only the Head of Mission"), "{status}");
}
