//! `registrar import-sheet FILE [--dry-run] [--yes] [--mapping FILE]`: brings in a register
//! kept as a spreadsheet (G C "Registers" a). The mapping is guessed from the header row and
//! shown (and saved with `--mapping FILE` when that file does not exist yet, to be edited);
//! the dry run comes first, always; nothing is written until the person confirms, and then
//! the whole sheet goes in one transaction or not at all.

use super::CliError;
use super::auth::Credentials;
use super::said::Say;
use super::settings::NatureArg;
use crate::register::sheet::commit::commit;
use crate::register::sheet::dry_run::{
    file_name, mapping_for, mapping_lines, may_import, plan_against, plan_lines, read_mapping,
};
use crate::register::sheet::mapping::{Field, Mapping};
use crate::register::sheet::plan::{EntityOutcome, Plan};
use crate::register::sheet::read::read_table;
use crate::store::{Clock, Store};
use clap::Args;
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

fn failure(e: impl std::fmt::Display) -> CliError {
    CliError::Failure(e.to_string())
}

pub fn run(
    path: &Path,
    args: ImportSheetArgs,
    creds: &Credentials,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let store = Store::open_checked(path, clock)?;
    let me = creds.current(&store)?;
    may_import(&me).map_err(CliError::NotAllowed)?;
    let saved = match &args.mapping {
        Some(m) if m.exists() => Some(read_mapping(m).map_err(CliError::Usage)?),
        _ => None,
    };
    let sheet = args
        .sheet
        .clone()
        .or_else(|| saved.as_ref().and_then(|m| m.sheet.clone()));
    let table = read_table(&args.file, sheet.as_deref()).map_err(failure)?;
    let nature = args.nature.map(crate::domain::nature::Nature::from);
    let mapping = mapping_for(&args.file, &table, saved, nature).map_err(CliError::Failure)?;
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
    let file = file_name(&args.file);
    let plan = plan_against(
        &store,
        &args.file,
        &table,
        &mapping,
        &crate::register::write::Quiet,
    )
    .map_err(CliError::Failure)?;
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
    for line in mapping_lines(mapping, sheet) {
        outln!("{line}");
    }
}

fn print_plan(plan: &Plan) {
    for line in plan_lines(plan) {
        outln!("{line}");
    }
}
