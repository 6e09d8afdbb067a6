//! An enrolled lead opens a place from the synced list in the real window.

use std::time::Duration;

use fantoccini::Locator;
use vigil_core::Role;
use vigil_tests::{Office, demo_user};

use crate::driver::{AppWindow, Display};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_enrolled_lead_opens_a_place_from_the_synced_list_in_the_real_window() {
    // Dropping the scenario on time-out stops Xvfb, the driver and the app with it.
    tokio::time::timeout(Duration::from_secs(180), scenario()).await.expect("the scenario took over 3 minutes");
}

async fn scenario() {
    let office = Office::start().await;
    let demo = vigil_demo::generate(&vigil_demo::DemoParams::default());
    office.storage.add_records(&demo.records).expect("demo data");
    let lead = demo_user(&demo, Role::Lead, None).id;
    let code = office.storage.enrolment_code(lead, chrono::Duration::hours(1)).expect("code");
    let data = tempfile::tempdir().expect("device dir");
    let display = Display::start().await;
    let data_dir = data.path().display().to_string();
    let app = AppWindow::launch(
        &display,
        &[
            ("VIGIL_DATA_DIR", &data_dir),
            ("VIGIL_SERVER_URL", &office.url),
            ("VIGIL_ENROL_CODE", &code),
            ("VIGIL_PASSPHRASE", "e2e passphrase"),
        ],
    )
    .await;
    let client = &app.client;

    // The device enrolled, unlocked with the passphrase and pulled the places.
    app.wait_for("article.card a.open").await;
    let mut cards = Vec::new();
    for _ in 0..60 {
        cards = client.find_all(Locator::Css("article.card a.open")).await.expect("cards");
        if cards.len() >= 24 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert_eq!(cards.len(), 24, "every demo place is listed");
    app.shoot("places", 1024, 768).await;

    let name = cards[0].text().await.expect("name");
    cards[0].click().await.expect("open the place");
    let title = app.wait_for("#place-title").await;
    assert_eq!(title.text().await.expect("title"), name);
    app.shoot_both("place").await;

    app.client.clone().close().await.expect("end the session");
}
