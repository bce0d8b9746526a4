//! G 8 "Sharing Authority" a–b, G 9 "Receiving Authority", G E "HoM": the delegation matrix is
//! the Head of Mission's, written in the Mission PKI Support Plan; the mission settings do
//! not change it.

use crate::domain::change::Change;
use crate::domain::refusal::{Guard, Refusal};
use crate::domain::role::Role;
use crate::domain::settings::DelegationMatrix;
use crate::domain::view::RegistryView;

pub fn settings_change(change: &Change, view: &dyn RegistryView) -> Guard {
    match change {
        Change::SettingsChanged { settings } => {
            if settings.delegation != view.settings().delegation {
                return Err(Refusal::new(
                    "G 8 (Sharing Authority) a",
                    "the delegation matrix is the Head of Mission's: it is changed as a delegation (settings delegate), not with the mission settings",
                )
                .next(Role::Hom));
            }
            super::entities::settings_changed(change)
        }
        Change::DelegationChanged {
            delegation,
            instruction,
        } => {
            if instruction.as_deref().is_some_and(|i| i.trim().is_empty()) {
                return Err(Refusal::new(
                    "G 8 (Sharing Authority) a",
                    "the reference of the Head of Mission's written instruction is empty",
                ));
            }
            g8_a_delegation_documented(delegation, view)
        }
        _ => super::entities::settings_changed(change),
    }
}

/// G 8 a: each rule cites where the Support Plan writes it, names a deciding role, and a
/// person it names is a registered, enabled user holding that role.
pub fn g8_a_delegation_documented(m: &DelegationMatrix, view: &dyn RegistryView) -> Guard {
    let mut settings = view.settings();
    settings.delegation = m.clone();
    settings
        .validate()
        .map_err(|e| Refusal::new("G 8 (Sharing Authority) a", e))?;
    let users = view.users();
    for (i, r) in m.rules.iter().enumerate() {
        if r.support_plan.trim().is_empty() {
            return Err(Refusal::new(
                "G 8 (Sharing Authority) a",
                format!(
                    "rule {} does not cite the Mission PKI Support Plan, where a delegation is written down",
                    i + 1
                ),
            ));
        }
        if let Some(p) = &r.person {
            let holds = users
                .iter()
                .any(|u| &u.name == p && !u.disabled && u.roles.contains(&r.authority));
            if !holds {
                return Err(Refusal::new(
                    "G 8 (Sharing Authority) a",
                    format!(
                        "rule {} names {p}, who is not a registered, enabled user holding the role of {}",
                        i + 1,
                        r.authority
                    ),
                ));
            }
        }
    }
    Ok(())
}
