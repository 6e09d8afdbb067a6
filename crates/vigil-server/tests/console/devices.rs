//! Devices from the console: the enrolment code as text, link and QR code; a device
//! enrolled with the link shows with its last sync and app version; revoking one is
//! audited and its next sync refused; the audit view is searchable and its chains checked.

use reqwest::StatusCode;
use serde_json::json;
use vigil_core::enrol_link::EnrolLink;
use vigil_server::console::types::AuditQuery;

use crate::support::Office;

#[tokio::test]
async fn a_code_issued_in_the_console_enrols_a_real_device_through_its_link_which_then_shows_its_sync() {
    let office = Office::start().await;
    let admin = office.signed_in(&office.admin.email).await;
    let (status, issued) =
        admin.send("POST", "/enrol-codes", Some(json!({ "user_id": office.inspector.id, "hours": 24 }))).await;
    assert_eq!(status, StatusCode::OK, "{issued}");
    let link = EnrolLink::parse(issued["link"].as_str().expect("link")).expect("a link the core reads");
    assert_eq!(link.office, office.url, "the office as the browser reached it");
    assert_eq!(link.code, issued["code"].as_str().expect("code"));
    let svg = issued["qr_svg"].as_str().expect("svg");
    assert!(svg.contains("<svg") && svg.contains("</svg>"), "a QR code drawn as SVG");
    assert!(!svg.contains("<script"), "nothing but the drawing");

    let dir = tempfile::tempdir().expect("dir");
    let store = std::sync::Mutex::new(vigil_store::Store::open(&dir.path().join("d.db")).expect("store"));
    let (client, answer) =
        vigil_sync::SyncClient::enrol(&link.office, &link.code, &store, "tablet 7").await.expect("enrol");
    assert_eq!(answer.user_id, office.inspector.id);
    client.sync(&store, &|_| {}).await.expect("sync");
    let device_id = store.lock().expect("store").device_id();

    // The sight is written off the request: wait for it rather than for a fixed time.
    let mut found = None;
    for _ in 0..100 {
        let (_, devices) = admin.send("GET", "/devices", None).await;
        found = devices
            .as_array()
            .expect("list")
            .iter()
            .find(|d| d["id"] == device_id.to_string() && !d["last_seen_at"].is_null())
            .cloned();
        if found.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let device = found.expect("the device shows with its last sync");
    assert_eq!(device["user_name"], "Ilgar Inspector");
    assert_eq!(device["name"], "tablet 7");
    assert_eq!(device["app_version"], vigil_sync::APP_VERSION);
    assert!(device["revoked_at"].is_null());

    let (status, _) = admin.send("POST", &format!("/devices/{device_id}/revoke"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(matches!(client.sync(&store, &|_| {}).await, Err(vigil_sync::SyncError::Unauthorized(_))));
    let (status, body) = admin.send("POST", &format!("/devices/{device_id}/revoke"), None).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")), "revoked once");

    let actions = office.office_actions();
    let tail: Vec<&str> = actions.iter().map(String::as_str).filter(|a| *a != "sign_in").collect();
    assert!(tail.ends_with(&["enrolment_code_issued", "device_enrolled", "device_revoked"]), "{tail:?}");
}

#[tokio::test]
async fn a_code_lasts_one_to_168_hours() {
    let office = Office::start().await;
    let admin = office.signed_in(&office.admin.email).await;
    for hours in [0, 169] {
        let (status, body) =
            admin.send("POST", "/enrol-codes", Some(json!({ "user_id": office.inspector.id, "hours": hours }))).await;
        assert_eq!((status, body["field"].as_str()), (StatusCode::BAD_REQUEST, Some("hours")));
    }
    assert!(!office.office_actions().contains(&"enrolment_code_issued".to_owned()), "nothing issued");
}

#[tokio::test]
async fn the_audit_view_finds_events_by_who_what_and_when_and_shows_a_broken_chain() {
    let office = Office::start().await;
    let admin = office.signed_in(&office.admin.email).await;
    let _ = office.browser().sign_in(&office.supervisor.email, "wrong password").await;
    admin.send("POST", "/teams", Some(json!({ "name": "Team East" }))).await;

    let search = |text: &str| AuditQuery { text: text.into(), ..Default::default() };
    let found = office.storage.audit_view(&search("samir failed")).expect("audit");
    assert_eq!(found.entries.len(), 1, "{:?}", found.entries);
    assert_eq!(found.entries[0].action, "sign_in_failed");
    let found = office.storage.audit_view(&search("aysel team_created")).expect("audit");
    assert_eq!(found.entries.len(), 1);
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let in_day = AuditQuery { from: Some(today.clone()), to: Some(today), ..Default::default() };
    let all = office.storage.audit_view(&in_day).expect("audit");
    let before = AuditQuery { to: Some("2000-01-01".into()), ..Default::default() };
    assert!(!all.entries.is_empty() && office.storage.audit_view(&before).expect("audit").entries.is_empty());
    assert!(all.check.intact && all.check.office_events as usize >= all.entries.len());

    let (status, body) = admin.send("GET", "/audit?text=team_created", None).await;
    assert_eq!((status, body["entries"].as_array().map(Vec::len)), (StatusCode::OK, Some(1)));

    // Someone with the database file rewrites what an event says.
    let file = vigil_store::rusqlite::Connection::open(office.dir.path().join("central.db")).expect("open the file");
    file.execute("UPDATE office_audit SET details = '{}' WHERE seq = 2", []).expect("tamper");
    let check = office.storage.audit_view(&AuditQuery::default()).expect("audit").check;
    assert!(!check.intact);
    assert!(check.problem.expect("named").contains("office"), "the broken chain is named");
}
