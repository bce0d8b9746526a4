//! The compliance figures (G H, P 9.7) as one .xlsx: a summary sheet and a sheet per
//! indicator, each marked with the highest marking of what the figures were drawn from.

use super::{Progress, WriteError, bold, cell, mark_sheet, marked_path, text_row, xlsx_error};
use crate::domain::access::Actor;
use crate::domain::ids::{RecordId, Time};
use crate::domain::marking::Classification;
use crate::register::compliance::Compliance;
use crate::register::filter::{Highest, Visibility, visibility};
use crate::store::Store;
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};
use std::path::{Path, PathBuf};

/// Reads every record once into the figures, as `reader` may see them.
pub fn compliance_of(
    store: &Store,
    reader: &Actor,
    from: Time,
    to: Time,
    progress: &dyn Progress,
) -> Result<(Compliance, Classification), crate::store::StoreError> {
    let mut c = Compliance::new(from, to, store.now());
    let mut highest = Highest::default();
    progress.start("reading the registry", store.record_count()?);
    store.visit_records(&mut |record| {
        super::halt_if_stopped(progress)?;
        progress.advance(1);
        let v = visibility(reader, &record);
        if v == Visibility::Full {
            highest.see(record.marking().level);
        }
        c.add(&record, v);
        Ok(())
    })?;
    progress.finish();
    // Refused attempts: shown when the reader may see the record tried on (or there was none).
    for attempt in store.refused_attempts(from, to)? {
        let seen = match attempt.target.as_deref() {
            None => Visibility::Full,
            Some(id) => store
                .record(&RecordId(id.to_string()))?
                .map_or(Visibility::Full, |r| visibility(reader, &r)),
        };
        if seen == Visibility::Full {
            c.refused.push(attempt);
        } else {
            c.refused_withheld += 1;
        }
    }
    Ok((c.finish(), highest.level()))
}

fn when(t: Time) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

pub fn write_compliance(
    c: &Compliance,
    level: Classification,
    out: &Path,
    title: &str,
) -> Result<PathBuf, WriteError> {
    let path = marked_path(out, level);
    let e = xlsx_error(&path);
    let mut book = Workbook::new();
    let head = |sheet: &mut Worksheet, name: &str, columns: &[&str]| -> Result<(), XlsxError> {
        sheet.set_name(name)?;
        mark_sheet(sheet, level, &format!("{title} — {name}"));
        sheet.write_string_with_format(
            0,
            0,
            cell(&format!("{level} — {title} — {name}")),
            &bold(),
        )?;
        text_row(sheet, 1, columns, Some(&bold()))?;
        sheet.set_repeat_rows(1, 1)?;
        for col in 0..columns.len() as u16 {
            sheet.set_column_width(col, if col == 0 { 48 } else { 22 })?;
        }
        Ok(())
    };
    let sheet = book.add_worksheet();
    head(sheet, "Summary", &["Indicator", "Figure"]).map_err(&e)?;
    let mut r = 2;
    for (indicator, figure) in c.summary() {
        text_row(sheet, r, &[&indicator, &figure], None).map_err(&e)?;
        r += 1;
    }
    text_row(
        sheet,
        r + 1,
        &[&format!(
            "Period {} to {} (UTC), as of {}",
            when(c.from),
            when(c.to),
            when(c.now)
        )],
        None,
    )
    .map_err(&e)?;

    let sheet = book.add_worksheet();
    let cols = [
        "Reference",
        "Title",
        "Received",
        "Limit (minutes)",
        "Minutes to disposition",
        "Dispositioned",
        "Late by (minutes)",
        "Record",
    ];
    head(sheet, "Imminent threats", &cols).map_err(&e)?;
    for (i, l) in c.imminent.iter().enumerate() {
        let r = 2 + i as u32;
        text_row(
            sheet,
            r,
            &[&l.reference, &l.title, &when(l.received_at)],
            None,
        )
        .map_err(&e)?;
        sheet
            .write_number(r, 3, l.limit_minutes as f64)
            .map_err(&e)?;
        sheet.write_number(r, 4, l.minutes as f64).map_err(&e)?;
        sheet
            .write_string(r, 5, if l.dispositioned { "yes" } else { "not yet" })
            .map_err(&e)?;
        if let Some(late) = l.late_by() {
            sheet.write_number(r, 6, late as f64).map_err(&e)?;
        }
        sheet.write_string(r, 7, cell(&l.id)).map_err(&e)?;
    }

    let sheet = book.add_worksheet();
    let cols = [
        "What",
        "Entity",
        "Review due",
        "Reviewed",
        "Days late",
        "Record",
    ];
    head(sheet, "Late reviews", &cols).map_err(&e)?;
    for (i, l) in c.late_reviews.iter().enumerate() {
        let r = 2 + i as u32;
        let reviewed = l.reviewed_at.map_or("not reviewed".to_string(), when);
        text_row(
            sheet,
            r,
            &[l.what, &l.entity, &when(l.due), &reviewed],
            None,
        )
        .map_err(&e)?;
        sheet.write_number(r, 4, l.days_late as f64).map_err(&e)?;
        sheet.write_string(r, 5, cell(&l.id)).map_err(&e)?;
    }

    let sheet = book.add_worksheet();
    let cols = [
        "Authority",
        "Shares authorised",
        "Shares declined",
        "Disseminations",
    ];
    head(sheet, "Decisions", &cols).map_err(&e)?;
    for (i, (role, d)) in c.decisions.iter().enumerate() {
        let r = 2 + i as u32;
        sheet.write_string(r, 0, *role).map_err(&e)?;
        for (col, n) in [d.shares_authorised, d.shares_declined, d.disseminations]
            .iter()
            .enumerate()
        {
            sheet
                .write_number(r, 1 + col as u16, *n as f64)
                .map_err(&e)?;
        }
    }

    let sheet = book.add_worksheet();
    let cols = ["Title", "Flag", "Authority", "Disseminated", "Record"];
    head(sheet, "Flagged disseminations", &cols).map_err(&e)?;
    for (i, l) in c.flagged.iter().enumerate() {
        text_row(
            sheet,
            2 + i as u32,
            &[&l.title, &l.flag, &l.authority, &when(l.at), &l.id],
            None,
        )
        .map_err(&e)?;
    }

    let sheet = book.add_worksheet();
    let cols = [
        "Entity",
        "Reported",
        "Suspected",
        "Investigation",
        "Concluded",
        "Record",
    ];
    head(sheet, "Breaches", &cols).map_err(&e)?;
    for (i, l) in c.breaches.iter().enumerate() {
        let concluded = l.concluded_at.map(when).unwrap_or_default();
        text_row(
            sheet,
            2 + i as u32,
            &[
                &l.entity,
                &when(l.reported_at),
                if l.suspected {
                    "suspected"
                } else {
                    "confirmed"
                },
                &l.investigation,
                &concluded,
                &l.id,
            ],
            None,
        )
        .map_err(&e)?;
    }
    let sheet = book.add_worksheet();
    let cols = ["What", "When", "Detail", "Record"];
    head(sheet, "After the fact and corrections", &cols).map_err(&e)?;
    for (i, l) in c.corrections.iter().enumerate() {
        text_row(
            sheet,
            2 + i as u32,
            &[l.what, &when(l.at), &l.detail, &l.id],
            None,
        )
        .map_err(&e)?;
    }
    let sheet = book.add_worksheet();
    let cols = [
        "When",
        "Who",
        "What was tried",
        "On",
        "Paragraph",
        "Why refused",
    ];
    head(sheet, "Refused attempts", &cols).map_err(&e)?;
    for (i, a) in c.refused.iter().enumerate() {
        text_row(
            sheet,
            2 + i as u32,
            &[
                &when(a.at),
                &a.user,
                &a.what,
                a.target.as_deref().unwrap_or(""),
                a.paragraph.as_deref().unwrap_or("(a role)"),
                &a.reason,
            ],
            None,
        )
        .map_err(&e)?;
    }
    let sheet = book.add_worksheet();
    let cols = ["Entity", "Kind", "Registered", "Record"];
    head(sheet, "G 9.9 letter missing", &cols).map_err(&e)?;
    for (i, l) in c.g9_9_missing.iter().enumerate() {
        text_row(
            sheet,
            2 + i as u32,
            &[&l.name, &l.kind, &when(l.registered_at), &l.id],
            None,
        )
        .map_err(&e)?;
    }
    super::save_whole(&mut book, &path)?;
    Ok(path)
}
