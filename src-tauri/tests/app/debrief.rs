//! Through the commands (issue 17, items 6–8): the debrief saved on the team's visit with
//! bad input named by field; the coverage of places by kind; the retention status the
//! office's period gives.

use serde_json::json;
use vigil_core::records::Visit;
use vigil_core::{Record, Role};
use vigil_tests::{Office, demo_user};

use crate::commands::Window;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_team_saves_its_debrief_and_sees_coverage_and_the_retention_period() {
    let office = Office::start().await;
    let demo = vigil_demo::generate(&vigil_demo::DemoParams::default());
    office.storage.add_records(&demo.records).expect("demo data");
    let place = demo
        .records
        .iter()
        .find_map(|r| if let Record::Visit(v) = r { Some(v.clone()) } else { None })
        .expect("a demo visit");
    let place: Visit = place;
    let lead = demo_user(&demo, Role::Lead, Some(place.team_id)).id;
    let days = vigil_core::retention::RetentionDays::new(45).expect("45 days");
    office.storage.set_retention(vigil_server::sqlite::office_audit::COMMAND_LINE, Some(days)).expect("period");
    let code = office.storage.enrolment_code(lead, chrono::Duration::hours(1)).expect("code");
    let (dir, exports) = (tempfile::tempdir().expect("dir"), tempfile::tempdir().expect("exports"));
    let app = Window::enrolled(dir.path(), exports.path(), &office, &code).await;

    let plan = json!({ "facility_id": place.facility_id, "visit_type": "regular", "unannounced": true,
        "planned_on": "2026-11-26", "theme": null, "start_now": true });
    let visit_id = app.ok("plan_visit", json!({ "plan": plan }))["id"].clone();
    let talk = |facility: &str| {
        json!({ "record": { "entity": "debrief", "record": { "id": "00000000-0000-0000-0000-000000000000",
            "visit_id": visit_id, "held_at": "2026-11-26T15:30:00Z", "facility_participants": facility,
            "team_participants": "The team", "points_raised": "No lawyer in the first hours",
            "immediate_concerns": "The man in cell 4 needs a doctor today" } } })
    };
    let error = app.call("save_record", talk("  ")).expect_err("who took part");
    assert_eq!(
        (error["code"].as_str(), error["field"].as_str()),
        (Some("invalid_input"), Some("facility_participants"))
    );
    let saved = app.ok("save_record", talk("The head of the station"));
    assert_eq!(saved["entity"], "debrief");
    assert_ne!(saved["record"]["id"], json!("00000000-0000-0000-0000-000000000000"), "a new id");
    let detail = app.ok("visit_detail", json!({ "visitId": visit_id }));
    let debriefs = detail["bundle"]["debriefs"].as_array().expect("debriefs");
    assert_eq!(debriefs.len(), 1);
    assert_eq!(debriefs[0]["immediate_concerns"], "The man in cell 4 needs a doctor today");

    // Coverage: every place of the device in a group of its kind; N is checked.
    let groups = app.ok("coverage", json!({ "months": 12 }));
    let groups = groups.as_array().expect("groups");
    let places: i64 = groups.iter().map(|g| g["places"].as_i64().expect("count")).sum();
    let held = demo.records.iter().filter(|r| matches!(r, Record::Facility(_))).count() as i64;
    assert_eq!(places, held);
    assert_eq!(app.refused("coverage", json!({ "months": 0 })), "invalid_input");
    assert_eq!(app.refused("coverage", json!({ "months": 121 })), "invalid_input");

    // The office's period reached the device with its first sync; nothing removed yet.
    let status = app.ok("retention_status", json!({}));
    assert_eq!(status, json!({ "days": 45, "purged": [] }));
}
