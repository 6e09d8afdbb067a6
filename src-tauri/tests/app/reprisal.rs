//! Reprisal follow-up through the commands (issue 17, item 5): the place's page lists the
//! person an earlier interview flagged at risk by code, day and team, never what they said;
//! a "concern" recorded on the visit is saved with the finding it becomes.

use serde_json::{Value, json};
use vigil_core::records::{Interview, Visit};
use vigil_core::{Record, Role};
use vigil_tests::{Office, demo_user};

use crate::commands::Window;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_place_lists_a_person_at_risk_by_code_and_a_concern_becomes_a_finding() {
    let office = Office::start().await;
    let demo = vigil_demo::generate(&vigil_demo::DemoParams::default());
    office.storage.add_records(&demo.records).expect("demo data");
    let visits: Vec<&Visit> =
        demo.records.iter().filter_map(|r| if let Record::Visit(v) = r { Some(v) } else { None }).collect();
    let (interview, earlier) = demo
        .records
        .iter()
        .find_map(|r| match r {
            Record::Interview(i) if i.reprisal_risk && !i.content.is_empty() => {
                Some((i.clone(), (*visits.iter().find(|v| v.id == i.visit_id)?).clone()))
            }
            _ => None,
        })
        .expect("a demo interview flagged at risk");
    let interview: Interview = interview;
    let lead = demo_user(&demo, Role::Lead, Some(earlier.team_id)).id;
    let code = office.storage.enrolment_code(lead, chrono::Duration::hours(1)).expect("code");
    let (dir, exports) = (tempfile::tempdir().expect("dir"), tempfile::tempdir().expect("exports"));
    let app = Window::enrolled(dir.path(), exports.path(), &office, &code).await;

    let place = app.ok("place_detail", json!({ "facilityId": earlier.facility_id }));
    let people = place["people_to_check"].as_array().expect("people to check").clone();
    let person = people.iter().find(|p| p["interview_id"] == json!(interview.id)).expect("the person").clone();
    assert_eq!(person["pseudonym"], json!(interview.pseudonym));
    let day = earlier.arrived_at.map_or(earlier.planned_on, |at| at.date_naive());
    assert_eq!(person["interviewed_on"], json!(day));
    assert!(person["team_name"].as_str().is_some_and(|name| !name.is_empty()), "{person}");
    let listed = serde_json::to_string(&place["people_to_check"]).expect("json");
    for p in &people {
        let held = demo.records.iter().find_map(|r| match r {
            Record::Interview(i) if json!(i.id) == p["interview_id"] => Some(i.content.clone()),
            _ => None,
        });
        let content = held.expect("a demo interview");
        assert!(!listed.contains(&content), "the page carries no interview's content");
    }
    assert!(!listed.contains("content"), "not even the field: {listed}");

    // Back at the place: the visit's screen lists the person to check on.
    let plan = json!({ "facility_id": earlier.facility_id, "visit_type": "follow_up", "unannounced": true,
        "planned_on": "2026-11-26", "theme": null, "start_now": true });
    let visit = app.ok("plan_visit", json!({ "plan": plan }));
    let visit_id = visit["id"].clone();
    // Before you go: the last visit handed in, not the one in progress now, its findings
    // most severe first.
    let place = app.ok("place_detail", json!({ "facilityId": earlier.facility_id }));
    let last = &place["last_visit"];
    assert!(last.is_object(), "the demo's place has visits handed in: {last}");
    assert_ne!(last["visit"]["id"], visit_id);
    assert!(!matches!(last["visit"]["status"].as_str(), Some("planned" | "in_progress")), "{}", last["visit"]);
    let order = ["good_practice", "low", "medium", "high", "urgent"];
    let rank = |f: &Value| order.iter().position(|s| f["severity"] == *s).expect("a severity");
    let findings = last["findings"].as_array().expect("findings");
    assert!(findings.iter().all(|f| f["visit_id"] == last["visit"]["id"]));
    assert!(findings.windows(2).all(|w| rank(&w[0]) >= rank(&w[1])), "most severe first");

    let detail = app.ok("visit_detail", json!({ "visitId": visit_id }));
    assert!(
        detail["people_to_check"]
            .as_array()
            .is_some_and(|p| p.iter().any(|p| p["interview_id"] == json!(interview.id)))
    );

    // Bad input: refused naming the field, nothing saved.
    let input = |outcome: &str, note: &str| {
        json!({ "check": { "visit_id": visit_id, "interview_id": interview.id,
        "outcome": outcome, "checked_on": "2026-11-26", "note": note, "language": "ru" } })
    };
    let error = app.call("record_reprisal_check", input("no_sign", &"x".repeat(501))).expect_err("too long");
    assert_eq!((error["code"].as_str(), error["field"].as_str()), (Some("invalid_input"), Some("note")), "{error}");
    let error = app.call("record_reprisal_check", input("concern", "  ")).expect_err("a concern says what");
    assert_eq!(error["field"], "note", "{error}");
    let detail = app.ok("visit_detail", json!({ "visitId": visit_id }));
    assert_eq!(detail["bundle"]["observations"], json!([]), "neither the check nor a finding was saved");
    assert_eq!(detail["bundle"]["reprisal_checks"], json!([]));

    // A concern: the check and its finding, in one step.
    let note = "Moved to the punishment block the week after our last visit";
    let check = app.ok("record_reprisal_check", input("concern", note));
    assert_eq!(check["outcome"], "concern");
    let detail = app.ok("visit_detail", json!({ "visitId": visit_id }));
    let findings = detail["bundle"]["observations"].as_array().expect("findings").clone();
    assert_eq!(findings.len(), 1, "{findings:?}");
    let finding = &findings[0];
    assert_eq!(check["observation_id"], finding["id"]);
    assert_eq!((finding["severity"].as_str(), finding["confidential"].as_bool()), (Some("high"), Some(true)));
    let text = finding["text"].as_str().expect("text");
    assert!(text.contains(&interview.pseudonym) && text.contains(note), "{text}");
    assert!(text.contains("преследован"), "worded in the UI's language (ru): {text}");
    assert!(!text.contains(&interview.content), "never the interview's content: {text}");
    assert_eq!(detail["bundle"]["reprisal_checks"].as_array().map(Vec::len), Some(1));
    assert_eq!(app.refused("record_reprisal_check", input("no_sign", "")), "invalid_input", "once per visit");

    // Counted on the dashboard; the place's page shows the last check.
    let dashboard = app.ok("dashboard", json!({ "year": 2026 }));
    assert_eq!(dashboard["reprisal_checks"], json!({ "no_sign": 0, "concern": 1, "not_found": 0 }));
    let place = app.ok("place_detail", json!({ "facilityId": earlier.facility_id }));
    let person: Value = place["people_to_check"]
        .as_array()
        .and_then(|p| p.iter().find(|p| p["interview_id"] == json!(interview.id)).cloned())
        .expect("still listed");
    assert_eq!(person["checks"][0]["outcome"], "concern");
    assert_eq!(person["checks"][0]["note"], note);
}
