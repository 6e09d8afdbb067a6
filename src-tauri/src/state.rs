//! What the app holds while it runs: the device store, where it lives, and the
//! device's sync with the central office ([`crate::sync`]).
//!
//! The store opens at start, but a failure to open it does not stop the app: the
//! window still shows, and every command answers with the reason (code `store`),
//! so a monitor sees what is wrong instead of a window that never appears. The
//! next command tries to open it again (a full disk may have been cleared).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

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
    store: Mutex<Option<Arc<Mutex<Store>>>>,
    pub(crate) sync: SyncService,
}

impl AppState {
    /// State for the store in `data_dir` (none: the platform gave no directory);
    /// opens it now when it can. Sync status changes go nowhere until [`Self::with_emitter`].
    pub fn new(data_dir: Option<PathBuf>) -> Self {
        let state = Self { data_dir, store: Mutex::new(None), sync: SyncService::default() };
        if let Err(error) = state.with_store(|_| Ok(())) {
            eprintln!("vigil: {error}");
        }
        state
    }

    /// Sends every sync status change to `emit` (the app: a `sync-status` event).
    pub fn with_emitter(mut self, emit: Emit) -> Self {
        self.sync.set_emitter(emit);
        self
    }

    /// Runs `query` on the store, opening it first if it is not open yet.
    pub fn with_store<T>(&self, query: impl FnOnce(&mut Store) -> Result<T, StoreError>) -> Result<T, AppError> {
        let store = self.store_handle()?;
        let mut guard = store.lock().map_err(|_| AppError::Poisoned)?;
        Ok(query(&mut guard)?)
    }

    /// The shared store, opening it first if it is not open yet.
    pub fn store_handle(&self) -> Result<Arc<Mutex<Store>>, AppError> {
        let mut guard = self.store.lock().map_err(|_| AppError::Poisoned)?;
        Ok(match &mut *guard {
            Some(store) => store.clone(),
            empty @ None => empty.insert(Arc::new(Mutex::new(self.open()?))).clone(),
        })
    }

    fn open(&self) -> Result<Store, AppError> {
        let dir = self.data_dir.as_deref().ok_or(AppError::NoDataDir)?;
        std::fs::create_dir_all(dir).map_err(|source| AppError::DataDir { dir: dir.to_owned(), source })?;
        let path = dir.join(STORE_FILE);
        Store::open(&path).map_err(|source| AppError::Open { path, source })
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

    fn temp_dir() -> PathBuf {
        std::env::temp_dir().join(format!("vigil-app-test-{}", uuid::Uuid::now_v7()))
    }

    #[test]
    fn opens_a_fresh_store_in_the_data_dir() {
        let dir = temp_dir();
        let state = AppState::new(Some(dir.clone()));
        let places = state.with_store(|store| store.places()).expect("queries");
        assert!(places.is_empty());
        assert!(dir.join(STORE_FILE).is_file());
        drop(state);
        std::fs::remove_dir_all(&dir).expect("cleans up");
    }

    #[test]
    fn a_store_that_cannot_open_answers_every_command_and_opens_later() {
        let dir = temp_dir();
        std::fs::write(&dir, b"a file where the directory should be").expect("temp file");
        let state = AppState::new(Some(dir.clone()));
        let error = state.with_store(|store| store.places()).expect_err("no directory");
        assert_eq!(error.code(), "store");
        assert!(error.to_string().contains(&dir.display().to_string()));

        std::fs::remove_file(&dir).expect("removes the file");
        assert!(state.with_store(|store| store.places()).is_ok());
        drop(state);
        std::fs::remove_dir_all(&dir).expect("cleans up");
    }

    #[test]
    fn no_data_dir_is_a_store_error() {
        let state = AppState::new(None);
        let error = state.with_store(|_| Ok(())).expect_err("nowhere to open");
        assert_eq!(error.code(), "store");
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
