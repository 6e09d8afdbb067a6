//! Who a console request comes from: the session cookie (HttpOnly, SameSite=Strict, Secure
//! when the office is reached over HTTPS), its CSRF token for anything that changes
//! something, and what their role may do.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use vigil_core::console::{ConsoleAction, console_may};

use super::{Console, ConsoleError};
use crate::sqlite::{WebSession, csrf_token_for, hash_secret};

/// The session cookie's name.
pub const COOKIE: &str = "vigil_console";
/// The header that carries the session's CSRF token.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The `Set-Cookie` value that opens a session. It carries no expiry: the browser forgets it
/// when it closes, and the office ends the session at its own time whatever the cookie says.
pub fn session_cookie(token: &str, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{COOKIE}={token}; Path=/console; HttpOnly; SameSite=Strict{secure}"))
        .unwrap_or_else(|_| HeaderValue::from_static("vigil_console=; Path=/console; Max-Age=0"))
}

/// The `Set-Cookie` value that ends it in the browser.
pub fn ended_cookie(secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{COOKIE}=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0{secure}"))
        .unwrap_or_else(|_| HeaderValue::from_static("vigil_console=; Path=/console; Max-Age=0"))
}

/// The session token a request's cookies carry.
pub fn token_in(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == COOKIE && !value.is_empty())
        .map(|(_, value)| value.to_owned())
}

/// A request of a signed-in person.
#[derive(Debug)]
pub struct Signed {
    pub session: WebSession,
    pub token: String,
}

impl Signed {
    /// The one access question: may this person's role do `action`?
    pub fn may(&self, action: ConsoleAction) -> Result<(), ConsoleError> {
        if console_may(self.session.user.role, action) { Ok(()) } else { Err(ConsoleError::Forbidden(action)) }
    }

    pub fn user_id(&self) -> uuid::Uuid {
        self.session.user.id
    }
}

impl FromRequestParts<Console> for Signed {
    type Rejection = ConsoleError;

    async fn from_request_parts(parts: &mut Parts, console: &Console) -> Result<Signed, ConsoleError> {
        let token = token_in(&parts.headers).ok_or(ConsoleError::SignedOut)?;
        let storage = console.storage.clone();
        let lookup = token.clone();
        let session = tokio::task::spawn_blocking(move || storage.web_session(&lookup))
            .await
            .map_err(|err| crate::ServerError::Internal(err.to_string()))??;
        Ok(Signed { session: session.ok_or(ConsoleError::SignedOut)?, token })
    }
}

/// A signed-in person's request that changes something: it must carry the session's CSRF
/// token in [`CSRF_HEADER`], which a page of another site cannot know.
#[derive(Debug)]
pub struct Changing(pub Signed);

impl FromRequestParts<Console> for Changing {
    type Rejection = ConsoleError;

    async fn from_request_parts(parts: &mut Parts, console: &Console) -> Result<Changing, ConsoleError> {
        let signed = Signed::from_request_parts(parts, console).await?;
        let sent = parts.headers.get(CSRF_HEADER).and_then(|value| value.to_str().ok()).ok_or(ConsoleError::Csrf)?;
        // Compared as hashes: the stored one is a hash, and equal hashes take equal time.
        if hash_secret(sent) != signed.session.csrf_hash || csrf_token_for(&signed.token) != sent {
            return Err(ConsoleError::Csrf);
        }
        Ok(Changing(signed))
    }
}
