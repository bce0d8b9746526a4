//! The register tells the truth (issue 8), in what oversight reads: a dissemination keeps the
//! time it happened (G 9.7, G C "Registers"), and the registers built from the records use it.

use crate::common;

use common::*;
use registrar::domain::change::Change;
use registrar::domain::grades::Reliability;
use registrar::domain::ids::Time;
use registrar::domain::receipt::{AlertRecipient, Dissemination, IncomingReceipt};
use registrar::domain::record::Record;
use registrar::domain::role::Role;
use registrar::domain::view::RegistryView;
use registrar::register::compliance::Compliance;
use registrar::register::filter::Visibility;
use registrar::register::row::RegisterRow;

fn disseminate_at(at: Option<Time>) -> Change {
    Change::DisseminationToPeopleDecided {
        dissemination: Dissemination {
            authority: Role::Hom,
            recipients: Vec::new(),
            people: crate::common::listed(&[crate::common::READER]),
            flag: None,
            disseminated_at: at,
        },
    }
}

fn receipt_of(
    reg: &registrar::domain::memory::MemoryRegistry,
    id: &registrar::domain::ids::RecordId,
) -> IncomingReceipt {
    match reg.view.record(id) {
        Some(Record::Receipt(r)) => r,
        other => panic!("{id} is not a receipt: {other:?}"),
    }
}

#[test]
fn g9_7_a_dissemination_keeps_its_stated_time_not_before_clearance_nor_in_the_future() {
    let mut reg = registry();
    let (_, rcp) = receipt_ready_for_clearance(&mut reg, Reliability::B);
    reg.ok(Some(&rcp), clear(), minute(20));

    let r = reg.refused(Some(&rcp), disseminate_at(Some(minute(10))), minute(60));
    assert_refusal(
        &r,
        "G 9.7",
        &["cannot precede the clearance", "disseminated ≥ cleared"],
    );
    let r = reg.refused(Some(&rcp), disseminate_at(Some(minute(90))), minute(60));
    assert_refusal(&r, "G 9.7", &["dissemination", "future"]);

    // Disseminated at 08:25, recorded at 09:00: the register says 08:25.
    reg.ok(Some(&rcp), disseminate_at(Some(minute(25))), minute(60));
    let r = receipt_of(&reg, &rcp);
    let d = r.dissemination.as_ref().unwrap();
    assert_eq!(d.disseminated_at(), minute(25));
    assert_eq!(d.at, minute(60), "the registry keeps when it was recorded");
    assert_eq!(r.dispositioned_at(), Some(minute(25)));
    let row = RegisterRow::of(&Record::Receipt(r), Visibility::Full, &|id| id.to_string()).unwrap();
    assert_eq!(row.closed, Some(("disseminated", minute(25))));
}

#[test]
fn g9_7_a_dissemination_without_a_stated_time_happened_when_recorded() {
    let mut reg = registry();
    let (_, rcp) = receipt_ready_for_clearance(&mut reg, Reliability::B);
    reg.ok(Some(&rcp), clear(), minute(20));
    reg.ok(Some(&rcp), disseminate_at(None), minute(30));
    let r = receipt_of(&reg, &rcp);
    assert_eq!(r.dispositioned_at(), Some(minute(30)));
}

#[test]
fn g9_2_an_imminent_threat_disseminated_in_time_but_recorded_late_is_not_late() {
    let mut reg = registry();
    let (faca, _) = receipt_ready_for_clearance(&mut reg, Reliability::B);
    let mut c = capture(
        &faca,
        registrar::domain::nature::Nature::OperationalTactical,
        minute(0),
    );
    c.imminent_threat = true;
    let rcp = register(&mut reg, c, minute(0));
    for to in [
        AlertRecipient::ForceCommander,
        AlertRecipient::ImFp,
        AlertRecipient::Dss,
    ] {
        reg.ok(
            Some(&rcp),
            Change::AlertRecorded { to, at: minute(5) },
            minute(5),
        );
    }
    scan(&mut reg, &rcp, irs(false, &[]), minute(30));
    reg.ok(Some(&rcp), clear(), minute(40));
    // Disseminated within the two hours, typed in at 10:30 (150 minutes after receipt).
    reg.ok(Some(&rcp), disseminate_at(Some(minute(90))), minute(150));

    let mut figures = Compliance::new(minute(-60), minute(24 * 60), minute(24 * 60));
    for record in reg.view.records.values() {
        figures.add(record, Visibility::Full);
    }
    let figures = figures.finish();
    let line = figures
        .imminent
        .iter()
        .find(|l| l.id == rcp.as_str())
        .expect("the imminent threat is in the figures");
    assert!(line.dispositioned);
    assert_eq!(line.minutes, 90, "from receipt to the stated dissemination");
    assert_eq!(line.late_by(), None);
}

/// User test 2 §6: a "yes" revised to "no" and back to "yes" restarted the G 9.2 clock, and
/// the compliance sheet said 0 minutes against a "limit" of 210. The clock runs from the
/// first "yes"; the sheet measures from it against the mission's limit.
#[test]
fn g9_2_a_yes_revised_to_no_and_back_does_not_restart_the_clock_nor_the_compliance_figure() {
    let mut reg = registry();
    let (faca, _) = receipt_ready_for_clearance(&mut reg, Reliability::B);
    let rcp = register(
        &mut reg,
        capture(
            &faca,
            registrar::domain::nature::Nature::OperationalTactical,
            minute(0),
        ),
        minute(0),
    );
    let determine = |imminent: bool, at: Time, reason: &str| Change::ThreatDetermined {
        imminent,
        at,
        reason: reason.into(),
    };
    reg.ok(Some(&rcp), determine(true, minute(60), ""), minute(60));
    assert_eq!(receipt_of(&reg, &rcp).deadline, Some(minute(180)));
    reg.ok(
        Some(&rcp),
        determine(false, minute(90), "recheck"),
        minute(90),
    );
    assert_eq!(receipt_of(&reg, &rcp).deadline, None);
    reg.ok(Some(&rcp), determine(true, minute(90), "again"), minute(90));
    let r = receipt_of(&reg, &rcp);
    assert_eq!(
        r.deadline,
        Some(minute(180)),
        "from the first yes, not the re-affirmed one"
    );
    assert_eq!(r.urgent_clock_start(), Some(minute(60)));

    let mut figures = Compliance::new(minute(-60), minute(24 * 60), minute(90));
    for record in reg.view.records.values() {
        figures.add(record, Visibility::Full);
    }
    let figures = figures.finish();
    let line = figures
        .imminent
        .iter()
        .find(|l| l.id == rcp.as_str())
        .expect("the imminent threat is in the figures");
    assert_eq!(line.minutes, 30, "an imminent threat for 30 minutes");
    assert_eq!(line.limit_minutes, 120, "the mission's limit");
}
