use std::time::Duration;

use serde_json::json;
use uuid::Uuid;
use vigil_core::protocol::{API_PREFIX, ApiError};
use vigil_core::records::Attachment;
use vigil_tests::proxy::{Cut, FaultyProxy};

use crate::world::{World, observation};

/// Fictional photo bytes: random, so no chunk repeats another.
pub fn photo(size: usize) -> Vec<u8> {
    (0..size).map(|_| rand::random::<u8>()).collect()
}

pub fn attachment(visit_id: Uuid, sha256: &str, size: usize) -> Attachment {
    Attachment {
        id: Uuid::now_v7(),
        visit_id,
        sha256: sha256.to_owned(),
        mime: "image/jpeg".into(),
        size: size as i64,
        file_name: "cell-4.jpg".into(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_goes_up_before_its_finding_and_only_the_team_can_fetch_it() {
    let world = World::new().await;
    for device in [&world.lead_a, &world.inspector_a, &world.inspector_b] {
        device.sync().await.expect("reference data");
    }
    let visit = world.visit(world.team_a);
    let bytes = photo(200_000);
    let lead = world.lead_a.actor;
    let sha256 = world.lead_a.store().add_blob(&bytes).expect("keep photo");
    let picture = attachment(visit.id, &sha256, bytes.len());
    let mut finding = observation(visit.id, "No mattress in cell 4");
    finding.attachment_ids = vec![picture.id];
    {
        let mut store = world.lead_a.store();
        store.create(&lead, &visit.clone().into()).expect("plan");
        store.create(&lead, &picture.clone().into()).expect("attach");
        store.create(&lead, &finding.into()).expect("observe");
    }
    let report = world.lead_a.sync().await.expect("sync");
    assert_eq!(report.rejected, 0);
    assert!(report.bytes_sent >= bytes.len() as u64);

    // The colleague's sync brings the photo's bytes with its record, sealed on their device.
    let report = world.inspector_a.sync().await.expect("colleague syncs");
    assert!(report.bytes_received >= bytes.len() as u64, "{report:?}");
    assert_eq!(world.inspector_a.store().read_blob(&sha256).expect("photo on the colleague's device"), bytes);
    assert!(world.inspector_a.store().blobs_to_fetch().expect("missing").is_empty());
    let idle = world.inspector_a.sync().await.expect("idle sync");
    assert_eq!(idle.requests, 1, "nothing fetched twice");

    let err = world.inspector_b.client.fetch_blob(&world.inspector_b.store, &sha256).await.expect_err("other team");
    assert!(matches!(err, vigil_sync::SyncError::Server { status: 404, .. }), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_cut_at_half_resumes_from_the_offices_offset_and_completes_with_the_right_hash() {
    let mut world = World::new().await;
    let proxy = FaultyProxy::start(world.office.address).await;
    let token_holder = world.office.device_via(
        &proxy.url,
        world.lead_a.actor.user_id,
        world.lead_a.actor.role,
        world.inspector_b.path.parent().expect("dir"),
        "lead-a-via-proxy",
    );
    world.lead_a = token_holder.await;
    world.lead_a.client = world.lead_a.client.clone().with_chunk_bytes(64 * 1024);
    world.lead_a.sync().await.expect("reference data");

    let visit = world.visit(world.team_a);
    let bytes = photo(512 * 1024);
    let sha256 = world.lead_a.store().add_blob(&bytes).expect("keep photo");
    let lead = world.lead_a.actor;
    world.lead_a.store().create(&lead, &visit.clone().into()).expect("plan");
    world.lead_a.store().create(&lead, &attachment(visit.id, &sha256, bytes.len()).into()).expect("attach");

    proxy.cut_next(Cut::Request(bytes.len() / 2));
    world.lead_a.sync().await.expect_err("the link drops halfway through the photo");
    let part = format!("{sha256}.{}.part", world.lead_a.store().device_id());
    let offset = std::fs::metadata(world.office.dir.path().join("blobs").join(part)).expect("the lead's upload").len();
    assert!(offset > 0 && offset < bytes.len() as u64 && offset.is_multiple_of(64 * 1024), "offset {offset}");
    // Another device learns nothing of it.
    let head = reqwest::Client::new()
        .head(format!("{}{API_PREFIX}/blobs/{sha256}", world.office.url))
        .bearer_auth(probe(&world).await.1)
        .send()
        .await
        .expect("head");
    assert_eq!(head.status(), 404);

    proxy.heal();
    let report = world.lead_a.sync().await.expect("the second sync resumes");
    assert!(report.bytes_sent < bytes.len() as u64, "only the rest goes up: {} bytes", report.bytes_sent);
    assert_eq!(report.rejected, 0);
    let stored = std::fs::read(world.office.dir.path().join("blobs").join(&sha256)).expect("office copy");
    assert_eq!(stored, bytes);
}

/// A fresh device of the team-B inspector, enrolled by hand: its id and token.
pub async fn probe(world: &World) -> (Uuid, String) {
    world.office.enrol_raw(world.inspector_b.actor.user_id, None).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bytes_that_do_not_match_their_hash_wrong_offsets_and_ops_before_their_blob_are_refused() {
    let world = World::new().await;
    world.lead_a.sync().await.expect("reference data");
    let (probe_id, token) = probe(&world).await;
    let http = reqwest::Client::new();
    let bytes = photo(1000);
    let claimed = "0".repeat(64);
    let url = format!("{}{API_PREFIX}/blobs/{claimed}", world.office.url);

    let answer = http
        .put(format!("{url}?offset=0&total=1000"))
        .bearer_auth(&token)
        .body(bytes.clone())
        .send()
        .await
        .expect("put");
    assert_eq!(answer.status(), 422);
    let error: ApiError = answer.json().await.expect("json");
    assert_eq!(error.code, vigil_core::Code::HashMismatch);
    let head = http.head(&url).bearer_auth(&token).send().await.expect("head");
    assert_eq!(head.status(), 404, "nothing of it kept");

    http.put(format!("{url}?offset=0&total=1000"))
        .bearer_auth(&token)
        .body(bytes[..400].to_vec())
        .send()
        .await
        .expect("put");
    let answer = http
        .put(format!("{url}?offset=100&total=1000"))
        .bearer_auth(&token)
        .body(bytes[100..].to_vec())
        .send()
        .await
        .expect("put");
    assert_eq!(answer.status(), 409);
    let error: ApiError = answer.json().await.expect("json");
    assert_eq!((error.code, error.expected), (vigil_core::Code::OffsetMismatch, Some(400)));
    let bad = http
        .head(format!("{}{API_PREFIX}/blobs/not-a-hash", world.office.url))
        .bearer_auth(&token)
        .send()
        .await
        .expect("head");
    assert_eq!(bad.status(), 400);

    // An attachment whose photo never went up: the whole batch waits for it.
    let visit = world.visit(world.team_b);
    let never_sent = attachment(visit.id, &"a".repeat(64), 1000);
    let hlc = vigil_core::Hlc { millis: 1, counter: 0 };
    let user = world.inspector_b.actor.user_id;
    let ops = [
        vigil_core::Op::create(&visit.into(), probe_id, 1, hlc, user),
        vigil_core::Op::create(&never_sent.into(), probe_id, 2, vigil_core::Hlc { millis: 2, counter: 0 }, user),
    ];
    let stored = world.office.storage.snapshot_text().expect("office");
    let answer = http
        .post(format!("{}{API_PREFIX}/push", world.office.url))
        .bearer_auth(&token)
        .json(&json!({"device_id": probe_id, "ops": ops}))
        .send()
        .await
        .expect("push");
    assert_eq!(answer.status(), 409);
    let error: ApiError = answer.json().await.expect("json");
    assert_eq!(error.code, vigil_core::Code::BlobMissing);
    assert!(error.message.contains(&"a".repeat(64)));
    assert_eq!(world.office.storage.snapshot_text().expect("office"), stored, "nothing of the batch is stored");
}

/// The lead's device through a proxy, sending chunks of at most 32 KiB, to an office that
/// waits a second for a request.
async fn lead_on_a_slow_link() -> (World, FaultyProxy) {
    let limits = vigil_server::api::Limits { request_timeout: Duration::from_secs(1), ..Default::default() };
    let mut world = World::on(vigil_tests::Office::start_with(limits).await).await;
    let proxy = FaultyProxy::start(world.office.address).await;
    let lead = world.lead_a.actor;
    world.lead_a = world.office.device_via(&proxy.url, lead.user_id, lead.role, world._dir.path(), "lead-slow").await;
    world.lead_a.client = world.lead_a.client.clone().with_chunk_bytes(32 * 1024);
    world.lead_a.sync().await.expect("reference data");
    (world, proxy)
}

/// A photo attached to a new visit on the lead's device: its bytes and hash.
pub fn attach_a_photo(world: &World, size: usize) -> (Vec<u8>, String) {
    let visit = world.visit(world.team_a);
    let bytes = photo(size);
    let sha256 = world.lead_a.store().add_blob(&bytes).expect("keep photo");
    let lead = world.lead_a.actor;
    world.lead_a.store().create(&lead, &visit.clone().into()).expect("plan");
    world.lead_a.store().create(&lead, &attachment(visit.id, &sha256, bytes.len()).into()).expect("attach");
    (bytes, sha256)
}

pub fn office_copy(world: &World, sha256: &str) -> Vec<u8> {
    std::fs::read(world.office.dir.path().join("blobs").join(sha256)).expect("office copy")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_link_too_slow_for_a_chunk_uploads_go_in_smaller_ones() {
    let (world, proxy) = lead_on_a_slow_link().await;
    // At 25 kB/s a chunk of 32 KiB takes 1.3 s, longer than the office waits; 16 KiB 0.66 s.
    proxy.throttle(25_000.0);
    let (bytes, sha256) = attach_a_photo(&world, 48 * 1024);
    let report = world.lead_a.sync().await.expect("the photo goes up in smaller chunks");
    assert_eq!(report.rejected, 0);
    assert_eq!(office_copy(&world, &sha256), bytes);

    // The next sync starts at the size that worked: no chunk times out again.
    let (bytes, sha256) = attach_a_photo(&world, 32 * 1024);
    let report = world.lead_a.sync().await.expect("the next photo");
    assert_eq!(report.requests, 1 + 2 + 1 + 1, "a HEAD, two chunks of 16 KiB, the push and the pull");
    assert_eq!(office_copy(&world, &sha256), bytes);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_too_slow_for_the_smallest_chunk_fails_the_sync_with_the_offices_reason() {
    let (world, proxy) = lead_on_a_slow_link().await;
    // At 10 kB/s even 16 KiB take 1.6 s.
    proxy.throttle(10_000.0);
    attach_a_photo(&world, 16 * 1024);
    let err = world.lead_a.sync().await.expect_err("too slow for now");
    assert!(err.is_transient(), "the scheduler tries again later: {err}");
    match err {
        vigil_sync::SyncError::Server { status: 408, code, message, .. } => {
            assert_eq!(code, vigil_core::Code::RequestTimeout);
            assert!(message.contains("1s"), "{message}");
        }
        other => panic!("expected the office's timeout, got {other}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_downloads_over_a_link_slower_than_a_request_may_take_while_its_bytes_keep_coming() {
    let world = World::new().await;
    world.lead_a.sync().await.expect("reference data");
    let proxy = FaultyProxy::start(world.office.address).await;
    let colleague = world.inspector_a.actor;
    let mut device = world
        .office
        .device_via(&proxy.url, colleague.user_id, colleague.role, world._dir.path(), "colleague-slow")
        .await;
    device.client = device.client.clone().with_request_timeout(Duration::from_secs(1)).expect("client");
    device.sync().await.expect("reference data, before the link turns slow");

    let (bytes, sha256) = attach_a_photo(&world, 100 * 1024);
    world.lead_a.sync().await.expect("the lead's photo goes up");
    // 100 KiB at 40 kB/s take 2.6 s: longer than a request may take, but bytes keep coming.
    proxy.throttle(40_000.0);
    let report = device.sync().await.expect("the photo comes down");
    assert!(report.bytes_received >= bytes.len() as u64, "{report:?}");
    assert_eq!(device.store().read_blob(&sha256).expect("the photo on the colleague's device"), bytes);
}
