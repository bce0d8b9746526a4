//! Decisions and the steps around them: clearance of a receipt (G 9.7; its dissemination is
//! in `dissemination`), sanitisation, routing, the decision to share (G 8), the written acceptance of the
//! conditions (G 8.1.5), when it was shared, and withdrawal.

use super::field::{Choice, ChoiceValue, Field, Key, among};
use super::keys::AUTHORITY;
use super::{Form, FormContext, FormKind, Step, StepTarget, Submit, time_text};
use crate::domain::change::Change;
use crate::domain::ids::RecordId;
use crate::domain::record::Record;
use crate::domain::role::Role;
use crate::domain::share::{ConditionsAcceptance, UnRouting};

const AUTHORITIES: [Role; 3] = [Role::Hom, Role::Micm, Role::Delegate];

pub(super) fn authority_choice(cx: &FormContext) -> Choice {
    let mut choice = Choice::of(AUTHORITIES.iter().map(|r| (r.title().to_string(), *r)));
    let holds = |r: Role| cx.actor.as_ref().is_some_and(|a| a.has(r));
    let mine = AUTHORITIES.iter().find(|r| holds(**r)).copied();
    // The competent authority when the person holds it; else the Head of Mission, who keeps
    // the authority they delegated (G 8 "Sharing Authority" a).
    let chosen = match cx.authority {
        Some(c) if holds(c) => Some(c),
        _ if holds(Role::Hom) => Some(Role::Hom),
        competent => competent.or(mine),
    };
    if let Some(role) = chosen {
        choice = choice.selecting(&role);
    }
    choice
}

fn pre_authorisation_choice(cx: &FormContext, none: &str) -> Choice {
    let mut options = vec![(none.to_string(), String::new())];
    options.extend(
        cx.pre_authorisations
            .iter()
            .map(|(id, what)| (format!("{id} — {what}"), id.to_string())),
    );
    Choice::new(options)
}

fn summary(cx: &FormContext) -> Option<String> {
    Some(match cx.record.as_ref()? {
        Record::Receipt(r) => format!(
            "{} — {} — from {} — {}",
            r.id,
            super::super::text::clean(&r.capture.title),
            cx.entity_name(&r.capture.source),
            r.capture.marking
        ),
        Record::Share(s) => format!(
            "{} — {} — to {} — {}",
            s.id,
            super::super::text::clean(&s.draft.product.title),
            cx.entity_name(&s.draft.recipient),
            s.draft.product.marking
        ),
        _ => return None,
    })
}

pub(super) fn with_summary(mut form: Form) -> Form {
    if let Some(s) = summary(&form.context) {
        form.notes.insert(0, s);
    }
    form
}

pub(super) fn one(form: &Form, change: Change) -> Submit {
    match form.target.clone() {
        Some(id) => Submit::Changes(vec![Step {
            target: StepTarget::Existing(id),
            change,
        }]),
        None => Submit::Invalid,
    }
}

pub fn clear(target: Option<RecordId>, cx: FormContext) -> Form {
    let pre = pre_authorisation_choice(&cx, "— none: rely on the scan —");
    with_summary(
        Form::new(
            FormKind::ClearReceipt,
            target,
            "Clear for mission consumption",
            "G 9.4–9.10",
            cx,
        )
        .note("Needs the alerts (imminent threats), a current Entity Assessment for Receipt, confirmed handling standards, and the scan or a valid pre-authorised entry (G 9.10).")
        .field(Field::choice("pre", "Pre-authorised entry", pre))
        .submit_button("Clear for mission consumption"),
    )
}

pub fn submit_clear(form: &mut Form) -> Submit {
    let pre = Some(form.choice("pre"))
        .filter(|s| !s.is_empty())
        .map(RecordId);
    one(
        form,
        Change::ReceiptCleared {
            pre_authorisation: pre,
        },
    )
}

pub fn sanitisation(target: Option<RecordId>, cx: FormContext) -> Form {
    with_summary(
        Form::new(
            FormKind::ConfirmSanitisation,
            target,
            "Confirm sanitisation",
            "G 8.1.12, 8.2.5",
            cx,
        )
        .note("Nothing in the product can trace back to a source or asset, or identify witnesses or victims.")
        .field(Field::toggle("confirm", "I confirm the product is sanitised", false))
        .submit_button("Confirm sanitisation"),
    )
}

pub fn submit_sanitisation(form: &mut Form) -> Submit {
    if !form.toggle("confirm") {
        form.refuse("confirm", "confirm with y, or Esc to leave");
        return Submit::Invalid;
    }
    one(form, Change::SanitisationConfirmed)
}

pub fn routing(target: Option<RecordId>, cx: FormContext) -> Form {
    with_summary(
        Form::new(
            FormKind::UnRouting,
            target,
            "Routing to a non-mission UN entity",
            "G 8.2.1",
            cx,
        )
        .note("Strategic PKI: the Head of Office. Operational/tactical: the senior-most DSS official and the Designated Official. PoC threats: also the senior-most PoC manager.")
        .field(Field::line("head_of_office", "Head of Office", ""))
        .field(Field::line("dss", "Senior DSS official", ""))
        .field(Field::line("designated", "Designated Official", ""))
        .field(Field::line("poc", "PoC manager alerted", ""))
        .submit_button("Record the routing"),
    )
}

pub fn submit_routing(form: &mut Form) -> Submit {
    let routing = UnRouting {
        head_of_office: form.optional("head_of_office"),
        dss_official: form.optional("dss"),
        designated_official: form.optional("designated"),
        poc_manager_alerted: form.optional("poc"),
    };
    if routing == UnRouting::default() {
        form.refuse("head_of_office", "name at least one recipient");
        return Submit::Invalid;
    }
    one(form, Change::UnRoutingRecorded { routing })
}

pub fn share_decision(target: Option<RecordId>, cx: FormContext) -> Form {
    let authority = authority_choice(&cx);
    let pre = pre_authorisation_choice(&cx, "— none: the Sharing Risk Assessment —");
    let competent = cx.authority;
    // G 8.1.4: the decision-maker sees what the risk assessment relies on.
    let mut relied_on = Vec::new();
    if let Some(Record::Share(s)) = &cx.record
        && let Some(a) = &s.risk_assessment
    {
        if !a.mitigations.is_empty() {
            relied_on.push(format!("Mitigations (Annex B Q7/Q10): {}", a.mitigations));
        }
        if !a.unknowns_justified.is_empty() {
            relied_on.push(format!(
                "Acceptable despite unknown answers: {}",
                a.unknowns_justified
            ));
        }
    }
    let mut form = Form::new(
        FormKind::ShareDecision,
        target,
        "Decide to share",
        "G 8 \"Sharing Authority\", G 8.1.4",
        cx,
    );
    if let Some(role) = competent {
        form = form.note(format!("The delegation matrix names the {role} to decide (G 8 \"Sharing Authority\"); the Head of Mission may always decide."));
    }
    for n in relied_on {
        form = form.note(super::super::text::clean(&n));
    }
    with_summary(
        form.field(Field::choice(
            VERDICT,
            "Decision",
            Choice::of([
                ("authorise the sharing".into(), Verdict::Authorise),
                ("decline".into(), Verdict::Decline),
            ])
            .none_first("— decide —"),
        ))
        .field(Field::choice(AUTHORITY, "Deciding as", authority))
        .field(Field::text("reason", "Reason", ""))
        .field(
            Field::choice("pre", "Pre-authorised entry (G 8.1.8)", pre)
                .hint("relied on instead of a per-product risk assessment"),
        )
        .submit_button("Record the decision"),
    )
}

pub fn submit_share_decision(form: &mut Form) -> Submit {
    let verdict = form.chosen(VERDICT);
    let reason = form.required("reason", "the reason (G 8.1.11)");
    let (Some(verdict), false) = (verdict, form.has_errors()) else {
        return Submit::Invalid;
    };
    let Some(authority) = chosen_authority(form) else {
        return Submit::Invalid;
    };
    let pre = Some(form.choice("pre"))
        .filter(|s| !s.is_empty())
        .map(RecordId);
    one(
        form,
        Change::ShareDecided {
            decided_at: None,
            authorise: verdict == Verdict::Authorise,
            authority,
            reason,
            pre_authorisation: pre,
        },
    )
}

pub fn acceptance(target: Option<RecordId>, cx: FormContext) -> Form {
    let today = time_text(cx.now);
    with_summary(
        Form::new(
            FormKind::ConditionsAcceptance,
            target,
            "Written acceptance of the conditions",
            "G 8.1.5, 8.2.3",
            cx,
        )
        .note("Tick each condition the entity accepted in writing.")
        .field(Field::toggle(
            "originator_control",
            "Originator control: no onward sharing without the mission's written approval",
            false,
        ))
        .field(Field::toggle(
            "use_limited",
            "Use limited to safety and security of UN personnel, situational awareness, PoC",
            false,
        ))
        .field(Field::line("narrower", "Narrower scope, if any", ""))
        .field(Field::toggle(
            "no_violations",
            "Not used to instigate or facilitate human rights violations or other crimes",
            false,
        ))
        .field(Field::toggle(
            "marking_kept",
            "Security marking kept",
            false,
        ))
        .field(Field::toggle(
            "equivalent_handling",
            "Handled and secured at an equivalent standard",
            false,
        ))
        .field(Field::line(
            "accepted_by",
            "Accepted by (name, position)",
            "",
        ))
        .field(Field::line(
            "document",
            "Reference of the written acceptance",
            "",
        ))
        .field(Field::line(
            "accepted_on",
            "Date of the acceptance (UTC)",
            &today,
        ))
        .submit_button("Record the acceptance"),
    )
}

pub fn submit_acceptance(form: &mut Form) -> Submit {
    let accepted_by = form.required("accepted_by", "who accepted");
    let document = form.required("document", "the reference");
    let accepted_on = form.time("accepted_on");
    let Some(accepted_on) = accepted_on else {
        return Submit::Invalid;
    };
    if form.has_errors() {
        return Submit::Invalid;
    }
    one(
        form,
        Change::ConditionsAccepted {
            acceptance: ConditionsAcceptance {
                originator_control: form.toggle("originator_control"),
                use_limited: form.toggle("use_limited"),
                narrower_scope: form.optional("narrower"),
                no_violations: form.toggle("no_violations"),
                marking_kept: form.toggle("marking_kept"),
                equivalent_handling: form.toggle("equivalent_handling"),
                accepted_by,
                document,
                accepted_on,
            },
        },
    )
}

pub fn mark_shared(target: Option<RecordId>, cx: FormContext) -> Form {
    let now = time_text(cx.now);
    with_summary(
        Form::new(
            FormKind::MarkShared,
            target,
            "Record when it was shared",
            "G C Registers",
            cx,
        )
        .field(Field::line("shared_at", "Shared at (UTC)", &now))
        .submit_button("Record as shared"),
    )
}

pub fn submit_mark_shared(form: &mut Form) -> Submit {
    let Some(shared_at) = form.time("shared_at") else {
        return Submit::Invalid;
    };
    one(form, Change::ShareMarkedShared { shared_at })
}

pub fn withdraw(target: Option<RecordId>, cx: FormContext) -> Form {
    with_summary(
        Form::new(
            FormKind::WithdrawShare,
            target,
            "Withdraw the share",
            "G 8.1.11",
            cx,
        )
        .field(Field::text("reason", "Reason", ""))
        .submit_button("Withdraw"),
    )
}

pub fn submit_withdraw(form: &mut Form) -> Submit {
    let reason = form.required("reason", "the reason");
    if form.has_errors() {
        return Submit::Invalid;
    }
    one(form, Change::ShareWithdrawn { reason })
}

/// The deciding authority chosen in the form; an unknown choice is an error on the field,
/// never read as the Head of Mission.
pub(super) fn chosen_authority(form: &mut Form) -> Option<Role> {
    form.chosen(AUTHORITY)
}

/// G 8: the decision on a share.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    Authorise,
    Decline,
}

impl ChoiceValue for Verdict {
    const WHAT: &'static str = "authorise or decline";
    fn choice_key(&self) -> String {
        match self {
            Verdict::Authorise => "authorise",
            Verdict::Decline => "decline",
        }
        .into()
    }
    fn from_choice_key(key: &str) -> Option<Self> {
        among(&[Verdict::Authorise, Verdict::Decline], key)
    }
}

/// Opens on "— decide —", refused until the authority decides.
const VERDICT: Key<Verdict> = Key::new("decision");
