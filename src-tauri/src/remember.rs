//! "Remember on this device": the master key also kept in the operating system's own key
//! store (the Linux kernel keyring, Windows Credential Manager, macOS Keychain), so Vigil
//! opens at start without the passphrase for this OS user.
//!
//! It trades the passphrase for the OS login: anyone who can act as this OS user can open
//! the store. So it is off unless the person turns it on (with the passphrase), "lock now"
//! and auto-lock still ask for the passphrase, and the quick wipe removes the key from the
//! keyring too. On Linux the kernel keyring forgets it when the user's session ends.

use std::path::Path;

use keyring::Entry;
use vigil_store::vault::{MasterKey, Vault};
use zeroize::Zeroizing;

use crate::error::AppError;
use crate::lock::LockStatus;
use crate::state::AppState;

const SERVICE: &str = "org.vigil.device-key";

fn keyring_error(error: keyring::Error) -> AppError {
    AppError::Keyring(error.to_string())
}

/// One entry per data directory, so two stores of one OS user never share a key.
fn entry(dir: &Path) -> Result<Entry, AppError> {
    Entry::new(SERVICE, &dir.display().to_string()).map_err(keyring_error)
}

/// The remembered key of the store in `dir`, if the keyring holds one.
fn remembered_key(dir: &Path) -> Option<MasterKey> {
    let text = Zeroizing::new(entry(dir).ok()?.get_password().ok()?);
    let mut bytes = Zeroizing::new([0u8; 32]);
    hex::decode_to_slice(text.as_bytes(), bytes.as_mut()).ok()?;
    Some(MasterKey::from_secret_bytes(bytes))
}

/// Whether the keyring holds a key for the store in `dir`.
pub(crate) fn is_remembered(dir: &Path) -> bool {
    entry(dir).and_then(|entry| entry.get_password().map_err(keyring_error)).is_ok()
}

/// Removes the key of `dir` from the keyring; nothing there is not an error.
pub(crate) fn forget(dir: &Path) -> Result<(), AppError> {
    match entry(dir)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(error) => Err(keyring_error(error)),
    }
}

impl AppState {
    /// Keeps the master key in the OS keyring; the passphrase proves the person may.
    pub fn remember_on_device(&self, passphrase: &str, now_millis: u64) -> Result<LockStatus, AppError> {
        self.store_handle()?;
        let dir = self.dir()?;
        let key = Vault::in_dir(dir).unlock(passphrase, now_millis)?;
        let text = Zeroizing::new(hex::encode(key.secret_bytes()));
        entry(dir)?.set_password(&text).map_err(keyring_error)?;
        self.lock_status()
    }

    /// Stops remembering: the next start asks for the passphrase again.
    pub fn forget_on_device(&self) -> Result<LockStatus, AppError> {
        forget(self.dir()?)?;
        self.lock_status()
    }

    /// At start: opens the store with the remembered key, if there is one and it still
    /// opens the store (a stale key, from a store wiped by hand, is forgotten).
    pub fn unlock_remembered(&self) -> bool {
        let Ok(dir) = self.dir() else { return false };
        if !self.is_locked() || !Vault::in_dir(dir).exists() {
            return false;
        }
        let Some(key) = remembered_key(dir) else { return false };
        match self.open_with(&key) {
            Ok(()) => {
                self.unlocked();
                true
            }
            Err(error) => {
                eprintln!("vigil: the remembered key does not open this device's store; forgetting it: {error}");
                let _ = forget(dir);
                false
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{is_remembered, remembered_key};
    use crate::lock::{LockState, now_millis};
    use crate::state::AppState;

    const PASSPHRASE: &str = "correct horse battery";

    fn state(dir: &tempfile::TempDir) -> AppState {
        AppState::new(Some(dir.path().to_owned()))
    }

    /// The real OS keyring (the kernel keyring on Linux): each test's own data directory
    /// names its own entry, and every test forgets what it remembered.
    #[test]
    fn a_remembered_device_opens_at_start_until_it_is_forgotten() {
        let dir = tempfile::tempdir().expect("dir");
        let first = state(&dir);
        first.create_vault(PASSPHRASE).expect("creates");
        first.with_store(|store| store.set_setting("probe", "kept")).expect("writes");
        assert!(!first.lock_status().expect("status").remembered, "off unless turned on");
        assert_eq!(
            first.remember_on_device("not the passphrase", now_millis()).expect_err("wrong").code(),
            vigil_core::Code::WrongPassphrase
        );
        assert!(!is_remembered(dir.path()));
        assert!(first.remember_on_device(PASSPHRASE, now_millis()).expect("remembers").remembered);
        drop(first);

        // The next start opens without the passphrase; "lock now" still locks.
        let next = state(&dir);
        assert!(next.unlock_remembered(), "the keyring's key opens the store");
        assert_eq!(next.lock_status().expect("status").state, LockState::Unlocked);
        assert_eq!(next.with_store(|store| store.setting("probe")).expect("reads").as_deref(), Some("kept"));
        next.lock();
        assert_eq!(next.lock_status().expect("status").state, LockState::Locked);

        // Forgotten: the start after asks for the passphrase again.
        next.unlock(PASSPHRASE, now_millis()).expect("unlocks");
        assert!(!next.forget_on_device().expect("forgets").remembered);
        drop(next);
        let last = state(&dir);
        assert!(!last.unlock_remembered());
        assert_eq!(last.lock_status().expect("status").state, LockState::Locked);
    }

    #[test]
    fn the_quick_wipe_removes_the_key_from_the_keyring() {
        let dir = tempfile::tempdir().expect("dir");
        let app = state(&dir);
        app.create_vault(PASSPHRASE).expect("creates");
        app.remember_on_device(PASSPHRASE, now_millis()).expect("remembers");
        assert!(remembered_key(dir.path()).is_some());
        assert_eq!(app.wipe().expect("wipes").lock.state, LockState::Setup);
        assert!(remembered_key(dir.path()).is_none(), "nothing of the key is left in the keyring");
        assert!(!app.unlock_remembered());
    }

    #[test]
    fn a_key_that_does_not_open_the_store_is_forgotten() {
        let dir = tempfile::tempdir().expect("dir");
        state(&dir).create_vault(PASSPHRASE).expect("creates");
        super::entry(dir.path()).expect("entry").set_password(&"ab".repeat(32)).expect("plants a wrong key");
        let app = state(&dir);
        assert!(!app.unlock_remembered(), "a wrong key opens nothing");
        assert!(app.is_locked());
        assert!(!is_remembered(dir.path()), "and is not tried again");
    }
}
