use vigil_core::protocol::API_PREFIX;
use vigil_tests::Office;

/// The document the office serves is the committed `docs/openapi.json`, describes every
/// endpoint the sync client uses, and every `$ref` in it resolves.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_served_openapi_document_is_current_and_complete() {
    let office = Office::start().await;
    let served = reqwest::get(format!("{}{API_PREFIX}/openapi.json", office.url))
        .await
        .expect("get")
        .text()
        .await
        .expect("text");
    let committed = include_str!("../../docs/openapi.json");
    assert!(
        served.trim() == committed.trim(),
        "docs/openapi.json is stale: run `cargo run -p vigil-server -- openapi > docs/openapi.json`"
    );

    let document: serde_json::Value = serde_json::from_str(&served).expect("JSON");
    for (path, method) in [
        ("/health", "get"),
        ("/enrol", "post"),
        ("/whoami", "get"),
        ("/push", "post"),
        ("/changes", "get"),
        ("/blobs/{sha256}", "head"),
        ("/blobs/{sha256}", "put"),
        ("/blobs/{sha256}", "get"),
    ] {
        let full = format!("{API_PREFIX}{path}");
        assert!(document["paths"][&full][method].is_object(), "{method} {full} is not described");
    }
    // The console's JSON API too, with its session cookie and CSRF token.
    for (path, method) in [
        ("/sign-in", "post"),
        ("/people", "get"),
        ("/devices/{id}/confirm", "post"),
        ("/tracker", "get"),
        ("/dashboard", "get"),
        ("/visits/{id}/report", "get"),
    ] {
        let full = format!("/console/api{path}");
        assert!(document["paths"][&full][method].is_object(), "{method} {full} is not described");
    }
    let schemes = &document["components"]["securitySchemes"];
    assert!(schemes["console_session"].is_object() && schemes["csrf_token"].is_object());
    let text = served.as_str();
    for reference in text.split("\"$ref\": \"#/components/schemas/").skip(1) {
        let name = reference.split('"').next().expect("name");
        assert!(document["components"]["schemas"][name].is_object(), "unresolved schema {name}");
    }
}
