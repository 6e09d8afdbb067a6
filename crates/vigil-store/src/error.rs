//! Store errors: each names what was wrong, so the app can show it and branch on its kind.

use uuid::Uuid;
use vigil_core::access::AccessError;
use vigil_core::op::OpShapeError;
use vigil_core::{Entity, ValidationError};

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
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl StoreError {
    pub(crate) fn corrupt(err: impl std::fmt::Display) -> StoreError {
        StoreError::Corrupt(err.to_string())
    }

    /// A short stable code for the app to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::SchemaTooNew { .. } => "schema_too_new",
            StoreError::Invalid(_)
            | StoreError::OpShape(_)
            | StoreError::BadValue { .. }
            | StoreError::NotOfVisit { .. } => "invalid",
            StoreError::Access(err) => err.code(),
            StoreError::NotFound { .. } | StoreError::MissingReference { .. } => "not_found",
            StoreError::AlreadyExists { .. } => "already_exists",
            StoreError::NoConflict { .. } => "no_conflict",
            StoreError::BlobMismatch { .. } => "hash_mismatch",
            StoreError::WrongKey => "wrong_key",
            StoreError::Corrupt(_) | StoreError::Migration(_) | StoreError::Sqlite(_) => "store",
        }
    }
}
