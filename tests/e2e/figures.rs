//! The app's figures (docs/performance.md), printed, never asserted: the binary's size, its
//! cold start to the first screen, and its memory once a visit of 100 findings is open.
//! Of the binary `VIGIL_APP_BIN` names (a `release` or `dist` build, or the one a package
//! installed); `scripts/app-figures.sh` builds and runs it, and `scripts/test.sh` runs it on
//! the installed package. `scripts/e2e.sh` skips it (the debug build's figures say nothing).
//!
//! Cold start: on a device enrolled before, from the app process's start to its places list
//! on screen, split into its parts by the app's own moments (`startup_times`) and the
//! window's (`performance`), once with the key the keyring remembered and once with the
//! passphrase derived at start; and as WebDriver sees it, which adds tauri-driver's and
//! WebKitWebDriver's own start. Memory: the app's resident set, and the proportional share
//! (PSS, shared pages split between the processes using them) of the app and the WebKit
//! processes it starts, which draw the window, each named.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use chrono::NaiveDate;
use fantoccini::Locator;
use serde_json::{Value, json};
use uuid::Uuid;
use vigil_core::records::{Area, Observation, Severity, Visit, VisitType};
use vigil_core::{Record, VisitStatus};

use crate::driver::{AppWindow, Display};
use crate::steps::{LeadDevice, click, invoke, open_visit};

/// Findings on the visit opened.
const FINDINGS: usize = 100;

/// The passphrase `LeadDevice::env` starts the app with.
const PASSPHRASE: &str = "e2e passphrase";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_prints_its_size_cold_start_and_memory() {
    tokio::time::timeout(Duration::from_secs(240), scenario()).await.expect("the scenario took over 4 minutes");
}

async fn scenario() {
    let binary = PathBuf::from(std::env::var_os("VIGIL_APP_BIN").expect("VIGIL_APP_BIN: the app binary to measure"));
    let device = LeadDevice::new().await;
    let visit_id = a_visit_of_many_findings(&device);
    let env = device.env();
    let keyring = join_a_session_keyring();
    let display = Display::start().await;

    // First start: enrolment and the first sync, which brings the visit.
    let app = AppWindow::launch_binary(&display, &binary, &env).await;
    app.wait_for("article.card a.open").await;
    app.client.clone().close().await.expect("end the session");
    drop(app);

    // A person's start (no `VIGIL_PASSPHRASE`): first the lock screen, then the places once
    // the passphrase is typed; then the device remembers its key, as a person may set it to
    // on their own laptop, and the next start goes straight to the places.
    let person: Vec<(&str, &str)> = env.iter().copied().filter(|(key, _)| *key != "VIGIL_PASSPHRASE").collect();
    let (app, to_lock) = cold_start(&display, &binary, &person, device.data.path(), FirstScreen::Lock).await;
    let unlocking = unlock(&app).await;
    // Without a session keyring (a machine that refuses one) the next start could not find
    // the key: that start is not measured, and the memory is read in this window.
    let (app, to_places) = if keyring {
        let lock = invoke(&app, "remember_on_device", json!({ "passphrase": PASSPHRASE })).await;
        assert_eq!(lock["remembered"], true, "the keyring keeps the key: {lock}");
        app.client.clone().close().await.expect("end the session");
        drop(app);
        let (app, start) = cold_start(&display, &binary, &person, device.data.path(), FirstScreen::Places).await;
        (app, Some(start))
    } else {
        (app, None)
    };

    open_visit(&app, &visit_id.to_string()).await;
    click(&app, "button[data-part='findings']").await;
    let mut shown = 0;
    for _ in 0..100 {
        shown = app.client.find_all(Locator::Css("li.rec-card")).await.expect("findings").len();
        if shown >= FINDINGS {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(shown >= FINDINGS, "the visit shows its {FINDINGS} findings ({shown} shown)");
    tokio::time::sleep(Duration::from_secs(1)).await;
    let app_pid = app_process(&binary, device.data.path()).expect("the app's process");
    let (app_rss, tree_pss, processes) = (kib(app_pid, "status", "VmRSS:"), tree_pss(app_pid), descendants(app_pid));
    // Each process's share: its own memory (anonymous: heaps, the page's DOM and script,
    // what was drawn) and the files it maps (the libraries' code, the fonts), which the
    // system can drop and read again.
    let shares: Vec<(String, [u64; 3])> = std::iter::once(app_pid)
        .chain(processes.iter().copied())
        .map(|pid| {
            let [pss, anon, file] = ["Pss:", "Pss_Anon:", "Pss_File:"].map(|field| kib(pid, "smaps_rollup", field));
            (process_name(pid), [pss, anon, file])
        })
        .collect();
    // The keyring keeps the key past this test's data directory otherwise.
    if keyring {
        invoke(&app, "forget_on_device", json!({})).await;
    }
    app.client.clone().close().await.expect("end the session");

    let size = std::fs::metadata(&binary).expect("the binary").len();
    println!("app figures of {}:", binary.display());
    println!("  binary size: {:.1} MB ({size} bytes); target < 25 MB", size as f64 / 1e6);
    to_lock.print("cold start to the lock screen (the passphrase not remembered, as by default)");
    println!(
        "  unlocking: the passphrase typed until the places list (its key derived, the store opened, the places read): {:.2} s",
        unlocking.as_secs_f64()
    );
    match to_places {
        Some(start) => start.print("cold start to the places list (the key remembered on the device)"),
        None => println!("  cold start to the places list (the key remembered): not measured, no session keyring here"),
    }
    println!(
        "  memory with a visit of {FINDINGS} findings open: the app {:.0} MB resident; with its {} WebKit processes {:.0} MB (PSS); target < 200 MB",
        app_rss as f64 / 1024.0,
        processes.len(),
        tree_pss as f64 / 1024.0
    );
    let mb = |kib: u64| kib as f64 / 1024.0;
    for (name, [pss, anon, file]) in &shares {
        println!(
            "    {:>6.0} MB  {name}: {:.0} MB its own (anonymous), {:.0} MB of files mapped",
            mb(*pss),
            mb(*anon),
            mb(*file)
        );
    }
    let own: u64 = shares.iter().map(|(_, [_, anon, _])| anon).sum();
    println!("    {:>6.0} MB  the processes' own memory together (anonymous)", mb(own));
}

/// Gives this thread, and so the processes it starts, a session keyring of their own, as a
/// login does (pam_keyinit). Without one (a container, CI) each start of the app makes its
/// own, and the key one start remembered is not found by the next. Answers whether it could.
fn join_a_session_keyring() -> bool {
    use linux_keyutils::{KeyRing, KeyRingIdentifier};
    match KeyRing::from_special_id(KeyRingIdentifier::Session, true) {
        Ok(_) => true,
        Err(error) => {
            eprintln!("no session keyring ({error:?}): the start with a remembered key is not measured");
            false
        }
    }
}

/// The screen a cold start ends on, and the `performance` mark it sets (ui/src/lib/startup.ts).
#[derive(Clone, Copy)]
enum FirstScreen {
    Lock,
    Places,
}

impl FirstScreen {
    fn css(self) -> &'static str {
        match self {
            FirstScreen::Lock => "form.steps input[type='password']",
            FirstScreen::Places => "article.card a.open",
        }
    }

    fn mark(self) -> &'static str {
        match self {
            FirstScreen::Lock => "vigil:lock-shown",
            FirstScreen::Places => "vigil:places-shown",
        }
    }
}

/// Starts the app on a device enrolled before and waits for `screen`; answers the window
/// and where the start went.
async fn cold_start(
    display: &Display,
    binary: &Path,
    env: &[(&str, &str)],
    data: &Path,
    screen: FirstScreen,
) -> (AppWindow, ColdStart) {
    let launched = epoch_ms(SystemTime::now());
    let app = AppWindow::launch_binary(display, binary, env).await;
    app.client
        .wait()
        .at_most(Duration::from_secs(30))
        .every(Duration::from_millis(20))
        .for_element(Locator::Css(screen.css()))
        .await
        .unwrap_or_else(|err| panic!("{} after a restart: {err}", screen.css()));
    let seen = epoch_ms(SystemTime::now());
    let pid = app_process(binary, data).expect("the app's process");
    let exec = process_started_ms(pid).expect("the app process's start time");
    let script = "const [mark, done] = arguments;
        const navigation = performance.getEntriesByType('navigation')[0];
        const shown = performance.getEntriesByName(mark)[0];
        window.__TAURI_INTERNALS__.invoke('startup_times').then(
          (app) => done({ app, origin: performance.timeOrigin, loaded: navigation ? navigation.domContentLoadedEventEnd : null, shown: shown ? shown.startTime : null }),
          (error) => done({ error: String(error) }));";
    let marks = app.client.execute_async(script, vec![json!(screen.mark())]).await.expect("the start's marks");
    let number = |value: &Value| value.as_f64().unwrap_or_else(|| panic!("a moment of the start: {marks}"));
    let origin = number(&marks["origin"]);
    let store = match (marks["app"]["store_open_began_ms"].as_f64(), marks["app"]["store_opened_ms"].as_f64()) {
        (Some(began), Some(opened)) => Some((began, opened)),
        _ => None,
    };
    let start = ColdStart {
        launched,
        exec,
        main: number(&marks["app"]["main_began_ms"]),
        setup_began: number(&marks["app"]["setup_began_ms"]),
        store,
        setup_ended: number(&marks["app"]["setup_ended_ms"]),
        page_began: origin,
        page_loaded: origin + number(&marks["loaded"]),
        shown: origin + number(&marks["shown"]),
        seen,
    };
    (app, start)
}

/// Types the passphrase on the lock screen; answers the time until the places list shows.
async fn unlock(app: &AppWindow) -> Duration {
    let field = app.wait_for(FirstScreen::Lock.css()).await;
    field.send_keys(PASSPHRASE).await.expect("type the passphrase");
    let typed = std::time::Instant::now();
    app.wait_for("form.steps button[type='submit']").await.click().await.expect("unlock");
    app.client
        .wait()
        .at_most(Duration::from_secs(30))
        .every(Duration::from_millis(20))
        .for_element(Locator::Css(FirstScreen::Places.css()))
        .await
        .expect("the places list once unlocked");
    typed.elapsed()
}

/// A cold start's moments on the wall clock, in milliseconds since the epoch.
struct ColdStart {
    launched: f64,
    exec: f64,
    main: f64,
    setup_began: f64,
    /// When the store began to open and was open, if it opened during setup.
    store: Option<(f64, f64)>,
    setup_ended: f64,
    page_began: f64,
    page_loaded: f64,
    shown: f64,
    seen: f64,
}

impl ColdStart {
    fn print(&self, what: &str) {
        println!(
            "  {what}: the app {:.2} s (its process's start to the screen drawn); {:.2} s as WebDriver saw it; target < 1.5 s",
            (self.shown - self.exec) / 1000.0,
            (self.seen - self.launched) / 1000.0
        );
        let mut parts = vec![
            ("tauri-driver and WebKitWebDriver until the app's process began", self.launched, self.exec),
            ("the process until `main` (its libraries loaded)", self.exec, self.main),
            ("`main` until Tauri's setup (GTK, the window and its web process begun)", self.main, self.setup_began),
        ];
        match self.store {
            Some((began, opened)) => parts.extend([
                ("setup until the store began to open", self.setup_began, began),
                ("the store opened with the remembered key", began, opened),
                ("the rest of setup (tasks started)", opened, self.setup_ended),
            ]),
            None => {
                parts.push(("setup (the store stays closed until the passphrase)", self.setup_began, self.setup_ended))
            }
        }
        parts.extend([
            ("setup's end until the page began to load", self.setup_ended, self.page_began),
            ("the page loaded (its script parsed and run)", self.page_began, self.page_loaded),
            ("the page until the screen was drawn (lock status, places read)", self.page_loaded, self.shown),
            ("drawn until WebDriver saw it (it looks every 20 ms)", self.shown, self.seen),
        ]);
        for (part, from, to) in parts {
            println!("    {:>6.0} ms  {part}", to - from);
        }
    }
}

fn epoch_ms(moment: SystemTime) -> f64 {
    moment.duration_since(SystemTime::UNIX_EPOCH).expect("after the epoch").as_secs_f64() * 1000.0
}

/// When `pid` began, in milliseconds since the epoch, to the kernel's clock tick (10 ms):
/// its age is the system's uptime less its start time after boot (/proc/PID/stat, field 22).
fn process_started_ms(pid: u32) -> Option<f64> {
    // USER_HZ: the unit of /proc's times, 100 in Linux's ABI on every architecture it runs.
    const TICKS_PER_SECOND: f64 = 100.0;
    let now = epoch_ms(SystemTime::now());
    let uptime: f64 = std::fs::read_to_string("/proc/uptime").ok()?.split_whitespace().next()?.parse().ok()?;
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // After the command's name in parentheses, field 3 (state) comes first.
    let started_ticks: f64 = stat.rsplit_once(')')?.1.split_whitespace().nth(22 - 3)?.parse().ok()?;
    Some(now - (uptime - started_ticks / TICKS_PER_SECOND) * 1000.0)
}

/// A visit of the lead's team, under way, with [`FINDINGS`] findings, at the office: the
/// device pulls it at its first sync.
fn a_visit_of_many_findings(device: &LeadDevice) -> Uuid {
    let demo = vigil_demo::generate(&vigil_demo::DemoParams::default());
    let lead = vigil_tests::demo_user(&demo, vigil_core::Role::Lead, None);
    let place = demo.records.iter().find_map(|r| if let Record::Facility(f) = r { Some(f) } else { None });
    let template = demo.records.iter().find_map(|r| match r {
        Record::ChecklistTemplate(t) if place.is_some_and(|p| p.kind == t.kind) => Some(t.id),
        _ => None,
    });
    let visit = Visit {
        id: Uuid::now_v7(),
        facility_id: place.expect("a demo place").id,
        team_id: lead.team_ids[0],
        template_id: template.expect("a checklist for it"),
        visit_type: VisitType::Regular,
        unannounced: true,
        status: VisitStatus::InProgress,
        planned_on: NaiveDate::from_ymd_opt(2026, 11, 24).expect("date"),
        arrived_at: Some("2026-11-24T07:00:00Z".parse().expect("time")),
        access_granted_at: None,
        departed_at: None,
        theme: None,
        no_names: false,
        summary: "A long visit".into(),
    };
    let visit_id = visit.id;
    let mut records: Vec<Record> = vec![visit.into()];
    records.extend((0..FINDINGS).map(|n| {
        Record::from(Observation {
            id: Uuid::now_v7(),
            visit_id,
            area: Area::ALL[n % Area::ALL.len()],
            severity: Severity::ALL[n % Severity::ALL.len()],
            text: format!(
                "Finding {n}: cell {n} holds more people than beds; the ventilation is poor and the light dim."
            ),
            attachment_ids: vec![],
            confidential: false,
        })
    }));
    device.office.storage.add_records(&records).expect("the visit");
    visit_id
}

/// The app's process: the one running `binary` on this device's data directory.
fn app_process(binary: &Path, data: &Path) -> Option<u32> {
    let wanted = format!("VIGIL_DATA_DIR={}", data.display());
    pids().into_iter().find(|pid| {
        let exe = std::fs::read_link(format!("/proc/{pid}/exe")).ok();
        let environ = std::fs::read(format!("/proc/{pid}/environ")).unwrap_or_default();
        exe.is_some_and(|exe| exe == binary || exe.file_name() == binary.file_name())
            && environ.split(|b| *b == 0).any(|entry| entry == wanted.as_bytes())
    })
}

fn pids() -> Vec<u32> {
    let entries = std::fs::read_dir("/proc").expect("/proc");
    entries.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok()).collect()
}

/// Every process started by `pid`, its children's children too.
fn descendants(pid: u32) -> Vec<u32> {
    let parents: Vec<(u32, u32)> = pids()
        .into_iter()
        .filter_map(|child| {
            let stat = std::fs::read_to_string(format!("/proc/{child}/stat")).ok()?;
            // After the command's name in parentheses: state, then the parent's pid.
            let parent = stat.rsplit_once(')')?.1.split_whitespace().nth(1)?.parse().ok()?;
            Some((child, parent))
        })
        .collect();
    let mut found = vec![pid];
    let mut index = 0;
    while index < found.len() {
        let parent = found[index];
        found.extend(parents.iter().filter(|(_, p)| *p == parent).map(|(child, _)| *child));
        index += 1;
    }
    found.remove(0);
    found
}

/// The command `pid` runs, as /proc names it (`WebKitWebProcess`, …).
fn process_name(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .map_or_else(|_| format!("process {pid}"), |name| name.trim().to_owned())
}

/// The proportional set size of `pid` and its descendants, in KiB.
fn tree_pss(pid: u32) -> u64 {
    std::iter::once(pid).chain(descendants(pid)).map(|pid| kib(pid, "smaps_rollup", "Pss:")).sum()
}

/// A figure in KiB from a /proc file of `pid` (0 when unreadable).
fn kib(pid: u32, file: &str, field: &str) -> u64 {
    let text = std::fs::read_to_string(format!("/proc/{pid}/{file}")).unwrap_or_default();
    text.lines().find_map(|line| line.strip_prefix(field)?.split_whitespace().next()?.parse().ok()).unwrap_or(0)
}
