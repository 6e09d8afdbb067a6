//! Places and checklist templates in the console: listed, and imported from the files the
//! command line takes; a wrong file is named and imports nothing.

use reqwest::StatusCode;
use serde_json::json;

use crate::access::PLACES_CSV;
use crate::support::Office;

const TEMPLATE_JSON: &str = r#"{"kind": "police_custody", "version": 2, "title": "Police custody v2", "sections": [
    {"area": "protection_measures", "questions": [
        {"key": "pc.prot.lawyer", "text": "Lawyer from the outset?", "answer": {"type": "yes_no"}, "standard": null}]}]}"#;

#[tokio::test]
async fn places_and_templates_import_whole_or_not_at_all_and_are_listed() {
    let office = Office::start().await;
    let admin = office.signed_in(&office.admin.email).await;
    let before = office.snapshot();
    let broken = PLACES_CSV.replace("police_custody", "spaceship");
    for (what, file_name, text) in
        [("places", "places.csv", broken.as_str()), ("places", "places.txt", PLACES_CSV), ("templates", "t.json", "{}")]
    {
        let (status, body) =
            admin.send("POST", "/import", Some(json!({ "what": what, "file_name": file_name, "text": text }))).await;
        assert_eq!((status, body["field"].as_str()), (StatusCode::BAD_REQUEST, Some("file")), "{file_name}: {body}");
    }
    assert_eq!(office.snapshot(), before, "a wrong file imports nothing");

    let (status, body) = admin
        .send("POST", "/import", Some(json!({ "what": "places", "file_name": "places.csv", "text": PLACES_CSV })))
        .await;
    assert_eq!((status, body["imported"].as_u64()), (StatusCode::OK, Some(1)), "{body}");
    let (status, body) = admin
        .send("POST", "/import", Some(json!({ "what": "templates", "file_name": "t.json", "text": TEMPLATE_JSON })))
        .await;
    assert_eq!((status, body["imported"].as_u64()), (StatusCode::OK, Some(1)), "{body}");

    let supervisor = office.signed_in(&office.supervisor.email).await;
    let (_, places) = supervisor.send("GET", "/places", None).await;
    assert_eq!(places[0]["name"], "Police Station 7");
    assert_eq!(places[0]["kind"], "police_custody");
    let (_, templates) = supervisor.send("GET", "/templates", None).await;
    assert_eq!((templates[0]["version"].as_i64(), templates[0]["questions"].as_u64()), (Some(2), Some(1)));
    let actions = office.office_actions();
    assert!(actions.contains(&"places_imported".to_owned()) && actions.contains(&"templates_imported".to_owned()));
}

#[tokio::test]
async fn an_edited_place_reaches_the_devices_and_a_wrong_value_is_named_and_changes_nothing() {
    let office = Office::start().await;
    let admin = office.signed_in(&office.admin.email).await;
    let (status, _) = admin
        .send("POST", "/import", Some(json!({ "what": "places", "file_name": "p.csv", "text": PLACES_CSV })))
        .await;
    assert_eq!(status, StatusCode::OK);
    let device = office.device(office.inspector.id).await;
    let (_, places) = admin.send("GET", "/places", None).await;
    let id = places[0]["id"].as_str().expect("id").to_owned();
    let place = |name: &str, population: i64| {
        json!({ "name": name, "kind": "police_custody", "region": "Capital City", "address": "1 Station Road",
            "authority": "Ministry of Internal Affairs", "capacity": 12, "population": population, "contact": "" })
    };
    let before = office.snapshot();
    for (body, field) in [(place("  ", 3), "name"), (place("Police Station 7", -1), "population")] {
        let (status, answer) = admin.send("PUT", &format!("/places/{id}"), Some(body)).await;
        assert_eq!((status, answer["field"].as_str()), (StatusCode::BAD_REQUEST, Some(field)), "{answer}");
    }
    assert_eq!(office.snapshot(), before, "nothing changed");

    let (status, answer) = admin.send("PUT", &format!("/places/{id}"), Some(place("Police Station No. 7", 15))).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    device.client.sync(&device.store, &|_| {}).await.expect("sync");
    let held = device
        .store
        .lock()
        .expect("store")
        .record(vigil_core::Entity::Facility, id.parse().expect("uuid"))
        .expect("read");
    let Some(vigil_core::Record::Facility(held)) = held else { panic!("the device holds the place") };
    assert_eq!(
        (held.name.as_str(), held.population, held.address.as_str()),
        ("Police Station No. 7", Some(15), "1 Station Road")
    );
    assert_eq!(office.office_actions().last().map(String::as_str), Some("place_changed"));
}

#[tokio::test]
async fn the_review_queue_shows_a_supervisor_their_own_teams_and_an_administrator_every_team() {
    let office = Office::start().await;
    let demo = vigil_demo::generate(&vigil_demo::DemoParams { visits: 40, ..vigil_demo::DemoParams::default() });
    office.storage.add_records(&demo.records).expect("demo");
    let admin = office.signed_in(&office.admin.email).await;
    let (status, all) = admin.send("GET", "/review-queue", None).await;
    assert_eq!(status, StatusCode::OK);
    let all = all.as_array().expect("a list").clone();
    let teams: std::collections::BTreeSet<String> =
        all.iter().map(|v| v["team_id"].as_str().expect("team").to_owned()).collect();
    assert!(!all.is_empty(), "the demo has visits waiting for review");
    let team: uuid::Uuid = teams.iter().next().expect("a team").parse().expect("uuid");

    let supervisor = vigil_core::records::User {
        id: uuid::Uuid::now_v7(),
        name: "Leyla Supervisor".into(),
        email: "leyla@npm.example".into(),
        role: vigil_core::Role::Supervisor,
        team_ids: vec![team],
        profession: String::new(),
    };
    office.storage.add_records(&[supervisor.clone().into()]).expect("supervisor");
    office
        .storage
        .set_password(vigil_server::sqlite::office_audit::COMMAND_LINE, supervisor.id, crate::support::PASSWORD)
        .expect("password");
    let (status, own) = office.signed_in(&supervisor.email).await.send("GET", "/review-queue", None).await;
    assert_eq!(status, StatusCode::OK);
    let own = own.as_array().expect("a list");
    let theirs = all.iter().filter(|v| v["team_id"] == team.to_string()).count();
    assert_eq!(own.len(), theirs, "every visit of her team");
    assert!(own.iter().all(|v| v["team_id"] == team.to_string()), "and only her team's");
    let (_, other) = office.signed_in(&office.supervisor.email).await.send("GET", "/review-queue", None).await;
    assert_eq!(other.as_array().map(Vec::len), Some(0), "a supervisor of another team sees none of them");
    assert!(!serde_json::to_string(own).expect("json").contains("pseudonym"), "nothing of an interview but its count");
}
