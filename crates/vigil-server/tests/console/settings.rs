//! The office's settings in the console: an administrator sets the authority's answer
//! deadline and the retention period, each change audited, and every device follows them
//! at its next sync; a supervisor, a page without its CSRF token and values out of range
//! change nothing.

use reqwest::StatusCode;
use serde_json::json;

use crate::support::Office;

#[tokio::test]
async fn an_administrator_sets_the_deadline_and_retention_and_devices_follow_them() {
    let office = Office::start().await;
    let admin = office.signed_in(&office.admin.email).await;
    let device = office.device(office.inspector.id).await;

    let (status, before) = admin.send("GET", "/settings", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(before, json!({ "answer_days": 30, "retention_days": null }), "the defaults");

    let recorded = office.office_actions().len();
    let (status, saved) =
        admin.send("PUT", "/settings", Some(json!({ "answer_days": 60, "retention_days": 90 }))).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved, json!({ "answer_days": 60, "retention_days": 90 }));
    device.client.sync(&device.store, &|_| {}).await.expect("sync");
    {
        let store = device.store.lock().expect("store");
        assert_eq!(store.office_settings().expect("settings").answer_days, 60, "the device follows the deadline");
        assert_eq!(store.retention().expect("period").map(|days| days.get()), Some(90), "and the period");
    }
    assert_eq!(office.office_actions()[recorded..], ["office_settings_changed"], "one change, one audited act");

    // Lifting the period: devices keep a visit's content again.
    let (status, _) = admin.send("PUT", "/settings", Some(json!({ "answer_days": 60, "retention_days": null }))).await;
    assert_eq!(status, StatusCode::OK);
    device.client.sync(&device.store, &|_| {}).await.expect("sync");
    assert_eq!(device.store.lock().expect("store").retention().expect("period"), None);

    // Refused, naming the field, and nothing changes or is recorded.
    let actions = office.office_actions().len();
    for (body, field) in [
        (json!({ "answer_days": 0, "retention_days": 90 }), "answer_days"),
        (json!({ "answer_days": 366 }), "answer_days"),
        (json!({ "answer_days": 30, "retention_days": 0 }), "retention_days"),
        (json!({ "answer_days": 30, "retention_days": 3651 }), "retention_days"),
    ] {
        let (status, answer) = admin.send("PUT", "/settings", Some(body.clone())).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(answer["field"], field, "{answer}");
    }
    let (status, _) = admin.send_with("PUT", "/settings", Some(json!({ "answer_days": 10 })), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "no CSRF token");
    let supervisor = office.signed_in(&office.supervisor.email).await;
    let actions_after_sign_in = office.office_actions().len();
    for (method, body) in [("GET", None), ("PUT", Some(json!({ "answer_days": 10 })))] {
        let (status, answer) = supervisor.send(method, "/settings", body).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{method}: {answer}");
    }
    assert_eq!(office.office_actions().len(), actions_after_sign_in);
    assert_eq!(actions_after_sign_in, actions + 1, "only the supervisor's sign-in was recorded");
    let (_, now) = admin.send("GET", "/settings", None).await;
    assert_eq!(now, json!({ "answer_days": 60, "retention_days": null }), "unchanged by the refusals");
}
