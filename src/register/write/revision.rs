//! The periodic revision of an entity (G 9.13, G C "Registers" d) as .xlsx with native
//! charts: products by month, credibility grades by month, red flags, rejections, breaches.

use super::{Progress, WriteError, bold, cell, mark_sheet, marked_path, text_row, xlsx_error};
use crate::domain::access::Actor;
use crate::domain::entity::Entity;
use crate::domain::ids::Time;
use crate::domain::marking::Classification;
use crate::domain::record::Record;
use crate::register::filter::{Highest, Visibility, visibility};
use crate::register::revision::{MONTH_COLUMNS, Revision};
use crate::store::Store;
use rust_xlsxwriter::{Chart, ChartType, Workbook};
use std::path::{Path, PathBuf};

pub fn revision_of(
    store: &Store,
    reader: &Actor,
    entity: &Entity,
    from: Time,
    to: Time,
    progress: &dyn Progress,
) -> Result<(Revision, Classification), crate::store::StoreError> {
    let mut r = Revision::new(entity.id.clone(), entity.details.name.clone(), from, to);
    let mut highest = Highest::default();
    highest.see(entity.details.marking.level);
    progress.start("reading the registry", store.record_count()?);
    store.visit_records(&mut |record| {
        super::halt_if_stopped(progress)?;
        progress.advance(1);
        let v = visibility(reader, &record);
        let concerns = record.entity() == Some(&entity.id)
            || matches!(&record, Record::Receipt(x) if x.capture.originator.as_ref() == Some(&entity.id));
        if v == Visibility::Full && concerns {
            highest.see(record.marking().level);
        }
        r.add(&record, v);
        Ok(())
    })?;
    progress.finish();
    Ok((r.finish(), highest.level()))
}

pub fn write_revision(
    r: &Revision,
    level: Classification,
    out: &Path,
    title: &str,
) -> Result<PathBuf, WriteError> {
    let path = marked_path(out, level);
    let e = xlsx_error(&path);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("By month").map_err(&e)?;
    mark_sheet(sheet, level, title);
    sheet
        .write_string_with_format(0, 0, format!("{level} — {title}"), &bold())
        .map_err(&e)?;
    text_row(sheet, 1, &MONTH_COLUMNS, Some(&bold())).map_err(&e)?;
    sheet.set_column_width(0, 10).map_err(&e)?;
    for col in 1..MONTH_COLUMNS.len() as u16 {
        sheet.set_column_width(col, 14).map_err(&e)?;
    }
    for (i, (month, m)) in r.months.iter().enumerate() {
        let row = 2 + i as u32;
        sheet.write_string(row, 0, cell(month)).map_err(&e)?;
        for (c, n) in m.figures().iter().enumerate() {
            sheet
                .write_number(row, 1 + c as u16, *n as f64)
                .map_err(&e)?;
        }
    }
    let last = 1 + r.months.len() as u32;
    let chart_row = last + 3;
    if !r.months.is_empty() {
        let categories = ("By month", 2, 0, last, 0);
        let mut products = Chart::new(ChartType::Column);
        products.title().set_name("Products by month");
        for col in [1u16, 2] {
            products
                .add_series()
                .set_name(("By month", 1, col))
                .set_categories(categories)
                .set_values(("By month", 2, col, last, col));
        }
        sheet.insert_chart(chart_row, 0, &products).map_err(&e)?;
        let mut grades = Chart::new(ChartType::ColumnStacked);
        grades
            .title()
            .set_name("Credibility of received products by month (Annex E)");
        for col in 3u16..=7 {
            grades
                .add_series()
                .set_name(("By month", 1, col))
                .set_categories(categories)
                .set_values(("By month", 2, col, last, col));
        }
        sheet.insert_chart(chart_row, 8, &grades).map_err(&e)?;
        let mut trouble = Chart::new(ChartType::Line);
        trouble
            .title()
            .set_name("Red flags, flagged disseminations, rejections, breaches");
        for col in 8u16..=11 {
            trouble
                .add_series()
                .set_name(("By month", 1, col))
                .set_categories(categories)
                .set_values(("By month", 2, col, last, col));
        }
        sheet
            .insert_chart(chart_row + 16, 0, &trouble)
            .map_err(&e)?;
    }

    let sheet = book.add_worksheet();
    sheet.set_name("Reliability").map_err(&e)?;
    mark_sheet(sheet, level, title);
    sheet
        .write_string_with_format(
            0,
            0,
            format!("{level} — {title} — reliability (Annex D)"),
            &bold(),
        )
        .map_err(&e)?;
    text_row(
        sheet,
        1,
        &["Assessed", "Reliability", "Assessment", "Current"],
        Some(&bold()),
    )
    .map_err(&e)?;
    for (i, g) in r.reliability.iter().enumerate() {
        text_row(
            sheet,
            2 + i as u32,
            &[
                &g.at.format("%Y-%m-%d").to_string(),
                &g.reliability.to_string(),
                &g.assessment,
                if g.current { "current" } else { "superseded" },
            ],
            None,
        )
        .map_err(&e)?;
    }
    sheet.set_column_width(1, 28).map_err(&e)?;

    let sheet = book.add_worksheet();
    sheet.set_name("Findings").map_err(&e)?;
    mark_sheet(sheet, level, title);
    sheet
        .write_string_with_format(
            0,
            0,
            format!("{level} — {title} — revisions recorded (G 9.13)"),
            &bold(),
        )
        .map_err(&e)?;
    text_row(
        sheet,
        1,
        &["From", "To", "Finding", "Action decided", "By", "Recorded"],
        Some(&bold()),
    )
    .map_err(&e)?;
    if r.findings.is_empty() {
        sheet
            .write_string(2, 0, "no revision recorded for this entity")
            .map_err(&e)?;
    }
    for (i, f) in r.findings.iter().enumerate() {
        text_row(
            sheet,
            2 + i as u32,
            &[
                &f.from.format("%Y-%m-%d").to_string(),
                &f.to.format("%Y-%m-%d").to_string(),
                &f.finding,
                &f.action,
                &f.by,
                &f.at.format("%Y-%m-%d").to_string(),
            ],
            None,
        )
        .map_err(&e)?;
    }
    sheet.set_column_width(2, 60).map_err(&e)?;
    sheet.set_column_width(3, 40).map_err(&e)?;
    super::save_whole(&mut book, &path)?;
    Ok(path)
}
