//! The device's side of sync. One [`SyncClient::sync`] pushes the outbox in batches (oldest
//! first, so `device_seq` arrives without gaps) and records the central office's answer for
//! each op (accepted, or rejected with a reason into the visible list); at the same time it
//! pulls pages of changes until caught up, each page applied with its cursor in one
//! transaction. Requests run on their own tasks, so the next batch or page is on the wire
//! while the device records the last.
//!
//! The store is shared behind a mutex and locked only for each local step, never across a
//! network wait, so the app stays responsive while a sync runs.

mod chunks;
pub mod schedule;

pub use chunks::MIN_CHUNK_BYTES;

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::Digest;
use tokio_util::task::AbortOnDropHandle;
use vigil_core::Code;
use vigil_core::protocol::{
    API_PREFIX, APP_VERSION_HEADER, ApiError, BlobStatus, ChangesResponse, EnrolRequest, EnrolResponse, MAX_BATCH,
    OpOutcome, PROTOCOL_HEADER, PushResponse, Release, VersionMismatch, Versions, version_in_header,
};
use vigil_store::{LoggedOp, Store, StoreError};

use crate::chunks::ChunkSizer;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("cannot reach the central office: {0}")]
    Network(#[from] reqwest::Error),
    #[error("the central office refused this device: {0}")]
    Unauthorized(String),
    #[error("the central office answered {status}: {message} ({code})")]
    Server { status: u16, code: Code, message: String, expected: Option<u64> },
    /// The office serves only newer apps (426 `update_required`): nothing was sent.
    #[error("{message}")]
    UpdateRequired { message: String, versions: Option<VersionMismatch> },
    /// The office is older than this app syncs with: nothing more is sent to it.
    #[error(
        "the central office speaks version {} of the sync protocol and this app needs at least {} (it speaks {}): the \
         office must be updated; changes stay on this device meanwhile",
        .0.office, .0.oldest, .0.app
    )]
    OfficeTooOld(VersionMismatch),
    #[error("the central office expects op {expected} of this device next; the outbox starts elsewhere")]
    SequenceGap { expected: u64 },
    /// The office holds other ops of this device under the numbers from `taken`: this
    /// device's files were restored from an older copy. [`SyncClient::sync`] recovers.
    #[error("the central office holds other ops of this device from number {taken}; it expects {expected} next")]
    SequenceTaken { expected: u64, taken: u64 },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the central office sent a reply that is not valid: {0}")]
    BadReply(String),
    #[error("a sync request stopped before its answer: {0}")]
    Interrupted(String),
    #[error("the central office sent nothing for {0:?}")]
    Stalled(Duration),
    /// The office's address answered with a redirect. None is followed: the device token
    /// and the data go only to the address the device was enrolled with.
    #[error(
        "the central office's address answered {status}, a redirect to {location}: Vigil follows no redirect, so \
         that the device's token and data go to no other address"
    )]
    Redirected { status: u16, location: String },
}

impl SyncError {
    /// The request took longer than the office (408) or this client waits for one.
    pub fn is_too_slow(&self) -> bool {
        match self {
            SyncError::Network(err) => err.is_timeout(),
            SyncError::Server { status, .. } => *status == 408,
            _ => false,
        }
    }

    /// Worth trying again later (the network or the office may come back).
    pub fn is_transient(&self) -> bool {
        match self {
            SyncError::Network(_) | SyncError::Stalled(_) => true,
            // A photo attached while a sync ran reached the push before its upload: the
            // next sync sends it first.
            SyncError::Server { code: Code::BlobMissing, .. } => true,
            SyncError::Server { status, .. } => *status >= 500 || *status == 408 || *status == 429,
            _ => false,
        }
    }
}

/// What one sync did, and what it cost on the wire (bodies, without HTTP headers).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    pub pushed: usize,
    pub rejected: usize,
    pub pulled: usize,
    /// Photos and documents set aside: their file is gone or damaged on this device.
    pub blobs_set_aside: usize,
    pub requests: usize,
    pub bytes_sent: u64,
    pub bytes_received: u64,
}

impl std::ops::AddAssign for SyncReport {
    fn add_assign(&mut self, other: SyncReport) {
        self.pushed += other.pushed;
        self.rejected += other.rejected;
        self.pulled += other.pulled;
        self.blobs_set_aside += other.blobs_set_aside;
        self.requests += other.requests;
        self.bytes_sent += other.bytes_sent;
        self.bytes_received += other.bytes_received;
    }
}

/// Progress for the UI while a sync runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "phase", rename_all = "snake_case")]
pub enum Progress {
    /// Photos and documents going up, in bytes, before the changes that refer to them.
    Uploading {
        sent_bytes: u64,
        total_bytes: u64,
    },
    Pushing {
        sent: usize,
        total: usize,
    },
    Pulling {
        received: usize,
    },
}

#[derive(Debug, Clone)]
pub struct SyncClient {
    http: reqwest::Client,
    request_timeout: Duration,
    api: String,
    token: String,
    /// The size of blob chunks, fitted to the link: shared by the client's clones and kept
    /// from one sync to the next.
    chunks: Arc<ChunkSizer>,
    /// Gzip on the wire, both ways (push batches sent, answers asked for): yes
    /// for an office across a network, no on this machine (see [`SyncClient::new`]).
    compress: bool,
    /// The protocol this app speaks and the oldest office it takes.
    versions: Versions,
    /// The office's version, from its last answer (0: none yet), shared by the clones.
    office_version: Arc<AtomicU32>,
    /// The office's time from the `Date` of its last answer, and when that answer came.
    office_clock: Arc<Mutex<Option<(u64, std::time::Instant)>>>,
    /// This app's version, named on every request (the office's console lists it).
    app_version: reqwest::header::HeaderValue,
}

/// The first push batch is smaller than the rest, so the office starts applying it while
/// the next one is still on its way (and it reaches the office first).
pub const FIRST_BATCH: usize = MAX_BATCH / 4;

/// Blob uploads go in chunks of this size, so a cut link loses at most one chunk.
pub const DEFAULT_CHUNK_BYTES: usize = 1024 * 1024;

/// A request on its own task, answering what it got and what it cost on the wire (a
/// refused request counts too); dropped (the sync failed or was cancelled), it is
/// cancelled too.
type InFlight<T> = AbortOnDropHandle<(Result<T, SyncError>, SyncReport)>;

/// Runs a request on its own task.
fn in_flight<T: Send + 'static>(
    request: impl Future<Output = (Result<T, SyncError>, SyncReport)> + Send + 'static,
) -> InFlight<T> {
    AbortOnDropHandle::new(tokio::spawn(request))
}

/// Waits for a request on its own task and counts its cost into `report`.
async fn landed<T>(in_flight: InFlight<T>, report: &mut SyncReport) -> Result<T, SyncError> {
    let (answer, wire) = in_flight.await.map_err(|err| SyncError::Interrupted(err.to_string()))?;
    *report += wire;
    answer
}

/// `bytes` gzip-compressed at the fastest level (it shrinks JSON ops nearly as well as
/// the best, at a fraction of the time); `None` if that failed, to send them as they are.
fn gzip(bytes: &[u8]) -> Option<Vec<u8>> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::with_capacity(bytes.len() / 4), flate2::Compression::fast());
    encoder.write_all(bytes).ok()?;
    encoder.finish().ok()
}

fn lock(store: &Mutex<Store>) -> std::sync::MutexGuard<'_, Store> {
    store.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// How long a request may take (a photo's download excepted: it may take as long as it
/// needs while its bytes keep coming, with no gap this long).
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(120);

/// A photo's download on the slowest link still ends within this.
const DOWNLOAD_LIMIT: Duration = Duration::from_secs(6 * 3600);

/// No redirect is followed, not even to the same origin: the office never redirects, so one
/// means a misconfigured proxy or someone in the way, and following it would send the
/// token (a 307 or 308 also the push's body, the monitors' records) where the device was
/// not enrolled; a 301 or 302 would even turn a push into a GET and lose its body.
/// This build's version, as the office's console shows it (an app built with another
/// version names its own, [`SyncClient::with_app_version`]).
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

fn http_client(timeout: Duration) -> Result<reqwest::Client, SyncError> {
    Ok(reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .build()?)
}

/// `response`, unless it is a redirect ([`http_client`] follows none).
fn not_redirected(response: reqwest::Response) -> Result<reqwest::Response, SyncError> {
    if !response.status().is_redirection() {
        return Ok(response);
    }
    let location = response.headers().get(reqwest::header::LOCATION).and_then(|value| value.to_str().ok());
    Err(SyncError::Redirected {
        status: response.status().as_u16(),
        location: location.unwrap_or("an address it did not give").chars().take(200).collect(),
    })
}

/// The office's `{code, message}` answer as an error.
fn api_error(status: reqwest::StatusCode, body: &[u8]) -> SyncError {
    let error: ApiError = serde_json::from_slice(body).unwrap_or_else(|_| ApiError {
        code: Code::Http,
        message: String::from_utf8_lossy(body).chars().take(200).collect(),
        expected: None,
        versions: None,
        taken: None,
    });
    match (status.as_u16(), error.code, error.expected) {
        (401, _, _) => SyncError::Unauthorized(error.message),
        (426, _, _) | (_, Code::UpdateRequired, _) => {
            SyncError::UpdateRequired { message: error.message, versions: error.versions }
        }
        (409, Code::SequenceGap, Some(expected)) => SyncError::SequenceGap { expected },
        (409, Code::SequenceTaken, Some(expected)) if error.taken.is_some() => {
            SyncError::SequenceTaken { expected, taken: error.taken.unwrap_or(expected) }
        }
        (status, _, expected) => SyncError::Server { status, code: error.code, message: error.message, expected },
    }
}

impl SyncClient {
    /// A client for the office at `base_url` (e.g. `https://office.example`) with a device token.
    ///
    /// Ops to and from an office across a network go gzip-compressed: JSON ops shrink
    /// about thirteen times, which pays many times over on a field link and still on a
    /// fast office network. With an office on this machine (loopback) they go as they are,
    /// both ways: there bytes cost nothing and compressing would only cost both ends time.
    pub fn new(base_url: &str, token: String) -> Result<SyncClient, SyncError> {
        let api = format!("{}{API_PREFIX}", base_url.trim_end_matches('/'));
        let on_this_machine = url::Url::parse(base_url).is_ok_and(|url| match url.host() {
            Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        });
        Ok(SyncClient {
            http: http_client(DEFAULT_REQUEST_TIMEOUT)?,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            api,
            token,
            chunks: Arc::new(ChunkSizer::new(DEFAULT_CHUNK_BYTES)),
            compress: !on_this_machine,
            versions: Versions::APP,
            office_version: Arc::new(AtomicU32::new(0)),
            office_clock: Arc::default(),
            app_version: reqwest::header::HeaderValue::from_static(APP_VERSION),
        })
    }

    /// Names `version` as this app's (the app's packaged version, which a release build
    /// may set apart from the crates'). A version that cannot be a header keeps the build's.
    pub fn with_app_version(mut self, version: &str) -> SyncClient {
        if let Ok(value) = reqwest::header::HeaderValue::from_str(version) {
            self.app_version = value;
        }
        self
    }

    /// This device's client for its office at another address (an office restored from a
    /// backup onto another machine): the same token, a fresh connection pool.
    pub fn for_office_at(&self, base_url: &str) -> Result<SyncClient, SyncError> {
        let mut moved = SyncClient::new(base_url, self.token.clone())?;
        moved.versions = self.versions;
        moved.app_version = self.app_version.clone();
        Ok(moved)
    }

    /// Speaks another protocol version (tests of an app and an office of two versions).
    pub fn with_versions(mut self, versions: Versions) -> SyncClient {
        self.versions = versions;
        self.office_version = Arc::new(AtomicU32::new(0));
        self
    }

    /// Requests may take `timeout` (see [`DEFAULT_REQUEST_TIMEOUT`]).
    pub fn with_request_timeout(mut self, timeout: Duration) -> Result<SyncClient, SyncError> {
        self.http = http_client(timeout)?;
        self.request_timeout = timeout;
        Ok(self)
    }

    /// Uploads blobs in chunks of at most `bytes` (at least 1; smaller on a slow link).
    pub fn with_chunk_bytes(mut self, bytes: usize) -> SyncClient {
        self.chunks = Arc::new(ChunkSizer::new(bytes));
        self
    }

    /// Compress or not, whatever the office's address says (an office behind a proxy
    /// that refuses compressed requests; a link emulated on loopback).
    pub fn with_compression(mut self, compress: bool) -> SyncClient {
        self.compress = compress;
        self
    }

    /// Whether ops go gzip-compressed on the wire.
    pub fn compresses(&self) -> bool {
        self.compress
    }

    /// Trades a one-time enrolment code for this device's token.
    pub async fn enrol(
        base_url: &str,
        code: &str,
        store: &Mutex<Store>,
        device_name: &str,
    ) -> Result<(SyncClient, EnrolResponse), SyncError> {
        let device_id = lock(store).device_id();
        let mut client = SyncClient::new(base_url, String::new())?;
        let request = EnrolRequest { code: code.to_owned(), device_id, device_name: device_name.to_owned() };
        let mut report = SyncReport::default();
        let enrol = client
            .http
            .post(format!("{}/enrol", client.api))
            .header(PROTOCOL_HEADER, client.versions.speaks)
            .header(APP_VERSION_HEADER, client.app_version.clone());
        let answer: EnrolResponse = client.send(enrol, Some(&request), &mut report).await?;
        client.token = answer.token.clone();
        Ok((client, answer))
    }

    /// One sync: the blobs the outbox refers to, then everything waiting in it, while pulling
    /// until caught up; then the photos of pulled attachments.
    pub async fn sync(
        &self,
        store: &Mutex<Store>,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<SyncReport, SyncError> {
        // Pushing and pulling run at once: they do not depend on each other (the office
        // never sends a device its own ops, and merging does not depend on order), and
        // each fills the other's waits for the office.
        let (mut pushing, mut pulling) = (SyncReport::default(), SyncReport::default());
        // An office this app has not heard from yet is asked its version first, so one
        // too old gets nothing of the outbox.
        if self.office_version.load(Ordering::Relaxed) == 0 {
            let health = self.authorised(self.http.get(format!("{}/health", self.api)));
            self.send_bytes::<()>(health, None, &mut pushing).await?;
        }
        // After a restore of the office: edits it refused for a record it lacked then,
        // which another device may have sent again since.
        let again = lock(store).resend_refused_since_office_restore()?;
        if again > 0 {
            tracing::info!(again, "sending again edits the restored office lacked a record for");
        }
        let ((), office_restored) = tokio::try_join!(
            async {
                self.upload_blobs(store, progress, &mut pushing).await?;
                self.push_restoring(store, progress, &mut pushing).await
            },
            self.pull(store, progress, &mut pulling),
        )?;
        // A restored copy numbered its outbox again while that pull ran: pull again from
        // the start, taking back this device's own ops the copy lacked.
        if lock(store).pull_start()?.recovering {
            self.pull(store, progress, &mut pulling).await?;
        }
        // The office was restored from a backup: the ops it lost went back into the
        // outbox while the push ran; they go up now (their photos first).
        if office_restored {
            self.upload_blobs(store, progress, &mut pushing).await?;
            self.push_restoring(store, progress, &mut pushing).await?;
        }
        let mut report = pushing;
        report += pulling;
        self.fetch_missing_blobs(store, &mut report).await?;
        Ok(report)
    }

    /// Pushes the outbox; if this device's files were restored from an older copy (the
    /// office holds other ops under numbers of the outbox), numbers those ops again after
    /// the office's last and pushes them. Nothing is asked of the person: the copy's ops the
    /// office has are answered as replays, the new ones follow the office's, and the pull
    /// brings back the device's own ops that the copy lacks. If instead the office was
    /// restored from a backup (it expects an op this device pushed before), the ops it
    /// lost go back into the outbox and up again, with the photos they name.
    async fn push_restoring(
        &self,
        store: &Mutex<Store>,
        progress: &(dyn Fn(Progress) + Sync),
        report: &mut SyncReport,
    ) -> Result<(), SyncError> {
        match self.push_outbox(store, progress, report).await {
            Err(SyncError::SequenceTaken { expected, taken }) => {
                tracing::warn!(expected, taken, "restored from an older copy: numbering the outbox again");
                lock(store).renumber_outbox(taken, expected)?;
                self.push_outbox(store, progress, report).await
            }
            Err(SyncError::SequenceGap { expected }) if lock(store).office_expects(expected)? => {
                tracing::warn!(
                    expected,
                    "the office lost ops of this device (restored from a backup): sending them again"
                );
                self.upload_blobs(store, progress, report).await?;
                self.push_outbox(store, progress, report).await
            }
            pushed => pushed,
        }
    }

    /// Pushes the outbox in batches, two on the way at once: the office applies one while
    /// the next crosses the wire and is parsed, and this device records the answer to one
    /// while the office applies the next. Answers are recorded in order.
    async fn push_outbox(
        &self,
        store: &Mutex<Store>,
        progress: &(dyn Fn(Progress) + Sync),
        report: &mut SyncReport,
    ) -> Result<(), SyncError> {
        let (device_id, total, mut batch, set_aside) = {
            let store = lock(store);
            let total = usize::try_from(store.outbox_len()?).unwrap_or(usize::MAX);
            (store.device_id(), total, store.outbox_json(0, FIRST_BATCH)?, store.blob_hashes_set_aside()?)
        };
        if batch.is_empty() {
            return Ok(());
        }
        // The attachments of blobs set aside go without their bytes: the office is told.
        let set_aside: Arc<str> = match set_aside.is_empty() {
            true => "".into(),
            false => format!(",\"blobs_set_aside\":{}", serde_json::Value::from(set_aside)).into(),
        };
        let spawn_push = |batch: &[LoggedOp]| self.spawn_push(device_id, batch, &set_aside);
        let mut in_flight = spawn_push(&batch);
        let mut overtaken = false;
        loop {
            let after = batch.last().map_or(0, |op| op.position);
            let next = lock(store).outbox_json(after, MAX_BATCH)?;
            let next_in_flight = (!next.is_empty()).then(|| spawn_push(&next));
            let answer = match landed(in_flight, report).await {
                // This batch reached the office before the one ahead of it, and was refused
                // whole for the gap; that one is answered now, so it goes again.
                Err(SyncError::SequenceGap { .. }) if overtaken => landed(spawn_push(&batch), report).await?,
                answer => answer?,
            };
            if answer.results.len() != batch.len() {
                return Err(SyncError::BadReply(format!("{} answers for {} ops", answer.results.len(), batch.len())));
            }
            lock(store).acknowledge_batch(&batch, &answer.results)?;
            report.pushed += answer.results.len();
            report.rejected +=
                answer.results.iter().filter(|r| matches!(r.outcome, OpOutcome::Rejected { .. })).count();
            progress(Progress::Pushing { sent: report.pushed, total });
            let Some(next_in_flight) = next_in_flight else { return Ok(()) };
            (batch, in_flight, overtaken) = (next, next_in_flight, true);
        }
    }

    /// Sends one batch of logged ops on its own task: a `PushRequest` written from the
    /// ops' JSON as logged, not parsed and written again; compressed (if it is) on that
    /// task, while this one goes on.
    /// `set_aside` is written after the ops as it is (empty, or the `blobs_set_aside` field).
    fn spawn_push(&self, device_id: uuid::Uuid, batch: &[LoggedOp], set_aside: &str) -> InFlight<PushResponse> {
        let capacity = batch.iter().map(|op| op.json.len() + 1).sum::<usize>() + set_aside.len() + 64;
        let mut body = String::with_capacity(capacity);
        body.push_str("{\"device_id\":\"");
        body.push_str(&device_id.to_string());
        body.push_str("\",\"ops\":[");
        for (i, op) in batch.iter().enumerate() {
            if i > 0 {
                body.push(',');
            }
            body.push_str(&op.json);
        }
        body.push(']');
        body.push_str(set_aside);
        body.push('}');
        let client = self.clone();
        in_flight(async move {
            let mut wire = SyncReport::default();
            let request = client.authorised(client.http.post(format!("{}/push", client.api)));
            let (request, body) = match client.compress.then(|| gzip(body.as_bytes())).flatten() {
                Some(gzipped) => (request.header(reqwest::header::CONTENT_ENCODING, "gzip"), gzipped),
                None => (request, body.into_bytes()),
            };
            (client.send_json(request, body, &mut wire).await, wire)
        })
    }

    /// Pulls pages until caught up, fetching the next page while this device applies the
    /// last one; each page is applied with its cursor in one transaction, in order.
    /// Answers whether the office said it was restored from a backup since the last pull:
    /// its own ops the office lost are then back in the outbox.
    async fn pull(
        &self,
        store: &Mutex<Store>,
        progress: &(dyn Fn(Progress) + Sync),
        report: &mut SyncReport,
    ) -> Result<bool, SyncError> {
        let start = lock(store).pull_start()?;
        let mut in_flight = self.spawn_page(start.since, start.epoch, start.own_after);
        let mut office_restored = false;
        loop {
            let page = landed(in_flight, report).await?;
            // The next page counts in the epoch this one named (a new one after a restore).
            let epoch = page.epoch.or(start.epoch);
            let next_in_flight = page.more.then(|| self.spawn_page(page.next, epoch, start.own_after));
            let ops: Vec<vigil_core::Op> = page.changes.into_iter().map(|change| change.op).collect();
            {
                let mut store = lock(store);
                if let Some(restored) = page.restored {
                    let again = store.office_lost_after(restored.held)?;
                    tracing::warn!(held = restored.held, again, "the office was restored from a backup: pulling again");
                    office_restored = true;
                }
                store.apply_remote_at(&ops, Some(page.next), self.office_now())?;
                // After the cursor: a cursor of the new epoch kept under the old one only
                // makes the next pull start further back.
                if let Some(epoch) = page.epoch {
                    store.set_office_epoch(epoch)?;
                }
                store.set_retention(page.retention_days)?;
            }
            report.pulled += ops.len();
            progress(Progress::Pulling { received: report.pulled });
            let Some(next_in_flight) = next_in_flight else { break };
            in_flight = next_in_flight;
        }
        if start.recovering {
            lock(store).recovered()?;
        }
        Ok(office_restored)
    }

    /// Fetches and parses one page of changes on its own task.
    /// `epoch`: the office's epoch `since` counts in (see `ChangesResponse::epoch`).
    /// `own_after`: this device's own ops numbered after it come back too (none, unless
    /// its files were restored from an older copy).
    fn spawn_page(&self, since: u64, epoch: Option<uuid::Uuid>, own_after: u64) -> InFlight<ChangesResponse> {
        let client = self.clone();
        in_flight(async move {
            let mut wire = SyncReport::default();
            let mut url = format!("{}/changes?since={since}&limit={MAX_BATCH}&own_after={own_after}", client.api);
            if let Some(epoch) = epoch {
                url.push_str(&format!("&epoch={epoch}"));
            }
            (client.send::<(), _>(client.authorised(client.http.get(url)), None, &mut wire).await, wire)
        })
    }

    /// Uploads the blobs the outbox refers to, and those set aside before, one at a time:
    /// only the blob going up is read (under the store's lock: in an encrypted store only
    /// the store can open the files) and held. One that cannot be read (its file gone or
    /// damaged) is set aside with the reason, and the sync goes on without it.
    async fn upload_blobs(
        &self,
        store: &Mutex<Store>,
        progress: &(dyn Fn(Progress) + Sync),
        report: &mut SyncReport,
    ) -> Result<(), SyncError> {
        let (hashes, total_bytes) = {
            let store = lock(store);
            let hashes = store.blobs_to_upload()?;
            let total_bytes: u64 = hashes.iter().map(|sha256| store.blob_len(sha256)).sum();
            (hashes, total_bytes)
        };
        let mut done = 0u64;
        for sha256 in hashes {
            let read = lock(store).read_blob(&sha256);
            let bytes = match read {
                Ok(bytes) => bytes,
                Err(error) => {
                    let (code, reason) = lock(store).set_blob_aside(&sha256, &error)?;
                    tracing::warn!(%sha256, %code, %reason, "photo or document set aside");
                    report.blobs_set_aside += 1;
                    continue;
                }
            };
            self.upload_blob(&sha256, &bytes, report, &|sent| {
                progress(Progress::Uploading { sent_bytes: done + sent, total_bytes: total_bytes.max(done + sent) });
            })
            .await?;
            lock(store).blob_sent(&sha256)?;
            done += bytes.len() as u64;
        }
        Ok(())
    }

    /// Sends one blob in chunks from the office's offset, telling `sent` how far it is.
    async fn upload_blob(
        &self,
        sha256: &str,
        bytes: &[u8],
        report: &mut SyncReport,
        sent: &(dyn Fn(u64) + Sync),
    ) -> Result<(), SyncError> {
        let url = format!("{}/blobs/{sha256}", self.api);
        let mut offset = self.blob_offset(&url, report).await?;
        let total = bytes.len() as u64;
        while let Some(offset_now) = offset {
            let start = usize::try_from(offset_now).unwrap_or(usize::MAX).min(bytes.len());
            let end = (start + self.chunks.next()).min(bytes.len());
            let size = end - start;
            let request = self
                .authorised(self.http.put(format!("{url}?offset={start}&total={total}")))
                .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
                .body(bytes[start..end].to_vec());
            report.bytes_sent += size as u64;
            let sent_at = std::time::Instant::now();
            let status: Result<BlobStatus, SyncError> = self.send::<(), _>(request, None, report).await;
            offset = match status {
                Ok(status) => {
                    self.chunks.went_up(size, sent_at.elapsed());
                    (!status.complete).then_some(status.offset)
                }
                // The office holds another offset of this device's upload: a chunk whose
                // answer was lost arrived, or an upload too old was deleted.
                Err(SyncError::Server { status: 409, expected: Some(expected), .. }) => Some(expected),
                // Too big a chunk for this link: the same bytes again, in a smaller one.
                Err(err) if err.is_too_slow() && self.chunks.took_too_long(size) => Some(offset_now),
                Err(err) => return Err(err),
            };
            sent(offset.unwrap_or(total));
        }
        Ok(())
    }

    /// How much of the blob the office holds for this device: `None` once it is complete.
    async fn blob_offset(&self, url: &str, report: &mut SyncReport) -> Result<Option<u64>, SyncError> {
        report.requests += 1;
        let response = self.checked(self.authorised(self.http.head(url)).send().await?)?;
        match response.status() {
            reqwest::StatusCode::UNAUTHORIZED => return Err(SyncError::Unauthorized("device token refused".into())),
            // Nothing of it this device may see yet: its upload starts at byte 0.
            reqwest::StatusCode::NOT_FOUND => return Ok(Some(0)),
            _ => {}
        }
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let complete = header("upload-complete").is_some_and(|v| v == "true");
        let offset = header("upload-offset").and_then(|v| v.parse().ok());
        match (response.status().is_success(), complete, offset) {
            (true, true, _) => Ok(None),
            (true, false, Some(offset)) => Ok(Some(offset)),
            _ => Err(SyncError::BadReply(format!("blob status {} without an offset", response.status()))),
        }
    }

    /// Fetches the photos and documents of pulled attachments. One the office does not
    /// have whole yet (404: its uploader is still sending it) waits for the next sync.
    async fn fetch_missing_blobs(&self, store: &Mutex<Store>, report: &mut SyncReport) -> Result<(), SyncError> {
        let missing = lock(store).blobs_to_fetch()?;
        for sha256 in missing {
            report.requests += 1;
            match self.fetch_blob(store, &sha256).await {
                Ok(bytes) => report.bytes_received += bytes,
                Err(SyncError::Server { status: 404, .. }) => {}
                Err(error) => return Err(error),
            }
        }
        Ok(())
    }

    /// Fetches a blob this device may see (a colleague's photo) into the store; answers
    /// its size.
    pub async fn fetch_blob(&self, store: &Mutex<Store>, sha256: &str) -> Result<u64, SyncError> {
        let bytes = self.download(&format!("{}/blobs/{sha256}", self.api), u64::MAX).await?;
        lock(store).save_blob(sha256, &bytes)?;
        Ok(bytes.len() as u64)
    }

    /// A file's bytes (a photo, an app bundle): it takes as long as the link needs, as long
    /// as its bytes keep coming, and stops reading past `most` bytes.
    async fn download(&self, url: &str, most: u64) -> Result<Vec<u8>, SyncError> {
        let stalled = |_| SyncError::Stalled(self.request_timeout);
        let request = self.authorised(self.http.get(url)).timeout(DOWNLOAD_LIMIT);
        let mut response =
            self.checked(tokio::time::timeout(self.request_timeout, request.send()).await.map_err(stalled)??)?;
        let status = response.status();
        let mut bytes = Vec::new();
        while let Some(chunk) =
            tokio::time::timeout(self.request_timeout, response.chunk()).await.map_err(stalled)??
        {
            bytes.extend_from_slice(&chunk);
            if bytes.len() as u64 > most && status.is_success() {
                break;
            }
        }
        if !status.is_success() {
            return Err(api_error(status, &bytes));
        }
        Ok(bytes)
    }

    /// The newest app release the office offers its devices, if any (`None`: nothing
    /// published). Whether it is newer than this app is the app's to judge.
    pub async fn latest_release(&self) -> Result<Option<Release>, SyncError> {
        let request = self.authorised(self.http.get(format!("{}/releases/latest", self.api)));
        let response = self.checked(request.send().await?)?;
        let status = response.status();
        let bytes = response.bytes().await?;
        match status {
            reqwest::StatusCode::NO_CONTENT => Ok(None),
            status if status.is_success() => {
                serde_json::from_slice(&bytes).map(Some).map_err(|err| SyncError::BadReply(err.to_string()))
            }
            status => Err(api_error(status, &bytes)),
        }
    }

    /// The bundle of `release`, checked against the size and SHA-256 the office announced
    /// (its signature is the updater's to check). It is asked for by version under this
    /// office's own address, never at a path the answer names.
    pub async fn fetch_release(&self, release: &Release) -> Result<Vec<u8>, SyncError> {
        let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+');
        if release.version.is_empty() || !release.version.chars().all(plain) {
            return Err(SyncError::BadReply(format!("{:?} is not a release version", release.version)));
        }
        let url = format!("{}/releases/{}/file", self.api, release.version);
        let bytes = self.download(&url, release.size).await?;
        let sha256 = hex::encode(sha2::Sha256::digest(&bytes));
        if bytes.len() as u64 != release.size || sha256 != release.sha256 {
            return Err(SyncError::BadReply(format!(
                "release {} came as {} bytes with SHA-256 {sha256}, not the {} bytes and {} announced",
                release.version,
                bytes.len(),
                release.size,
                release.sha256
            )));
        }
        Ok(bytes)
    }

    /// `response`, unless it is a redirect ([`http_client`] follows none) or comes from an
    /// office older than this app syncs with. A success without the version header is
    /// from an office of version 1; an error without it may be a proxy's, read as such.
    fn checked(&self, response: reqwest::Response) -> Result<reqwest::Response, SyncError> {
        let response = not_redirected(response)?;
        self.note_office_time(&response);
        let header = response.headers().get(PROTOCOL_HEADER).map(|value| value.to_str().unwrap_or("?"));
        if header.is_none() && !response.status().is_success() {
            return Ok(response);
        }
        let office = version_in_header(header).unwrap_or(0);
        if office < self.versions.oldest_peer {
            let Versions { speaks: app, oldest_peer: oldest } = self.versions;
            return Err(SyncError::OfficeTooOld(VersionMismatch { app, office, oldest }));
        }
        self.office_version.store(office, Ordering::Relaxed);
        Ok(response)
    }

    /// The office's time now, in Unix milliseconds, as its last answer told it (its `Date`,
    /// to the second) plus the time since; `None` before any answer.
    pub fn office_now(&self) -> Option<u64> {
        let (millis, at) = (*self.office_clock.lock().unwrap_or_else(|poisoned| poisoned.into_inner()))?;
        Some(millis + u64::try_from(at.elapsed().as_millis()).unwrap_or(0))
    }

    fn note_office_time(&self, response: &reqwest::Response) {
        let date = response.headers().get(reqwest::header::DATE).and_then(|value| value.to_str().ok());
        let millis = date
            .and_then(|text| chrono::DateTime::parse_from_rfc2822(text).ok())
            .and_then(|at| u64::try_from(at.timestamp_millis()).ok());
        if let Some(millis) = millis {
            *self.office_clock.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) =
                Some((millis, std::time::Instant::now()));
        }
    }

    /// A request with this device's token and this app's protocol version, asking for
    /// answers as they are when the office is on this machine (see [`SyncClient::new`]).
    fn authorised(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        let request = request
            .bearer_auth(&self.token)
            .header(PROTOCOL_HEADER, self.versions.speaks)
            .header(APP_VERSION_HEADER, self.app_version.clone());
        if self.compress { request } else { request.header(reqwest::header::ACCEPT_ENCODING, "identity") }
    }

    /// Sends one request, counting it and its body bytes, and reads the JSON answer or the
    /// office's `{code, message}` error.
    async fn send<B: Serialize, T: DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
        body: Option<&B>,
        report: &mut SyncReport,
    ) -> Result<T, SyncError> {
        let bytes = self.send_bytes(request, body, report).await?;
        serde_json::from_slice(&bytes).map_err(|err| SyncError::BadReply(err.to_string()))
    }

    /// [`SyncClient::send`] with a body already written as JSON (and maybe compressed).
    async fn send_json<T: DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
        body: Vec<u8>,
        report: &mut SyncReport,
    ) -> Result<T, SyncError> {
        report.bytes_sent += body.len() as u64;
        let request = request.header(reqwest::header::CONTENT_TYPE, "application/json").body(body);
        let bytes = self.send_bytes::<()>(request, None, report).await?;
        serde_json::from_slice(&bytes).map_err(|err| SyncError::BadReply(err.to_string()))
    }

    /// [`SyncClient::send`] answering the body of a successful reply unparsed.
    async fn send_bytes<B: Serialize>(
        &self,
        request: reqwest::RequestBuilder,
        body: Option<&B>,
        report: &mut SyncReport,
    ) -> Result<Vec<u8>, SyncError> {
        let request = match body {
            Some(body) => {
                let bytes = serde_json::to_vec(body).map_err(|err| SyncError::BadReply(err.to_string()))?;
                report.bytes_sent += bytes.len() as u64;
                request.header(reqwest::header::CONTENT_TYPE, "application/json").body(bytes)
            }
            None => request,
        };
        report.requests += 1;
        let response = self.checked(request.send().await?)?;
        let status = response.status();
        let bytes = response.bytes().await?;
        report.bytes_received += bytes.len() as u64;
        if status.is_success() {
            return Ok(bytes.into());
        }
        Err(api_error(status, &bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ops_go_compressed_to_and_from_an_office_across_a_network_and_plain_on_this_machine() {
        let compresses = |url: &str| SyncClient::new(url, String::new()).expect("client").compresses();
        for across in ["https://office.npm.example", "https://10.0.4.2:8750", "http://[2001:db8::1]:8750"] {
            assert!(compresses(across), "{across}");
        }
        for here in ["http://127.0.0.1:8750", "http://localhost:8750/", "http://LOCALHOST", "http://[::1]:8750"] {
            assert!(!compresses(here), "{here}");
        }
        let forced = SyncClient::new("http://127.0.0.1:1", String::new()).expect("client").with_compression(true);
        assert!(forced.compresses());
    }

    #[test]
    fn gzip_round_trips() {
        let body = br#"{"device_id":"x","ops":[]}"#.repeat(100);
        let packed = gzip(&body).expect("compressed");
        assert!(packed.len() < body.len() / 10);
        let mut unpacked = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&packed[..]), &mut unpacked).expect("inflate");
        assert_eq!(unpacked, body);
    }
}
