//! Generates the Tauri context and the permissions of the app's own commands
//! (`allow-list-places`, …), which `capabilities/default.json` grants.

fn main() {
    let commands = tauri_build::AppManifest::new().commands(include!("app_commands.rs"));
    let attributes = tauri_build::Attributes::new().app_manifest(commands);
    if let Err(error) = tauri_build::try_build(attributes) {
        println!("cargo::error=tauri-build failed: {error:#}");
    }
}
