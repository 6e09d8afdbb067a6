//! Devices whose clocks disagree (issue 13, item 4). Ops are ordered by hybrid logical
//! clocks, so wrong wall clocks must change neither what every replica holds nor which
//! version of a field wins; a device far behind must still sync (before, it refused every
//! op of its colleagues as "more than a day ahead" of its own clock, for as long as its
//! clock stayed wrong), and a device far ahead is told.

use serde_json::{Map, json};
use vigil_core::{Code, Entity, Record};
use vigil_sync::SyncError;
use vigil_tests::Device;

use crate::world::{World, observation};

const DAY: i64 = 24 * 60 * 60 * 1000;

fn text(value: &str) -> Map<String, serde_json::Value> {
    Map::from_iter([("text".to_owned(), json!(value))])
}

fn finding_text(device: &Device, id: uuid::Uuid) -> String {
    match device.store().record(Entity::Observation, id).expect("read") {
        Some(Record::Observation(finding)) => finding.text,
        other => panic!("no finding {id}: {other:?}"),
    }
}

#[tokio::test]
async fn devices_with_clocks_days_apart_and_one_jumping_back_converge_and_order_edits_alike() {
    let world = World::new().await;
    let (behind, inspector) = (&world.lead_a, &world.inspector_a);
    behind.store().set_clock_skew(-3 * DAY);
    behind.sync().await.expect("a device three days behind takes its colleagues' ops");
    inspector.sync().await.expect("sync");

    let visit = world.visit(world.team_a);
    let finding = observation(visit.id, "Cell 4 has no window");
    behind.store().create(&behind.actor, &visit.clone().into()).expect("plan");
    behind.store().create(&behind.actor, &finding.clone().into()).expect("observe");
    behind.sync().await.expect("push from three days behind");
    inspector.sync().await.expect("pull");

    // Offline, both edit the same text; the inspector's clock jumps two days back between
    // its two edits.
    let first =
        inspector.store().update(&inspector.actor, Entity::Observation, finding.id, text("no window")).expect("edit");
    inspector.store().set_clock_skew(-2 * DAY);
    let second = inspector
        .store()
        .update(&inspector.actor, Entity::Observation, finding.id, text("window boarded"))
        .expect("edit");
    let (first, second) = (first.expect("an op"), second.expect("an op"));
    assert!(second.hlc > first.hlc, "a clock that jumps back never stamps backwards");
    behind.store().update(&behind.actor, Entity::Observation, finding.id, text("no light")).expect("edit");

    for device in [behind, inspector, behind] {
        device.sync().await.expect("sync");
    }
    // One winner everywhere, and the same conflict: the greatest stamp, whatever the
    // wall clocks said.
    assert_eq!(behind.store().snapshot_text().expect("a"), inspector.store().snapshot_text().expect("b"));
    let conflicts = behind.store().conflicts().expect("conflicts");
    assert_eq!(conflicts.len(), 1, "the two edits of one text meet as a conflict");
    assert_eq!(conflicts, inspector.store().conflicts().expect("conflicts"));
    assert_eq!(conflicts, world.office.storage.conflicts().expect("office conflicts"));
    assert_eq!(finding_text(behind, finding.id), "window boarded");

    // An edit made after seeing another sorts after it, even from a clock three days behind.
    behind.store().update(&behind.actor, Entity::Observation, finding.id, text("no window, no light")).expect("edit");
    behind.sync().await.expect("sync");
    inspector.sync().await.expect("sync");
    assert_eq!(finding_text(inspector, finding.id), "no window, no light");
    assert_eq!(finding_text(behind, finding.id), "no window, no light");
}

#[tokio::test]
async fn a_device_days_ahead_is_told_and_the_office_stores_none_of_its_clock() {
    let world = World::new().await;
    let ahead = &world.lead_a;
    ahead.sync().await.expect("reference data");
    ahead.store().set_clock_skew(3 * DAY);
    let visit = world.visit(world.team_a);
    ahead.store().create(&ahead.actor, &visit.clone().into()).expect("plan");
    match ahead.sync().await {
        Err(SyncError::Server { status: 409, code: Code::ClockAhead, message, .. }) => {
            assert!(message.contains("date or time is wrong"), "{message}");
        }
        other => panic!("a device three days ahead is not told: {other:?}"),
    }
    let visits = world.office.storage.all::<vigil_core::records::Visit>(Entity::Visit).expect("visits");
    assert!(visits.iter().all(|held| held.id != visit.id), "the office stored none of it");
    assert_eq!(ahead.store().outbox_len().expect("outbox"), 1, "its edit waits, not lost");
}
