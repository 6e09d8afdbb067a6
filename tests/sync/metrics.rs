//! `/metrics` of the real office while devices sync through the real client: each counter
//! moves by what the devices did (pushes, pulls, ops accepted, refused by code, requests by
//! route), the gauges show devices and sizes; a replay is not counted twice; and only the
//! allowed places with the token read it.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use vigil_core::protocol::OpOutcome;
use vigil_core::records::Attachment;
use vigil_core::{Entity, Hlc, Op, Role, VisitStatus};
use vigil_server::api::Limits;
use vigil_server::metrics::MetricsAccess;

use crate::world::{World, observation};

/// One scrape: each sample by its series as written (`name{label="value",...}`).
#[derive(Debug)]
struct Scrape {
    samples: HashMap<String, f64>,
}

impl Scrape {
    /// Reads the text format: `# HELP`/`# TYPE` lines, then `series value` lines.
    fn parse(text: &str) -> Scrape {
        let mut samples = HashMap::new();
        for line in text.lines().filter(|line| !line.is_empty() && !line.starts_with('#')) {
            let (series, value) = line.rsplit_once(' ').unwrap_or_else(|| panic!("not a sample: {line:?}"));
            let value = match value {
                "+Inf" => f64::INFINITY,
                value => value.parse().unwrap_or_else(|_| panic!("not a number in {line:?}")),
            };
            assert!(samples.insert(series.to_owned(), value).is_none(), "{series} twice");
        }
        Scrape { samples }
    }

    /// The sum of the samples of `name` whose labels include every one of `labels`.
    fn sum(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        self.samples
            .iter()
            .filter(|(series, _)| {
                let (series_name, series_labels) = series.split_once('{').unwrap_or((series, ""));
                series_name == name
                    && labels.iter().all(|(key, value)| {
                        series_labels.trim_end_matches('}').split(',').any(|pair| pair == format!("{key}=\"{value}\""))
                    })
            })
            .map(|(_, value)| value)
            .sum()
    }

    /// How much `name` (with `labels`) grew since `before`.
    fn grew(&self, before: &Scrape, name: &str, labels: &[(&str, &str)]) -> f64 {
        self.sum(name, labels) - before.sum(name, labels)
    }
}

async fn scrape(url: &str) -> Scrape {
    let answer = reqwest::get(format!("{url}/metrics")).await.expect("scrape");
    assert_eq!(answer.status(), 200);
    Scrape::parse(&answer.text().await.expect("metrics text"))
}

const PUSH: &[(&str, &str)] = &[("route", "/api/v1/push"), ("method", "POST"), ("status", "200")];
const PULL: &[(&str, &str)] = &[("route", "/api/v1/changes"), ("method", "GET"), ("status", "200")];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_counters_move_by_what_devices_push_and_pull_and_the_gauges_show_the_office() {
    let world = World::new().await;
    let (office, lead, inspector) = (&world.office, &world.lead_a, &world.inspector_a);
    let start = scrape(&office.url).await;
    assert_eq!(start.sum("vigil_devices_enrolled", &[]), 3.0, "three devices enrolled");
    assert_eq!(start.sum("vigil_devices_active", &[]), 0.0, "none has synced yet");
    assert_eq!(start.sum("vigil_blob_bytes", &[]), 0.0);
    assert!(start.sum("vigil_database_bytes", &[]) > 0.0);

    // A pull alone: reference data, nothing to push.
    let idle = inspector.sync().await.expect("inspector's first sync");
    assert_eq!(idle.pushed, 0, "{idle:?}");
    let after_pull = scrape(&office.url).await;
    assert_eq!(after_pull.grew(&start, "vigil_pulls_total", &[]), idle.requests as f64, "{idle:?}");
    assert_eq!(after_pull.grew(&start, "vigil_http_requests_total", PULL), idle.requests as f64);
    assert_eq!(after_pull.grew(&start, "vigil_pushes_total", &[]), 0.0);
    assert_eq!(after_pull.sum("vigil_devices_active", &[]), 1.0);

    // The lead plans a visit with a photo and three findings, and syncs it.
    lead.sync().await.expect("lead's reference data");
    let visit = world.visit(world.team_a);
    let photo: Vec<u8> = (0..48_000u32).map(|n| (n * 7 % 251) as u8).collect();
    let sha256 = lead.store().add_blob(&photo).expect("keep photo");
    let picture = Attachment {
        id: uuid::Uuid::now_v7(),
        visit_id: visit.id,
        sha256,
        mime: "image/jpeg".into(),
        size: photo.len() as i64,
        file_name: "cell-2.jpg".into(),
    };
    let mut finding = observation(visit.id, "No mattress in cell 2");
    finding.attachment_ids = vec![picture.id];
    {
        let mut store = lead.store();
        store.create(&lead.actor, &visit.clone().into()).expect("plan");
        store.create(&lead.actor, &picture.into()).expect("attach");
        store.create(&lead.actor, &finding.clone().into()).expect("observe");
        store.create(&lead.actor, &observation(visit.id, "Cell 3 unlit").into()).expect("observe");
        store.create(&lead.actor, &observation(visit.id, "Register incomplete").into()).expect("observe");
    }
    let waiting = lead.store().outbox_len().expect("outbox") as f64;
    let before = scrape(&office.url).await;
    let report = lead.sync().await.expect("lead pushes the visit");
    assert_eq!((report.pushed as f64, report.rejected), (waiting, 0));
    let after = scrape(&office.url).await;
    assert_eq!(after.grew(&before, "vigil_ops_accepted_total", &[]), waiting, "every op the lead had waiting");
    assert_eq!(after.grew(&before, "vigil_pushes_total", &[]), 1.0, "{waiting} ops fit one push");
    assert_eq!(after.grew(&before, "vigil_http_requests_total", PUSH), 1.0);
    assert_eq!(after.grew(&before, "vigil_http_request_duration_seconds_count", &[("route", "/api/v1/push")]), 1.0);
    assert!(after.grew(&before, "vigil_http_request_duration_seconds_sum", &[("route", "/api/v1/push")]) > 0.0);
    let uploads = &[("route", "/api/v1/blobs/{sha256}"), ("method", "PUT"), ("status", "200")];
    assert!(after.grew(&before, "vigil_http_requests_total", uploads) >= 1.0, "the photo went up by its route");
    assert_eq!(after.sum("vigil_blob_bytes", &[]), photo.len() as f64, "the photo is held whole");
    assert_eq!(after.sum("vigil_ops_rejected_total", &[]), 0.0);

    // The inspector edits a finding offline while the visit goes through review and is
    // approved: the edit arrives too late and is refused as locked.
    inspector.sync().await.expect("the inspector receives the visit");
    let edit = serde_json::Map::from_iter([("text".to_owned(), serde_json::json!("Cell 2: mattress missing"))]);
    inspector.store().update(&inspector.actor, Entity::Observation, finding.id, edit).expect("edit offline");
    let status = |to: VisitStatus| serde_json::Map::from_iter([("status".to_owned(), serde_json::json!(to))]);
    lead.store().update(&lead.actor, Entity::Visit, visit.id, status(VisitStatus::Submitted)).expect("submit");
    lead.sync().await.expect("push the submission");
    let supervisor_id = office.user("Sara Supervisor", Role::Supervisor, &[world.team_a]);
    let supervisor = office.device(supervisor_id, Role::Supervisor, world._dir.path(), "supervisor").await;
    supervisor.sync().await.expect("the supervisor receives the visit");
    {
        let mut store = supervisor.store();
        store.update(&supervisor.actor, Entity::Visit, visit.id, status(VisitStatus::InReview)).expect("take");
        store.update(&supervisor.actor, Entity::Visit, visit.id, status(VisitStatus::Approved)).expect("approve");
    }
    supervisor.sync().await.expect("push the approval");
    let before = scrape(&office.url).await;
    let late = inspector.sync().await.expect("the late edit");
    assert_eq!(late.rejected, 1, "{late:?}");
    let after = scrape(&office.url).await;
    assert_eq!(after.grew(&before, "vigil_ops_rejected_total", &[("code", "visit_locked")]), 1.0);
    assert_eq!(after.grew(&before, "vigil_ops_rejected_total", &[]), 1.0, "no other code moved");
    assert_eq!(after.grew(&before, "vigil_ops_accepted_total", &[]), (late.pushed - late.rejected) as f64);
    assert_eq!(after.sum("vigil_devices_enrolled", &[]), 4.0, "the supervisor's device joined");
    assert_eq!(after.sum("vigil_devices_active", &[]), 3.0, "the lead, the inspector and the supervisor synced");

    // A revoked device no longer counts as enrolled; its refused request is counted by status.
    let revoked = world.inspector_b.store().device_id();
    office.storage.revoke(revoked).expect("revoke");
    let refused = world.inspector_b.sync().await;
    assert!(refused.is_err(), "a revoked device cannot sync");
    let last = scrape(&office.url).await;
    assert_eq!(last.sum("vigil_devices_enrolled", &[]), 3.0);
    let unauthorized = &[("route", "/api/v1/changes"), ("status", "401")];
    assert!(last.grew(&after, "vigil_http_requests_total", unauthorized) >= 1.0);
    // A path no route matches is counted as one label, not by the path asked for.
    let made_up = format!("{}/api/v1/visits/{}", office.url, uuid::Uuid::now_v7());
    assert_eq!(reqwest::get(&made_up).await.expect("request").status(), 404);
    let text = reqwest::get(format!("{}/metrics", office.url)).await.expect("scrape").text().await.expect("text");
    assert!(text.contains("route=\"unmatched\""), "{text}");
    assert!(!text.contains("/api/v1/visits/"), "no path asked for is a label");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replayed_push_is_answered_again_but_counted_once() {
    let world = World::new().await;
    let office = &world.office;
    let lead = office.user("Rita Replay", Role::Lead, &[world.team_a]);
    let (device_id, token) = office.enrol_raw(lead, None).await;
    let visit = world.visit(world.team_a);
    let hlc = Hlc { millis: vigil_tests::now_millis(), counter: 0 };
    let ops = vec![Op::create(&vigil_core::Record::from(visit), device_id, 1, hlc, lead)];
    let before = scrape(&office.url).await;
    let first = office.push_raw(&token, device_id, ops.clone()).await;
    let again = office.push_raw(&token, device_id, ops).await;
    assert_eq!(first, again, "the replay gets the first answer");
    assert!(matches!(first.results[0].outcome, OpOutcome::Accepted { .. }), "{first:?}");
    let after = scrape(&office.url).await;
    assert_eq!(after.grew(&before, "vigil_pushes_total", &[]), 2.0);
    assert_eq!(after.grew(&before, "vigil_ops_accepted_total", &[]), 1.0);
}

/// An office whose `/metrics` only 127.0.0.2 may read, with a token.
async fn guarded_office(world: &World, token: &str) -> String {
    let access = MetricsAccess::new(vec!["127.0.0.2/32".parse().expect("net")], Some(token));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let app = vigil_server::router_with(Arc::clone(&world.office.storage), Limits::default(), access);
    tokio::spawn(async move {
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await.expect("serve")
    });
    url
}

fn client_from(address: &str) -> reqwest::Client {
    reqwest::Client::builder().local_address(address.parse::<std::net::IpAddr>().ok()).build().expect("client")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_allowed_place_with_the_token_reads_the_metrics() {
    let world = World::new().await;
    let token = "9b7e0c4d2a61f8e35d0b7c9a1e2f4d68";
    let url = format!("{}/metrics", guarded_office(&world, token).await);
    let (stranger, scraper) = (client_from("127.0.0.1"), client_from("127.0.0.2"));

    let answers = [
        ("a stranger's place with the token", stranger.get(&url).bearer_auth(token), 403, "forbidden"),
        ("the allowed place without a token", scraper.get(&url), 401, "unauthorized"),
        ("the allowed place with another token", scraper.get(&url).bearer_auth("9b7e0c4d"), 401, "unauthorized"),
    ];
    for (who, request, status, code) in answers {
        let answer = request.send().await.expect("request");
        assert_eq!(answer.status(), status, "{who}");
        let body = answer.text().await.expect("body");
        assert!(body.contains(&format!("\"code\":\"{code}\"")), "{who}: {body}");
        assert!(!body.contains("vigil_"), "{who} sees no count: {body}");
    }
    let answer = scraper.get(&url).bearer_auth(token).send().await.expect("scrape");
    assert_eq!(answer.status(), 200);
    let scraped = Scrape::parse(&answer.text().await.expect("text"));
    assert_eq!(scraped.sum("vigil_devices_enrolled", &[]), 3.0);
}
