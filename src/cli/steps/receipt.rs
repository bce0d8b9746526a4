//! `registrar receipt …`: the G 9 workflow of a received product, step by step.

use super::{Session, key_of};
use crate::cli::CliError;
use crate::cli::auth::Credentials;
use crate::domain::change::Change;
use crate::domain::follow_up::ActionTaken;
use crate::domain::follow_up::HumanRightsNotice;
use crate::domain::marking::{Classification, Marking};
use crate::domain::nature::Nature;
use crate::domain::need_to_know::{self, Named};
use crate::domain::receipt::{
    AlertRecipient, Dissemination, OnwardSharingApproval, ReceiptCapture, Rejection,
};
use crate::domain::role::Role;
use crate::domain::share::Channel;
use crate::store::Clock;
use clap::{Args, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What a product is, as registered and as shared.
#[derive(Debug, Args)]
pub struct ProductArgs {
    #[arg(long)]
    pub title: String,
    /// The product's own reference (the originator's, or the mission's)
    #[arg(long)]
    pub reference: String,
    #[arg(long, default_value = "")]
    pub summary: String,
    /// The UN marking: unclassified, confidential, strictly_confidential
    #[arg(long, value_parser = key_of::<Classification>)]
    pub marking: Classification,
    /// The originator's own marking, as written on the product
    #[arg(long, value_name = "TEXT")]
    pub originator_marking: Option<String>,
    /// strategic or operational_tactical
    #[arg(long, value_parser = key_of::<Nature>)]
    pub nature: Nature,
    /// written, electronic or verbal_informal
    #[arg(long, value_parser = key_of::<Channel>)]
    pub channel: Channel,
    /// It contains threats to civilians (PoC)
    #[arg(long)]
    pub poc_threat: bool,
}

impl ProductArgs {
    pub fn marking(&self) -> Marking {
        Marking {
            level: self.marking,
            originator_marking: self.originator_marking.clone(),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum ReceiptCommand {
    /// Register a product received from an entity (G 9, G C "Registers" a); with
    /// --imminent-threat the G 9.2 clock runs from when it was received
    Register {
        /// The entity it came from (name or id)
        #[arg(long, value_name = "ENTITY")]
        from: String,
        /// The non-UN originator, when a non-mission UN entity passed it on (G 9.13)
        #[arg(long, value_name = "ENTITY")]
        originator: Option<String>,
        #[command(flatten)]
        product: ProductArgs,
        /// When it was received: now (default), -20m, HH:MM, YYYY-MM-DD HH:MM, RFC 3339
        #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
        received: Option<String>,
        /// Determined at once to concern a clear and imminent threat (G 9.1)
        #[arg(long)]
        imminent_threat: bool,
        /// Received informally and registered after the fact (G 9.11): why
        #[arg(long, value_name = "WHY", requires = "received_by")]
        after_the_fact: Option<String>,
        /// Who received it, for a registration after the fact
        #[arg(long, value_name = "NAME")]
        received_by: Option<String>,
    },
    /// Make or revise the imminent-threat determination (G 9.1); "no" after "yes" needs a reason
    Determine {
        /// The receipt (RCP-…)
        id: String,
        /// yes or no
        #[arg(long, value_enum)]
        imminent: YesNo,
        /// When it was determined (default now)
        #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
        at: Option<String>,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Record an alert raised for an imminent threat (G 9.3): force_commander,
    /// police_commissioner, im_fp, dss, poc_manager, head_of_mission
    Alert {
        /// The receipt (RCP-…)
        id: String,
        #[arg(long, value_parser = key_of::<AlertRecipient>)]
        to: AlertRecipient,
        /// When it was raised (default now)
        #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
        at: Option<String>,
    },
    /// Record the Intelligence Receipt Scan (G 9.4, Annex E) from a file: `registrar template
    /// scan` prints a blank one
    Scan {
        /// The receipt (RCP-…)
        id: String,
        /// The answers (TOML); without it, the questions are asked on the terminal
        #[arg(long, value_name = "FILE")]
        answers: Option<PathBuf>,
    },
    /// Clear the product for use (G 9.6), on the scan or on a pre-authorised list entry (G 9.10)
    Clear {
        /// The receipt (RCP-…)
        id: String,
        #[arg(long, value_name = "ID")]
        pre_authorisation: Option<String>,
    },
    /// Decide its dissemination, on need to know (G 9.7, G 9.12)
    Disseminate {
        /// The receipt (RCP-…)
        id: String,
        /// The deciding authority: hom, micm, delegate, imfp…
        #[arg(long, value_parser = key_of::<Role>)]
        authority: Role,
        /// A registered user who may see it, on need to know (repeat; each cleared for its
        /// marking, G 9.7)
        #[arg(long = "to", value_name = "USER", required_unless_present = "groups")]
        recipients: Vec<String>,
        /// A role (office) whose holders may see it, as they stand now: analyst, legal… (repeat)
        #[arg(long = "to-role", value_name = "ROLE", value_parser = key_of::<Role>)]
        groups: Vec<Role>,
        /// The flag that travels with it (red flags, an untrustworthy source, G 9.12)
        #[arg(long)]
        flag: Option<String>,
        /// When it was disseminated (default now; not before the clearance)
        #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
        at: Option<String>,
    },
    /// Reject it (G 9.9: real risk it was obtained by torture or other grave violations)
    Reject {
        /// The receipt (RCP-…)
        id: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        grave_violations: bool,
        /// Who at the Human Rights Component was informed (G 9.9; required with
        /// --grave-violations)
        #[arg(long, value_name = "WHOM")]
        human_rights_told: Option<String>,
        /// When they were informed (now, -20m, HH:MM, YYYY-MM-DD HH:MM; default now)
        #[arg(long, value_name = "TIME")]
        human_rights_told_at: Option<String>,
    },
    /// Record what the mission did with the product and what corroborated it (G C
    /// "Registers" a; G 9.13: never the sole determining source)
    Action {
        /// The receipt (RCP-…)
        id: String,
        #[arg(long)]
        action: String,
        /// The other intelligence, PKI or information it was used with
        #[arg(long)]
        corroborated_by: String,
    },
    /// A Human Rights officer acknowledges the G 9.9 notice, saying what the component does
    AcknowledgeNotice {
        /// The receipt (RCP-…)
        id: String,
        #[arg(long)]
        response: String,
    },
    /// Record the originator's written approval to pass it on (G 9.8)
    OnwardApproval {
        /// The receipt (RCP-…)
        id: String,
        /// The entity it may be passed to (name or id)
        #[arg(long, value_name = "ENTITY")]
        to: String,
        #[arg(long)]
        approved_by: String,
        #[arg(long)]
        document: String,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum YesNo {
    Yes,
    No,
}

pub fn run(
    path: &Path,
    steps: super::Steps<ReceiptCommand>,
    creds: &Credentials,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let s = Session::open(path, creds, clock, steps.json)?;
    match steps.command {
        ReceiptCommand::Register {
            from,
            originator,
            product,
            received,
            imminent_threat,
            after_the_fact,
            received_by,
        } => {
            let capture = ReceiptCapture {
                title: product.title.clone(),
                reference: product.reference.clone(),
                summary: product.summary.clone(),
                source: s.entity(&from)?,
                originator: originator.map(|o| s.entity(&o)).transpose()?,
                received_at: s.stated("--received", received.as_deref())?,
                channel: product.channel,
                marking: product.marking(),
                nature: product.nature,
                imminent_threat,
                poc_threat: product.poc_threat,
            };
            let change = match after_the_fact {
                Some(why) => Change::ReceiptRegisteredAfterTheFact {
                    capture,
                    received_by: received_by.unwrap_or_default(),
                    why,
                    handled: None,
                },
                None => Change::ReceiptRegistered { capture },
            };
            s.record_change(None, change)?;
        }
        ReceiptCommand::Determine {
            id,
            imminent,
            at,
            reason,
        } => {
            let at = s.stated("--at", at.as_deref())?;
            s.on(
                &id,
                Change::ThreatDetermined {
                    imminent: imminent == YesNo::Yes,
                    at,
                    reason,
                },
            )?;
        }
        ReceiptCommand::Alert { id, to, at } => {
            let at = s.stated("--at", at.as_deref())?;
            s.on(&id, Change::AlertRecorded { to, at })?;
        }
        ReceiptCommand::Scan { id, answers } => {
            let scan = match answers {
                Some(file) => super::answers::receipt_scan(&file)?,
                None => super::ask::terminal("scan")?.receipt_scan()?,
            };
            s.on(&id, Change::ReceiptScanned { scan })?;
        }
        ReceiptCommand::Clear {
            id,
            pre_authorisation,
        } => {
            let pre_authorisation = pre_authorisation
                .map(|p| s.record(&p).map(|r| r.id()))
                .transpose()?;
            s.on(&id, Change::ReceiptCleared { pre_authorisation })?;
        }
        ReceiptCommand::Disseminate {
            id,
            authority,
            recipients,
            groups,
            flag,
            at,
        } => {
            // The roles named as groups resolve to their holders now; each person named is
            // checked by the rules with the rest (after the role of whoever decides).
            let users = s.store.users()?;
            let mut people: Vec<need_to_know::Listed> = Vec::new();
            for name in recipients
                .iter()
                .map(|n| n.trim())
                .filter(|n| !n.is_empty())
            {
                if !people.iter().any(|p| p.user == name) {
                    people.push(need_to_know::Listed {
                        user: name.to_string(),
                        via: None,
                    });
                }
            }
            let named = Named {
                users: Vec::new(),
                groups,
            };
            let people = need_to_know::resolve(&named, &users).map(|grouped| {
                for g in grouped {
                    if !people.iter().any(|p| p.user == g.user) {
                        people.push(g);
                    }
                }
                people
            });
            let dissemination = Dissemination {
                authority,
                recipients: Vec::new(),
                people: people.map_err(CliError::Refused)?,
                flag,
                disseminated_at: at
                    .as_deref()
                    .map(|t| s.stated("--at", Some(t)))
                    .transpose()?,
            };
            s.on(&id, Change::DisseminationToPeopleDecided { dissemination })?;
        }
        ReceiptCommand::Reject {
            id,
            reason,
            grave_violations,
            human_rights_told,
            human_rights_told_at,
        } => {
            let at = s.stated("--human-rights-told-at", human_rights_told_at.as_deref())?;
            let human_rights_notice = human_rights_told.map(|to| HumanRightsNotice { to, at });
            let rejection = Rejection {
                reason,
                grave_violations,
                human_rights_informed: human_rights_notice.is_some(),
                human_rights_notice,
            };
            s.on(&id, Change::ReceiptRejected { rejection })?;
        }
        ReceiptCommand::Action {
            id,
            action,
            corroborated_by,
        } => {
            let action = ActionTaken {
                action,
                corroborated_by,
            };
            s.on(&id, Change::ActionRecorded { action })?;
        }
        ReceiptCommand::AcknowledgeNotice { id, response } => {
            s.on(&id, Change::HumanRightsNoticeAcknowledged { response })?;
        }
        ReceiptCommand::OnwardApproval {
            id,
            to,
            approved_by,
            document,
        } => {
            let approval = OnwardSharingApproval {
                to_entity: s.entity(&to)?,
                approved_by,
                document,
            };
            s.on(&id, Change::OnwardSharingApproved { approval })?;
        }
    }
    Ok(())
}
