//! A device id is never reassigned: enrolling with an id the office knows is refused,
//! unless an administrator re-enrols that very device.

use serde_json::json;
use uuid::Uuid;
use vigil_core::protocol::{API_PREFIX, ApiError};

use crate::world::World;

async fn enrol(world: &World, code: &str, device_id: Uuid) -> reqwest::Response {
    let request = json!({"code": code, "device_id": device_id, "device_name": "my tablet"});
    let url = format!("{}{API_PREFIX}/enrol", world.office.url);
    reqwest::Client::new().post(url).json(&request).send().await.expect("enrol")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enrolling_with_a_colleagues_device_id_is_refused_and_the_colleague_syncs_on() {
    let world = World::new().await;
    world.lead_a.sync().await.expect("sync");
    let visit = world.visit(world.team_a);
    world.lead_a.store().create(&world.lead_a.actor, &visit.clone().into()).expect("unsynced work");
    let colleague = world.lead_a.store().device_id();

    let code =
        world.office.storage.enrolment_code(world.inspector_a.actor.user_id, chrono::Duration::hours(1)).expect("code");
    let taken = enrol(&world, &code, colleague).await;
    assert_eq!(taken.status(), 409);
    let error: ApiError = taken.json().await.expect("error body");
    assert_eq!(error.code, vigil_core::Code::DeviceExists);
    assert!(error.message.contains(&format!("device re-enrol --device {colleague}")), "{}", error.message);

    // The colleague's token still works, and its unsynced work goes through in sequence.
    let report = world.lead_a.sync().await.expect("the colleague's device still syncs");
    assert_eq!((report.pushed, report.rejected), (1, 0));
    assert!(world.inspector_a.sync().await.is_ok());
    assert!(world.inspector_a.store().record(vigil_core::Entity::Visit, visit.id).expect("read").is_some());
    let devices = world.office.storage.devices().expect("devices");
    let row = devices.iter().find(|device| device.id == colleague).expect("the colleague's device");
    assert_eq!(
        (row.user_id, row.name.as_str(), row.revoked_at.as_deref()),
        (world.lead_a.actor.user_id, "lead-a", None)
    );

    // Nothing was spent: the same code enrols a new device id.
    assert_eq!(enrol(&world, &code, Uuid::now_v7()).await.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_re_enrolled_device_keeps_its_id_and_its_place_in_its_sequence() {
    let world = World::new().await;
    let device = &world.lead_a;
    device.sync().await.expect("reference data");
    device.store().create(&device.actor, &world.visit(world.team_a).into()).expect("plan");
    device.sync().await.expect("sync");
    device.store().create(&device.actor, &world.visit(world.team_a).into()).expect("plan another");
    let device_id = device.store().device_id();

    let code = world.office.storage.re_enrolment_code(device_id, chrono::Duration::hours(1)).expect("code");
    let err = device.sync().await.expect_err("the old token is revoked at once");
    assert!(matches!(err, vigil_sync::SyncError::Unauthorized(_)), "{err}");
    // The code names this device: it takes no other known id.
    let other = world.inspector_a.store().device_id();
    assert_eq!(enrol(&world, &code, other).await.status(), 409);

    let (client, answer) =
        vigil_sync::SyncClient::enrol(&world.office.url, &code, &device.store, "lead-a again").await.expect("re-enrol");
    assert_eq!(answer.user_id, device.actor.user_id);
    let report = client.sync(&device.store, &|_| {}).await.expect("sync after re-enrolment");
    assert_eq!((report.pushed, report.rejected), (1, 0), "its next op follows the last it pushed");
    let again = enrol(&world, &code, Uuid::now_v7()).await;
    assert_eq!(again.status(), 401, "a re-enrolment code works once");
}
