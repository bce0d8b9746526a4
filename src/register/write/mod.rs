//! Writing the reports: .xlsx through rust_xlsxwriter (printed headers and footers, native
//! charts, a constant-memory sheet for long registers) and .csv through the csv crate. The
//! command line and the console call these with their own progress display.

mod access;
mod compliance;
mod oversight;
mod register;
mod revision;

pub use access::{ACCESS_COLUMNS, AccessWritten, write_access};
pub use compliance::{compliance_of, write_compliance};
pub use oversight::OversightSheet;
pub use register::{RegisterWritten, entity_names, write_register};
pub use revision::{revision_of, write_revision};

use crate::domain::marking::Classification;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use std::borrow::Cow;
use std::io::Write;
use std::path::{Path, PathBuf};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum WriteError {
    #[error("{0}")]
    Store(#[from] crate::store::StoreError),
    #[error("{path}: {message}")]
    File { path: String, message: String },
    #[error("stopped as asked: no report was written")]
    Stopped,
}

impl WriteError {
    pub fn file(path: &Path, e: impl std::fmt::Display) -> Self {
        WriteError::File {
            path: path.display().to_string(),
            message: e.to_string(),
        }
    }
}

/// Saves a workbook whole at `path`: written to a temporary file beside it, flushed, and
/// renamed into place only when complete. A full disk or a killed process leaves no empty or
/// truncated report under its name (a reader could take it for the register).
pub fn save_whole(book: &mut Workbook, path: &Path) -> Result<(), WriteError> {
    let e = xlsx_error(path);
    crate::store::whole_file::stream_whole(path, |file| {
        let mut w = std::io::BufWriter::new(file);
        book.save_to_writer(&mut w).map_err(&e)?;
        w.flush().map_err(|err| WriteError::file(path, err))
    })
}

/// How a long report tells its progress: a bar on the command line, a gauge in the console.
pub trait Progress {
    fn start(&self, what: &str, total: u64);
    fn advance(&self, n: u64);
    fn finish(&self);
    /// Whether the person asked the report to stop (the console's Esc): the writer then
    /// stops with `WriteError::Stopped` and leaves no file.
    fn stop_asked(&self) -> bool {
        false
    }
}

/// Ends a visit of the registry when a stop was asked for (the caller says it was stopped:
/// `Progress::stop_asked` is still true).
pub fn halt_if_stopped(progress: &dyn Progress) -> Result<(), crate::store::StoreError> {
    if progress.stop_asked() {
        Err(crate::store::StoreError::Io {
            path: PathBuf::from("report"),
            message: "stopped as asked".into(),
        })
    } else {
        Ok(())
    }
}

/// No display (tests, scripts).
pub struct Quiet;

impl Progress for Quiet {
    fn start(&self, _: &str, _: u64) {}
    fn advance(&self, _: u64) {}
    fn finish(&self) {}
}

/// The .csv writer a report's rows go to (`write_marked_csv`).
pub type CsvOut<'f> = csv::Writer<std::io::BufWriter<&'f mut std::fs::File>>;

/// A report as .csv, under a temporary name and renamed when whole (see `save_whole`): the
/// marking and the title head it, then the column names, then what `rows` writes, and the
/// marking closes it, as on paper.
pub fn write_marked_csv(
    path: &Path,
    level: Classification,
    title: &str,
    columns: &[&str],
    rows: impl FnOnce(&mut CsvOut<'_>) -> Result<(), WriteError>,
) -> Result<(), WriteError> {
    crate::store::whole_file::stream_whole(path, |file| {
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(std::io::BufWriter::new(file));
        let err = |e: csv::Error| WriteError::file(path, e);
        w.write_record([level.to_string(), title.to_string()])
            .map_err(err)?;
        w.write_record(columns).map_err(err)?;
        rows(&mut w)?;
        w.write_record([level.to_string()]).map_err(err)?;
        w.flush().map_err(|e| WriteError::file(path, e))
    })
}

/// The marking as a file name carries it: `STRICTLY-CONFIDENTIAL`.
pub fn marking_word(level: Classification) -> String {
    level.to_string().replace(' ', "-")
}

/// `register.xlsx` → `register_CONFIDENTIAL.xlsx`: the file name carries the highest marking
/// inside (left as it is when the name already says it).
pub fn marked_path(out: &Path, level: Classification) -> PathBuf {
    let word = marking_word(level);
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if stem.to_uppercase().ends_with(&word) {
        return out.to_path_buf();
    }
    let name = match out.extension() {
        Some(ext) => format!("{stem}_{word}.{}", ext.to_string_lossy()),
        None => format!("{stem}_{word}"),
    };
    out.with_file_name(name)
}

/// The printed header and footer of every sheet carry the highest marking inside (P 11.2.1),
/// the footer also what the sheet is and the page.
pub fn mark_sheet(sheet: &mut Worksheet, level: Classification, what: &str) {
    let what = what.replace('&', "&&");
    sheet.set_header(format!("&C&\"-,Bold\"{level}"));
    sheet.set_footer(format!("&L{what}&C&\"-,Bold\"{level}&RPage &P of &N"));
    sheet.set_landscape();
}

pub fn bold() -> Format {
    Format::new().set_bold()
}

pub fn xlsx_error(path: &Path) -> impl Fn(XlsxError) -> WriteError + use<> {
    let path = path.display().to_string();
    move |e| WriteError::File {
        path: path.clone(),
        message: e.to_string(),
    }
}

/// The most a cell of a workbook holds (Excel counts UTF-16 units).
pub const CELL_MAX: usize = 32_767;

/// The text a cell holds: the text itself, or, beyond what a cell holds (a long field from an
/// older log or from another station, before titles and summaries had limits), its first part
/// with a visible marker saying how much was cut — a report is never lost for one field.
pub fn cell(text: &str) -> Cow<'_, str> {
    let units = |t: &str| t.encode_utf16().count();
    if units(text) <= CELL_MAX {
        return Cow::Borrowed(text);
    }
    let total = text.chars().count();
    // The marker is at most this long (a count of up to 20 digits).
    let room = CELL_MAX - units(&marker(usize::MAX));
    let mut kept = String::new();
    let mut used = 0;
    for c in text.chars() {
        if used + c.len_utf16() > room {
            break;
        }
        used += c.len_utf16();
        kept.push(c);
    }
    let cut = total - kept.chars().count();
    kept.push_str(&marker(cut));
    Cow::Owned(kept)
}

fn marker(cut: usize) -> String {
    format!("… (cut: {cut} characters, see the record)")
}

/// Writes one row of text cells.
pub fn text_row(
    sheet: &mut Worksheet,
    row: u32,
    cells: &[&str],
    format: Option<&Format>,
) -> Result<(), XlsxError> {
    for (c, text) in cells.iter().enumerate() {
        let col = c as u16;
        match format {
            Some(f) => sheet.write_string_with_format(row, col, cell(text), f)?,
            None => sheet.write_string(row, col, cell(text))?,
        };
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_beyond_what_excel_holds_keeps_its_first_part_and_says_how_much_was_cut() {
        assert_eq!(cell("short"), "short");
        let exact = "a".repeat(CELL_MAX);
        assert_eq!(cell(&exact), exact.as_str());
        let long = "A".repeat(100_000);
        let held = cell(&long);
        assert!(held.encode_utf16().count() <= CELL_MAX);
        assert!(held.starts_with("AAAA"));
        let kept = held.chars().filter(|c| *c == 'A').count();
        assert!(
            held.ends_with(&format!(
                "… (cut: {} characters, see the record)",
                100_000 - kept
            )),
            "{}",
            &held[held.len() - 60..]
        );
        // Characters beyond the Basic Multilingual Plane count twice for Excel.
        let wide = "😀".repeat(20_000);
        assert!(cell(&wide).encode_utf16().count() <= CELL_MAX);
    }

    #[test]
    fn p_11_2_1_the_file_name_carries_the_highest_marking() {
        assert_eq!(
            marked_path(
                Path::new("out/register.xlsx"),
                Classification::StrictlyConfidential
            ),
            Path::new("out/register_STRICTLY-CONFIDENTIAL.xlsx")
        );
        assert_eq!(
            marked_path(
                Path::new("r_CONFIDENTIAL.csv"),
                Classification::Confidential
            ),
            Path::new("r_CONFIDENTIAL.csv")
        );
    }
}
