//! The capability file grants the window only the app's own commands: anything else the
//! page asks for is refused by Tauri before it reaches Rust code.

use tauri::Manager;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;

/// The commands the UI uses (the list the build script makes permissions of).
const APP_COMMANDS: &[&str] = include!("../../app_commands.rs");

fn request(cmd: &str) -> InvokeRequest {
    InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().expect("url"),
        body: InvokeBody::default(),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    }
}

#[test]
fn the_window_may_call_granted_commands_and_nothing_else() {
    let dir = tempfile::tempdir().expect("dir");
    let app = vigil_app::app(mock_builder(), Some(dir.path().as_os_str().to_owned()), None)
        .build(tauri::generate_context!())
        .expect("app");
    let window = match app.get_webview_window("main") {
        Some(window) => window,
        None => tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("window"),
    };

    // Every command of the app gets through to it (whatever it then answers).
    for granted in APP_COMMANDS {
        let answer = format!("{:?}", get_ipc_response(&window, request(granted)));
        assert!(!answer.contains("not allowed"), "{granted} is granted: {answer}");
    }
    // Anything else is refused before it reaches Rust: Tauri's own commands outside
    // `core:default` (new windows, fullscreen, closing), other plugins, unknown commands.
    for refused in [
        "plugin:window|set_fullscreen",
        "plugin:webview|create_webview_window",
        "plugin:window|destroy",
        "plugin:shell|execute",
        "export_everything",
    ] {
        let message = format!("{:?}", get_ipc_response(&window, request(refused)));
        assert!(message.contains("not allowed"), "{refused} must be refused: {message}");
    }
}
