//! The app as a field device gets it: the binary the `.deb` installed (`/usr/bin/vigil-app`),
//! not this checkout's build. It enrols against a real office, syncs and shows the places;
//! then it starts again on the same device, and the time from launch to the places list
//! (its cold start) is printed. Needs the package installed first, so `scripts/e2e.sh`
//! skips it and `scripts/test.sh` runs it after `scripts/package.sh --deb-only` and
//! `apt-get install` (see docs/distribution.md).

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::Locator;

use crate::driver::{AppWindow, Display, screenshots};
use crate::steps::LeadDevice;

/// Where the package puts the app (`bundle` in src-tauri/tauri.conf.json).
const INSTALLED_APP: &str = "/usr/bin/vigil-app";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_installed_app_enrols_and_shows_the_places_as_its_first_screen() {
    // Dropping the scenario on time-out stops Xvfb, the driver and the app with it.
    tokio::time::timeout(Duration::from_secs(180), scenario()).await.expect("the scenario took over 3 minutes");
}

async fn scenario() {
    let binary = Path::new(INSTALLED_APP);
    assert!(binary.is_file(), "{INSTALLED_APP} is missing: install the package first (scripts/package.sh --deb-only)");
    let device = LeadDevice::new().await;
    let env = device.env();
    let display = Display::start().await;

    // First start: a new vault, enrolment with the code, the first sync.
    let started = Instant::now();
    let app = AppWindow::launch_binary(&display, binary, &env).await;
    let cards = every_place(&app).await;
    let first_start = started.elapsed();
    assert_eq!(cards, 24, "every demo place is listed after the first sync");
    let png = app.client.screenshot().await.expect("screenshot");
    std::fs::write(screenshots().join("installed-first-screen.png"), png).expect("save");
    app.client.clone().close().await.expect("end the session");
    drop(app);

    // Every later start: unlock, and the places come from the device's own store.
    let started = Instant::now();
    let app = AppWindow::launch_binary(&display, binary, &env).await;
    app.client
        .wait()
        .at_most(Duration::from_secs(30))
        .every(Duration::from_millis(20))
        .for_element(Locator::Css("article.card a.open"))
        .await
        .expect("the places list after a restart");
    let cold_start = started.elapsed();
    assert_eq!(every_place(&app).await, 24, "the restarted app lists the places from its own store");
    app.client.clone().close().await.expect("end the session");

    println!(
        "installed app ({INSTALLED_APP}): first start to the synced places {:.2} s; cold start to the places list {:.2} s \
         (from launch through tauri-driver and WebKitWebDriver to the first card)",
        first_start.as_secs_f64(),
        cold_start.as_secs_f64()
    );
}

/// Waits until the list has all 24 demo places (it may show before the first sync has ended).
async fn every_place(app: &AppWindow) -> usize {
    app.wait_for("article.card a.open").await;
    let mut count = 0;
    for _ in 0..60 {
        count = app.client.find_all(Locator::Css("article.card a.open")).await.expect("cards").len();
        if count >= 24 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    count
}

/// The package's desktop entry makes the app the handler of `vigil://` links, started with
/// the link as its one argument (what `tests/e2e/enrol_link.rs` then drives).
#[test]
fn the_installed_desktop_entry_opens_enrolment_links() {
    let entries = std::fs::read_dir("/usr/share/applications").expect("/usr/share/applications");
    let ours: Vec<String> = entries
        .filter_map(|entry| std::fs::read_to_string(entry.ok()?.path()).ok())
        .filter(|text| {
            text.lines().any(|line| line.starts_with("Exec=vigil-app") || line.starts_with("Exec=/usr/bin/vigil-app"))
        })
        .collect();
    assert_eq!(ours.len(), 1, "one desktop entry starts the installed app");
    let line = |key: &str| ours[0].lines().find(|line| line.starts_with(key)).map(str::to_owned).unwrap_or_default();
    assert!(line("MimeType=").split(['=', ';']).any(|kind| kind == "x-scheme-handler/vigil"), "{}", ours[0]);
    assert!(line("Exec=").ends_with(" %u"), "the link is passed as the argument: {}", ours[0]);
}
