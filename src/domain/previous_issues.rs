//! Annex B Q6, "Have there been any issues related to previous instances of sharing PKI with
//! this entity?", answered by the registry itself (G 8.1.3, issue 9): its breaches and their
//! investigations, the suspensions of its assessments, the shares to it that were declined or
//! withdrawn and the products from it that were rejected. The Sharing Risk Assessment carries
//! the list the assessor was shown, so what they knew is kept with what they concluded.

use super::breach::{Breach, InvestigationOutcome};
use super::entity::Entity;
use super::ids::{RecordId, Time};
use super::record::Record;
use super::share::ShareState;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What kind of previous issue the registry holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueKind {
    /// A breach of the G 8.1.5 conditions (G 8.1.10).
    Breach,
    /// A substantial suspicion of one (G 8.1.10).
    SuspectedBreach,
    /// The suspension of the entity's assessments in force (G 8.1.2.3, G 9.5.2).
    Suspension,
    /// A share to the entity that was declined.
    ShareDeclined,
    /// A share to the entity that was withdrawn.
    ShareWithdrawn,
    /// A product from the entity that was rejected (G 9.9).
    ReceiptRejected,
}

impl fmt::Display for IssueKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            IssueKind::Breach => "breach",
            IssueKind::SuspectedBreach => "suspected breach",
            IssueKind::Suspension => "assessments suspended",
            IssueKind::ShareDeclined => "share declined",
            IssueKind::ShareWithdrawn => "share withdrawn",
            IssueKind::ReceiptRejected => "product rejected",
        })
    }
}

/// One previous issue: which record, when, and what the registry says of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviousIssue {
    pub kind: IssueKind,
    /// The breach, share or receipt; for a suspension, the entity.
    pub record: RecordId,
    pub at: Time,
    pub what: String,
}

impl PreviousIssue {
    /// The same issue, whatever its words say now (an investigation may have concluded since).
    pub fn same(&self, other: &PreviousIssue) -> bool {
        self.kind == other.kind && self.record == other.record && self.at == other.at
    }

    /// Breaches and suspensions weigh on the answer: with one of them on record, Q6 cannot be
    /// answered "no". A declined or withdrawn share, a rejected product, is shown to the
    /// assessor to judge.
    pub fn decides_q6(&self) -> bool {
        matches!(
            self.kind,
            IssueKind::Breach | IssueKind::SuspectedBreach | IssueKind::Suspension
        )
    }
}

impl fmt::Display for PreviousIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {}: {}",
            self.record,
            self.kind,
            self.at.format("%Y-%m-%d"),
            self.what
        )
    }
}

/// The issues the entity's own record holds up to `now`: breaches (with their investigation)
/// and suspensions (with their review). Guards read these.
pub fn on_the_entity(entity: &Entity, breaches: &[Breach], now: Time) -> Vec<PreviousIssue> {
    let mut out: Vec<PreviousIssue> = breaches
        .iter()
        .filter(|b| b.reported_at <= now)
        .map(|b| PreviousIssue {
            kind: if b.report.suspected {
                IssueKind::SuspectedBreach
            } else {
                IssueKind::Breach
            },
            record: b.id.clone(),
            at: b.reported_at,
            what: format!(
                "{} ({})",
                b.report.description.trim(),
                match &b.investigation {
                    None => "investigation open".to_string(),
                    Some(i) => format!(
                        "investigation concluded {} {}",
                        match i.outcome {
                            InvestigationOutcome::Positive => "positively",
                            InvestigationOutcome::Negative => "negatively",
                        },
                        i.at.format("%Y-%m-%d")
                    ),
                }
            ),
        })
        .collect();
    out.extend(
        entity
            .monitoring
            .suspensions
            .iter()
            .filter(|s| s.at <= now)
            .map(|s| PreviousIssue {
                kind: IssueKind::Suspension,
                record: entity.id.clone(),
                at: s.at,
                what: format!(
                    "{} ({})",
                    s.reason.trim(),
                    match &s.review {
                        None => "pending review".to_string(),
                        Some(r) =>
                            format!("review: {} {}", r.outcome.key(), r.at.format("%Y-%m-%d")),
                    }
                ),
            }),
    );
    out.sort_by_key(|a| (a.at, a.kind));
    out
}

/// The issues among the entity's other records (`history`, as the store lists them): shares to
/// it declined or withdrawn, products from it rejected. `this` (the share being assessed) is
/// left out.
pub fn in_the_history(history: &[Record], this: &RecordId) -> Vec<PreviousIssue> {
    let mut out = Vec::new();
    for r in history {
        match r {
            Record::Share(s) if &s.id != this && s.voided.is_none() => match s.state {
                ShareState::Declined => out.push(PreviousIssue {
                    kind: IssueKind::ShareDeclined,
                    record: s.id.clone(),
                    at: s.decision.as_ref().map_or(s.drafted_at, |d| d.decided_at()),
                    what: s
                        .decision
                        .as_ref()
                        .map(|d| d.reason.trim().to_string())
                        .unwrap_or_default(),
                }),
                ShareState::Withdrawn => out.push(PreviousIssue {
                    kind: IssueKind::ShareWithdrawn,
                    record: s.id.clone(),
                    at: s.drafted_at,
                    what: s
                        .withdrawn_because
                        .as_deref()
                        .unwrap_or_default()
                        .trim()
                        .to_string(),
                }),
                _ => {}
            },
            Record::Receipt(r) if r.voided.is_none() => {
                if let Some(j) = &r.rejection {
                    out.push(PreviousIssue {
                        kind: IssueKind::ReceiptRejected,
                        record: r.id.clone(),
                        at: j.at,
                        what: format!(
                            "{}{}",
                            j.reason.trim(),
                            if j.grave_violations {
                                " (real risk of grave violations, G 9.9)"
                            } else {
                                ""
                            }
                        ),
                    });
                }
            }
            _ => {}
        }
    }
    out.sort_by_key(|a| (a.at, a.kind));
    out
}

/// Everything the registry knows: the entity's own issues, then those in its history.
pub fn found(
    entity: &Entity,
    breaches: &[Breach],
    history: &[Record],
    this: &RecordId,
    now: Time,
) -> Vec<PreviousIssue> {
    let mut out = on_the_entity(entity, breaches, now);
    out.extend(in_the_history(history, this));
    out.sort_by_key(|a| (a.at, a.kind));
    out
}
