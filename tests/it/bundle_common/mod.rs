//! Stations for the sneakernet tests: a registry with an administrator who is also IM FP,
//! station keys protected with a light scrypt work factor (an honest parameter of age's
//! passphrase encryption; the keys are encrypted all the same), and helpers that register
//! entities and receipts at a marking, trust stations both ways, export and import.

#![allow(dead_code)]

mod sealing;
pub use sealing::*;

use chrono::{DateTime, Duration, Utc};
use registrar::bundle::BundleError;
use registrar::bundle::export::{Written, plan, write};
use registrar::bundle::identity::{KeyWork, StationKeys, create_station_keys, unlock};
use registrar::bundle::import::{KeyRing, Outcome, import_file};
use registrar::bundle::trust::trust;
use registrar::domain::access::Actor;
use registrar::domain::answer::{Answer, Facts};
use registrar::domain::change::Change;
use registrar::domain::entity::{EntityDetails, EntityKind};
use registrar::domain::grades::Credibility;
use registrar::domain::ids::RecordId;
use registrar::domain::marking::{Classification, Marking};
use registrar::domain::nature::Nature;
use registrar::domain::receipt::ReceiptCapture;
use registrar::domain::receipt_scan::{ANNEX_E, IntelligenceReceiptScan};
use registrar::domain::role::Role;
use registrar::domain::settings::MissionSettings;
use registrar::domain::share::Channel;
use registrar::domain::station::BundleKind;
use registrar::domain::user::user_id;
use registrar::store::{FixedClock, Store};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub const KEY_PASSPHRASE: &str = "station key passphrase";

pub fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-01T08:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

pub struct Station {
    pub id: String,
    pub dir: tempfile::TempDir,
    pub store: Store,
    pub clock: Arc<FixedClock>,
    pub keys: StationKeys,
    pub admin: Actor,
}

impl Station {
    /// A new station with its keys; its administrator `admin` is also its IM FP.
    pub fn new(id: &str) -> Station {
        Self::at(id, t0())
    }

    pub fn at(id: &str, now: DateTime<Utc>) -> Station {
        crate::common::quick_passphrases();
        let dir = tempfile::tempdir().unwrap();
        let clock = Arc::new(FixedClock::new(now));
        let store = Store::create(
            &dir.path().join("registry.redb"),
            id,
            MissionSettings::new("MINUSCA"),
            "setup",
            clock.clone(),
        )
        .unwrap();
        // The account only (the tests act as it directly; no passphrase is needed for that).
        store
            .execute(
                "setup",
                Some(&user_id("admin")),
                Change::UserAdded {
                    name: "admin".into(),
                    roles: vec![Role::Admin, Role::Imfp, Role::Analyst],
                    clearance: Classification::StrictlyConfidential,
                },
            )
            .unwrap();
        let admin = Actor {
            name: "admin".into(),
            roles: vec![Role::Admin, Role::Imfp, Role::Analyst],
            clearance: Classification::StrictlyConfidential,
        };
        // Little work (scrypt 2^4, 2 bcrypt rounds): the keys are still encrypted; these tests
        // unlock them at every export and import.
        create_station_keys(&store, &admin, KEY_PASSPHRASE, KeyWork::with_log_n(4)).unwrap();
        let keys = unlock(&store, KEY_PASSPHRASE).unwrap();
        Station {
            id: id.to_string(),
            dir,
            store,
            clock,
            keys,
            admin,
        }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("registry.redb")
    }

    pub fn later(&self, minutes: i64) {
        self.clock.advance(Duration::minutes(minutes));
    }

    /// Trusts `other` with its real keys, up to `clearance`.
    pub fn trusts(&self, other: &Station, clearance: Classification) {
        trust(
            &self.store,
            &self.admin,
            &other.id,
            &other.keys.age_recipient(),
            &other.keys.signing_key().unwrap(),
            clearance,
        )
        .unwrap();
    }

    pub fn entity(&self, name: &str, level: Classification) -> RecordId {
        self.store
            .execute(
                "admin",
                None,
                Change::EntityRegistered {
                    details: EntityDetails {
                        name: name.to_string(),
                        kind: EntityKind::NonUnSecurityForce,
                        mandate: "national defence".to_string(),
                        contacts: Vec::new(),
                        sub_components: Vec::new(),
                        handling_standards: None,
                        marking: Marking::un(level),
                    },
                },
            )
            .unwrap()
    }

    pub fn receipt(&self, source: &RecordId, title: &str, level: Classification) -> RecordId {
        self.store
            .execute(
                "admin",
                None,
                Change::ReceiptRegistered {
                    capture: ReceiptCapture {
                        title: title.to_string(),
                        reference: format!("REF/{title}"),
                        summary: format!("summary of {title}"),
                        source: source.clone(),
                        originator: None,
                        received_at: self.store.now(),
                        channel: Channel::Written,
                        marking: Marking::un(level),
                        nature: Nature::OperationalTactical,
                        imminent_threat: false,
                        poc_threat: false,
                    },
                },
            )
            .unwrap()
    }

    /// Records an Intelligence Receipt Scan (the change two stations make concurrently).
    pub fn scan(&self, receipt: &RecordId, credibility: Credibility) {
        self.store
            .execute(
                "admin",
                Some(receipt),
                Change::ReceiptScanned {
                    scan: IntelligenceReceiptScan {
                        answers: crate::common::fit_all(
                            &ANNEX_E,
                            ANNEX_E.iter().map(|q| Answer::no(q.key)).collect(),
                            &store_facts(&self.store, receipt),
                        ),
                        credibility,
                        red_flags: Vec::new(),
                        human_rights_consulted: true,
                    },
                },
            )
            .unwrap();
    }

    /// Exports the changes `to` lacks into `dir`.
    pub fn export_to(&self, to: &str, dir: &Path) -> Written {
        self.export_kind(to, BundleKind::Changes, dir)
    }

    pub fn export_kind(&self, to: &str, kind: BundleKind, dir: &Path) -> Written {
        let p = plan(&self.store, to, kind, &mut |_, _| {}).unwrap();
        write(&self.store, &self.admin, &self.keys, p, dir).unwrap()
    }

    pub fn import(&self, file: &Path) -> Result<Outcome, BundleError> {
        import_file(
            &self.store,
            &self.admin,
            file,
            &mut KeyRing::unlocked(&self.keys),
        )
    }

    /// The derived state equals a replay of the log, and the chain verifies.
    #[track_caller]
    pub fn assert_consistent(&self) {
        let report = self.store.verify_chain().unwrap();
        assert!(report.is_ok(), "chain broken: {:?}", report.first_broken);
        assert_eq!(self.store.derived_state_difference().unwrap(), None);
    }
}

/// `a` and `b` trust each other: `b` is cleared to `b_clearance` at `a`, and the reverse.
pub fn pair(a: &Station, b: &Station, a_clearance: Classification, b_clearance: Classification) {
    a.trusts(b, b_clearance);
    b.trusts(a, a_clearance);
}

/// Every byte of every file under `dir`, for "found nowhere in the bundle" checks.
pub fn bytes_of(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// Whether `needle` occurs in `haystack`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The classification and nature of a receipt held by `store`, which a scan confirms.
fn store_facts(store: &Store, id: &RecordId) -> Facts {
    match store.record(id) {
        Ok(Some(registrar::domain::record::Record::Receipt(r))) => {
            Facts::of(r.capture.marking.level, r.capture.nature)
        }
        _ => Facts::default(),
    }
}

/// `station` as it would be restored from the copy of its registry at `copy`.
pub fn restored(station: Station, copy: &Path) -> Station {
    let Station {
        id,
        clock,
        keys,
        admin,
        ..
    } = station;
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(copy, dir.path().join("registry.redb")).unwrap();
    let store = Store::open(&dir.path().join("registry.redb"), clock.clone()).unwrap();
    Station {
        id,
        dir,
        store,
        clock,
        keys,
        admin,
    }
}
