//! Reading a spreadsheet into rows of cells: calamine for .xlsx/.xls/.ods, the csv crate for
//! .csv. Row numbers are the ones the person sees in their program (1-based).

use calamine::{Data, Reader, open_workbook_auto};
use std::path::Path;

/// One cell as the sheet holds it.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A cell formatted as a date: its Excel serial (days since 1899-12-30).
    Date(f64),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text (numbers without a trailing `.0`).
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_string(),
            Cell::Number(n) | Cell::Date(n) => {
                if n.fract() == 0.0 && n.abs() < 1e15 {
                    format!("{}", *n as i64)
                } else {
                    n.to_string()
                }
            }
        }
    }
}

/// One sheet: its name and its rows, each with the number the person sees.
#[derive(Clone, Debug)]
pub struct Table {
    pub sheet: String,
    pub rows: Vec<(usize, Vec<Cell>)>,
}

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}: not a spreadsheet this can read (.xlsx, .xls, .ods or .csv)")]
    Kind(String),
    #[error("{path}: {message}")]
    File { path: String, message: String },
    #[error("{path}: no sheet named {sheet:?} (the sheets: {names})")]
    NoSheet {
        path: String,
        sheet: String,
        names: String,
    },
}

fn file_error(path: &Path, e: impl std::fmt::Display) -> ReadError {
    ReadError::File {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// The sheets of a workbook (one, named after the file, for a .csv).
pub fn sheet_names(path: &Path) -> Result<Vec<String>, ReadError> {
    if is_csv(path) {
        return Ok(vec![csv_sheet_name(path)]);
    }
    check_kind(path)?;
    let book = open_workbook_auto(path).map_err(|e| file_error(path, e))?;
    Ok(book.sheet_names())
}

fn is_csv(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

fn csv_sheet_name(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn check_kind(path: &Path) -> Result<(), ReadError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if ["xlsx", "xlsm", "xls", "ods", "csv"].contains(&ext.as_str()) {
        Ok(())
    } else {
        Err(ReadError::Kind(path.display().to_string()))
    }
}

/// Reads one sheet (the first when `sheet` is `None`).
pub fn read_table(path: &Path, sheet: Option<&str>) -> Result<Table, ReadError> {
    check_kind(path)?;
    if is_csv(path) {
        let file = std::fs::File::open(path).map_err(|e| file_error(path, e))?;
        return read_csv(path, file);
    }
    unpanicked(path, || {
        let book = open_workbook_auto(path).map_err(|e| file_error(path, e))?;
        read_book(path, book, sheet)
    })
}

/// Reads one sheet of a file's bytes, already in memory (what `read_table` does with the
/// file at `path`; the fuzz target `sheet_read` feeds it any bytes): a .csv by the name's
/// extension, any other name as a workbook of whatever kind the bytes are.
pub fn read_table_bytes(
    path: &Path,
    bytes: &[u8],
    sheet: Option<&str>,
) -> Result<Table, ReadError> {
    if is_csv(path) {
        return read_csv(path, bytes);
    }
    unpanicked(path, || {
        let book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
            .map_err(|e| file_error(path, e))?;
        read_book(path, book, sheet)
    })
}

/// Runs the workbook reader, a damaged file's panic inside it turned into a refusal: calamine
/// 0.38 overflows on a cell reference of too many letters in a crafted .xlsx (found by the
/// fuzz target `sheet_read`), which a debug build stops on. The panic's own message is not
/// printed (the person reads one refusal, not a stack-trace line before it); a panic anywhere
/// else still is.
fn unpanicked(
    path: &Path,
    read: impl FnOnce() -> Result<Table, ReadError>,
) -> Result<Table, ReadError> {
    quiet_panics_while_reading();
    READING.with(|r| r.set(true));
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    READING.with(|r| r.set(false));
    read.unwrap_or_else(|_| {
        Err(file_error(
            path,
            "the workbook is damaged (its reader stopped on it); nothing was read",
        ))
    })
}

thread_local! {
    /// This thread is inside the workbook reader.
    static READING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Puts a panic hook in front of whatever hook is set (once per process): silent for a panic
/// inside the workbook reader, the hook before it for any other.
fn quiet_panics_while_reading() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let before = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !READING.with(|r| r.get()) {
                before(info);
            }
        }));
    });
}

fn read_book<RS: std::io::Read + std::io::Seek>(
    path: &Path,
    mut book: calamine::Sheets<RS>,
    sheet: Option<&str>,
) -> Result<Table, ReadError> {
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.eq_ignore_ascii_case(s))
            .cloned()
            .ok_or_else(|| ReadError::NoSheet {
                path: path.display().to_string(),
                sheet: s.to_string(),
                names: names.join(", "),
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| file_error(path, "the workbook has no sheet"))?,
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| file_error(path, e))?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, r)| {
            let mut cells = vec![Cell::Empty; first_col as usize];
            cells.extend(r.iter().map(cell));
            (first_row as usize + i + 1, cells)
        })
        .collect();
    Ok(Table { sheet: name, rows })
}

fn cell(d: &Data) -> Cell {
    match d {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTime(dt) => Cell::Date(dt.as_f64()),
    }
}

fn read_csv(path: &Path, from: impl std::io::Read) -> Result<Table, ReadError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(from);
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| file_error(path, e))?;
        let cells = record
            .iter()
            .map(|t| {
                if t.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(t.to_string())
                }
            })
            .collect();
        rows.push((i + 1, cells));
    }
    Ok(Table {
        sheet: csv_sheet_name(path),
        rows,
    })
}
