//! `registrar settings`: the mission settings and the delegation matrix (G 8 "Sharing
//! Authority", G 9 "Receiving Authority", P 11.4.1). Reading is open to every user; the
//! settings are the administrator's, the delegation matrix the Head of Mission's (or the IM
//! FP's on the HoM's written instruction), and every change is an event.

use super::auth::Credentials;
use super::said::Say;
use super::users::parse_role;
use super::{CliError, Level};
use crate::domain::change::Change;
use crate::domain::entity::EntityKind;
use crate::domain::ids::settings_id;
use crate::domain::nature::Nature;
use crate::domain::role::Role;
use crate::domain::settings::{Decision, DelegationMatrix, DelegationRule, MissionSettings};
use crate::store::{Clock, Store};
use clap::{Subcommand, ValueEnum};
use std::path::Path;
use std::sync::Arc;

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Print the settings and the delegation matrix
    Show,
    /// Change review interval and urgent time limits (administrator)
    Set {
        /// Review interval of entity assessments and pre-authorised entries, in days
        #[arg(long)]
        review_days: Option<i64>,
        /// Time limit for an imminent-threat receipt, in minutes (G 9.2)
        #[arg(long)]
        urgent_receipt_minutes: Option<i64>,
        /// Time limit for an urgent share, in minutes (G 8.1.7)
        #[arg(long)]
        urgent_share_minutes: Option<i64>,
        /// Marking given to new assessments
        #[arg(long, value_enum)]
        assessment_marking: Option<Level>,
        /// How far another station's event times may lie ahead of this station's clock, in
        /// minutes (a bundle with a later event is refused)
        #[arg(long)]
        max_clock_lead_minutes: Option<i64>,
        /// The largest bundle file import reads, in MiB
        #[arg(long)]
        max_bundle_megabytes: Option<u64>,
        /// Minutes without a key before the console locks and asks the passphrase again
        #[arg(long)]
        idle_lock_minutes: Option<i64>,
        /// Hours after it came in that a receipt is still registered in the ordinary way;
        /// later, it is registered as registered late, saying who received it and why (G 9.11)
        #[arg(long)]
        registered_late_after_hours: Option<i64>,
    },
    /// Put a rule at the top of the delegation matrix (Head of Mission, or IM FP with
    /// --instruction); the first matching rule names the authority (G 8 a)
    Delegate {
        #[arg(long, value_enum)]
        decision: DecisionArg,
        #[arg(long, value_enum)]
        nature: Option<NatureArg>,
        #[arg(long, value_enum)]
        classification: Option<Level>,
        #[arg(long, value_enum)]
        entity_kind: Option<KindArg>,
        #[arg(long, value_parser = parse_role)]
        authority: Role,
        /// A registered user holding that role, when the Support Plan names a person
        #[arg(long)]
        person: Option<String>,
        /// Where the Mission PKI Support Plan writes this delegation (G 8 a)
        #[arg(long)]
        support_plan: String,
        /// Reference of the Head of Mission's written instruction (needed unless you are the HoM)
        #[arg(long)]
        instruction: Option<String>,
    },
    /// Remove rule N (as numbered by `settings show`) from the delegation matrix (Head of
    /// Mission, or IM FP with --instruction)
    Undelegate {
        rule: usize,
        #[arg(long)]
        instruction: Option<String>,
    },
    /// Restore the default delegation matrix (Head of Mission, or IM FP with --instruction)
    DelegationDefault {
        #[arg(long)]
        instruction: Option<String>,
    },
    /// Add a red flag to the mission's list (G 9.12) (administrator)
    RedFlagAdd { flag: String },
    /// Remove a red flag from the list (administrator)
    RedFlagRemove { flag: String },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum DecisionArg {
    Share,
    Disseminate,
}

/// The nature of a product (G C), as every command spells it.
#[derive(Clone, Copy, Debug, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum NatureArg {
    Strategic,
    /// (`operational-tactical`, as `import-sheet` first spelled it, is still read.)
    #[value(alias = "operational-tactical")]
    OperationalTactical,
}

impl From<NatureArg> for Nature {
    fn from(n: NatureArg) -> Nature {
        match n {
            NatureArg::Strategic => Nature::Strategic,
            NatureArg::OperationalTactical => Nature::OperationalTactical,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum KindArg {
    NonUnSecurityForce,
    CivilianAuthorityOverSecurityForces,
    OtherNonUnCivilian,
    NonMissionUn,
}

pub fn run(
    path: &Path,
    command: SettingsCommand,
    say: Say,
    creds: &Credentials,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let store = Store::open(path, clock)?;
    let me = creds.login(&store)?;
    let mut s = store.settings()?;
    let mut instruction_given = None;
    match command {
        SettingsCommand::Show => return say.either(&s, || out!("{}", describe(&s))),
        SettingsCommand::Set {
            review_days,
            urgent_receipt_minutes,
            urgent_share_minutes,
            assessment_marking,
            max_clock_lead_minutes,
            max_bundle_megabytes,
            idle_lock_minutes,
            registered_late_after_hours,
        } => {
            if let Some(v) = idle_lock_minutes {
                s.idle_lock_minutes = v;
            }
            if let Some(v) = registered_late_after_hours {
                s.registered_late_after_hours = v;
            }
            if let Some(v) = max_clock_lead_minutes {
                s.max_clock_lead_minutes = v;
            }
            if let Some(v) = max_bundle_megabytes {
                s.max_bundle_megabytes = v;
            }
            if let Some(v) = review_days {
                s.review_interval_days = v;
            }
            if let Some(v) = urgent_receipt_minutes {
                s.urgent_receipt_limit_minutes = v;
            }
            if let Some(v) = urgent_share_minutes {
                s.urgent_share_limit_minutes = v;
            }
            if let Some(l) = assessment_marking {
                s.default_assessment_marking = l.into();
            }
        }
        SettingsCommand::Delegate {
            decision,
            nature,
            classification,
            entity_kind,
            authority,
            person,
            support_plan,
            instruction,
        } => {
            instruction_given = Some(instruction);
            s.delegation.rules.insert(
                0,
                DelegationRule {
                    decision: match decision {
                        DecisionArg::Share => Decision::Share,
                        DecisionArg::Disseminate => Decision::Disseminate,
                    },
                    nature: nature.map(Nature::from),
                    classification: classification.map(Into::into),
                    entity_kind: entity_kind.map(|k| match k {
                        KindArg::NonUnSecurityForce => EntityKind::NonUnSecurityForce,
                        KindArg::CivilianAuthorityOverSecurityForces => {
                            EntityKind::CivilianAuthorityOverSecurityForces
                        }
                        KindArg::OtherNonUnCivilian => EntityKind::OtherNonUnCivilian,
                        KindArg::NonMissionUn => EntityKind::NonMissionUn,
                    }),
                    authority,
                    person,
                    support_plan,
                },
            )
        }
        SettingsCommand::Undelegate { rule, instruction } => {
            instruction_given = Some(instruction);
            if rule == 0 || rule > s.delegation.rules.len() {
                return Err(CliError::Usage(format!(
                    "there is no rule {rule}; `registrar settings show` numbers them from 1"
                )));
            }
            s.delegation.rules.remove(rule - 1);
        }
        SettingsCommand::DelegationDefault { instruction } => {
            instruction_given = Some(instruction);
            s.delegation = DelegationMatrix::default()
        }
        SettingsCommand::RedFlagAdd { flag } => {
            let flag = flag.trim().to_string();
            if flag.is_empty() || s.red_flags.contains(&flag) {
                return Err(CliError::Usage(format!(
                    "{flag:?} is empty or already listed"
                )));
            }
            s.red_flags.push(flag);
        }
        SettingsCommand::RedFlagRemove { flag } => {
            let before = s.red_flags.len();
            s.red_flags.retain(|f| f != flag.trim());
            if s.red_flags.len() == before {
                return Err(CliError::Usage(format!("{flag:?} is not on the list")));
            }
        }
    }
    let done = if instruction_given.is_some() {
        "delegation matrix changed"
    } else {
        "settings changed"
    };
    let change = match instruction_given {
        Some(instruction) => Change::DelegationChanged {
            delegation: s.delegation.clone(),
            instruction,
        },
        None => Change::SettingsChanged {
            settings: s.clone(),
        },
    };
    store.execute_as(&me, Some(&settings_id()), change)?;
    say.either(&serde_json::json!({"done": done, "settings": s}), || {
        out!("{}", describe(&s))
    })
}

/// The settings in words, the delegation matrix numbered in the order it is read.
pub fn describe(s: &MissionSettings) -> String {
    let mut out = format!(
        "mission: {}\nreview interval: {} days\nimminent-threat receipt limit: {} min\nregistered late after: {} hours (G 9.11)\nurgent share limit: {} min\nconsole locks after: {} min idle\nnew assessments marked: {}\nmaximum clock lead of another station: {} min\nlargest bundle imported: {} MiB\nred flags: {}\ndelegation matrix (first matching rule decides; otherwise the Head of Mission):\n",
        s.mission,
        s.review_interval_days,
        s.urgent_receipt_limit_minutes,
        s.registered_late_after_hours,
        s.urgent_share_limit_minutes,
        s.idle_lock_minutes,
        s.default_assessment_marking,
        s.max_clock_lead_minutes,
        s.max_bundle_megabytes,
        s.red_flags.join("; "),
    );
    for (i, r) in s.delegation.rules.iter().enumerate() {
        let any = "any";
        out.push_str(&format!(
            "  {}. {:<11} nature: {:<20} classification: {:<21} entity: {:<38} → {}{} — {}\n",
            i + 1,
            match r.decision {
                Decision::Share => "share",
                Decision::Disseminate => "disseminate",
            },
            r.nature.map_or(any.to_string(), |n| n.to_string()),
            r.classification
                .map_or(any.to_string(), |c| c.key().to_string()),
            r.entity_kind.map_or(any.to_string(), |k| k.to_string()),
            r.authority.title(),
            r.person
                .as_ref()
                .map_or(String::new(), |p| format!(" ({p})")),
            if r.support_plan.is_empty() {
                "no Support Plan reference"
            } else {
                &r.support_plan
            },
        ));
    }
    out
}
