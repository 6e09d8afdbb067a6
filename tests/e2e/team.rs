//! Two devices of one team and the real office: the lead plans a visit online and both
//! devices get it; the link goes down and both work on the visit offline (the lead: arrival,
//! checklist, two findings with a photo; the inspector: an interview, a register check, a
//! new recommendation and the assessment of an old one); the link comes back, both sync
//! and each shows the whole visit; the lead submits it, and both show it submitted.

use std::collections::BTreeMap;
use std::future::Future;
use std::time::Duration;

use fantoccini::Locator;
use serde_json::{Value, json};
use uuid::Uuid;
use vigil_core::records::{Facility, Recommendation, RecommendationAssessment};
use vigil_core::{Record, Role};
use vigil_tests::Office;
use vigil_tests::proxy::FaultyProxy;

use crate::driver::{AppWindow, Display};

const PASSPHRASE: &str = "e2e passphrase";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_devices_of_a_team_record_one_visit_offline_sync_it_whole_and_the_lead_submits() {
    // Dropping the scenario on time-out stops Xvfb, the drivers and both apps with it.
    tokio::time::timeout(Duration::from_secs(240), scenario()).await.expect("the scenario took over 4 minutes");
}

/// The demo's first team: its lead, one of its inspectors, and the place of its region with
/// the most recommendations of earlier visits still open.
struct Cast {
    lead: Uuid,
    inspector: Uuid,
    place: Facility,
    open_recommendations: usize,
}

fn cast(records: &[Record]) -> Cast {
    let users = || records.iter().filter_map(|r| if let Record::User(u) = r { Some(u) } else { None });
    let lead = users().find(|u| u.role == Role::Lead).expect("a demo lead");
    let team = lead.team_ids[0];
    let inspector =
        users().find(|u| u.role == Role::Inspector && u.team_ids == [team]).expect("an inspector of the team");
    // Recommendations and their assessments are shared with every team; open: not closed
    // by their last assessment (by date, then id, as the store orders them).
    let mut last: BTreeMap<Uuid, &RecommendationAssessment> = BTreeMap::new();
    for r in records {
        if let Record::RecommendationAssessment(a) = r
            && last.get(&a.recommendation_id).is_none_or(|b| (b.assessed_on, b.id) < (a.assessed_on, a.id))
        {
            last.insert(a.recommendation_id, a);
        }
    }
    let open = |place: &Facility| {
        records
            .iter()
            .filter_map(|r| if let Record::Recommendation(rec) = r { Some(rec) } else { None })
            .filter(|rec: &&Recommendation| rec.facility_id == place.id)
            .filter(|rec| last.get(&rec.id).is_none_or(|a| !a.status.closes()))
            .count()
    };
    let region = records
        .iter()
        .find_map(|r| if let Record::Team(t) = r { (t.id == team).then(|| t.region.clone()) } else { None })
        .expect("the lead's team");
    let place = records
        .iter()
        .filter_map(|r| if let Record::Facility(f) = r { Some(f) } else { None })
        .filter(|f| f.region == region)
        .max_by_key(|f| open(f))
        .expect("a place of the team's region");
    let open_recommendations = open(place);
    assert!(open_recommendations > 0, "the team has open recommendations at {}", place.name);
    Cast { lead: lead.id, inspector: inspector.id, place: place.clone(), open_recommendations }
}

async fn scenario() {
    let office = Office::start().await;
    let demo = vigil_demo::generate(&vigil_demo::DemoParams::default());
    office.storage.add_records(&demo.records).expect("demo data");
    let cast = cast(&demo.records);
    let proxy = FaultyProxy::start(office.address).await;

    let display = Display::start().await;
    let (lead_dir, inspector_dir) =
        (tempfile::tempdir().expect("lead dir"), tempfile::tempdir().expect("inspector dir"));
    let launch = |user: Uuid, dir: String| {
        let code = office.storage.enrolment_code(user, chrono::Duration::hours(1)).expect("code");
        let url = proxy.url.clone();
        let display = &display;
        async move {
            AppWindow::launch(
                display,
                &[
                    ("VIGIL_DATA_DIR", &dir),
                    ("VIGIL_SERVER_URL", &url),
                    ("VIGIL_ENROL_CODE", &code),
                    ("VIGIL_PASSPHRASE", PASSPHRASE),
                ],
            )
            .await
        }
    };
    let lead = launch(cast.lead, lead_dir.path().display().to_string()).await;
    let inspector = launch(cast.inspector, inspector_dir.path().display().to_string()).await;
    let place_link = format!("article.card a.open[href='#/place/{}']", cast.place.id);

    // Online: both devices enrolled and pulled the places.
    for app in [&lead, &inspector] {
        app.wait_for(&place_link).await;
        wait_synced(app).await;
    }
    lead.shoot_both("team-places").await;

    // The lead opens the place, sees the old open recommendations and plans the visit.
    click(&lead, &place_link).await;
    lead.wait_for("#place-title").await;
    let shown = text(&lead, "#recs-title .heading-count").await;
    assert_eq!(shown, cast.open_recommendations.to_string(), "the place's open recommendations");
    lead.wait_for("form.plan").await;
    shoot_at(&lead, "team-place", "body").await;
    shoot_at(&lead, "team-plan-visit", "#plan-title").await;
    click(&lead, "form.plan .actions button.secondary").await; // plan for later
    let visit_id = until("the planned visit opens", || async {
        let url = lead.client.current_url().await.ok()?;
        url.fragment()?.strip_prefix("/visit/").map(str::to_owned)
    })
    .await;
    lead.wait_for("nav.parts").await;
    lead.wait_for(".status.status-planned").await;

    // Online still: the visit reaches the inspector's device.
    sync_now(&lead).await;
    sync_now(&inspector).await;
    click(&inspector, &place_link).await;
    let visit_link = format!("ul.visits a[href='#/visit/{visit_id}']");
    inspector.wait_for(&visit_link).await;

    // The link goes down. Both work on the visit offline.
    proxy.go_offline();

    // The lead: arrival and access, the checklist's first area, two findings and a photo.
    click(&lead, "section.times .time:nth-child(1) button").await;
    lead.wait_for(".status.status-in_progress").await;
    click(&lead, "section.times .time:nth-child(2) button").await;
    lead.wait_for("section.times .time:nth-child(2) time").await;
    let answered = answer_first_area(&lead).await;
    shoot_at(&lead, "team-checklist", "nav.parts").await;
    // The lead puts a colleague on the visit's team, covering the first APT area.
    click(&lead, "details.team summary").await;
    click(&lead, "details.team li:first-child label.who input").await;
    click(&lead, "details.team li.on button.area").await;
    lead.wait_for("details.team li.on button.area.chosen").await;
    shoot_at(&lead, "team-team", "details.team").await;

    open_part(&lead, 2).await;
    add_finding(&lead, "high", "Cell 4 holds six men on four beds; two sleep on the floor.").await;
    add_finding(&lead, "medium", "No call bell in the isolation cell.").await;
    let photo_dir = tempfile::tempdir().expect("photo dir");
    let photo = photo_dir.path().join("cell-4.png");
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/../src-tauri/icons/128x128.png"), &photo).expect("photo");
    let input = lead.wait_for("ul.rec-list li.rec-card:first-child input[type=file]").await;
    input.send_keys(&photo.display().to_string()).await.expect("choose the photo");
    lead.wait_for("ul.rec-list li.rec-card:first-child ul.attachments img").await;
    // Once attached, the first finding's button reads as the second's again (not "busy").
    until("the attach button is ready again", || async {
        let labels = lead.client.find_all(Locator::Css("ul.rec-list li.rec-card label.attach > span")).await.ok()?;
        let (first, second) = (labels[0].text().await.ok()?, labels[1].text().await.ok()?);
        (first == second).then_some(())
    })
    .await;
    shoot_at(&lead, "team-findings", "nav.parts").await;

    // The inspector: an interview, a register check, a new recommendation, an assessment.
    click(&inspector, &visit_link).await;
    inspector.wait_for("nav.parts").await;
    open_part(&inspector, 3).await;
    // "New interview" opens a form; nothing is stored until it is saved.
    click(&inspector, "button[data-new-interview]").await;
    click(&inspector, "[data-interview-draft] fieldset label:first-of-type input[type=checkbox]").await; // consents to use
    let said = "Says the night guards shout at whoever asks for water after ten.";
    let content = inspector.wait_for("[data-interview-draft] textarea").await;
    content.send_keys(said).await.expect("type the interview");
    click(&inspector, "#interviews-title").await;
    let draft = detail(&inspector, &visit_id).await;
    assert_eq!(draft["bundle"]["interviews"].as_array().map(Vec::len), Some(0), "nothing stored before it is saved");
    click(&inspector, "[data-interview-draft] button[type=submit]").await;
    until("the interview is saved", || async {
        let d = detail(&inspector, &visit_id).await;
        (d["bundle"]["interviews"][0]["content"] == said && d["bundle"]["interviews"][0]["consent_to_use"] == true)
            .then_some(())
    })
    .await;
    shoot_at(&inspector, "team-interviews", ".rec-card fieldset").await;

    open_part(&inspector, 4).await;
    click(&inspector, "section[aria-labelledby=registers-title] > button").await;
    let fields =
        inspector.client.find_all(Locator::Css("form.rec-form input[inputmode=numeric]")).await.expect("counts");
    assert_eq!(fields.len(), 2, "sample and discrepancies");
    fields[0].send_keys("20").await.expect("sample");
    fields[1].send_keys("3").await.expect("discrepancies");
    type_into(&inspector, "form.rec-form textarea", "Three releases not entered in the custody register.").await;
    click(&inspector, "form.rec-form button[type=submit]").await;
    inspector.wait_for("section[aria-labelledby=registers-title] li.rec-card").await;
    shoot_at(&inspector, "team-registers", "nav.parts").await;

    open_part(&inspector, 5).await;
    click(&inspector, "section[aria-labelledby=follow-title] > ul.rec-list > li:first-child button.secondary").await;
    click(&inspector, "li:first-child form.rec-form .choices button.choice:nth-child(2)").await; // partially
    type_into(&inspector, "li:first-child form.rec-form textarea", "New mattresses in two of the five cells.").await;
    click(&inspector, "li:first-child form.rec-form button[type=submit]").await;
    inspector.wait_for("section[aria-labelledby=follow-title] > ul.rec-list > li.assessed").await;
    click(&inspector, "section[aria-labelledby=follow-title] > button").await;
    type_into(&inspector, "form.rec-form textarea", "Install a call bell in every isolation cell.").await;
    click(&inspector, "form.rec-form button[type=submit]").await;
    inspector.wait_for("ul[aria-labelledby=recs-title] li.rec-card").await;
    shoot_at(&inspector, "team-recommendations", "#follow-title").await;

    // Both try to sync and cannot: the badge says offline (its own look), with the changes waiting.
    for app in [&lead, &inspector] {
        let status = sync_now_offline(app).await;
        let waiting = status["outbox"].as_u64().expect("outbox");
        assert!(waiting > 0, "changes wait on the device: {status}");
        let badge = app.wait_for("header button.badge.tone-offline").await;
        let label = badge.find(Locator::Css("[role=status]")).await.expect("label").text().await.expect("text");
        assert!(label.contains(&waiting.to_string()), "the badge counts the {waiting} changes waiting: {label}");
    }
    shoot_at(&inspector, "team-offline-badge", "nav.parts").await;

    // The link comes back: a few rounds of "Sync now" until both have everything.
    proxy.heal();
    for app in [&lead, &inspector, &lead] {
        sync_now(app).await;
    }
    for app in [&lead, &inspector] {
        let status = ipc(app, "sync_status", json!({})).await;
        assert_eq!(status["state"], "synced", "{status}");
        assert_eq!(status["outbox"], 0, "nothing waiting: {status}");
        assert_eq!(status["conflicts"], 0, "no conflicts: {status}");
        assert_eq!(status["rejected"], 0, "nothing rejected: {status}");
        app.wait_for("header button.badge.tone-ok").await;
    }

    // Each device shows the whole visit (opened again: an open visit is read once).
    for app in [&lead, &inspector] {
        reopen_visit(app, &cast.place.id, &visit_id).await;
        assert_eq!(text(app, "nav.parts button.part:nth-child(2) .part-count").await, "2", "findings");
        assert_eq!(text(app, "nav.parts button.part:nth-child(3) .part-count").await, "1", "interviews");
        assert_eq!(text(app, "nav.parts button.part:nth-child(4) .part-count").await, "1", "register checks");
        let recs = text(app, "nav.parts button.part:nth-child(5) .part-count").await;
        assert!(recs.starts_with("1 ") && recs.contains("1/"), "one new recommendation, one assessed: {recs}");
        assert_eq!(checklist_answered(app).await, answered, "the checklist's answers");
        assert!(app.wait_for("section.times .time:nth-child(1) time").await.text().await.is_ok(), "arrival");
        app.wait_for("details.team li.on span.name").await; // the team chosen offline on the lead's device
        open_part(app, 2).await;
        let attachments = app.client.find_all(Locator::Css("ul.attachments li")).await.expect("attachments");
        assert_eq!(attachments.len(), 1, "the photo is listed");
        // The photo itself, not only its name: the colleague's sync fetched its bytes.
        app.wait_for("ul.attachments li img").await;
    }
    shoot_at(&inspector, "team-findings-synced-inspector", "nav.parts").await;
    open_part(&lead, 5).await;
    shoot_at(&lead, "team-recommendations-synced-lead", "#recs-title").await;
    open_part(&inspector, 6).await;
    inspector.wait_for("section[aria-labelledby=finish-title] .why").await; // only the lead submits

    // The lead departs and submits; the visit is read-only, on both devices after a sync.
    click(&lead, "section.times .time:nth-child(3) button").await;
    lead.wait_for("section.times .time:nth-child(3) time").await;
    open_part(&lead, 6).await;
    shoot_at(&lead, "team-finish", "nav.parts").await;
    click(&lead, "section[aria-labelledby=finish-title] button.submit").await;
    // Most of the checklist is unanswered: the app names that and asks before it submits.
    lead.wait_for("section[aria-labelledby=finish-title] p.why[role=alert]").await;
    shoot_at(&lead, "team-finish-confirm", "section[aria-labelledby=finish-title]").await;
    click(&lead, "section[aria-labelledby=finish-title] .confirm button.submit").await;
    lead.wait_for(".status.status-submitted").await;
    lead.wait_for("p.readonly").await;
    shoot_at(&lead, "team-submitted", "body").await;
    sync_now(&lead).await;
    sync_now(&inspector).await;
    reopen_visit(&inspector, &cast.place.id, &visit_id).await;
    inspector.wait_for(".status.status-submitted").await;
    inspector.wait_for("p.readonly").await;
    let buttons = inspector
        .client
        .find_all(Locator::Css("section.times button, ol.questions button, ol.questions textarea, ol.questions input"))
        .await;
    assert!(buttons.expect("buttons").is_empty(), "nothing to edit on a submitted visit");
    shoot_at(&inspector, "team-submitted-inspector", "body").await;

    // The sync panel with the device's security settings, the conflicts screen, the lock screen.
    lead.open_sync_panel().await;
    lead.wait_for("dialog.sheet[open] section.security").await;
    lead.shoot_both("team-sync-panel").await;
    shoot_at(&lead, "team-device-security", "dialog.sheet section.security").await;
    click(&lead, "dialog.sheet button.close").await;
    lead.client.execute("window.location.hash = '#/conflicts'", vec![]).await.expect("conflicts");
    lead.wait_for("main.app-main h1").await;
    lead.shoot_both("team-conflicts").await;
    click(&lead, "header button.lock-now").await;
    lead.wait_for("main.setup input[type=password]").await;
    lead.shoot_both("team-lock").await;
    type_into(&lead, "main.setup input[type=password]", PASSPHRASE).await;
    click(&lead, "main.setup button.primary").await;
    lead.wait_for("header button.badge").await;

    for app in [lead, inspector] {
        app.client.clone().close().await.expect("end the session");
    }
}

/// Both screenshots (`AppWindow::shoot_both`), each with `css` scrolled to the top of the
/// window, under the sticky header.
async fn shoot_at(app: &AppWindow, name: &str, css: &str) {
    for (width, height) in [(1024, 768), (390, 844)] {
        app.client.set_window_size(width, height).await.expect("resize");
        let script = "const [css] = arguments; const el = document.querySelector(css);
            const header = document.querySelector('header.app-header');
            if (css === 'body') { window.scrollTo(0, 0); return; }
            el.scrollIntoView({ block: 'start' });
            const dialog = el.closest('dialog');
            if (dialog === null && header !== null) window.scrollBy(0, -header.offsetHeight - 8);";
        app.client.execute(script, vec![json!(css)]).await.expect("scroll");
        app.shoot(name, width, height).await;
    }
    app.client.set_window_size(1024, 768).await.expect("resize back");
}

/// Polls `check` until it gives a value (30 s at most).
async fn until<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    for _ in 0..150 {
        if let Some(value) = check().await {
            return value;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("{what}: not within 30 s");
}

/// Clicks the element, brought to the middle of the window first: the sticky header
/// would take a click on an element just under it.
async fn click(app: &AppWindow, css: &str) {
    let element = app.wait_for(css).await;
    center(app, &element).await;
    element.click().await.unwrap_or_else(|err| panic!("click {css}: {err}"));
}

async fn center(app: &AppWindow, element: &fantoccini::elements::Element) {
    let arg = serde_json::to_value(element).expect("element");
    app.client.execute("arguments[0].scrollIntoView({ block: 'center' })", vec![arg]).await.expect("scroll");
}

async fn type_into(app: &AppWindow, css: &str, text: &str) {
    let element = app.wait_for(css).await;
    element.send_keys(text).await.unwrap_or_else(|err| panic!("type into {css}: {err}"));
}

async fn text(app: &AppWindow, css: &str) -> String {
    app.wait_for(css).await.text().await.expect("text").trim().to_owned()
}

/// Calls a command of the app as the UI does (for reading state only).
async fn ipc(app: &AppWindow, command: &str, args: Value) -> Value {
    let script = "const [command, args, done] = arguments;
        window.__TAURI_INTERNALS__.invoke(command, args).then((ok) => done({ ok }), (err) => done({ err }));";
    let answer = app.client.execute_async(script, vec![json!(command), args]).await.expect("invoke");
    match answer.get("ok") {
        Some(value) => value.clone(),
        None => panic!("{command} failed: {answer}"),
    }
}

async fn detail(app: &AppWindow, visit_id: &str) -> Value {
    ipc(app, "visit_detail", json!({ "visitId": visit_id })).await
}

async fn wait_synced(app: &AppWindow) -> Value {
    until("a finished sync", || async {
        let status = ipc(app, "sync_status", json!({})).await;
        (status["state"] == "synced").then_some(status)
    })
    .await
}

/// Opens the sync panel, presses "Sync now" once it can be pressed, waits until the status
/// is `state` (for a sync that succeeded: a sync finished after the press), and closes the
/// panel; answers the status then.
async fn press_sync_now(app: &AppWindow, state: &str) -> Value {
    let before = ipc(app, "sync_status", json!({})).await["last_synced_at"].clone();
    let button = app.open_sync_panel().await;
    let last = std::sync::Mutex::new(Value::Null);
    let ready = tokio::time::timeout(Duration::from_secs(30), async {
        while !button.is_enabled().await.expect("button") {
            *last.lock().expect("status") = ipc(app, "sync_status", json!({})).await;
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    });
    ready.await.unwrap_or_else(|_| panic!("Sync now cannot be pressed; the status: {}", last.lock().expect("status")));
    button.click().await.expect("Sync now");
    let status = until(&format!("the sync ends {state}"), || async {
        let status = ipc(app, "sync_status", json!({})).await;
        let finished = state != "synced" || status["last_synced_at"] != before;
        (status["state"] == state && finished).then_some(status)
    })
    .await;
    click(app, "dialog.sheet button.close").await;
    app.wait_for("dialog.sheet:not([open])").await;
    status
}

async fn sync_now(app: &AppWindow) -> Value {
    press_sync_now(app, "synced").await
}

async fn sync_now_offline(app: &AppWindow) -> Value {
    press_sync_now(app, "offline").await
}

async fn open_part(app: &AppWindow, nth: usize) {
    click(app, &format!("nav.parts button.part:nth-child({nth})")).await;
    app.wait_for(&format!("nav.parts button.part:nth-child({nth})[aria-current=page]")).await;
}

/// Answers every yes/no or choice question of the checklist's first area with its first
/// option; answers how many questions the whole checklist has answered then.
async fn answer_first_area(app: &AppWindow) -> usize {
    let options =
        app.client.find_all(Locator::Css("ol.questions .buttons button.option:first-child")).await.expect("options");
    assert!(!options.is_empty(), "the first area has questions to tap");
    for option in &options {
        center(app, option).await;
        option.click().await.expect("answer");
    }
    let n = options.len();
    until("the answers are saved", || async { (checklist_answered(app).await == n).then_some(()) }).await;
    n
}

/// The answered questions over every area's tab ("3/7" each).
async fn checklist_answered(app: &AppWindow) -> usize {
    app.wait_for(".tabs .tab .tab-count").await;
    let mut answered = 0;
    for tab in app.client.find_all(Locator::Css(".tabs .tab .tab-count")).await.expect("tabs") {
        let count = tab.text().await.expect("count");
        answered += count.split('/').next().and_then(|a| a.trim().parse::<usize>().ok()).expect("a/b");
    }
    answered
}

async fn add_finding(app: &AppWindow, severity: &str, what: &str) {
    let before =
        app.client.find_all(Locator::Css("section[aria-labelledby=findings-title] li.rec-card")).await.expect("cards");
    click(app, "section[aria-labelledby=findings-title] > button").await;
    let selects = app.client.find_all(Locator::Css("form.rec-form select")).await.expect("selects");
    selects[1].clone().select_by_value(severity).await.expect("severity");
    type_into(app, "form.rec-form textarea", what).await;
    click(app, "form.rec-form button[type=submit]").await;
    let n = before.len() + 1;
    app.wait_for(&format!("section[aria-labelledby=findings-title] li.rec-card:nth-child({n})")).await;
}

/// Goes back to the place and opens the visit again from its list.
async fn reopen_visit(app: &AppWindow, place_id: &Uuid, visit_id: &str) {
    click(app, &format!("a.back[href='#/place/{place_id}']")).await;
    click(app, &format!("ul.visits a[href='#/visit/{visit_id}']")).await;
    app.wait_for("nav.parts").await;
}
