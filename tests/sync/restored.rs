//! A device whose data directory was restored from an older copy (issue 13, item 5): its
//! `device_seq` is behind what the office holds, its outbox holds ops the office already
//! has and, after the restore, new ones under numbers the office has given to others of
//! its ops. It recovers by itself in its next syncs: nothing lost, nothing held twice,
//! and it converges with its colleague. Before, its push was refused with a sequence gap
//! on every sync, for ever, and the ops made after the copy never came back to it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde_json::{Map, json};
use uuid::Uuid;
use vigil_core::Entity;
use vigil_store::Store;
use vigil_tests::Device;

use crate::world::{World, observation};

/// A copy of a device's store files as they are now (the test holds the store's lock, so
/// no write is under way): the file with its write-ahead log.
fn back_up(device: &Device, to: &Path) -> PathBuf {
    let _quiet = device.store();
    let copy = to.join("backup.db");
    for suffix in ["", "-wal", "-shm"] {
        let from = PathBuf::from(format!("{}{suffix}", device.path.display()));
        if from.exists() {
            std::fs::copy(&from, format!("{}{suffix}", copy.display())).expect("copy the store");
        }
    }
    copy
}

fn text(value: &str) -> Map<String, serde_json::Value> {
    Map::from_iter([("text".to_owned(), json!(value))])
}

fn op_ids(device: &Device) -> BTreeSet<Uuid> {
    device.store().op_ids().expect("ops").into_iter().collect()
}

#[tokio::test]
async fn a_device_restored_from_an_older_copy_recovers_by_itself_with_nothing_lost_or_held_twice() {
    let world = World::new().await;
    let (lead, colleague) = (&world.lead_a, &world.inspector_a);
    lead.sync().await.expect("reference data");
    let visit = world.visit(world.team_a);
    lead.store().create(&lead.actor, &visit.clone().into()).expect("plan");
    lead.sync().await.expect("first sync");

    // Recorded offline, then the copy is taken: these ops are in the copy's outbox.
    let before_copy = observation(visit.id, "Cell 4 has no window");
    lead.store().create(&lead.actor, &before_copy.clone().into()).expect("observe");
    let copies = tempfile::tempdir().expect("backup dir");
    let backup = back_up(lead, copies.path());

    // After the copy: synced, then lost with the device.
    lead.sync().await.expect("sync the copy's outbox");
    let after_copy = observation(visit.id, "No register of use of force");
    lead.store().create(&lead.actor, &after_copy.clone().into()).expect("observe");
    lead.store()
        .update(&lead.actor, Entity::Observation, before_copy.id, text("Cell 4: no window, no light"))
        .expect("edit");
    lead.sync().await.expect("sync what the copy lacks");
    let lost_with_the_device = op_ids(lead);

    // The restored device: the copy's files, the same enrolment.
    let restored = Device {
        store: Mutex::new(Store::open(&backup).expect("open the copy")),
        client: lead.client.clone(),
        path: backup.clone(),
        actor: lead.actor,
    };
    let new_finding = observation(visit.id, "Mattresses missing in cell 2");
    restored.store().create(&restored.actor, &new_finding.clone().into()).expect("observe after the restore");
    restored
        .store()
        .update(&restored.actor, Entity::Observation, before_copy.id, text("Cell 4: window boarded up"))
        .expect("edit after the restore");

    // No hand on it: it syncs as any device does.
    restored.sync().await.expect("the restored device syncs");
    restored.sync().await.expect("and again");
    colleague.sync().await.expect("the colleague syncs");

    {
        let store = restored.store();
        assert_eq!(store.outbox_len().expect("outbox"), 0, "nothing waits");
        assert_eq!(store.rejected_count().expect("rejected"), 0, "nothing refused");
        let held: BTreeSet<Uuid> = store.op_ids().expect("ops").into_iter().collect();
        assert!(held.is_superset(&lost_with_the_device), "the restored device took back what the copy lacked");
        assert!(
            store.record(Entity::Observation, after_copy.id).expect("read").is_some(),
            "the finding made after the copy"
        );

        // At the office each of the device's ops is there once, numbered without a gap.
        let office = Store::open_reader(&world.office.dir.path().join("central.db")).expect("the office's file");
        let office_log = office.op_log().expect("office log");
        let me = store.device_id();
        let mut seqs: Vec<u64> = office_log.iter().filter(|op| op.device_id == me).map(|op| op.device_seq).collect();
        seqs.sort_unstable();
        assert!(seqs.iter().copied().eq(1..=seqs.len() as u64), "the office holds the device's ops as {seqs:?}");
        let office_ids: BTreeSet<Uuid> = office_log.iter().map(|op| op.op_id).collect();
        assert_eq!(office_ids.len(), office_log.len(), "no op held twice");
        let own: Vec<Uuid> =
            store.op_log().expect("log").iter().filter(|op| op.device_id == me).map(|op| op.op_id).collect();
        assert!(own.iter().all(|id| office_ids.contains(id)), "every op of the device reached the office");
        assert_eq!(own.len(), seqs.len(), "the device holds each of its ops the office holds, once");

        // It converges with its colleague, the two edits of one finding a conflict on both.
        assert_eq!(store.snapshot_text().expect("restored"), colleague.store().snapshot_text().expect("colleague"));
        assert_eq!(store.conflicts().expect("conflicts"), colleague.store().conflicts().expect("conflicts"));
        assert_eq!(store.conflicts().expect("conflicts").len(), 1, "the edit made after the copy meets the lost one");
    }

    // And it goes on as any device: a new edit syncs at once.
    restored.store().create(&restored.actor, &observation(visit.id, "Later finding").into()).expect("observe");
    let report = restored.sync().await.expect("an ordinary sync");
    assert_eq!(report.pushed, 1);
}

#[tokio::test]
async fn a_device_restored_before_it_edits_again_takes_back_its_own_ops() {
    let world = World::new().await;
    let lead = &world.lead_a;
    lead.sync().await.expect("reference data");
    let visit = world.visit(world.team_a);
    lead.store().create(&lead.actor, &visit.clone().into()).expect("plan");
    lead.sync().await.expect("first sync");
    let copies = tempfile::tempdir().expect("backup dir");
    let backup = back_up(lead, copies.path());
    let after_copy = observation(visit.id, "No register of use of force");
    lead.store().create(&lead.actor, &after_copy.clone().into()).expect("observe");
    lead.sync().await.expect("sync");

    let restored = Device {
        store: Mutex::new(Store::open(&backup).expect("open the copy")),
        client: lead.client.clone(),
        path: backup.clone(),
        actor: lead.actor,
    };
    restored.sync().await.expect("the restored device syncs");
    assert!(restored.store().record(Entity::Observation, after_copy.id).expect("read").is_some());
    // Its next op follows the one it took back, and the office takes it.
    let op = restored.store().create(&restored.actor, &observation(visit.id, "New").into()).expect("observe");
    let report = restored.sync().await.expect("sync");
    assert_eq!((report.pushed, report.rejected), (1, 0));
    assert!(world.office.storage.op_ids().expect("office").contains(&op.op_id));
}
