//! The main commands as the window calls them: through Tauri's IPC on the mock runtime,
//! with JSON arguments named as the UI names them, against a real office on 127.0.0.1.
//! Errors cross as `{code, message}` and the test branches on the code, as the UI does.

use serde_json::{Value, json};
use tauri::Manager;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow};
use vigil_core::Role;
use vigil_tests::Office;

struct Window {
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
}

impl Window {
    fn open(data_dir: &std::path::Path) -> Window {
        let mut app = vigil_app::app(mock_builder(), Some(data_dir.as_os_str().to_owned()))
            .build(tauri::generate_context!())
            .expect("app");
        // One turn of the event loop runs the app's setup (its state, sync and auto-lock
        // tasks), as the real window's start does; deprecated only as a loop.
        #[allow(deprecated)]
        app.run_iteration(|_, _| {});
        let window = match app.get_webview_window("main") {
            Some(window) => window,
            None => tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("window"),
        };
        Window { _app: app, window }
    }

    /// Invokes `cmd` as the page does; a blocking call, so it leaves the runtime's thread.
    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("url"),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        tokio::task::block_in_place(|| get_ipc_response(&self.window, request))
            .map(|body| body.deserialize::<Value>().expect("a JSON answer"))
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args).unwrap_or_else(|error| panic!("{cmd} failed: {error}"))
    }

    /// The `code` of the error `cmd` answers with.
    fn refused(&self, cmd: &str, args: Value) -> String {
        let error = self.call(cmd, args).expect_err(cmd);
        error["code"].as_str().unwrap_or_else(|| panic!("{cmd}: an error without a code: {error}")).to_owned()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lead_records_and_submits_a_visit_through_the_commands() {
    let office = Office::start().await;
    let demo = vigil_demo::generate(&vigil_demo::DemoParams::default());
    office.storage.add_records(&demo.records).expect("demo data");
    let lead = demo
        .records
        .iter()
        .find_map(|r| match r {
            vigil_core::Record::User(u) if u.role == Role::Lead => Some(u.id),
            _ => None,
        })
        .expect("a demo lead");
    let code = office.storage.enrolment_code(lead, chrono::Duration::hours(1)).expect("code");
    let dir = tempfile::tempdir().expect("dir");
    let app = Window::open(dir.path());

    // First start: nothing opens before a passphrase exists.
    assert_eq!(app.ok("lock_status", json!({}))["state"], "setup");
    assert_eq!(app.refused("list_places", json!({})), "device_locked");
    assert_eq!(app.refused("create_vault", json!({ "passphrase": "short" })), "invalid_input");
    assert_eq!(app.ok("create_vault", json!({ "passphrase": "a long test passphrase" }))["state"], "unlocked");

    let status = app.ok("enrol", json!({ "serverUrl": office.url, "code": code }));
    assert_eq!(status["enrolled"], true, "{status}");
    assert_eq!(app.refused("enrol", json!({ "serverUrl": office.url, "code": code })), "unauthorized");
    // Enrolment starts the first sync beside the window; the places arrive with it.
    let mut places = Value::Null;
    for _ in 0..100 {
        places = app.ok("list_places", json!({}));
        if places.as_array().is_some_and(|p| !p.is_empty()) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let place = places.as_array().expect("places").iter().find(|p| p["kind"] == "prison").expect("a prison").clone();

    let detail = app.ok("place_detail", json!({ "facilityId": place["facility_id"] }));
    assert_eq!(detail["facility"]["name"], place["name"]);
    assert!(detail["checklist"]["question_count"].as_u64().unwrap_or(0) > 10, "{}", detail["checklist"]);
    let plan = json!({ "facility_id": place["facility_id"], "visit_type": "regular", "unannounced": true,
        "planned_on": "2026-11-25", "theme": null, "start_now": true });
    let visit = app.ok("plan_visit", json!({ "plan": plan }));
    assert_eq!(visit["status"], "in_progress");
    let visit_id = visit["id"].clone();

    // A checklist answer, an observation; bad input is refused with a code and stores nothing.
    let detail = app.ok("visit_detail", json!({ "visitId": visit_id }));
    let question = &detail["template"]["sections"][0]["questions"][0];
    let answer = match question["answer"]["type"].as_str() {
        Some("yes_no") => json!({ "type": "yes_no", "value": "no" }),
        Some("number") => json!({ "type": "number", "value": 3 }),
        other => json!({ "type": "text", "value": format!("answered ({other:?})") }),
    };
    app.ok("save_answer", json!({ "visitId": visit_id, "questionKey": question["key"], "value": answer }));
    let observation = json!({ "entity": "observation", "record": { "id": uuid::Uuid::nil(), "visit_id": visit_id,
        "area": "material_conditions", "severity": "high", "text": "Cell 4: no natural light",
        "attachment_ids": [], "confidential": false } });
    let saved = app.ok("save_record", json!({ "record": observation }));
    assert_ne!(saved["record"]["id"], json!(uuid::Uuid::nil()), "a new record gets its id on the device");
    let mut empty = observation.clone();
    empty["record"]["text"] = json!("");
    assert_eq!(app.refused("save_record", json!({ "record": empty })), "invalid_input");
    assert_eq!(app.refused("visit_detail", json!({ "visitId": uuid::Uuid::now_v7() })), "not_found");

    let detail = app.ok("visit_detail", json!({ "visitId": visit_id }));
    assert_eq!(detail["bundle"]["answers"].as_array().map(Vec::len), Some(1));
    assert_eq!(detail["bundle"]["observations"].as_array().map(Vec::len), Some(1));
    assert_eq!(detail["editable"], true);
    assert_eq!(detail["role"], "lead");

    // The lead submits: the visit leaves the team's hands and edits are refused.
    assert_eq!(app.refused("record_visit_time", json!({ "visitId": visit_id, "mark": "departed" })), "invalid_input");
    for mark in ["arrived", "access_granted", "departed"] {
        app.ok("record_visit_time", json!({ "visitId": visit_id, "mark": mark }));
    }
    let submitted = app.ok("submit_visit", json!({ "visitId": visit_id }));
    assert_eq!(submitted["bundle"]["visit"]["status"], "submitted");
    assert_eq!(submitted["editable"], false);
    assert_eq!(app.refused("save_record", json!({ "record": observation })), "in_review");
    assert!(app.ok("unsynced_changes", json!({})).as_u64().unwrap_or(0) >= 4, "the edits wait for sync");

    // Locked: every command touching the store answers `device_locked` until unlocked.
    assert_eq!(app.ok("lock_now", json!({}))["state"], "locked");
    assert_eq!(app.refused("visit_detail", json!({ "visitId": visit_id })), "device_locked");
    assert_eq!(app.refused("unlock", json!({ "passphrase": "not the passphrase" })), "wrong_passphrase");
    assert_eq!(app.ok("unlock", json!({ "passphrase": "a long test passphrase" }))["state"], "unlocked");
    let reopened = app.ok("visit_detail", json!({ "visitId": visit_id }));
    assert_eq!(reopened["bundle"]["visit"]["status"], "submitted");
}
