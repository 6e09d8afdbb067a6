use vigil_report::export::{Audience, FindingRow, RecommendationRow, Tables, VisitRow, from_csv, to_csv};
use vigil_store::TrackedStatus;

use crate::fixture::{CONFIDENTIAL_SECRET, EARLIER, INTERVIEW_SECRET, PSEUDONYM, approved_visit, date};

#[test]
fn the_tables_hold_the_visits_findings_and_recommendations_and_round_trip_through_csv() {
    let visited = approved_visit();
    let tables = Tables::read(&visited.store, Audience::Internal, date(2026, 3, 10)).expect("tables");
    assert_eq!(tables.visits.len(), 2);
    assert_eq!(tables.findings.len(), 3);
    assert_eq!(tables.recommendations.len(), 2);
    let earlier = tables.recommendations.iter().find(|r| r.text == EARLIER).expect("earlier one");
    assert_eq!((earlier.status, earlier.overdue, earlier.assessments), (TrackedStatus::PartiallyImplemented, true, 1));

    assert_eq!(from_csv::<VisitRow>(&to_csv(&tables.visits).expect("csv")).expect("back"), tables.visits);
    assert_eq!(from_csv::<FindingRow>(&to_csv(&tables.findings).expect("csv")).expect("back"), tables.findings);
    let recommendations = to_csv(&tables.recommendations).expect("csv");
    assert_eq!(from_csv::<RecommendationRow>(&recommendations).expect("back"), tables.recommendations);
    let json: Tables = serde_json::from_str(&tables.to_json().expect("json")).expect("json back");
    assert_eq!(json, tables);
}

#[test]
fn no_export_holds_interviews_and_a_public_one_holds_nothing_confidential() {
    let visited = approved_visit();
    let internal = Tables::read(&visited.store, Audience::Internal, date(2026, 3, 10)).expect("tables");
    let internal_json = internal.to_json().expect("json");
    assert!(internal_json.contains(CONFIDENTIAL_SECRET), "the office's own export keeps confidential findings");
    let public = Tables::read(&visited.store, Audience::Public, date(2026, 3, 10)).expect("tables");
    let everything = [
        public.to_json().expect("json"),
        to_csv(&public.visits).expect("csv"),
        to_csv(&public.findings).expect("csv"),
        to_csv(&public.recommendations).expect("csv"),
        internal_json,
    ]
    .concat();
    for secret in [INTERVIEW_SECRET, PSEUDONYM] {
        assert!(!everything.contains(secret), "{secret} leaked into an export");
    }
    let public_text = [public.to_json().expect("json"), to_csv(&public.findings).expect("csv")].concat();
    assert!(!public_text.contains(CONFIDENTIAL_SECRET));
    assert_eq!(public.findings.len(), 2);
}
