//! A team lead's device and a supervisor's device, two real windows on one display against
//! one office: the team submits, the supervisor returns the visit with a comment on a
//! finding, the team answers and resubmits, the supervisor approves and saves the report
//! as a PDF; then the queue, review, tracker and dashboard are shot at both sizes.

use std::time::Duration;

use serde_json::json;

use crate::driver::{AppWindow, Display};
use crate::steps::{
    LeadAndSupervisor, click, go, invoke, launch, lead_and_supervisor, open_visit, present, scroll_to, sync_now,
    type_into,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_supervisor_returns_a_visit_with_a_comment_then_approves_it_and_saves_its_report() {
    // Dropping the scenario on time-out stops Xvfb, the drivers and the apps with it.
    tokio::time::timeout(Duration::from_secs(180), scenario()).await.expect("the scenario took over 3 minutes");
}

/// Syncs and reopens the visit until `css` shows on it (the other device's change arrived).
async fn sync_until(app: &AppWindow, visit: &str, css: &str) {
    for _ in 0..10 {
        sync_now(app).await;
        open_visit(app, visit).await;
        if present(app, css).await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    panic!("{css} never showed on the visit");
}

async fn scenario() {
    let LeadAndSupervisor { office, lead_code, supervisor_code, team_dir, desk_dir, exports } =
        lead_and_supervisor().await;
    let display = Display::start().await;

    // Setup on the lead's device: a visit under way with one finding and its times.
    let team = launch(&display, team_dir.path(), &office, &lead_code, exports.path()).await;
    team.wait_for("article.card a.open").await;
    let places = invoke(&team, "list_places", json!({})).await;
    let place = places.as_array().expect("places")[0]["facility_id"].clone();
    let plan = json!({ "facility_id": place, "visit_type": "ad_hoc", "unannounced": true,
        "planned_on": chrono::Utc::now().date_naive().to_string(), "theme": null, "start_now": true });
    let visit_id =
        invoke(&team, "plan_visit", json!({ "plan": plan })).await["id"].as_str().expect("visit id").to_owned();
    let finding = json!({ "entity": "observation", "record": { "id": uuid::Uuid::nil(), "visit_id": visit_id,
        "area": "treatment", "severity": "urgent", "text": "Two detainees report beatings on arrest",
        "attachment_ids": [], "confidential": false } });
    invoke(&team, "save_record", json!({ "record": finding })).await;
    for mark in ["arrived", "access_granted", "departed"] {
        invoke(&team, "record_visit_time", json!({ "visitId": visit_id, "mark": mark })).await;
    }

    // The lead submits through the Finish part and syncs.
    open_visit(&team, &visit_id).await;
    click(&team, "button[data-part='finish']").await;
    click(&team, "button.submit").await;
    // Questions are unanswered: the app asks before it submits.
    click(&team, ".confirm button.submit").await;
    team.wait_for(".meta .status-submitted").await;
    sync_now(&team).await;

    // The supervisor's device opens on the review queue, with the visit in it.
    let desk = launch(&display, desk_dir.path(), &office, &supervisor_code, exports.path()).await;
    let card = format!("a.card[data-visit='{visit_id}']");
    desk.wait_for("a[data-nav='review'][aria-current='page']").await;
    for _ in 0..10 {
        if present(&desk, &card).await {
            break;
        }
        sync_now(&desk).await;
    }
    desk.shoot_both("review-queue").await;

    // Opening the submitted visit is reviewing it; comment on the finding, return the visit
    // with a reason.
    click(&desk, &card).await;
    desk.wait_for(".meta .status-in_review").await;
    desk.wait_for("button[data-move='returned']").await;
    click(&desk, "button[data-part='findings']").await;
    click(&desk, "li.rec-card button.comment").await;
    type_into(&desk, "li.rec-card .slot textarea", "Were the injuries documented by a doctor?").await;
    click(&desk, "li.rec-card .slot button[type='submit']").await;
    desk.wait_for("li.rec-card .thread").await;
    click(&desk, "button[data-part='review']").await;
    desk.wait_for(".review .thread").await;
    scroll_to(&desk, "nav.parts").await;
    desk.shoot_both("review").await;
    click(&desk, "button[data-move='returned']").await;
    type_into(&desk, "[data-returning] textarea", "Please add what the medical register shows.").await;
    click(&desk, "[data-returning] button[type='submit']").await;
    desk.wait_for(".meta .status-returned").await;
    // The supervisor's way back is the queue.
    desk.wait_for("a.back[href='#/review']").await;
    sync_now(&desk).await;

    // The team sees the comment beside the finding, answers it and resubmits.
    sync_until(&team, &visit_id, ".meta .status-returned").await;
    click(&team, "button[data-part='findings']").await;
    let thread = team.wait_for("li.rec-card .thread").await;
    assert!(thread.text().await.expect("thread").contains("Were the injuries documented by a doctor?"));
    click(&team, "li.rec-card .thread button.answer").await;
    type_into(&team, "li.rec-card .thread textarea", "No: the medical register has no entry.").await;
    click(&team, "li.rec-card .thread button[type='submit']").await;
    team.wait_for("li.rec-card .thread .reply").await;
    click(&team, "button[data-part='finish']").await;
    click(&team, "button.submit").await;
    // Questions are unanswered: the app asks before it submits.
    click(&team, ".confirm button.submit").await;
    team.wait_for(".meta .status-submitted").await;
    sync_now(&team).await;

    // The supervisor sees the answer, approves (confirming), and saves the report as a PDF.
    sync_until(&desk, &visit_id, ".meta .status-in_review").await;
    click(&desk, "button[data-part='review']").await;
    desk.wait_for(".review .thread .reply").await;
    click(&desk, "button[data-move='approved']").await;
    click(&desk, "button[data-confirm='yes']").await;
    desk.wait_for(".meta .status-approved").await;
    desk.wait_for("[data-integrity='intact']").await;
    click(&desk, "button[data-part='report']").await;
    desk.wait_for("iframe[srcdoc]").await;
    click(&desk, "button[data-action='save-pdf']").await;
    let saved = desk.wait_for("[data-saved-path]").await.attr("data-saved-path").await.expect("attr").expect("a path");
    assert!(saved.starts_with(&exports.path().display().to_string()), "{saved} is in the export folder");
    let pdf = std::fs::read(&saved).expect("the PDF is written");
    assert!(pdf.starts_with(b"%PDF"), "a PDF");
    scroll_to(&desk, "nav.parts").await;
    desk.shoot_both("report").await;

    // A correction after approval is an amendment: kept beside the approved content, which
    // still matches its hash.
    click(&desk, "button[data-part='review']").await;
    click(&desk, "button[data-action='amend']").await;
    type_into(&desk, "form.note-form textarea", "The arrival time was 09:10, not 09:40.").await;
    click(&desk, "form.note-form button[type='submit']").await;
    let amendment = desk.wait_for("ul.amendments li p.body").await;
    assert_eq!(amendment.text().await.expect("text"), "The arrival time was 09:10, not 09:40.");
    desk.wait_for("[data-integrity='intact']").await;

    // The supervisor's other screens, at both sizes.
    go(&desk, "#/tracker").await;
    desk.wait_for("ul.rows").await;
    desk.shoot_both("tracker").await;
    go(&desk, "#/dashboard").await;
    desk.wait_for(".chart canvas").await;
    desk.shoot_both("dashboard").await;

    desk.client.clone().close().await.expect("end the supervisor's session");
    team.client.clone().close().await.expect("end the team's session");
}
