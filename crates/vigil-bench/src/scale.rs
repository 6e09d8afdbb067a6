//! `vigil-bench sync --new-supervisor-device RECORDS`: a supervisor's new device pulls an
//! NPM's whole history from the real office on loopback, with the progress the app shows.
//! The office holds the demo generator's NPM grown to `RECORDS` (added as the office's
//! own, as `vigil-server demo` does; not timed), and the supervisor oversees every team, so
//! the device takes every record. Target: 250,000 records or more in 10 s at most.
//!
//! Where the time goes, roughly: the office's time answering the pages of changes (a layer
//! around its router adds them up), and the same ops applied to a fresh store a page at a
//! time with no network (what the device's side costs alone). The client fetches the next
//! page while it applies the last, so the two overlap in the pull.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Instant;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use vigil_core::records::User;
use vigil_core::{Record, Role};
use vigil_server::SqliteStorage;
use vigil_server::api::Limits;

use crate::office::{Device, Office};

/// The target of the whole pull, in seconds.
const TARGET_SECONDS: f64 = 10.0;

pub async fn run(records: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let storage = Arc::new(SqliteStorage::open(&dir.path().join("office")).expect("office"));
    let mut demo = crate::store::demo_of(records);
    let supervisor = oversee_every_team(&mut demo);
    let filled = Instant::now();
    for chunk in demo.chunks(10_000) {
        storage.add_records(chunk).expect("demo records");
    }
    println!(
        "office of {} records ({} visits), filled in {:.1} s; target: a new supervisor's device pulls them in ≤ {TARGET_SECONDS} s",
        demo.len(),
        demo.iter().filter(|r| matches!(r, Record::Visit(_))).count(),
        filled.elapsed().as_secs_f64()
    );

    let serving = Arc::new(AtomicU64::new(0));
    // The demo's attachments have no photos at the office: the device asks for each once
    // (a 404), thousands of requests the office's per-device limit would slow down.
    let many = std::num::NonZeroU32::new(1_000_000).unwrap_or(std::num::NonZeroU32::MIN);
    let limits = Limits { requests_per_minute: many, burst: many, ..Limits::default() };
    let app = vigil_server::router(storage.clone(), limits)
        .layer(axum::middleware::from_fn_with_state(serving.clone(), time_pages));
    let url = format!("http://{}", Office::serve(app).await);
    let device = Device::enrol(&storage, &url, dir.path(), "supervisor", supervisor.id, supervisor.role).await;

    let started = Instant::now();
    let shown = AtomicUsize::new(0);
    let pulled_at = AtomicU64::new(0);
    let step = (demo.len() / 10).max(1);
    let progress = |progress: vigil_sync::Progress| {
        if let vigil_sync::Progress::Pulling { received } = progress {
            pulled_at.store(started.elapsed().as_micros() as u64, Ordering::Relaxed);
            if received / step > shown.load(Ordering::Relaxed) {
                shown.store(received / step, Ordering::Relaxed);
                println!("  pulled {received:>9} records at {:>6.2} s", started.elapsed().as_secs_f64());
            }
        }
    };
    let report = device.client.sync(&device.store, &progress).await.expect("sync");
    let whole = started.elapsed().as_secs_f64();
    let took = pulled_at.load(Ordering::Relaxed) as f64 / 1e6;
    let verdict = if took <= TARGET_SECONDS { "met" } else { "missed" };
    println!(
        "pulled {} records in {took:.2} s ({:.0} records/s): target ≤ {TARGET_SECONDS} s {verdict}; the whole sync \
         (asking for the demo's absent photos too) {whole:.2} s, {} requests, {:.1} MB received",
        report.pulled,
        report.pulled as f64 / took,
        report.requests,
        report.bytes_received as f64 / 1e6
    );
    let office_seconds = serving.load(Ordering::Relaxed) as f64 / 1e6;
    println!("  the office answering pages of changes: {office_seconds:.2} s in all");
    drop(device);

    let alone = tempfile::tempdir().expect("temp dir");
    let applying = Instant::now();
    crate::store::fill(&alone.path().join("apply.db"), &demo);
    println!(
        "  a store applying the same records as pulled creates, a page of 1,000 at a time, no network: {:.2} s",
        applying.elapsed().as_secs_f64()
    );
}

/// The first demo supervisor, made to oversee every team: the device that takes everything.
fn oversee_every_team(demo: &mut [Record]) -> User {
    let teams: Vec<uuid::Uuid> =
        demo.iter().filter_map(|r| if let Record::Team(t) = r { Some(t.id) } else { None }).collect();
    let supervisor = demo
        .iter_mut()
        .find_map(|r| match r {
            Record::User(user) if user.role == Role::Supervisor => Some(user),
            _ => None,
        })
        .expect("a demo supervisor");
    supervisor.team_ids = teams;
    supervisor.clone()
}

/// Adds the office's time answering each page of changes to `serving` (microseconds).
async fn time_pages(State(serving): State<Arc<AtomicU64>>, request: Request, next: Next) -> Response {
    let is_page = request.uri().path().ends_with("/changes");
    let began = Instant::now();
    let response = next.run(request).await;
    if is_page {
        serving.fetch_add(began.elapsed().as_micros() as u64, Ordering::Relaxed);
    }
    response
}
