use std::sync::{Arc, Mutex};

use uuid::Uuid;
use vigil_app::state::AppState;
use vigil_app::sync::{SyncState, SyncStatus};
use vigil_core::Role;
use vigil_core::records::{Facility, FacilityKind};
use vigil_sync::schedule::Outcome;
use vigil_tests::Office;

/// An app state over a fresh data directory, recording every status it emits.
fn app(dir: &tempfile::TempDir) -> (AppState, Arc<Mutex<Vec<SyncStatus>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    let state = AppState::new(Some(dir.path().to_owned()))
        .with_emitter(Box::new(move |status| sink.lock().expect("events").push(status.clone())));
    state.unlock_from_env(Some("test passphrase".into()));
    assert!(!state.is_locked(), "the test passphrase opens the device");
    (state, seen)
}

async fn office_with_a_place() -> (Office, Uuid) {
    let office = Office::start().await;
    let team = office.team("Northern team");
    let lead = office.user("Ana Lead", Role::Lead, &[team]);
    let place = Facility {
        id: Uuid::now_v7(),
        name: "Police Station 4".into(),
        kind: FacilityKind::PoliceCustody,
        region: "North".into(),
        address: "1 Main Street".into(),
        latitude: None,
        longitude: None,
        authority: "Ministry of Internal Affairs".into(),
        capacity: Some(12),
        population: Some(9),
        contact: String::new(),
        time_zone: None,
    };
    office.storage.add_records(&[place.into()]).expect("add place");
    (office, lead)
}

fn code(office: &Office, user: Uuid) -> String {
    office.storage.enrolment_code(user, chrono::Duration::hours(1)).expect("code")
}

#[tokio::test]
async fn a_new_device_is_not_enrolled_and_cannot_sync() {
    let dir = tempfile::tempdir().expect("dir");
    let (state, _) = app(&dir);
    let status = state.sync_status().expect("status");
    assert_eq!((status.enrolled, status.state), (false, SyncState::NotEnrolled));
    assert_eq!(state.request_sync().expect_err("not enrolled").code(), vigil_core::Code::NotEnrolled);
    assert_eq!(state.actor().expect_err("no user").code(), vigil_core::Code::NotEnrolled);
    assert_eq!(state.sync_once().await, Outcome::Wait);
}

#[tokio::test]
async fn enrols_syncs_and_says_so() {
    let (office, lead) = office_with_a_place().await;
    let dir = tempfile::tempdir().expect("dir");
    let (state, events) = app(&dir);

    let status = state.enrol(&office.url, &code(&office, lead), "field laptop").await.expect("enrols");
    assert!(status.enrolled);
    assert_eq!(status.server_url.as_deref(), Some(office.url.as_str()));

    assert_eq!(state.sync_once().await, Outcome::Synced);
    let status = state.sync_status().expect("status");
    assert_eq!(status.state, SyncState::Synced);
    assert!(status.last_synced_at.is_some());
    assert_eq!((status.outbox, status.conflicts, status.rejected, status.error), (0, 0, 0, None));
    let places = state.with_store(|store| store.places()).expect("places");
    assert_eq!(places.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["Police Station 4"]);

    let states: Vec<SyncState> = events.lock().expect("events").iter().map(|s| s.state).collect();
    let syncing = states.iter().position(|s| *s == SyncState::Syncing).expect("a syncing event");
    assert_eq!(states.last(), Some(&SyncState::Synced), "{states:?}");
    assert!(syncing < states.len() - 1);

    // A restart finds the device enrolled, from the settings in the store.
    drop(state);
    let (again, _) = app(&dir);
    assert!(again.is_enrolled());
    // … and the user it was enrolled for, to edit as.
    let actor = again.actor().expect("enrolled user");
    assert_eq!((actor.user_id, actor.role), (lead, Role::Lead));
    assert_eq!(again.sync_status().expect("status").last_synced_at, status.last_synced_at);
    assert_eq!(again.sync_once().await, Outcome::Synced);
}

#[tokio::test]
async fn a_bad_code_leaves_the_device_not_enrolled() {
    let (office, _) = office_with_a_place().await;
    let dir = tempfile::tempdir().expect("dir");
    let (state, _) = app(&dir);
    let error = state.enrol(&office.url, "NOPE-NOPE-NOPE", "laptop").await.expect_err("bad code");
    assert_eq!(error.code(), vigil_core::Code::Unauthorized);
    assert!(!state.is_enrolled());
    let error = state.enrol("http://office.example", "CODE", "laptop").await.expect_err("plain http");
    assert_eq!(error.code(), vigil_core::Code::InvalidInput);
}

#[tokio::test]
async fn a_revoked_device_stops_and_shows_why() {
    let (office, lead) = office_with_a_place().await;
    let dir = tempfile::tempdir().expect("dir");
    let (state, _) = app(&dir);
    state.enrol(&office.url, &code(&office, lead), "laptop").await.expect("enrols");
    let device_id = state.with_store(|store| Ok(store.device_id())).expect("device id");
    office.storage.revoke(device_id).expect("revoke");

    assert_eq!(state.sync_once().await, Outcome::Wait, "no retries: waiting will not help");
    let status = state.sync_status().expect("status");
    assert_eq!(status.state, SyncState::Error);
    assert_eq!(status.error.map(|e| e.code), Some(vigil_core::Code::Unauthorized));

    // An ordinary code cannot take a known device id: the office says who can.
    let refused = state.enrol(&office.url, &code(&office, lead), "laptop").await.expect_err("a known device id");
    assert!(refused.to_string().contains(&format!("device re-enrol --device {device_id}")), "{refused}");
    // The administrator's re-enrolment code, which names this device, brings it back.
    let re_enrol = office.storage.re_enrolment_code(device_id, chrono::Duration::hours(1)).expect("code");
    state.enrol(&office.url, &re_enrol, "laptop").await.expect("enrols again");
    assert_eq!(state.sync_once().await, Outcome::Synced);
    assert_eq!(state.sync_status().expect("status").error, None);
}

#[tokio::test]
async fn an_office_that_is_gone_means_offline_and_retry() {
    let (office, lead) = office_with_a_place().await;
    let dir = tempfile::tempdir().expect("dir");
    let (state, _) = app(&dir);
    state.enrol(&office.url, &code(&office, lead), "laptop").await.expect("enrols");
    drop(office);
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;

    assert_eq!(state.sync_once().await, Outcome::Retry);
    let status = state.sync_status().expect("status");
    assert_eq!(status.state, SyncState::Offline);
    assert_eq!(status.error.map(|e| e.code), Some(vigil_core::Code::Offline));
}

#[tokio::test]
async fn a_locked_device_does_not_sync_and_forgets_its_client() {
    let (office, lead) = office_with_a_place().await;
    let dir = tempfile::tempdir().expect("dir");
    let (state, events) = app(&dir);
    state.enrol(&office.url, &code(&office, lead), "field laptop").await.expect("enrols");

    state.lock();
    let before = events.lock().expect("events").len();
    assert_eq!(state.sync_once().await, Outcome::Wait, "nothing to sync with while locked");
    assert_eq!(events.lock().expect("events").len(), before, "no status while locked");
    assert_eq!(state.sync_status().expect_err("locked").code(), vigil_core::Code::Locked);
    assert_eq!(state.request_sync().expect_err("locked").code(), vigil_core::Code::Locked);

    state.unlock("test passphrase", vigil_app::lock::now_millis()).expect("unlocks");
    assert_eq!(state.sync_once().await, Outcome::Synced);
    assert_eq!(state.with_store(|store| store.places()).expect("places").len(), 1);
}
