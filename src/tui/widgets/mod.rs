//! Small pieces every screen draws with: markings, urgency markers, blocks, key hints.

pub mod list;
pub mod out_of_sight;
pub mod scroll;
pub mod text_input;

use super::text::{countdown, overdue};
use super::theme::Theme;
use crate::domain::ids::Time;
use crate::domain::marking::Classification;
use crate::domain::queue_entry::QueueEntry;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders};

/// The marking in words (short in lists, full in records), styled by level.
pub fn marking_span(theme: &Theme, level: Classification, short: bool) -> Span<'static> {
    let (key, text) = match level {
        Classification::Unclassified => ("marking.unclassified", "UNCLASSIFIED"),
        Classification::Confidential => ("marking.confidential", "CONFIDENTIAL"),
        Classification::StrictlyConfidential => {
            ("marking.strictly_confidential", "STRICTLY CONFIDENTIAL")
        }
    };
    let text = if short { short_marking(level) } else { text };
    Span::styled(text.to_string(), theme.style(key))
}

pub fn short_marking(level: Classification) -> &'static str {
    match level {
        Classification::Unclassified => "UNCL",
        Classification::Confidential => "CONF",
        Classification::StrictlyConfidential => "S-CONF",
    }
}

/// A queue item's status marker, in glyphs and words: `!! 01:12 left`, `!! 00:07 OVERDUE`,
/// `OVERDUE 12d`, `.. pending`.
pub fn status_span(theme: &Theme, item: &QueueEntry, now: Time) -> Span<'static> {
    if let Some(left) = item.seconds_left(now) {
        return Span::styled(countdown(left), theme.style("queue.urgent"));
    }
    if let Some(o) = item.overdue_seconds(now) {
        return Span::styled(overdue(o), theme.style("queue.overdue"));
    }
    Span::styled("..".to_string(), theme.style("queue.pending"))
}

/// A bordered pane; its border shows whether it has the keyboard.
pub fn pane<'a>(theme: &Theme, title: Line<'a>, focused: bool) -> Block<'a> {
    let border = if focused {
        theme.style("focus.border")
    } else {
        theme.style("border")
    };
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(border)
        .title(title)
}

pub fn title(theme: &Theme, text: impl Into<String>) -> Span<'static> {
    Span::styled(format!(" {} ", text.into()), theme.style("title"))
}

/// `key description` pairs for a footer or help line.
pub fn hints(theme: &Theme, pairs: &[(String, &str)]) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, (key, what)) in pairs.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled("  ", theme.style("key_hint.text")));
        }
        spans.push(Span::styled(key.clone(), theme.style("key_hint.key")));
        spans.push(Span::styled(
            format!(" {what}"),
            theme.style("key_hint.text"),
        ));
    }
    Line::from(spans)
}

/// `key description` pairs for the footer; a pair whose action the person's role may not
/// take (false) is greyed.
pub fn hints_greyed(theme: &Theme, pairs: &[(String, &str, bool)]) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, (key, what, allowed)) in pairs.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled("  ", theme.style("key_hint.text")));
        }
        let (k, t) = if *allowed {
            (theme.style("key_hint.key"), theme.style("key_hint.text"))
        } else {
            (theme.style("muted"), theme.style("muted"))
        };
        spans.push(Span::styled(key.clone(), k));
        spans.push(Span::styled(format!(" {what}"), t));
    }
    Line::from(spans)
}

/// A record id as lists show it: without this station's name when narrow (`RCP-0042`), in
/// full otherwise and for records from other stations.
pub fn list_id(id: &str, station: &str, wide: bool) -> String {
    if wide {
        return id.to_string();
    }
    match id.split_once('-') {
        Some((prefix, rest)) => {
            match rest.strip_prefix(station).and_then(|r| r.strip_prefix('-')) {
                Some(n) => format!("{prefix}-{n}"),
                None => id.to_string(),
            }
        }
        None => id.to_string(),
    }
}
