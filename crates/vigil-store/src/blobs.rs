//! The device's copies of photos and documents, beside the store file (`NAME.blobs/SHA`),
//! each named by the SHA-256 of its bytes. Written to a temporary name and renamed, so a
//! blob file is either whole or absent. Encrypted at rest in a later step (security issue).

use std::fs;
use std::path::PathBuf;

use sha2::{Digest, Sha256};
use vigil_core::protocol::is_sha256;
use vigil_core::{Entity, Op};

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
        fs::write(&partial, bytes).map_err(io)?;
        fs::rename(&partial, &path).map_err(io)
    }

    /// Where the blob's file is (it may not be here yet).
    pub fn blob_path(&self, sha256: &str) -> Result<PathBuf, StoreError> {
        if !is_sha256(sha256) {
            return Err(StoreError::Corrupt(format!("{sha256:?} is not a SHA-256")));
        }
        Ok(self.blob_dir.join(sha256))
    }

    /// Blobs that attachments waiting in the outbox refer to: they go up before the ops.
    pub fn blobs_to_upload(&self) -> Result<Vec<String>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT o.body FROM outbox b JOIN op_log o USING (local_seq) WHERE o.entity = ?1 ORDER BY b.local_seq",
        )?;
        let bodies = statement.query_map([Entity::Attachment.as_str()], |row| row.get::<_, String>(0))?;
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
