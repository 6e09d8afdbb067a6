//! The central office: devices enrol, push their ops and pull their teams' changes.
//!
//! - [`storage`]: what the HTTP layer needs from a store, as a trait (SQLite today).
//! - [`sqlite`]: the embedded store: the same replica as a device, plus the office tables.
//! - [`api`]: the axum router for `/api/v1`, generic over the storage.
//! - [`error`]: errors as `{code, message}` with their HTTP status.
//! - [`releases`]: signed app bundles published by the administrator, served to enrolled devices.

pub mod api;
pub mod error;
pub mod import;
pub mod openapi;
pub mod per_address;
pub mod releases;
pub mod serve;
pub mod sqlite;
pub mod storage;

pub use api::router;
pub use error::ServerError;
pub use sqlite::{SqliteStorage, UploadLimits};
pub use storage::{DeviceAuth, Storage};
