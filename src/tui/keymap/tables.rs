//! The keymap's tables: for each context, its bindings in the order the help shows them
//! (the footer shows those marked so). What a key does is decided here and nowhere else.

use super::{Action, Binding, Context, Key, b, code, ctrl, k};
use crossterm::event::KeyCode;

const UP: Key = code(KeyCode::Up);
const DOWN: Key = code(KeyCode::Down);
const LEFT: Key = code(KeyCode::Left);
const RIGHT: Key = code(KeyCode::Right);
const ENTER: Key = code(KeyCode::Enter);
const ESC: Key = code(KeyCode::Esc);
const TAB: Key = code(KeyCode::Tab);
const BACKTAB: Key = code(KeyCode::BackTab);
const PGUP: Key = code(KeyCode::PageUp);
const PGDN: Key = code(KeyCode::PageDown);
const HOME: Key = code(KeyCode::Home);
const END: Key = code(KeyCode::End);
const F1: Key = code(KeyCode::F(1));
const F2: Key = code(KeyCode::F(2));
const F3: Key = code(KeyCode::F(3));
const F4: Key = code(KeyCode::F(4));
const CTRL_C: Key = ctrl('c');
const BACKSPACE: Key = code(KeyCode::Backspace);

const LIST_MOVES: [Binding; 6] = [
    b(&[UP, k('k')], Action::Up, false),
    b(&[DOWN, k('j')], Action::Down, false),
    b(&[PGUP], Action::PageUp, false),
    b(&[PGDN], Action::PageDown, false),
    b(&[HOME, k('g')], Action::Top, false),
    b(&[END, k('G')], Action::Bottom, false),
];

const LOGIN: &[Binding] = &[
    b(&[ENTER], Action::Advance, true),
    b(&[TAB, DOWN], Action::NextField, false),
    b(&[BACKTAB, UP], Action::PrevField, false),
    b(&[F1], Action::Help, true),
    b(&[CTRL_C], Action::Quit, true),
];

// The footer shows hints in this order, as many as fit: the ways off the dashboard (browse,
// entities) come before the keys a person at the dashboard already sees the use of.
const DASHBOARD: &[Binding] = &[
    b(&[k('!')], Action::FastPath, true),
    b(&[k('b')], Action::Browse, true),
    b(&[k('e')], Action::EntityList, true),
    b(&[k('/')], Action::Search, false),
    b(&[ENTER, k('l'), RIGHT], Action::Open, true),
    b(&[TAB], Action::NextPane, true),
    b(&[BACKTAB], Action::PrevPane, false),
    LIST_MOVES[0],
    LIST_MOVES[1],
    LIST_MOVES[2],
    LIST_MOVES[3],
    LIST_MOVES[4],
    LIST_MOVES[5],
    b(&[k('m')], Action::MyItems, true),
    b(&[k('u')], Action::OpenUrgent, false),
    b(&[k('p')], Action::OpenPending, false),
    b(&[k('o')], Action::OpenOverdue, false),
    b(&[k('r')], Action::NewReceipt, true),
    b(&[k('s')], Action::NewShare, true),
    b(&[k('S')], Action::Settings, false),
    b(&[k('U')], Action::Users, false),
    b(&[k('T')], Action::Themes, false),
    b(&[k('P')], Action::Passphrase, false),
    b(&[k('x')], Action::Stations, false),
    b(&[k('C')], Action::Compliance, false),
    b(&[k('I')], Action::ImportSheet, false),
    b(&[k('W')], Action::Reports, false),
    b(&[k('R')], Action::Refresh, false),
    b(&[k('L')], Action::LogOut, false),
    b(&[k('?'), F1], Action::Help, true),
    b(&[k('q'), CTRL_C], Action::Quit, true),
];

const QUEUE: &[Binding] = &[
    b(&[ENTER, k('l'), RIGHT], Action::Open, true),
    LIST_MOVES[0],
    LIST_MOVES[1],
    LIST_MOVES[2],
    LIST_MOVES[3],
    LIST_MOVES[4],
    LIST_MOVES[5],
    b(&[k('!')], Action::FastPath, true),
    b(&[ESC, k('h'), LEFT], Action::Back, true),
    b(&[k('?'), F1], Action::Help, true),
    b(&[CTRL_C], Action::Quit, false),
];

const BROWSER: &[Binding] = &[
    b(&[ENTER, k('l'), RIGHT], Action::Open, true),
    LIST_MOVES[0],
    LIST_MOVES[1],
    LIST_MOVES[4],
    LIST_MOVES[5],
    b(&[PGDN, k('n')], Action::NextPage, true),
    b(&[PGUP, k('N')], Action::PrevPage, false),
    b(&[k('/')], Action::Search, true),
    b(&[k('f')], Action::Filters, true),
    b(&[k('c')], Action::ClearFilters, false),
    b(&[ESC, k('h'), LEFT], Action::Back, true),
    b(&[k('?'), F1], Action::Help, true),
    b(&[CTRL_C], Action::Quit, false),
];

const ENTITIES: &[Binding] = &[
    b(&[ENTER, k('l'), RIGHT], Action::Open, true),
    LIST_MOVES[0],
    LIST_MOVES[1],
    LIST_MOVES[2],
    LIST_MOVES[3],
    LIST_MOVES[4],
    LIST_MOVES[5],
    b(&[k('n')], Action::NewEntity, true),
    b(&[k('/')], Action::Search, true),
    b(&[ESC, k('h'), LEFT], Action::Back, true),
    b(&[k('?'), F1], Action::Help, true),
    b(&[CTRL_C], Action::Quit, false),
];

const ENTITY: &[Binding] = &[
    b(&[k('a')], Action::Actions, true),
    b(&[ENTER], Action::Open, true),
    LIST_MOVES[0],
    LIST_MOVES[1],
    LIST_MOVES[2],
    LIST_MOVES[3],
    LIST_MOVES[4],
    LIST_MOVES[5],
    b(&[ESC, k('h'), LEFT], Action::Back, true),
    b(&[k('?'), F1], Action::Help, true),
    b(&[CTRL_C], Action::Quit, false),
];

const RECORD: &[Binding] = &[
    b(&[k('a')], Action::Actions, true),
    b(&[k('e')], Action::OpenEntity, true),
    LIST_MOVES[0],
    LIST_MOVES[1],
    LIST_MOVES[2],
    LIST_MOVES[3],
    LIST_MOVES[4],
    LIST_MOVES[5],
    b(&[ESC, k('h'), LEFT], Action::Back, true),
    b(&[k('?'), F1], Action::Help, true),
    b(&[CTRL_C], Action::Quit, false),
];

const THEMES: &[Binding] = &[
    b(&[ENTER], Action::Apply, true),
    LIST_MOVES[0],
    LIST_MOVES[1],
    LIST_MOVES[4],
    LIST_MOVES[5],
    b(&[ESC, k('h'), LEFT], Action::Back, true),
    b(&[k('?'), F1], Action::Help, true),
    b(&[CTRL_C], Action::Quit, false),
];

const STATIONS: &[Binding] = &[
    b(&[k('x')], Action::Export, true),
    b(&[k('i')], Action::Import, true),
    b(&[k('I')], Action::ImportSheet, false),
    LIST_MOVES[0],
    LIST_MOVES[1],
    LIST_MOVES[4],
    LIST_MOVES[5],
    b(&[PGDN], Action::OutcomeDown, false),
    b(&[PGUP], Action::OutcomeUp, false),
    b(&[k('R')], Action::Refresh, false),
    b(&[ESC, k('h'), LEFT], Action::Back, true),
    b(&[k('?'), F1], Action::Help, true),
    b(&[CTRL_C], Action::Quit, false),
];

const COMPLIANCE: &[Binding] = &[
    b(&[UP, k('k')], Action::Up, false),
    b(&[DOWN, k('j')], Action::Down, false),
    b(&[k('R')], Action::Refresh, true),
    b(&[ESC, k('h'), LEFT], Action::Back, true),
    b(&[k('?'), F1], Action::Help, true),
    b(&[CTRL_C], Action::Quit, false),
];

const PICKER: &[Binding] = &[
    b(&[ENTER, k('l'), RIGHT], Action::Open, true),
    b(&[k(' ')], Action::Mark, true),
    b(&[k('a')], Action::SelectAll, true),
    b(&[BACKSPACE, k('h'), LEFT], Action::ParentDir, true),
    b(&[TAB, k('/')], Action::TypePath, true),
    LIST_MOVES[0],
    LIST_MOVES[1],
    LIST_MOVES[2],
    LIST_MOVES[3],
    b(&[HOME, k('g')], Action::Top, false),
    b(&[END, k('G')], Action::Bottom, false),
    b(&[k('R')], Action::Refresh, false),
    b(&[ESC], Action::Back, true),
    b(&[k('?'), F1], Action::Help, true),
    b(&[CTRL_C], Action::Quit, false),
];

const SHEET_REVIEW: &[Binding] = &[
    b(&[k('y')], Action::Yes, true),
    b(&[k('n')], Action::No, true),
    b(&[UP, k('k')], Action::Up, false),
    b(&[DOWN, k('j')], Action::Down, false),
    b(&[PGUP], Action::PageUp, true),
    b(&[PGDN], Action::PageDown, true),
    b(&[HOME, k('g')], Action::Top, false),
    b(&[END, k('G')], Action::Bottom, false),
    b(&[ESC, k('h'), LEFT], Action::Back, true),
    b(&[k('?'), F1], Action::Help, true),
    b(&[CTRL_C], Action::Quit, false),
];

const REPORT_FORM: &[Binding] = &[
    b(&[ENTER], Action::Submit, true),
    b(&[RIGHT], Action::OptionNext, true),
    b(&[LEFT], Action::OptionPrev, false),
    b(&[TAB, DOWN], Action::NextField, true),
    b(&[BACKTAB, UP], Action::PrevField, false),
    b(&[F3], Action::ChooseDir, true),
    b(&[ESC], Action::Back, true),
    b(&[k('?'), F1], Action::Help, true),
    b(&[CTRL_C], Action::Quit, false),
];

const REPORT_TEXT: &[Binding] = &[
    b(&[ENTER], Action::Submit, true),
    b(&[TAB, DOWN], Action::NextField, true),
    b(&[BACKTAB, UP], Action::PrevField, false),
    b(&[F3], Action::ChooseDir, true),
    b(&[ESC], Action::Back, true),
    b(&[F1], Action::Help, true),
    b(&[CTRL_C], Action::Quit, false),
];

const PICKER_PATH: &[Binding] = &[
    b(&[ENTER], Action::Advance, true),
    b(&[TAB], Action::NextField, true),
    b(&[ESC], Action::Back, true),
    b(&[F1], Action::Help, true),
    b(&[CTRL_C], Action::Quit, false),
];

const WORKING: &[Binding] = &[
    b(&[ESC], Action::Stop, true),
    b(&[k('?'), F1], Action::Help, true),
    b(&[CTRL_C], Action::Quit, false),
];

const FORM_LINE: &[Binding] = &[
    b(&[ENTER], Action::Advance, true),
    b(&[TAB, DOWN], Action::NextField, true),
    b(&[BACKTAB, UP], Action::PrevField, true),
    b(&[ESC], Action::Back, true),
    b(&[F1], Action::Help, true),
    b(&[CTRL_C], Action::Quit, false),
    b(&[F2], Action::OpenBlocking, false),
    b(&[F4], Action::TakeNearMatch, false),
];

const FORM_TEXT: &[Binding] = &[
    b(&[TAB], Action::NextField, true),
    b(&[BACKTAB], Action::PrevField, true),
    b(&[ESC], Action::Back, true),
    b(&[F1], Action::Help, true),
    b(&[CTRL_C], Action::Quit, false),
    b(&[F2], Action::OpenBlocking, false),
    b(&[F4], Action::TakeNearMatch, false),
];

const FORM_CHOICE: &[Binding] = &[
    b(&[RIGHT], Action::OptionNext, true),
    b(&[LEFT], Action::OptionPrev, true),
    b(&[ENTER], Action::Advance, true),
    b(&[TAB, DOWN], Action::NextField, false),
    b(&[BACKTAB, UP], Action::PrevField, false),
    b(&[ESC], Action::Back, true),
    b(&[F1], Action::Help, true),
    b(&[CTRL_C], Action::Quit, false),
    b(&[F2], Action::OpenBlocking, false),
    b(&[F4], Action::TakeNearMatch, false),
];

const FORM_TOGGLE: &[Binding] = &[
    b(&[k('y')], Action::Yes, true),
    b(&[k('n')], Action::No, true),
    b(&[k(' '), LEFT, RIGHT], Action::Toggle, true),
    b(&[ENTER], Action::Advance, false),
    b(&[TAB, DOWN], Action::NextField, false),
    b(&[BACKTAB, UP], Action::PrevField, false),
    b(&[ESC], Action::Back, true),
    b(&[k('?'), F1], Action::Help, false),
    b(&[CTRL_C], Action::Quit, false),
    b(&[F2], Action::OpenBlocking, false),
    b(&[F4], Action::TakeNearMatch, false),
];

const FORM_SUBMIT: &[Binding] = &[
    b(&[ENTER], Action::Submit, true),
    b(&[TAB, DOWN], Action::NextField, false),
    b(&[BACKTAB, UP], Action::PrevField, true),
    b(&[ESC], Action::Back, true),
    b(&[k('?'), F1], Action::Help, true),
    b(&[CTRL_C], Action::Quit, false),
    b(&[F2], Action::OpenBlocking, false),
    b(&[F4], Action::TakeNearMatch, false),
];

const HELP: &[Binding] = &[
    b(&[ESC, k('?'), k('q'), F1], Action::Back, true),
    b(&[UP, k('k')], Action::Up, true),
    b(&[DOWN, k('j')], Action::Down, true),
    b(&[PGUP], Action::PageUp, false),
    b(&[PGDN], Action::PageDown, false),
    b(&[HOME, k('g')], Action::Top, false),
    b(&[END, k('G')], Action::Bottom, false),
];

const CONFIRM: &[Binding] = &[
    b(&[k('y')], Action::Yes, true),
    b(&[k('n'), ESC], Action::No, true),
];

const MENU: &[Binding] = &[
    b(&[ENTER], Action::Open, true),
    b(&[UP, k('k')], Action::Up, false),
    b(&[DOWN, k('j')], Action::Down, false),
    b(&[ESC, k('q')], Action::Cancel, true),
];

const SEARCH: &[Binding] = &[
    b(&[ENTER], Action::Apply, true),
    b(&[ESC], Action::Cancel, true),
];

/// The bindings of a context, in the order the help shows them.
pub fn bindings(context: Context) -> &'static [Binding] {
    match context {
        Context::Login => LOGIN,
        Context::Dashboard => DASHBOARD,
        Context::Queue => QUEUE,
        Context::Browser => BROWSER,
        Context::Entities => ENTITIES,
        Context::Entity => ENTITY,
        Context::Record => RECORD,
        Context::Themes => THEMES,
        Context::Stations => STATIONS,
        Context::Working => WORKING,
        Context::Compliance => COMPLIANCE,
        Context::Picker => PICKER,
        Context::PickerPath => PICKER_PATH,
        Context::SheetReview => SHEET_REVIEW,
        Context::ReportForm => REPORT_FORM,
        Context::ReportText => REPORT_TEXT,
        Context::FormLine => FORM_LINE,
        Context::FormText => FORM_TEXT,
        Context::FormChoice => FORM_CHOICE,
        Context::FormToggle => FORM_TOGGLE,
        Context::FormSubmit => FORM_SUBMIT,
        Context::Help => HELP,
        Context::Confirm => CONFIRM,
        Context::Menu => MENU,
        Context::Search => SEARCH,
    }
}
