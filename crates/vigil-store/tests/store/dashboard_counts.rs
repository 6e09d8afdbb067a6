//! The dashboard counts from a few columns; the tracker builds every recommendation whole
//! and applies the core's rules to it. On generated histories (visits of two teams, some
//! planned, recommendations made on visits held or not, assessed any number of times, due
//! or not) both say the same, for every year, day and scope.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc};
use proptest::prelude::*;
use uuid::Uuid;
use vigil_core::records::*;
use vigil_core::{Entity, Record, VisitStatus};
use vigil_store::{
    AuthorityBacklog, AuthorityYear, Dashboard, ImplementationRate, MonthlyVisits, Store, TrackedRecommendation,
    TrackedStatus, VisitScope,
};

use crate::fixture::{World, date, seed};

const AUTHORITIES: [&str; 3] = ["Ministry of Justice", "Ministry of Health", "Ministry of Internal Affairs"];

#[derive(Debug, Clone)]
struct GenVisit {
    day: i64,
    arrived_late: Option<bool>,
    planned: bool,
    other_team: bool,
    kind: usize,
    unannounced: bool,
}

#[derive(Debug, Clone)]
struct GenRecommendation {
    /// The visit that made it, or (past the visits) one this replica does not hold.
    made_by: usize,
    authority: usize,
    due: Option<i64>,
    assessments: Vec<(i64, usize)>,
}

fn day(offset: i64) -> NaiveDate {
    date(2024, 1, 1) + Duration::days(offset)
}

/// A day of 2024–2026 as an offset from its first, often on or beside the first day of a
/// quarter, where a day's difference changes what is counted.
fn a_day() -> impl Strategy<Value = i64> {
    let beside_a_quarter = (0..12u32, -1..=1i64).prop_map(|(quarter, shift)| {
        let first = NaiveDate::from_ymd_opt(2024 + quarter as i32 / 4, quarter % 4 * 3 + 1, 1).expect("date");
        (first - day(0)).num_days() + shift
    });
    prop_oneof![0..1100i64, beside_a_quarter]
}

fn visits() -> impl Strategy<Value = Vec<GenVisit>> {
    let visit = (a_day(), proptest::option::of(any::<bool>()), any::<bool>(), any::<bool>(), 0..3usize, any::<bool>())
        .prop_map(|(day, arrived_late, planned, other_team, kind, unannounced)| GenVisit {
            day,
            arrived_late,
            planned,
            other_team,
            kind,
            unannounced,
        });
    proptest::collection::vec(visit, 0..8)
}

fn recommendations() -> impl Strategy<Value = Vec<GenRecommendation>> {
    let recommendation =
        (0..10usize, 0..3usize, proptest::option::of(a_day()), proptest::collection::vec((a_day(), 0..4usize), 0..4))
            .prop_map(|(made_by, authority, due, assessments)| GenRecommendation {
                made_by,
                authority,
                due,
                assessments,
            });
    proptest::collection::vec(recommendation, 0..14)
}

/// A store holding the world's records and the generated ones.
fn store_of(world: &World, store: &mut Store, visits: &[GenVisit], recommendations: &[GenRecommendation]) {
    let other_team = Team { id: Uuid::now_v7(), name: "Team South".into(), region: "South".into() };
    let kinds = [FacilityKind::Prison, FacilityKind::PoliceCustody, FacilityKind::PsychiatricHospital];
    let places: Vec<Facility> = kinds
        .iter()
        .map(|kind| Facility {
            id: Uuid::now_v7(),
            name: format!("{kind:?}"),
            kind: *kind,
            region: "South".into(),
            address: String::new(),
            latitude: None,
            longitude: None,
            authority: AUTHORITIES[0].into(),
            capacity: None,
            population: None,
            contact: String::new(),
            time_zone: None,
        })
        .collect();
    let visits: Vec<Visit> = visits
        .iter()
        .map(|v| Visit {
            id: Uuid::now_v7(),
            facility_id: places[v.kind].id,
            team_id: if v.other_team { other_team.id } else { world.team_id },
            visit_type: VisitType::ALL[v.day as usize % VisitType::ALL.len()],
            unannounced: v.unannounced,
            status: if v.planned { VisitStatus::Planned } else { VisitStatus::Approved },
            planned_on: day(v.day),
            // Arriving at 23:30 UTC the evening before, or at 07:00 on the day.
            arrived_at: v.arrived_late.map(|late| {
                let (on, hour) = if late { (day(v.day - 1), 23) } else { (day(v.day), 7) };
                Utc.from_utc_datetime(&on.and_hms_opt(hour, 30, 0).expect("time"))
            }),
            access_granted_at: None,
            ..world.visit()
        })
        .collect();
    let mut records: Vec<Record> = vec![other_team.into()];
    records.extend(places.iter().cloned().map(Record::from));
    records.extend(visits.iter().cloned().map(Record::from));
    for r in recommendations {
        let visit_id = visits.get(r.made_by).map_or_else(Uuid::now_v7, |v| v.id);
        let recommendation = Recommendation {
            visit_id,
            authority: AUTHORITIES[r.authority].into(),
            due_on: r.due.map(day),
            ..world.recommendation("Keep cells ventilated", day(0))
        };
        for (on, status) in &r.assessments {
            records.push(
                RecommendationAssessment {
                    id: Uuid::now_v7(),
                    recommendation_id: recommendation.id,
                    visit_id,
                    status: ImplementationStatus::ALL[*status],
                    evidence: String::new(),
                    assessed_on: day(*on),
                }
                .into(),
            );
        }
        records.insert(1 + places.len() + visits.len(), recommendation.into());
    }
    seed(store, &records);
}

/// The dashboard as counted from the tracker's whole rows, with the core's rules.
fn expected(store: &Store, scope: VisitScope<'_>, year: i32, as_of: NaiveDate) -> Dashboard {
    let rows: Vec<TrackedRecommendation> =
        store.recommendation_tracker_in(scope, &Default::default(), as_of).expect("tracker").rows;
    let mut by_status: BTreeMap<TrackedStatus, i64> = TrackedStatus::ALL.iter().map(|s| (*s, 0)).collect();
    for row in &rows {
        *by_status.entry(row.status_on(as_of)).or_default() += 1;
    }
    let quarters = (1..=4u32)
        .map(|q| {
            let end =
                NaiveDate::from_ymd_opt(year, q * 3, 1).expect("month").checked_add_months(chrono::Months::new(1));
            let end = end.expect("next month").pred_opt().expect("day");
            let made = rows.iter().filter(|r| r.made_on.is_some_and(|d| d <= end));
            let mut rate = ImplementationRate::group(made, |_| format!("{year}-Q{q}"), |r| r.status_on(end));
            rate.pop().unwrap_or_else(|| {
                let zeros = TrackedStatus::ALL.iter().map(|s| (*s, 0)).collect();
                ImplementationRate { key: format!("{year}-Q{q}"), total: 0, by_status: zeros, rate: None }
            })
        })
        .collect();
    let mut backlog: BTreeMap<String, AuthorityBacklog> = BTreeMap::new();
    let mut by_authority: BTreeMap<String, AuthorityYear> = BTreeMap::new();
    for row in &rows {
        let authority = row.recommendation.authority.clone();
        if row.status_on(as_of).is_open() {
            let entry = backlog.entry(authority.clone()).or_insert(AuthorityBacklog {
                authority: authority.clone(),
                open: 0,
                overdue: 0,
            });
            entry.open += 1;
            entry.overdue += i64::from(row.overdue);
        }
        let made = i64::from(row.made_on.is_some_and(|d| d.year() == year));
        let followed = row.history.iter().rev().find(|a| a.assessed_on.year() == year).map(|a| a.status);
        let count = |status| i64::from(followed == Some(status));
        let entry = by_authority.entry(authority.clone()).or_insert(AuthorityYear {
            authority,
            made: 0,
            implemented: 0,
            partially_implemented: 0,
            not_implemented: 0,
            no_longer_applicable: 0,
        });
        entry.made += made;
        entry.implemented += count(ImplementationStatus::Implemented);
        entry.partially_implemented += count(ImplementationStatus::PartiallyImplemented);
        entry.not_implemented += count(ImplementationStatus::NotImplemented);
        entry.no_longer_applicable += count(ImplementationStatus::NoLongerApplicable);
    }
    by_authority.retain(|_, a| {
        a.made + a.implemented + a.partially_implemented + a.not_implemented + a.no_longer_applicable > 0
    });

    let places: BTreeMap<Uuid, FacilityKind> =
        store.all::<Facility>(Entity::Facility).expect("places").into_iter().map(|f| (f.id, f.kind)).collect();
    let visits: Vec<Visit> = store
        .all::<Visit>(Entity::Visit)
        .expect("visits")
        .into_iter()
        .filter(|v| v.status != VisitStatus::Planned && scope.takes(v))
        .filter(|v| v.arrived_at.map_or(v.planned_on, |t| t.date_naive()).year() == year)
        .collect();
    let mut monthly: BTreeMap<(String, VisitType, Option<FacilityKind>), i64> = BTreeMap::new();
    let mut by_kind = BTreeMap::new();
    let mut by_type = BTreeMap::new();
    for v in &visits {
        let month = v.arrived_at.map_or(v.planned_on, |t| t.date_naive()).format("%Y-%m").to_string();
        let kind = places.get(&v.facility_id).copied();
        *monthly.entry((month, v.visit_type, kind)).or_default() += 1;
        *by_kind.entry(kind.unwrap_or(FacilityKind::Other)).or_default() += 1;
        *by_type.entry(v.visit_type).or_default() += 1;
    }
    let actual = store.dashboard_in(scope, year, as_of).expect("dashboard");
    let unannounced = visits.iter().filter(|v| v.unannounced).count() as i64;
    Dashboard {
        year,
        as_of,
        visits_by_month: monthly
            .into_iter()
            .map(|((month, visit_type, place_kind), visits)| MonthlyVisits { month, visit_type, place_kind, visits })
            .collect(),
        recommendations_by_status: by_status,
        implementation_by_quarter: quarters,
        open_by_authority: backlog.into_values().collect(),
        annual_report: vigil_store::AnnualFigures {
            year,
            visits: visits.len() as i64,
            unannounced,
            unannounced_share: (!visits.is_empty()).then(|| unannounced as f64 / visits.len() as f64),
            visits_by_place_kind: by_kind,
            visits_by_type: by_type,
            recommendations_made: rows.iter().filter(|r| r.made_on.is_some_and(|d| d.year() == year)).count() as i64,
            by_authority: by_authority.into_values().collect(),
        },
        // Not what this test is about: counted by the store either way.
        reprisal_checks: actual.reprisal_checks,
        answers: rows.iter().fold(vigil_store::AnswerCounts::default(), |mut counts, row| {
            use vigil_core::answer::AnswerState;
            counts.answers_overdue += i64::from(row.answer.state == AnswerState::Overdue);
            counts.answers_due_soon += i64::from(row.answer.state == AnswerState::DueSoon);
            counts.steps_overdue += row.answer.steps_overdue;
            counts
        }),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn the_dashboard_counts_what_the_trackers_rows_say(
        visits in visits(),
        recommendations in recommendations(),
        year in 2024..2027i32,
        as_of in a_day(),
        own_team_only in any::<bool>(),
    ) {
        let (world, mut store) = World::new();
        store_of(&world, &mut store, &visits, &recommendations);
        let teams = [world.team_id];
        let scope = if own_team_only { VisitScope::Teams(&teams) } else { VisitScope::Held };
        let as_of = day(as_of);
        let dashboard = store.dashboard_in(scope, year, as_of).expect("dashboard");
        prop_assert_eq!(dashboard, expected(&store, scope, year, as_of));
    }
}
