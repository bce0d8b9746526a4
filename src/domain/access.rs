//! Who may do what (G 8 "Sharing Authority", G 9 "Receiving Authority", G C "Registers" c–d,
//! P 11.3.3): the role each change needs, and what content each person may see.

use super::change::Change;
use super::marking::Classification;
use super::record::Record;
use super::role::Role;
use std::fmt;

/// The person acting, once authenticated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub name: String,
    pub roles: Vec<Role>,
    pub clearance: Classification,
}

impl Actor {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// A change refused because of the person's role (exit code 4 on the command line).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotAllowed {
    pub action: &'static str,
    /// The roles that may act.
    pub roles: Vec<Role>,
}

impl fmt::Display for NotAllowed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.roles.iter().map(|r| r.title()).collect();
        if names.is_empty() {
            write!(f, "no one may {}", self.action)
        } else {
            write!(f, "only the {} may {}", names.join(" or "), self.action)
        }
    }
}

impl std::error::Error for NotAllowed {}

use Role::*;

/// The roles that may record a change. Decisions name the authority they are taken as; the
/// person must hold that role, and the guards check the delegation matrix names it.
pub fn required_roles(change: &Change) -> (&'static str, Vec<Role>) {
    let (action, roles): (&'static str, &[Role]) = match change {
        Change::RegistryInitialised { .. } | Change::SettingsChanged { .. } => {
            ("change the mission settings", &[Admin])
        }
        // G 8 a: the HoM delegates; the IM FP may record it on the HoM's written instruction.
        // The station administrator manages accounts, not who decides.
        Change::DelegationChanged { .. } => {
            ("change who decides (delegation matrix)", &[Hom, Imfp])
        }
        Change::UserAdded { .. } | Change::UserDisabled | Change::UserRolesChanged { .. } => {
            ("manage users", &[Admin])
        }
        Change::PassphraseChanged => ("change a passphrase", &[]),
        Change::EntityRegistered { .. } | Change::HandlingStandardsConfirmed => {
            ("register entities", &[Imfp, Analyst])
        }
        Change::SubComponentExcluded { .. } => ("exclude a sub-component", &[Imfp, Hro]),
        Change::SharingAssessmentStarted { .. } | Change::ReceiptAssessmentStarted { .. } => (
            "write the overview of an entity assessment",
            &[Analyst, Imfp],
        ),
        Change::SharingAssessmentHumanRightsRecorded { .. }
        | Change::ReceiptAssessmentHumanRightsRecorded { .. } => (
            "write the human rights part of an entity assessment",
            &[Hro],
        ),
        Change::MitigationConfirmed { .. } => ("confirm a mitigation measure", &[Imfp, Hro]),
        Change::ShareDrafted { .. } => ("draft a share", &[Analyst, Imfp]),
        Change::SanitisationConfirmed
        | Change::SharingRiskAssessed { .. }
        | Change::UnRoutingRecorded { .. }
        | Change::ConditionsAccepted { .. }
        | Change::ShareMarkedShared { .. }
        | Change::ShareWithdrawn { .. } => ("work on a share", &[Imfp, Analyst]),
        Change::ShareDecided { .. } => ("decide to share", &[Hom, Micm, Delegate]),
        Change::OnwardRequestRecorded { .. } => {
            ("record an entity's onward request", &[Imfp, Analyst])
        }
        Change::OnwardRequestAnswered { .. } => {
            ("answer an onward request", &[Hom, Micm, Delegate])
        }
        Change::ReceiptRegistered { .. }
        | Change::AlertRecorded { .. }
        | Change::ReceiptScanned { .. }
        | Change::ReceiptCleared { .. }
        | Change::ReceiptRejected { .. }
        | Change::OnwardSharingApproved { .. } => ("work on a receipt", &[Analyst, Imfp]),
        Change::DisseminationDecided { .. } | Change::DisseminationToPeopleDecided { .. } => {
            ("decide a dissemination", &[Hom, Micm, Delegate])
        }
        Change::BreachReported { .. } => ("report a breach", &[Imfp, Analyst, Hro, Legal]),
        Change::InvestigationConcluded { .. } => ("conclude a breach investigation", &[Hom, Legal]),
        Change::PreAuthorised { .. }
        | Change::PreAuthorisationRenewed
        | Change::PreAuthorisationReviewed { .. }
        | Change::PreAuthorisationRevoked { .. } => {
            ("keep the pre-authorised lists", &[Hom, Micm, Delegate])
        }
        Change::LegacyRecordRegistered { .. } => {
            ("register records from an earlier register", &[Imfp])
        }
        Change::StationKeysCreated { .. }
        | Change::StationTrusted { .. }
        | Change::IdentityExported { .. } => {
            ("trust stations and handle the station's keys", &[Admin])
        }
        Change::BundleExported { .. }
        | Change::AcknowledgementReceived { .. }
        | Change::QuarantineDismissed { .. }
        | Change::BundleImported { .. } => {
            ("move registry updates between stations", &[Imfp, Admin])
        }
        Change::ConflictResolved { .. } => ("resolve a conflict between stations", &[Imfp]),
        Change::ShareRegisteredAfterTheFact { .. }
        | Change::ReceiptRegisteredAfterTheFact { .. } => {
            ("register after the fact", &[Imfp, Analyst])
        }
        Change::ThreatDetermined { .. } => ("determine an imminent threat", &[Analyst, Imfp]),
        Change::ShareAmended { .. } | Change::ReceiptAmended { .. } => {
            ("correct a record", &[Imfp, Analyst])
        }
        Change::ShareVoided { .. } | Change::ReceiptVoided { .. } => {
            ("void a record registered in error", &[Imfp])
        }
        Change::EntityDetailsEdited { .. } => ("edit an entity's details", &[Imfp, Analyst]),
        Change::EntitiesMerged { .. } => ("merge entities", &[Imfp]),
        // G 8.1.2.3, G 9.5.2: active monitoring; the IM FP or a Human Rights officer suspends.
        Change::IncidentRecorded { .. } => (
            "record an incident concerning an entity",
            &[Imfp, Analyst, Hro],
        ),
        Change::AssessmentsSuspended { .. } => ("suspend an entity's assessments", &[Imfp, Hro]),
        Change::SuspensionReviewed { .. } => ("review a suspension", &[Hom, Imfp, Hro]),
        // G 9.9: the Human Rights Component acknowledges what it was told.
        Change::HumanRightsNoticeAcknowledged { .. } => (
            "acknowledge a G 9.9 notice for the Human Rights Component",
            &[Hro],
        ),
        Change::ActionRecorded { .. } => ("record the action taken on a product", &[Imfp, Analyst]),
        // G 9.9: the Head of Mission communicates to the counterpart; it is theirs to record.
        Change::TortureRefusalCommunicated { .. } => {
            ("record the HoM's G 9.9 communication to an entity", &[Hom])
        }
        // G 9.13: the revision of an entity and the action it decides.
        Change::RevisionRecorded { .. } => {
            ("record the periodic revision of an entity", &[Hom, Imfp])
        }
    };
    (action, roles.to_vec())
}

/// Whether `actor` may record `change`. Oversight changes nothing; a decision is taken in a
/// role the person holds.
pub fn may(actor: &Actor, change: &Change, target_is_self: bool) -> Result<(), NotAllowed> {
    let (action, roles) = required_roles(change);
    if let Change::PassphraseChanged = change {
        return if target_is_self {
            Ok(())
        } else {
            Err(NotAllowed {
                action: "change another person's passphrase",
                roles: vec![],
            })
        };
    }
    if !roles.iter().any(|r| actor.has(*r)) {
        return Err(NotAllowed { action, roles });
    }
    if let Change::DelegationChanged { instruction, .. } = change
        && !actor.has(Hom)
        && instruction.as_deref().is_none_or(|i| i.trim().is_empty())
    {
        return Err(NotAllowed {
            action: "change who decides without the Head of Mission's written instruction",
            roles: vec![Hom],
        });
    }
    // No one grants themselves power (or removes a colleague's check on them).
    if target_is_self
        && matches!(
            change,
            Change::UserRolesChanged { .. } | Change::UserDisabled
        )
    {
        return Err(NotAllowed {
            action: "change their own roles or account",
            roles: vec![],
        });
    }
    let decided_as = match change {
        Change::ShareDecided { authority, .. } => Some(*authority),
        Change::DisseminationDecided { dissemination }
        | Change::DisseminationToPeopleDecided { dissemination } => Some(dissemination.authority),
        // G 8.1.5: the answer to an onward request is given as the sharing authority.
        Change::OnwardRequestAnswered { answer, .. } => Some(answer.authority),
        _ => None,
    };
    match decided_as {
        // Only an authority decides: holding another role is no ground to decide "as" it.
        Some(role) if !roles.contains(&role) => Err(NotAllowed { action, roles }),
        Some(role) if !actor.has(role) => Err(NotAllowed {
            action: "decide in a role they do not hold",
            roles: vec![role],
        }),
        _ => Ok(()),
    }
}

/// Roles that handle confidential products as part of their work (P 11.3.3): they see the
/// content of what their clearance allows. Others see it only when on its dissemination list.
const HANDLING: [Role; 8] = [Imfp, Analyst, Hro, Hom, Micm, Delegate, Legal, Oversight];

/// Roles that handle a received product once it is disseminated to a list of people (G 9
/// "Receiving Authority"): who registers, scans and clears it, the authorities who decide its
/// dissemination, and oversight. Anyone else sees it only when listed (G 9.7, P 11.3.3).
const RECEIPT_HANDLING: [Role; 6] = [Imfp, Analyst, Hom, Micm, Delegate, Oversight];

/// Need to know: whether `actor` may see the content of `record`, or only that it exists with
/// its reference and marking. Nobody sees content above their clearance. A receipt
/// disseminated to a list of people is open to those listed and to the roles that handle
/// receipts (and to the Human Rights officers once it is rejected as obtained through grave
/// violations, G 9.9); a receipt of an older log, with free-text recipients, to every handling
/// role and to a user whose name is on it exactly (a recipient no user is named grants nobody).
pub fn can_see_content(actor: &Actor, record: &Record) -> bool {
    let level = record.marking().level;
    if level == Classification::Unclassified {
        return true;
    }
    if level > actor.clearance {
        return false;
    }
    let handles = |roles: &[Role]| roles.iter().any(|r| actor.has(*r));
    match record {
        Record::Receipt(r) => match r.dissemination.as_ref() {
            Some(d) if !d.people.is_empty() => {
                d.lists(&actor.name)
                    || handles(&RECEIPT_HANDLING)
                    || (actor.has(Hro) && r.rejection.as_ref().is_some_and(|j| j.grave_violations))
            }
            Some(d) => handles(&HANDLING) || d.lists(&actor.name),
            None => handles(&HANDLING),
        },
        Record::User(_) | Record::Settings(_) => true,
        _ => handles(&HANDLING),
    }
}

/// A person acts only on what their clearance lets them see.
pub fn cleared_for(actor: &Actor, level: Classification) -> Result<(), NotAllowed> {
    if level <= actor.clearance {
        Ok(())
    } else {
        Err(NotAllowed {
            action: match level {
                Classification::StrictlyConfidential => {
                    "act on STRICTLY CONFIDENTIAL records (clearance needed)"
                }
                _ => "act on CONFIDENTIAL records (clearance needed)",
            },
            roles: vec![],
        })
    }
}
