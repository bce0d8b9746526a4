//! The register (G C "Registers" a) as .xlsx (one constant-memory sheet: a million lines are
//! written without holding them) or .csv, filtered to the reader's clearance and need to know.

use super::{
    Progress, WriteError, bold, cell, mark_sheet, marked_path, text_row, write_marked_csv,
    xlsx_error,
};
use crate::domain::access::Actor;
use crate::domain::ids::RecordId;
use crate::domain::marking::Classification;
use crate::domain::record::Record;
use crate::register::filter::{Highest, RegisterFilter, Visibility, visibility};
use crate::register::row::{COLUMNS, RegisterRow};
use crate::store::{Store, StoreError};
use rust_xlsxwriter::{Format, Workbook};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What was written.
#[derive(Clone, Debug)]
pub struct RegisterWritten {
    pub path: PathBuf,
    pub rows: u64,
    /// Rows shown only as existing (need to know).
    pub withheld: u64,
    pub highest: Classification,
}

impl RegisterWritten {
    /// What was written, as the console and the command line both say it: "r.xlsx: 12 lines,
    /// highest marking CONFIDENTIAL; content of 2 withheld (need to know)".
    pub fn said(&self) -> String {
        format!(
            "{}: {} lines, highest marking {}{}",
            self.path.display(),
            self.rows,
            self.highest,
            if self.withheld > 0 {
                format!("; content of {} withheld (need to know)", self.withheld)
            } else {
                String::new()
            }
        )
    }
}

/// Entity names as the reader may see them (the id otherwise).
pub fn entity_names(
    store: &Store,
    reader: &Actor,
) -> Result<HashMap<RecordId, String>, StoreError> {
    Ok(store
        .entities()?
        .into_iter()
        .map(|e| {
            let name = if visibility(reader, &Record::Entity(e.clone())) == Visibility::Full {
                e.details.name.clone()
            } else {
                e.id.to_string()
            };
            (e.id, name)
        })
        .collect())
}

/// Writes the register to `out` (.csv when it ends so, .xlsx otherwise), renamed to carry the
/// highest marking inside. Two passes over the index: the first finds the count and the
/// highest marking (the header says it before the first line), the second writes.
pub fn write_register(
    store: &Store,
    reader: &Actor,
    filter: &RegisterFilter,
    out: &Path,
    title: &str,
    progress: &dyn Progress,
) -> Result<RegisterWritten, WriteError> {
    let (from, to) = filter.seconds();
    let names = entity_names(store, reader)?;
    let name = |id: &RecordId| names.get(id).cloned().unwrap_or_else(|| id.to_string());
    progress.start("reading the register", store.register_len(from, to)?);
    let mut highest = Highest::default();
    let (mut rows, mut withheld) = (0u64, 0u64);
    // A stop asked for ends the visit at the next record; nothing has been written yet.
    let halt = || crate::store::StoreError::Io {
        path: out.to_path_buf(),
        message: "stopped as asked".into(),
    };
    let mut stopped = false;
    let first = store.visit_register(from, to, &mut |record| {
        if progress.stop_asked() {
            stopped = true;
            return Err(halt());
        }
        progress.advance(1);
        if filter.keeps(&record) {
            match visibility(reader, &record) {
                Visibility::Absent => {}
                v => {
                    highest.see(record.marking().level);
                    rows += 1;
                    withheld += u64::from(v == Visibility::Withheld);
                }
            }
        }
        Ok(())
    });
    if stopped {
        return Err(WriteError::Stopped);
    }
    first?;
    let level = highest.level();
    let path = marked_path(out, level);
    progress.start("writing the register", rows);
    let csv = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let each = |f: &mut dyn FnMut(RegisterRow) -> Result<(), WriteError>| {
        let mut failed = None;
        let visited = store.visit_register(from, to, &mut |record| {
            if failed.is_some() || !filter.keeps(&record) {
                return Ok(());
            }
            if progress.stop_asked() {
                failed = Some(WriteError::Stopped);
                return Err(halt());
            }
            if let Some(row) = RegisterRow::of(&record, visibility(reader, &record), &name) {
                progress.advance(1);
                if let Err(e) = f(row) {
                    failed = Some(e);
                }
            }
            Ok(())
        });
        if let Some(e) = failed {
            return Err(e);
        }
        visited.map_err(WriteError::from)
    };
    if csv {
        write_marked_csv(&path, level, title, &COLUMNS, |w| {
            let err = |e: csv::Error| WriteError::file(&path, e);
            each(&mut |row| w.write_record(row.cells()).map_err(err))
        })?;
    } else {
        let e = xlsx_error(&path);
        let mut book = Workbook::new();
        let sheet = book.add_worksheet_with_constant_memory().map_err(&e)?;
        sheet.set_name("Register").map_err(&e)?;
        mark_sheet(sheet, level, title);
        sheet.set_repeat_rows(1, 1).map_err(&e)?;
        sheet.set_freeze_panes(2, 0).map_err(&e)?;
        let widths = [11, 8, 9, 20, 40, 22, 18, 30, 16, 45, 60, 22, 17, 14];
        for (c, w) in widths.iter().enumerate() {
            sheet.set_column_width(c as u16, *w).map_err(&e)?;
        }
        let strong = bold();
        sheet
            .write_string_with_format(0, 0, format!("{level} — {title}"), &strong)
            .map_err(&e)?;
        text_row(sheet, 1, &COLUMNS, Some(&strong)).map_err(&e)?;
        let wrap = Format::new().set_text_wrap();
        let mut r = 2u32;
        each(&mut |row| {
            let cells = row.cells();
            for (c, text) in cells.iter().enumerate() {
                let col = c as u16;
                if c == 10 || c == 9 {
                    sheet.write_string_with_format(r, col, cell(text), &wrap)
                } else {
                    sheet.write_string(r, col, cell(text))
                }
                .map_err(&e)?;
            }
            r += 1;
            Ok(())
        })?;
        sheet
            .write_string_with_format(r + 1, 0, level.to_string(), &strong)
            .map_err(&e)?;
        super::save_whole(&mut book, &path)?;
    }
    progress.finish();
    Ok(RegisterWritten {
        path,
        rows,
        withheld,
        highest: level,
    })
}
