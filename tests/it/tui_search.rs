//! Search in the console as people expect (issue 13): `/` from the dashboard and the browser,
//! over title, reference, summary, entity name and id, filtering as you type (each change asks
//! the worker for the first page again, from the search index), reopening `/` edits the
//! current words.

use crate::tui_common::{find, home, key, logged_in, render};
use crossterm::event::KeyCode;
use insta::assert_snapshot;
use registrar::domain::record::Record;
use registrar::tui::app::{Modal, Screen};
use registrar::tui::driver::Driver;

fn rows(d: &Driver) -> Vec<String> {
    match d.app.screen() {
        Screen::Browser(b) => b.rows().iter().map(|r| r.id.to_string()).collect(),
        other => panic!("not the browser: {}", std::any::type_name_of_val(other)),
    }
}

fn query(d: &Driver) -> String {
    match d.app.screen() {
        Screen::Browser(b) => b.filter.text.clone(),
        _ => String::new(),
    }
}

fn receipt_summary_word(d: &Driver) -> (String, String) {
    // A receipt whose summary has a word its title and reference do not.
    let record = find(&d.store, |r| match r {
        Record::Receipt(x) => summary_only_word(x).is_some(),
        _ => false,
    });
    let Record::Receipt(x) = &record else {
        unreachable!()
    };
    (x.id.to_string(), summary_only_word(x).unwrap())
}

fn summary_only_word(x: &registrar::domain::receipt::IncomingReceipt) -> Option<String> {
    let elsewhere = format!("{} {}", x.capture.title, x.capture.reference).to_lowercase();
    x.capture
        .summary
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| w.len() > 6 && w.is_ascii() && !elsewhere.contains(&w.to_lowercase()))
        .map(str::to_string)
}

#[test]
fn slash_on_the_dashboard_opens_the_search_and_filters_as_you_type() {
    let (_f, mut d) = logged_in("imfp");
    let (id, word) = receipt_summary_word(&d);
    home(&mut d);
    key(&mut d, KeyCode::Char('/'));
    assert!(matches!(d.app.screen(), Screen::Browser(_)));
    assert!(matches!(d.app.modal, Some(Modal::Search(_))));
    // No Enter: the page follows the words as they are typed — found by its summary.
    d.type_text(&word);
    assert_eq!(query(&d), word);
    assert!(rows(&d).contains(&id), "{word}: {:?}", rows(&d));
}

#[test]
fn the_browser_finds_records_by_their_entity_name_and_filters_as_you_type() {
    let (_f, mut d) = logged_in("imfp");
    home(&mut d);
    key(&mut d, KeyCode::Char('b'));
    key(&mut d, KeyCode::Char('/'));
    d.type_text("battalion");
    // The demo's receipts from the Forces armées battalion: none says "battalion" in its
    // title or reference; they are found by the entity's name.
    let found = rows(&d);
    assert!(!found.is_empty(), "{found:?}");
    let store = &d.store;
    for id in &found {
        let record = store
            .record(&registrar::domain::ids::RecordId::from(id.as_str()))
            .unwrap()
            .unwrap();
        let entity = record.entity().unwrap().clone();
        let Some(Record::Entity(e)) = store.record(&entity).unwrap() else {
            panic!("{id} names no entity");
        };
        let title = match &record {
            Record::Receipt(r) => r.capture.title.clone(),
            Record::Share(s) => s.draft.product.title.clone(),
            _ => String::new(),
        };
        assert!(
            e.details.name.to_lowercase().contains("battalion")
                || title.to_lowercase().contains("battalion"),
            "{id}: {title} from {}",
            e.details.name
        );
    }
    assert_snapshot!("browser_search_as_you_type", render(&mut d, 80, 24));
}

#[test]
fn reopening_slash_edits_the_current_words() {
    let (_f, mut d) = logged_in("imfp");
    home(&mut d);
    key(&mut d, KeyCode::Char('b'));
    key(&mut d, KeyCode::Char('/'));
    d.type_text("bossangoa");
    key(&mut d, KeyCode::Enter);
    assert!(d.app.modal.is_none());
    let narrow = rows(&d);
    key(&mut d, KeyCode::Char('/'));
    for _ in 0.."angoa".len() {
        key(&mut d, KeyCode::Backspace);
    }
    assert_eq!(query(&d), "boss");
    d.type_text("angoa road");
    assert_eq!(query(&d), "bossangoa road");
    key(&mut d, KeyCode::Enter);
    let narrower = rows(&d);
    assert!(
        narrower.iter().all(|id| narrow.contains(id)),
        "{narrower:?}"
    );
}

#[test]
fn the_entity_list_has_a_search_that_filters_as_you_type() {
    let (_f, mut d) = logged_in("imfp");
    home(&mut d);
    key(&mut d, KeyCode::Char('e'));
    let all = d.app.listed_entities("").len();
    assert!(all > 3, "{all}");
    key(&mut d, KeyCode::Char('/'));
    assert!(matches!(d.app.modal, Some(Modal::Search(_))));
    d.type_text("gendarm");
    let Screen::Entities(list) = d.app.screen() else {
        panic!("not the entity list")
    };
    assert_eq!(list.query, "gendarm");
    let shown: Vec<String> = d
        .app
        .listed_entities(&list.query)
        .iter()
        .map(|e| e.name().to_string())
        .collect();
    assert!(!shown.is_empty() && shown.len() < all, "{shown:?} of {all}");
    assert!(
        shown.iter().all(|n| n.to_lowercase().contains("gendarm")),
        "{shown:?}"
    );
    let screen = render(&mut d, 80, 24);
    assert!(screen.contains("Gendarmerie"), "{screen}");
    assert_snapshot!("entity_list_search_as_you_type", screen);
    // Enter keeps the words; the first entity shown opens.
    key(&mut d, KeyCode::Enter);
    key(&mut d, KeyCode::Enter);
    assert!(matches!(d.app.screen(), Screen::Entity(_)));
    // Esc on a reopened search goes back to the words it had.
    key(&mut d, KeyCode::Esc);
    key(&mut d, KeyCode::Char('/'));
    d.type_text("xyz");
    key(&mut d, KeyCode::Esc);
    let Screen::Entities(list) = d.app.screen() else {
        panic!("not the entity list")
    };
    assert_eq!(list.query, "gendarm");
}
