//! The oversight report (G C "Registers" d) as .xlsx: records, every Annex answer with its
//! question, and the event history, streamed into constant-memory sheets; the marking of the
//! most restricted content written goes on every printed page and into the file name.

use super::{WriteError, bold, cell, mark_sheet, marked_path, text_row, xlsx_error};
use crate::domain::record::Record;
use crate::register::filter::Highest;
use crate::register::history::{VOID, corrections_of, status};
use crate::register::labels::{answers_of, facts_of, labelled};
use crate::register::row::WITHHELD;
use crate::store::browse::EventSummary;
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};
use std::path::{Path, PathBuf};

pub struct OversightSheet {
    out: PathBuf,
    book: Workbook,
    records: Worksheet,
    answers: Worksheet,
    corrections: Worksheet,
    events: Worksheet,
    rows: [u32; 4],
    highest: Highest,
}

const RECORD_COLUMNS: [&str; 6] = [
    "Record",
    "Kind",
    "Marking",
    "Entity",
    "Title / reference",
    "Status",
];
const CORRECTION_COLUMNS: [&str; 7] = ["Record", "Field", "Was", "Now", "By", "When", "Reason"];
const ANSWER_COLUMNS: [&str; 6] = ["Record", "Annex", "Question", "Asked", "Answer", "Note"];
const EVENT_COLUMNS: [&str; 6] = ["Position", "At (UTC)", "Station", "Actor", "Record", "What"];

impl OversightSheet {
    pub fn new(out: &Path) -> Result<Self, WriteError> {
        let e = xlsx_error(out);
        let mut book = Workbook::new();
        let mut sheets = Vec::new();
        for (name, columns) in [
            ("Records", &RECORD_COLUMNS[..]),
            ("Annex answers", &ANSWER_COLUMNS[..]),
            ("Corrections", &CORRECTION_COLUMNS[..]),
            ("Events", &EVENT_COLUMNS[..]),
        ] {
            let mut sheet = book.new_worksheet_with_constant_memory().map_err(&e)?;
            sheet.set_name(name).map_err(&e)?;
            text_row(&mut sheet, 0, columns, Some(&bold())).map_err(&e)?;
            sheet.set_repeat_rows(0, 0).map_err(&e)?;
            for c in 0..columns.len() as u16 {
                sheet.set_column_width(c, 24).map_err(&e)?;
            }
            sheets.push(sheet);
        }
        let events = sheets.pop().expect("four sheets");
        let corrections = sheets.pop().expect("four sheets");
        let answers = sheets.pop().expect("four sheets");
        let records = sheets.pop().expect("four sheets");
        Ok(OversightSheet {
            out: out.to_path_buf(),
            book,
            records,
            answers,
            corrections,
            events,
            rows: [1, 1, 1, 1],
            highest: Highest::default(),
        })
    }

    /// One record, its content only when `visible` (and then each Annex answer too).
    pub fn record(&mut self, record: &Record, visible: bool) -> Result<(), WriteError> {
        let e = xlsx_error(&self.out);
        let id = record.id().to_string();
        let (entity, title) = if visible {
            self.highest.see(record.marking().level);
            (
                record.entity().map(|x| x.to_string()).unwrap_or_default(),
                title_of(record),
            )
        } else {
            (String::new(), WITHHELD.to_string())
        };
        let r = self.rows[0];
        text_row(
            &mut self.records,
            r,
            &[
                &id,
                record.kind().key(),
                record.marking().level.key(),
                &entity,
                &title,
                &status(record),
            ],
            None,
        )
        .map_err(&e)?;
        self.rows[0] += 1;
        if !visible {
            return Ok(());
        }
        self.corrections(&id, record).map_err(&e)?;
        for (annex, questions, answers) in answers_of(record) {
            let labelled = labelled(questions, answers, &facts_of(record));
            for item in labelled.as_array().into_iter().flatten() {
                let text = |k: &str| item[k].as_str().unwrap_or_default().to_string();
                let r = self.rows[1];
                text_row(
                    &mut self.answers,
                    r,
                    &[
                        &id,
                        annex,
                        &text("question"),
                        &text("asked"),
                        &text("answer"),
                        &text("note"),
                    ],
                    None,
                )
                .map_err(&e)?;
                self.rows[1] += 1;
            }
        }
        Ok(())
    }

    pub fn event(
        &mut self,
        event: &EventSummary,
        record: Option<&Record>,
        visible: bool,
    ) -> Result<(), WriteError> {
        let e = xlsx_error(&self.out);
        let r = self.rows[3];
        let what = if visible {
            event.change.describe()
        } else {
            WITHHELD
        };
        let at = event.at.format("%Y-%m-%d %H:%M:%S").to_string();
        let id = record.map(|x| x.id().to_string()).unwrap_or_default();
        self.events
            .write_number(r, 0, event.position as f64)
            .map_err(&e)?;
        for (c, text) in [at.as_str(), &event.station, &event.actor, &id, what]
            .iter()
            .enumerate()
        {
            self.events
                .write_string(r, 1 + c as u16, cell(text))
                .map_err(&e)?;
        }
        self.rows[3] += 1;
        Ok(())
    }

    /// Each amendment of the record (field, was, now, by, when, reason) and its void.
    fn corrections(&mut self, id: &str, record: &Record) -> Result<(), XlsxError> {
        let (amendments, voided) = corrections_of(record);
        let when = |t: crate::domain::ids::Time| t.format("%Y-%m-%d %H:%M UTC").to_string();
        for a in amendments {
            let mut reason = a.reason.clone();
            if !a.reopened.is_empty() {
                reason.push_str(&format!(" (re-opened: {})", a.reopened.join(", ")));
            }
            let r = self.rows[2];
            text_row(
                &mut self.corrections,
                r,
                &[id, &a.field, &a.was, &a.now, &a.by, &when(a.at), &reason],
                None,
            )?;
            self.rows[2] += 1;
        }
        if let Some(v) = voided {
            let r = self.rows[2];
            text_row(
                &mut self.corrections,
                r,
                &[
                    id,
                    "(the record)",
                    "in force",
                    VOID,
                    &v.by,
                    &when(v.at),
                    &v.reason,
                ],
                None,
            )?;
            self.rows[2] += 1;
        }
        Ok(())
    }

    /// Marks every sheet and saves, under the name that carries the marking.
    pub fn finish(mut self, title: &str) -> Result<PathBuf, WriteError> {
        let level = self.highest.level();
        let path = marked_path(&self.out, level);
        let e = xlsx_error(&path);
        let mark = |sheet: &mut Worksheet, name: &str| -> Result<(), XlsxError> {
            mark_sheet(sheet, level, &format!("{title} — {name}"));
            Ok(())
        };
        mark(&mut self.records, "records").map_err(&e)?;
        mark(&mut self.answers, "Annex answers").map_err(&e)?;
        mark(&mut self.corrections, "corrections").map_err(&e)?;
        mark(&mut self.events, "events").map_err(&e)?;
        self.book.push_worksheet(self.records);
        self.book.push_worksheet(self.answers);
        self.book.push_worksheet(self.corrections);
        self.book.push_worksheet(self.events);
        super::save_whole(&mut self.book, &path)?;
        Ok(path)
    }
}

fn title_of(record: &Record) -> String {
    match record {
        Record::Share(s) => format!("{} ({})", s.draft.product.title, s.draft.product.reference),
        Record::Receipt(r) => format!("{} ({})", r.capture.title, r.capture.reference),
        Record::Entity(e) => e.details.name.clone(),
        Record::Breach(b) => b.report.description.clone(),
        Record::PreAuthorisation(p) => p.terms.products.clone(),
        _ => String::new(),
    }
}
