//! The HTTP API, `/api/v1`. Thin: parse, authenticate, call the storage off the async
//! threads, answer JSON. Bodies are parsed here so a malformed one gets a `{code, message}`
//! naming the problem rather than the framework's plain text.

use std::io::Read;
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRef, FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use tokio_util::io::ReaderStream;
use tower_http::CompressionLevel;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use vigil_core::protocol::{
    API_PREFIX, APP_VERSION_HEADER, ApiError, BlobStatus, ChangesResponse, EnrolRequest, EnrolResponse, MAX_BATCH,
    PROTOCOL_HEADER, PushRequest, PushResponse, VersionMismatch, Versions, version_in_header,
};

use crate::ServerError;
use crate::metrics::{Metrics, MetricsAccess, MetricsRefusal};
use crate::per_address::{AttemptBudget, FailureBudget};
use crate::storage::{Cursor, DeviceAuth, PushBatch, Storage};

/// Limits that keep one client from exhausting the office.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_body_bytes: usize,
    pub request_timeout: Duration,
    /// Steady requests per device and minute…
    pub requests_per_minute: NonZeroU32,
    /// …and how many may come at once (a sync of a long offline period).
    pub burst: NonZeroU32,
    /// How long a push batch that arrives ahead of the one before it (a device sends two
    /// at once) waits for that one before it is refused for the gap.
    pub reorder_wait: Duration,
    /// Enrolment attempts per client address and minute, and at once (a team enrolling
    /// its tablets together behind one router).
    pub enrolments_per_minute: NonZeroU32,
    pub enrolment_burst: NonZeroU32,
    /// Failed authentications (unknown or revoked tokens) per client address and minute,
    /// and at once; past them the address is refused before its tokens are looked up.
    pub failed_auths_per_minute: NonZeroU32,
    pub failed_auth_burst: NonZeroU32,
    /// The sync protocol this office speaks and the oldest app it serves
    /// ([`Versions::OFFICE`]; others in tests of two versions meeting).
    pub versions: Versions,
}

impl Default for Limits {
    fn default() -> Limits {
        // A full push batch of large ops fits well inside 32 MiB; a sync of 100,000 ops
        // takes about 200 requests, well inside the burst.
        Limits {
            max_body_bytes: 32 * 1024 * 1024,
            request_timeout: Duration::from_secs(60),
            requests_per_minute: NonZeroU32::new(600).unwrap_or(NonZeroU32::MIN),
            burst: NonZeroU32::new(1000).unwrap_or(NonZeroU32::MIN),
            reorder_wait: Duration::from_secs(5),
            enrolments_per_minute: NonZeroU32::new(10).unwrap_or(NonZeroU32::MIN),
            enrolment_burst: NonZeroU32::new(20).unwrap_or(NonZeroU32::MIN),
            // A revoked device retries with backoff, well inside this.
            failed_auths_per_minute: NonZeroU32::new(30).unwrap_or(NonZeroU32::MIN),
            failed_auth_burst: NonZeroU32::new(30).unwrap_or(NonZeroU32::MIN),
            versions: Versions::OFFICE,
        }
    }
}

/// What the handlers share: the storage, the per-device request budget, the per-address
/// budgets of enrolments and failed authentications, the count of pushes stored, which a
/// batch waiting for the one before it watches, and the metrics with who may read them.
#[derive(Debug)]
pub(crate) struct Office<S> {
    storage: Arc<S>,
    budget: Arc<DeviceBudget>,
    enrolments: Arc<AttemptBudget>,
    failed_auths: Arc<FailureBudget>,
    pushes: Arc<tokio::sync::watch::Sender<u64>>,
    reorder_wait: Duration,
    max_body_bytes: usize,
    metrics: Arc<Metrics>,
    metrics_access: Arc<MetricsAccess>,
}

impl<S> Clone for Office<S> {
    fn clone(&self) -> Self {
        Office {
            storage: self.storage.clone(),
            budget: self.budget.clone(),
            enrolments: self.enrolments.clone(),
            failed_auths: self.failed_auths.clone(),
            pushes: self.pushes.clone(),
            reorder_wait: self.reorder_wait,
            max_body_bytes: self.max_body_bytes,
            metrics: self.metrics.clone(),
            metrics_access: self.metrics_access.clone(),
        }
    }
}

impl<S> Office<S> {
    pub(crate) fn storage(&self) -> &S {
        &self.storage
    }
}

impl<S> FromRef<Office<S>> for Arc<S> {
    fn from_ref(office: &Office<S>) -> Arc<S> {
        office.storage.clone()
    }
}

/// Requests each device may make: a steady rate with a burst, so one device (or a stolen
/// token) cannot exhaust the office.
type DeviceBudget = governor::DefaultKeyedRateLimiter<uuid::Uuid>;

/// The office's HTTP API, with `/metrics` readable from this machine only.
pub fn router<S: Storage>(storage: Arc<S>, limits: Limits) -> Router {
    router_with(storage, limits, MetricsAccess::default())
}

/// The office's HTTP API, with `/metrics` readable as `metrics_access` says.
pub fn router_with<S: Storage>(storage: Arc<S>, limits: Limits, metrics_access: MetricsAccess) -> Router {
    let metrics = Arc::new(Metrics::default());
    let quota = governor::Quota::per_minute(limits.requests_per_minute).allow_burst(limits.burst);
    let office = Office {
        storage,
        budget: Arc::new(governor::RateLimiter::keyed(quota)),
        enrolments: Arc::new(AttemptBudget::new(limits.enrolments_per_minute, limits.enrolment_burst)),
        failed_auths: Arc::new(FailureBudget::new(limits.failed_auths_per_minute, limits.failed_auth_burst)),
        pushes: Arc::new(tokio::sync::watch::Sender::new(0)),
        reorder_wait: limits.reorder_wait,
        max_body_bytes: limits.max_body_bytes,
        metrics: metrics.clone(),
        metrics_access: Arc::new(metrics_access),
    };
    // Outside the API: a scraper speaks no sync protocol version.
    let scrape = Router::new().route("/metrics", get(scrape::<S>)).with_state(office.clone());
    // Pages of changes and answers to pushes are JSON and shrink many times over a slow
    // field link, so they go compressed to devices that accept it (a device asks for them
    // plain from an office on its own machine). Photos are compressed already.
    let compressed = || CompressionLayer::new().gzip(true).quality(CompressionLevel::Fastest);
    let api = Router::new()
        .route("/health", get(health))
        .route("/enrol", post(enrol::<S>))
        .route("/whoami", get(whoami))
        .route("/push", post(push::<S>).layer(compressed()))
        .route("/changes", get(changes::<S>).layer(compressed()))
        .route("/blobs/{sha256}", get(get_blob::<S>).head(head_blob::<S>).put(put_blob::<S>))
        .route("/openapi.json", get(openapi_json).layer(compressed()))
        .merge(crate::releases::routes::<S>())
        .with_state(office)
        .layer(axum::middleware::from_fn(move |request, next| app_version_checked(limits.versions, request, next)));
    let app = Router::new()
        .nest(API_PREFIX, api)
        .merge(scrape)
        .fallback(|| async { ServerError::NotFound("no such endpoint".into()) })
        .layer(DefaultBodyLimit::max(limits.max_body_bytes))
        .layer(axum::middleware::from_fn(move |request, next| {
            stated_length_checked(limits.max_body_bytes, request, next)
        }))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, limits.request_timeout))
        .layer(axum::middleware::map_response(move |response: Response| async move {
            // The timeout answers with a bare status: say what happened, as every refusal does.
            match response.status() {
                StatusCode::REQUEST_TIMEOUT => ServerError::Timeout(limits.request_timeout).into_response(),
                _ => response,
            }
        }))
        .layer(TraceLayer::new_for_http())
        .layer(axum::middleware::from_fn_with_state(metrics, crate::metrics::track));
    // Every answer names the office's version, so an app can refuse an office too old.
    let app = app.layer(SetResponseHeaderLayer::overriding(
        HeaderName::from_static(PROTOCOL_HEADER),
        HeaderValue::from(limits.versions.speaks),
    ));
    SECURITY_HEADERS.iter().fold(app, |app, (name, value)| {
        app.layer(SetResponseHeaderLayer::overriding(HeaderName::from_static(name), HeaderValue::from_static(value)))
    })
}

/// Headers on every answer: nothing is cached or framed, sniffed or sent on as a referrer,
/// and browsers keep to HTTPS once they have seen it.
const SECURITY_HEADERS: &[(&str, &str)] = &[
    ("x-content-type-options", "nosniff"),
    ("cache-control", "no-store"),
    ("referrer-policy", "no-referrer"),
    ("content-security-policy", "default-src 'none'; frame-ancestors 'none'"),
    ("strict-transport-security", "max-age=31536000"),
];

/// Answers an app older than this office serves with 426 `update_required` and both
/// versions, before its request is read; a version that is not a number is a bad request.
/// A body whose stated length (`Content-Length`) is over the limit is refused at once,
/// before any of it is read: a device on a slow link learns it without sending it. A body
/// without a stated length is still cut at the limit as it is read (`DefaultBodyLimit`).
async fn stated_length_checked(
    limit: usize,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Result<Response, ServerError> {
    let stated = request.headers().get(axum::http::header::CONTENT_LENGTH);
    if let Some(length) = stated.and_then(|value| value.to_str().ok()?.parse::<u64>().ok())
        && length > limit as u64
    {
        return Err(ServerError::TooLarge(format!("a body of {length} bytes is over the limit of {limit} bytes")));
    }
    Ok(next.run(request).await)
}

async fn app_version_checked(
    versions: Versions,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Result<Response, ServerError> {
    let header = request.headers().get(PROTOCOL_HEADER).map(|value| value.to_str().unwrap_or("?"));
    let app = version_in_header(header).ok_or_else(|| {
        ServerError::BadRequest(format!("{PROTOCOL_HEADER}: {:?} is not a protocol version", header.unwrap_or("")))
    })?;
    if app < versions.oldest_peer {
        return Err(ServerError::UpdateRequired(VersionMismatch {
            app,
            office: versions.speaks,
            oldest: versions.oldest_peer,
        }));
    }
    Ok(next.run(request).await)
}

/// Runs a blocking storage call on the blocking pool.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ServerError> + Send + 'static,
) -> Result<T, ServerError> {
    tokio::task::spawn_blocking(work).await.map_err(|err| ServerError::Internal(err.to_string()))?
}

/// Reads a JSON body, answering a body over the limit or one that is not the expected
/// JSON with a `{code, message}` naming the problem.
fn parse<T: DeserializeOwned>(what: &str, body: Result<Bytes, BytesRejection>) -> Result<T, ServerError> {
    let body = read_body(what, body)?;
    serde_json::from_slice(&body).map_err(|err| ServerError::BadRequest(format!("{what}: {err}")))
}

/// A body over the limit answers 413, any other unreadable body 400, both naming `what`.
fn read_body(what: &str, body: Result<Bytes, BytesRejection>) -> Result<Bytes, ServerError> {
    body.map_err(|rejection| match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ServerError::TooLarge(format!("{what}: {}", rejection.body_text())),
        _ => ServerError::BadRequest(format!("{what}: {}", rejection.body_text())),
    })
}

/// The body as the device wrote it. A device across a network gzips its pushes
/// (`Content-Encoding: gzip`); they are inflated to at most `limit` bytes, so a small
/// compressed body cannot grow past the limit a plain one has.
fn decoded(what: &str, headers: &HeaderMap, body: Bytes, limit: usize) -> Result<Bytes, ServerError> {
    let encoding = headers.get(header::CONTENT_ENCODING).map(|value| value.to_str().unwrap_or("?").trim());
    match encoding {
        None | Some("identity") => Ok(body),
        Some(gzip) if gzip.eq_ignore_ascii_case("gzip") => {
            let mut inflated = Vec::with_capacity(body.len().saturating_mul(4).min(limit));
            flate2::read::GzDecoder::new(&body[..])
                .take(limit as u64 + 1)
                .read_to_end(&mut inflated)
                .map_err(|err| ServerError::BadRequest(format!("{what}: not valid gzip: {err}")))?;
            if inflated.len() > limit {
                return Err(ServerError::TooLarge(format!("{what}: over the limit of {limit} bytes once inflated")));
            }
            Ok(inflated.into())
        }
        Some(other) => Err(ServerError::UnsupportedEncoding(format!(
            "{what}: content-encoding {other:?} is not supported; send gzip or no encoding"
        ))),
    }
}

fn bearer(headers: &HeaderMap) -> Result<String, ServerError> {
    let value = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).ok_or(ServerError::Unauthorized)?;
    value.strip_prefix("Bearer ").map(str::to_owned).ok_or(ServerError::Unauthorized)
}

/// The address a request comes from, as the connection says (never a header a client
/// could write).
struct ClientAddress(IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = ServerError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<ClientAddress, ServerError> {
        match parts.extensions.get::<ConnectInfo<SocketAddr>>() {
            Some(ConnectInfo(address)) => Ok(ClientAddress(address.ip())),
            None => Err(ServerError::Internal(
                "served without client addresses: use into_make_service_with_connect_info".into(),
            )),
        }
    }
}

/// The device a request comes from, by its bearer token, within its request budget. An
/// address out of failed authentications is refused before the token is looked up.
pub(crate) struct Authed(pub DeviceAuth);

impl<S: Storage> FromRequestParts<Office<S>> for Authed {
    type Rejection = ServerError;

    async fn from_request_parts(parts: &mut Parts, office: &Office<S>) -> Result<Authed, ServerError> {
        let ClientAddress(address) = ClientAddress::from_request_parts(parts, office).await?;
        if !office.failed_auths.allows(address) {
            return Err(ServerError::AddressLimited("failed authentications"));
        }
        let storage = office.storage.clone();
        let device = match bearer(&parts.headers) {
            Ok(token) => blocking(move || storage.authenticate(&token)).await,
            Err(err) => Err(err),
        };
        if matches!(device, Err(ServerError::Unauthorized)) && !office.failed_auths.spend_failure(address) {
            return Err(ServerError::AddressLimited("failed authentications"));
        }
        let device = device?;
        office.metrics.seen(device.device_id);
        if office.budget.check_key(&device.device_id).is_err() {
            return Err(ServerError::RateLimited);
        }
        // When the device last reached the office, and its app's version, for the console.
        let version = parts.headers.get(APP_VERSION_HEADER).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let (storage, seen) = (office.storage.clone(), device.clone());
        tokio::task::spawn_blocking(move || storage.seen(&seen, version.as_deref()));
        Ok(Authed(device))
    }
}

fn json_text(body: String) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

#[utoipa::path(get, path = "/api/v1/health", tag = "office", responses((status = 200, description = "The office is up")))]
async fn health() -> Response {
    json_text(r#"{"status":"ok"}"#.to_owned())
}

#[utoipa::path(post, path = "/api/v1/enrol", tag = "devices", request_body = EnrolRequest,
    responses((status = 200, body = EnrolResponse), (status = 401, description = "Unknown, used or expired code", body = ApiError),
        (status = 409, description = "The device id is enrolled already (`device_exists`); the code is not used", body = ApiError),
        (status = 429, description = "Too many enrolments from this address", body = ApiError)))]
async fn enrol<S: Storage>(
    State(office): State<Office<S>>,
    ClientAddress(address): ClientAddress,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ServerError> {
    if !office.enrolments.spend(address) {
        return Err(ServerError::AddressLimited("enrolments"));
    }
    let request: EnrolRequest = parse("enrol request", body)?;
    let storage = office.storage.clone();
    let answer = blocking(move || storage.enrol(&request)).await?;
    Ok(axum::Json(answer).into_response())
}

#[utoipa::path(get, path = "/api/v1/whoami", tag = "devices", security(("device_token" = [])),
    responses((status = 200, body = DeviceAuth), (status = 401, body = ApiError),
        (status = 403, description = "`device_unconfirmed`: the office was restored from a backup and an administrator has not confirmed this device yet", body = ApiError)))]
async fn whoami(Authed(device): Authed) -> Result<Response, ServerError> {
    Ok(axum::Json(device).into_response())
}

#[utoipa::path(post, path = "/api/v1/push", tag = "sync", security(("device_token" = [])), request_body = PushRequest,
    params(("Content-Encoding" = Option<String>, Header, description = "`gzip` for a compressed body (a device across a network), or absent")),
    responses((status = 200, description = "One answer per op, in order", body = PushResponse),
        (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 409, description = "A gap in device_seq (`expected` tells the next) once the batch before it has had `reorder_wait` to arrive; a device_seq another op of the device holds (`sequence_taken`: `taken` and every op after it need numbers from `expected`); or a blob not uploaded yet", body = ApiError),
        (status = 413, body = ApiError), (status = 415, description = "A content-encoding other than gzip", body = ApiError)))]
async fn push<S: Storage>(
    State(office): State<Office<S>>,
    Authed(device): Authed,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ServerError> {
    let body = decoded("push request", &headers, read_body("push request", body)?, office.max_body_bytes)?;
    let batch = Arc::new(PushBatch::parse(&body)?);
    let first = batch.ops.first().map_or(0, |pushed| pushed.op.device_seq);
    let deadline = tokio::time::Instant::now() + office.reorder_wait;
    let device = Arc::new(device);
    loop {
        // Watched from before the attempt, so a push stored during it is not missed.
        let mut pushes = office.pushes.subscribe();
        let (storage, device, batch) = (office.storage.clone(), device.clone(), batch.clone());
        match blocking(move || storage.push(&device, &batch)).await {
            Ok(pushed) => {
                office.pushes.send_modify(|count| *count += 1);
                office.metrics.pushed(&pushed);
                return Ok(axum::Json(pushed.answer).into_response());
            }
            // The device sent the batch before this one too, and it is still on its way:
            // wait for the next push stored, then try again (nothing of a gap is stored).
            Err(ServerError::SequenceGap { expected })
                if expected < first && tokio::time::Instant::now() < deadline =>
            {
                let _ = tokio::time::timeout_at(deadline, pushes.changed()).await;
            }
            Err(err) => return Err(err),
        }
    }
}

#[derive(Debug, Deserialize)]
struct ChangesQuery {
    since: u64,
    limit: Option<usize>,
    own_after: Option<u64>,
    epoch: Option<uuid::Uuid>,
}

#[utoipa::path(get, path = "/api/v1/changes", tag = "sync", security(("device_token" = [])),
    params(("since" = u64, Query, description = "The cursor: changes after this sequence number"),
        ("limit" = Option<usize>, Query, description = "At most this many (1000 at most)"),
        ("own_after" = Option<u64>, Query, description = "Also the caller's own ops numbered (`device_seq`) after this: a device restored from an older copy takes back what it lost"),
        ("epoch" = Option<String>, Query, description = "The office's epoch the caller last pulled in: if the office was restored from a backup since, `since` moves back to where the restored log agrees with what the caller saw, and the answer's `restored` tells the caller which of its ops to send again")),
    responses((status = 200, body = ChangesResponse), (status = 400, body = ApiError), (status = 401, body = ApiError),
        (status = 403, description = "`device_unconfirmed`: the office was restored from a backup and an administrator has not confirmed this device yet", body = ApiError)))]
async fn changes<S: Storage>(
    State(office): State<Office<S>>,
    Authed(device): Authed,
    query: Result<Query<ChangesQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ServerError> {
    let Query(query) = query.map_err(|err| ServerError::BadRequest(format!("changes query: {}", err.body_text())))?;
    let limit = query.limit.unwrap_or(MAX_BATCH);
    let storage = office.storage.clone();
    let body = blocking(move || {
        storage.changes_json(&device, Cursor { since: query.since, epoch: query.epoch }, limit, query.own_after)
    })
    .await?;
    office.metrics.pulled();
    Ok(json_text(body))
}

/// `HEAD /blobs/{sha256}`: how much of the blob the office holds for this device, in
/// `Upload-Offset`, and whether it is complete and verified, in `Upload-Complete`. A blob
/// the device may not see, and one the office lacks, answer the same 404.
#[utoipa::path(head, path = "/api/v1/blobs/{sha256}", tag = "blobs", security(("device_token" = [])),
    params(("sha256" = String, Path, description = "SHA-256 of the bytes, 64 lowercase hex digits")),
    responses((status = 200, description = "Headers `upload-offset` (bytes held: the whole blob if one of the device's attachments names it or the device uploaded it, else what the device sent of its own upload) and `upload-complete` (true/false)"),
        (status = 404, description = "Nothing this device may see: no upload of its own and no attachment it may see names the hash, whether or not the office holds the bytes")))]
async fn head_blob<S: Storage>(
    State(storage): State<Arc<S>>,
    Authed(device): Authed,
    Path(sha256): Path<String>,
) -> Result<Response, ServerError> {
    let status = blocking(move || storage.blob_status(&device, &sha256)).await?;
    Ok(([(UPLOAD_OFFSET, status.offset.to_string()), (UPLOAD_COMPLETE, status.complete.to_string())], StatusCode::OK)
        .into_response())
}

pub const UPLOAD_OFFSET: &str = "upload-offset";
pub const UPLOAD_COMPLETE: &str = "upload-complete";

#[derive(Debug, Deserialize)]
struct ChunkQuery {
    offset: u64,
    total: u64,
}

/// `PUT /blobs/{sha256}?offset=N&total=T`: the next chunk of this device's upload of a blob.
#[utoipa::path(put, path = "/api/v1/blobs/{sha256}", tag = "blobs", security(("device_token" = [])),
    params(("sha256" = String, Path), ("offset" = u64, Query, description = "Where this chunk starts: the office's offset"),
        ("total" = u64, Query, description = "The blob's size in bytes")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = BlobStatus), (status = 409, description = "Offset mismatch: `expected` holds the office's offset of this device's upload", body = ApiError),
        (status = 413, body = ApiError), (status = 422, description = "The bytes do not match the hash", body = ApiError),
        (status = 507, description = "`upload_quota`: the device's unfinished uploads would pass the office's quota; `office_disk_full`: the office's disk is full, nothing of the chunk is kept", body = ApiError)))]
async fn put_blob<S: Storage>(
    State(storage): State<Arc<S>>,
    Authed(device): Authed,
    Path(sha256): Path<String>,
    query: Result<Query<ChunkQuery>, axum::extract::rejection::QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ServerError> {
    let Query(query) = query.map_err(|err| ServerError::BadRequest(format!("blob chunk: {}", err.body_text())))?;
    let chunk = read_body("blob chunk", body)?;
    let status = blocking(move || storage.put_blob(&device, &sha256, query.offset, query.total, &chunk)).await?;
    Ok(axum::Json(status).into_response())
}

/// `GET /blobs/{sha256}`: the bytes of a complete blob the device may see, streamed from
/// the office's disk.
#[utoipa::path(get, path = "/api/v1/blobs/{sha256}", tag = "blobs", security(("device_token" = [])),
    params(("sha256" = String, Path)),
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>),
        (status = 404, description = "No attachment this device may see names the hash (nor did it upload the bytes), or the office lacks them", body = ApiError)))]
async fn get_blob<S: Storage>(
    State(storage): State<Arc<S>>,
    Authed(device): Authed,
    Path(sha256): Path<String>,
) -> Result<Response, ServerError> {
    let (file, size) = blocking(move || {
        let file = storage.get_blob(&device, &sha256)?;
        let size = file.metadata().map_err(|err| ServerError::Internal(format!("blob {sha256}: {err}")))?.len();
        Ok((file, size))
    })
    .await?;
    let body = Body::from_stream(ReaderStream::with_capacity(tokio::fs::File::from_std(file), DOWNLOAD_PIECE));
    let headers =
        [(header::CONTENT_TYPE, "application/octet-stream".to_owned()), (header::CONTENT_LENGTH, size.to_string())];
    Ok((headers, body).into_response())
}

/// How much of a blob is read from disk at a time while it streams.
const DOWNLOAD_PIECE: usize = 64 * 1024;

/// `GET /metrics`: the office's counts in the Prometheus text format, for those
/// [`MetricsAccess`] admits. A wrong token spends the address's budget of failed
/// authentications, as a wrong device token does.
async fn scrape<S: Storage>(
    State(office): State<Office<S>>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
) -> Result<Response, ServerError> {
    if !office.failed_auths.allows(address) {
        return Err(ServerError::AddressLimited("failed authentications"));
    }
    let token = bearer(&headers).ok();
    if let Err(refusal) = office.metrics_access.admits(address, token.as_deref()) {
        if refusal == MetricsRefusal::Token && !office.failed_auths.spend_failure(address) {
            return Err(ServerError::AddressLimited("failed authentications"));
        }
        return Err(refusal.into());
    }
    let storage = office.storage.clone();
    let figures = blocking(move || storage.figures()).await?;
    let text = office.metrics.render(figures)?;
    Ok(([(header::CONTENT_TYPE, crate::metrics::CONTENT_TYPE)], text).into_response())
}

/// `GET /openapi.json`: this API, described.
async fn openapi_json() -> Response {
    json_text(crate::openapi::document())
}

#[cfg(test)]
mod tests {
    use axum::body::HttpBody;
    use sha2::{Digest, Sha256};

    use super::*;
    use crate::SqliteStorage;

    #[tokio::test]
    async fn a_download_streams_the_file_with_its_length_rather_than_reading_it_first() {
        let dir = tempfile::tempdir().expect("dir");
        let storage = Arc::new(SqliteStorage::open(dir.path()).expect("office"));
        let id = uuid::Uuid::now_v7();
        let device = DeviceAuth { device_id: id, user_id: id, role: vigil_core::Role::Inspector, teams: vec![] };
        let bytes: Vec<u8> = (0..3 * 1024 * 1024).map(|n| (n % 251) as u8).collect();
        let sha256 = hex::encode(Sha256::digest(&bytes));
        storage.put_blob(&device, &sha256, 0, bytes.len() as u64, &bytes).expect("the device's own upload");

        let response = get_blob(State(storage), Authed(device), Path(sha256)).await.expect("download");
        assert_eq!(response.headers()[header::CONTENT_LENGTH], bytes.len().to_string().as_str());
        assert_eq!(response.body().size_hint().exact(), None, "a body held whole knows its exact size");
        let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("body");
        assert_eq!(body, bytes);
    }
}
