//! The central office: devices enrol, push their ops and pull their teams' changes.
//!
//! - [`storage`]: what the HTTP layer needs from a store, as a trait (SQLite today).
//! - [`sqlite`]: the embedded store: the same replica as a device, plus the office tables.
//! - [`api`]: the axum router for `/api/v1`, generic over the storage.
//! - [`error`]: errors as `{code, message}` with their HTTP status.
//! - [`backup`]: encrypted backups of the office, their restore, and their schedule.
//! - [`console`]: the web console under `/console` for administrators and supervisors.
//! - [`metrics`]: `/metrics` (Prometheus text) and who may read it.
//! - [`config`]: the office's configuration file and its check; [`logs`]: text or JSON logs.
//! - [`releases`]: signed app bundles published by the administrator, served to enrolled devices.

pub mod api;
pub mod backup;
pub mod config;
pub mod console;
pub mod error;
pub mod import;
pub mod logs;
pub mod metrics;
pub mod openapi;
pub mod per_address;
pub mod releases;
pub mod serve;
pub mod sqlite;
pub mod storage;

pub use api::{router, router_with};
pub use error::ServerError;
pub use sqlite::{SqliteStorage, UploadLimits};
pub use storage::{DeviceAuth, OfficeFigures, Pushed, Storage};
