use serde_json::{Map, json};
use vigil_core::Entity;
use vigil_tests::dump_records;

use crate::world::{World, observation};

/// Two inspectors of team A edit the same visit offline, one of team B works elsewhere:
/// after syncing, team A's replicas are identical, the concurrent edit of one field is a
/// conflict on both, and team B saw nothing of team A's visit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_team_edits_one_visit_offline_and_converges_while_another_team_sees_none_of_it() {
    let world = World::new().await;
    for device in [&world.lead_a, &world.inspector_a, &world.inspector_b] {
        device.sync().await.expect("first sync: reference data");
    }
    let visit = world.visit(world.team_a);
    let lead = world.lead_a.actor;
    world.lead_a.store().create(&lead, &visit.clone().into()).expect("plan visit");
    world.lead_a.sync().await.expect("push visit");
    world.inspector_a.sync().await.expect("pull visit");

    // Offline, both record findings and both change the visit's summary.
    let finding_a = observation(visit.id, "Detainees held overnight on benches, no mattresses");
    let finding_b = observation(visit.id, "No register entry for two persons present");
    world.lead_a.store().create(&lead, &finding_a.clone().into()).expect("lead observes");
    let inspector = world.inspector_a.actor;
    world.inspector_a.store().create(&inspector, &finding_b.clone().into()).expect("inspector observes");
    let summary = |text: &str| Map::from_iter([("summary".to_owned(), json!(text))]);
    world.lead_a.store().update(&lead, Entity::Visit, visit.id, summary("Overcrowded")).expect("lead edits");
    world
        .inspector_a
        .store()
        .update(&inspector, Entity::Visit, visit.id, summary("Registers incomplete"))
        .expect("inspector edits");
    let other = world.visit(world.team_b);
    world.inspector_b.store().create(&world.inspector_b.actor, &other.clone().into()).expect("team B plans");

    for device in [&world.inspector_a, &world.lead_a, &world.inspector_b, &world.inspector_a] {
        let report = device.sync().await.expect("sync");
        assert_eq!(report.rejected, 0);
    }

    assert_eq!(dump_records(&world.lead_a.path), dump_records(&world.inspector_a.path));
    let bundle = world.lead_a.store().visit_bundle(visit.id).expect("bundle");
    assert_eq!(bundle.observations.len(), 2);
    let conflicts = world.inspector_a.store().conflicts().expect("conflicts");
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].field, "summary");
    let mut both = vec![conflicts[0].winner.value.clone(), conflicts[0].losers[0].value.clone()];
    both.sort_by_key(|v| v.to_string());
    assert_eq!(both, vec![json!("Overcrowded"), json!("Registers incomplete")]);

    let team_b = world.inspector_b.store();
    assert_eq!(team_b.record(Entity::Visit, visit.id).expect("read"), None, "team B never sees team A's visit");
    assert_eq!(team_b.record(Entity::Observation, finding_a.id).expect("read"), None);
    assert!(team_b.record(Entity::Visit, other.id).expect("read").is_some());
    drop(team_b);
    assert_eq!(world.lead_a.store().record(Entity::Visit, other.id).expect("read"), None, "nor the other way round");
}

/// An idle sync costs one request; after one edit, two (push, then pull).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_sync_is_one_request_and_an_edit_two() {
    let world = World::new().await;
    world.lead_a.sync().await.expect("first sync");
    let idle = world.lead_a.sync().await.expect("idle sync");
    assert_eq!((idle.requests, idle.pushed, idle.pulled), (1, 0, 0));

    let visit = world.visit(world.team_a);
    world.lead_a.store().create(&world.lead_a.actor, &visit.into()).expect("plan");
    let edit = world.lead_a.sync().await.expect("sync after edit");
    assert_eq!((edit.requests, edit.pushed), (2, 1));
    assert_eq!(world.lead_a.store().outbox_len().expect("outbox"), 0);
}

/// Interviews are stricter than other records: an administrator's device, which receives
/// every team's visits, never receives an interview.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn interviews_never_reach_an_administrators_device() {
    let world = World::new().await;
    world.lead_a.sync().await.expect("reference data");
    let visit = world.visit(world.team_a);
    let lead = world.lead_a.actor;
    let interview = vigil_core::records::Interview {
        id: uuid::Uuid::now_v7(),
        visit_id: visit.id,
        pseudonym: "K7Q-4XM".into(),
        group_interview: false,
        consent_to_use: true,
        consent_to_quote: false,
        consent_to_refer: false,
        interpreter: None,
        reprisal_risk: true,
        content: "Says he was slapped during arrest".into(),
    };
    let finding = observation(visit.id, "No register entry for two persons");
    {
        let mut store = world.lead_a.store();
        store.create(&lead, &visit.clone().into()).expect("plan");
        store.create(&lead, &interview.clone().into()).expect("interview");
        store.create(&lead, &finding.clone().into()).expect("observe");
    }
    world.lead_a.sync().await.expect("push");

    let admin = world.office.user("Kiran Admin", vigil_core::Role::Admin, &[]);
    let dir = tempfile::tempdir().expect("dir");
    let device = world.office.device(admin, vigil_core::Role::Admin, dir.path(), "admin").await;
    device.sync().await.expect("admin syncs");
    let store = device.store();
    assert!(store.record(Entity::Visit, visit.id).expect("read").is_some(), "the admin sees the visit");
    assert!(store.record(Entity::Observation, finding.id).expect("read").is_some());
    assert_eq!(store.record(Entity::Interview, interview.id).expect("read"), None, "but never an interview");
    assert!(!store.snapshot_text().expect("snapshot").contains("slapped"));
}
