//! The installed app updates itself through its office: version N (installed from its `.deb`,
//! built with the test's updater key) is enrolled and holds an edit not sent yet; the office
//! publishes N+1, signed with that key. The app offers it after a sync, installs it on the
//! person's second tap, and starts again at N+1, which sends the waiting edit. Needs both
//! packages, so `scripts/test.sh` runs it after building them (`scripts/package.sh
//! --updater-key … [--version … --sign-with …]`), with
//! `VIGIL_UPDATE_DEB` (N+1's package, its `.sig` beside it), `VIGIL_UPDATE_VERSION` and
//! `VIGIL_UPDATER_KEY` (the public key file). It installs N+1 on this machine.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::json;
use vigil_tests::Office;

use crate::driver::{AppWindow, Display};
use crate::steps::{LeadDevice, click, invoke};

const INSTALLED_APP: &str = "/usr/bin/vigil-app";

fn required(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set: scripts/test.sh sets it after building N+1"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_installed_app_installs_a_signed_update_from_its_office_and_its_outbox_survives() {
    tokio::time::timeout(Duration::from_secs(300), scenario()).await.expect("the scenario took over 5 minutes");
}

async fn scenario() {
    let bundle = PathBuf::from(required("VIGIL_UPDATE_DEB"));
    let next = required("VIGIL_UPDATE_VERSION");
    let key = std::fs::read_to_string(required("VIGIL_UPDATER_KEY")).expect("updater key");
    let signature = std::fs::read_to_string(format!("{}.sig", bundle.display())).expect("the bundle's .sig");
    let installed = installed_version();
    assert_ne!(installed, next, "install version N first");

    let device = LeadDevice::new().await;
    let office = &device.office;
    vigil_server::releases::publish(
        &vigil_server::Storage::release_dir(office.storage.as_ref()),
        &bundle,
        &signature,
        &next,
        &key,
    )
    .expect("the office publishes N+1");
    let env = device.env();
    let display = Display::start().await;
    let app = AppWindow::launch_binary(&display, Path::new(INSTALLED_APP), &env).await;
    app.wait_for("article.card a.open").await;

    // The first sync brought the offer; the chip says it.
    let status = wait_for_status(&app, |status| !status["update"].is_null()).await;
    assert_eq!(status["update"]["version"], json!(next), "{status}");
    assert_eq!(status["app_version"], json!(installed));
    let chip = app.wait_for("button.chip-update").await;
    assert!(chip.text().await.expect("chip").contains(&next));

    // An edit made on N that the office does not have yet.
    let place = invoke(&app, "list_places", json!({})).await[0].clone();
    let plan = json!({ "facility_id": place["facility_id"], "visit_type": "regular", "unannounced": true,
        "planned_on": "2026-12-01", "theme": "made before the update", "start_now": false });
    let visit = invoke(&app, "plan_visit", json!({ "plan": plan })).await;
    let waiting = invoke(&app, "sync_status", json!({})).await["outbox"].as_u64().expect("outbox");
    assert!(waiting > 0, "the visit waits in the outbox");
    let held_before = ops_held(office);

    chip.click().await.expect("open the offer");
    click(&app, "section.update button.primary").await;
    app.shoot_both("update-offered").await;
    click(&app, "section.update button.primary").await;

    // dpkg replaces N with N+1, and the app starts again as N+1, which sends the outbox.
    for _ in 0..240 {
        if installed_version() == next {
            break;
        }
        // A refusal or failure is said in the offer; the app keeps running.
        if let Ok(said) = app.client.find(fantoccini::Locator::Css("section.update [role=alert]")).await {
            app.shoot_both("update-failed").await;
            panic!("the update was not installed: {}", said.text().await.unwrap_or_default());
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert_eq!(installed_version(), next, "the package at N+1");
    wait_until("N+1 to send the edit made on N", || ops_held(office) >= held_before + waiting).await;
    drop(app);

    let app = AppWindow::launch_binary(&display, Path::new(INSTALLED_APP), &env).await;
    app.wait_for("article.card a.open").await;
    let status = wait_for_status(&app, |status| status["state"] == "synced").await;
    assert_eq!(status["app_version"], json!(next), "{status}");
    assert_eq!(status["update"], json!(null), "nothing newer is offered to N+1");
    assert_eq!(status["outbox"], 0, "{status}");
    let visits = invoke(&app, "open_visits", json!({})).await;
    let planned = invoke(&app, "place_detail", json!({ "facilityId": place["facility_id"] })).await;
    assert!(
        planned.to_string().contains(visit["id"].as_str().expect("id")),
        "the visit planned on N is on N+1: {visits}"
    );
    app.open_sync_panel().await;
    let shown = app.wait_for("[data-app-version]").await.text().await.expect("version");
    assert_eq!(shown, next);
    app.shoot_both("updated").await;
    app.client.clone().close().await.expect("end the session");
    println!(
        "updated the installed app from {installed} to {next}; {waiting} changes made on {installed} sent by {next}"
    );
}

fn installed_version() -> String {
    let out =
        std::process::Command::new("dpkg-query").args(["-W", "-f=${Version}", "vigil"]).output().expect("dpkg-query");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// Ops the office holds from every device.
fn ops_held(office: &Office) -> u64 {
    office.storage.device_views().expect("devices").iter().map(|device| device.last_seq.max(0) as u64).sum()
}

async fn wait_for_status(app: &AppWindow, done: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
    let mut status = json!(null);
    for _ in 0..150 {
        status = invoke(app, "sync_status", json!({})).await;
        if done(&status) {
            return status;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("the status never came: {status}");
}

async fn wait_until(what: &str, done: impl Fn() -> bool) {
    for _ in 0..240 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    panic!("waited two minutes for {what}");
}
