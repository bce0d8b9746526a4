//! Guards on breaches and their investigation (G 8.1.10).

use super::{entity_of, non_empty};
use crate::domain::breach::{Breach, BreachReport};
use crate::domain::change::Change;
use crate::domain::record::Record;
use crate::domain::refusal::{Guard, Refusal};
use crate::domain::view::RegistryView;

pub fn breach_reported(report: &BreachReport, view: &dyn RegistryView) -> Guard {
    let entity = entity_of(view, &report.entity)?;
    non_empty(
        &report.description,
        "G 8.1.10",
        "the description of the breach",
    )?;
    if let Some(share) = &report.share {
        match view.record(share) {
            Some(Record::Share(s)) if s.draft.recipient == report.entity => {}
            Some(Record::Share(_)) => {
                return Err(Refusal::new(
                    "G 8.1.10",
                    format!("{share} was not shared with {}", entity.name()),
                ));
            }
            _ => return Err(Refusal::new("registry", format!("no share {share}"))),
        }
    }
    Ok(())
}

pub fn breach_change(b: &Breach, change: &Change) -> Guard {
    match change {
        Change::InvestigationConcluded { investigation } => {
            if !b.is_open() {
                return Err(Refusal::new(
                    "G 8.1.10",
                    format!("the investigation of {} is already concluded", b.id),
                ));
            }
            non_empty(
                &investigation.summary,
                "G 8.1.10",
                "the investigation's conclusions",
            )
        }
        _ => Err(Refusal::new("registry", "not a change to a breach")),
    }
}
