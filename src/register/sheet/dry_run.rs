//! What `registrar import-sheet` and the console share: who may bring a sheet in, the mapping
//! (saved, else guessed from the header row), the plan against the registry (what was
//! imported before is known by its source note), and the dry run in the words both show.

use super::mapping::{Field, Mapping, guess};
use super::plan::{EntityOutcome, Plan, plan};
use super::read::{Table, read_table};
use crate::domain::access::Actor;
use crate::domain::nature::Nature;
use crate::domain::role::Role;
use crate::register::write::Progress;
use crate::store::{Store, StoreError};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Only the IM FP, who keeps the register, brings a sheet in.
pub fn may_import(actor: &Actor) -> Result<(), String> {
    if actor.has(Role::Imfp) {
        Ok(())
    } else {
        Err(
            "only the IM FP, who keeps the register (G C \"Registers\" c), may bring in a sheet"
                .into(),
        )
    }
}

/// The lines already imported, by the first line of the records' after-the-fact notes.
pub fn imported_notes(store: &Store) -> Result<HashSet<String>, StoreError> {
    imported_notes_counted(store, &crate::register::write::Quiet)
}

/// The same, counted for a gauge; a stop asked for ends the visit (an error).
fn imported_notes_counted(
    store: &Store,
    progress: &dyn Progress,
) -> Result<HashSet<String>, StoreError> {
    progress.start(
        "looking for lines imported before",
        store.register_len(i64::MIN, i64::MAX)?,
    );
    let mut out = HashSet::new();
    store.visit_register(i64::MIN, i64::MAX, &mut |record| {
        if progress.stop_asked() {
            return Err(StoreError::Io {
                path: PathBuf::from("sheet import"),
                message: STOPPED.into(),
            });
        }
        progress.advance(1);
        if let Some(note) = super::commit::note_of(&record) {
            out.insert(note.to_string());
        }
        Ok(())
    })?;
    Ok(out)
}

/// What a dry run stopped as asked says.
pub const STOPPED: &str = "stopped as asked: nothing was written";

/// A mapping saved as TOML.
pub fn read_mapping(file: &Path) -> Result<Mapping, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    Mapping::from_toml(&text).map_err(|e| format!("{}: {e}", file.display()))
}

/// Where the console looks for a saved mapping of a sheet: beside it, `<sheet>.mapping.toml`
/// (what `registrar import-sheet FILE --mapping FILE.mapping.toml` saves).
pub fn mapping_beside(sheet: &Path) -> PathBuf {
    let mut name = sheet.as_os_str().to_owned();
    name.push(".mapping.toml");
    PathBuf::from(name)
}

/// The saved mapping, else the one guessed from the header row; a sheet without a header
/// naming at least three of the fields is not a register. `nature` applies to every line.
pub fn mapping_for(
    file: &Path,
    table: &Table,
    saved: Option<Mapping>,
    nature: Option<Nature>,
) -> Result<Mapping, String> {
    let mut mapping = match saved {
        Some(m) => m,
        None => guess(table).ok_or_else(|| {
            format!(
                "{}, sheet {:?}: not a register — no row among the first 30 names at least three of: {}",
                file.display(),
                table.sheet,
                Field::ALL.map(Field::key).join(", ")
            )
        })?,
    };
    if let Some(n) = nature {
        mapping.nature = Some(n);
    }
    Ok(mapping)
}

/// The file's name as the records' source notes carry it.
pub fn file_name(file: &Path) -> String {
    file.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The plan of `table` against the registry as it is: entities matched, lines imported before.
pub fn plan_against(
    store: &Store,
    file: &Path,
    table: &Table,
    mapping: &Mapping,
    progress: &dyn Progress,
) -> Result<Plan, String> {
    let entities = store.entities().map_err(|e| e.to_string())?;
    let done = imported_notes_counted(store, progress).map_err(|e| {
        if progress.stop_asked() {
            STOPPED.to_string()
        } else {
            e.to_string()
        }
    })?;
    progress.start("planning the rows", 0);
    plan(table, mapping, &file_name(file), &entities, &|s| {
        done.contains(&s.note())
    })
    .map_err(|e| format!("{}: {e}", file.display()))
}

/// A dry run: the sheet read, the mapping (and where it came from), the plan.
pub struct DryRun {
    pub file: PathBuf,
    pub sheet: String,
    /// The saved mapping used, or None: guessed from the header row.
    pub mapping_from: Option<PathBuf>,
    pub plan: Plan,
}

/// Reads the sheet and plans it, with the mapping saved beside it if there is one (the
/// console's dry run).
pub fn dry_run(store: &Store, file: &Path, progress: &dyn Progress) -> Result<DryRun, String> {
    let beside = mapping_beside(file);
    let saved = if beside.is_file() {
        Some(read_mapping(&beside)?)
    } else {
        None
    };
    let sheet = saved.as_ref().and_then(|m| m.sheet.clone());
    progress.start("reading the sheet", 0);
    let table = read_table(file, sheet.as_deref()).map_err(|e| e.to_string())?;
    if progress.stop_asked() {
        return Err(STOPPED.into());
    }
    let mapping_from = saved.is_some().then_some(beside);
    let mapping = mapping_for(file, &table, saved, None)?;
    let plan = plan_against(store, file, &table, &mapping, progress)?;
    progress.finish();
    Ok(DryRun {
        file: file.to_path_buf(),
        sheet: table.sheet,
        mapping_from,
        plan,
    })
}

/// Which column is read as which field.
pub fn mapping_lines(mapping: &Mapping, sheet: &str) -> Vec<String> {
    let mut v = vec![format!(
        "sheet {sheet:?}, header row {}:",
        mapping.header_row
    )];
    for f in Field::ALL {
        v.push(match mapping.columns.get(&f) {
            Some(h) => format!("  {:<10} ← {h:?}", f.key()),
            None if f == Field::Nature => match mapping.nature {
                Some(n) => format!("  {:<10} = {n} (every line)", f.key()),
                None => format!("  {:<10}   (no column)", f.key()),
            },
            None => format!("  {:<10}   (no column)", f.key()),
        });
    }
    v
}

/// What would be created, which entities match (near-name matches shown), and every row that
/// cannot be imported with its row, column and reason.
pub fn plan_lines(plan: &Plan) -> Vec<String> {
    let mut v = Vec::new();
    v.push(String::new());
    v.push(format!(
        "would import {} shares and {} receipts, registered after the fact (G 8.1.9, G 9.11)",
        plan.shares(),
        plan.receipts()
    ));
    if plan.already_imported > 0 {
        v.push(format!(
            "{} lines were imported before: left as they are",
            plan.already_imported
        ));
    }
    if plan.skipped > 0 {
        v.push(format!(
            "{} blank, heading or repeated header rows passed over",
            plan.skipped
        ));
    }
    if !plan.entities.is_empty() {
        v.push(String::new());
        v.push("entities:".into());
    }
    for e in &plan.entities {
        let spellings = e
            .spellings
            .iter()
            .map(|s| format!("{s:?}"))
            .collect::<Vec<_>>()
            .join(", ");
        v.push(match &e.outcome {
            EntityOutcome::Matched { name, .. } => {
                format!("  matched   {spellings} → {name} ({} lines)", e.lines)
            }
            EntityOutcome::NearMatch { name, .. } => format!(
                "  near      {spellings} → {name}? taken as the same entity ({} lines); correct the sheet if not",
                e.lines
            ),
            EntityOutcome::New => match e.kind {
                Some(k) => format!("  new       {spellings} ({k}, {} lines)", e.lines),
                None => format!(
                    "  new       {spellings} ({} lines): kind unknown — add it under [entity_kinds] in the mapping",
                    e.lines
                ),
            },
        });
    }
    if !plan.bad.is_empty() {
        let rows: HashSet<usize> = plan.bad.iter().map(|b| b.row).collect();
        v.push(String::new());
        v.push(format!("{} rows cannot be imported:", rows.len()));
        for b in &plan.bad {
            v.push(format!("  {b}"));
        }
    }
    v
}
