//! `registrar entity …`: the external entities (G 8.1.2, G 9.5), kept right: registered once,
//! edited with history, merged when two turn out to be one, watched (G 8.1.2.3, G 9.5.2).

use super::{Session, key_of, numbered};
use crate::cli::CliError;
use crate::cli::auth::Credentials;
use crate::domain::change::Change;
use crate::domain::entity::{Contact, EntityDetails, EntityKind, HandlingStandards};
use crate::domain::entity_match::near_matches;
use crate::domain::entity_review::{RevisionAction, RevisionFinding, TortureRefusalCommunication};
use crate::domain::marking::{Classification, Marking};
use crate::domain::monitoring::{Incident, SuspensionOutcome};
use crate::domain::record::Record;
use crate::store::Clock;
use clap::Subcommand;
use std::path::Path;
use std::sync::Arc;

#[derive(Debug, Subcommand)]
pub enum EntityCommand {
    /// Register an entity (G 8.1.2, G 9.5); a name close to a registered one is refused unless
    /// --distinct says it is another entity
    Add {
        #[arg(long)]
        name: String,
        /// non_un_security_force, civilian_authority_over_security_forces,
        /// other_non_un_civilian, non_mission_un
        #[arg(long, value_parser = key_of::<EntityKind>)]
        kind: EntityKind,
        #[arg(long, default_value = "")]
        mandate: String,
        /// A contact: "name; position; details"
        #[arg(long)]
        contact: Option<String>,
        /// Handling standards it requires (G 9.8)
        #[arg(long)]
        handling: Option<String>,
        /// The entity record's marking (default unclassified)
        #[arg(long, value_parser = key_of::<Classification>, default_value = "unclassified")]
        marking: Classification,
        /// It is a different entity from the registered ones with a close name
        #[arg(long)]
        distinct: bool,
    },
    /// Edit an entity's details, with the reason (its history keeps what it was)
    Edit {
        /// The entity (ENT-…)
        id: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long, value_parser = key_of::<EntityKind>)]
        kind: Option<EntityKind>,
        #[arg(long)]
        mandate: Option<String>,
        /// The point of contact shown first: "name; position; details" ("" removes it;
        /// any other contacts stay)
        #[arg(long)]
        contact: Option<String>,
        /// Handling standards it requires (G 9.8); changed standards must be confirmed again
        #[arg(long)]
        handling: Option<String>,
        /// The entity record's marking
        #[arg(long, value_parser = key_of::<Classification>)]
        marking: Option<Classification>,
        #[arg(long)]
        reason: String,
    },
    /// Merge an entity registered twice into the one that stays: its records follow
    Merge {
        /// The entity (ENT-…)
        id: String,
        /// The entity that stays (name or id)
        #[arg(long, value_name = "ENTITY")]
        into: String,
        #[arg(long)]
        reason: String,
    },
    /// Record an incident or development concerning the entity (active monitoring,
    /// G 8.1.2.3, G 9.5.2)
    Incident {
        /// The entity (ENT-…)
        id: String,
        #[arg(long)]
        what: String,
        /// When it happened (default now)
        #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
        at: Option<String>,
        /// Where the mission learned of it
        #[arg(long, default_value = "")]
        source: String,
    },
    /// Suspend the entity's assessments in force at once, pending a review (G 8.1.2.3,
    /// G 9.5.2): sharing to it and clearance from it halt
    Suspend {
        /// The entity (ENT-…)
        id: String,
        #[arg(long)]
        reason: String,
        /// The incident (its number on the entity, from 1) the suspension answers
        #[arg(long, value_name = "N")]
        incident: Option<usize>,
    },
    /// Review suspension N (from 1): lifted or confirmed, with the finding
    ReviewSuspension {
        /// The entity (ENT-…)
        id: String,
        #[arg(long, value_name = "N")]
        suspension: usize,
        /// lifted or confirmed
        #[arg(long, value_parser = key_of::<SuspensionOutcome>)]
        outcome: SuspensionOutcome,
        #[arg(long)]
        finding: String,
    },
    /// Exclude a sub-component assessed unacceptable to share with (Annex A, note 17)
    Exclude {
        /// The entity (ENT-…)
        id: String,
        #[arg(long = "sub-component", value_name = "NAME")]
        name: String,
        #[arg(long)]
        reason: String,
    },
    /// The Head of Mission communicated to the entity that the UN will not receive
    /// intelligence obtained under torture or other grave violations (G 9.9)
    TortureRefusal {
        /// The entity (ENT-…)
        id: String,
        /// When it was communicated (default now)
        #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
        at: Option<String>,
        /// How: a letter and its reference, a meeting and with whom
        #[arg(long)]
        how: String,
    },
    /// Record the periodic revision of the entity: the pattern found and the action decided
    /// (G 9.13, G C "Registers" d)
    Revision {
        /// The entity (ENT-…)
        id: String,
        /// The period revised, from
        #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
        from: String,
        /// The period revised, to (default now)
        #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
        to: Option<String>,
        /// The pattern found, or that none was
        #[arg(long)]
        finding: String,
        /// continue, caution, reassess or suspend
        #[arg(long, value_parser = key_of::<RevisionAction>)]
        action: RevisionAction,
        /// What is to be done, by whom, by when
        #[arg(long, default_value = "")]
        details: String,
    },
    /// Confirm the entity's handling standards (G 9.8)
    ConfirmStandards { id: String },
}

fn contact(text: &str) -> Contact {
    let mut parts = text.splitn(3, ';').map(|p| p.trim().to_string());
    Contact {
        name: parts.next().unwrap_or_default(),
        position: parts.next().unwrap_or_default(),
        details: parts.next().unwrap_or_default(),
    }
}

pub fn run(
    path: &Path,
    steps: super::Steps<EntityCommand>,
    creds: &Credentials,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let s = Session::open(path, creds, clock, steps.json)?;
    match steps.command {
        EntityCommand::Add {
            name,
            kind,
            mandate,
            contact: given,
            handling,
            marking,
            distinct,
        } => {
            let name = name.trim().to_string();
            if name.is_empty() {
                return Err(CliError::Usage("--name: the entity needs a name".into()));
            }
            if !distinct {
                let entities = s.store.entities()?;
                let close: Vec<String> = near_matches(&name, &entities)
                    .into_iter()
                    .map(|e| format!("{} ({})", e.name(), e.id))
                    .collect();
                if !close.is_empty() {
                    return Err(CliError::Failure(format!(
                        "close to {}: use it instead, or add --distinct if this is another entity",
                        close.join(", ")
                    )));
                }
            }
            let details = EntityDetails {
                name,
                kind,
                mandate,
                contacts: given.as_deref().map(contact).into_iter().collect(),
                sub_components: Vec::new(),
                handling_standards: handling.map(|text| HandlingStandards {
                    text,
                    confirmed: None,
                }),
                marking: Marking::un(marking),
            };
            s.record_change(None, Change::EntityRegistered { details })?;
        }
        EntityCommand::Edit {
            id,
            name,
            kind,
            mandate,
            contact: first_contact,
            handling,
            marking,
            reason,
        } => {
            let Record::Entity(entity) = s.record(&id)? else {
                return Err(CliError::Failure(format!("{id} is not an entity")));
            };
            let mut details = entity.details.clone();
            if let Some(name) = name {
                details.name = name;
            }
            if let Some(kind) = kind {
                details.kind = kind;
            }
            if let Some(mandate) = mandate {
                details.mandate = mandate;
            }
            // The first contact is the one the console shows; any others are kept.
            match first_contact.as_deref().map(str::trim) {
                None => {}
                Some("") if !details.contacts.is_empty() => {
                    details.contacts.remove(0);
                }
                Some("") => {}
                Some(text) if details.contacts.is_empty() => details.contacts.push(contact(text)),
                Some(text) => details.contacts[0] = contact(text),
            }
            // The same standards keep their confirmation; changed ones must be confirmed again.
            match (handling, &details.handling_standards) {
                (Some(text), Some(h)) if h.text.trim() == text.trim() => {}
                (Some(text), _) if text.trim().is_empty() => details.handling_standards = None,
                (Some(text), _) => {
                    details.handling_standards = Some(HandlingStandards {
                        text,
                        confirmed: None,
                    })
                }
                (None, _) => {}
            }
            if let Some(level) = marking.filter(|l| *l != details.marking.level) {
                details.marking = Marking::un(level);
            }
            if details == entity.details {
                return Err(CliError::Usage(
                    "nothing to change: give --name, --kind, --mandate, --contact, --handling or --marking".into(),
                ));
            }
            s.on(&id, Change::EntityDetailsEdited { details, reason })?;
        }
        EntityCommand::Merge { id, into, reason } => {
            let into = s.entity(&into)?;
            s.on(&id, Change::EntitiesMerged { into, reason })?;
        }
        EntityCommand::Incident {
            id,
            what,
            at,
            source,
        } => {
            let incident = Incident {
                what,
                occurred_at: s.stated("--at", at.as_deref())?,
                source,
            };
            s.on(&id, Change::IncidentRecorded { incident })?;
        }
        EntityCommand::Suspend {
            id,
            reason,
            incident,
        } => {
            let incident = incident.map(|n| numbered("--incident", n)).transpose()?;
            s.on(&id, Change::AssessmentsSuspended { reason, incident })?;
        }
        EntityCommand::ReviewSuspension {
            id,
            suspension,
            outcome,
            finding,
        } => {
            let index = numbered("--suspension", suspension)?;
            s.on(
                &id,
                Change::SuspensionReviewed {
                    index,
                    outcome,
                    finding,
                },
            )?;
        }
        EntityCommand::Exclude { id, name, reason } => {
            s.on(&id, Change::SubComponentExcluded { name, reason })?;
        }
        EntityCommand::TortureRefusal { id, at, how } => {
            let communication = TortureRefusalCommunication {
                communicated_at: s.stated("--at", at.as_deref())?,
                how,
            };
            s.on(&id, Change::TortureRefusalCommunicated { communication })?;
        }
        EntityCommand::Revision {
            id,
            from,
            to,
            finding,
            action,
            details,
        } => {
            let revision = RevisionFinding {
                from: s.stated("--from", Some(&from))?,
                to: s.stated("--to", to.as_deref())?,
                finding,
                action,
                action_details: details,
            };
            s.on(&id, Change::RevisionRecorded { revision })?;
        }
        EntityCommand::ConfirmStandards { id } => {
            s.on(&id, Change::HandlingStandardsConfirmed)?;
        }
    }
    Ok(())
}
