//! What devices record offline, for the benchmarks to sync: visits in progress with their
//! findings.

use uuid::Uuid;
use vigil_core::records::{Area, Observation, Severity, Visit, VisitType};
use vigil_core::{Record, VisitStatus};

/// Where a team works: its place and checklist.
#[derive(Debug, Clone, Copy)]
pub struct Site {
    pub team_id: Uuid,
    pub facility_id: Uuid,
    pub template_id: Uuid,
}

/// One visit in progress with `observations` findings: the visit first.
pub fn visit(site: Site, number: usize, observations: usize) -> Vec<Record> {
    let visit = Visit {
        id: Uuid::now_v7(),
        facility_id: site.facility_id,
        team_id: site.team_id,
        template_id: site.template_id,
        visit_type: VisitType::Regular,
        unannounced: true,
        status: VisitStatus::InProgress,
        planned_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 2).expect("date"),
        arrived_at: Some("2026-11-02T07:00:00Z".parse().expect("time")),
        access_granted_at: None,
        departed_at: None,
        theme: None,
        no_names: false,
        summary: format!("Visit {number}"),
    };
    let visit_id = visit.id;
    let mut records = vec![visit.into()];
    records.extend((0..observations).map(|n| finding(visit_id, number, n)));
    records
}

pub fn finding(visit_id: Uuid, visit: usize, n: usize) -> Record {
    Observation {
        id: Uuid::now_v7(),
        visit_id,
        area: Area::ALL[n % Area::ALL.len()],
        severity: Severity::Medium,
        text: format!("Finding {n} of visit {visit}: cell {n} holds more people than beds, ventilation is poor"),
        attachment_ids: vec![],
        confidential: false,
    }
    .into()
}

/// Visits in progress for one team, each with its findings.
pub fn visits(site: Site, visits: usize, observations: usize) -> Vec<Record> {
    (0..visits).flat_map(|v| visit(site, v, observations)).collect()
}
