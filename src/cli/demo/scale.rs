//! `demo --records N`: N synthetic closed records, as if carried over from the mission's
//! earlier registers, to try the registry at scale.

use crate::cli::CliError;
use crate::domain::attributed::Attributed;
use crate::domain::change::{Change, LegacyRecord};
use crate::domain::entity::Confirmation;
use crate::domain::ids::{RecordId, RecordKind, Time};
use crate::domain::marking::{Classification, Marking};
use crate::domain::nature::Nature;
use crate::domain::receipt::{Dissemination, IncomingReceipt, ReceiptCapture, ReceiptState};
use crate::domain::record::Record;
use crate::domain::role::Role;
use crate::domain::share::{
    Channel, Extent, OutgoingShare, Product, ShareDraft, ShareState, SharingDecision,
};
use crate::store::{Command, Store};
use chrono::Duration;
use std::io::Write;

/// Records per write transaction: large enough to amortise the commit, small enough that an
/// interrupted run loses little.
const BATCH: u64 = 25_000;

pub fn add(store: &Store, n: u64, now: Time) -> Result<(), CliError> {
    let entities = entities(store)?;
    if entities.is_empty() {
        return Err(CliError::Failure(
            "the demo registry has no entities".into(),
        ));
    }
    let started = std::time::Instant::now();
    let mut done = 0;
    while done < n {
        let count = BATCH.min(n - done);
        let commands = (done..done + count)
            .map(|i| Command {
                actor: "imfp".to_string(),
                target: None,
                change: Change::LegacyRecordRegistered {
                    record: legacy(i, &entities[(i as usize) % entities.len()], now),
                },
            })
            .collect();
        store.execute_all(commands)?;
        done += count;
        eprint!("\radded {done}/{n} synthetic closed records");
        std::io::stderr().flush().ok();
    }
    eprintln!(" in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

fn entities(store: &Store) -> Result<Vec<RecordId>, CliError> {
    let mut out = Vec::new();
    for n in 1.. {
        let id = RecordId::new(RecordKind::Entity, &store.meta().station, n);
        match store.record(&id)? {
            Some(Record::Entity(_)) => out.push(id),
            _ => break,
        }
    }
    Ok(out)
}

/// The i-th synthetic record: alternately a share and a receipt, spread over three years.
fn legacy(i: u64, entity: &RecordId, now: Time) -> LegacyRecord {
    let when = now - Duration::minutes(200 + (i as i64 * 97) % (3 * 365 * 24 * 60));
    let level = Classification::ALL[(i % 3) as usize];
    let nature = if i.is_multiple_of(4) {
        Nature::Strategic
    } else {
        Nature::OperationalTactical
    };
    let authority = match nature {
        Nature::Strategic => Role::Micm,
        Nature::OperationalTactical => Role::Hom,
    };
    let placeholder = RecordId(String::new());
    if i.is_multiple_of(2) {
        LegacyRecord::Share(Box::new(OutgoingShare {
            id: placeholder,
            draft: ShareDraft {
                product: Product {
                    title: format!("Archived situation report {i}"),
                    reference: format!("ARCH/SHR/{i:07}"),
                    summary: "Carried over from the earlier register".into(),
                    marking: Marking::un(level),
                    nature,
                    poc_threat: i.is_multiple_of(7),
                },
                recipient: entity.clone(),
                recipient_unit: None,
                extent: Extent::Full,
                channel: Channel::Electronic,
                urgent: false,
                derived_from: Vec::new(),
                acquiring_office: "JMAC".into(),
            },
            state: ShareState::Shared,
            drafted_by: "imfp".into(),
            drafted_at: when,
            deadline: None,
            sanitisation: Some(Confirmation {
                by: "imfp".into(),
                at: when,
            }),
            risk_assessment: None,
            pre_authorisation: None,
            routing: None,
            decision: Some(Attributed::new(
                SharingDecision {
                    authorise: true,
                    authority,
                    reason: "Recorded in the earlier register".into(),
                    decided_at: None,
                },
                "imfp",
                when,
            )),
            acceptance: None,
            shared_at: Some(when),
            withdrawn_because: None,
            after_the_fact: None,
            amendments: Vec::new(),
            voided: None,
            onward_requests: Vec::new(),
        }))
    } else {
        LegacyRecord::Receipt(Box::new(IncomingReceipt {
            id: placeholder,
            capture: ReceiptCapture {
                title: format!("Archived incoming report {i}"),
                reference: format!("ARCH/RCP/{i:07}"),
                summary: "Carried over from the earlier register".into(),
                source: entity.clone(),
                originator: None,
                received_at: when,
                channel: Channel::Written,
                marking: Marking::un(level),
                nature,
                imminent_threat: false,
                poc_threat: false,
            },
            state: ReceiptState::Disseminated,
            registered_by: "imfp".into(),
            registered_at: when,
            deadline: None,
            alerts: Vec::new(),
            scan: None,
            pre_authorisation: None,
            cleared: Some(Confirmation {
                by: "imfp".into(),
                at: when,
            }),
            dissemination: Some(Attributed::new(
                Dissemination {
                    authority,
                    recipients: Vec::new(),
                    people: vec![crate::domain::need_to_know::Listed {
                        user: "legal".into(),
                        via: None,
                    }],
                    flag: None,
                    disseminated_at: None,
                },
                "imfp",
                when,
            )),
            rejection: None,
            determinations: Vec::new(),
            after_the_fact: None,
            amendments: Vec::new(),
            voided: None,
            onward_approvals: Vec::new(),
            follow_up: Default::default(),
        }))
    }
}
