//! The review between a team's devices and a supervisor's, through the real office:
//! submit, comment, return, answer, approve, amend; and the office refusing a decision
//! from anyone but a supervisor of the visit's team, with the reason, storing nothing.

use serde_json::{Map, Value, json};
use uuid::Uuid;
use vigil_core::protocol::OpOutcome;
use vigil_core::records::{Amendment, ReviewComment};
use vigil_core::{Entity, FieldChange, Hlc, Op, Role, VisitStatus};
use vigil_tests::Device;

use crate::world::{World, observation};

fn status(s: VisitStatus) -> Map<String, Value> {
    Map::from_iter([("status".to_owned(), json!(s))])
}

fn comment(visit_id: Uuid, device: &Device, reply_to: Option<Uuid>, target: Option<(Entity, Uuid)>) -> ReviewComment {
    ReviewComment {
        id: Uuid::now_v7(),
        visit_id,
        target_entity: target.map(|t| t.0),
        target_id: target.map(|t| t.1),
        reply_to,
        body: "Which cell, and at what time?".into(),
        author_id: device.actor.user_id,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visit_goes_to_review_comes_back_with_comments_is_answered_approved_and_amended() {
    let world = World::new().await;
    let supervisor_id = world.office.user("Sara Supervisor", Role::Supervisor, &[world.team_a]);
    let supervisor = world.office.device(supervisor_id, Role::Supervisor, world._dir.path(), "supervisor").await;
    let (lead, inspector) = (&world.lead_a, &world.inspector_a);
    let visit = world.visit(world.team_a);
    let finding = observation(visit.id, "Handcuffed to a radiator in cell 3");
    lead.sync().await.expect("reference data");
    lead.store().create(&lead.actor, &visit.clone().into()).expect("plan");
    lead.store().create(&lead.actor, &finding.clone().into()).expect("observe");
    lead.store().update(&lead.actor, Entity::Visit, visit.id, status(VisitStatus::Submitted)).expect("submit");
    lead.sync().await.expect("push");

    supervisor.sync().await.expect("the supervisor receives the team's visit");
    let question = comment(visit.id, &supervisor, None, Some((Entity::Observation, finding.id)));
    {
        let mut store = supervisor.store();
        store.update(&supervisor.actor, Entity::Visit, visit.id, status(VisitStatus::InReview)).expect("take");
        store.create(&supervisor.actor, &question.clone().into()).expect("comment on the finding");
        store.update(&supervisor.actor, Entity::Visit, visit.id, status(VisitStatus::Returned)).expect("return");
    }
    assert_eq!(supervisor.sync().await.expect("push the review").rejected, 0);

    lead.sync().await.expect("the team receives the comments");
    let threads = lead.store().comment_threads(visit.id).expect("threads");
    assert_eq!(threads.len(), 1);
    assert_eq!(threads[0].comment.record, question);
    let answer = comment(visit.id, lead, Some(question.id), None);
    lead.store().create(&lead.actor, &answer.clone().into()).expect("answer");
    lead.store().update(&lead.actor, Entity::Visit, visit.id, status(VisitStatus::Submitted)).expect("resubmit");
    assert_eq!(lead.sync().await.expect("push the answer").rejected, 0);

    supervisor.sync().await.expect("the supervisor receives the answer");
    {
        let mut store = supervisor.store();
        let threads = store.comment_threads(visit.id).expect("threads");
        assert_eq!(threads[0].replies.iter().map(|r| &r.record).collect::<Vec<_>>(), vec![&answer]);
        store.update(&supervisor.actor, Entity::Visit, visit.id, status(VisitStatus::InReview)).expect("take");
        store.update(&supervisor.actor, Entity::Visit, visit.id, status(VisitStatus::Approved)).expect("approve");
    }
    supervisor.sync().await.expect("push the approval");

    inspector.sync().await.expect("the inspector receives the approved visit");
    let amendment = Amendment {
        id: Uuid::now_v7(),
        visit_id: visit.id,
        target_entity: Some(Entity::Observation),
        target_id: Some(finding.id),
        body: "Cell 4, not cell 3: the register was misread on site".into(),
        author_id: inspector.actor.user_id,
        made_at: chrono::Utc::now(),
    };
    {
        let mut store = inspector.store();
        let err = store.delete(&inspector.actor, Entity::Observation, finding.id).expect_err("locked");
        assert_eq!(err.code(), vigil_core::Code::VisitLocked);
        store.create(&inspector.actor, &amendment.clone().into()).expect("amend");
    }
    assert_eq!(inspector.sync().await.expect("push the amendment").rejected, 0);
    supervisor.sync().await.expect("the supervisor receives the amendment");
    assert_eq!(supervisor.store().visit_bundle(visit.id).expect("bundle").amendments, vec![amendment.clone()]);

    let at_office = world.office.storage.visit_integrity(visit.id).expect("integrity");
    assert!(at_office.matches_approval(), "the amendment leaves the approved content as it was");
    assert_eq!(at_office.amendments, 1);
    assert!(world.inspector_b.sync().await.is_ok());
    assert_eq!(world.inspector_b.store().record(Entity::Amendment, amendment.id).expect("read"), None);
}

/// The office answers a decision by the wrong person with the rule it breaks.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_a_supervisor_of_the_team_approves_or_returns_and_a_refusal_stores_nothing() {
    let world = World::new().await;
    let mut visit = world.visit(world.team_a);
    visit.status = VisitStatus::InReview;
    world.office.storage.add_records(&[visit.clone().into()]).expect("a visit in review");
    let lead = world.office.user("Leo Lead", Role::Lead, &[world.team_a]);
    let inspector = world.office.user("Ines Inspector", Role::Inspector, &[world.team_a]);
    let elsewhere = world.office.user("Sam Supervisor", Role::Supervisor, &[world.team_b]);
    let cases = [
        (lead, VisitStatus::Approved, "workflow", "a Lead may not move a visit from in_review to approved".to_owned()),
        (
            inspector,
            VisitStatus::Returned,
            "workflow",
            "a Inspector may not move a visit from in_review to returned".to_owned(),
        ),
        (
            elsewhere,
            VisitStatus::Approved,
            "forbidden",
            format!("visit {} belongs to a team this user is not part of", visit.id),
        ),
    ];
    for (user_id, to, code, reason) in cases {
        let (device_id, token) = world.office.enrol_raw(user_id, None).await;
        let op = Op {
            op_id: Uuid::now_v7(),
            device_id,
            device_seq: 1,
            hlc: Hlc { millis: vigil_tests::now_millis(), counter: 0 },
            entity: Entity::Visit,
            entity_id: visit.id,
            base_rev: 1,
            patch: [(
                "status".to_owned(),
                FieldChange { old: json!(VisitStatus::InReview), new: json!(to), supersedes: vec![] },
            )]
            .into(),
            author: user_id,
        };
        let before = world.office.storage.snapshot_text().expect("snapshot");
        let answer = world.office.push_raw(&token, device_id, vec![op]).await;
        match &answer.results[0].outcome {
            OpOutcome::Rejected { code: got, reason: why, .. } => assert_eq!((got.as_str(), why), (code, &reason)),
            accepted => panic!("a move to {to} by {user_id} was {accepted:?}"),
        }
        assert_eq!(world.office.storage.snapshot_text().expect("snapshot"), before, "nothing stored");
    }
}
