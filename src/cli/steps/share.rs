//! `registrar share …`: the G 8 workflow of a product shared with an entity, step by step.

use super::receipt::ProductArgs;
use super::{Session, key_of};
use crate::cli::CliError;
use crate::cli::auth::Credentials;
use crate::domain::change::Change;
use crate::domain::originator_control::{OnwardAnswer, OnwardRequest};
use crate::domain::record::Record;
use crate::domain::role::Role;
use crate::domain::share::{ConditionsAcceptance, Extent, Product, ShareDraft, UnRouting};
use crate::store::Clock;
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What is to be shared, with whom, how.
#[derive(Debug, Args)]
pub struct DraftArgs {
    /// The entity it is for (name or id)
    #[arg(long, value_name = "ENTITY")]
    pub to: String,
    /// The part of the entity that receives, if not the whole
    #[arg(long, value_name = "UNIT")]
    pub unit: Option<String>,
    #[command(flatten)]
    pub product: ProductArgs,
    /// Only part is shared: what is withheld (default: the whole product)
    #[arg(long, value_name = "WHAT")]
    pub partial: Option<String>,
    /// Urgent sharing (G 8.1.7): same steps, utmost priority
    #[arg(long)]
    pub urgent: bool,
    /// A received product it draws on (G 9.8; repeat)
    #[arg(long, value_name = "ID")]
    pub derived_from: Vec<String>,
    /// The office or unit that acquired the information (G 8.1.3.2)
    #[arg(long, value_name = "OFFICE", default_value = "")]
    pub acquiring_office: String,
}

#[derive(Debug, Subcommand)]
pub enum ShareCommand {
    /// Draft a share (G 8.1): the product, the entity, the extent, the channel
    Draft(DraftArgs),
    /// Confirm the product was sanitised for the entity (G 8.1.3, Annex B Q3)
    Sanitised {
        /// The share (SHR-…)
        id: String,
    },
    /// Record the Sharing Risk Assessment (G 8.1.3, Annex B) from a file: `registrar template
    /// risk-assessment` prints a blank one
    AssessRisk {
        /// The share (SHR-…)
        id: String,
        /// The answers (TOML); without it, the questions are asked on the terminal
        #[arg(long, value_name = "FILE")]
        answers: Option<PathBuf>,
    },
    /// Record the routing within the UN system for a non-mission UN entity (G 8.2.3–8.2.5)
    UnRouting {
        /// The share (SHR-…)
        id: String,
        /// Strategic PKI: the Head of Office or equivalent
        #[arg(long, value_name = "NAME")]
        head_of_office: Option<String>,
        /// Operational/tactical: the senior-most DSS official at the duty station
        #[arg(long, value_name = "NAME")]
        dss_official: Option<String>,
        /// Operational/tactical: the Designated Official for security
        #[arg(long, value_name = "NAME")]
        designated_official: Option<String>,
        /// PoC threats: the senior-most PoC manager alerted
        #[arg(long, value_name = "NAME")]
        poc_manager_alerted: Option<String>,
    },
    /// The competent authority decides (G 8 "Sharing Authority", G 8.1.4): --authorise or
    /// --decline, with the reason
    Decide {
        /// The share (SHR-…)
        id: String,
        /// Authorise the sharing
        #[arg(long, conflicts_with = "decline", required_unless_present = "decline")]
        authorise: bool,
        /// Decline it
        #[arg(long)]
        decline: bool,
        /// The authority deciding: hom, micm, delegate…
        #[arg(long, value_parser = key_of::<Role>)]
        authority: Role,
        /// Why, in words (the decision's record)
        #[arg(long)]
        reason: String,
        /// The pre-authorised list entry relied on instead of a risk assessment (G 8.1.8)
        #[arg(long, value_name = "ID")]
        pre_authorisation: Option<String>,
        /// When it was decided (default now)
        #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
        at: Option<String>,
    },
    /// The entity's written acceptance of the conditions (G 8.1.5): name each condition it
    /// accepted
    Accept {
        /// The share (SHR-…)
        id: String,
        /// No onward sharing without the mission's written approval (originator control)
        #[arg(long)]
        originator_control: bool,
        /// Use limited to UN safety and security, situational awareness and PoC
        #[arg(long)]
        use_limited: bool,
        /// A narrower scope the mission articulated
        #[arg(long)]
        narrower_scope: Option<String>,
        /// Not to be used for human-rights violations or other crimes
        #[arg(long)]
        no_violations: bool,
        /// The security marking kept
        #[arg(long)]
        marking_kept: bool,
        /// Handled at an equivalent (or agreed) standard
        #[arg(long)]
        equivalent_handling: bool,
        /// Name and position of who accepted, for the entity
        #[arg(long)]
        accepted_by: String,
        /// Reference of the written acceptance (letter, note verbale, e-mail)
        #[arg(long)]
        document: String,
        /// When it was accepted (default now)
        #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
        on: Option<String>,
    },
    /// Mark it shared (G 8.1.6)
    MarkShared {
        /// The share (SHR-…)
        id: String,
        /// When it was shared (default now)
        #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
        at: Option<String>,
    },
    /// Withdraw it before it is shared
    Withdraw {
        /// The share (SHR-…)
        id: String,
        #[arg(long)]
        reason: String,
    },
    /// Record the entity's request to pass the shared product onward (G 8.1.5, originator
    /// control)
    OnwardRequest {
        /// The share (SHR-…)
        id: String,
        /// To whom the entity would pass it
        #[arg(long)]
        to_whom: String,
        /// Why, as the entity says
        #[arg(long)]
        purpose: String,
        /// The entity's written request (its reference), or how it was made
        #[arg(long)]
        reference: String,
        /// When the entity asked (default now)
        #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
        at: Option<String>,
    },
    /// The competent authority's written answer to onward request N (from 1): --approve or
    /// --refuse (G 8.1.5)
    OnwardAnswer {
        /// The share (SHR-…)
        id: String,
        #[arg(long, value_name = "N")]
        request: usize,
        /// Approve the onward passing
        #[arg(long, conflicts_with = "refuse", required_unless_present = "refuse")]
        approve: bool,
        /// Refuse it
        #[arg(long)]
        refuse: bool,
        /// The authority answering: hom, micm, delegate…
        #[arg(long, value_parser = key_of::<Role>)]
        authority: Role,
        /// The written approval or refusal (its reference)
        #[arg(long)]
        reference: String,
        /// Conditions of an approval, or the reason of a refusal
        #[arg(long)]
        terms: String,
    },
    /// Register a share made verbally or informally, after the fact (G 8.1.9): the gates it
    /// skipped are named on the record
    AfterTheFact {
        #[command(flatten)]
        draft: DraftArgs,
        /// When it was shared
        #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
        shared: String,
        /// Who shared it
        #[arg(long, value_name = "NAME")]
        shared_by: String,
        /// Who authorised it, if anyone
        #[arg(long, value_name = "NAME")]
        authorised_by: Option<String>,
        /// Why it was informal
        #[arg(long)]
        why: String,
    },
}

fn draft(s: &Session, a: DraftArgs) -> Result<ShareDraft, CliError> {
    let derived_from = a
        .derived_from
        .iter()
        .map(|id| s.record(id).map(|r| r.id()))
        .collect::<Result<_, _>>()?;
    Ok(ShareDraft {
        product: Product {
            title: a.product.title.clone(),
            reference: a.product.reference.clone(),
            summary: a.product.summary.clone(),
            marking: a.product.marking(),
            nature: a.product.nature,
            poc_threat: a.product.poc_threat,
        },
        recipient: s.entity(&a.to)?,
        recipient_unit: a.unit,
        extent: match a.partial {
            Some(withheld) => Extent::Partial { withheld },
            None => Extent::Full,
        },
        channel: a.product.channel,
        urgent: a.urgent,
        derived_from,
        acquiring_office: a.acquiring_office,
    })
}

pub fn run(
    path: &Path,
    steps: super::Steps<ShareCommand>,
    creds: &Credentials,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let s = Session::open(path, creds, clock, steps.json)?;
    match steps.command {
        ShareCommand::Draft(a) => {
            let draft = draft(&s, a)?;
            s.record_change(None, Change::ShareDrafted { draft })?;
        }
        ShareCommand::Sanitised { id } => {
            s.on(&id, Change::SanitisationConfirmed)?;
        }
        ShareCommand::AssessRisk { id, answers } => {
            let Record::Share(share) = s.record(&id)? else {
                return Err(CliError::Usage(format!("{id} is not a share")));
            };
            // Annex B Q6 is the registry's own answer, as the console's form gives it.
            let issues = s
                .store
                .previous_issues(&share.draft.recipient, &share.id, s.now())?;
            let assessment = match answers {
                Some(file) => super::answers::risk_assessment(&file, issues)?,
                None => super::ask::terminal("risk-assessment")?.risk_assessment(issues)?,
            };
            s.on(&id, Change::SharingRiskAssessed { assessment })?;
        }
        ShareCommand::UnRouting {
            id,
            head_of_office,
            dss_official,
            designated_official,
            poc_manager_alerted,
        } => {
            let routing = UnRouting {
                head_of_office,
                dss_official,
                designated_official,
                poc_manager_alerted,
            };
            s.on(&id, Change::UnRoutingRecorded { routing })?;
        }
        ShareCommand::Decide {
            id,
            authorise,
            decline: _,
            authority,
            reason,
            pre_authorisation,
            at,
        } => {
            let pre_authorisation = pre_authorisation
                .map(|p| s.record(&p).map(|r| r.id()))
                .transpose()?;
            let decided_at = at.map(|t| s.stated("--at", Some(&t))).transpose()?;
            s.on(
                &id,
                Change::ShareDecided {
                    authorise,
                    authority,
                    reason,
                    pre_authorisation,
                    decided_at,
                },
            )?;
        }
        ShareCommand::Accept {
            id,
            originator_control,
            use_limited,
            narrower_scope,
            no_violations,
            marking_kept,
            equivalent_handling,
            accepted_by,
            document,
            on,
        } => {
            let acceptance = ConditionsAcceptance {
                originator_control,
                use_limited,
                narrower_scope,
                no_violations,
                marking_kept,
                equivalent_handling,
                accepted_by,
                document,
                accepted_on: s.stated("--on", on.as_deref())?,
            };
            s.on(&id, Change::ConditionsAccepted { acceptance })?;
        }
        ShareCommand::MarkShared { id, at } => {
            let shared_at = s.stated("--at", at.as_deref())?;
            s.on(&id, Change::ShareMarkedShared { shared_at })?;
        }
        ShareCommand::Withdraw { id, reason } => {
            s.on(&id, Change::ShareWithdrawn { reason })?;
        }
        ShareCommand::OnwardRequest {
            id,
            to_whom,
            purpose,
            reference,
            at,
        } => {
            let request = OnwardRequest {
                to_whom,
                purpose,
                reference,
                requested_at: s.stated("--at", at.as_deref())?,
            };
            s.on(&id, Change::OnwardRequestRecorded { request })?;
        }
        ShareCommand::OnwardAnswer {
            id,
            request,
            approve,
            refuse: _,
            authority,
            reference,
            terms,
        } => {
            let index = super::numbered("--request", request)?;
            let answer = OnwardAnswer {
                approved: approve,
                authority,
                reference,
                terms,
            };
            s.on(&id, Change::OnwardRequestAnswered { index, answer })?;
        }
        ShareCommand::AfterTheFact {
            draft: d,
            shared,
            shared_by,
            authorised_by,
            why,
        } => {
            let shared_at = s.stated("--shared", Some(&shared))?;
            let draft = draft(&s, d)?;
            s.record_change(
                None,
                Change::ShareRegisteredAfterTheFact {
                    draft,
                    shared_at,
                    shared_by,
                    authorised_by,
                    why,
                },
            )?;
        }
    }
    Ok(())
}
