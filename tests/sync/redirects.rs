//! The sync client follows no redirect: an office address that answers with one (a proxy
//! taken over, a misconfiguration) must not get the device's token, its enrolment code or
//! its records sent to another address.

use std::sync::{Arc, Mutex};

use axum::http::{StatusCode, Uri, header};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use vigil_sync::{SyncClient, SyncError};

use crate::world::World;

/// A listener on another port that keeps the head of every request it gets.
async fn elsewhere() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let heads = Arc::new(Mutex::new(Vec::new()));
    let noted = heads.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut head = vec![0u8; 8192];
            let read = socket.read(&mut head).await.unwrap_or(0);
            // Noted before answering: a client that followed has been seen by the time it returns.
            noted.lock().expect("heads").push(String::from_utf8_lossy(&head[..read]).into_owned());
            let _ = socket.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}").await;
        }
    });
    (url, heads)
}

/// An "office" address that answers every request with a 307 to `target`.
async fn redirecting_to(target: String) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let app = axum::Router::new().fallback(move |uri: Uri| {
        let location = format!("{target}{uri}");
        async move { (StatusCode::TEMPORARY_REDIRECT, [(header::LOCATION, location)]) }
    });
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    url
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redirect_to_another_port_is_refused_and_nothing_reaches_it() {
    let world = World::new().await;
    let lead = world.lead_a.actor;
    world.lead_a.sync().await.expect("reference data");
    world.lead_a.store().create(&lead, &world.visit(world.team_a).into()).expect("plan");
    let (elsewhere_url, heads) = elsewhere().await;
    let office_url = redirecting_to(elsewhere_url.clone()).await;

    // A sync with a pushed batch (a POST with records) and a pull (a GET), both with the token.
    let (_, token) = world.office.enrol_raw(lead.user_id, None).await;
    let client = SyncClient::new(&office_url, token).expect("client");
    let refused = client.sync(&world.lead_a.store, &|_| {}).await.expect_err("redirected");
    match &refused {
        SyncError::Redirected { status: 307, location } => assert!(location.starts_with(&elsewhere_url), "{location}"),
        other => panic!("expected the redirect refused, got {other:?}"),
    }
    assert!(refused.to_string().contains("follows no redirect"), "{refused}");
    assert!(!refused.is_transient(), "waiting does not fix an address: the person is told");

    // Enrolling: the one-time code stays here too.
    let code = world.office.storage.enrolment_code(lead.user_id, chrono::Duration::hours(1)).expect("code");
    let enrolled = SyncClient::enrol(&office_url, &code, &world.inspector_b.store, "taken over").await;
    assert!(matches!(enrolled, Err(SyncError::Redirected { status: 307, .. })), "{enrolled:?}");

    let heads = heads.lock().expect("heads");
    assert!(heads.is_empty(), "the other port got {} request(s): {heads:?}", heads.len());
    assert_eq!(world.lead_a.store().outbox_len().expect("outbox"), 1, "the plan waits for the real office");
}
