//! People and teams from the console: bad input is named and changes nothing; an edit
//! reaches the devices; retiring revokes every device of the person at once, audited.

use reqwest::StatusCode;
use serde_json::json;
use vigil_core::Entity;
use vigil_core::records::User;

use crate::support::Office;

fn code(body: &serde_json::Value) -> &str {
    body["code"].as_str().unwrap_or("(no code)")
}

#[tokio::test]
async fn an_empty_name_a_bad_address_or_one_another_person_has_is_refused_by_field_and_nothing_changes() {
    let office = Office::start().await;
    let admin = office.signed_in(&office.admin.email).await;
    let before = office.snapshot();
    let person = |name: &str, email: &str| json!({ "name": name, "email": email, "role": "inspector", "team_ids": [office.team] });
    for (body, status, expected, field) in [
        (person("   ", "new@npm.example"), StatusCode::BAD_REQUEST, "invalid_input", "name"),
        (person("Nigar", ""), StatusCode::BAD_REQUEST, "invalid_input", "email"),
        (person("Nigar", "nigar at npm"), StatusCode::BAD_REQUEST, "invalid_input", "email"),
        (person("Nigar", &office.inspector.email.to_uppercase()), StatusCode::CONFLICT, "already_exists", "email"),
        (
            json!({ "name": "Nigar", "email": "n@npm.example", "role": "inspector", "team_ids": [uuid::Uuid::now_v7()] }),
            StatusCode::BAD_REQUEST,
            "invalid_input",
            "team_ids",
        ),
        (
            json!({ "name": "Nigar", "email": "n@npm.example", "role": "chief" , "team_ids": [] }),
            StatusCode::BAD_REQUEST,
            "invalid_input",
            "body",
        ),
        (
            json!({ "name": "Nigar", "email": "n@npm.example", "role": "lead" , "team_ids": [] }),
            StatusCode::BAD_REQUEST,
            "invalid_input",
            "team_ids",
        ),
    ] {
        let (got, answer) = admin.send("POST", "/people", Some(body.clone())).await;
        assert_eq!((got, code(&answer), answer["field"].as_str()), (status, expected, Some(field)), "{body}: {answer}");
    }
    let (status, answer) = admin
        .send("PUT", &format!("/people/{}", office.supervisor.id), Some(person("Samir", &office.inspector.email)))
        .await;
    assert_eq!((status, code(&answer)), (StatusCode::CONFLICT, "already_exists"), "an edit to a taken address");
    let (status, answer) = admin.send("POST", "/teams", Some(json!({ "name": " team north " }))).await;
    assert_eq!((status, code(&answer)), (StatusCode::CONFLICT, "already_exists"), "a team name taken");
    let (status, answer) = admin.send("POST", "/teams", Some(json!({ "name": "" }))).await;
    assert_eq!((status, answer["field"].as_str()), (StatusCode::BAD_REQUEST, Some("name")));
    let (status, answer) = admin
        .send(
            "PUT",
            &format!("/people/{}", office.admin.id),
            Some(json!({ "name": "Aysel Admin", "email": office.admin.email, "role": "supervisor", "team_ids": [] })),
        )
        .await;
    assert_eq!(
        (status, answer["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("role")),
        "nobody changes their own role"
    );
    assert_eq!(office.snapshot(), before, "nothing changed");
}

#[tokio::test]
async fn a_person_made_and_changed_in_the_console_reaches_the_devices_and_the_audit_trail() {
    let office = Office::start().await;
    let device = office.device(office.inspector.id).await;
    let admin = office.signed_in(&office.admin.email).await;
    let (status, created) = admin
        .send("POST", "/people", Some(json!({ "name": " Nigar Lawyer ", "email": "nigar@npm.example", "role": "inspector", "team_ids": [office.team], "profession": "lawyer" })))
        .await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let id: uuid::Uuid = serde_json::from_value(created["id"].clone()).expect("id");
    let (status, answer) = admin
        .send("PUT", &format!("/people/{id}"), Some(json!({ "name": "Nigar Lawyer", "email": "nigar@npm.example", "role": "lead", "team_ids": [office.team], "profession": "lawyer" })))
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");

    device.client.sync(&device.store, &|_| {}).await.expect("sync");
    let held = device.store.lock().expect("store").record(Entity::User, id).expect("read");
    let Some(vigil_core::Record::User(User { name, role, .. })) = held else {
        panic!("the device holds the new person: {held:?}")
    };
    assert_eq!((name.as_str(), role), ("Nigar Lawyer", vigil_core::Role::Lead), "the name trimmed, the role changed");
    let teams = office.storage.teams().expect("teams");
    assert_eq!(teams[0].leads, [id], "she leads the team now");
    assert_eq!(teams[0].supervisors, [office.supervisor.id]);
    let actions = office.office_actions();
    assert!(actions.ends_with(&["person_created".to_owned(), "person_changed".to_owned()]), "{actions:?}");
}

#[tokio::test]
async fn retiring_a_person_revokes_every_device_at_once_and_their_next_sync_is_refused() {
    let office = Office::start().await;
    let (first, second) = (office.device(office.inspector.id).await, office.device(office.inspector.id).await);
    let colleague = office.device(office.supervisor.id).await;
    let admin = office.signed_in(&office.admin.email).await;
    let (_, issued) =
        admin.send("POST", "/enrol-codes", Some(json!({ "user_id": office.inspector.id, "hours": 2 }))).await;
    let unused_code = issued["code"].as_str().expect("a code").to_owned();

    let (status, answer) = admin.send("POST", &format!("/people/{}/retire", office.inspector.id), None).await;
    assert_eq!((status, answer["devices_revoked"].as_u64()), (StatusCode::OK, Some(2)), "{answer}");
    for device in [&first, &second] {
        let err = device.client.sync(&device.store, &|_| {}).await.expect_err("revoked");
        assert!(matches!(err, vigil_sync::SyncError::Unauthorized(_)), "{err}");
    }
    colleague.client.sync(&colleague.store, &|_| {}).await.expect("a colleague's device still syncs");
    let enrolling = tempfile::tempdir().expect("dir");
    let store = std::sync::Mutex::new(vigil_store::Store::open(&enrolling.path().join("d.db")).expect("store"));
    let refused = vigil_sync::SyncClient::enrol(&office.url, &unused_code, &store, "new tablet").await;
    assert!(refused.is_err(), "the code issued before retiring enrols nothing");

    let people = office.storage.people().expect("people");
    let retired = people.iter().find(|p| p.id == office.inspector.id).expect("still listed");
    assert!(retired.retired_at.is_some() && retired.active_devices == 0);
    let (status, answer) =
        admin.send("POST", "/enrol-codes", Some(json!({ "user_id": office.inspector.id, "hours": 2 }))).await;
    assert_eq!(
        (status, answer["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("user_id")),
        "no code for a retired person"
    );
    let (status, _) = admin.send("POST", &format!("/people/{}/retire", office.inspector.id), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "retired once");

    let view = office
        .storage
        .audit_view(&vigil_server::console::types::AuditQuery { text: "person_retired".into(), ..Default::default() })
        .expect("audit");
    assert_eq!(view.entries.len(), 1);
    let details: serde_json::Value = serde_json::from_str(&view.entries[0].details).expect("details");
    let mut revoked: Vec<String> = serde_json::from_value(details["devices_revoked"].clone()).expect("ids");
    revoked.sort();
    let mut expected = vec![first.id.to_string(), second.id.to_string()];
    expected.sort();
    assert_eq!(revoked, expected, "the audit names each device revoked");
    assert!(view.check.intact, "{:?}", view.check.problem);
}

#[tokio::test]
async fn the_health_page_says_when_the_last_backup_was_made_and_says_so_when_there_is_none() {
    let office = Office::start().await;
    let admin = office.signed_in(&office.admin.email).await;
    let (status, health) = admin.send("GET", "/health", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(health["last_backup_at"].is_null(), "no backup yet: {health}");

    let backups = tempfile::tempdir().expect("backup dir");
    let out = backups.path().join("now.age");
    let passphrase = vigil_server::backup::SecretString::from("a long backup passphrase".to_owned());
    let summary = vigil_server::backup::create(office.dir.path(), &out, passphrase).expect("backup");
    office.storage.record_backup(&vigil_server::sqlite::BackupRecord::of(&summary)).expect("noted");
    let (_, health) = admin.send("GET", "/health", None).await;
    assert!(health["last_backup_at"].as_str().is_some_and(|at| at.starts_with("20")), "{health}");
    assert_eq!(health["last_backup_bytes"], std::fs::metadata(&out).expect("file").len());
}
