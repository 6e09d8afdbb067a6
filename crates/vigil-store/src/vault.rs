//! The device's keys. A random 256-bit master key encrypts everything on the device (the
//! SQLCipher database and the blob files, each with its own key derived by HKDF). The
//! master key is kept only wrapped: encrypted with XChaCha20-Poly1305 under a key derived
//! from the person's passphrase with Argon2id, in `vault.json` beside the store. Changing
//! the passphrase rewraps the master key and re-encrypts no data. Wrong passphrases are
//! counted in the vault file and slow further attempts down.

use std::fs;
use std::path::{Path, PathBuf};

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use zeroize::{Zeroize, Zeroizing};

/// Argon2id as OWASP's password storage guidance recommends (m = 19 MiB, t = 2, p = 1).
const MEMORY_KIB: u32 = 19_456;
const ITERATIONS: u32 = 2;
const PARALLELISM: u32 = 1;

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
    memory_kib: u32,
    iterations: u32,
    parallelism: u32,
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

fn wrapping_key(passphrase: &str, salt: &[u8], file: &VaultFile) -> Result<Zeroizing<[u8; 32]>, VaultError> {
    let params = Params::new(file.memory_kib, file.iterations, file.parallelism, Some(32))
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

    /// Makes the device's master key and keeps it wrapped under `passphrase`.
    pub fn create(&self, passphrase: &str) -> Result<MasterKey, VaultError> {
        if self.exists() {
            return Err(VaultError::AlreadyExists);
        }
        let key = MasterKey::random();
        self.wrap(&key, passphrase)?;
        Ok(key)
    }

    /// The master key, if `passphrase` is right. `now_millis` is the wall clock.
    pub fn unlock(&self, passphrase: &str, now_millis: u64) -> Result<MasterKey, VaultError> {
        let mut file = self.read()?;
        if let Some(until) = file.locked_until.filter(|until| *until > now_millis) {
            return Err(VaultError::TooManyAttempts { seconds: (until - now_millis).div_ceil(1000) });
        }
        let key = wrapping_key(passphrase, &unhex(&file.salt)?, &file)?;
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
                if file.failed_attempts > 0 {
                    file.failed_attempts = 0;
                    file.locked_until = None;
                    self.write(&file)?;
                }
                Ok(MasterKey(master))
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
        if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(VaultError::WeakPassphrase);
        }
        let salt: [u8; 16] = rand::random();
        let nonce: [u8; 24] = rand::random();
        let mut file = VaultFile {
            version: 1,
            memory_kib: MEMORY_KIB,
            iterations: ITERATIONS,
            parallelism: PARALLELISM,
            salt: hex::encode(salt),
            nonce: hex::encode(nonce),
            wrapped: String::new(),
            failed_attempts: 0,
            locked_until: None,
        };
        let wrapping = wrapping_key(passphrase, &salt, &file)?;
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

    /// Written to a temporary file and renamed, so a crash never leaves half a vault.
    fn write(&self, file: &VaultFile) -> Result<(), VaultError> {
        let text = serde_json::to_string_pretty(file).map_err(|err| VaultError::Corrupt(err.to_string()))?;
        let partial = self.path.with_extension("json.partial");
        fs::write(&partial, text)?;
        fs::rename(&partial, &self.path)?;
        Ok(())
    }
}

/// Quick wipe: overwrites and removes the vault (without it the encrypted store and blobs
/// are unreadable), then removes every file in the data directory.
pub fn wipe(dir: &Path) -> Result<(), std::io::Error> {
    let vault = Vault::in_dir(dir).path;
    if let Ok(meta) = fs::metadata(&vault) {
        let noise: Vec<u8> = (0..meta.len()).map(|_| rand::random::<u8>()).collect();
        fs::write(&vault, noise)?;
        fs::remove_file(&vault)?;
    }
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() { fs::remove_dir_all(&path)? } else { fs::remove_file(&path)? }
    }
    Ok(())
}
