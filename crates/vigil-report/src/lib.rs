//! What leaves Vigil: exports for analysis and the visit report.
//!
//! - [`export`]: visits, findings and recommendations as CSV and JSON tables.
//!
//! Everything here reads a replica through `vigil-store`'s queries and turns the result
//! into bytes with pure functions; nothing here writes to the store.

pub mod export;

/// Why an output could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Store(#[from] vigil_store::StoreError),
    #[error("CSV could not be written: {0}")]
    Csv(#[from] csv::Error),
    #[error("JSON could not be written: {0}")]
    Json(#[from] serde_json::Error),
}
