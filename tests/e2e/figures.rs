//! The app's figures (docs/performance.md), printed, never asserted: the binary's size, its
//! cold start to the first screen, and its memory once a visit of 100 findings is open.
//! Of the binary `VIGIL_APP_BIN` names (a `release` or `dist` build, or the one a package
//! installed); `scripts/app-figures.sh` builds and runs it, and `scripts/test.sh` runs it on
//! the installed package. `scripts/e2e.sh` skips it (the debug build's figures say nothing).
//!
//! Cold start as in `installed.rs`: from launch, through tauri-driver and WebKitWebDriver,
//! to the first place card, on a device enrolled before (the vault unlocked, the places
//! read from its own store). Memory: the app's resident set, and the proportional share
//! (PSS, shared pages split between the processes using them) of the app and the WebKit
//! processes it starts, which draw the window.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use fantoccini::Locator;
use uuid::Uuid;
use vigil_core::records::{Area, Observation, Severity, Visit, VisitType};
use vigil_core::{Record, VisitStatus};

use crate::driver::{AppWindow, Display};
use crate::steps::{LeadDevice, click, open_visit};

/// Findings on the visit opened.
const FINDINGS: usize = 100;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_prints_its_size_cold_start_and_memory() {
    tokio::time::timeout(Duration::from_secs(240), scenario()).await.expect("the scenario took over 4 minutes");
}

async fn scenario() {
    let binary = PathBuf::from(std::env::var_os("VIGIL_APP_BIN").expect("VIGIL_APP_BIN: the app binary to measure"));
    let device = LeadDevice::new().await;
    let visit_id = a_visit_of_many_findings(&device);
    let env = device.env();
    let display = Display::start().await;

    // First start: enrolment and the first sync, which brings the visit.
    let app = AppWindow::launch_binary(&display, &binary, &env).await;
    app.wait_for("article.card a.open").await;
    app.client.clone().close().await.expect("end the session");
    drop(app);

    let started = Instant::now();
    let app = AppWindow::launch_binary(&display, &binary, &env).await;
    app.client
        .wait()
        .at_most(Duration::from_secs(30))
        .every(Duration::from_millis(20))
        .for_element(Locator::Css("article.card a.open"))
        .await
        .expect("the places list after a restart");
    let cold_start = started.elapsed();

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
    app.client.clone().close().await.expect("end the session");

    let size = std::fs::metadata(&binary).expect("the binary").len();
    println!("app figures of {}:", binary.display());
    println!("  binary size: {:.1} MB ({size} bytes); target < 25 MB", size as f64 / 1e6);
    println!(
        "  cold start to the places list: {:.2} s (through tauri-driver and WebKitWebDriver); target < 1.5 s",
        cold_start.as_secs_f64()
    );
    println!(
        "  memory with a visit of {FINDINGS} findings open: the app {:.0} MB resident; with its {} WebKit processes {:.0} MB (PSS); target < 200 MB",
        app_rss as f64 / 1024.0,
        processes.len(),
        tree_pss as f64 / 1024.0
    );
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

/// The proportional set size of `pid` and its descendants, in KiB.
fn tree_pss(pid: u32) -> u64 {
    std::iter::once(pid).chain(descendants(pid)).map(|pid| kib(pid, "smaps_rollup", "Pss:")).sum()
}

/// A figure in KiB from a /proc file of `pid` (0 when unreadable).
fn kib(pid: u32, file: &str, field: &str) -> u64 {
    let text = std::fs::read_to_string(format!("/proc/{pid}/{file}")).unwrap_or_default();
    text.lines().find_map(|line| line.strip_prefix(field)?.split_whitespace().next()?.parse().ok()).unwrap_or(0)
}
