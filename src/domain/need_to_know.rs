//! Need to know as a list of people (G 9.7, P 9.8, P 11.3.3, P 12.10): a dissemination names
//! registered users, directly or through a role (an office) that resolves to the users holding
//! it when the decision is taken. The names are fixed in the event, so every station reads the
//! same list whatever accounts it holds later.
//!
//! Logs written before the list existed carry free-text recipients ("JOC duty officer"). They
//! still decode and read as written; such a recipient grants content access only to a user whose
//! name it is exactly (as it always did), and a recipient that is no user's name grants nobody.

use super::marking::Classification;
use super::refusal::Refusal;
use super::role::Role;
use super::user::UserAccount;
use super::view::RegistryView;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One person on a dissemination list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listed {
    /// The registered user's name.
    pub user: String,
    /// The role (office) through which they were listed, when named as a group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<Role>,
}

impl fmt::Display for Listed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.via {
            Some(role) => write!(f, "{} ({})", self.user, role.title()),
            None => f.write_str(&self.user),
        }
    }
}

/// The people a person deciding names: users by name, and roles as groups.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Named {
    pub users: Vec<String>,
    pub groups: Vec<Role>,
}

/// Resolves what was named into the list of people, as the accounts stand now (`users`: the
/// registry's accounts): each name must be a registered user, each group must have an enabled
/// holder. A person named twice is listed once (by name before a group).
pub fn resolve(named: &Named, users: &[UserAccount]) -> Result<Vec<Listed>, Refusal> {
    let mut list: Vec<Listed> = Vec::new();
    let mut add = |l: Listed| {
        if !list.iter().any(|x| x.user == l.user) {
            list.push(l);
        }
    };
    for name in &named.users {
        let name = name.trim();
        if name.is_empty() {
            continue;
        }
        if !users.iter().any(|u| u.name == name) {
            return Err(Refusal::new(
                "G 9.7",
                format!(
                    "{name} is not a registered user: the dissemination list names people who use the registry"
                ),
            ));
        }
        add(Listed {
            user: name.to_string(),
            via: None,
        });
    }
    let mut users: Vec<&UserAccount> = users.iter().collect();
    users.sort_by(|a, b| a.name.cmp(&b.name));
    for role in &named.groups {
        let holders: Vec<&&UserAccount> = users
            .iter()
            .filter(|u| !u.disabled && u.roles.contains(role))
            .collect();
        if holders.is_empty() {
            return Err(Refusal::new(
                "G 9.7",
                format!("no registered user holds the role {}", role.title()),
            ));
        }
        for u in holders {
            add(Listed {
                user: u.name.clone(),
                via: Some(*role),
            });
        }
    }
    Ok(list)
}

/// The level in words, as a refusal reads it.
pub fn level_words(level: Classification) -> &'static str {
    match level {
        Classification::Unclassified => "Unclassified",
        Classification::Confidential => "Confidential",
        Classification::StrictlyConfidential => "Strictly Confidential",
    }
}

/// G 9.7: every person on the list is a registered, enabled user cleared for the product's
/// marking; anyone who is not is refused by name.
pub fn g9_7_everyone_cleared(
    record: &str,
    level: Classification,
    people: &[Listed],
    view: &dyn RegistryView,
) -> Result<(), Refusal> {
    if people.is_empty() {
        return Err(Refusal::new(
            "G 9.7",
            "name who may see it (need to know): the dissemination list is empty",
        ));
    }
    for p in people {
        let Some(u) = view.user(&p.user) else {
            return Err(Refusal::new(
                "G 9.7",
                format!("{} is not a registered user", p.user),
            ));
        };
        if u.disabled {
            return Err(Refusal::new(
                "G 9.7",
                format!("{}'s account is disabled", u.name),
            ));
        }
        if u.clearance < level {
            return Err(Refusal::new(
                "G 9.7",
                format!(
                    "{} is cleared to {}; {record} is {}",
                    u.name,
                    level_words(u.clearance),
                    level_words(level)
                ),
            ));
        }
    }
    Ok(())
}
