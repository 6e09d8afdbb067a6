//! Web users of the console: office staff (`user` records whose role may sign in) with a
//! password (Argon2id, `web_credential`), their sessions (`web_session`) and the lock-out
//! after repeated failures. Every sign-in, good or bad, goes into the office's audit chain.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;
use vigil_core::Entity;
use vigil_core::console::{ConsoleAction, console_may};
use vigil_core::records::User;
use vigil_store::rusqlite::{OptionalExtension, params};

use super::{SqliteStorage, hash_secret, office_audit};
use crate::ServerError;

/// The shortest password the office takes.
pub const MIN_PASSWORD_CHARS: usize = 10;
const MAX_PASSWORD_BYTES: usize = 1024;

/// How sign-ins are limited.
#[derive(Debug, Clone, Copy)]
pub struct SignInPolicy {
    /// Failed sign-ins in a row that lock the account…
    pub failures_before_lock: u32,
    /// …for this long.
    pub lock_for: Duration,
    /// How long a session lasts after sign-in.
    pub session_lifetime: Duration,
}

impl Default for SignInPolicy {
    fn default() -> SignInPolicy {
        SignInPolicy { failures_before_lock: 5, lock_for: Duration::minutes(15), session_lifetime: Duration::hours(8) }
    }
}

/// Why a sign-in failed.
#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    /// Unknown address, wrong password, a role without a console, or a retired person:
    /// one answer for all, so the form tells nobody which addresses exist.
    #[error("the e-mail address or the password is wrong")]
    BadCredentials,
    #[error("too many failed sign-ins: this account is locked until {until}")]
    Locked { until: DateTime<Utc> },
    #[error(transparent)]
    Office(#[from] ServerError),
}

/// A session as opened: the cookie's token and the CSRF token, both only ever in clear here.
#[derive(Debug)]
pub struct NewSession {
    pub token: String,
    pub csrf_token: String,
    pub user: User,
    pub expires_at: DateTime<Utc>,
}

/// A session found by its cookie.
#[derive(Debug, Clone)]
pub struct WebSession {
    pub user: User,
    pub csrf_hash: String,
    pub expires_at: String,
}

/// The CSRF token of the session a cookie's token opened: derived from that secret (which
/// scripts cannot read, the cookie being HttpOnly), so the page can ask for it again after a
/// reload and a forged request, which cannot read the cookie, cannot compute it.
pub fn csrf_token_for(session_token: &str) -> String {
    hash_secret(&format!("vigil console csrf {session_token}"))
}

fn text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Argon2id with the parameters OWASP recommends for passwords (19 MiB, 2 passes, 1 lane).
fn hasher() -> Argon2<'static> {
    Argon2::default()
}

/// Checks a new password against the policy, naming what is wrong.
pub fn check_new_password(password: &str) -> Result<(), ServerError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(ServerError::BadRequest(format!(
            "the password must have at least {MIN_PASSWORD_CHARS} characters"
        )));
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(ServerError::BadRequest(format!("the password may have at most {MAX_PASSWORD_BYTES} bytes")));
    }
    Ok(())
}

fn hash_password(password: &str) -> Result<String, ServerError> {
    let salt = SaltString::encode_b64(&rand::random::<[u8; 16]>())
        .map_err(|err| ServerError::Internal(format!("password salt: {err}")))?;
    Ok(hasher()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|err| ServerError::Internal(format!("password hash: {err}")))?
        .to_string())
}

fn password_matches(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|hash| hasher().verify_password(password.as_bytes(), &hash).is_ok())
}

/// A hash of no one's password, checked against for an unknown address, so that a sign-in
/// takes as long whether the address exists or not.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("not anyone's password").unwrap_or_default())
}

impl SqliteStorage {
    /// Sets (or replaces) the console password of a person whose role may sign in, as
    /// `actor` (the command line's [`office_audit::COMMAND_LINE`] or an administrator).
    pub fn set_password(&self, actor: Uuid, user_id: Uuid, password: &str) -> Result<(), ServerError> {
        check_new_password(password)?;
        let hash = hash_password(password)?;
        let mut store = self.store();
        let user = Self::user(&store, user_id)?;
        if !console_may(user.role, ConsoleAction::SignIn) {
            return Err(ServerError::BadRequest(format!(
                "a {:?} has no console: only administrators and supervisors sign in",
                user.role
            )));
        }
        store.write(|w| {
            if super::people::retired_at(w.sql(), user_id)?.is_some() {
                return Err(ServerError::BadRequest(format!("{} is retired", user.email)));
            }
            w.sql().execute(
                "INSERT INTO web_credential (user_id, password_hash, changed_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (user_id) DO UPDATE SET password_hash = ?2, changed_at = ?3, failed_attempts = 0, locked_until = NULL",
                params![user_id.to_string(), hash, text(Utc::now())],
            )?;
            // A new password ends the sessions opened with the old one.
            w.sql().execute("DELETE FROM web_session WHERE user_id = ?1", [user_id.to_string()])?;
            office_audit::record(w.sql(), actor, "password_set", Some((Entity::User, user_id)), serde_json::json!({ "email": user.email }))?;
            Ok(())
        })
    }

    /// Signs in: checks the password (Argon2id), counts failures towards the lock-out, and
    /// opens a session. Every attempt is audited.
    pub fn sign_in(&self, email: &str, password: &str, policy: SignInPolicy) -> Result<NewSession, SignInError> {
        let email = email.trim();
        let now = Utc::now();
        let found: Option<(String, String, i64, Option<String>)> = self
            .reader()
            .sql()
            .query_row(
                "SELECT u.id, c.password_hash, c.failed_attempts, c.locked_until
                   FROM user u JOIN web_credential c ON c.user_id = u.id
                  WHERE lower(u.email) = lower(?1) AND u.deleted = 0
                    AND NOT EXISTS (SELECT 1 FROM retired_user r WHERE r.user_id = u.id)",
                [email],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
            )
            .optional()
            .map_err(ServerError::from)?;
        let Some((user_id, stored, failures, locked_until)) = found else {
            let _ = password_matches(password, decoy_hash());
            self.audit_sign_in(Uuid::nil(), "sign_in_failed", email, "unknown address")?;
            return Err(SignInError::BadCredentials);
        };
        let user_id: Uuid = user_id.parse().map_err(|_| ServerError::Internal("damaged credential".into()))?;
        let locked_until = locked_until.and_then(|at| DateTime::parse_from_rfc3339(&at).ok()).map(|at| at.to_utc());
        if let Some(until) = locked_until.filter(|until| *until > now) {
            self.audit_sign_in(user_id, "sign_in_refused_locked", email, "")?;
            return Err(SignInError::Locked { until });
        }
        let user = Self::user(&self.reader(), user_id)?;
        if !password_matches(password, &stored) || !console_may(user.role, ConsoleAction::SignIn) {
            return Err(self.sign_in_failed(user_id, email, failures, policy)?);
        }
        let token = hex::encode(rand::random::<[u8; 32]>());
        let csrf_token = csrf_token_for(&token);
        let expires_at = now + policy.session_lifetime;
        self.store().write(|w| {
            w.sql().execute(
                "UPDATE web_credential SET failed_attempts = 0, locked_until = NULL WHERE user_id = ?1",
                [user_id.to_string()],
            )?;
            w.sql().execute("DELETE FROM web_session WHERE expires_at <= ?1", [text(now)])?;
            w.sql().execute(
                "INSERT INTO web_session (token_hash, csrf_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![hash_secret(&token), hash_secret(&csrf_token), user_id.to_string(), text(now), text(expires_at)],
            )?;
            office_audit::record(w.sql(), user_id, "sign_in", Some((Entity::User, user_id)), serde_json::json!({ "email": email }))?;
            Ok::<_, ServerError>(())
        })?;
        Ok(NewSession { token, csrf_token, user, expires_at })
    }

    /// Counts a failed sign-in of a known account; the one that reaches the limit locks it.
    fn sign_in_failed(
        &self,
        user_id: Uuid,
        email: &str,
        failures: i64,
        policy: SignInPolicy,
    ) -> Result<SignInError, ServerError> {
        let failures = failures + 1;
        let lock = (failures >= i64::from(policy.failures_before_lock)).then(|| Utc::now() + policy.lock_for);
        self.store().write(|w| {
            w.sql().execute(
                "UPDATE web_credential SET failed_attempts = ?2, locked_until = ?3 WHERE user_id = ?1",
                params![user_id.to_string(), if lock.is_some() { 0 } else { failures }, lock.map(text)],
            )?;
            let details = serde_json::json!({ "email": email, "failures": failures, "locked_until": lock.map(text) });
            office_audit::record(w.sql(), user_id, "sign_in_failed", Some((Entity::User, user_id)), details)?;
            Ok::<_, ServerError>(())
        })?;
        Ok(match lock {
            Some(until) => SignInError::Locked { until },
            None => SignInError::BadCredentials,
        })
    }

    fn audit_sign_in(&self, actor: Uuid, action: &str, email: &str, reason: &str) -> Result<(), ServerError> {
        let target = (!actor.is_nil()).then_some((Entity::User, actor));
        self.store().write(|w| {
            office_audit::record(
                w.sql(),
                actor,
                action,
                target,
                serde_json::json!({ "email": email, "reason": reason }),
            )?;
            Ok(())
        })
    }

    /// The session a cookie's token opened, if it has not ended (expired, signed out, its
    /// user retired or no longer of a role that signs in).
    pub fn web_session(&self, token: &str) -> Result<Option<WebSession>, ServerError> {
        let store = self.reader();
        let found: Option<(String, String, String)> = store
            .sql()
            .query_row(
                "SELECT s.user_id, s.csrf_hash, s.expires_at FROM web_session s
                  WHERE s.token_hash = ?1 AND s.expires_at > ?2
                    AND NOT EXISTS (SELECT 1 FROM retired_user r WHERE r.user_id = s.user_id)",
                params![hash_secret(token), text(Utc::now())],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()?;
        let Some((user_id, csrf_hash, expires_at)) = found else { return Ok(None) };
        let Ok(user) =
            Self::user(&store, user_id.parse().map_err(|_| ServerError::Internal("damaged session".into()))?)
        else {
            return Ok(None);
        };
        Ok(console_may(user.role, ConsoleAction::SignIn).then_some(WebSession { user, csrf_hash, expires_at }))
    }

    /// The stored hash of a person's console password (a PHC string), if they have one.
    pub fn password_hash_of(&self, user_id: Uuid) -> Result<Option<String>, ServerError> {
        Ok(self
            .reader()
            .sql()
            .query_row("SELECT password_hash FROM web_credential WHERE user_id = ?1", [user_id.to_string()], |row| {
                row.get(0)
            })
            .optional()?)
    }

    /// Ends one session (sign-out).
    pub fn sign_out(&self, token: &str, user_id: Uuid) -> Result<(), ServerError> {
        self.store().write(|w| {
            w.sql().execute("DELETE FROM web_session WHERE token_hash = ?1", [hash_secret(token)])?;
            office_audit::record(w.sql(), user_id, "sign_out", Some((Entity::User, user_id)), serde_json::Value::Null)?;
            Ok(())
        })
    }

    /// Ends every session of a person (a lost laptop, a password that leaked).
    pub fn end_sessions(&self, actor: Uuid, user_id: Uuid) -> Result<usize, ServerError> {
        self.store().write(|w| {
            let ended = w.sql().execute("DELETE FROM web_session WHERE user_id = ?1", [user_id.to_string()])?;
            office_audit::record(
                w.sql(),
                actor,
                "sessions_ended",
                Some((Entity::User, user_id)),
                serde_json::json!({ "sessions": ended }),
            )?;
            Ok(ended)
        })
    }
}
