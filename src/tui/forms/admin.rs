//! The administrator's forms (mission settings, users) and one's own passphrase; who decides
//! is in `delegation`, the browser's filters in `browse_filter`.

use super::field::{Choice, Field, FieldKind, Key, Text, Toggle};
use super::{Form, FormContext, FormKind, Step, StepTarget, Submit};
use crate::domain::change::Change;
use crate::domain::ids::RecordId;
use crate::domain::marking::Classification;
use crate::domain::record::Record;
use crate::domain::role::Role;
use crate::domain::settings::MissionSettings;
use crate::tui::widgets::text_input::TextInput;

pub fn settings(cx: FormContext) -> Form {
    let s = cx
        .settings
        .clone()
        .unwrap_or_else(|| MissionSettings::new(""));
    Form::new(
        FormKind::Settings,
        Some(crate::domain::ids::settings_id()),
        "Mission settings",
        "G 8.1.2.3, G 9.2, G 9.12, G 8 a–b",
        cx,
    )
    .note("Only an administrator changes these; every change is recorded. Who decides (the delegation matrix) is the Head of Mission's: see \"Who decides\".")
    .field(Field::line(MISSION, "Mission", &s.mission))
    .field(Field::number(
        REVIEW_DAYS,
        "Review interval (days)",
        s.review_interval_days,
    ))
    .field(Field::number(
        RECEIPT_LIMIT,
        "Imminent-threat receipt limit (min)",
        s.urgent_receipt_limit_minutes,
    ))
    .field(Field::number(
        SHARE_LIMIT,
        "Urgent share limit (min)",
        s.urgent_share_limit_minutes,
    ))
    .field(Field::number(
        CLOCK_LEAD,
        "Other stations' clock lead (min)",
        s.max_clock_lead_minutes,
    ))
    .field(Field::number(
        BUNDLE_MB,
        "Largest bundle (MiB)",
        s.max_bundle_megabytes,
    ))
    .field(Field::number(
        LATE_AFTER,
        "Registered late after (hours, G 9.11)",
        s.registered_late_after_hours,
    ))
    .field(Field::number(
        IDLE_LOCK,
        "Console locks after (min idle)",
        s.idle_lock_minutes,
    ))
    .field(Field::text(
        RED_FLAGS,
        "Red flags (one per line)",
        &s.red_flags.join("\n"),
    ))
    .field(Field::choice(
        DEFAULT_MARKING,
        "Default marking of assessments",
        Choice::classification(s.default_assessment_marking),
    ))
    .submit_button("Record the settings")
}
pub fn submit_settings(form: &mut Form) -> Submit {
    let mission = form.required(MISSION, "the mission");
    let review = form.number(REVIEW_DAYS);
    let receipt = form.number(RECEIPT_LIMIT);
    let share = form.number(SHARE_LIMIT);
    let clock_lead = form.number(CLOCK_LEAD);
    let bundle_mb = form.number(BUNDLE_MB);
    let idle_lock = form.number(IDLE_LOCK);
    let late_after = form.number(LATE_AFTER);
    let default_marking = form.chosen(DEFAULT_MARKING);
    let (
        Some(review),
        Some(receipt),
        Some(share),
        Some(clock_lead),
        Some(bundle_mb),
        Some(idle_lock),
        Some(late_after),
        Some(default_marking),
        false,
    ) = (
        review,
        receipt,
        share,
        clock_lead,
        bundle_mb,
        idle_lock,
        late_after,
        default_marking,
        form.has_errors(),
    )
    else {
        return Submit::Invalid;
    };
    // What this form does not show stays as it was (the delegation matrix is not the
    // administrator's to change).
    let mut settings = form
        .context
        .settings
        .clone()
        .unwrap_or_else(|| MissionSettings::new(""));
    settings.mission = mission;
    settings.review_interval_days = review;
    settings.urgent_receipt_limit_minutes = receipt;
    settings.urgent_share_limit_minutes = share;
    settings.idle_lock_minutes = idle_lock;
    settings.registered_late_after_hours = late_after;
    settings.max_clock_lead_minutes = clock_lead;
    settings.max_bundle_megabytes = bundle_mb;
    settings.red_flags = form
        .text(RED_FLAGS)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    settings.default_assessment_marking = default_marking;
    if let Err(e) = settings.validate() {
        form.fail(REVIEW_DAYS, e);
        return Submit::Invalid;
    }
    Submit::Changes(vec![Step {
        target: StepTarget::Existing(crate::domain::ids::settings_id()),
        change: Change::SettingsChanged { settings },
    }])
}

/// The settings' fields, typed by what they hold.
const MISSION: Key<Text> = Key::new("mission");
/// G 8.1.2.3: how often entity assessments are reviewed.
const REVIEW_DAYS: Key<i64> = Key::new("review_days");
/// G 9.2: the imminent-threat receipt's limit.
const RECEIPT_LIMIT: Key<i64> = Key::new("receipt_limit");
/// G 8.1.7: the urgent share's limit.
const SHARE_LIMIT: Key<i64> = Key::new("share_limit");
const CLOCK_LEAD: Key<i64> = Key::new("clock_lead");
const BUNDLE_MB: Key<u64> = Key::new("bundle_mb");
const IDLE_LOCK: Key<i64> = Key::new("idle_lock");
const LATE_AFTER: Key<i64> = Key::new("registered_late_after");
/// G 9.12.
const RED_FLAGS: Key<Text> = Key::new("red_flags");
const NAME: Key<Text> = Key::new("name");
/// A passphrase and the same again, read as typed (not trimmed).
const PASS1: Key<Text> = Key::new("pass1");
const PASS2: Key<Text> = Key::new("pass2");
const CONFIRM: Key<Toggle> = Key::new("confirm");

/// A toggle per role, in the order of `Role::ALL`.
const ROLE_KEYS: [Key<Toggle>; 9] = [
    Key::new("role_admin"),
    Key::new("role_imfp"),
    Key::new("role_analyst"),
    Key::new("role_hro"),
    Key::new("role_hom"),
    Key::new("role_micm"),
    Key::new("role_delegate"),
    Key::new("role_legal"),
    Key::new("role_oversight"),
];
const FIRST_ROLE: Key<Toggle> = ROLE_KEYS[0];

fn role_fields(mut form: Form, has: &[Role]) -> Form {
    for (i, role) in Role::ALL.iter().enumerate() {
        form = form.field(Field::toggle(
            ROLE_KEYS[i],
            format!("{} ({})", role.title(), role.key()),
            has.contains(role),
        ));
    }
    form
}

fn roles_of(form: &Form) -> Vec<Role> {
    Role::ALL
        .iter()
        .enumerate()
        .filter(|(i, _)| form.toggle(ROLE_KEYS[*i]))
        .map(|(_, r)| *r)
        .collect()
}

fn secret(key: Key<Text>, label: &str) -> Field {
    let mut f = Field::line(key, label, "");
    f.kind = FieldKind::Line(TextInput::masked());
    f
}

/// The clearance of a new account (P 11.3.3).
const CLEARANCE: Key<Classification> = Key::new("clearance");
/// The marking new entity assessments take unless their author marks them otherwise.
const DEFAULT_MARKING: Key<Classification> = Key::new("default_marking");

pub fn add_user(cx: FormContext) -> Form {
    let form = Form::new(FormKind::AddUser, None, "Add a user", "P 11.3.3", cx)
        .field(
            Field::line(NAME, "User name", "")
                .hint("letters, digits, '.', '-', '_' (what they type at login)"),
        )
        .field(Field::choice(
            CLEARANCE,
            "Clearance",
            Choice::classification(Classification::Confidential),
        ))
        .field(Field::heading("Roles"));
    role_fields(form, &[])
        .field(Field::heading("First passphrase (they change it)"))
        .field(secret(PASS1, "Passphrase"))
        .field(secret(PASS2, "Again"))
        .submit_button("Add the user")
}

pub fn submit_add_user(form: &mut Form) -> Submit {
    let name = form.required(NAME, "the name");
    if !name.is_empty() && !crate::domain::user::valid_user_name(&name) {
        form.fail(NAME, "letters, digits, '.', '-', '_' only");
    }
    let roles = roles_of(form);
    if roles.is_empty() {
        form.refuse(FIRST_ROLE, "give at least one role");
    }
    let passphrase = passphrase_pair(form);
    let clearance = form.chosen(CLEARANCE);
    let (Some(clearance), false) = (clearance, form.has_errors()) else {
        return Submit::Invalid;
    };
    Submit::AddUser {
        name,
        roles,
        clearance,
        passphrase,
    }
}

fn passphrase_pair(form: &mut Form) -> String {
    let a = match form.get(PASS1).map(|f| &f.kind) {
        Some(FieldKind::Line(t)) => t.text(),
        _ => String::new(),
    };
    let b = match form.get(PASS2).map(|f| &f.kind) {
        Some(FieldKind::Line(t)) => t.text(),
        _ => String::new(),
    };
    if a.chars().count() < 8 {
        form.fail(PASS1, "at least 8 characters");
    } else if a != b {
        form.fail(PASS2, "the two do not match");
    }
    a
}

fn user_note(form: Form) -> Form {
    let line = match &form.context.record {
        Some(Record::User(u)) => Some(format!(
            "{} — roles: {} — clearance: {}{}",
            super::super::text::clean(&u.name),
            u.roles
                .iter()
                .map(|r| r.key())
                .collect::<Vec<_>>()
                .join(", "),
            u.clearance,
            if u.disabled { " — DISABLED" } else { "" }
        )),
        _ => None,
    };
    match line {
        Some(l) => form.note(l),
        None => form,
    }
}

pub fn user_roles(target: Option<RecordId>, cx: FormContext) -> Form {
    let has = match &cx.record {
        Some(Record::User(u)) => u.roles.clone(),
        _ => Vec::new(),
    };
    let form = user_note(Form::new(
        FormKind::UserRoles,
        target,
        "Change the user's roles",
        "P 11.3.3",
        cx,
    ));
    role_fields(form, &has).submit_button("Record the roles")
}

pub fn submit_user_roles(form: &mut Form) -> Submit {
    let roles = roles_of(form);
    if roles.is_empty() {
        form.refuse(FIRST_ROLE, "give at least one role");
        return Submit::Invalid;
    }
    match form.target.clone() {
        Some(id) => Submit::Changes(vec![Step {
            target: StepTarget::Existing(id),
            change: Change::UserRolesChanged { roles },
        }]),
        None => Submit::Invalid,
    }
}

pub fn disable_user(target: Option<RecordId>, cx: FormContext) -> Form {
    user_note(Form::new(
        FormKind::DisableUser,
        target,
        "Disable the user",
        "P 11.3.3",
        cx,
    ))
    .note("They can no longer log in; their past actions stay attributed to them.")
    .field(Field::toggle(CONFIRM, "Disable this user", false))
    .submit_button("Disable")
}

pub fn submit_disable_user(form: &mut Form) -> Submit {
    if !form.toggle(CONFIRM) {
        form.refuse(CONFIRM, "confirm with y, or Esc to leave");
        return Submit::Invalid;
    }
    match form.target.clone() {
        Some(id) => Submit::Changes(vec![Step {
            target: StepTarget::Existing(id),
            change: Change::UserDisabled,
        }]),
        None => Submit::Invalid,
    }
}

pub fn passphrase(cx: FormContext) -> Form {
    Form::new(
        FormKind::ChangePassphrase,
        None,
        "Change my passphrase",
        "",
        cx,
    )
    .field(secret(PASS1, "New passphrase"))
    .field(secret(PASS2, "Again"))
    .submit_button("Change it")
}

pub fn submit_passphrase(form: &mut Form) -> Submit {
    let p = passphrase_pair(form);
    if form.has_errors() {
        return Submit::Invalid;
    }
    Submit::Passphrase(p)
}

pub fn find_user(cx: FormContext) -> Form {
    Form::new(FormKind::FindUser, None, "Manage a user", "P 11.3.3", cx)
        .note("Their record shows their roles and clearance; its actions change the roles or disable the account.")
        .field(Field::line(NAME, "User name", ""))
        .submit_button("Open the user")
}

pub fn submit_find_user(form: &mut Form) -> Submit {
    let name = form.required(NAME, "the name");
    if form.has_errors() {
        return Submit::Invalid;
    }
    Submit::OpenRecord(crate::domain::user::user_id(&name))
}
