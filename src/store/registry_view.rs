//! The domain's `RegistryView` over the store's public reads, so effects can ask the domain
//! what a record waits on, which authority decides, and whether a flag is needed.

use crate::domain::ids::RecordId;
use crate::domain::record::Record;
use crate::domain::settings::MissionSettings;
use crate::domain::user::UserAccount;
use crate::domain::view::RegistryView;
use crate::store::Store;
use std::cell::RefCell;

pub struct StoreView<'s> {
    store: &'s Store,
    error: RefCell<Option<String>>,
    settings: RefCell<Option<MissionSettings>>,
}

impl<'s> StoreView<'s> {
    pub fn new(store: &'s Store) -> Self {
        StoreView {
            store,
            error: RefCell::new(None),
            settings: RefCell::new(None),
        }
    }

    /// A read that failed, so a damaged store is an error, never a silent "absent".
    pub fn take_error(&self) -> Option<String> {
        self.error.borrow_mut().take()
    }
}

impl RegistryView for StoreView<'_> {
    fn record(&self, id: &RecordId) -> Option<Record> {
        match self.store.record(id) {
            Ok(r) => r,
            Err(e) => {
                self.error.borrow_mut().get_or_insert(e.to_string());
                None
            }
        }
    }

    fn settings(&self) -> MissionSettings {
        if let Some(s) = self.settings.borrow().as_ref() {
            return s.clone();
        }
        match self.store.settings() {
            Ok(s) => {
                *self.settings.borrow_mut() = Some(s.clone());
                s
            }
            Err(e) => {
                self.error.borrow_mut().get_or_insert(e.to_string());
                MissionSettings::new("")
            }
        }
    }

    /// Only the guards on user accounts ask for every user; the console's effects never do.
    fn users(&self) -> Vec<UserAccount> {
        Vec::new()
    }
}
