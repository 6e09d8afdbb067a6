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
