//! A file picker over a directory, for files coming in on a medium (bundles, sheets) and for
//! the directory a report is written into: entries listed directories first, `..` to go up,
//! Enter into a directory; in file mode Space marks files and `a` marks every one that fits;
//! Tab types a path instead. Listing a directory (a slow stick) runs on the worker thread:
//! the picker asks for it with an effect and the listing comes back as a message.

use super::app::Loadable;
use super::keymap::Action;
use super::msg::Effect;
use super::widgets::list::{Move, Selection};
use super::widgets::text_input::TextInput;
use crossterm::event::KeyEvent;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

static NEXT: AtomicU64 = AtomicU64::new(1);

/// What the picker picks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PickMode {
    /// Files whose names end in one of `extensions` (case aside); `multi`: several at once.
    Files {
        multi: bool,
        extensions: &'static [&'static str],
        /// What one such file is called: "bundle", "sheet".
        noun: &'static str,
    },
    /// A directory to write into.
    Directory,
}

/// One entry of a directory listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirEntry {
    pub name: String,
    pub dir: bool,
    pub size: u64,
}

/// A directory's entries that the picker offers: directories first, then the files that fit,
/// each by name; how many others were left out.
#[derive(Clone, Debug)]
pub struct Listing {
    pub dir: PathBuf,
    pub entries: Vec<DirEntry>,
    pub others: usize,
}

/// What the worker found at a path asked for.
#[derive(Clone, Debug)]
pub enum Listed {
    Dir(Listing),
    /// A typed path that is a file.
    File(PathBuf),
}

/// A row of the picker's list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Row {
    /// `..`: the directory above.
    Up,
    /// In directory mode: write into the directory shown.
    Here,
    Entry(usize),
}

/// What a key or a listing leads to, for the screen that holds the picker.
pub enum Picked {
    Nothing,
    /// The worker is to list (or look at) a path.
    Effect(Effect),
    Files(Vec<PathBuf>),
    Directory(PathBuf),
    /// Esc: the person went back without choosing.
    Cancel,
}

pub struct Picker {
    pub mode: PickMode,
    /// The directory shown (or asked for).
    pub dir: Option<PathBuf>,
    pub listing: Loadable<Listing>,
    pub selected: Selection,
    /// Files marked, in the order marked.
    pub chosen: Vec<PathBuf>,
    /// A path typed instead (Tab).
    pub path: TextInput,
    pub typing: bool,
    /// Listings asked for earlier are dropped.
    pub generation: u64,
    /// Why the last typed path or listing could not be used.
    pub error: Option<String>,
}

impl Picker {
    /// A picker, and the effect that lists where it starts: `start`, or else the mounted
    /// medium (the worker looks for it).
    pub fn open(mode: PickMode, start: Option<PathBuf>) -> (Picker, Effect) {
        let mut picker = Picker {
            mode,
            dir: start.clone(),
            listing: Loadable::Loading,
            selected: Selection::default(),
            chosen: Vec::new(),
            path: TextInput::new(""),
            typing: false,
            generation: 0,
            error: None,
        };
        let effect = picker.list(start);
        (picker, effect)
    }

    fn list(&mut self, path: Option<PathBuf>) -> Effect {
        self.generation = NEXT.fetch_add(1, Ordering::Relaxed);
        Effect::ListDir {
            path,
            mode: self.mode,
            generation: self.generation,
        }
    }

    /// The rows in the order shown.
    pub fn rows(&self) -> Vec<Row> {
        let mut rows = Vec::new();
        if self.mode == PickMode::Directory && self.listing.value().is_some() {
            rows.push(Row::Here);
        }
        if let Some(l) = self.listing.value() {
            if l.dir.parent().is_some() {
                rows.push(Row::Up);
            }
            rows.extend((0..l.entries.len()).map(Row::Entry));
        }
        rows
    }

    fn entry(&self, row: Row) -> Option<(PathBuf, &DirEntry)> {
        let l = self.listing.value()?;
        match row {
            Row::Entry(i) => l.entries.get(i).map(|e| (l.dir.join(&e.name), e)),
            _ => None,
        }
    }

    pub fn is_chosen(&self, path: &Path) -> bool {
        self.chosen.iter().any(|c| c == path)
    }

    fn multi(&self) -> bool {
        matches!(self.mode, PickMode::Files { multi: true, .. })
    }

    fn toggle(&mut self, path: PathBuf) {
        if let Some(i) = self.chosen.iter().position(|c| *c == path) {
            self.chosen.remove(i);
        } else {
            self.chosen.push(path);
        }
    }

    pub fn set_typing(&mut self, typing: bool) {
        self.typing = typing;
        self.path.set_focus(typing);
    }

    pub fn key(&mut self, action: Option<Action>, key: &KeyEvent) -> Picked {
        if self.typing {
            return self.typing_key(action, key);
        }
        let rows = self.rows();
        self.selected.set_len(rows.len());
        let here = self.selected.index();
        match action {
            Some(Action::Up) => self.selected.go(Move::Up),
            Some(Action::Down) => self.selected.go(Move::Down),
            Some(Action::PageUp) => self.selected.go(Move::PageUp),
            Some(Action::PageDown) => self.selected.go(Move::PageDown),
            Some(Action::Top) => self.selected.go(Move::First),
            Some(Action::Bottom) => self.selected.go(Move::Last),
            Some(Action::Back) => return Picked::Cancel,
            Some(Action::TypePath) => {
                // `/` begins an absolute path; Tab a path from the directory shown.
                if key.code == crossterm::event::KeyCode::Char('/') {
                    self.path.set_text("/");
                }
                self.set_typing(true);
            }
            Some(Action::Refresh) => return Picked::Effect(self.list(self.dir.clone())),
            Some(Action::ParentDir) => return self.up(),
            Some(Action::Mark) if self.multi() => {
                if let Some((path, e)) = rows.get(here).and_then(|r| self.entry(*r))
                    && !e.dir
                {
                    self.toggle(path);
                    self.selected.go(Move::Down);
                }
            }
            Some(Action::SelectAll) if self.multi() => {
                let files: Vec<PathBuf> = rows
                    .iter()
                    .filter_map(|r| self.entry(*r))
                    .filter(|(_, e)| !e.dir)
                    .map(|(p, _)| p)
                    .collect();
                if files.iter().all(|f| self.is_chosen(f)) {
                    self.chosen.retain(|c| !files.contains(c));
                } else {
                    for f in files {
                        if !self.is_chosen(&f) {
                            self.chosen.push(f);
                        }
                    }
                }
            }
            Some(Action::Open) => match rows.get(here) {
                Some(Row::Up) => return self.up(),
                Some(Row::Here) => {
                    if let Some(l) = self.listing.value() {
                        return Picked::Directory(l.dir.clone());
                    }
                }
                Some(row @ Row::Entry(_)) => {
                    if let Some((path, e)) = self.entry(*row) {
                        if e.dir {
                            self.error = None;
                            return self.go(path);
                        }
                        if !self.chosen.is_empty() {
                            return Picked::Files(self.chosen.clone());
                        }
                        return Picked::Files(vec![path]);
                    }
                }
                None => {}
            },
            _ => {}
        }
        Picked::Nothing
    }

    fn typing_key(&mut self, action: Option<Action>, key: &KeyEvent) -> Picked {
        match action {
            Some(Action::Back) | Some(Action::NextField) | Some(Action::PrevField) => {
                self.set_typing(false)
            }
            Some(Action::Advance) => {
                let text = self.path.text().trim().to_string();
                if text.is_empty() {
                    self.error = Some("Type a path, or Tab to choose from the list.".into());
                    return Picked::Nothing;
                }
                self.error = None;
                let typed = PathBuf::from(text);
                let path = match &self.dir {
                    Some(dir) if typed.is_relative() => dir.join(typed),
                    _ => typed,
                };
                let effect = self.list(Some(path));
                return Picked::Effect(effect);
            }
            _ => {
                self.path.key(key);
            }
        }
        Picked::Nothing
    }

    pub fn paste(&mut self, text: &str) {
        if !self.typing {
            self.path.set_text("");
            self.set_typing(true);
        }
        self.path.paste(text);
    }

    fn up(&mut self) -> Picked {
        match self
            .dir
            .as_ref()
            .and_then(|d| d.parent())
            .map(Path::to_path_buf)
        {
            Some(parent) => self.go(parent),
            None => Picked::Nothing,
        }
    }

    fn go(&mut self, dir: PathBuf) -> Picked {
        self.dir = Some(dir.clone());
        self.selected = Selection::default();
        Picked::Effect(self.list(Some(dir)))
    }

    /// A listing came back: shown if it is the one asked for last. A typed file is chosen
    /// (in file mode); a typed path that cannot be used is said, the text kept.
    pub fn arrive(&mut self, generation: u64, result: Result<Listed, String>) -> Picked {
        if generation != self.generation {
            return Picked::Nothing;
        }
        match result {
            Ok(Listed::Dir(listing)) => {
                if self.typing {
                    self.set_typing(false);
                    self.path.set_text("");
                }
                let same = self.listing.value().is_some_and(|l| l.dir == listing.dir);
                self.dir = Some(listing.dir.clone());
                self.error = None;
                self.listing = Loadable::Loaded(listing);
                let rows = self.rows();
                // A new directory starts on its first entry, past `..` (in file mode).
                let first = match self.mode {
                    PickMode::Directory => 0,
                    PickMode::Files { .. } => rows
                        .iter()
                        .position(|r| matches!(r, Row::Entry(_)))
                        .unwrap_or(0),
                };
                let at = if same { self.selected.index() } else { first };
                self.selected = Selection::at(at, rows.len());
                Picked::Nothing
            }
            Ok(Listed::File(file)) => match self.mode {
                PickMode::Directory => {
                    self.error = Some(format!(
                        "{} is a file: choose the directory to write into.",
                        file.display()
                    ));
                    Picked::Nothing
                }
                PickMode::Files { .. } => Picked::Files(vec![file]),
            },
            Err(e) => {
                if self.typing {
                    self.error = Some(e);
                } else {
                    self.error = Some(e.clone());
                    self.listing.arrive(Err(e));
                }
                Picked::Nothing
            }
        }
    }
}

/// Where a picker starts when nothing was typed or used before: the mounted medium (the only
/// one under /media/<user>, /run/media/<user> or /media), else the home directory, else here.
pub fn medium() -> PathBuf {
    let user = std::env::var("USER").unwrap_or_default();
    let bases = [
        PathBuf::from("/media").join(&user),
        PathBuf::from("/run/media").join(&user),
        PathBuf::from("/media"),
    ];
    for base in bases {
        let Ok(entries) = std::fs::read_dir(&base) else {
            continue;
        };
        let dirs: Vec<PathBuf> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        if let [only] = dirs.as_slice() {
            return only.clone();
        }
        if !dirs.is_empty() {
            return base;
        }
    }
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .filter(|h| h.is_dir())
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("/"))
}

/// Lists `path` for the picker (on the worker thread): a directory's entries that fit the
/// mode, or the file typed. What cannot be read is said plainly.
pub fn list(path: Option<PathBuf>, mode: PickMode) -> Result<Listed, String> {
    let path = path.unwrap_or_else(medium);
    let meta = std::fs::metadata(&path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!("{}: no such file or directory", path.display()),
        std::io::ErrorKind::PermissionDenied => {
            format!(
                "{}: you may not read it (permission denied)",
                path.display()
            )
        }
        _ => format!("{}: {e}", path.display()),
    })?;
    if !meta.is_dir() {
        return Ok(Listed::File(path));
    }
    let read = std::fs::read_dir(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut entries = Vec::new();
    let mut others = 0;
    for e in read.filter_map(|e| e.ok()) {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        // Following links, as a person opening the path would.
        let Ok(meta) = std::fs::metadata(e.path()) else {
            others += 1;
            continue;
        };
        let fits = meta.is_dir()
            || match mode {
                PickMode::Files { extensions, .. } => {
                    let lower = name.to_lowercase();
                    extensions.iter().any(|x| lower.ends_with(x))
                }
                PickMode::Directory => false,
            };
        if fits {
            entries.push(DirEntry {
                name,
                dir: meta.is_dir(),
                size: meta.len(),
            });
        } else {
            others += 1;
        }
    }
    entries.sort_by(|a, b| b.dir.cmp(&a.dir).then_with(|| a.name.cmp(&b.name)));
    Ok(Listed::Dir(Listing {
        dir: path,
        entries,
        others,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUNDLES: PickMode = PickMode::Files {
        multi: true,
        extensions: &[".age"],
        noun: "bundle",
    };

    #[test]
    fn a_listing_puts_directories_first_and_leaves_out_what_does_not_fit() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("zeta")).unwrap();
        std::fs::write(dir.path().join("b.age"), b"x").unwrap();
        std::fs::write(dir.path().join("a.AGE"), b"x").unwrap();
        std::fs::write(dir.path().join("a.age.sig"), b"x").unwrap();
        std::fs::write(dir.path().join(".hidden.age"), b"x").unwrap();
        let Ok(Listed::Dir(l)) = list(Some(dir.path().to_path_buf()), BUNDLES) else {
            panic!("not listed")
        };
        let names: Vec<&str> = l.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["zeta", "a.AGE", "b.age"]);
        assert_eq!(l.others, 1);
        let Ok(Listed::File(f)) = list(Some(dir.path().join("b.age")), BUNDLES) else {
            panic!("a file is not a directory")
        };
        assert_eq!(f, dir.path().join("b.age"));
        let missing = list(Some(dir.path().join("nope")), BUNDLES).unwrap_err();
        assert!(missing.contains("no such file or directory"), "{missing}");
    }
}
