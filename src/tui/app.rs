//! The console's state. Only `update` changes it; views read it.

use super::forms::Form;
use super::keymap::Context;
use super::msg::PageCursor;
use super::theme::Theme;
use super::widgets::list::Selection;
use super::widgets::scroll::Scroll;
use super::widgets::text_input::TextInput;
use crate::domain::access::Actor;
use crate::domain::assessment_receipt::EntityAssessmentForReceipt;
use crate::domain::assessment_sharing::EntityAssessmentForSharing;
use crate::domain::breach::Breach;
use crate::domain::entity::Entity;
use crate::domain::ids::{RecordId, Time};
use crate::domain::marking::Classification;
use crate::domain::nature::Nature;
use crate::domain::pre_authorisation::PreAuthorisation;
use crate::domain::queue_entry::QueueEntry;
use crate::domain::refusal::Refusal;
use crate::domain::settings::MissionSettings;

mod loadable;
mod stations;
mod work;
pub use loadable::Loadable;
pub use stations::{
    BundleDirection, BundleEntry, BundleStage, ExportReview, StationsInfo, StationsScreen,
};
pub use work::{
    ReportField, ReportStage, ReportsScreen, SheetReview, SheetScreen, SheetStage, Work,
};

/// The smallest terminal the console draws in; below it a "too small" view.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub struct App {
    pub theme: Theme,
    pub mission: String,
    pub station: String,
    pub demo: bool,
    /// `--now` was given: the header says EXERCISE TIME.
    pub exercise: bool,
    /// The registry is read-only here (a file without write permission, a read-only
    /// medium): the header says READ-ONLY and a form that records is refused before it opens.
    pub read_only: bool,
    pub now: Time,
    pub size: (u16, u16),
    pub session: Option<Actor>,
    /// Every entity, for names and choices (a few dozen per mission); a failed reread keeps
    /// them, stale, with why (the entity list says so).
    pub entities: Loadable<Vec<Entity>>,
    pub settings: Option<MissionSettings>,
    pub queues: Queues,
    /// The screens, the current one last; the first is the login or the dashboard.
    pub screens: Vec<Screen>,
    pub modal: Option<Modal>,
    pub status: Option<Status>,
    pub quit: bool,
    /// Where the user's own choices (theme) are kept, if anywhere.
    pub config_file: Option<std::path::PathBuf>,
    /// This station and the others it exchanges bundles with, once read (a failed reread
    /// keeps them, stale, with why).
    pub stations: Loadable<StationsInfo>,
    /// Slow work running on the worker thread (what, since when), oldest first: the header
    /// says so, and the countdowns run on meanwhile.
    pub working: Vec<(&'static str, Time)>,
    /// When the person last pressed a key or pasted (the idle lock counts from it).
    pub last_input: Time,
    /// The console is locked: this asks the passphrase again, and nothing else is drawn.
    pub lock: Option<Box<Login>>,
    /// The directory a file picker last chose from: the next one starts there.
    pub last_dir: Option<std::path::PathBuf>,
}

#[derive(Default)]
pub struct Queues {
    /// When they were last asked for.
    pub loaded_at: Option<Time>,
    /// Urgent, pending, overdue: typed (record kind, marking, who acts, due time), content
    /// shown or withheld; countdowns tick from their times without reloading. A failed
    /// reload keeps them, marked stale, with why.
    pub state: Loadable<[Vec<QueueEntry>; 3]>,
    /// How many events the log held when last looked at, to see another process's changes.
    pub log_len: Option<u64>,
    /// When the log was last looked at, and whether a look is on its way.
    pub log_watched_at: Option<Time>,
    pub log_watch_pending: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatusKind {
    Ok,
    Error,
}

#[derive(Clone, Debug)]
pub struct Status {
    pub kind: StatusKind,
    pub text: String,
}

pub enum Screen {
    Login(Box<Login>),
    Dashboard(Dashboard),
    Queue(QueueScreen),
    Browser(Box<Browser>),
    Entities(ListScreen),
    Entity(Box<EntityScreen>),
    Record(Box<RecordScreen>),
    Form(Box<Form>),
    Themes(ListScreen),
    Stations(Box<StationsScreen>),
    Compliance(Box<ComplianceScreen>),
    /// A spreadsheet register brought in: chosen, dry run shown, confirmed.
    Sheet(Box<SheetScreen>),
    /// A report chosen and written into a directory.
    Reports(Box<ReportsScreen>),
}

/// No queue items: before the first read, or when it failed.
static NO_QUEUES: [Vec<QueueEntry>; 3] = [Vec::new(), Vec::new(), Vec::new()];

impl Queues {
    /// Urgent, pending, overdue, as last read (stale or not); empty before the first read.
    pub fn items(&self) -> &[Vec<QueueEntry>; 3] {
        self.state.value().unwrap_or(&NO_QUEUES)
    }
}

/// The compliance figures (G H, P 9.7) on a screen: the same function as `registrar report
/// compliance`, read on the worker thread.
#[derive(Default)]
pub struct ComplianceScreen {
    pub figures: Loadable<Box<crate::register::compliance::Compliance>>,
    pub scroll: Scroll,
}

pub struct Login {
    pub name: TextInput,
    pub passphrase: TextInput,
    /// 0: name, 1: passphrase.
    pub focus: usize,
    pub error: Option<String>,
    pub checking: bool,
}

#[derive(Default)]
pub struct Dashboard {
    /// 0 urgent, 1 pending, 2 overdue.
    pub focus: usize,
    pub selected: [Selection; 3],
}

pub struct QueueScreen {
    /// 0 urgent, 1 pending, 2 overdue, or `MY_ITEMS`.
    pub queue: usize,
    pub selected: Selection,
}

/// The queue screen of what the person logged in can act on now, across the three queues.
pub const MY_ITEMS: usize = 3;

/// Whether `actor` acts on `item` now: one of the people who hold the acting role and are
/// cleared for the record (src/domain/who_acts.rs), or — when the registry names none — one
/// holding that role.
pub fn acts_on(actor: &Actor, item: &QueueEntry) -> bool {
    if item.acting_people.is_empty() {
        actor.roles.contains(&item.who_acts)
    } else {
        item.acting_people.contains(&actor.name)
    }
}

impl App {
    /// What the person logged in can act on now: (queue, index in it, item), urgent first.
    pub fn my_items(&self) -> Vec<(usize, usize, &QueueEntry)> {
        let Some(actor) = &self.session else {
            return Vec::new();
        };
        self.queues
            .items()
            .iter()
            .enumerate()
            .flat_map(|(q, items)| items.iter().enumerate().map(move |(i, it)| (q, i, it)))
            .filter(|(_, _, it)| acts_on(actor, it))
            .collect()
    }
}

#[derive(Default)]
pub struct ListScreen {
    pub selected: Selection,
    /// `/` on the entity list: words its id or name must have (as the search index folds
    /// them); empty shows every entity.
    pub query: String,
    /// The words when `/` was opened: Esc goes back to them.
    pub query_was: String,
}

/// What the registry browser filters on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BrowseFilter {
    pub kind: Option<BrowseKind>,
    pub entity: Option<RecordId>,
    pub marking: Option<Classification>,
    pub nature: Option<Nature>,
    /// A state name (`draft`, `shared`, `received`, ...) or `open` / `closed`.
    pub state: Option<String>,
    /// Seconds, inclusive.
    pub from: Option<i64>,
    /// Seconds, exclusive.
    pub until: Option<i64>,
    /// `/` search: words found in the title, reference, summary, entity name or id (the
    /// search index; case and accents aside; a word matches the start of a word).
    pub text: String,
}

impl BrowseFilter {
    pub fn is_empty(&self) -> bool {
        *self == BrowseFilter::default()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BrowseKind {
    Share,
    Receipt,
}

/// One row of the browser: what a person may see of a share or receipt.
#[derive(Clone, Debug)]
pub struct BrowseRow {
    pub id: RecordId,
    pub kind: BrowseKind,
    pub at: Time,
    pub level: Classification,
    /// None, like the title, when the person may not see the content: who sent or received
    /// a Strictly Confidential product is itself need to know (P 11.3.3).
    pub entity: Option<RecordId>,
    pub state: String,
    /// None when the person may not see the content (need to know): only id and marking.
    pub title: Option<String>,
    pub reference: Option<String>,
}

pub struct Browser {
    pub filter: BrowseFilter,
    /// The rows of the page last read, and the query (generation) they answer; a failed read
    /// keeps them, stale, with why.
    pub page: Loadable<BrowsePage>,
    /// The cursor each page started from; the last is the current page's.
    pub page_starts: Vec<Option<PageCursor>>,
    /// Where the scan stopped, to continue or to start the next page.
    pub next: Option<PageCursor>,
    pub exhausted: bool,
    pub loading: bool,
    /// Records examined for this page (a filtered page on a large registry is found in
    /// steps, so keys keep working).
    pub scanned: u64,
    /// The search for this page stopped after examining its share of the registry; `n`
    /// searches further back.
    pub paused: bool,
    pub total: u64,
    pub page_size: usize,
    pub selected: Selection,
    /// Results of older queries are dropped.
    pub generation: u64,
    /// The words when `/` was opened: Esc goes back to them.
    pub search_was: String,
}

/// The rows a query of the browser found, and which query.
#[derive(Debug, Default)]
pub struct BrowsePage {
    pub generation: u64,
    pub rows: Vec<BrowseRow>,
}

impl Browser {
    /// The rows shown: the current query's, or — when reading failed — the last ones read,
    /// marked stale; none while a new query is being read.
    pub fn rows(&self) -> &[BrowseRow] {
        match &self.page {
            Loadable::Loaded(p) if p.generation == self.generation => &p.rows,
            Loadable::Stale(p, _) => &p.rows,
            _ => &[],
        }
    }
}

/// What the entity view shows.
pub struct EntityDetail {
    pub entity: Entity,
    pub can_see: bool,
    pub sharing: Option<EntityAssessmentForSharing>,
    pub sharing_in_progress: Option<EntityAssessmentForSharing>,
    pub receipt: Option<EntityAssessmentForReceipt>,
    pub receipt_in_progress: Option<EntityAssessmentForReceipt>,
    pub pre_authorisations: Vec<PreAuthorisation>,
    /// For each of `pre_authorisations`: when and why it ended for good, if it did.
    pub pre_authorisations_ended: Vec<Option<(crate::domain::ids::Time, String)>>,
    pub breaches: Vec<Breach>,
    /// Newest first, what this person may see of each.
    pub history: Vec<BrowseRow>,
    /// Whether the history was cut at the limit.
    pub history_cut: bool,
    /// Receipts from this entity by credibility grade 1–5 (G 9.13), and those not scanned.
    pub credibility: [u64; 5],
    pub unscanned: u64,
    /// The last twelve months, oldest first (G 9.13, G C "Registers" d): products, grades,
    /// rejections, breaches by month, over the whole history, not the newest records only.
    pub months: Vec<(String, crate::register::revision::Month)>,
}

pub struct EntityScreen {
    pub id: RecordId,
    pub detail: Loadable<EntityDetail>,
    pub scroll: u16,
    /// The selected link (Enter opens it).
    pub selected: Selection,
}

impl EntityScreen {
    /// The records the entity view links to, in the order it shows them: assessments,
    /// pre-authorised entries, breaches, then its history.
    pub fn links(&self) -> Vec<RecordId> {
        let Some(d) = self.detail.value() else {
            return Vec::new();
        };
        let mut v: Vec<RecordId> = Vec::new();
        v.extend(d.sharing.iter().map(|a| a.id.clone()));
        v.extend(d.sharing_in_progress.iter().map(|a| a.id.clone()));
        v.extend(d.receipt.iter().map(|a| a.id.clone()));
        v.extend(d.receipt_in_progress.iter().map(|a| a.id.clone()));
        v.extend(d.pre_authorisations.iter().map(|p| p.id.clone()));
        v.extend(d.breaches.iter().map(|b| b.id.clone()));
        v.extend(d.history.iter().map(|r| r.id.clone()));
        v
    }
}

pub use crate::store::detail::RecordDetail;

pub struct RecordScreen {
    pub id: RecordId,
    pub detail: Loadable<RecordDetail>,
    pub scroll: Scroll,
}

pub enum Modal {
    Help { scroll: Scroll },
    Confirm(Confirm),
    Menu(Menu),
    Search(Box<TextInput>),
}

pub struct Confirm {
    pub question: String,
    pub on_yes: Pending,
}

/// What a confirmed question does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pending {
    Quit,
    DiscardForm,
    LogOut,
    /// Stop the export or import under way (at its next safe point).
    StopWork,
}

pub struct Menu {
    pub title: String,
    pub items: Vec<MenuItem>,
    pub selected: Selection,
}

#[derive(Clone, Debug)]
pub struct MenuItem {
    pub label: String,
    pub form: super::forms::FormKind,
    pub target: Option<RecordId>,
}

/// A guard's refusal or a role check, as the person reads it.
#[derive(Clone, Debug)]
pub enum Blocked {
    Refused(Refusal),
    NotAllowed(String),
    Failed(String),
}

impl App {
    /// The entities the entity list shows: every one, or those whose id and name hold every
    /// word of its `/` search (a word matches the start of a word, case and accents aside).
    pub fn listed_entities(&self, query: &str) -> Vec<&crate::domain::entity::Entity> {
        let query = crate::store::search_query::SearchQuery::new(query);
        self.entities()
            .iter()
            .filter(|e| query.is_empty() || query.matches_text(&format!("{} {}", e.id, e.name())))
            .collect()
    }
}

impl App {
    pub fn new(theme: Theme, mission: String, station: String, demo: bool, now: Time) -> App {
        App {
            theme,
            mission,
            station,
            demo,
            exercise: false,
            read_only: false,
            now,
            size: (MIN_WIDTH, MIN_HEIGHT),
            session: None,
            entities: Loadable::Loading,
            settings: None,
            queues: Queues::default(),
            screens: vec![Screen::Login(Box::default())],
            modal: None,
            status: None,
            quit: false,
            working: Vec::new(),
            last_input: now,
            lock: None,
            last_dir: None,
            config_file: None,
            stations: Loadable::Loading,
        }
    }

    pub fn screen(&self) -> &Screen {
        // `screens` is never empty: the first screen is never popped.
        self.screens.last().unwrap_or_else(|| unreachable!())
    }

    pub fn screen_mut(&mut self) -> &mut Screen {
        self.screens.last_mut().unwrap_or_else(|| unreachable!())
    }

    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_WIDTH || self.size.1 < MIN_HEIGHT
    }

    /// The keymap context of what has the keyboard now.
    /// Whether the browser has room for every column on one line (else two lines a record).
    pub fn browser_wide(&self) -> bool {
        self.size.0 >= 112
    }

    pub fn context(&self) -> Context {
        if self.lock.is_some() {
            return Context::Login;
        }
        match &self.modal {
            Some(Modal::Help { .. }) => return Context::Help,
            Some(Modal::Confirm(_)) => return Context::Confirm,
            Some(Modal::Menu(_)) => return Context::Menu,
            Some(Modal::Search(_)) => return Context::Search,
            None => {}
        }
        self.screen_context()
    }

    /// The context whose keys the help overlay lists: the screen under any dialog.
    pub fn screen_context(&self) -> Context {
        match self.screen() {
            Screen::Login(_) => Context::Login,
            Screen::Dashboard(_) => Context::Dashboard,
            Screen::Queue(_) => Context::Queue,
            Screen::Browser(_) => Context::Browser,
            Screen::Entities(_) => Context::Entities,
            Screen::Entity(_) => Context::Entity,
            Screen::Record(_) => Context::Record,
            Screen::Themes(_) => Context::Themes,
            Screen::Compliance(_) => Context::Compliance,
            Screen::Stations(s) => match &s.stage {
                BundleStage::List => Context::Stations,
                BundleStage::Working(_) => Context::Working,
                BundleStage::Entry(_) => Context::FormLine,
                BundleStage::Picking(p) if p.typing => Context::PickerPath,
                BundleStage::Picking(_) => Context::Picker,
                BundleStage::Review(_) => Context::Confirm,
            },
            Screen::Form(form) => form.context(),
            Screen::Sheet(s) => match &s.stage {
                SheetStage::Picking(p) if p.typing => Context::PickerPath,
                SheetStage::Picking(_) => Context::Picker,
                SheetStage::Working(_) => Context::Working,
                SheetStage::Review(_) | SheetStage::Done(..) => Context::SheetReview,
            },
            Screen::Reports(s) => match &s.stage {
                ReportStage::Picking(p) if p.typing => Context::PickerPath,
                ReportStage::Picking(_) => Context::Picker,
                ReportStage::Working(_) => Context::Working,
                ReportStage::Form
                    if matches!(
                        s.focus,
                        ReportField::From | ReportField::To | ReportField::Dir
                    ) =>
                {
                    Context::ReportText
                }
                ReportStage::Form => Context::ReportForm,
            },
        }
    }

    /// Every entity, as last read (stale or not); none before the first read.
    pub fn entities(&self) -> &[Entity] {
        self.entities.value().map_or(&[], |v| v)
    }

    pub fn entity_name(&self, id: &RecordId) -> String {
        self.entities()
            .iter()
            .find(|e| &e.id == id)
            .map(|e| e.name().to_string())
            .unwrap_or_else(|| id.to_string())
    }

    /// Typed text that leaving would lose: any form with input on the stack.
    pub fn typed_work(&self) -> bool {
        self.screens.iter().any(|s| match s {
            Screen::Form(f) => f.is_dirty(),
            _ => false,
        })
    }

    pub fn ok(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            kind: StatusKind::Ok,
            text: text.into(),
        });
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            kind: StatusKind::Error,
            text: text.into(),
        });
    }
}

impl Login {
    pub fn new() -> Login {
        let mut name = TextInput::new("");
        name.set_focus(true);
        Login {
            name,
            passphrase: TextInput::masked(),
            focus: 0,
            error: None,
            checking: false,
        }
    }
}

impl Default for Login {
    fn default() -> Self {
        Login::new()
    }
}
