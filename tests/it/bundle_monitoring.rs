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

#[test]
fn g9_9_g9_13_notices_communications_and_revisions_travel_in_bundles() {
    use registrar::domain::entity_review::{
        RevisionAction, RevisionFinding, TortureRefusalCommunication,
    };
    use registrar::domain::follow_up::HumanRightsNotice;
    use registrar::domain::grades::Credibility;
    use registrar::domain::receipt::Rejection;
    let jmac = Station::new("MINUSCA-JMAC-1");
    let hq = Station::new("DPO-HQ");
    pair(&jmac, &hq, StrictlyConfidential, StrictlyConfidential);
    let faca = jmac.entity("FACA", Confidential);
    let rcp = jmac.receipt(&faca, "detainee statements", Confidential);
    jmac.scan(&rcp, Credibility::DoubtfullyTrue);
    let steps = [
        (
            rcp.clone(),
            Change::ReceiptRejected {
                rejection: Rejection {
                    reason: "statements taken under torture".into(),
                    grave_violations: true,
                    human_rights_informed: true,
                    human_rights_notice: Some(HumanRightsNotice {
                        to: "HRD duty officer".into(),
                        at: jmac.store.now(),
                    }),
                },
            },
        ),
        (
            rcp.clone(),
            Change::HumanRightsNoticeAcknowledged {
                response: "case opened".into(),
            },
        ),
        (
            faca.clone(),
            Change::TortureRefusalCommunicated {
                communication: TortureRefusalCommunication {
                    communicated_at: t0(),
                    how: "letter SRSG/2026/311".into(),
                },
            },
        ),
        (
            faca.clone(),
            Change::RevisionRecorded {
                revision: RevisionFinding {
                    from: t0() - chrono::Duration::days(90),
                    to: t0(),
                    finding: "doubtful products from one unit".into(),
                    action: RevisionAction::Reassess,
                    action_details: "new Entity Assessment for Receipt".into(),
                },
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
    assert_eq!(e.monitoring.torture_refusal[0].how, "letter SRSG/2026/311");
    assert_eq!(e.monitoring.revisions[0].action, RevisionAction::Reassess);
    let Some(Record::Receipt(r)) = hq.store.record(&rcp).unwrap() else {
        panic!("receipt not carried")
    };
    let notice = r
        .rejection
        .as_ref()
        .and_then(|j| j.human_rights_notice.as_ref());
    assert_eq!(notice.map(|n| n.to.as_str()), Some("HRD duty officer"));
    assert_eq!(
        r.follow_up
            .notice_acknowledged
            .as_ref()
            .map(|a| a.value.as_str()),
        Some("case opened")
    );
}

#[test]
fn g9_7_a_dissemination_to_named_people_travels_in_bundles() {
    use crate::common::{human_rights_scan, receipt_overview};
    use registrar::domain::grades::{Credibility, Reliability};
    use registrar::domain::need_to_know::Listed;
    use registrar::domain::receipt::{Dissemination, ReceiptState};
    use registrar::domain::role::Role;
    let jmac = Station::new("MINUSCA-JMAC-1");
    let hq = Station::new("DPO-HQ");
    pair(&jmac, &hq, StrictlyConfidential, StrictlyConfidential);
    let faca = jmac.entity("FACA", Confidential);
    let ear = jmac
        .store
        .execute(
            "admin",
            None,
            Change::ReceiptAssessmentStarted {
                entity: faca.clone(),
                overview: receipt_overview(Reliability::B),
                marking: None,
            },
        )
        .unwrap();
    let scan = crate::common::confirming(
        &registrar::domain::view::MemoryView::default(),
        None,
        Change::ReceiptAssessmentHumanRightsRecorded {
            scan: human_rights_scan(),
        },
    );
    jmac.store.execute("admin", Some(&ear), scan).unwrap();
    let rcp = jmac.receipt(&faca, "Convoy movements", Confidential);
    jmac.scan(&rcp, Credibility::ProbablyTrue);
    jmac.store
        .execute(
            "admin",
            Some(&rcp),
            Change::ReceiptCleared {
                pre_authorisation: None,
            },
        )
        .unwrap();
    jmac.later(1);
    let people = vec![Listed {
        user: "admin".into(),
        via: Some(Role::Imfp),
    }];
    jmac.store
        .execute(
            "admin",
            Some(&rcp),
            Change::DisseminationToPeopleDecided {
                dissemination: Dissemination {
                    authority: Role::Hom,
                    recipients: Vec::new(),
                    people: people.clone(),
                    flag: None,
                    disseminated_at: None,
                },
            },
        )
        .unwrap();
    let out = tempfile::tempdir().unwrap();
    let w = jmac.export_to("DPO-HQ", out.path());
    hq.later(10);
    let outcome = hq.import(&w.bundle).unwrap();
    assert!(matches!(outcome, Outcome::Applied { .. }), "{outcome:?}");
    hq.assert_consistent();
    let Some(Record::Receipt(r)) = hq.store.record(&rcp).unwrap() else {
        panic!("receipt not carried")
    };
    assert_eq!(r.state, ReceiptState::Disseminated);
    assert_eq!(r.dissemination.unwrap().value.people, people);
}
