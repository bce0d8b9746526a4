//! Mission settings: review interval, urgent time limits, red flags, default marking and the
//! delegation matrix (G 8 "Sharing Authority", G 9 "Receiving Authority", P 11.4.1).

use super::entity::EntityKind;
use super::marking::{Classification, Marking};
use super::nature::Nature;
use super::role::Role;
use chrono::Duration;
use serde::{Deserialize, Serialize};

/// Which decision a delegation rule covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Deciding to share PKI with an external entity.
    Share,
    /// Deciding how received intelligence is disseminated within the mission.
    Disseminate,
}

/// One row of the delegation matrix. An empty criterion matches anything; the first row that
/// matches names the authority.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DelegationRule {
    pub decision: Decision,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nature: Option<Nature>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classification: Option<Classification>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_kind: Option<EntityKind>,
    pub authority: Role,
    /// The person delegated to (a registered user holding `authority`), when the Support Plan
    /// names a person rather than everyone in the role (G 8 a: "to different personnel").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// Where the Mission PKI Support Plan writes this delegation down (G 8 a: "clearly
    /// indicated in the MISP").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub support_plan: String,
}

/// What the default matrix cites: the Guidelines' recommendation, until the mission's own
/// Support Plan is cited.
pub const RECOMMENDED: &str = "Guidelines' recommendation (G 8 b, G 9 b)";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DelegationMatrix {
    pub rules: Vec<DelegationRule>,
}

impl Default for DelegationMatrix {
    /// Strategic → MICM Chair (recommended by G 8 b and G 9 b); operational/tactical → HoM,
    /// who may name a delegate in the settings.
    fn default() -> Self {
        let rule = |decision, nature, authority| DelegationRule {
            decision,
            nature: Some(nature),
            classification: None,
            entity_kind: None,
            authority,
            person: None,
            support_plan: RECOMMENDED.to_string(),
        };
        DelegationMatrix {
            rules: vec![
                rule(Decision::Share, Nature::Strategic, Role::Micm),
                rule(Decision::Share, Nature::OperationalTactical, Role::Hom),
                rule(Decision::Disseminate, Nature::Strategic, Role::Micm),
                rule(
                    Decision::Disseminate,
                    Nature::OperationalTactical,
                    Role::Hom,
                ),
            ],
        }
    }
}

impl DelegationMatrix {
    /// The competent authority for a decision on a product of this classification, entity
    /// kind and nature. Without a matching row, the authority stays with the HoM (G 8 a).
    pub fn authority(
        &self,
        decision: Decision,
        classification: Classification,
        entity_kind: EntityKind,
        nature: Nature,
    ) -> Role {
        self.rule(decision, classification, entity_kind, nature)
            .map_or(Role::Hom, |r| r.authority)
    }

    /// The first rule matching a decision, if any (none: the HoM keeps it).
    pub fn rule(
        &self,
        decision: Decision,
        classification: Classification,
        entity_kind: EntityKind,
        nature: Nature,
    ) -> Option<&DelegationRule> {
        self.rules.iter().find(|r| {
            r.decision == decision
                && r.nature.is_none_or(|n| n == nature)
                && r.classification.is_none_or(|c| c == classification)
                && r.entity_kind.is_none_or(|k| k == entity_kind)
        })
    }

    /// Whether `person`, deciding as `role`, is the competent authority under this matrix:
    /// the Head of Mission always is (G 8 a); otherwise the matching rule's role, and its
    /// person when the rule names one.
    pub fn allows(
        &self,
        decision: Decision,
        classification: Classification,
        entity_kind: EntityKind,
        nature: Nature,
        role: Role,
        person: &str,
    ) -> bool {
        if role == Role::Hom {
            return true;
        }
        match self.rule(decision, classification, entity_kind, nature) {
            None => false,
            Some(r) => r.authority == role && r.person.as_deref().is_none_or(|p| p == person),
        }
    }
}

/// Who a rule names, in words: "the MICM Chair" or "delegate.ba (delegated authority)".
pub fn named(rule: Option<&DelegationRule>) -> String {
    match rule {
        None => format!("the {}", Role::Hom),
        Some(DelegationRule {
            person: Some(p),
            authority,
            ..
        }) => format!("{p} ({authority})"),
        Some(r) => format!("the {}", r.authority),
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissionSettings {
    pub mission: String,
    /// Review interval for entity assessments and pre-authorised entries (G 8.1.2.3).
    pub review_interval_days: i64,
    /// Time limit for an imminent-threat receipt to be scanned and dispositioned (G 9.2).
    pub urgent_receipt_limit_minutes: i64,
    /// Time limit for an urgent share (G 8.1.7).
    pub urgent_share_limit_minutes: i64,
    /// Mission-defined red flags for the Intelligence Receipt Scan (G 9.12).
    pub red_flags: Vec<String>,
    /// Marking given to new assessments unless the author chooses another.
    pub default_assessment_marking: Classification,
    pub delegation: DelegationMatrix,
    /// How far another station's event times may lie ahead of this station's clock (a
    /// bundle with a later event is refused): clocks of air-gapped machines drift, but an
    /// accepted time from the future would date every later change of this station after it.
    #[serde(default = "default_clock_lead")]
    pub max_clock_lead_minutes: i64,
    /// The largest bundle file import reads.
    #[serde(default = "default_bundle_size")]
    pub max_bundle_megabytes: u64,
    /// The console locks after this many minutes without a key, and asks the passphrase again:
    /// a shared terminal must not stay open on Strictly Confidential content.
    #[serde(default = "default_idle_lock_minutes")]
    pub idle_lock_minutes: i64,
    /// G 9.11: a receipt received longer ago than this is registered as registered late,
    /// saying who received it and why (a shift, by default).
    #[serde(default = "default_registered_late_after_hours")]
    pub registered_late_after_hours: i64,
    /// A registry made for exercises or training (`init --exercise`, or the demo): only
    /// such a registry accepts a pretend time (`--now`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exercise: bool,
}

fn default_idle_lock_minutes() -> i64 {
    10
}

/// 12 hours, a shift: the Guidelines give no number (G 9.11 asks that informally received
/// intelligence be reported for registration); a mission sets its own.
pub const DEFAULT_REGISTERED_LATE_AFTER_HOURS: i64 = 12;

fn default_registered_late_after_hours() -> i64 {
    DEFAULT_REGISTERED_LATE_AFTER_HOURS
}

/// 15 minutes: an ordinary quartz clock left without time synchronisation drifts by up to
/// about 2 s a day, some 10 minutes in a year; an hour or more is a wrong clock or time zone.
pub const DEFAULT_CLOCK_LEAD_MINUTES: i64 = 15;
/// 1024 MiB: a snapshot of a registry of a million records fits.
pub const DEFAULT_BUNDLE_MEGABYTES: u64 = 1024;

fn default_clock_lead() -> i64 {
    DEFAULT_CLOCK_LEAD_MINUTES
}

fn default_bundle_size() -> u64 {
    DEFAULT_BUNDLE_MEGABYTES
}

impl MissionSettings {
    pub fn new(mission: impl Into<String>) -> Self {
        MissionSettings {
            mission: mission.into(),
            review_interval_days: 90,
            urgent_receipt_limit_minutes: 120,
            urgent_share_limit_minutes: 240,
            red_flags: vec![
                "single uncorroborated source".to_string(),
                "source with political stake in the outcome".to_string(),
                "detainee-derived information".to_string(),
                "inconsistent with mission reporting".to_string(),
            ],
            default_assessment_marking: Classification::Confidential,
            delegation: DelegationMatrix::default(),
            max_clock_lead_minutes: DEFAULT_CLOCK_LEAD_MINUTES,
            max_bundle_megabytes: DEFAULT_BUNDLE_MEGABYTES,
            idle_lock_minutes: default_idle_lock_minutes(),
            registered_late_after_hours: DEFAULT_REGISTERED_LATE_AFTER_HOURS,
            exercise: false,
        }
    }

    pub fn idle_lock(&self) -> Duration {
        Duration::minutes(self.idle_lock_minutes)
    }

    /// G 9.11: how long after it came in a receipt is still registered in the ordinary way.
    pub fn registered_late_after(&self) -> Duration {
        Duration::hours(self.registered_late_after_hours)
    }

    pub fn review_interval(&self) -> Duration {
        Duration::days(self.review_interval_days)
    }

    pub fn urgent_receipt_limit(&self) -> Duration {
        Duration::minutes(self.urgent_receipt_limit_minutes)
    }

    pub fn urgent_share_limit(&self) -> Duration {
        Duration::minutes(self.urgent_share_limit_minutes)
    }

    pub fn max_clock_lead(&self) -> Duration {
        Duration::minutes(self.max_clock_lead_minutes)
    }

    pub fn max_bundle_bytes(&self) -> u64 {
        self.max_bundle_megabytes.saturating_mul(1 << 20)
    }

    pub fn default_marking(&self) -> Marking {
        Marking::un(self.default_assessment_marking)
    }

    /// Settings a person entered must make sense before they are recorded.
    pub fn validate(&self) -> Result<(), String> {
        if self.mission.trim().is_empty() {
            return Err("the mission name is empty".into());
        }
        if !(1..=366).contains(&self.review_interval_days) {
            return Err(format!(
                "review interval of {} days is outside 1–366",
                self.review_interval_days
            ));
        }
        if let Some(rule) = self
            .delegation
            .rules
            .iter()
            .find(|r| !matches!(r.authority, Role::Hom | Role::Micm | Role::Delegate))
        {
            return Err(format!(
                "the delegation matrix may name the Head of Mission, the MICM Chair or a delegated authority, not the {}",
                rule.authority
            ));
        }
        for (name, v) in [
            ("urgent receipt limit", self.urgent_receipt_limit_minutes),
            ("urgent share limit", self.urgent_share_limit_minutes),
            ("console idle lock", self.idle_lock_minutes),
        ] {
            if !(1..=10_080).contains(&v) {
                return Err(format!("{name} of {v} minutes is outside 1–10080"));
            }
        }
        if !(1..=168).contains(&self.registered_late_after_hours) {
            return Err(format!(
                "registered late after {} hours is outside 1–168 (G 9.11)",
                self.registered_late_after_hours
            ));
        }
        if !(0..=1_440).contains(&self.max_clock_lead_minutes) {
            return Err(format!(
                "maximum clock lead of {} minutes is outside 0–1440",
                self.max_clock_lead_minutes
            ));
        }
        if !(1..=65_536).contains(&self.max_bundle_megabytes) {
            return Err(format!(
                "maximum bundle size of {} MiB is outside 1–65536",
                self.max_bundle_megabytes
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_matrix_names_micm_for_strategic_and_hom_for_operational() {
        let m = DelegationMatrix::default();
        let k = EntityKind::NonUnSecurityForce;
        let c = Classification::Confidential;
        assert_eq!(
            m.authority(Decision::Share, c, k, Nature::Strategic),
            Role::Micm
        );
        assert_eq!(
            m.authority(Decision::Disseminate, c, k, Nature::OperationalTactical),
            Role::Hom
        );
    }

    #[test]
    fn first_matching_row_wins_and_hom_keeps_what_is_not_delegated() {
        let mut m = DelegationMatrix { rules: vec![] };
        let c = Classification::StrictlyConfidential;
        let k = EntityKind::OtherNonUnCivilian;
        assert_eq!(
            m.authority(Decision::Share, c, k, Nature::Strategic),
            Role::Hom
        );
        m.rules.push(DelegationRule {
            decision: Decision::Share,
            nature: None,
            classification: Some(Classification::Unclassified),
            entity_kind: None,
            authority: Role::Delegate,
            person: None,
            support_plan: "MISP annex C".into(),
        });
        assert_eq!(
            m.authority(Decision::Share, c, k, Nature::Strategic),
            Role::Hom
        );
        let u = Classification::Unclassified;
        assert_eq!(
            m.authority(Decision::Share, u, k, Nature::Strategic),
            Role::Delegate
        );
    }

    #[test]
    fn settings_out_of_range_are_refused() {
        let mut s = MissionSettings::new("MINUSCA");
        assert!(s.validate().is_ok());
        s.review_interval_days = 0;
        assert!(s.validate().is_err());
    }
}
