//! `registrar import-sheet FILE [--dry-run] [--yes] [--mapping FILE]`: brings in a register
//! kept as a spreadsheet (G C "Registers" a). The mapping is guessed from the header row and
//! shown (and saved with `--mapping FILE` when that file does not exist yet, to be edited);
//! the dry run comes first, always; nothing is written until the person confirms, and then
//! the whole sheet goes in one transaction or not at all.

use super::CliError;
use super::auth::Credentials;
use super::said::Say;
use crate::domain::role::Role;
use crate::register::sheet::commit::{commit, note_of};
use crate::register::sheet::mapping::{Field, Mapping, guess};
use crate::register::sheet::parse::Way;
use crate::register::sheet::plan::{EntityOutcome, Plan, plan};
use crate::register::sheet::read::read_table;
use crate::store::{Clock, Store};
use clap::{Args, ValueEnum};
use std::collections::HashSet;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, Args)]
pub struct ImportSheetArgs {
    /// The register: .xlsx, .xls, .ods or .csv
    pub file: PathBuf,
    /// Show what would be imported, and every row that cannot be, and stop
    #[arg(long)]
    pub dry_run: bool,
    /// Import after the dry run without asking (scripts); refused while any row is bad
    #[arg(long)]
    pub yes: bool,
    /// The column mapping (TOML): read when the file exists, otherwise the guessed mapping
    /// is saved there to be edited
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,
    /// The sheet of the workbook to read [default: the mapping's, or the first]
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// The nature of every line, when the sheet has no column for it (G C)
    #[arg(long, value_enum)]
    pub nature: Option<NatureArg>,
    /// Print one JSON object: the mapping, the plan (entities, lines, every bad row) and what
    /// was done; without --yes it is a dry run (no question is asked)
    #[arg(long)]
    pub json: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum NatureArg {
    Strategic,
    OperationalTactical,
}

fn failure(e: impl std::fmt::Display) -> CliError {
    CliError::Failure(e.to_string())
}

/// The lines already imported, by the first line of the records' after-the-fact notes.
fn imported_notes(store: &Store) -> Result<HashSet<String>, CliError> {
    let mut out = HashSet::new();
    store.visit_register(i64::MIN, i64::MAX, &mut |record| {
        if let Some(note) = note_of(&record) {
            out.insert(note.to_string());
        }
        Ok(())
    })?;
    Ok(out)
}

pub fn run(
    path: &Path,
    args: ImportSheetArgs,
    creds: &Credentials,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let store = Store::open_checked(path, clock)?;
    let me = creds.current(&store)?;
    if !me.has(Role::Imfp) {
        return Err(CliError::NotAllowed(
            "only the IM FP, who keeps the register (G C \"Registers\" c), may bring in a sheet"
                .into(),
        ));
    }
    let saved = match &args.mapping {
        Some(m) if m.exists() => Some(
            Mapping::from_toml(
                &std::fs::read_to_string(m)
                    .map_err(|e| CliError::Failure(format!("{}: {e}", m.display())))?,
            )
            .map_err(|e| CliError::Usage(format!("{}: {e}", m.display())))?,
        ),
        _ => None,
    };
    let sheet = args
        .sheet
        .clone()
        .or_else(|| saved.as_ref().and_then(|m| m.sheet.clone()));
    let table = read_table(&args.file, sheet.as_deref()).map_err(failure)?;
    let mut mapping = match saved {
        Some(m) => m,
        None => guess(&table).ok_or_else(|| {
            CliError::Failure(format!(
                "{}, sheet {:?}: not a register — no row among the first 30 names at least three of: {}",
                args.file.display(),
                table.sheet,
                Field::ALL.map(Field::key).join(", ")
            ))
        })?,
    };
    if let Some(n) = args.nature {
        mapping.nature = Some(match n {
            NatureArg::Strategic => crate::domain::nature::Nature::Strategic,
            NatureArg::OperationalTactical => crate::domain::nature::Nature::OperationalTactical,
        });
    }
    let say = Say::new(args.json);
    if !say.json() {
        print_mapping(&mapping, &table.sheet);
    }
    if let Some(m) = &args.mapping
        && !m.exists()
    {
        std::fs::write(m, mapping.to_toml())
            .map_err(|e| CliError::Failure(format!("{}: {e}", m.display())))?;
        say.aside(&format!(
            "mapping saved to {} (edit it and run again to change it)",
            m.display()
        ));
    }
    let file = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let entities = store.entities()?;
    let done = imported_notes(&store)?;
    let plan = plan(&table, &mapping, &file, &entities, &|s| {
        done.contains(&s.note())
    })
    .map_err(|e| CliError::Failure(format!("{}: {e}", args.file.display())))?;
    let said = |done: &str, written: Option<usize>| {
        let mut v = plan_json(&plan, &file, &table.sheet);
        v["done"] = done.into();
        v["entities_registered"] = written.into();
        super::print_json(&v)
    };
    if !say.json() {
        print_plan(&plan);
    }
    if plan.lines.is_empty() {
        if say.json() {
            said("nothing new", None)?;
        }
        if plan.bad.is_empty() {
            if say.json() {
                return Ok(());
            }
            outln!(
                "nothing new to import{}",
                if plan.already_imported > 0 {
                    format!(
                        ": the {} lines of this sheet were imported before",
                        plan.already_imported
                    )
                } else {
                    String::new()
                }
            );
            return Ok(());
        }
        return Err(CliError::Failure(format!(
            "nothing imported: {} rows cannot be read (listed above)",
            plan.bad.iter().map(|b| b.row).collect::<HashSet<_>>().len()
        )));
    }
    if args.dry_run || (say.json() && !args.yes) {
        return if say.json() {
            said("dry run", None)
        } else {
            outln!("dry run: nothing written");
            Ok(())
        };
    }
    if !plan.ready() {
        if say.json() {
            said("nothing written", None)?;
        }
        return Err(CliError::Failure(
            "nothing written: the sheet goes in whole or not at all — correct the rows and kinds listed above and run again".into(),
        ));
    }
    if !args.yes {
        if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
            outln!("dry run only: no terminal to confirm at (give --yes to import)");
            return Ok(());
        }
        out!(
            "import {} shares and {} receipts, registering {} entities? [y/N] ",
            plan.shares(),
            plan.receipts(),
            plan.new_entities()
        );
        std::io::stdout().flush().map_err(failure)?;
        let mut answer = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut answer)
            .map_err(failure)?;
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            outln!("nothing written");
            return Ok(());
        }
    }
    let written = commit(&store, &me.name, &plan)?;
    if say.json() {
        return said("imported", Some(written));
    }
    outln!(
        "imported {} shares and {} receipts from {}, sheet {:?}, registering {} entities, in one transaction",
        plan.shares(),
        plan.receipts(),
        file,
        table.sheet,
        written
    );
    Ok(())
}

/// The plan as `--json` says it: the same facts as the dry run's lines.
fn plan_json(plan: &Plan, file: &str, sheet: &str) -> serde_json::Value {
    let columns: serde_json::Map<String, serde_json::Value> = Field::ALL
        .iter()
        .filter_map(|f| {
            let c = plan.mapping.columns.get(f)?;
            Some((f.key().to_string(), serde_json::Value::from(c.clone())))
        })
        .collect();
    let entities: Vec<serde_json::Value> = plan
        .entities
        .iter()
        .map(|e| {
            let (outcome, id, name) = match &e.outcome {
                EntityOutcome::Matched { id, name } => ("matched", Some(id), Some(name)),
                EntityOutcome::NearMatch { id, name } => ("near", Some(id), Some(name)),
                EntityOutcome::New => ("new", None, None),
            };
            serde_json::json!({"spellings": e.spellings, "outcome": outcome, "id": id,
                "name": name, "kind": e.kind.map(|k| k.to_string()), "lines": e.lines})
        })
        .collect();
    let bad: Vec<serde_json::Value> = plan
        .bad
        .iter()
        .map(|b| serde_json::json!({"row": b.row, "column": b.column, "reason": b.reason}))
        .collect();
    serde_json::json!({
        "file": file,
        "sheet": sheet,
        "header_row": plan.mapping.header_row,
        "columns": columns,
        "nature": plan.mapping.nature.map(|n| n.to_string()),
        "shares": plan.shares(),
        "receipts": plan.receipts(),
        "already_imported": plan.already_imported,
        "passed_over": plan.skipped,
        "entities": entities,
        "bad_rows": bad,
    })
}

fn print_mapping(mapping: &Mapping, sheet: &str) {
    outln!("sheet {sheet:?}, header row {}:", mapping.header_row);
    for f in Field::ALL {
        match mapping.columns.get(&f) {
            Some(h) => outln!("  {:<10} ← {h:?}", f.key()),
            None if f == Field::Nature => match mapping.nature {
                Some(n) => outln!("  {:<10} = {n} (every line)", f.key()),
                None => outln!("  {:<10}   (no column)", f.key()),
            },
            None => outln!("  {:<10}   (no column)", f.key()),
        }
    }
}

fn print_plan(plan: &Plan) {
    let shares = plan.lines.iter().filter(|l| l.way == Way::Shared).count();
    outln!(
        "\nwould import {shares} shares and {} receipts, registered after the fact (G 8.1.9, G 9.11)",
        plan.lines.len() - shares
    );
    if plan.already_imported > 0 {
        outln!(
            "{} lines were imported before: left as they are",
            plan.already_imported
        );
    }
    if plan.skipped > 0 {
        outln!(
            "{} blank, heading or repeated header rows passed over",
            plan.skipped
        );
    }
    if !plan.entities.is_empty() {
        outln!("\nentities:");
    }
    for e in &plan.entities {
        let spellings = e
            .spellings
            .iter()
            .map(|s| format!("{s:?}"))
            .collect::<Vec<_>>()
            .join(", ");
        match &e.outcome {
            EntityOutcome::Matched { name, .. } => {
                outln!("  matched   {spellings} → {name} ({} lines)", e.lines)
            }
            EntityOutcome::NearMatch { name, .. } => outln!(
                "  near      {spellings} → {name}? taken as the same entity ({} lines); correct the sheet if not",
                e.lines
            ),
            EntityOutcome::New => match e.kind {
                Some(k) => outln!("  new       {spellings} ({k}, {} lines)", e.lines),
                None => outln!(
                    "  new       {spellings} ({} lines): kind unknown — add it under [entity_kinds] in the mapping",
                    e.lines
                ),
            },
        }
    }
    if !plan.bad.is_empty() {
        let rows: HashSet<usize> = plan.bad.iter().map(|b| b.row).collect();
        outln!("\n{} rows cannot be imported:", rows.len());
        for b in &plan.bad {
            outln!("  {b}");
        }
    }
}
