//! Who may read a record's content (need to know, P 11.3.3, G 9.7, G 9.9), as a value decided
//! from the record alone: its marking, the roles that handle it, and the people its
//! dissemination lists. `access::can_see_content` is this value's `admits`, so a summary kept
//! beside the search index when a record is written answers "may this reader read it" exactly
//! as the record would, without reading the record.

use super::access::{Actor, HANDLING, RECEIPT_HANDLING};
use super::marking::Classification;
use super::record::Record;
use super::role::Role;

/// Who may read one record's content.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Readers {
    /// The record's classification: nobody reads above their clearance, anyone reads
    /// UNCLASSIFIED.
    pub level: Classification,
    /// Anyone cleared for `level` (users and settings).
    pub anyone_cleared: bool,
    /// The roles that read it, when cleared.
    pub roles: Vec<Role>,
    /// The people who read it by name (a dissemination list), when cleared; sorted.
    pub names: Vec<String>,
}

impl Readers {
    /// Who may read `record`'s content.
    pub fn of(record: &Record) -> Readers {
        let level = record.marking().level;
        let (anyone_cleared, mut roles, mut names) = match record {
            Record::Receipt(r) => match r.dissemination.as_ref() {
                Some(d) if !d.people.is_empty() => {
                    let mut roles = RECEIPT_HANDLING.to_vec();
                    if r.rejection.as_ref().is_some_and(|j| j.grave_violations) {
                        roles.push(Role::Hro);
                    }
                    (false, roles, listed(d))
                }
                Some(d) => (false, HANDLING.to_vec(), listed(d)),
                None => (false, HANDLING.to_vec(), Vec::new()),
            },
            Record::User(_) | Record::Settings(_) => (true, Vec::new(), Vec::new()),
            _ => (false, HANDLING.to_vec(), Vec::new()),
        };
        roles.sort();
        roles.dedup();
        names.sort();
        names.dedup();
        Readers {
            level,
            anyone_cleared,
            roles,
            names,
        }
    }

    /// Whether `actor` may read the content.
    pub fn admits(&self, actor: &Actor) -> bool {
        if self.level == Classification::Unclassified {
            return true;
        }
        if self.level > actor.clearance {
            return false;
        }
        self.anyone_cleared
            || self.roles.iter().any(|r| actor.has(*r))
            || self.names.contains(&actor.name)
    }
}

/// Everyone a dissemination names: listed users and (older logs) free-text recipients.
fn listed(d: &super::receipt::Dissemination) -> Vec<String> {
    d.people
        .iter()
        .map(|p| p.user.clone())
        .chain(d.recipients.iter().cloned())
        .collect()
}
