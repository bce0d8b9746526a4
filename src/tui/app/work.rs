//! Long work a screen runs on the worker (export, import, a sheet, a report): its progress and
//! stop, and the report and sheet screens' state.

use super::*;

/// Long work under way on the worker thread, as a screen shows it.
pub struct Work {
    /// `Writing MINUSCA-JMAC-1-to-MINUSCA-HQ-000001-C.age…`
    pub what: String,
    pub job: super::super::job::Job,
    /// The latest progress the worker sent, if any yet.
    pub progress: Option<super::super::job::Progress>,
    /// The person asked to stop; the work stops at its next safe point.
    pub stopping: bool,
    /// What was typed to start it (direction, peer, path): given back after an error.
    pub typed: Option<(BundleDirection, String, String)>,
    /// Several files in turn: after the work, the list (not the typed path) is shown.
    pub files: usize,
}

impl Work {
    pub fn new(what: String) -> Work {
        Work {
            what,
            job: super::super::job::Job::new(),
            progress: None,
            stopping: false,
            typed: None,
            files: 0,
        }
    }
}

/// The reports screen (issue 12): which report (those the role may produce), its period and
/// entity, the format, and the directory to write into (typed, or chosen in the picker).
pub struct ReportsScreen {
    pub kinds: Vec<crate::register::reports::ReportKind>,
    pub kind: usize,
    pub from: TextInput,
    pub to: TextInput,
    /// 0: every entity (the register) or none chosen (the revision); n: `app.entities()[n-1]`.
    pub entity: usize,
    pub format: usize,
    pub dir: TextInput,
    pub focus: ReportField,
    pub stage: ReportStage,
    /// Where the last report went, or why not.
    pub outcome: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportField {
    Kind,
    From,
    To,
    Entity,
    Format,
    Dir,
}

pub enum ReportStage {
    Form,
    /// Choosing the directory in the picker.
    Picking(Box<super::super::picker::Picker>),
    Working(Box<Work>),
}

/// Bringing in a sheet from the console (issue 12): the file chosen in the picker, the dry
/// run on the worker, nothing written until y, then the whole sheet in one transaction.
pub struct SheetScreen {
    pub stage: SheetStage,
}

pub enum SheetStage {
    Picking(Box<super::super::picker::Picker>),
    Working(Box<Work>),
    /// The dry run: what would be created and every row that cannot be; y imports.
    Review(Box<SheetReview>),
    /// What was done (or why not), to read before going back.
    Done(Vec<String>, Scroll),
}

pub struct SheetReview {
    pub file: std::path::PathBuf,
    /// The dry run in lines (mapping, plan, bad rows).
    pub lines: Vec<String>,
    /// Whether y may import: lines to import, no bad row, every new entity's kind known.
    pub ready: bool,
    /// (shares, receipts, new entities): what y imports, checked again before writing.
    pub counts: (usize, usize, usize),
    pub scroll: Scroll,
}

impl Work {
    /// The work of the screen on top of the stack, if it is running some.
    pub fn of(screen: &mut Screen) -> Option<&mut Work> {
        match screen {
            Screen::Stations(s) => match &mut s.stage {
                BundleStage::Working(w) => Some(w.as_mut()),
                _ => None,
            },
            Screen::Sheet(s) => match &mut s.stage {
                SheetStage::Working(w) => Some(w.as_mut()),
                _ => None,
            },
            Screen::Reports(s) => match &mut s.stage {
                ReportStage::Working(w) => Some(w.as_mut()),
                _ => None,
            },
            _ => None,
        }
    }
}
