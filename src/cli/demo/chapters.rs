//! The demo story's last two chapters: what the registry remembers (closed records), and
//! the work in progress at the end of the story, so that every queue has items.

use super::builder::{ALL_ALERTS, Demo, ReceiptSpec, ReceiptStop as R, ShareSpec, ShareStop as S};
use super::scenario::{Entities, Lists, receipt_assessment, sharing_assessment};
use crate::cli::CliError;
use crate::domain::assessment_sharing::RiskConclusion;
use crate::domain::breach::BreachReport;
use crate::domain::change::Change;
use crate::domain::entity::EntityKind::*;
use crate::domain::grades::{Credibility::*, Reliability};
use crate::domain::ids::RecordId;
use crate::domain::marking::{Classification::*, Marking};
use crate::domain::nature::Nature::*;
use crate::domain::receipt::{AlertRecipient, OnwardSharingApproval};
use crate::domain::share::Channel;

/// Closed records: the registry's memory of what was shared and received. Returns the
/// received product whose originator approved passing it on.
pub(super) fn history(d: &Demo, e: &Entities, lists: &Lists) -> Result<RecordId, CliError> {
    d.at_days(36.5)?;
    let mut first = ShareSpec::new(
        "Armed group movements along the MSR north",
        "JMAC/OPS/2026/0412",
        &e.battalion,
        true,
    );
    first.poc = true;
    d.share(first, S::Shared, 90)?;

    let fac_receipts: [(&str, &str, _); 7] = [
        (
            "Checkpoint incident report, Kaga-Bandoro road",
            "FACA-3/INC/0911",
            Confirmed,
        ),
        (
            "Armed group resupply at the northern market",
            "FACA-3/INT/0914",
            ProbablyTrue,
        ),
        (
            "Ambush preparations near the river crossing",
            "FACA-3/INT/0920",
            ProbablyTrue,
        ),
        (
            "Claimed weapons cache in the mining area",
            "FACA-3/INT/0931",
            DoubtfullyTrue,
        ),
        (
            "Armed group leadership meeting",
            "FACA-3/INT/1003",
            ProbablyTrue,
        ),
        (
            "Report of foreign fighters crossing",
            "FACA-3/INT/1017",
            Improbable,
        ),
        (
            "IDP site tension after cattle theft",
            "FACA-3/INT/1022",
            CannotBeJudged,
        ),
    ];
    let mut received = Vec::new();
    for (i, (title, reference, credibility)) in fac_receipts.into_iter().enumerate() {
        d.at_days(35.8 - 0.6 * i as f64)?;
        let mut spec = ReceiptSpec::new(title, reference, &e.battalion);
        spec.credibility = credibility;
        spec.originator_marking = Some("CONFIDENTIEL DEFENSE");
        received.push(d.receipt(spec, R::Disseminated, 120, &[])?);
    }

    d.at_days(31.0)?;
    let mut eutm = ShareSpec::new(
        "Threat assessment — training sites, September",
        "JMAC/STR/2026/0033",
        &e.eutm,
        true,
    );
    eutm.nature = Strategic;
    eutm.level = Unclassified;
    eutm.pre_authorisation = Some(&lists.eutm_sharing);
    d.share(eutm, S::Shared, 60)?;

    d.at_days(30.0)?;
    let guard_share = d.share(
        ShareSpec::new(
            "Threat to the presidential convoy route",
            "JOC/OPS/2026/0877",
            &e.guard,
            true,
        ),
        S::Shared,
        60,
    )?;

    d.at_days(28.0)?;
    let mut interior = ShareSpec::new(
        "Criminal networks in the western prefectures",
        "JMAC/STR/2026/0029",
        &e.interior,
        true,
    );
    interior.nature = Strategic;
    interior.partial = Some("Annex B (source descriptions) and the map of informant locations");
    interior.by_hom = true;
    d.share(interior, S::Shared, 120)?;

    d.at_days(25.0)?;
    let mut unhcr = ShareSpec::new(
        "Threats to the IDP site at Batangafo",
        "JOC/OPS/2026/0901",
        &e.unhcr,
        false,
    );
    unhcr.poc = true;
    d.share(unhcr, S::Shared, 45)?;

    d.at_days(22.0)?;
    let mut wfp = ShareSpec::new(
        "Security outlook for the lean season",
        "JMAC/STR/2026/0031",
        &e.wfp,
        false,
    );
    wfp.nature = Strategic;
    wfp.level = Unclassified;
    d.share(wfp, S::Shared, 60)?;

    d.at_days(20.0)?;
    let mut declined = ShareSpec::new(
        "Armed group financing through gold trade",
        "JMAC/STR/2026/0030",
        &e.defence_intel,
        true,
    );
    declined.nature = Strategic;
    declined.level = StrictlyConfidential;
    d.share(declined, S::Declined, 120)?;

    // Authorised and accepted, not yet handed over when the breach is reported: it lapses
    // (G 8.1.10) and waits on a new decision.
    d.at_days(18.5)?;
    d.share(
        ShareSpec::new(
            "Escort schedule for the presidential convoy, December",
            "JOC/OPS/2026/0902",
            &e.guard,
            true,
        ),
        S::Accepted,
        30,
    )?;

    d.at_days(18.0)?;
    d.create("imfp", Change::BreachReported {
        report: BreachReport {
            entity: e.guard.clone(),
            share: Some(guard_share),
            suspected: true,
            description: "JOC/OPS/2026/0877 reportedly passed to a private security company without the mission's approval".into(),
            marking: Marking::un(Confidential),
        },
    })?;

    d.at_days(16.0)?;
    let mut ngo = ReceiptSpec::new(
        "Roadblocks by armed youth on the Bossangoa axis",
        "NSF/ALERT/2026/118",
        &e.ngo,
    );
    ngo.level = Unclassified;
    ngo.credibility = DoubtfullyTrue;
    ngo.flag = Some("Entity graded C — Not usually reliable: cross-check with JOC patrol reports");
    d.receipt(ngo, R::Disseminated, 60, &[])?;

    d.at_days(12.0)?;
    let mut ngo_share = ShareSpec::new(
        "Safe passage windows for humanitarian convoys",
        "JOC/OPS/2026/0950",
        &e.ngo,
        true,
    );
    ngo_share.level = Unclassified;
    d.share(ngo_share, S::Withdrawn, 60)?;

    d.at_days(10.0)?;
    let mut detainee = ReceiptSpec::new(
        "Interrogation summary — detainees held at Camp Kassai",
        "DRM/EXP/2026/044",
        &e.defence_intel,
    );
    detainee.level = StrictlyConfidential;
    detainee.originator_marking = Some("TRES SECRET");
    detainee.grave_violations = true;
    detainee.nature = Strategic;
    d.receipt(detainee, R::Rejected, 60, &[])?;

    d.at_days(9.0)?;
    let mut verbal = ReceiptSpec::new(
        "Verbal report: armed men gathering near Bouca",
        "JOC/VERBAL/2026/071",
        &e.gendarmerie,
    );
    verbal.channel = Channel::VerbalInformal;
    d.receipt(verbal, R::Disseminated, 90, &[])?;

    d.at_days(6.0)?;
    let mut sitrep = ReceiptSpec::new(
        "Battalion daily situation report",
        "FACA-3/SITREP/1101",
        &e.battalion,
    );
    sitrep.pre_authorisation = Some(&lists.battalion_receipt);
    d.receipt(sitrep, R::Disseminated, 60, &[])?;

    // The originator's written approval to pass a received product on (G 9.8).
    // The first product is approved for onward sharing with the Ministry of Interior only.
    d.at_days(5.0)?;
    let approved = received[1].clone();
    d.on(
        "imfp",
        &approved,
        Change::OnwardSharingApproved {
            approval: OnwardSharingApproval {
                to_entity: e.interior.clone(),
                approved_by: "Commander, 3rd Infantry Battalion".into(),
                document: "Letter FACA-3/CDT/2026/77".into(),
            },
        },
    )?;
    Ok(approved)
}

/// Work in progress at the end of the story: every queue has items.
pub(super) fn open_work(
    d: &Demo,
    e: &Entities,
    lists: &Lists,
    approved: RecordId,
) -> Result<(), CliError> {
    d.at_days(5.0)?;
    d.share(
        ShareSpec::new(
            "Weekly security overview, week 46",
            "JMAC/WSO/2026/46",
            &e.au,
            true,
        ),
        S::Draft,
        30,
    )?;
    d.at_days(4.5)?;
    d.share(
        ShareSpec::new(
            "Threat to the presidential guard barracks",
            "JOC/OPS/2026/1012",
            &e.guard,
            true,
        ),
        S::Draft,
        30,
    )?;
    d.at_days(4.0)?;
    let mut orig = ReceiptSpec::new(
        "Armed group recruitment in the camps",
        "UNICEF/CP/2026/201",
        &e.unicef,
    );
    orig.originator = Some(&e.defence_intel);
    orig.nature = Strategic;
    d.receipt(orig, R::Scanned, 60, &[])?;
    d.at_days(3.5)?;
    d.share(
        ShareSpec::new(
            "Gendarmerie deployment gaps",
            "JMAC/OPS/2026/1020",
            &e.gendarmerie,
            true,
        ),
        S::RiskAssessed,
        60,
    )?;
    d.at_days(3.0)?;
    d.share(
        ShareSpec::new(
            "Host-state briefing on the electoral calendar",
            "JMAC/STR/2026/0040",
            &e.foreign_affairs,
            true,
        ),
        S::Draft,
        30,
    )?;
    let mut mofa = ReceiptSpec::new(
        "Diplomatic note on cross-border incursions",
        "MAE/NV/2026/330",
        &e.foreign_affairs,
    );
    mofa.level = Unclassified;
    d.receipt(mofa, R::Scanned, 60, &[])?;
    d.at_days(2.5)?;
    d.receipt(
        ReceiptSpec::new(
            "Defence attaché note on arms flows",
            "DAO-B/2026/12",
            &e.embassy,
        ),
        R::Scanned,
        60,
        &[],
    )?;
    receipt_assessment(d, &e.au, Reliability::E, false)?;
    d.at_days(2.0)?;
    sharing_assessment(
        d,
        &e.tcc,
        NonUnSecurityForce,
        RiskConclusion::Acceptable,
        &[],
        false,
    )?;
    d.share(
        ShareSpec::new(
            "Route clearance priorities",
            "JMAC/OPS/2026/1031",
            &e.battalion,
            true,
        ),
        S::Draft,
        30,
    )?;
    let mut strat = ShareSpec::new(
        "Armed group command structure — update",
        "JMAC/STR/2026/0041",
        &e.battalion,
        true,
    );
    strat.nature = Strategic;
    d.share(strat, S::RiskAssessed, 60)?;
    let mut onward = ShareSpec::new(
        "Resupply pattern at the northern market (from FACA reporting)",
        "JMAC/STR/2026/1033",
        &e.eutm,
        true,
    );
    // Of the monthly series the EUTM entry covers (G 8.1.8).
    onward.nature = Strategic;
    // Approved for the Ministry of Interior, not for EUTM: waits on G 9.8.
    onward.derived_from = vec![approved];
    onward.pre_authorisation = Some(&lists.eutm_sharing);
    d.share(onward, S::RiskAssessed, 30)?;
    d.at_days(1.5)?;
    let mut flagged = ReceiptSpec::new(
        "Militia mobilisation claimed near Ndele",
        "FACA-3/INT/1119",
        &e.battalion,
    );
    flagged.red_flags = &["single uncorroborated source"];
    flagged.credibility = DoubtfullyTrue;
    flagged.nature = Strategic;
    d.receipt(flagged, R::Cleared, 60, &[])?;
    d.at_days(1.2)?;
    let mut ngo = ReceiptSpec::new(
        "Threats against health workers in Kabo",
        "NSF/ALERT/2026/131",
        &e.ngo,
    );
    ngo.level = Unclassified;
    d.receipt(ngo, R::Cleared, 60, &[])?;
    d.receipt(
        ReceiptSpec::new("Incident summary, Paoua market", "NSF/INC/2026/133", &e.ngo),
        R::Received,
        60,
        &[],
    )?;
    d.at_days(1.0)?;
    d.share(
        ShareSpec::new(
            "Criminal network financing — follow-up",
            "JMAC/STR/2026/0042",
            &e.interior,
            true,
        ),
        S::Authorised,
        60,
    )?;
    let mut eutm = ShareSpec::new(
        "Threat assessment — training sites, November",
        "JMAC/STR/2026/0043",
        &e.eutm,
        true,
    );
    eutm.nature = Strategic;
    eutm.level = Unclassified;
    eutm.pre_authorisation = Some(&lists.eutm_sharing);
    d.share(eutm, S::Accepted, 60)?;
    let mut wfp = ShareSpec::new(
        "Convoy route risk, Kaga-Bandoro to Mbres",
        "JOC/OPS/2026/1040",
        &e.wfp,
        false,
    );
    wfp.poc = true;
    d.share(wfp, S::Authorised, 60)?;

    // Exchanges with UN agencies need no entity assessments (G 8.2), only the routing.
    d.at_days(0.6)?;
    let mut unhcr = ReceiptSpec::new(
        "Protection monitoring: returns to Kaga-Bandoro",
        "UNHCR/PM/2026/77",
        &e.unhcr,
    );
    unhcr.level = Unclassified;
    d.receipt(unhcr, R::Disseminated, 45, &[])?;
    let mut unicef = ShareSpec::new(
        "Briefing on grave violations against children, northern sector",
        "JMAC/STR/2026/0044",
        &e.unicef,
        false,
    );
    unicef.nature = Strategic;
    unicef.channel = Channel::VerbalInformal;
    d.share(unicef, S::Shared, 45)?;

    // What really happened, recorded as it happened (issue 8).
    super::truth::chapter(d, e)?;
    // What follows a disposition, and the relationship with an entity (issue 9).
    super::follow_up::chapter(d, e)?;
    // A product outside a scoped pre-authorised list, and the list's review (issue 9).
    super::lists::chapter(d, e, lists)?;

    // The night's imminent threats.
    d.at_minutes(165)?;
    let mut late = ReceiptSpec::new(
        "Planned attack on the Kaga-Bandoro IDP site tonight",
        "GEND-W/FLASH/2026/88",
        &e.gendarmerie,
    );
    late.imminent = true;
    late.poc = true;
    late.level = StrictlyConfidential;
    late.channel = Channel::VerbalInformal;
    d.receipt(late, R::Scanned, 10, &ALL_ALERTS)?;
    d.at_minutes(70)?;
    let mut urgent_share = ShareSpec::new(
        "Warning: planned attack on IDP site — protective measures",
        "JOC/FLASH/2026/1101",
        &e.battalion,
        true,
    );
    urgent_share.urgent = true;
    urgent_share.poc = true;
    d.share(urgent_share, S::Draft, 10)?;
    d.at_minutes(27)?;
    let mut fresh = ReceiptSpec::new(
        "Armed group convoy heading to Bambari, ETA dawn",
        "FACA-3/FLASH/1121",
        &e.battalion,
    );
    fresh.imminent = true;
    fresh.poc = true;
    d.receipt(
        fresh,
        R::Received,
        5,
        &[AlertRecipient::ForceCommander, AlertRecipient::ImFp],
    )?;
    Ok(())
}
