//! The domain of Vigil, shared by the device, the server and the app.
//!
//! Terms used throughout:
//! - **record**: one row of the domain (a place, a visit, an observation…), see [`records`].
//! - **entity**: the kind of a record and its field schema, see [`entity::Entity`].
//! - **op**: one edit of one record, the unit of sync, see [`op::Op`].
//! - **stamp**: `(hlc, device_id)`, the total order that picks a winner, see [`hlc`].
//! - **merge**: the pure function that folds an op into a record's field state, the same on
//!   every replica, see [`merge`].
//! - **workflow**: the visit's review states and who may move between them, see [`workflow`].
//!
//! This crate knows nothing of SQLite, HTTP or Tauri.

pub mod access;
pub mod answer;
pub mod audit;
pub mod code;
pub mod console;
pub mod detail;
pub mod enrol_link;
pub mod entity;
pub mod hlc;
pub mod ids;
pub mod merge;
pub mod op;
pub mod protocol;
pub mod records;
pub mod retention;
pub mod settings;
#[cfg(feature = "ts")]
pub mod ts_bindings;
pub mod validate;
pub mod workflow;

pub use code::Code;
pub use detail::Detail;
pub use entity::{Entity, FieldDef, FieldKind};
pub use hlc::{Hlc, HlcClock, Stamp};
pub use op::{FieldChange, Op};
pub use records::Record;
pub use validate::{Rule, ValidationError};
pub use workflow::{Role, VisitStatus, WorkflowError};
