//! A new device's first start in the real window, in Azerbaijani: the language, the
//! passphrase (and back), then the office: a plain-http address, an office that does not
//! answer and a wrong code are each refused in the chosen language with nothing saved;
//! the right code enrols, the first sync shows its progress, and the places follow.

use std::time::Duration;

use fantoccini::Locator;
use serde_json::{Value, json};
use vigil_core::Role;
use vigil_tests::{Office, demo_user};

use crate::driver::{AppWindow, Display};
use crate::steps::{click, invoke, type_into};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_device_is_guided_from_the_language_to_the_places_in_the_real_window() {
    tokio::time::timeout(Duration::from_secs(240), scenario()).await.expect("the scenario took over 4 minutes");
}

/// The app's Azerbaijani catalogue: what the screens must say, never English.
fn azerbaijani() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/src/locales/az.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("az catalogue")).expect("az catalogue is JSON")
}

fn say(catalogue: &Value, key: &str) -> String {
    let mut node = catalogue;
    for part in key.split('.') {
        node = &node[part];
    }
    node.as_str().unwrap_or_else(|| panic!("no message {key}")).to_owned()
}

async fn text_of(app: &AppWindow, css: &str) -> String {
    app.wait_for(css).await.text().await.unwrap_or_else(|err| panic!("text of {css}: {err}"))
}

/// Types the address and the code into the connect step and waits for its alert.
async fn try_enrol(app: &AppWindow, address: &str, code: &str) -> String {
    try_enrol_without_alert(app, address, code).await;
    let alert = Locator::Css("form.enrol [role=alert]");
    let found = app.client.wait().at_most(Duration::from_secs(20)).for_element(alert).await.expect("an alert");
    found.text().await.expect("alert text")
}

async fn not_enrolled(app: &AppWindow) {
    let status = invoke(app, "sync_status", json!({})).await;
    assert_eq!(status["enrolled"], false, "a refused enrolment saves nothing: {status}");
}

async fn scenario() {
    let az = azerbaijani();
    let office = Office::start().await;
    let demo = vigil_demo::generate(&vigil_demo::DemoParams::default());
    office.storage.add_records(&demo.records).expect("demo data");
    let lead = demo_user(&demo, Role::Lead, None).id;
    let code = office.storage.enrolment_code(lead, chrono::Duration::hours(1)).expect("code");
    let data = tempfile::tempdir().expect("device dir");
    let display = Display::start().await;
    // No passphrase and no office in the environment: a device as it comes out of the box.
    let app = AppWindow::launch(&display, &[("VIGIL_DATA_DIR", &data.path().display().to_string())]).await;

    // 1. The language, chosen first; every later step speaks it.
    click(&app, "[role=radiogroup] button[lang=az]").await;
    assert_eq!(text_of(&app, "h1").await, say(&az, "setup.languageTitle"));
    app.shoot_both("first-start-language").await;
    click(&app, ".step-body button.primary").await;

    // 2. The passphrase; "Back" returns to the language and forward again.
    assert_eq!(text_of(&app, "h1").await, say(&az, "lock.protectTitle"));
    click(&app, "form.steps button.back").await;
    assert_eq!(text_of(&app, "h1").await, say(&az, "setup.languageTitle"));
    click(&app, ".step-body button.primary").await;
    type_into(&app, "form.steps input[autocomplete=new-password]", "yaşıl dağ çay kitab").await;
    let inputs = app.client.find_all(Locator::Css("form.steps input[type=password]")).await.expect("inputs");
    inputs[1].send_keys("yaşıl dağ çay kitab").await.expect("again");
    app.shoot_both("first-start-passphrase").await;
    click(&app, "form.steps button[type=submit]").await;

    // 3. The office: each bad input refused in Azerbaijani, nothing saved.
    app.wait_for("[data-step=connect]").await;
    assert_eq!(text_of(&app, "h1").await, say(&az, "setup.connectTitle"));
    let plain = try_enrol(&app, "http://192.168.1.10:8750", &code).await;
    assert!(plain.contains(&say(&az, "rules.https")), "plain http refused in az: {plain}");
    assert!(plain.contains(&say(&az, "fields.office_address")), "names the field: {plain}");
    not_enrolled(&app).await;
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
    let closed = format!("http://{}", silent.local_addr().expect("addr"));
    drop(silent);
    let unreachable = try_enrol(&app, &closed, &code).await;
    assert!(unreachable.contains(&say(&az, "sync.enrolAdvice.offline")), "unreachable office in az: {unreachable}");
    not_enrolled(&app).await;
    let wrong = try_enrol(&app, &office.url, "AAAA-BBBB-CCCC").await;
    assert!(wrong.contains(&say(&az, "sync.enrolAdvice.unauthorized")), "wrong code in az: {wrong}");
    not_enrolled(&app).await;
    app.shoot_both("first-start-wrong-code").await;

    // "Back" from the office step reaches the language, and forward again.
    click(&app, "[data-step=connect] .actions button.quiet").await;
    assert_eq!(text_of(&app, "h1").await, say(&az, "setup.languageTitle"));
    click(&app, ".step-body button.primary").await;

    // 4. The right code: the first sync, then the places.
    try_enrol_without_alert(&app, &office.url, &code).await;
    app.wait_for("[data-step=first-sync]").await;
    assert_eq!(text_of(&app, "h1").await, say(&az, "setup.syncTitle"));
    let done =
        app.client.wait().at_most(Duration::from_secs(60)).for_element(Locator::Css("[data-step=first-sync] .done"));
    assert_eq!(done.await.expect("the first sync finished").text().await.expect("text"), say(&az, "setup.done"));
    app.shoot_both("first-start-ready").await;
    click(&app, "[data-step=first-sync] button.primary").await;
    app.wait_for("article.card a.open").await;
    let cards = app.client.find_all(Locator::Css("article.card a.open")).await.expect("cards");
    assert!(!cards.is_empty(), "the places show after the first start");

    app.client.clone().close().await.expect("end the session");
}

/// Types the right address and code and submits; the step moves on, so there is no alert.
async fn try_enrol_without_alert(app: &AppWindow, address: &str, code: &str) {
    for (css, text) in [("form.enrol input[name=office]", address), ("form.enrol input[name=code]", code)] {
        let field = app.wait_for(css).await;
        field.clear().await.expect("clear");
        field.send_keys(text).await.expect("type");
    }
    click(app, "form.enrol button[type=submit]").await;
}
