//! G 9.9 and G 9.13 on an entity: the Head of Mission's formal communication that the UN will
//! not receive intelligence obtained under torture, and the periodic revision's finding.

use super::truth::{in_order, not_in_future, show};
use super::{date, non_empty};
use crate::domain::entity::Entity;
use crate::domain::entity_review::{RevisionAction, RevisionFinding, TortureRefusalCommunication};
use crate::domain::ids::Time;
use crate::domain::refusal::{Guard, Refusal};

/// G 9.9: the communication goes to a non-UN counterpart, says how it was made, and is not
/// dated in the future.
pub fn torture_refusal(e: &Entity, c: &TortureRefusalCommunication, now: Time) -> Guard {
    if !e.kind().is_non_un() {
        return Err(Refusal::new(
            "G 9.9",
            format!(
                "{} is a UN entity: the HoM's communication is made to non-UN counterparts",
                e.name()
            ),
        ));
    }
    non_empty(&c.how, "G 9.9", "how it was communicated")?;
    not_in_future(c.communicated_at, now, "G 9.9", "when it was communicated")
}

/// G 9.13: a revision covers a past period, says what it found and what is to be done.
pub fn revision(e: &Entity, r: &RevisionFinding, now: Time) -> Guard {
    in_order(r.from, r.to, "G 9.13", || {
        format!(
            "the period revised ends ({}) before it begins ({})",
            show(r.to),
            show(r.from)
        )
    })?;
    if r.from == r.to {
        return Err(Refusal::new("G 9.13", "the period revised is empty"));
    }
    not_in_future(r.to, now, "G 9.13", "the end of the period revised")?;
    non_empty(&r.finding, "G 9.13", "the revision's finding")?;
    if r.action != RevisionAction::Continue {
        non_empty(
            &r.action_details,
            "G 9.13",
            "what is to be done, by whom and when",
        )?;
    }
    if let Some(last) = e
        .monitoring
        .revisions
        .iter()
        .find(|x| x.from == r.from && x.to == r.to)
    {
        return Err(Refusal::new(
            "G 9.13",
            format!(
                "{} was already revised for {} to {} (by {} on {})",
                e.name(),
                date(r.from),
                date(r.to),
                last.by,
                date(last.at)
            ),
        ));
    }
    Ok(())
}
