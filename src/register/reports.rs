//! What `registrar report …` and the console share about the reports: which there are, who
//! may produce each, in which formats, how a date of a period is read, and each report's
//! title (printed in its header).

use crate::domain::access::Actor;
use crate::domain::ids::Time;
use crate::domain::role::Role;
use chrono::{DateTime, NaiveDate, Utc};

/// The reports leadership and oversight read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportKind {
    /// The register of shares and receipts (G C "Registers" a).
    Register,
    /// The periodic revision of one entity (G 9.13, G C "Registers" d).
    Revision,
    /// The compliance figures (G H, P 9.7).
    Compliance,
    /// The whole registry for oversight (G C "Registers" d).
    Oversight,
    /// Who may see what (P 11.3.3).
    Access,
}

impl ReportKind {
    pub const ALL: [ReportKind; 5] = [
        ReportKind::Register,
        ReportKind::Revision,
        ReportKind::Compliance,
        ReportKind::Oversight,
        ReportKind::Access,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ReportKind::Register => "register",
            ReportKind::Revision => "revision",
            ReportKind::Compliance => "compliance",
            ReportKind::Oversight => "oversight",
            ReportKind::Access => "access",
        }
    }

    /// The formats it is written in (the command line also writes oversight as .json).
    pub fn formats(self) -> &'static [&'static str] {
        match self {
            ReportKind::Register | ReportKind::Access => &["xlsx", "csv"],
            ReportKind::Revision | ReportKind::Compliance | ReportKind::Oversight => &["xlsx"],
        }
    }

    /// Whether `actor` may produce it: the command's rule.
    pub fn may_produce(self, actor: &Actor) -> Result<(), String> {
        match self {
            ReportKind::Compliance => crate::register::compliance::may_read(actor),
            ReportKind::Oversight if !(actor.has(Role::Oversight) || actor.has(Role::Imfp)) => {
                Err("only the oversight or IM FP may export the registry for oversight".into())
            }
            _ => Ok(()),
        }
    }
}

/// `YYYY-MM-DD` or RFC 3339; a date alone as the end of a period includes the whole day.
pub fn parse_date(text: &str, end: bool, what: &str) -> Result<Time, String> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("{what} {text}: not a date (YYYY-MM-DD) or an RFC 3339 time"))?;
    let day = if end {
        day.succ_opt().unwrap_or(day)
    } else {
        day
    };
    Ok(day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc())
}

pub fn register_title(mission: &str, now: Time, reader: &str) -> String {
    format!(
        "Register of intelligence shared and received (G C \"Registers\" a) — {mission} — {} for {reader}",
        now.format("%Y-%m-%d %H:%M UTC")
    )
}

pub fn compliance_title(mission: &str) -> String {
    format!("Compliance (G H, P 9.7) — {mission}")
}

pub fn revision_title(entity: &str, mission: &str) -> String {
    format!("Periodic revision of {entity} (G 9.13, G C \"Registers\" d) — {mission}")
}

pub fn access_title(mission: &str) -> String {
    format!("Access matrix — who may see what (P 11.3.3, G 9.7) — {mission}")
}

pub fn oversight_title(mission: &str, now: Time) -> String {
    format!(
        "Oversight report — {mission} — {}",
        now.format("%Y-%m-%d %H:%M UTC")
    )
}

/// The oversight report as .xlsx: records, every Annex answer with its question, the events,
/// nothing above the reader's clearance.
pub fn write_oversight_xlsx(
    store: &crate::store::Store,
    me: &Actor,
    out: &std::path::Path,
    progress: &dyn crate::register::write::Progress,
) -> Result<std::path::PathBuf, crate::register::write::WriteError> {
    use crate::domain::access::can_see_content;
    use crate::register::write::{OversightSheet, WriteError};
    let mut sheet = OversightSheet::new(out)?;
    let mut error = None;
    progress.start("reading the records", store.record_count()?);
    store.visit_records(&mut |record| {
        progress.advance(1);
        if record.marking().level > me.clearance {
            return Ok(());
        }
        if let Err(e) = sheet.record(&record, can_see_content(me, &record)) {
            error.get_or_insert(e);
        }
        Ok(())
    })?;
    if progress.stop_asked() {
        return Err(WriteError::Stopped);
    }
    progress.start("reading the events", 0);
    store.visit_events(&mut |event, record| {
        progress.advance(1);
        if record
            .as_ref()
            .is_some_and(|r| r.marking().level > me.clearance)
        {
            return Ok(());
        }
        let visible = record.as_ref().is_none_or(|r| can_see_content(me, r));
        if let Err(e) = sheet.event(&event, record.as_ref(), visible) {
            error.get_or_insert(e);
        }
        Ok(())
    })?;
    if let Some(e) = error {
        return Err(e);
    }
    if progress.stop_asked() {
        return Err(WriteError::Stopped);
    }
    let title = oversight_title(&store.meta().mission, store.now());
    let written = sheet.finish(&title);
    progress.finish();
    written
}
