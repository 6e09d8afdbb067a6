//! Running the office: TLS (rustls) for anything off this machine; plain HTTP only on a
//! loopback address (tests, a reverse proxy on the same host) or when forced by name.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum_server::tls_rustls::RustlsConfig;

use crate::api::Limits;
use crate::backup::Schedule;
use crate::config::OfficeConfig;
use crate::console::ConsoleSettings;
use crate::metrics::MetricsAccess;
use crate::storage::Storage;
use crate::{ServerError, SqliteStorage};

/// Where and how the office listens.
#[derive(Debug, Clone)]
pub struct Listen {
    pub address: SocketAddr,
    /// PEM certificate chain and private key; `None` serves plain HTTP.
    pub tls: Option<(PathBuf, PathBuf)>,
    /// Serve plain HTTP on a non-loopback address anyway (behind a TLS proxy elsewhere).
    pub force_plain_http: bool,
}

/// Refuses plain HTTP where it would carry device tokens and interview notes across a
/// network in clear.
pub fn check_listen(listen: &Listen) -> Result<(), ServerError> {
    if listen.tls.is_none() && !listen.address.ip().is_loopback() && !listen.force_plain_http {
        return Err(ServerError::BadRequest(format!(
            "refusing plain HTTP on {}: give --tls-cert and --tls-key, or --force-plain-http behind a TLS proxy",
            listen.address
        )));
    }
    Ok(())
}

/// Serves the office (API, console, metrics, scheduled backups) as `config` says until the
/// process is interrupted, once the configuration has no problem.
pub fn from_config(config: &OfficeConfig, backups: Option<Schedule>) -> Result<(), ServerError> {
    let problems = config.problems();
    if !problems.is_empty() {
        return Err(ServerError::BadRequest(format!(
            "the configuration has {}",
            crate::config::problems_text(&problems)
        )));
    }
    let listen = config.listen().map_err(ServerError::BadRequest)?;
    let metrics = config.metrics_access().map_err(ServerError::BadRequest)?;
    let storage = Arc::new(SqliteStorage::open(&config.data_dir)?.with_upload_limits(config.upload_limits()));
    let runtime = tokio::runtime::Runtime::new().map_err(|err| ServerError::Internal(err.to_string()))?;
    if let Some(schedule) = backups {
        let _runtime = runtime.enter();
        schedule.spawn(storage.clone());
    }
    let console = ConsoleSettings { secure: listen.tls.is_some() || listen.force_plain_http, ..Default::default() };
    let app = crate::console::office_router(storage, config.limits(), metrics, console);
    runtime.block_on(run_app(app, listen))
}

/// Serves the API until the process is interrupted.
pub async fn run<S: Storage>(
    storage: Arc<S>,
    listen: Listen,
    limits: Limits,
    metrics: MetricsAccess,
) -> Result<(), ServerError> {
    run_app(crate::router_with(storage, limits, metrics), listen).await
}

/// Serves a router of the office (the API, and the console with it) until interrupted.
pub async fn run_app(app: axum::Router, listen: Listen) -> Result<(), ServerError> {
    check_listen(&listen)?;
    // Budgets per client address need the connection's address.
    let app = app.into_make_service_with_connect_info::<SocketAddr>();
    let handle = axum_server::Handle::new();
    let on_interrupt = handle.clone();
    tokio::spawn(async move {
        let _ = tokio::signal::ctrl_c().await;
        on_interrupt.graceful_shutdown(Some(std::time::Duration::from_secs(10)));
    });
    // The bound address, not the asked-for one: `--listen 127.0.0.1:0` gets a free port.
    let scheme = if listen.tls.is_some() { "HTTPS" } else { "plain HTTP" };
    let bound = handle.clone();
    tokio::spawn(async move {
        if let Some(address) = bound.listening().await {
            tracing::info!(%address, "central office listening ({scheme})");
        }
    });
    let io = |err: std::io::Error| ServerError::Internal(format!("cannot serve on {}: {err}", listen.address));
    match &listen.tls {
        Some((cert, key)) => {
            let config = RustlsConfig::from_pem_file(cert, key)
                .await
                .map_err(|err| ServerError::BadRequest(format!("TLS certificate or key: {err}")))?;
            axum_server::bind_rustls(listen.address, config).handle(handle).serve(app).await.map_err(io)
        }
        None => axum_server::bind(listen.address).handle(handle).serve(app).await.map_err(io),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listen(address: &str, tls: bool, force: bool) -> Listen {
        let tls = tls.then(|| (PathBuf::from("cert.pem"), PathBuf::from("key.pem")));
        Listen { address: address.parse().expect("address"), tls, force_plain_http: force }
    }

    #[test]
    fn plain_http_is_refused_off_loopback_unless_forced() {
        assert!(check_listen(&listen("127.0.0.1:8750", false, false)).is_ok());
        assert!(check_listen(&listen("[::1]:8750", false, false)).is_ok());
        assert!(check_listen(&listen("0.0.0.0:8750", true, false)).is_ok());
        assert!(check_listen(&listen("0.0.0.0:8750", false, true)).is_ok());
        let err = check_listen(&listen("0.0.0.0:8750", false, false)).expect_err("plain on the network");
        assert!(err.to_string().contains("--tls-cert"), "{err}");
    }
}
