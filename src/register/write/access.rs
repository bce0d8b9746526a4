//! The access matrix (P 11.3.3, P 12.10, G 9.7): for every confidential share and receipt the
//! reader may know of, who may see its content and why — on its dissemination list, or in a
//! role that handles it — and the people with their roles and clearance. Printable for
//! oversight: .xlsx (a Products and a People sheet) or .csv (the products).

use super::{
    Progress, WriteError, bold, cell, mark_sheet, marked_path, text_row, write_marked_csv,
    xlsx_error,
};
use crate::domain::access::{Actor, can_see_content};
use crate::domain::marking::Classification;
use crate::domain::need_to_know::level_words;
use crate::domain::record::Record;
use crate::domain::user::UserAccount;
use crate::register::filter::{Highest, Visibility, visibility};
use crate::store::Store;
use rust_xlsxwriter::{Format, Workbook};
use std::path::{Path, PathBuf};

pub const ACCESS_COLUMNS: [&str; 7] = [
    "Record",
    "Direction",
    "Marking",
    "Title",
    "State",
    "Disseminated to (as decided)",
    "Who may see the content",
];

const PEOPLE_COLUMNS: [&str; 4] = ["Name", "Roles", "Clearance", "Account"];

/// What was written.
#[derive(Clone, Debug)]
pub struct AccessWritten {
    pub path: PathBuf,
    /// Confidential shares and receipts listed.
    pub products: u64,
    pub people: usize,
    pub highest: Classification,
}

/// One line: a product and who may see its content.
fn row(record: &Record, reader: &Actor, people: &[(UserAccount, Actor)]) -> Option<Vec<String>> {
    let (direction, title, state, to_whom) = match record {
        Record::Share(s) => (
            "shared",
            s.draft.product.title.clone(),
            s.state.to_string(),
            String::new(),
        ),
        Record::Receipt(r) => (
            "received",
            r.capture.title.clone(),
            r.state.to_string(),
            r.dissemination
                .as_ref()
                .map(|d| d.to_whom().join(", "))
                .unwrap_or_default(),
        ),
        _ => return None,
    };
    let title = match visibility(reader, record) {
        Visibility::Absent => return None,
        Visibility::Withheld => "(withheld: need to know)".to_string(),
        Visibility::Full => title,
    };
    let listed = |name: &str| match record {
        Record::Receipt(r) => r.dissemination.as_ref().is_some_and(|d| d.lists(name)),
        _ => false,
    };
    let who: Vec<String> = people
        .iter()
        .filter(|(u, a)| !u.disabled && can_see_content(a, record))
        .map(|(u, _)| {
            if listed(&u.name) {
                format!("{} (listed)", u.name)
            } else {
                let roles: Vec<&str> = u.roles.iter().map(|r| r.title()).collect();
                format!("{} ({})", u.name, roles.join(", "))
            }
        })
        .collect();
    Some(vec![
        record.id().to_string(),
        direction.to_string(),
        record.marking().level.to_string(),
        title,
        state,
        to_whom,
        who.join("; "),
    ])
}

/// Writes the access matrix as `reader` may see it to `out` (.csv when it ends so, .xlsx
/// otherwise), renamed to carry the highest marking inside.
pub fn write_access(
    store: &Store,
    reader: &Actor,
    out: &Path,
    title: &str,
    progress: &dyn Progress,
) -> Result<AccessWritten, WriteError> {
    let mut users = store.users()?;
    users.sort_by(|a, b| a.name.cmp(&b.name));
    let people: Vec<(UserAccount, Actor)> = users
        .into_iter()
        .map(|u| {
            let a = Actor {
                name: u.name.clone(),
                roles: u.roles.clone(),
                clearance: u.clearance,
            };
            (u, a)
        })
        .collect();
    progress.start(
        "reading the register",
        store.register_len(i64::MIN, i64::MAX)?,
    );
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut highest = Highest::default();
    store.visit_register(i64::MIN, i64::MAX, &mut |record| {
        super::halt_if_stopped(progress)?;
        progress.advance(1);
        let level = record.marking().level;
        if level > Classification::Unclassified
            && let Some(cells) = row(&record, reader, &people)
        {
            highest.see(level);
            rows.push(cells);
        }
        Ok(())
    })?;
    progress.finish();
    let level = highest.level();
    let path = marked_path(out, level);
    let csv = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if csv {
        write_marked_csv(&path, level, title, &ACCESS_COLUMNS, |w| {
            for r in &rows {
                w.write_record(r).map_err(|e| WriteError::file(&path, e))?;
            }
            Ok(())
        })?;
    } else {
        let e = xlsx_error(&path);
        let mut book = Workbook::new();
        let strong = bold();
        let wrap = Format::new().set_text_wrap();
        let sheet = book.add_worksheet();
        sheet.set_name("Products").map_err(&e)?;
        mark_sheet(sheet, level, title);
        sheet.set_repeat_rows(1, 1).map_err(&e)?;
        sheet.set_freeze_panes(2, 0).map_err(&e)?;
        for (c, w) in [20, 10, 22, 40, 24, 40, 60].iter().enumerate() {
            sheet.set_column_width(c as u16, *w).map_err(&e)?;
        }
        sheet
            .write_string_with_format(0, 0, format!("{level} — {title}"), &strong)
            .map_err(&e)?;
        text_row(sheet, 1, &ACCESS_COLUMNS, Some(&strong)).map_err(&e)?;
        for (i, cells) in rows.iter().enumerate() {
            let r = i as u32 + 2;
            for (c, text) in cells.iter().enumerate() {
                sheet
                    .write_string_with_format(r, c as u16, cell(text), &wrap)
                    .map_err(&e)?;
            }
        }
        sheet
            .write_string_with_format(rows.len() as u32 + 3, 0, level.to_string(), &strong)
            .map_err(&e)?;
        let sheet = book.add_worksheet();
        sheet.set_name("People").map_err(&e)?;
        mark_sheet(sheet, level, title);
        for (c, w) in [20, 50, 24, 12].iter().enumerate() {
            sheet.set_column_width(c as u16, *w).map_err(&e)?;
        }
        text_row(sheet, 0, &PEOPLE_COLUMNS, Some(&strong)).map_err(&e)?;
        for (i, (u, _)) in people.iter().enumerate() {
            let roles: Vec<&str> = u.roles.iter().map(|r| r.title()).collect();
            let cells = [
                u.name.as_str(),
                &roles.join(", "),
                level_words(u.clearance),
                if u.disabled { "disabled" } else { "enabled" },
            ];
            text_row(sheet, i as u32 + 1, &cells, None).map_err(&e)?;
        }
        super::save_whole(&mut book, &path)?;
    }
    Ok(AccessWritten {
        path,
        products: rows.len() as u64,
        people: people.len(),
        highest: level,
    })
}
