//! Errors of the command line, each with its exit code (CLI.md "Exit codes").

use crate::domain::refusal::Refusal;
use crate::store::{AuthError, ExecuteError, StoreError};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum CliError {
    /// 1: an error, one plain line.
    #[error("{0}")]
    Failure(String),
    /// 2: the command's words are off.
    #[error("{0}")]
    Usage(String),
    /// 3: refused by a rule of the Guidelines.
    #[error("refused: {0}")]
    Refused(Refusal),
    /// 4: not allowed for this person's role.
    #[error("not allowed: {0}")]
    NotAllowed(String),
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Failure(_) => 1,
            CliError::Usage(_) => 2,
            CliError::Refused(_) => 3,
            CliError::NotAllowed(_) => 4,
        }
    }
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        CliError::Failure(e.to_string())
    }
}

impl From<AuthError> for CliError {
    fn from(e: AuthError) -> Self {
        CliError::Failure(e.to_string())
    }
}

impl From<ExecuteError> for CliError {
    fn from(e: ExecuteError) -> Self {
        match e {
            ExecuteError::Refused(r) => CliError::Refused(r),
            ExecuteError::NotAllowed(n) => CliError::NotAllowed(n.to_string()),
            ExecuteError::Store(s) => s.into(),
        }
    }
}
