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
use vigil_tests::{Office, demo_user};

pub(crate) struct Window {
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
}

impl Window {
    fn open(data_dir: &std::path::Path, export_dir: Option<&std::path::Path>) -> Window {
        Window::open_built(data_dir, export_dir, None)
    }

    /// The app as `scripts/package.sh --updater-key` builds it: taking updates signed with
    /// the key `updater_key` (the updater plugin registered, as `vigil_app::run` does).
    pub(crate) fn with_updater_key(data_dir: &std::path::Path, updater_key: &str) -> Window {
        Window::open_built(data_dir, None, Some(updater_key))
    }

    fn open_built(
        data_dir: &std::path::Path,
        export_dir: Option<&std::path::Path>,
        updater_key: Option<&str>,
    ) -> Window {
        let exports = export_dir.map(|dir| dir.as_os_str().to_owned());
        let mut context = tauri::generate_context!();
        let mut builder = mock_builder();
        if let Some(key) = updater_key {
            let updater = json!({ "pubkey": key, "requireSignedVersion": true });
            context.config_mut().plugins.0.insert("updater".into(), updater);
            builder = builder.plugin(vigil_app::updates::plugin());
        }
        let mut app =
            vigil_app::app(builder, Some(data_dir.as_os_str().to_owned()), exports).build(context).expect("app");
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
    pub(crate) fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
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

    /// Waits (a few seconds at most, far less than the sync interval) until this device has
    /// nothing waiting, without asking for a sync.
    async fn settled(&self) {
        for _ in 0..100 {
            let status = self.ok("sync_status", json!({}));
            if status["state"] == "synced" && status["outbox"] == 0 {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("nothing synced by itself: {}", self.ok("sync_status", json!({})));
    }

    /// Syncs now and waits until this device has nothing waiting and a newer sync time.
    pub(crate) async fn sync(&self) {
        let before = self.ok("sync_status", json!({}))["last_synced_at"].clone();
        self.ok("sync_now", json!({}));
        for _ in 0..200 {
            let status = self.ok("sync_status", json!({}));
            if status["state"] == "synced" && status["outbox"] == 0 && status["last_synced_at"] != before {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("no sync finished: {}", self.ok("sync_status", json!({})));
    }

    /// A new device: passphrase, enrolment with `code`, first sync.
    pub(crate) async fn enrolled(
        data_dir: &std::path::Path,
        exports: &std::path::Path,
        office: &Office,
        code: &str,
    ) -> Window {
        let app = Window::open(data_dir, Some(exports));
        app.ok("create_vault", json!({ "passphrase": "a long test passphrase" }));
        app.ok("enrol", json!({ "serverUrl": office.url, "code": code }));
        app.sync().await;
        app
    }

    pub(crate) fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args).unwrap_or_else(|error| panic!("{cmd} failed: {error}"))
    }

    /// The `code` of the error `cmd` answers with.
    pub(crate) fn refused(&self, cmd: &str, args: Value) -> String {
        let error = self.call(cmd, args).expect_err(cmd);
        error["code"].as_str().unwrap_or_else(|| panic!("{cmd}: an error without a code: {error}")).to_owned()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lead_records_and_submits_a_visit_through_the_commands() {
    let office = Office::start().await;
    let demo = vigil_demo::generate(&vigil_demo::DemoParams::default());
    office.storage.add_records(&demo.records).expect("demo data");
    let lead = demo_user(&demo, Role::Lead, None).id;
    let code = office.storage.enrolment_code(lead, chrono::Duration::hours(1)).expect("code");
    let dir = tempfile::tempdir().expect("dir");
    let app = Window::open(dir.path(), None);

    // First start: nothing opens before a passphrase exists.
    assert_eq!(app.ok("lock_status", json!({}))["state"], "setup");
    assert_eq!(app.refused("list_places", json!({})), "locked");
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
    // The store's admission gate answers through the commands too: a record stays on its visit.
    let other = app.ok("plan_visit", json!({ "plan": plan }));
    let mut moved = saved.clone();
    moved["record"]["visit_id"] = other["id"].clone();
    assert_eq!(app.refused("save_record", json!({ "record": moved })), "invalid");

    // The team: the lead puts themself on the visit with two areas, off, and back on.
    let lead_id = json!(lead);
    let team = detail["team"].as_array().expect("team").clone();
    assert!(team.iter().any(|m| m["user_id"] == lead_id && m["on_visit"] == false), "{team:?}");
    let choose = |on: bool, areas: Value| json!({ "visitId": visit_id, "choice": { "user_id": lead_id, "on_visit": on, "areas": areas } });
    let chosen = app.ok("choose_member", choose(true, json!(["health_care", "treatment", "treatment"])));
    assert_eq!(chosen["bundle"]["members"][0]["areas"], json!(["treatment", "health_care"]));
    let order = |team: &Value| team.as_array().map(|t| t.iter().map(|m| m["user_id"].clone()).collect::<Vec<_>>());
    assert_eq!(order(&chosen["team"]), order(&detail["team"]), "ticking a person leaves the list in its order");
    let last = team.last().expect("a team")["user_id"].clone();
    let ticked = app.ok(
        "choose_member",
        json!({ "visitId": visit_id, "choice": { "user_id": last, "on_visit": true, "areas": [] } }),
    );
    assert!(team.len() > 2, "enough people to see a re-sort: {team:?}");
    assert_eq!(order(&ticked["team"]), order(&detail["team"]), "the last name ticked stays last");
    app.ok(
        "choose_member",
        json!({ "visitId": visit_id, "choice": { "user_id": last, "on_visit": false, "areas": [] } }),
    );
    assert_eq!(app.ok("choose_member", choose(false, json!([])))["bundle"]["members"], json!([]));
    let back = app.ok("choose_member", choose(true, json!(["personnel"])));
    assert_eq!(back["bundle"]["members"][0]["areas"], json!(["personnel"]), "taken off, then back on");
    let stranger =
        json!({ "visitId": visit_id, "choice": { "user_id": uuid::Uuid::now_v7(), "on_visit": true, "areas": [] } });
    assert_eq!(app.refused("choose_member", stranger), "not_found");

    let edited = app.ok(
        "edit_visit",
        json!({ "visitId": visit_id,
        "edit": { "summary": "  Overcrowded; no doctor on arrival.  ", "no_names": true } }),
    );
    assert_eq!(edited["bundle"]["visit"]["summary"], "Overcrowded; no doctor on arrival.");
    assert_eq!(edited["bundle"]["visit"]["no_names"], true);
    let detail = app.ok("edit_visit", json!({ "visitId": visit_id, "edit": { "summary": null, "no_names": false } }));
    assert_eq!(
        (&detail["bundle"]["visit"]["summary"], &detail["bundle"]["visit"]["no_names"]),
        (&json!("Overcrowded; no doctor on arrival."), &json!(false)),
        "a field left out stays"
    );
    assert_eq!(detail["bundle"]["answers"].as_array().map(Vec::len), Some(1));
    assert_eq!(detail["bundle"]["observations"].as_array().map(Vec::len), Some(1));
    assert_eq!(detail["editable"], true);
    assert_eq!(detail["role"], "lead");

    // The lead submits: the visit leaves the team's hands and edits are refused.
    // Started now, it was arrived at: access cannot be corrected to before that.
    let before_arrival = json!({ "visitId": visit_id, "mark": "access_granted", "at": "2025-01-01T09:00:00Z" });
    assert_eq!(app.refused("correct_visit_time", before_arrival), "invalid_input");
    for mark in ["arrived", "access_granted", "departed"] {
        app.ok("record_visit_time", json!({ "visitId": visit_id, "mark": mark }));
    }
    let submitted = app.ok("submit_visit", json!({ "visitId": visit_id }));
    assert_eq!(submitted["bundle"]["visit"]["status"], "submitted");
    assert_eq!(submitted["editable"], false);
    assert_eq!(app.refused("save_record", json!({ "record": observation })), "in_review");
    assert!(app.ok("unsynced_changes", json!({})).as_u64().unwrap_or(0) >= 4, "the edits wait for sync");

    // Locked: every command touching the store answers `locked` until unlocked.
    assert_eq!(app.ok("lock_now", json!({}))["state"], "locked");
    assert_eq!(app.refused("visit_detail", json!({ "visitId": visit_id })), "locked");
    assert_eq!(app.refused("unlock", json!({ "passphrase": "not the passphrase" })), "wrong_passphrase");
    assert_eq!(app.ok("unlock", json!({ "passphrase": "a long test passphrase" }))["state"], "unlocked");
    let reopened = app.ok("visit_detail", json!({ "visitId": visit_id }));
    assert_eq!(reopened["bundle"]["visit"]["status"], "submitted");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_supervisor_returns_with_a_comment_then_approves_and_exports_the_report() {
    let office = Office::start().await;
    let demo = vigil_demo::generate(&vigil_demo::DemoParams::default());
    office.storage.add_records(&demo.records).expect("demo data");
    let lead = demo_user(&demo, Role::Lead, None);
    let supervisor = demo_user(&demo, Role::Supervisor, lead.team_ids.first().copied());
    let code = |user: uuid::Uuid| office.storage.enrolment_code(user, chrono::Duration::hours(1)).expect("code");
    let (team_dir, office_dir, exports) =
        (tempfile::tempdir().expect("dir"), tempfile::tempdir().expect("dir"), tempfile::tempdir().expect("dir"));
    let team = Window::enrolled(team_dir.path(), exports.path(), &office, &code(lead.id)).await;

    // The lead records a finding and submits.
    let places = team.ok("list_places", json!({}));
    let place = places.as_array().expect("places")[0].clone();
    let plan = json!({ "facility_id": place["facility_id"], "visit_type": "ad_hoc", "unannounced": true,
        "planned_on": "2026-11-25", "theme": null, "start_now": true });
    let visit_id = team.ok("plan_visit", json!({ "plan": plan }))["id"].clone();
    let finding = team.ok(
        "save_record",
        json!({ "record": { "entity": "observation", "record": {
        "id": uuid::Uuid::nil(), "visit_id": visit_id, "area": "treatment", "severity": "urgent",
        "text": "Two detainees report beatings on arrest", "attachment_ids": [], "confidential": false } } }),
    );
    for mark in ["arrived", "access_granted", "departed"] {
        team.ok("record_visit_time", json!({ "visitId": visit_id, "mark": mark }));
    }
    assert_eq!(team.refused("move_visit", json!({ "visitId": visit_id, "to": "approved" })), "workflow");
    team.ok("submit_visit", json!({ "visitId": visit_id }));
    // Submitting syncs at once, without "Sync now" and well before the next tick.
    team.settled().await;

    // The supervisor finds it in the queue, and returns it with a comment on the finding.
    let desk = Window::enrolled(office_dir.path(), exports.path(), &office, &code(supervisor.id)).await;
    assert_eq!((team.ok("my_role", json!({})), desk.ok("my_role", json!({}))), (json!("lead"), json!("supervisor")));
    let queue = desk.ok("review_queue", json!({}));
    let queued = queue.as_array().expect("queue").iter().find(|q| q["visit_id"] == visit_id).expect("queued").clone();
    assert_eq!(queued["counts"]["findings"], 1, "{queued}");
    let detail = desk.ok("move_visit", json!({ "visitId": visit_id, "to": "in_review" }));
    let next: Vec<&str> = detail["next_statuses"].as_array().expect("next").iter().filter_map(Value::as_str).collect();
    assert_eq!(next, ["returned", "approved"]);
    assert_eq!(desk.refused("move_visit", json!({ "visitId": visit_id, "to": "returned" })), "invalid_input");
    assert_eq!(
        desk.refused(
            "add_comment",
            json!({ "comment": { "visit_id": visit_id, "target_entity": null,
        "target_id": null, "reply_to": null, "body": "   " } })
        ),
        "invalid_input"
    );
    let commented = desk.ok("add_comment", json!({ "comment": { "visit_id": visit_id, "target_entity": "observation",
        "target_id": finding["record"]["id"], "reply_to": null, "body": "Were the injuries documented by a doctor?" } }));
    let comment_id = commented["threads"][0]["comment"]["id"].clone();
    assert_eq!(
        desk.ok("move_visit", json!({ "visitId": visit_id, "to": "returned" }))["bundle"]["visit"]["status"],
        "returned"
    );
    desk.sync().await;

    // The team sees the comment, answers it and resubmits.
    team.sync().await;
    let returned = team.ok("visit_detail", json!({ "visitId": visit_id }));
    assert_eq!(returned["bundle"]["visit"]["status"], "returned");
    assert_eq!(returned["threads"][0]["comment"]["body"], "Were the injuries documented by a doctor?");
    assert_eq!(returned["threads"][0]["target"]["record"]["id"], finding["record"]["id"]);
    let answered = team.ok(
        "add_comment",
        json!({ "comment": { "visit_id": visit_id, "target_entity": null,
        "target_id": null, "reply_to": comment_id, "body": "No: the medical register has no entry." } }),
    );
    assert_eq!(answered["threads"][0]["replies"].as_array().map(Vec::len), Some(1));
    team.ok("submit_visit", json!({ "visitId": visit_id }));
    team.sync().await;

    // Approved: locked, hashed, and the report exported; later changes are amendments.
    desk.sync().await;
    desk.ok("move_visit", json!({ "visitId": visit_id, "to": "in_review" }));
    let approved = desk.ok("move_visit", json!({ "visitId": visit_id, "to": "approved" }));
    assert_eq!(approved["integrity"]["approved"], approved["integrity"]["current"], "the approval hash is recorded");
    let html = desk.ok("visit_report_html", json!({ "visitId": visit_id, "audience": "public", "language": "ru" }));
    assert!(
        html.as_str().is_some_and(|h| h.contains("Two detainees report beatings on arrest")),
        "the finding is in the report"
    );
    assert!(html.as_str().is_some_and(|h| h.contains("lang=\"ru\"") && h.contains("Краткое резюме")), "in Russian");
    let report = json!({ "visitId": visit_id, "audience": "public", "language": "az", "format": "pdf" });
    let pdf = desk.ok("export_visit_report", report.clone());
    let bytes = std::fs::read(pdf["path"].as_str().expect("path")).expect("the PDF is written");
    assert!(bytes.starts_with(b"%PDF"), "a PDF");
    let again = desk.ok("export_visit_report", report);
    assert_ne!(again["path"], pdf["path"], "saving again never overwrites the first file");
    let docx = desk.ok(
        "export_visit_report",
        json!({ "visitId": visit_id, "audience": "public", "language": "en", "format": "docx" }),
    );
    let docx_path = docx["path"].as_str().expect("path");
    assert!(docx_path.ends_with(".docx") && std::fs::read(docx_path).expect("written").starts_with(b"PK"), "a DOCX");
    // The cover carries the NPM's name once it is set on the device; a logo that is no image is refused.
    let office = desk.ok("set_report_name", json!({ "name": "  Ombudsman — National Preventive Group " }));
    assert_eq!(office["name"], "Ombudsman — National Preventive Group");
    let html = desk.ok("visit_report_html", json!({ "visitId": visit_id, "audience": "public", "language": "en" }));
    assert!(
        html.as_str().is_some_and(|h| h.contains("Ombudsman — National Preventive Group")),
        "the name heads the report"
    );
    let refused = desk.call("set_report_logo", json!({ "bytes": [60, 115, 118, 103, 62] })).expect_err("not an image");
    assert_eq!(refused["code"], "invalid_input");
    assert_eq!(desk.ok("report_office", json!({}))["logo"], serde_json::Value::Null);
    let name = pdf["path"].as_str().and_then(|p| p.rsplit('/').next()).unwrap_or_default().to_owned();
    let place = place["name"].as_str().unwrap_or_default().to_lowercase();
    let first_word = place.split(|c: char| !c.is_alphanumeric()).find(|w| !w.is_empty()).unwrap_or_default();
    assert!(name.contains(first_word) && name.contains("-public-"), "the file names the place: {name}");
    let files = desk.ok("export_tables", json!({ "audience": "internal", "format": "csv" }));
    assert_eq!(files.as_array().map(Vec::len), Some(3));
    assert!(pdf["path"].as_str().expect("path").starts_with(&exports.path().display().to_string()));
    let amended = desk.ok(
        "add_amendment",
        json!({ "amendment": { "visit_id": visit_id, "target_entity": null,
        "target_id": null, "body": "The report date was corrected." } }),
    );
    assert_eq!(amended["bundle"]["amendments"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        amended["integrity"]["approved"], amended["integrity"]["current"],
        "an amendment keeps the approved hash"
    );
    let error = desk.call("move_visit", json!({ "visitId": visit_id, "to": "returned" })).expect_err("locked");
    assert_eq!(error["code"], "workflow");
    assert!(error["message"].as_str().is_some_and(|m| m.contains("approved and locked")), "{error}");
}

/// The file of a blob somewhere under `dir` (the store keeps them beside its file).
fn blob_file(dir: &std::path::Path, sha256: &str) -> Option<std::path::PathBuf> {
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if let Some(found) = blob_file(&path, sha256) {
                return Some(found);
            }
        } else if path.file_name().is_some_and(|name| name == sha256) {
            return Some(path);
        }
    }
    None
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_lost_on_the_device_is_named_on_its_finding_and_in_the_sync_status_while_the_rest_syncs() {
    let office = Office::start().await;
    let demo = vigil_demo::generate(&vigil_demo::DemoParams::default());
    office.storage.add_records(&demo.records).expect("demo data");
    let lead = demo_user(&demo, Role::Lead, None).id;
    let code = office.storage.enrolment_code(lead, chrono::Duration::hours(1)).expect("code");
    let (dir, exports) = (tempfile::tempdir().expect("dir"), tempfile::tempdir().expect("exports"));
    let app = Window::enrolled(dir.path(), exports.path(), &office, &code).await;

    let places = app.ok("list_places", json!({}));
    let place = places.as_array().expect("places").iter().find(|p| p["kind"] == "prison").expect("a prison").clone();
    let plan = json!({ "facility_id": place["facility_id"], "visit_type": "regular", "unannounced": true,
        "planned_on": "2026-11-25", "theme": null, "start_now": true });
    let visit_id = app.ok("plan_visit", json!({ "plan": plan }))["id"].clone();
    let observation = json!({ "entity": "observation", "record": { "id": uuid::Uuid::nil(), "visit_id": visit_id,
        "area": "material_conditions", "severity": "high", "text": "Cell 4: no natural light",
        "attachment_ids": [], "confidential": false } });
    let finding_id = app.ok("save_record", json!({ "record": observation }))["record"]["id"].clone();
    let file = |name: &str, byte: u8| json!({ "file": { "observation_id": finding_id, "file_name": name, "mime": "image/jpeg", "bytes": vec![byte; 4096] } });
    let lost = app.ok("add_attachment", file("cell-4-window.jpg", 7));
    app.ok("add_attachment", file("cell-4-door.jpg", 9));
    let sha256 = lost["sha256"].as_str().expect("hash");
    std::fs::remove_file(blob_file(dir.path(), sha256).expect("the photo's file")).expect("the file is lost");

    app.sync().await;
    let status = app.ok("sync_status", json!({}));
    assert_eq!((status["outbox"].clone(), status["blobs_set_aside"].clone()), (json!(0), json!(1)), "{status}");
    let set_aside = app.ok("list_blobs_set_aside", json!({}));
    assert_eq!(set_aside[0]["code"], "blob_missing", "{set_aside}");
    assert_eq!(set_aside[0]["attachments"][0]["file_name"], "cell-4-window.jpg");
    let detail = app.ok("visit_detail", json!({ "visitId": visit_id }));
    assert_eq!(detail["attachments_set_aside"], json!([{ "attachment_id": lost["id"], "code": "blob_missing" }]));
}
