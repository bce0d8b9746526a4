//! Who may do what (G 8 "Sharing Authority", G 9 "Receiving Authority", G C "Registers" c–d,
//! P 11.3.3): the role each change needs, and what content each person may see.

use super::change::{Change, ChangeKind};
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
pub fn required_roles(kind: ChangeKind) -> (&'static str, Vec<Role>) {
    let (action, roles): (&'static str, &[Role]) = match kind {
        ChangeKind::RegistryInitialised | ChangeKind::SettingsChanged => {
            ("change the mission settings", &[Admin])
        }
        // G 8 a: the HoM delegates; the IM FP may record it on the HoM's written instruction.
        // The station administrator manages accounts, not who decides.
        ChangeKind::DelegationChanged => ("change who decides (delegation matrix)", &[Hom, Imfp]),
        ChangeKind::UserAdded | ChangeKind::UserDisabled | ChangeKind::UserRolesChanged => {
            ("manage users", &[Admin])
        }
        ChangeKind::PassphraseChanged => ("change a passphrase", &[]),
        ChangeKind::EntityRegistered | ChangeKind::HandlingStandardsConfirmed => {
            ("register entities", &[Imfp, Analyst])
        }
        ChangeKind::SubComponentExcluded => ("exclude a sub-component", &[Imfp, Hro]),
        ChangeKind::SharingAssessmentStarted | ChangeKind::ReceiptAssessmentStarted => (
            "write the overview of an entity assessment",
            &[Analyst, Imfp],
        ),
        ChangeKind::SharingAssessmentHumanRightsRecorded
        | ChangeKind::ReceiptAssessmentHumanRightsRecorded => (
            "write the human rights part of an entity assessment",
            &[Hro],
        ),
        ChangeKind::MitigationConfirmed => ("confirm a mitigation measure", &[Imfp, Hro]),
        ChangeKind::ShareDrafted => ("draft a share", &[Analyst, Imfp]),
        ChangeKind::SanitisationConfirmed
        | ChangeKind::SharingRiskAssessed
        | ChangeKind::UnRoutingRecorded
        | ChangeKind::ConditionsAccepted
        | ChangeKind::ShareMarkedShared
        | ChangeKind::ShareWithdrawn => ("work on a share", &[Imfp, Analyst]),
        ChangeKind::ShareDecided => ("decide to share", &[Hom, Micm, Delegate]),
        ChangeKind::OnwardRequestRecorded => {
            ("record an entity's onward request", &[Imfp, Analyst])
        }
        ChangeKind::OnwardRequestAnswered => ("answer an onward request", &[Hom, Micm, Delegate]),
        ChangeKind::ReceiptRegistered
        | ChangeKind::AlertRecorded
        | ChangeKind::ReceiptScanned
        | ChangeKind::ReceiptCleared
        | ChangeKind::ReceiptRejected
        | ChangeKind::OnwardSharingApproved => ("work on a receipt", &[Analyst, Imfp]),
        ChangeKind::DisseminationDecided | ChangeKind::DisseminationToPeopleDecided => {
            ("decide a dissemination", &[Hom, Micm, Delegate])
        }
        ChangeKind::BreachReported => ("report a breach", &[Imfp, Analyst, Hro, Legal]),
        ChangeKind::InvestigationConcluded => ("conclude a breach investigation", &[Hom, Legal]),
        ChangeKind::PreAuthorised
        | ChangeKind::PreAuthorisationRenewed
        | ChangeKind::PreAuthorisationReviewed
        | ChangeKind::PreAuthorisationRevoked => {
            ("keep the pre-authorised lists", &[Hom, Micm, Delegate])
        }
        ChangeKind::LegacyRecordRegistered => {
            ("register records from an earlier register", &[Imfp])
        }
        ChangeKind::StationKeysCreated
        | ChangeKind::StationTrusted
        | ChangeKind::IdentityExported => {
            ("trust stations and handle the station's keys", &[Admin])
        }
        ChangeKind::BundleExported
        | ChangeKind::AcknowledgementReceived
        | ChangeKind::QuarantineDismissed
        | ChangeKind::BundleImported => ("move registry updates between stations", &[Imfp, Admin]),
        ChangeKind::ConflictResolved => ("resolve a conflict between stations", &[Imfp]),
        ChangeKind::ShareRegisteredAfterTheFact | ChangeKind::ReceiptRegisteredAfterTheFact => {
            ("register after the fact", &[Imfp, Analyst])
        }
        ChangeKind::ThreatDetermined => ("determine an imminent threat", &[Analyst, Imfp]),
        ChangeKind::ShareAmended | ChangeKind::ReceiptAmended => {
            ("correct a record", &[Imfp, Analyst])
        }
        ChangeKind::ShareVoided | ChangeKind::ReceiptVoided => {
            ("void a record registered in error", &[Imfp])
        }
        ChangeKind::EntityDetailsEdited => ("edit an entity's details", &[Imfp, Analyst]),
        ChangeKind::EntitiesMerged => ("merge entities", &[Imfp]),
        // G 8.1.2.3, G 9.5.2: active monitoring; the IM FP or a Human Rights officer suspends.
        ChangeKind::IncidentRecorded => (
            "record an incident concerning an entity",
            &[Imfp, Analyst, Hro],
        ),
        ChangeKind::AssessmentsSuspended => ("suspend an entity's assessments", &[Imfp, Hro]),
        ChangeKind::SuspensionReviewed => ("review a suspension", &[Hom, Imfp, Hro]),
        // G 9.9: the Human Rights Component acknowledges what it was told.
        ChangeKind::HumanRightsNoticeAcknowledged => (
            "acknowledge a G 9.9 notice for the Human Rights Component",
            &[Hro],
        ),
        ChangeKind::ActionRecorded => ("record the action taken on a product", &[Imfp, Analyst]),
        // G 9.9: the Head of Mission communicates to the counterpart; it is theirs to record.
        ChangeKind::TortureRefusalCommunicated => {
            ("record the HoM's G 9.9 communication to an entity", &[Hom])
        }
        // G 9.13: the revision of an entity and the action it decides.
        ChangeKind::RevisionRecorded => ("record the periodic revision of an entity", &[Hom, Imfp]),
    };
    (action, roles.to_vec())
}

/// Whether `actor` holds a role that may record changes of this kind, asked before there is
/// a change to record (a command refusing before it asks a passphrase). What depends on the
/// change itself — the authority a decision is taken as, the HoM's instruction for a
/// delegation, one's own account — is `may`'s to check when the change is made.
pub fn may_record(actor: &Actor, kind: ChangeKind) -> Result<(), NotAllowed> {
    let (action, roles) = required_roles(kind);
    if kind == ChangeKind::PassphraseChanged || roles.iter().any(|r| actor.has(*r)) {
        Ok(())
    } else {
        Err(NotAllowed { action, roles })
    }
}

/// Whether `actor` may record `change`. Oversight changes nothing; a decision is taken in a
/// role the person holds.
pub fn may(actor: &Actor, change: &Change, target_is_self: bool) -> Result<(), NotAllowed> {
    let (action, roles) = required_roles(change.kind());
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
pub(crate) const HANDLING: [Role; 8] = [Imfp, Analyst, Hro, Hom, Micm, Delegate, Legal, Oversight];

/// Roles that handle a received product once it is disseminated to a list of people (G 9
/// "Receiving Authority"): who registers, scans and clears it, the authorities who decide its
/// dissemination, and oversight. Anyone else sees it only when listed (G 9.7, P 11.3.3).
pub(crate) const RECEIPT_HANDLING: [Role; 6] = [Imfp, Analyst, Hom, Micm, Delegate, Oversight];

/// Need to know: whether `actor` may see the content of `record`, or only that it exists with
/// its reference and marking. Nobody sees content above their clearance. A receipt
/// disseminated to a list of people is open to those listed and to the roles that handle
/// receipts (and to the Human Rights officers once it is rejected as obtained through grave
/// violations, G 9.9); a receipt of an older log, with free-text recipients, to every handling
/// role and to a user whose name is on it exactly (a recipient no user is named grants nobody).
/// Decided by `Readers` (`readers.rs`), which the search index keeps beside each record.
pub fn can_see_content(actor: &Actor, record: &Record) -> bool {
    super::readers::Readers::of(record).admits(actor)
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
