//! Coverage for the annual plan: places not visited since a day, by kind of place.

use uuid::Uuid;
use vigil_core::VisitStatus;
use vigil_core::records::{Facility, FacilityKind, Visit};

use crate::fixture::{World, date, seed};

fn place(name: &str, kind: FacilityKind) -> Facility {
    Facility {
        id: Uuid::now_v7(),
        name: name.into(),
        kind,
        region: "Southern District".into(),
        address: String::new(),
        latitude: None,
        longitude: None,
        authority: "Ministry of Justice".into(),
        capacity: None,
        population: None,
        contact: String::new(),
        time_zone: None,
    }
}

fn visit_to(
    world: &World,
    place: &Facility,
    status: VisitStatus,
    planned: (i32, u32, u32),
    arrived: Option<&str>,
) -> Visit {
    Visit {
        id: Uuid::now_v7(),
        facility_id: place.id,
        status,
        planned_on: date(planned.0, planned.1, planned.2),
        arrived_at: arrived.map(|t| t.parse().expect("time")),
        access_granted_at: None,
        departed_at: None,
        ..world.visit()
    }
}

#[test]
fn places_not_visited_since_the_day_are_grouped_by_kind_longest_waiting_first() {
    let (world, mut store) = World::new();
    let prison = place("Colony No. 12", FacilityKind::Prison);
    let old_station = place("Harbour Police Station", FacilityKind::PoliceCustody);
    let hospital = place("Regional Psychiatric Hospital", FacilityKind::PsychiatricHospital);
    let visited_hospital = place("City Psychiatric Hospital", FacilityKind::PsychiatricHospital);
    let long_ago = visit_to(&world, &old_station, VisitStatus::Approved, (2024, 1, 10), Some("2024-01-10T08:00:00Z"));
    // Planned, never made: the place still counts as not visited, with its plan shown.
    let planned = visit_to(&world, &hospital, VisitStatus::Planned, (2026, 12, 20), None);
    let recent =
        visit_to(&world, &visited_hospital, VisitStatus::Submitted, (2026, 1, 5), Some("2026-01-05T09:00:00Z"));
    seed(
        &mut store,
        &[
            prison.clone().into(),
            old_station.clone().into(),
            hospital.clone().into(),
            visited_hospital.into(),
            long_ago.into(),
            planned.into(),
            recent.into(),
        ],
    );

    let groups = store.coverage(date(2025, 12, 1)).expect("coverage");
    let kinds: Vec<FacilityKind> = groups.iter().map(|g| g.kind).collect();
    assert_eq!(kinds, [FacilityKind::Prison, FacilityKind::PoliceCustody, FacilityKind::PsychiatricHospital]);
    let [prisons, police, hospitals] = groups.as_slice() else { panic!("three kinds") };
    assert_eq!((prisons.places, prisons.not_visited[0].name.as_str()), (1, "Colony No. 12"));
    assert_eq!(prisons.not_visited[0].last_visit_on, None);
    // The world's station was entered on 2 March 2026: covered; the harbour one in 2024 is not.
    assert_eq!(police.places, 2);
    assert_eq!(police.not_visited.len(), 1);
    assert_eq!(police.not_visited[0].facility_id, old_station.id);
    assert_eq!(police.not_visited[0].last_visit_on, Some(date(2024, 1, 10)));
    assert_eq!(hospitals.places, 2);
    assert_eq!(hospitals.not_visited.len(), 1);
    assert_eq!(hospitals.not_visited[0].next_planned_on, Some(date(2026, 12, 20)));

    // The day itself counts as visited; the day after, the world's station joins the list,
    // after the one waiting since 2024.
    let on_the_day = store.coverage(date(2026, 3, 2)).expect("coverage");
    assert_eq!(on_the_day.iter().find(|g| g.kind == FacilityKind::PoliceCustody).expect("police").not_visited.len(), 1);
    let day_after = store.coverage(date(2026, 3, 3)).expect("coverage");
    let police = day_after.iter().find(|g| g.kind == FacilityKind::PoliceCustody).expect("police");
    let ids: Vec<Uuid> = police.not_visited.iter().map(|p| p.facility_id).collect();
    assert_eq!(ids, [old_station.id, world.facility_id]);
    // Everything visited since long ago: nothing waits.
    assert!(
        store
            .coverage(date(2020, 1, 1))
            .expect("coverage")
            .iter()
            .all(|g| g.not_visited.iter().all(|p| p.last_visit_on.is_none()))
    );
}
