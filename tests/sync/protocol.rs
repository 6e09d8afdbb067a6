use serde_json::{Map, json};
use vigil_core::protocol::{API_PREFIX, ApiError, OpOutcome, PushRequest, PushResponse};
use vigil_core::{Entity, VisitStatus};

use crate::world::{World, observation};

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("compress");
    encoder.finish().expect("compress")
}

fn api(world: &World, path: &str) -> String {
    format!("{}{API_PREFIX}{path}", world.office.url)
}

/// The office's records, to show a refused request stored nothing.
fn office_state(world: &World) -> String {
    world.office.storage.snapshot_text().expect("office snapshot")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replayed_push_gets_the_first_answer_and_stores_nothing_new() {
    let world = World::new().await;
    world.lead_a.sync().await.expect("sync");
    let visit = world.visit(world.team_a);
    world.lead_a.store().create(&world.lead_a.actor, &visit.into()).expect("plan");
    let ops = world.lead_a.store().outbox(10).expect("outbox");
    let device_id = world.lead_a.store().device_id();
    let token = token_of(&world).await;
    let http = reqwest::Client::new();
    let push = || {
        http.post(api(&world, "/push")).bearer_auth(&token).json(&PushRequest {
            device_id,
            ops: ops.clone(),
            blobs_set_aside: vec![],
        })
    };

    let first: PushResponse = push().send().await.expect("push").json().await.expect("answer");
    assert!(matches!(first.results[0].outcome, OpOutcome::Accepted { .. }));
    let stored = office_state(&world);
    let second: PushResponse = push().send().await.expect("replay").json().await.expect("answer");
    assert_eq!(second, first);
    assert_eq!(office_state(&world), stored);
    // The same batch gzip-compressed, as a device on a slow link sends it: the same batch.
    let body =
        gzip(&serde_json::to_vec(&PushRequest { device_id, ops: ops.clone(), blobs_set_aside: vec![] }).expect("body"));
    let compressed = http.post(api(&world, "/push")).bearer_auth(&token).header("content-encoding", "gzip").body(body);
    let third: PushResponse = compressed.send().await.expect("replay").json().await.expect("answer");
    assert_eq!(third, first);
    assert_eq!(office_state(&world), stored);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_op_is_passed_on_as_the_device_sent_it_and_reads_the_same_everywhere() {
    let world = World::new().await;
    world.lead_a.sync().await.expect("reference data");
    world.inspector_a.sync().await.expect("reference data");
    let visit = world.visit(world.team_a);
    world.lead_a.store().create(&world.lead_a.actor, &visit.clone().into()).expect("plan");
    let op = world.lead_a.store().outbox(1).expect("outbox").remove(0);
    // Spaced out, as another client might write it: still exactly an op.
    let sent = serde_json::to_string_pretty(&op).expect("op");
    let body = format!("{{\"device_id\": \"{}\", \"ops\": [\n{sent}\n]}}", op.device_id);
    let token = token_of(&world).await;
    let answer: PushResponse = reqwest::Client::new()
        .post(api(&world, "/push"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("push")
        .json()
        .await
        .expect("answer");
    assert!(matches!(answer.results[0].outcome, OpOutcome::Accepted { .. }), "{answer:?}");

    let page = reqwest::Client::new()
        .get(api(&world, "/changes?since=0"))
        .bearer_auth(&token_of_inspector(&world).await)
        .send()
        .await
        .expect("changes")
        .text()
        .await
        .expect("page");
    assert!(page.contains(&sent), "the office passes the op on in the device's own text");
    let page: serde_json::Value = serde_json::from_str(&page).expect("page is JSON");
    let passed_on = page["changes"].as_array().expect("changes").iter().find(|c| c["op"]["op_id"] == json!(op.op_id));
    let passed_on: vigil_core::Op = serde_json::from_value(passed_on.expect("the op")["op"].clone()).expect("an op");
    assert_eq!(passed_on, op);
}

/// A token of the inspector's device, which an administrator re-enrols for the test.
async fn token_of_inspector(world: &World) -> String {
    let device_id = world.inspector_a.store().device_id();
    world.office.re_enrol_raw(device_id).await
}

/// A token of the lead's device, which an administrator re-enrols for the test.
async fn token_of(world: &World) -> String {
    let device_id = world.lead_a.store().device_id();
    world.office.re_enrol_raw(device_id).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gap_in_device_seq_is_refused_with_the_expected_number() {
    let world = World::new().await;
    world.lead_a.sync().await.expect("sync");
    let visit = world.visit(world.team_a);
    world.lead_a.store().create(&world.lead_a.actor, &visit.clone().into()).expect("plan");
    world.lead_a.store().create(&world.lead_a.actor, &observation(visit.id, "cold cells").into()).expect("observe");
    let mut ops = world.lead_a.store().outbox(10).expect("outbox");
    ops.remove(0);
    let device_id = world.lead_a.store().device_id();
    let token = token_of(&world).await;
    let stored = office_state(&world);
    let answer = reqwest::Client::new()
        .post(api(&world, "/push"))
        .bearer_auth(&token)
        .json(&PushRequest { device_id, ops, blobs_set_aside: vec![] })
        .send()
        .await
        .expect("push");
    assert_eq!(answer.status(), 409);
    let error: ApiError = answer.json().await.expect("error body");
    assert_eq!((error.code, error.expected), (vigil_core::Code::SequenceGap, Some(1)));
    assert_eq!(office_state(&world), stored);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_op_comes_back_with_a_reason_and_does_not_block_the_next() {
    let world = World::new().await;
    world.inspector_a.sync().await.expect("sync");
    let visit = world.visit(world.team_a);
    let inspector = world.inspector_a.actor;
    world.inspector_a.store().create(&inspector, &visit.clone().into()).expect("plan");
    world.inspector_a.sync().await.expect("push visit");

    // An inspector's device that lets a submit through (an older app, say): simulate it by
    // pushing an op whose role the office will check.
    let changes = Map::from_iter([("status".to_owned(), json!(VisitStatus::Submitted))]);
    let lead_view = vigil_store::Actor { role: vigil_core::Role::Lead, ..inspector };
    world.inspector_a.store().update(&lead_view, Entity::Visit, visit.id, changes).expect("local submit");
    let next_visit = world.visit(world.team_a);
    world.inspector_a.store().create(&inspector, &next_visit.clone().into()).expect("plan another");
    let finding = observation(next_visit.id, "Cell 2 has no light");
    world.inspector_a.store().create(&inspector, &finding.clone().into()).expect("observe");

    let report = world.inspector_a.sync().await.expect("sync");
    // The visit, the refused submit, the audit event recording the attempt, the finding.
    assert_eq!((report.pushed, report.rejected), (4, 1));
    let rejected = world.inspector_a.store().rejected().expect("rejected list");
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].code, vigil_core::Code::Workflow);
    assert_eq!(rejected[0].reason, "a Inspector may not move a visit from in_progress to submitted");
    assert_eq!(world.inspector_a.store().outbox_len().expect("outbox"), 0, "never retried");

    world.lead_a.sync().await.expect("lead pulls");
    let lead = world.lead_a.store();
    assert!(lead.record(Entity::Observation, finding.id).expect("read").is_some(), "the op after it went through");
    let Some(vigil_core::Record::Visit(seen)) = lead.record(Entity::Visit, visit.id).expect("read") else {
        panic!("visit")
    };
    assert_eq!(seen.status, VisitStatus::InProgress);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_get_a_4xx_naming_the_problem_and_store_nothing() {
    let world = World::new().await;
    world.lead_a.sync().await.expect("reference data");
    let token = token_of(&world).await;
    let device_id = world.lead_a.store().device_id();
    let stored = office_state(&world);
    let http = reqwest::Client::new();

    let visit = world.visit(world.team_a);
    world.lead_a.store().create(&world.lead_a.actor, &visit.into()).expect("plan");
    let op = world.lead_a.store().outbox(1).expect("outbox").remove(0);
    let mut unknown_field = serde_json::to_value(&op).expect("op");
    unknown_field["patch"]["colour"] = json!({"new": "red"});
    let mut wrong_kind = serde_json::to_value(&op).expect("op");
    wrong_kind["patch"]["unannounced"] = json!({"new": "perhaps"});
    let push_op = |op: serde_json::Value| json!({"device_id": device_id, "ops": [op]});
    // 40 MiB of spaces inflate from a body of about 40 KiB: past the limit once inflated.
    let bomb = gzip(&[b' '; 40 * 1024 * 1024]);
    let gzip_push = |body: Vec<u8>| {
        http.post(api(&world, "/push")).bearer_auth(&token).header("content-encoding", "gzip").body(body)
    };

    let cases: Vec<(reqwest::RequestBuilder, u16, &str, &str)> = vec![
        (
            http.post(api(&world, "/push")).bearer_auth(&token).json(&push_op(unknown_field)),
            400,
            "bad_request",
            "colour",
        ),
        (
            http.post(api(&world, "/push")).bearer_auth(&token).json(&push_op(wrong_kind)),
            400,
            "bad_request",
            "unannounced",
        ),
        (gzip_push(bomb), 413, "too_large", "once inflated"),
        (gzip_push(b"{\"device_id\": \"not gzip\"}".to_vec()), 400, "bad_request", "not valid gzip"),
        (
            http.post(api(&world, "/push")).bearer_auth(&token).header("content-encoding", "br").body("{}"),
            415,
            "unsupported_encoding",
            "\"br\"",
        ),
        (http.post(api(&world, "/push")).bearer_auth(&token).body("{not json"), 400, "bad_request", "push request"),
        (
            http.post(api(&world, "/push")).bearer_auth(&token).json(&json!({"device_id": device_id, "ops": "many"})),
            400,
            "bad_request",
            "invalid type",
        ),
        (
            http.post(api(&world, "/push"))
                .bearer_auth(&token)
                .json(&json!({"device_id": device_id, "ops": [{"entity": "prisoner"}]})),
            400,
            "bad_request",
            "prisoner",
        ),
        (
            http.post(api(&world, "/push")).json(&json!({"device_id": device_id, "ops": []})),
            401,
            "unauthorized",
            "token",
        ),
        (http.get(api(&world, "/changes?since=0")).bearer_auth("not-a-token"), 401, "unauthorized", "token"),
        (http.get(api(&world, "/changes?since=minus-one")).bearer_auth(&token), 400, "bad_request", "since"),
        (
            http.post(api(&world, "/enrol"))
                .json(&json!({"code": "AAAA-BBBB-CCCC", "device_id": device_id, "device_name": "x"})),
            401,
            "bad_enrolment_code",
            "enrolment code",
        ),
    ];
    // A body past the limit is refused from its stated length, before it is read. Sent as
    // headers alone, so the answer cannot race the upload: a client still writing 33 MiB
    // may find the connection closed under it, and never read the answer.
    let answer = headers_only(&api(&world, "/push"), &token, 33 * 1024 * 1024).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("too_large") && answer.contains("limit"), "{answer}");

    for (request, status, code, mention) in cases {
        let answer = request.send().await.expect("send");
        assert_eq!(answer.status().as_u16(), status);
        let error: ApiError = answer.json().await.expect("error body is JSON");
        assert_eq!(error.code.as_str(), code);
        assert!(error.message.contains(mention), "{:?} should mention {mention:?}", error.message);
    }
    assert_eq!(office_state(&world), stored);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_device_gets_401_on_its_next_request_and_a_code_works_once() {
    let world = World::new().await;
    world.lead_a.sync().await.expect("sync before revocation");
    let device_id = world.lead_a.store().device_id();
    world.office.storage.revoke(device_id).expect("revoke");
    let err = world.lead_a.sync().await.expect_err("revoked");
    assert!(matches!(err, vigil_sync::SyncError::Unauthorized(_)), "{err}");

    let code =
        world.office.storage.enrolment_code(world.lead_a.actor.user_id, chrono::Duration::hours(1)).expect("code");
    let other = tempfile::tempdir().expect("dir");
    let store = std::sync::Mutex::new(vigil_store::Store::open(&other.path().join("d.db")).expect("store"));
    vigil_sync::SyncClient::enrol(&world.office.url, &code, &store, "first").await.expect("first use");
    let again = vigil_sync::SyncClient::enrol(&world.office.url, &code, &store, "second").await.expect_err("reuse");
    assert!(matches!(again, vigil_sync::SyncError::Unauthorized(_)), "{again}");
    let expired =
        world.office.storage.enrolment_code(world.lead_a.actor.user_id, chrono::Duration::seconds(-1)).expect("code");
    let late = vigil_sync::SyncClient::enrol(&world.office.url, &expired, &store, "late").await.expect_err("expired");
    assert!(matches!(late, vigil_sync::SyncError::Unauthorized(_)), "{late}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_of_changes_travel_gzip_compressed_when_the_device_accepts_it() {
    let world = World::new().await;
    world.lead_a.sync().await.expect("sync");
    let token = token_of(&world).await;
    let raw = reqwest::Client::builder().no_gzip().build().expect("client");
    let answer = raw
        .get(api(&world, "/changes?since=0"))
        .bearer_auth(&token)
        .header("accept-encoding", "gzip")
        .send()
        .await
        .expect("changes");
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.headers().get("content-encoding").and_then(|v| v.to_str().ok()), Some("gzip"));
    let compressed = answer.bytes().await.expect("body").len();
    let plain =
        reqwest::Client::new().get(api(&world, "/changes?since=0")).bearer_auth(&token).send().await.expect("changes");
    let text = plain.text().await.expect("body");
    assert!(compressed < text.len(), "{compressed} bytes compressed vs {} plain", text.len());
}

/// An op pointing at a record the office does not hold is refused with its reason, not a
/// failed batch: the ops around it are stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_op_pointing_at_a_missing_record_is_refused_alone() {
    let world = World::new().await;
    let (device_id, token) = world.office.enrol_raw(world.lead_a.actor.user_id, None).await;
    let user = world.lead_a.actor.user_id;
    let visit = world.visit(world.team_a);
    let orphan = vigil_core::records::RecommendationAssessment {
        id: uuid::Uuid::now_v7(),
        recommendation_id: uuid::Uuid::now_v7(),
        visit_id: visit.id,
        status: vigil_core::records::ImplementationStatus::Implemented,
        evidence: "Windows fitted".into(),
        assessed_on: visit.planned_on,
    };
    let finding = observation(visit.id, "Cell 2 has no light");
    let hlc = |n: u64| vigil_core::Hlc { millis: vigil_tests::now_millis() + n, counter: 0 };
    let ops = vec![
        vigil_core::Op::create(&visit.into(), device_id, 1, hlc(1), user),
        vigil_core::Op::create(&orphan.into(), device_id, 2, hlc(2), user),
        vigil_core::Op::create(&finding.into(), device_id, 3, hlc(3), user),
    ];
    let answer = world.office.push_raw(&token, device_id, ops).await;
    assert_eq!(vigil_tests::outcome_codes(&answer), vec!["ok", "not_found", "ok"]);
    let OpOutcome::Rejected { reason, .. } = &answer.results[1].outcome else { panic!("refused") };
    assert!(reason.contains("recommendation_id"), "{reason}");
}

/// POSTs `url` with a `Content-Length` of `length` and no body; answers what the office
/// says before any of the body arrives (as text).
async fn headers_only(url: &str, token: &str, length: usize) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let url = reqwest::Url::parse(url).expect("url");
    let address = format!("{}:{}", url.host_str().expect("host"), url.port().expect("port"));
    let mut stream = tokio::net::TcpStream::connect(&address).await.expect("connect");
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n",
        url.path()
    );
    stream.write_all(head.as_bytes()).await.expect("headers");
    let mut answer = Vec::new();
    let mut chunk = [0u8; 4096];
    // Until the office closes the connection, or its answer has come whole.
    while let Ok(Ok(read)) = tokio::time::timeout(std::time::Duration::from_secs(10), stream.read(&mut chunk)).await {
        if read == 0 {
            break;
        }
        answer.extend_from_slice(&chunk[..read]);
        if answer.ends_with(b"}") {
            break;
        }
    }
    String::from_utf8_lossy(&answer).into_owned()
}
