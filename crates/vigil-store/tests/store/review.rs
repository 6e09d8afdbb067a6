//! The review on one device: comments and answers in turn, approval locks the visit,
//! amendments afterwards, and the approved hash still matches.

use serde_json::{Map, Value, json};
use uuid::Uuid;
use vigil_core::records::{Amendment, ReviewComment};
use vigil_core::{Entity, Record, VisitStatus};
use vigil_store::{Actor, Store};

use crate::fixture::{World, dump};

fn status(s: VisitStatus) -> Map<String, Value> {
    Map::from_iter([("status".to_owned(), json!(s))])
}

fn comment(world: &World, author: &Actor, reply_to: Option<Uuid>, target: Option<(Entity, Uuid)>) -> ReviewComment {
    ReviewComment {
        id: Uuid::now_v7(),
        visit_id: world.visit_id,
        target_entity: target.map(|t| t.0),
        target_id: target.map(|t| t.1),
        reply_to,
        body: "Which cell was it?".into(),
        author_id: author.user_id,
    }
}

fn amendment(world: &World, author: &Actor, target: Option<(Entity, Uuid)>) -> Amendment {
    Amendment {
        id: Uuid::now_v7(),
        visit_id: world.visit_id,
        target_entity: target.map(|t| t.0),
        target_id: target.map(|t| t.1),
        body: "Cell 4, not cell 3: the register was misread on site".into(),
        author_id: author.user_id,
        made_at: chrono::Utc::now(),
    }
}

fn to_review(world: &World, store: &mut Store) {
    store.update(&world.lead, Entity::Visit, world.visit_id, status(VisitStatus::Submitted)).expect("submit");
    store.update(&world.supervisor, Entity::Visit, world.visit_id, status(VisitStatus::InReview)).expect("take");
}

fn approve(world: &World, store: &mut Store) {
    to_review(world, store);
    store.update(&world.supervisor, Entity::Visit, world.visit_id, status(VisitStatus::Approved)).expect("approve");
}

#[test]
fn comments_go_supervisor_first_and_the_team_answers_once_returned() {
    let (world, mut store) = World::new();
    let finding = world.observation("No window in cell 3");
    store.create(&world.inspector, &finding.clone().into()).expect("observe");
    let early = comment(&world, &world.supervisor, None, None);
    assert_eq!(
        store.create(&world.supervisor, &early.into()).expect_err("in progress").code(),
        vigil_core::Code::Workflow
    );
    to_review(&world, &mut store);

    let question = comment(&world, &world.supervisor, None, Some((Entity::Observation, finding.id)));
    store.create(&world.supervisor, &question.clone().into()).expect("supervisor comments on the finding");
    let on_visit = comment(&world, &world.supervisor, None, None);
    store.create(&world.supervisor, &on_visit.clone().into()).expect("supervisor comments on the visit");
    let answer = comment(&world, &world.lead, Some(question.id), None);
    assert_eq!(
        store.create(&world.lead, &answer.clone().into()).expect_err("not yet").code(),
        vigil_core::Code::InReview
    );

    store.update(&world.supervisor, Entity::Visit, world.visit_id, status(VisitStatus::Returned)).expect("return");
    let unasked = comment(&world, &world.inspector, None, None);
    assert_eq!(
        store.create(&world.inspector, &unasked.into()).expect_err("team starts no thread").code(),
        vigil_core::Code::Forbidden
    );
    store.create(&world.lead, &answer.clone().into()).expect("the lead answers");
    let forged = comment(&world, &world.supervisor, Some(question.id), None);
    let err = store.create(&world.inspector, &forged.into()).expect_err("someone else's name");
    assert_eq!(err.code(), vigil_core::Code::Forbidden);

    let threads = store.comment_threads(world.visit_id).expect("threads");
    assert_eq!(threads.len(), 2);
    assert_eq!(threads[0].comment.record, question);
    assert_eq!(threads[0].target, Some(Record::from(finding)));
    assert_eq!(threads[0].replies.iter().map(|r| r.record.id).collect::<Vec<_>>(), vec![answer.id]);
    assert!(threads[0].answered() && !threads[1].answered());
    assert_eq!((threads[1].comment.record.id, &threads[1].target), (on_visit.id, &None));
    assert!(threads.iter().all(|t| t.comment.at.is_some()));
}

#[test]
fn a_comment_or_an_amendment_about_another_visits_record_is_refused() {
    let (world, mut store) = World::new();
    let other_visit = Uuid::now_v7();
    store.create(&world.lead, &vigil_core::records::Visit { id: other_visit, ..world.visit() }.into()).expect("visit");
    let elsewhere = vigil_core::records::Observation { visit_id: other_visit, ..world.observation("Elsewhere") };
    store.create(&world.inspector, &elsewhere.clone().into()).expect("observe");
    to_review(&world, &mut store);

    let before = dump(&world.path("device.db"));
    let stray = comment(&world, &world.supervisor, None, Some((Entity::Observation, elsewhere.id)));
    let err = store.create(&world.supervisor, &stray.into()).expect_err("another visit's finding");
    assert_eq!(err.code(), vigil_core::Code::Invalid);
    assert_eq!(
        err.to_string(),
        format!("review_comment.target_id: observation {} is not a record of visit {}", elsewhere.id, world.visit_id)
    );
    let dangling = comment(&world, &world.supervisor, Some(Uuid::now_v7()), None);
    assert_eq!(
        store.create(&world.supervisor, &dangling.into()).expect_err("no such comment").code(),
        vigil_core::Code::Invalid
    );
    assert_eq!(dump(&world.path("device.db")), before, "refusals store nothing");

    store.update(&world.supervisor, Entity::Visit, world.visit_id, status(VisitStatus::Approved)).expect("approve");
    let stray = amendment(&world, &world.lead, Some((Entity::Observation, elsewhere.id)));
    assert_eq!(
        store.create(&world.lead, &stray.into()).expect_err("another visit's finding").code(),
        vigil_core::Code::Invalid
    );
}

#[test]
fn an_approved_visit_changes_only_by_amendments_which_stay_as_made_and_keep_the_hash() {
    let (world, mut store) = World::new();
    let finding = world.observation("Handcuffed to a radiator in cell 3");
    store.create(&world.inspector, &finding.clone().into()).expect("observe");
    let early = amendment(&world, &world.lead, None);
    assert_eq!(store.create(&world.lead, &early.into()).expect_err("not approved").code(), vigil_core::Code::Workflow);
    approve(&world, &mut store);

    let refused = [
        store.update(
            &world.inspector,
            Entity::Observation,
            finding.id,
            Map::from_iter([("text".into(), json!("Cell 4"))]),
        ),
        store.delete(&world.lead, Entity::Observation, finding.id),
        store.create(&world.inspector, &world.observation("Late finding").into()).map(Some),
        store.create(&world.supervisor, &comment(&world, &world.supervisor, None, None).into()).map(Some),
    ];
    for result in refused {
        assert_eq!(result.expect_err("locked").code(), vigil_core::Code::VisitLocked);
    }

    let by_team = amendment(&world, &world.inspector, Some((Entity::Observation, finding.id)));
    store.create(&world.inspector, &by_team.clone().into()).expect("the team amends");
    let by_supervisor = amendment(&world, &world.supervisor, None);
    store.create(&world.supervisor, &by_supervisor.clone().into()).expect("a supervisor amends");
    let err = store.create(&world.admin, &amendment(&world, &world.admin, None).into()).expect_err("admin");
    assert_eq!(err.code(), vigil_core::Code::Forbidden);

    let before = dump(&world.path("device.db"));
    let rewrite = Map::from_iter([("body".into(), json!("Never mind"))]);
    assert_eq!(
        store.update(&world.inspector, Entity::Amendment, by_team.id, rewrite).expect_err("kept").code(),
        vigil_core::Code::Forbidden
    );
    assert_eq!(
        store.delete(&world.inspector, Entity::Amendment, by_team.id).expect_err("kept").code(),
        vigil_core::Code::Forbidden
    );
    assert_eq!(dump(&world.path("device.db")), before);

    let integrity = store.visit_integrity(world.visit_id).expect("integrity");
    assert!(integrity.matches_approval(), "amendments leave the approved content as it was: {integrity:?}");
    assert_eq!(integrity.amendments, 2);
    let bundle = store.visit_bundle(world.visit_id).expect("bundle");
    assert_eq!(bundle.amendments, vec![by_team, by_supervisor]);
    assert_eq!(bundle.observations, vec![finding], "the finding itself is unchanged");
}

#[test]
fn the_authoritys_response_is_recorded_after_approval_and_keeps_the_hash() {
    let (world, mut store) = World::new();
    let recommendation = world.recommendation("Examine every detainee on arrival", crate::fixture::date(2027, 3, 1));
    store.create(&world.lead, &recommendation.clone().into()).expect("recommend");
    approve(&world, &mut store);
    let answered = Map::from_iter([("response".into(), json!("accepted"))]);
    assert_eq!(
        store
            .update(&world.inspector, Entity::Recommendation, recommendation.id, answered.clone())
            .expect_err("inspector")
            .code(),
        vigil_core::Code::VisitLocked
    );
    let rewritten = Map::from_iter([("response".into(), json!("accepted")), ("text".into(), json!("Something else"))]);
    assert_eq!(
        store.update(&world.supervisor, Entity::Recommendation, recommendation.id, rewritten).expect_err("text").code(),
        vigil_core::Code::VisitLocked
    );
    store.update(&world.supervisor, Entity::Recommendation, recommendation.id, answered).expect("the response");

    let held: vigil_core::records::Recommendation = store
        .record(Entity::Recommendation, recommendation.id)
        .expect("read")
        .expect("held")
        .try_into()
        .expect("typed");
    assert_eq!(held.response, vigil_core::records::AuthorityResponse::Accepted);
    assert_eq!(held.text, recommendation.text);
    assert!(store.visit_integrity(world.visit_id).expect("integrity").matches_approval());
}
