//! Steps the scenarios share: starting an enrolled app, tapping, typing, going to a
//! screen, syncing through the sync panel, and what the page shows.

use std::path::Path;
use std::time::Duration;

use fantoccini::Locator;
use fantoccini::elements::Element;
use serde_json::{Value, json};
use tempfile::TempDir;
use vigil_core::Role;
use vigil_tests::{Office, demo_user};

use crate::driver::{AppWindow, Display};

pub async fn launch(display: &Display, data: &Path, office: &Office, code: &str, exports: &Path) -> AppWindow {
    let (data, exports) = (data.display().to_string(), exports.display().to_string());
    AppWindow::launch(
        display,
        &[
            ("VIGIL_DATA_DIR", &data),
            ("VIGIL_SERVER_URL", &office.url),
            ("VIGIL_ENROL_CODE", code),
            ("VIGIL_PASSPHRASE", "e2e passphrase"),
            ("VIGIL_EXPORT_DIR", &exports),
        ],
    )
    .await
}

/// Calls a command the way the UI does (setup and state checks only; the scenario's
/// steps go through the screens).
pub async fn invoke(app: &AppWindow, command: &str, args: Value) -> Value {
    app.client
        .execute("return window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]);", vec![json!(command), args])
        .await
        .unwrap_or_else(|err| panic!("{command}: {err}"))
}

pub async fn click(app: &AppWindow, css: &str) -> Element {
    let element = app.wait_for(css).await;
    element.click().await.unwrap_or_else(|err| panic!("click {css}: {err}"));
    element
}

pub async fn type_into(app: &AppWindow, css: &str, text: &str) {
    app.wait_for(css).await.send_keys(text).await.unwrap_or_else(|err| panic!("type into {css}: {err}"));
}

pub async fn go(app: &AppWindow, hash: &str) {
    app.client.execute("window.location.hash = arguments[0];", vec![json!(hash)]).await.expect("navigate");
}

/// Opens the visit afresh (its screen reads the store when it opens).
pub async fn open_visit(app: &AppWindow, visit: &str) {
    go(app, "#/places").await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    go(app, &format!("#/visit/{visit}")).await;
    app.wait_for("nav.parts").await;
}

/// Brings `css` to the top of the window, below the sticky header, for a screenshot.
pub async fn scroll_to(app: &AppWindow, css: &str) {
    let script = "document.querySelector(arguments[0]).scrollIntoView(); window.scrollBy(0, -72);";
    app.client.execute(script, vec![json!(css)]).await.expect("scroll");
}

pub async fn present(app: &AppWindow, css: &str) -> bool {
    app.client.find_all(Locator::Css(css)).await.is_ok_and(|found| !found.is_empty())
}

/// "Sync now" in the sync panel, then waits for a finished sync with nothing left to send.
pub async fn sync_now(app: &AppWindow) {
    let before = invoke(app, "sync_status", json!({})).await["last_synced_at"].clone();
    let button = app.open_sync_panel().await;
    for _ in 0..100 {
        if button.is_enabled().await.unwrap_or(false) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    button.click().await.expect("Sync now");
    for _ in 0..150 {
        let status = invoke(app, "sync_status", json!({})).await;
        if status["state"] == "synced" && status["outbox"] == 0 && status["last_synced_at"] != before {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    click(app, "dialog.sheet button.close").await;
}

/// A demo office with a team lead and a supervisor of the lead's team, their enrolment
/// codes, and folders for their two devices and the exports.
pub struct LeadAndSupervisor {
    pub office: Office,
    pub lead_code: String,
    pub supervisor_code: String,
    pub team_dir: TempDir,
    pub desk_dir: TempDir,
    pub exports: TempDir,
}

pub async fn lead_and_supervisor() -> LeadAndSupervisor {
    let office = Office::start().await;
    let demo = vigil_demo::generate(&vigil_demo::DemoParams::default());
    office.storage.add_records(&demo.records).expect("demo data");
    let lead = demo_user(&demo, Role::Lead, None);
    let supervisor = demo_user(&demo, Role::Supervisor, lead.team_ids.first().copied());
    let code = |user: uuid::Uuid| office.storage.enrolment_code(user, chrono::Duration::hours(1)).expect("code");
    let (lead_code, supervisor_code) = (code(lead.id), code(supervisor.id));
    let dir = || tempfile::tempdir().expect("dir");
    LeadAndSupervisor { office, lead_code, supervisor_code, team_dir: dir(), desk_dir: dir(), exports: dir() }
}

/// A demo office and a team lead's new device for it: its data directory and the code it
/// enrols with at its first start (the installed-app scenarios).
pub struct LeadDevice {
    pub office: Office,
    pub code: String,
    pub data: TempDir,
}

impl LeadDevice {
    pub async fn new() -> LeadDevice {
        let office = Office::start().await;
        let demo = vigil_demo::generate(&vigil_demo::DemoParams::default());
        office.storage.add_records(&demo.records).expect("demo data");
        let lead = demo_user(&demo, Role::Lead, None).id;
        let code = office.storage.enrolment_code(lead, chrono::Duration::hours(1)).expect("code");
        LeadDevice { office, code, data: tempfile::tempdir().expect("device dir") }
    }

    /// The app's environment: its store here, enrolled at the office on the first start.
    pub fn env(&self) -> [(&str, &str); 4] {
        [
            ("VIGIL_DATA_DIR", self.data.path().to_str().expect("a UTF-8 path")),
            ("VIGIL_SERVER_URL", self.office.url.as_str()),
            ("VIGIL_ENROL_CODE", self.code.as_str()),
            ("VIGIL_PASSPHRASE", "e2e passphrase"),
        ]
    }
}
