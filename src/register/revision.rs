//! The periodic revision of one entity (G 9.13, G C "Registers" d: "periodic revisions
//! thereof to identify any trends over time"): by month, the products shared with and
//! received from it, the credibility of what it sent, red flags, flagged disseminations,
//! rejections and breaches; and its reliability grade as each assessment set it.

use super::filter::Visibility;
use crate::domain::grades::{Credibility, Reliability};
use crate::domain::ids::{RecordId, Time};
use crate::domain::record::Record;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Month {
    pub shared: u64,
    pub received: u64,
    /// Received products by credibility grade, 1 to 5 (Annex E).
    pub credibility: [u64; 5],
    pub red_flags: u64,
    pub flagged_disseminations: u64,
    pub rejections: u64,
    pub breaches: u64,
    pub pre_authorisations_revoked: u64,
}

/// The columns of the month table, in order.
pub const MONTH_COLUMNS: [&str; 13] = [
    "Month",
    "Shared",
    "Received",
    "Credibility 1 — Confirmed",
    "Credibility 2 — Probably true",
    "Credibility 3 — Doubtfully true",
    "Credibility 4 — Improbable",
    "Credibility 5 — Cannot be judged",
    "Red flags",
    "Flagged disseminations",
    "Rejections",
    "Breaches",
    "Pre-authorisations revoked",
];

impl Month {
    pub fn figures(&self) -> [u64; 12] {
        let c = self.credibility;
        [
            self.shared,
            self.received,
            c[0],
            c[1],
            c[2],
            c[3],
            c[4],
            self.red_flags,
            self.flagged_disseminations,
            self.rejections,
            self.breaches,
            self.pre_authorisations_revoked,
        ]
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GradeLine {
    pub at: Time,
    pub reliability: Reliability,
    pub assessment: String,
    pub current: bool,
}

#[derive(Clone, Debug)]
pub struct Revision {
    pub entity: RecordId,
    pub name: String,
    pub from: Time,
    pub to: Time,
    /// "YYYY-MM" → figures; every month of the period is present, empty or not.
    pub months: BTreeMap<String, Month>,
    pub reliability: Vec<GradeLine>,
    /// The revisions recorded on the entity (G 9.13): the pattern found and the action
    /// decided, each with who and when.
    pub findings: Vec<FindingLine>,
    pub withheld: u64,
}

/// One recorded revision of the entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FindingLine {
    pub from: Time,
    pub to: Time,
    pub finding: String,
    pub action: String,
    pub by: String,
    pub at: Time,
}

fn month_key(t: Time) -> String {
    t.format("%Y-%m").to_string()
}

impl Revision {
    pub fn new(entity: RecordId, name: String, from: Time, to: Time) -> Self {
        let mut months = BTreeMap::new();
        let mut t = from;
        while t < to {
            months.insert(month_key(t), Month::default());
            t = next_month(t);
        }
        Revision {
            entity,
            name,
            from,
            to,
            months,
            reliability: Vec::new(),
            findings: Vec::new(),
            withheld: 0,
        }
    }

    fn month(&mut self, t: Time) -> Option<&mut Month> {
        if t < self.from || t >= self.to {
            return None;
        }
        Some(self.months.entry(month_key(t)).or_default())
    }

    /// Takes one record into the revision, as the reader may see it.
    pub fn add(&mut self, record: &Record, visibility: Visibility) {
        if record.entity() != Some(&self.entity)
            && !matches!(record, Record::Receipt(r) if r.capture.originator.as_ref() == Some(&self.entity))
        {
            return;
        }
        if visibility != Visibility::Full {
            if !matches!(record, Record::Entity(_)) {
                self.withheld += 1;
            }
            return;
        }
        match record {
            Record::Share(s) => {
                if let Some(m) = self.month(s.register_date()) {
                    m.shared += 1;
                }
            }
            Record::Receipt(r) => {
                let Some(m) = self.month(r.capture.received_at) else {
                    return;
                };
                m.received += 1;
                if let Some(scan) = &r.scan {
                    let i = Credibility::ALL
                        .iter()
                        .position(|c| *c == scan.credibility)
                        .unwrap_or(4);
                    m.credibility[i] += 1;
                    m.red_flags += scan.red_flags.len() as u64;
                }
                if r.dissemination.as_ref().is_some_and(|d| d.flag.is_some()) {
                    m.flagged_disseminations += 1;
                }
                if r.rejection.is_some() {
                    m.rejections += 1;
                }
            }
            Record::Breach(b) => {
                if let Some(m) = self.month(b.reported_at) {
                    m.breaches += 1;
                }
            }
            Record::PreAuthorisation(p) => {
                if let Some(at) = p.revoked.as_ref().map(|r| r.at)
                    && let Some(m) = self.month(at)
                {
                    m.pre_authorisations_revoked += 1;
                }
            }
            Record::Entity(e) if e.id == self.entity => {
                for r in &e.monitoring.revisions {
                    self.findings.push(FindingLine {
                        from: r.from,
                        to: r.to,
                        finding: r.finding.clone(),
                        action: if r.action_details.trim().is_empty() {
                            r.action.to_string()
                        } else {
                            format!("{} — {}", r.action, r.action_details)
                        },
                        by: r.by.clone(),
                        at: r.at,
                    });
                }
            }
            Record::EntityAssessmentReceipt(a) if a.overview.at < self.to => {
                self.reliability.push(GradeLine {
                    at: a.overview.at,
                    reliability: a.overview.reliability,
                    assessment: a.id.to_string(),
                    current: a.superseded_by.is_none(),
                });
            }
            _ => {}
        }
    }

    pub fn finish(mut self) -> Self {
        self.reliability.sort_by_key(|g| g.at);
        self
    }
}

/// The first instant of the month after `t`'s.
pub fn next_month(t: Time) -> Time {
    use chrono::{Datelike, TimeZone, Utc};
    let (y, m) = if t.month() == 12 {
        (t.year() + 1, 1)
    } else {
        (t.year(), t.month() + 1)
    };
    Utc.with_ymd_and_hms(y, m, 1, 0, 0, 0)
        .single()
        .unwrap_or(t + chrono::Duration::days(31))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    #[test]
    fn g_9_13_every_month_of_the_period_has_a_line_even_when_empty() {
        let from = Utc.with_ymd_and_hms(2026, 11, 15, 0, 0, 0).unwrap();
        let to = Utc.with_ymd_and_hms(2027, 2, 1, 0, 0, 0).unwrap();
        let r = Revision::new(RecordId::from("ENT-1"), "X".into(), from, to);
        let months: Vec<&String> = r.months.keys().collect();
        assert_eq!(months, ["2026-11", "2026-12", "2027-01"]);
    }
}
