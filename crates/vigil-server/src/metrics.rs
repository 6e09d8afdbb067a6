//! What the office counts for `/metrics`, in the Prometheus text format: requests by route,
//! method and status with their latency, pushes, pulls, ops accepted and rejected by code,
//! and, read when scraped, devices and the sizes of the database and the blobs.
//!
//! Counts only: no name, id, hash or content. A route is its template
//! (`/api/v1/blobs/{sha256}`), never the path asked for, and a path no route matches is
//! `unmatched`, so a stranger cannot fill the office's memory with made-up labels.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::{Registry, Unit};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::ServerError;
use crate::storage::{OfficeFigures, Pushed};

/// How long after its last authenticated request a device still counts as active.
pub const ACTIVE_WINDOW: Duration = Duration::from_secs(24 * 60 * 60);

/// Upper bounds of the latency buckets, in seconds: a page of changes on this machine takes
/// milliseconds, a large push or a photo across a field link seconds.
const LATENCY_BUCKETS: [f64; 14] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: &'static str,
    status: u16,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CodeLabels {
    code: &'static str,
}

type LatencyFamily = Family<RouteLabels, Histogram, fn() -> Histogram>;

/// The office's counters, shared by every request.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: LatencyFamily,
    pushes: Counter,
    pulls: Counter,
    ops_accepted: Counter,
    ops_rejected: Family<CodeLabels, Counter>,
    devices_enrolled: Gauge,
    devices_active: Gauge,
    database_bytes: Gauge,
    blob_bytes: Gauge,
    /// When each device last made an authenticated request (since the office started).
    last_seen: Mutex<HashMap<Uuid, Instant>>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Default for Metrics {
    fn default() -> Metrics {
        let mut registry = Registry::with_prefix("vigil");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by route template, method and status",
            requests.clone(),
        );
        let latency: LatencyFamily = Family::new_with_constructor(|| Histogram::new(LATENCY_BUCKETS));
        registry.register_with_unit(
            "http_request_duration",
            "Time from a request's arrival to its answer's headers, by route template",
            Unit::Seconds,
            latency.clone(),
        );
        let counter = |registry: &mut Registry, name: &str, help: &str| {
            let counter = Counter::default();
            registry.register(name, help, counter.clone());
            counter
        };
        let pushes = counter(&mut registry, "pushes", "Pushes stored (a batch of one device's ops each)");
        let pulls = counter(&mut registry, "pulls", "Pages of changes served to devices");
        let ops_accepted =
            counter(&mut registry, "ops_accepted", "Ops pushed and accepted (replays not counted again)");
        let ops_rejected = Family::<CodeLabels, Counter>::default();
        registry.register("ops_rejected", "Ops pushed and refused for good, by code", ops_rejected.clone());
        let gauge = |registry: &mut Registry, name: &str, help: &str, unit: Option<Unit>| {
            let gauge = Gauge::default();
            match unit {
                Some(unit) => registry.register_with_unit(name, help, unit, gauge.clone()),
                None => registry.register(name, help, gauge.clone()),
            }
            gauge
        };
        let devices_enrolled = gauge(&mut registry, "devices_enrolled", "Devices enrolled and not revoked", None);
        let devices_active = gauge(
            &mut registry,
            "devices_active",
            "Devices that made an authenticated request in the last 24 hours (since the office started)",
            None,
        );
        let database_bytes = gauge(&mut registry, "database", "Size of the office's database", Some(Unit::Bytes));
        let blob_bytes = gauge(&mut registry, "blob", "Photos and documents the office holds whole", Some(Unit::Bytes));
        Metrics {
            registry,
            requests,
            latency,
            pushes,
            pulls,
            ops_accepted,
            ops_rejected,
            devices_enrolled,
            devices_active,
            database_bytes,
            blob_bytes,
            last_seen: Mutex::new(HashMap::new()),
        }
    }
}

impl Metrics {
    /// Counts a stored push and what became of its new ops.
    pub fn pushed(&self, pushed: &Pushed) {
        self.pushes.inc();
        self.ops_accepted.inc_by(pushed.accepted);
        for code in &pushed.rejected {
            self.ops_rejected.get_or_create(&CodeLabels { code: code.as_str() }).inc();
        }
    }

    pub fn pulled(&self) {
        self.pulls.inc();
    }

    /// Notes a device's authenticated request, for `devices_active`.
    pub fn seen(&self, device: Uuid) {
        let mut last_seen = self.last_seen.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        last_seen.insert(device, Instant::now());
    }

    /// The text a scrape answers, with the figures read for it.
    pub fn render(&self, figures: OfficeFigures) -> Result<String, ServerError> {
        let active = {
            let mut last_seen = self.last_seen.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            last_seen.retain(|_, at| at.elapsed() < ACTIVE_WINDOW);
            last_seen.len()
        };
        let as_gauge = |value: u64| i64::try_from(value).unwrap_or(i64::MAX);
        self.devices_enrolled.set(as_gauge(figures.devices_enrolled));
        self.devices_active.set(as_gauge(active as u64));
        self.database_bytes.set(as_gauge(figures.database_bytes));
        self.blob_bytes.set(as_gauge(figures.blob_bytes));
        let mut text = String::new();
        prometheus_client::encoding::prometheus_text::encode(&mut text, &self.registry)
            .map_err(|err| ServerError::Internal(format!("encoding metrics: {err}")))?;
        Ok(text)
    }

    fn answered(&self, route: String, method: &'static str, status: u16, took: Duration) {
        self.latency.get_or_create(&RouteLabels { route: route.clone() }).observe(took.as_secs_f64());
        self.requests.get_or_create(&RequestLabels { route, method, status }).inc();
    }
}

/// The content type of what [`Metrics::render`] writes.
pub const CONTENT_TYPE: &str = prometheus_client::encoding::prometheus_text::CONTENT_TYPE;

/// Middleware counting every request by its route template, method and status.
pub async fn track(State(metrics): State<std::sync::Arc<Metrics>>, request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().map_or("unmatched", |path| path.as_str()).to_owned();
    let method = method_label(request.method());
    let started = Instant::now();
    let response = next.run(request).await;
    metrics.answered(route, method, response.status().as_u16(), started.elapsed());
    response
}

/// A method as a label: the ones the API answers, any other as `other`.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Who may read `/metrics`: clients connecting from `allow_from` and, when a token is set,
/// sending it as a bearer token (from an allowed address too: a reverse proxy on this
/// machine makes every stranger look local).
#[derive(Clone, PartialEq, Eq)]
pub struct MetricsAccess {
    pub allow_from: Vec<IpNet>,
    /// SHA-256 of the token: compared without holding the token itself.
    token_hash: Option<[u8; 32]>,
}

impl std::fmt::Debug for MetricsAccess {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MetricsAccess")
            .field("allow_from", &self.allow_from)
            .field("token", &self.token_hash.map(|_| "set"))
            .finish()
    }
}

impl Default for MetricsAccess {
    /// This machine only, without a token.
    fn default() -> MetricsAccess {
        MetricsAccess::new(loopback(), None)
    }
}

/// 127.0.0.0/8 and ::1: this machine.
pub fn loopback() -> Vec<IpNet> {
    ["127.0.0.0/8", "::1/128"].iter().filter_map(|net| net.parse().ok()).collect()
}

/// Why a scrape is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricsRefusal {
    /// The client's address is outside `allow_from`.
    Address,
    /// The token is set and the request lacks it or sends another.
    Token,
}

impl MetricsAccess {
    pub fn new(allow_from: Vec<IpNet>, token: Option<&str>) -> MetricsAccess {
        MetricsAccess { allow_from, token_hash: token.map(|token| Sha256::digest(token.as_bytes()).into()) }
    }

    /// The one rule for `/metrics`: `bearer` is the request's bearer token, if any.
    pub fn admits(&self, address: IpAddr, bearer: Option<&str>) -> Result<(), MetricsRefusal> {
        // An IPv4 client of a dual-stack socket arrives as ::ffff:a.b.c.d.
        let address = address.to_canonical();
        if !self.allow_from.iter().any(|net| net.contains(&address)) {
            return Err(MetricsRefusal::Address);
        }
        match (&self.token_hash, bearer) {
            (None, _) => Ok(()),
            (Some(expected), Some(sent)) if Sha256::digest(sent.as_bytes()).as_slice() == expected => Ok(()),
            (Some(_), _) => Err(MetricsRefusal::Token),
        }
    }
}

impl From<MetricsRefusal> for ServerError {
    fn from(refusal: MetricsRefusal) -> ServerError {
        match refusal {
            MetricsRefusal::Address => ServerError::MetricsAddress,
            MetricsRefusal::Token => ServerError::MetricsToken,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("address")
    }

    #[test]
    fn by_default_only_this_machine_reads_the_metrics() {
        let access = MetricsAccess::default();
        assert_eq!(access.admits(ip("127.0.0.1"), None), Ok(()));
        assert_eq!(access.admits(ip("127.8.0.2"), None), Ok(()));
        assert_eq!(access.admits(ip("::1"), None), Ok(()));
        assert_eq!(access.admits(ip("::ffff:127.0.0.1"), None), Ok(()), "IPv4 through a dual-stack socket");
        assert_eq!(access.admits(ip("192.0.2.7"), None), Err(MetricsRefusal::Address));
        assert_eq!(access.admits(ip("::ffff:192.0.2.7"), None), Err(MetricsRefusal::Address));
        assert_eq!(access.admits(ip("2001:db8::7"), None), Err(MetricsRefusal::Address));
    }

    #[test]
    fn a_token_is_needed_from_every_allowed_address_once_set() {
        let nets = vec!["10.20.0.0/16".parse().expect("net")];
        let access = MetricsAccess::new(nets, Some("s3cret-token-of-the-office"));
        assert_eq!(access.admits(ip("10.20.3.4"), Some("s3cret-token-of-the-office")), Ok(()));
        assert_eq!(access.admits(ip("10.20.3.4"), None), Err(MetricsRefusal::Token));
        assert_eq!(access.admits(ip("10.20.3.4"), Some("s3cret-token-of-the-offic")), Err(MetricsRefusal::Token));
        assert_eq!(access.admits(ip("127.0.0.1"), Some("s3cret-token-of-the-office")), Err(MetricsRefusal::Address));
        assert!(!format!("{access:?}").contains("s3cret"), "the token stays out of logs");
    }

    #[test]
    fn a_method_the_api_does_not_answer_is_counted_as_other() {
        assert_eq!(method_label(&Method::PUT), "PUT");
        assert_eq!(method_label(&Method::from_bytes(b"BREW").expect("method")), "other");
    }
}
