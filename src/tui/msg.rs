//! What flows through the loop: messages into `update`, effects out of it. Effects run
//! against the store and come back as messages.

use super::app::{Blocked, BrowseFilter, BrowseRow, EntityDetail, RecordDetail};
use super::forms::{FormContext, FormKind, Step};
use super::job::Job;
use crate::domain::access::Actor;
use crate::domain::entity::Entity;
use crate::domain::ids::RecordId;
use crate::domain::marking::Classification;
use crate::domain::queue_entry::QueueEntry;
use crate::domain::role::Role;
use crate::domain::settings::MissionSettings;
use crate::store::browse::Cursor;
use crate::store::search_query::SearchCursor;
use crossterm::event::KeyEvent;
use zeroize::Zeroizing;

pub enum Msg {
    Key(KeyEvent),
    /// Bracketed paste: text, never a key press — a pasted newline never submits.
    Paste(String),
    Resize(u16, u16),
    /// The slow tick, with the time now: countdowns and the clock move on.
    Tick(crate::domain::ids::Time),
    LoggedIn(Result<Session, String>),
    /// The three queues, and the length of the log read before them: the baseline the log
    /// watch compares with, so a change made after this read is never missed.
    Queues(Result<([Vec<QueueEntry>; 3], u64), String>),
    /// The log's length, or why it could not be read.
    LogLen(Result<u64, String>),
    Browsed {
        generation: u64,
        result: Result<BrowseChunk, String>,
    },
    BrowseTotal(u64),
    Record(RecordId, Result<RecordDetail, String>),
    Entity(RecordId, Result<EntityDetail, String>),
    /// Entities and settings, after login and after every change.
    Reference(Result<(Vec<Entity>, MissionSettings), String>),
    FormReady(FormKind, Option<RecordId>, Result<FormContext, String>),
    /// The records changed or created (in step order), and whether every step went through.
    Executed {
        done: Vec<RecordId>,
        result: Result<(), Blocked>,
        /// Where the record made stands in the urgent queue, if it is there: (place, of).
        urgent: Option<(usize, usize)>,
    },
    Saved(Result<(), String>),
    Stations(Result<super::app::StationsInfo, String>),
    /// An export planned: what will cross the gap, to confirm.
    ExportPlanned(Result<Box<super::app::ExportReview>, String>),
    /// A bundle written (its files), or why not.
    Exported(Result<Vec<String>, String>),
    /// Bundle files imported in turn: each file, and what it did (in lines) or why not.
    Imported(Vec<(std::path::PathBuf, super::bundles::Said)>),
    /// A sheet's dry run, to confirm, or why it cannot be read.
    SheetPlanned(Result<Box<super::app::SheetReview>, String>),
    /// What the sheet's import did (in lines), or why nothing was written.
    SheetImported(Result<Vec<String>, String>),
    /// A report written (where it went), or why not.
    ReportWritten(Result<Vec<String>, String>),
    /// A directory listed for a picker (or a typed path looked at), or why not.
    Listed {
        generation: u64,
        result: Result<super::picker::Listed, String>,
    },
    /// How far long work on the worker thread is.
    Progress(super::job::Progress),
    /// The compliance figures, or why not.
    Compliance(Result<Box<crate::register::compliance::Compliance>, String>),
}

/// What a login brings: who, and what every screen needs.
pub struct Session {
    pub actor: Actor,
    pub entities: Vec<Entity>,
    pub settings: MissionSettings,
}

/// Where a browser page starts: in the browser's index (registered time, newest first) or,
/// with words typed after `/`, in the search index (search number, newest first).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PageCursor {
    Registered(Cursor),
    Searched(SearchCursor),
}

/// A part of a browser page: matching rows found, and where the scan stopped.
pub struct BrowseChunk {
    pub rows: Vec<BrowseRow>,
    pub next: Option<PageCursor>,
    pub exhausted: bool,
    pub scanned: u64,
    /// Continuing the same page (true) or starting it.
    pub append: bool,
}

pub enum Effect {
    Authenticate {
        name: String,
        passphrase: Zeroizing<String>,
    },
    LoadQueues(Actor),
    /// How long the log is: another process may have written.
    WatchLog,
    LoadReference,
    LoadRecord(Actor, RecordId),
    LoadEntity(Actor, RecordId),
    Browse {
        actor: Actor,
        filter: BrowseFilter,
        start: Option<PageCursor>,
        want: usize,
        generation: u64,
        append: bool,
    },
    BrowseTotal,
    PrepareForm {
        actor: Actor,
        kind: FormKind,
        target: Option<RecordId>,
    },
    Execute {
        actor: Actor,
        steps: Vec<Step>,
    },
    AddUser {
        actor: Actor,
        name: String,
        roles: Vec<Role>,
        clearance: Classification,
        passphrase: Zeroizing<String>,
    },
    ChangePassphrase {
        actor: Actor,
        passphrase: Zeroizing<String>,
    },
    LoadStations,
    /// Plans an export for `peer` into `dir`; nothing is written.
    PlanExport {
        actor: Actor,
        peer: String,
        dir: std::path::PathBuf,
        passphrase: Zeroizing<String>,
        job: Job,
    },
    /// Writes the export confirmed: planned again, and refused if it changed since.
    WriteExport {
        actor: Actor,
        review: Box<super::app::ExportReview>,
        job: Job,
    },
    /// Imports the files in turn; one refused never stops the others.
    ImportBundle {
        actor: Actor,
        files: Vec<std::path::PathBuf>,
        passphrase: Zeroizing<String>,
        job: Job,
    },
    /// Reads a sheet and plans its import against the registry: nothing is written.
    SheetDryRun {
        actor: Actor,
        file: std::path::PathBuf,
        job: Job,
    },
    /// Imports the sheet whole in one transaction, if its plan is still the one confirmed.
    SheetImport {
        actor: Actor,
        file: std::path::PathBuf,
        counts: (usize, usize, usize),
        job: Job,
    },
    /// Writes a report into a directory.
    WriteReport {
        actor: Actor,
        spec: super::reports::ReportSpec,
        job: Job,
    },
    /// Lists a directory for a picker (None: the mounted medium), or looks at a typed path.
    ListDir {
        path: Option<std::path::PathBuf>,
        mode: super::picker::PickMode,
        generation: u64,
    },
    /// The compliance figures for the whole registry up to now, as `actor` may read them.
    LoadCompliance(Actor),
    /// Remember the theme chosen in the console for next time.
    SaveTheme {
        file: std::path::PathBuf,
        name: String,
    },
}

impl Effect {
    /// What a slow effect is doing, in the words the header shows while it runs.
    pub fn doing(&self) -> &'static str {
        match self {
            Effect::Authenticate { .. } => "CHECKING PASSPHRASE",
            Effect::AddUser { .. } | Effect::ChangePassphrase { .. } => "HASHING PASSPHRASE",
            Effect::PlanExport { .. } => "PLANNING BUNDLE",
            Effect::WriteExport { .. } => "WRITING BUNDLE",
            Effect::ImportBundle { .. } => "IMPORTING BUNDLE",
            Effect::SheetDryRun { .. } => "READING SHEET",
            Effect::SheetImport { .. } => "IMPORTING SHEET",
            Effect::WriteReport { .. } => "WRITING REPORT",
            _ => "WORKING",
        }
    }

    /// Effects slow enough that the screen should say so while they run.
    pub fn is_slow(&self) -> bool {
        matches!(
            self,
            Effect::Authenticate { .. }
                | Effect::AddUser { .. }
                | Effect::ChangePassphrase { .. }
                | Effect::PlanExport { .. }
                | Effect::WriteExport { .. }
                | Effect::ImportBundle { .. }
                | Effect::SheetDryRun { .. }
                | Effect::SheetImport { .. }
                | Effect::WriteReport { .. }
        )
    }
}
