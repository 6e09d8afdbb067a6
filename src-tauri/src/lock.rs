//! Locking the device: the passphrase set on first start, unlocking, auto-lock after an
//! idle time, changing the passphrase, and the quick wipe.
//!
//! States: `setup` (no vault in the data directory yet: the person picks a passphrase),
//! `locked` (a vault, no open store) and `unlocked` (the store is open). The keys live in
//! `vigil_store::vault`; this module only decides when to open and drop the store.

use std::path::Path;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use vigil_store::vault::{MIN_PASSPHRASE_CHARS, Vault};
use vigil_store::wipe::{WipePart, WipeReport, wipe_data_dir};

use crate::error::AppError;
use crate::state::AppState;

/// For the demo and automated tests only: when set, the app creates or unlocks its vault
/// with this passphrase at start, so `scripts/run.sh` and `scripts/app-smoke.sh` run
/// without a person at the keyboard. A real device never sets it.
pub const PASSPHRASE_ENV: &str = "VIGIL_PASSPHRASE";

/// The event the UI gets when the device locks by itself (idle).
pub const DEVICE_LOCKED_EVENT: &str = "device-locked";

/// The plain settings file in the data directory (nothing secret: the idle time).
pub const SETTINGS_FILE: &str = "settings.json";

pub const DEFAULT_AUTO_LOCK_MINUTES: u32 = 5;
pub const MAX_AUTO_LOCK_MINUTES: u32 = 120;

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LockState {
    Setup,
    Locked,
    Unlocked,
}

/// What the lock screen and the settings panel show.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LockStatus {
    pub state: LockState,
    pub min_passphrase_chars: usize,
    pub auto_lock_minutes: u32,
    /// The OS keyring keeps the key: the app opens at start without the passphrase.
    pub remembered: bool,
}

/// What the quick wipe removed and what it could not, and the state it left the device in
/// (`setup` unless the vault is still there).
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Wiped {
    pub lock: LockStatus,
    pub report: WipeReport,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Settings {
    auto_lock_minutes: Option<u32>,
}

/// The idle time kept in the data directory's settings file (the default if none).
pub(crate) fn read_auto_lock(dir: Option<&Path>) -> Duration {
    let minutes = dir
        .and_then(|dir| std::fs::read_to_string(dir.join(SETTINGS_FILE)).ok())
        .and_then(|text| serde_json::from_str::<Settings>(&text).ok())
        .and_then(|settings| settings.auto_lock_minutes)
        .filter(|minutes| (1..=MAX_AUTO_LOCK_MINUTES).contains(minutes))
        .unwrap_or(DEFAULT_AUTO_LOCK_MINUTES);
    Duration::from_secs(u64::from(minutes) * 60)
}

/// The wall clock in Unix milliseconds, as the vault counts waits.
pub fn now_millis() -> u64 {
    u64::try_from(chrono::Utc::now().timestamp_millis()).unwrap_or(0)
}

impl AppState {
    pub fn lock_status(&self) -> Result<LockStatus, AppError> {
        let state = if !self.is_locked() {
            LockState::Unlocked
        } else if Vault::in_dir(self.dir()?).exists() {
            LockState::Locked
        } else {
            LockState::Setup
        };
        let minutes = self.auto_lock.lock().map_err(|_| AppError::Poisoned)?.as_secs() / 60;
        let remembered = state != LockState::Setup && crate::remember::is_remembered(self.dir()?);
        Ok(LockStatus {
            remembered,
            state,
            min_passphrase_chars: MIN_PASSPHRASE_CHARS,
            auto_lock_minutes: u32::try_from(minutes).unwrap_or(DEFAULT_AUTO_LOCK_MINUTES),
        })
    }

    /// First start: makes the vault under `passphrase` and opens the new encrypted store.
    pub fn create_vault(&self, passphrase: &str) -> Result<LockStatus, AppError> {
        let key = Vault::in_dir(self.dir()?).create(passphrase)?;
        self.open_with(&key)?;
        self.unlocked();
        self.lock_status()
    }

    /// Opens the store if `passphrase` is right; `now_millis` is the wall clock.
    pub fn unlock(&self, passphrase: &str, now_millis: u64) -> Result<LockStatus, AppError> {
        if self.is_locked() {
            let key = Vault::in_dir(self.dir()?).unlock(passphrase, now_millis)?;
            self.open_with(&key)?;
            self.unlocked();
        }
        self.lock_status()
    }

    pub(crate) fn unlocked(&self) {
        self.touch(Instant::now());
        self.purge_expired();
        // The sync task waits while locked; it syncs at once now.
        self.sync.wake.notify_one();
    }

    /// Drops the store and everything read from it (the device token of the sync client).
    pub fn lock(&self) {
        self.close();
        self.sync.forget();
    }

    /// The person did something at `now`: the idle time starts again.
    pub fn touch(&self, now: Instant) {
        let mut last = self.last_activity.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *last = (*last).max(now);
    }

    /// Locks if nothing happened for the auto-lock time before `now`; says whether it did.
    pub fn lock_if_idle(&self, now: Instant) -> bool {
        if self.is_locked() {
            return false;
        }
        let last = *self.last_activity.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let limit = *self.auto_lock.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if now.saturating_duration_since(last) < limit {
            return false;
        }
        self.lock();
        true
    }

    /// Sets the idle time and keeps it in the settings file.
    pub fn set_auto_lock(&self, minutes: u32) -> Result<LockStatus, AppError> {
        if !(1..=MAX_AUTO_LOCK_MINUTES).contains(&minutes) {
            return Err(AppError::InvalidInput(format!(
                "Choose between 1 and {MAX_AUTO_LOCK_MINUTES} minutes before the device locks."
            )));
        }
        let dir = self.dir()?;
        let text = serde_json::to_string(&Settings { auto_lock_minutes: Some(minutes) })
            .map_err(|err| AppError::InvalidInput(err.to_string()))?;
        let path = dir.join(SETTINGS_FILE);
        std::fs::write(&path, text).map_err(|source| AppError::DataDir { dir: path, source })?;
        *self.auto_lock.lock().map_err(|_| AppError::Poisoned)? = Duration::from_secs(u64::from(minutes) * 60);
        self.lock_status()
    }

    /// Rewraps the master key under `new` (unlocked only: the person is at the device).
    pub fn change_passphrase(&self, old: &str, new: &str, now_millis: u64) -> Result<(), AppError> {
        self.store_handle()?;
        Ok(Vault::in_dir(self.dir()?).change_passphrase(old, new, now_millis)?)
    }

    /// What a wipe would lose: the changes the central office does not have yet.
    pub fn unsynced_changes(&self) -> Result<u64, AppError> {
        self.with_store(|store| store.outbox_len())
    }

    /// Quick wipe: drops the store, destroys the vault, removes every file of the data
    /// directory, the key from the OS keyring and the exports. Each part is tried even when
    /// another fails; the answer says which were not removed. The device is back at its
    /// first start.
    pub fn wipe(&self) -> Result<Wiped, AppError> {
        self.lock();
        let dir = self.dir()?;
        let mut report = wipe_data_dir(dir);
        report.record(WipePart::Keyring, crate::remember::forget(dir).map_err(|err| err.to_string()));
        report.record(WipePart::Exports, self.remove_exports());
        Ok(Wiped { lock: self.lock_status()?, report })
    }

    /// The demo and test path ([`PASSPHRASE_ENV`]): creates or unlocks the vault with
    /// `passphrase` when given. A failure is printed and leaves the lock screen up.
    pub fn unlock_from_env(&self, passphrase: Option<String>) -> bool {
        let Some(passphrase) = passphrase.filter(|value| !value.is_empty()) else { return false };
        let result = match self.lock_status() {
            Ok(LockStatus { state: LockState::Setup, .. }) => self.create_vault(&passphrase),
            Ok(_) => self.unlock(&passphrase, now_millis()),
            Err(error) => Err(error),
        };
        if let Err(error) = &result {
            eprintln!("vigil: {PASSPHRASE_ENV} did not unlock the device: {error}");
        }
        result.is_ok()
    }
}

#[cfg(test)]
mod tests;
