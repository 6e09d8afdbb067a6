//! What the app holds while it runs: the device store, where it lives, whether it is
//! unlocked ([`crate::lock`]), and the device's sync with the central office ([`crate::sync`]).
//!
//! The store is always encrypted and the app starts **locked**: until the person gives
//! the passphrase (or sets one on first start), there is no store and every command that
//! needs it answers `locked`. Locking drops the store, and with it the keys derived
//! from the master key; the master key itself is dropped as soon as the store is open.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use vigil_store::{Store, StoreError};

use crate::error::AppError;
use crate::sync::{Emit, SyncService};

/// The environment variable that overrides the device data directory (tests,
/// screenshots, a second device on one machine).
pub const DATA_DIR_ENV: &str = "VIGIL_DATA_DIR";

/// The store file's name inside the data directory.
pub const STORE_FILE: &str = "device.db";

/// Shared by every command and the sync task. One connection behind a mutex: commands
/// are short and SQLite serialises writers anyway. The connection sits in an `Arc` of
/// its own so a sync can hold it across network waits while locking it only for each
/// local step (`vigil_sync` takes a `&Mutex<Store>`).
#[derive(Debug)]
pub struct AppState {
    data_dir: Option<PathBuf>,
    /// `None` while locked.
    store: Mutex<Option<Arc<Mutex<Store>>>>,
    /// When the person last did something; the idle timer counts from here.
    pub(crate) last_activity: Mutex<Instant>,
    /// Idle time before the device locks by itself.
    pub(crate) auto_lock: Mutex<Duration>,
    pub(crate) sync: SyncService,
    /// Where reports and exports are written (none: exporting is refused, saying why).
    pub(crate) export_dir: Option<PathBuf>,
    /// This app's version and the newer one its office offers.
    pub(crate) updates: crate::updates::Updates,
}

impl AppState {
    /// State for the store in `data_dir` (none: the platform gave no directory), locked.
    /// Sync status changes go nowhere until [`Self::with_emitter`].
    pub fn new(data_dir: Option<PathBuf>) -> Self {
        let auto_lock = crate::lock::read_auto_lock(data_dir.as_deref());
        Self {
            data_dir,
            store: Mutex::new(None),
            last_activity: Mutex::new(Instant::now()),
            auto_lock: Mutex::new(auto_lock),
            sync: SyncService::default(),
            export_dir: None,
            updates: crate::updates::Updates::default(),
        }
    }

    /// Names `updates`' version to the office and offers what it accepts.
    pub fn with_updates(mut self, updates: crate::updates::Updates) -> Self {
        self.updates = updates;
        self
    }

    /// Writes reports and exports to `dir`.
    pub fn with_export_dir(mut self, dir: Option<PathBuf>) -> Self {
        self.export_dir = dir;
        self
    }

    /// Sends every sync status change to `emit` (the app: a `sync-status` event).
    pub fn with_emitter(mut self, emit: Emit) -> Self {
        self.sync.set_emitter(emit);
        self
    }

    /// Runs `query` on the store; `locked` while locked.
    pub fn with_store<T>(&self, query: impl FnOnce(&mut Store) -> Result<T, StoreError>) -> Result<T, AppError> {
        let store = self.store_handle()?;
        let mut guard = store.lock().map_err(|_| AppError::Poisoned)?;
        Ok(query(&mut guard)?)
    }

    /// The shared store; `locked` while locked.
    pub fn store_handle(&self) -> Result<Arc<Mutex<Store>>, AppError> {
        let guard = self.store.lock().map_err(|_| AppError::Poisoned)?;
        guard.clone().ok_or(AppError::DeviceLocked)
    }

    pub fn is_locked(&self) -> bool {
        self.store.lock().map(|store| store.is_none()).unwrap_or(true)
    }

    /// The data directory, created if needed.
    pub(crate) fn dir(&self) -> Result<&Path, AppError> {
        let dir = self.data_dir.as_deref().ok_or(AppError::NoDataDir)?;
        std::fs::create_dir_all(dir).map_err(|source| AppError::DataDir { dir: dir.to_owned(), source })?;
        Ok(dir)
    }

    /// Opens the encrypted store with `key` and keeps it; the caller drops the key.
    pub(crate) fn open_with(&self, key: &vigil_store::vault::MasterKey) -> Result<(), AppError> {
        let path = self.dir()?.join(STORE_FILE);
        let store = Store::open_encrypted(&path, key).map_err(|source| AppError::Open { path, source })?;
        *self.store.lock().map_err(|_| AppError::Poisoned)? = Some(Arc::new(Mutex::new(store)));
        Ok(())
    }

    /// Drops the store (a sync running keeps its handle until its current step ends).
    pub(crate) fn close(&self) {
        let mut store = self.store.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *store = None;
    }
}

/// The data directory: `VIGIL_DATA_DIR` when set and not empty, else `default`
/// (the platform's app data directory).
pub fn data_dir(env_value: Option<std::ffi::OsString>, default: impl FnOnce() -> Option<PathBuf>) -> Option<PathBuf> {
    match env_value {
        Some(value) if !value.is_empty() => Some(PathBuf::from(value)),
        _ => default(),
    }
}

#[cfg(test)]
mod tests {
    use super::{AppState, STORE_FILE, data_dir};
    use std::path::PathBuf;

    #[test]
    fn starts_locked_and_opens_an_encrypted_store_once_a_passphrase_is_set() {
        let dir = tempfile::tempdir().expect("dir");
        let state = AppState::new(Some(dir.path().to_owned()));
        assert!(state.is_locked());
        assert_eq!(state.with_store(|store| store.places()).expect_err("locked").code(), vigil_core::Code::Locked);
        state.create_vault("correct horse battery").expect("creates");
        assert!(state.with_store(|store| store.places()).expect("queries").is_empty());
        let header = std::fs::read(dir.path().join(STORE_FILE)).expect("store file");
        assert!(!header.starts_with(b"SQLite format 3"), "the store file is encrypted");
    }

    #[test]
    fn a_store_that_cannot_open_answers_every_command() {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("not-a-dir");
        std::fs::write(&file, b"a file where the directory should be").expect("temp file");
        let state = AppState::new(Some(file.clone()));
        let error = state.create_vault("correct horse battery").expect_err("no directory");
        assert_eq!(error.code(), vigil_core::Code::Store);
        assert!(error.to_string().contains(&file.display().to_string()));
    }

    #[test]
    fn no_data_dir_is_a_store_error() {
        let state = AppState::new(None);
        assert_eq!(state.create_vault("correct horse battery").expect_err("nowhere").code(), vigil_core::Code::Store);
        assert_eq!(state.with_store(|_| Ok(())).expect_err("locked").code(), vigil_core::Code::Locked);
    }

    #[test]
    fn env_var_wins_over_the_platform_dir() {
        let dir = data_dir(Some("/tmp/vigil-a".into()), || Some(PathBuf::from("/home/x")));
        assert_eq!(dir, Some(PathBuf::from("/tmp/vigil-a")));
    }

    #[test]
    fn empty_env_var_falls_back_to_the_platform_dir() {
        let dir = data_dir(Some("".into()), || Some(PathBuf::from("/home/x")));
        assert_eq!(dir, Some(PathBuf::from("/home/x")));
        assert_eq!(data_dir(None, || None), None);
    }
}
