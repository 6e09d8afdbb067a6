//! "Before you go" on a place's page (issue 17, item 6): what a team reads before it goes
//! back — the last visit's findings (open and overdue recommendations and the people to check
//! on are the page's own lists, gathered beside them by the UI).

use serde::Serialize;
use vigil_core::VisitStatus;
use vigil_core::records::{Observation, Visit};
use vigil_store::Store;

use crate::error::AppError;
use crate::visit_records::visit_date;

/// The last visit carried out at the place and what it found.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LastVisit {
    pub visit: Visit,
    /// Its findings, most severe first.
    pub findings: Vec<Observation>,
}

/// A visit handed in: its findings are the team's account, not work still being recorded.
fn carried_out(visit: &Visit) -> bool {
    !matches!(visit.status, VisitStatus::Planned | VisitStatus::InProgress)
}

/// The latest of a place's `visits` that was carried out and handed in (the one in progress
/// now is not "the last visit"), with its findings.
pub fn last_visit(store: &Store, visits: &[Visit]) -> Result<Option<LastVisit>, AppError> {
    let Some(visit) = visits.iter().filter(|v| carried_out(v)).max_by_key(|v| (visit_date(v), v.id)) else {
        return Ok(None);
    };
    let findings = store.findings_of_visit(visit.id)?;
    Ok(Some(LastVisit { visit: visit.clone(), findings }))
}

#[cfg(test)]
mod tests {
    use super::carried_out;
    use vigil_core::VisitStatus;

    #[test]
    fn the_last_visit_is_one_handed_in() {
        let visit = |status| vigil_core::records::Visit {
            id: uuid::Uuid::nil(),
            facility_id: uuid::Uuid::nil(),
            team_id: uuid::Uuid::nil(),
            template_id: uuid::Uuid::nil(),
            visit_type: vigil_core::records::VisitType::Regular,
            unannounced: true,
            status,
            planned_on: chrono::NaiveDate::from_ymd_opt(2026, 3, 2).expect("day"),
            arrived_at: None,
            access_granted_at: None,
            departed_at: None,
            theme: None,
            no_names: false,
            summary: String::new(),
        };
        for status in [VisitStatus::Planned, VisitStatus::InProgress] {
            assert!(!carried_out(&visit(status)), "{status}");
        }
        for status in [VisitStatus::Submitted, VisitStatus::InReview, VisitStatus::Returned, VisitStatus::Approved] {
            assert!(carried_out(&visit(status)), "{status}");
        }
    }
}
