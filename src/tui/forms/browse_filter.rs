//! The browser's filters as a form: shares or receipts, the entity, marking, nature, state,
//! the days and the words, each read back as its type.

use super::field::{Choice, ChoiceValue, Field, Key, Text, among};
use super::receipt::entity_choice;
use super::record_choice::{Entity, IdOf};
use super::{Form, FormContext, FormKind, Submit, parse_time};
use crate::domain::marking::Classification;
use crate::domain::nature::Nature;
use crate::tui::app::{BrowseFilter, BrowseKind};

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
