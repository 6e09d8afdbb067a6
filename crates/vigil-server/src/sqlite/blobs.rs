//! Blobs at the central office: photos and documents by the SHA-256 of their bytes.
//!
//! Each device uploads into a part file of its own, `DIR/blobs/SHA.DEVICE.part`, appending
//! chunks at the offset the office holds *for that device*: an upload cut off resumes where
//! its copy ends, and no other device can add to it. When the last byte arrives the file's
//! hash is checked; only then does it become `DIR/blobs/SHA` (or is dropped, when another
//! device brought the same bytes first), and only then are that device's ops referring to
//! it accepted. Unfinished uploads count against a per-device quota and are deleted once
//! older than the office's limit ([`UploadLimits`]).
//!
//! A device sees a blob (its status, its bytes) only through an attachment it may pull,
//! by the rule of `/changes`, or through an upload of its own. For any other hash the
//! office answers as if it held nothing, so knowing a hash never tells a device whether
//! the office holds a colleague's photo.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::PathBuf;

use sha2::{Digest, Sha256};
use vigil_core::protocol::{BlobStatus, is_sha256};
use vigil_store::Store;
use vigil_store::rusqlite::{OptionalExtension, named_params, params};

use super::{SqliteStorage, now, teams_json};
use crate::ServerError;
use crate::storage::DeviceAuth;

/// The largest blob the office takes (a long video would be larger: not a monitoring photo).
pub const MAX_BLOB_BYTES: u64 = 256 * 1024 * 1024;

/// What a device's unfinished uploads may take at the office.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadLimits {
    /// Bytes of unfinished uploads one device may hold at once.
    pub quota_bytes: u64,
    /// How long an unfinished upload is kept: older ones are deleted when an upload starts.
    pub max_age: chrono::Duration,
}

impl Default for UploadLimits {
    fn default() -> UploadLimits {
        // Four of the largest blobs at once; a week of bad links to finish one.
        UploadLimits { quota_bytes: 1024 * 1024 * 1024, max_age: chrono::Duration::days(7) }
    }
}

/// A complete blob `:device` may see: one an attachment it may pull names (the attachment's
/// changes have its visit's team as their scope; one taken without the bytes does not
/// count), or one it uploaded itself.
const VISIBLE_BLOB: &str = concat!(
    "SELECT b.size FROM blob b WHERE b.sha256 = :sha256 AND (
        EXISTS (SELECT 1 FROM blob_upload u
                 WHERE u.sha256 = :sha256 AND u.device_id = :device AND u.completed_at IS NOT NULL)
        OR EXISTS (SELECT 1 FROM (SELECT v.team_id AS scope, 'attachment' AS entity
                                    FROM attachment a JOIN visit v ON v.id = a.visit_id
                                   WHERE a.sha256 = :sha256 AND a.deleted = 0
                                     AND NOT EXISTS (SELECT 1 FROM attachment_without_blob w
                                                      WHERE w.attachment_id = a.id))
                    WHERE ",
    may_pull!(),
    "))"
);

impl SqliteStorage {
    fn blob_file(&self, sha256: &str) -> Result<PathBuf, ServerError> {
        if !is_sha256(sha256) {
            return Err(ServerError::BadRequest(format!("{sha256:?} is not a SHA-256 (64 lowercase hex digits)")));
        }
        Ok(self.blob_dir.join(sha256))
    }

    /// Where a device's upload of a blob gathers (`sha256` already checked).
    fn part_file(&self, sha256: &str, device_id: &str) -> PathBuf {
        self.blob_dir.join(format!("{sha256}.{device_id}.part"))
    }

    /// The size of a complete blob the device may see, if there is one.
    fn visible_blob(store: &Store, device: &DeviceAuth, sha256: &str) -> Result<Option<u64>, ServerError> {
        let size: Option<i64> = store
            .sql()
            .prepare_cached(VISIBLE_BLOB)?
            .query_row(
                named_params! {
                    ":sha256": sha256,
                    ":device": device.device_id.to_string(),
                    ":every_team": device.sees_every_team(),
                    ":teams": teams_json(device)?,
                },
                |row| row.get(0),
            )
            .optional()?;
        Ok(size.map(|size| size as u64))
    }

    /// How many bytes of its unfinished upload of a blob the office holds for the device,
    /// if it has one under way.
    fn unfinished_upload(&self, store: &Store, device: &DeviceAuth, sha256: &str) -> Result<Option<u64>, ServerError> {
        let device_id = device.device_id.to_string();
        let under_way: Option<i64> = store
            .sql()
            .prepare_cached("SELECT 1 FROM blob_upload WHERE sha256 = ?1 AND device_id = ?2 AND completed_at IS NULL")?
            .query_row(params![sha256, device_id], |row| row.get(0))
            .optional()?;
        // The file is what was written and synced; a chunk lost in a crash is not held.
        Ok(under_way.map(|_| fs::metadata(self.part_file(sha256, &device_id)).map_or(0, |meta| meta.len())))
    }

    /// Whether a device's op may refer to a blob: one it may see, whole.
    pub(super) fn may_refer_to_blob(&self, device: &DeviceAuth, sha256: &str) -> Result<bool, ServerError> {
        self.blob_file(sha256)?;
        Ok(Self::visible_blob(&self.reader(), device, sha256)?.is_some())
    }

    /// How much of a blob the office holds for the device: all of one it may see, its own
    /// upload's bytes, or else nothing (`not_found`, whether or not anyone else sent it).
    pub(super) fn status_of_blob(&self, device: &DeviceAuth, sha256: &str) -> Result<BlobStatus, ServerError> {
        self.blob_file(sha256)?;
        let store = self.reader();
        if let Some(size) = Self::visible_blob(&store, device, sha256)? {
            return Ok(BlobStatus { offset: size, complete: true });
        }
        match self.unfinished_upload(&store, device, sha256)? {
            Some(offset) => Ok(BlobStatus { offset, complete: false }),
            None => Err(not_visible(sha256)),
        }
    }

    pub(super) fn append_blob(
        &self,
        device: &DeviceAuth,
        sha256: &str,
        offset: u64,
        total: u64,
        chunk: &[u8],
    ) -> Result<BlobStatus, ServerError> {
        let blob = self.blob_file(sha256)?;
        // One upload at a time: the store's lock also serialises blob writes.
        let store = self.store();
        if let Some(size) = Self::visible_blob(&store, device, sha256)? {
            return Ok(BlobStatus { offset: size, complete: true });
        }
        if total > MAX_BLOB_BYTES {
            return Err(ServerError::TooLarge(format!("blob of {total} bytes; at most {MAX_BLOB_BYTES}")));
        }
        let held = self.unfinished_upload(&store, device, sha256)?;
        if offset != held.unwrap_or(0) {
            return Err(ServerError::OffsetMismatch { expected: held.unwrap_or(0) });
        }
        let end = offset + chunk.len() as u64;
        if end > total {
            return Err(ServerError::BadRequest(format!("chunk ends at byte {end}, past the blob's {total} bytes")));
        }
        if held.is_none() {
            self.forget_stale_uploads(&store)?;
        }
        let device_id = device.device_id.to_string();
        let unfinished: i64 = store.sql().query_row(
            "SELECT COALESCE(SUM(bytes), 0) FROM blob_upload WHERE device_id = ?1 AND completed_at IS NULL",
            [&device_id],
            |row| row.get(0),
        )?;
        let quota = self.uploads.quota_bytes;
        if unfinished as u64 + chunk.len() as u64 > quota {
            return Err(ServerError::UploadQuota { quota, held: unfinished as u64 });
        }

        let part = self.part_file(sha256, &device_id);
        let io = |err: io::Error| disk_error(sha256, err);
        fs::create_dir_all(&self.blob_dir).map_err(io)?;
        if held.is_none() {
            store.sql().execute(
                "INSERT INTO blob_upload (sha256, device_id, started_at, bytes) VALUES (?1, ?2, ?3, 0)
                 ON CONFLICT (sha256, device_id) DO UPDATE
                    SET started_at = excluded.started_at, bytes = 0, completed_at = NULL",
                params![sha256, device_id, now()],
            )?;
            // A fresh start: bytes a crash left behind are not part of it.
            File::create(&part).map_err(io)?;
        }
        // Created if it went missing: its length is the offset, so it starts at 0 again.
        let mut file = OpenOptions::new().append(true).create(true).open(&part).map_err(io)?;
        if let Err(err) = file.write_all(chunk).and_then(|()| file.sync_data()) {
            // The upload's bytes are the file's length: cut what part of the chunk was
            // written, so the device sends the chunk again whole (best effort: a file
            // system that is full still shortens a file).
            let _ = file.set_len(offset);
            return Err(io(err));
        }
        store.sql().execute(
            "UPDATE blob_upload SET bytes = ?3 WHERE sha256 = ?1 AND device_id = ?2",
            params![sha256, device_id, end as i64],
        )?;
        if end < total {
            return Ok(BlobStatus { offset: end, complete: false });
        }

        let actual = sha256_of(&part).map_err(io)?;
        if actual != sha256 {
            fs::remove_file(&part).map_err(io)?;
            store
                .sql()
                .execute("DELETE FROM blob_upload WHERE sha256 = ?1 AND device_id = ?2", [sha256, &device_id])?;
            return Err(ServerError::HashMismatch { expected: sha256.to_owned(), actual });
        }
        // Another device may have brought the same bytes: they are kept once.
        if blob.is_file() {
            fs::remove_file(&part).map_err(io)?;
        } else {
            fs::rename(&part, &blob).map_err(io)?;
        }
        store.sql().execute(
            "INSERT INTO blob (sha256, size, device_id, completed_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
            params![sha256, total as i64, device_id, now()],
        )?;
        store.sql().execute(
            "UPDATE blob_upload SET completed_at = ?3 WHERE sha256 = ?1 AND device_id = ?2",
            params![sha256, device_id, now()],
        )?;
        // The device that pushed attachments without these bytes has sent them now.
        store
            .sql()
            .prepare_cached("DELETE FROM attachment_without_blob WHERE sha256 = ?1 AND device_id = ?2")?
            .execute(params![sha256, device_id])?;
        tracing::info!(%sha256, size = total, "blob complete");
        Ok(BlobStatus { offset: total, complete: true })
    }

    /// Keeps bytes the office makes itself (the demo's kept reports): the file under its
    /// hash, and the `blob` row that devices' downloads and backups go by.
    pub(super) fn keep_own_blob(&self, bytes: &[u8]) -> Result<String, ServerError> {
        // A reader's store writes the file where the office's blobs are (whole, or absent).
        let sha256 = self.reader().add_blob(bytes)?;
        let store = self.store();
        store.sql().execute(
            "INSERT INTO blob (sha256, size, device_id, completed_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
            params![sha256, bytes.len() as i64, store.device_id().to_string(), now()],
        )?;
        Ok(sha256)
    }

    /// Deletes the unfinished uploads older than the office keeps them, freeing their
    /// devices' quota.
    fn forget_stale_uploads(&self, store: &Store) -> Result<(), ServerError> {
        // An age past the calendar's start keeps every upload.
        let Some(cutoff) = chrono::Utc::now().checked_sub_signed(self.uploads.max_age) else {
            return Ok(());
        };
        let cutoff = cutoff.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let stale: Vec<(String, String)> = store
            .sql()
            .prepare_cached(
                "DELETE FROM blob_upload WHERE completed_at IS NULL AND started_at <= ?1 RETURNING sha256, device_id",
            )?
            .query_map([cutoff], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<_, _>>()?;
        for (sha256, device_id) in &stale {
            match fs::remove_file(self.part_file(sha256, device_id)) {
                Err(err) if err.kind() != io::ErrorKind::NotFound => {
                    return Err(ServerError::Internal(format!("stale upload of blob {sha256}: {err}")));
                }
                _ => {}
            }
        }
        if !stale.is_empty() {
            tracing::info!(uploads = stale.len(), "stale partial uploads deleted");
        }
        Ok(())
    }

    /// A complete blob the device may see, opened to be streamed.
    pub(super) fn open_blob(&self, device: &DeviceAuth, sha256: &str) -> Result<File, ServerError> {
        let file = self.blob_file(sha256)?;
        if Self::visible_blob(&self.reader(), device, sha256)?.is_none() {
            return Err(not_visible(sha256));
        }
        File::open(&file).map_err(|err| ServerError::Internal(format!("blob {sha256}: {err}")))
    }
}

/// The one answer for a blob a device may not see and for one the office lacks.
fn not_visible(sha256: &str) -> ServerError {
    ServerError::NotFound(format!("no blob {sha256} this device may see"))
}

/// A failed write of a blob: the office's disk full is `office_disk_full` (507), which the
/// device reads as "try later", anything else internal.
fn disk_error(sha256: &str, err: io::Error) -> ServerError {
    match err.kind() {
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => {
            tracing::error!(%sha256, %err, "the office's disk is full");
            ServerError::DiskFull
        }
        _ => ServerError::Internal(format!("blob {sha256}: {err}")),
    }
}

/// The SHA-256 of a file, read in pieces rather than whole.
fn sha256_of(path: &std::path::Path) -> io::Result<String> {
    let mut hasher = Sha256::new();
    io::copy(&mut File::open(path)?, &mut hasher)?;
    Ok(hex::encode(hasher.finalize()))
}
