//! The stations screen's state: this station and its peers, and a bundle's export or import
//! from choosing the files to the outcome.

use super::*;

/// What the console knows of the sneakernet: this station and the others.
#[derive(Clone, Debug)]
pub struct StationsInfo {
    pub own: String,
    pub own_clearance: Option<Classification>,
    /// Trusted peers, then stations known only from bundles, by id.
    pub peers: Vec<crate::bundle::status::StationStatus>,
}

impl StationsInfo {
    /// Trusted peers with changes they have not acknowledged, most first.
    pub fn pending(&self) -> Vec<(&str, u64)> {
        let mut v: Vec<(&str, u64)> = self
            .peers
            .iter()
            .filter(|p| p.trusted && p.not_acknowledged > 0)
            .map(|p| (p.station.as_str(), p.not_acknowledged))
            .collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        v
    }
}

/// The stations screen and the bundle it is moving, if any.
#[derive(Default)]
pub struct StationsScreen {
    /// Among the trusted peers.
    pub selected: Selection,
    pub stage: BundleStage,
    /// What the last export or import did, shown under the table.
    pub outcome: Vec<String>,
    /// Where the outcome is scrolled to when it is longer than its pane (PgUp/PgDn).
    pub outcome_scroll: Scroll,
}

#[derive(Default)]
pub enum BundleStage {
    #[default]
    List,
    /// Choosing the bundle files to import from a directory (the medium).
    Picking(Box<super::super::picker::Picker>),
    /// Typing where to write (or which file to read) and the station key passphrase.
    Entry(Box<BundleEntry>),
    /// Waiting for the store: the work, how far it is, and whether a stop was asked.
    Working(Box<Work>),
    /// The export's summary, asking to confirm before anything is written.
    Review(Box<ExportReview>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BundleDirection {
    Export,
    Import,
}

pub struct BundleEntry {
    pub direction: BundleDirection,
    /// The peer an export is for.
    pub peer: String,
    /// The output directory (export) or the bundle file (import).
    pub path: TextInput,
    /// The bundle files chosen in the picker, imported in turn (then `path` is not asked).
    pub files: Vec<std::path::PathBuf>,
    pub passphrase: TextInput,
    /// 0: path, 1: passphrase.
    pub focus: usize,
}

/// A planned export, shown before it is written.
pub struct ExportReview {
    pub peer: String,
    pub dir: std::path::PathBuf,
    pub passphrase: zeroize::Zeroizing<String>,
    pub summary: Vec<String>,
    pub file_name: String,
}
