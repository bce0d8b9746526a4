//! What the record view says of a received product after its disposition: the action the
//! mission took and what corroborated it (G C "Registers" a, G 9.13), and the G 9.9 notice to
//! the Human Rights Component with its acknowledgement and the recipients to tell.

use super::super::text::date_time;
use crate::domain::receipt::IncomingReceipt;

/// The register's "Action taken": what the mission did with the product, never the workflow
/// state.
pub fn action_taken(r: &IncomingReceipt) -> String {
    if r.follow_up.actions.is_empty() {
        return format!("none recorded ({})", r.state);
    }
    r.follow_up
        .actions
        .iter()
        .map(|a| {
            format!(
                "{} — corroborated by {} ({} {})",
                a.action,
                a.corroborated_by,
                a.by,
                date_time(a.at)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The G 9.9 lines of a rejection: the notice (to whom, when, by whom), its acknowledgement,
/// and, when found tainted after dissemination, who is to be told.
pub fn rejection_lines(r: &IncomingReceipt) -> Vec<(String, String)> {
    let Some(rej) = &r.rejection else {
        return Vec::new();
    };
    let mut out = Vec::new();
    out.push((
        "Human Rights informed".to_string(),
        match &rej.human_rights_notice {
            Some(n) => format!("{} at {} by {}", n.to, date_time(n.at), rej.by),
            None if rej.human_rights_informed => "yes (no detail recorded)".to_string(),
            None => "no".to_string(),
        },
    ));
    if rej.human_rights_notice.is_some() {
        out.push((
            "Acknowledged (G 9.9)".to_string(),
            match &r.follow_up.notice_acknowledged {
                Some(a) => format!("{} — by {} {}", a.value, a.by, date_time(a.at)),
                None => "AWAITING a Human Rights officer".to_string(),
            },
        ));
    }
    if r.follow_up.rejected_after_dissemination {
        out.push((
            "Withdrawn after dissemination".to_string(),
            format!(
                "tell: {}",
                if r.follow_up.to_tell.is_empty() {
                    "(no recipients recorded)".to_string()
                } else {
                    r.follow_up.to_tell.join(", ")
                }
            ),
        ));
    }
    out
}
