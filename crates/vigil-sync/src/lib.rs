//! The device's side of sync. One [`SyncClient::sync`] pushes the outbox in batches (oldest
//! first, so `device_seq` arrives without gaps), records the central office's answer for
//! each op (accepted, or rejected with a reason into the visible list), then pulls pages
//! of changes until caught up, each page applied with its cursor in one transaction.
//!
//! The store is shared behind a mutex and locked only for each local step, never across a
//! network wait, so the app stays responsive while a sync runs.

pub mod schedule;

use std::sync::Mutex;
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;
use vigil_core::protocol::{
    API_PREFIX, ApiError, ChangesResponse, EnrolRequest, EnrolResponse, MAX_BATCH, OpOutcome, PushRequest, PushResponse,
};
use vigil_store::{Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("cannot reach the central office: {0}")]
    Network(#[from] reqwest::Error),
    #[error("the central office refused this device: {0}")]
    Unauthorized(String),
    #[error("the central office answered {status}: {message} ({code})")]
    Server { status: u16, code: String, message: String },
    #[error("the central office expects op {expected} of this device next; the outbox starts elsewhere")]
    SequenceGap { expected: u64 },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the central office sent a reply that is not valid: {0}")]
    BadReply(String),
}

impl SyncError {
    /// Worth trying again later (the network or the office may come back).
    pub fn is_transient(&self) -> bool {
        match self {
            SyncError::Network(_) => true,
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
    pub requests: usize,
    pub bytes_sent: u64,
    pub bytes_received: u64,
}

/// Progress for the UI while a sync runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "phase", rename_all = "snake_case")]
pub enum Progress {
    Pushing { sent: usize, total: usize },
    Pulling { received: usize },
}

#[derive(Debug, Clone)]
pub struct SyncClient {
    http: reqwest::Client,
    api: String,
    token: String,
}

fn lock(store: &Mutex<Store>) -> std::sync::MutexGuard<'_, Store> {
    store.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn http_client() -> Result<reqwest::Client, SyncError> {
    Ok(reqwest::Client::builder().connect_timeout(Duration::from_secs(10)).timeout(Duration::from_secs(120)).build()?)
}

impl SyncClient {
    /// A client for the office at `base_url` (e.g. `https://office.example`) with a device token.
    pub fn new(base_url: &str, token: String) -> Result<SyncClient, SyncError> {
        Ok(SyncClient { http: http_client()?, api: format!("{}{API_PREFIX}", base_url.trim_end_matches('/')), token })
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
        let answer: EnrolResponse =
            client.send(client.http.post(format!("{}/enrol", client.api)), Some(&request), &mut report).await?;
        client.token = answer.token.clone();
        Ok((client, answer))
    }

    /// One sync: push everything waiting, then pull until caught up.
    pub async fn sync(
        &self,
        store: &Mutex<Store>,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<SyncReport, SyncError> {
        let mut report = SyncReport::default();
        self.push_outbox(store, progress, &mut report).await?;
        self.pull(store, progress, &mut report).await?;
        Ok(report)
    }

    async fn push_outbox(
        &self,
        store: &Mutex<Store>,
        progress: &(dyn Fn(Progress) + Sync),
        report: &mut SyncReport,
    ) -> Result<(), SyncError> {
        let (device_id, total) = {
            let store = lock(store);
            (store.device_id(), usize::try_from(store.outbox_len()?).unwrap_or(usize::MAX))
        };
        loop {
            let ops = lock(store).outbox(MAX_BATCH)?;
            if ops.is_empty() {
                return Ok(());
            }
            let request = PushRequest { device_id, ops };
            let answer: PushResponse = self
                .send(self.authorised(self.http.post(format!("{}/push", self.api))), Some(&request), report)
                .await?;
            if answer.results.len() != request.ops.len() {
                return Err(SyncError::BadReply(format!(
                    "{} answers for {} ops",
                    answer.results.len(),
                    request.ops.len()
                )));
            }
            lock(store).acknowledge(&answer.results)?;
            report.pushed += answer.results.len();
            report.rejected +=
                answer.results.iter().filter(|r| matches!(r.outcome, OpOutcome::Rejected { .. })).count();
            progress(Progress::Pushing { sent: report.pushed, total });
        }
    }

    async fn pull(
        &self,
        store: &Mutex<Store>,
        progress: &(dyn Fn(Progress) + Sync),
        report: &mut SyncReport,
    ) -> Result<(), SyncError> {
        loop {
            let since = lock(store).pull_cursor()?;
            let url = format!("{}/changes?since={since}&limit={MAX_BATCH}", self.api);
            let page: ChangesResponse = self.send::<(), _>(self.authorised(self.http.get(url)), None, report).await?;
            let ops: Vec<_> = page.changes.into_iter().map(|c| c.op).collect();
            lock(store).apply_remote(&ops, Some(page.next))?;
            report.pulled += ops.len();
            progress(Progress::Pulling { received: report.pulled });
            if !page.more {
                return Ok(());
            }
        }
    }

    fn authorised(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        request.bearer_auth(&self.token)
    }

    /// Sends one request, counting it and its body bytes, and reads the JSON answer or the
    /// office's `{code, message}` error.
    async fn send<B: Serialize, T: DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
        body: Option<&B>,
        report: &mut SyncReport,
    ) -> Result<T, SyncError> {
        let request = match body {
            Some(body) => {
                let bytes = serde_json::to_vec(body).map_err(|err| SyncError::BadReply(err.to_string()))?;
                report.bytes_sent += bytes.len() as u64;
                request.header(reqwest::header::CONTENT_TYPE, "application/json").body(bytes)
            }
            None => request,
        };
        report.requests += 1;
        let response = request.send().await?;
        let status = response.status();
        let bytes = response.bytes().await?;
        report.bytes_received += bytes.len() as u64;
        if status.is_success() {
            return serde_json::from_slice(&bytes).map_err(|err| SyncError::BadReply(err.to_string()));
        }
        let error: ApiError = serde_json::from_slice(&bytes).unwrap_or_else(|_| ApiError {
            code: "http".into(),
            message: String::from_utf8_lossy(&bytes).chars().take(200).collect(),
            expected_seq: None,
        });
        Err(match (status.as_u16(), error.expected_seq) {
            (401, _) => SyncError::Unauthorized(error.message),
            (409, Some(expected)) => SyncError::SequenceGap { expected },
            (status, _) => SyncError::Server { status, code: error.code, message: error.message },
        })
    }
}
