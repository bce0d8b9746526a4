//! What the person logged in may do from where they are, so the footer and the help never
//! offer a step their role refuses afterwards: the keys that open a form are checked against
//! the role rule of what that form submits (`FormKind::allowed`), and the bundle keys against
//! the rule for the bundles they record.

use super::app::App;
use super::forms::FormKind;
use super::keymap::Action;
use crate::domain::access::may_record;
use crate::domain::change::ChangeKind;

/// The form an action opens, when it opens one.
fn form_of(action: Action) -> Option<FormKind> {
    match action {
        Action::FastPath => Some(FormKind::FastPath),
        Action::NewReceipt => Some(FormKind::NewReceipt),
        Action::NewShare => Some(FormKind::NewShare),
        Action::Users => Some(FormKind::AddUser),
        _ => None,
    }
}

/// Why the person logged in may not take `action`, naming who may; None when they may (or
/// when the action has no role rule, or nobody is logged in).
pub fn refused(app: &App, action: Action) -> Option<String> {
    let actor = app.session.as_ref()?;
    if let Some(kind) = form_of(action) {
        return kind.allowed(Some(actor)).err();
    }
    match action {
        Action::Export => may_record(actor, ChangeKind::BundleExported)
            .err()
            .map(|n| n.to_string()),
        Action::Import => may_record(actor, ChangeKind::BundleImported)
            .err()
            .map(|n| n.to_string()),
        Action::ImportSheet => crate::register::sheet::dry_run::may_import(actor).err(),
        Action::Settings
            if FormKind::Settings.allowed(Some(actor)).is_err()
                && FormKind::Delegation.allowed(Some(actor)).is_err() =>
        {
            FormKind::Settings.allowed(Some(actor)).err()
        }
        _ => None,
    }
}
