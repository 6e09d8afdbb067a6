use std::num::NonZeroU32;
use std::sync::Arc;

use vigil_core::Role;
use vigil_core::protocol::{API_PREFIX, ApiError};
use vigil_server::api::Limits;
use vigil_server::serve::Listen;
use vigil_tests::Office;

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
    let server = tokio::spawn(vigil_server::serve::run(storage, listen, Limits::default()));

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
    let app = vigil_server::router(office.storage.clone(), tight);
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
