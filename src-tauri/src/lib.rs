//! The Vigil app: a Tauri window over the device store. Thin on purpose: the
//! commands unpack state and call `vigil-store` and `vigil-sync`; the UI lives in `ui/`.

pub mod authority;
#[cfg(test)]
mod bindings;
pub mod briefing;
pub mod commands;
pub mod conflicts;
pub mod enrolment;
pub mod error;
pub mod evidence;
pub mod finish;
pub mod identity;
pub mod inspection;
pub mod lock;
pub mod pseudonym;
pub mod remember;
pub mod reports;
pub mod reprisal;
pub mod retention;
pub mod review;
pub mod startup;
pub mod state;
pub mod sync;
pub mod trouble;
pub mod updates;
pub mod visit_records;
pub mod visit_team;

use tauri::{Emitter, Manager};
use vigil_sync::schedule::Scheduler;

use crate::state::AppState;
use crate::sync::{SYNC_STATUS_EVENT, SyncStatus};

/// Builds and runs the app until its last window closes.
pub fn run() -> Result<(), Box<dyn std::error::Error>> {
    let startup = startup::Startup::began();
    let data_dir = std::env::var_os(state::DATA_DIR_ENV);
    let export_dir = std::env::var_os(reports::EXPORT_DIR_ENV);
    let context = tauri::generate_context!();
    // First of all plugins: a second start on the same store hands its link to this one and exits.
    let one_app_per_store = tauri_plugin_single_instance::Builder::new()
        .dbus_id(enrolment::single_instance_id(&context.config().identifier, data_dir.as_deref()))
        .callback(|app, _arguments, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        })
        .build();
    let builder = tauri::Builder::default()
        .manage(startup)
        .plugin(one_app_per_store)
        .plugin(tauri_plugin_deep_link::init())
        .plugin(updates::plugin());
    let app = app(builder, data_dir, export_dir).build(context)?;
    // A link the app was started with (`vigil-app vigil://enrol?…`, as the desktop entry
    // runs it), then any handed over by a later start while this one runs.
    use tauri_plugin_deep_link::DeepLinkExt;
    let handle = app.handle().clone();
    app.deep_link().on_open_url(move |event| {
        for url in event.urls() {
            offer_enrolment(&handle, url.as_str());
        }
    });
    for url in app.deep_link().get_current()?.unwrap_or_default() {
        offer_enrolment(app.handle(), url.as_str());
    }
    app.run(|_, _| {});
    Ok(())
}

/// Keeps an enrolment link for the connect step and hands it to the window if it is open.
pub fn offer_enrolment<R: tauri::Runtime>(app: &tauri::AppHandle<R>, link: &str) {
    let offered = app.state::<enrolment::EnrolOffer>().offer(link);
    if let Err(error) = app.emit(enrolment::ENROL_LINK_EVENT, &offered) {
        eprintln!("vigil: cannot hand the enrolment link to the window: {error}");
    }
}

/// The app on any runtime (the real one, or Tauri's mock in tests): its state, tasks and
/// commands. `data_dir` and `export_dir` override the platform's data and downloads directories.
pub fn app<R: tauri::Runtime>(
    builder: tauri::Builder<R>,
    data_dir: Option<std::ffi::OsString>,
    export_dir: Option<std::ffi::OsString>,
) -> tauri::Builder<R> {
    builder
        .manage(enrolment::EnrolOffer::default())
        .setup(move |app| {
            // `run` manages the record begun at `main`; the mock runtime's tests come without one.
            if app.try_state::<startup::Startup>().is_none() {
                app.manage(startup::Startup::began());
            }
            let startup = app.state::<startup::Startup>();
            startup.setup_began();
            let platform_dir = || app.path().app_data_dir().ok();
            let dir = state::data_dir(data_dir, platform_dir);
            let events = app.handle().clone();
            let emit = move |status: &SyncStatus| {
                if let Err(error) = events.emit(SYNC_STATUS_EVENT, status) {
                    eprintln!("vigil: cannot send the sync status to the window: {error}");
                }
            };
            let exports = state::data_dir(export_dir, || app.path().download_dir().ok());
            let updates = updates::Updates::new(&app.package_info().version.to_string(), has_updater_key(app.config()));
            let state = AppState::new(dir).with_emitter(Box::new(emit)).with_export_dir(exports).with_updates(updates);
            // Demo and tests only: `VIGIL_PASSPHRASE` unlocks without the lock screen.
            let passphrase = std::env::var(lock::PASSPHRASE_ENV).ok();
            startup.open_store(|| state.unlock_from_env(passphrase));
            startup.open_store(|| state.unlock_remembered());
            app.manage(state);
            // Auto-lock: checks the idle time every few seconds; the window shows the lock screen.
            let idle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                loop {
                    tokio::time::sleep(std::time::Duration::from_secs(5)).await;
                    if idle.state::<AppState>().lock_if_idle(std::time::Instant::now())
                        && let Err(error) = idle.emit(lock::DEVICE_LOCKED_EVENT, ())
                    {
                        eprintln!("vigil: cannot tell the window the device locked: {error}");
                    }
                }
            });
            // Sync runs beside the window on Tauri's tokio runtime until the app quits.
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                handle.state::<AppState>().run_sync(Scheduler::default()).await;
            });
            startup.setup_ended();
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::list_places,
            commands::open_visits,
            commands::sync_status,
            commands::sync_now,
            commands::my_role,
            commands::enrol,
            commands::offered_enrolment,
            commands::place_detail,
            commands::plan_visit,
            commands::visit_detail,
            commands::save_answer,
            commands::record_visit_time,
            commands::correct_visit_time,
            commands::edit_visit,
            commands::choose_member,
            commands::save_record,
            commands::record_reprisal_check,
            commands::record_authority_answer,
            commands::mark_step_done,
            commands::record_report_stage,
            commands::reminders,
            commands::delete_record,
            commands::add_attachment,
            commands::attachment_preview,
            commands::submit_visit,
            commands::lock_status,
            commands::startup_times,
            commands::create_vault,
            commands::unlock,
            commands::lock_now,
            commands::touch_activity,
            commands::set_auto_lock,
            commands::change_passphrase,
            commands::remember_on_device,
            commands::forget_on_device,
            commands::unsynced_changes,
            commands::wipe_device,
            commands::retention_status,
            commands::list_conflicts,
            commands::resolve_conflict,
            commands::list_rejected,
            commands::list_blobs_set_aside,
            commands::review_queue,
            commands::add_comment,
            commands::move_visit,
            commands::add_amendment,
            commands::recommendation_tracker,
            commands::coverage,
            commands::dashboard,
            commands::visit_report_html,
            commands::export_visit_report,
            commands::save_report_version,
            commands::report_office,
            commands::set_report_name,
            commands::set_report_logo,
            commands::export_tables,
            commands::install_update
        ])
}

/// The build names the key its updates must be signed with (`plugins.updater.pubkey`, set
/// by `scripts/package.sh --updater-key`); a development build has none.
fn has_updater_key(config: &tauri::Config) -> bool {
    let key = config.plugins.0.get("updater").and_then(|updater| updater.get("pubkey"));
    key.and_then(|key| key.as_str()).is_some_and(|key| !key.trim().is_empty())
}
