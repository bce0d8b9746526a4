//! Who is acting: every command that reads or changes the registry authenticates first
//! (`--user`, then `--passphrase-file` or a prompt that does not echo).

use super::CliError;
use crate::domain::access::Actor;
use crate::store::Store;
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use zeroize::Zeroizing;

/// What the command line says about who acts.
#[derive(Clone, Debug, Default)]
pub struct Credentials {
    pub user: Option<String>,
    pub passphrase_file: Option<std::path::PathBuf>,
}

impl Credentials {
    /// The user's name: `--user`, or asked on the terminal.
    pub fn name(&self) -> Result<String, CliError> {
        match &self.user {
            Some(u) if !u.trim().is_empty() => Ok(u.trim().to_string()),
            _ => ask_line("User: "),
        }
    }

    /// The passphrase: the first line of `--passphrase-file`, or asked without echo.
    pub fn passphrase(&self, prompt: &str) -> Result<Zeroizing<String>, CliError> {
        match &self.passphrase_file {
            Some(path) => read_passphrase_file(path),
            None => ask_secret(prompt),
        }
    }

    /// Checks the name and passphrase against the registry. On a read-only registry the
    /// passphrase is checked all the same, but the login cannot be written to the registry's
    /// authentication log (nor a failure counted): the one line `READ_ONLY_LOGIN` says so.
    pub fn login(&self, store: &Store) -> Result<Actor, CliError> {
        let name = self.name()?;
        let passphrase = self.passphrase(&format!("Passphrase for {name}: "))?;
        let actor = store.authenticate(&name, &passphrase)?;
        if store.is_read_only() {
            errln!("{READ_ONLY_LOGIN}");
        }
        Ok(actor)
    }

    /// Logs in, then the person as the registry knows them now: their current roles and
    /// clearance (a role removed or an account disabled since takes effect at once).
    pub fn current(&self, store: &Store) -> Result<Actor, CliError> {
        let me = self.login(store)?;
        Ok(store.current_actor(&me)?)
    }
}

/// Refuses anyone but the station administrator (exit 4), naming what was tried.
pub fn administrator_only(me: &Actor, action: &'static str) -> Result<(), CliError> {
    if me.roles.contains(&crate::domain::role::Role::Admin) {
        Ok(())
    } else {
        Err(CliError::NotAllowed(
            crate::domain::access::NotAllowed {
                action,
                roles: vec![crate::domain::role::Role::Admin],
            }
            .to_string(),
        ))
    }
}

/// What a login on a read-only registry prints (on standard error, so the output of a
/// reading command stays what it is).
pub const READ_ONLY_LOGIN: &str = "note: this registry is read-only here: the login was checked but not \
     written to its authentication log, and nothing can be changed";

/// The first line of a passphrase file, without its line ending: a file saved by a Windows
/// editor (a byte-order mark before it, a carriage return after it, with or without a line
/// feed) gives the same passphrase as one saved by `echo`.
pub fn read_passphrase_file(path: &Path) -> Result<Zeroizing<String>, CliError> {
    let text = Zeroizing::new(
        std::fs::read_to_string(path)
            .map_err(|e| CliError::Failure(format!("{}: {e}", path.display())))?,
    );
    Ok(Zeroizing::new(first_line(&text).to_string()))
}

/// The passphrase in a file's text: its first line, without a byte-order mark or line ending.
fn first_line(text: &str) -> &str {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let line = text.split('\n').next().unwrap_or_default();
    line.strip_suffix('\r').unwrap_or(line)
}

/// A new passphrase: from a file, or typed twice.
pub fn new_passphrase(file: Option<&Path>, whose: &str) -> Result<Zeroizing<String>, CliError> {
    if let Some(path) = file {
        return read_passphrase_file(path);
    }
    let first = ask_secret(&format!("New passphrase for {whose}: "))?;
    let second = ask_secret("Again: ")?;
    if *first != *second {
        return Err(CliError::Usage("the two passphrases differ".into()));
    }
    Ok(first)
}

fn ask_secret(prompt: &str) -> Result<Zeroizing<String>, CliError> {
    if !std::io::stdin().is_terminal() {
        return Err(CliError::Usage(
            "no terminal to ask the passphrase on: give --passphrase-file FILE".into(),
        ));
    }
    rpassword::prompt_password(prompt)
        .map(Zeroizing::new)
        .map_err(|e| CliError::Failure(format!("reading the passphrase: {e}")))
}

fn ask_line(prompt: &str) -> Result<String, CliError> {
    if !std::io::stdin().is_terminal() {
        return Err(CliError::Usage(
            "no terminal to ask who you are on: give --user NAME".into(),
        ));
    }
    out!("{prompt}");
    std::io::stdout().flush().ok();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| CliError::Failure(e.to_string()))?;
    let name = line.trim().to_string();
    if name.is_empty() {
        return Err(CliError::Usage("a user name is needed".into()));
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::first_line;

    #[test]
    fn a_passphrase_file_from_any_editor_gives_the_same_passphrase() {
        for text in [
            "demo-imfp",
            "demo-imfp\n",
            "demo-imfp\r\n",
            "demo-imfp\r",
            "\u{feff}demo-imfp\r\n",
            "\u{feff}demo-imfp\nsecond line",
        ] {
            assert_eq!(first_line(text), "demo-imfp", "{text:?}");
        }
        // Spaces are part of a passphrase.
        assert_eq!(first_line(" two words \n"), " two words ");
    }
}
