//! Need to know in the console's reads (P 11.3.3): a person cleared only to Confidential never
//! sees Strictly Confidential content on the dashboard, in the queues or in search results —
//! only that such a record exists, with its reference and marking.

use crate::tui_common;

use crossterm::event::KeyCode;
use registrar::domain::marking::Classification;
use registrar::domain::record::Record;
use registrar::tui::driver::Driver;
use tui_common::*;

/// The titles and summaries of every Strictly Confidential share and receipt of the demo.
fn secret_texts(d: &Driver) -> Vec<String> {
    let mut out = Vec::new();
    d.store
        .visit_records(&mut |r| {
            if r.marking().level == Classification::StrictlyConfidential {
                match r {
                    Record::Receipt(x) => out.push(x.capture.title.clone()),
                    Record::Share(x) => out.push(x.draft.product.title.clone()),
                    _ => {}
                }
            }
            Ok(())
        })
        .unwrap();
    assert!(
        !out.is_empty(),
        "the demo has Strictly Confidential products"
    );
    out
}

/// A long title is cut on screen; its first 20 characters are enough to recognise it.
fn shows_any(screen: &str, texts: &[String]) -> Option<String> {
    texts
        .iter()
        .map(|t| t.chars().take(20).collect::<String>())
        .find(|head| screen.contains(head.as_str()))
}

#[test]
fn an_analyst_cleared_to_confidential_sees_no_strictly_confidential_content() {
    let (_f, mut d) = logged_in("analyst");
    let secrets = secret_texts(&d);
    // The dashboard and the urgent queue: the record exists, its content is withheld.
    let dashboard = render(&mut d, 120, 40);
    assert_eq!(shows_any(&dashboard, &secrets), None, "{dashboard}");
    assert!(
        dashboard.contains("S-CONF") && dashboard.contains("content withheld"),
        "the withheld item still shows its marking: {dashboard}"
    );
    // Search over titles and references finds nothing by withheld content.
    home(&mut d);
    key(&mut d, KeyCode::Char('b'));
    key(&mut d, KeyCode::Char('/'));
    d.type_text("Kaga-Bandoro");
    key(&mut d, KeyCode::Enter);
    let results = render(&mut d, 120, 40);
    assert_eq!(shows_any(&results, &secrets), None, "{results}");
    // The IM FP, cleared and handling such products, finds it by the same search.
    let (_g, mut imfp) = logged_in("imfp");
    home(&mut imfp);
    key(&mut imfp, KeyCode::Char('b'));
    key(&mut imfp, KeyCode::Char('/'));
    imfp.type_text("Kaga-Bandoro");
    key(&mut imfp, KeyCode::Enter);
    let found = render(&mut imfp, 120, 40);
    assert!(shows_any(&found, &secrets).is_some(), "{found}");
}
