//! A received product in the record view: its register entry (G C "Registers": when, marking,
//! from whom, how, the scan's result, the action taken), the alerts, scan, clearance,
//! dissemination, rejection and what follows them.

use super::super::super::text::{date, date_time};
use super::Lines;
use crate::domain::answer::Facts;
use crate::domain::receipt::IncomingReceipt;
use crate::domain::receipt_scan::ANNEX_E;

impl Lines<'_> {
    pub(super) fn receipt(&mut self, r: &IncomingReceipt) {
        let c = &r.capture;
        self.section("Register entry (G C Registers)");
        self.kv("Received", &date_time(c.received_at));
        self.kv("Marking", &c.marking.to_string());
        self.kv("From", &self.entity(&c.source));
        if let Some(o) = &c.originator {
            self.kv("Originator (G 9.13)", &self.entity(o));
        }
        self.kv("How", &c.channel.to_string());
        self.kv(
            "Scan result",
            &match &r.scan {
                Some(s) => format!(
                    "credibility {}{}",
                    s.credibility,
                    if s.grave_violation_risk() {
                        " — REAL RISK OF GRAVE VIOLATIONS (G 9.9)"
                    } else {
                        ""
                    }
                ),
                None => match &r.pre_authorisation {
                    Some(p) => format!("no scan: pre-authorised entry {p} (G 9.10)"),
                    None => "not scanned yet".into(),
                },
            },
        );
        self.kv("State", &r.state.to_string());
        self.kv(
            "Action taken",
            &super::super::record_follow_up::action_taken(r),
        );
        self.section("Product");
        self.kv("Title", &c.title);
        self.kv("Reference", &c.reference);
        self.kv("Summary", &c.summary);
        self.kv("Nature", &c.nature.to_string());
        self.kv(
            "Imminent threat",
            if r.imminent_threat() {
                "YES (G 9.1)"
            } else {
                "no"
            },
        );
        self.kv(
            "Threat to civilians",
            if c.poc_threat { "yes" } else { "no" },
        );
        if let Some(dl) = r.deadline {
            let left = (dl - self.app.now).num_seconds();
            let text = if r.state.is_dispositioned() {
                date_time(dl)
            } else {
                format!(
                    "{} — {}",
                    date_time(dl),
                    super::super::super::text::countdown(left)
                )
            };
            self.kv("Deadline (G 9.2)", &text);
        }
        self.kv(
            "Registered",
            &format!("{} by {}", date_time(r.registered_at), r.registered_by),
        );
        self.section("Alerts (G 9.3)");
        if r.alerts.is_empty() {
            self.text("none recorded", "muted");
        }
        for a in &r.alerts {
            self.kv(
                &a.to.to_string(),
                &format!("{} by {}", date_time(a.at), a.by),
            );
        }
        let missing = r.missing_alerts();
        if !missing.is_empty() {
            self.text(
                &format!("!! still required: {}", missing.join(", ")),
                "queue.urgent",
            );
        }
        if let Some(s) = &r.scan {
            self.section(&format!(
                "Intelligence Receipt Scan (Annex E) — {} {}",
                s.by,
                date(s.at)
            ));
            self.answers(&ANNEX_E, &s.answers, &Facts::of(c.marking.level, c.nature));
            self.kv("Credibility", &s.credibility.to_string());
            self.kv(
                "Red flags (G 9.12)",
                &if s.red_flags.is_empty() {
                    "none".to_string()
                } else {
                    s.red_flags.join(", ")
                },
            );
            self.kv(
                "Human Rights consulted",
                if s.human_rights_consulted {
                    "yes"
                } else {
                    "no"
                },
            );
        }
        if let Some(c) = &r.cleared {
            self.kv("Cleared", &format!("{} by {}", date_time(c.at), c.by));
        }
        if let Some(dis) = &r.dissemination {
            self.section("Dissemination (G 9.7)");
            self.kv("Disseminated", &date_time(dis.disseminated_at()));
            self.kv(
                "Decided by",
                &format!(
                    "{} as {}, recorded {}",
                    dis.by,
                    dis.authority,
                    date_time(dis.at)
                ),
            );
            self.kv("Who may see it", &dis.to_whom().join(", "));
            if let Some(f) = &dis.flag {
                self.kv("Flag (G 9.12)", f);
            }
        }
        if let Some(rej) = &r.rejection {
            self.section("Rejection (G 9.9)");
            self.kv("Reason", &rej.reason);
            self.kv(
                "Grave violations",
                if rej.grave_violations { "yes" } else { "no" },
            );
            self.kv("By", &format!("{} {}", rej.by, date_time(rej.at)));
            for (k, v) in super::super::record_follow_up::rejection_lines(r) {
                self.kv(&k, &v);
            }
        }
        for a in &r.onward_approvals {
            self.section("Onward sharing approved by the originator (G 9.8)");
            self.kv("To", &self.entity(&a.to_entity));
            self.kv("Approved by", &a.approved_by);
            self.kv("Document", &a.document);
        }
    }
}
