//! Errors of the sneakernet, each one plain line for the operator.

use crate::store::{ExecuteError, StoreError};
use std::path::{Path, PathBuf};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum BundleError {
    /// A bundle that must not be applied: it is not what it claims, or not for this station.
    /// The store is exactly as before.
    #[error("{}: refused: {reason}", file.display())]
    Refused { file: PathBuf, reason: String },
    /// The station's keys are missing, or the passphrase does not open them.
    #[error("{0}")]
    Keys(String),
    #[error("{}: {message}", path.display())]
    Io { path: PathBuf, message: String },
    /// Something the person asked for that cannot be done as asked.
    #[error("{0}")]
    Invalid(String),
    /// The person asked the step to stop; it stopped where nothing was half-done.
    #[error("stopped as asked: nothing was written")]
    Stopped,
    #[error("{0}")]
    Execute(#[from] ExecuteError),
    #[error("{0}")]
    Store(#[from] StoreError),
}

impl BundleError {
    pub fn refused(file: &Path, reason: impl Into<String>) -> BundleError {
        BundleError::Refused {
            file: file.to_path_buf(),
            reason: reason.into(),
        }
    }

    pub fn io(path: &Path, e: impl std::fmt::Display) -> BundleError {
        BundleError::Io {
            path: path.to_path_buf(),
            message: e.to_string(),
        }
    }
}
