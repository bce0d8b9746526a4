//! A share in the record view: its register entry (G C "Registers": when, marking, with whom,
//! how, the risk assessment's result), the decision and its conditions, when it was shared,
//! onward requests and withdrawal.

use super::super::super::text::{date, date_time};
use super::Lines;
use crate::domain::answer::Facts;
use crate::domain::risk_assessment::ANNEX_B;
use crate::domain::share::{Extent, OutgoingShare};

impl Lines<'_> {
    pub(super) fn share(&mut self, s: &OutgoingShare) {
        let p = &s.draft.product;
        self.section("Register entry (G C Registers)");
        if s.after_the_fact.is_some() {
            self.kv(
                "Registered",
                &format!(
                    "{} by {}, after the fact",
                    date_time(s.drafted_at),
                    s.drafted_by
                ),
            );
        } else {
            self.kv("Drafted", &date_time(s.drafted_at));
        }
        self.kv("Marking", &p.marking.to_string());
        self.kv("With", &self.entity(&s.draft.recipient));
        if let Some(u) = &s.draft.recipient_unit {
            self.kv("Receiving unit", u);
        }
        self.kv("How", &s.draft.channel.to_string());
        self.kv(
            "Risk assessment",
            &match &s.risk_assessment {
                Some(a) => format!(
                    "risk {} — {}",
                    if a.risk_acceptable {
                        "acceptable"
                    } else {
                        "NOT acceptable"
                    },
                    a.conclusion_note
                ),
                None => match &s.pre_authorisation {
                    Some(pid) => format!("none: pre-authorised entry {pid} (G 8.1.8)"),
                    None => "not assessed yet".into(),
                },
            },
        );
        self.kv(
            "Action taken",
            &match s.shared_at {
                Some(t) => format!("{} {}", s.state, date_time(t)),
                None => s.state.to_string(),
            },
        );
        self.section("Product");
        self.kv("Title", &p.title);
        self.kv("Reference", &p.reference);
        self.kv("Summary", &p.summary);
        self.kv("Nature", &p.nature.to_string());
        self.kv(
            "Threat to civilians",
            if p.poc_threat { "yes" } else { "no" },
        );
        self.kv(
            "Extent (G 8.1.6)",
            &match &s.draft.extent {
                Extent::Full => "full".to_string(),
                Extent::Partial { withheld } => format!("partial — withheld: {withheld}"),
            },
        );
        self.kv(
            "Urgent (G 8.1.7)",
            if s.draft.urgent { "yes" } else { "no" },
        );
        if let Some(dl) = s.deadline {
            self.kv("Deadline", &date_time(dl));
        }
        self.kv("Acquiring office", &s.draft.acquiring_office);
        if !s.draft.derived_from.is_empty() {
            let ids: Vec<&str> = s.draft.derived_from.iter().map(|d| d.as_str()).collect();
            self.kv("Draws on (G 9.8)", &ids.join(", "));
        }
        self.kv("Drafted by", &s.drafted_by);
        self.kv(
            "Sanitisation",
            &match &s.sanitisation {
                Some(c) => format!("confirmed by {} {}", c.by, date_time(c.at)),
                None => "not confirmed (G 8.1.12)".into(),
            },
        );
        if let Some(a) = &s.risk_assessment {
            self.section(&format!(
                "Sharing Risk Assessment (Annex B) — {} {}",
                a.by,
                date(a.at)
            ));
            self.answers(&ANNEX_B, &a.answers, &Facts::of(p.marking.level, p.nature));
            self.kv("Consulted", &a.consulted.join(", "));
            for issue in &a.previous_issues {
                self.kv("Q6 registry held", &issue.to_string());
            }
            if let Some(o) = &a.acquiring_office {
                self.kv(
                    "Acquiring office",
                    &format!(
                        "{} — {} {}",
                        o.office,
                        if o.supports_sharing {
                            "supports"
                        } else {
                            "does NOT support"
                        },
                        o.note
                    ),
                );
            }
            if !a.mitigations.is_empty() {
                self.kv("Mitigations", &a.mitigations);
            }
            if !a.unknowns_justified.is_empty() {
                self.kv("Acceptable despite unknowns", &a.unknowns_justified);
            }
        }
        if !s.onward_requests.is_empty() {
            self.section("Onward requests (G 8.1.5)");
            for c in &s.onward_requests {
                self.kv(
                    "Asked",
                    &format!(
                        "to pass it to {} — {} ({}, {}; recorded by {})",
                        c.request.to_whom,
                        c.request.purpose,
                        c.request.reference,
                        date(c.request.requested_at),
                        c.request.by
                    ),
                );
                self.kv(
                    "Answer",
                    &match &c.answer {
                        Some(a) => format!(
                            "{} by {} as {} ({}) {}: {}",
                            if a.approved { "approved" } else { "REFUSED" },
                            a.by,
                            a.authority.title(),
                            a.reference,
                            date(a.at),
                            a.terms
                        ),
                        None => "awaits the sharing authority's written answer".into(),
                    },
                );
            }
        }
        if let Some(r) = &s.routing {
            self.section("Routing (G 8.2.1)");
            for (k, v) in [
                ("Head of Office", &r.head_of_office),
                ("Senior DSS official", &r.dss_official),
                ("Designated Official", &r.designated_official),
                ("PoC manager alerted", &r.poc_manager_alerted),
            ] {
                if let Some(v) = v {
                    self.kv(k, v);
                }
            }
        }
        if let Some(dec) = &s.decision {
            self.section("Decision (G 8)");
            self.kv(
                "Decided",
                &format!(
                    "{} by {} as {} {}",
                    if dec.authorise {
                        "AUTHORISED"
                    } else {
                        "DECLINED"
                    },
                    dec.by,
                    dec.authority,
                    date_time(dec.at)
                ),
            );
            self.kv("Reason", &dec.reason);
        }
        if let Some(a) = &s.acceptance {
            self.section("Written acceptance of the conditions (G 8.1.5)");
            let yes = |b: bool| if b { "accepted" } else { "NOT accepted" };
            self.kv("Originator control", yes(a.originator_control));
            self.kv("Use limited", yes(a.use_limited));
            if let Some(n) = &a.narrower_scope {
                self.kv("Narrower scope", n);
            }
            self.kv("No violations", yes(a.no_violations));
            self.kv("Marking kept", yes(a.marking_kept));
            self.kv("Equivalent handling", yes(a.equivalent_handling));
            self.kv("Accepted by", &a.accepted_by);
            self.kv(
                "Document",
                &format!("{} of {}", a.document, date(a.accepted_on)),
            );
        }
        if let Some(w) = &s.withdrawn_because {
            self.kv("Withdrawn because", w);
        }
    }
}
