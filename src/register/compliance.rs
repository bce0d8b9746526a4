//! The compliance figures (G H "Monitoring and compliance", P 9.7) for a period: how fast
//! imminent threats were dispositioned against the mission's limit (G 9.2), reviews done late
//! (G 8.1.2.3, G 8.1.8, G 9.10), decisions by authority (G 8 "Sharing Authority", G 9
//! "Receiving Authority"), flagged disseminations (G 9.12), breaches and their
//! investigations (G 8.1.10). Built record by record, without the store.

use super::filter::Visibility;
use crate::domain::ids::Time;
use crate::domain::record::Record;
use std::collections::BTreeMap;

/// One imminent-threat receipt and how long its disposition took (or has taken so far).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImminentLine {
    pub id: String,
    pub reference: String,
    pub title: String,
    pub received_at: Time,
    pub limit_minutes: i64,
    /// Minutes from receipt to disposition, or to now while still waiting.
    pub minutes: i64,
    pub dispositioned: bool,
}

impl ImminentLine {
    pub fn late_by(&self) -> Option<i64> {
        (self.minutes > self.limit_minutes).then_some(self.minutes - self.limit_minutes)
    }
}

/// A review that came due in the period and was done late or not at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewLine {
    pub id: String,
    pub what: &'static str,
    pub entity: String,
    pub due: Time,
    /// When the review was done (the assessment that superseded it began), if it was.
    pub reviewed_at: Option<Time>,
    pub days_late: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlaggedLine {
    pub id: String,
    pub title: String,
    pub flag: String,
    pub authority: String,
    pub at: Time,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BreachLine {
    pub id: String,
    pub entity: String,
    pub reported_at: Time,
    pub suspected: bool,
    pub investigation: String,
    pub concluded_at: Option<Time>,
}

/// A record registered after the fact, voided, or amended (G C "Registers": the register
/// tells the truth, and says when it was told late or corrected).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CorrectionLine {
    pub id: String,
    pub what: &'static str,
    pub detail: String,
    pub at: Time,
}

/// Decisions taken in one role: authorised / declined shares, disseminations.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DecisionCount {
    pub shares_authorised: u64,
    pub shares_declined: u64,
    pub disseminations: u64,
}

/// Who reads the compliance figures (G H): those who answer for the Guidelines and the
/// mission's responsibilities; oversight reads them.
pub const READERS: [crate::domain::role::Role; 5] = [
    crate::domain::role::Role::Hom,
    crate::domain::role::Role::Micm,
    crate::domain::role::Role::Imfp,
    crate::domain::role::Role::Legal,
    crate::domain::role::Role::Oversight,
];

/// Whether `actor` may read the compliance figures; if not, why (the command line and the
/// console say the same).
pub fn may_read(actor: &crate::domain::access::Actor) -> Result<(), String> {
    if READERS.iter().any(|r| actor.has(*r)) {
        Ok(())
    } else {
        Err("only the Head of Mission, MICM Chair, IM FP, Legal Office or oversight may read the compliance figures (G H)".into())
    }
}

#[derive(Clone, Debug)]
pub struct Compliance {
    pub from: Time,
    pub to: Time,
    pub now: Time,
    pub imminent: Vec<ImminentLine>,
    pub late_reviews: Vec<ReviewLine>,
    pub decisions: BTreeMap<&'static str, DecisionCount>,
    pub flagged: Vec<FlaggedLine>,
    pub breaches: Vec<BreachLine>,
    /// Records within the period the reader may not see: not counted in any figure.
    pub withheld: u64,
    /// Shares and receipts registered after the fact (G 8.1.9, G 9.11), voided, amended.
    pub corrections: Vec<CorrectionLine>,
    /// Attempts a rule or a role refused at this station, on what the reader may see.
    pub refused: Vec<crate::store::refused::RefusedAttempt>,
    /// Refused attempts on records the reader may not see: counted, not shown.
    pub refused_withheld: u64,
    /// Entities the mission receives from that the HoM has not yet told that the UN will not
    /// receive intelligence obtained under torture or grave violations (G 9.9), as of now.
    pub g9_9_missing: Vec<G99Line>,
    assessments: Vec<Assessment>,
    entities: BTreeMap<String, String>,
}

/// An entity missing the HoM's G 9.9 communication.
#[derive(Clone, Debug)]
pub struct G99Line {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub registered_at: Time,
}

#[derive(Clone, Debug)]
struct Assessment {
    id: String,
    what: &'static str,
    entity: String,
    started: Time,
    due: Option<Time>,
    superseded_by: Option<String>,
}

impl Compliance {
    pub fn new(from: Time, to: Time, now: Time) -> Self {
        Compliance {
            from,
            to,
            now,
            imminent: Vec::new(),
            late_reviews: Vec::new(),
            decisions: BTreeMap::new(),
            flagged: Vec::new(),
            breaches: Vec::new(),
            withheld: 0,
            corrections: Vec::new(),
            refused: Vec::new(),
            refused_withheld: 0,
            g9_9_missing: Vec::new(),
            assessments: Vec::new(),
            entities: BTreeMap::new(),
        }
    }

    fn within(&self, t: Time) -> bool {
        self.from <= t && t < self.to
    }

    /// Takes one record into the figures, as the reader may see it.
    pub fn add(&mut self, record: &Record, visibility: Visibility) {
        if visibility != Visibility::Full {
            if self.concerns_period(record) {
                self.withheld += 1;
            }
            return;
        }
        match record {
            Record::Entity(e) => {
                self.entities
                    .insert(e.id.to_string(), e.details.name.clone());
                if crate::domain::entity_review::torture_refusal_missing(e) {
                    self.g9_9_missing.push(G99Line {
                        id: e.id.to_string(),
                        name: e.details.name.clone(),
                        kind: e.kind().to_string(),
                        registered_at: e.registered_at,
                    });
                }
            }
            Record::Receipt(r) => {
                let c = &r.capture;
                self.corrections_of(
                    &r.id.to_string(),
                    c.received_at,
                    r.after_the_fact.as_ref(),
                    r.voided.as_ref(),
                    &r.amendments,
                );
                if r.voided.is_some() {
                    return;
                }
                // G 9.2: the limit runs from receipt when determined at registration, or from
                // the first "yes" determination (a yes revised to no and back does not reset it).
                let start = r.urgent_clock_start().unwrap_or(c.received_at);
                if r.imminent_threat() && self.within(c.received_at) {
                    let done = r.dispositioned_at();
                    let limit = r.deadline.map_or(
                        crate::domain::settings::MissionSettings::new("")
                            .urgent_receipt_limit_minutes,
                        |d| (d - start).num_minutes(),
                    );
                    self.imminent.push(ImminentLine {
                        id: r.id.to_string(),
                        reference: c.reference.clone(),
                        title: c.title.clone(),
                        received_at: c.received_at,
                        limit_minutes: limit,
                        minutes: (done.unwrap_or(self.now) - start).num_minutes(),
                        dispositioned: done.is_some(),
                    });
                }
                if let Some(d) = r
                    .dissemination
                    .as_ref()
                    .filter(|d| self.within(d.disseminated_at()))
                {
                    self.decisions
                        .entry(d.authority.title())
                        .or_default()
                        .disseminations += 1;
                    if let Some(flag) = &d.flag {
                        self.flagged.push(FlaggedLine {
                            id: r.id.to_string(),
                            title: c.title.clone(),
                            flag: flag.clone(),
                            authority: d.authority.title().to_string(),
                            at: d.disseminated_at(),
                        });
                    }
                }
            }
            Record::Share(s) => {
                self.corrections_of(
                    &s.id.to_string(),
                    s.shared_at.unwrap_or(s.drafted_at),
                    s.after_the_fact.as_ref(),
                    s.voided.as_ref(),
                    &s.amendments,
                );
                if s.voided.is_some() {
                    return;
                }
                if let Some(d) = s.decision.as_ref().filter(|d| self.within(d.at)) {
                    let count = self.decisions.entry(d.authority.title()).or_default();
                    if d.authorise {
                        count.shares_authorised += 1;
                    } else {
                        count.shares_declined += 1;
                    }
                }
            }
            Record::Breach(b) if self.within(b.reported_at) => {
                self.breaches.push(BreachLine {
                    id: b.id.to_string(),
                    entity: b.report.entity.to_string(),
                    reported_at: b.reported_at,
                    suspected: b.report.suspected,
                    investigation: match &b.investigation {
                        None => "open".to_string(),
                        Some(i) => format!("{:?}", i.outcome).to_lowercase(),
                    },
                    concluded_at: b.investigation.as_ref().map(|i| i.at),
                });
            }
            Record::EntityAssessmentSharing(a) => self.assessments.push(Assessment {
                id: a.id.to_string(),
                what: "Entity Assessment for Sharing (G 8.1.2.3)",
                entity: a.entity.to_string(),
                started: a.overview.at,
                due: a.review_due,
                superseded_by: a.superseded_by.as_ref().map(|s| s.to_string()),
            }),
            Record::EntityAssessmentReceipt(a) => self.assessments.push(Assessment {
                id: a.id.to_string(),
                what: "Entity Assessment for Receipt (G 9.5.2)",
                entity: a.entity.to_string(),
                started: a.overview.at,
                due: a.review_due,
                superseded_by: a.superseded_by.as_ref().map(|s| s.to_string()),
            }),
            // A renewal moves the review date on, and a revocation ends the entry: one still
            // due in the past was not reviewed in time.
            Record::PreAuthorisation(p)
                if self.within(p.review_due) && p.review_due < self.now && p.revoked.is_none() =>
            {
                self.late_reviews.push(ReviewLine {
                    id: p.id.to_string(),
                    what: "Pre-authorised list entry (G 8.1.8, G 9.10)",
                    entity: p.terms.entity.to_string(),
                    due: p.review_due,
                    reviewed_at: None,
                    days_late: (self.now - p.review_due).num_days(),
                });
            }
            _ => {}
        }
    }

    fn corrections_of(
        &mut self,
        id: &str,
        happened: Time,
        late: Option<&crate::domain::after_the_fact::AfterTheFact>,
        voided: Option<&crate::domain::correction::Void>,
        amendments: &[crate::domain::correction::Amendment],
    ) {
        // A voided record is not counted as registered after the fact (its VOID line says it).
        if let Some(a) = late.filter(|_| voided.is_none() && self.within(happened)) {
            let gates: Vec<&str> = a.skipped.iter().map(|g| g.paragraph()).collect();
            self.corrections.push(CorrectionLine {
                id: id.to_string(),
                what: "registered after the fact (G 8.1.9, G 9.11)",
                detail: format!(
                    "{} — {}; gates not passed: {}",
                    a.by,
                    a.why.lines().next().unwrap_or_default(),
                    if gates.is_empty() {
                        "none".to_string()
                    } else {
                        gates.join(", ")
                    }
                ),
                at: happened,
            });
        }
        if let Some(v) = voided.filter(|v| self.within(v.at)) {
            self.corrections.push(CorrectionLine {
                id: id.to_string(),
                what: "voided as registered in error",
                detail: format!("{}: {}", v.by, v.reason),
                at: v.at,
            });
        }
        let (from, to) = (self.from, self.to);
        for a in amendments.iter().filter(|a| from <= a.at && a.at < to) {
            self.corrections.push(CorrectionLine {
                id: id.to_string(),
                what: "amended",
                detail: format!("{} by {}: {}", a.field, a.by, a.reason),
                at: a.at,
            });
        }
    }

    fn concerns_period(&self, record: &Record) -> bool {
        match record {
            Record::Receipt(r) => self.within(r.capture.received_at),
            Record::Share(s) => self.within(s.register_date()),
            Record::Breach(b) => self.within(b.reported_at),
            _ => false,
        }
    }

    /// Resolves what needs every record seen (reviews done by a later assessment, entity
    /// names) and orders the lines.
    pub fn finish(mut self) -> Self {
        let started: BTreeMap<String, Time> = self
            .assessments
            .iter()
            .map(|a| (a.id.clone(), a.started))
            .collect();
        for a in std::mem::take(&mut self.assessments) {
            let Some(due) = a.due.filter(|d| self.within(*d)) else {
                continue;
            };
            let reviewed_at = a
                .superseded_by
                .as_ref()
                .and_then(|s| started.get(s))
                .copied();
            let done = reviewed_at.unwrap_or(self.now);
            if done > due {
                self.late_reviews.push(ReviewLine {
                    id: a.id,
                    what: a.what,
                    entity: a.entity,
                    due,
                    reviewed_at,
                    days_late: (done - due).num_days(),
                });
            }
        }
        let names = std::mem::take(&mut self.entities);
        let name = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_string());
        for l in &mut self.late_reviews {
            l.entity = name(&l.entity);
        }
        for b in &mut self.breaches {
            b.entity = name(&b.entity);
        }
        self.imminent.sort_by_key(|l| l.received_at);
        self.late_reviews.sort_by_key(|l| l.due);
        self.flagged.sort_by_key(|l| l.at);
        self.breaches.sort_by_key(|l| l.reported_at);
        self.corrections.sort_by_key(|l| l.at);
        self
    }

    /// Median minutes to disposition of the imminent-threat receipts (still waiting ones
    /// count with the time so far).
    pub fn median_minutes(&self) -> Option<i64> {
        let mut m: Vec<i64> = self.imminent.iter().map(|l| l.minutes).collect();
        if m.is_empty() {
            return None;
        }
        m.sort_unstable();
        let n = m.len();
        Some(if n % 2 == 1 {
            m[n / 2]
        } else {
            (m[n / 2 - 1] + m[n / 2]) / 2
        })
    }

    pub fn worst(&self) -> Option<&ImminentLine> {
        self.imminent.iter().max_by_key(|l| l.minutes)
    }

    pub fn late(&self) -> usize {
        self.imminent
            .iter()
            .filter(|l| l.late_by().is_some())
            .count()
    }

    /// The summary: one (indicator, figure) pair per line, as the summary sheet and the
    /// console show them.
    pub fn summary(&self) -> Vec<(String, String)> {
        let mut out = vec![
            (
                "Imminent-threat receipts (G 9.1–9.3)".to_string(),
                self.imminent.len().to_string(),
            ),
            (
                "  median minutes to disposition".to_string(),
                self.median_minutes().map_or("—".into(), |m| m.to_string()),
            ),
            (
                "  worst minutes to disposition".to_string(),
                self.worst().map_or("—".into(), |l| {
                    format!("{} ({} {})", l.minutes, l.reference, pending(l))
                }),
            ),
            (
                "  late against the mission's limit (G 9.2)".to_string(),
                self.late().to_string(),
            ),
            (
                "Reviews done late or not done (G 8.1.2.3, G 8.1.8, G 9.10)".to_string(),
                self.late_reviews.len().to_string(),
            ),
        ];
        for (role, c) in &self.decisions {
            out.push((
                format!("Decisions as {role}"),
                format!(
                    "{} shares authorised, {} declined, {} disseminations",
                    c.shares_authorised, c.shares_declined, c.disseminations
                ),
            ));
        }
        out.push((
            "Flagged disseminations (G 9.12)".to_string(),
            self.flagged.len().to_string(),
        ));
        let open = self
            .breaches
            .iter()
            .filter(|b| b.concluded_at.is_none())
            .count();
        out.push((
            "Breaches reported (G 8.1.10)".to_string(),
            format!("{} ({} under investigation)", self.breaches.len(), open),
        ));
        let count = |what: &str| self.corrections.iter().filter(|c| c.what == what).count();
        out.push((
            "Registered after the fact (G 8.1.9, G 9.11)".to_string(),
            count("registered after the fact (G 8.1.9, G 9.11)").to_string(),
        ));
        out.push((
            "Voided as registered in error".to_string(),
            count("voided as registered in error").to_string(),
        ));
        out.push((
            "Corrections (amendments)".to_string(),
            count("amended").to_string(),
        ));
        let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
        for a in &self.refused {
            *by_rule
                .entry(a.paragraph.as_deref().unwrap_or("role"))
                .or_default() += 1;
        }
        let by_rule: Vec<String> = by_rule.iter().map(|(p, n)| format!("{p} ×{n}")).collect();
        out.push((
            "Refused attempts (a rule or a role said no)".to_string(),
            if self.refused.is_empty() {
                "0".to_string()
            } else {
                format!("{} ({})", self.refused.len(), by_rule.join(", "))
            },
        ));
        out.push((
            "Entities missing the HoM's G 9.9 letter (torture)".to_string(),
            self.g9_9_missing.len().to_string(),
        ));
        out.push((
            "Records in the period withheld from this reader (need to know)".to_string(),
            (self.withheld + self.refused_withheld).to_string(),
        ));
        out
    }
}

fn pending(l: &ImminentLine) -> &'static str {
    if l.dispositioned {
        "dispositioned"
    } else {
        "still waiting"
    }
}
