//! What the app reads. Every screen reads the local replica, never the network.
//!
//! - [`review`]: a visit's comment threads.
//! - [`queue`]: the visits waiting for a supervisor's decision.
//! - [`tracker`]: every recommendation with its history, filtered, and implementation rates.
//! - [`dashboard`]: the year's figures, the annual report's (OPCAT art. 23) among them.
//! - [`reprisal`]: the people to check on at a place, and what the year's checks found.
//! - [`answers`]: the authority's answers, their deadlines and plans, and the reminders.
//! - [`coverage`]: the places not visited since a day, by kind (the annual plan).

mod answers;
mod counted;
mod coverage;
mod dashboard;
mod queue;
mod reprisal;
mod review;
mod tracker;

pub use answers::{AnswerCounts, AnswerFollowUp, AnswerWithPlan, PlannedStep, Reminder, ReminderKind};
pub use coverage::{CoverageGroup, UncoveredPlace};
pub use dashboard::{AnnualFigures, AuthorityBacklog, AuthorityYear, Dashboard, MonthlyVisits};
pub use queue::{QueuedVisit, VisitCounts};
pub use reprisal::{PersonToCheck, ReprisalCheckCounts};
pub use review::{CommentThread, Dated};
pub use tracker::{
    ImplementationRate, RecommendationFilter, RecommendationTracker, TrackedRecommendation, TrackedStatus, VisitScope,
};

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, ToSql, params};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Map;
use uuid::Uuid;
use vigil_core::merge::Version;
use vigil_core::records::*;
use vigil_core::{Entity, Record, Stamp};

use crate::sql_value::from_sql;
use crate::{Store, StoreError};

/// A place in the list: who runs it, when it was last visited, what is still open.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceSummary {
    pub facility_id: Uuid,
    pub name: String,
    pub kind: FacilityKind,
    pub region: String,
    pub authority: String,
    pub capacity: Option<i64>,
    pub population: Option<i64>,
    /// The last visit this replica holds: of the teams the device syncs (another team's
    /// visits stay with that team), while recommendations come from every team's visits.
    pub last_visit_on: Option<NaiveDate>,
    pub open_recommendations: i64,
    pub overdue_recommendations: i64,
}

/// A visit with everything recorded on it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitBundle {
    pub visit: Visit,
    pub members: Vec<VisitMember>,
    pub answers: Vec<ChecklistAnswer>,
    pub observations: Vec<Observation>,
    pub interviews: Vec<Interview>,
    pub register_checks: Vec<RegisterCheck>,
    pub recommendations: Vec<Recommendation>,
    pub assessments: Vec<RecommendationAssessment>,
    pub attachments: Vec<Attachment>,
    pub comments: Vec<ReviewComment>,
    /// Corrections made after approval, oldest first; not part of the approved content.
    pub amendments: Vec<Amendment>,
    /// Its checks on people earlier interviews flagged at risk of reprisal.
    pub reprisal_checks: Vec<ReprisalCheck>,
    /// The end-of-visit talks with the head of the place, earliest first.
    pub debriefs: Vec<Debrief>,
}

/// A recommendation not yet implemented, with what the last visit found of it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenRecommendation {
    pub recommendation: Recommendation,
    pub last_assessment: Option<RecommendationAssessment>,
    pub overdue: bool,
    /// The authority's answer and its action plan, as the tracker shows them today.
    pub answer: AnswerFollowUp,
}

/// A field edited concurrently: the value shown and the values that lost to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub entity: Entity,
    pub entity_id: Uuid,
    pub field: String,
    pub winner: Version,
    pub losers: Vec<Version>,
}

/// A visit still in the team's hands, for the home screen's "in progress on this device".
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenVisit {
    pub visit_id: Uuid,
    pub facility_id: Uuid,
    pub place_name: String,
    pub status: vigil_core::VisitStatus,
    pub planned_on: NaiveDate,
    pub arrived_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub entity: Entity,
    pub id: Uuid,
    pub visit_id: Uuid,
    /// The matching passage, matches marked with `[` and `]`.
    pub snippet: String,
}

impl Store {
    /// Every place, by name, with its last visit and open and overdue recommendations.
    pub fn places(&self) -> Result<Vec<PlaceSummary>, StoreError> {
        let today = chrono::Utc::now().date_naive();
        let backlog = self.recommendation_backlog(today)?;
        let mut statement = self.conn.prepare_cached(
            "SELECT f.id, f.name, f.kind, f.region, f.authority, f.capacity, f.population,
                    (SELECT MAX(substr(v.arrived_at, 1, 10)) FROM visit v
                      WHERE v.facility_id = f.id AND v.deleted = 0 AND v.arrived_at IS NOT NULL)
               FROM facility f WHERE f.deleted = 0 ORDER BY f.name, f.id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, Option<i64>>(5)?,
                row.get::<_, Option<i64>>(6)?,
                row.get::<_, Option<String>>(7)?,
            ))
        })?;
        rows.map(|row| {
            let (id, name, kind, region, authority, capacity, population, last) = row?;
            let facility_id: Uuid = id.parse().map_err(StoreError::corrupt)?;
            let (open, overdue) = backlog.get(&facility_id).copied().unwrap_or_default();
            Ok(PlaceSummary {
                facility_id,
                name,
                kind: serde_json::from_value(kind.into()).map_err(StoreError::corrupt)?,
                region,
                authority,
                capacity,
                population,
                last_visit_on: last.map(|d| d.parse()).transpose().map_err(StoreError::corrupt)?,
                open_recommendations: open,
                overdue_recommendations: overdue,
            })
        })
        .collect()
    }

    /// The visits in progress or returned to the team, the one begun last first.
    pub fn open_visits(&self) -> Result<Vec<OpenVisit>, StoreError> {
        let open: [&dyn ToSql; 2] =
            [&vigil_core::VisitStatus::InProgress.as_str(), &vigil_core::VisitStatus::Returned.as_str()];
        let mut visits: Vec<Visit> = self.typed(Entity::Visit, "status IN (?1, ?2)", &open)?;
        visits.sort_by_key(|v| std::cmp::Reverse((v.arrived_at, v.planned_on, v.id)));
        // Their places in one read, not one per visit.
        let places: Vec<Facility> = self.typed(
            Entity::Facility,
            "id IN (SELECT facility_id FROM visit WHERE deleted = 0 AND status IN (?1, ?2))",
            &open,
        )?;
        let names: HashMap<Uuid, String> = places.into_iter().map(|place| (place.id, place.name)).collect();
        Ok(visits
            .into_iter()
            .map(|visit| OpenVisit {
                visit_id: visit.id,
                facility_id: visit.facility_id,
                place_name: names.get(&visit.facility_id).cloned().unwrap_or_default(),
                status: visit.status,
                planned_on: visit.planned_on,
                arrived_at: visit.arrived_at,
            })
            .collect())
    }

    /// Per place, its open recommendations and how many of them are overdue on `day`.
    fn recommendation_backlog(&self, day: NaiveDate) -> Result<HashMap<Uuid, (i64, i64)>, StoreError> {
        let mut statement =
            self.conn.prepare_cached("SELECT facility_id, due_on, current_status FROM recommendation_current")?;
        let rows = statement.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, Option<String>>(1)?, row.get::<_, Option<String>>(2)?))
        })?;
        let mut backlog: HashMap<Uuid, (i64, i64)> = HashMap::new();
        for row in rows {
            let (facility_id, due_on, status) = row?;
            let status: Option<ImplementationStatus> =
                status.map(|s| serde_json::from_value(s.into())).transpose().map_err(StoreError::corrupt)?;
            if status.is_some_and(ImplementationStatus::closes) {
                continue;
            }
            let due_on: Option<NaiveDate> = due_on.map(|d| d.parse()).transpose().map_err(StoreError::corrupt)?;
            let counts = backlog.entry(facility_id.parse().map_err(StoreError::corrupt)?).or_default();
            counts.0 += 1;
            counts.1 += i64::from(Recommendation::is_overdue(due_on, status, day));
        }
        Ok(backlog)
    }

    /// One record, unless it does not exist or was deleted.
    pub fn record(&self, entity: Entity, id: Uuid) -> Result<Option<Record>, StoreError> {
        Ok(self.records_where(entity, "id = ?1", &[&id.to_string()])?.pop())
    }

    /// Live records of one entity matching a condition on its columns, by id.
    fn records_where(&self, entity: Entity, condition: &str, args: &[&dyn ToSql]) -> Result<Vec<Record>, StoreError> {
        Reader(&self.conn).records_where(entity, condition, args)
    }

    fn typed<T: OneKind + DeserializeOwned>(
        &self,
        entity: Entity,
        condition: &str,
        args: &[&dyn ToSql],
    ) -> Result<Vec<T>, StoreError> {
        Reader(&self.conn).typed(entity, condition, args)
    }

    /// The findings of a place's visits, most severe first, then newest: the history a team
    /// reads before it goes back. At most `limit`.
    pub fn findings_of_place(&self, facility_id: Uuid, limit: usize) -> Result<Vec<Observation>, StoreError> {
        let mut findings: Vec<Observation> = self.typed(
            Entity::Observation,
            "visit_id IN (SELECT id FROM visit WHERE deleted = 0 AND facility_id = ?1)",
            &[&facility_id.to_string()],
        )?;
        most_severe_first(&mut findings);
        findings.truncate(limit);
        Ok(findings)
    }

    /// A visit's findings, most severe first, as a place's are.
    pub fn findings_of_visit(&self, visit_id: Uuid) -> Result<Vec<Observation>, StoreError> {
        let mut findings: Vec<Observation> =
            self.typed(Entity::Observation, "visit_id = ?1", &[&visit_id.to_string()])?;
        most_severe_first(&mut findings);
        Ok(findings)
    }

    /// Every live record of one entity, of any kind (see [`Store::all`] for one kind's struct).
    pub fn records(&self, entity: Entity) -> Result<Vec<Record>, StoreError> {
        self.records_where(entity, "1 = 1", &[])
    }

    /// Every record of one entity, e.g. the checklist templates.
    pub fn all<T: OneKind + DeserializeOwned>(&self, entity: Entity) -> Result<Vec<T>, StoreError> {
        self.typed(entity, "1 = 1", &[])
    }

    /// A visit with all its children.
    pub fn visit_bundle(&self, visit_id: Uuid) -> Result<VisitBundle, StoreError> {
        Reader(&self.conn).visit_bundle(visit_id)
    }

    /// The amendments of a visit, oldest first.
    pub fn amendments(&self, visit_id: Uuid) -> Result<Vec<Amendment>, StoreError> {
        Reader(&self.conn).amendments(visit_id)
    }

    /// The recommendations of a place still open, oldest first, each with its last assessment.
    pub fn open_recommendations(&self, facility_id: Uuid) -> Result<Vec<OpenRecommendation>, StoreError> {
        let today = chrono::Utc::now().date_naive();
        let recommendations: Vec<Recommendation> =
            self.typed(Entity::Recommendation, "facility_id = ?1", &[&facility_id.to_string()])?;
        let answers = self.answer_book()?;
        let mut open = Vec::new();
        for recommendation in recommendations {
            let mut assessments: Vec<RecommendationAssessment> = self.typed(
                Entity::RecommendationAssessment,
                "recommendation_id = ?1",
                &[&recommendation.id.to_string()],
            )?;
            assessments.sort_by_key(|a| (a.assessed_on, a.id));
            let last_assessment = assessments.pop();
            if last_assessment.as_ref().is_some_and(|a| a.status.closes()) {
                continue;
            }
            let overdue = recommendation.overdue_on(last_assessment.as_ref().map(|a| a.status), today);
            let answer = answers.follow_up(&recommendation, today);
            open.push(OpenRecommendation { recommendation, last_assessment, overdue, answer });
        }
        Ok(open)
    }

    /// Every field with competing versions, for a person to resolve.
    pub fn conflicts(&self) -> Result<Vec<Conflict>, StoreError> {
        let mut statement = self.conn.prepare(
            "SELECT entity, entity_id, field, hlc, device_id, op_id, value FROM conflict
              ORDER BY entity, entity_id, field, hlc DESC, device_id DESC",
        )?;
        let mut rows = statement.query([])?;
        let mut conflicts: Vec<Conflict> = Vec::new();
        while let Some(row) = rows.next()? {
            let entity: Entity = row.get::<_, String>(0)?.parse().map_err(StoreError::corrupt)?;
            let entity_id: Uuid = row.get::<_, String>(1)?.parse().map_err(StoreError::corrupt)?;
            let field: String = row.get(2)?;
            let loser = Version {
                stamp: Stamp {
                    hlc: row.get::<_, String>(3)?.parse().map_err(StoreError::corrupt)?,
                    device_id: row.get::<_, String>(4)?.parse().map_err(StoreError::corrupt)?,
                },
                op_id: row.get::<_, String>(5)?.parse().map_err(StoreError::corrupt)?,
                value: serde_json::from_str(&row.get::<_, String>(6)?).map_err(StoreError::corrupt)?,
            };
            match conflicts.last_mut() {
                Some(c) if c.entity == entity && c.entity_id == entity_id && c.field == field => c.losers.push(loser),
                _ => {
                    let winner = self.winner(entity, entity_id, &field)?;
                    conflicts.push(Conflict { entity, entity_id, field, winner, losers: vec![loser] });
                }
            }
        }
        Ok(conflicts)
    }

    fn winner(&self, entity: Entity, id: Uuid, field: &str) -> Result<Version, StoreError> {
        let def =
            entity.field(field).ok_or_else(|| StoreError::corrupt(format!("conflict on unknown field {field}")))?;
        let sql = format!("SELECT clock, \"{}\" FROM \"{}\" WHERE id = ?1", def.name, entity.as_str());
        let (clock, value) = self.conn.query_row(&sql, [id.to_string()], |row| {
            Ok((
                row.get::<_, String>(0)?,
                from_sql(def.kind, row.get_ref(1)?)
                    .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?,
            ))
        })?;
        let clock = crate::clock::Clock::parse(&clock)?;
        let (hlc, device_id, op_id) =
            clock.get(field).ok_or_else(|| StoreError::corrupt("conflict without a winner"))?;
        Ok(Version { stamp: Stamp { hlc, device_id }, op_id, value })
    }

    /// Full-text search over findings and recommendations (never interviews).
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        let Some(fts_query) = fts_query(query) else { return Ok(Vec::new()) };
        let mut statement = self.conn.prepare_cached(
            "SELECT * FROM (
               SELECT 'observation', o.id, o.visit_id, snippet(observation_fts, 0, '[', ']', '…', 12), bm25(observation_fts) AS score
                 FROM observation_fts JOIN observation o ON o.rowid = observation_fts.rowid
                WHERE observation_fts MATCH ?1 AND o.deleted = 0
               UNION ALL
               SELECT 'recommendation', r.id, r.visit_id, snippet(recommendation_fts, 0, '[', ']', '…', 12), bm25(recommendation_fts)
                 FROM recommendation_fts JOIN recommendation r ON r.rowid = recommendation_fts.rowid
                WHERE recommendation_fts MATCH ?1 AND r.deleted = 0)
             ORDER BY score LIMIT ?2",
        )?;
        let rows = statement.query_map(params![fts_query, i64::try_from(limit).unwrap_or(i64::MAX)], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, String>(2)?, row.get::<_, String>(3)?))
        })?;
        rows.map(|row| {
            let (entity, id, visit_id, snippet) = row?;
            Ok(SearchHit {
                entity: entity.parse().map_err(StoreError::corrupt)?,
                id: id.parse().map_err(StoreError::corrupt)?,
                visit_id: visit_id.parse().map_err(StoreError::corrupt)?,
                snippet,
            })
        })
        .collect()
    }
}

/// Turns what a person typed into an FTS5 query: every word must match, as a prefix, and
/// FTS5's own syntax characters are taken literally.
fn fts_query(typed: &str) -> Option<String> {
    let words: Vec<String> = typed.split_whitespace().map(|w| format!("\"{}\"*", w.replace('"', "\"\""))).collect();
    (!words.is_empty()).then(|| words.join(" "))
}

impl Store {
    /// Every record table and the conflicts as text, bookkeeping included, in a stable
    /// order: two replicas with equal snapshots hold the same records and conflicts.
    pub fn snapshot_text(&self) -> Result<String, StoreError> {
        let mut out = String::new();
        let tables = ["conflict"].into_iter().chain(Entity::ALL.iter().map(|e| e.as_str()));
        for table in tables {
            let mut statement = self.conn.prepare(&format!("SELECT * FROM \"{table}\" ORDER BY 1, 2, 3"))?;
            let columns = statement.column_count();
            let mut rows = statement.query([])?;
            while let Some(row) = rows.next()? {
                out.push_str(table);
                for i in 0..columns {
                    let value: rusqlite::types::Value = row.get(i)?;
                    out.push_str(&format!(" {value:?}"));
                }
                out.push('\n');
            }
        }
        Ok(out)
    }
}

impl Store {
    /// The visits this replica holds of one place, newest first: by planned day, then by
    /// arrival, then by id (ids are time-ordered, so the latest planned comes first).
    pub fn visits_of_place(&self, facility_id: Uuid) -> Result<Vec<Visit>, StoreError> {
        let mut visits: Vec<Visit> = self.typed(Entity::Visit, "facility_id = ?1", &[&facility_id.to_string()])?;
        visits.sort_by_key(|v| std::cmp::Reverse((v.planned_on, v.arrived_at, v.id)));
        Ok(visits)
    }
}

/// Whether a visit's content is still what was approved.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitIntegrity {
    /// The content hash recorded when the visit was last approved, if it was.
    pub approved: Option<String>,
    pub current: String,
    /// Corrections recorded since approval (they leave the approved content as it was).
    pub amendments: usize,
}

impl VisitIntegrity {
    pub fn matches_approval(&self) -> bool {
        self.approved.as_deref() == Some(self.current.as_str())
    }
}

impl Store {
    /// SHA-256 over a visit's content (see [`Reader::visit_content_hash`]).
    pub fn visit_content_hash(&self, visit_id: Uuid) -> Result<String, StoreError> {
        Reader(&self.conn).visit_content_hash(visit_id)
    }

    /// The visit's content now against the hash recorded at its last approval.
    pub fn visit_integrity(&self, visit_id: Uuid) -> Result<VisitIntegrity, StoreError> {
        let moves = self.status_moves(visit_id)?;
        let approved = moves
            .iter()
            .rev()
            .find(|m| m.to == Some(vigil_core::VisitStatus::Approved))
            .and_then(|m| m.details["content_sha256"].as_str().map(str::to_owned));
        let amendments = self.amendments(visit_id)?.len();
        Ok(VisitIntegrity { approved, current: self.visit_content_hash(visit_id)?, amendments })
    }

    /// A visit's moves in the review workflow as this replica may trust them: those the
    /// central office recorded as it accepted them (one chain, so in the order it accepted
    /// them, whatever any clock says), and the moves made on this device itself (the office
    /// records them once it has them), merged by time. Events any other device wrote about
    /// the visit are its own account, not the visit's history.
    pub(crate) fn status_moves(&self, visit_id: Uuid) -> Result<Vec<StatusMove>, StoreError> {
        let visit = visit_id.to_string();
        let accepted = crate::admission::ACCEPTED_STATUS;
        let (own_action, own_device) = (crate::edit::VISIT_STATUS, self.device_id.to_string());
        let in_chain_order = |mut events: Vec<AuditEvent>| {
            events.sort_by_key(|event| event.seq);
            events
        };
        let office =
            in_chain_order(self.typed(Entity::AuditEvent, "target_id = ?1 AND action = ?2", &[&visit, &accepted])?);
        let own = in_chain_order(self.typed(
            Entity::AuditEvent,
            "target_id = ?1 AND action = ?2 AND device_id = ?3",
            &[&visit, &own_action, &own_device],
        )?);
        // Each chain keeps its own order; between the two, the earlier event first.
        let (mut office, mut own) = (office.into_iter().peekable(), own.into_iter().peekable());
        let mut events = Vec::new();
        loop {
            let next = match (office.peek(), own.peek()) {
                (Some(a), Some(b)) if b.at < a.at => own.next(),
                (Some(_), _) => office.next(),
                (None, _) => own.next(),
            };
            let Some(event) = next else { break };
            events.push(event);
        }
        Ok(events
            .into_iter()
            .map(|event| {
                let details: serde_json::Value = serde_json::from_str(&event.details).unwrap_or_default();
                let to = serde_json::from_value(details["to"].clone()).ok();
                StatusMove { event, details, to }
            })
            .collect())
    }
}

/// One move of a visit in the review workflow, as an audit event recorded it.
#[derive(Debug, Clone)]
pub(crate) struct StatusMove {
    pub event: AuditEvent,
    pub details: serde_json::Value,
    pub to: Option<vigil_core::VisitStatus>,
}

/// Reads records through a connection: the store's own, or an open transaction (the
/// central office reads a visit's content inside the transaction that moves it).
pub(crate) struct Reader<'c>(pub &'c Connection);

impl Reader<'_> {
    /// Live records of one entity matching a condition on its columns, by id.
    pub(crate) fn records_where(
        &self,
        entity: Entity,
        condition: &str,
        args: &[&dyn ToSql],
    ) -> Result<Vec<Record>, StoreError> {
        let fields = entity.fields();
        let mut statement = self.0.prepare_cached(&live_rows_sql(entity, condition))?;
        let mut rows = statement.query(args)?;
        let mut records = Vec::new();
        while let Some(row) = rows.next()? {
            let id: Uuid = row.get::<_, String>(0)?.parse().map_err(StoreError::corrupt)?;
            let mut values = Map::new();
            for (i, field) in fields.iter().enumerate() {
                values.insert(field.name.to_owned(), from_sql(field.kind, row.get_ref(i + 1)?)?);
            }
            records.push(Record::from_fields(entity, id, values).map_err(StoreError::corrupt)?);
        }
        Ok(records)
    }

    /// The live records of `entity` that `condition` selects, as `T` (the entity's struct),
    /// read straight from their rows.
    pub(crate) fn typed<T: OneKind + DeserializeOwned>(
        &self,
        entity: Entity,
        condition: &str,
        args: &[&dyn ToSql],
    ) -> Result<Vec<T>, StoreError> {
        let fields = entity.fields();
        let mut statement = self.0.prepare_cached(&live_rows_sql(entity, condition))?;
        let mut rows = statement.query(args)?;
        let mut records = Vec::new();
        while let Some(row) = rows.next()? {
            records.push(crate::row_record::read(row, fields)?);
        }
        Ok(records)
    }

    /// A visit with all its children.
    pub(crate) fn visit_bundle(&self, visit_id: Uuid) -> Result<VisitBundle, StoreError> {
        let id = visit_id.to_string();
        let of_visit = "visit_id = ?1";
        let visit = self
            .typed::<Visit>(Entity::Visit, "id = ?1", &[&id])?
            .pop()
            .ok_or(StoreError::NotFound { entity: Entity::Visit, id: visit_id })?;
        Ok(VisitBundle {
            visit,
            members: self.typed(Entity::VisitMember, of_visit, &[&id])?,
            answers: self.typed(Entity::ChecklistAnswer, of_visit, &[&id])?,
            observations: self.typed(Entity::Observation, of_visit, &[&id])?,
            interviews: self.typed(Entity::Interview, of_visit, &[&id])?,
            register_checks: self.typed(Entity::RegisterCheck, of_visit, &[&id])?,
            recommendations: self.typed(Entity::Recommendation, of_visit, &[&id])?,
            assessments: self.typed(Entity::RecommendationAssessment, of_visit, &[&id])?,
            attachments: self.typed(Entity::Attachment, of_visit, &[&id])?,
            comments: self.typed(Entity::ReviewComment, of_visit, &[&id])?,
            amendments: self.amendments(visit_id)?,
            reprisal_checks: self.typed(Entity::ReprisalCheck, of_visit, &[&id])?,
            debriefs: {
                let mut debriefs: Vec<Debrief> = self.typed(Entity::Debrief, of_visit, &[&id])?;
                debriefs.sort_by_key(|d| (d.held_at, d.id));
                debriefs
            },
        })
    }

    /// The amendments of a visit, oldest first.
    pub(crate) fn amendments(&self, visit_id: Uuid) -> Result<Vec<Amendment>, StoreError> {
        let mut amendments: Vec<Amendment> =
            self.typed(Entity::Amendment, "visit_id = ?1", &[&visit_id.to_string()])?;
        amendments.sort_by_key(|a| (a.made_at, a.id));
        Ok(amendments)
    }

    /// SHA-256 over a visit's content: the visit without its workflow status, and every
    /// live record of it but review comments and amendments, in id order. Amendments are
    /// left out because they are the way an approved visit changes: they are kept beside
    /// the approved content and listed by [`Store::visit_integrity`].
    pub(crate) fn visit_content_hash(&self, visit_id: Uuid) -> Result<String, StoreError> {
        let bundle = self.visit_bundle(visit_id)?;
        let visit = Visit { status: vigil_core::VisitStatus::Planned, ..bundle.visit };
        let mut records: Vec<Record> = vec![visit.into()];
        records.extend(bundle.members.into_iter().map(Record::from));
        records.extend(bundle.answers.into_iter().map(Record::from));
        records.extend(bundle.observations.into_iter().map(Record::from));
        records.extend(bundle.interviews.into_iter().map(Record::from));
        records.extend(bundle.register_checks.into_iter().map(Record::from));
        records.extend(bundle.reprisal_checks.into_iter().map(Record::from));
        // The authority's response comes after the report: it is not the visit's content.
        let unanswered = |r: Recommendation| Recommendation { response: AuthorityResponse::Pending, ..r };
        records.extend(bundle.recommendations.into_iter().map(unanswered).map(Record::from));
        records.extend(bundle.assessments.into_iter().map(Record::from));
        // Nor are its letters and sent reports: attachments named by what follows the report.
        let after_report = self.attachments_after_report(visit_id)?;
        let content = bundle.attachments.into_iter().filter(|a| !after_report.contains(&a.id));
        records.extend(content.map(Record::from));
        Ok(vigil_core::audit::content_hash(&records))
    }

    /// The attachments of a visit that records following its report name (letters, the
    /// report's PDFs), removed or not: they never were the visit's content.
    pub(crate) fn attachments_after_report(&self, visit_id: Uuid) -> Result<Vec<Uuid>, StoreError> {
        let mut statement = self.0.prepare_cached(
            "SELECT letter_id FROM authority_answer WHERE visit_id = ?1 AND letter_id IS NOT NULL \
             UNION SELECT attachment_id FROM report_version WHERE visit_id = ?1 AND attachment_id IS NOT NULL",
        )?;
        let ids = statement.query_map([visit_id.to_string()], |row| row.get::<_, String>(0))?;
        ids.map(|id| id?.parse().map_err(StoreError::corrupt)).collect()
    }
}

/// Most severe first, then the latest: ids are time-ordered (UUIDv7), a larger id is a later finding.
fn most_severe_first(findings: &mut [Observation]) {
    findings.sort_by(|a, b| b.severity.cmp(&a.severity).then(b.id.cmp(&a.id)));
}

/// The query for the live rows of `entity` that `condition` selects: the id, then each of
/// the entity's fields in its own order, by id.
fn live_rows_sql(entity: Entity, condition: &str) -> String {
    let columns: String = entity.fields().iter().map(|f| format!(", \"{}\"", f.name)).collect();
    format!("SELECT id{columns} FROM \"{}\" WHERE deleted = 0 AND {condition} ORDER BY id", entity.as_str())
}
