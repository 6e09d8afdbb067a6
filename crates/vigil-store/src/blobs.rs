//! The device's copies of photos and documents, beside the store file (`NAME.blobs/SHA`),
//! each named by the SHA-256 of its bytes. In an encrypted store each file is a random
//! nonce followed by the bytes sealed with XChaCha20-Poly1305. Written to a temporary name
//! and renamed, so a blob file is either whole or absent.

use std::fs;
use std::path::PathBuf;

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use sha2::{Digest, Sha256};
use vigil_core::Op;
use vigil_core::protocol::is_sha256;

use crate::{Store, StoreError};

fn io(err: std::io::Error) -> StoreError {
    StoreError::Corrupt(format!("blob file: {err}"))
}

impl Store {
    /// Keeps the bytes of a photo or document; returns their SHA-256, the blob's address.
    pub fn add_blob(&self, bytes: &[u8]) -> Result<String, StoreError> {
        let sha256 = hex::encode(Sha256::digest(bytes));
        self.write_blob(&sha256, bytes)?;
        Ok(sha256)
    }

    /// Keeps bytes fetched from the central office, if they are what `sha256` names.
    pub fn save_blob(&self, sha256: &str, bytes: &[u8]) -> Result<(), StoreError> {
        let actual = hex::encode(Sha256::digest(bytes));
        if actual != sha256 {
            return Err(StoreError::BlobMismatch { expected: sha256.to_owned(), actual });
        }
        self.write_blob(sha256, bytes)
    }

    fn write_blob(&self, sha256: &str, bytes: &[u8]) -> Result<(), StoreError> {
        let path = self.blob_path(sha256)?;
        if path.is_file() {
            return Ok(());
        }
        fs::create_dir_all(&self.blob_dir).map_err(io)?;
        let partial = path.with_extension("partial");
        let stored = match &self.blob_key {
            Some(key) => {
                let nonce: [u8; 24] = rand::random();
                let sealed = XChaCha20Poly1305::new(key.as_ref().into())
                    .encrypt(XNonce::from_slice(&nonce), bytes)
                    .map_err(|_| StoreError::Corrupt("cannot encrypt a blob".into()))?;
                [nonce.as_slice(), &sealed].concat()
            }
            None => bytes.to_vec(),
        };
        fs::write(&partial, stored).map_err(io)?;
        fs::rename(&partial, &path).map_err(io)
    }

    /// The bytes of a blob this device holds, checked against their hash.
    pub fn read_blob(&self, sha256: &str) -> Result<Vec<u8>, StoreError> {
        let stored = fs::read(self.blob_path(sha256)?).map_err(io)?;
        let bytes = match &self.blob_key {
            Some(key) if stored.len() >= 24 => {
                let (nonce, sealed) = stored.split_at(24);
                XChaCha20Poly1305::new(key.as_ref().into())
                    .decrypt(XNonce::from_slice(nonce), sealed)
                    .map_err(|_| StoreError::Corrupt(format!("blob {sha256} does not decrypt")))?
            }
            Some(_) => return Err(StoreError::Corrupt(format!("blob {sha256} is truncated"))),
            None => stored,
        };
        let actual = hex::encode(Sha256::digest(&bytes));
        if actual != sha256 {
            return Err(StoreError::BlobMismatch { expected: sha256.to_owned(), actual });
        }
        Ok(bytes)
    }

    /// Where the blob's file is (it may not be here yet).
    pub fn blob_path(&self, sha256: &str) -> Result<PathBuf, StoreError> {
        if !is_sha256(sha256) {
            return Err(StoreError::Corrupt(format!("{sha256:?} is not a SHA-256")));
        }
        Ok(self.blob_dir.join(sha256))
    }

    /// Blobs of attachments this device holds records of but not bytes (a colleague's
    /// photos, pulled as records): sync fetches them after the pull.
    pub fn blobs_to_fetch(&self) -> Result<Vec<String>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT DISTINCT sha256 FROM attachment WHERE deleted = 0 AND sha256 IS NOT NULL ORDER BY sha256",
        )?;
        let hashes = statement.query_map([], |row| row.get::<_, String>(0))?;
        let mut missing = Vec::new();
        for sha256 in hashes {
            let sha256 = sha256?;
            if !self.blob_path(&sha256)?.is_file() {
                missing.push(sha256);
            }
        }
        Ok(missing)
    }

    /// Blobs that attachments waiting in the outbox refer to: they go up before the ops.
    /// Read before every push, so it reads only attachment ops (see [`ATTACHMENT_OPS_WAITING`]).
    pub fn blobs_to_upload(&self) -> Result<Vec<String>, StoreError> {
        let mut statement = self.conn.prepare_cached(ATTACHMENT_OPS_WAITING)?;
        let bodies = statement.query_map([], |row| row.get::<_, String>(0))?;
        let mut blobs = Vec::new();
        for body in bodies {
            let op: Op = serde_json::from_str(&body?).map_err(StoreError::corrupt)?;
            if let Some(sha256) = op.patch.get("sha256").and_then(|change| change.new.as_str())
                && !blobs.iter().any(|b| b == sha256)
            {
                blobs.push(sha256.to_owned());
            }
        }
        Ok(blobs)
    }
}

/// The attachment ops waiting in the outbox. The entity is written out, not bound, so the
/// index of attachment ops (device migration 0006) serves the query.
const ATTACHMENT_OPS_WAITING: &str = "SELECT o.body FROM op_log o
     WHERE o.entity = 'attachment' AND EXISTS (SELECT 1 FROM outbox b WHERE b.local_seq = o.local_seq)
     ORDER BY o.local_seq";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finding_the_photos_to_upload_reads_attachment_ops_only() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::open(&dir.path().join("device.db")).expect("store");
        let plan: Vec<String> = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {ATTACHMENT_OPS_WAITING}"))
            .expect("plan")
            .query_map([], |row| row.get::<_, String>(3))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("plan rows");
        assert!(plan.iter().any(|step| step.contains("op_log_attachment")), "{plan:?}");
        assert!(!plan.iter().any(|step| step.starts_with("SCAN b")), "{plan:?}");
    }
}
