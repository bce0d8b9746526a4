//! Writing a planned sheet import: the new entities, then every line registered after the
//! fact (G 8.1.9 for shares, G 9.11 for receipts) with the file, sheet and row it came from,
//! all in one transaction or nothing. Each line keeps the sheet's date as when it happened
//! (the registry keeps when it was recorded and by whom); a receipt is registered closed,
//! handled as the sheet's action says.

use super::parse::Way;
use super::plan::{EntityOutcome, EntityRef, Line, Plan, name_key};
use crate::domain::change::Change;
use crate::domain::entity::EntityDetails;
use crate::domain::ids::RecordId;
use crate::domain::marking::Marking;
use crate::domain::receipt::ReceiptCapture;
use crate::domain::record::Record;
use crate::domain::share::{Extent, Product, ShareDraft};
use crate::store::{Command, ExecuteError, Store};
use std::collections::HashMap;

/// The first line of the after-the-fact note of a share or receipt (how an import finds the
/// lines it brought in before).
pub fn note_of(record: &Record) -> Option<&str> {
    let att = match record {
        Record::Share(s) => s.after_the_fact.as_ref(),
        Record::Receipt(r) => r.after_the_fact.as_ref(),
        _ => None,
    }?;
    att.why.lines().next()
}

/// What the earlier register said beyond the register's columns, kept in the summary.
fn summary(line: &Line) -> String {
    let mut parts = vec![
        "Carried over from an earlier register; extent, urgency and threat flags were not recorded there."
            .to_string(),
    ];
    if !line.action.is_empty() {
        parts.push(format!("Action taken (as recorded): {}", line.action));
    }
    match (line.reliability, line.credibility) {
        (None, None) => {}
        (r, c) => parts.push(format!(
            "Grade (as recorded): {}{}",
            r.map(|r| r.to_string()).unwrap_or_default(),
            c.map(|c| format!(" / {c}")).unwrap_or_default()
        )),
    }
    parts.join(" ")
}

fn change_of(line: &Line, entity: RecordId, actor: &str) -> Change {
    let by = if line.by.is_empty() {
        actor.to_string()
    } else {
        line.by.clone()
    };
    match line.way {
        Way::Shared => Change::ShareRegisteredAfterTheFact {
            draft: ShareDraft {
                product: Product {
                    title: line.title.clone(),
                    reference: line.reference.clone(),
                    summary: summary(line),
                    marking: Marking::un(line.marking),
                    nature: line.nature,
                    poc_threat: false,
                },
                recipient: entity,
                recipient_unit: None,
                extent: Extent::Full,
                channel: line.channel,
                urgent: false,
                derived_from: Vec::new(),
                acquiring_office: "not recorded in the earlier register".to_string(),
            },
            shared_at: line.at,
            shared_by: by,
            authorised_by: None,
            why: line.source.note(),
        },
        Way::Received => Change::ReceiptRegisteredAfterTheFact {
            capture: ReceiptCapture {
                title: line.title.clone(),
                reference: line.reference.clone(),
                summary: summary(line),
                source: entity,
                originator: None,
                received_at: line.at,
                channel: line.channel,
                marking: Marking::un(line.marking),
                nature: line.nature,
                imminent_threat: false,
                poc_threat: false,
            },
            received_by: by,
            why: line.source.note(),
            // A line of an earlier register is history: its handling is over, whatever it
            // was; registered closed, it waits in no queue of the G 9 workflow.
            handled: Some(if line.action.trim().is_empty() {
                "not recorded in the earlier register".to_string()
            } else {
                line.action.clone()
            }),
        },
    }
}

/// Writes the plan in one transaction; returns how many entities were registered.
pub fn commit(store: &Store, actor: &str, plan: &Plan) -> Result<usize, ExecuteError> {
    if !plan.ready() {
        return Err(ExecuteError::Refused(crate::domain::refusal::Refusal::new(
            "G C Registers",
            "the sheet goes in whole or not at all: it has bad rows or entities of unknown kind",
        )));
    }
    // New entities, each marked at the lowest marking of the lines that name it (its name
    // is already written at that level in the sheet).
    let mut new: Vec<(String, EntityDetails)> = Vec::new();
    for e in &plan.entities {
        if e.outcome != EntityOutcome::New {
            continue;
        }
        let key = name_key(&e.spellings[0]);
        let lowest = plan
            .lines
            .iter()
            .filter(|l| matches!(&l.entity, EntityRef::New { key: k, .. } if *k == key))
            .map(|l| l.marking)
            .min()
            .unwrap_or(crate::domain::marking::Classification::Unclassified);
        let Some(kind) = e.kind else {
            continue;
        };
        new.push((
            key,
            EntityDetails {
                name: e.spellings[0].clone(),
                kind,
                mandate: String::new(),
                contacts: Vec::new(),
                sub_components: Vec::new(),
                handling_standards: None,
                marking: Marking::un(lowest),
            },
        ));
    }
    let first: Vec<Command> = new
        .iter()
        .map(|(_, details)| Command {
            actor: actor.to_string(),
            target: None,
            change: Change::EntityRegistered {
                details: details.clone(),
            },
        })
        .collect();
    let keys: Vec<String> = new.iter().map(|(k, _)| k.clone()).collect();
    let count = keys.len();
    store.execute_all_then(first, &|ids| {
        let by_key: HashMap<&str, &RecordId> =
            keys.iter().map(String::as_str).zip(ids.iter()).collect();
        plan.lines
            .iter()
            .filter_map(|line| {
                let entity = match &line.entity {
                    EntityRef::Registered { id, .. } => id.clone(),
                    EntityRef::New { key, .. } => (*by_key.get(key.as_str())?).clone(),
                };
                Some(Command {
                    actor: actor.to_string(),
                    target: None,
                    change: change_of(line, entity, actor),
                })
            })
            .collect()
    })?;
    Ok(count)
}
