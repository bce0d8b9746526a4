//! The dissemination of a cleared product (G 9.7, 9.12): the deciding authority, who may see
//! it on need to know — registered users picked from the registry's accounts, and a role as a
//! group — the flag it carries, and when.

use super::decisions::{authority_choice, chosen_authority, one, with_summary};
use super::field::{Choice, Field, Key, Text, Toggle};
use super::keys::AUTHORITY;
use super::{Form, FormContext, FormKind, Submit};
use crate::domain::change::Change;
use crate::domain::ids::{RecordId, Time};
use crate::domain::marking::Classification;
use crate::domain::need_to_know::{Named, level_words, resolve};
use crate::domain::receipt::Dissemination;
use crate::domain::record::Record;
use crate::domain::role::Role;
use crate::domain::user::UserAccount;

pub fn dissemination(target: Option<RecordId>, cx: FormContext) -> Form {
    let authority = authority_choice(&cx);
    let flag = cx.flag_reason.clone();
    let competent = cx.authority;
    let now = cx.now;
    let mut form = Form::new(
        FormKind::Dissemination,
        target,
        "Decide the dissemination",
        "G 9.7, 9.12",
        cx,
    );
    if let Some(role) = competent {
        form = form.note(format!(
            "The delegation matrix names the {role} to decide (G 9 \"Receiving Authority\"); the Head of Mission may always decide."
        ));
    }
    let flag_field = match &flag {
        Some(why) => Field::line(FLAG, "Flag carried with it", &format!("Caution — {why}"))
            .hint(format!("G 9.12 requires a flag: {why}")),
        None => Field::line(FLAG, "Flag carried with it", "").hint("optional"),
    };
    form = form
        .field(Field::choice(AUTHORITY, "Deciding as", authority))
        .field(Field::heading("Who may see it — need to know (G 9.7)"));
    let level = match &form.context.record {
        Some(Record::Receipt(r)) => Some(r.capture.marking.level),
        _ => None,
    };
    // One toggle per person: the name and clearance, the roles in the hint.
    let people: Vec<(String, String)> = listable(&form.context)
        .map(|u| {
            let short = match u.clearance {
                Classification::Unclassified => "U",
                Classification::Confidential => "C",
                Classification::StrictlyConfidential => "SC",
            };
            let uncleared = level.is_some_and(|l| u.clearance < l);
            let label = format!(
                "{} · {short}{}",
                u.name,
                if uncleared { " — not cleared" } else { "" }
            );
            let roles: Vec<&str> = u.roles.iter().map(|r| r.title()).collect();
            let mut hint = format!(
                "{}; cleared to {}",
                roles.join(", "),
                level_words(u.clearance)
            );
            if uncleared {
                hint.push_str(" (not cleared for this product)");
            }
            (label, hint)
        })
        .collect();
    for (key, (label, hint)) in PERSON_KEYS.iter().zip(&people) {
        form = form.field(Field::toggle(*key, label.clone(), false).hint(hint.clone()));
    }
    let groups = Choice::of(
        Role::ALL
            .iter()
            .filter(|r| listable(&form.context).any(|u| u.roles.contains(r)))
            .map(|r| (format!("everyone who is {}", r.title()), *r)),
    )
    .none_first("— no one more —");
    with_summary(
        form.field(
            Field::choice(GROUP, "And as a group", groups)
                .hint("resolves to the role's holders now; each must be cleared"),
        )
        .field(flag_field)
        .field(
            Field::time(AT, "Disseminated (UTC)", now)
                .hint("now, -20m, -2h, HH:MM (last 24 h) or YYYY-MM-DD HH:MM"),
        )
        .submit_button("Record the dissemination"),
    )
}

/// Toggle keys for the people a dissemination may name, in the order of `listable`.
const PERSON_KEYS: [Key<Toggle>; 32] = [
    Key::new("person_0"),
    Key::new("person_1"),
    Key::new("person_2"),
    Key::new("person_3"),
    Key::new("person_4"),
    Key::new("person_5"),
    Key::new("person_6"),
    Key::new("person_7"),
    Key::new("person_8"),
    Key::new("person_9"),
    Key::new("person_10"),
    Key::new("person_11"),
    Key::new("person_12"),
    Key::new("person_13"),
    Key::new("person_14"),
    Key::new("person_15"),
    Key::new("person_16"),
    Key::new("person_17"),
    Key::new("person_18"),
    Key::new("person_19"),
    Key::new("person_20"),
    Key::new("person_21"),
    Key::new("person_22"),
    Key::new("person_23"),
    Key::new("person_24"),
    Key::new("person_25"),
    Key::new("person_26"),
    Key::new("person_27"),
    Key::new("person_28"),
    Key::new("person_29"),
    Key::new("person_30"),
    Key::new("person_31"),
];
/// Everyone who holds a role, named as a group (G 9.7).
const GROUP: Key<Option<Role>> = Key::new("group");
/// G 9.12: the flag it carries.
const FLAG: Key<Text> = Key::new("flag");
const AT: Key<Time> = Key::new("at");

/// The enabled accounts a dissemination may name, by name (the first `PERSON_KEYS.len()`; the
/// command line names any).
fn listable(cx: &FormContext) -> impl Iterator<Item = &UserAccount> {
    cx.users
        .iter()
        .filter(|u| !u.disabled)
        .take(PERSON_KEYS.len())
}

pub fn submit_dissemination(form: &mut Form) -> Submit {
    let at = form.time(AT);
    let users: Vec<String> = listable(&form.context)
        .zip(PERSON_KEYS)
        .filter(|(_, key)| form.toggle(*key))
        .map(|(u, _)| u.name.clone())
        .collect();
    let Some(group) = form.chosen(GROUP) else {
        return Submit::Invalid;
    };
    let groups: Vec<Role> = group.into_iter().collect();
    let first = PERSON_KEYS[0];
    if users.is_empty() && groups.is_empty() {
        let why = "tick who may see it, or name a group (G 9.7)";
        if form.get(first).is_some() {
            form.fail(first, why);
        } else {
            form.fail(GROUP, why);
        }
        return Submit::Invalid;
    }
    let people = match resolve(&Named { users, groups }, &form.context.users) {
        Ok(p) => p,
        Err(refusal) => {
            form.fail(GROUP, refusal.to_string());
            return Submit::Invalid;
        }
    };
    let Some(at) = at else {
        return Submit::Invalid;
    };
    let Some(authority) = chosen_authority(form) else {
        return Submit::Invalid;
    };
    one(
        form,
        Change::DisseminationToPeopleDecided {
            dissemination: Dissemination {
                authority,
                recipients: Vec::new(),
                people,
                flag: form.optional(FLAG),
                disseminated_at: Some(at),
            },
        },
    )
}
