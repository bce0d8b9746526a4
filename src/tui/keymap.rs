//! The keymap: a key in a context becomes an `Action`. Each action has a one-line
//! description; the footer hints and the `?` help overlay are generated from these tables,
//! never written by hand. No Ctrl-S / Ctrl-Q: terminals use them for flow control.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where the keys are pressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    Login,
    Dashboard,
    Queue,
    Browser,
    Entities,
    Entity,
    Record,
    Themes,
    /// This station and the others, and bundles between them.
    Stations,
    /// Long work under way (an export, an import): keys and countdowns keep working.
    Working,
    /// The compliance figures (G H).
    Compliance,
    /// A file picker over a directory (a medium): entries, marks.
    Picker,
    /// The picker's path line: a path typed instead.
    PickerPath,
    /// A sheet's dry run (y imports) or what its import did.
    SheetReview,
    /// The reports form on a choice (report, entity, format).
    ReportForm,
    /// The reports form on a text field (period, directory).
    ReportText,
    /// A one-line text field of a form.
    FormLine,
    /// A multi-line text field: Enter is a new line.
    FormText,
    /// A field with options.
    FormChoice,
    /// A yes/no field.
    FormToggle,
    /// The submit button of a form.
    FormSubmit,
    Help,
    Confirm,
    Menu,
    Search,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Open the record that blocks the refused step.
    OpenBlocking,
    /// A new entity's name is close to a registered one: take the registered one instead.
    TakeNearMatch,
    /// What the person logged in can act on now.
    MyItems,
    /// The compliance figures (G H, P 9.7).
    Compliance,
    /// Stop the work under way, at its next safe point (asks first).
    Stop,
    Quit,
    Help,
    Back,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    NextPane,
    PrevPane,
    Open,
    FastPath,
    NewReceipt,
    NewShare,
    Browse,
    EntityList,
    Actions,
    OpenUrgent,
    OpenPending,
    OpenOverdue,
    Search,
    Filters,
    ClearFilters,
    NextPage,
    PrevPage,
    OpenEntity,
    NewEntity,
    Settings,
    Users,
    Themes,
    Refresh,
    LogOut,
    NextField,
    PrevField,
    Advance,
    Submit,
    OptionNext,
    OptionPrev,
    Toggle,
    Yes,
    No,
    Apply,
    Cancel,
    Passphrase,
    Stations,
    Export,
    Import,
    /// Bring in a spreadsheet register (IM FP).
    ImportSheet,
    /// The reports: register, revision, compliance, oversight, access.
    Reports,
    /// On the reports screen: choose the directory in a picker.
    ChooseDir,
    /// In the picker: the directory above.
    ParentDir,
    /// In the picker: type a path instead of choosing from the list.
    TypePath,
    /// In the picker: mark or unmark the file (several are taken in turn).
    Mark,
    /// In the picker: mark every file that fits (again: unmark them).
    SelectAll,
    /// On the stations screen: the last bundle's outcome, up a page.
    OutcomeUp,
    /// On the stations screen: the last bundle's outcome, down a page.
    OutcomeDown,
}

impl Action {
    /// One line saying what the action does, for the footer and the help overlay.
    pub fn describe(self) -> &'static str {
        match self {
            Action::Quit => "quit (asks first if typed work would be lost)",
            Action::Help => "help: every key of this screen",
            Action::Back => "back",
            Action::Up => "up",
            Action::Down => "down",
            Action::PageUp => "page up",
            Action::PageDown => "page down",
            Action::Top => "first",
            Action::Bottom => "last",
            Action::NextPane => "next queue",
            Action::PrevPane => "previous queue",
            Action::Open => "open",
            Action::FastPath => "IMMINENT THREAT: register a receipt now (fast path)",
            Action::NewReceipt => "new receipt",
            Action::NewShare => "new share",
            Action::Browse => "registry browser",
            Action::EntityList => "entities",
            Action::Actions => "actions on this record",
            Action::OpenUrgent => "urgent queue",
            Action::OpenPending => "pending queue",
            Action::OpenOverdue => "overdue queue",
            Action::Search => "search title, reference, summary, entity, id",
            Action::Filters => "filters",
            Action::ClearFilters => "clear filters and search",
            Action::NextPage => "next page",
            Action::PrevPage => "previous page",
            Action::OpenEntity => "open the entity",
            Action::NewEntity => "register an entity",
            Action::Settings => "mission settings (administrator); who decides (HoM)",
            Action::Users => "users (administrator)",
            Action::Themes => "colour theme",
            Action::Refresh => "reload",
            Action::LogOut => "log out",
            Action::NextField => "next field",
            Action::PrevField => "previous field",
            Action::Advance => "next field",
            Action::Submit => "submit",
            Action::OptionNext => "next option",
            Action::OptionPrev => "previous option",
            Action::Toggle => "switch yes/no",
            Action::Yes => "yes, then next field",
            Action::No => "no, then next field",
            Action::Apply => "apply",
            Action::Cancel => "cancel",
            Action::Compliance => "compliance figures (G H, P 9.7)",
            Action::MyItems => "my items: what you can act on now, from every queue",
            Action::OpenBlocking => "after a refusal: open the record that blocks the step",
            Action::TakeNearMatch => {
                "a new entity's name is close to a registered one: take the registered one"
            }
            Action::Stop => "stop the work under way (asks first; nothing is left half-done)",
            Action::Passphrase => "change my passphrase",
            Action::Stations => "stations and bundles (sneakernet)",
            Action::Export => "export a bundle for the selected station (IM FP, administrator)",
            Action::Import => "import bundle files (IM FP, administrator)",
            Action::ParentDir => "the directory above",
            Action::Reports => "reports: register, revision, compliance, oversight, access",
            Action::ChooseDir => "choose the directory to write into (a picker)",
            Action::ImportSheet => "bring in a spreadsheet register: dry run first (IM FP)",
            Action::TypePath => "type a path instead (/ begins an absolute one)",
            Action::Mark => "mark or unmark the file (the marked are taken in turn)",
            Action::SelectAll => "mark every file listed (again: unmark them)",
            Action::OutcomeUp => "scroll the last bundle's outcome up (the pane under the table)",
            Action::OutcomeDown => {
                "scroll the last bundle's outcome down (its title says when more is below)"
            }
        }
    }
}

/// A key: code and modifiers. Shift is ignored for characters (it is in the character).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn k(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
    }
}

const fn code(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

impl Key {
    pub fn of(event: &KeyEvent) -> Key {
        Key {
            code: event.code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
        }
    }

    pub fn label(self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "S-Tab".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Backspace => "Bksp".into(),
            other => format!("{other:?}"),
        };
        if self.ctrl {
            format!("Ctrl-{}", base.to_uppercase())
        } else {
            base
        }
    }
}

/// One line of the keymap: the keys, what they do, and whether the footer shows it.
#[derive(Clone, Copy)]
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub footer: bool,
}

const fn b(keys: &'static [Key], action: Action, footer: bool) -> Binding {
    Binding {
        keys,
        action,
        footer,
    }
}

mod tables;
pub use tables::bindings;

/// The action a key has in a context, if any. Keys without one go to the text being typed
/// (in forms, login and search) or are ignored.
pub fn action(context: Context, event: &KeyEvent) -> Option<Action> {
    let key = Key::of(event);
    bindings(context)
        .iter()
        .find(|binding| binding.keys.contains(&key))
        .map(|binding| binding.action)
}

/// The keys of a binding as one label: `↑/k`.
pub fn keys_label(binding: &Binding) -> String {
    binding
        .keys
        .iter()
        .map(|k| k.label())
        .collect::<Vec<_>>()
        .join("/")
}

/// Footer hints of a context: (keys, short description).
pub fn footer(context: Context) -> Vec<(String, &'static str)> {
    footer_actions(context)
        .into_iter()
        .map(|(k, w, _)| (k, w))
        .collect()
}

/// Footer hints of a context with the action each names.
pub fn footer_actions(context: Context) -> Vec<(String, &'static str, Action)> {
    bindings(context)
        .iter()
        .filter(|b| b.footer)
        .map(|b| {
            let keys = b.keys.first().map(|k| k.label()).unwrap_or_default();
            (keys, short(b.action), b.action)
        })
        .collect()
}

/// The few words the footer has room for.
fn short(action: Action) -> &'static str {
    match action {
        Action::Quit => "quit",
        Action::Help => "help",
        Action::FastPath => "THREAT",
        Action::NextPane => "next",
        Action::Advance => "next",
        Action::NextField => "next field",
        Action::PrevField => "prev field",
        Action::OptionNext => "option",
        Action::OptionPrev => "option",
        Action::Toggle => "switch",
        Action::Yes => "yes",
        Action::No => "no",
        Action::Actions => "actions",
        Action::OpenEntity => "entity",
        Action::Browse => "browse",
        Action::EntityList => "entities",
        Action::NewReceipt => "receipt",
        Action::NewShare => "share",
        Action::Search => "search",
        Action::NextPage => "next page",
        Action::NewEntity => "new entity",
        Action::Export => "export",
        Action::Import => "import",
        Action::Stations => "stations",
        Action::Stop => "stop",
        Action::Compliance => "compliance",
        Action::MyItems => "my items",
        Action::OpenBlocking => "open what blocks it",
        Action::TakeNearMatch => "take the close one",
        Action::ParentDir => "up",
        Action::Reports => "reports",
        Action::ChooseDir => "choose directory",
        Action::ImportSheet => "import sheet",
        Action::TypePath => "type path",
        Action::Mark => "mark",
        Action::SelectAll => "all",
        other => other.describe(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Context; 25] = [
        Context::ReportForm,
        Context::ReportText,
        Context::SheetReview,
        Context::Picker,
        Context::PickerPath,
        Context::Stations,
        Context::Compliance,
        Context::Working,
        Context::Login,
        Context::Dashboard,
        Context::Queue,
        Context::Browser,
        Context::Entities,
        Context::Entity,
        Context::Record,
        Context::Themes,
        Context::FormLine,
        Context::FormText,
        Context::FormChoice,
        Context::FormToggle,
        Context::FormSubmit,
        Context::Help,
        Context::Confirm,
        Context::Menu,
        Context::Search,
    ];

    #[test]
    fn no_key_means_two_things_in_one_context() {
        for context in ALL {
            let mut seen = Vec::new();
            for binding in bindings(context) {
                for key in binding.keys {
                    assert!(
                        !seen.contains(key),
                        "{context:?}: {} bound twice",
                        key.label()
                    );
                    seen.push(*key);
                }
            }
        }
    }

    #[test]
    fn flow_control_keys_are_never_bound() {
        for context in ALL {
            for binding in bindings(context) {
                assert!(
                    !binding.keys.contains(&ctrl('s')),
                    "{context:?} binds Ctrl-S"
                );
                assert!(
                    !binding.keys.contains(&ctrl('q')),
                    "{context:?} binds Ctrl-Q"
                );
            }
        }
    }
}
