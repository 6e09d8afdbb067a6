//! An app and an office of two versions of the sync protocol. A record that gains a field
//! is a new version: ops are parsed strictly, so a side that does not know the field
//! refuses the op rather than drop it. Each side therefore refuses a peer too old for it,
//! clearly and before anything of the outbox is sent, and every local edit waits.

use std::sync::Mutex;

use vigil_core::protocol::{EnrolRequest, PROTOCOL_VERSION, VersionMismatch, Versions};
use vigil_core::{Code, Role};
use vigil_server::Storage;
use vigil_server::api::Limits;
use vigil_store::{Actor, Store};
use vigil_sync::{SyncClient, SyncError};
use vigil_tests::{Device, Office};

use crate::world::{World, observation, reference_records};

/// A visit and a finding on the lead's device, waiting in its outbox.
fn two_edits_waiting(world: &World) {
    let lead = world.lead_a.actor;
    let visit = world.visit(world.team_a);
    let mut store = world.lead_a.store();
    store.create(&lead, &visit.clone().into()).expect("plan");
    store.create(&lead, &observation(visit.id, "No mattress in cell 4").into()).expect("observe");
}

fn visits_at(office: &Office) -> usize {
    office.storage.all::<vigil_core::records::Visit>(vigil_core::Entity::Visit).expect("visits").len()
}

/// A lead's device enrolled with an office that serves only apps of `versions`, and
/// a visit of its team: enrolled through the office's storage, since an app of another
/// version could not enrol over HTTP.
fn lead_of(office: &Office, dir: &std::path::Path, versions: Versions) -> (Device, vigil_core::records::Visit) {
    let team = office.team("Team A");
    let reference = reference_records();
    office.storage.add_records(&reference.records).expect("reference data");
    let user_id = office.user("Lena Lead", Role::Lead, &[team]);
    let path = dir.join("lead.db");
    let store = Store::open(&path).expect("device store");
    let code = office.storage.enrolment_code(user_id, chrono::Duration::hours(1)).expect("code");
    let request = EnrolRequest { code, device_id: store.device_id(), device_name: "lead".into() };
    let token = office.storage.enrol(&request).expect("enrolled").token;
    let client = SyncClient::new(&office.url, token).expect("client").with_versions(versions);
    let device = Device { store: Mutex::new(store), client, path, actor: Actor { user_id, role: Role::Lead } };
    (device, reference.visit(team))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_app_a_version_older_than_the_office_serves_is_told_to_update_and_keeps_its_edits() {
    // The office speaks one version more and serves no older app.
    let next = Versions { speaks: PROTOCOL_VERSION + 1, oldest_peer: PROTOCOL_VERSION + 1 };
    let office = Office::start_with(Limits { versions: next, ..Limits::default() }).await;
    let dir = tempfile::tempdir().expect("dir");
    let (lead, visit) = lead_of(&office, dir.path(), next);
    lead.sync().await.expect("reference data, by the updated app");
    {
        let mut store = lead.store();
        store.create(&lead.actor, &visit.clone().into()).expect("plan");
        store.create(&lead.actor, &observation(visit.id, "No mattress in cell 4").into()).expect("observe");
    }

    // The same device before its update.
    let older = lead.client.clone().with_versions(Versions::APP);
    let err = older.sync(&lead.store, &|_| {}).await.expect_err("too old for this office");
    match &err {
        SyncError::UpdateRequired { versions, message } => {
            let mismatch = VersionMismatch { app: PROTOCOL_VERSION, office: next.speaks, oldest: next.speaks };
            assert_eq!(*versions, Some(mismatch), "{message}");
            assert!(message.contains("update the app"), "{message}");
        }
        other => panic!("expected update_required, got {other:?}"),
    }
    assert!(!err.is_transient(), "waiting does not fix it: the person is told");
    assert_eq!(lead.store().outbox_len().expect("outbox"), 2, "every edit waits on the device");
    assert_eq!(visits_at(&office), 0);

    // Updated, it sends them all.
    let report = lead.sync().await.expect("the updated app syncs");
    assert_eq!((report.pushed, report.rejected), (2, 0));
    assert_eq!(visits_at(&office), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_app_a_version_newer_than_its_office_takes_refuses_it_and_sends_nothing() {
    let world = World::new().await;
    world.lead_a.sync().await.expect("reference data");
    two_edits_waiting(&world);
    // The app's records gained a field the office does not know (this office would refuse
    // the whole batch as malformed): its version is one more, and it needs an office that
    // knows the field.
    {
        let store = world.lead_a.store();
        let changed = store
            .sql()
            .execute(
                "UPDATE op_log SET body = replace(body, '\"summary\":', '\"escort\":{\"old\":null,\"new\":\"police\",\"supersedes\":[]},\"summary\":')
                  WHERE entity = 'visit'",
                [],
            )
            .expect("a field added");
        assert_eq!(changed, 1);
    }
    let next = PROTOCOL_VERSION + 1;
    let newer = world.lead_a.client.clone().with_versions(Versions { speaks: next, oldest_peer: next });
    let err = newer.sync(&world.lead_a.store, &|_| {}).await.expect_err("the office is too old");
    match &err {
        SyncError::OfficeTooOld(versions) => {
            assert_eq!(*versions, VersionMismatch { app: next, office: PROTOCOL_VERSION, oldest: next });
            assert!(err.to_string().contains("office must be updated"), "{err}");
        }
        other => panic!("expected office_too_old, got {other:?}"),
    }
    assert!(!err.is_transient());
    assert_eq!(world.lead_a.store().outbox_len().expect("outbox"), 2, "every edit waits on the device");
    assert_eq!(visits_at(&world.office), 0, "nothing was sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_app_of_the_version_before_the_header_still_syncs_with_an_office_that_serves_it() {
    // Version 1 sent no header; this office serves it.
    let world = World::new().await;
    let first = world.lead_a.client.clone().with_versions(Versions { speaks: 1, oldest_peer: 1 });
    first.sync(&world.lead_a.store, &|_| {}).await.expect("reference data");
    two_edits_waiting(&world);
    let report = first.sync(&world.lead_a.store, &|_| {}).await.expect("sync");
    assert_eq!((report.pushed, report.rejected), (2, 0));

    // Once the office serves version 2 and newer only, it says so, whatever the request.
    let limits = Limits { versions: Versions { speaks: 2, oldest_peer: 2 }, ..Limits::default() };
    let office = Office::start_with(limits).await;
    let answer = reqwest::Client::new()
        .get(format!("{}{}/health", office.url, vigil_core::protocol::API_PREFIX))
        .send()
        .await
        .expect("health");
    assert_eq!(answer.status(), 426);
    assert_eq!(answer.headers()[vigil_core::protocol::PROTOCOL_HEADER], "2");
    let error: vigil_core::protocol::ApiError = answer.json().await.expect("json");
    assert_eq!(error.code, Code::UpdateRequired);
    assert_eq!(error.versions, Some(VersionMismatch { app: 1, office: 2, oldest: 2 }));
}

/// The device schema before blobs could be set aside (device migration 0008).
const BEFORE_SET_ASIDE: usize = 7;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_migrated_to_the_newest_schema_with_a_full_outbox_pushes_all_of_it() {
    let office = Office::start().await;
    let admin = office.user("Ada Admin", Role::Admin, &[]);
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("admin.db");
    // Offline on the app before the update: teams recorded, more than a batch of them (a
    // kind whose fields that schema already had).
    let teams = 2 * vigil_core::protocol::MAX_BATCH + 100;
    {
        let mut old = Store::open_with_schema(&path, &vigil_store::schema::DEVICE[..BEFORE_SET_ASIDE]).expect("old");
        let actor = Actor { user_id: admin, role: Role::Admin };
        for n in 0..teams {
            let team = vigil_core::records::Team {
                id: uuid::Uuid::now_v7(),
                name: format!("Offline team {n}"),
                region: "North".into(),
            };
            old.create(&actor, &team.into()).expect("team");
        }
    }
    let store = Mutex::new(Store::open(&path).expect("migrated"));
    assert_eq!(store.lock().expect("store").outbox_len().expect("outbox"), teams as u64);
    let code = office.storage.enrolment_code(admin, chrono::Duration::hours(1)).expect("code");
    let (client, _) = SyncClient::enrol(&office.url, &code, &store, "admin").await.expect("enrol");

    let report = client.sync(&store, &|_| {}).await.expect("sync");
    assert_eq!((report.pushed, report.rejected), (teams, 0));
    assert_eq!(store.lock().expect("store").outbox_len().expect("outbox"), 0);
    let held = office.storage.all::<vigil_core::records::Team>(vigil_core::Entity::Team).expect("held teams");
    assert_eq!(held.iter().filter(|team| team.name.starts_with("Offline team")).count(), teams);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_template_v2_published_while_a_team_holds_v1_answers_offline_keeps_both() {
    use vigil_core::records::{AnswerValue, ChecklistAnswer, ChecklistTemplate, YesNoUnknown};
    let world = World::new().await;
    for device in [&world.lead_a, &world.inspector_a] {
        device.sync().await.expect("reference data: template v1");
    }
    // Offline, the lead answers v1's question on a visit using v1.
    let visit = world.visit(world.team_a);
    let answer = ChecklistAnswer {
        id: vigil_core::ids::answer_id(visit.id, "th.prot.register"),
        visit_id: visit.id,
        question_key: "th.prot.register".into(),
        value: AnswerValue::YesNo(YesNoUnknown::No),
        note: "Two persons present were not in the register".into(),
    };
    {
        let mut store = world.lead_a.store();
        store.create(&world.lead_a.actor, &visit.clone().into()).expect("plan");
        store.create(&world.lead_a.actor, &answer.clone().into()).expect("answer v1");
    }
    // Meanwhile the office publishes v2, whose question replaces v1's.
    let Some(v1) = world
        .office
        .storage
        .all::<ChecklistTemplate>(vigil_core::Entity::ChecklistTemplate)
        .expect("templates")
        .into_iter()
        .next()
    else {
        panic!("template v1 at the office")
    };
    let mut v2 = ChecklistTemplate { id: uuid::Uuid::now_v7(), version: 2, ..v1.clone() };
    v2.sections[0].questions[0].key = "th.prot.register.v2".into();
    v2.sections[0].questions[0].text = "Is every person held entered in the electronic register on arrival?".into();
    world.office.storage.add_records(&[v2.clone().into()]).expect("v2 published");

    let report = world.lead_a.sync().await.expect("the lead syncs");
    assert_eq!(report.rejected, 0, "the v1 answers fit their visit's v1");
    world.inspector_a.sync().await.expect("the colleague syncs");
    let templates = |store: &Store| {
        let mut versions: Vec<(uuid::Uuid, i64)> = store
            .all::<ChecklistTemplate>(vigil_core::Entity::ChecklistTemplate)
            .expect("templates")
            .into_iter()
            .map(|template| (template.id, template.version))
            .collect();
        versions.sort();
        versions
    };
    let both = vec![(v1.id, 1), (v2.id, 2)];
    for device in [&world.lead_a, &world.inspector_a] {
        let store = device.store();
        assert_eq!(templates(&store), both);
        let held = store.record(vigil_core::Entity::ChecklistAnswer, answer.id).expect("read");
        assert_eq!(held, Some(answer.clone().into()), "the v1 answer");
    }
    let at_office: Vec<ChecklistAnswer> =
        world.office.storage.all(vigil_core::Entity::ChecklistAnswer).expect("answers");
    assert_eq!(at_office, vec![answer]);
    let office_templates: Vec<ChecklistTemplate> =
        world.office.storage.all(vigil_core::Entity::ChecklistTemplate).expect("templates");
    assert_eq!(office_templates.len(), 2);
}
