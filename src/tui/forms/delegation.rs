//! Who decides (G 8 "Sharing Authority" a–b, G 9 a–b): the Head of Mission's delegation
//! matrix as a form, one rule a line, each citing the Mission PKI Support Plan.

use super::field::{Field, Key, Text};
use super::{Form, FormContext, FormKind, Step, StepTarget, Submit};
use crate::domain::change::Change;
use crate::domain::entity::EntityKind;
use crate::domain::marking::Classification;
use crate::domain::nature::Nature;
use crate::domain::role::Role;
use crate::domain::settings::{Decision, DelegationMatrix, DelegationRule, MissionSettings};

/// G 8 a–b: who decides, one rule a line.
const DELEGATION: Key<Text> = Key::new("delegation");
/// The reference of the HoM's written instruction (when the IM FP records it).
const INSTRUCTION: Key<Text> = Key::new("instruction");

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
