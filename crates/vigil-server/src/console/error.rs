//! The console's errors: each with its HTTP status, its [`Code`] and, where a form field is
//! wrong, that field's name, so the page words it in the person's language beside it.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use vigil_core::Code;
use vigil_core::console::ConsoleAction;

use super::types::ConsoleErrorBody;
use crate::ServerError;
use crate::sqlite::SignInError;

#[derive(Debug, thiserror::Error)]
pub enum ConsoleError {
    #[error("not signed in, or the session ended: sign in again")]
    SignedOut,
    #[error("your role may not do this ({0:?})")]
    Forbidden(ConsoleAction),
    #[error("the request came without this session's CSRF token (x-csrf-token): reload the page")]
    Csrf,
    #[error("the e-mail address or the password is wrong")]
    BadCredentials,
    #[error("too many failed sign-ins: this account is locked until {until}")]
    Locked { until: DateTime<Utc> },
    #[error("{message}")]
    Invalid { field: &'static str, message: String },
    #[error("{message}")]
    Duplicate { field: &'static str, message: String },
    #[error(transparent)]
    Office(#[from] ServerError),
}

impl From<SignInError> for ConsoleError {
    fn from(err: SignInError) -> ConsoleError {
        match err {
            SignInError::BadCredentials => ConsoleError::BadCredentials,
            SignInError::Locked { until } => ConsoleError::Locked { until },
            SignInError::Office(err) => ConsoleError::Office(err),
        }
    }
}

impl From<vigil_store::rusqlite::Error> for ConsoleError {
    fn from(err: vigil_store::rusqlite::Error) -> ConsoleError {
        ConsoleError::Office(err.into())
    }
}

impl From<vigil_store::StoreError> for ConsoleError {
    fn from(err: vigil_store::StoreError) -> ConsoleError {
        ConsoleError::Office(err.into())
    }
}

impl ConsoleError {
    pub fn status(&self) -> StatusCode {
        match self {
            ConsoleError::SignedOut | ConsoleError::BadCredentials => StatusCode::UNAUTHORIZED,
            ConsoleError::Forbidden(_) | ConsoleError::Csrf => StatusCode::FORBIDDEN,
            ConsoleError::Locked { .. } => StatusCode::TOO_MANY_REQUESTS,
            ConsoleError::Invalid { .. } => StatusCode::BAD_REQUEST,
            ConsoleError::Duplicate { .. } => StatusCode::CONFLICT,
            ConsoleError::Office(err) => err.status(),
        }
    }

    pub fn code(&self) -> Code {
        match self {
            ConsoleError::SignedOut => Code::Unauthorized,
            ConsoleError::Forbidden(_) => Code::Forbidden,
            ConsoleError::Csrf => Code::CsrfToken,
            ConsoleError::BadCredentials => Code::BadCredentials,
            ConsoleError::Locked { .. } => Code::TooManyAttempts,
            ConsoleError::Invalid { .. } => Code::InvalidInput,
            ConsoleError::Duplicate { .. } => Code::AlreadyExists,
            ConsoleError::Office(err) => err.code(),
        }
    }
}

impl IntoResponse for ConsoleError {
    fn into_response(self) -> Response {
        let message = match &self {
            ConsoleError::Office(ServerError::Internal(detail)) => {
                tracing::error!(%detail, "internal error in the console");
                "internal error; the central office's log has the details".to_owned()
            }
            other => other.to_string(),
        };
        let field = match &self {
            ConsoleError::Invalid { field, .. } | ConsoleError::Duplicate { field, .. } => Some((*field).to_owned()),
            _ => None,
        };
        let until = match &self {
            ConsoleError::Locked { until } => Some(until.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
            _ => None,
        };
        let body = ConsoleErrorBody { code: self.code(), message, field, until };
        (self.status(), Json(body)).into_response()
    }
}
