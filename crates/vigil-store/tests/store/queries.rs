use uuid::Uuid;
use vigil_core::Record;
use vigil_core::records::{
    ImplementationStatus, Interview, Observation, Recommendation, RecommendationAssessment, Visit,
};

use crate::fixture::{World, date, seed};

#[test]
fn places_show_last_visit_and_open_and_overdue_recommendations() {
    let (world, mut store) = World::new();
    // An earlier visit recommended; the fixture's visit follows its recommendations up.
    let earlier = Visit { id: Uuid::now_v7(), planned_on: date(2026, 1, 10), arrived_at: None, ..world.visit() };
    seed(&mut store, &[earlier.clone().into()]);
    let of_earlier = |text, due| Recommendation { visit_id: earlier.id, ..world.recommendation(text, due) };
    let overdue = of_earlier("Install windows in cells 3 and 4", date(2026, 6, 1));
    let future = of_earlier("Keep a register of use of force", date(2099, 1, 1));
    let done = of_earlier("Repair the ventilation", date(2026, 5, 1));
    for r in [&overdue, &future, &done] {
        store.create(&world.lead, &r.clone().into()).expect("recommend");
    }
    let assess = |recommendation_id: Uuid, status| RecommendationAssessment {
        id: Uuid::now_v7(),
        recommendation_id,
        visit_id: world.visit_id,
        status,
        evidence: "Seen on site".into(),
        assessed_on: date(2026, 3, 2),
    };
    store.create(&world.lead, &assess(done.id, ImplementationStatus::Implemented).into()).expect("assess");
    store.create(&world.lead, &assess(overdue.id, ImplementationStatus::PartiallyImplemented).into()).expect("assess");

    let places = store.places().expect("places");
    assert_eq!(places.len(), 1);
    let place = &places[0];
    assert_eq!(place.facility_id, world.facility_id);
    assert_eq!(place.last_visit_on, Some(date(2026, 3, 2)));
    assert_eq!((place.open_recommendations, place.overdue_recommendations), (2, 1));

    let open = store.open_recommendations(world.facility_id).expect("open");
    let ids: Vec<Uuid> = open.iter().map(|o| o.recommendation.id).collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.contains(&overdue.id) && ids.contains(&future.id));
    let partial = open.iter().find(|o| o.recommendation.id == overdue.id).expect("overdue one");
    assert!(partial.overdue);
    assert_eq!(partial.last_assessment.as_ref().map(|a| a.status), Some(ImplementationStatus::PartiallyImplemented));
}

#[test]
fn a_visit_bundle_holds_all_its_children_and_deleted_ones_go() {
    let (world, mut store) = World::new();
    let kept = world.observation("Mattresses are torn and dirty");
    let gone = world.observation("Typed into the wrong visit");
    store.create(&world.inspector, &kept.clone().into()).expect("observe");
    store.create(&world.inspector, &gone.clone().into()).expect("observe");
    let interview = Interview {
        id: Uuid::now_v7(),
        visit_id: world.visit_id,
        pseudonym: "K7-4QX2".into(),
        group_interview: false,
        consent_to_use: true,
        consent_to_quote: false,
        consent_to_refer: false,
        interpreter: None,
        reprisal_risk: true,
        content: "Says he was not told of his rights.".into(),
    };
    store.create(&world.inspector, &interview.clone().into()).expect("interview");
    store.delete(&world.inspector, vigil_core::Entity::Observation, gone.id).expect("delete");

    let bundle = store.visit_bundle(world.visit_id).expect("bundle");
    assert_eq!(bundle.visit, world.visit());
    assert_eq!(bundle.observations, vec![kept]);
    assert_eq!(bundle.interviews, vec![interview]);
    assert_eq!(store.record(vigil_core::Entity::Observation, gone.id).expect("read"), None);
    assert!(matches!(store.visit_bundle(Uuid::now_v7()), Err(vigil_store::StoreError::NotFound { .. })));
    // 3 reference records, the visit, 2 observations, an interview and a delete.
    assert_eq!(store.outbox_len().expect("outbox"), 8);
}

#[test]
fn search_finds_findings_and_recommendations_by_word_prefix_but_never_interviews() {
    let (world, mut store) = World::new();
    let finding = world.observation("No call bell in the isolation cells");
    store.create(&world.inspector, &finding.clone().into()).expect("observe");
    let recommendation = world.recommendation("Fit call bells in every cell", date(2027, 1, 1));
    store.create(&world.lead, &recommendation.clone().into()).expect("recommend");
    let interview = Interview {
        id: Uuid::now_v7(),
        visit_id: world.visit_id,
        pseudonym: "Q2-77AB".into(),
        group_interview: false,
        consent_to_use: true,
        consent_to_quote: true,
        consent_to_refer: false,
        interpreter: Some("ru".into()),
        reprisal_risk: false,
        content: "The call bell never works at night.".into(),
    };
    store.create(&world.inspector, &Record::from(interview)).expect("interview");

    let hits = store.search("call bell", 10).expect("search");
    let ids: Vec<Uuid> = hits.iter().map(|h| h.id).collect();
    assert_eq!(ids.len(), 2, "{hits:?}");
    assert!(ids.contains(&finding.id) && ids.contains(&recommendation.id));
    assert!(hits.iter().all(|h| h.visit_id == world.visit_id && h.snippet.contains("[call]")));

    let changes = serde_json::Map::from_iter([("text".to_owned(), serde_json::json!("Isolation cells lack heating"))]);
    store.update(&world.inspector, vigil_core::Entity::Observation, finding.id, changes).expect("edit");
    assert_eq!(store.search("bell", 10).expect("search").len(), 1, "the index follows edits");
    assert_eq!(store.search("heat", 10).expect("search")[0].id, finding.id);
    assert!(store.search("\"unbalanced AND (", 10).expect("syntax is taken literally").is_empty());
    assert!(store.search("   ", 10).expect("blank").is_empty());
}

#[test]
fn visits_of_a_place_come_newest_first_without_other_places_or_deleted_ones() {
    use vigil_core::records::{Facility, FacilityKind, Visit};
    let (world, mut store) = World::new();
    let visit = |planned_on, facility_id| Visit {
        id: Uuid::now_v7(),
        facility_id,
        planned_on,
        arrived_at: None,
        access_granted_at: None,
        status: vigil_core::VisitStatus::Planned,
        ..world.visit()
    };
    let later = visit(date(2026, 9, 1), world.facility_id);
    let earliest = visit(date(2025, 1, 15), world.facility_id);
    let deleted = visit(date(2027, 1, 1), world.facility_id);
    let other_place = Facility {
        id: Uuid::now_v7(),
        name: "Harbour Holding Centre".into(),
        kind: FacilityKind::TemporaryHolding,
        region: "Coast".into(),
        address: "1 Quay".into(),
        latitude: None,
        longitude: None,
        authority: "Border Police".into(),
        capacity: None,
        population: None,
        contact: String::new(),
        time_zone: None,
    };
    store.create(&world.admin, &other_place.clone().into()).expect("place");
    let elsewhere = visit(date(2026, 10, 1), other_place.id);
    for v in [&later, &earliest, &deleted, &elsewhere] {
        store.create(&world.lead, &v.clone().into()).expect("plan");
    }
    store.delete(&world.lead, vigil_core::Entity::Visit, deleted.id).expect("delete");

    let ids: Vec<Uuid> = store.visits_of_place(world.facility_id).expect("visits").iter().map(|v| v.id).collect();
    assert_eq!(ids, vec![later.id, world.visit_id, earliest.id]);
    assert_eq!(store.visits_of_place(other_place.id).expect("visits"), vec![elsewhere]);
    assert!(store.visits_of_place(Uuid::now_v7()).expect("visits").is_empty());
}

#[test]
fn a_places_findings_come_most_severe_first_then_newest_and_never_another_places() {
    let (world, mut store) = World::new();
    let old = world.observation("Mouldy walls");
    let urgent = Observation { severity: vigil_core::records::Severity::Urgent, ..world.observation("No doctor") };
    let newer = world.observation("No heating");
    for finding in [&old, &urgent, &newer] {
        store.create(&world.inspector, &finding.clone().into()).expect("observe");
    }
    let texts = |limit| {
        store
            .findings_of_place(world.facility_id, limit)
            .expect("findings")
            .into_iter()
            .map(|f| f.text)
            .collect::<Vec<_>>()
    };
    assert_eq!(texts(10), ["No doctor", "No heating", "Mouldy walls"]);
    assert_eq!(texts(2), ["No doctor", "No heating"]);
    assert!(store.findings_of_place(Uuid::now_v7(), 10).expect("none").is_empty());
}

#[test]
fn the_search_index_follows_deletes_and_records_made_after_them() {
    let (world, mut store) = World::new();
    let first = world.observation("Damp walls in block A");
    store.create(&world.inspector, &first.clone().into()).expect("observe");
    let mut last = world.observation("Damp mattresses in block B");
    last.id = Uuid::now_v7();
    store.create(&world.inspector, &last.clone().into()).expect("observe");
    // The newest record leaves the index; one made after it, and one pulled, come in.
    store.delete(&world.inspector, vigil_core::Entity::Observation, last.id).expect("delete");
    assert_eq!(store.search("damp", 10).expect("search").len(), 1);
    let mut next = world.observation("Damp showers in block C");
    next.id = Uuid::now_v7();
    store.create(&world.inspector, &next.clone().into()).expect("observe");
    let mut pulled = world.observation("Damp kitchen");
    pulled.id = Uuid::now_v7();
    crate::fixture::seed(&mut store, &[pulled.clone().into()]);
    let mut ids: Vec<Uuid> = store.search("damp", 10).expect("search").iter().map(|h| h.id).collect();
    ids.sort();
    let mut expected = vec![first.id, next.id, pulled.id];
    expected.sort();
    assert_eq!(ids, expected);
    // Deleting the one below the index's last, then editing another, keeps each right.
    store.delete(&world.inspector, vigil_core::Entity::Observation, first.id).expect("delete");
    let text = serde_json::Map::from_iter([("text".to_owned(), serde_json::json!("Dry showers now"))]);
    store.update(&world.inspector, vigil_core::Entity::Observation, next.id, text).expect("edit");
    let ids: Vec<Uuid> = store.search("damp", 10).expect("search").iter().map(|h| h.id).collect();
    assert_eq!(ids, vec![pulled.id]);
    assert_eq!(store.search("dry", 10).expect("search")[0].id, next.id);
}
