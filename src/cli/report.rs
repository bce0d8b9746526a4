//! `registrar report oversight --out FILE`: the whole registry with its event history and a
//! chain-verification result, as JSON, for OIOS (G C "Registers" d). Content the person may
//! not see is withheld like everywhere else; no passphrase or hash is ever part of it.

use super::CliError;
use super::auth::Credentials;
use super::said::Say;
use crate::domain::access::can_see_content;
use crate::domain::change::Change;
use crate::domain::role::Role;
use crate::register::history;
use crate::register::labels::{change_json, record_json};
use crate::store::{Clock, Store};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::Arc;

pub fn oversight(
    path: &Path,
    out: &Path,
    say: Say,
    creds: &Credentials,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let store = Store::open_checked(path, clock)?;
    let me = creds.login(&store)?;
    if !(me.has(Role::Oversight) || me.has(Role::Imfp)) {
        return Err(CliError::NotAllowed(
            "only the oversight or IM FP may export the registry for oversight".into(),
        ));
    }
    if out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        let written = crate::register::reports::write_oversight_xlsx(
            &store,
            &me,
            out,
            &crate::register::write::Quiet,
        )
        .map_err(|e| CliError::Failure(e.to_string()))?;
        return say.either(
            &json!({"done": "report written", "report": "oversight", "file": written}),
            || outln!("wrote {} for oversight", written.display()),
        );
    }
    // Written under a temporary name and renamed when whole: a full disk leaves no empty or
    // truncated report.
    let (chain, withheld) = crate::store::whole_file::stream_whole(out, |file| {
        let mut w = BufWriter::new(file);
        let verified = store.verify_everything()?;
        let (chain, derived) = (verified.chain, verified.derived);
        let header = json!({
            "mission": store.meta().mission,
            "station": store.meta().station,
            "generated_at": store.now().to_rfc3339(),
            "generated_by": me.name,
            "chain": {
                "events": chain.events,
                "stations": chain.stations,
                "intact": chain.first_broken.is_none(),
                "first_broken": chain.first_broken.as_ref().map(|b| b.to_string()),
            },
            "derived_state_matches_log": derived.is_none(),
            "derived_state_difference": derived,
        });
        let io = |e: std::io::Error| CliError::Failure(format!("{}: {e}", out.display()));
        let text = header.to_string();
        // The header object is written open, then records and events streamed into it, so a
        // million-record registry never sits in memory as one JSON value.
        write!(w, "{},\"records\":[", &text[..text.len() - 1]).map_err(io)?;
        let mut first = true;
        let mut withheld = 0u64;
        store.visit_records(&mut |record| {
            let visible = can_see_content(&me, &record);
            if !visible {
                withheld += 1;
            }
            let item = json!({
                "id": record.id().to_string(),
                "kind": record.kind().key(),
                "classification": record.marking().level.key(),
                "status": history::status(&record),
                "corrections": if visible { history::corrections_json(&record) } else { Value::Null },
                "content": if visible { record_json(&record) } else { Value::Null },
            });
            write_item(&mut w, &mut first, &item)
        })?;
        write!(w, "],\"events\":[").map_err(io)?;
        let mut first = true;
        // Who was given the power to decide, and every change of who decides (G 8 a).
        let mut roles_held: HashMap<String, Vec<Role>> = HashMap::new();
        let mut grants: Vec<Value> = Vec::new();
        let mut delegations: Vec<Value> = Vec::new();
        store.visit_events(&mut |event, record| {
            let user = record.as_ref().and_then(|r| match r {
                crate::domain::record::Record::User(u) => Some(u.name.clone()),
                _ => None,
            });
            match (&event.change, user) {
                (Change::UserAdded { name, roles, .. }, _) => {
                    note_grant(&mut grants, &mut roles_held, &event, name, roles)
                }
                (Change::UserRolesChanged { roles }, Some(name)) => {
                    note_grant(&mut grants, &mut roles_held, &event, &name, roles)
                }
                (Change::DelegationChanged { instruction, .. }, _) => delegations.push(json!({
                    "at": event.at.to_rfc3339(),
                    "by": event.actor,
                    "on_instruction_of_hom": instruction,
                    "change": to_value(&event.change),
                })),
                _ => {}
            }
            let visible = record.as_ref().is_none_or(|r| can_see_content(&me, r));
            let item = json!({
                "position": event.position,
                "station": event.station,
                "seq": event.seq,
                "at": event.at.to_rfc3339(),
                "actor": event.actor,
                "record_id": record.as_ref().map(|r| r.id().to_string()),
                "what": if visible { event.change.describe() } else { "content withheld (need to know)" },
                "change": if visible { change_json(&event.change) } else { Value::Null },
            });
            write_item(&mut w, &mut first, &item)
        })?;
        let auth: Vec<Value> = store
            .auth_log()?
            .iter()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect();
        write!(
            w,
            "],\"deciding_roles_granted\":{},\"delegation_changes\":{},\"authentication_log\":{},\"content_withheld_records\":{withheld}}}",
            Value::Array(grants),
            Value::Array(delegations),
            Value::Array(auth)
        )
        .map_err(io)?;
        w.flush().map_err(io)?;
        Ok::<_, CliError>((chain, withheld))
    })?;
    if say.json() {
        return super::print_json(&json!({"done": "report written", "report": "oversight",
            "file": out, "events": chain.events, "chain_intact": chain.first_broken.is_none(),
            "content_withheld": withheld}));
    }
    outln!(
        "wrote {} for oversight: {} events, chain {}{}",
        out.display(),
        chain.events,
        if chain.first_broken.is_none() {
            "intact"
        } else {
            "BROKEN"
        },
        if withheld > 0 {
            format!("; content of {withheld} records withheld (need to know)")
        } else {
            String::new()
        }
    );
    Ok(())
}

/// Records a grant of a deciding role (hom, micm, delegate) a user did not hold before.
fn note_grant(
    grants: &mut Vec<Value>,
    held: &mut HashMap<String, Vec<Role>>,
    event: &crate::store::browse::EventSummary,
    name: &str,
    roles: &[Role],
) {
    let before = held
        .insert(name.to_string(), roles.to_vec())
        .unwrap_or_default();
    let granted: Vec<&str> = roles
        .iter()
        .filter(|r| matches!(r, Role::Hom | Role::Micm | Role::Delegate) && !before.contains(r))
        .map(|r| r.key())
        .collect();
    if !granted.is_empty() {
        grants.push(json!({
            "at": event.at.to_rfc3339(),
            "by": event.actor,
            "to": name,
            "granted": granted,
        }));
    }
}

fn to_value<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

fn write_item(
    w: &mut impl Write,
    first: &mut bool,
    item: &Value,
) -> Result<(), crate::store::StoreError> {
    let sep = if *first { "" } else { "," };
    *first = false;
    write!(w, "{sep}{item}").map_err(|e| crate::store::StoreError::Io {
        path: "oversight report".into(),
        message: e.to_string(),
    })
}
