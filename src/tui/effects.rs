//! Effects run against the store; every result comes back as a message. A failed read or
//! write is a message carrying the error, never a panic.

use super::app::{Blocked, BrowseFilter, BrowseKind, BrowseRow, EntityDetail};
use super::forms::{FormContext, FormKind, Step, StepTarget};
use super::job::{Progress, Watcher};
use super::msg::PageCursor;
use super::msg::{BrowseChunk, Effect, Msg, Session};
use crate::domain::access::{Actor, can_see_content};
use crate::domain::assessment::{AssessmentDirection, EntityAssessment};
use crate::domain::assessment_receipt::ForReceipt;
use crate::domain::assessment_sharing::ForSharing;
use crate::domain::entity::Entity;
use crate::domain::guards;
use crate::domain::ids::{RecordId, Time};
use crate::domain::pre_authorisation::Direction;
use crate::domain::queue::Queue;
use crate::domain::queue_entry::QueueEntry;
use crate::domain::record::Record;
use crate::domain::settings::Decision;
use crate::domain::view::RegistryView;
use crate::register::filter::{Visibility, visibility};
use crate::store::registry_view::StoreView;
use crate::store::search_query::SearchQuery;
use crate::store::{ExecuteError, Store};
use std::cell::Cell;

mod browse;
mod form_context;
use browse::browse;
pub use browse::{browse_row, matches};
use form_context::prepare;

/// How many records of an entity's history the entity view reads (newest first).
pub const HISTORY_LIMIT: usize = 500;

/// How many records one step of a filtered browse examines before it reports back, so a
/// rare match on a million records never freezes the keys.
pub const BROWSE_BUDGET: u64 = 5_000;

/// Runs `effect`; long work tells `report` how far it is.
pub fn run(store: &Store, effect: Effect, report: &mut dyn FnMut(Progress)) -> Msg {
    let now = store.now();
    match effect {
        Effect::Authenticate { name, passphrase } => {
            Msg::LoggedIn(login(store, &name, &passphrase))
        }
        Effect::LoadQueues(actor) => Msg::Queues(
            store
                .log_len()
                .map_err(|e| e.to_string())
                .and_then(|len| Ok((queues(store, &actor, now)?, len))),
        ),
        Effect::WatchLog => Msg::LogLen(store.log_len().map_err(|e| e.to_string())),
        Effect::LoadReference => Msg::Reference(
            store
                .entities()
                .and_then(|e| Ok((e, store.settings()?)))
                .map_err(|e| e.to_string()),
        ),
        Effect::LoadRecord(actor, id) => {
            let result = crate::store::detail::record_detail(store, &actor, &id, now);
            Msg::Record(id, result)
        }
        Effect::LoadEntity(actor, id) => {
            let result = entity(store, &actor, &id, now);
            Msg::Entity(id, result)
        }
        Effect::Browse {
            actor,
            filter,
            start,
            want,
            generation,
            append,
        } => Msg::Browsed {
            generation,
            result: browse(store, &actor, &filter, start, want, append),
        },
        Effect::BrowseTotal => Msg::BrowseTotal(store.browse_len().unwrap_or(0)),
        Effect::PrepareForm {
            actor,
            kind,
            target,
        } => {
            let result = prepare(store, actor, kind, target.as_ref(), now);
            Msg::FormReady(kind, target, result)
        }
        Effect::Execute { actor, steps } => execute(store, &actor, steps),
        Effect::AddUser {
            actor,
            name,
            roles,
            clearance,
            passphrase,
        } => {
            let result = store
                .add_user(&actor, &name, roles, clearance, &passphrase)
                .map_err(blocked);
            Msg::Executed {
                done: vec![crate::domain::user::user_id(&name)],
                result,
                urgent: None,
            }
        }
        Effect::ChangePassphrase { actor, passphrase } => Msg::Executed {
            done: vec![crate::domain::user::user_id(&actor.name)],
            result: store
                .change_passphrase(&actor, &passphrase)
                .map_err(blocked),
            urgent: None,
        },
        Effect::SaveTheme { file, name } => Msg::Saved(save_theme(&file, &name)),
        Effect::LoadCompliance(actor) => Msg::Compliance(compliance(store, &actor, now)),
        Effect::LoadStations => Msg::Stations(super::bundles::stations(store)),
        Effect::PlanExport {
            actor,
            peer,
            dir,
            passphrase,
            job,
        } => Msg::ExportPlanned(super::bundles::plan_export(
            store,
            &actor,
            peer,
            dir,
            passphrase,
            &mut Watcher::new(job, report),
        )),
        Effect::WriteExport { actor, review, job } => Msg::Exported(super::bundles::write_export(
            store,
            &actor,
            *review,
            &mut Watcher::new(job, report),
        )),
        Effect::ImportBundle {
            actor,
            files,
            passphrase,
            job,
        } => Msg::Imported(super::bundles::import(
            store,
            &actor,
            files,
            &passphrase,
            &mut Watcher::new(job, report),
        )),
        Effect::SheetDryRun { actor, file, job } => {
            Msg::SheetPlanned(super::sheets::plan(store, &actor, &file, &job, report))
        }
        Effect::SheetImport {
            actor,
            file,
            counts,
            job,
        } => Msg::SheetImported(super::sheets::import(
            store, &actor, &file, counts, &job, report,
        )),
        Effect::WriteReport { actor, spec, job } => {
            Msg::ReportWritten(super::reports::write(store, &actor, spec, job, report))
        }
        Effect::ListDir {
            path,
            mode,
            generation,
        } => Msg::Listed {
            generation,
            result: super::picker::list(path, mode),
        },
    }
}

fn login(store: &Store, name: &str, passphrase: &str) -> Result<Session, String> {
    let actor = store
        .authenticate(name, passphrase)
        .map_err(|e| e.to_string())?;
    let entities = store.entities().map_err(|e| e.to_string())?;
    let settings = store.settings().map_err(|e| e.to_string())?;
    Ok(Session {
        actor,
        entities,
        settings,
    })
}

fn queues(store: &Store, actor: &Actor, now: Time) -> Result<[Vec<QueueEntry>; 3], String> {
    let mut out: [Vec<QueueEntry>; 3] = Default::default();
    for (i, q) in Queue::ALL.into_iter().enumerate() {
        out[i] = store
            .queue_entries_for(actor, q, now)
            .map_err(|e| e.to_string())?;
    }
    Ok(out)
}

fn entity(store: &Store, actor: &Actor, id: &RecordId, now: Time) -> Result<EntityDetail, String> {
    let err = |e: crate::store::StoreError| e.to_string();
    let entity = match store.record(id).map_err(err)? {
        Some(Record::Entity(e)) => e,
        Some(_) => return Err(format!("{id} is not an entity")),
        None => return Err(format!("no entity {id} in this registry")),
    };
    let can_see = can_see_content(actor, &Record::Entity(entity.clone()));
    let get = |id: Option<&RecordId>| -> Result<Option<Record>, String> {
        match id {
            Some(id) => store.record(id).map_err(err),
            None => Ok(None),
        }
    };
    // The entity's assessments, in force and in progress, in each direction.
    type Get<'a> = dyn Fn(Option<&RecordId>) -> Result<Option<Record>, String> + 'a;
    fn kept<D: AssessmentDirection>(
        entity: &Entity,
        get: &Get,
    ) -> Result<[Option<EntityAssessment<D>>; 2], String> {
        let [in_force, in_progress] = D::kept(entity);
        let of = |r: Option<Record>| r.and_then(|r| D::of_record(r).ok());
        Ok([of(get(in_force)?), of(get(in_progress)?)])
    }
    let [sharing, sharing_in_progress] = kept::<ForSharing>(&entity, &get)?;
    let [receipt, receipt_in_progress] = kept::<ForReceipt>(&entity, &get)?;
    let mut pre_authorisations = Vec::new();
    for p in &entity.pre_authorisations {
        if let Some(Record::PreAuthorisation(p)) = get(Some(p))? {
            pre_authorisations.push(p);
        }
    }
    let pre_authorisations_ended = {
        let view = StoreView::new(store);
        let ended = pre_authorisations
            .iter()
            .map(|p| {
                guards::pre_authorisation_ended(p, &entity, &view, now)
                    .map(|(at, why)| (at, why.to_string()))
            })
            .collect();
        if let Some(e) = view.take_error() {
            return Err(e);
        }
        ended
    };
    let mut breaches = Vec::new();
    for b in &entity.breaches {
        if let Some(Record::Breach(b)) = get(Some(b))? {
            breaches.push(b);
        }
    }
    let history_records = store.entity_history(id, HISTORY_LIMIT).map_err(err)?;
    let history_cut = history_records.len() == HISTORY_LIMIT;
    let mut credibility = [0u64; 5];
    let mut unscanned = 0;
    let mut history = Vec::new();
    for r in &history_records {
        if let Record::Receipt(receipt) = r
            && can_see_content(actor, r)
        {
            match &receipt.scan {
                Some(scan) => credibility[usize::from(scan.credibility.digit() - 1)] += 1,
                None => unscanned += 1,
            }
        }
        // A record whose content is withheld is not listed under its entity: that would
        // say whose it is (P 11.3.3).
        if let Some(row) = browse_row(actor, r).filter(|row| row.entity.is_some()) {
            history.push(row);
        }
    }
    let months = entity_months(store, actor, &entity, &breaches, now).map_err(err)?;
    Ok(EntityDetail {
        months,
        entity,
        can_see,
        sharing,
        sharing_in_progress,
        receipt,
        receipt_in_progress,
        pre_authorisations,
        pre_authorisations_ended,
        breaches,
        history,
        history_cut,
        credibility,
        unscanned,
    })
}

/// The entity's last twelve months (this one included) by month, as `actor` may see them.
fn entity_months(
    store: &Store,
    actor: &Actor,
    entity: &crate::domain::entity::Entity,
    breaches: &[crate::domain::breach::Breach],
    now: Time,
) -> Result<Vec<(String, crate::register::revision::Month)>, crate::store::StoreError> {
    use crate::register::filter::visibility;
    use crate::register::revision::{Revision, next_month};
    use chrono::{Datelike, TimeZone, Utc};
    let (mut y, mut m) = (now.year(), now.month() as i32 - 11);
    if m < 1 {
        y -= 1;
        m += 12;
    }
    let from = Utc
        .with_ymd_and_hms(y, m as u32, 1, 0, 0, 0)
        .single()
        .unwrap_or(now);
    let to = next_month(now);
    let mut r = Revision::new(entity.id.clone(), entity.name().to_string(), from, to);
    store.visit_entity(
        &entity.id,
        from.timestamp(),
        to.timestamp(),
        &mut |record| {
            r.add(&record, visibility(actor, &record));
            Ok(())
        },
    )?;
    for b in breaches {
        let record = Record::Breach(b.clone());
        r.add(&record, visibility(actor, &record));
    }
    Ok(r.finish().months.into_iter().collect())
}

fn blocked(e: ExecuteError) -> Blocked {
    match e {
        ExecuteError::Refused(r) => Blocked::Refused(r),
        ExecuteError::NotAllowed(n) => Blocked::NotAllowed(n.to_string()),
        ExecuteError::Store(s) => Blocked::Failed(s.to_string()),
    }
}

/// A form's steps, recorded in one transaction: all of them or none (the fast path's receipt
/// and its alerts go in together). A new record in the urgent queue says where it stands.
fn execute(store: &Store, actor: &Actor, steps: Vec<Step>) -> Msg {
    use crate::store::submission::Target;
    let first_registers_entity = steps.first().is_some_and(|s| {
        matches!(
            s.change,
            crate::domain::change::Change::EntityRegistered { .. }
        )
    });
    let steps: Vec<(Target, crate::domain::change::Change)> = steps
        .into_iter()
        .map(|s| {
            let target = match s.target {
                StepTarget::New => Target::New,
                StepTarget::Existing(id) => Target::Existing(id),
                StepTarget::Created(i) => Target::Made(i),
            };
            (target, s.change)
        })
        .collect();
    // An entity registered inline by the first step is named by the ones after it.
    let prepare = |change: &mut crate::domain::change::Change, made: &[RecordId]| {
        if let (true, Some(first)) = (first_registers_entity, made.first()) {
            super::forms::inline_entity::resolve(change, first);
        }
    };
    match store.execute_steps_as(actor, steps, &prepare) {
        Ok(ids) => {
            let mut done: Vec<RecordId> = Vec::with_capacity(ids.len());
            for id in ids {
                if !done.contains(&id) {
                    done.push(id);
                }
            }
            let urgent = urgent_place(store, actor, &done);
            Msg::Executed {
                done,
                result: Ok(()),
                urgent,
            }
        }
        Err(e) => Msg::Executed {
            done: Vec::new(),
            result: Err(blocked(e)),
            urgent: None,
        },
    }
}

/// Where the first record made stands in the urgent queue as this person sees it: (place,
/// of how many), 1-based.
fn urgent_place(store: &Store, actor: &Actor, done: &[RecordId]) -> Option<(usize, usize)> {
    let now = store.now();
    let items = store.queue_entries_for(actor, Queue::Urgent, now).ok()?;
    let place = items.iter().position(|i| done.contains(&i.id))?;
    Some((place + 1, items.len()))
}

/// The figures of `registrar report compliance` without a period: everything up to now.
fn compliance(
    store: &Store,
    actor: &Actor,
    now: Time,
) -> Result<Box<crate::register::compliance::Compliance>, String> {
    let actor = store.current_actor(actor).map_err(|e| e.to_string())?;
    crate::register::compliance::may_read(&actor)?;
    let (figures, _) = crate::register::write::compliance_of(
        store,
        &actor,
        chrono::DateTime::<chrono::Utc>::MIN_UTC,
        now,
        &crate::register::write::Quiet,
    )
    .map_err(|e| e.to_string())?;
    Ok(Box::new(figures))
}

fn save_theme(file: &std::path::Path, name: &str) -> Result<(), String> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let text = format!("# registrar console: your own choices\ntheme = {name:?}\n");
    std::fs::write(file, text).map_err(|e| format!("{}: {e}", file.display()))
}
