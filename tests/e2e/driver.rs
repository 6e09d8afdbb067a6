//! What every end-to-end test needs: a private Xvfb display, the built app started by
//! `tauri-driver` (which runs `WebKitWebDriver`) with its own data directory, a WebDriver
//! session on it, and screenshots under `target/screenshots/`.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// A child process, in a process group of its own, killed with its whole group when
/// dropped (tauri-driver starts WebKitWebDriver, which starts the app).
pub struct Running(pub Child);

impl Running {
    pub fn spawn(command: &mut Command) -> Running {
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

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("address").port()
}

/// The debug build of this checkout, or `VIGIL_APP_BIN` when set (as for
/// `scripts/screenshot-app.sh`).
pub fn app_binary() -> PathBuf {
    if let Some(binary) = std::env::var_os("VIGIL_APP_BIN") {
        return PathBuf::from(binary);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    let binary = target.join("debug/vigil-app");
    assert!(binary.is_file(), "build the app first: {} is missing", binary.display());
    binary
}

pub fn screenshots() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
    std::fs::create_dir_all(&dir).expect("screenshots dir");
    dir
}

/// A private X display; several app windows may share it.
pub struct Display {
    pub number: u32,
    _xvfb: Running,
    /// Xvfb's standard output, kept open: it told the display's number there.
    _told: std::process::ChildStdout,
}

impl Display {
    /// Xvfb picks a free display itself (`-displayfd`) and says which once it accepts
    /// connections: tests starting at once (and other runs on the machine) never share one.
    pub async fn start() -> Display {
        let mut xvfb = Running::spawn(
            Command::new("Xvfb")
                .args(["-displayfd", "1", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"])
                .stdout(Stdio::piped())
                .stderr(Stdio::null()),
        );
        let stdout = xvfb.0.stdout.take().expect("Xvfb's stdout");
        let (number, told) = tokio::task::spawn_blocking(move || {
            use std::io::BufRead;
            let mut reader = std::io::BufReader::new(stdout);
            let mut line = String::new();
            reader.read_line(&mut line).expect("Xvfb's display number");
            (line.trim().parse::<u32>().unwrap_or_else(|_| panic!("Xvfb did not start: {line:?}")), reader.into_inner())
        })
        .await
        .expect("wait for Xvfb");
        Display { number, _xvfb: xvfb, _told: told }
    }
}

/// One app window (its own tauri-driver and data directory) and the WebDriver session on it.
pub struct AppWindow {
    pub client: Client,
    _driver: Running,
}

impl AppWindow {
    /// Starts the app on `display` with `env` (e.g. `VIGIL_DATA_DIR`, `VIGIL_SERVER_URL`,
    /// `VIGIL_ENROL_CODE`, `VIGIL_PASSPHRASE`).
    pub async fn launch(display: &Display, env: &[(&str, &str)]) -> AppWindow {
        AppWindow::launch_binary(display, &app_binary(), env).await
    }

    /// Starts the app at `binary` (e.g. the one a package installed) as [`AppWindow::launch`] does.
    pub async fn launch_binary(display: &Display, binary: &Path, env: &[(&str, &str)]) -> AppWindow {
        AppWindow::start(display, binary, env, &[]).await
    }

    /// Starts the app with command-line arguments, as the desktop starts it for a link it opens.
    pub async fn launch_with_args(display: &Display, env: &[(&str, &str)], args: &[&str]) -> AppWindow {
        AppWindow::start(display, &app_binary(), env, args).await
    }

    async fn start(display: &Display, binary: &Path, env: &[(&str, &str)], args: &[&str]) -> AppWindow {
        // Both ports free, so a driver left over from another run cannot answer instead.
        let (port, native_port) = (free_port(), free_port());
        let mut command = Command::new("tauri-driver");
        command
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .env("DISPLAY", format!(":{}", display.number))
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        for (key, value) in env {
            command.env(key, value);
        }
        let driver = Running::spawn(&mut command);

        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), json!("wry"));
        capabilities.insert("tauri:options".into(), json!({ "application": binary, "args": args }));
        for _ in 0..100 {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(capabilities.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(client) => return AppWindow { client, _driver: driver },
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        }
        panic!("no WebDriver session with the app on port {port}");
    }

    pub async fn wait_for(&self, css: &str) -> Element {
        self.client.wait().at_most(Duration::from_secs(30)).for_element(Locator::Css(css)).await.unwrap_or_else(|err| {
            panic!("{css} never appeared: {err}");
        })
    }

    /// Opens the sync panel from the header's badge; answers the panel's "Sync now". The
    /// badge's label, and so its size, changes when a sync starts or ends on its timer; a
    /// click landing just then misses the badge, so it is tried again.
    pub async fn open_sync_panel(&self) -> Element {
        let panel = Locator::Css("dialog.sheet[open] button.primary");
        for _ in 0..3 {
            let badge = self.wait_for("header button.badge").await;
            badge.click().await.unwrap_or_else(|err| panic!("click the sync badge: {err}"));
            if let Ok(button) = self.client.wait().at_most(Duration::from_secs(10)).for_element(panel).await {
                return button;
            }
        }
        panic!("the sync panel did not open after three clicks on its badge");
    }

    /// Saves `target/screenshots/e2e-{name}-{width}x{height}.png` at that window size.
    pub async fn shoot(&self, name: &str, width: u32, height: u32) {
        // Under Xvfb a window kept at its size may hand back its last painted frame; a
        // resize makes it paint what the page shows now.
        self.client.set_window_size(width, height + 1).await.expect("resize");
        self.client.set_window_size(width, height).await.expect("resize");
        tokio::time::sleep(Duration::from_millis(400)).await;
        let png = self.client.screenshot().await.expect("screenshot");
        std::fs::write(screenshots().join(format!("e2e-{name}-{width}x{height}.png")), png).expect("save");
    }

    /// Both sizes the UI is made for: a tablet and a phone.
    pub async fn shoot_both(&self, name: &str) {
        self.shoot(name, 1024, 768).await;
        self.shoot(name, 390, 844).await;
        self.client.set_window_size(1024, 768).await.expect("resize back");
    }
}
