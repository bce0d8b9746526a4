//! An entity assessment in the record view, in either direction: part 1 as the direction has
//! it and who wrote it, part 2 or that it waits on the Human Rights Component, and its review
//! under the direction's paragraph (G 8.1.2.3, G 9.5.2).

use super::super::super::text::{date, date_time};
use super::Lines;
use crate::domain::answer::{Facts, reads};
use crate::domain::assessment::{AssessmentDirection, EntityAssessment};
use crate::domain::assessment_receipt::{
    ANNEX_D_HUMAN_RIGHTS, ForReceipt, HumanRightsScan, ReceiptOverview,
};
use crate::domain::assessment_sharing::{
    ForSharing, HumanRightsRiskAssessment, MANDATE_COMPATIBLE, SharingOverview,
};

/// How a direction's two parts read.
pub(super) trait AssessmentView: AssessmentDirection {
    const PART_1: &'static str;
    const PART_2: &'static str;
    fn overview(lines: &mut Lines, overview: &Self::Overview);
    fn human_rights(lines: &mut Lines, part: &Self::HumanRights);
}

impl Lines<'_> {
    pub(super) fn assessment<D: AssessmentView>(&mut self, a: &EntityAssessment<D>) {
        self.section(D::PART_1);
        self.kv("Entity", &self.entity(&a.entity));
        D::overview(self, &a.overview);
        self.kv(
            "By",
            &format!("{} {}", a.overview.by, date_time(a.overview.at)),
        );
        self.section(D::PART_2);
        match &a.human_rights {
            None => self.text(
                "not yet written by the Human Rights Component",
                "queue.overdue",
            ),
            Some(h) => {
                D::human_rights(self, h);
                self.kv("By", &format!("{} {}", h.by, date_time(h.at)));
            }
        }
        let current = a.is_current(self.app.now);
        self.review(D::REVIEW, a.review_due, current, a.superseded_by.as_ref());
    }
}

impl AssessmentView for ForSharing {
    const PART_1: &'static str = "Part 1 — overview (Annex A)";
    const PART_2: &'static str = "Part 2 — human rights (G 8.1.2.1)";

    fn overview(lines: &mut Lines, o: &SharingOverview) {
        lines.kv("Mandate", &o.mandate);
        let (answer, _) = reads(
            &MANDATE_COMPATIBLE,
            &o.mandate_compatible,
            &Facts::default(),
        );
        lines.kv(
            "Mandate compatible",
            &format!("{answer} {}", o.mandate_compatible.note),
        );
        lines.kv("Scope", &o.scope);
    }

    fn human_rights(lines: &mut Lines, h: &HumanRightsRiskAssessment) {
        lines.kv("Method", &format!("{:?}", h.method));
        lines.kv("Findings", &h.findings);
        lines.kv("Conclusion", &format!("{:?}", h.conclusion));
        for (i, m) in h.mitigation_measures.iter().enumerate() {
            let state = match &m.in_place {
                Some(c) => format!("in place ({} {})", c.by, date(c.at)),
                None => "NOT in place".into(),
            };
            lines.kv(
                &format!("Mitigation {}", i + 1),
                &format!("{} — {state}", m.text),
            );
        }
    }
}

impl AssessmentView for ForReceipt {
    const PART_1: &'static str = "Part 1 — overview (Annex D)";
    const PART_2: &'static str = "Part 2 — human rights scan (Annex D)";

    fn overview(lines: &mut Lines, o: &ReceiptOverview) {
        lines.kv("Mandate", &o.mandate);
        lines.kv("Involvement", &o.involvement);
        lines.kv("Interests, motivations", &o.interests_and_motivations);
        lines.kv("Why it shares", &o.why_it_shares);
        lines.kv("Expected action", &o.expected_action);
        lines.kv("Reliability", &o.reliability.to_string());
    }

    fn human_rights(lines: &mut Lines, scan: &HumanRightsScan) {
        lines.answers(&ANNEX_D_HUMAN_RIGHTS, &scan.answers, &Facts::default());
    }
}
