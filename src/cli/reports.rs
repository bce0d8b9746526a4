//! `registrar report register|compliance|revision --out FILE [filters]`: what leadership and
//! oversight read (G C "Registers" a and d, G H, P 9.7, G 9.13), written as .xlsx (the
//! register also as .csv), filtered to the reader's clearance and need to know.

use super::CliError;
use super::auth::Credentials;
use super::said::Say;
use crate::domain::access::Actor;
use crate::domain::entity::Entity;
use crate::domain::ids::Time;
use crate::domain::receipt::ReceiptState;
use crate::domain::share::ShareState;
use crate::register::filter::{Direction, RegisterFilter, StateFilter};
use crate::register::write::{
    Progress, WriteError, compliance_of, revision_of, write_compliance, write_register,
    write_revision,
};
use crate::store::{Clock, Store};
use chrono::{DateTime, Utc};
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;
use std::path::PathBuf;
use std::sync::Arc;

/// The period a report covers.
#[derive(Debug, Args)]
pub struct Period {
    /// From this date (YYYY-MM-DD, or an RFC 3339 time), inclusive
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// To this date (YYYY-MM-DD: the whole day included, or an RFC 3339 time, excluded)
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
}

#[derive(Debug, Args)]
pub struct RegisterArgs {
    /// The file to write: .xlsx, or .csv; its name gains the highest marking inside
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    #[command(flatten)]
    pub filter: FilterArgs,
}

/// Which lines of the register: `report register` and `list`.
#[derive(Debug, Args)]
pub struct FilterArgs {
    #[command(flatten)]
    pub period: Period,
    /// Only what was shared with or received from this entity (name or id)
    #[arg(long, value_name = "ENTITY")]
    pub entity: Option<String>,
    /// Only shares or only receipts
    #[arg(long, value_enum)]
    pub kind: Option<Kind>,
    /// Only records in this state
    #[arg(long, value_enum)]
    pub state: Option<StateArg>,
}

impl FilterArgs {
    /// The filter, the entity found by name or id as `reader` may see it.
    pub fn resolve(&self, store: &Store, reader: &Actor) -> Result<RegisterFilter, CliError> {
        let (from, to) = self.period.resolve(None, store.now())?;
        let entity = match &self.entity {
            Some(name) => Some(find_entity(store, reader, name)?.id),
            None => None,
        };
        Ok(RegisterFilter {
            from,
            to,
            entity,
            direction: self.kind.map(|k| match k {
                Kind::Shared => Direction::Shared,
                Kind::Received => Direction::Received,
            }),
            state: self.state.map(Into::into),
        })
    }
}

#[derive(Debug, Args)]
pub struct ComplianceArgs {
    /// The .xlsx to write; its name gains the highest marking inside
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    #[command(flatten)]
    pub period: Period,
}

#[derive(Debug, Args)]
pub struct RevisionArgs {
    /// The .xlsx to write; its name gains the highest marking inside
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// The entity revised (name or id)
    #[arg(long, value_name = "ENTITY")]
    pub entity: String,
    /// Default: the twelve months before now
    #[command(flatten)]
    pub period: Period,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Kind {
    /// Outgoing shares (G 8)
    Shared,
    /// Incoming receipts (G 9)
    Received,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum StateArg {
    /// Still being worked
    Open,
    /// No decision waited for
    Closed,
    /// Shared or received informally and registered afterwards (G 8.1.9, G 9.11), or
    /// carried over from an earlier register (either kind)
    AfterTheFact,
    Draft,
    RiskAssessed,
    Authorised,
    ConditionsAccepted,
    Shared,
    Declined,
    Withdrawn,
    /// A share made informally, registered afterwards (G 8.1.9)
    SharedAfterTheFact,
    Received,
    Scanned,
    Cleared,
    Disseminated,
    Rejected,
    /// A receipt handled before it was registered (carried over from an earlier register)
    HandledBeforeRegistration,
}

impl From<StateArg> for StateFilter {
    fn from(s: StateArg) -> Self {
        use StateArg as A;
        match s {
            A::Open => StateFilter::Open,
            A::Closed => StateFilter::Closed,
            A::AfterTheFact => StateFilter::AfterTheFact,
            A::SharedAfterTheFact => StateFilter::Share(ShareState::SharedAfterTheFact),
            A::HandledBeforeRegistration => {
                StateFilter::Receipt(ReceiptState::HandledBeforeRegistration)
            }
            A::Draft => StateFilter::Share(ShareState::Draft),
            A::RiskAssessed => StateFilter::Share(ShareState::RiskAssessed),
            A::Authorised => StateFilter::Share(ShareState::Authorised),
            A::ConditionsAccepted => StateFilter::Share(ShareState::ConditionsAccepted),
            A::Shared => StateFilter::Share(ShareState::Shared),
            A::Declined => StateFilter::Share(ShareState::Declined),
            A::Withdrawn => StateFilter::Share(ShareState::Withdrawn),
            A::Received => StateFilter::Receipt(ReceiptState::Received),
            A::Scanned => StateFilter::Receipt(ReceiptState::Scanned),
            A::Cleared => StateFilter::Receipt(ReceiptState::Cleared),
            A::Disseminated => StateFilter::Receipt(ReceiptState::Disseminated),
            A::Rejected => StateFilter::Receipt(ReceiptState::Rejected),
        }
    }
}

/// A progress bar on standard error (drawn only at a terminal).
struct Bar(ProgressBar);

impl Bar {
    fn new() -> Self {
        let bar = ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{msg:24} {wide_bar} {pos}/{len} ({eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Bar(bar)
    }
}

impl Progress for Bar {
    fn start(&self, what: &str, total: u64) {
        self.0.reset();
        self.0.set_length(total);
        self.0.set_message(what.to_string());
    }
    fn advance(&self, n: u64) {
        self.0.inc(n);
    }
    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

fn failure(e: WriteError) -> CliError {
    CliError::Failure(e.to_string())
}

/// `YYYY-MM-DD` or RFC 3339; a date alone as `--to` includes the whole day.
fn parse_date(text: &str, end: bool, flag: &str) -> Result<Time, CliError> {
    crate::register::reports::parse_date(text, end, flag).map_err(CliError::Usage)
}

impl Period {
    pub fn resolve(
        &self,
        default_from: Option<Time>,
        now: Time,
    ) -> Result<(Option<Time>, Option<Time>), CliError> {
        let from = match &self.from {
            Some(t) => Some(parse_date(t, false, "--from")?),
            None => default_from,
        };
        let to = match &self.to {
            Some(t) => Some(parse_date(t, true, "--to")?),
            None => None,
        };
        if let (Some(f), Some(t)) = (from, to.or(Some(now)))
            && f >= t
        {
            return Err(CliError::Usage("--from must come before --to".into()));
        }
        Ok((from, to))
    }
}

/// An entity by id, or by name (case and spacing aside); unknown names are refused with the
/// names that come close.
pub fn find_entity(store: &Store, reader: &Actor, given: &str) -> Result<Entity, CliError> {
    let entities = store.entities()?;
    let visible = |e: &Entity| {
        crate::register::filter::visibility(
            reader,
            &crate::domain::record::Record::Entity(e.clone()),
        ) == crate::register::filter::Visibility::Full
    };
    let fold = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let wanted = fold(given);
    if let Some(e) = entities
        .iter()
        .find(|e| e.id.as_str() == given || fold(&e.details.name) == wanted)
        .filter(|e| visible(e))
    {
        return Ok(e.clone());
    }
    let close: Vec<&str> = entities
        .iter()
        .filter(|e| visible(e))
        .filter(|e| {
            let name = fold(&e.details.name);
            wanted.split(' ').any(|w| w.len() > 2 && name.contains(w))
        })
        .map(|e| e.details.name.as_str())
        .collect();
    Err(CliError::Usage(if close.is_empty() {
        format!("no entity {given:?} in the registry")
    } else {
        format!(
            "no entity {given:?} in the registry; did you mean: {}",
            close.join("; ")
        )
    }))
}

pub fn register(
    path: &std::path::Path,
    args: RegisterArgs,
    say: Say,
    creds: &Credentials,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let store = Store::open_checked(path, clock)?;
    let me = creds.current(&store)?;
    let filter = args.filter.resolve(&store, &me)?;
    let title =
        crate::register::reports::register_title(&store.meta().mission, store.now(), &me.name);
    let written =
        write_register(&store, &me, &filter, &args.out, &title, &Bar::new()).map_err(failure)?;
    let said = json!({"done": "report written", "report": "register", "file": written.path,
        "lines": written.rows, "highest_marking": written.highest.key(),
        "content_withheld": written.withheld});
    if say.json() {
        return super::print_json(&said);
    }
    outln!("wrote {}", written.said());
    Ok(())
}

pub fn compliance(
    path: &std::path::Path,
    args: ComplianceArgs,
    say: Say,
    creds: &Credentials,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let store = Store::open_checked(path, clock)?;
    let me = creds.current(&store)?;
    crate::register::compliance::may_read(&me).map_err(CliError::NotAllowed)?;
    let now = store.now();
    let (from, to) = args.period.resolve(None, now)?;
    let from = from.unwrap_or(DateTime::<Utc>::MIN_UTC);
    let to = to.unwrap_or(now);
    let (figures, level) = compliance_of(&store, &me, from, to, &Bar::new())?;
    let title = crate::register::reports::compliance_title(&store.meta().mission);
    let written = write_compliance(&figures, level, &args.out, &title).map_err(failure)?;
    let summary = figures.summary();
    let said = json!({"done": "report written", "report": "compliance", "file": written,
        "highest_marking": level.key(), "from": from, "to": to,
        "figures": summary.iter().map(|(indicator, figure)|
            json!({"indicator": indicator, "figure": figure})).collect::<Vec<_>>()});
    say.either(&said, || {
        for (indicator, figure) in &summary {
            outln!("{indicator:<64} {figure}");
        }
        outln!("wrote {} (highest marking {level})", written.display());
    })
}

/// `report access`: who may see what (P 11.3.3, P 12.10), as the reader may know of it.
pub fn access(
    path: &std::path::Path,
    out: &std::path::Path,
    say: Say,
    creds: &Credentials,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let store = Store::open_checked(path, clock)?;
    let me = creds.current(&store)?;
    let title = crate::register::reports::access_title(&store.meta().mission);
    let written = crate::register::write::write_access(&store, &me, out, &title, &Bar::new())
        .map_err(failure)?;
    if say.json() {
        return super::print_json(&json!({"done": "report written", "report": "access",
            "file": written.path, "products": written.products, "people": written.people,
            "highest_marking": written.highest.key()}));
    }
    outln!(
        "wrote {}: {} confidential products, {} people, highest marking {}",
        written.path.display(),
        written.products,
        written.people,
        written.highest
    );
    Ok(())
}

pub fn revision(
    path: &std::path::Path,
    args: RevisionArgs,
    say: Say,
    creds: &Credentials,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let store = Store::open_checked(path, clock)?;
    let me = creds.current(&store)?;
    let entity = find_entity(&store, &me, &args.entity)?;
    let now = store.now();
    let (from, to) = args
        .period
        .resolve(Some(now - chrono::Duration::days(365)), now)?;
    let from = from.unwrap_or(now);
    let to = to.unwrap_or(now);
    let (revision, level) = revision_of(&store, &me, &entity, from, to, &Bar::new())?;
    let title =
        crate::register::reports::revision_title(&entity.details.name, &store.meta().mission);
    let written = write_revision(&revision, level, &args.out, &title).map_err(failure)?;
    let said = json!({"done": "report written", "report": "revision", "file": written,
        "entity": entity.id, "from": from, "to": to, "months": revision.months.len(),
        "highest_marking": level.key(),
        "revisions": revision.findings.iter().map(|f| json!({"from": f.from, "to": f.to,
            "by": f.by, "finding": f.finding, "action": f.action})).collect::<Vec<_>>()});
    if say.json() {
        return super::print_json(&said);
    }
    outln!(
        "wrote {}: {} months, {} revisions recorded, highest marking {level}",
        written.display(),
        revision.months.len(),
        revision.findings.len()
    );
    for f in &revision.findings {
        outln!(
            "revision {} to {} by {}: {} — action: {}",
            f.from.format("%Y-%m-%d"),
            f.to.format("%Y-%m-%d"),
            f.by,
            f.finding,
            f.action
        );
    }
    Ok(())
}
