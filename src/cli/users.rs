//! `registrar whoami` and `registrar user add|disable|roles|passwd`.

use super::auth::{Credentials, new_passphrase};
use super::said::Say;
use super::{CliError, Level};
use crate::domain::change::Change;
use crate::domain::marking::Classification;
use crate::domain::role::Role;
use crate::domain::user::user_id;
use crate::store::{Clock, Store};
use clap::Subcommand;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user (administrator)
    Add {
        name: String,
        /// admin, imfp, analyst, hro, hom, micm, delegate, legal, oversight (repeat for more)
        #[arg(long = "role", value_parser = parse_role, required = true, num_args = 1..)]
        roles: Vec<Role>,
        /// The highest marking whose content the user may see
        #[arg(long, value_enum)]
        clearance: Level,
        /// The new user's passphrase, from a file (otherwise asked twice)
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
    },
    /// Disable a user; their history stays (administrator)
    Disable { name: String },
    /// Replace a user's roles (administrator)
    Roles {
        name: String,
        #[arg(long = "role", value_parser = parse_role, required = true, num_args = 1..)]
        roles: Vec<Role>,
    },
    /// Change your own passphrase
    Passwd {
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
    },
}

pub fn parse_role(s: &str) -> Result<Role, String> {
    Role::from_key(s).ok_or_else(|| {
        let keys: Vec<&str> = Role::ALL.iter().map(|r| r.key()).collect();
        format!("unknown role {s:?}; one of {}", keys.join(", "))
    })
}

pub fn whoami(
    path: &Path,
    json: bool,
    creds: &Credentials,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let store = Store::open(path, clock)?;
    let me = creds.login(&store)?;
    let roles: Vec<&str> = me.roles.iter().map(|r| r.key()).collect();
    if json {
        return super::print_json(&serde_json::json!({
            "user": me.name,
            "roles": roles,
            "clearance": me.clearance.key(),
        }));
    }
    outln!("{}", me.name);
    outln!("roles: {}", roles.join(", "));
    outln!("clearance: {}", me.clearance.key());
    Ok(())
}

pub fn run(
    path: &Path,
    command: UserCommand,
    say: Say,
    creds: &Credentials,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let store = Store::open(path, clock)?;
    let me = creds.login(&store)?;
    match command {
        UserCommand::Add {
            name,
            roles,
            clearance,
            new_passphrase_file,
        } => {
            let passphrase = new_passphrase(new_passphrase_file.as_deref(), &name)?;
            let clearance: Classification = clearance.into();
            let keys: Vec<&str> = roles.iter().map(|r| r.key()).collect();
            let said = json!({"done": "user added", "user": name, "roles": keys,
                "clearance": clearance.key()});
            store.add_user(&me, &name, roles, clearance, &passphrase)?;
            say.either(&said, || outln!("added {name}"))?;
        }
        UserCommand::Disable { name } => {
            store.execute_as(&me, Some(&user_id(&name)), Change::UserDisabled)?;
            say.either(&json!({"done": "user disabled", "user": name}), || {
                outln!("disabled {name}; their history stays in the registry")
            })?;
        }
        UserCommand::Roles { name, roles } => {
            let keys: Vec<&str> = roles.iter().map(|r| r.key()).collect();
            let said = json!({"done": "roles changed", "user": name, "roles": keys});
            store.execute_as(
                &me,
                Some(&user_id(&name)),
                Change::UserRolesChanged { roles },
            )?;
            say.either(&said, || outln!("changed the roles of {name}"))?;
        }
        UserCommand::Passwd {
            new_passphrase_file,
        } => {
            let passphrase = new_passphrase(new_passphrase_file.as_deref(), &me.name)?;
            store.change_passphrase(&me, &passphrase)?;
            say.either(
                &json!({"done": "passphrase changed", "user": me.name}),
                || outln!("changed the passphrase of {}", me.name),
            )?;
        }
    }
    Ok(())
}
