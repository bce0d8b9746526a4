//! Who acts on a queue item respects clearance (P 11.3.3, P 12.10; issue 9): the role a step
//! names is told to act only when someone holding it may open the record. Otherwise the role
//! that may stand in for it (the IM FP does the analyst's steps; the Head of Mission, who holds
//! the authority, decides what a delegate or the MICM Chair would) is named, with who holds it
//! cleared; and when no one who may act is cleared, the administrator, who grants clearances.
//! A registry with no user holding the role (an exercise without people) keeps the role.

use super::marking::Classification;
use super::role::Role;
use super::user::UserAccount;

/// The role that acts, and whether it stands in for the one the step named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acting {
    pub role: Role,
    /// The people holding `role` and cleared for the record, by name.
    pub people: Vec<String>,
    /// Why another role than the step's acts, if one does.
    pub note: Option<String>,
}

/// Who may stand in for `role`, in order.
fn stand_ins(role: Role) -> &'static [Role] {
    match role {
        Role::Analyst => &[Role::Imfp],
        Role::Micm | Role::Delegate => &[Role::Hom],
        _ => &[],
    }
}

fn holders(role: Role, users: &[UserAccount]) -> impl Iterator<Item = &UserAccount> {
    users
        .iter()
        .filter(move |u| !u.disabled && u.roles.contains(&role))
}

fn cleared(role: Role, level: Classification, users: &[UserAccount]) -> Vec<String> {
    holders(role, users)
        .filter(|u| u.clearance >= level)
        .map(|u| u.name.clone())
        .collect()
}

/// Who acts on a record marked `level` whose next step names `role`.
pub fn acting(role: Role, level: Classification, users: &[UserAccount]) -> Acting {
    if holders(role, users).next().is_none() {
        return Acting {
            role,
            people: Vec::new(),
            note: None,
        };
    }
    let people = cleared(role, level, users);
    if !people.is_empty() {
        return Acting {
            role,
            people,
            note: None,
        };
    }
    for stand_in in stand_ins(role) {
        let people = cleared(*stand_in, level, users);
        if !people.is_empty() {
            return Acting {
                role: *stand_in,
                note: Some(format!(
                    "no {} is cleared for {level}: the {} acts ({})",
                    role.title(),
                    stand_in.title(),
                    people.join(", ")
                )),
                people,
            };
        }
    }
    Acting {
        role: Role::Admin,
        people: Vec::new(),
        note: Some(format!(
            "no one who may act as {} is cleared for {level}: the administrator clears someone (P 11.3.3)",
            role.title()
        )),
    }
}
