//! G 8.1.5, originator control of mission PKI: a request to pass a shared product onward is
//! recorded against a share that was shared; the answer is written, given once, by the
//! competent authority (the one the delegation matrix names for the share, or the HoM).

use super::non_empty;
use super::truth::not_in_future;
use crate::domain::change::Change;
use crate::domain::entity::Entity;
use crate::domain::ids::Time;
use crate::domain::refusal::{Guard, Refusal};
use crate::domain::role::Role;
use crate::domain::share::{OutgoingShare, ShareState};
use crate::domain::view::RegistryView;

/// The guard of an originator-control change on a share, or `None` for any other change.
pub fn share_change(
    s: &OutgoingShare,
    entity: &Entity,
    change: &Change,
    view: &dyn RegistryView,
    now: Time,
    actor: &str,
) -> Option<Guard> {
    match change {
        Change::OnwardRequestRecorded { request } => Some((|| {
            if !matches!(s.state, ShareState::Shared | ShareState::SharedAfterTheFact) {
                return Err(Refusal::new(
                    "G 8.1.5",
                    format!(
                        "{} has not been shared ({}): there is nothing for {} to pass on",
                        s.id,
                        s.state,
                        entity.name()
                    ),
                ));
            }
            non_empty(
                &request.to_whom,
                "G 8.1.5",
                "to whom the entity would pass it",
            )?;
            non_empty(&request.purpose, "G 8.1.5", "why the entity asks")?;
            non_empty(
                &request.reference,
                "G 8.1.5",
                "the entity's written request",
            )?;
            not_in_future(
                request.requested_at,
                now,
                "G 8.1.5",
                "when the entity asked",
            )
        })()),
        Change::OnwardRequestAnswered { index, answer } => Some((|| {
            let Some(c) = s.onward_requests.get(*index) else {
                return Err(Refusal::new(
                    "G 8.1.5",
                    format!("{} has no onward request {}", s.id, index + 1),
                ));
            };
            if let Some(a) = &c.answer {
                return Err(Refusal::new(
                    "G 8.1.5",
                    format!(
                        "the request of {} to pass {} to {} was already {} by {} ({})",
                        entity.name(),
                        s.id,
                        c.request.to_whom,
                        if a.approved { "approved" } else { "refused" },
                        a.by,
                        a.reference
                    ),
                ));
            }
            non_empty(
                &answer.reference,
                "G 8.1.5",
                "the written approval or refusal",
            )?;
            non_empty(
                &answer.terms,
                "G 8.1.5",
                if answer.approved {
                    "the conditions of the approval"
                } else {
                    "the reason for refusing"
                },
            )?;
            super::sharing_rules::g8_sharing_authority(s, entity, answer.authority, actor, view)
                .map_err(|r| {
                    let mut r = r;
                    r.paragraph = "G 8.1.5";
                    r.next = r.next.or(Some(Role::Hom));
                    r
                })
        })()),
        _ => None,
    }
}
