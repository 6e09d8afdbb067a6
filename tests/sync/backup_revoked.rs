//! A device revoked after a backup is not trusted again after a restore (issue 14): the
//! restored office cannot know who was revoked after its snapshot, so every device waits for
//! an administrator's confirmation, refused with `device_unconfirmed` (keeping its outbox)
//! until then. The one confirmed in the console pushes what the office lost; the one never
//! confirmed stays refused.

use std::collections::BTreeSet;

use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;
use vigil_core::{Code, Entity, Role};
use vigil_server::UploadLimits;
use vigil_server::api::Limits;
use vigil_server::backup::{self, SecretString};
use vigil_server::sqlite::office_audit::COMMAND_LINE;
use vigil_sync::SyncError;
use vigil_tests::{Device, Office};

use crate::world::{observation, reference_records};

const PASSPHRASE: &str = "Heron-candle-19-wharf";
const ADMIN_PASSWORD: &str = "an administrator's long password";

/// An administrator's console session over HTTP: the session cookie and its CSRF token.
struct Console {
    http: reqwest::Client,
    url: String,
    cookie: String,
    csrf: String,
}

impl Console {
    async fn sign_in(office: &Office, email: &str) -> Console {
        let http = reqwest::Client::new();
        let url = format!("{}/console/api", office.url);
        let answer = http
            .post(format!("{url}/sign-in"))
            .json(&json!({ "email": email, "password": ADMIN_PASSWORD }))
            .send()
            .await
            .expect("sign in");
        assert_eq!(answer.status(), StatusCode::OK);
        let cookie =
            answer.headers()["set-cookie"].to_str().expect("cookie").split(';').next().expect("pair").to_owned();
        let session: Value = answer.json().await.expect("session");
        let csrf = session["csrf_token"].as_str().expect("csrf token").to_owned();
        Console { http, url, cookie, csrf }
    }

    async fn get(&self, path: &str) -> Value {
        let answer =
            self.http.get(format!("{}{path}", self.url)).header("cookie", &self.cookie).send().await.expect("get");
        assert_eq!(answer.status(), StatusCode::OK, "GET {path}");
        answer.json().await.expect("json")
    }

    async fn post(&self, path: &str) -> (StatusCode, Value) {
        let answer = self
            .http
            .post(format!("{}{path}", self.url))
            .header("cookie", &self.cookie)
            .header("x-csrf-token", &self.csrf)
            .send()
            .await
            .expect("post");
        (answer.status(), answer.json().await.unwrap_or(Value::Null))
    }
}

fn refused_unconfirmed(result: Result<vigil_sync::SyncReport, SyncError>, who: &str) {
    match result {
        Err(SyncError::Server { status: 403, code: Code::DeviceUnconfirmed, message, .. }) => {
            assert!(message.contains("confirm"), "{who}: {message}");
        }
        other => panic!("{who} should be refused as unconfirmed: {other:?}"),
    }
}

fn findings(device: &Device) -> BTreeSet<Uuid> {
    let held = device.store().all::<vigil_core::records::Observation>(Entity::Observation).expect("findings");
    held.iter().map(|o| o.id).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_revoked_after_the_backup_stays_refused_after_the_restore_and_a_confirmed_one_catches_up() {
    let office = Office::start().await;
    let team = office.team("Team A");
    let reference = reference_records();
    office.storage.add_records(&reference.records).expect("reference data");
    let admin = office.user("Aysel Admin", Role::Admin, &[]);
    office.storage.set_password(COMMAND_LINE, admin, ADMIN_PASSWORD).expect("password");
    let dir = tempfile::tempdir().expect("devices");
    let lead = office.user("Lena Lead", Role::Lead, &[team]);
    let inspector = office.user("Ilham Inspector", Role::Inspector, &[team]);
    let a = office.device(lead, Role::Lead, dir.path(), "device-a").await;
    let b = office.device(inspector, Role::Inspector, dir.path(), "device-b").await;
    a.sync().await.expect("reference data");
    let visit = reference.visit(team);
    a.store().create(&a.actor, &visit.clone().into()).expect("plan");
    a.sync().await.expect("push the visit");
    b.sync().await.expect("pull the visit");
    for (n, device) in [&a, &b].into_iter().enumerate() {
        device.store().create(&device.actor, &observation(visit.id, &format!("before {n}")).into()).expect("observe");
        device.sync().await.expect("sync before the backup");
    }
    let backups = tempfile::tempdir().expect("backups");
    let file = backups.path().join("office.age");
    backup::create(office.dir.path(), &file, SecretString::from(PASSPHRASE.to_owned())).expect("backup");

    // After the backup: B is revoked (lost, say); A records more and the office takes it.
    let (a_id, b_id) = (a.store().device_id(), b.store().device_id());
    office.storage.revoke(b_id).expect("revoke B");
    assert!(b.sync().await.is_err(), "B is refused once revoked");
    for n in 0..3 {
        a.store().create(&a.actor, &observation(visit.id, &format!("after the backup {n}")).into()).expect("observe");
    }
    a.sync().await.expect("A pushes after the backup");
    let held_by_a = findings(&a);
    let b_outbox = b.store().outbox_len().expect("outbox");
    drop(office);

    // The office is lost and restored: neither device is trusted until confirmed.
    let restored_dir = tempfile::tempdir().expect("restored office");
    let restored =
        backup::restore(&file, restored_dir.path(), SecretString::from(PASSPHRASE.to_owned())).expect("restore");
    let office = Office::open(restored_dir, Limits::default(), UploadLimits::default()).await;
    let moved = |device: Device| Device { client: device.client.for_office_at(&office.url).expect("client"), ..device };
    let (a, b) = (moved(a), moved(b));
    refused_unconfirmed(a.sync().await, "A");
    refused_unconfirmed(b.sync().await, "B");
    assert_eq!(b.store().outbox_len().expect("outbox"), b_outbox, "B keeps its outbox");

    // The console says so: restored from the backup of its time; both wait.
    let console = Console::sign_in(&office, "aysel.admin@npm.example").await;
    let health = console.get("/health").await;
    assert_eq!(health["restored_from"], json!(restored.created_at));
    assert_eq!(health["last_backup_at"], json!(restored.created_at), "the backup it came from is the last known");
    let waiting: BTreeSet<String> = health["unconfirmed_devices"]
        .as_array()
        .expect("devices")
        .iter()
        .map(|d| d["id"].as_str().expect("id").to_owned())
        .collect();
    assert_eq!(waiting, BTreeSet::from([a_id.to_string(), b_id.to_string()]));
    let devices = console.get("/devices").await;
    let listed = |id: Uuid| devices.as_array().expect("list").iter().find(|d| d["id"] == id.to_string()).cloned();
    assert!(listed(b_id).expect("B is listed")["unconfirmed_since"].is_string());

    // The administrator confirms A, in the console; audited.
    let (status, body) = console.post(&format!("/devices/{a_id}/confirm")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) = console.post(&format!("/devices/{a_id}/confirm")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "confirmed once");
    let audit = console.get("/audit?text=device_confirmed").await;
    let entries = audit["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 1);
    assert!(entries[0]["details"].as_str().expect("details").contains(&a_id.to_string()));

    // A syncs and pushes what the office lost; nothing lost on A.
    for _ in 0..2 {
        a.sync().await.expect("A syncs once confirmed");
    }
    assert_eq!(a.store().outbox_len().expect("outbox"), 0);
    let at_office: BTreeSet<Uuid> = office
        .storage
        .all::<vigil_core::records::Observation>(Entity::Observation)
        .expect("findings")
        .iter()
        .map(|o| o.id)
        .collect();
    assert!(held_by_a.is_subset(&at_office), "every finding A held is at the office again");
    assert_eq!(findings(&a), held_by_a, "A lost nothing");

    // B, never confirmed, stays refused.
    b.store().create(&b.actor, &observation(visit.id, "written while refused").into()).expect("observe");
    refused_unconfirmed(b.sync().await, "B");
    assert_eq!(b.store().outbox_len().expect("outbox"), b_outbox + 1, "B keeps what it writes");
    let health = console.get("/health").await;
    assert_eq!(health["unconfirmed_devices"].as_array().expect("devices").len(), 1);
    let b_row = office.storage.device_views().expect("devices").into_iter().find(|d| d.id == b_id).expect("B");
    assert!(b_row.unconfirmed_since.is_some());
}
