//! The people who use the registry: name, roles, clearance. Passphrases never live here (nor
//! in any event): the store keeps their hashes apart from the log.

use super::ids::{RecordId, Time};
use super::marking::Classification;
use super::role::Role;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserAccount {
    pub id: RecordId,
    pub name: String,
    pub roles: Vec<Role>,
    /// The highest marking whose content this person may see.
    pub clearance: Classification,
    pub disabled: bool,
    pub added_by: String,
    pub added_at: Time,
}

/// A user's record id is derived from the name, so a name is unique in a registry.
pub fn user_id(name: &str) -> RecordId {
    RecordId(format!("USR-{}", name.trim()))
}

/// Names are what people type at the login screen: letters, digits, dot, dash, underscore.
pub fn valid_user_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 40
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

/// Roles sorted and without repeats.
pub fn normalise_roles(roles: &[Role]) -> Vec<Role> {
    let mut r = roles.to_vec();
    r.sort();
    r.dedup();
    r
}
