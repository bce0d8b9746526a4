//! The demo's follow-up chapter (issue 9): the Head of Mission's G 9.9 communication to the
//! counterparts the mission receives from (two are left without, so the queue shows them), a
//! product acted on with what corroborated it (G 9.13), one found obtained under torture after
//! its dissemination and withdrawn, its recipients to be told (G 9.9), and the periodic
//! revision of the battalion with the action decided (G 9.13, G C "Registers" d).

use super::builder::{Demo, ReceiptSpec, ReceiptStop as R};
use super::scenario::Entities;
use crate::cli::CliError;
use crate::domain::change::Change;
use crate::domain::entity_review::{RevisionAction, RevisionFinding, TortureRefusalCommunication};
use crate::domain::follow_up::{ActionTaken, HumanRightsNotice};
use crate::domain::receipt::Rejection;
use chrono::Duration;

pub(super) fn chapter(d: &Demo, e: &Entities) -> Result<(), CliError> {
    // G 9.9: the HoM's letters to three counterparts, sent weeks ago, recorded now.
    for (entity, how) in [
        (
            &e.battalion,
            "Letter SRSG/2026/311 to the Chief of Defence Staff",
        ),
        (
            &e.gendarmerie,
            "Letter SRSG/2026/312 to the Director-General of the Gendarmerie",
        ),
        (
            &e.defence_intel,
            "Meeting with the Director of Military Intelligence, minutes JMAC/2026/58",
        ),
    ] {
        d.later(3);
        d.on(
            "hom",
            entity,
            Change::TortureRefusalCommunicated {
                communication: TortureRefusalCommunication {
                    communicated_at: d.now() - Duration::days(40),
                    how: how.into(),
                },
            },
        )?;
    }
    // G 9.13: what the mission did with a product, and what corroborated it.
    d.later(5);
    let acted = d.receipt(
        ReceiptSpec::new(
            "Armed group checkpoint on the Bangui–Damara road",
            "FACA-3/INTSUM/2026/131",
            &e.battalion,
        ),
        R::Disseminated,
        10,
        &[],
    )?;
    d.later(15);
    d.on(
        "imfp",
        &acted,
        Change::ActionRecorded {
            action: ActionTaken {
                action: "Sector Centre patrol re-routed; checkpoint reported to the gendarmerie"
                    .into(),
                corroborated_by:
                    "UNPOL patrol report UNPOL/SC/2026/220 and a UAS image of the site".into(),
            },
        },
    )?;
    // G 9.9 after the fact: disseminated, then found obtained from detainees under torture.
    d.later(5);
    let mut spec = ReceiptSpec::new(
        "Names of militia couriers in Kaga-Bandoro",
        "MOD-DRM/2026/0412",
        &e.defence_intel,
    );
    spec.flag = Some("Source graded C — not usually reliable (G 9.12)");
    let tainted = d.receipt(spec, R::Disseminated, 10, &[])?;
    d.later(30);
    d.on(
        "imfp",
        &tainted,
        Change::ReceiptRejected {
            rejection: Rejection {
                reason: "HRD monitors report the names were taken from detainees under torture at the DRM's Bangui facility".into(),
                grave_violations: true,
                human_rights_informed: true,
                human_rights_notice: Some(HumanRightsNotice {
                    to: "Human Rights Division, detention unit (duty officer)".into(),
                    at: d.now() - Duration::minutes(10),
                }),
            },
        },
    )?;
    // G 9.13: the battalion's revision over the last quarter.
    d.later(20);
    d.on(
        "imfp",
        &e.battalion,
        Change::RevisionRecorded {
            revision: RevisionFinding {
                from: d.now() - Duration::days(90),
                to: d.now(),
                finding: "3 of 10 products doubtfully true, all on armed-group movements in the north; no red flag, no breach".into(),
                action: RevisionAction::Caution,
                action_details: "Flag its movement reports on dissemination until the next revision; IM FP to raise it with the battalion's G2".into(),
            },
        },
    )?;
    Ok(())
}
