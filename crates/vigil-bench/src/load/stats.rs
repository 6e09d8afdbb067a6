//! What a load run measures: each request the office answers, timed by a layer around
//! its router and sorted by kind, and each device's syncs as the device sees them.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use hdrhistogram::Histogram;
use vigil_sync::SyncReport;

#[derive(Debug, Default)]
pub struct Stats {
    /// Off while devices enrol and take the reference data.
    pub recording: AtomicBool,
    office: Mutex<BTreeMap<&'static str, Histogram<u64>>>,
    /// Answers that are not a success, by kind and status; a HEAD of a blob the office
    /// does not hold yet (404, the start of every upload) is not one.
    refused: Mutex<BTreeMap<(&'static str, u16), u64>>,
    devices: Mutex<Devices>,
}

#[derive(Debug, Default)]
struct Devices {
    syncs: Option<Histogram<u64>>,
    failures: Vec<String>,
    pushed: usize,
    pulled: usize,
    bytes: u64,
}

/// The office's router with every request timed into `stats`.
pub fn timed(app: Router, stats: Arc<Stats>) -> Router {
    app.layer(axum::middleware::from_fn_with_state(stats, time_request))
}

async fn time_request(State(stats): State<Arc<Stats>>, request: Request, next: Next) -> Response {
    let kind = kind(request.method(), request.uri().path());
    let began = Instant::now();
    let response = next.run(request).await;
    if stats.recording.load(Ordering::Relaxed) {
        stats.answered(kind, began.elapsed(), response.status());
    }
    response
}

fn kind(method: &Method, path: &str) -> &'static str {
    match (method, path.rsplit('/').nth(1).unwrap_or_default(), path.rsplit('/').next().unwrap_or_default()) {
        (_, _, "push") => "push",
        (_, _, "changes") => "changes",
        (&Method::PUT, "blobs", _) => "blob chunk up",
        (&Method::HEAD, "blobs", _) => "blob offset",
        (&Method::GET, "blobs", _) => "blob down",
        _ => "other",
    }
}

fn micros(duration: Duration) -> u64 {
    u64::try_from(duration.as_micros()).unwrap_or(u64::MAX).max(1)
}

fn histogram() -> Histogram<u64> {
    // From a microsecond to ten minutes, to three significant digits.
    Histogram::new_with_bounds(1, 600_000_000, 3).expect("bounds")
}

impl Stats {
    fn answered(&self, kind: &'static str, took: Duration, status: StatusCode) {
        let mut office = self.office.lock().expect("stats");
        for key in [kind, "all"] {
            office.entry(key).or_insert_with(histogram).saturating_record(micros(took));
        }
        let expected = status.is_success() || (kind == "blob offset" && status == StatusCode::NOT_FOUND);
        if !expected {
            *self.refused.lock().expect("stats").entry((kind, status.as_u16())).or_default() += 1;
        }
    }

    pub fn synced(&self, took: Duration, outcome: Result<SyncReport, String>) {
        let mut devices = self.devices.lock().expect("stats");
        devices.syncs.get_or_insert_with(histogram).saturating_record(micros(took));
        match outcome {
            Ok(report) => {
                devices.pushed += report.pushed;
                devices.pulled += report.pulled;
                devices.bytes += report.bytes_sent + report.bytes_received;
            }
            Err(err) => devices.failures.push(err),
        }
    }

    pub fn summary(&self, devices: usize, wall: Duration) -> Summary {
        let office = std::mem::take(&mut *self.office.lock().expect("stats"));
        let refused = std::mem::take(&mut *self.refused.lock().expect("stats"));
        let mut seen = std::mem::take(&mut *self.devices.lock().expect("stats"));
        let syncs = seen.syncs.take().unwrap_or_else(histogram);
        let errors = seen.failures.len() + refused.values().sum::<u64>() as usize;
        Summary { devices, wall, office, refused, errors, syncs, seen }
    }
}

#[derive(Debug)]
pub struct Summary {
    devices: usize,
    wall: Duration,
    office: BTreeMap<&'static str, Histogram<u64>>,
    refused: BTreeMap<(&'static str, u16), u64>,
    syncs: Histogram<u64>,
    seen: Devices,
    /// Failed syncs and refused requests.
    pub errors: usize,
}

fn ms(histogram: &Histogram<u64>, quantile: f64) -> f64 {
    histogram.value_at_quantile(quantile) as f64 / 1000.0
}

impl Summary {
    pub fn office_p99_ms(&self) -> f64 {
        self.office.get("all").map_or(0.0, |all| ms(all, 0.99))
    }

    pub fn sync_p99_ms(&self) -> f64 {
        ms(&self.syncs, 0.99)
    }

    pub fn requests_per_second(&self) -> f64 {
        self.office.get("all").map_or(0, |all| all.len()) as f64 / self.wall.as_secs_f64()
    }

    pub fn print(&self) {
        let seconds = self.wall.as_secs_f64();
        println!(
            "\n{} devices: {} syncs in {seconds:.2} s; {:.1} requests/s; ops pushed {} ({:.0}/s), pulled {} ({:.0}/s); {:.1} MB moved; errors {}",
            self.devices,
            self.syncs.len(),
            self.requests_per_second(),
            self.seen.pushed,
            self.seen.pushed as f64 / seconds,
            self.seen.pulled,
            self.seen.pulled as f64 / seconds,
            self.seen.bytes as f64 / 1e6,
            self.errors
        );
        println!(
            "{:<16} {:>7} {:>9} {:>9} {:>9} {:>9}",
            "at the office", "count", "p50 ms", "p95 ms", "p99 ms", "max ms"
        );
        let rows = self.office.iter().map(|(kind, h)| (*kind, h)).chain([("sync (device)", &self.syncs)]);
        for (kind, h) in rows {
            println!(
                "{kind:<16} {:>7} {:>9.1} {:>9.1} {:>9.1} {:>9.1}",
                h.len(),
                ms(h, 0.5),
                ms(h, 0.95),
                ms(h, 0.99),
                h.max() as f64 / 1000.0
            );
        }
        for ((kind, status), count) in &self.refused {
            println!("refused: {count} {kind} with {status}");
        }
        for failure in self.seen.failures.iter().take(5) {
            println!("failed sync: {failure}");
        }
    }
}
