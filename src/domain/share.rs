//! Outgoing share (G 8.1, G 8.2) and its workflow state machine.

use super::attributed::Attributed;
use super::ids::{RecordId, Time};
use super::marking::Marking;
use super::nature::Nature;
use super::risk_assessment::SharingRiskAssessment;
use super::role::Role;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Written,
    Electronic,
    /// Verbal or other informal means (G 8.1.9, G 9.11): registered all the same.
    VerbalInformal,
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Channel::Written => "written",
            Channel::Electronic => "electronic",
            Channel::VerbalInformal => "verbal/informal",
        })
    }
}

/// Full or partial sharing (G 8.1.6): a partial share records what was withheld.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Extent {
    Full,
    Partial { withheld: String },
}

/// The product to be shared.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    pub title: String,
    pub reference: String,
    pub summary: String,
    pub marking: Marking,
    pub nature: Nature,
    /// Contains threats to civilians (G 8.2.1: the PoC manager is alerted).
    pub poc_threat: bool,
}

/// What the drafter registers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareDraft {
    pub product: Product,
    pub recipient: RecordId,
    /// The part of the entity that receives, if not the whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient_unit: Option<String>,
    pub extent: Extent,
    pub channel: Channel,
    /// Urgent sharing (G 8.1.7): same steps, utmost priority, mission time limit.
    pub urgent: bool,
    /// Received intelligence this product draws on (G 9.8: originator's written approval).
    #[serde(default)]
    pub derived_from: Vec<RecordId>,
    /// The office/unit that originally acquired the information (G 8.1.3.2).
    pub acquiring_office: String,
}

/// The decision of the sharing authority (G 8 "Sharing Authority").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharingDecision {
    pub authorise: bool,
    /// The role in which the person decided; must be the one the delegation matrix names.
    pub authority: Role,
    pub reason: String,
    /// When the decision was taken, as stated (the attribution keeps when it was recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<Time>,
}

impl Attributed<SharingDecision> {
    /// When the decision was taken: as stated, or when it was recorded.
    pub fn decided_at(&self) -> Time {
        self.value.decided_at.unwrap_or(self.at)
    }
}

/// The written acceptance of the G 8.1.5 conditions (or, for a non-mission UN entity, of
/// G 8.2.3, 8.2.4 and 8.2.6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConditionsAcceptance {
    /// Originator control: no onward sharing without the mission's explicit written approval.
    pub originator_control: bool,
    /// Use limited to safety and security of UN personnel, situational awareness and PoC.
    pub use_limited: bool,
    /// A narrower scope articulated by the mission, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub narrower_scope: Option<String>,
    /// Not to be used to instigate or facilitate human rights violations or other crimes.
    pub no_violations: bool,
    /// Security marking kept.
    pub marking_kept: bool,
    /// Handled and secured at an equivalent (or agreed) standard.
    pub equivalent_handling: bool,
    /// Name and position of who accepted, for the entity.
    pub accepted_by: String,
    /// Reference of the written acceptance (letter, note verbale, e-mail).
    pub document: String,
    /// Date of the written acceptance.
    pub accepted_on: Time,
}

/// Routing to a non-mission UN entity (G 8.2.1).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnRouting {
    /// Strategic PKI: Head of Office or equivalent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head_of_office: Option<String>,
    /// Operational/tactical: senior-most DSS official at the duty station.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dss_official: Option<String>,
    /// Operational/tactical: the Designated Official for security.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub designated_official: Option<String>,
    /// PoC threats: the senior-most PoC manager alerted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poc_manager_alerted: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShareState {
    Draft,
    RiskAssessed,
    Authorised,
    ConditionsAccepted,
    Shared,
    Declined,
    Withdrawn,
    /// Shared verbally or informally without the G 8 steps, registered afterwards (G 8.1.9):
    /// never counts as a gated share.
    SharedAfterTheFact,
}

/// The transitions a share can take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShareTransition {
    AssessRisk,
    Authorise,
    Decline,
    AcceptConditions,
    MarkShared,
    Withdraw,
}

impl ShareState {
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            ShareState::Shared
                | ShareState::Declined
                | ShareState::Withdrawn
                | ShareState::SharedAfterTheFact
        )
    }

    /// The state machine. Guards run on top of it; this only says which moves exist.
    /// `Draft → Authorised` exists for shares that need no per-product risk assessment
    /// (non-mission UN recipients, G 8.2; pre-authorised regular products, G 8.1.8).
    pub fn next(self, t: ShareTransition) -> Option<ShareState> {
        use ShareState as S;
        use ShareTransition as T;
        match (self, t) {
            (S::Draft | S::RiskAssessed, T::AssessRisk) => Some(S::RiskAssessed),
            (S::Draft | S::RiskAssessed, T::Authorise) => Some(S::Authorised),
            (S::Draft | S::RiskAssessed, T::Decline) => Some(S::Declined),
            // Decided again once the authorisation lapsed (G 8.1.10; the guard checks it).
            (S::Authorised | S::ConditionsAccepted, T::Authorise) => Some(S::Authorised),
            (S::Authorised | S::ConditionsAccepted, T::Decline) => Some(S::Declined),
            (S::Authorised, T::AcceptConditions) => Some(S::ConditionsAccepted),
            (S::ConditionsAccepted, T::MarkShared) => Some(S::Shared),
            (s, T::Withdraw) if !s.is_closed() => Some(S::Withdrawn),
            _ => None,
        }
    }
}

impl fmt::Display for ShareState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ShareState::Draft => "draft",
            ShareState::RiskAssessed => "risk assessed",
            ShareState::Authorised => "authorised",
            ShareState::ConditionsAccepted => "conditions accepted",
            ShareState::Shared => "shared",
            ShareState::Declined => "declined",
            ShareState::Withdrawn => "withdrawn",
            ShareState::SharedAfterTheFact => "shared informally — registered after the fact",
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutgoingShare {
    pub id: RecordId,
    pub draft: ShareDraft,
    pub state: ShareState,
    pub drafted_by: String,
    pub drafted_at: Time,
    /// Time limit for urgent shares, set from the mission settings when drafted (G 8.1.7).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Time>,
    /// Sanitisation confirmed (G 8.1.12, G 8.2.5): who confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sanitisation: Option<super::entity::Confirmation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk_assessment: Option<Attributed<SharingRiskAssessment>>,
    /// Pre-authorised list entry used instead of a per-product risk assessment (G 8.1.8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pre_authorisation: Option<RecordId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routing: Option<Attributed<UnRouting>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<Attributed<SharingDecision>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acceptance: Option<Attributed<ConditionsAcceptance>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared_at: Option<Time>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn_because: Option<String>,
    /// Shared verbally or informally and registered afterwards (G 8.1.9).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_the_fact: Option<super::after_the_fact::AfterTheFact>,
    /// Corrections of descriptive fields, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub amendments: Vec<super::correction::Amendment>,
    /// Voided as registered in error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voided: Option<super::correction::Void>,
    /// The entity's requests to pass the product onward and the written answers (G 8.1.5).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub onward_requests: Vec<super::originator_control::OnwardControl>,
}

impl OutgoingShare {
    /// When the register dates the share: when it was drafted; registered after the fact
    /// (nothing was drafted), when it was shared. Who recorded it and when stay in
    /// `drafted_by` / `drafted_at`.
    pub fn register_date(&self) -> Time {
        match (&self.after_the_fact, self.shared_at) {
            (Some(_), Some(at)) => at,
            _ => self.drafted_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_machine_has_no_shortcut_to_shared() {
        use ShareState as S;
        use ShareTransition as T;
        for s in [S::Draft, S::RiskAssessed, S::Authorised] {
            assert_eq!(s.next(T::MarkShared), None, "{s} must not jump to shared");
        }
        assert_eq!(S::ConditionsAccepted.next(T::MarkShared), Some(S::Shared));
        assert_eq!(S::Shared.next(T::Withdraw), None);
        assert_eq!(S::Declined.next(T::Authorise), None);
    }
}
