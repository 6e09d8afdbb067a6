//! The office's web console, under `/console` on the API's port: the pages (a Svelte build,
//! `ui/console.html`, embedded in the binary) and their JSON API under `/console/api`.
//!
//! - [`session`]: who a request comes from (the session cookie), its CSRF token, and the
//!   one access question, [`vigil_core::console::console_may`], every endpoint asks.
//! - [`handlers`]: the endpoints, thin over the store.
//! - [`assets`]: the pages, with their Content-Security-Policy and other security headers.
//! - [`types`]: what the pages and the office exchange (TypeScript generated from it).

pub mod assets;
#[cfg(test)]
mod bindings;
pub mod cli;
mod error;
pub(crate) mod handlers;
pub mod session;
pub mod types;

use std::num::NonZeroU32;
use std::sync::Arc;

use axum::Router;

pub use error::ConsoleError;

use crate::per_address::AttemptBudget;
use crate::sqlite::{SignInPolicy, SqliteStorage};

/// How the console runs.
#[derive(Debug, Clone, Copy)]
pub struct ConsoleSettings {
    /// Cookies only over HTTPS: the office serves TLS itself, or sits behind a TLS proxy.
    pub secure: bool,
    pub sign_in: SignInPolicy,
    /// Sign-in attempts per client address and minute (and at once), before any password
    /// is hashed.
    pub sign_ins_per_minute: NonZeroU32,
}

impl Default for ConsoleSettings {
    fn default() -> ConsoleSettings {
        ConsoleSettings {
            secure: false,
            sign_in: SignInPolicy::default(),
            sign_ins_per_minute: NonZeroU32::new(20).unwrap_or(NonZeroU32::MIN),
        }
    }
}

/// What the console's handlers share.
#[derive(Debug, Clone)]
pub struct Console {
    storage: Arc<SqliteStorage>,
    settings: ConsoleSettings,
    sign_ins: Arc<AttemptBudget>,
}

/// The console's pages and API, to merge into the office's router.
pub fn router(storage: Arc<SqliteStorage>, settings: ConsoleSettings) -> Router {
    let console = Console {
        storage,
        settings,
        sign_ins: Arc::new(AttemptBudget::new(settings.sign_ins_per_minute, settings.sign_ins_per_minute)),
    };
    Router::new()
        .nest("/console/api", handlers::routes(console))
        .merge(assets::routes())
        .layer(axum::middleware::from_fn(move |request, next| assets::security_headers(settings.secure, request, next)))
}

/// The office's whole router: the devices' API and the console.
pub fn office_router(
    storage: Arc<SqliteStorage>,
    limits: crate::api::Limits,
    metrics: crate::metrics::MetricsAccess,
    settings: ConsoleSettings,
) -> Router {
    crate::router_with(storage.clone(), limits, metrics).merge(router(storage, settings))
}
