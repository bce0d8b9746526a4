//! What the entity view says of monitoring the relationship: the HoM's G 9.9 communication
//! (or that it is missing), incidents and suspensions (G 8.1.2.3), and the periodic
//! revisions with the action each decided (G 9.13).

use super::super::app::App;
use super::super::text::{clean, date, fit};
use crate::domain::entity::Entity;
use crate::domain::entity_review::torture_refusal_missing;
use ratatui::text::{Line, Span};

pub fn lines(app: &App, e: &Entity, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let value = theme.style("field.value");
    let muted = theme.style("muted");
    let warn = theme.style("queue.overdue");
    let m = &e.monitoring;
    let mut out = vec![
        Line::from(""),
        Line::from(Span::styled(
            "Monitoring and revision (G 8.1.2.3, G 9.9, G 9.13)".to_string(),
            theme.style("title"),
        )),
    ];
    let line = |text: String, style| Line::from(Span::styled(fit(&clean(&text), width), style));
    if torture_refusal_missing(e) {
        out.push(line(
            "  G 9.9 MISSING: the HoM has not formally communicated that the UN will not receive intelligence obtained under torture".into(),
            warn,
        ));
    }
    for c in &m.torture_refusal {
        out.push(line(
            format!(
                "  G 9.9 communicated {} by {} — {}",
                date(c.communicated_at),
                c.by,
                c.how
            ),
            value,
        ));
    }
    if !e.kind().is_non_un() && m.torture_refusal.is_empty() {
        out.push(line(
            "  G 9.9: UN entity, no communication needed".into(),
            muted,
        ));
    } else if e.kind().is_non_un() && m.torture_refusal.is_empty() && !torture_refusal_missing(e) {
        out.push(line(
            "  G 9.9: not communicated yet (nothing received from it under an assessment)".into(),
            muted,
        ));
    }
    for (i, inc) in m.incidents.iter().enumerate() {
        out.push(line(
            format!(
                "  incident {} {} — {} (source: {}; recorded by {})",
                i + 1,
                date(inc.occurred_at),
                inc.what,
                inc.source,
                inc.by
            ),
            value,
        ));
    }
    for s in &m.suspensions {
        let state = match &s.review {
            None => "PENDING REVIEW".to_string(),
            Some(r) => format!("{} {} — {}", r.outcome.key(), date(r.at), r.finding),
        };
        out.push(line(
            format!(
                "  suspended {} by {} — {} — {state}",
                date(s.at),
                s.by,
                s.reason
            ),
            if s.review.is_none() { warn } else { value },
        ));
    }
    if m.revisions.is_empty() {
        out.push(line("  no periodic revision recorded".into(), muted));
    }
    for r in &m.revisions {
        out.push(line(
            format!(
                "  revision {} to {} by {} {}: {} — action: {}{}",
                date(r.from),
                date(r.to),
                r.by,
                date(r.at),
                r.finding,
                r.action,
                if r.action_details.trim().is_empty() {
                    String::new()
                } else {
                    format!(" ({})", r.action_details)
                }
            ),
            value,
        ));
    }
    out
}
