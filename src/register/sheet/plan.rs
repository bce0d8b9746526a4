//! The dry run of a sheet import: every line read with the mapping, what would be created
//! (shares, receipts, entities new and matched, near-name matches shown), every row that
//! cannot come in with its row number, column and reason, and the lines already imported.
//! Pure: the registered entities and what was imported before come in as arguments.

use super::mapping::{Field, Mapping};
use super::parse::{self, Way};
use super::read::{Cell, Table};
use crate::domain::entity::{Entity, EntityKind};
use crate::domain::grades::{Credibility, Reliability};
use crate::domain::ids::{RecordId, Time};
use crate::domain::marking::Classification;
use crate::domain::nature::Nature;
use crate::domain::share::Channel;
use std::collections::BTreeMap;

/// Where a line came from: file name, sheet, row. Importing the same line again finds it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Source {
    pub file: String,
    pub sheet: String,
    pub row: usize,
}

impl Source {
    /// Why the record is registered after the fact, naming where it came from: the first
    /// line of the record's note, by which a second import of the sheet finds it.
    pub fn note(&self) -> String {
        format!(
            "registered from an earlier register: {}, sheet {:?}, row {}",
            self.file, self.sheet, self.row
        )
    }
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}, sheet {:?}, row {}", self.file, self.sheet, self.row)
    }
}

/// Who the line was with: an entity already registered (by the same name, or a near one),
/// or one the import would register (`key` groups the sheet's spellings of it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntityRef {
    Registered { id: RecordId, name: String },
    New { key: String, name: String },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub source: Source,
    pub way: Way,
    pub at: Time,
    pub entity: EntityRef,
    pub title: String,
    pub reference: String,
    pub marking: Classification,
    pub nature: Nature,
    pub channel: Channel,
    pub reliability: Option<Reliability>,
    pub credibility: Option<Credibility>,
    pub action: String,
    pub by: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadRow {
    pub row: usize,
    pub column: String,
    pub reason: String,
}

impl std::fmt::Display for BadRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "row {}, column {:?}: {}",
            self.row, self.column, self.reason
        )
    }
}

/// How an entity name of the sheet was understood.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityPlan {
    /// The spellings the sheet uses for it.
    pub spellings: Vec<String>,
    pub outcome: EntityOutcome,
    pub lines: usize,
    /// For a new entity: its kind, from the sheet's column or the mapping.
    pub kind: Option<EntityKind>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntityOutcome {
    /// The same name as a registered entity (case, accents, punctuation, word order aside).
    Matched { id: RecordId, name: String },
    /// Close to a registered entity's name (one letter apart): taken as that entity.
    NearMatch { id: RecordId, name: String },
    /// Not registered: the import registers it.
    New,
}

#[derive(Clone, Debug, Default)]
pub struct Plan {
    pub mapping: Mapping,
    pub lines: Vec<Line>,
    pub already_imported: usize,
    pub bad: Vec<BadRow>,
    /// Blank rows, headings and repeated header rows passed over.
    pub skipped: usize,
    pub entities: Vec<EntityPlan>,
}

impl Plan {
    pub fn shares(&self) -> usize {
        self.lines.iter().filter(|l| l.way == Way::Shared).count()
    }
    pub fn receipts(&self) -> usize {
        self.lines.iter().filter(|l| l.way == Way::Received).count()
    }
    pub fn new_entities(&self) -> usize {
        self.entities
            .iter()
            .filter(|e| e.outcome == EntityOutcome::New)
            .count()
    }

    /// New entities whose kind neither the sheet nor the mapping states.
    pub fn kinds_missing(&self) -> Vec<&EntityPlan> {
        self.entities
            .iter()
            .filter(|e| e.outcome == EntityOutcome::New && e.kind.is_none())
            .collect()
    }

    /// Whether the import may go ahead: no bad row, every new entity's kind known.
    pub fn ready(&self) -> bool {
        self.bad.is_empty() && self.kinds_missing().is_empty()
    }
}

/// A name reduced to what identifies it, and one letter apart: the same reading as the
/// console's and the command line's near-duplicate warning (`domain::entity_match`). A name
/// that drops a word is not taken as the same entity here (it would be matched unasked).
pub use crate::domain::entity_match::name_key;
use crate::domain::entity_match::one_edit_apart as near;

/// Reads every line of `table` with `mapping`. `imported` says whether a line from that
/// source is already in the registry.
pub fn plan(
    table: &Table,
    mapping: &Mapping,
    file: &str,
    registered: &[Entity],
    imported: &dyn Fn(&Source) -> bool,
) -> Result<Plan, String> {
    let missing: Vec<&str> = Field::REQUIRED
        .iter()
        .chain([Field::Channel].iter())
        .filter(|f| !mapping.columns.contains_key(f))
        .map(|f| f.key())
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "the mapping has no column for: {} (name it in the mapping file)",
            missing.join(", ")
        ));
    }
    if mapping.nature.is_none() && !mapping.columns.contains_key(&Field::Nature) {
        return Err(
            "the sheet has no column for the nature of the products: say it for the whole sheet \
             (--nature strategic|operational_tactical, or nature = ... in the mapping)"
                .into(),
        );
    }
    let header = table
        .rows
        .iter()
        .find(|(n, _)| *n == mapping.header_row)
        .ok_or_else(|| format!("the sheet has no row {}", mapping.header_row))?;
    let headers: Vec<String> = header.1.iter().map(Cell::text).collect();
    let columns = mapping.resolve(&headers)?;
    let registered_keys: Vec<(String, &Entity)> = registered
        .iter()
        .map(|e| (name_key(&e.details.name), e))
        .collect();
    let mut out = Plan {
        mapping: mapping.clone(),
        ..Plan::default()
    };
    let mut entities: BTreeMap<String, EntityPlan> = BTreeMap::new();
    let empty = Cell::Empty;
    for (row, cells) in table.rows.iter().filter(|(n, _)| *n > mapping.header_row) {
        let filled = cells.iter().filter(|c| !c.is_empty()).count();
        let texts: Vec<String> = cells.iter().map(Cell::text).collect();
        // Blank rows, a heading or marking in one (merged) cell, the header repeated on
        // each printed page.
        if filled <= 1 || texts == headers {
            out.skipped += 1;
            continue;
        }
        let get = |f: Field| {
            columns
                .get(&f)
                .and_then(|i| cells.get(*i))
                .unwrap_or(&empty)
        };
        let column = |f: Field| {
            columns
                .get(&f)
                .and_then(|i| headers.get(*i))
                .cloned()
                .unwrap_or_else(|| f.key().to_string())
        };
        let mut bad = Vec::new();
        let mut check = |f: Field, r: Result<(), String>| {
            if let Err(reason) = r {
                bad.push(BadRow {
                    row: *row,
                    column: column(f),
                    reason,
                });
            }
        };
        let mut at = parse::date(get(Field::Date)).map_err(Some);
        if let (Ok(t), true) = (&at, columns.contains_key(&Field::Time)) {
            let cell = get(Field::Time);
            if !cell.is_empty() {
                match parse::time_of_day(cell) {
                    Ok(time) => at = Ok(t.date_naive().and_time(time).and_utc()),
                    Err(e) => {
                        check(Field::Time, Err(e));
                        at = Err(None);
                    }
                }
            }
        }
        if let Err(Some(e)) = &at {
            check(Field::Date, Err(e.clone()));
        }
        let way = parse::way(get(Field::Direction));
        check(
            Field::Direction,
            way.as_ref().map(|_| ()).map_err(|e| e.clone()),
        );
        let marking = parse::marking(get(Field::Marking));
        check(
            Field::Marking,
            marking.as_ref().map(|_| ()).map_err(|e| e.clone()),
        );
        let channel = parse::channel(get(Field::Channel));
        check(
            Field::Channel,
            channel.as_ref().map(|_| ()).map_err(|e| e.clone()),
        );
        let grade = parse::grade(get(Field::Grade));
        check(
            Field::Grade,
            grade.as_ref().map(|_| ()).map_err(|e| e.clone()),
        );
        let nature = match mapping.nature {
            Some(n) if get(Field::Nature).is_empty() => Ok(n),
            _ => parse::nature(get(Field::Nature)),
        };
        check(
            Field::Nature,
            nature.as_ref().map(|_| ()).map_err(|e| e.clone()),
        );
        let kind = if get(Field::Kind).is_empty() {
            Ok(None)
        } else {
            parse::entity_kind(get(Field::Kind)).map(Some)
        };
        check(
            Field::Kind,
            kind.as_ref().map(|_| ()).map_err(|e| e.clone()),
        );
        let title = get(Field::Title).text();
        if title.is_empty() {
            check(Field::Title, Err("no title".into()));
        }
        if get(Field::Reference).is_empty() {
            check(Field::Reference, Err("no reference".into()));
        }
        let entity_name = get(Field::Entity).text();
        if entity_name.is_empty() {
            check(Field::Entity, Err("no entity (with or from whom)".into()));
        }
        if let Ok(Way::Shared) = way
            && grade.as_ref().is_ok_and(|(_, c)| c.is_some())
        {
            check(
                Field::Grade,
                Err("a credibility grade belongs to a received product, not a share".into()),
            );
        }
        if !bad.is_empty() {
            out.bad.extend(bad);
            continue;
        }
        let source = Source {
            file: file.to_string(),
            sheet: table.sheet.clone(),
            row: *row,
        };
        if imported(&source) {
            out.already_imported += 1;
            continue;
        }
        let key = name_key(&entity_name);
        let plan = entities.entry(key.clone()).or_insert_with(|| EntityPlan {
            spellings: Vec::new(),
            outcome: match registered_keys.iter().find(|(k, _)| *k == key) {
                Some((_, e)) => EntityOutcome::Matched {
                    id: e.id.clone(),
                    name: e.details.name.clone(),
                },
                None => match registered_keys.iter().find(|(k, _)| near(k, &key)) {
                    Some((_, e)) => EntityOutcome::NearMatch {
                        id: e.id.clone(),
                        name: e.details.name.clone(),
                    },
                    None => EntityOutcome::New,
                },
            },
            lines: 0,
            kind: None,
        });
        plan.lines += 1;
        if !plan.spellings.contains(&entity_name) {
            plan.spellings.push(entity_name.clone());
        }
        if plan.kind.is_none() {
            plan.kind = kind
                .unwrap_or_default()
                .or_else(|| mapping.entity_kinds.get(&entity_name).copied());
        }
        let entity = match &plan.outcome {
            EntityOutcome::Matched { id, name } | EntityOutcome::NearMatch { id, name } => {
                EntityRef::Registered {
                    id: id.clone(),
                    name: name.clone(),
                }
            }
            EntityOutcome::New => EntityRef::New {
                key,
                name: plan.spellings[0].clone(),
            },
        };
        let (reliability, credibility) = grade.unwrap_or_default();
        out.lines.push(Line {
            source,
            way: way.unwrap_or(Way::Received),
            at: at.unwrap_or_default(),
            entity,
            title,
            reference: get(Field::Reference).text(),
            marking: marking.unwrap_or(Classification::StrictlyConfidential),
            nature: nature.unwrap_or(Nature::Strategic),
            channel: channel.unwrap_or(Channel::Written),
            reliability,
            credibility,
            action: get(Field::Action).text(),
            by: get(Field::By).text(),
        });
    }
    out.entities = entities.into_values().collect();
    Ok(out)
}
