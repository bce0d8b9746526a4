//! Pre-authorised list entries (G 8.1.8, G 9.10): the entry names what it covers — the series
//! by the reference its products begin with, their nature, the highest classification — and
//! its periodic review records what the reviewer confirmed, item by item (issue 9).

use super::entity::{one, pre_note, with_entity};
use super::field::{Choice, ChoiceValue, Field, Key, Text, Toggle, among};
use super::keys::MARKING;
use super::{Form, FormContext, FormKind, Step, StepTarget, Submit};
use crate::domain::change::Change;
use crate::domain::ids::RecordId;
use crate::domain::marking::{Classification, Marking};
use crate::domain::nature::Nature;
use crate::domain::pre_authorisation::{Direction, PreAuthorisationTerms};
use crate::domain::pre_authorisation_scope::{CHECKS, PreAuthorisationReview, Scope};
use crate::domain::record::Record;

/// The review's checklist, one toggle per item of `CHECKS`.
const CHECK_KEYS: [Key<Toggle>; 4] = [
    Key::new("c0"),
    Key::new("c1"),
    Key::new("c2"),
    Key::new("c3"),
];
/// The series covered, by the reference its products begin with.
const PREFIX: Key<Text> = Key::new("prefix");
/// The natures of the products covered; opens on "— choose —" for a new entry.
const NATURES: Key<Covered> = Key::new("natures");
/// The regular series covered, in words.
const PRODUCTS: Key<Text> = Key::new("products");
/// What the periodic review found.
const FINDING: Key<Text> = Key::new("finding");

/// The natures an entry covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Covered {
    Strategic,
    OperationalTactical,
    Both,
}

impl Covered {
    fn of(natures: &[Nature]) -> Option<Covered> {
        match natures {
            [Nature::Strategic] => Some(Covered::Strategic),
            [Nature::OperationalTactical] => Some(Covered::OperationalTactical),
            [] => None,
            _ => Some(Covered::Both),
        }
    }

    fn natures(self) -> Vec<Nature> {
        match self {
            Covered::Strategic => vec![Nature::Strategic],
            Covered::OperationalTactical => vec![Nature::OperationalTactical],
            Covered::Both => vec![Nature::Strategic, Nature::OperationalTactical],
        }
    }
}

impl ChoiceValue for Covered {
    const WHAT: &'static str = "the nature of the products covered";
    fn choice_key(&self) -> String {
        match self {
            Covered::Strategic => "strategic",
            Covered::OperationalTactical => "operational_tactical",
            Covered::Both => "both",
        }
        .into()
    }
    fn from_choice_key(key: &str) -> Option<Self> {
        among(
            &[
                Covered::Strategic,
                Covered::OperationalTactical,
                Covered::Both,
            ],
            key,
        )
    }
}

fn natures_choice(natures: &[Nature]) -> Choice {
    Choice::of([
        ("strategic".into(), Covered::Strategic),
        ("operational/tactical".into(), Covered::OperationalTactical),
        ("both".into(), Covered::Both),
    ])
    .none_first("— choose —")
    .selecting(&Covered::of(natures))
}

/// The scope fields: the series' reference and the natures covered.
fn scope_fields(form: Form, scope: Option<&Scope>) -> Form {
    form.field(
        Field::line(
            PREFIX,
            "Reference the series' products begin with",
            scope.map_or("", |s| s.reference_prefix.as_str()),
        )
        .hint("e.g. JMAC/WSR/ — a product whose reference does not begin so is not covered"),
    )
    .field(Field::choice(
        NATURES,
        "Nature of the products covered",
        natures_choice(scope.map_or(&[][..], |s| &s.natures[..])),
    ))
}

/// The scope as the form states it; a missing part is marked beside its field.
fn scope_of(form: &mut Form) -> Option<Scope> {
    let reference_prefix = form.required(PREFIX, "the reference the series' products begin with");
    let natures = form.chosen(NATURES)?.natures();
    Some(Scope {
        reference_prefix,
        natures,
    })
}

pub fn pre_authorise(target: Option<RecordId>, cx: FormContext) -> Form {
    let form = with_entity(
        Form::new(
            FormKind::PreAuthorise,
            target,
            "Pre-authorised list entry",
            "G 8.1.8, G 9.10",
            cx,
        )
        .note("Products of the series covered by the entry need no per-product assessment or scan until its review date; any other product does.")
        .field(Field::choice(
            DIRECTION,
            "List",
            Choice::of([
                ("regular sharing (G 8.1.8)".into(), Direction::Sharing),
                ("regular receipt (G 9.10)".into(), Direction::Receipt),
            ]),
        ))
        .field(Field::text(PRODUCTS, "Regular series covered", "")),
    );
    scope_fields(form, None)
        .field(Field::choice(
            MAX,
            "Highest classification covered",
            Choice::classification(Classification::Confidential),
        ))
        .field(Field::choice(
            MARKING,
            "Marking of the entry",
            Choice::classification(Classification::Confidential),
        ))
        .submit_button("Put on the list")
}

/// Which list: regular sharing (G 8.1.8) or regular receipt (G 9.10).
const DIRECTION: Key<Direction> = Key::new("direction");

impl ChoiceValue for Direction {
    const WHAT: &'static str = "the list (sharing or receipt)";
    fn choice_key(&self) -> String {
        match self {
            Direction::Sharing => "sharing",
            Direction::Receipt => "receipt",
        }
        .into()
    }
    fn from_choice_key(key: &str) -> Option<Self> {
        among(&[Direction::Sharing, Direction::Receipt], key)
    }
}

/// The highest classification the entry covers.
const MAX: Key<Classification> = Key::new("max");

pub fn submit_pre_authorise(form: &mut Form) -> Submit {
    let products = form.required(PRODUCTS, "the series covered");
    let scope = scope_of(form);
    let Some(entity) = form.target.clone() else {
        return Submit::Invalid;
    };
    let max = form.chosen(MAX);
    let level = form.chosen(MARKING);
    let direction = form.chosen(DIRECTION);
    let (Some(max), Some(level), Some(direction), false) =
        (max, level, direction, form.has_errors())
    else {
        return Submit::Invalid;
    };

    Submit::Changes(vec![Step {
        target: StepTarget::New,
        change: Change::PreAuthorised {
            terms: PreAuthorisationTerms {
                entity,
                direction,
                products,
                max_classification: max,
                marking: Marking::un(level),
                scope,
            },
        },
    }])
}

/// The periodic review: the checklist, what was found, and the scope from now on.
pub fn review(target: Option<RecordId>, cx: FormContext) -> Form {
    let (scope, max) = match &cx.record {
        Some(Record::PreAuthorisation(p)) => (p.terms.scope.clone(), p.terms.max_classification),
        _ => (None, Classification::Confidential),
    };
    let mut form = pre_note(Form::new(
        FormKind::RenewPreAuthorisation,
        target,
        "Review and renew the pre-authorised entry",
        "G 8.1.8, G 9.10",
        cx,
    ));
    if scope.is_none() {
        form = form.note(
            "This entry was recorded before entries named their scope: it covers no product until this review states the series and nature.",
        );
    }
    form = form.field(Field::heading("The reviewer confirms that"));
    for (key, check) in CHECK_KEYS.iter().zip(CHECKS) {
        form = form.field(Field::toggle(*key, check, false));
    }
    form = form.field(Field::text(FINDING, "What the review found", ""));
    scope_fields(form, scope.as_ref())
        .field(Field::choice(
            MAX,
            "Highest classification covered",
            Choice::classification(max),
        ))
        .submit_button("Renew")
}

pub fn submit_review(form: &mut Form) -> Submit {
    let confirmed: Vec<bool> = CHECK_KEYS.iter().map(|k| form.toggle(*k)).collect();
    for (key, ok) in CHECK_KEYS.iter().zip(&confirmed) {
        if !ok {
            form.refuse(*key, "confirm it (y), or revoke the entry instead");
        }
    }
    let finding = form.required(FINDING, "what the review found");
    let scope = scope_of(form);
    let max = form.chosen(MAX);
    let (Some(scope), Some(max), false) = (scope, max, form.has_errors()) else {
        return Submit::Invalid;
    };
    let review = PreAuthorisationReview {
        products_within_scope: confirmed[0],
        still_regular: confirmed[1],
        no_unrecorded_concern: confirmed[2],
        assessment_read: confirmed[3],
        finding,
        scope,
        max_classification: max,
    };
    one(form, Change::PreAuthorisationReviewed { review })
}
