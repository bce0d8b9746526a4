//! The events of active monitoring and of the rules as written travel in bundles like any
//! other: the receiving station holds the same entity, with its incidents and suspensions, and
//! applies the same rules to it.

use crate::bundle_common::*;
use crate::common::{hrdd, sharing_overview};
use registrar::bundle::import::Outcome;
use registrar::domain::assessment_sharing::RiskConclusion;
use registrar::domain::change::Change;
use registrar::domain::guards;
use registrar::domain::marking::Classification::*;
use registrar::domain::monitoring::{AssessmentPart, Incident, SuspensionOutcome};
use registrar::domain::record::Record;

#[test]
fn g8_1_2_3_incidents_and_suspensions_travel_in_bundles() {
    let jmac = Station::new("MINUSCA-JMAC-1");
    let hq = Station::new("DPO-HQ");
    pair(&jmac, &hq, StrictlyConfidential, StrictlyConfidential);
    let faca = jmac.entity("FACA", Confidential);
    let eas = jmac
        .store
        .execute(
            "admin",
            None,
            Change::SharingAssessmentStarted {
                entity: faca.clone(),
                overview: sharing_overview(),
                marking: None,
            },
        )
        .unwrap();
    let steps = [
        (
            eas.clone(),
            Change::SharingAssessmentHumanRightsRecorded {
                part: hrdd(RiskConclusion::Acceptable, &[]),
            },
        ),
        (
            faca.clone(),
            Change::IncidentRecorded {
                incident: Incident {
                    what: "detainees reported killed".into(),
                    occurred_at: t0(),
                    source: "monitoring visit".into(),
                },
            },
        ),
        (
            faca.clone(),
            Change::AssessmentsSuspended {
                reason: "credible reports".into(),
                incident: Some(0),
            },
        ),
        (
            faca.clone(),
            Change::SuspensionReviewed {
                index: 0,
                outcome: SuspensionOutcome::Confirmed,
                finding: "the reports are confirmed".into(),
            },
        ),
    ];
    for (target, change) in steps {
        jmac.later(1);
        jmac.store.execute("admin", Some(&target), change).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let w = jmac.export_to("DPO-HQ", out.path());
    hq.later(10);
    let outcome = hq.import(&w.bundle).unwrap();
    assert!(matches!(outcome, Outcome::Applied { .. }), "{outcome:?}");
    hq.assert_consistent();
    let Some(Record::Entity(e)) = hq.store.record(&faca).unwrap() else {
        panic!("entity not carried")
    };
    assert_eq!(e.monitoring.incidents[0].what, "detainees reported killed");
    let s = &e.monitoring.suspensions[0];
    assert_eq!(s.sharing.as_ref(), Some(&eas));
    assert_eq!(
        s.review.as_ref().map(|r| r.outcome),
        Some(SuspensionOutcome::Confirmed)
    );
    let r = guards::not_suspended(&e, AssessmentPart::Sharing, hq.store.now()).unwrap_err();
    assert_eq!(r.paragraph, "G 8.1.2.3");
}
