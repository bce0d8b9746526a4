//! The demo's chapter on scoped pre-authorised lists (G 8.1.8; issue 9): a product outside the
//! series EUTM's entry covers is refused the entry and is assessed and decided on its own (the
//! decision says so), and the entry's periodic review records what the reviewer confirmed,
//! item by item.

use super::builder::{Demo, authority};
use super::content;
use super::scenario::{Entities, Lists};
use crate::cli::CliError;
use crate::domain::access::Actor;
use crate::domain::change::Change;
use crate::domain::marking::{Classification, Marking};
use crate::domain::nature::Nature;
use crate::domain::pre_authorisation_scope::{PreAuthorisationReview, Scope};
use crate::domain::share::{Channel, Extent, Product, ShareDraft};
use crate::store::ExecuteError;

pub(super) fn chapter(d: &Demo, e: &Entities, lists: &Lists) -> Result<(), CliError> {
    let failed = |e: crate::store::StoreError| CliError::Failure(e.to_string());
    d.later(5);
    // An operational report for EUTM: the entry covers its monthly strategic assessments only.
    let share = d.create(
        "analyst",
        Change::ShareDrafted {
            draft: ShareDraft {
                product: Product {
                    title: "Armed group movements near the Bouar training site".into(),
                    reference: "JOC/OPS/2026/0912".into(),
                    summary: "Two armed-group columns observed 15 km east of the site".into(),
                    marking: Marking::un(Classification::Confidential),
                    nature: Nature::OperationalTactical,
                    poc_threat: false,
                },
                recipient: e.eutm.clone(),
                recipient_unit: None,
                extent: Extent::Full,
                channel: Channel::Electronic,
                urgent: false,
                derived_from: Vec::new(),
                acquiring_office: "JMAC Sector Centre".into(),
            },
        },
    )?;
    d.later(5);
    d.on("imfp", &share, Change::SanitisationConfirmed)?;
    d.later(5);
    let (who, role) = authority(Nature::OperationalTactical);
    let decide = |reason: String, pre_authorisation| Change::ShareDecided {
        authorise: true,
        authority: role,
        reason,
        pre_authorisation,
        decided_at: None,
    };
    let person = Actor {
        name: who.into(),
        roles: Vec::new(),
        clearance: Classification::Unclassified,
    };
    // Relying on the entry: refused, the product is not of its series (G 8.1.8).
    let refusal = match d.store.execute_as(
        &person,
        Some(&share),
        decide(
            "Monthly product on the list".into(),
            Some(lists.eutm_sharing.clone()),
        ),
    ) {
        Err(ExecuteError::Refused(r)) if r.paragraph == "G 8.1.8" => r,
        other => {
            return Err(CliError::Failure(format!(
                "building the demo registry: the out-of-scope share was not refused by its pre-authorised entry ({other:?})"
            )));
        }
    };
    // Assessed on its own, then decided case by case.
    d.on(
        "analyst",
        &share,
        Change::SharingRiskAssessed {
            assessment: content::risk_assessment(
                true,
                Some("JMAC Sector Centre"),
                Classification::Confidential,
                d.store
                    .previous_issues(&e.eutm, &share, d.now())
                    .map_err(failed)?,
            ),
        },
    )?;
    d.later(5);
    d.on(
        who,
        &share,
        decide(
            format!(
                "Not covered by the pre-authorised list ({refusal}); assessed on its own and decided case by case"
            ),
            None,
        ),
    )?;
    d.later(5);
    d.on(
        "imfp",
        &share,
        Change::ConditionsAccepted {
            acceptance: content::acceptance(d.now()),
        },
    )?;
    d.later(5);
    d.on(
        "imfp",
        &share,
        Change::ShareMarkedShared { shared_at: d.now() },
    )?;
    // The entry's periodic review: the reviewer confirms each item of the checklist.
    d.later(5);
    d.on(
        "hom",
        &lists.eutm_sharing,
        Change::PreAuthorisationReviewed {
            review: PreAuthorisationReview {
                products_within_scope: true,
                still_regular: true,
                no_unrecorded_concern: true,
                assessment_read: true,
                finding: "Monthly assessments shared as agreed (JMAC/STR/ series, strategic, up to Confidential); the operational report JOC/OPS/2026/0912 was kept outside the list and assessed on its own".into(),
                scope: Scope {
                    reference_prefix: "JMAC/STR/".into(),
                    natures: vec![Nature::Strategic],
                },
                max_classification: Classification::Confidential,
            },
        },
    )?;
    Ok(())
}
