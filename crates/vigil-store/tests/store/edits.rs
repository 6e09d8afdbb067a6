use serde_json::{Map, Value, json};
use uuid::Uuid;
use vigil_core::records::{RegisterCheck, Team};
use vigil_core::{Entity, Role, VisitStatus};
use vigil_store::Store;

use crate::fixture::{World, actor, dump};

fn changes(pairs: &[(&str, Value)]) -> Map<String, Value> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect()
}

#[test]
fn a_thousand_edits_survive_reopening_as_a_thousand_contiguous_ops() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("device.db");
    let admin = actor(Role::Admin);
    let team_id = Uuid::now_v7();
    let device_id = {
        let mut store = Store::open(&path).expect("open");
        store
            .create(&admin, &Team { id: team_id, name: "Team 0".into(), region: "North".into() }.into())
            .expect("create");
        for n in 1..1000 {
            let op = store
                .update(&admin, Entity::Team, team_id, changes(&[("name", json!(format!("Team {n}")))]))
                .expect("update");
            assert!(op.is_some(), "edit {n} makes an op");
        }
        store.device_id()
    };

    let store = Store::open(&path).expect("reopen");
    let ops = store.op_log().expect("op log");
    assert_eq!(ops.len(), 1000);
    assert!(ops.iter().all(|op| op.device_id == device_id));
    let seqs: Vec<u64> = ops.iter().map(|op| op.device_seq).collect();
    assert_eq!(seqs, (1..=1000).collect::<Vec<u64>>());
    assert!(ops.windows(2).all(|w| w[0].hlc < w[1].hlc), "clocks increase");
    assert_eq!(store.outbox_len().expect("outbox"), 1000);
    let Some(vigil_core::Record::Team(team)) = store.record(Entity::Team, team_id).expect("read") else {
        panic!("team missing")
    };
    assert_eq!(team.name, "Team 999");
}

#[test]
fn an_op_applied_twice_changes_nothing_the_second_time() {
    let (world, mut office) = World::new();
    let observation = world.observation("Cell 4 has no natural light");
    office.create(&world.inspector, &observation.clone().into()).expect("observe");
    let ops = office.op_log().expect("ops");

    let device_path = world.path("second.db");
    let mut device = Store::open(&device_path).expect("open second");
    let first = device.apply_remote(&ops, Some(7)).expect("first apply");
    assert_eq!(first.applied, ops.len());
    let after_first = dump(&device_path);
    let second = device.apply_remote(&ops, Some(7)).expect("second apply");
    assert_eq!((second.applied, second.already_held), (0, ops.len()));
    assert_eq!(dump(&device_path), after_first);
    assert_eq!(device.pull_cursor().expect("cursor"), 7);
    assert_eq!(device.outbox_len().expect("outbox"), 0, "pulled ops are not pushed back");
    assert_eq!(device.record(Entity::Observation, observation.id).expect("read"), Some(observation.into()));
}

#[test]
fn the_workflow_is_enforced_by_role_and_approval_locks_the_visit() {
    let (world, mut store) = World::new();
    let status = |s: VisitStatus| changes(&[("status", json!(s))]);
    let err = store
        .update(&world.inspector, Entity::Visit, world.visit_id, status(VisitStatus::Submitted))
        .expect_err("inspector");
    assert_eq!(err.code(), vigil_core::Code::Workflow);
    assert_eq!(err.to_string(), "a Inspector may not move a visit from in_progress to submitted");

    store.update(&world.lead, Entity::Visit, world.visit_id, status(VisitStatus::Submitted)).expect("lead submits");
    let err = store.create(&world.inspector, &world.observation("late note").into()).expect_err("team edit in review");
    assert_eq!(err.code(), vigil_core::Code::InReview);

    store
        .update(&world.supervisor, Entity::Visit, world.visit_id, status(VisitStatus::InReview))
        .expect("take for review");
    let err = store
        .update(&world.supervisor, Entity::Visit, world.visit_id, status(VisitStatus::Planned))
        .expect_err("no such move");
    assert_eq!(err.to_string(), "a visit cannot move from in_review to planned");
    store.update(&world.supervisor, Entity::Visit, world.visit_id, status(VisitStatus::Approved)).expect("approve");

    let before = dump(&world.path("device.db"));
    let err = store.create(&world.supervisor, &world.observation("after approval").into()).expect_err("locked");
    assert_eq!(err.code(), vigil_core::Code::VisitLocked);
    let err = store
        .update(&world.lead, Entity::Visit, world.visit_id, changes(&[("summary", json!("rewritten"))]))
        .expect_err("locked");
    assert_eq!(err.code(), vigil_core::Code::VisitLocked);
    let err = store
        .update(&world.supervisor, Entity::Visit, world.visit_id, status(VisitStatus::Returned))
        .expect_err("locked");
    assert_eq!(err.code(), vigil_core::Code::Workflow);
    assert_eq!(dump(&world.path("device.db")), before, "refused edits store nothing");
}

#[test]
fn invalid_edits_name_the_field_and_store_nothing() {
    let (world, mut store) = World::new();
    let check = RegisterCheck {
        id: Uuid::now_v7(),
        visit_id: world.visit_id,
        register: "custody register".into(),
        sample_size: 20,
        discrepancies: 2,
        notes: String::new(),
    };
    store.create(&world.inspector, &check.clone().into()).expect("create");
    let path = world.path("device.db");
    let before = dump(&path);
    let outbox = store.outbox_len().expect("outbox");

    let err = store
        .update(&world.inspector, Entity::RegisterCheck, check.id, changes(&[("discrepancies", json!(25))]))
        .expect_err("too many");
    assert_eq!(err.to_string(), "register_check.discrepancies: must not exceed the sample size");
    let err = store
        .update(&world.inspector, Entity::RegisterCheck, check.id, changes(&[("colour", json!("red"))]))
        .expect_err("unknown");
    assert_eq!(err.to_string(), "RegisterCheck has no field \"colour\"");
    let err = store
        .update(&world.inspector, Entity::RegisterCheck, check.id, changes(&[("sample_size", json!("many"))]))
        .expect_err("type");
    assert_eq!(err.code(), vigil_core::Code::Invalid);
    assert!(err.to_string().contains("invalid type"), "{err}");
    let err = store
        .update(&world.inspector, Entity::Facility, world.facility_id, changes(&[("name", json!("X"))]))
        .expect_err("admin only");
    assert_eq!(err.code(), vigil_core::Code::Forbidden);
    let err = store
        .update(&world.inspector, Entity::Observation, Uuid::now_v7(), changes(&[("text", json!("X"))]))
        .expect_err("missing");
    assert_eq!(err.code(), vigil_core::Code::NotFound);

    assert_eq!(dump(&path), before);
    assert_eq!(store.outbox_len().expect("outbox"), outbox);
    assert_eq!(
        store
            .update(&world.inspector, Entity::RegisterCheck, check.id, changes(&[("discrepancies", json!(2))]))
            .expect("no-op"),
        None
    );
}

#[test]
fn concurrent_edits_of_one_field_show_as_a_conflict_until_a_person_resolves_it() {
    let (world, mut first) = World::new();
    let observation = world.observation("Cell 4 is cold");
    first.create(&world.inspector, &observation.clone().into()).expect("observe");
    let mut second = Store::open(&world.path("second.db")).expect("second");
    second.apply_remote(&first.op_log().expect("ops"), None).expect("share");

    let text = |t: &str| changes(&[("text", json!(t))]);
    let a = first
        .update(&world.inspector, Entity::Observation, observation.id, text("Cell 4 is 11°C"))
        .expect("a")
        .expect("op");
    let b = second
        .update(&world.lead, Entity::Observation, observation.id, text("Cell 4: no heating"))
        .expect("b")
        .expect("op");
    first.apply_remote(std::slice::from_ref(&b), None).expect("b to first");
    second.apply_remote(std::slice::from_ref(&a), None).expect("a to second");

    let conflicts = first.conflicts().expect("conflicts");
    assert_eq!(conflicts, second.conflicts().expect("conflicts"));
    assert_eq!(conflicts.len(), 1);
    assert_eq!(first.conflict_count().expect("count"), 1);
    let winner_is_b = b.stamp() > a.stamp();
    let (win, lose) =
        if winner_is_b { ("Cell 4: no heating", "Cell 4 is 11°C") } else { ("Cell 4 is 11°C", "Cell 4: no heating") };
    assert_eq!(conflicts[0].winner.value, json!(win));
    assert_eq!(conflicts[0].losers[0].value, json!(lose));
    assert_eq!(
        dump(&world.path("device.db")).lines().filter(|l| l.starts_with("observation")).collect::<Vec<_>>(),
        dump(&world.path("second.db")).lines().filter(|l| l.starts_with("observation")).collect::<Vec<_>>()
    );

    let err = first
        .resolve_conflict(&world.inspector, Entity::Observation, observation.id, "severity", json!("high"))
        .expect_err("none");
    assert_eq!(err.code(), vigil_core::Code::NoConflict);
    let resolution = first
        .resolve_conflict(
            &world.inspector,
            Entity::Observation,
            observation.id,
            "text",
            json!("Cell 4 is 11°C: no heating"),
        )
        .expect("resolve");
    second.apply_remote(&[resolution], None).expect("share resolution");
    assert!(first.conflicts().expect("c").is_empty() && second.conflicts().expect("c").is_empty());
}

#[test]
fn settings_survive_reopening_and_can_change() {
    let (world, mut store) = World::new();
    assert_eq!(store.setting("server_url").expect("read"), None);
    store.set_setting("server_url", "http://127.0.0.1:8750").expect("write");
    store.set_setting("server_url", "https://office.example").expect("overwrite");
    drop(store);
    let store = Store::open(&world.path("device.db")).expect("reopen");
    assert_eq!(store.setting("server_url").expect("read").as_deref(), Some("https://office.example"));
    assert_eq!(store.pull_cursor().expect("cursor"), 0, "settings do not touch sync state");
}

#[test]
fn create_all_writes_every_record_with_its_op_or_nothing() {
    let (world, mut store) = World::new();
    let before_ops = store.outbox_len().expect("outbox");
    let good: Vec<vigil_core::Record> = (0..3).map(|n| world.observation(&format!("finding {n}")).into()).collect();
    let ops = store.create_all(&world.inspector, &good).expect("import");
    assert_eq!(ops.len(), 3);
    assert!(ops.windows(2).all(|w| w[1].device_seq == w[0].device_seq + 1));
    assert_eq!(store.outbox_len().expect("outbox"), before_ops + 3);

    let path = world.path("device.db");
    let state = dump(&path);
    let mut bad = world.observation("fine");
    bad.text = "   ".into();
    let batch = vec![world.observation("would be fine").into(), bad.into()];
    let err = store.create_all(&world.inspector, &batch).expect_err("one is invalid");
    assert_eq!(err.to_string(), "observation.text: must not be empty");
    assert_eq!(dump(&path), state, "nothing of a refused import is stored");
    assert_eq!(store.search("would", 5).expect("search").len(), 0);
}

#[test]
fn counts_of_conflicts_and_rejections_match_the_lists() {
    let (world, mut store) = World::new();
    assert_eq!((store.conflict_count().expect("count"), store.rejected_count().expect("count")), (0, 0));
    let observation = world.observation("Cell 4 is cold");
    let op = store.create(&world.inspector, &observation.clone().into()).expect("observe");
    let refusal = vigil_core::protocol::OpResult {
        op_id: op.op_id,
        outcome: vigil_core::protocol::OpOutcome::Rejected {
            code: vigil_core::Code::Forbidden,
            reason: "not your team".into(),
            detail: Some(vigil_core::Detail::NotInTeam),
        },
    };
    store.acknowledge(&[refusal]).expect("acknowledge");
    assert_eq!(store.rejected_count().expect("count"), 1);
    assert_eq!(store.rejected().expect("list").len(), 1);
    assert_eq!(store.rejected().expect("list")[0].reason, "not your team");
    assert_eq!(
        store.rejected().expect("list")[0].detail,
        Some(vigil_core::Detail::NotInTeam),
        "kept with its parameters"
    );
}

#[test]
fn submission_and_approval_record_the_content_hash_and_a_later_change_shows() {
    let (world, mut store) = World::new();
    store.create(&world.inspector, &world.observation("Cell 4 has no window").into()).expect("observe");
    let status = |s: VisitStatus| changes(&[("status", json!(s))]);
    store.update(&world.lead, Entity::Visit, world.visit_id, status(VisitStatus::Submitted)).expect("submit");
    let integrity = store.visit_integrity(world.visit_id).expect("integrity");
    assert_eq!(integrity.approved, None, "submitted, not yet approved");
    store.update(&world.supervisor, Entity::Visit, world.visit_id, status(VisitStatus::InReview)).expect("review");
    store.update(&world.supervisor, Entity::Visit, world.visit_id, status(VisitStatus::Approved)).expect("approve");
    let integrity = store.visit_integrity(world.visit_id).expect("integrity");
    assert!(integrity.matches_approval(), "{integrity:?}");

    // Changed behind the store's back (the lock refuses it through the store).
    drop(store);
    let conn = rusqlite::Connection::open(world.path("device.db")).expect("open");
    conn.execute("UPDATE observation SET text = 'Cell 4 is fine'", []).expect("tamper");
    drop(conn);
    let store = Store::open(&world.path("device.db")).expect("reopen");
    let integrity = store.visit_integrity(world.visit_id).expect("integrity");
    assert!(!integrity.matches_approval(), "the approved content was changed");
    assert!(integrity.approved.is_some());
}

#[test]
fn a_record_pointing_at_a_record_that_does_not_exist_is_refused_by_name() {
    let (world, mut store) = World::new();
    let before = dump(&world.path("device.db"));
    let assessment = vigil_core::records::RecommendationAssessment {
        id: Uuid::now_v7(),
        recommendation_id: Uuid::now_v7(),
        visit_id: world.visit_id,
        status: vigil_core::records::ImplementationStatus::Implemented,
        evidence: "Windows fitted".into(),
        assessed_on: crate::fixture::date(2026, 3, 2),
    };
    let err = store.create(&world.lead, &assessment.into()).expect_err("no such recommendation");
    assert_eq!(err.code(), vigil_core::Code::NotFound);
    assert!(err.to_string().starts_with("recommendation_assessment.recommendation_id: recommendation "), "{err}");
    assert_eq!(dump(&world.path("device.db")), before);
}

#[test]
fn a_records_links_never_change_once_it_is_made() {
    let (world, mut store) = World::new();
    let finding = world.observation("Cell 4 has no window");
    store.create(&world.inspector, &finding.clone().into()).expect("observe");
    let other = vigil_core::records::Visit { id: Uuid::now_v7(), ..world.visit() };
    store.create(&world.lead, &other.clone().into()).expect("another visit of the team");
    let before = dump(&world.path("device.db"));

    let moved = store
        .update(&world.inspector, Entity::Observation, finding.id, changes(&[("visit_id", json!(other.id))]))
        .expect_err("a finding stays on its visit");
    assert_eq!(moved.code(), vigil_core::Code::Invalid);
    assert!(moved.to_string().contains("observation.visit_id is fixed"), "{moved}");
    let place = store
        .update(&world.lead, Entity::Visit, world.visit_id, changes(&[("facility_id", json!(Uuid::now_v7()))]))
        .expect_err("a visit stays at its place");
    assert!(place.to_string().contains("visit.facility_id"), "{place}");
    assert_eq!(dump(&world.path("device.db")), before, "nothing written");
    // Everything else of the record still changes.
    store
        .update(&world.inspector, Entity::Observation, finding.id, changes(&[("text", json!("Cell 4: no window"))]))
        .expect("edit");
}

#[test]
fn every_field_tying_a_record_to_another_is_a_link() {
    for entity in Entity::ALL {
        let links: Vec<&str> = entity.links().collect();
        for (field, _) in entity.references() {
            assert!(links.contains(field), "{entity:?}.{field} points at a record but can change");
        }
        for field in entity.fields() {
            // An office setting's key is fixed too: its id is derived from it.
            let names_one = field.name.ends_with("_id")
                || ["reply_to", "sha256", "target_entity", "question_key", "key"].contains(&field.name);
            assert_eq!(field.link, names_one, "{entity:?}.{}", field.name);
        }
    }
}

#[test]
fn a_pulled_op_stamped_far_ahead_is_refused_and_nothing_of_its_page_applied() {
    let (world, mut store) = World::new();
    let mut office = Store::open(&world.path("office.db")).expect("another replica");
    let team = Team { id: Uuid::now_v7(), name: "Team East".into(), region: "East".into() };
    let admin = actor(Role::Admin);
    let fine = office.create(&admin, &team.clone().into()).expect("team");
    let mut ahead = office
        .update(&admin, Entity::Team, team.id, changes(&[("name", json!("Team Far"))]))
        .expect("edit")
        .expect("op");
    ahead.hlc = vigil_core::Hlc { millis: 999_999_999_999_999, counter: u32::MAX };
    let before = dump(&world.path("device.db"));
    let refused = store.apply_remote(&[fine, ahead], Some(2)).expect_err("a poisoned clock");
    assert_eq!(refused.code(), vigil_core::Code::ClockAhead);
    assert!(refused.to_string().contains("24 hours ahead"), "{refused}");
    assert_eq!(dump(&world.path("device.db")), before, "nothing of the page applied");
    assert_eq!(store.pull_cursor().expect("cursor"), 0, "the cursor unmoved");
}

#[test]
fn a_recommendation_due_before_its_visit_is_refused_by_name() {
    let (world, mut store) = World::new();
    let before = dump(&world.path("device.db"));
    // The fixture's visit arrived on 2026-03-02.
    let late = world.recommendation("Repair the heating", crate::fixture::date(2026, 3, 1));
    let refused = store.create(&world.lead, &late.into()).expect_err("due before the visit");
    assert_eq!(refused.code(), vigil_core::Code::Invalid);
    assert_eq!(refused.to_string(), "recommendation.due_on: must be on or after its visit (2026-03-02)");
    assert_eq!(dump(&world.path("device.db")), before, "nothing written");
    let same_day = world.recommendation("Repair the heating", crate::fixture::date(2026, 3, 2));
    store.create(&world.lead, &same_day.into()).expect("due the day of the visit");
}
