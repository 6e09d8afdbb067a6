//! Store errors: each names what was wrong, so the app can show it and branch on its kind.

use uuid::Uuid;
use vigil_core::access::AccessError;
use vigil_core::op::OpShapeError;
use vigil_core::{Code, Entity, ValidationError};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "this database has schema version {found}, newer than the {supported} this version of Vigil knows: update Vigil"
    )]
    SchemaTooNew { found: usize, supported: usize },
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    #[error(transparent)]
    Access(#[from] AccessError),
    #[error(transparent)]
    OpShape(#[from] OpShapeError),
    #[error("{entity:?} {id} does not exist")]
    NotFound { entity: Entity, id: Uuid },
    #[error("{}.{field}: {} {id} does not exist here", entity.as_str(), target.as_str())]
    MissingReference { entity: Entity, field: &'static str, target: Entity, id: Uuid },
    #[error("{}.{field}: {} {id} is not a record of visit {visit_id}", entity.as_str(), target.as_str())]
    NotOfVisit { entity: Entity, field: &'static str, target: Entity, id: Uuid, visit_id: Uuid },
    #[error("{}.{field} is fixed once the record is made: it cannot change", entity.as_str())]
    LinkMoved { entity: Entity, field: &'static str },
    #[error("{}.{field}: {problem}", entity.as_str())]
    BadLink { entity: Entity, field: &'static str, problem: String },
    /// Refused by the admission gate for a reason of its own (see `admission::Refusal`).
    #[error("{reason}")]
    Refused { code: Code, reason: String },
    #[error("{entity:?} {id} already exists")]
    AlreadyExists { entity: Entity, id: Uuid },
    #[error("{entity:?}.{field} of {id} is not in conflict")]
    NoConflict { entity: Entity, id: Uuid, field: String },
    #[error("{entity:?}: {message}")]
    BadValue { entity: Entity, message: String },
    #[error("the store cannot be opened with this key")]
    WrongKey,
    #[error("blob bytes do not match their hash: expected {expected}, got {actual}")]
    BlobMismatch { expected: String, actual: String },
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    #[error("migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    /// SQLite found no room for the transaction (`SQLITE_FULL`): it was rolled back whole.
    #[error(
        "the device's storage is full: this change was not saved (everything saved before is kept); free some space and try again"
    )]
    DiskFull,
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

/// A full disk is told apart from other failures: the person can act on it, and the
/// edit can be made again once there is room.
impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> StoreError {
        match err.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DiskFull) => StoreError::DiskFull,
            _ => StoreError::Sqlite(err),
        }
    }
}

impl StoreError {
    pub(crate) fn corrupt(err: impl std::fmt::Display) -> StoreError {
        StoreError::Corrupt(err.to_string())
    }

    /// A short stable code for the app to branch on.
    pub fn code(&self) -> Code {
        match self {
            StoreError::SchemaTooNew { .. } => Code::SchemaTooNew,
            StoreError::Invalid(_)
            | StoreError::OpShape(_)
            | StoreError::BadValue { .. }
            | StoreError::NotOfVisit { .. }
            | StoreError::LinkMoved { .. }
            | StoreError::BadLink { .. } => Code::Invalid,
            StoreError::Refused { code, .. } => *code,
            StoreError::Access(err) => err.code(),
            StoreError::NotFound { .. } | StoreError::MissingReference { .. } => Code::NotFound,
            StoreError::AlreadyExists { .. } => Code::AlreadyExists,
            StoreError::NoConflict { .. } => Code::NoConflict,
            StoreError::BlobMismatch { .. } => Code::HashMismatch,
            StoreError::WrongKey => Code::WrongKey,
            StoreError::DiskFull => Code::DiskFull,
            StoreError::Corrupt(_) | StoreError::Migration(_) | StoreError::Sqlite(_) => Code::Store,
        }
    }

    /// What a refusal is about, as parameters the app words (none for the others).
    pub fn detail(&self) -> Option<vigil_core::Detail> {
        match self {
            StoreError::Invalid(err) => Some(err.into()),
            StoreError::Access(err) => Some(err.into()),
            _ => None,
        }
    }
}
