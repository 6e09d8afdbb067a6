//! Backups of the office: a consistent snapshot of its database (`VACUUM INTO`, taken
//! while devices sync) and the blobs it names, in one file encrypted with a passphrase;
//! a restore into an empty data directory that checks everything before it puts the
//! office in place; and backups on a schedule, the newest kept.
//!
//! The file is [age](https://age-encryption.org) encrypted to a passphrase (scrypt) over a
//! gzip-compressed tar stream of, in order:
//! - `manifest.json`: a [`Manifest`]: which office, when, its schema version and epoch,
//!   and the SHA-256 and size of the database and of every blob;
//! - `central.db`: the database snapshot;
//! - `blobs/SHA256`: each blob, named by the hash of its bytes.
//!
//! age authenticates every chunk of the stream: a wrong passphrase, a file altered or cut
//! short, is refused before anything is put in place. A restored office begins a new
//! epoch, which tells each device to pull again from where the restored log agrees with
//! what it was sent and to push again its ops the office lost (see `sqlite::epoch`).

mod archive;
mod cli;
mod restore;
mod schedule;

use std::path::PathBuf;

pub use age::secrecy::SecretString;
pub use archive::{Manifest, Summary, create};
pub use cli::{BackupArgs, PASSPHRASE_ENV, Passphrase, RestoreArgs, ScheduleArgs, backup_command, restore_command};
pub use restore::{Restored, restore};
pub use schedule::{Schedule, backups_in, prune};

use crate::ServerError;

/// What went wrong with a backup or a restore, said so an administrator can act on it.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("no office in {0}: it holds no central.db (give the office's data directory with --data)")]
    NoOffice(PathBuf),
    #[error("{0}")]
    Setting(String),
    #[error("backup passphrase: {0}")]
    Passphrase(String),
    #[error(
        "refusing to restore into {dir}: it is not empty (it holds {entries}); restore into a new or empty \
         directory, and start the office on it"
    )]
    TargetNotEmpty { dir: PathBuf, entries: String },
    #[error("the passphrase does not open {0}: nothing was restored")]
    WrongPassphrase(PathBuf),
    #[error("{file} is not a Vigil office backup: {reason}")]
    NotABackup { file: PathBuf, reason: String },
    #[error("{file} is damaged, altered or cut short ({reason}): nothing was restored")]
    Damaged { file: PathBuf, reason: String },
    #[error(
        "{file} was made by a newer Vigil (schema version {schema}; this one knows up to {known}): restore it \
         with that version or a later one"
    )]
    TooNew { file: PathBuf, schema: usize, known: usize },
    #[error("{what}: {err}")]
    Io { what: String, err: std::io::Error },
    #[error(transparent)]
    Office(#[from] ServerError),
}

impl From<BackupError> for ServerError {
    fn from(err: BackupError) -> ServerError {
        match err {
            BackupError::Office(err) => err,
            err => ServerError::BadRequest(err.to_string()),
        }
    }
}

impl From<vigil_store::rusqlite::Error> for BackupError {
    fn from(err: vigil_store::rusqlite::Error) -> BackupError {
        BackupError::Office(err.into())
    }
}

/// An I/O error with what was being done.
fn io(what: impl Into<String>) -> impl Fn(std::io::Error) -> BackupError {
    let what = what.into();
    move |err| BackupError::Io { what: what.clone(), err }
}
