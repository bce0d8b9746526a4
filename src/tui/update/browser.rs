//! The registry browser: pages newest first from the store's index; a filtered page is found
//! in bounded steps, so keys keep working on a registry of a million records.

use super::form;
use super::screens::open_record;
use crate::tui::app::{App, BrowseFilter, BrowsePage, Browser, Loadable, Modal, Screen};
use crate::tui::forms::FormKind;
use crate::tui::keymap::Action;
use crate::tui::msg::{BrowseChunk, Effect};
use crate::tui::widgets::list::Selection;
use crate::tui::widgets::text_input::TextInput;

/// Records one page's search examines before it stops and says so (a few seconds on a
/// station's machine); `n` searches further back.
pub const PAGE_SCAN_LIMIT: u64 = 100_000;

/// Records on a page of the browser's table at the current terminal size: the lines left by
/// the header, the footer, the filter line, the table's border and column titles, and a status
/// line; a record takes two lines below the width of every column in one.
pub fn page_size(app: &App) -> usize {
    let lines = usize::from(app.size.1).saturating_sub(7);
    let per_record = if app.browser_wide() { 1 } else { 2 };
    (lines / per_record).max(3)
}

pub fn open(app: &mut App) -> Vec<Effect> {
    let browser = Browser {
        filter: BrowseFilter::default(),
        page: Loadable::Loading,
        page_starts: vec![None],
        next: None,
        exhausted: false,
        loading: false,
        scanned: 0,
        paused: false,
        total: 0,
        page_size: page_size(app),
        selected: Selection::default(),
        generation: 0,
        search_was: String::new(),
    };
    app.screens.push(Screen::Browser(Box::new(browser)));
    let mut effects = vec![Effect::BrowseTotal];
    effects.extend(load_page(app, None));
    effects
}

fn browser(app: &mut App) -> Option<&mut Browser> {
    match app.screen_mut() {
        Screen::Browser(b) => Some(b),
        _ => None,
    }
}

/// Starts loading the page that begins at `start` (a new query).
fn load_page(app: &mut App, start: Option<crate::tui::msg::PageCursor>) -> Vec<Effect> {
    let size = page_size(app);
    let Some(actor) = app.session.clone() else {
        return Vec::new();
    };
    let Some(b) = browser(app) else {
        return Vec::new();
    };
    b.generation += 1;
    b.page_size = size;
    b.selected.reset(0);
    b.scanned = 0;
    b.paused = false;
    b.loading = true;
    b.exhausted = false;
    // A new read: the last rows are kept (hidden while it runs) to show, stale, if it fails.
    b.page = match std::mem::take(&mut b.page) {
        Loadable::Stale(p, _) => Loadable::Loaded(p),
        Loadable::Failed(_) => Loadable::Loading,
        other => other,
    };
    vec![Effect::Browse {
        actor,
        filter: b.filter.clone(),
        start,
        want: size,
        generation: b.generation,
        append: false,
    }]
}

pub fn key(app: &mut App, action: Option<Action>) -> Vec<Effect> {
    let Some(b) = browser(app) else {
        return Vec::new();
    };
    match action {
        Some(Action::Up | Action::Down | Action::Top | Action::Bottom) => {
            let n = b.rows().len();
            super::screens::list_move(&mut b.selected, n, action)
        }
        Some(Action::NextPage) => {
            if b.loading || b.exhausted || b.next.is_none() {
                return Vec::new();
            }
            let next = b.next.clone();
            b.page_starts.push(next.clone());
            return load_page(app, next);
        }
        Some(Action::PrevPage) => {
            if b.page_starts.len() <= 1 {
                return Vec::new();
            }
            b.page_starts.pop();
            let start = b.page_starts.last().cloned().flatten();
            return load_page(app, start);
        }
        Some(Action::Open) => {
            if let Some(row) = b.selected.selected().and_then(|i| b.rows().get(i)) {
                let id = row.id.clone();
                return open_record(app, id);
            }
        }
        Some(Action::Search) => open_search(app),
        Some(Action::Filters) => return form::open(app, FormKind::BrowseFilter, None),
        Some(Action::ClearFilters) => return set_filter(app, BrowseFilter::default()),
        Some(Action::Back) => {
            app.screens.pop();
        }
        _ => {}
    }
    Vec::new()
}

/// `/`: the search line, holding the current words with the cursor after them (reopening
/// edits the query, it does not start another).
pub fn open_search(app: &mut App) {
    let Some(b) = browser(app) else {
        return;
    };
    b.search_was = b.filter.text.clone();
    let mut input = TextInput::new(&b.filter.text);
    input.set_focus(true);
    app.modal = Some(Modal::Search(Box::new(input)));
}

/// Esc on the search line: the words it was opened with again.
pub fn cancel_search(app: &mut App) -> Vec<Effect> {
    let was = match app.screen() {
        Screen::Browser(b) => b.search_was.clone(),
        Screen::Entities(list) => list.query_was.clone(),
        _ => return Vec::new(),
    };
    search(app, was)
}

/// New words on the search line: the entity list filters what it holds; the browser asks
/// the worker for its first page again, from the search index.
pub fn search(app: &mut App, text: String) -> Vec<Effect> {
    if let Screen::Entities(list) = app.screen_mut() {
        if list.query != text {
            list.query = text;
            list.selected.select(0);
        }
        return Vec::new();
    }
    let Some(b) = browser(app) else {
        return Vec::new();
    };
    if b.filter.text == text {
        return Vec::new();
    }
    let filter = BrowseFilter {
        text,
        ..b.filter.clone()
    };
    set_filter(app, filter)
}

/// A new filter: back to the first page.
pub fn set_filter(app: &mut App, filter: BrowseFilter) -> Vec<Effect> {
    let Some(b) = browser(app) else {
        return Vec::new();
    };
    b.filter = filter;
    b.page_starts = vec![None];
    b.next = None;
    load_page(app, None)
}

/// A page fits the window: when the height changes, the page is read again from its start.
pub fn resized(app: &mut App) -> Vec<Effect> {
    let size = page_size(app);
    let Some(b) = browser(app) else {
        return Vec::new();
    };
    if b.page_size == size {
        return Vec::new();
    }
    let start = b.page_starts.last().cloned().flatten();
    load_page(app, start)
}

/// A step of a page arrived: keep it, and go on while the page is short and the registry
/// is not exhausted.
pub fn chunk(app: &mut App, generation: u64, result: Result<BrowseChunk, String>) -> Vec<Effect> {
    let actor = app.session.clone();
    let Some(b) = app.screens.iter_mut().rev().find_map(|s| match s {
        Screen::Browser(b) if b.generation == generation => Some(b),
        _ => None,
    }) else {
        return Vec::new();
    };
    let chunk = match result {
        Ok(c) => c,
        Err(e) => {
            // What was read before stays, stale, with why.
            b.loading = false;
            b.page.arrive(Err(e));
            return Vec::new();
        }
    };
    match &mut b.page {
        Loadable::Loaded(p) if chunk.append && p.generation == generation => {
            p.rows.extend(chunk.rows)
        }
        page => {
            *page = Loadable::Loaded(BrowsePage {
                generation,
                rows: chunk.rows,
            })
        }
    }
    let rows = b.rows().len();
    b.selected.set_len(rows);
    b.scanned += chunk.scanned;
    b.next = chunk.next;
    b.exhausted = chunk.exhausted;
    let short = rows < b.page_size;
    if short && !b.exhausted && b.next.is_some() && b.scanned >= PAGE_SCAN_LIMIT {
        b.loading = false;
        b.paused = true;
        return Vec::new();
    }
    if short && !b.exhausted && b.next.is_some() {
        let Some(actor) = actor else {
            return Vec::new();
        };
        return vec![Effect::Browse {
            actor,
            filter: b.filter.clone(),
            start: b.next.clone(),
            want: b.page_size - rows,
            generation,
            append: true,
        }];
    }
    b.loading = false;
    Vec::new()
}
