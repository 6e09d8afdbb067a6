//! What the HTTP layer needs from the central office's store. Handlers know only this
//! trait, so another database (PostgreSQL) can be added without touching them.

use serde::Serialize;
use uuid::Uuid;
use vigil_core::protocol::{BlobStatus, EnrolRequest, EnrolResponse, MAX_BATCH, PushRequest, PushResponse};
use vigil_core::{Op, Role};

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
        self.role == Role::Admin
    }
}

/// A pushed batch as the handler checked it, each op with the JSON the office logs it as.
/// Both are done before the writer's lock is taken, while it applies another batch.
#[derive(Debug, Clone)]
pub struct PushBatch {
    pub device_id: Uuid,
    pub ops: Vec<PushedOp>,
}

#[derive(Debug, Clone)]
pub struct PushedOp {
    pub op: Op,
    /// The op's own serialisation (not the bytes the device sent).
    pub json: String,
}

impl PushBatch {
    /// Refuses a batch over [`MAX_BATCH`] ops, or one with an op that does not fit the
    /// schema: that is a broken client, not a refusal of one op, so nothing of it is stored.
    pub fn checked(request: PushRequest) -> Result<PushBatch, ServerError> {
        if request.ops.len() > MAX_BATCH {
            return Err(ServerError::BadRequest(format!(
                "push carries {} ops; at most {MAX_BATCH} per batch",
                request.ops.len()
            )));
        }
        let ops = request
            .ops
            .into_iter()
            .map(|op| {
                op.check_shape().map_err(|err| ServerError::BadRequest(format!("op {}: {err}", op.op_id)))?;
                let json = serde_json::to_string(&op).map_err(|err| ServerError::Internal(err.to_string()))?;
                Ok(PushedOp { op, json })
            })
            .collect::<Result<_, ServerError>>()?;
        Ok(PushBatch { device_id: request.device_id, ops })
    }
}

/// The blocking storage calls behind the API (the router runs them off the async threads).
pub trait Storage: Send + Sync + 'static {
    /// Trades a one-time enrolment code for a device token.
    fn enrol(&self, request: &EnrolRequest) -> Result<EnrolResponse, ServerError>;
    /// The device a bearer token belongs to, unless unknown or revoked.
    fn authenticate(&self, token: &str) -> Result<DeviceAuth, ServerError>;
    /// Stores a batch of one device's ops in one transaction.
    fn push(&self, device: &DeviceAuth, batch: &PushBatch) -> Result<PushResponse, ServerError>;
    /// How much of a blob the office holds.
    fn blob_status(&self, device: &DeviceAuth, sha256: &str) -> Result<BlobStatus, ServerError>;
    /// Appends a chunk at `offset` of a blob of `total` bytes; verifies the hash at the end.
    fn put_blob(
        &self,
        device: &DeviceAuth,
        sha256: &str,
        offset: u64,
        total: u64,
        chunk: &[u8],
    ) -> Result<BlobStatus, ServerError>;
    /// The bytes of a complete blob the device may see.
    fn get_blob(&self, device: &DeviceAuth, sha256: &str) -> Result<Vec<u8>, ServerError>;
    /// The `/changes` answer as JSON text: ops after `since` the device may see.
    fn changes_json(&self, device: &DeviceAuth, since: u64, limit: usize) -> Result<String, ServerError>;
}
