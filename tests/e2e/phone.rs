//! A whole visit in Russian on a phone (390×844), in the real window: the lead starts a
//! visit, records a finding, deletes it and takes it back; the app restarts and the open
//! visit is one tap from the home screen; the lead submits. The supervisor opens the visit
//! (which is reviewing it) and returns it with a reason. On every screen on the way, no
//! element runs past the window's width and no line of the English catalogue, nor of the
//! checklist's own English, is on screen, and no checklist text is marked untranslated.

use std::collections::BTreeMap;
use std::time::Duration;

use fantoccini::Locator;
use serde_json::{Value, json};

use crate::driver::{AppWindow, Display};
use crate::steps::{LeadAndSupervisor, click, invoke, launch, lead_and_supervisor, present, sync_now, type_into};

const ENGLISH: &str = include_str!("../../ui/src/locales/en.json");
const RUSSIAN: &str = include_str!("../../ui/src/locales/ru.json");

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_visit_in_russian_on_a_phone() {
    // Dropping the scenario on time-out stops Xvfb, the drivers and the apps with it.
    tokio::time::timeout(Duration::from_secs(300), scenario()).await.expect("the scenario took over 5 minutes");
}

/// Every message as `key → text`.
fn messages(catalogue: &str) -> BTreeMap<String, String> {
    fn walk(prefix: &str, value: &Value, out: &mut BTreeMap<String, String>) {
        match value {
            Value::Object(map) => map.iter().for_each(|(k, v)| walk(&format!("{prefix}{k}."), v, out)),
            Value::String(text) => {
                out.insert(prefix.trim_end_matches('.').to_owned(), text.clone());
            }
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    walk("", &serde_json::from_str(catalogue).expect("a catalogue"), &mut out);
    out
}

/// English messages that Russian says otherwise, whole (no placeholder to fill): none of
/// them may be a line on a Russian screen.
fn english_lines() -> Vec<String> {
    let russian = messages(RUSSIAN);
    messages(ENGLISH)
        .into_iter()
        .filter(|(_, text)| !text.contains('{') && text.chars().filter(|c| c.is_alphabetic()).count() > 3)
        .filter(|(key, text)| russian.get(key).is_some_and(|ru| ru != text))
        .map(|(_, text)| text)
        .collect()
}

/// The checklist's English (its title, questions, choices, units, standards) that its
/// Russian says otherwise: the template as the app holds it, read through `visit_detail`.
fn checklist_lines(template: &Value) -> Vec<String> {
    let russian = &template["translations"]["ru"];
    let mut out = Vec::new();
    let mut differs = |english: &Value, russian: &Value| {
        if let Some(text) = english.as_str().filter(|t| t.chars().filter(|c| c.is_alphabetic()).count() > 3)
            && russian.as_str().is_some_and(|ru| ru != text)
        {
            out.push(text.to_owned());
        }
    };
    differs(&template["title"], &russian["title"]);
    let questions =
        template["sections"].as_array().into_iter().flatten().flat_map(|s| s["questions"].as_array()).flatten();
    for question in questions {
        let words = &russian["questions"][question["key"].as_str().unwrap_or_default()];
        differs(&question["text"], &words["text"]);
        differs(&question["standard"], &words["standard"]);
        differs(&question["answer"]["unit"], &words["unit"]);
        for (i, option) in question["answer"]["options"].as_array().into_iter().flatten().enumerate() {
            differs(option, &words["options"][i]);
        }
    }
    out
}

/// What is wrong on the screen now: elements past the right edge (outside a box that
/// scrolls), text spilling out of a button, and lines of the English catalogue.
async fn problems(app: &AppWindow, english: &[String]) -> Vec<String> {
    let script = r#"
        const [english] = arguments;
        const width = document.documentElement.clientWidth;
        const clipped = (el) => {
            for (let n = el.parentElement; n !== null; n = n.parentElement) {
                if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(n).overflowX)) return true;
            }
            return false;
        };
        const out = [];
        for (const el of document.querySelectorAll('body *')) {
            const box = el.getBoundingClientRect();
            if (box.width === 0 || box.height === 0) continue;
            const name = `${el.tagName.toLowerCase()}.${el.className} "${(el.textContent || '').trim().slice(0, 40)}"`;
            if (box.right > width + 1 && !clipped(el)) out.push(`${name} ends at ${Math.round(box.right)} > ${width}`);
            else if (['BUTTON', 'LABEL'].includes(el.tagName) && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible')
                out.push(`${name} spills ${el.scrollWidth} > ${el.clientWidth}`);
        }
        const lines = new Set(document.body.innerText.split('\n').map((l) => l.trim()));
        for (const text of english) if (lines.has(text)) out.push(`English on screen: "${text}"`);
        for (const tag of document.querySelectorAll('.lang-tag'))
            out.push(`untranslated: "${tag.parentElement?.textContent?.trim().slice(0, 60)}"`);
        return out;
    "#;
    let found = app.client.execute(script, vec![json!(english)]).await.expect("look at the screen");
    serde_json::from_value(found).expect("a list")
}

/// Shoots the screen and fails on what [`problems`] finds.
async fn check(app: &AppWindow, name: &str, english: &[String]) {
    tokio::time::sleep(Duration::from_millis(300)).await;
    let png = app.client.screenshot().await.expect("screenshot");
    std::fs::write(crate::driver::screenshots().join(format!("e2e-ru-{name}-390x844.png")), png).expect("save");
    let found = problems(app, english).await;
    assert!(found.is_empty(), "{name}: {found:#?}");
}

/// A phone's window, in Russian (chosen as the language switch keeps it).
async fn russian_phone(app: &AppWindow) {
    app.client.set_window_size(390, 844).await.expect("phone size");
    let script = "localStorage.setItem('vigil.locale', 'ru'); setTimeout(() => location.reload(), 50);";
    app.client.execute(script, vec![]).await.expect("choose Russian");
    // A WebDriver wait running across the reload is cut by it: wait for the new page first.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    app.wait_for("html[lang='ru']").await;
}

async fn scenario() {
    let LeadAndSupervisor { office, lead_code, supervisor_code, team_dir, desk_dir, exports } =
        lead_and_supervisor().await;
    let mut english = english_lines();
    assert!(english.len() > 100, "the English catalogue is read: {} lines", english.len());
    let display = Display::start().await;

    // The lead's phone, in Russian: the places, one place, a visit started now.
    let team = launch(&display, team_dir.path(), &office, &lead_code, exports.path()).await;
    russian_phone(&team).await;
    team.wait_for("article.card a.open").await;
    check(&team, "places", &english).await;
    click(&team, "article.card a.open").await;
    team.wait_for("form.plan").await;
    // The planned day as Russian writes it, whatever the system's locale writes in a date field.
    let field = team.client.find(Locator::Css("form.plan input[data-date]")).await.expect("the date field");
    let shown = field.prop("value").await.expect("its value").unwrap_or_default();
    assert_eq!(shown, chrono::Local::now().format("%d.%m.%Y").to_string(), "the day, day first");
    check(&team, "place", &english).await;
    let script = "document.querySelector('form.plan input[data-date]').scrollIntoView({ block: 'center' });";
    team.client.execute(script, vec![]).await.expect("show the date field");
    check(&team, "place-date", &english).await;
    click(&team, "form.plan .actions button:not(.secondary)").await;
    team.wait_for(".status.status-in_progress").await;
    let url = team.client.current_url().await.expect("url");
    let visit_id = url.fragment().and_then(|f| f.strip_prefix("/visit/")).expect("the visit's screen").to_owned();
    let detail = invoke(&team, "visit_detail", json!({ "visitId": visit_id })).await;
    let checklist = checklist_lines(&detail["template"]);
    assert!(checklist.len() > 40, "the checklist's English is read: {} lines", checklist.len());
    english.extend(checklist);
    check(&team, "visit", &english).await;
    // Every area of the checklist, in Russian.
    let tabs = team.client.find_all(Locator::Css("section.checklist [role=tab]")).await.expect("the areas");
    assert_eq!(tabs.len(), 6, "the six areas");
    for (n, tab) in tabs.into_iter().enumerate().skip(1) {
        tab.click().await.expect("open the area");
        check(&team, &format!("visit-area-{}", n + 1), &english).await;
    }

    // A finding, deleted by mistake and taken back: nothing was deleted.
    click(&team, "button[data-part='findings']").await;
    click(&team, "section[aria-labelledby=findings-title] > button").await;
    let selects = team.client.find_all(Locator::Css("form.rec-form select")).await.expect("selects");
    selects[1].clone().select_by_value("high").await.expect("severity");
    type_into(&team, "form.rec-form textarea", "Камера 4: нет естественного освещения.").await;
    click(&team, "form.rec-form button[type=submit]").await;
    click(&team, "section[aria-labelledby=findings-title] button[data-delete]").await;
    click(&team, "button[data-delete-confirm]").await;
    team.wait_for("button[data-undo]").await;
    assert!(!present(&team, "section[aria-labelledby=findings-title] li.rec-card").await, "it left the screen");
    check(&team, "undo", &english).await;
    click(&team, "button[data-undo]").await;
    team.wait_for("section[aria-labelledby=findings-title] li.rec-card").await;
    tokio::time::sleep(Duration::from_secs(7)).await;
    let detail = invoke(&team, "visit_detail", json!({ "visitId": visit_id })).await;
    assert_eq!(detail["bundle"]["observations"].as_array().map(Vec::len), Some(1), "undone: still there");
    check(&team, "findings", &english).await;

    // The app restarts: the visit in progress is the first thing on the home screen.
    drop(team);
    let team = launch(&display, team_dir.path(), &office, &lead_code, exports.path()).await;
    team.client.set_window_size(390, 844).await.expect("phone size");
    team.wait_for("html[lang='ru']").await;
    let resume = format!("a[data-open-visit='{visit_id}']");
    team.wait_for(&resume).await;
    check(&team, "resume", &english).await;
    click(&team, &resume).await;
    team.wait_for(".status.status-in_progress").await;

    // The arrival is corrected in the app's own day and time fields: the day as Russian
    // writes it, where WebKit's date-time field would follow the system's locale.
    click(&team, "button[data-correct=arrived]").await;
    let day = team.wait_for("form.correct input[data-date]").await;
    let shown = day.prop("value").await.expect("the day").unwrap_or_default();
    assert!(
        shown.len() == 10 && shown.as_bytes()[2] == b'.' && shown.as_bytes()[5] == b'.',
        "the day as Russian writes it: {shown}"
    );
    // The day before, so that 06:50 is past whatever the hour of this run.
    let yesterday =
        chrono::NaiveDate::parse_from_str(&shown, "%d.%m.%Y").expect("a day").pred_opt().expect("a day before");
    day.clear().await.expect("clear the day");
    day.send_keys(&yesterday.format("%d.%m.%Y").to_string()).await.expect("type the day");
    let time = team.wait_for("form.correct input[data-time]").await;
    time.clear().await.expect("clear the time");
    time.send_keys("6.50").await.expect("type the time");
    check(&team, "correct-time", &english).await;
    click(&team, "form.correct button[type=submit]").await;
    team.wait_for("time.time-value").await;
    let corrected = team.wait_for("section.times time.time-value").await.text().await.expect("the arrival");
    assert_eq!(corrected, "06:50", "the corrected arrival, in the place's time");

    // The lead submits (questions are unanswered: the app asks first); it syncs at once.
    click(&team, "button[data-part='finish']").await;
    click(&team, "button.submit").await;
    click(&team, ".confirm button.submit").await;
    team.wait_for(".meta .status-submitted").await;
    check(&team, "submitted", &english).await;
    for _ in 0..100 {
        let status = invoke(&team, "sync_status", json!({})).await;
        if status["state"] == "synced" && status["outbox"] == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // The supervisor's phone: the queue; opening the visit is reviewing it; returned with a reason.
    let desk = launch(&display, desk_dir.path(), &office, &supervisor_code, exports.path()).await;
    russian_phone(&desk).await;
    let card = format!("a.card[data-visit='{visit_id}']");
    for _ in 0..10 {
        if present(&desk, &card).await {
            break;
        }
        sync_now(&desk).await;
    }
    check(&desk, "queue", &english).await;
    click(&desk, &card).await;
    desk.wait_for(".meta .status-in_review").await;
    check(&desk, "review", &english).await;
    click(&desk, "button[data-move='returned']").await;
    type_into(&desk, "[data-returning] textarea", "Опишите, что показал медицинский журнал.").await;
    check(&desk, "return-reason", &english).await;
    click(&desk, "[data-returning] button[type='submit']").await;
    desk.wait_for(".meta .status-returned").await;
    desk.wait_for("a.back[href='#/review']").await;
    check(&desk, "returned", &english).await;

    desk.client.clone().close().await.expect("end the session");
    team.client.clone().close().await.expect("end the session");
}
