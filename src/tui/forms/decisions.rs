//! Decisions and the steps around them: clearance of a receipt (G 9.7; its dissemination is
//! in `dissemination`), sanitisation, routing, the decision to share (G 8), the written acceptance of the
//! conditions (G 8.1.5), when it was shared, and withdrawal.

use super::field::{Choice, ChoiceValue, Field, Key, Text, Toggle, among};
use super::keys::AUTHORITY;
use super::record_choice::{IdOf, PreAuthorised};
use super::{Form, FormContext, FormKind, Step, StepTarget, Submit, time_text};
use crate::domain::change::Change;
use crate::domain::ids::{RecordId, Time};
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

/// The pre-authorised entry relied on (G 8.1.8, G 9.10), or none.
const PRE: Key<Option<IdOf<PreAuthorised>>> = Key::new("pre");
/// G 8.1.11, and why a share is withdrawn.
const REASON: Key<Text> = Key::new("reason");
const CONFIRM: Key<Toggle> = Key::new("confirm");
/// G 8.2.1: who the product was routed to.
const HEAD_OF_OFFICE: Key<Text> = Key::new("head_of_office");
const DSS: Key<Text> = Key::new("dss");
const DESIGNATED: Key<Text> = Key::new("designated");
const POC: Key<Text> = Key::new("poc");
/// G 8.1.5: the conditions accepted in writing.
const ORIGINATOR_CONTROL: Key<Toggle> = Key::new("originator_control");
const USE_LIMITED: Key<Toggle> = Key::new("use_limited");
const NARROWER: Key<Text> = Key::new("narrower");
const NO_VIOLATIONS: Key<Toggle> = Key::new("no_violations");
const MARKING_KEPT: Key<Toggle> = Key::new("marking_kept");
const EQUIVALENT_HANDLING: Key<Toggle> = Key::new("equivalent_handling");
const ACCEPTED_BY: Key<Text> = Key::new("accepted_by");
const DOCUMENT: Key<Text> = Key::new("document");
const ACCEPTED_ON: Key<Time> = Key::new("accepted_on");
const SHARED_AT: Key<Time> = Key::new("shared_at");

fn pre_authorisation_choice(cx: &FormContext, none: &str) -> Choice {
    Choice::of(
        cx.pre_authorisations
            .iter()
            .map(|(id, what)| (format!("{id} — {what}"), IdOf::<PreAuthorised>::offered(id))),
    )
    .none_first(none)
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
        .field(Field::choice(PRE, "Pre-authorised entry", pre))
        .submit_button("Clear for mission consumption"),
    )
}

pub fn submit_clear(form: &mut Form) -> Submit {
    let Some(pre) = form.chosen(PRE) else {
        return Submit::Invalid;
    };
    let pre = pre.map(IdOf::id);
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
        .field(Field::toggle(CONFIRM, "I confirm the product is sanitised", false))
        .submit_button("Confirm sanitisation"),
    )
}

pub fn submit_sanitisation(form: &mut Form) -> Submit {
    if !form.toggle(CONFIRM) {
        form.refuse(CONFIRM, "confirm with y, or Esc to leave");
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
        .field(Field::line(HEAD_OF_OFFICE, "Head of Office", ""))
        .field(Field::line(DSS, "Senior DSS official", ""))
        .field(Field::line(DESIGNATED, "Designated Official", ""))
        .field(Field::line(POC, "PoC manager alerted", ""))
        .submit_button("Record the routing"),
    )
}

pub fn submit_routing(form: &mut Form) -> Submit {
    let routing = UnRouting {
        head_of_office: form.optional(HEAD_OF_OFFICE),
        dss_official: form.optional(DSS),
        designated_official: form.optional(DESIGNATED),
        poc_manager_alerted: form.optional(POC),
    };
    if routing == UnRouting::default() {
        form.refuse(HEAD_OF_OFFICE, "name at least one recipient");
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
        .field(Field::text(REASON, "Reason", ""))
        .field(
            Field::choice(PRE, "Pre-authorised entry (G 8.1.8)", pre)
                .hint("relied on instead of a per-product risk assessment"),
        )
        .submit_button("Record the decision"),
    )
}

pub fn submit_share_decision(form: &mut Form) -> Submit {
    let verdict = form.chosen(VERDICT);
    let reason = form.required(REASON, "the reason (G 8.1.11)");
    let (Some(verdict), false) = (verdict, form.has_errors()) else {
        return Submit::Invalid;
    };
    let Some(authority) = chosen_authority(form) else {
        return Submit::Invalid;
    };
    let Some(pre) = form.chosen(PRE) else {
        return Submit::Invalid;
    };
    let pre = pre.map(IdOf::id);
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
            ORIGINATOR_CONTROL,
            "Originator control: no onward sharing without the mission's written approval",
            false,
        ))
        .field(Field::toggle(
            USE_LIMITED,
            "Use limited to safety and security of UN personnel, situational awareness, PoC",
            false,
        ))
        .field(Field::line(NARROWER, "Narrower scope, if any", ""))
        .field(Field::toggle(
            NO_VIOLATIONS,
            "Not used to instigate or facilitate human rights violations or other crimes",
            false,
        ))
        .field(Field::toggle(MARKING_KEPT, "Security marking kept", false))
        .field(Field::toggle(
            EQUIVALENT_HANDLING,
            "Handled and secured at an equivalent standard",
            false,
        ))
        .field(Field::line(ACCEPTED_BY, "Accepted by (name, position)", ""))
        .field(Field::line(
            DOCUMENT,
            "Reference of the written acceptance",
            "",
        ))
        .field(Field::time_text(
            ACCEPTED_ON,
            "Date of the acceptance (UTC)",
            &today,
        ))
        .submit_button("Record the acceptance"),
    )
}

pub fn submit_acceptance(form: &mut Form) -> Submit {
    let accepted_by = form.required(ACCEPTED_BY, "who accepted");
    let document = form.required(DOCUMENT, "the reference");
    let accepted_on = form.time(ACCEPTED_ON);
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
                originator_control: form.toggle(ORIGINATOR_CONTROL),
                use_limited: form.toggle(USE_LIMITED),
                narrower_scope: form.optional(NARROWER),
                no_violations: form.toggle(NO_VIOLATIONS),
                marking_kept: form.toggle(MARKING_KEPT),
                equivalent_handling: form.toggle(EQUIVALENT_HANDLING),
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
        .field(Field::time_text(SHARED_AT, "Shared at (UTC)", &now))
        .submit_button("Record as shared"),
    )
}

pub fn submit_mark_shared(form: &mut Form) -> Submit {
    let Some(shared_at) = form.time(SHARED_AT) else {
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
        .field(Field::text(REASON, "Reason", ""))
        .submit_button("Withdraw"),
    )
}

pub fn submit_withdraw(form: &mut Form) -> Submit {
    let reason = form.required(REASON, "the reason");
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
