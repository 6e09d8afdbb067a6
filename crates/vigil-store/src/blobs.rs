//! The device's copies of photos and documents, beside the store file (`NAME.blobs/SHA`),
//! each named by the SHA-256 of its bytes. In an encrypted store each file is a random
//! nonce followed by the bytes sealed with XChaCha20-Poly1305. Written to a temporary name
//! and renamed, so a blob file is either whole or absent.
//!
//! A blob that cannot be sent (its file gone, or damaged: it does not decrypt or no longer
//! matches its hash) is **set aside** with the reason (`blob_set_aside`, device migration
//! 0008) instead of stopping the sync; it is tried again at every sync and leaves the list
//! once the office has it whole.

use std::fs;
use std::path::PathBuf;

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;
use vigil_core::protocol::is_sha256;
use vigil_core::{Code, Op};

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

    /// Keeps `bytes`, then runs `create` with their SHA-256 to make the records that name
    /// them (an attachment): a record never names a blob the device lacks. When `create`
    /// fails (the gate refuses, say), the blob this call wrote is removed again, so a refused
    /// attachment leaves no file that nothing names; one the device held before stays.
    pub fn keeping_blob<T, E: From<StoreError>>(
        &mut self,
        bytes: &[u8],
        create: impl FnOnce(&mut Store, String) -> Result<T, E>,
    ) -> Result<T, E> {
        let sha256 = hex::encode(Sha256::digest(bytes));
        let path = self.blob_path(&sha256)?;
        let held = path.is_file();
        self.write_blob(&sha256, bytes)?;
        let created = create(self, sha256);
        if created.is_err()
            && !held
            && let Err(err) = fs::remove_file(&path)
        {
            tracing::warn!("a refused attachment's file stays behind: {err}");
        }
        created
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
        // A damaged copy (set aside by sync) is replaced by the bytes attached again.
        if path.is_file() && self.read_blob(sha256).is_ok() {
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

    /// About how many bytes a blob held here has (its file's size less the seal's nonce
    /// and tag); 0 when its file is not here.
    pub fn blob_len(&self, sha256: &str) -> u64 {
        let stored = self.blob_path(sha256).ok().and_then(|path| fs::metadata(path).ok()).map_or(0, |meta| meta.len());
        if self.blob_key.is_some() { stored.saturating_sub(24 + 16) } else { stored }
    }

    /// Where the blob's file is (it may not be here yet).
    pub fn blob_path(&self, sha256: &str) -> Result<PathBuf, StoreError> {
        if !is_sha256(sha256) {
            return Err(StoreError::Corrupt(format!("{sha256:?} is not a SHA-256")));
        }
        Ok(self.blob_dir.join(sha256))
    }

    /// Blobs of attachments this device holds records of but not bytes (a colleague's
    /// photos, pulled as records): sync fetches them after the pull. Never those of a visit
    /// removed after the retention period.
    pub fn blobs_to_fetch(&self) -> Result<Vec<String>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT DISTINCT sha256 FROM attachment WHERE deleted = 0 AND sha256 IS NOT NULL
               AND visit_id NOT IN (SELECT visit_id FROM retention_purge) ORDER BY sha256",
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

    /// Blobs that attachments waiting in the outbox refer to: they go up before the ops;
    /// then the blobs set aside, tried again (one that came back goes up too).
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
        for sha256 in self
            .conn
            .prepare_cached("SELECT sha256 FROM blob_set_aside ORDER BY at, sha256")?
            .query_map([], |row| row.get::<_, String>(0))?
        {
            let sha256 = sha256?;
            if !blobs.contains(&sha256) {
                blobs.push(sha256);
            }
        }
        Ok(blobs)
    }

    /// Sets aside a blob that `error` kept from being read for sending: `blob_missing` when
    /// its file is gone, `blob_damaged` otherwise. Answers the reason kept.
    pub fn set_blob_aside(&self, sha256: &str, error: &StoreError) -> Result<(Code, String), StoreError> {
        let (code, reason) = if self.blob_path(sha256)?.is_file() {
            (Code::BlobDamaged, format!("the file of this photo or document is damaged on this device: {error}"))
        } else {
            (Code::BlobMissing, "the file of this photo or document is not on this device".to_owned())
        };
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        self.conn
            .prepare_cached(
                "INSERT INTO blob_set_aside (sha256, code, reason, at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (sha256) DO UPDATE SET code = excluded.code, reason = excluded.reason",
            )?
            .execute(rusqlite::params![sha256, code.as_str(), reason, now])?;
        Ok((code, reason))
    }

    /// A blob set aside is at the office now: it leaves the list.
    pub fn blob_sent(&self, sha256: &str) -> Result<(), StoreError> {
        self.conn.prepare_cached("DELETE FROM blob_set_aside WHERE sha256 = ?1")?.execute([sha256])?;
        Ok(())
    }

    /// The hashes of the blobs set aside (a push names them, so the office takes their
    /// attachments without the bytes).
    pub fn blob_hashes_set_aside(&self) -> Result<Vec<String>, StoreError> {
        let mut statement = self.conn.prepare_cached("SELECT sha256 FROM blob_set_aside ORDER BY sha256")?;
        let hashes = statement.query_map([], |row| row.get(0))?;
        Ok(hashes.collect::<Result<_, _>>()?)
    }

    /// The blobs set aside, each with why and the attachments that name it, newest first.
    pub fn blobs_set_aside(&self) -> Result<Vec<SetAsideBlob>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT s.sha256, s.code, s.reason, s.at, a.id, a.visit_id, a.file_name
               FROM blob_set_aside s LEFT JOIN attachment a ON a.sha256 = s.sha256 AND a.deleted = 0
              ORDER BY s.at DESC, s.sha256, a.id",
        )?;
        let mut rows = statement.query([])?;
        let mut blobs: Vec<SetAsideBlob> = Vec::new();
        while let Some(row) = rows.next()? {
            let sha256: String = row.get(0)?;
            if blobs.last().is_none_or(|blob| blob.sha256 != sha256) {
                let Ok(code) = row.get::<_, String>(1)?.parse();
                blobs.push(SetAsideBlob { sha256, code, reason: row.get(2)?, at: row.get(3)?, attachments: vec![] });
            }
            if let (Some(id), Some(visit_id), Some(file_name)) =
                (row.get::<_, Option<String>>(4)?, row.get::<_, Option<String>>(5)?, row.get(6)?)
                && let Some(blob) = blobs.last_mut()
            {
                let id = id.parse().map_err(StoreError::corrupt)?;
                let visit_id = visit_id.parse().map_err(StoreError::corrupt)?;
                blob.attachments.push(SetAsideAttachment { id, visit_id, file_name });
            }
        }
        Ok(blobs)
    }
}

/// A photo or document this device could not send, and why (see the module's notes).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SetAsideBlob {
    pub sha256: String,
    /// `blob_missing` (the file is gone) or `blob_damaged`.
    pub code: Code,
    pub reason: String,
    pub at: String,
    /// The attachments that name it.
    pub attachments: Vec<SetAsideAttachment>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SetAsideAttachment {
    pub id: Uuid,
    pub visit_id: Uuid,
    pub file_name: String,
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
