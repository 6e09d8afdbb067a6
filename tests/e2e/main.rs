//! The real app window, driven over WebDriver: `tauri-driver` starts the built app through
//! `WebKitWebDriver` on a private Xvfb display, against a real central office with demo
//! data on 127.0.0.1. Run by `scripts/e2e.sh` (it builds the app and UI first).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use vigil_core::Role;
use vigil_tests::Office;

/// A child process, in a process group of its own, killed with its whole group when
/// dropped (tauri-driver starts WebKitWebDriver, which starts the app).
struct Running(Child);

impl Running {
    fn spawn(command: &mut Command) -> Running {
        use std::os::unix::process::CommandExt;
        let program = format!("{:?}", command.get_program());
        Running(command.process_group(0).spawn().unwrap_or_else(|err| panic!("cannot start {program}: {err}")))
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_display() -> u32 {
    (90..200).find(|n| !Path::new(&format!("/tmp/.X{n}-lock")).exists()).expect("a free X display")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("address").port()
}

fn app_binary() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    let binary = target.join("debug/vigil-app");
    assert!(binary.is_file(), "build the app first: {} is missing", binary.display());
    binary
}

fn screenshots() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
    std::fs::create_dir_all(&dir).expect("screenshots dir");
    dir
}

async fn wait_for(client: &Client, css: &str) -> fantoccini::elements::Element {
    client.wait().at_most(Duration::from_secs(30)).for_element(Locator::Css(css)).await.unwrap_or_else(|err| {
        panic!("{css} never appeared: {err}");
    })
}

async fn shoot(client: &Client, name: &str, width: u32, height: u32) {
    client.set_window_size(width, height).await.expect("resize");
    tokio::time::sleep(Duration::from_millis(400)).await;
    let png = client.screenshot().await.expect("screenshot");
    std::fs::write(screenshots().join(format!("e2e-{name}-{width}x{height}.png")), png).expect("save");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_enrolled_lead_opens_a_place_from_the_synced_list_in_the_real_window() {
    // Dropping the scenario on time-out stops Xvfb, the driver and the app with it.
    tokio::time::timeout(Duration::from_secs(180), scenario()).await.expect("the scenario took over 3 minutes");
}

async fn scenario() {
    let office = Office::start().await;
    let demo = vigil_demo::generate(&vigil_demo::DemoParams::default());
    office.storage.add_records(&demo.records).expect("demo data");
    let lead = demo
        .records
        .iter()
        .find_map(|r| match r {
            vigil_core::Record::User(u) if u.role == Role::Lead => Some(u.id),
            _ => None,
        })
        .expect("a demo lead");
    let code = office.storage.enrolment_code(lead, chrono::Duration::hours(1)).expect("code");
    let data = tempfile::tempdir().expect("device dir");

    let display = free_display();
    let _xvfb = Running::spawn(
        Command::new("Xvfb")
            .args([
                format!(":{display}"),
                "-screen".into(),
                "0".into(),
                "1280x1024x24".into(),
                "-nolisten".into(),
                "tcp".into(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null()),
    );
    let socket = PathBuf::from(format!("/tmp/.X11-unix/X{display}"));
    for _ in 0..100 {
        if socket.exists() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(socket.exists(), "Xvfb did not start on :{display}");
    // Both ports free, so a driver left over from another run cannot answer instead.
    let (port, native_port) = (free_port(), free_port());
    let _driver = Running::spawn(
        Command::new("tauri-driver")
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .env("DISPLAY", format!(":{display}"))
            .env("VIGIL_DATA_DIR", data.path())
            .env("VIGIL_SERVER_URL", &office.url)
            .env("VIGIL_ENROL_CODE", &code)
            .env("VIGIL_PASSPHRASE", "e2e passphrase")
            .stdout(Stdio::null())
            .stderr(Stdio::null()),
    );

    let mut capabilities = serde_json::Map::new();
    capabilities.insert("browserName".into(), json!("wry"));
    capabilities.insert("tauri:options".into(), json!({ "application": app_binary() }));
    let mut client = None;
    for _ in 0..100 {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(capabilities.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(connected) => {
                client = Some(connected);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
    let client = client.expect("a WebDriver session with the app");

    // The device enrolled, unlocked with the passphrase and pulled the places.
    wait_for(&client, "article.card a.open").await;
    let mut cards = Vec::new();
    for _ in 0..60 {
        cards = client.find_all(Locator::Css("article.card a.open")).await.expect("cards");
        if cards.len() >= 24 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert_eq!(cards.len(), 24, "every demo place is listed");
    shoot(&client, "places", 1024, 768).await;

    let name = cards[0].text().await.expect("name");
    cards[0].click().await.expect("open the place");
    let title = wait_for(&client, "#place-title").await;
    assert_eq!(title.text().await.expect("title"), name);
    shoot(&client, "place", 1024, 768).await;
    shoot(&client, "place", 390, 844).await;

    client.close().await.expect("end the session");
}
