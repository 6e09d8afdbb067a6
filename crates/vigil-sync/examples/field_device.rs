//! A field device without a window: a real device store and the real sync client, driven
//! from the command line. The console's browser test enrols one with the code (or the
//! enrolment link) an administrator issues, syncs it, and syncs it again after its user is
//! retired (the office then answers 401).
//!
//!   cargo run -p vigil-sync --example field_device -- DIR enrol 'vigil://enrol?office=…&code=…'
//!   cargo run -p vigil-sync --example field_device -- DIR sync
//!
//! Prints one line of JSON: `{"ok":true,…}` or `{"ok":false,"status":401,"error":"…"}`.

use std::path::PathBuf;
use std::sync::Mutex;

use vigil_core::enrol_link::EnrolLink;
use vigil_store::Store;
use vigil_sync::{SyncClient, SyncError};

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(command)) = (args.first(), args.get(1)) else {
        eprintln!("usage: field_device DIR enrol LINK | field_device DIR sync");
        return std::process::ExitCode::from(64);
    };
    let dir = PathBuf::from(dir);
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(err) => return fail(None, &err.to_string()),
    };
    let outcome = runtime.block_on(async {
        std::fs::create_dir_all(&dir).map_err(|err| (None, err.to_string()))?;
        let store = Mutex::new(Store::open(&dir.join("device.db")).map_err(|err| (None, err.to_string()))?);
        match (command.as_str(), args.get(2)) {
            ("enrol", Some(link)) => {
                let link = EnrolLink::parse(link).map_err(|err| (None, err.to_string()))?;
                let (client, answer) =
                    SyncClient::enrol(&link.office, &link.code, &store, "field tablet").await.map_err(failure)?;
                std::fs::write(dir.join("office"), &link.office).map_err(|err| (None, err.to_string()))?;
                std::fs::write(dir.join("token"), &answer.token).map_err(|err| (None, err.to_string()))?;
                let report = client.sync(&store, &|_| {}).await.map_err(failure)?;
                let device_id = store.lock().map(|s| s.device_id()).map_err(|err| (None, err.to_string()))?;
                Ok(serde_json::json!({ "ok": true, "device_id": device_id, "user_id": answer.user_id, "pulled": report.pulled }))
            }
            ("sync", None) => {
                let read = |name: &str| std::fs::read_to_string(dir.join(name)).map_err(|err| (None, err.to_string()));
                let client = SyncClient::new(&read("office")?, read("token")?).map_err(failure)?;
                let report = client.sync(&store, &|_| {}).await.map_err(failure)?;
                Ok(serde_json::json!({ "ok": true, "pulled": report.pulled, "pushed": report.pushed }))
            }
            _ => Err((None, format!("unknown command {command:?}"))),
        }
    });
    match outcome {
        Ok(answer) => {
            println!("{answer}");
            std::process::ExitCode::SUCCESS
        }
        Err((status, message)) => fail(status, &message),
    }
}

/// The HTTP status of a refusal, if the office answered one.
fn failure(err: SyncError) -> (Option<u16>, String) {
    let status = match &err {
        SyncError::Unauthorized(_) => Some(401),
        SyncError::Server { status, .. } => Some(*status),
        _ => None,
    };
    (status, err.to_string())
}

fn fail(status: Option<u16>, message: &str) -> std::process::ExitCode {
    println!("{}", serde_json::json!({ "ok": false, "status": status, "error": message }));
    std::process::ExitCode::FAILURE
}
