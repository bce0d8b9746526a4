//! `registrar show ID`, `history ID`, `list [filters]`, `search QUERY`: one record as the
//! console's record view shows it, its timeline, the register filtered, and a search over the
//! shares, receipts and entities — each only as far as the reader may see (need to know,
//! P 11.3.3: a record above the reader's clearance is not found; within it, without need to
//! know, only that it exists and its marking).

use super::CliError;
use super::auth::Credentials;
use super::reports::FilterArgs;
use crate::domain::access::Actor;
use crate::domain::ids::RecordId;
use crate::domain::marking::Classification;
use crate::domain::record::Record;
use crate::register::filter::{Visibility, visibility};
use crate::register::labels::{change_json, record_json};
use crate::register::row::{COLUMNS, RegisterRow};
use crate::register::write::entity_names;
use crate::store::browse::EventSummary;
use crate::store::detail::{RecordDetail, record_detail};
use crate::store::search_query::SearchQuery;
use crate::store::{Clock, Store};
use clap::Args;
use serde_json::{Value, json};
use std::path::Path;
use std::sync::Arc;

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The record's id (e.g. RCP-HQ-0007)
    pub id: String,
    /// One JSON object
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Only records marked at this level
    #[arg(long, value_enum)]
    pub marking: Option<super::Level>,
    /// At most this many, the newest
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// One JSON array, one object per record
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to find in the title, reference, summary, entity name or id; every word must
    /// match, a word matches the start of a word (`unic` finds "UNICEF")
    #[arg(required = true, num_args = 1..)]
    pub query: Vec<String>,
    /// At most this many, the newest first
    #[arg(long, value_name = "N", default_value_t = 40)]
    pub limit: usize,
    /// One JSON array, one object per record
    #[arg(long)]
    pub json: bool,
}

/// A record the reader is not cleared for is not there, as far as they are concerned.
fn detail_for(store: &Store, me: &Actor, id: &str) -> Result<RecordDetail, CliError> {
    let id = RecordId::from(id.trim());
    let not_found = || CliError::Failure(format!("no record {id} in this registry"));
    let detail = record_detail(store, me, &id, store.now()).map_err(|e| {
        if e.starts_with("no record") {
            not_found()
        } else {
            CliError::Failure(e)
        }
    })?;
    if visibility(me, &detail.record) == Visibility::Absent {
        return Err(not_found());
    }
    Ok(detail)
}

fn open_as(
    path: &Path,
    creds: &Credentials,
    clock: Arc<dyn Clock>,
) -> Result<(Store, Actor), CliError> {
    let session = super::steps::Session::open(path, creds, clock, false)?;
    Ok((session.store, session.me))
}

/// `show` (the whole record) or `history` (its timeline).
pub fn show(
    path: &Path,
    args: ShowArgs,
    whole: bool,
    creds: &Credentials,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let (store, me) = open_as(path, creds, clock)?;
    let detail = detail_for(&store, &me, &args.id)?;
    let value = if whole {
        show_json(&detail)
    } else {
        Value::Array(timeline(&detail))
    };
    match (args.json, &value) {
        (true, _) => super::print_json(&value)?,
        (false, Value::Array(events)) => {
            out!("{}", timeline_text(&detail.record.id(), events))
        }
        (false, _) => out!("{}", show_text(&value)),
    }
    Ok(())
}

/// The whole record as the record view shows it: content only with need to know.
fn show_json(detail: &RecordDetail) -> Value {
    let record = &detail.record;
    json!({
        "id": record.id().to_string(),
        "kind": record.kind().key(),
        "classification": record.marking().level.key(),
        "content_visible": detail.can_see,
        "content": if detail.can_see { record_json(record) } else { Value::Null },
        "waiting_on": detail.next.as_ref().map(|n| n.waiting_on.clone()),
        "who_acts": detail.next.as_ref().map(|n| n.who_acts.key()),
        "falls_due": detail.later.as_ref().map(|(at, then)| json!({
            "at": at.to_rfc3339(),
            "what": then.waiting_on,
            "who_acts": then.who_acts.key(),
        })),
        "ended": detail.ended.as_ref().map(|(at, why)| json!({
            "at": at.to_rfc3339(),
            "why": why,
        })),
        "history": timeline(detail),
    })
}

fn timeline(detail: &RecordDetail) -> Vec<Value> {
    detail
        .events
        .iter()
        .map(|e| event_json(e, detail.can_see))
        .collect()
}

fn event_json(event: &EventSummary, visible: bool) -> Value {
    json!({
        "at": event.at.to_rfc3339(),
        "actor": event.actor,
        "station": event.station,
        "seq": event.seq,
        "what": if visible { event.change.describe() } else { "content withheld (need to know)" },
        "change": if visible { change_json(&event.change) } else { Value::Null },
    })
}

/// `key: value` lines of the record, nested keys joined with dots, then what it waits on and
/// its timeline.
fn show_text(value: &Value) -> String {
    let mut out = format!(
        "{}  {}  {}\n",
        value["id"].as_str().unwrap_or_default(),
        value["kind"].as_str().unwrap_or_default(),
        value["classification"]
            .as_str()
            .unwrap_or_default()
            .to_uppercase(),
    );
    match &value["content"] {
        Value::Null => out.push_str("content withheld (need to know)\n"),
        content => {
            // The record is tagged by its kind ({"receipt": {…}}): its fields are what shows.
            let inner = match content {
                Value::Object(map) if map.len() == 1 => map.values().next().unwrap_or(content),
                other => other,
            };
            let mut lines = Vec::new();
            flatten("", inner, &mut lines);
            let width = lines.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
            for (k, v) in lines {
                out.push_str(&format!("  {k:<width$}  {v}\n"));
            }
        }
    }
    if let (Some(w), Some(who)) = (value["waiting_on"].as_str(), value["who_acts"].as_str()) {
        out.push_str(&format!("waits on: {w}  [acts: {who}]\n"));
    }
    let due = &value["falls_due"];
    if let (Some(at), Some(what), Some(who)) = (
        due["at"].as_str(),
        due["what"].as_str(),
        due["who_acts"].as_str(),
    ) {
        out.push_str(&format!(
            "waits on nothing now; falls due {}: {what}  [acts then: {who}]\n",
            at.get(..10).unwrap_or(at)
        ));
    }
    out.push_str("history:\n");
    for e in value["history"].as_array().into_iter().flatten() {
        out.push_str(&event_line(e));
    }
    out
}

fn flatten(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
    let key = |k: &str| {
        if prefix.is_empty() {
            k.to_string()
        } else {
            format!("{prefix}.{k}")
        }
    };
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                flatten(&key(k), v, out);
            }
        }
        Value::Array(items) if items.is_empty() => out.push((prefix.to_string(), "—".into())),
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                flatten(&key(&(i + 1).to_string()), v, out);
            }
        }
        Value::Null => out.push((prefix.to_string(), "—".into())),
        Value::String(s) => out.push((prefix.to_string(), s.clone())),
        other => out.push((prefix.to_string(), other.to_string())),
    }
}

fn event_line(e: &Value) -> String {
    format!(
        "  {}  {:<12} {}\n",
        e["at"].as_str().unwrap_or_default(),
        e["actor"].as_str().unwrap_or_default(),
        e["what"].as_str().unwrap_or_default(),
    )
}

fn timeline_text(id: &RecordId, events: &[Value]) -> String {
    let mut out = format!("{id}: {} events\n", events.len());
    for e in events {
        out.push_str(&event_line(e));
    }
    out
}

pub fn list(
    path: &Path,
    args: ListArgs,
    creds: &Credentials,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let (store, me) = open_as(path, creds, clock)?;
    let filter = args.filter.resolve(&store, &me)?;
    let marking = args.marking.map(Classification::from);
    let names = entity_names(&store, &me)?;
    let name = |id: &RecordId| names.get(id).cloned().unwrap_or_else(|| id.to_string());
    let (lo, hi) = filter.seconds();
    let mut rows = Vec::new();
    store.visit_register(lo, hi, &mut |record| {
        if filter.keeps(&record) && marking.is_none_or(|m| record.marking().level == m) {
            rows.extend(RegisterRow::of(&record, visibility(&me, &record), &name));
        }
        Ok(())
    })?;
    if let Some(n) = args.limit {
        rows.drain(..rows.len().saturating_sub(n));
    }
    print_rows(&rows, args.json)
}

fn print_rows(rows: &[RegisterRow], json: bool) -> Result<(), CliError> {
    if json {
        let items: Vec<Value> = rows.iter().map(row_json).collect();
        return super::print_json(&items);
    }
    print_row_lines(rows);
    outln!(
        "{}",
        crate::tui::text::counted(rows.len() as u64, "record", "records")
    );
    Ok(())
}

/// Each row as its two lines (the record, then with or from whom).
fn print_row_lines(rows: &[RegisterRow]) {
    for row in rows {
        out!(
            "{:<16} {} {:<8} {:<21} {:<14} {}\n",
            row.id,
            row.at.format("%Y-%m-%d %H:%M"),
            row.direction,
            row.marking,
            row.state,
            row.title
        );
        if !row.entity.is_empty() {
            out!("{:<16} {}: {}\n", "", row.direction_word(), row.entity);
        }
    }
}

/// The register's columns as JSON keys.
fn row_json(row: &RegisterRow) -> Value {
    let cells = row.cells();
    let mut map = serde_json::Map::new();
    for (column, cell) in COLUMNS.iter().zip(cells) {
        map.insert(column_key(column), Value::String(cell));
    }
    map.insert("at".into(), Value::String(row.at.to_rfc3339()));
    Value::Object(map)
}

/// "Time (UTC)" → "time_utc", "With / from" → "with_from".
fn column_key(column: &str) -> String {
    column
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join("_")
}

pub fn search(
    path: &Path,
    args: SearchArgs,
    creds: &Credentials,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let (store, me) = open_as(path, creds, clock)?;
    let query = SearchQuery::new(&args.query.join(" "));
    if query.is_empty() {
        return Err(CliError::Usage("search: give at least one word".into()));
    }
    let names = entity_names(&store, &me)?;
    let name = |id: &RecordId| names.get(id).cloned().unwrap_or_else(|| id.to_string());
    // Only what the reader may read can match: a withheld title never gives itself away.
    let readable = |record: &Record| visibility(&me, record) == Visibility::Full;
    let mut entities: Vec<(String, String)> = store
        .search_entities(&query, &readable)?
        .into_iter()
        .map(|e| (e.id.to_string(), e.details.name))
        .collect();
    let (records, _) = store.search_page(&query, None, args.limit, &readable)?;
    let mut rows: Vec<RegisterRow> = records
        .iter()
        .filter_map(|r| RegisterRow::of(r, Visibility::Full, &name))
        .collect();
    let shown_records = rows.len();
    // Counted from the index and the reader summaries beside it, without reading each match.
    let all_records = if shown_records < args.limit {
        shown_records as u64
    } else {
        store.search_count_readable(&query, &me)?
    };
    let total = all_records as usize + entities.len();
    rows.truncate(args.limit);
    entities.truncate(args.limit);
    if args.json {
        let mut items: Vec<Value> = entities
            .iter()
            .map(|(id, name)| json!({"record": id, "kind": "entity", "name": name}))
            .collect();
        items.extend(rows.iter().map(row_json));
        return super::print_json(&items);
    }
    for (id, name) in &entities {
        outln!("{id:<16} entity  {name}");
    }
    print_row_lines(&rows);
    // What was shown, entities and records both (an entity alone is not "0 records").
    outln!(
        "{}, {}",
        crate::tui::text::counted(entities.len() as u64, "entity", "entities"),
        crate::tui::text::counted(rows.len() as u64, "record", "records")
    );
    if total > rows.len() + entities.len() {
        outln!("{total} match in all; --limit shows more");
    }
    Ok(())
}

impl RegisterRow {
    fn direction_word(&self) -> &'static str {
        if self.direction == "shared" {
            "with"
        } else {
            "from"
        }
    }
}
