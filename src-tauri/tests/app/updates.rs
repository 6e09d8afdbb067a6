//! A new version the office offers, as the window sees it: offered after a sync (the office
//! is asked at most hourly; `updates::tests` holds that), and never
//! installed when its signature is not of the key built into the app. (Installing a good
//! one replaces the installed package: `tests/e2e/installed.rs` does it for real.)

use serde_json::json;
use vigil_core::Role;
use vigil_tests::{Office, Signer};

use crate::commands::Window;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_newer_version_is_offered_after_a_sync_and_a_bundle_not_signed_by_the_app_key_is_refused() {
    let office = Office::start().await;
    let team = office.team("North");
    let inspector = office.user("Inspector", Role::Inspector, &[team]);
    let dir = tempfile::tempdir().expect("dir");
    let (app_key, stranger) = (Signer::new(), Signer::new());
    // The office's administrator publishes with a key that is not the one the app was built
    // with (the office checks only that the signature matches the key it was given).
    let bytes = b"!<arch>\ndebian-binary a bundle";
    office.publish_release("Vigil_9.0.0_amd64.deb", bytes, "9.0.0", &stranger);

    let app = Window::with_updater_key(dir.path(), &app_key.public);
    app.ok("create_vault", json!({ "passphrase": "a long test passphrase" }));
    assert_eq!(app.refused("install_update", json!({})), "not_found", "nothing is on offer before a sync");
    let code = office.storage.enrolment_code(inspector, chrono::Duration::hours(1)).expect("code");
    app.ok("enrol", json!({ "serverUrl": office.url, "code": code }));
    app.sync().await;
    let status = app.ok("sync_status", json!({}));
    assert_eq!(status["update"], json!({ "version": "9.0.0", "size": bytes.len() }), "{status}");
    // Made as on the window's "Install": refused, with nothing installed, the app still here.
    let refused = app.call("install_update", json!({})).expect_err("refused");
    assert_eq!(refused["code"], "update_refused", "{refused}");
    let message = refused["message"].as_str().unwrap_or_default();
    assert!(!message.contains("format"), "refused for its signature, before its contents were looked at: {message}");
    // This device's work goes on as before.
    assert_eq!(app.ok("sync_status", json!({}))["state"], "synced");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_build_without_an_updater_key_is_offered_nothing() {
    let office = Office::start().await;
    let team = office.team("North");
    let inspector = office.user("Inspector", Role::Inspector, &[team]);
    let dir = tempfile::tempdir().expect("dir");
    office.publish_release("Vigil_9.0.0_amd64.deb", b"!<arch> debian-binary a bundle", "9.0.0", &Signer::new());

    let code = office.storage.enrolment_code(inspector, chrono::Duration::hours(1)).expect("code");
    let app = Window::enrolled(&dir.path().join("device"), dir.path(), &office, &code).await;
    assert_eq!(app.ok("sync_status", json!({}))["update"], json!(null));
    assert_eq!(app.refused("install_update", json!({})), "not_found");
}
