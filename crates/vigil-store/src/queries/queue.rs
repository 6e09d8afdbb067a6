//! The supervisor's review queue: the visits waiting for a decision, oldest submission
//! first. A replica holds only the visits of the teams its user works in or supervises,
//! so "my teams" is simply what is held.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use vigil_core::records::{FacilityKind, Visit, VisitType};
use vigil_core::{Entity, Record, VisitStatus};

use crate::{Store, StoreError};

/// One visit waiting for review, with what the supervisor needs to pick it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueuedVisit {
    pub visit_id: Uuid,
    pub status: VisitStatus,
    pub visit_type: VisitType,
    pub facility_id: Uuid,
    pub place_name: String,
    pub place_kind: Option<FacilityKind>,
    pub team_id: Uuid,
    pub team_name: String,
    pub planned_on: NaiveDate,
    pub arrived_at: Option<DateTime<Utc>>,
    pub departed_at: Option<DateTime<Utc>>,
    /// When the team last submitted it (from the audit trail).
    pub submitted_at: Option<DateTime<Utc>>,
    pub counts: VisitCounts,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitCounts {
    /// Observations.
    pub findings: i64,
    pub interviews: i64,
    /// Recommendations this visit makes.
    pub new_recommendations: i64,
    /// Earlier recommendations this visit assessed.
    pub assessments: i64,
    /// Fields of the visit or its records edited concurrently and not yet resolved.
    pub open_conflicts: i64,
}

impl Store {
    /// Visits submitted or in review, oldest submission first. A visit whose submission is
    /// not in this replica's audit trail (imported, or submitted before the trail began)
    /// counts from its departure, else its planned day.
    pub fn review_queue(&self) -> Result<Vec<QueuedVisit>, StoreError> {
        self.visits_in(&[VisitStatus::Submitted, VisitStatus::InReview])
    }

    /// Visits in one of `statuses`, as the review queue shows them, oldest submission
    /// first (the office's console lists the approved ones, whose reports it serves).
    pub fn visits_in(&self, statuses: &[VisitStatus]) -> Result<Vec<QueuedVisit>, StoreError> {
        let names: Vec<&str> = statuses.iter().map(|status| status.as_str()).collect();
        let names = serde_json::to_string(&names).map_err(StoreError::corrupt)?;
        let visits: Vec<Visit> = self.typed(Entity::Visit, "status IN (SELECT value FROM json_each(?1))", &[&names])?;
        let mut queue = Vec::with_capacity(visits.len());
        for visit in visits {
            let place = match self.record(Entity::Facility, visit.facility_id)? {
                Some(Record::Facility(f)) => Some(f),
                _ => None,
            };
            let team_name = match self.record(Entity::Team, visit.team_id)? {
                Some(Record::Team(t)) => t.name,
                _ => String::new(),
            };
            queue.push(QueuedVisit {
                visit_id: visit.id,
                status: visit.status,
                visit_type: visit.visit_type,
                facility_id: visit.facility_id,
                place_name: place.as_ref().map(|p| p.name.clone()).unwrap_or_default(),
                place_kind: place.map(|p| p.kind),
                team_id: visit.team_id,
                team_name,
                planned_on: visit.planned_on,
                arrived_at: visit.arrived_at,
                departed_at: visit.departed_at,
                submitted_at: self.submitted_at(visit.id)?,
                counts: self.visit_counts(visit.id)?,
            });
        }
        queue.sort_by_key(|q| {
            let since = q.submitted_at.or(q.departed_at).map(|at| at.date_naive()).unwrap_or(q.planned_on);
            (since, q.submitted_at.or(q.departed_at), q.visit_id)
        });
        Ok(queue)
    }

    /// The last time the visit moved to submitted, as its trusted history tells.
    fn submitted_at(&self, visit_id: Uuid) -> Result<Option<DateTime<Utc>>, StoreError> {
        let moves = self.status_moves(visit_id)?;
        Ok(moves.iter().rev().find(|m| m.to == Some(VisitStatus::Submitted)).map(|m| m.event.at))
    }

    /// What is recorded on a visit, counted.
    pub fn visit_counts(&self, visit_id: Uuid) -> Result<VisitCounts, StoreError> {
        let id = visit_id.to_string();
        let count = |table: &str| -> Result<i64, StoreError> {
            let sql = format!("SELECT COUNT(*) FROM \"{table}\" WHERE visit_id = ?1 AND deleted = 0");
            Ok(self.conn.prepare_cached(&sql)?.query_row([&id], |row| row.get(0))?)
        };
        // Every record that names the visit, and the visit itself.
        let of_visit: Vec<String> = Entity::ALL
            .iter()
            .filter(|e| e.field("visit_id").is_some())
            .map(|e| format!("SELECT id FROM \"{}\" WHERE visit_id = ?1", e.as_str()))
            .collect();
        let conflicts_sql = format!(
            "SELECT COUNT(*) FROM (SELECT DISTINCT entity, entity_id, field FROM conflict
              WHERE entity_id = ?1 OR entity_id IN ({}))",
            of_visit.join(" UNION ALL ")
        );
        Ok(VisitCounts {
            findings: count(Entity::Observation.as_str())?,
            interviews: count(Entity::Interview.as_str())?,
            new_recommendations: count(Entity::Recommendation.as_str())?,
            assessments: count(Entity::RecommendationAssessment.as_str())?,
            open_conflicts: self.conn.prepare_cached(&conflicts_sql)?.query_row([&id], |row| row.get(0))?,
        })
    }
}
