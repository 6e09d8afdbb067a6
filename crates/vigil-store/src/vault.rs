//! The device's keys. A random 256-bit master key encrypts everything on the device (the
//! SQLCipher database and the blob files, each with its own key derived by HKDF). The
//! master key is kept only wrapped: encrypted with XChaCha20-Poly1305 under a key derived
//! from the person's passphrase with Argon2id, in `vault.json` beside the store. Changing
//! the passphrase rewraps the master key and re-encrypts no data. Wrong passphrases are
//! counted in the vault file and slow further attempts down.
//!
//! The vault keeps the Argon2id parameters it was wrapped with. A vault made with weaker
//! ones than today's (`KDF`; before, m = 19 MiB, t = 2) is rewrapped with them at its next
//! unlock, once the passphrase has proved right.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use zeroize::{Zeroize, Zeroizing};

/// Argon2id parameters: memory in KiB, passes, lanes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Kdf {
    memory_kib: u32,
    iterations: u32,
    parallelism: u32,
}

/// Argon2id with RFC 9106's second recommendation for memory and passes (m = 64 MiB,
/// t = 3). One lane: the derivation runs on one thread anyway.
const KDF: Kdf = Kdf { memory_kib: 65_536, iterations: 3, parallelism: 1 };

/// Above this a vault file asks for more memory than a device should give a key (a damaged
/// or planted file must not exhaust memory).
const MAX_MEMORY_KIB: u32 = 1024 * 1024;

impl Kdf {
    fn weaker_than(self, other: Kdf) -> bool {
        self.memory_kib < other.memory_kib || self.iterations < other.iterations
    }
}

/// Attempts allowed before each further one waits (doubling from 30 s, at most 1 hour).
const FREE_ATTEMPTS: u32 = 5;

pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// The master key; wiped from memory when dropped.
pub struct MasterKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(…)")
    }
}

impl MasterKey {
    fn random() -> MasterKey {
        MasterKey(Zeroizing::new(rand::random()))
    }

    /// The key's bytes, for the OS keyring only ("remember on this device").
    pub fn secret_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// A key read back from the OS keyring; opening the store tells whether it is right.
    pub fn from_secret_bytes(bytes: Zeroizing<[u8; 32]>) -> MasterKey {
        MasterKey(bytes)
    }

    /// A key for one use, derived so that no two uses share a key.
    pub(crate) fn derive(&self, purpose: &str) -> Zeroizing<[u8; 32]> {
        let mut key = Zeroizing::new([0u8; 32]);
        let hkdf = Hkdf::<Sha256>::new(None, self.0.as_ref());
        // 32 bytes is far below HKDF-SHA256's limit, so expansion cannot fail.
        let _ = hkdf.expand(purpose.as_bytes(), key.as_mut());
        key
    }
}

#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("wrong passphrase")]
    WrongPassphrase,
    #[error("too many wrong passphrases: try again in {seconds} s")]
    TooManyAttempts { seconds: u64 },
    #[error("the passphrase must have at least {MIN_PASSPHRASE_CHARS} characters")]
    WeakPassphrase,
    #[error("this device already has a vault")]
    AlreadyExists,
    #[error("this device has no vault yet")]
    Missing,
    #[error("the vault file is damaged: {0}")]
    Corrupt(String),
    #[error("vault file: {0}")]
    Io(#[from] std::io::Error),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct VaultFile {
    version: u32,
    #[serde(flatten)]
    kdf: Kdf,
    salt: String,
    nonce: String,
    wrapped: String,
    failed_attempts: u32,
    /// Unix milliseconds before which no attempt is tried.
    locked_until: Option<u64>,
}

/// The vault file of a device's data directory.
#[derive(Debug, Clone)]
pub struct Vault {
    path: PathBuf,
}

fn wrapping_key(passphrase: &str, salt: &[u8], kdf: Kdf) -> Result<Zeroizing<[u8; 32]>, VaultError> {
    if kdf.memory_kib > MAX_MEMORY_KIB {
        return Err(VaultError::Corrupt(format!("Argon2 memory of {} KiB is over the limit", kdf.memory_kib)));
    }
    let params = Params::new(kdf.memory_kib, kdf.iterations, kdf.parallelism, Some(32))
        .map_err(|err| VaultError::Corrupt(err.to_string()))?;
    let mut key = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, key.as_mut())
        .map_err(|err| VaultError::Corrupt(err.to_string()))?;
    Ok(key)
}

fn unhex(text: &str) -> Result<Vec<u8>, VaultError> {
    hex::decode(text).map_err(|err| VaultError::Corrupt(err.to_string()))
}

impl Vault {
    /// The vault of the data directory `dir`.
    pub fn in_dir(dir: &Path) -> Vault {
        Vault { path: dir.join("vault.json") }
    }

    pub fn exists(&self) -> bool {
        self.path.is_file()
    }

    /// The vault file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Makes the device's master key and keeps it wrapped under `passphrase`.
    pub fn create(&self, passphrase: &str) -> Result<MasterKey, VaultError> {
        if self.exists() {
            return Err(VaultError::AlreadyExists);
        }
        let key = MasterKey::random();
        self.wrap(&key, passphrase)?;
        Ok(key)
    }

    /// The master key, if `passphrase` is right. `now_millis` is the wall clock. A vault
    /// wrapped with weaker Argon2 parameters than today's is rewrapped with them.
    pub fn unlock(&self, passphrase: &str, now_millis: u64) -> Result<MasterKey, VaultError> {
        let mut file = self.read()?;
        if let Some(until) = file.locked_until.filter(|until| *until > now_millis) {
            return Err(VaultError::TooManyAttempts { seconds: (until - now_millis).div_ceil(1000) });
        }
        let key = wrapping_key(passphrase, &unhex(&file.salt)?, file.kdf)?;
        let cipher = XChaCha20Poly1305::new(key.as_ref().into());
        let nonce = unhex(&file.nonce)?;
        match cipher.decrypt(XNonce::from_slice(&nonce), unhex(&file.wrapped)?.as_ref()) {
            Ok(mut plain) => {
                let mut master = Zeroizing::new([0u8; 32]);
                if plain.len() != 32 {
                    plain.zeroize();
                    return Err(VaultError::Corrupt("master key of the wrong size".into()));
                }
                master.copy_from_slice(&plain);
                plain.zeroize();
                let master = MasterKey(master);
                if file.kdf.weaker_than(KDF) {
                    // The old vault stays whole if this fails, and the next unlock tries again.
                    if let Err(err) = self.wrap(&master, passphrase) {
                        tracing::warn!("the vault keeps its older Argon2 parameters: {err}");
                    }
                } else if file.failed_attempts > 0 {
                    file.failed_attempts = 0;
                    file.locked_until = None;
                    self.write(&file)?;
                }
                Ok(master)
            }
            Err(_) => {
                file.failed_attempts += 1;
                if file.failed_attempts >= FREE_ATTEMPTS {
                    let doublings = (file.failed_attempts - FREE_ATTEMPTS).min(7);
                    let wait = (30_000u64 << doublings).min(3_600_000);
                    file.locked_until = Some(now_millis + wait);
                }
                self.write(&file)?;
                Err(VaultError::WrongPassphrase)
            }
        }
    }

    /// Rewraps the master key under a new passphrase; the data is not re-encrypted.
    pub fn change_passphrase(&self, old: &str, new: &str, now_millis: u64) -> Result<(), VaultError> {
        let key = self.unlock(old, now_millis)?;
        self.wrap(&key, new)
    }

    fn wrap(&self, key: &MasterKey, passphrase: &str) -> Result<(), VaultError> {
        self.wrap_with(key, passphrase, KDF)
    }

    fn wrap_with(&self, key: &MasterKey, passphrase: &str, kdf: Kdf) -> Result<(), VaultError> {
        if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(VaultError::WeakPassphrase);
        }
        let salt: [u8; 16] = rand::random();
        let nonce: [u8; 24] = rand::random();
        let mut file = VaultFile {
            version: 1,
            kdf,
            salt: hex::encode(salt),
            nonce: hex::encode(nonce),
            wrapped: String::new(),
            failed_attempts: 0,
            locked_until: None,
        };
        let wrapping = wrapping_key(passphrase, &salt, kdf)?;
        let cipher = XChaCha20Poly1305::new(wrapping.as_ref().into());
        let wrapped = cipher
            .encrypt(XNonce::from_slice(&nonce), key.0.as_ref())
            .map_err(|_| VaultError::Corrupt("cannot wrap the key".into()))?;
        file.wrapped = hex::encode(wrapped);
        self.write(&file)
    }

    fn read(&self) -> Result<VaultFile, VaultError> {
        let text = match fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Err(VaultError::Missing),
            Err(err) => return Err(err.into()),
        };
        serde_json::from_str(&text).map_err(|err| VaultError::Corrupt(err.to_string()))
    }

    /// Written to a temporary file, synced to the disk and renamed, so a crash never
    /// leaves half a vault nor loses the key (a rewrap replaces the only copy of it).
    fn write(&self, file: &VaultFile) -> Result<(), VaultError> {
        let text = serde_json::to_string_pretty(file).map_err(|err| VaultError::Corrupt(err.to_string()))?;
        let partial = self.path.with_extension("json.partial");
        let mut out = fs::File::create(&partial)?;
        out.write_all(text.as_bytes())?;
        out.sync_all()?;
        fs::rename(&partial, &self.path)?;
        // The rename itself is on the disk once the directory is (Unix; Windows cannot
        // open a directory as a file).
        #[cfg(unix)]
        if let Some(dir) = self.path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
            fs::File::open(dir)?.sync_all()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{KDF, Kdf, MasterKey, Vault, VaultError, VaultFile};

    /// What vaults were made with before (OWASP's minimum).
    const OLD: Kdf = Kdf { memory_kib: 19_456, iterations: 2, parallelism: 1 };
    const PASSPHRASE: &str = "correct horse battery";
    const NOW: u64 = 1_800_000_000_000;

    fn stored(vault: &Vault) -> VaultFile {
        vault.read().expect("vault file")
    }

    #[test]
    fn a_new_vault_uses_at_least_64_mib_and_three_passes() {
        let dir = tempfile::tempdir().expect("dir");
        let vault = Vault::in_dir(dir.path());
        vault.create(PASSPHRASE).expect("vault");
        let kdf = stored(&vault).kdf;
        assert!(kdf.memory_kib >= 64 * 1024 && kdf.iterations >= 3, "{kdf:?}");
    }

    #[test]
    fn a_vault_with_the_old_parameters_is_rewrapped_at_its_next_unlock_and_not_before() {
        let dir = tempfile::tempdir().expect("dir");
        let vault = Vault::in_dir(dir.path());
        let key = MasterKey::random();
        vault.wrap_with(&key, PASSPHRASE, OLD).expect("old vault");
        let old = stored(&vault);

        assert!(matches!(vault.unlock("not the passphrase", NOW), Err(VaultError::WrongPassphrase)));
        let after_wrong = stored(&vault);
        assert_eq!(after_wrong.kdf, OLD, "a wrong passphrase rewraps nothing");
        assert_eq!((&after_wrong.salt, &after_wrong.wrapped), (&old.salt, &old.wrapped));

        assert_eq!(vault.unlock(PASSPHRASE, NOW).expect("unlocks").secret_bytes(), key.secret_bytes());
        let rewrapped = stored(&vault);
        assert_eq!(rewrapped.kdf, KDF);
        assert_ne!(rewrapped.salt, old.salt, "a new salt with the new parameters");
        assert_eq!(rewrapped.failed_attempts, 0);
        assert!(!dir.path().join("vault.json.partial").exists());

        assert_eq!(vault.unlock(PASSPHRASE, NOW).expect("unlocks again").secret_bytes(), key.secret_bytes());
        assert_eq!(stored(&vault).salt, rewrapped.salt, "rewrapped once only");
    }

    #[test]
    fn a_vault_asking_for_absurd_memory_is_damaged_not_a_crash() {
        let dir = tempfile::tempdir().expect("dir");
        let vault = Vault::in_dir(dir.path());
        vault.create(PASSPHRASE).expect("vault");
        let mut file = stored(&vault);
        file.kdf.memory_kib = u32::MAX;
        vault.write(&file).expect("planted");
        assert!(matches!(vault.unlock(PASSPHRASE, NOW), Err(VaultError::Corrupt(_))));
    }
}
