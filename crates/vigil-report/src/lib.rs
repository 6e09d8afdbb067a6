//! What leaves Vigil: exports for analysis and the visit report.
//!
//! - [`export`]: visits, findings and recommendations as CSV and JSON tables.
//! - [`visit`]: the visit report's content, full or public, read from the store;
//!   [`document`] lays it out in the person's language ([`i18n`]: the UI's catalogues),
//!   and [`html`], [`pdf`] and [`docx`] draw that layout; [`office`] keeps the NPM's
//!   name and logo for the cover.
//!
//! Everything here reads a replica through `vigil-store`'s queries and turns the result
//! into bytes with pure functions; nothing here writes to the store.

pub mod document;
pub mod docx;
pub mod export;
pub mod html;
pub mod i18n;
pub mod office;
pub mod pdf;
pub mod photo;
pub mod visit;

/// Why an output could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Store(#[from] vigil_store::StoreError),
    #[error("CSV could not be written: {0}")]
    Csv(#[from] csv::Error),
    #[error("JSON could not be written: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
    #[error("the DOCX could not be written: {0}")]
    Docx(String),
    #[error("visit {visit_id} is {status}: a report is made from an approved visit")]
    NotApproved { visit_id: uuid::Uuid, status: vigil_core::VisitStatus },
}
