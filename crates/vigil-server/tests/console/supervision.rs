//! What supervisors see in the console, from the office's replica of the demo NPM: the
//! tracker and the dashboard (the store's own figures, for their teams), and the reports of
//! approved visits, each download audited; never anything of an interview they may not read.

use std::io::Read;

use reqwest::StatusCode;
use serde_json::Value;
use uuid::Uuid;
use vigil_core::Role;
use vigil_core::records::{Facility, Interview, User, Visit};
use vigil_core::{Entity, VisitStatus};
use vigil_server::sqlite::office_audit::COMMAND_LINE;
use vigil_store::{Store, VisitScope};

use crate::support::{Browser, Office, PASSWORD};

/// The office with the demo NPM loaded, an approved visit with interviews, and a console
/// supervisor of that visit's team.
struct Demo {
    office: Office,
    visit: Visit,
    place: String,
    interviews: Vec<Interview>,
    supervisor: User,
}

async fn demo() -> Demo {
    let office = Office::start().await;
    let params = vigil_demo::DemoParams { facilities: 6, visits: 14, ..vigil_demo::DemoParams::default() };
    let records = vigil_demo::generate(&params).records;
    office.storage.add_records(&records).expect("demo records");
    let visits: Vec<Visit> = office.storage.all(Entity::Visit).expect("visits");
    let interviews: Vec<Interview> = office.storage.all(Entity::Interview).expect("interviews");
    let visit = visits
        .into_iter()
        .find(|v| v.status == VisitStatus::Approved && interviews.iter().any(|i| i.visit_id == v.id))
        .expect("the demo has an approved visit with interviews");
    let place: Vec<Facility> = office.storage.all(Entity::Facility).expect("places");
    let place = place.into_iter().find(|p| p.id == visit.facility_id).expect("its place").name;
    let supervisor = User {
        id: Uuid::now_v7(),
        name: "Leyla Supervisor".into(),
        email: "leyla.supervisor@npm.example".into(),
        role: Role::Supervisor,
        team_ids: vec![visit.team_id],
        profession: String::new(),
    };
    office.storage.add_records(&[supervisor.clone().into()]).expect("supervisor");
    office.storage.set_password(COMMAND_LINE, supervisor.id, PASSWORD).expect("password");
    let interviews = interviews.into_iter().filter(|i| i.visit_id == visit.id).collect();
    Demo { office, visit, place, interviews, supervisor }
}

/// The office's database read as a replica, as the console reads it.
fn replica(office: &Office) -> Store {
    Store::open_reader(&office.dir.path().join("central.db")).expect("reader")
}

/// A GET's status and raw bytes (reports are not JSON).
async fn download(browser: &Browser, path: &str) -> (StatusCode, Vec<u8>) {
    let response = browser.http.get(format!("{}/console/api{path}", browser.url)).send().await.expect("request");
    (response.status(), response.bytes().await.expect("body").to_vec())
}

fn docx_document(bytes: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a DOCX is a zip");
    let mut part = archive.by_name("word/document.xml").expect("the DOCX has its document");
    let mut xml = String::new();
    part.read_to_string(&mut xml).expect("XML");
    xml
}

/// No interview's words in `text`.
fn assert_no_interview(text: &str, interviews: &[Interview], what: &str) {
    for interview in interviews {
        assert!(!text.contains(&interview.content), "{what} shows an interview's content");
        assert!(!text.contains(&format!("\"{}\"", interview.pseudonym)), "{what} shows a pseudonym");
    }
}

#[tokio::test]
async fn supervisors_see_the_tracker_and_dashboard_of_their_teams_as_their_device_would() {
    let demo = demo().await;
    let office = &demo.office;
    let today = chrono::Utc::now().date_naive();
    // A year in which another team visited too.
    let visits: Vec<Visit> = office.storage.all(Entity::Visit).expect("visits");
    let elsewhere = visits.iter().find(|v| v.team_id != demo.visit.team_id && v.status != VisitStatus::Planned);
    let day = elsewhere.expect("another team's visit").arrived_at.map(|at| at.date_naive());
    let year = day.unwrap_or(demo.visit.planned_on).format("%Y").to_string().parse::<i32>().expect("year");
    let replica = replica(office);
    let teams = [demo.visit.team_id];
    let all_interviews: Vec<Interview> = office.storage.all(Entity::Interview).expect("interviews");

    let supervisor = office.signed_in(&demo.supervisor.email).await;
    let (status, tracker) = supervisor.send("GET", "/tracker", None).await;
    assert_eq!(status, StatusCode::OK, "{tracker}");
    let expected = replica
        .recommendation_tracker_in(VisitScope::Teams(&teams), &Default::default(), today)
        .expect("the store's tracker");
    assert_eq!(tracker["tracker"], serde_json::to_value(&expected).expect("json"));
    assert!(!expected.rows.is_empty(), "the demo has recommendations");
    // Overdue is the core's one meaning, on today.
    for row in &expected.rows {
        let latest = row.history.iter().rev().find(|a| a.assessed_on <= today).map(|a| a.status);
        assert_eq!(row.overdue, row.recommendation.overdue_on(latest, today));
    }
    assert!(expected.rows.iter().any(|row| row.overdue), "the demo has overdue recommendations");
    let (_, overdue) = supervisor.send("GET", "/tracker?overdue_only=true", None).await;
    let overdue = overdue["tracker"]["rows"].as_array().expect("rows").len();
    assert_eq!(overdue, expected.rows.iter().filter(|row| row.overdue).count());
    let authority = &expected.rows[0].recommendation.authority;
    let path = format!("/tracker?status=implemented&authority={}", authority.replace(' ', "+"));
    let (_, filtered) = supervisor.send("GET", &path, None).await;
    let filtered = filtered["tracker"]["rows"].as_array().expect("rows").len();
    let by_hand = expected.rows.iter().filter(|r| r.status == vigil_store::TrackedStatus::Implemented);
    assert_eq!(filtered, by_hand.filter(|r| &r.recommendation.authority == authority).count());
    let (status, body) = supervisor.send("GET", "/tracker?status=lost", None).await;
    assert_eq!((status, body["field"].as_str()), (StatusCode::BAD_REQUEST, Some("query")));

    // The authority's answer past its deadline: every team's late answers, for an administrator.
    let admin = office.signed_in(&office.admin.email).await;
    let every_row =
        replica.recommendation_tracker_in(VisitScope::Held, &Default::default(), today).expect("every team's");
    let late = every_row.rows.iter().filter(|r| r.answer.state == vigil_core::answer::AnswerState::Overdue).count();
    assert!(late > 0, "the demo has answers past their deadline");
    let (_, answers_late) = admin.send("GET", "/tracker?answer_overdue_only=true", None).await;
    let rows = answers_late["tracker"]["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), late);
    assert!(rows.iter().all(|row| row["answer"]["state"] == "overdue"), "{answers_late}");

    let (status, dashboard) = supervisor.send("GET", &format!("/dashboard?year={year}"), None).await;
    assert_eq!(status, StatusCode::OK, "{dashboard}");
    let own = replica.dashboard_in(VisitScope::Teams(&teams), year, today).expect("the store's dashboard");
    assert_eq!(dashboard, serde_json::to_value(&own).expect("json"));
    let every = replica.dashboard_in(VisitScope::Held, year, today).expect("every team's");
    assert!(every.annual_report.visits > own.annual_report.visits, "other teams' visits are not counted");

    // An administrator: every team's.
    let (_, dashboard) = admin.send("GET", &format!("/dashboard?year={year}"), None).await;
    assert_eq!(dashboard, serde_json::to_value(&every).expect("json"));
    let (status, body) = admin.send("GET", "/dashboard?year=1492", None).await;
    assert_eq!((status, body["field"].as_str()), (StatusCode::BAD_REQUEST, Some("year")));

    for (who, browser) in [("supervisor", &supervisor), ("administrator", &admin)] {
        for path in ["/tracker", &format!("/dashboard?year={year}"), "/reports", "/review-queue"] {
            let (_, body) = browser.send("GET", path, None).await;
            assert_no_interview(&body.to_string(), &all_interviews, &format!("{who} {path}"));
        }
    }
}

#[tokio::test]
async fn a_visits_report_downloads_as_pdf_and_docx_audited_and_only_for_whom_it_may() {
    let demo = demo().await;
    let office = &demo.office;
    let report = |version: &str, format: &str| {
        format!("/visits/{}/report?version={version}&format={format}&language=en", demo.visit.id)
    };
    let supervisor = office.signed_in(&demo.supervisor.email).await;

    let (status, reports) = supervisor.send("GET", "/reports", None).await;
    assert_eq!(status, StatusCode::OK);
    let listed =
        reports.as_array().expect("reports").iter().find(|r| r["visit"]["visit_id"] == demo.visit.id.to_string());
    assert_eq!(listed.expect("the approved visit is listed")["versions"], serde_json::json!(["public", "full"]));

    // A plain link: no CSRF token needed.
    assert!(supervisor.csrf.is_some());
    let (status, pdf) = download(&supervisor, &report("public", "pdf")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(pdf.starts_with(b"%PDF"), "a PDF");
    let (status, docx) = download(&supervisor, &report("public", "docx")).await;
    assert_eq!(status, StatusCode::OK);
    let public = docx_document(&docx);
    assert!(public.contains(&demo.place), "the DOCX names the visit's place");
    for interview in &demo.interviews {
        assert!(!public.contains(&interview.pseudonym), "the public version has no interview");
    }
    let (status, full) = download(&supervisor, &report("full", "docx")).await;
    assert_eq!(status, StatusCode::OK);
    let full = docx_document(&full);
    assert!(demo.interviews.iter().any(|i| full.contains(&i.pseudonym)), "the full version has the interviews annex");

    // Recorded in the office's audit chain, found by the audit search.
    let search = format!("/audit?text={}", urlencode(&format!("report_downloaded {}", demo.supervisor.email)));
    let admin = office.signed_in(&office.admin.email).await;
    let (_, audit) = admin.send("GET", &search, None).await;
    let entries = audit["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 3, "{audit}");
    let details: Vec<Value> =
        entries.iter().map(|e| serde_json::from_str(e["details"].as_str().expect("details")).expect("json")).collect();
    let mut seen: Vec<(String, String)> = details
        .iter()
        .map(|d| (d["version"].as_str().unwrap_or("").to_owned(), d["format"].as_str().unwrap_or("").to_owned()))
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        [("full".into(), "docx".into()), ("public".into(), "docx".into()), ("public".into(), "pdf".into())]
    );
    assert!(details.iter().all(|d| d["visit"] == demo.visit.id.to_string() && d["place"] == demo.place.as_str()));
    assert!(audit["check"]["intact"].as_bool().expect("check"));

    // An administrator: the public version, never the interviews.
    let (status, _) = download(&admin, &report("public", "pdf")).await;
    assert_eq!(status, StatusCode::OK);
    let other = office.signed_in(&office.supervisor.email).await;
    let actions = office.office_actions().len();
    let (status, body) = download(&admin, &report("full", "docx")).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{}", String::from_utf8_lossy(&body));
    let (_, reports) = admin.send("GET", "/reports", None).await;
    let listed =
        reports.as_array().expect("reports").iter().find(|r| r["visit"]["visit_id"] == demo.visit.id.to_string());
    assert_eq!(listed.expect("every team's")["versions"], serde_json::json!(["public"]));

    // A supervisor of another team, and nobody signed in: refused, nothing recorded.
    let (status, _) = download(&other, &report("public", "pdf")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, reports) = other.send("GET", "/reports", None).await;
    assert!(reports.as_array().expect("reports").iter().all(|r| r["visit"]["visit_id"] != demo.visit.id.to_string()));
    let (status, _) = download(&office.browser(), &report("public", "pdf")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = download(&supervisor, &report("secret", "pdf")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(office.office_actions().len(), actions, "refusals record nothing");

    // A visit not approved has no report yet.
    let visits: Vec<Visit> = office.storage.all(Entity::Visit).expect("visits");
    let open = visits.iter().find(|v| v.team_id == demo.visit.team_id && v.status != VisitStatus::Approved);
    if let Some(open) = open {
        let path = format!("/visits/{}/report?version=public&format=pdf&language=az", open.id);
        let (status, _) = download(&supervisor, &path).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// The PDF kept with a report sent: listed with the visit's stages, downloaded byte for byte
/// as the device kept it, audited; a stage without one, one whose bytes have not reached the
/// office, another team's supervisor and nobody signed in: refused, nothing recorded.
#[tokio::test]
async fn the_pdf_kept_with_a_report_sent_downloads_as_it_was_sent_and_only_for_whom_it_may() {
    use sha2::{Digest, Sha256};
    use vigil_core::records::{Attachment, ReportStage, ReportVersion};

    let demo = demo().await;
    let office = &demo.office;
    let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 11, d).expect("day");
    let pdf = |text: &str| {
        let bytes = format!("%PDF-1.7 {text}").into_bytes();
        let sha256 = hex::encode(Sha256::digest(&bytes));
        let attachment = Attachment {
            id: Uuid::now_v7(),
            visit_id: demo.visit.id,
            sha256,
            mime: "application/pdf".into(),
            size: bytes.len() as i64,
            file_name: "vigil-report-2026-11-02-provisional \"az\".pdf".into(),
        };
        (bytes, attachment)
    };
    let stage = |stage: ReportStage, dated_on, attachment_id| ReportVersion {
        id: Uuid::now_v7(),
        visit_id: demo.visit.id,
        stage,
        dated_on,
        note: String::new(),
        attachment_id,
    };
    let (sent_bytes, sent_pdf) = pdf("the provisional report as sent");
    let (_, unarrived_pdf) = pdf("the final report, its bytes still on the device");
    let sent = stage(ReportStage::Provisional, day(2), Some(sent_pdf.id));
    let comments = stage(ReportStage::Comments, day(20), None);
    let unarrived = stage(ReportStage::Final, day(28), Some(unarrived_pdf.id));
    let records = [sent.clone().into(), sent_pdf.clone().into(), comments.clone().into(), unarrived.clone().into()];
    office.storage.add_records(&records).expect("stages");
    office.storage.add_records(&[unarrived_pdf.into()]).expect("its attachment");
    std::fs::create_dir_all(office.dir.path().join("blobs")).expect("blobs");
    std::fs::write(office.dir.path().join("blobs").join(&sent_pdf.sha256), &sent_bytes).expect("the sent PDF's bytes");

    let supervisor = office.signed_in(&demo.supervisor.email).await;
    let (_, reports) = supervisor.send("GET", "/reports", None).await;
    let listed =
        reports.as_array().expect("reports").iter().find(|r| r["visit"]["visit_id"] == demo.visit.id.to_string());
    let listed: Vec<(String, bool)> = listed.expect("the approved visit")["sent"]
        .as_array()
        .expect("its stages")
        .iter()
        .filter(|s| [sent.id, comments.id, unarrived.id].iter().any(|id| s["id"] == id.to_string()))
        .map(|s| (s["stage"].as_str().expect("stage").to_owned(), s["kept"].as_bool().expect("kept")))
        .collect();
    assert_eq!(
        listed,
        [("provisional".into(), true), ("comments".into(), false), ("final".into(), true)],
        "oldest first, each saying whether a PDF is kept"
    );

    let path = |id: Uuid| format!("/report-versions/{id}/pdf");
    let (status, bytes) = download(&supervisor, &path(sent.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes, sent_bytes, "byte for byte as the device kept it");
    let response = supervisor.http.get(format!("{}/console/api{}", supervisor.url, path(sent.id))).send().await;
    let response = response.expect("request");
    let disposition = response.headers()["content-disposition"].to_str().expect("header").to_owned();
    assert_eq!(disposition, "attachment; filename=\"vigil-report-2026-11-02-provisional__az_.pdf\"");

    let admin = office.signed_in(&office.admin.email).await;
    let search = format!("/audit?text={}", urlencode(&format!("kept_report_downloaded {}", demo.supervisor.email)));
    let (_, audit) = admin.send("GET", &search, None).await;
    let entries = audit["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 2, "each download recorded: {audit}");
    let details: Value = serde_json::from_str(entries[0]["details"].as_str().expect("details")).expect("json");
    assert_eq!(details["sha256"], sent_pdf.sha256.as_str());
    assert_eq!(details["report_version"], sent.id.to_string());

    let other = office.signed_in(&office.supervisor.email).await;
    let actions = office.office_actions().len();
    for (id, why) in
        [(comments.id, "no PDF kept"), (unarrived.id, "its bytes not at the office"), (Uuid::now_v7(), "none")]
    {
        let (status, body) = download(&supervisor, &path(id)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{why}: {}", String::from_utf8_lossy(&body));
    }
    let (status, _) = download(&other, &path(sent.id)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "another team's supervisor");
    let (status, _) = download(&office.browser(), &path(sent.id)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(office.office_actions().len(), actions, "refusals record nothing");
}

/// The demo as `vigil-server demo` loads it: each report it sends keeps its PDF, which the
/// console serves as kept, under its hash.
#[tokio::test]
async fn the_demo_keeps_the_pdf_of_each_report_it_sent() {
    use sha2::{Digest, Sha256};

    let office = Office::start().await;
    let params = vigil_demo::DemoParams { facilities: 6, visits: 14, ..vigil_demo::DemoParams::default() };
    let records = vigil_demo::generate(&params).records;
    office.storage.load_demo(&records).expect("the demo");
    let admin = office.signed_in(&office.admin.email).await;
    let (_, reports) = admin.send("GET", "/reports", None).await;
    let stages: Vec<&Value> =
        reports.as_array().expect("reports").iter().flat_map(|r| r["sent"].as_array().expect("sent")).collect();
    let sends =
        |stage: &Value| ["provisional", "final", "published"].contains(&stage["stage"].as_str().expect("stage"));
    assert!(stages.iter().any(|s| sends(s)), "the demo sent reports");
    for stage in &stages {
        assert_eq!(stage["kept"].as_bool(), Some(sends(stage)), "{stage}");
    }
    let kept = stages.iter().find(|s| sends(s)).expect("a kept PDF");
    let (status, bytes) = download(&admin, &format!("/report-versions/{}/pdf", kept["id"].as_str().expect("id"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(bytes.starts_with(b"%PDF"), "a PDF");
    let attachments: Vec<vigil_core::records::Attachment> =
        office.storage.all(Entity::Attachment).expect("attachments");
    assert!(attachments.iter().any(|a| a.sha256 == hex::encode(Sha256::digest(&bytes))), "kept under its hash");
}
