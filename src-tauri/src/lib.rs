//! The Vigil app: a Tauri window over the device store. Thin on purpose: the
//! commands unpack state and call `vigil-store`; the UI lives in `ui/`.

pub mod commands;
pub mod error;
pub mod state;

use tauri::Manager;

use crate::state::AppState;

/// Builds and runs the app until its last window closes.
pub fn run() -> Result<(), Box<dyn std::error::Error>> {
    tauri::Builder::default()
        .setup(|app| {
            let platform_dir = || app.path().app_data_dir().ok();
            let dir = state::data_dir(std::env::var_os(state::DATA_DIR_ENV), platform_dir);
            app.manage(AppState::new(dir));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![commands::list_places])
        .run(tauri::generate_context!())?;
    Ok(())
}
