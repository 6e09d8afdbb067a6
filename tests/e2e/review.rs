//! A team lead's device and a supervisor's device, two real windows on one display against
//! one office: the team submits, the supervisor returns the visit with a comment on a
//! finding, the team answers and resubmits, the supervisor approves and saves the report
//! as a PDF; then the queue, review, tracker and dashboard are shot at both sizes. After
//! approval the report's life: sent as provisional, factual comments, final (each sent
//! report keeping its PDF), the authority's answer with a letter and an action plan; then
//! the team's next visit to the place sees the overdue step before it goes and checks on
//! the person its interview flagged at risk of reprisal.

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
    let finding_id = invoke(&team, "save_record", json!({ "record": finding })).await["record"]["id"].clone();
    let recommendation_text = "Have a doctor examine every person brought in, within 24 hours";
    let recommendation = json!({ "entity": "recommendation", "record": { "id": uuid::Uuid::nil(),
        "visit_id": visit_id, "facility_id": place, "text": recommendation_text, "authority": "Ministry of Interior",
        "area": "health_care", "priority": "high", "due_on": null, "finding_ids": [finding_id],
        "response": "pending" } });
    let recommendation_id =
        invoke(&team, "save_record", json!({ "record": recommendation })).await["record"]["id"].clone();
    let interview = json!({ "entity": "interview", "record": { "id": uuid::Uuid::nil(), "visit_id": visit_id,
        "pseudonym": "P-17", "group_interview": false, "consent_to_use": true, "consent_to_quote": false,
        "consent_to_refer": false, "interpreter": null, "reprisal_risk": true,
        "content": "Says he was beaten in the van; afraid of the escort officers" } });
    // The app gives the person their code (whatever was typed).
    let interview = invoke(&team, "save_record", json!({ "record": interview })).await;
    let (interview_id, code) = (interview["record"]["id"].clone(), interview["record"]["pseudonym"].clone());
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

    report_stages_and_answer(&desk, &visit_id, &recommendation_id).await;
    let interview_id = interview_id.as_str().expect("interview id");
    next_visit_briefing(&team, place.as_str().expect("place id"), interview_id, code.as_str().expect("code")).await;

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

/// Chooses `value` in the `select` at `css` as a tap would (Svelte's binding hears `change`).
async fn choose(app: &AppWindow, css: &str, value: &str) {
    let script = "const s = document.querySelector(arguments[0]); s.value = arguments[1]; \
                  s.dispatchEvent(new Event('change', { bubbles: true }));";
    app.client.execute(script, vec![json!(css), json!(value)]).await.expect("choose");
}

/// The supervisor takes the approved report through its stages on the visit's report part,
/// saves the provisional report's kept PDF and checks it is what was kept; then records the
/// authority's answer on the tracker with its letter and a plan whose first step was due
/// yesterday, and syncs.
async fn report_stages_and_answer(desk: &AppWindow, visit_id: &str, recommendation_id: &serde_json::Value) {
    use sha2::{Digest, Sha256};
    open_visit(desk, visit_id).await;
    click(desk, "button[data-part='report']").await;
    desk.wait_for("[data-report-stages] .stage-form").await;
    for stage in ["provisional", "comments", "final"] {
        choose(desk, "[data-report-stages] .stage-form select", stage).await;
        click(desk, "[data-report-stages] .stage-form button[type='submit']").await;
        desk.wait_for(&format!("ol.stages li.now[data-stage='{stage}']")).await;
    }
    // The comments are the authority's: no PDF of ours kept with them.
    assert!(!present(desk, "li[data-stage='comments'] [data-action='save-version-pdf']").await);
    click(desk, "li[data-stage='provisional'] [data-action='save-version-pdf']").await;
    let saved = desk
        .wait_for("li[data-stage='provisional'] [data-saved-path]")
        .await
        .attr("data-saved-path")
        .await
        .expect("attr")
        .expect("a path");
    let bytes = std::fs::read(&saved).expect("the kept PDF is saved");
    assert!(bytes.starts_with(b"%PDF"), "a PDF");
    let detail = invoke(desk, "visit_detail", json!({ "visitId": visit_id })).await;
    let provisional = detail["report_versions"][0].clone();
    let kept = detail["bundle"]["attachments"]
        .as_array()
        .expect("attachments")
        .iter()
        .find(|a| a["id"] == provisional["attachment_id"])
        .cloned()
        .expect("the provisional report's PDF is an attachment of the visit");
    assert_eq!(kept["sha256"], json!(hex::encode(Sha256::digest(&bytes))), "the saved file is the PDF as kept");
    scroll_to(desk, "[data-report-stages]").await;
    desk.shoot_both("report-stages").await;

    // The authority's answer on the tracker: a partial acceptance, its letter, two steps.
    go(desk, "#/tracker").await;
    let row = format!("li.row[data-recommendation='{}']", recommendation_id.as_str().expect("id"));
    desk.wait_for(&format!("{row} [data-report-stage='final']")).await;
    click(desk, &format!("{row} .answer .rec-actions button")).await;
    choose(desk, &format!("{row} form.rec-form select"), "partially_accepted").await;
    type_into(desk, &format!("{row} form.rec-form textarea"), "A doctor on call from next month; rules changed.").await;
    // The letter as the file picker would give it (a native dialog WebDriver cannot drive).
    let attach = "const input = document.querySelector(arguments[0]); const file = new File(\
                  [new TextEncoder().encode('%PDF-1.4 Ministry of Interior, letter 4411')], 'letter-4411.pdf', \
                  { type: 'application/pdf' }); const files = new DataTransfer(); files.items.add(file); \
                  input.files = files.files; input.dispatchEvent(new Event('change', { bubbles: true }));";
    desk.client.execute(attach, vec![json!(format!("{row} form.rec-form input[type='file']"))]).await.expect("letter");
    desk.wait_for(&format!("{row} form.rec-form .attach span")).await;
    // Dates as the window's language writes them (the app's date fields are its own).
    let lang = desk.client.execute("return document.documentElement.lang;", vec![]).await.expect("lang");
    let field = |day: chrono::NaiveDate| match lang.as_str() {
        Some("ru" | "az") => day.format("%d.%m.%Y").to_string(),
        _ => day.to_string(),
    };
    let yesterday = field(chrono::Utc::now().date_naive() - chrono::Days::new(1));
    let next_year = field(chrono::Utc::now().date_naive() + chrono::Days::new(200));
    type_into(
        desk,
        &format!("{row} .step-row:nth-of-type(1) input[type='text']:not([data-date])"),
        "Hire a doctor on call",
    )
    .await;
    type_into(desk, &format!("{row} .step-row:nth-of-type(1) input[data-date]"), &yesterday).await;
    click(desk, &format!("{row} fieldset > button.secondary")).await;
    type_into(desk, &format!("{row} .step-row:nth-of-type(2) input[type='text']:not([data-date])"), "Change the rules")
        .await;
    type_into(desk, &format!("{row} .step-row:nth-of-type(2) input[data-date]"), &next_year).await;
    click(desk, &format!("{row} form.rec-form button[type='submit']")).await;
    desk.wait_for(&format!("{row} [data-step-overdue='true']")).await;
    let answer = desk.wait_for(&format!("{row} .answer")).await.text().await.expect("text");
    assert!(answer.contains("Hire a doctor on call"), "{answer}");
    let detail = invoke(desk, "visit_detail", json!({ "visitId": visit_id })).await;
    let letter = detail["bundle"]["attachments"]
        .as_array()
        .expect("attachments")
        .iter()
        .any(|a| a["file_name"] == "letter-4411.pdf");
    assert!(letter, "the letter is kept with the visit");
    scroll_to(desk, &row).await;
    desk.shoot_both("authority-answer").await;
    sync_now(desk).await;
}

/// The team plans its next visit to the place: "before you go" names the overdue step and
/// the person to check on; on the visit the team records that it found no sign of reprisal.
async fn next_visit_briefing(team: &AppWindow, place: &str, interview_id: &str, code: &str) {
    sync_now(team).await;
    go(team, &format!("#/place/{place}")).await;
    // (The demo's own plans may have overdue steps at this place too.)
    let brief = team.wait_for("[data-before-you-go] li.alert[data-brief-steps]").await;
    let text = brief.text().await.expect("text");
    assert!(text.contains("Hire a doctor on call"), "{text}");
    let people = team.wait_for("[data-before-you-go] li.alert .codes").await.text().await.expect("codes");
    assert!(people.contains(code), "{people}");
    scroll_to(team, "[data-before-you-go]").await;
    team.shoot_both("before-you-go").await;

    let plan = json!({ "facility_id": place, "visit_type": "follow_up", "unannounced": true,
        "planned_on": chrono::Utc::now().date_naive().to_string(), "theme": null, "start_now": true });
    let next = invoke(team, "plan_visit", json!({ "plan": plan })).await["id"].as_str().expect("visit id").to_owned();
    open_visit(team, &next).await;
    click(team, "button[data-part='interviews']").await;
    let person = format!("[data-people-to-check] li.rec-card[data-interview='{interview_id}']");
    assert!(team.wait_for(&person).await.text().await.expect("text").contains(code));
    click(team, &format!("{person} .rec-actions button")).await;
    // "No sign of reprisal" is the outcome the form starts with.
    click(team, &format!("{person} form.rec-form button[type='submit']")).await;
    let mut checked = serde_json::Value::Null;
    for _ in 0..25 {
        checked = invoke(team, "visit_detail", json!({ "visitId": next })).await["bundle"]["reprisal_checks"].clone();
        if checked.as_array().is_some_and(|c| !c.is_empty()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(checked[0]["outcome"], "no_sign", "{checked}");
    assert_eq!(checked[0]["interview_id"], json!(interview_id));
    // The card now says what was recorded (the form closed).
    for _ in 0..25 {
        if !present(team, &format!("{person} form")).await {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    scroll_to(team, "[data-people-to-check]").await;
    team.shoot_both("reprisal-check").await;
}
