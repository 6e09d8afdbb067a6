//! New versions of the app, as the device's office hands them out (issue 15).
//!
//! After a sync, at most once an hour, the app asks the office for its newest release
//! (`/releases/latest`, with the device's token); one newer than this app is offered to the person as "update
//! available". On their consent the sync client fetches the bundle (by version, with the
//! token, checked against the announced size and SHA-256), and `tauri-plugin-updater`
//! checks its minisign signature, and the version signed into it, against the key built
//! into this app before it hands the package to the system's installer. Then the app starts
//! again at the new version. Nothing of the device's store is touched: the outbox waits in
//! it and syncs after the restart.
//!
//! A build without an updater key (`plugins.updater.pubkey` empty, as in development)
//! offers nothing: it could verify nothing.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde::Serialize;
use vigil_core::protocol::Release;
use vigil_sync::SyncClient;

use crate::error::AppError;
use crate::state::AppState;

/// What the UI shows of a version on offer.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UpdateOffer {
    pub version: String,
    /// The bundle's size in bytes, downloaded on consent.
    pub size: u64,
}

/// This app's version and the release its office offers, if newer.
#[derive(Debug)]
pub struct Updates {
    /// The app's version as packaged, named to the office on every request.
    version: String,
    /// `None`: this build takes no updates (no updater key).
    current: Option<semver::Version>,
    offered: Mutex<Option<Release>>,
    /// When the office was last asked: at most once an hour, so an idle sync stays one request.
    asked_at: Mutex<Option<Instant>>,
}

/// How often the office is asked for a newer version.
const ASK_EVERY: Duration = Duration::from_secs(3600);

impl Default for Updates {
    /// The crates' version, no updater key (tests, and the app before its setup).
    fn default() -> Updates {
        Updates::new(vigil_sync::APP_VERSION, false)
    }
}

impl Updates {
    /// Updates for an app at `version`, if it was built with an updater key.
    pub fn new(version: &str, has_updater_key: bool) -> Updates {
        let current = semver::Version::parse(version).ok().filter(|_| has_updater_key);
        Updates { version: version.to_owned(), current, offered: Mutex::default(), asked_at: Mutex::default() }
    }

    pub fn app_version(&self) -> &str {
        &self.version
    }

    fn offered(&self) -> std::sync::MutexGuard<'_, Option<Release>> {
        self.offered.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Keeps `release` on offer if it is newer than this app; anything else is forgotten.
    fn consider(&self, release: Option<Release>) {
        let newer = |release: &Release| {
            let version = semver::Version::parse(&release.version).ok();
            self.current.as_ref().is_some_and(|current| version.is_some_and(|version| version > *current))
        };
        *self.offered() = release.filter(newer);
    }

    /// Whether to ask the office now (a build that takes updates, not asked within the hour);
    /// answering yes counts as asking.
    fn due(&self, now: Instant) -> bool {
        let mut asked_at = self.asked_at.lock().unwrap_or_else(PoisonError::into_inner);
        let due = self.current.is_some() && asked_at.is_none_or(|at| now.duration_since(at) >= ASK_EVERY);
        if due {
            *asked_at = Some(now);
        }
        due
    }

    pub fn offer(&self) -> Option<UpdateOffer> {
        self.offered().as_ref().map(|release| UpdateOffer { version: release.version.clone(), size: release.size })
    }
}

impl AppState {
    /// After a sync: asks the office for its newest release. A failed question changes
    /// nothing of the sync's result; the next sync asks again.
    pub(crate) async fn check_for_update(&self, client: &SyncClient) {
        if !self.updates.due(Instant::now()) {
            return;
        }
        match client.latest_release().await {
            Ok(release) => self.updates.consider(release),
            Err(error) => eprintln!("vigil: cannot ask the central office for a new version: {error}"),
        }
    }

    /// The release on offer and its bundle, fetched from the office (whose address is
    /// answered first) with this device's token.
    pub async fn fetch_update(&self) -> Result<(String, Release, Vec<u8>), AppError> {
        let release = self.updates.offered().clone().ok_or(AppError::NoUpdate)?;
        self.load_sync_settings()?;
        let (client, office) = self.sync_client().ok_or(AppError::NotEnrolled)?;
        let bytes = client.fetch_release(&release).await?;
        Ok((office, release, bytes))
    }
}

/// Checks `bytes` as the bundle of `release` with the updater key built into this app and
/// installs it with the system's installer (`dpkg`, `rpm`; asking for the administrator's
/// password as the system does). Nothing is installed unless the signature holds and names
/// the release's version.
pub async fn install<R: tauri::Runtime>(
    app: &tauri::AppHandle<R>,
    office: &str,
    release: &Release,
    bytes: Vec<u8>,
) -> Result<(), AppError> {
    use tauri_plugin_updater::UpdaterExt;
    // The plugin's manifest form. Its addresses are labels only (the plugin fetches nothing,
    // the bundle is here already); a release build takes none but https for them.
    let mut url = url::Url::parse(office).map_err(|error| AppError::UpdateFailed(error.to_string()))?;
    url.set_path(&release.path);
    if url.set_scheme("https").is_err() {
        return Err(AppError::UpdateFailed(format!("{office} is not a web address")));
    }
    let manifest = serde_json::json!({
        "version": release.version,
        "pub_date": release.pub_date,
        "url": url.as_str(),
        "signature": release.signature,
    });
    let updater = app.updater_builder().endpoints(vec![url]).and_then(|builder| builder.build()).map_err(failed)?;
    let update = updater.restore_update(manifest).map_err(refused)?.ok_or(AppError::NoUpdate)?;
    tauri::async_runtime::spawn_blocking(move || update.install(bytes))
        .await
        .map_err(|error| AppError::UpdateFailed(error.to_string()))?
        .map_err(|error| match error {
            tauri_plugin_updater::Error::Minisign(_)
            | tauri_plugin_updater::Error::SignatureUtf8(_)
            | tauri_plugin_updater::Error::Base64(_)
            | tauri_plugin_updater::Error::MissingSignedVersion
            | tauri_plugin_updater::Error::SignedVersionMismatch { .. }
            | tauri_plugin_updater::Error::InvalidUpdaterFormat => refused(error),
            error => failed(error),
        })
}

fn refused(error: tauri_plugin_updater::Error) -> AppError {
    AppError::UpdateRefused(error.to_string())
}

fn failed(error: tauri_plugin_updater::Error) -> AppError {
    AppError::UpdateFailed(error.to_string())
}

/// The plugin, with its commands for the page left ungranted: the window asks through
/// Vigil's own commands, which fetch with the device's token.
pub fn plugin<R: tauri::Runtime>() -> tauri::plugin::TauriPlugin<R, tauri_plugin_updater::Config> {
    tauri_plugin_updater::Builder::new().build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn release(version: &str) -> Release {
        Release {
            version: version.into(),
            file_name: format!("Vigil_{version}_amd64.deb"),
            path: format!("/api/v1/releases/{version}/file"),
            size: 7,
            sha256: "00".repeat(32),
            signature: String::new(),
            pub_date: "2026-12-02T00:00:00Z".into(),
        }
    }

    #[test]
    fn only_a_newer_version_is_offered_by_a_build_that_can_check_it_asking_at_most_hourly() {
        let updates = Updates::new("0.2.0", true);
        for older_or_same in ["0.1.9", "0.2.0", "0.2.0-rc.1", "not a version"] {
            updates.consider(Some(release(older_or_same)));
            assert_eq!(updates.offer(), None, "{older_or_same}");
        }
        updates.consider(Some(release("0.10.0")));
        assert_eq!(updates.offer(), Some(UpdateOffer { version: "0.10.0".into(), size: 7 }));
        updates.consider(None);
        assert_eq!(updates.offer(), None, "a release withdrawn at the office is no longer offered");

        let now = Instant::now();
        assert!(updates.due(now), "asked after the first sync");
        assert!(!updates.due(now + Duration::from_secs(60)), "not at every sync: an idle sync stays one request");
        assert!(updates.due(now + ASK_EVERY), "asked again within the hour after");

        let unkeyed = Updates::new("0.2.0", false);
        assert!(!unkeyed.due(now), "a build without a key never asks");
        unkeyed.consider(Some(release("9.0.0")));
        assert_eq!(unkeyed.offer(), None);
    }
}
