//! Photos and documents as evidence of a finding. The bytes go to the device's blob
//! files (`Store::keeping_blob`, addressed by their SHA-256); an `Attachment` record names
//! them, and the observation lists the attachment. Images are shown back as `data:` URLs
//! (the window's CSP allows `img-src data:`), read from the blob file on this device.

use base64::Engine;
use base64::prelude::BASE64_STANDARD;
use serde_json::Map;
use uuid::Uuid;
use vigil_core::ids::new_id;
use vigil_core::records::{Attachment, Observation};
use vigil_core::{Entity, Record};
use vigil_store::{Actor, SetAsideBlob, Store, StoreError};

use crate::error::AppError;
use crate::inspection::{actor_of, not_found, typed};
use crate::state::AppState;

/// The largest file a monitor can attach (a phone photo is a few MiB).
pub const MAX_ATTACHMENT_BYTES: usize = 25 * 1024 * 1024;

/// Images up to this size are shown as thumbnails; larger ones only by name.
pub const MAX_PREVIEW_BYTES: u64 = 8 * 1024 * 1024;

/// What the file picker sends.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct NewAttachment {
    pub observation_id: Uuid,
    pub file_name: String,
    pub mime: String,
    pub bytes: Vec<u8>,
}

/// Why a file cannot be attached, or `None` when it can.
pub fn attachment_problem(file: &NewAttachment) -> Option<&'static str> {
    file_problem(&file.mime, &file.bytes)
}

/// Why a file of this type and these bytes cannot be attached (to a finding, or as an
/// authority's letter), or `None` when it can.
pub fn file_problem(mime: &str, bytes: &[u8]) -> Option<&'static str> {
    let mime = mime.to_ascii_lowercase();
    if bytes.is_empty() {
        Some("The file is empty")
    } else if bytes.len() > MAX_ATTACHMENT_BYTES {
        Some("The file is larger than 25 MB")
    } else if !(mime.starts_with("image/") || mime == "application/pdf") {
        Some("Attach a photo or a PDF document")
    } else {
        None
    }
}

/// Keeps the bytes, creates the attachment and lists it on the observation.
pub fn attach(store: &mut Store, actor: &Actor, file: NewAttachment) -> Result<Attachment, AppError> {
    if let Some(problem) = attachment_problem(&file) {
        return Err(AppError::InvalidInput(problem.to_owned()));
    }
    let observation: Observation = typed(store.record(Entity::Observation, file.observation_id)?)
        .ok_or_else(|| not_found(Entity::Observation, file.observation_id))?;
    let name = file.file_name.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    let attachment = store.keeping_blob(&file.bytes, |store, sha256| {
        let attachment = Attachment {
            id: new_id(),
            visit_id: observation.visit_id,
            sha256,
            mime: file.mime.to_ascii_lowercase(),
            size: i64::try_from(file.bytes.len()).unwrap_or(i64::MAX),
            file_name: if name.is_empty() { "file".to_owned() } else { name.to_owned() },
        };
        store.create(actor, &attachment.clone().into()).map(|_| attachment)
    })?;
    let mut ids = observation.attachment_ids;
    ids.push(attachment.id);
    let ids = serde_json::to_value(ids).map_err(|e| AppError::InvalidInput(e.to_string()))?;
    store.update(actor, Entity::Observation, observation.id, Map::from_iter([("attachment_ids".to_owned(), ids)]))?;
    Ok(attachment)
}

/// The image as a `data:` URL, or `None` when it is not an image, too large to preview,
/// or its bytes are not on this device (yet).
pub fn preview(store: &Store, attachment_id: Uuid) -> Result<Option<String>, AppError> {
    let Some(Record::Attachment(attachment)) = store.record(Entity::Attachment, attachment_id)? else {
        return Err(not_found(Entity::Attachment, attachment_id));
    };
    if !attachment.mime.starts_with("image/") {
        return Ok(None);
    }
    if !store.blob_path(&attachment.sha256)?.is_file() || attachment.size > MAX_PREVIEW_BYTES as i64 {
        return Ok(None);
    }
    // Through the store: it decrypts the file and checks the bytes against their hash.
    let bytes = store.read_blob(&attachment.sha256)?;
    Ok(Some(format!("data:{};base64,{}", attachment.mime, BASE64_STANDARD.encode(&bytes))))
}

/// An attachment whose photo or document this device could not send, and why.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AttachmentSetAside {
    pub attachment_id: Uuid,
    /// `blob_missing` (the file is gone) or `blob_damaged`.
    pub code: vigil_core::Code,
}

/// The visit's attachments whose photo sync set aside (see `vigil_store::SetAsideBlob`).
pub fn attachments_set_aside(store: &Store, visit_id: Uuid) -> Result<Vec<AttachmentSetAside>, StoreError> {
    let mut found = Vec::new();
    for blob in store.blobs_set_aside()? {
        for attachment in blob.attachments.iter().filter(|a| a.visit_id == visit_id) {
            found.push(AttachmentSetAside { attachment_id: attachment.id, code: blob.code });
        }
    }
    Ok(found)
}

impl AppState {
    pub fn blobs_set_aside(&self) -> Result<Vec<SetAsideBlob>, AppError> {
        self.with_store(|store| store.blobs_set_aside())
    }

    pub fn add_attachment(&self, file: NewAttachment) -> Result<Attachment, AppError> {
        self.with_app_store(|store| {
            let actor = actor_of(store)?;
            attach(store, &actor, file)
        })
    }

    pub fn attachment_preview(&self, attachment_id: Uuid) -> Result<Option<String>, AppError> {
        self.with_app_store(|store| preview(store, attachment_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_photos_and_pdfs_of_a_sensible_size_are_attached() {
        let file = |mime: &str, len: usize| NewAttachment {
            observation_id: Uuid::nil(),
            file_name: "x".into(),
            mime: mime.into(),
            bytes: vec![1; len],
        };
        assert_eq!(attachment_problem(&file("image/jpeg", 10)), None);
        assert_eq!(attachment_problem(&file("application/PDF", 10)), None);
        assert!(attachment_problem(&file("text/html", 10)).is_some());
        assert!(attachment_problem(&file("image/png", 0)).is_some());
        assert!(attachment_problem(&file("image/png", MAX_ATTACHMENT_BYTES + 1)).is_some());
    }
}
