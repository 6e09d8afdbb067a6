//! A photo whose file is gone or damaged on the device is set aside with its reason; it
//! never stops the rest of the sync, and it goes up once it is back. The office's disk
//! full during an upload is a clear 507 and nothing half-written counts.

use uuid::Uuid;
use vigil_core::Code;
use vigil_core::protocol::API_PREFIX;

use crate::blobs::{attachment, office_copy, photo};
use crate::world::{World, observation};

/// A finding on a new visit of team A with three photos, made on the lead's device: the
/// photos' bytes and hashes, in order.
fn finding_with_three_photos(world: &World) -> (Uuid, Vec<(Vec<u8>, String)>) {
    let lead = world.lead_a.actor;
    let visit = world.visit(world.team_a);
    let mut store = world.lead_a.store();
    store.create(&lead, &visit.clone().into()).expect("plan");
    let mut finding = observation(visit.id, "Three photos of cell 4");
    let mut photos = Vec::new();
    for size in [30_000, 40_000, 50_000] {
        let bytes = photo(size);
        let sha256 = store.add_blob(&bytes).expect("keep photo");
        let picture = attachment(visit.id, &sha256, size);
        store.create(&lead, &picture.clone().into()).expect("attach");
        finding.attachment_ids.push(picture.id);
        photos.push((bytes, sha256));
    }
    store.create(&lead, &finding.clone().into()).expect("observe");
    (finding.id, photos)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_gone_or_damaged_on_the_device_is_set_aside_and_everything_else_syncs() {
    let world = World::new().await;
    for device in [&world.lead_a, &world.inspector_a] {
        device.sync().await.expect("reference data");
    }
    let (finding_id, photos) = finding_with_three_photos(&world);
    let [(gone_bytes, gone), (damaged_bytes, damaged), (kept_bytes, kept)] = &photos[..] else {
        panic!("three photos")
    };
    {
        let store = world.lead_a.store();
        std::fs::remove_file(store.blob_path(gone).expect("path")).expect("the file is lost");
        std::fs::write(store.blob_path(damaged).expect("path"), b"not the photo").expect("the file is damaged");
    }

    let report = world.lead_a.sync().await.expect("the sync goes on without the two photos");
    assert_eq!((report.blobs_set_aside, report.rejected), (2, 0), "{report:?}");
    assert_eq!(world.lead_a.store().outbox_len().expect("outbox"), 0, "every change went up");
    assert_eq!(office_copy(&world, kept), *kept_bytes);
    let set_aside = world.lead_a.store().blobs_set_aside().expect("set aside");
    let mut reasons: Vec<(&str, &str, usize)> =
        set_aside.iter().map(|blob| (blob.sha256.as_str(), blob.code.as_str(), blob.attachments.len())).collect();
    reasons.sort();
    let mut expected = vec![(gone.as_str(), "blob_missing", 1), (damaged.as_str(), "blob_damaged", 1)];
    expected.sort();
    assert_eq!(reasons, expected, "each with its reason and its attachment");

    // The colleague gets the finding with its three photos listed, and the one the office holds.
    world.inspector_a.sync().await.expect("colleague syncs");
    let held = world.inspector_a.store().record(vigil_core::Entity::Observation, finding_id).expect("read");
    let Some(vigil_core::Record::Observation(finding)) = held else { panic!("the finding arrived") };
    assert_eq!(finding.attachment_ids.len(), 3);
    assert_eq!(world.inspector_a.store().read_blob(kept).expect("the photo the office holds"), *kept_bytes);
    let mut waiting = world.inspector_a.store().blobs_to_fetch().expect("missing");
    waiting.sort();
    let mut not_held = vec![gone.clone(), damaged.clone()];
    not_held.sort();
    assert_eq!(waiting, not_held, "the other two wait for their device");

    // The lost photo is found again: it goes up at the next sync and reaches the colleague.
    world.lead_a.store().add_blob(gone_bytes).expect("the photo is back");
    let report = world.lead_a.sync().await.expect("sync");
    assert_eq!(report.blobs_set_aside, 1, "only the damaged one is still set aside");
    let left: Vec<String> =
        world.lead_a.store().blobs_set_aside().expect("set aside").into_iter().map(|b| b.sha256).collect();
    assert_eq!(left, vec![damaged.clone()]);
    world.inspector_a.sync().await.expect("colleague syncs");
    assert_eq!(world.inspector_a.store().read_blob(gone).expect("the photo found again"), *gone_bytes);

    // The damaged one is attached again from its original: it replaces the damaged copy.
    world.lead_a.store().add_blob(damaged_bytes).expect("attached again");
    let report = world.lead_a.sync().await.expect("sync");
    assert_eq!(report.blobs_set_aside, 0);
    assert!(world.lead_a.store().blobs_set_aside().expect("set aside").is_empty());
    world.inspector_a.sync().await.expect("colleague syncs");
    assert_eq!(world.inspector_a.store().read_blob(damaged).expect("the photo attached again"), *damaged_bytes);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_offices_disk_full_during_an_upload_answers_507_and_keeps_nothing_half_written() {
    let world = World::new().await;
    world.lead_a.sync().await.expect("reference data");
    let (_, photos) = finding_with_three_photos(&world);
    let (bytes, sha256) = &photos[0];
    // The first photo's upload lands on a device whose every write fails with ENOSPC, as a
    // full disk's does (a real full file system needs root to mount).
    let blobs = world.office.dir.path().join("blobs");
    std::fs::create_dir_all(&blobs).expect("blob dir");
    let part = blobs.join(format!("{sha256}.{}.part", world.lead_a.store().device_id()));
    std::os::unix::fs::symlink("/dev/full", &part).expect("a full disk");

    let err = world.lead_a.sync().await.expect_err("the office cannot keep the photo");
    match &err {
        vigil_sync::SyncError::Server { status: 507, code: Code::OfficeDiskFull, .. } => {}
        other => panic!("expected 507 office_disk_full, got {other:?}"),
    }
    assert!(err.is_transient(), "the device tries again later by itself");
    assert!(world.lead_a.store().outbox_len().expect("outbox") > 0, "the changes wait on the device");
    assert!(!blobs.join(sha256).exists(), "nothing counts as complete");
    let status = reqwest::Client::new()
        .head(format!("{}{API_PREFIX}/blobs/{sha256}", world.office.url))
        .bearer_auth(world.office.enrol_raw(world.lead_a.actor.user_id, None).await.1)
        .send()
        .await
        .expect("head");
    assert_eq!(status.status(), 404, "no other device of the lead sees it");

    // Space again: the next sync sends the photo whole, then the changes.
    std::fs::remove_file(&part).expect("space freed");
    let report = world.lead_a.sync().await.expect("sync");
    assert_eq!(report.rejected, 0);
    assert_eq!(office_copy(&world, sha256), *bytes);
    assert_eq!(world.lead_a.store().outbox_len().expect("outbox"), 0);
}
