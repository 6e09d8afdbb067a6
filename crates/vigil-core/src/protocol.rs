//! The sync protocol's wire types (HTTP + JSON under [`API_PREFIX`]), shared by the
//! central office server and the device's sync client so they cannot disagree.
//!
//! - `POST /enrol` trades a one-time enrolment code for a device token.
//! - `POST /push` sends a batch of a device's ops, in `device_seq` order, with no gap.
//! - `GET /changes?since=SEQ&limit=N&epoch=E` returns what the caller may see after a
//!   cursor, and the office's [epoch](ChangesResponse::epoch): a new one after every
//!   restore of the office from a backup, which sends the caller back to where its cursor
//!   still holds and tells it which of its own ops to send again ([`OfficeRestored`]).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::code::Code;
use crate::op::Op;
use crate::workflow::Role;

pub const API_PREFIX: &str = "/api/v1";

/// The version of the sync protocol this build speaks, sent in [`PROTOCOL_HEADER`] on every
/// request (by the app) and every answer (by the office). It goes up whenever either side
/// would misread the other: ops are parsed strictly (a field a record gains is refused by
/// a side that does not know it, never dropped), so a record's new field is a new version.
/// 1 was the protocol before the header; 2 added `PushRequest::blobs_set_aside`; 3 added
/// the office's epoch (`ChangesResponse::epoch` and `restored`, the `epoch` of a pull).
/// An app of 3 syncs with an office of 2 (it recovers from nothing there that it did
/// not before) and an office of 3 serves an app of 2 (which does not recover from a
/// restore of the office: see docs/architecture.md, "Backup and restore").
pub const PROTOCOL_VERSION: u32 = 3;

/// The oldest app an office of this build serves: an older one is answered 426
/// `update_required`, before anything of its request is read.
pub const OLDEST_APP: u32 = 1;

/// The oldest office an app of this build syncs with: it refuses an older one
/// (`office_too_old`) and sends it nothing more.
pub const OLDEST_OFFICE: u32 = 2;

/// The header that carries [`PROTOCOL_VERSION`]; a request or answer without it is of
/// version 1.
pub const PROTOCOL_HEADER: &str = "vigil-protocol";

/// The header in which a device names the version of the app it runs (the console lists it).
pub const APP_VERSION_HEADER: &str = "vigil-app-version";

/// The longest app version the office records from [`APP_VERSION_HEADER`]; a longer one is cut.
pub const MAX_APP_VERSION_LEN: usize = 40;

/// Which versions of the protocol a side speaks and still takes from the other side: the
/// constants above, or others in tests of two versions meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Versions {
    pub speaks: u32,
    /// The oldest peer this side takes (an app for an office, an office for an app).
    pub oldest_peer: u32,
}

impl Versions {
    pub const APP: Versions = Versions { speaks: PROTOCOL_VERSION, oldest_peer: OLDEST_OFFICE };
    pub const OFFICE: Versions = Versions { speaks: PROTOCOL_VERSION, oldest_peer: OLDEST_APP };
}

/// The version a [`PROTOCOL_HEADER`] value names: absent is version 1, unreadable is `None`.
pub fn version_in_header(value: Option<&str>) -> Option<u32> {
    match value {
        None => Some(1),
        Some(text) => text.trim().parse().ok(),
    }
}

/// An app and an office that cannot sync: each side's version and the oldest the refusing
/// side takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VersionMismatch {
    pub app: u32,
    pub office: u32,
    /// The oldest version the refusing side takes from the other.
    pub oldest: u32,
}

/// The most ops a push may carry and a pull page may hold.
pub const MAX_BATCH: usize = 1000;

/// A signed app release the office hands to its enrolled devices: what
/// `/releases/latest` answers, and what the office keeps beside the bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Release {
    /// Semantic version, e.g. `0.2.0`.
    pub version: String,
    /// The bundle's file name as published (`vigil_0.2.0_amd64.deb`).
    pub file_name: String,
    /// Where the device fetches it, under the office's address (with its token).
    pub path: String,
    pub size: u64,
    pub sha256: String,
    /// The `.sig` file's content as the Tauri CLI writes it (base64 of a minisign
    /// signature); the app's updater checks it again before installing.
    pub signature: String,
    /// RFC 3339.
    pub pub_date: String,
}

/// Every error answer: a stable code to branch on and a message naming the problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub code: Code,
    pub message: String,
    /// For `sequence_gap` and `sequence_taken`: the `device_seq` the office expects next;
    /// for `offset_mismatch`: how many bytes of the blob the office holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<u64>,
    /// For `update_required`: the app's version, the office's, and the oldest app it serves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub versions: Option<VersionMismatch>,
    /// For `sequence_taken`: the `device_seq` of the first op the office lacks, whose number
    /// another op of the device already has; it and every op after it need new numbers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taken: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnrolRequest {
    pub code: String,
    /// The id the device's store made for itself.
    pub device_id: Uuid,
    pub device_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnrolResponse {
    /// The bearer token of this device; the server keeps only its hash.
    pub token: String,
    pub user_id: Uuid,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushRequest {
    pub device_id: Uuid,
    pub ops: Vec<Op>,
    /// Blobs the device cannot send (their file is gone or damaged there): the office
    /// takes the attachments that name them without the bytes, where any other attachment
    /// whose blob it lacks refuses the batch (`blob_missing`). Such an attachment shows
    /// no one the bytes until that device uploads them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blobs_set_aside: Vec<String>,
}

/// One answer per pushed op, in the order sent. A replayed batch gets the same answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushResponse {
    pub results: Vec<OpResult>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpResult {
    pub op_id: Uuid,
    #[serde(flatten)]
    pub outcome: OpOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum OpOutcome {
    /// Stored under this global sequence number.
    Accepted { seq: u64 },
    /// Refused for good (permission, validation, locked visit); never retried. `detail`
    /// says what it is about as parameters the app words (absent from an older office).
    Rejected {
        code: Code,
        reason: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
        detail: Option<crate::Detail>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangesResponse {
    pub changes: Vec<Change>,
    /// The cursor to ask from next time: the last sequence number this page covers.
    pub next: u64,
    /// More changes wait beyond this page.
    pub more: bool,
    /// The office's incarnation: a new one each time the office is restored from a backup
    /// (absent from an office of protocol 2). A device keeps it and names it in its next
    /// pull, so the office can tell the device's cursor counts in a log it no longer has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epoch: Option<Uuid>,
    /// Given when the pull named an earlier epoch than the office's: the office was
    /// restored since this device last pulled. The page starts where the restored log
    /// still agrees with what the device was sent (its `since` moved back), and the
    /// device sends again its own ops after [`OfficeRestored::held`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restored: Option<OfficeRestored>,
    /// The office's retention period: how long after a visit's approval a device keeps its
    /// interview contents and photo bytes ([`crate::retention`]). Absent: kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_days: Option<crate::retention::RetentionDays>,
}

/// What a device learns of an office restored from a backup since its last pull.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfficeRestored {
    /// The last of the device's own ops (`device_seq`) the office holds: those after it,
    /// which the device pushed after the backup was made, were lost with the office's
    /// files and go up again, in order, under the same ids and numbers.
    pub held: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Change {
    pub seq: u64,
    pub op: Op,
}

/// Where an upload of a blob stands at the central office (`HEAD` and `PUT
/// /blobs/{sha256}`): bytes received so far, and whether the blob is complete and verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BlobStatus {
    pub offset: u64,
    pub complete: bool,
}

/// Whether `text` is a SHA-256 as blobs are addressed: 64 lowercase hex digits.
pub fn is_sha256(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}
