//! The commands the UI may invoke. Each is thin: it unpacks the state, calls
//! the store or the sync service and returns its answer; the work lives in
//! `vigil-store`, `vigil-sync` and [`crate::sync`].

use tauri::State;
use vigil_store::PlaceSummary;

use crate::enrolment::{device_name, hostname};
use crate::error::AppError;
use crate::state::AppState;
use crate::sync::SyncStatus;

/// Every place (facility) on this device, with its last visit and its open and
/// overdue recommendations.
#[tauri::command]
pub fn list_places(state: State<'_, AppState>) -> Result<Vec<PlaceSummary>, AppError> {
    state.with_store(|store| store.places())
}

/// Whether the device is enrolled, what sync is doing, and what waits or needs a person.
#[tauri::command]
pub fn sync_status(state: State<'_, AppState>) -> Result<SyncStatus, AppError> {
    state.sync_status()
}

/// Syncs now instead of at the next tick of the timer; progress arrives as `sync-status` events.
#[tauri::command]
pub fn sync_now(state: State<'_, AppState>) -> Result<(), AppError> {
    state.request_sync()
}

/// Enrols this device with the central office at `server_url` using a one-time `code`
/// from an administrator, then syncs.
#[tauri::command]
pub async fn enrol(state: State<'_, AppState>, server_url: String, code: String) -> Result<SyncStatus, AppError> {
    state.enrol(&server_url, &code, &device_name(hostname())).await
}
