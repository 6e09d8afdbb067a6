//! What the HTTP layer needs from the central office's store. Handlers know only this
//! trait, so another database (PostgreSQL) can be added without touching them.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use uuid::Uuid;
use vigil_core::protocol::{BlobStatus, EnrolRequest, EnrolResponse, MAX_BATCH, PushResponse};
use vigil_core::{Code, Op, Role};

use crate::ServerError;

/// An authenticated device and what its user may see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct DeviceAuth {
    pub device_id: Uuid,
    pub user_id: Uuid,
    pub role: Role,
    /// Teams the user works in or supervises.
    pub teams: Vec<Uuid>,
}

impl DeviceAuth {
    /// Administrators manage reference data and see every team's visits, but never the
    /// contents of interviews, which stay with the visit's team and its supervisors.
    pub fn sees_every_team(&self) -> bool {
        self.role.sees_every_team()
    }
}

/// A pushed batch as the handler checked it, each op with the JSON the office logs it as:
/// done before the writer's lock is taken, while the writer applies another batch.
#[derive(Debug, Clone)]
pub struct PushBatch {
    pub device_id: Uuid,
    pub ops: Vec<PushedOp>,
    /// Blobs the device declares it cannot send (see [`vigil_core::protocol::PushRequest`]).
    pub blobs_set_aside: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct PushedOp {
    pub op: Op,
    /// The op's JSON as the device sent it. It parsed as exactly an [`Op`] (unknown fields
    /// are refused at every level), so every device that pulls it reads the same op; it
    /// is kept rather than written again, which would cost the office a third of parsing.
    pub json: String,
}

/// A push request (see [`vigil_core::protocol::PushRequest`], which documents it) with
/// each op's JSON kept.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPushRequest<'a> {
    device_id: Uuid,
    #[serde(borrow)]
    ops: Vec<&'a RawValue>,
    #[serde(default)]
    blobs_set_aside: Vec<String>,
}

impl PushBatch {
    /// Reads a push request. Refuses malformed JSON, a batch over [`MAX_BATCH`] ops, or one
    /// with an op that does not fit the schema: that is a broken client, not a refusal of
    /// one op, so nothing of it is stored.
    pub fn parse(body: &[u8]) -> Result<PushBatch, ServerError> {
        let bad = |message: String| ServerError::BadRequest(format!("push request: {message}"));
        let request: RawPushRequest = serde_json::from_slice(body).map_err(|err| bad(err.to_string()))?;
        if request.ops.len() > MAX_BATCH {
            return Err(bad(format!("{} ops; at most {MAX_BATCH} per batch", request.ops.len())));
        }
        let ops = request
            .ops
            .iter()
            .enumerate()
            .map(|(n, json)| {
                let op: Op = serde_json::from_str(json.get()).map_err(|err| bad(format!("op {}: {err}", n + 1)))?;
                op.check_shape().map_err(|err| bad(format!("op {}: {err}", op.op_id)))?;
                Ok(PushedOp { op, json: json.get().to_owned() })
            })
            .collect::<Result<_, ServerError>>()?;
        if request.blobs_set_aside.len() > MAX_BATCH {
            return Err(bad(format!("{} blobs set aside; at most {MAX_BATCH}", request.blobs_set_aside.len())));
        }
        Ok(PushBatch { device_id: request.device_id, ops, blobs_set_aside: request.blobs_set_aside })
    }
}

/// The blocking storage calls behind the API (the router runs them off the async threads).
pub trait Storage: Send + Sync + 'static {
    /// Where published app releases are kept ([`crate::releases`]).
    fn release_dir(&self) -> std::path::PathBuf;
    /// Trades a one-time enrolment code for a device token.
    fn enrol(&self, request: &EnrolRequest) -> Result<EnrolResponse, ServerError>;
    /// The device a bearer token belongs to, unless unknown or revoked.
    fn authenticate(&self, token: &str) -> Result<DeviceAuth, ServerError>;
    /// Notes that an authenticated device reached the office, naming its app's version
    /// (the console lists both). Called off the request; nothing by default.
    fn seen(&self, _device: &DeviceAuth, _app_version: Option<&str>) {}
    /// Stores a batch of one device's ops in one transaction.
    fn push(&self, device: &DeviceAuth, batch: &PushBatch) -> Result<Pushed, ServerError>;
    /// How much of a blob the office holds for the device: all of one it may see, or what
    /// it sent of its own upload; `not_found` for any other, held by the office or not.
    fn blob_status(&self, device: &DeviceAuth, sha256: &str) -> Result<BlobStatus, ServerError>;
    /// Appends a chunk at `offset` of the device's own upload of a blob of `total` bytes;
    /// verifies the hash at the end.
    fn put_blob(
        &self,
        device: &DeviceAuth,
        sha256: &str,
        offset: u64,
        total: u64,
        chunk: &[u8],
    ) -> Result<BlobStatus, ServerError>;
    /// A complete blob the device may see, opened to be streamed.
    fn get_blob(&self, device: &DeviceAuth, sha256: &str) -> Result<std::fs::File, ServerError>;
    /// The `/changes` answer as JSON text: ops after the cursor the device may see, other
    /// devices' ones and, if `own_after` is given, its own numbered after it. A cursor of
    /// an earlier epoch (the office was restored since) moves back first, and the answer
    /// says what the office holds of the device's own ops (`ChangesResponse::restored`).
    fn changes_json(
        &self,
        device: &DeviceAuth,
        cursor: Cursor,
        limit: usize,
        own_after: Option<u64>,
    ) -> Result<String, ServerError>;
    /// What `/metrics` reads when scraped: counts and sizes, nothing about anyone.
    fn figures(&self) -> Result<OfficeFigures, ServerError>;
}

/// A push as stored: the answer to the device, and what became of the ops it sent for the
/// first time (a replayed op gets its first answer again and is not counted twice).
#[derive(Debug, Clone)]
pub struct Pushed {
    pub answer: PushResponse,
    pub accepted: u64,
    /// The code of each op rejected.
    pub rejected: Vec<Code>,
}

/// The office's size, as `/metrics` shows it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OfficeFigures {
    /// Devices enrolled and not revoked.
    pub devices_enrolled: u64,
    /// The database file with its write-ahead log.
    pub database_bytes: u64,
    /// Photos and documents held whole.
    pub blob_bytes: u64,
}

/// Where a device's pull starts: after `since` in the log of the office's `epoch` (none:
/// an app of protocol 2, or one that never pulled; taken as the office's own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub since: u64,
    pub epoch: Option<uuid::Uuid>,
}
