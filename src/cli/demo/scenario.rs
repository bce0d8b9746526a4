//! The demo mission's story: five months of a JMAC registry, ending at "now" with items in
//! every queue. Written in the order things happened, because the log is a timeline.

use super::builder::Demo;
use super::chapters;
use super::content::{self, entity};
use crate::cli::CliError;
use crate::domain::assessment_sharing::RiskConclusion;
use crate::domain::change::Change;
use crate::domain::entity::EntityKind::{self, *};
use crate::domain::grades::Reliability;
use crate::domain::ids::RecordId;
use crate::domain::marking::{Classification::*, Marking};
use crate::domain::nature::Nature;
use crate::domain::pre_authorisation::{Direction, PreAuthorisationTerms};
use crate::domain::pre_authorisation_scope::Scope;

/// Ids the story refers back to.
pub(super) struct Lists {
    pub(super) eutm_sharing: RecordId,
    pub(super) battalion_receipt: RecordId,
}

pub struct Entities {
    pub battalion: RecordId,
    pub gendarmerie: RecordId,
    pub guard: RecordId,
    pub tcc: RecordId,
    pub defence_intel: RecordId,
    pub interior: RecordId,
    pub eutm: RecordId,
    pub au: RecordId,
    pub ngo: RecordId,
    pub embassy: RecordId,
    pub foreign_affairs: RecordId,
    pub unhcr: RecordId,
    pub unicef: RecordId,
    pub wfp: RecordId,
}

pub fn build(d: &Demo) -> Result<Entities, CliError> {
    d.at_days(150.0)?;
    let e = register_entities(d)?;
    let lists = assessments_and_lists(d, &e)?;
    let onward = chapters::history(d, &e, &lists)?;
    chapters::open_work(d, &e, &lists, onward)?;
    d.clock.set(d.base);
    Ok(e)
}

fn register(d: &Demo, details: crate::domain::entity::EntityDetails) -> Result<RecordId, CliError> {
    d.later(7);
    d.create("imfp", Change::EntityRegistered { details })
}

fn register_entities(d: &Demo) -> Result<Entities, CliError> {
    let sf = |n: &str, m: &str| entity(n, NonUnSecurityForce, m, Confidential);
    let ca = |n: &str, m: &str| entity(n, CivilianAuthorityOverSecurityForces, m, Confidential);
    let civ = |n: &str, m: &str| entity(n, OtherNonUnCivilian, m, Unclassified);
    let un = |n: &str, m: &str| entity(n, NonMissionUn, m, Unclassified);
    let e = Entities {
        battalion: register(
            d,
            sf(
                "National Armed Forces — 3rd Infantry Battalion",
                "Territorial defence of the north-west sector",
            ),
        )?,
        gendarmerie: register(
            d,
            sf(
                "National Gendarmerie — Western Brigade",
                "Public order and judicial police in the western prefectures",
            ),
        )?,
        guard: register(
            d,
            sf(
                "Presidential Guard — Intelligence Unit",
                "Protection of state institutions",
            ),
        )?,
        tcc: register(
            d,
            sf(
                "Contributing Country A — National Intelligence Liaison Cell",
                "Force protection of the national contingent",
            ),
        )?,
        defence_intel: register(
            d,
            ca(
                "Ministry of Defence — Directorate of Military Intelligence",
                "Direction of military intelligence of the national forces",
            ),
        )?,
        interior: register(
            d,
            content::with_sub_component(
                ca(
                    "Ministry of Interior — Directorate of Public Security",
                    "Command of the police and gendarmerie",
                ),
                "Central Office for the Repression of Banditry",
            ),
        )?,
        eutm: register(
            d,
            civ(
                "European Union Training Mission",
                "Training and advice to the national armed forces",
            ),
        )?,
        au: register(
            d,
            civ(
                "African Union Liaison Office",
                "Political support to the peace agreement",
            ),
        )?,
        ngo: register(
            d,
            civ(
                "NGO Safety Forum",
                "Security information for humanitarian NGOs",
            ),
        )?,
        embassy: register(
            d,
            content::with_handling_standards(
                civ(
                    "Embassy of Country B — Defence Attaché Office",
                    "Bilateral defence cooperation",
                ),
                "Originator's national SECRET handling: double envelope, registered custody, no copies",
            ),
        )?,
        foreign_affairs: register(
            d,
            civ(
                "Ministry of Foreign Affairs",
                "External relations of the host state",
            ),
        )?,
        unhcr: register(
            d,
            un("UNHCR Sub-Office North", "Protection of refugees and IDPs"),
        )?,
        unicef: register(
            d,
            un(
                "UNICEF Country Office",
                "Child protection and monitoring of grave violations against children",
            ),
        )?,
        wfp: register(d, un("WFP Area Office", "Food assistance delivery"))?,
    };
    d.later(60);
    d.on(
        "hro",
        &e.interior,
        Change::SubComponentExcluded {
            name: "Central Office for the Repression of Banditry".into(),
            reason: "Credible reports of extrajudicial executions (HRDDP high risk)".into(),
        },
    )?;
    Ok(e)
}

/// Runs an Entity Assessment for Sharing to completion (or leaves part 2 pending).
pub(super) fn sharing_assessment(
    d: &Demo,
    entity: &RecordId,
    kind: EntityKind,
    conclusion: RiskConclusion,
    mitigations: &[&str],
    complete: bool,
) -> Result<RecordId, CliError> {
    let id = d.create(
        "analyst",
        Change::SharingAssessmentStarted {
            entity: entity.clone(),
            overview: content::sharing_overview("As registered"),
            marking: None,
        },
    )?;
    if complete {
        d.later(24 * 60);
        d.on(
            "hro",
            &id,
            Change::SharingAssessmentHumanRightsRecorded {
                part: content::human_rights(kind, conclusion, mitigations),
            },
        )?;
        for index in 0..mitigations.len() {
            d.later(12 * 60);
            d.on("imfp", &id, Change::MitigationConfirmed { index })?;
        }
    }
    Ok(id)
}

pub(super) fn receipt_assessment(
    d: &Demo,
    entity: &RecordId,
    reliability: Reliability,
    complete: bool,
) -> Result<RecordId, CliError> {
    let id = d.create(
        "analyst",
        Change::ReceiptAssessmentStarted {
            entity: entity.clone(),
            overview: content::receipt_overview(reliability),
            marking: None,
        },
    )?;
    if complete {
        d.later(24 * 60);
        d.on(
            "hro",
            &id,
            Change::ReceiptAssessmentHumanRightsRecorded {
                scan: content::human_rights_scan(),
            },
        )?;
    }
    Ok(id)
}

/// A pre-authorised entry for the series whose references begin with `prefix` (G 8.1.8, G 9.10).
fn pre_authorise(
    d: &Demo,
    entity: &RecordId,
    direction: Direction,
    products: &str,
    (prefix, natures): (&str, &[Nature]),
) -> Result<RecordId, CliError> {
    d.create(
        "hom",
        Change::PreAuthorised {
            terms: PreAuthorisationTerms {
                entity: entity.clone(),
                direction,
                products: products.into(),
                max_classification: Confidential,
                marking: Marking::un(Unclassified),
                scope: Some(Scope {
                    reference_prefix: prefix.into(),
                    natures: natures.to_vec(),
                }),
            },
        },
    )
}

fn assessments_and_lists(d: &Demo, e: &Entities) -> Result<Lists, CliError> {
    use RiskConclusion::*;
    // Completed 118 days ago: past its 90-day review, so overdue.
    d.at_days(120.0)?;
    sharing_assessment(d, &e.gendarmerie, NonUnSecurityForce, Acceptable, &[], true)?;
    d.at_days(112.0)?;
    sharing_assessment(d, &e.au, OtherNonUnCivilian, Acceptable, &[], true)?;
    d.at_days(110.0)?;
    pre_authorise(
        d,
        &e.au,
        Direction::Sharing,
        "Weekly security situation overview (sanitised)",
        ("JMAC/WSO/", &[Nature::Strategic]),
    )?;
    d.at_days(100.0)?;
    pre_authorise(
        d,
        &e.gendarmerie,
        Direction::Receipt,
        "Daily incident reports of the Western Brigade",
        ("GEND-WB/DIR/", &[Nature::OperationalTactical]),
    )?;

    d.at_days(60.0)?;
    sharing_assessment(
        d,
        &e.battalion,
        NonUnSecurityForce,
        AcceptableWithMitigation,
        &[
            "Battalion commander's written undertaking on the protection of detainees",
            "Human rights training for the battalion's intelligence section",
        ],
        true,
    )?;
    d.at_days(58.0)?;
    receipt_assessment(d, &e.battalion, Reliability::B, true)?;
    d.at_days(55.0)?;
    sharing_assessment(d, &e.guard, NonUnSecurityForce, Acceptable, &[], true)?;
    sharing_assessment(d, &e.eutm, OtherNonUnCivilian, Acceptable, &[], true)?;
    d.at_days(53.0)?;
    let eutm_sharing = pre_authorise(
        d,
        &e.eutm,
        Direction::Sharing,
        "Monthly threat assessment for training sites",
        ("JMAC/STR/", &[Nature::Strategic]),
    )?;
    d.at_days(50.0)?;
    receipt_assessment(d, &e.ngo, Reliability::C, true)?;
    receipt_assessment(d, &e.embassy, Reliability::A, true)?;
    d.at_days(45.0)?;
    receipt_assessment(d, &e.defence_intel, Reliability::C, true)?;
    d.at_days(40.0)?;
    sharing_assessment(
        d,
        &e.interior,
        CivilianAuthorityOverSecurityForces,
        Acceptable,
        &[],
        true,
    )?;
    receipt_assessment(d, &e.gendarmerie, Reliability::B, true)?;
    let battalion_receipt = pre_authorise(
        d,
        &e.battalion,
        Direction::Receipt,
        "Daily situation reports of the battalion",
        ("FACA-3/SITREP/", &[Nature::OperationalTactical]),
    )?;
    d.at_days(38.0)?;
    sharing_assessment(
        d,
        &e.defence_intel,
        CivilianAuthorityOverSecurityForces,
        Acceptable,
        &[],
        true,
    )?;
    Ok(Lists {
        eutm_sharing,
        battalion_receipt,
    })
}
