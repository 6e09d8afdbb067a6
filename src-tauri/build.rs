//! Generates the Tauri context and the permissions of the app's own commands
//! (`allow-list-places`, …), which `capabilities/default.json` grants.

fn main() {
    let commands = tauri_build::AppManifest::new().commands(&[
        "list_places",
        "sync_status",
        "sync_now",
        "enrol",
        "place_detail",
        "plan_visit",
        "visit_detail",
        "save_answer",
        "record_visit_time",
        "save_record",
        "delete_record",
        "add_attachment",
        "attachment_preview",
        "submit_visit",
        "lock_status",
        "create_vault",
        "unlock",
        "lock_now",
        "touch_activity",
        "set_auto_lock",
        "change_passphrase",
        "unsynced_changes",
        "wipe_device",
    ]);
    let attributes = tauri_build::Attributes::new().app_manifest(commands);
    if let Err(error) = tauri_build::try_build(attributes) {
        println!("cargo::error=tauri-build failed: {error:#}");
    }
}
