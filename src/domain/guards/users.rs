//! Guards on user accounts: names, roles, and never locking the station out.

use crate::domain::change::Change;
use crate::domain::ids::RecordId;
use crate::domain::refusal::{Guard, Refusal};
use crate::domain::role::Role;
use crate::domain::user::{UserAccount, user_id, valid_user_name};
use crate::domain::view::RegistryView;

pub fn user_added(id: &RecordId, name: &str, roles: &[Role], view: &dyn RegistryView) -> Guard {
    if !valid_user_name(name) {
        return Err(Refusal::new(
            "users",
            format!("{name:?} is not a valid user name (1–40 letters, digits, '.', '-', '_')"),
        ));
    }
    if *id != user_id(name) {
        return Err(Refusal::new(
            "users",
            format!("{id} is not the record of {name}"),
        ));
    }
    if view.exists(id) {
        return Err(Refusal::new(
            "users",
            format!("a user named {name} already exists"),
        ));
    }
    if roles.is_empty() {
        return Err(Refusal::new(
            "users",
            format!("{name} needs at least one role"),
        ));
    }
    Ok(())
}

pub fn user_change(u: &UserAccount, change: &Change, view: &dyn RegistryView) -> Guard {
    match change {
        Change::UserDisabled => {
            if u.disabled {
                return Err(Refusal::new(
                    "users",
                    format!("{} is already disabled", u.name),
                ));
            }
            last_administrator(u, view)
        }
        Change::UserRolesChanged { roles } => {
            if u.disabled {
                return Err(Refusal::new("users", format!("{} is disabled", u.name)));
            }
            if roles.is_empty() {
                return Err(Refusal::new(
                    "users",
                    format!("{} needs at least one role", u.name),
                ));
            }
            if !roles.contains(&Role::Admin) {
                last_administrator(u, view)?;
            }
            Ok(())
        }
        Change::PassphraseChanged => {
            if u.disabled {
                Err(Refusal::new("users", format!("{} is disabled", u.name)))
            } else {
                Ok(())
            }
        }
        _ => Err(Refusal::new("registry", "not a change to a user")),
    }
}

/// The station keeps at least one enabled administrator, or no one could manage it again.
fn last_administrator(u: &UserAccount, view: &dyn RegistryView) -> Guard {
    let other_admin = view
        .users()
        .iter()
        .any(|o| o.name != u.name && !o.disabled && o.roles.contains(&Role::Admin));
    if u.roles.contains(&Role::Admin) && !other_admin {
        Err(Refusal::new(
            "users",
            format!(
                "{} is the last enabled administrator of this station",
                u.name
            ),
        ))
    } else {
        Ok(())
    }
}
