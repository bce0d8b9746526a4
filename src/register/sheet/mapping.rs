//! Which column holds what: found from the header row (which need not be the first), guessed
//! from the header names, shown to the person, and kept as a small TOML file so the next
//! sheet of the same shape comes in without questions.

use super::read::Table;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a register column can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// When it was shared or received.
    Date,
    /// The time of day, when kept apart from the date.
    Time,
    /// Shared (out) or received (in).
    Direction,
    /// With or from whom.
    Entity,
    Title,
    Reference,
    Marking,
    /// How (written, electronic, verbal/informal).
    Channel,
    /// Reliability and credibility (B2).
    Grade,
    /// The action taken.
    Action,
    /// Who shared or received it.
    By,
    /// Strategic or operational/tactical (G C).
    Nature,
    /// The kind of entity (G 2): security force, civilian authority, other civilian, UN.
    Kind,
}

impl Field {
    pub const ALL: [Field; 13] = [
        Field::Date,
        Field::Time,
        Field::Direction,
        Field::Entity,
        Field::Title,
        Field::Reference,
        Field::Marking,
        Field::Channel,
        Field::Grade,
        Field::Action,
        Field::By,
        Field::Nature,
        Field::Kind,
    ];

    /// Fields without which no line can be registered.
    pub const REQUIRED: [Field; 6] = [
        Field::Date,
        Field::Direction,
        Field::Entity,
        Field::Title,
        Field::Reference,
        Field::Marking,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Field::Date => "date",
            Field::Time => "time",
            Field::Direction => "direction",
            Field::Entity => "entity",
            Field::Title => "title",
            Field::Reference => "reference",
            Field::Marking => "marking",
            Field::Channel => "channel",
            Field::Grade => "grade",
            Field::Action => "action",
            Field::By => "by",
            Field::Nature => "nature",
            Field::Kind => "kind",
        }
    }

    /// Words a header uses for this field (lower case, compared on letters only).
    fn names(self) -> &'static [&'static str] {
        match self {
            Field::Date => &[
                "date",
                "datereceived",
                "dateshared",
                "when",
                "datetime",
                "day",
                "dtg",
            ],
            Field::Time => &["time", "timeutc", "hour", "timeofday"],
            Field::Direction => &[
                "direction",
                "inout",
                "type",
                "sharedreceived",
                "inorout",
                "way",
                "flow",
            ],
            Field::Entity => &[
                "entity",
                "withfrom",
                "withfromwhom",
                "partner",
                "recipientsource",
                "counterpart",
                "organisation",
                "organization",
                "to",
                "from",
                "sourcerecipient",
                "withwhom",
                "agency",
            ],
            Field::Title => &[
                "title",
                "subject",
                "product",
                "description",
                "topic",
                "producttitle",
            ],
            Field::Reference => &[
                "reference",
                "ref",
                "refno",
                "referencenumber",
                "serial",
                "number",
                "no",
                "id",
            ],
            Field::Marking => &[
                "marking",
                "classification",
                "class",
                "securitymarking",
                "level",
                "sensitivity",
                "classif",
            ],
            Field::Channel => &["channel", "how", "means", "method", "medium", "mode"],
            Field::Grade => &[
                "grade",
                "grading",
                "reliabilitycredibility",
                "evaluation",
                "rating",
                "sourcegrade",
            ],
            Field::Action => &[
                "action",
                "actiontaken",
                "outcome",
                "result",
                "decision",
                "followup",
                "remarks",
            ],
            Field::By => &[
                "by",
                "officer",
                "sharedby",
                "receivedby",
                "who",
                "staff",
                "registeredby",
                "name",
            ],
            Field::Nature => &[
                "nature",
                "strategicoperational",
                "strategictactical",
                "productnature",
            ],
            Field::Kind => &[
                "entitytype",
                "kind",
                "entitykind",
                "category",
                "typeofentity",
            ],
        }
    }
}

fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The field a header names, if any.
pub fn field_of(header: &str) -> Option<Field> {
    let h = squash(header);
    if h.is_empty() {
        return None;
    }
    // Exact names first, then a header that starts with one (longer names first).
    Field::ALL
        .into_iter()
        .find(|f| f.names().contains(&h.as_str()))
        .or_else(|| {
            let mut best: Option<(usize, Field)> = None;
            for f in Field::ALL {
                for n in f.names() {
                    if n.len() >= 4 && h.starts_with(n) && best.is_none_or(|(l, _)| n.len() > l) {
                        best = Some((n.len(), f));
                    }
                }
            }
            best.map(|(_, f)| f)
        })
}

/// The saved mapping: which sheet, which row holds the headers, and for each field the
/// header of its column.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The header row as the person sees it (1-based).
    pub header_row: usize,
    /// field key → header text.
    pub columns: BTreeMap<Field, String>,
    /// The nature of every line, when the sheet has no column for it (stated, never guessed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nature: Option<crate::domain::nature::Nature>,
    /// The kind of each entity the import would register (by its name in the sheet), when
    /// the sheet has no column for it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub entity_kinds: BTreeMap<String, crate::domain::entity::EntityKind>,
}

impl Mapping {
    pub fn to_toml(&self) -> String {
        let mut text = String::from(
            "# registrar import-sheet: which column holds what. Edit a header to change the\n\
             # column a field is read from; remove a line to leave the field out.\n\
             # Fields: date time direction entity title reference marking channel grade action by\n\
             # nature kind. Without a nature column: nature = \"strategic\" or \"operational_tactical\".\n\
             # Entities to register: under [entity_kinds], \"Name\" = \"non_un_security_force\",\n\
             # \"civilian_authority_over_security_forces\", \"other_non_un_civilian\" or \"non_mission_un\".\n",
        );
        text.push_str(&toml::to_string(self).unwrap_or_default());
        text
    }

    pub fn from_toml(text: &str) -> Result<Mapping, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// The column index of each mapped field in `headers` (the header row's cells).
    pub fn resolve(&self, headers: &[String]) -> Result<BTreeMap<Field, usize>, String> {
        let mut out = BTreeMap::new();
        for (field, header) in &self.columns {
            let want = squash(header);
            let i = headers
                .iter()
                .position(|h| squash(h) == want)
                .ok_or_else(|| {
                    format!(
                        "the mapping reads {} from a column {header:?} the header row (row {}) does not have",
                        field.key(),
                        self.header_row
                    )
                })?;
            out.insert(*field, i);
        }
        Ok(out)
    }
}

/// The row that looks most like a header (most cells naming a field, at least three) among
/// the first 30, and the mapping its names suggest. `None`: this is not a register.
pub fn guess(table: &Table) -> Option<Mapping> {
    let mut best: Option<(usize, usize, BTreeMap<Field, String>)> = None;
    for (number, cells) in table.rows.iter().take(30) {
        let mut columns = BTreeMap::new();
        for cell in cells {
            let text = cell.text();
            if let Some(f) = field_of(&text) {
                columns.entry(f).or_insert(text);
            }
        }
        let n = columns.len();
        if n >= 3 && best.as_ref().is_none_or(|(m, _, _)| n > *m) {
            best = Some((n, *number, columns));
        }
    }
    best.map(|(_, header_row, columns)| Mapping {
        sheet: Some(table.sheet.clone()),
        header_row,
        columns,
        ..Mapping::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_people_use() {
        assert_eq!(field_of("Date received"), Some(Field::Date));
        assert_eq!(field_of("With / from whom"), Some(Field::Entity));
        assert_eq!(field_of("Classification"), Some(Field::Marking));
        assert_eq!(field_of("Ref. No."), Some(Field::Reference));
        assert_eq!(field_of("Action taken"), Some(Field::Action));
        assert_eq!(field_of("In/Out"), Some(Field::Direction));
        assert_eq!(field_of("Source grade"), Some(Field::Grade));
        assert_eq!(field_of("Lunch"), None);
    }

    #[test]
    fn a_mapping_round_trips_through_toml() {
        let mut columns = BTreeMap::new();
        columns.insert(Field::Date, "Date".to_string());
        columns.insert(Field::Entity, "With / from".to_string());
        let m = Mapping {
            sheet: Some("2025".into()),
            header_row: 4,
            columns,
            nature: Some(crate::domain::nature::Nature::Strategic),
            entity_kinds: [(
                "Ministry of Interior".to_string(),
                crate::domain::entity::EntityKind::OtherNonUnCivilian,
            )]
            .into(),
        };
        assert_eq!(Mapping::from_toml(&m.to_toml()), Ok(m));
    }
}
