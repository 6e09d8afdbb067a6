//! The device's sync with the central office, as the app runs it: the client made from
//! the saved settings, the status the header's badge shows, and the task that syncs on
//! a timer (`vigil_sync::schedule`) or when asked. Every status change goes to the UI as
//! a `sync-status` event; `sync_status` answers the same snapshot on request.
//!
//! States: `not_enrolled` (no client), `syncing`, `synced` (the last attempt worked),
//! `offline` (the last attempt failed in a way that passes; retrying by itself, or not
//! tried yet since start) and `error` (a failure waiting cannot fix, e.g. the device was
//! revoked: shown, and retried only when the person asks).

use std::sync::{Mutex, MutexGuard, PoisonError};

use serde::Serialize;
use tokio::sync::Notify;
use vigil_sync::schedule::{Outcome, Scheduler, drive};
use vigil_sync::{Progress, SyncClient};

use crate::enrolment::{
    DEVICE_TOKEN, ENROL_CODE_ENV, LAST_SYNCED_AT, SERVER_URL, SERVER_URL_ENV, client_from_settings, device_name,
    env_enrolment, hostname, validate_enrolment,
};
use crate::error::AppError;
use crate::identity::{ROLE, USER_ID, role_name};
use crate::state::AppState;

/// The event the UI listens to; its payload is a [`SyncStatus`].
pub const SYNC_STATUS_EVENT: &str = "sync-status";

/// Where status changes go (the app: a Tauri event).
pub type Emit = Box<dyn Fn(&SyncStatus) + Send + Sync>;

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncState {
    #[default]
    NotEnrolled,
    Offline,
    Syncing,
    Synced,
    Error,
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Uploading,
    #[default]
    Pushing,
    Pulling,
}

/// How far the running sync is: local changes sent of those waiting, then changes received.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SyncProgress {
    pub phase: Phase,
    /// Bytes of photos and documents sent, of those to send.
    pub sent_bytes: u64,
    pub total_bytes: u64,
    pub sent: usize,
    pub total: usize,
    pub received: usize,
}

/// An error as the UI gets it: the `AppError` code it branches on, and the words.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorInfo {
    pub code: vigil_core::Code,
    pub message: String,
    /// What went wrong with the office, for the UI to word in the person's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub trouble: Option<crate::trouble::Trouble>,
}

impl From<&AppError> for ErrorInfo {
    fn from(error: &AppError) -> Self {
        ErrorInfo { code: error.code(), message: error.to_string(), trouble: error.trouble() }
    }
}

/// What the badge and the sync panel show.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncStatus {
    pub enrolled: bool,
    pub server_url: Option<String>,
    pub state: SyncState,
    pub last_synced_at: Option<String>,
    pub progress: Option<SyncProgress>,
    /// Local changes the central office does not have yet.
    pub outbox: u64,
    pub conflicts: u64,
    pub rejected: u64,
    /// Photos and documents set aside: their file is gone or damaged on this device.
    pub blobs_set_aside: u64,
    pub error: Option<ErrorInfo>,
    /// A newer version of the app that the office offers.
    pub update: Option<crate::updates::UpdateOffer>,
    /// This app's version, as packaged.
    pub app_version: String,
}

/// The sync half of [`AppState`].
pub struct SyncService {
    live: Mutex<Live>,
    /// "Sync now" or an unlock: wakes the sync task from its wait.
    pub(crate) wake: Notify,
    emit: Emit,
}

/// What is known in memory; the counts come from the store at each snapshot.
#[derive(Debug, Default)]
struct Live {
    /// The settings were read from the store (which may have failed to open at start).
    loaded: bool,
    client: Option<SyncClient>,
    server_url: Option<String>,
    state: SyncState,
    last_synced_at: Option<String>,
    progress: Option<SyncProgress>,
    error: Option<ErrorInfo>,
}

impl Default for SyncService {
    fn default() -> Self {
        SyncService { live: Mutex::default(), wake: Notify::new(), emit: Box::new(|_| {}) }
    }
}

impl std::fmt::Debug for SyncService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncService").field("live", &self.live).finish_non_exhaustive()
    }
}

impl SyncService {
    pub(crate) fn set_emitter(&mut self, emit: Emit) {
        self.emit = emit;
    }

    /// Forgets what was read from the store (the client holds the device token): on lock.
    pub(crate) fn forget(&self) {
        *self.live() = Live::default();
    }

    /// The status is display data: a panic elsewhere must not hide it for good.
    fn live(&self) -> MutexGuard<'_, Live> {
        self.live.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl AppState {
    /// Reads the saved address and token once, making the client.
    pub(crate) fn load_sync_settings(&self) -> Result<(), AppError> {
        if self.sync.live().loaded {
            return Ok(());
        }
        let (url, token, last) = self.with_store(|store| {
            Ok((store.setting(SERVER_URL)?, store.setting(DEVICE_TOKEN)?, store.setting(LAST_SYNCED_AT)?))
        })?;
        let client = client_from_settings(url.as_deref(), token.as_deref())?
            .map(|client| client.with_app_version(self.updates.app_version()));
        let mut live = self.sync.live();
        if !live.loaded {
            live.loaded = true;
            live.state = if client.is_some() { SyncState::Offline } else { SyncState::NotEnrolled };
            live.client = client;
            live.server_url = url;
            live.last_synced_at = last;
        }
        Ok(())
    }

    /// The client of the enrolled device (sharing the sync's connections) and its office's
    /// address, once loaded.
    pub(crate) fn sync_client(&self) -> Option<(SyncClient, String)> {
        let live = self.sync.live();
        Some((live.client.clone()?, live.server_url.clone()?))
    }

    pub fn is_enrolled(&self) -> bool {
        self.load_sync_settings().is_ok() && self.sync.live().client.is_some()
    }

    /// The status now, with the store's counts of waiting changes, conflicts and rejections.
    pub fn sync_status(&self) -> Result<SyncStatus, AppError> {
        self.load_sync_settings()?;
        let (outbox, conflicts, rejected, blobs_set_aside) = self.with_store(|store| {
            let set_aside = store.blob_hashes_set_aside()?.len() as u64;
            Ok((store.outbox_len()?, store.conflict_count()?, store.rejected_count()?, set_aside))
        })?;
        let live = self.sync.live();
        Ok(SyncStatus {
            enrolled: live.client.is_some(),
            server_url: live.server_url.clone(),
            state: live.state,
            last_synced_at: live.last_synced_at.clone(),
            progress: live.progress,
            outbox,
            conflicts,
            rejected,
            blobs_set_aside,
            error: live.error.clone(),
            update: self.updates.offer(),
            app_version: self.updates.app_version().to_owned(),
        })
    }

    /// Sends the status to the UI. A store that cannot answer is already shown by the
    /// command that failed on it; the event is skipped.
    pub(crate) fn publish(&self) {
        match self.sync_status() {
            Ok(status) => (self.sync.emit)(&status),
            // The lock screen is up; the status comes again after the unlock.
            Err(AppError::DeviceLocked) => {}
            Err(error) => eprintln!("vigil: sync status: {error}"),
        }
    }

    /// "Sync now": wakes the sync task, which syncs at once (or right after the sync running).
    pub fn request_sync(&self) -> Result<(), AppError> {
        self.load_sync_settings()?;
        if self.sync.live().client.is_none() {
            return Err(AppError::NotEnrolled);
        }
        self.sync.wake.notify_one();
        Ok(())
    }

    /// After a step that others wait for (a visit submitted, returned, approved): sync at
    /// once rather than at the next tick, if the device is enrolled at all.
    pub(crate) fn sync_soon(&self) {
        if self.sync.live().client.is_some() {
            self.sync.wake.notify_one();
        }
    }

    /// One sync, recorded in the status; says when to try again.
    pub async fn sync_once(&self) -> Outcome {
        // Nothing to sync with while locked; an unlock wakes the task.
        if self.is_locked() {
            return Outcome::Wait;
        }
        if let Err(error) = self.load_sync_settings() {
            self.record(SyncState::Error, Some(&error));
            // The store may open later (a full disk cleared): keep trying, slowly.
            return Outcome::Retry;
        }
        let Some(client) = self.sync.live().client.clone() else {
            // Keeps the error of a failed enrolment on show.
            self.sync.live().state = SyncState::NotEnrolled;
            self.publish();
            return Outcome::Wait;
        };
        let store = match self.store_handle() {
            Ok(store) => store,
            Err(error) => {
                self.record(SyncState::Error, Some(&error));
                return Outcome::Retry;
            }
        };
        {
            let mut live = self.sync.live();
            live.state = SyncState::Syncing;
            live.progress = None;
        }
        self.publish();
        let result = client.sync(&store, &|progress| self.on_progress(progress)).await;
        let outcome = Outcome::of(&result);
        // Offline for weeks in the field, the period runs all the same.
        self.purge_expired();
        match result {
            Ok(report) => {
                // No names or contents: counts only (scripts/app-smoke.sh reads this line).
                eprintln!("vigil: synced: {} sent, {} received", report.pushed, report.pulled);
                let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
                if let Err(error) = self.with_store(|store| store.set_setting(LAST_SYNCED_AT, &now)) {
                    eprintln!("vigil: cannot save the time of the last sync: {error}");
                }
                self.sync.live().last_synced_at = Some(now);
                self.check_for_update(&client).await;
                self.record(SyncState::Synced, None);
            }
            Err(error) => {
                eprintln!("vigil: sync failed: {error}");
                let state = if error.is_transient() { SyncState::Offline } else { SyncState::Error };
                self.record(state, Some(&AppError::from(error)));
            }
        }
        outcome
    }

    fn on_progress(&self, progress: Progress) {
        {
            let mut live = self.sync.live();
            let mut now = live.progress.unwrap_or_default();
            match progress {
                Progress::Uploading { sent_bytes, total_bytes } => {
                    now.phase = Phase::Uploading;
                    now.sent_bytes = sent_bytes;
                    now.total_bytes = total_bytes;
                }
                Progress::Pushing { sent, total } => {
                    now.phase = Phase::Pushing;
                    now.sent = sent;
                    now.total = total;
                }
                Progress::Pulling { received } => {
                    now.phase = Phase::Pulling;
                    now.received = received;
                }
            }
            live.progress = Some(now);
        }
        self.publish();
    }

    fn record(&self, state: SyncState, error: Option<&AppError>) {
        {
            let mut live = self.sync.live();
            live.state = state;
            live.progress = None;
            live.error = error.map(ErrorInfo::from);
        }
        self.publish();
    }

    /// Trades a one-time code for this device's token, saves the address and the token,
    /// and wakes the sync task to sync at once.
    pub async fn enrol(&self, server_url: &str, code: &str, device_name: &str) -> Result<SyncStatus, AppError> {
        self.save_enrolment(server_url, code, device_name).await?;
        self.sync.wake.notify_one();
        self.sync_status()
    }

    /// Enrols and keeps the client and settings, without waking the sync task.
    async fn save_enrolment(&self, server_url: &str, code: &str, device_name: &str) -> Result<(), AppError> {
        let (url, code) = validate_enrolment(server_url, code)?;
        let store = self.store_handle()?;
        let (client, answer) = SyncClient::enrol(&url, &code, &store, device_name).await?;
        self.with_store(|store| {
            store.set_setting(SERVER_URL, &url)?;
            store.set_setting(DEVICE_TOKEN, &answer.token)?;
            // Who uses the device: every local edit is made as this user.
            store.set_setting(USER_ID, &answer.user_id.to_string())?;
            store.set_setting(ROLE, &role_name(answer.role))
        })?;
        self.load_sync_settings()?;
        {
            let mut live = self.sync.live();
            live.client = Some(client.with_app_version(self.updates.app_version()));
            live.server_url = Some(url);
            live.state = SyncState::Offline;
            live.error = None;
        }
        self.publish();
        Ok(())
    }

    /// Enrols from `VIGIL_SERVER_URL` and `VIGIL_ENROL_CODE` when set and not enrolled
    /// yet; a failure shows in the status (never a panic), and the settings form stays.
    /// Runs before the sync loop, whose first sync follows at once.
    pub async fn enrol_from_env(&self) {
        if self.is_locked() {
            return;
        }
        let env = |name| std::env::var(name).ok();
        let Some((url, code)) = env_enrolment(env(SERVER_URL_ENV), env(ENROL_CODE_ENV), self.is_enrolled()) else {
            return;
        };
        if let Err(error) = self.save_enrolment(&url, &code, &device_name(hostname())).await {
            eprintln!("vigil: enrolment with {url} failed: {error}");
            let mut live = self.sync.live();
            live.server_url.get_or_insert(url);
            drop(live);
            self.record(SyncState::NotEnrolled, Some(&error));
        }
    }

    /// The sync task: enrols from the environment if asked (at the first sync after an
    /// unlock), then syncs now and on the schedule for as long as the app runs. While
    /// locked it waits and holds nothing of the store.
    pub async fn run_sync(&self, scheduler: Scheduler) {
        let env_tried = std::sync::atomic::AtomicBool::new(false);
        let attempt = || async {
            if !self.is_locked() && !env_tried.swap(true, std::sync::atomic::Ordering::Relaxed) {
                self.enrol_from_env().await;
            }
            self.sync_once().await
        };
        drive(scheduler, &self.sync.wake, rand::random::<f64>, attempt).await;
    }
}
