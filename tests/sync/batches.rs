//! A long outbox goes up in batches with two on the way at once, and a long backlog comes
//! down in pages fetched while the last one is applied. Neither may lose, repeat or
//! reorder an op: not when a batch overtakes the one before it on the way to the office,
//! and not when the link drops with two batches out.

use std::collections::BTreeSet;
use std::time::Duration;

use uuid::Uuid;
use vigil_core::protocol::MAX_BATCH;
use vigil_core::{Record, Role};
use vigil_server::api::Limits;
use vigil_sync::FIRST_BATCH;
use vigil_tests::proxy::{Cut, FaultyProxy};
use vigil_tests::{Device, Office};

use crate::world::{World, observation};

/// A visit with enough findings for three push batches, recorded on `device`.
fn record_a_long_visit(world: &World, device: &Device) -> usize {
    let visit = world.visit(world.team_a);
    let findings = (0..MAX_BATCH * 2 + 400).map(|n| observation(visit.id, &format!("finding {n}")).into());
    let records: Vec<Record> = std::iter::once(visit.clone().into()).chain(findings).collect();
    device.store().create_all(&device.actor, &records).expect("record");
    records.len()
}

/// The lead's device again, reaching the office through a proxy.
async fn lead_via(world: &World, proxy: &FaultyProxy, name: &str) -> Device {
    world
        .office
        .device_via(&proxy.url, world.lead_a.actor.user_id, world.lead_a.actor.role, world._dir.path(), name)
        .await
}

/// Every op `device` made is at the office, once.
fn office_holds_each_op_once(office: &Office, device: &Device) {
    let office_ops = office.storage.op_ids().expect("office log");
    let unique: BTreeSet<Uuid> = office_ops.iter().copied().collect();
    assert_eq!(unique.len(), office_ops.len(), "an op is at the office twice");
    let me = device.store().device_id();
    let made: Vec<Uuid> =
        device.store().op_log().expect("log").into_iter().filter(|op| op.device_id == me).map(|op| op.op_id).collect();
    assert!(made.len() > MAX_BATCH * 2, "the device made {} ops", made.len());
    let missing = made.iter().filter(|id| !unique.contains(id)).count();
    assert_eq!(missing, 0, "{missing} of the device's ops never reached the office");
}

/// Holds the lead's first push batch back at a proxy for `hold` while the next goes past
/// it; answers the sync's report and the number of batches.
async fn push_with_the_first_batch_held(world: &World, hold: Duration) -> (vigil_sync::SyncReport, usize) {
    let proxy = FaultyProxy::start(world.office.address).await;
    let lead = lead_via(world, &proxy, "lead-overtaken").await;
    lead.sync().await.expect("reference data");
    let made = record_a_long_visit(world, &lead);
    proxy.hold_next_request("POST /api/v1/push", hold);
    let report = lead.sync().await.expect("sync");
    assert_eq!(report.pushed, made);
    assert_eq!(report.rejected, 0);
    assert_eq!(lead.store().outbox_len().expect("outbox"), 0);
    office_holds_each_op_once(&world.office, &lead);
    (report, 1 + (made - FIRST_BATCH).div_ceil(MAX_BATCH))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_that_arrives_before_the_one_ahead_of_it_waits_for_it_at_the_office() {
    let world = World::new().await;
    let (report, batches) = push_with_the_first_batch_held(&world, Duration::from_millis(300)).await;
    let pushes = report.requests - 1; // the last request is the pull
    assert_eq!(pushes, batches, "no batch was refused and sent again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_the_office_stopped_waiting_for_is_sent_again() {
    let limits = Limits { reorder_wait: Duration::from_millis(20), ..Limits::default() };
    let world = World::on(Office::start_with(limits).await).await;
    let (report, batches) = push_with_the_first_batch_held(&world, Duration::from_millis(400)).await;
    let pushes = report.requests - 1;
    assert!(pushes > batches, "{pushes} push requests for {batches} batches: the refused one was not sent again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_that_drops_with_two_batches_out_loses_and_repeats_nothing() {
    let world = World::new().await;
    let proxy = FaultyProxy::start(world.office.address).await;
    let lead = lead_via(&world, &proxy, "lead-cut").await;
    lead.sync().await.expect("reference data");
    let made = record_a_long_visit(&world, &lead);
    let before = world.office.storage.op_ids().expect("office log").len();

    // The office applies the first batch (and maybe the second), the device never hears.
    proxy.cut_next_request_to("POST /api/v1/push", Cut::Answer(100));
    lead.sync().await.expect_err("the link dropped");
    assert_eq!(lead.store().outbox_len().expect("outbox"), made as u64, "nothing was answered, so nothing left");
    let applied = world.office.storage.op_ids().expect("office log").len() - before;
    assert!(applied >= FIRST_BATCH, "the office applied the first batch before its answer was cut: {applied} ops");

    proxy.heal();
    let waiting = lead.store().outbox_len().expect("outbox");
    let report = lead.sync().await.expect("sync on a good link");
    assert_eq!(report.pushed as u64, waiting, "every op left is answered once the link is back");
    assert_eq!(report.rejected, 0, "ops the office already had are answered as accepted, not refused");
    assert_eq!(lead.store().outbox_len().expect("outbox"), 0);
    office_holds_each_op_once(&world.office, &lead);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backlog_comes_down_in_pages_in_order_and_whole() {
    let world = World::new().await;
    world.lead_a.sync().await.expect("reference data");
    world.inspector_a.sync().await.expect("reference data");
    let made = record_a_long_visit(&world, &world.lead_a);
    world.lead_a.sync().await.expect("push");

    let report = world.inspector_a.sync().await.expect("pull");
    assert_eq!(report.pulled, made);
    assert_eq!(report.requests, made.div_ceil(MAX_BATCH), "one request per page, none after the last");
    assert_eq!(
        world.inspector_a.store().snapshot_text().expect("inspector"),
        world.lead_a.store().snapshot_text().expect("lead"),
        "the colleague holds what the lead recorded"
    );
    let idle = world.inspector_a.sync().await.expect("idle sync");
    assert_eq!((idle.pulled, idle.requests), (0, 1));
}

/// The bytes of the outbox's ops as logged: what a push sends, uncompressed.
fn outbox_bytes(device: &Device) -> u64 {
    device.store().outbox_json(0, usize::MAX).expect("outbox").iter().map(|op| op.json.len() as u64).sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_push_across_a_slow_network_goes_compressed_and_arrives_whole() {
    let world = World::new().await;
    let proxy = FaultyProxy::start(world.office.address).await;
    // The proxy is on loopback; an office across a network gets compressed pushes.
    let lead = lead_via(&world, &proxy, "lead-slow-link").await.with_compression(true);
    lead.sync().await.expect("reference data");
    let made = record_a_long_visit(&world, &lead);
    let plain = outbox_bytes(&lead);

    proxy.throttle(1_000_000.0);
    let before = proxy.bytes_to_clients();
    let report = lead.sync().await.expect("sync over a slow link");
    assert_eq!((report.pushed, report.rejected), (made, 0));
    office_holds_each_op_once(&world.office, &lead);
    assert!(report.bytes_sent < plain / 4, "{} bytes sent for {plain} bytes of ops", report.bytes_sent);
    // The answers come back compressed too.
    let answers = proxy.bytes_to_clients() - before;
    assert!(
        answers < report.bytes_received / 3,
        "{answers} bytes on the wire for {} of answers",
        report.bytes_received
    );

    // A colleague across the same network pulls exactly what the lead recorded, in pages
    // that cross it compressed.
    let mut colleague = world
        .office
        .device_via(&proxy.url, world.inspector_a.actor.user_id, Role::Inspector, world._dir.path(), "colleague")
        .await
        .with_compression(true);
    let before = proxy.bytes_to_clients();
    let pulled = colleague.sync().await.expect("pull over a slow link");
    let wire = proxy.bytes_to_clients() - before;
    assert!(wire < pulled.bytes_received / 4, "{wire} bytes on the wire for {} of pages", pulled.bytes_received);
    assert_eq!(colleague.store().snapshot_text().expect("colleague"), lead.store().snapshot_text().expect("lead"));

    // Plain pages, when the office is on the same machine.
    colleague = world
        .office
        .device_via(&proxy.url, world.inspector_a.actor.user_id, Role::Inspector, world._dir.path(), "colleague-here")
        .await;
    let before = proxy.bytes_to_clients();
    let pulled = colleague.sync().await.expect("pull");
    let wire = proxy.bytes_to_clients() - before;
    assert!(wire > pulled.bytes_received, "{wire} bytes on the wire for {} of pages", pulled.bytes_received);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_push_to_an_office_on_this_machine_goes_as_it_is() {
    let world = World::new().await;
    world.lead_a.sync().await.expect("reference data");
    record_a_long_visit(&world, &world.lead_a);
    let plain = outbox_bytes(&world.lead_a);
    let report = world.lead_a.sync().await.expect("sync over loopback");
    assert!(report.bytes_sent > plain, "{} bytes sent for {plain} bytes of ops: compressed", report.bytes_sent);
}
