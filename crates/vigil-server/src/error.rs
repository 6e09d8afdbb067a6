//! Server errors. Each maps to an HTTP status and a JSON body `{code, message}` naming the
//! problem; internal errors are logged and answered with a generic message.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use vigil_core::Code;
use vigil_core::protocol::ApiError;
use vigil_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("missing, unknown or revoked device token")]
    Unauthorized,
    #[error("{0}")]
    BadRequest(String),
    #[error("this device may only push its own ops (pushed for {0})")]
    WrongDevice(uuid::Uuid),
    #[error("enrolment code is unknown, used or expired")]
    BadEnrolmentCode,
    #[error(
        "the central office was restored from a backup and an administrator has not confirmed this device yet: \
         ask the office to confirm it; its changes stay on the device and sync once it is confirmed"
    )]
    DeviceUnconfirmed,
    #[error(
        "device {0} is enrolled already: enrol with a new device id, or ask an administrator to re-enrol \
         this one (`vigil-server device re-enrol --device {0}`)"
    )]
    DeviceExists(uuid::Uuid),
    #[error("device_seq gap: expected {expected} next")]
    SequenceGap { expected: u64 },
    #[error(
        "device_seq {taken} already belongs to another op of this device (its files were restored from an older \
         copy?): number it and the ops after it from {expected}"
    )]
    SequenceTaken { expected: u64, taken: u64 },
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    TooLarge(String),
    #[error("upload offset does not match: the central office holds {expected} bytes")]
    OffsetMismatch { expected: u64 },
    #[error("blob bytes do not match their hash: expected {expected}, got {actual}")]
    HashMismatch { expected: String, actual: String },
    #[error("blob {0} must be uploaded before the ops that refer to it")]
    BlobMissing(String),
    #[error(
        "this device's unfinished uploads hold {held} bytes and may hold at most {quota} (the office's upload \
         quota): finish them before starting more"
    )]
    UploadQuota { quota: u64, held: u64 },
    #[error(
        "this app speaks version {} of the sync protocol and the central office needs at least {} (it speaks {}): \
         update the app; its changes stay on this device meanwhile",
        .0.app, .0.oldest, .0.office
    )]
    UpdateRequired(vigil_core::protocol::VersionMismatch),
    #[error("the central office's disk is full: nothing of this was kept; the device sends it again later")]
    DiskFull,
    #[error("too many requests from this device: slow down and try again shortly")]
    RateLimited,
    #[error("too many {0} from this address: try again in a minute")]
    AddressLimited(&'static str),
    #[error("{0}")]
    UnsupportedEncoding(String),
    #[error("the request took longer than the {0:?} the central office waits for one; send less at a time")]
    Timeout(std::time::Duration),
    #[error("the office's metrics are not served to this address (metrics.allow_from in its configuration)")]
    MetricsAddress,
    #[error("the office's metrics need its bearer token (metrics.token_file in its configuration)")]
    MetricsToken,
    /// The admission gate refused a pushed batch as a whole (an op's clock too far ahead).
    #[error(transparent)]
    Refused(vigil_store::admission::Refusal),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for ServerError {
    fn from(err: StoreError) -> ServerError {
        match err {
            StoreError::Sqlite(err) => err.into(),
            err => ServerError::Internal(err.to_string()),
        }
    }
}

impl From<vigil_store::rusqlite::Error> for ServerError {
    fn from(err: vigil_store::rusqlite::Error) -> ServerError {
        match err.sqlite_error_code() {
            // The transaction rolled back: nothing of it counts.
            Some(vigil_store::rusqlite::ErrorCode::DiskFull) => {
                tracing::error!(%err, "the office's disk is full");
                ServerError::DiskFull
            }
            _ => ServerError::Internal(err.to_string()),
        }
    }
}

impl ServerError {
    pub fn status(&self) -> StatusCode {
        match self {
            ServerError::Unauthorized => StatusCode::UNAUTHORIZED,
            ServerError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ServerError::WrongDevice(_) => StatusCode::FORBIDDEN,
            ServerError::BadEnrolmentCode => StatusCode::UNAUTHORIZED,
            ServerError::DeviceUnconfirmed => StatusCode::FORBIDDEN,
            ServerError::SequenceGap { .. } | ServerError::SequenceTaken { .. } | ServerError::DeviceExists(_) => {
                StatusCode::CONFLICT
            }
            ServerError::NotFound(_) => StatusCode::NOT_FOUND,
            ServerError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ServerError::OffsetMismatch { .. } | ServerError::BlobMissing(_) => StatusCode::CONFLICT,
            ServerError::HashMismatch { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ServerError::UploadQuota { .. } | ServerError::DiskFull => StatusCode::INSUFFICIENT_STORAGE,
            ServerError::RateLimited | ServerError::AddressLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            ServerError::UnsupportedEncoding(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ServerError::Timeout(_) => StatusCode::REQUEST_TIMEOUT,
            ServerError::Refused(_) => StatusCode::CONFLICT,
            ServerError::MetricsAddress => StatusCode::FORBIDDEN,
            ServerError::MetricsToken => StatusCode::UNAUTHORIZED,
            ServerError::UpdateRequired(_) => StatusCode::UPGRADE_REQUIRED,
            ServerError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> Code {
        match self {
            ServerError::Unauthorized => Code::Unauthorized,
            ServerError::BadRequest(_) => Code::BadRequest,
            ServerError::WrongDevice(_) => Code::WrongDevice,
            ServerError::BadEnrolmentCode => Code::BadEnrolmentCode,
            ServerError::DeviceUnconfirmed => Code::DeviceUnconfirmed,
            ServerError::DeviceExists(_) => Code::DeviceExists,
            ServerError::SequenceGap { .. } => Code::SequenceGap,
            ServerError::SequenceTaken { .. } => Code::SequenceTaken,
            ServerError::NotFound(_) => Code::NotFound,
            ServerError::TooLarge(_) => Code::TooLarge,
            ServerError::OffsetMismatch { .. } => Code::OffsetMismatch,
            ServerError::HashMismatch { .. } => Code::HashMismatch,
            ServerError::BlobMissing(_) => Code::BlobMissing,
            ServerError::UploadQuota { .. } => Code::UploadQuota,
            ServerError::DiskFull => Code::OfficeDiskFull,
            ServerError::RateLimited | ServerError::AddressLimited(_) => Code::RateLimited,
            ServerError::UnsupportedEncoding(_) => Code::UnsupportedEncoding,
            ServerError::Timeout(_) => Code::RequestTimeout,
            ServerError::Refused(refusal) => refusal.code(),
            ServerError::MetricsAddress => Code::Forbidden,
            ServerError::MetricsToken => Code::Unauthorized,
            ServerError::UpdateRequired(_) => Code::UpdateRequired,
            ServerError::Internal(_) => Code::Internal,
        }
    }
}

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        let message = match &self {
            ServerError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                "internal error; the central office's log has the details".to_owned()
            }
            other => other.to_string(),
        };
        let taken = match self {
            ServerError::SequenceTaken { taken, .. } => Some(taken),
            _ => None,
        };
        let expected = match self {
            ServerError::SequenceGap { expected } | ServerError::SequenceTaken { expected, .. } => Some(expected),
            ServerError::OffsetMismatch { expected } => Some(expected),
            _ => None,
        };
        let versions = match self {
            ServerError::UpdateRequired(versions) => Some(versions),
            _ => None,
        };
        let body = ApiError { code: self.code(), message, expected, versions, taken };
        (self.status(), Json(body)).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn answer(err: ServerError) -> (StatusCode, ApiError) {
        let response = err.into_response();
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), 64 * 1024).await.expect("body");
        (status, serde_json::from_slice(&body).expect("an ApiError"))
    }

    #[tokio::test]
    async fn an_internal_error_is_answered_without_its_detail() {
        let detail = "disk I/O error reading /srv/vigil/office.db";
        let (status, body) = answer(ServerError::Internal(detail.into())).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(body.code, Code::Internal);
        assert!(!body.message.contains("office.db"), "the detail stays in the log: {}", body.message);
    }

    #[tokio::test]
    async fn a_client_error_names_the_problem_and_the_expected_number() {
        let (status, body) = answer(ServerError::SequenceGap { expected: 42 }).await;
        assert_eq!((status, body.code, body.expected), (StatusCode::CONFLICT, Code::SequenceGap, Some(42)));
        assert!(body.message.contains("expected 42"), "{}", body.message);
        let (status, body) = answer(ServerError::BadRequest("push body: ops[3].entity: unknown".into())).await;
        assert_eq!((status, body.message.as_str()), (StatusCode::BAD_REQUEST, "push body: ops[3].entity: unknown"));
    }
}
