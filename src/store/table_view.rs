//! The domain's `RegistryView` over the records table of a read or write transaction.

use super::codec::decode_record;
use super::error::StoreError;
use crate::domain::ids::{RecordId, settings_id};
use crate::domain::record::Record;
use crate::domain::settings::MissionSettings;
use crate::domain::user::UserAccount;
use crate::domain::view::RegistryView;
use redb::ReadableTable;
use std::cell::RefCell;

/// Reads records from an open records table. A record that cannot be decoded is remembered
/// and reported by `take_error`, so a damaged store is an error, never a silent "absent".
pub struct TableView<'t, T: ReadableTable<&'static str, &'static [u8]>> {
    table: &'t T,
    error: RefCell<Option<String>>,
    settings: RefCell<Option<MissionSettings>>,
}

impl<'t, T: ReadableTable<&'static str, &'static [u8]>> TableView<'t, T> {
    pub fn new(table: &'t T) -> Self {
        TableView {
            table,
            error: RefCell::new(None),
            settings: RefCell::new(None),
        }
    }

    pub fn take_error(&self) -> Option<String> {
        self.error.borrow_mut().take()
    }

    fn fail(&self, message: String) {
        self.error.borrow_mut().get_or_insert(message);
    }
}

/// What a decoding error says is damaged, without the "registry is damaged" around it (the
/// caller says that once).
fn what_is_damaged(e: StoreError) -> String {
    match e {
        StoreError::Corrupt(what) => what,
        other => other.to_string(),
    }
}

impl<T: ReadableTable<&'static str, &'static [u8]>> RegistryView for TableView<'_, T> {
    fn record(&self, id: &RecordId) -> Option<Record> {
        match self.table.get(id.as_str()) {
            Ok(Some(bytes)) => match decode_record(id.as_str(), bytes.value()) {
                Ok(r) => Some(r),
                Err(e) => {
                    self.fail(what_is_damaged(e));
                    None
                }
            },
            Ok(None) => None,
            Err(e) => {
                self.fail(format!("reading {id}: {e}"));
                None
            }
        }
    }

    fn users(&self) -> Vec<UserAccount> {
        let mut out = Vec::new();
        let range = match self.table.range("USR-".."USR.") {
            Ok(r) => r,
            Err(e) => {
                self.fail(format!("reading users: {e}"));
                return out;
            }
        };
        for entry in range {
            match entry {
                Ok((k, v)) => match decode_record(k.value(), v.value()) {
                    Ok(Record::User(u)) => out.push(u),
                    Ok(_) => {}
                    Err(e) => self.fail(what_is_damaged(e)),
                },
                Err(e) => self.fail(format!("reading users: {e}")),
            }
        }
        out
    }

    fn exists(&self, id: &RecordId) -> bool {
        match self.table.get(id.as_str()) {
            Ok(found) => found.is_some(),
            Err(e) => {
                self.fail(format!("reading {id}: {e}"));
                false
            }
        }
    }

    fn settings(&self) -> MissionSettings {
        if let Some(s) = self.settings.borrow().as_ref() {
            return s.clone();
        }
        let s = match self.record(&settings_id()) {
            Some(Record::Settings(s)) => s,
            _ => {
                self.fail("the registry has no mission settings".into());
                MissionSettings::new("unknown mission")
            }
        };
        *self.settings.borrow_mut() = Some(s.clone());
        s
    }
}
