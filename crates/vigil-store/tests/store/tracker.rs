//! The recommendations tracker on the hand-built history (see `history.rs` for the table).

use std::collections::BTreeMap;

use uuid::Uuid;
use vigil_core::records::{Area, FacilityKind, ImplementationStatus, Priority};
use vigil_store::{ImplementationRate, RecommendationFilter, Store, TrackedStatus};

use crate::fixture::date;
use crate::history::{History, MOH, MOIA, MOJ};

fn ids(store: &Store, filter: RecommendationFilter) -> Vec<Uuid> {
    let mut ids: Vec<Uuid> = store
        .recommendation_tracker(&filter, date(2026, 3, 1))
        .expect("tracker")
        .rows
        .iter()
        .map(|row| row.recommendation.id)
        .collect();
    ids.sort();
    ids
}

fn sorted(mut ids: Vec<Uuid>) -> Vec<Uuid> {
    ids.sort();
    ids
}

#[test]
fn each_filter_picks_exactly_the_rows_counted_by_hand() {
    let (h, store) = History::new();
    let [r1, r2, r3, r4, r5] = h.r;
    let all = RecommendationFilter::default;
    assert_eq!(ids(&store, all()), sorted(vec![r1, r2, r3, r4, r5]));
    assert_eq!(ids(&store, RecommendationFilter { facility_id: Some(h.hospital), ..all() }), vec![r5]);
    let prisons = RecommendationFilter { place_kind: Some(FacilityKind::Prison), ..all() };
    assert_eq!(ids(&store, prisons), sorted(vec![r3, r4]));
    assert_eq!(ids(&store, RecommendationFilter { authority: Some(MOIA.into()), ..all() }), sorted(vec![r1, r2]));
    assert_eq!(ids(&store, RecommendationFilter { area: Some(Area::Treatment), ..all() }), sorted(vec![r2, r5]));
    let not_assessed = RecommendationFilter { status: Some(TrackedStatus::NotAssessed), ..all() };
    assert_eq!(ids(&store, not_assessed), sorted(vec![r4, r5]));
    assert_eq!(ids(&store, RecommendationFilter { priority: Some(Priority::High), ..all() }), sorted(vec![r1, r5]));
    assert_eq!(ids(&store, RecommendationFilter { overdue_only: true, ..all() }), sorted(vec![r1, r5]));
    let combined = RecommendationFilter {
        place_kind: Some(FacilityKind::Prison),
        status: Some(TrackedStatus::Implemented),
        ..all()
    };
    assert_eq!(ids(&store, combined), vec![r3]);
}

#[test]
fn each_row_carries_its_whole_history_across_visits_and_its_place() {
    let (h, store) = History::new();
    let tracker = store.recommendation_tracker(&RecommendationFilter::default(), date(2026, 3, 1)).expect("tracker");
    let r3 = tracker.rows.iter().find(|row| row.recommendation.id == h.r[2]).expect("r3");
    let history: Vec<_> = r3.history.iter().map(|a| (a.assessed_on, a.status)).collect();
    assert_eq!(
        history,
        vec![
            (date(2025, 11, 5), ImplementationStatus::NotImplemented),
            (date(2026, 2, 1), ImplementationStatus::Implemented)
        ]
    );
    assert_eq!(r3.status, TrackedStatus::Implemented);
    assert_eq!(r3.status_on(date(2025, 12, 31)), TrackedStatus::NotImplemented, "as known at the end of 2025");
    assert!(!r3.overdue, "implemented before the tracker's day");
    assert_eq!(
        (r3.place_name.as_str(), r3.place_kind, r3.made_on),
        ("Women's Prison No. 4", Some(FacilityKind::Prison), Some(date(2025, 5, 20)))
    );
    assert_eq!(h.prison, r3.recommendation.facility_id);
}

#[test]
fn implementation_rates_by_authority_and_area_count_implemented_among_the_assessed() {
    let (_h, store) = History::new();
    let tracker = store.recommendation_tracker(&RecommendationFilter::default(), date(2026, 3, 1)).expect("tracker");
    let rates = |rates: &[ImplementationRate]| -> BTreeMap<String, (i64, Option<f64>)> {
        rates.iter().map(|r| (r.key.clone(), (r.total, r.rate))).collect()
    };
    assert_eq!(
        rates(&tracker.by_authority),
        BTreeMap::from([(MOH.into(), (1, None)), (MOIA.into(), (2, Some(0.5))), (MOJ.into(), (2, Some(1.0)))])
    );
    assert_eq!(
        rates(&tracker.by_area),
        BTreeMap::from([
            ("health_care".into(), (1, Some(1.0))),
            ("material_conditions".into(), (2, Some(0.0))),
            ("treatment".into(), (2, Some(1.0))),
        ])
    );
    let moia = &tracker.by_authority[1];
    assert_eq!(moia.by_status[&TrackedStatus::PartiallyImplemented], 1);
    assert_eq!(moia.by_status[&TrackedStatus::NotAssessed], 0, "every status is listed");
}

#[test]
fn the_overdue_list_is_open_recommendations_past_due_longest_first() {
    let (h, store) = History::new();
    let overdue: Vec<Uuid> =
        store.overdue_recommendations(date(2026, 3, 1)).expect("overdue").iter().map(|r| r.recommendation.id).collect();
    assert_eq!(overdue, vec![h.r[0], h.r[4]]);
    // Before r3 was found implemented it was overdue too.
    let earlier: Vec<Uuid> = store
        .overdue_recommendations(date(2026, 1, 20))
        .expect("overdue")
        .iter()
        .map(|r| r.recommendation.id)
        .collect();
    assert_eq!(earlier, vec![h.r[0], h.r[4], h.r[2]]);
}
