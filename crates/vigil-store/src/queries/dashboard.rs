//! The office's dashboard for one year, with the figures behind each chart, and the
//! figures an NPM's annual report gives (OPCAT art. 23).
//!
//! A visit counts once it has left the planned state, on its day (arrival, else the
//! planned day). A recommendation counts in the year it was made (see
//! [`super::TrackedRecommendation::made_on`]). An implementation rate is the share implemented
//! among the recommendations assessed and still applicable ([`ImplementationRate`]).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use vigil_core::records::{FacilityKind, ImplementationStatus, VisitType};

use super::counted::{CountedRecommendation, CountedVisit};
use super::tracker::{ImplementationRate, TrackedStatus, VisitScope};
use crate::{Store, StoreError};

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub year: i32,
    pub as_of: NaiveDate,
    /// Visits per month of the year, by type and kind of place (only non-zero rows).
    pub visits_by_month: Vec<MonthlyVisits>,
    /// Every recommendation held, by its status on `as_of`.
    pub recommendations_by_status: BTreeMap<TrackedStatus, i64>,
    /// The rate as known at the end of each quarter of the year, over the recommendations
    /// made by then (`key` is "2026-Q1"…).
    pub implementation_by_quarter: Vec<ImplementationRate>,
    /// Open and overdue recommendations on `as_of`, per authority.
    pub open_by_authority: Vec<AuthorityBacklog>,
    pub annual_report: AnnualFigures,
    /// What the year's checks on people at risk of reprisal found (the replica's: a
    /// team's and its supervisors', never an administrator's).
    pub reprisal_checks: super::ReprisalCheckCounts,
    /// The authorities' answers overdue or due soon on `as_of`, and their overdue steps.
    pub answers: super::AnswerCounts,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthlyVisits {
    /// "2026-03".
    pub month: String,
    pub visit_type: VisitType,
    pub place_kind: Option<FacilityKind>,
    pub visits: i64,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorityBacklog {
    pub authority: String,
    pub open: i64,
    pub overdue: i64,
}

/// The figures of an annual report (OPCAT art. 23) for one year.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnnualFigures {
    pub year: i32,
    pub visits: i64,
    pub unannounced: i64,
    /// `unannounced / visits`; `None` without visits.
    pub unannounced_share: Option<f64>,
    pub visits_by_place_kind: BTreeMap<FacilityKind, i64>,
    pub visits_by_type: BTreeMap<VisitType, i64>,
    pub recommendations_made: i64,
    /// Per authority: recommendations made in the year, and those followed up in the year
    /// by their last assessment of the year.
    pub by_authority: Vec<AuthorityYear>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorityYear {
    pub authority: String,
    pub made: i64,
    pub implemented: i64,
    pub partially_implemented: i64,
    pub not_implemented: i64,
    pub no_longer_applicable: i64,
}

impl Store {
    /// The dashboard of `year`, statuses as known on `as_of`.
    pub fn dashboard(&self, year: i32, as_of: NaiveDate) -> Result<Dashboard, StoreError> {
        self.dashboard_in(VisitScope::Held, year, as_of)
    }

    /// [`Store::dashboard`] counting only the visits in `scope`, as a device of those
    /// teams would.
    pub fn dashboard_in(&self, scope: VisitScope<'_>, year: i32, as_of: NaiveDate) -> Result<Dashboard, StoreError> {
        let visits = self.counted_visits(scope)?;
        let recommendations = self.counted_recommendations(scope)?;
        let answer_book = self.answer_book()?;
        let in_year: Vec<&CountedVisit> = visits.iter().filter(|v| v.day.year() == year).collect();

        let mut monthly: BTreeMap<(String, VisitType, Option<FacilityKind>), i64> = BTreeMap::new();
        for visit in &in_year {
            let month = visit.day.format("%Y-%m").to_string();
            *monthly.entry((month, visit.visit_type, visit.place_kind)).or_default() += 1;
        }
        let visits_by_month = monthly
            .into_iter()
            .map(|((month, visit_type, place_kind), visits)| MonthlyVisits { month, visit_type, place_kind, visits })
            .collect();

        let mut recommendations_by_status: BTreeMap<TrackedStatus, i64> =
            TrackedStatus::ALL.iter().map(|s| (*s, 0)).collect();
        for row in &recommendations {
            *recommendations_by_status.entry(row.status_on(as_of)).or_default() += 1;
        }

        let implementation_by_quarter = (1..=4)
            .filter_map(|quarter| Some((quarter, quarter_end(year, quarter)?)))
            .map(|(quarter, end)| {
                let mut by_status: BTreeMap<TrackedStatus, i64> = TrackedStatus::ALL.iter().map(|s| (*s, 0)).collect();
                for row in recommendations.iter().filter(|r| r.made_on.is_some_and(|d| d <= end)) {
                    *by_status.entry(row.status_on(end)).or_default() += 1;
                }
                ImplementationRate::from_counts(format!("{year}-Q{quarter}"), by_status)
            })
            .collect();

        let mut backlog: BTreeMap<&str, AuthorityBacklog> = BTreeMap::new();
        for row in recommendations.iter().filter(|r| r.status_on(as_of).is_open()) {
            let entry = backlog.entry(&row.authority).or_insert_with(|| AuthorityBacklog {
                authority: row.authority.clone(),
                open: 0,
                overdue: 0,
            });
            entry.open += 1;
            entry.overdue += i64::from(row.overdue_on(as_of));
        }

        Ok(Dashboard {
            year,
            as_of,
            visits_by_month,
            recommendations_by_status,
            implementation_by_quarter,
            open_by_authority: backlog.into_values().collect(),
            annual_report: annual_figures(year, &in_year, &recommendations),
            reprisal_checks: self.reprisal_check_counts(year)?,
            answers: super::AnswerCounts::of(
                recommendations.iter().map(|r| answer_book.follow_up_of(r.id, r.visit_id, as_of)),
            ),
        })
    }
}

fn annual_figures(year: i32, visits: &[&CountedVisit], recommendations: &[CountedRecommendation]) -> AnnualFigures {
    let count = visits.len() as i64;
    let unannounced = visits.iter().filter(|v| v.unannounced).count() as i64;
    let mut visits_by_place_kind = BTreeMap::new();
    let mut visits_by_type = BTreeMap::new();
    for visit in visits {
        *visits_by_place_kind.entry(visit.place_kind.unwrap_or(FacilityKind::Other)).or_default() += 1;
        *visits_by_type.entry(visit.visit_type).or_default() += 1;
    }
    let mut by_authority: BTreeMap<&str, AuthorityYear> = BTreeMap::new();
    let mut made_in_year = 0;
    for row in recommendations {
        let entry = by_authority.entry(&row.authority).or_insert_with(|| AuthorityYear {
            authority: row.authority.clone(),
            made: 0,
            implemented: 0,
            partially_implemented: 0,
            not_implemented: 0,
            no_longer_applicable: 0,
        });
        if row.made_on.is_some_and(|d| d.year() == year) {
            entry.made += 1;
            made_in_year += 1;
        }
        match row.followed_up_in(year) {
            Some(ImplementationStatus::Implemented) => entry.implemented += 1,
            Some(ImplementationStatus::PartiallyImplemented) => entry.partially_implemented += 1,
            Some(ImplementationStatus::NotImplemented) => entry.not_implemented += 1,
            Some(ImplementationStatus::NoLongerApplicable) => entry.no_longer_applicable += 1,
            None => {}
        }
    }
    by_authority.retain(|_, a| {
        a.made + a.implemented + a.partially_implemented + a.not_implemented + a.no_longer_applicable > 0
    });
    AnnualFigures {
        year,
        visits: count,
        unannounced,
        unannounced_share: (count > 0).then(|| unannounced as f64 / count as f64),
        visits_by_place_kind,
        visits_by_type,
        recommendations_made: made_in_year,
        by_authority: by_authority.into_values().collect(),
    }
}

/// The last day of a quarter (1 to 4).
fn quarter_end(year: i32, quarter: u32) -> Option<NaiveDate> {
    let next = if quarter == 4 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, quarter * 3 + 1, 1)
    };
    next?.pred_opt()
}
