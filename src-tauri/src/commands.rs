//! The commands the UI may invoke. Each is thin: it unpacks the state, calls
//! the store and returns its answer; the work lives in `vigil-store`.

use tauri::State;
use vigil_store::PlaceSummary;

use crate::error::AppError;
use crate::state::AppState;

/// Every place (facility) on this device, with its last visit and its open and
/// overdue recommendations.
#[tauri::command]
pub fn list_places(state: State<'_, AppState>) -> Result<Vec<PlaceSummary>, AppError> {
    state.with_store(|store| store.places())
}
