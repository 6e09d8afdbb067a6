//! The recommendations tracker: every recommendation this replica holds (those of every
//! place, whichever team made them), filtered, each with its whole history of assessments
//! across visits, and implementation rates by authority and by area.
//!
//! A recommendation's status is its latest assessment's ([`TrackedStatus::NotAssessed`]
//! until a visit assesses it). It is open until implemented or no longer applicable, and
//! overdue on a day after its due date while open.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use vigil_core::Entity;
use vigil_core::records::*;

use crate::{Store, StoreError};

/// Where a recommendation stands.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrackedStatus {
    NotAssessed,
    NotImplemented,
    PartiallyImplemented,
    Implemented,
    NoLongerApplicable,
}

impl TrackedStatus {
    pub const ALL: &'static [TrackedStatus] = &[
        TrackedStatus::NotAssessed,
        TrackedStatus::NotImplemented,
        TrackedStatus::PartiallyImplemented,
        TrackedStatus::Implemented,
        TrackedStatus::NoLongerApplicable,
    ];

    pub(crate) fn of(assessed: Option<ImplementationStatus>) -> TrackedStatus {
        match assessed {
            None => TrackedStatus::NotAssessed,
            Some(ImplementationStatus::NotImplemented) => TrackedStatus::NotImplemented,
            Some(ImplementationStatus::PartiallyImplemented) => TrackedStatus::PartiallyImplemented,
            Some(ImplementationStatus::Implemented) => TrackedStatus::Implemented,
            Some(ImplementationStatus::NoLongerApplicable) => TrackedStatus::NoLongerApplicable,
        }
    }

    pub fn is_open(self) -> bool {
        !matches!(self, TrackedStatus::Implemented | TrackedStatus::NoLongerApplicable)
    }
}

/// What to show; every criterion left `None` (or `false`) lets everything through.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RecommendationFilter {
    pub facility_id: Option<Uuid>,
    pub place_kind: Option<FacilityKind>,
    pub authority: Option<String>,
    pub area: Option<Area>,
    pub status: Option<TrackedStatus>,
    pub priority: Option<Priority>,
    /// Only those overdue on the tracker's day.
    pub overdue_only: bool,
    /// Only those whose authority's answer is past its deadline on the tracker's day.
    #[serde(default)]
    pub answer_overdue_only: bool,
}

/// One recommendation in the tracker.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrackedRecommendation {
    pub recommendation: Recommendation,
    pub place_name: String,
    pub place_kind: Option<FacilityKind>,
    /// The day of the visit that made it (arrival, else the planned day) when this replica
    /// holds that visit, else the day the recommendation was recorded.
    pub made_on: Option<NaiveDate>,
    pub status: TrackedStatus,
    /// Past its due date on the tracker's day and still open then.
    pub overdue: bool,
    /// Every assessment, oldest first, whichever visit made it.
    pub history: Vec<RecommendationAssessment>,
    /// The authority's answer: when due, where it stands, the answers and their plans.
    pub answer: super::AnswerFollowUp,
}

impl TrackedRecommendation {
    /// The status as known at the end of `day` (assessments made later not yet counted).
    pub fn status_on(&self, day: NaiveDate) -> TrackedStatus {
        TrackedStatus::of(self.assessed_by(day))
    }

    /// The latest assessment's status made by the end of `day`.
    fn assessed_by(&self, day: NaiveDate) -> Option<ImplementationStatus> {
        assessed_by(self.history.iter().map(|a| (a.assessed_on, a.status)), day)
    }

    fn matches(&self, filter: &RecommendationFilter) -> bool {
        let r = &self.recommendation;
        filter.facility_id.is_none_or(|id| id == r.facility_id)
            && filter.place_kind.is_none_or(|kind| Some(kind) == self.place_kind)
            && filter.authority.as_ref().is_none_or(|a| *a == r.authority)
            && filter.area.is_none_or(|area| area == r.area)
            && filter.status.is_none_or(|s| s == self.status)
            && filter.priority.is_none_or(|p| p == r.priority)
            && (!filter.overdue_only || self.overdue)
            && (!filter.answer_overdue_only || self.answer.state == vigil_core::answer::AnswerState::Overdue)
    }
}

/// How far the recommendations of one authority (or area) were carried out.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImplementationRate {
    pub key: String,
    pub total: i64,
    /// Count per status, every status present.
    pub by_status: BTreeMap<TrackedStatus, i64>,
    /// Implemented among those assessed and still applicable; `None` when there are none.
    pub rate: Option<f64>,
}

impl ImplementationRate {
    /// Rates of `rows` grouped by `key`, in key order.
    pub fn group<'a>(
        rows: impl IntoIterator<Item = &'a TrackedRecommendation>,
        key: impl Fn(&TrackedRecommendation) -> String,
        status: impl Fn(&TrackedRecommendation) -> TrackedStatus,
    ) -> Vec<ImplementationRate> {
        let mut groups: BTreeMap<String, BTreeMap<TrackedStatus, i64>> = BTreeMap::new();
        for row in rows {
            let counts = groups.entry(key(row)).or_insert_with(|| TrackedStatus::ALL.iter().map(|s| (*s, 0)).collect());
            *counts.entry(status(row)).or_default() += 1;
        }
        groups.into_iter().map(|(key, by_status)| ImplementationRate::from_counts(key, by_status)).collect()
    }

    pub(crate) fn from_counts(key: String, by_status: BTreeMap<TrackedStatus, i64>) -> ImplementationRate {
        let count = |s: TrackedStatus| by_status.get(&s).copied().unwrap_or(0);
        let total = by_status.values().sum();
        let judged = total - count(TrackedStatus::NotAssessed) - count(TrackedStatus::NoLongerApplicable);
        let rate = (judged > 0).then(|| count(TrackedStatus::Implemented) as f64 / judged as f64);
        ImplementationRate { key, total, by_status, rate }
    }
}

/// Which visits a supervisor's query counts. A device holds only its own teams' visits,
/// so it counts what it holds; the office holds every team's and counts a supervisor's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum VisitScope<'a> {
    /// Every visit this replica holds.
    #[default]
    Held,
    /// Only the visits of these teams (the recommendations, shared with every team, all).
    Teams(&'a [Uuid]),
}

impl VisitScope<'_> {
    pub fn takes(self, visit: &Visit) -> bool {
        match self {
            VisitScope::Held => true,
            VisitScope::Teams(teams) => teams.contains(&visit.team_id),
        }
    }

    /// The scope as one SQL parameter for [`VisitScope::SQL`]: NULL for every visit held,
    /// else the teams' ids as a JSON array.
    pub(crate) fn sql_teams(self) -> Option<String> {
        match self {
            VisitScope::Held => None,
            VisitScope::Teams(teams) => {
                Some(serde_json::Value::from(teams.iter().map(|t| t.to_string()).collect::<Vec<_>>()).to_string())
            }
        }
    }

    /// [`VisitScope::takes`] in SQL, on a visit `v`, with [`VisitScope::sql_teams`] as `?1`.
    pub(crate) const SQL: &'static str = "(?1 IS NULL OR v.team_id IN (SELECT value FROM json_each(?1)))";
}

/// The tracker's screen: the rows and the rates over them.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecommendationTracker {
    pub rows: Vec<TrackedRecommendation>,
    pub by_authority: Vec<ImplementationRate>,
    pub by_area: Vec<ImplementationRate>,
}

impl Store {
    /// The recommendations matching `filter` on day `as_of`, by place then age, with the
    /// implementation rates of those rows by authority and by area.
    pub fn recommendation_tracker(
        &self,
        filter: &RecommendationFilter,
        as_of: NaiveDate,
    ) -> Result<RecommendationTracker, StoreError> {
        self.recommendation_tracker_in(VisitScope::Held, filter, as_of)
    }

    /// [`Store::recommendation_tracker`] counting only the visits in `scope`, as a device
    /// of those teams would.
    pub fn recommendation_tracker_in(
        &self,
        scope: VisitScope<'_>,
        filter: &RecommendationFilter,
        as_of: NaiveDate,
    ) -> Result<RecommendationTracker, StoreError> {
        let rows: Vec<TrackedRecommendation> =
            self.tracked_recommendations(scope, filter, as_of)?.into_iter().filter(|row| row.matches(filter)).collect();
        let by_authority = ImplementationRate::group(&rows, |r| r.recommendation.authority.clone(), |r| r.status);
        let by_area = ImplementationRate::group(&rows, |r| r.recommendation.area.as_str().to_owned(), |r| r.status);
        Ok(RecommendationTracker { rows, by_authority, by_area })
    }

    /// Open recommendations past their due date on `as_of`, the longest overdue first.
    pub fn overdue_recommendations(&self, as_of: NaiveDate) -> Result<Vec<TrackedRecommendation>, StoreError> {
        let mut rows: Vec<TrackedRecommendation> = self
            .tracked_recommendations(VisitScope::Held, &RecommendationFilter::default(), as_of)?
            .into_iter()
            .filter(|row| row.overdue)
            .collect();
        rows.sort_by_key(|r| (r.recommendation.due_on, r.place_name.clone(), r.recommendation.id));
        Ok(rows)
    }

    /// The live recommendations `filter` may show (narrowed in SQL by what a recommendation's
    /// own columns say; [`TrackedRecommendation::matches`] decides) with their place, day,
    /// history and status on `as_of`; the day of a visit outside `scope` is not known (as on
    /// a device that does not hold it).
    pub(crate) fn tracked_recommendations(
        &self,
        scope: VisitScope<'_>,
        filter: &RecommendationFilter,
        as_of: NaiveDate,
    ) -> Result<Vec<TrackedRecommendation>, StoreError> {
        let places = self.place_names_and_kinds()?;
        let visit_days = self.visit_days(scope)?;
        let recorded = self.recorded_days(Entity::Recommendation)?;
        let narrowing: [&dyn rusqlite::ToSql; 5] = [
            &filter.facility_id.map(|id| id.to_string()),
            &filter.authority,
            &filter.area.map(Area::as_str),
            &filter.priority.map(Priority::as_str),
            &filter.place_kind.map(FacilityKind::as_str),
        ];
        // Unnarrowed, every assessment: cheaper than asking which recommendation each is of.
        let narrowed = filter.facility_id.is_some()
            || filter.authority.is_some()
            || filter.area.is_some()
            || filter.priority.is_some()
            || filter.place_kind.is_some();
        let (assessed, assessed_args): (String, &[&dyn rusqlite::ToSql]) = if narrowed {
            (
                format!("recommendation_id IN (SELECT id FROM recommendation WHERE deleted = 0 AND {NARROWING})"),
                &narrowing,
            )
        } else {
            ("1 = 1".to_owned(), &[])
        };
        let mut histories: HashMap<Uuid, Vec<RecommendationAssessment>> = HashMap::new();
        for assessment in
            self.typed::<RecommendationAssessment>(Entity::RecommendationAssessment, &assessed, assessed_args)?
        {
            histories.entry(assessment.recommendation_id).or_default().push(assessment);
        }
        let answers = self.answer_book()?;
        let mut rows = Vec::new();
        for recommendation in self.typed::<Recommendation>(Entity::Recommendation, NARROWING, &narrowing)? {
            let mut history = histories.remove(&recommendation.id).unwrap_or_default();
            history.sort_by_key(|a| (a.assessed_on, a.id));
            let place = places.get(&recommendation.facility_id);
            let made_on = visit_days.get(&recommendation.visit_id).or(recorded.get(&recommendation.id)).copied();
            let mut row = TrackedRecommendation {
                place_name: place.map(|p| p.0.clone()).unwrap_or_default(),
                place_kind: place.map(|p| p.1),
                made_on,
                status: TrackedStatus::of(history.last().map(|a| a.status)),
                overdue: false,
                history,
                answer: answers.follow_up(&recommendation, as_of),
                recommendation,
            };
            row.overdue = row.recommendation.overdue_on(row.assessed_by(as_of), as_of);
            rows.push(row);
        }
        rows.sort_by(|a, b| {
            (&a.place_name, a.made_on, a.recommendation.id).cmp(&(&b.place_name, b.made_on, b.recommendation.id))
        });
        Ok(rows)
    }

    /// Every live place's name and kind, by id.
    fn place_names_and_kinds(&self) -> Result<HashMap<Uuid, (String, FacilityKind)>, StoreError> {
        let mut statement = self.conn.prepare_cached("SELECT id, name, kind FROM facility WHERE deleted = 0")?;
        let mut rows = statement.query([])?;
        let mut places = HashMap::new();
        while let Some(row) = rows.next()? {
            let id: Uuid = row.get::<_, String>(0)?.parse().map_err(StoreError::corrupt)?;
            let kind = serde_json::from_value(row.get::<_, String>(2)?.into()).map_err(StoreError::corrupt)?;
            places.insert(id, (row.get(1)?, kind));
        }
        Ok(places)
    }

    /// The day of every live visit in `scope` ([`visit_day`]), by id.
    fn visit_days(&self, scope: VisitScope<'_>) -> Result<HashMap<Uuid, NaiveDate>, StoreError> {
        let sql =
            format!("SELECT v.id, v.planned_on, v.arrived_at FROM visit v WHERE v.deleted = 0 AND {}", VisitScope::SQL);
        let mut statement = self.conn.prepare_cached(&sql)?;
        let mut rows = statement.query([scope.sql_teams()])?;
        let mut days = HashMap::new();
        while let Some(row) = rows.next()? {
            let id: Uuid = row.get::<_, String>(0)?.parse().map_err(StoreError::corrupt)?;
            let planned_on = row.get::<_, String>(1)?.parse().map_err(StoreError::corrupt)?;
            let arrived_at =
                row.get::<_, Option<String>>(2)?.map(|t| t.parse()).transpose().map_err(StoreError::corrupt)?;
            days.insert(id, day_of_visit(planned_on, arrived_at));
        }
        Ok(days)
    }

    /// The day each live record of `entity` was created here or elsewhere, by id.
    fn recorded_days(&self, entity: Entity) -> Result<HashMap<Uuid, NaiveDate>, StoreError> {
        let sql = format!("SELECT id, substr(created_at, 1, 10) FROM \"{}\" WHERE deleted = 0", entity.as_str());
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, Option<String>>(1)?)))?;
        let mut days = HashMap::new();
        for row in rows {
            let (id, day) = row?;
            if let Some(day) = day.and_then(|d| d.parse().ok()) {
                days.insert(id.parse().map_err(StoreError::corrupt)?, day);
            }
        }
        Ok(days)
    }
}

/// What a recommendation's own columns must say for a [`RecommendationFilter`] to show it
/// (`?1` place, `?2` authority, `?3` area, `?4` priority, `?5` kind of place; NULL lets
/// everything through): only narrows what is read.
const NARROWING: &str = "(?1 IS NULL OR facility_id = ?1) AND (?2 IS NULL OR authority = ?2)
    AND (?3 IS NULL OR area = ?3) AND (?4 IS NULL OR priority = ?4)
    AND (?5 IS NULL OR facility_id IN (SELECT id FROM facility WHERE deleted = 0 AND kind = ?5))";

/// The day a visit took place: arrival, else the planned day.
pub(crate) fn visit_day(visit: &Visit) -> NaiveDate {
    day_of_visit(visit.planned_on, visit.arrived_at)
}

/// [`visit_day`] from the two fields it reads, for a query that holds only those.
pub(crate) fn day_of_visit(planned_on: NaiveDate, arrived_at: Option<chrono::DateTime<chrono::Utc>>) -> NaiveDate {
    arrived_at.map_or(planned_on, |t| t.date_naive())
}

/// The status of the latest assessment made by the end of `day`, from a history oldest
/// first (ties by id): the one meaning of "its status on a day" for the tracker and the
/// dashboard.
pub(crate) fn assessed_by(
    history: impl DoubleEndedIterator<Item = (NaiveDate, ImplementationStatus)>,
    day: NaiveDate,
) -> Option<ImplementationStatus> {
    history.rev().find(|(on, _)| *on <= day).map(|(_, status)| status)
}
