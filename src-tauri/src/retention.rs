//! Retention on this device (`vigil_store`'s `retention`): after each sync, and at
//! unlock, the visits past the office's period lose their interview contents and photo
//! bytes here; the security settings show the period and what left.

use serde::Serialize;
use vigil_store::PurgedVisit;

use crate::error::AppError;
use crate::state::AppState;

/// The office's period as this device knows it, and the visits removed from it.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct RetentionStatus {
    /// Days after approval; none while the office sets no period (everything is kept).
    pub days: Option<u32>,
    pub purged: Vec<PurgedVisit>,
}

impl AppState {
    pub fn retention_status(&self) -> Result<RetentionStatus, AppError> {
        self.with_store(|store| {
            Ok(RetentionStatus { days: store.retention()?.map(|days| days.get()), purged: store.purged_visits()? })
        })
    }

    /// Removes what is past the period; a failure is logged and tried again next time,
    /// never in the way of the person's work.
    pub(crate) fn purge_expired(&self) {
        if self.is_locked() {
            return;
        }
        match self.with_store(|store| store.purge_expired(chrono::Utc::now())) {
            // Counts only: no place, code or content in the log.
            Ok(purged) if !purged.visits.is_empty() => eprintln!(
                "vigil: retention: removed {} interviews and {} files of {} approved visits",
                purged.interviews,
                purged.blobs,
                purged.visits.len()
            ),
            Ok(_) => {}
            Err(error) => eprintln!("vigil: retention: {error}"),
        }
    }
}
