//! The dashboard and the annual report's figures on the hand-built history (see
//! `history.rs`; the fixture's own visit, police, regular, unannounced, 2026-03-02 in
//! progress, counts too).

use std::collections::BTreeMap;

use vigil_core::records::{FacilityKind, VisitType};
use vigil_store::{AuthorityBacklog, AuthorityYear, TrackedStatus, VisitScope};

use crate::fixture::date;
use crate::history::{History, MOH, MOIA, MOJ};

fn year(authority: &str, made: i64, implemented: i64, partially: i64, not: i64) -> AuthorityYear {
    AuthorityYear {
        authority: authority.into(),
        made,
        implemented,
        partially_implemented: partially,
        not_implemented: not,
        no_longer_applicable: 0,
    }
}

#[test]
fn the_dashboard_of_a_year_shows_the_figures_counted_by_hand() {
    let (_h, store) = History::new();
    let dashboard = store.dashboard(2025, date(2026, 3, 1)).expect("dashboard");

    let monthly: Vec<(&str, VisitType, Option<FacilityKind>, i64)> =
        dashboard.visits_by_month.iter().map(|m| (m.month.as_str(), m.visit_type, m.place_kind, m.visits)).collect();
    assert_eq!(
        monthly,
        vec![
            ("2025-02", VisitType::Regular, Some(FacilityKind::PoliceCustody), 1),
            ("2025-05", VisitType::FollowUp, Some(FacilityKind::Prison), 1),
            ("2025-05", VisitType::AdHoc, Some(FacilityKind::PsychiatricHospital), 1),
            ("2025-11", VisitType::FollowUp, Some(FacilityKind::Prison), 1),
        ]
    );
    assert_eq!(
        dashboard.recommendations_by_status,
        BTreeMap::from([
            (TrackedStatus::NotAssessed, 2),
            (TrackedStatus::NotImplemented, 0),
            (TrackedStatus::PartiallyImplemented, 1),
            (TrackedStatus::Implemented, 2),
            (TrackedStatus::NoLongerApplicable, 0),
        ])
    );
    let quarters: Vec<(&str, i64, Option<f64>)> =
        dashboard.implementation_by_quarter.iter().map(|q| (q.key.as_str(), q.total, q.rate)).collect();
    assert_eq!(
        quarters,
        vec![("2025-Q1", 2, None), ("2025-Q2", 5, None), ("2025-Q3", 5, None), ("2025-Q4", 5, Some(0.0))]
    );
    let backlog = |authority: &str, open, overdue| AuthorityBacklog { authority: authority.into(), open, overdue };
    assert_eq!(dashboard.open_by_authority, vec![backlog(MOH, 1, 1), backlog(MOIA, 1, 1), backlog(MOJ, 1, 0)]);

    let later = store.dashboard(2026, date(2026, 3, 1)).expect("dashboard");
    let q1 = &later.implementation_by_quarter[0];
    assert_eq!((q1.key.as_str(), q1.total), ("2026-Q1", 5));
    assert!((q1.rate.expect("rate") - 2.0 / 3.0).abs() < 1e-9);
}

#[test]
fn the_annual_report_figures_count_visits_and_follow_up_of_the_year() {
    let (_h, store) = History::new();
    let report = store.dashboard(2025, date(2026, 3, 1)).expect("dashboard").annual_report;
    assert_eq!((report.visits, report.unannounced, report.unannounced_share), (4, 3, Some(0.75)));
    assert_eq!(
        report.visits_by_place_kind,
        BTreeMap::from([
            (FacilityKind::Prison, 2),
            (FacilityKind::PoliceCustody, 1),
            (FacilityKind::PsychiatricHospital, 1)
        ])
    );
    assert_eq!(
        report.visits_by_type,
        BTreeMap::from([(VisitType::Regular, 1), (VisitType::FollowUp, 2), (VisitType::AdHoc, 1)])
    );
    assert_eq!(report.recommendations_made, 5);
    assert_eq!(report.by_authority, vec![year(MOH, 1, 0, 0, 0), year(MOIA, 2, 0, 0, 0), year(MOJ, 2, 0, 0, 1)]);

    let report = store.dashboard(2026, date(2026, 12, 31)).expect("dashboard").annual_report;
    // v4, v5 and the fixture's visit; the planned one does not count.
    assert_eq!((report.visits, report.unannounced, report.recommendations_made), (3, 3, 0));
    assert_eq!(report.by_authority, vec![year(MOIA, 0, 1, 1, 0), year(MOJ, 0, 1, 0, 0)]);
    assert!(serde_json::to_string(&report).expect("serialisable").contains("\"police_custody\":2"));
}

#[test]
fn a_team_scope_counts_that_teams_visits_and_every_recommendation_as_its_device_would() {
    let (h, store) = History::new();
    let as_of = date(2026, 3, 1);
    let own = [h._world.team_id];
    let whole = store.dashboard(2025, as_of).expect("dashboard");
    assert_eq!(store.dashboard_in(VisitScope::Teams(&own), 2025, as_of).expect("own team"), whole);

    let other = [uuid::Uuid::now_v7()];
    let elsewhere = store.dashboard_in(VisitScope::Teams(&other), 2025, as_of).expect("another team");
    assert_eq!((elsewhere.annual_report.visits, elsewhere.visits_by_month.len()), (0, 0));
    let held = |d: &vigil_store::Dashboard| d.recommendations_by_status.values().sum::<i64>();
    assert_eq!(held(&elsewhere), held(&whole), "recommendations go to every team");
    let tracker = store
        .recommendation_tracker_in(VisitScope::Teams(&other), &Default::default(), as_of)
        .expect("tracker of another team");
    assert_eq!(tracker.rows.len(), 5);
    assert!(tracker.rows.iter().all(|row| row.made_on.is_some()), "the day they were recorded, at least");
}
