//! Walks shares and receipts through their workflows, on the demo's own exercise clock, so
//! every record reaches its state through the same guarded path a person uses.

use super::content;
use crate::cli::CliError;
use crate::domain::access::Actor;
use crate::domain::change::Change;
use crate::domain::follow_up::HumanRightsNotice;
use crate::domain::grades::Credibility;
use crate::domain::ids::{RecordId, Time};
use crate::domain::marking::{Classification, Marking};
use crate::domain::nature::Nature;
use crate::domain::need_to_know::Listed;
use crate::domain::receipt::{AlertRecipient, Dissemination, ReceiptCapture, Rejection};
use crate::domain::role::Role;
use crate::domain::share::{Channel, Extent, Product, ShareDraft, UnRouting};
use crate::store::{FixedClock, Store};
use chrono::Duration;
use std::sync::Arc;

pub struct Demo {
    pub store: Store,
    pub clock: Arc<FixedClock>,
    /// The demo's "now": the end of its story.
    pub base: Time,
}

/// How far a share goes.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ShareStop {
    Draft,
    RiskAssessed,
    Authorised,
    Accepted,
    Shared,
    Declined,
    Withdrawn,
}

/// How far a receipt goes.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ReceiptStop {
    Received,
    Scanned,
    Cleared,
    Disseminated,
    Rejected,
}

pub struct ShareSpec<'a> {
    pub title: &'a str,
    pub reference: &'a str,
    pub recipient: &'a RecordId,
    pub non_un: bool,
    pub nature: Nature,
    pub level: Classification,
    pub poc: bool,
    pub partial: Option<&'a str>,
    pub urgent: bool,
    pub derived_from: Vec<RecordId>,
    pub pre_authorisation: Option<&'a RecordId>,
    pub channel: Channel,
    /// Decided by the Head of Mission, who keeps the authority the matrix delegates (G 8 a).
    pub by_hom: bool,
}

impl<'a> ShareSpec<'a> {
    pub fn new(title: &'a str, reference: &'a str, recipient: &'a RecordId, non_un: bool) -> Self {
        ShareSpec {
            title,
            reference,
            recipient,
            non_un,
            nature: Nature::OperationalTactical,
            level: Classification::Confidential,
            poc: false,
            partial: None,
            urgent: false,
            derived_from: Vec::new(),
            pre_authorisation: None,
            channel: Channel::Electronic,
            by_hom: false,
        }
    }
}

pub struct ReceiptSpec<'a> {
    pub title: &'a str,
    pub reference: &'a str,
    pub source: &'a RecordId,
    pub originator: Option<&'a RecordId>,
    pub nature: Nature,
    pub level: Classification,
    pub originator_marking: Option<&'a str>,
    pub channel: Channel,
    pub imminent: bool,
    pub poc: bool,
    pub credibility: Credibility,
    pub red_flags: &'a [&'a str],
    pub grave_violations: bool,
    pub pre_authorisation: Option<&'a RecordId>,
    /// Flag carried by the dissemination (G 9.12), when one is needed.
    pub flag: Option<&'a str>,
}

impl<'a> ReceiptSpec<'a> {
    pub fn new(title: &'a str, reference: &'a str, source: &'a RecordId) -> Self {
        ReceiptSpec {
            title,
            reference,
            source,
            originator: None,
            nature: Nature::OperationalTactical,
            level: Classification::Confidential,
            originator_marking: None,
            channel: Channel::Written,
            imminent: false,
            poc: false,
            credibility: Credibility::ProbablyTrue,
            red_flags: &[],
            grave_violations: false,
            pre_authorisation: None,
            flag: None,
        }
    }
}

/// The analyst is cleared to Confidential; the IM FP works what is above.
fn worker(level: Classification) -> &'static str {
    if level > Classification::Confidential {
        "imfp"
    } else {
        "analyst"
    }
}

pub(super) fn authority(nature: Nature) -> (&'static str, Role) {
    match nature {
        Nature::Strategic => ("micm", Role::Micm),
        Nature::OperationalTactical => ("hom", Role::Hom),
    }
}

impl Demo {
    /// Sets the exercise clock to `days` days before the end of the story.
    pub fn at_days(&self, days: f64) -> Result<(), CliError> {
        self.move_to(self.base - Duration::seconds((days * 86_400.0) as i64))
    }

    /// Sets the exercise clock to `minutes` minutes before the end of the story.
    pub fn at_minutes(&self, minutes: i64) -> Result<(), CliError> {
        self.move_to(self.base - Duration::minutes(minutes))
    }

    /// The log is a timeline: the story may only move forward.
    fn move_to(&self, t: Time) -> Result<(), CliError> {
        if t < self.now() {
            return Err(CliError::Failure(format!(
                "demo story goes back in time, from {} to {t}",
                self.now()
            )));
        }
        self.clock.set(t);
        Ok(())
    }

    pub fn later(&self, minutes: i64) {
        self.clock.advance(Duration::minutes(minutes));
    }

    pub fn now(&self) -> Time {
        self.store.now()
    }

    /// Records a change; the demo is never refused, so a refusal here is a bug, reported.
    pub fn run(
        &self,
        actor: &str,
        target: Option<&RecordId>,
        change: Change,
    ) -> Result<RecordId, CliError> {
        let what = change.describe();
        // Acting as the demo's people: each change passes the role matrix, too.
        let person = Actor {
            name: actor.to_string(),
            roles: Vec::new(),
            clearance: Classification::Unclassified,
        };
        self.store
            .execute_as(&person, target, change)
            .map_err(|e| CliError::Failure(format!("building the demo registry ({what}): {e}")))
    }

    pub fn create(&self, actor: &str, change: Change) -> Result<RecordId, CliError> {
        self.run(actor, None, change)
    }

    pub fn on(&self, actor: &str, id: &RecordId, change: Change) -> Result<RecordId, CliError> {
        self.run(actor, Some(id), change)
    }

    /// Drafts a share and walks it to `stop`, one step every `step` minutes.
    pub fn share(&self, spec: ShareSpec, stop: ShareStop, step: i64) -> Result<RecordId, CliError> {
        let draft = ShareDraft {
            product: Product {
                title: spec.title.to_string(),
                reference: spec.reference.to_string(),
                summary: format!("{} — sanitised summary for the recipient", spec.title),
                marking: Marking::un(spec.level),
                nature: spec.nature,
                poc_threat: spec.poc,
            },
            recipient: spec.recipient.clone(),
            recipient_unit: None,
            extent: match spec.partial {
                Some(w) => Extent::Partial {
                    withheld: w.to_string(),
                },
                None => Extent::Full,
            },
            channel: spec.channel,
            urgent: spec.urgent,
            derived_from: spec.derived_from.clone(),
            acquiring_office: "JMAC Sector Centre".to_string(),
        };
        // A Strictly Confidential product is worked by someone cleared for it.
        let worker = worker(spec.level);
        let id = self.create(worker, Change::ShareDrafted { draft })?;
        if stop == ShareStop::Draft {
            return Ok(id);
        }
        self.later(step);
        if stop == ShareStop::Withdrawn {
            self.on("imfp", &id, Change::ShareWithdrawn {
                reason: "Overtaken by events: the recipient received the information through its own channels".into(),
            })?;
            return Ok(id);
        }
        let needs_sra = spec.non_un && spec.pre_authorisation.is_none();
        let acceptable = stop != ShareStop::Declined;
        if needs_sra {
            let office =
                (spec.nature == Nature::OperationalTactical).then_some("JMAC Sector Centre");
            self.on(
                worker,
                &id,
                Change::SharingRiskAssessed {
                    assessment: content::risk_assessment(
                        acceptable,
                        office,
                        spec.level,
                        self.store
                            .previous_issues(spec.recipient, &id, self.now())
                            .map_err(|e| CliError::Failure(e.to_string()))?,
                    ),
                },
            )?;
            self.later(step);
        }
        self.on("imfp", &id, Change::SanitisationConfirmed)?;
        if stop == ShareStop::RiskAssessed {
            return Ok(id);
        }
        self.later(step);
        let (who, role) = if spec.by_hom {
            ("hom", Role::Hom)
        } else {
            authority(spec.nature)
        };
        self.on(
            who,
            &id,
            Change::ShareDecided {
                decided_at: None,
                authorise: stop != ShareStop::Declined,
                authority: role,
                reason: if spec.by_hom {
                    "Decided by the Head of Mission in person: the MICM Chair is away and the ministry needs it before the security council meeting".into()
                } else if acceptable {
                    "Need to share outweighs the residual risk; conditions apply".into()
                } else {
                    "Risk to sources not acceptable".into()
                },
                pre_authorisation: spec.pre_authorisation.cloned(),
            },
        )?;
        if stop <= ShareStop::Authorised || stop == ShareStop::Declined {
            return Ok(id);
        }
        self.later(step);
        self.on(
            "imfp",
            &id,
            Change::ConditionsAccepted {
                acceptance: content::acceptance(self.now()),
            },
        )?;
        if !spec.non_un {
            self.on(
                "imfp",
                &id,
                Change::UnRoutingRecorded {
                    routing: UnRouting {
                        head_of_office: (spec.nature == Nature::Strategic)
                            .then(|| "Head of Office".into()),
                        dss_official: (spec.nature == Nature::OperationalTactical)
                            .then(|| "Chief Security Adviser (DSS)".into()),
                        designated_official: (spec.nature == Nature::OperationalTactical)
                            .then(|| "Designated Official".into()),
                        poc_manager_alerted: spec.poc.then(|| "Senior PoC Adviser".into()),
                    },
                },
            )?;
        }
        if stop == ShareStop::Accepted {
            return Ok(id);
        }
        self.later(step);
        self.on(
            "imfp",
            &id,
            Change::ShareMarkedShared {
                shared_at: self.now(),
            },
        )?;
        Ok(id)
    }

    /// Registers a receipt and walks it to `stop`, one step every `step` minutes. Imminent
    /// threats get every alert G 9.3 requires unless `alerts` names fewer.
    pub fn receipt(
        &self,
        spec: ReceiptSpec,
        stop: ReceiptStop,
        step: i64,
        alerts: &[AlertRecipient],
    ) -> Result<RecordId, CliError> {
        let received_at = self.now() - Duration::minutes(step.min(20));
        let capture = ReceiptCapture {
            title: spec.title.to_string(),
            reference: spec.reference.to_string(),
            summary: format!("{} — as received", spec.title),
            source: spec.source.clone(),
            originator: spec.originator.cloned(),
            received_at,
            channel: spec.channel,
            marking: match spec.originator_marking {
                Some(m) => Marking::with_originator(spec.level, m),
                None => Marking::un(spec.level),
            },
            nature: spec.nature,
            imminent_threat: spec.imminent,
            poc_threat: spec.poc,
        };
        let worker = worker(spec.level);
        let id = self.create(worker, Change::ReceiptRegistered { capture })?;
        for to in alerts {
            self.on(
                worker,
                &id,
                Change::AlertRecorded {
                    to: *to,
                    at: self.now(),
                },
            )?;
        }
        if stop == ReceiptStop::Received {
            return Ok(id);
        }
        self.later(step);
        if spec.pre_authorisation.is_none() {
            self.on(
                worker,
                &id,
                Change::ReceiptScanned {
                    scan: content::scan(
                        spec.level,
                        spec.nature,
                        spec.imminent,
                        spec.credibility,
                        spec.grave_violations,
                        spec.red_flags,
                    ),
                },
            )?;
        }
        if stop == ReceiptStop::Scanned {
            return Ok(id);
        }
        self.later(step);
        if stop == ReceiptStop::Rejected {
            self.on(worker, &id, Change::ReceiptRejected {
                rejection: Rejection {
                    reason: "Real risk the content was obtained from detainees under torture (G 9.9)".into(),
                    grave_violations: spec.grave_violations,
                    human_rights_informed: true,
                    human_rights_notice: Some(HumanRightsNotice {
                        to: "Human Rights Component (duty officer)".into(),
                        at: self.now(),
                    }),
                },
            })?;
            return Ok(id);
        }
        self.on(
            worker,
            &id,
            Change::ReceiptCleared {
                pre_authorisation: spec.pre_authorisation.cloned(),
            },
        )?;
        if stop == ReceiptStop::Cleared {
            return Ok(id);
        }
        self.later(step);
        let (who, role) = authority(spec.nature);
        self.on(
            who,
            &id,
            Change::DisseminationToPeopleDecided {
                dissemination: Dissemination {
                    authority: role,
                    recipients: Vec::new(),
                    people: demo_need_to_know(spec.level),
                    flag: spec.flag.map(str::to_string),
                    disseminated_at: None,
                },
            },
        )?;
        Ok(id)
    }
}

/// Who may see a demo product (G 9.7): the Legal Office by name, and the analysts as a group
/// where their clearance allows.
fn demo_need_to_know(level: Classification) -> Vec<Listed> {
    let mut people = vec![Listed {
        user: "legal".into(),
        via: None,
    }];
    if level <= Classification::Confidential {
        people.push(Listed {
            user: "analyst".into(),
            via: Some(Role::Analyst),
        });
    }
    people
}

/// The alerts G 9.3 requires for an imminent threat to civilians.
pub const ALL_ALERTS: [AlertRecipient; 4] = [
    AlertRecipient::ForceCommander,
    AlertRecipient::ImFp,
    AlertRecipient::Dss,
    AlertRecipient::PocManager,
];
