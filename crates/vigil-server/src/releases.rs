//! Signed app releases that the office hands to its enrolled devices (issue 15). The
//! administrator publishes a bundle with its minisign signature (`vigil-server release
//! publish FILE --signature SIG --version V`); the office checks the signature against the
//! key the app trusts before it keeps anything, so a tampered or mis-signed bundle never
//! reaches a device. Devices ask `/api/v1/releases/latest` with their token, as for sync,
//! and fetch the file the same way; a caller that is not an enrolled device gets nothing.
//!
//! Releases are files under `<data>/releases/<version>/`: the bundle as published and a
//! `release.json` beside it, written last, so a half-copied release is never served.

use std::path::{Path, PathBuf};

use axum::Router;
use axum::body::Body;
use axum::extract::{Path as UrlPath, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use base64::Engine;
use sha2::{Digest, Sha256};

use vigil_core::protocol::Release;

use crate::ServerError;
use crate::api::{Authed, Office};
use crate::storage::Storage;

const RELEASE_FILE: &str = "release.json";

/// Checks `bundle` against `signature` (a `.sig` file's content) with `trusted_key` (the
/// app's updater public key, base64 as in `tauri.conf.json`) and the version it was signed
/// for, then keeps it under `dir` as `version`. Nothing is kept if any check fails.
pub fn publish(
    dir: &Path,
    bundle: &Path,
    signature: &str,
    version: &str,
    trusted_key: &str,
) -> Result<Release, ServerError> {
    let bad = ServerError::BadRequest;
    let parsed = semver::Version::parse(version)
        .map_err(|err| bad(format!("version {version:?} is not a semantic version (like 0.2.0): {err}")))?;
    let version = parsed.to_string();
    let file_name = bundle
        .file_name()
        .and_then(|name| name.to_str())
        .filter(|name| !name.starts_with('.') && *name != RELEASE_FILE)
        .ok_or_else(|| bad(format!("{} is not a bundle's file name", bundle.display())))?
        .to_owned();
    let bytes = std::fs::read(bundle).map_err(|err| bad(format!("cannot read {}: {err}", bundle.display())))?;
    let signature = signature.trim().to_owned();
    verify(&bytes, &signature, trusted_key, &version)?;

    let target = dir.join(&version);
    if target.join(RELEASE_FILE).exists() {
        return Err(bad(format!("version {version} is published already: publish a newer one")));
    }
    let release = Release {
        path: format!("/api/v1/releases/{version}/file"),
        version,
        size: bytes.len() as u64,
        sha256: hex::encode(Sha256::digest(&bytes)),
        signature,
        pub_date: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        file_name,
    };
    let io = |err: std::io::Error| ServerError::Internal(format!("cannot write under {}: {err}", target.display()));
    std::fs::create_dir_all(&target).map_err(io)?;
    std::fs::write(target.join(&release.file_name), &bytes).map_err(io)?;
    let json = serde_json::to_vec_pretty(&release).map_err(|err| ServerError::Internal(err.to_string()))?;
    let temporary = target.join(format!(".{RELEASE_FILE}"));
    std::fs::write(&temporary, json).map_err(io)?;
    std::fs::rename(&temporary, target.join(RELEASE_FILE)).map_err(io)?;
    Ok(release)
}

/// The signature must verify with the trusted key and, as the Tauri CLI records it in the
/// signed comment, name the version being published (so an old bundle's signature cannot be
/// passed off as a new version's).
fn verify(bytes: &[u8], signature: &str, trusted_key: &str, version: &str) -> Result<(), ServerError> {
    let refused = |why: String| ServerError::BadRequest(format!("the bundle's signature is refused: {why}"));
    let text = |what: &str, base64_text: &str| {
        let raw = base64::engine::general_purpose::STANDARD
            .decode(base64_text.trim())
            .map_err(|err| refused(format!("the {what} is not base64: {err}")))?;
        String::from_utf8(raw).map_err(|_| refused(format!("the {what} is not text")))
    };
    let key = minisign_verify::PublicKey::decode(&text("updater public key", trusted_key)?)
        .map_err(|err| refused(format!("the updater public key: {err}")))?;
    let signature = minisign_verify::Signature::decode(&text("signature", signature)?)
        .map_err(|err| refused(format!("not a minisign signature: {err}")))?;
    key.verify(bytes, &signature, false)
        .map_err(|err| refused(format!("it does not match this file and the updater key ({err})")))?;
    let signed = signature.trusted_comment().split('\t').find_map(|field| field.strip_prefix("version:"));
    match signed.map(|signed| semver::Version::parse(signed.trim_start_matches('v'))) {
        Some(Ok(signed)) if signed.to_string() == version => Ok(()),
        Some(_) => Err(refused(format!("it was made for version {}, not {version}", signed.unwrap_or("?")))),
        None => Err(refused("it names no version (sign with the Tauri CLI 2.10 or newer)".into())),
    }
}

/// The newest published release, if any.
pub fn latest(dir: &Path) -> Result<Option<Release>, ServerError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(ServerError::Internal(format!("cannot list {}: {err}", dir.display()))),
    };
    let mut newest: Option<(semver::Version, Release)> = None;
    for entry in entries.flatten() {
        let Some(release) = read(&entry.path())? else { continue };
        let Ok(version) = semver::Version::parse(&release.version) else { continue };
        if newest.as_ref().is_none_or(|(best, _)| version > *best) {
            newest = Some((version, release));
        }
    }
    Ok(newest.map(|(_, release)| release))
}

fn read(release_dir: &Path) -> Result<Option<Release>, ServerError> {
    match std::fs::read(release_dir.join(RELEASE_FILE)) {
        Ok(json) => serde_json::from_slice(&json)
            .map(Some)
            .map_err(|err| ServerError::Internal(format!("{}: {err}", release_dir.display()))),
        Err(_) => Ok(None),
    }
}

/// `/releases/latest` and `/releases/{version}/file`, for enrolled devices only.
pub(crate) fn routes<S: Storage>() -> Router<Office<S>> {
    Router::new().route("/releases/latest", get(latest_release::<S>)).route("/releases/{version}/file", get(file::<S>))
}

fn dir<S: Storage>(office: &Office<S>) -> PathBuf {
    office.storage().release_dir()
}

#[utoipa::path(get, path = "/api/v1/releases/latest", tag = "releases", security(("device_token" = [])),
    responses((status = 200, description = "The newest release", body = Release),
        (status = 204, description = "No release is published"), (status = 401, body = vigil_core::protocol::ApiError)))]
async fn latest_release<S: Storage>(
    State(office): State<Office<S>>,
    Authed(_): Authed,
) -> Result<Response, ServerError> {
    let dir = dir(&office);
    let newest = tokio::task::spawn_blocking(move || latest(&dir)).await;
    Ok(match newest.map_err(|err| ServerError::Internal(err.to_string()))?? {
        Some(release) => axum::Json(release).into_response(),
        None => axum::http::StatusCode::NO_CONTENT.into_response(),
    })
}

#[utoipa::path(get, path = "/api/v1/releases/{version}/file", tag = "releases", security(("device_token" = [])),
    params(("version" = String, Path, description = "A published version")),
    responses((status = 200, description = "The bundle as published", content_type = "application/octet-stream"),
        (status = 401, body = vigil_core::protocol::ApiError), (status = 404, body = vigil_core::protocol::ApiError)))]
async fn file<S: Storage>(
    State(office): State<Office<S>>,
    Authed(_): Authed,
    UrlPath(version): UrlPath<String>,
) -> Result<Response, ServerError> {
    let missing = || ServerError::NotFound(format!("no release {version} is published"));
    // Only a version as published names a directory: nothing else of the disk is reachable.
    let version = semver::Version::parse(&version).map_err(|_| missing())?.to_string();
    let release_dir = dir(&office).join(&version);
    let release = read(&release_dir)?.ok_or_else(missing)?;
    let file = tokio::fs::File::open(release_dir.join(&release.file_name)).await.map_err(|_| missing())?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
            (header::CONTENT_LENGTH, release.size.to_string()),
        ],
        Body::from_stream(tokio_util::io::ReaderStream::new(file)),
    )
        .into_response())
}
