//! A device whose storage fills up (issue 13): SQLite's `max_page_count` caps the file as
//! a full disk would (`SQLITE_FULL`; a real tmpfs needs root, which the tests do not have).
//! The edit that does not fit fails whole with a clear `disk_full` error, every edit saved
//! before is still there and the file is whole, and once there is room again editing goes
//! on. It would catch a full disk reported as a generic store failure, an edit half
//! written (its record without its op, or the reverse), or a store that stays unusable.

use std::collections::HashSet;

use vigil_core::{Code, Entity};
use vigil_store::{Store, StoreError};

use crate::fixture::World;

#[test]
fn a_full_disk_refuses_the_edit_clearly_keeps_what_was_saved_and_edits_go_on_once_there_is_room() {
    let (world, mut store) = World::new();
    let long_text = "The cell was overcrowded and poorly ventilated. ".repeat(60);
    let cap = store.page_count().expect("pages") + 40;
    assert_eq!(store.set_max_pages(cap).expect("cap the file"), cap);

    let mut saved = Vec::new();
    let (refused, error) = loop {
        let finding = world.observation(&long_text);
        match store.create(&world.inspector, &finding.clone().into()) {
            Ok(op) => saved.push(op.op_id),
            Err(error) => break (finding, error),
        }
        assert!(saved.len() < 10_000, "the capped file never filled");
    };
    assert!(matches!(error, StoreError::DiskFull), "{error:?}");
    assert_eq!(error.code(), Code::DiskFull);
    assert!(error.to_string().contains("storage is full"), "{error}");
    assert!(!saved.is_empty(), "some edits fitted before the disk filled");

    let check = |store: &Store| {
        assert_eq!(store.integrity_check().expect("check"), "ok");
        let held: HashSet<_> = store.op_ids().expect("ops").into_iter().collect();
        assert!(saved.iter().all(|id| held.contains(id)), "an edit saved before the disk filled is lost");
        assert!(
            store.record(Entity::Observation, refused.id).expect("read").is_none(),
            "the refused edit left a record"
        );
    };
    check(&store);
    // A second connection sees the same: nothing half written on the disk.
    check(&Store::open(&world.path("device.db")).expect("reopen"));

    // Room again: the same edit goes through and nothing else moved.
    store.set_max_pages(u64::from(u32::MAX)).expect("lift the cap");
    let op = store.create(&world.inspector, &refused.clone().into()).expect("the edit once there is room");
    let reopened = Store::open(&world.path("device.db")).expect("reopen");
    assert_eq!(reopened.integrity_check().expect("check"), "ok");
    let held: HashSet<_> = reopened.op_ids().expect("ops").into_iter().collect();
    assert!(saved.iter().chain([&op.op_id]).all(|id| held.contains(id)));
    assert!(reopened.record(Entity::Observation, refused.id).expect("read").is_some());
}
