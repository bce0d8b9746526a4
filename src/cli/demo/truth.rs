//! The demo's truthful-register chapter (issue 8): what really happened, recorded as it
//! happened — a share made by phone and registered after the fact, a call registered late,
//! a typo corrected, a duplicate voided, and an imminent-threat determination revised.

use super::builder::Demo;
use super::scenario::Entities;
use crate::cli::CliError;
use crate::domain::change::Change;
use crate::domain::correction::AmendedField;
use crate::domain::marking::{Classification, Marking};
use crate::domain::nature::Nature;
use crate::domain::receipt::{ReceiptCapture, Rejection};
use crate::domain::share::{Channel, Extent, Product, ShareDraft};
use chrono::Duration;

pub(super) fn chapter(d: &Demo, e: &Entities) -> Result<(), CliError> {
    // The evening before "now", between the day's work and the night's imminent threats
    // (which begin 165 minutes before "now"); it takes an hour and a half.
    if d.now() < d.base - Duration::hours(8) {
        d.at_minutes(8 * 60)?;
    }
    // G 8.1.9: the sector commander warned the gendarmerie by phone, then reported it.
    d.create(
        "imfp",
        Change::ShareRegisteredAfterTheFact {
            draft: ShareDraft {
                product: Product {
                    title: "Warning: armed group moving towards Bouar checkpoint".into(),
                    reference: "JMAC/VERBAL/2026/007".into(),
                    summary: "Told by phone: some 40 armed men seen moving south-west at dawn"
                        .into(),
                    marking: Marking::un(Classification::Confidential),
                    nature: Nature::OperationalTactical,
                    poc_threat: true,
                },
                recipient: e.gendarmerie.clone(),
                recipient_unit: None,
                extent: Extent::Full,
                channel: Channel::VerbalInformal,
                urgent: true,
                derived_from: Vec::new(),
                acquiring_office: "Sector West G2".into(),
            },
            shared_at: d.now() - Duration::hours(5),
            shared_by: "Sector West commander".into(),
            authorised_by: Some("Head of Mission, by phone".into()),
            why:
                "Civilians at the checkpoint at risk within the hour; no time for the written steps"
                    .into(),
        },
    )?;
    d.later(10);
    // G 9.11: a call taken on patrol, registered late; first typed with a typo.
    let late = d.create(
        "analyst",
        Change::ReceiptRegisteredAfterTheFact {
            capture: ReceiptCapture {
                title: "Roadblock on the Bossangao road".into(),
                reference: "GEND/W/2026/118".into(),
                summary: "Gendarmerie reports an illegal roadblock, armed, 12 km north of town"
                    .into(),
                source: e.gendarmerie.clone(),
                originator: None,
                received_at: d.now() - Duration::hours(26),
                channel: Channel::VerbalInformal,
                marking: Marking::un(Classification::Confidential),
                nature: Nature::OperationalTactical,
                imminent_threat: false,
                poc_threat: false,
            },
            received_by: "Patrol leader, Sector West".into(),
            why: "Received on patrol without access to the registry".into(),
            handled: None,
        },
    )?;
    d.later(5);
    d.on(
        "imfp",
        &late,
        Change::ReceiptAmended {
            amendment: AmendedField::Title("Roadblock on the Bossangoa road".into()),
            reason: "Typo in the town's name".into(),
        },
    )?;
    // G 9.1: determined an imminent threat, then revised with the reason.
    d.later(5);
    d.on(
        "analyst",
        &late,
        Change::ThreatDetermined {
            imminent: true,
            at: d.now(),
            reason: String::new(),
        },
    )?;
    d.later(20);
    d.on(
        "analyst",
        &late,
        Change::ThreatDetermined {
            imminent: false,
            at: d.now(),
            reason: "Gendarmerie confirms the roadblock was lifted yesterday evening".into(),
        },
    )?;
    d.later(5);
    d.on(
        "analyst",
        &late,
        Change::ReceiptRejected {
            rejection: Rejection {
                reason: "Overtaken by events: the roadblock was lifted".into(),
                grave_violations: false,
                human_rights_informed: false,
                human_rights_notice: None,
            },
        },
    )?;
    // G C Registers: the same product registered twice; the second is voided.
    d.later(10);
    // Received the day before, so registered late again (G 9.11), like the first.
    let twice = d.create(
        "analyst",
        Change::ReceiptRegisteredAfterTheFact {
            capture: ReceiptCapture {
                title: "Roadblock on the Bossangoa road".into(),
                reference: "GEND/W/2026/118".into(),
                summary: "Registered a second time by mistake".into(),
                source: e.gendarmerie.clone(),
                originator: None,
                received_at: d.now() - Duration::hours(26),
                channel: Channel::VerbalInformal,
                marking: Marking::un(Classification::Confidential),
                nature: Nature::OperationalTactical,
                imminent_threat: false,
                poc_threat: false,
            },
            received_by: "Patrol leader, Sector West".into(),
            why: "Received on patrol without access to the registry".into(),
            handled: None,
        },
    )?;
    d.later(2);
    d.on(
        "imfp",
        &twice,
        Change::ReceiptVoided {
            reason: "Registered twice: the record is the late registration".into(),
        },
    )?;
    Ok(())
}
