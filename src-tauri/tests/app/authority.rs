//! The authority's answer through the commands (issue 17, item 4): a supervisor of the
//! visit's team records the report sent, sees the answer overdue on the tracker, the
//! dashboard and the reminders, records an answer with its letter and plan (the
//! recommendation's one-word response follows), marks a step done and syncs it all; an
//! inspector is told it may not, and bad input is refused naming the field.

use chrono::{Days, Utc};
use serde_json::{Value, json};
use vigil_core::records::{Recommendation, Visit};
use vigil_core::{Record, Role, VisitStatus};
use vigil_tests::{Office, demo_user};

use crate::commands::Window;

/// The tracker's filter letting everything through, as the UI sends it.
fn all() -> Value {
    json!({ "filter": { "facility_id": null, "place_kind": null, "authority": null, "area": null,
        "status": null, "priority": null, "overdue_only": false } })
}

fn row<'a>(tracker: &'a Value, id: &Value) -> &'a Value {
    let rows = tracker["tracker"]["rows"].as_array().expect("rows");
    rows.iter().find(|r| r["recommendation"]["id"] == *id).expect("the recommendation's row")
}

/// An office with the demo's NPM, and an approved demo visit whose report the demo has not
/// sent, with one of its recommendations.
async fn office_with_an_unsent_report() -> (Office, vigil_demo::DemoData, Visit, Recommendation) {
    let office = Office::start().await;
    let demo = vigil_demo::generate(&vigil_demo::DemoParams::default());
    office.storage.add_records(&demo.records).expect("demo data");
    let sent_already: Vec<_> = demo
        .records
        .iter()
        .filter_map(|r| if let Record::ReportVersion(v) = r { Some(v.visit_id) } else { None })
        .collect();
    let (visit, recommendation) = demo
        .records
        .iter()
        .filter_map(|r| if let Record::Visit(v) = r { Some(v) } else { None })
        .filter(|v| v.status == VisitStatus::Approved && !sent_already.contains(&v.id))
        .find_map(|v: &Visit| {
            let made = demo.records.iter().find_map(|r| match r {
                Record::Recommendation(rec) if rec.visit_id == v.id => Some(rec.clone()),
                _ => None,
            })?;
            Some((v.clone(), made))
        })
        .expect("an approved demo visit with a recommendation, its report not sent");
    (office, demo, visit, recommendation)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_supervisor_records_the_answer_its_letter_and_plan_and_sees_what_is_overdue() {
    let (office, demo, visit, recommendation) = office_with_an_unsent_report().await;
    let today = Utc::now().date_naive();
    let day = |days_ago: u64| json!(today.checked_sub_days(Days::new(days_ago)).expect("a day"));
    let id = json!(recommendation.id);

    // The team's inspector reads the tracker, but records nothing for the authority.
    let inspector = demo_user(&demo, Role::Inspector, Some(visit.team_id)).id;
    let code = office.storage.enrolment_code(inspector, chrono::Duration::hours(1)).expect("code");
    let (dir, exports) = (tempfile::tempdir().expect("dir"), tempfile::tempdir().expect("exports"));
    let field = Window::enrolled(dir.path(), exports.path(), &office, &code).await;
    assert_eq!(field.ok("recommendation_tracker", all())["may_record_answers"], false);
    assert_eq!(field.ok("reminders", json!({})), json!([]));
    let sent = json!({ "stage": { "visit_id": visit.id, "stage": "provisional", "dated_on": day(40), "note": "",
        "language": "en" } });
    let blobs = |dir: &std::path::Path| std::fs::read_dir(dir.join("device.blobs")).map_or(0, Iterator::count);
    let held = blobs(dir.path());
    assert_eq!(field.refused("record_report_stage", sent.clone()), "forbidden");
    assert_eq!(blobs(dir.path()), held, "the refused version's PDF is not left behind");

    // The team's supervisor: the report sent 40 days ago, so the answer (30 days) is late.
    let supervisor = demo_user(&demo, Role::Supervisor, Some(visit.team_id)).id;
    let code = office.storage.enrolment_code(supervisor, chrono::Duration::hours(1)).expect("code");
    let (dir, exports) = (tempfile::tempdir().expect("dir"), tempfile::tempdir().expect("exports"));
    let app = Window::enrolled(dir.path(), exports.path(), &office, &code).await;
    let detail = app.ok("visit_detail", json!({ "visitId": visit.id }));
    assert_eq!(detail["may_record_answers"], true);
    let content = detail["integrity"]["current"].clone();
    app.ok("record_report_stage", sent);
    let detail = app.ok("visit_detail", json!({ "visitId": visit.id }));
    assert_eq!(detail["report_versions"][0]["stage"], "provisional");
    let tracker = app.ok("recommendation_tracker", all());
    assert_eq!(tracker["may_record_answers"], true);
    assert_eq!(row(&tracker, &id)["answer"]["state"], "overdue");
    assert_eq!(row(&tracker, &id)["answer"]["due_on"], day(10));
    let reminders = app.ok("reminders", json!({}));
    let late = reminders.as_array().expect("reminders").iter().find(|r| r["recommendation_id"] == id).expect("listed");
    assert_eq!(late["kind"], "answer_overdue");
    let dashboard =
        app.ok("dashboard", json!({ "year": today.format("%Y").to_string().parse::<i32>().expect("year") }));
    assert!(dashboard["answers"]["answers_overdue"].as_i64().is_some_and(|n| n >= 1), "{}", dashboard["answers"]);

    // Bad input is refused naming the field, and nothing is saved.
    let answer = |text: &str, mime: &str, steps: Value| {
        json!({ "answer": { "recommendation_id": id, "received_on": day(2), "position": "partially_accepted",
            "text": text, "letter": { "file_name": "C:\\scans\\letter-4411.pdf", "mime": mime,
            "bytes": b"%PDF-1.4 letter 4411".to_vec() }, "steps": steps } })
    };
    let steps =
        json!([{ "text": "Hire a doctor", "due_on": day(1) }, { "text": "Change the rules", "due_on": day(0) }]);
    let error =
        app.call("record_authority_answer", answer("  ", "application/pdf", steps.clone())).expect_err("no words");
    assert_eq!((error["code"].as_str(), error["field"].as_str()), (Some("invalid_input"), Some("text")), "{error}");
    assert_eq!(app.refused("record_authority_answer", answer("Yes", "text/html", steps.clone())), "invalid_input");
    let tracker = app.ok("recommendation_tracker", all());
    assert_eq!(row(&tracker, &id)["answer"]["answers"], json!([]));

    // The answer, its letter and its plan: one step was due yesterday.
    let saved = app.ok("record_authority_answer", answer("A doctor from next month", "application/pdf", steps));
    assert!(saved["letter_id"].is_string());
    let tracker = app.ok("recommendation_tracker", all());
    let follow = &row(&tracker, &id)["answer"];
    assert_eq!(follow["state"], "answered");
    assert_eq!(follow["steps_overdue"], 1);
    assert_eq!(row(&tracker, &id)["recommendation"]["response"], "partially_accepted", "the old field follows");
    let step = follow["answers"][0]["steps"][0]["step"].clone();
    assert_eq!(step["text"], "Hire a doctor");
    let detail = app.ok("visit_detail", json!({ "visitId": visit.id }));
    let letter = detail["bundle"]["attachments"]
        .as_array()
        .expect("attachments")
        .iter()
        .find(|a| a["id"] == saved["letter_id"])
        .cloned();
    assert_eq!(letter.expect("the letter")["file_name"], "letter-4411.pdf", "the name without its folder");
    assert_eq!(detail["integrity"]["current"], content, "beside the approved content, its hash unchanged");
    let kinds: Vec<Value> = app
        .ok("reminders", json!({}))
        .as_array()
        .expect("reminders")
        .iter()
        .filter(|r| r["recommendation_id"] == id)
        .map(|r| r["kind"].clone())
        .collect();
    assert_eq!(kinds, [json!("step_overdue"), json!("step_due_soon")]);

    // Done today; everything reaches the office.
    app.ok("mark_step_done", json!({ "stepId": step["id"], "doneOn": day(0) }));
    let tracker = app.ok("recommendation_tracker", all());
    assert_eq!(row(&tracker, &id)["answer"]["steps_overdue"], 0);
    app.sync().await;
    let held: Vec<vigil_core::records::ActionStep> =
        office.storage.all(vigil_core::Entity::ActionStep).expect("office's steps");
    assert!(held.iter().any(|s| json!(s.id) == step["id"] && s.done_on == Some(today)), "{held:?}");
    assert_eq!(
        office
            .storage
            .all::<vigil_core::records::AuthorityAnswer>(vigil_core::Entity::AuthorityAnswer)
            .expect("answers")
            .iter()
            .filter(|a| a.recommendation_id == recommendation.id)
            .count(),
        1,
        "the answer, once"
    );
}

/// The stages through the commands: each report sent or published keeps its PDF (the
/// public version, in the person's language) under the SHA-256 of its bytes, the
/// authority's comments keep none; the tracker's row says where the report is; the kept
/// PDFs reach the office, byte for byte.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_report_sent_keeps_its_pdf_under_its_hash_and_the_office_receives_it() {
    use sha2::{Digest, Sha256};
    use vigil_core::Entity;
    use vigil_core::records::{Attachment, ReportVersion};

    let (office, demo, visit, recommendation) = office_with_an_unsent_report().await;
    let today = Utc::now().date_naive();
    let day = |days_ago: u64| json!(today.checked_sub_days(Days::new(days_ago)).expect("a day"));
    let stage = |stage: &str, days_ago: u64, language: &str| {
        json!({ "stage": { "visit_id": visit.id, "stage": stage, "dated_on": day(days_ago), "note": "",
            "language": language } })
    };
    let supervisor = demo_user(&demo, Role::Supervisor, Some(visit.team_id)).id;
    let code = office.storage.enrolment_code(supervisor, chrono::Duration::hours(1)).expect("code");
    let (dir, exports) = (tempfile::tempdir().expect("dir"), tempfile::tempdir().expect("exports"));
    let app = Window::enrolled(dir.path(), exports.path(), &office, &code).await;
    let stage_of = |app: &Window| {
        row(&app.ok("recommendation_tracker", all()), &json!(recommendation.id))["answer"]["report_stage"].clone()
    };
    assert_eq!(stage_of(&app), Value::Null, "a draft: not sent");

    let provisional = app.ok("record_report_stage", stage("provisional", 30, "az"));
    assert_eq!(stage_of(&app), "provisional", "the tracker's row says where the report is");
    let comments = app.ok("record_report_stage", stage("comments", 10, "az"));
    assert_eq!(comments["attachment_id"], Value::Null, "the comments are the authority's: no PDF of ours");
    let final_ = app.ok("record_report_stage", stage("final", 2, "ru"));
    assert_eq!(stage_of(&app), "final");

    let detail = app.ok("visit_detail", json!({ "visitId": visit.id }));
    let stages: Vec<&Value> =
        detail["report_versions"].as_array().expect("versions").iter().map(|v| &v["stage"]).collect();
    assert_eq!(stages, ["provisional", "comments", "final"], "oldest first, the last current");
    let attachments = detail["bundle"]["attachments"].as_array().expect("attachments");
    let mut kept = Vec::new();
    for (version, tag) in [(&provisional, "az"), (&final_, "ru")] {
        let attachment =
            attachments.iter().find(|a| a["id"] == version["attachment_id"]).expect("the kept PDF is the visit's");
        assert_eq!(attachment["mime"], "application/pdf");
        let name = attachment["file_name"].as_str().expect("name");
        assert!(name.ends_with(&format!("-{}-{tag}.pdf", version["stage"].as_str().expect("stage"))), "{name}");
        // Saved out of the store, the bytes are the PDF and hash to what it was kept under.
        let saved = app.ok("save_report_version", json!({ "versionId": version["id"] }));
        let bytes = std::fs::read(saved["path"].as_str().expect("path")).expect("the saved PDF");
        assert!(bytes.starts_with(b"%PDF-"));
        assert_eq!(attachment["size"], json!(bytes.len()));
        assert_eq!(attachment["sha256"], json!(hex::encode(Sha256::digest(&bytes))), "kept under its content hash");
        kept.push((attachment["sha256"].as_str().expect("hash").to_owned(), bytes));
    }
    assert_ne!(kept[0].0, kept[1].0, "each version its own PDF");
    assert_eq!(app.refused("save_report_version", json!({ "versionId": comments["id"] })), "invalid_input");

    // The office receives the versions, their PDFs' records and their bytes.
    app.sync().await;
    let versions: Vec<ReportVersion> = office.storage.all(Entity::ReportVersion).expect("versions");
    let held: Vec<&ReportVersion> = versions.iter().filter(|v| v.visit_id == visit.id).collect();
    assert_eq!(held.len(), 3);
    let office_attachments: Vec<Attachment> = office.storage.all(Entity::Attachment).expect("attachments");
    for (sha256, bytes) in &kept {
        assert!(office_attachments.iter().any(|a| &a.sha256 == sha256 && a.visit_id == visit.id));
        let stored = std::fs::read(office.dir.path().join("blobs").join(sha256)).expect("the office's copy");
        assert_eq!(&stored, bytes, "byte for byte");
    }
}
