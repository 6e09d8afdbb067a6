//! Blobs at the central office: photos and documents by the SHA-256 of their bytes.
//!
//! An upload appends chunks to `DIR/blobs/SHA.part` at the offset the office reports, so
//! an upload cut off resumes where the office's copy ends. When the last byte arrives the
//! file's hash is checked; only then is it renamed to `DIR/blobs/SHA` and indexed, and
//! only then are ops referring to it accepted.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::PathBuf;

use sha2::{Digest, Sha256};
use vigil_core::protocol::{BlobStatus, is_sha256};
use vigil_store::rusqlite::{OptionalExtension, params};

use super::{SqliteStorage, now};
use crate::ServerError;
use crate::storage::DeviceAuth;

/// The largest blob the office takes (a long video would be larger: not a monitoring photo).
pub const MAX_BLOB_BYTES: u64 = 256 * 1024 * 1024;

impl SqliteStorage {
    fn blob_file(&self, sha256: &str) -> Result<PathBuf, ServerError> {
        if !is_sha256(sha256) {
            return Err(ServerError::BadRequest(format!("{sha256:?} is not a SHA-256 (64 lowercase hex digits)")));
        }
        Ok(self.blob_dir.join(sha256))
    }

    fn part_file(&self, sha256: &str) -> Result<PathBuf, ServerError> {
        Ok(self.blob_file(sha256)?.with_extension("part"))
    }

    pub(crate) fn blob_is_complete(&self, sha256: &str) -> Result<bool, ServerError> {
        Ok(self.blob_file(sha256)?.is_file())
    }

    pub(super) fn status_of_blob(&self, sha256: &str) -> Result<BlobStatus, ServerError> {
        let complete = self.blob_file(sha256)?;
        if let Ok(meta) = fs::metadata(&complete) {
            return Ok(BlobStatus { offset: meta.len(), complete: true });
        }
        let offset = fs::metadata(self.part_file(sha256)?).map(|m| m.len()).unwrap_or(0);
        Ok(BlobStatus { offset, complete: false })
    }

    pub(super) fn append_blob(
        &self,
        device: &DeviceAuth,
        sha256: &str,
        offset: u64,
        total: u64,
        chunk: &[u8],
    ) -> Result<BlobStatus, ServerError> {
        // One upload at a time: the store's lock also serialises blob writes.
        let store = self.store();
        let status = self.status_of_blob(sha256)?;
        if status.complete {
            return Ok(status);
        }
        if total > MAX_BLOB_BYTES {
            return Err(ServerError::TooLarge(format!("blob of {total} bytes; at most {MAX_BLOB_BYTES}")));
        }
        if offset != status.offset {
            return Err(ServerError::OffsetMismatch { expected: status.offset });
        }
        let end = offset + chunk.len() as u64;
        if end > total {
            return Err(ServerError::BadRequest(format!("chunk ends at byte {end}, past the blob's {total} bytes")));
        }
        let part = self.part_file(sha256)?;
        let io = |err: std::io::Error| ServerError::Internal(format!("blob {sha256}: {err}"));
        fs::create_dir_all(&self.blob_dir).map_err(io)?;
        let mut file = OpenOptions::new().create(true).append(true).open(&part).map_err(io)?;
        file.write_all(chunk).map_err(io)?;
        file.sync_data().map_err(io)?;
        if end < total {
            return Ok(BlobStatus { offset: end, complete: false });
        }

        let bytes = fs::read(&part).map_err(io)?;
        let actual = hex::encode(Sha256::digest(&bytes));
        if actual != sha256 {
            fs::remove_file(&part).map_err(io)?;
            return Err(ServerError::HashMismatch { expected: sha256.to_owned(), actual });
        }
        fs::rename(&part, self.blob_file(sha256)?).map_err(io)?;
        store.sql().execute(
            "INSERT INTO blob (sha256, size, device_id, completed_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
            params![sha256, total as i64, device.device_id.to_string(), now()],
        )?;
        tracing::info!(%sha256, size = total, "blob complete");
        Ok(BlobStatus { offset: total, complete: true })
    }

    /// The bytes of a complete blob, if the device may see an attachment that has them (or
    /// brought them itself).
    pub(super) fn read_blob(&self, device: &DeviceAuth, sha256: &str) -> Result<Vec<u8>, ServerError> {
        let file = self.blob_file(sha256)?;
        let store = self.reader();
        let teams = serde_json::to_string(&device.teams).map_err(|err| ServerError::Internal(err.to_string()))?;
        let visible: Option<i64> = store
            .sql()
            .query_row(
                "SELECT 1 FROM blob b WHERE b.sha256 = ?1 AND (?2 OR b.device_id = ?3 OR EXISTS (
                     SELECT 1 FROM attachment a JOIN visit v ON v.id = a.visit_id
                      WHERE a.sha256 = b.sha256 AND a.deleted = 0
                        AND v.team_id IN (SELECT value FROM json_each(?4))))",
                params![sha256, device.sees_every_team(), device.device_id.to_string(), teams],
                |row| row.get(0),
            )
            .optional()?;
        if visible.is_none() {
            return Err(ServerError::NotFound(format!("no blob {sha256} this device may see")));
        }
        fs::read(&file).map_err(|err| ServerError::Internal(format!("blob {sha256}: {err}")))
    }
}
