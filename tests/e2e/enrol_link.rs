//! The enrolment link `vigil://enrol?office=…&code=…` in the real window: the desktop starts
//! the app with the link as its one argument (the package's desktop entry, `Exec=… %u`), and
//! the connect step comes filled in; a link opened while the app runs is handed to the
//! running window over D-Bus (a private session bus here) and the second start exits, so two
//! apps never share one store. Neither link enrols by itself: the person taps "Enrol".

use std::process::{Command, Stdio};
use std::time::Duration;

use fantoccini::Locator;
use serde_json::json;
use vigil_core::Role;
use vigil_core::enrol_link::EnrolLink;
use vigil_tests::{Office, demo_user};

use crate::driver::{AppWindow, Display, Running, app_binary};
use crate::steps::{click, invoke};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_enrolment_link_fills_the_connect_step_at_start_and_while_the_app_runs() {
    tokio::time::timeout(Duration::from_secs(240), scenario()).await.expect("the scenario took over 4 minutes");
}

/// A session bus of the test's own, as a desktop session has one.
fn session_bus() -> (Running, String) {
    let mut daemon = Running::spawn(
        Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--nopidfile", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null()),
    );
    let stdout = daemon.0.stdout.take().expect("dbus-daemon's stdout");
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line).expect("the bus address");
    assert!(line.starts_with("unix:"), "dbus-daemon did not start: {line:?}");
    (daemon, line.trim().to_owned())
}

async fn field(app: &AppWindow, name: &str) -> String {
    let input = app.wait_for(&format!("form.enrol input[name={name}]")).await;
    input.prop("value").await.expect("value").unwrap_or_default()
}

/// Waits until the connect step shows the link's address and code.
async fn filled_from(app: &AppWindow, link: &EnrolLink) {
    app.client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("form.enrol .from-link"))
        .await
        .expect("the note that the form was filled from a link");
    assert_eq!(field(app, "office").await, link.office);
    assert_eq!(field(app, "code").await, link.code);
    let status = invoke(app, "sync_status", json!({})).await;
    assert_eq!(status["enrolled"], false, "a link never enrols by itself: {status}");
}

async fn enrols(app: &AppWindow) {
    click(app, "form.enrol button[type=submit]").await;
    app.wait_for("[data-step=first-sync]").await;
    let status = invoke(app, "sync_status", json!({})).await;
    assert_eq!(status["enrolled"], true, "{status}");
}

async fn scenario() {
    let office = Office::start().await;
    let demo = vigil_demo::generate(&vigil_demo::DemoParams::default());
    office.storage.add_records(&demo.records).expect("demo data");
    let lead = demo_user(&demo, Role::Lead, None).id;
    let link = |code: String| EnrolLink { office: office.url.clone(), code };
    let display = Display::start().await;
    let (_bus, bus) = session_bus();

    // 1. Started by the desktop with a link: the connect step comes filled in.
    let first = link(office.storage.enrolment_code(lead, chrono::Duration::hours(1)).expect("code"));
    let data = tempfile::tempdir().expect("device dir");
    let dir = data.path().display().to_string();
    let env =
        [("VIGIL_DATA_DIR", dir.as_str()), ("VIGIL_PASSPHRASE", "e2e passphrase"), ("DBUS_SESSION_BUS_ADDRESS", &bus)];
    let app = AppWindow::launch_with_args(&display, &env, &[&first.to_link()]).await;
    app.wait_for("[data-step=connect]").await;
    filled_from(&app, &first).await;
    app.shoot_both("enrol-link-at-start").await;
    enrols(&app).await;
    app.client.clone().close().await.expect("end the session");

    // 2. A link opened while the app runs: the second start hands it over and exits.
    let second = link(office.storage.enrolment_code(lead, chrono::Duration::hours(1)).expect("code"));
    let data = tempfile::tempdir().expect("device dir");
    let dir = data.path().display().to_string();
    let env =
        [("VIGIL_DATA_DIR", dir.as_str()), ("VIGIL_PASSPHRASE", "e2e passphrase"), ("DBUS_SESSION_BUS_ADDRESS", &bus)];
    let app = AppWindow::launch(&display, &env).await;
    app.wait_for("[data-step=connect]").await;
    assert_eq!(field(&app, "code").await, "", "nothing offered before a link is opened");
    let mut again = Command::new(app_binary());
    again
        .arg(second.to_link())
        .env("DISPLAY", format!(":{}", display.number))
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for (key, value) in env {
        again.env(key, value);
    }
    let mut started = Running::spawn(&mut again);
    let exited = tokio::task::spawn_blocking(move || {
        for _ in 0..200 {
            if let Some(status) = started.0.try_wait().expect("wait") {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        None
    })
    .await
    .expect("join");
    let status = exited.expect("the second start on the same store exits instead of opening a second window");
    assert!(status.success(), "it handed the link over: {status}");
    filled_from(&app, &second).await;
    app.shoot_both("enrol-link-while-running").await;
    enrols(&app).await;
    app.client.clone().close().await.expect("end the session");
}
