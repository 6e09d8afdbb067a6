//! The debrief with the head of the place against the real office: the team's record goes
//! up and to its colleagues; another team's device cannot write one to this visit, nor
//! read it; bad input is refused naming the field.

use uuid::Uuid;
use vigil_core::protocol::OpOutcome;
use vigil_core::records::Debrief;
use vigil_core::{Entity, Hlc, Op, Record, Role};
use vigil_tests::now_millis;

use crate::world::World;

fn debrief(visit_id: Uuid) -> Debrief {
    Debrief {
        id: Uuid::now_v7(),
        visit_id,
        held_at: chrono::Utc::now(),
        facility_participants: "Maj. K. Hasanov, head of the unit".into(),
        team_participants: "Lena Lead".into(),
        points_raised: "The custody register is not kept".into(),
        immediate_concerns: "Detainee in cell 2 asks for his medicines".into(),
    }
}

async fn push_as(world: &World, name: &str, role: Role, teams: &[Uuid], record: Record) -> (String, String) {
    let user_id = world.office.user(name, role, teams);
    let (device_id, token) = world.office.enrol_raw(user_id, None).await;
    let op = Op::create(&record, device_id, 1, Hlc { millis: now_millis(), counter: 0 }, user_id);
    let answer = world.office.push_raw(&token, device_id, vec![op]).await;
    match answer.results.into_iter().next().expect("one answer").outcome {
        OpOutcome::Rejected { code, reason, .. } => (code.as_str().to_owned(), reason),
        OpOutcome::Accepted { .. } => ("accepted".into(), String::new()),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_visits_team_writes_its_debrief() {
    let world = World::new().await;
    let visit = world.visit(world.team_a);
    let talk = debrief(visit.id);
    world.lead_a.sync().await.expect("reference data");
    world.lead_a.store().create(&world.lead_a.actor, &visit.clone().into()).expect("visit");
    world.lead_a.store().create(&world.lead_a.actor, &talk.clone().into()).expect("debrief");
    assert_eq!(world.lead_a.sync().await.expect("push").rejected, 0);
    world.inspector_a.sync().await.expect("colleague");
    assert_eq!(
        world.inspector_a.store().record(Entity::Debrief, talk.id).expect("read"),
        Some(Record::Debrief(talk.clone()))
    );

    // Another team's lead, naming team A's visit: refused, nothing stored.
    let forged = debrief(visit.id);
    let (code, _) = push_as(&world, "Boris B", Role::Lead, &[world.team_b], forged.clone().into()).await;
    assert_eq!(code, "forbidden");
    let held: Vec<Debrief> = world.office.storage.all(Entity::Debrief).expect("office");
    assert_eq!(held.iter().map(|d| d.id).collect::<Vec<_>>(), vec![talk.id]);
    // Nor does that team's device receive it.
    world.inspector_b.sync().await.expect("team B syncs");
    assert_eq!(world.inspector_b.store().record(Entity::Debrief, talk.id).expect("read"), None);

    // The team's own device with bad input: refused, naming the field.
    let bare = Debrief { facility_participants: String::new(), ..debrief(visit.id) };
    let (code, reason) = push_as(&world, "Ivan Again", Role::Inspector, &[world.team_a], bare.into()).await;
    assert_eq!(code, "invalid");
    assert!(reason.contains("debrief.facility_participants"), "{reason}");
}
