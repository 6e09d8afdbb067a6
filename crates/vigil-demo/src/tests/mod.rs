//! Tests of the whole generator: determinism, validity, references, coverage, size.

mod coverage;
mod integrity;

use std::sync::OnceLock;

use crate::{DemoData, DemoParams, generate};

/// The default demo, generated once for all tests that only read it.
fn default_demo() -> &'static DemoData {
    static DEMO: OnceLock<DemoData> = OnceLock::new();
    DEMO.get_or_init(|| generate(&DemoParams::default()))
}

#[test]
fn the_same_seed_gives_the_same_records() {
    let params = DemoParams { visits: 40, ..DemoParams::default() };
    assert_eq!(generate(&params), generate(&params));
    let other = generate(&DemoParams { seed: 8, ..params.clone() });
    assert_ne!(generate(&params), other, "another seed gives other records");
}

#[test]
fn ids_are_unique_and_v7_except_answers() {
    use vigil_core::Record;
    let demo = default_demo();
    let mut ids: Vec<_> = demo.records.iter().map(Record::id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), demo.records.len(), "no id is used twice");
    for record in &demo.records {
        let version = if matches!(record, Record::ChecklistAnswer(_)) { 5 } else { 7 };
        assert_eq!(record.id().get_version_num(), version, "{:?}", record.entity());
    }
}

#[test]
fn the_requested_number_of_visits_is_made_at_any_size() {
    use vigil_core::Entity;
    for (facilities, visits, observations) in [(24, 0, 6), (1, 1, 0), (3, 4, 2), (10, 17, 6), (40, 500, 8)] {
        let params = DemoParams { facilities, visits, observations_per_visit: observations, ..DemoParams::default() };
        let demo = generate(&params);
        assert_eq!(demo.count(Entity::Visit), visits);
        assert_eq!(demo.count(Entity::Facility), facilities.max(1));
        integrity::check_all(&demo, &params);
    }
}

#[test]
fn five_thousand_visits_are_generated() {
    use vigil_core::Entity;
    let params = DemoParams { visits: 5000, ..DemoParams::default() };
    let demo = generate(&params);
    assert_eq!(demo.count(Entity::Visit), 5000);
    assert!(demo.count(Entity::Observation) >= 5000 * 5, "in-progress and reported visits have observations");
}
