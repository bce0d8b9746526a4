//! `registrar queue urgent|pending|overdue [--json]`.

use super::auth::Credentials;
use super::{CliError, QueueName};
use crate::domain::queue::{Queue, QueueItem};
use crate::safe_text::clean;
use crate::store::{Clock, Store};
use std::path::Path;
use std::sync::Arc;

pub fn run(
    path: &Path,
    which: QueueName,
    json: bool,
    creds: &Credentials,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let store = Store::open(path, clock)?;
    let me = creds.login(&store)?;
    let queue = match which {
        QueueName::Urgent => Queue::Urgent,
        QueueName::Pending => Queue::Pending,
        QueueName::Overdue => Queue::Overdue,
    };
    let items = store.queue_for(&me, queue, store.now())?;
    if json {
        super::print_json(&items)?;
    } else {
        out!("{}", render(queue, &items));
    }
    Ok(())
}

/// The plain-text queue: urgency in words and glyphs, never by colour alone.
pub fn render(queue: Queue, items: &[QueueItem]) -> String {
    let mut out = format!("{} ({})\n", queue.key().to_uppercase(), items.len());
    for item in items {
        let status = match (item.seconds_left, item.overdue_seconds) {
            (Some(s), _) if s < 0 => format!("!! {} OVERDUE", clock_text(-s)),
            (Some(s), _) => format!("!! {} left", clock_text(s)),
            (_, Some(o)) => format!("OVERDUE {}", days_text(o)),
            _ => "..".to_string(),
        };
        out.push_str(&format!(
            "{status:<16} {:<22} {:<24} {}\n",
            item.id,
            clean(&item.classification.to_uppercase()),
            clean(&item.title),
        ));
        if !item.waiting_on.is_empty() {
            out.push_str(&format!(
                "{:<16} {:<22} waits on: {}  [acts: {}]\n",
                "",
                clean(&item.entity),
                clean(&item.waiting_on),
                item.who_acts,
            ));
        }
        if !item.missing_alerts.is_empty() {
            out.push_str(&format!(
                "{:<16} alerts missing: {}\n",
                "",
                item.missing_alerts.join(", ")
            ));
        }
    }
    out
}

/// hh:mm, for countdowns.
fn clock_text(secs: i64) -> String {
    format!("{:02}:{:02}", secs / 3600, (secs % 3600) / 60)
}

fn days_text(secs: i64) -> String {
    let days = secs / 86_400;
    if days > 0 {
        format!("{days}d")
    } else {
        format!("{}h", secs / 3600)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countdowns_are_hours_and_minutes() {
        assert_eq!(clock_text(4320), "01:12");
        assert_eq!(clock_text(420), "00:07");
    }
}
