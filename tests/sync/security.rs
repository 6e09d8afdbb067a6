use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use uuid::Uuid;
use vigil_core::Role;
use vigil_core::protocol::{API_PREFIX, ApiError, BlobStatus, EnrolRequest, EnrolResponse};
use vigil_server::api::Limits;
use vigil_server::serve::Listen;
use vigil_server::storage::{Cursor, PushBatch};
use vigil_server::{DeviceAuth, ServerError, Storage};
use vigil_tests::Office;

use crate::world::World;

/// A free loopback port (bound and released: good enough for a test).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("address").port()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_serves_https_with_security_headers_and_no_plain_http_on_that_port() {
    let dir = tempfile::tempdir().expect("dir");
    let certified =
        rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()]).expect("certificate");
    let cert = dir.path().join("cert.pem");
    let key = dir.path().join("key.pem");
    std::fs::write(&cert, certified.cert.pem()).expect("write cert");
    std::fs::write(&key, certified.signing_key.serialize_pem()).expect("write key");
    let storage = Arc::new(vigil_server::SqliteStorage::open(&dir.path().join("office")).expect("office"));
    let port = free_port();
    let listen = Listen {
        address: format!("127.0.0.1:{port}").parse().expect("address"),
        tls: Some((cert, key)),
        force_plain_http: false,
    };
    let server = tokio::spawn(vigil_server::serve::run(storage, listen, Limits::default(), Default::default()));

    let root = reqwest::Certificate::from_pem(certified.cert.pem().as_bytes()).expect("root");
    let https = reqwest::Client::builder().add_root_certificate(root).build().expect("client");
    let url = format!("https://localhost:{port}{API_PREFIX}/health");
    let mut answer = None;
    for _ in 0..100 {
        if let Ok(response) = https.get(&url).send().await {
            answer = Some(response);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let answer = answer.expect("the office answers over HTTPS");
    assert_eq!(answer.status(), 200);
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("cache-control", "no-store"),
        ("strict-transport-security", "max-age=31536000"),
    ] {
        assert_eq!(answer.headers().get(name).and_then(|v| v.to_str().ok()), Some(value), "{name}");
    }
    let plain = reqwest::get(format!("http://localhost:{port}{API_PREFIX}/health")).await;
    assert!(plain.is_err() || plain.is_ok_and(|r| r.status() != 200), "plain HTTP must not be served on the TLS port");
    server.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_over_its_request_budget_gets_429_naming_the_problem() {
    let office = Office::start().await;
    let team = office.team("Team A");
    let user = office.user("Lena Lead", Role::Lead, &[team]);
    let dir = tempfile::tempdir().expect("dir");
    let code = office.storage.enrolment_code(user, chrono::Duration::hours(1)).expect("code");
    let store = std::sync::Mutex::new(vigil_store::Store::open(&dir.path().join("d.db")).expect("store"));
    let (_, answer) = vigil_sync::SyncClient::enrol(&office.url, &code, &store, "d").await.expect("enrol");

    let tight = Limits {
        requests_per_minute: NonZeroU32::new(1).expect("one"),
        burst: NonZeroU32::new(3).expect("three"),
        ..Limits::default()
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}{API_PREFIX}/whoami", listener.local_addr().expect("address"));
    let app = vigil_server::router(office.storage.clone(), tight).into_make_service_with_connect_info::<SocketAddr>();
    let server = tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    let http = reqwest::Client::new();
    for _ in 0..3 {
        assert_eq!(http.get(&url).bearer_auth(&answer.token).send().await.expect("whoami").status(), 200);
    }
    let refused = http.get(&url).bearer_auth(&answer.token).send().await.expect("whoami");
    assert_eq!(refused.status(), 429);
    let error: ApiError = refused.json().await.expect("json");
    assert_eq!(error.code, vigil_core::Code::RateLimited);
    server.abort();
}

/// The real office's storage, counting the enrolments and token look-ups that reach it.
struct Counted {
    office: Arc<vigil_server::SqliteStorage>,
    enrolments: AtomicUsize,
    authentications: AtomicUsize,
}

impl Storage for Counted {
    fn release_dir(&self) -> std::path::PathBuf {
        self.office.release_dir()
    }
    fn enrol(&self, request: &EnrolRequest) -> Result<EnrolResponse, ServerError> {
        self.enrolments.fetch_add(1, Ordering::SeqCst);
        self.office.enrol(request)
    }
    fn authenticate(&self, token: &str) -> Result<DeviceAuth, ServerError> {
        self.authentications.fetch_add(1, Ordering::SeqCst);
        self.office.authenticate(token)
    }
    fn push(&self, device: &DeviceAuth, batch: &PushBatch) -> Result<vigil_server::Pushed, ServerError> {
        self.office.push(device, batch)
    }
    fn blob_status(&self, device: &DeviceAuth, sha256: &str) -> Result<BlobStatus, ServerError> {
        self.office.blob_status(device, sha256)
    }
    fn put_blob(
        &self,
        device: &DeviceAuth,
        sha256: &str,
        offset: u64,
        total: u64,
        chunk: &[u8],
    ) -> Result<BlobStatus, ServerError> {
        self.office.put_blob(device, sha256, offset, total, chunk)
    }
    fn get_blob(&self, device: &DeviceAuth, sha256: &str) -> Result<std::fs::File, ServerError> {
        self.office.get_blob(device, sha256)
    }
    fn changes_json(
        &self,
        device: &DeviceAuth,
        cursor: Cursor,
        limit: usize,
        own_after: Option<u64>,
    ) -> Result<String, ServerError> {
        self.office.changes_json(device, cursor, limit, own_after)
    }
    fn figures(&self) -> Result<vigil_server::OfficeFigures, ServerError> {
        self.office.figures()
    }
}

/// A second server on the office's storage, with `limits`, counting what reaches the store;
/// answers it and its API's address.
async fn counted_office(office: &Office, limits: Limits) -> (Arc<Counted>, String) {
    let counted = Arc::new(Counted {
        office: office.storage.clone(),
        enrolments: AtomicUsize::new(0),
        authentications: AtomicUsize::new(0),
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let app = vigil_server::router(counted.clone(), limits).into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    (counted, url)
}

/// A client whose requests come from `address` (any of 127.0.0.0/8 is this machine).
fn client_from(address: &str) -> reqwest::Client {
    let address: IpAddr = address.parse().expect("address");
    reqwest::Client::builder().local_address(address).build().expect("client")
}

/// The statuses of `count` requests made one after another.
async fn statuses(count: usize, request: impl Fn() -> reqwest::RequestBuilder) -> Vec<u16> {
    let mut seen = Vec::new();
    for _ in 0..count {
        seen.push(request().send().await.expect("request").status().as_u16());
    }
    seen
}

fn one_a_minute(burst: u32) -> (NonZeroU32, NonZeroU32) {
    (NonZeroU32::MIN, NonZeroU32::new(burst).expect("burst"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_guessed_codes_is_refused_per_address_before_the_store() {
    let world = World::new().await;
    world.lead_a.sync().await.expect("sync");
    let (enrolments_per_minute, enrolment_burst) = one_a_minute(3);
    let limits = Limits { enrolments_per_minute, enrolment_burst, ..Limits::default() };
    let (counted, url) = counted_office(&world.office, limits).await;
    let enrol = format!("{url}{API_PREFIX}/enrol");
    let guess = |http: &reqwest::Client| {
        let body = serde_json::json!({"code": "AAAA-BBBB-CCCC", "device_id": Uuid::now_v7(), "device_name": "x"});
        http.post(&enrol).json(&body)
    };

    let here = client_from("127.0.0.1");
    assert_eq!(statuses(10, || guess(&here)).await, [[401; 3].as_slice(), &[429; 7]].concat());
    assert_eq!(counted.enrolments.load(Ordering::SeqCst), 3, "refused before the store");
    let refused: ApiError = guess(&here).send().await.expect("enrol").json().await.expect("error");
    assert_eq!(refused.code, vigil_core::Code::RateLimited);
    assert!(refused.message.contains("enrolments from this address"), "{}", refused.message);

    // Another address enrols; a device already enrolled keeps syncing from the flooded one.
    let code = world.office.storage.enrolment_code(world.inspector_b.actor.user_id, chrono::Duration::hours(1));
    let body = serde_json::json!({"code": code.expect("code"), "device_id": Uuid::now_v7(), "device_name": "x"});
    assert_eq!(client_from("127.0.0.2").post(&enrol).json(&body).send().await.expect("enrol").status(), 200);
    let visit = world.visit(world.team_a);
    world.lead_a.store().create(&world.lead_a.actor, &visit.into()).expect("plan");
    let device_id = world.lead_a.store().device_id();
    let token = world.office.re_enrol_raw(device_id).await;
    let client = vigil_sync::SyncClient::new(&url, token).expect("client");
    let report = client.sync(&world.lead_a.store, &|_| {}).await.expect("sync from the flooded address");
    assert_eq!(report.rejected, 0);
    assert!(report.pushed >= 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_guessed_tokens_is_refused_per_address_before_the_store() {
    let world = World::new().await;
    world.lead_a.sync().await.expect("reference data");
    let (failed_auths_per_minute, failed_auth_burst) = one_a_minute(3);
    let limits = Limits { failed_auths_per_minute, failed_auth_burst, ..Limits::default() };
    let (counted, url) = counted_office(&world.office, limits).await;
    let whoami = format!("{url}{API_PREFIX}/whoami");
    let device_id = world.lead_a.store().device_id();
    let token = world.office.re_enrol_raw(device_id).await;

    let guesser = client_from("127.0.0.2");
    let guessed = statuses(10, || guesser.get(&whoami).bearer_auth(format!("guess-{}", Uuid::now_v7()))).await;
    // Three failures are allowed; the fourth finds the budget spent, and the rest never
    // reach the store.
    assert_eq!(guessed, [[401; 3].as_slice(), &[429; 7]].concat());
    assert_eq!(counted.authentications.load(Ordering::SeqCst), 4);
    let refused: ApiError =
        guesser.get(&whoami).bearer_auth(&token).send().await.expect("whoami").json().await.expect("error");
    assert_eq!(refused.code, vigil_core::Code::RateLimited, "the flooding address waits, even with a good token");
    assert_eq!(counted.authentications.load(Ordering::SeqCst), 4);

    // The device at another address is not slowed: it syncs, and its token answers.
    let here = client_from("127.0.0.1");
    assert_eq!(here.get(&whoami).bearer_auth(&token).send().await.expect("whoami").status(), 200);
    let visit = world.visit(world.team_a);
    world.lead_a.store().create(&world.lead_a.actor, &visit.into()).expect("plan");
    let client = vigil_sync::SyncClient::new(&url, token).expect("client");
    let report = client.sync(&world.lead_a.store, &|_| {}).await.expect("sync");
    assert_eq!(report.rejected, 0);
    assert!(report.pushed >= 1);
}
