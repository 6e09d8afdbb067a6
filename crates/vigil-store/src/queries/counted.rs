//! What the dashboard counts, read as the few columns it counts by rather than as whole
//! records: at an NPM's scale (100,000 records and more) building every visit and
//! recommendation as a record cost more than the counting. The rules stay the ones the
//! tracker applies to whole records ([`day_of_visit`], [`assessed_by`], and the core's
//! [`Recommendation::is_overdue`] where the dashboard says "overdue").

use chrono::{DateTime, NaiveDate, Utc};
use serde::de::DeserializeOwned;
use uuid::Uuid;
use vigil_core::VisitStatus;
use vigil_core::records::{FacilityKind, ImplementationStatus, Recommendation, VisitType};

use super::tracker::{TrackedStatus, VisitScope, assessed_by, day_of_visit};
use crate::{Store, StoreError};

/// A visit past planning, as the dashboard counts it.
pub(super) struct CountedVisit {
    pub day: NaiveDate,
    pub visit_type: VisitType,
    pub unannounced: bool,
    pub place_kind: Option<FacilityKind>,
}

/// A recommendation, as the dashboard counts it.
pub(super) struct CountedRecommendation {
    pub id: Uuid,
    pub visit_id: Uuid,
    pub authority: String,
    pub due_on: Option<NaiveDate>,
    /// As [`super::TrackedRecommendation::made_on`]: the day of the visit that made it when
    /// that visit is in scope, else the day it was recorded.
    pub made_on: Option<NaiveDate>,
    /// (assessed on, status), oldest first, ties by the assessment's id.
    pub history: Vec<(NaiveDate, ImplementationStatus)>,
}

impl CountedRecommendation {
    pub fn status_on(&self, day: NaiveDate) -> TrackedStatus {
        TrackedStatus::of(assessed_by(self.history.iter().copied(), day))
    }

    /// Open on `day` and past its due date: the core's rule.
    pub fn overdue_on(&self, day: NaiveDate) -> bool {
        Recommendation::is_overdue(self.due_on, assessed_by(self.history.iter().copied(), day), day)
    }

    /// The status of its last assessment made in `year`, if any.
    pub fn followed_up_in(&self, year: i32) -> Option<ImplementationStatus> {
        use chrono::Datelike;
        self.history.iter().rev().find(|(on, _)| on.year() == year).map(|(_, status)| *status)
    }
}

impl Store {
    /// Every visit in `scope` past planning, with the kind of its place.
    pub(super) fn counted_visits(&self, scope: VisitScope<'_>) -> Result<Vec<CountedVisit>, StoreError> {
        let sql = format!(
            "SELECT v.planned_on, v.arrived_at, v.visit_type, v.unannounced, f.kind
               FROM visit v LEFT JOIN facility f ON f.id = v.facility_id AND f.deleted = 0
              WHERE v.deleted = 0 AND v.status != ?2 AND {}",
            VisitScope::SQL
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let mut rows = statement.query(rusqlite::params![scope.sql_teams(), VisitStatus::Planned.as_str()])?;
        let mut visits = Vec::new();
        while let Some(row) = rows.next()? {
            visits.push(CountedVisit {
                day: day_of_visit(date(row.get(0)?)?, row.get::<_, Option<String>>(1)?.map(time).transpose()?),
                visit_type: word(row.get(2)?)?,
                unannounced: row.get(3)?,
                place_kind: row.get::<_, Option<String>>(4)?.map(word).transpose()?,
            });
        }
        Ok(visits)
    }

    /// Every live recommendation with its history of assessments; the day of a visit
    /// outside `scope` is not known (as on a device that does not hold it).
    pub(super) fn counted_recommendations(
        &self,
        scope: VisitScope<'_>,
    ) -> Result<Vec<CountedRecommendation>, StoreError> {
        let sql = format!(
            "SELECT r.id, r.authority, r.due_on, v.planned_on, v.arrived_at, substr(r.created_at, 1, 10),
                    a.assessed_on, a.status, r.visit_id
               FROM recommendation r
               LEFT JOIN visit v ON v.id = r.visit_id AND v.deleted = 0 AND {}
               LEFT JOIN recommendation_assessment a ON a.recommendation_id = r.id AND a.deleted = 0
              WHERE r.deleted = 0
              ORDER BY r.id, a.assessed_on, a.id",
            VisitScope::SQL
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let mut rows = statement.query([scope.sql_teams()])?;
        let mut recommendations: Vec<CountedRecommendation> = Vec::new();
        let mut last_id = String::new();
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            if id != last_id {
                let visit_day = match row.get::<_, Option<String>>(3)? {
                    Some(planned_on) => {
                        Some(day_of_visit(date(planned_on)?, row.get::<_, Option<String>>(4)?.map(time).transpose()?))
                    }
                    None => None,
                };
                let recorded = row.get::<_, Option<String>>(5)?.and_then(|day| day.parse().ok());
                recommendations.push(CountedRecommendation {
                    id: id.parse().map_err(StoreError::corrupt)?,
                    visit_id: row.get::<_, String>(8)?.parse().map_err(StoreError::corrupt)?,
                    authority: row.get(1)?,
                    due_on: row.get::<_, Option<String>>(2)?.map(date).transpose()?,
                    made_on: visit_day.or(recorded),
                    history: Vec::new(),
                });
                last_id = id;
            }
            if let (Some(on), Some(status)) = (row.get::<_, Option<String>>(6)?, row.get::<_, Option<String>>(7)?) {
                let current = recommendations.last_mut().expect("pushed above");
                current.history.push((date(on)?, word(status)?));
            }
        }
        Ok(recommendations)
    }
}

fn date(text: String) -> Result<NaiveDate, StoreError> {
    text.parse().map_err(StoreError::corrupt)
}

fn time(text: String) -> Result<DateTime<Utc>, StoreError> {
    text.parse().map_err(StoreError::corrupt)
}

/// A word of a closed vocabulary, as stored.
fn word<T: DeserializeOwned>(text: String) -> Result<T, StoreError> {
    serde_json::from_value(text.into()).map_err(StoreError::corrupt)
}
