//! The debrief with the head of the place (issue 17, item 8) on a device store: the team
//! records it on its visit in progress, the visit lists it, bad input names its field, and
//! once the visit is handed in nobody edits it.

use chrono::{DateTime, Utc};
use serde_json::{Map, json};
use uuid::Uuid;
use vigil_core::records::Debrief;
use vigil_core::{Code, Entity, VisitStatus};

use crate::fixture::World;

fn debrief(world: &World) -> Debrief {
    Debrief {
        id: Uuid::now_v7(),
        visit_id: world.visit_id,
        held_at: "2026-03-02T15:30:00Z".parse::<DateTime<Utc>>().expect("time"),
        facility_participants: "Lt-Col. R. Aliyev, head of the station; his deputy".into(),
        team_participants: "Lena Lead, Dr Ivo Inspector".into(),
        points_raised: "No lawyer in the first hours; cell 3 without a window".into(),
        immediate_concerns: "The man in cell 4 needs a doctor today".into(),
    }
}

#[test]
fn the_team_records_the_debrief_on_its_visit_and_the_visit_lists_it() {
    let (world, mut store) = World::new();
    let talk = debrief(&world);
    store.create(&world.inspector, &talk.clone().into()).expect("the debrief");
    let bundle = store.visit_bundle(world.visit_id).expect("bundle");
    assert_eq!(bundle.debriefs, vec![talk.clone()]);

    let nobody = Debrief { id: Uuid::now_v7(), facility_participants: "  ".into(), ..talk.clone() };
    let refused = store.create(&world.inspector, &nobody.into()).expect_err("who took part");
    assert_eq!(refused.code(), Code::Invalid);
    assert!(refused.to_string().contains("debrief.facility_participants"), "{refused}");
    let nothing = Debrief { id: Uuid::now_v7(), points_raised: String::new(), ..talk.clone() };
    assert!(store.create(&world.inspector, &nothing.into()).expect_err("points").to_string().contains("points_raised"));
    let slip = Debrief { id: Uuid::now_v7(), held_at: "1926-03-02T15:30:00Z".parse().expect("time"), ..talk.clone() };
    assert!(store.create(&world.inspector, &slip.into()).expect_err("year").to_string().contains("held_at"));
    // A supervisor reviews; the debrief is the team's.
    let theirs = Debrief { id: Uuid::now_v7(), ..talk.clone() };
    assert_eq!(store.create(&world.supervisor, &theirs.into()).expect_err("supervisor").code(), Code::Forbidden);

    // Handed in: locked for the team too.
    let status = Map::from_iter([("status".to_owned(), json!(VisitStatus::Submitted))]);
    store.update(&world.lead, Entity::Visit, world.visit_id, status).expect("submit");
    let later = Map::from_iter([("immediate_concerns".to_owned(), json!("none"))]);
    assert_eq!(
        store.update(&world.inspector, Entity::Debrief, talk.id, later).expect_err("handed in").code(),
        Code::InReview
    );
}
