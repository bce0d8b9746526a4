//! The administrator's forms (mission settings, users), one's own passphrase, and the
//! browser's filters.

use super::field::{Choice, ChoiceValue, Field, FieldKind, Key, Text, Toggle, among};
use super::receipt::entity_choice;
use super::record_choice::{Entity, IdOf};
use super::{Form, FormContext, FormKind, Step, StepTarget, Submit, parse_time};
use crate::domain::change::Change;
use crate::domain::entity::EntityKind;
use crate::domain::ids::RecordId;
use crate::domain::marking::Classification;
use crate::domain::nature::Nature;
use crate::domain::record::Record;
use crate::domain::role::Role;
use crate::domain::settings::{Decision, DelegationMatrix, DelegationRule, MissionSettings};
use crate::tui::app::{BrowseFilter, BrowseKind};
use crate::tui::widgets::text_input::TextInput;

/// One delegation rule per line: `share strategic * * -> micm | MISP 4.2` (decision, nature,
/// classification, entity kind; `*` for any; the role, optionally a person holding it; after
/// `|`, where the Mission PKI Support Plan writes it).
pub fn delegation_text(m: &DelegationMatrix) -> String {
    m.rules
        .iter()
        .map(|r| {
            format!(
                "{} {} {} {} -> {}{} | {}",
                match r.decision {
                    Decision::Share => "share",
                    Decision::Disseminate => "disseminate",
                },
                r.nature.map_or("*", |n| n.key()),
                r.classification.map_or("*", |c| c.key()),
                r.entity_kind.map_or("*", |k| k.key()),
                r.authority.key(),
                r.person.as_ref().map_or(String::new(), |p| format!(" {p}")),
                r.support_plan
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn parse_delegation(text: &str) -> Result<DelegationMatrix, String> {
    let mut rules = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let bad = |what: &str| format!("line {}: {what}", n + 1);
        let (line, support_plan) = line.split_once('|').unwrap_or((line, ""));
        let (left, right) = line.split_once("->").ok_or_else(|| {
            bad("write: decision nature classification kind -> role [person] | Support Plan reference")
        })?;
        let mut right = right.split_whitespace();
        let role = right.next().unwrap_or_default();
        let person = right.next().map(str::to_string);
        if right.next().is_some() {
            return Err(bad("after -> write the role and at most one user name"));
        }
        let authority =
            Role::from_key(role).ok_or_else(|| bad(&format!("'{role}' is not a role")))?;
        let words: Vec<&str> = left.split_whitespace().collect();
        let [decision, nature, classification, kind] = words[..] else {
            return Err(bad("four words before -> (use * for any)"));
        };
        let decision = match decision {
            "share" => Decision::Share,
            "disseminate" => Decision::Disseminate,
            other => return Err(bad(&format!("'{other}': share or disseminate"))),
        };
        let any = |w: &str| w == "*";
        let nature = if any(nature) {
            None
        } else {
            Some(
                [Nature::Strategic, Nature::OperationalTactical]
                    .into_iter()
                    .find(|x| x.key() == nature)
                    .ok_or_else(|| {
                        bad(&format!("'{nature}': strategic or operational_tactical"))
                    })?,
            )
        };
        let classification = if any(classification) {
            None
        } else {
            Some(
                Classification::from_key(classification)
                    .ok_or_else(|| bad(&format!("'{classification}' is not a classification")))?,
            )
        };
        let entity_kind = if any(kind) {
            None
        } else {
            Some(
                EntityKind::ALL
                    .into_iter()
                    .find(|k| k.key() == kind)
                    .ok_or_else(|| bad(&format!("'{kind}' is not an entity kind")))?,
            )
        };
        rules.push(DelegationRule {
            decision,
            nature,
            classification,
            entity_kind,
            authority,
            person,
            support_plan: support_plan.trim().to_string(),
        });
    }
    Ok(DelegationMatrix { rules })
}

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

/// Who decides (G 8 a–b, G 9 a–b): the Head of Mission's delegation, each rule citing the
/// Mission PKI Support Plan; the IM FP records it only on the HoM's written instruction.
pub fn delegation(cx: FormContext) -> Form {
    let s = cx
        .settings
        .clone()
        .unwrap_or_else(|| MissionSettings::new(""));
    let is_hom = cx.actor.as_ref().is_some_and(|a| a.has(Role::Hom));
    Form::new(
        FormKind::Delegation,
        Some(crate::domain::ids::settings_id()),
        "Who decides — the delegation matrix",
        "G 8 a–b, G 9 a–b",
        cx,
    )
    .note("The authority lies with the Head of Mission, who delegates it in the Mission PKI Support Plan and may always decide.")
    .field(
        Field::text(DELEGATION, "Delegation matrix", &delegation_text(&s.delegation)).hint(
            "decision nature classification kind -> role [user] | Support Plan ref; * for any; first match wins",
        ),
    )
    .field(
        Field::line(INSTRUCTION, "HoM's written instruction", "").hint(if is_hom {
            "optional: you are the Head of Mission"
        } else {
            "its reference: recorded on the HoM's instruction"
        }),
    )
    .submit_button("Record the delegation")
}

pub fn submit_delegation(form: &mut Form) -> Submit {
    let delegation = match parse_delegation(&form.text(DELEGATION)) {
        Ok(d) => d,
        Err(e) => {
            form.fail(DELEGATION, e);
            return Submit::Invalid;
        }
    };
    Submit::Changes(vec![Step {
        target: StepTarget::Existing(crate::domain::ids::settings_id()),
        change: Change::DelegationChanged {
            delegation,
            instruction: form.optional(INSTRUCTION),
        },
    }])
}

pub fn submit_settings(form: &mut Form) -> Submit {
    let mission = form.required(MISSION, "the mission");
    let review = form.number(REVIEW_DAYS);
    let receipt = form.number(RECEIPT_LIMIT);
    let share = form.number(SHARE_LIMIT);
    let clock_lead = form.number(CLOCK_LEAD);
    let bundle_mb = form.number(BUNDLE_MB);
    let idle_lock = form.number(IDLE_LOCK);
    let default_marking = form.chosen(DEFAULT_MARKING);
    let (
        Some(review),
        Some(receipt),
        Some(share),
        Some(clock_lead),
        Some(bundle_mb),
        Some(idle_lock),
        Some(default_marking),
        false,
    ) = (
        review,
        receipt,
        share,
        clock_lead,
        bundle_mb,
        idle_lock,
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
/// G 9.12.
const RED_FLAGS: Key<Text> = Key::new("red_flags");
/// G 8 a–b: who decides, one rule a line.
const DELEGATION: Key<Text> = Key::new("delegation");
const INSTRUCTION: Key<Text> = Key::new("instruction");
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

const STATES: [&str; 14] = [
    "open",
    "closed",
    "draft",
    "risk assessed",
    "authorised",
    "conditions accepted",
    "shared",
    "declined",
    "withdrawn",
    "received",
    "scanned",
    "cleared for mission consumption",
    "disseminated",
    "rejected",
];

fn date_text(secs: Option<i64>) -> String {
    secs.and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

pub fn browse_filter(cx: FormContext) -> Form {
    let f = cx.browse_filter.clone().unwrap_or_default();
    let any = || ("— any —".to_string(), String::new());
    let kinds = Choice::of([
        ("shares".to_string(), BrowseKind::Share),
        ("receipts".to_string(), BrowseKind::Receipt),
    ])
    .none_first("— any —")
    .selecting(&f.kind);
    let entities = entity_choice(&cx, false, Some("— any —"))
        .with(f.entity.as_ref().map_or("", |e| e.as_str()));
    let mut markings = vec![any()];
    markings.extend(
        Classification::ALL
            .iter()
            .map(|c| (c.to_string(), c.key().to_string())),
    );
    let markings = Choice::new(markings).with(f.marking.map_or("", |c| c.key()));
    let natures = Choice::new(vec![
        any(),
        (
            Nature::Strategic.to_string(),
            Nature::Strategic.key().into(),
        ),
        (
            Nature::OperationalTactical.to_string(),
            Nature::OperationalTactical.key().into(),
        ),
    ])
    .with(f.nature.map_or("", |n| n.key()));
    let states = Choice::of(STATES.map(|s| (s.to_string(), State(s))))
        .none_first("— any —")
        .with(f.state.as_deref().unwrap_or(""));
    Form::new(FormKind::BrowseFilter, None, "Filter the registry", "", cx)
        .field(Field::choice(KIND, "Shares or receipts", kinds))
        .field(Field::choice(ENTITY, "Entity", entities).hint("type to find"))
        .field(Field::choice(ANY_MARKING, "Marking", markings))
        .field(Field::choice(ANY_NATURE, "Nature", natures))
        .field(Field::choice(STATE, "State", states))
        .field(Field::line(FROM, "From (YYYY-MM-DD)", &date_text(f.from)))
        .field(Field::line(
            UNTIL,
            "Until (YYYY-MM-DD, inclusive)",
            &date_text(f.until.map(|u| u - 86_400)),
        ))
        .field(Field::line(TEXT, "Title or reference contains", &f.text))
        .submit_button("Apply the filters")
}

/// The browser's filters on marking and nature: "any" (None) or one value.
const ANY_MARKING: Key<Option<Classification>> = Key::new("marking");
const ANY_NATURE: Key<Option<Nature>> = Key::new("nature");
/// Shares, receipts or both.
const KIND: Key<Option<BrowseKind>> = Key::new("kind");
const ENTITY: Key<Option<IdOf<Entity>>> = Key::new("entity");
const STATE: Key<Option<State>> = Key::new("state");
/// Days, `YYYY-MM-DD` (the last inclusive).
const FROM: Key<Text> = Key::new("from");
const UNTIL: Key<Text> = Key::new("until");
/// What a title or reference contains.
const TEXT: Key<Text> = Key::new("text");

impl ChoiceValue for BrowseKind {
    const WHAT: &'static str = "shares or receipts";
    fn choice_key(&self) -> String {
        match self {
            BrowseKind::Share => "share",
            BrowseKind::Receipt => "receipt",
        }
        .into()
    }
    fn from_choice_key(key: &str) -> Option<Self> {
        among(&[BrowseKind::Share, BrowseKind::Receipt], key)
    }
}

/// A state the browser filters on, one of `STATES`.
#[derive(Clone, Copy)]
struct State(&'static str);

impl ChoiceValue for State {
    const WHAT: &'static str = "a state";
    fn choice_key(&self) -> String {
        self.0.to_string()
    }
    fn from_choice_key(key: &str) -> Option<Self> {
        STATES.into_iter().find(|s| *s == key).map(State)
    }
}

pub fn submit_browse_filter(form: &mut Form) -> Submit {
    let date = |form: &mut Form, key: Key<Text>| -> Option<i64> {
        let text = form.text(key);
        if text.is_empty() {
            return None;
        }
        match parse_time(&text) {
            Some(t) => Some(t.timestamp()),
            None => {
                form.fail(key, "write YYYY-MM-DD");
                None
            }
        }
    };
    let from = date(form, FROM);
    let until = date(form, UNTIL).map(|t| t + 86_400);
    if let (Some(a), Some(b)) = (from, until)
        && a >= b
    {
        form.fail(UNTIL, "ends before it starts");
    }
    let marking = form.chosen(ANY_MARKING);
    let nature = form.chosen(ANY_NATURE);
    let kind = form.chosen(KIND);
    let entity = form.chosen(ENTITY);
    let state = form.chosen(STATE);
    let (Some(marking), Some(nature), Some(kind), Some(entity), Some(state), false) =
        (marking, nature, kind, entity, state, form.has_errors())
    else {
        return Submit::Invalid;
    };
    let entity = entity.map(IdOf::id);
    let state = state.map(|s| s.0.to_string());
    Submit::Filter(BrowseFilter {
        kind,
        entity,
        marking,
        nature,
        state,
        from,
        until,
        text: form.text(TEXT),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delegation_matrix_round_trips_through_its_text() {
        let m = DelegationMatrix::default();
        assert_eq!(parse_delegation(&delegation_text(&m)).unwrap(), m);
        assert!(
            parse_delegation("share strategic * * -> king")
                .unwrap_err()
                .contains("line 1")
        );
    }
}
