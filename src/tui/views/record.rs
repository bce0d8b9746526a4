//! One record: what the Guidelines require the registry to hold for it (time and date,
//! marking, with or from whom, how, the results of the assessment or scan, the action taken),
//! every other field, what it waits on, and the timeline of who did what when.

use super::super::app::{App, RecordDetail, RecordScreen};
use super::super::text::{clean, date, date_time, wrap};
use super::super::widgets::{marking_span, pane, title};
use crate::domain::answer::{Answer, AnswerType, Facts, Question, reads};
use crate::domain::change::Change;
use crate::domain::record::Record;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

mod assessment;
mod receipt;
mod share;

pub fn draw(frame: &mut Frame, app: &App, screen: &RecordScreen, area: Rect) {
    let theme = &app.theme;
    let Some((d, stale)) = super::loaded(
        frame,
        app,
        &screen.detail,
        || format!("Reading {}…", screen.id),
        area,
    ) else {
        return;
    };
    let heading = Line::from(vec![
        title(
            theme,
            format!("{} — {}", d.record.id(), kind_name(&d.record)),
        ),
        marking_span(theme, d.record.marking().level, false),
        Span::raw(" "),
    ]);
    let block = pane(theme, heading, true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let inner = super::stale_line(frame, app, stale, inner);
    let lines = Lines::new(app, usize::from(inner.width)).build(d);
    let scroll = screen.scroll.fit(lines.len(), inner.height);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}

fn kind_name(r: &Record) -> &'static str {
    match r {
        Record::Settings(_) => "mission settings",
        Record::Entity(_) => "entity",
        Record::EntityAssessmentSharing(_) => "Entity Assessment for Sharing",
        Record::EntityAssessmentReceipt(_) => "Entity Assessment for Receipt",
        Record::Share(_) => "outgoing share",
        Record::Receipt(_) => "incoming receipt",
        Record::Breach(_) => "breach",
        Record::PreAuthorisation(_) => "pre-authorised list entry",
        Record::User(_) => "user",
        _ => "record",
    }
}

struct Lines<'a> {
    app: &'a App,
    width: usize,
    out: Vec<Line<'static>>,
    /// A pre-authorised entry that ended for good: when and why.
    ended: Option<(crate::domain::ids::Time, String)>,
}

impl<'a> Lines<'a> {
    fn new(app: &'a App, width: usize) -> Self {
        Lines {
            app,
            width,
            out: Vec::new(),
            ended: None,
        }
    }

    fn style(&self, key: &str) -> Style {
        self.app.theme.style(key)
    }

    fn section(&mut self, text: &str) {
        if !self.out.is_empty() {
            self.out.push(Line::from(""));
        }
        self.out.push(Line::from(Span::styled(
            text.to_string(),
            self.style("title"),
        )));
    }

    /// An entity assessment's review: its date (and the paragraph that sets it), whether it is
    /// current, and what superseded it.
    fn review(
        &mut self,
        paragraph: &str,
        due: Option<crate::domain::ids::Time>,
        current: bool,
        superseded_by: Option<&crate::domain::ids::RecordId>,
    ) {
        self.kv(
            &format!("Review due ({paragraph})"),
            &due.map(date).unwrap_or_else(|| "—".into()),
        );
        self.kv("Current", if current { "yes" } else { "NO" });
        if let Some(s) = superseded_by {
            self.kv("Superseded by", s.as_str());
        }
    }

    /// `label: value`, the value wrapped under itself; untrusted text is cleaned.
    fn kv(&mut self, label: &str, value: &str) {
        let label = format!("{label:<22} ");
        let indent = label.chars().count();
        let rows = wrap(&clean(value), self.width.saturating_sub(indent).max(10));
        for (i, row) in rows.into_iter().enumerate() {
            let head = if i == 0 {
                label.clone()
            } else {
                " ".repeat(indent)
            };
            self.out.push(Line::from(vec![
                Span::styled(head, self.style("field.label")),
                Span::styled(row, self.style("field.value")),
            ]));
        }
    }

    fn text(&mut self, text: &str, style: &str) {
        for row in wrap(&clean(text), self.width.max(10)) {
            self.out
                .push(Line::from(Span::styled(row, self.style(style))));
        }
    }

    /// Each question, and its answer read as what was asked (a yes-no answer in capitals, a
    /// choice by its label, a confirmed field by its value).
    fn answers(&mut self, questions: &[Question], answers: &[Answer], facts: &Facts) {
        for (i, q) in questions.iter().enumerate() {
            self.text(&format!("{}. {}", i + 1, q.text), "muted");
            let Some(a) = answers.get(i) else {
                self.kv("   —", "");
                continue;
            };
            let (value, note) = reads(q, a, facts);
            match a.yes_no_value() {
                Some(_) if q.kind == AnswerType::YesNo => {
                    self.kv(&format!("   {}", value.to_uppercase()), &note)
                }
                _ => {
                    self.kv("   ", &value);
                    if !note.is_empty() {
                        self.kv("   note", &note);
                    }
                }
            }
        }
    }

    fn entity(&self, id: &crate::domain::ids::RecordId) -> String {
        format!("{} ({id})", self.app.entity_name(id))
    }

    fn build(mut self, d: &RecordDetail) -> Vec<Line<'static>> {
        self.ended = d.ended.clone();
        if !d.can_see {
            self.text(
                "Content withheld: your clearance or need to know does not cover this record (P 11.3.3). Only its registry number and marking are shown.",
                "muted",
            );
            self.kv("Marking", &d.record.marking().to_string());
        } else {
            if let Some(next) = &d.next {
                self.section("Next step");
                self.kv("Waits on", &next.waiting_on);
                self.kv("Who acts", next.who_acts.title());
            } else if let Some((at, then)) = &d.later {
                self.section("Next step");
                self.kv("Waits on", "nothing now");
                self.kv(
                    "Falls due",
                    &format!("{}: {}", super::super::text::date(*at), then.waiting_on),
                );
                self.kv("Who acts then", then.who_acts.title());
            }
            self.record(&d.record);
        }
        self.section("Timeline — who did what, when");
        for e in &d.events {
            let detail = if d.can_see {
                event_detail(&e.change)
            } else {
                None
            };
            let mut text = format!(
                "{}  {:<10} {}",
                date_time(e.at),
                clean(&e.actor),
                e.change.describe()
            );
            if let Some(extra) = detail {
                text.push_str(&format!(" — {}", clean(&extra)));
            }
            self.text(&text, "field.value");
        }
        self.out
    }

    fn record(&mut self, r: &Record) {
        let truth = super::record_truth::lines(r);
        if !truth.is_empty() {
            self.section("Determinations, corrections, late registration (G C Registers)");
            for (k, v) in &truth {
                self.kv(k, v);
            }
        }
        match r {
            Record::Receipt(r) => self.receipt(r),
            Record::Share(s) => self.share(s),
            Record::EntityAssessmentSharing(a) => self.assessment(a),
            Record::EntityAssessmentReceipt(a) => self.assessment(a),
            Record::Breach(b) => {
                self.section("Breach (G 8.1.10)");
                self.kv("Entity", &self.entity(&b.report.entity));
                if let Some(s) = &b.report.share {
                    self.kv("Share", s.as_str());
                }
                self.kv(
                    "Confirmed",
                    if b.report.suspected {
                        "no — suspicion"
                    } else {
                        "yes"
                    },
                );
                self.kv("What happened", &b.report.description);
                self.kv(
                    "Reported",
                    &format!("{} by {}", date_time(b.reported_at), b.reported_by),
                );
                match &b.investigation {
                    None => self.text(
                        "Investigation open: all sharing with the entity is halted.",
                        "queue.overdue",
                    ),
                    Some(i) => {
                        self.kv("Outcome", &format!("{:?}", i.outcome));
                        self.kv("Conclusions", &i.summary);
                        self.kv("Resumption terms", &i.resumption_terms);
                        if let Some(max) = i.resume_up_to {
                            self.kv("Resume up to (G 8.1.10)", &max.to_string());
                        }
                        if i.case_by_case {
                            self.kv(
                                "Case by case",
                                "each product its own assessment and decision",
                            );
                        }
                        if let Some(t) = i.terms_until {
                            self.kv("Terms hold until", &date(t));
                        }
                        self.kv("Concluded", &format!("{} by {}", date_time(i.at), i.by));
                    }
                }
            }
            Record::PreAuthorisation(p) => {
                self.section("Pre-authorised list entry");
                self.kv("Entity", &self.entity(&p.terms.entity));
                self.kv("List", &p.terms.direction.to_string());
                self.kv("Products", &p.terms.products);
                self.kv("Up to", &p.terms.max_classification.to_string());
                self.kv(
                    "Authorised",
                    &format!("{} by {}", date_time(p.authorised_at), p.authorised_by),
                );
                self.kv("Review due", &date(p.review_due));
                let valid = match &self.ended {
                    Some((at, why)) => format!("NO — ENDED {}: {why}", date(*at)),
                    None if p.is_valid(self.app.now) => "yes".to_string(),
                    None => "NO".to_string(),
                };
                self.kv("Valid now", &valid);
                if let Some(r) = &p.revoked {
                    self.kv("Revoked", &format!("{} by {}", date_time(r.at), r.by));
                }
                if let Some(scope) = &p.terms.scope {
                    let natures: Vec<String> =
                        scope.natures.iter().map(|n| n.to_string()).collect();
                    self.kv(
                        "Covers",
                        &format!(
                            "references beginning {}, {}",
                            scope.reference_prefix,
                            natures.join(", ")
                        ),
                    );
                }
                // Each periodic review with what the reviewer confirmed (G 8.1.8, G 9.10).
                for r in &p.reviews {
                    self.section(&format!("Reviewed {} by {}", date_time(r.at), r.by));
                    for (item, ok) in r.value.checklist() {
                        self.kv(
                            if ok {
                                "✓ confirmed"
                            } else {
                                "✗ not confirmed"
                            },
                            item,
                        );
                    }
                    self.kv("Finding", &r.value.finding);
                }
            }
            Record::User(u) => {
                self.section("User");
                self.kv("Name", &u.name);
                let roles: Vec<String> = u
                    .roles
                    .iter()
                    .map(|r| format!("{} ({})", r.title(), r.key()))
                    .collect();
                self.kv("Roles", &roles.join(", "));
                self.kv("Clearance", &u.clearance.to_string());
                self.kv("Disabled", if u.disabled { "YES" } else { "no" });
                self.kv(
                    "Added",
                    &format!("{} by {}", date_time(u.added_at), u.added_by),
                );
            }
            Record::Settings(s) => {
                self.section("Mission settings");
                self.kv("Mission", &s.mission);
                self.kv(
                    "Review interval",
                    &format!("{} days", s.review_interval_days),
                );
                self.kv(
                    "Imminent-threat limit",
                    &format!("{} min", s.urgent_receipt_limit_minutes),
                );
                self.kv(
                    "Urgent share limit",
                    &format!("{} min", s.urgent_share_limit_minutes),
                );
                self.kv("Red flags", &s.red_flags.join("; "));
            }
            Record::Entity(e) => {
                self.kv("Entity", &e.details.name);
            }
            other => {
                self.kv("Kind", other.kind().key());
            }
        }
    }
}

/// A few words more about an event, where the change carries them.
fn event_detail(change: &Change) -> Option<String> {
    Some(match change {
        Change::AlertRecorded { to, at } => format!("{to} at {}", date_time(*at)),
        Change::ShareDecided {
            authority, reason, ..
        } => format!("as {authority}: {reason}"),
        Change::ReceiptScanned { scan } => format!("credibility {}", scan.credibility),
        Change::DisseminationDecided { dissemination }
        | Change::DisseminationToPeopleDecided { dissemination } => {
            format!("as {}", dissemination.authority)
        }
        Change::ReceiptRejected { rejection } => rejection.reason.clone(),
        Change::ShareWithdrawn { reason } => reason.clone(),
        Change::InvestigationConcluded { investigation } => {
            format!("{:?}", investigation.outcome)
        }
        Change::UserRolesChanged { roles } => {
            roles.iter().map(|r| r.key()).collect::<Vec<_>>().join(", ")
        }
        _ => return None,
    })
}
