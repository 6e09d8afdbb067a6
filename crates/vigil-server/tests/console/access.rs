//! Every console endpoint against every kind of caller: nobody signed in, a supervisor, an
//! administrator, and a person retired while signed in. Refusals change nothing.

use reqwest::StatusCode;
use serde_json::{Value, json};
use vigil_core::Role;
use vigil_core::console::{ConsoleAction, console_may};

use crate::support::{Browser, Office};

struct Endpoint {
    method: &'static str,
    path: String,
    body: Option<Value>,
    /// What the role must be allowed (`None`: any signed-in person).
    action: Option<ConsoleAction>,
}

/// Every endpoint of `/console/api` but sign-in, with a real target for each.
async fn endpoints(office: &Office) -> Vec<Endpoint> {
    let target = office.web_user("Target Person", Role::Supervisor);
    let device = office.device(office.inspector.id).await;
    let place = vigil_core::records::Facility {
        id: uuid::Uuid::now_v7(),
        name: "Prison No. 2".into(),
        kind: vigil_core::records::FacilityKind::Prison,
        region: "Riverside".into(),
        address: String::new(),
        latitude: None,
        longitude: None,
        authority: "Ministry of Justice".into(),
        capacity: Some(400),
        population: Some(512),
        contact: String::new(),
        time_zone: None,
    };
    office.storage.add_records(&[place.clone().into()]).expect("a place");
    let place = place.id;
    // An approved visit of the office's team, whose report may be downloaded.
    let demo = vigil_demo::generate(&vigil_demo::DemoParams { facilities: 1, visits: 1, ..Default::default() });
    let template = demo.records.into_iter().find(|r| r.entity() == vigil_core::Entity::ChecklistTemplate);
    let template = template.expect("a demo template");
    let visit = vigil_core::records::Visit {
        id: uuid::Uuid::now_v7(),
        facility_id: place,
        team_id: office.team,
        template_id: template.id(),
        visit_type: vigil_core::records::VisitType::Regular,
        unannounced: true,
        status: vigil_core::VisitStatus::Approved,
        planned_on: chrono::NaiveDate::from_ymd_opt(2026, 1, 12).expect("day"),
        arrived_at: None,
        access_granted_at: None,
        departed_at: None,
        theme: None,
        no_names: false,
        summary: String::new(),
    };
    office.storage.add_records(&[template, visit.clone().into()]).expect("an approved visit");
    // A device waiting for confirmation, as after a restore.
    let waiting = office.device(office.inspector.id).await;
    office.storage.begin_epoch_after_restore("2026-01-01T00:00:00Z").expect("restored");
    let report = format!("/visits/{}/report?version=public&format=pdf&language=ru", visit.id);
    let person = json!({ "name": "New Person", "email": "new.person@npm.example", "role": "inspector", "team_ids": [office.team] });
    let edit = json!({ "name": "Ilgar Inspector", "email": "ilgar.inspector@npm.example", "role": "lead", "team_ids": [office.team] });
    let endpoint = |method, path: String, body: Option<Value>, action| Endpoint { method, path, body, action };
    vec![
        endpoint("GET", "/session".into(), None, None),
        endpoint("GET", "/people".into(), None, Some(ConsoleAction::ViewPeople)),
        endpoint("POST", "/people".into(), Some(person), Some(ConsoleAction::ManagePeople)),
        endpoint("PUT", format!("/people/{}", office.inspector.id), Some(edit), Some(ConsoleAction::ManagePeople)),
        endpoint(
            "POST",
            format!("/people/{}/password", target.id),
            Some(json!({ "password": "another long password" })),
            Some(ConsoleAction::ManagePeople),
        ),
        endpoint("POST", format!("/people/{}/retire", target.id), None, Some(ConsoleAction::ManagePeople)),
        endpoint("GET", "/teams".into(), None, Some(ConsoleAction::ViewPeople)),
        endpoint("POST", "/teams".into(), Some(json!({ "name": "Team South" })), Some(ConsoleAction::ManagePeople)),
        endpoint("GET", "/devices".into(), None, Some(ConsoleAction::ViewDevices)),
        endpoint("POST", format!("/devices/{}/revoke", device.id), None, Some(ConsoleAction::ManageDevices)),
        endpoint(
            "POST",
            "/enrol-codes".into(),
            Some(json!({ "user_id": office.inspector.id, "hours": 24 })),
            Some(ConsoleAction::ManageDevices),
        ),
        endpoint("GET", "/audit".into(), None, Some(ConsoleAction::ViewAudit)),
        endpoint("GET", "/health".into(), None, Some(ConsoleAction::ViewHealth)),
        endpoint("GET", "/places".into(), None, Some(ConsoleAction::ViewReference)),
        endpoint("GET", "/templates".into(), None, Some(ConsoleAction::ViewReference)),
        endpoint("GET", "/review-queue".into(), None, Some(ConsoleAction::ViewReview)),
        endpoint("GET", "/tracker".into(), None, Some(ConsoleAction::ViewTracker)),
        endpoint("GET", "/dashboard?year=2026".into(), None, Some(ConsoleAction::ViewDashboard)),
        endpoint("GET", "/reports".into(), None, Some(ConsoleAction::DownloadReport)),
        endpoint("GET", report, None, Some(ConsoleAction::DownloadReport)),
        endpoint("POST", format!("/devices/{}/confirm", waiting.id), None, Some(ConsoleAction::ManageDevices)),
        endpoint(
            "PUT",
            format!("/places/{place}"),
            Some(json!({ "name": "Prison No. 2, renamed", "kind": "prison", "region": "Riverside",
            "address": "", "authority": "Ministry of Justice", "capacity": 400, "population": 500, "contact": "" })),
            Some(ConsoleAction::ManageReference),
        ),
        endpoint(
            "POST",
            "/import".into(),
            Some(json!({ "what": "places", "file_name": "places.csv", "text": PLACES_CSV })),
            Some(ConsoleAction::ManageReference),
        ),
        endpoint("POST", "/sign-out".into(), None, None),
    ]
}

pub const PLACES_CSV: &str = "name,kind,region,address,latitude,longitude,authority,capacity,population,contact\n\
    Police Station 7,police_custody,Capital City,,,,Ministry of Internal Affairs,12,,\n";

fn code(body: &Value) -> &str {
    body["code"].as_str().unwrap_or("(no code)")
}

#[tokio::test]
async fn each_endpoint_refuses_whoever_may_not_use_it_and_serves_whoever_may() {
    let office = Office::start().await;
    let endpoints = endpoints(&office).await;
    let retired = office.web_user("Rena Retired", Role::Admin);
    let retired_browser = office.signed_in(&retired.email).await;
    let (status, _) =
        office.signed_in(&office.admin.email).await.send("POST", &format!("/people/{}/retire", retired.id), None).await;
    assert_eq!(status, StatusCode::OK, "the administrator retires a colleague");
    let before = office.snapshot();

    // Nobody signed in, and a person retired since signing in: 401 everywhere, nothing changed.
    for (who, browser) in [("anonymous", office.browser()), ("retired", retired_browser)] {
        for endpoint in &endpoints {
            let (status, body) = browser.send(endpoint.method, &endpoint.path, endpoint.body.clone()).await;
            assert_eq!(
                (status, code(&body)),
                (StatusCode::UNAUTHORIZED, "unauthorized"),
                "{who}: {} {}",
                endpoint.method,
                endpoint.path
            );
        }
    }
    let (status, body) = office.browser().sign_in(&retired.email, crate::support::PASSWORD).await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::UNAUTHORIZED, "bad_credentials"),
        "a retired person cannot sign in again"
    );

    // A supervisor: what `console_may` allows, 403 `forbidden` for the rest (with a good CSRF token).
    // Written out here rather than asked of `console_may`, so the test checks the rule.
    let downloads: Vec<String> =
        endpoints.iter().filter(|e| e.path.contains("/report?")).map(|e| format!("GET {}", e.path)).collect();
    assert_eq!(downloads.len(), 1);
    let supervisor_may = [
        "GET /session",
        "GET /people",
        "GET /teams",
        "GET /devices",
        "GET /health",
        "GET /places",
        "GET /templates",
        "GET /review-queue",
        "GET /tracker",
        "GET /dashboard?year=2026",
        "GET /reports",
    ];
    let supervisor = office.signed_in(&office.supervisor.email).await;
    for endpoint in endpoints.iter().filter(|e| e.path != "/sign-out") {
        let asked = format!("{} {}", endpoint.method, endpoint.path);
        let allowed = supervisor_may.contains(&asked.as_str()) || downloads.contains(&asked);
        assert_eq!(
            allowed,
            endpoint.action.is_none_or(|action| console_may(Role::Supervisor, action)),
            "{}",
            endpoint.path
        );
        let (status, body) = supervisor.send(endpoint.method, &endpoint.path, endpoint.body.clone()).await;
        if allowed {
            assert_eq!(status, StatusCode::OK, "supervisor: {} {}: {body}", endpoint.method, endpoint.path);
        } else {
            assert_eq!(
                (status, code(&body)),
                (StatusCode::FORBIDDEN, "forbidden"),
                "supervisor: {} {}",
                endpoint.method,
                endpoint.path
            );
        }
    }
    assert_eq!(office.snapshot(), before, "nothing the refusals touched changed");

    // An administrator: every endpoint answers.
    let admin = office.signed_in(&office.admin.email).await;
    for endpoint in &endpoints {
        let (status, body) = admin.send(endpoint.method, &endpoint.path, endpoint.body.clone()).await;
        assert_eq!(status, StatusCode::OK, "administrator: {} {}: {body}", endpoint.method, endpoint.path);
    }
    assert_ne!(office.snapshot(), before, "the administrator's requests did change the office");
}

#[tokio::test]
async fn a_request_that_changes_something_without_the_session_csrf_token_is_refused_and_changes_nothing() {
    let office = Office::start().await;
    let endpoints = endpoints(&office).await;
    let admin = office.signed_in(&office.admin.email).await;
    let before = office.snapshot();
    let changing: Vec<&Endpoint> = endpoints.iter().filter(|e| e.method != "GET").collect();
    assert!(changing.len() >= 8, "every endpoint that changes something is checked");
    for endpoint in changing {
        for csrf in [None, Some("0".repeat(64).as_str()), Some("")] {
            let (status, body) = admin.send_with(endpoint.method, &endpoint.path, endpoint.body.clone(), csrf).await;
            assert_eq!(
                (status, code(&body)),
                (StatusCode::FORBIDDEN, "csrf_token"),
                "{} {} with {csrf:?}",
                endpoint.method,
                endpoint.path
            );
        }
    }
    assert_eq!(office.snapshot(), before);
    let (status, _) = admin.send("GET", "/session", None).await;
    assert_eq!(status, StatusCode::OK, "sign-out without the token did not end the session");
}

#[tokio::test]
async fn field_roles_have_no_console() {
    let office = Office::start().await;
    for role in [Role::Inspector, Role::Lead] {
        let user = vigil_core::records::User {
            id: uuid::Uuid::now_v7(),
            name: format!("{role:?}"),
            email: format!("{role:?}@npm.example").to_lowercase(),
            role,
            team_ids: vec![office.team],
            profession: String::new(),
        };
        office.storage.add_records(&[user.clone().into()]).expect("person");
        let refused = office.storage.set_password(
            vigil_server::sqlite::office_audit::COMMAND_LINE,
            user.id,
            "a long enough password",
        );
        assert!(refused.is_err(), "{role:?} gets no console password");
    }
    let mut browser: Browser = office.browser();
    let (status, body) = browser.sign_in(&office.inspector.email, crate::support::PASSWORD).await;
    assert_eq!((status, code(&body)), (StatusCode::UNAUTHORIZED, "bad_credentials"));
}
