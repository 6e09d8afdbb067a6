use serde_json::{Map, json};
use uuid::Uuid;
use vigil_core::audit::{Action, chain};
use vigil_core::{Entity, Hlc, Op, VisitStatus};

use crate::world::World;

fn action(device_id: Uuid, actor_id: Uuid, what: &str) -> Action {
    Action { at: chrono::Utc::now(), actor_id, device_id, action: what.into(), target: None, details: String::new() }
}

/// Workflow moves are recorded in the device's audit chain, reach the office with the
/// edits, and the office's check of every chain passes; a change made to an event in the
/// office's store afterwards is found.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workflow_moves_leave_a_verifiable_chain_and_tampering_shows() {
    let world = World::new().await;
    world.lead_a.sync().await.expect("reference data");
    let visit = world.visit(world.team_a);
    let lead = world.lead_a.actor;
    world.lead_a.store().create(&lead, &visit.clone().into()).expect("plan");
    let submit = Map::from_iter([("status".to_owned(), json!(VisitStatus::Submitted))]);
    world.lead_a.store().update(&lead, Entity::Visit, visit.id, submit).expect("submit");
    world
        .lead_a
        .store()
        .record_audit(&lead, "report_exported", Some((Entity::Visit, visit.id)), "public version")
        .expect("audit");
    let report = world.lead_a.sync().await.expect("sync");
    assert_eq!(report.rejected, 0);

    let chains = world.office.storage.verify_audit().expect("intact");
    let device = world.lead_a.store().device_id();
    assert!(chains.contains(&(device, 2)), "{chains:?}");
    // The office's own chain holds the submission it accepted.
    assert_eq!(chains.len(), 2, "{chains:?}");

    let db = world.office.dir.path().join("central.db");
    let conn = vigil_store::rusqlite::Connection::open(db).expect("open office db");
    conn.execute("UPDATE audit_event SET details = 'nothing was exported' WHERE seq = 2", []).expect("tamper");
    let err = world.office.storage.verify_audit().expect_err("tampered");
    assert!(err.to_string().contains("does not match its hash"), "{err}");
}

/// A pushed event that does not extend the device's chain is refused with the reason.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_refuses_an_audit_event_that_breaks_the_chain() {
    let world = World::new().await;
    let (device_id, token) = world.office.enrol_raw(world.lead_a.actor.user_id, None).await;
    let user = world.lead_a.actor.user_id;
    let first = chain(None, action(device_id, user, "unlock"));
    let second = chain(Some(&first), action(device_id, user, "export"));
    let skipped = chain(Some(&second), action(device_id, user, "wipe"));
    let mut altered = chain(Some(&first), action(device_id, user, "export"));
    altered.details = "changed after hashing".into();
    let other_device = chain(None, action(Uuid::now_v7(), user, "unlock"));

    let op = |event: &vigil_core::records::AuditEvent, seq: u64| {
        Op::create(
            &event.clone().into(),
            device_id,
            seq,
            Hlc { millis: vigil_tests::now_millis() + seq, counter: 0 },
            user,
        )
    };
    // The first event is fine; the altered one, the one that skips, and one claiming to be
    // another device's are refused; none blocks the others.
    let ops = vec![op(&first, 1), op(&altered, 2), op(&skipped, 3), op(&other_device, 4), op(&second, 5)];
    let answer = world.office.push_raw(&token, device_id, ops).await;
    assert_eq!(vigil_tests::outcome_codes(&answer), vec!["ok", "invalid", "audit_chain", "audit_chain", "ok"]);
    assert_eq!(world.office.storage.verify_audit().expect("intact"), vec![(device_id, 2)]);
}
