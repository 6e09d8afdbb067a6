//! Coverage for the annual plan (issue 17, item 6): the places no visit reached since a
//! day, grouped by kind of place, so the office sees which prisons, police stations or
//! care homes wait longest.
//!
//! A place counts as visited on the day a team arrived there (`arrived_at`), as on the
//! places list. A replica holds its teams' visits only (an administrator's device: every
//! team's), so a supervisor's coverage is that of the teams they supervise.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use vigil_core::records::FacilityKind;

use crate::{Store, StoreError};

/// A place not visited since the day asked, with its last visit (none: never) and the
/// next visit planned there, if any.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UncoveredPlace {
    pub facility_id: Uuid,
    pub name: String,
    pub region: String,
    pub last_visit_on: Option<NaiveDate>,
    pub next_planned_on: Option<NaiveDate>,
}

/// The places of one kind not visited since the day asked, longest waiting first.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoverageGroup {
    pub kind: FacilityKind,
    /// How many places of this kind there are.
    pub places: i64,
    pub not_visited: Vec<UncoveredPlace>,
}

impl Store {
    /// Per kind of place (in the vocabulary's order, kinds without places left out), the
    /// places no team arrived at on or after `since`: never visited first, then the
    /// longest ago, then by name.
    pub fn coverage(&self, since: NaiveDate) -> Result<Vec<CoverageGroup>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT f.id, f.name, f.kind, f.region,
                    (SELECT MAX(substr(v.arrived_at, 1, 10)) FROM visit v
                      WHERE v.facility_id = f.id AND v.deleted = 0 AND v.arrived_at IS NOT NULL),
                    (SELECT MIN(v.planned_on) FROM visit v
                      WHERE v.facility_id = f.id AND v.deleted = 0 AND v.status = 'planned' AND v.arrived_at IS NULL)
               FROM facility f WHERE f.deleted = 0",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, Option<String>>(4)?,
                row.get::<_, Option<String>>(5)?,
            ))
        })?;
        let mut groups: Vec<CoverageGroup> =
            FacilityKind::ALL.iter().map(|&kind| CoverageGroup { kind, places: 0, not_visited: Vec::new() }).collect();
        let day = |text: Option<String>| text.map(|d| d.parse::<NaiveDate>()).transpose().map_err(StoreError::corrupt);
        for row in rows {
            let (id, name, kind, region, last, planned) = row?;
            let kind: FacilityKind = serde_json::from_value(kind.into()).map_err(StoreError::corrupt)?;
            let group = groups.iter_mut().find(|g| g.kind == kind).ok_or_else(|| StoreError::corrupt("kind"))?;
            group.places += 1;
            let last_visit_on = day(last)?;
            if last_visit_on.is_some_and(|last| last >= since) {
                continue;
            }
            group.not_visited.push(UncoveredPlace {
                facility_id: id.parse().map_err(StoreError::corrupt)?,
                name,
                region,
                last_visit_on,
                next_planned_on: day(planned)?,
            });
        }
        groups.retain(|g| g.places > 0);
        for group in &mut groups {
            group.not_visited.sort_by(|a, b| {
                (a.last_visit_on, &a.name, a.facility_id).cmp(&(b.last_visit_on, &b.name, b.facility_id))
            });
        }
        Ok(groups)
    }
}
