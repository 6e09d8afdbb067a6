//! The holes the admission gate closes, one test each, driven over HTTP the way an enrolled
//! but malicious device would: ops written by hand, pushed to the real office, and the
//! office's stored state checked afterwards.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Value, json};
use uuid::Uuid;
use vigil_core::protocol::{API_PREFIX, ApiError, OpOutcome, PushRequest, PushResponse};
use vigil_core::records::{
    Amendment, AnswerValue, Area, AuditEvent, AuthorityResponse, ChecklistAnswer, Interview, Priority, Recommendation,
    RecommendationAssessment, ReviewComment, User, Visit, VisitMember, YesNoUnknown,
};
use vigil_core::{Code, Entity, FieldChange, Hlc, Op, Record, Role, VisitStatus, audit};
use vigil_store::admission::ACCEPTED_STATUS;
use vigil_tests::Office;

use crate::world::{World, observation};

/// A device enrolled by hand: it writes its ops itself, numbered in turn.
struct Raw {
    device_id: Uuid,
    token: String,
    user_id: Uuid,
    seq: u64,
}

impl Raw {
    async fn enrol(office: &Office, user_id: Uuid) -> Raw {
        let (device_id, token) = office.enrol_raw(user_id, None).await;
        Raw { device_id, token, user_id, seq: 0 }
    }

    fn next(&mut self, entity: Entity, entity_id: Uuid, base_rev: u64, patch: &[(&str, Value)]) -> Op {
        self.seq += 1;
        Op {
            op_id: Uuid::now_v7(),
            device_id: self.device_id,
            device_seq: self.seq,
            hlc: Hlc { millis: vigil_tests::now_millis(), counter: self.seq as u32 },
            entity,
            entity_id,
            base_rev,
            patch: patch
                .iter()
                .map(|(name, new)| {
                    ((*name).to_owned(), FieldChange { old: Value::Null, new: new.clone(), supersedes: vec![] })
                })
                .collect(),
            author: self.user_id,
        }
    }

    fn create(&mut self, record: &Record) -> Op {
        self.seq += 1;
        let hlc = Hlc { millis: vigil_tests::now_millis(), counter: self.seq as u32 };
        Op::create(record, self.device_id, self.seq, hlc, self.user_id)
    }

    /// The first event of this device's audit chain, saying what the device chooses.
    fn first_event(
        &self,
        at: DateTime<Utc>,
        actor_id: Uuid,
        action: &str,
        target: (Entity, Uuid),
        details: &str,
    ) -> AuditEvent {
        let (device_id, action, details) = (self.device_id, action.to_owned(), details.to_owned());
        audit::chain(None, audit::Action { at, actor_id, device_id, action, target: Some(target), details })
    }

    async fn push(&self, office: &Office, ops: Vec<Op>) -> PushResponse {
        office.push_raw(&self.token, self.device_id, ops).await
    }
}

fn code_of(answer: &PushResponse, index: usize) -> Option<Code> {
    match &answer.results[index].outcome {
        OpOutcome::Accepted { .. } => None,
        OpOutcome::Rejected { code, .. } => Some(*code),
    }
}

fn visit_in(world: &World, team: Uuid, status: VisitStatus) -> Visit {
    Visit { status, ..world.visit(team) }
}

fn recommendation(visit: &Visit, text: &str) -> Recommendation {
    Recommendation {
        id: Uuid::now_v7(),
        visit_id: visit.id,
        facility_id: visit.facility_id,
        text: text.into(),
        authority: "Ministry of Justice".into(),
        area: Area::MaterialConditions,
        priority: Priority::High,
        due_on: None,
        finding_ids: vec![],
        response: AuthorityResponse::Pending,
    }
}

/// The hole found first: a lead re-pointed another team's approved, locked recommendation
/// at its own open visit and rewrote it; every device took the change.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lead_cannot_move_another_teams_locked_recommendation_onto_its_own_visit() {
    let world = World::new().await;
    let theirs = visit_in(&world, world.team_b, VisitStatus::Approved);
    let ours = visit_in(&world, world.team_a, VisitStatus::InProgress);
    let locked = recommendation(&theirs, "Close the basement cells");
    world.office.storage.add_records(&[theirs.into(), ours.clone().into(), locked.clone().into()]).expect("setup");
    let lead = world.office.user("Lara Lead", Role::Lead, &[world.team_a]);
    let mut device = Raw::enrol(&world.office, lead).await;
    let before = world.office.storage.snapshot_text().expect("snapshot");

    let moved = device.next(
        Entity::Recommendation,
        locked.id,
        1,
        &[("visit_id", json!(ours.id)), ("text", json!("Nothing to recommend"))],
    );
    let rewritten = device.next(Entity::Recommendation, locked.id, 1, &[("text", json!("Nothing to recommend"))]);
    let answer = device.push(&world.office, vec![moved, rewritten]).await;
    assert_eq!(code_of(&answer, 0), Some(Code::Invalid), "a link never moves: {answer:?}");
    assert_eq!(code_of(&answer, 1), Some(Code::Forbidden), "not the lead's team: {answer:?}");
    let OpOutcome::Rejected { reason, .. } = &answer.results[0].outcome else { unreachable!() };
    assert!(reason.contains("recommendation.visit_id"), "the field is named: {reason}");
    // The refusal's parameters come with it, for the app to word in the person's language.
    let OpOutcome::Rejected { detail, .. } = &answer.results[1].outcome else { unreachable!() };
    assert_eq!(detail, &Some(vigil_core::Detail::NotInTeam), "{answer:?}");
    assert_eq!(world.office.storage.snapshot_text().expect("snapshot"), before, "nothing stored");
}

/// The hole: an op stamped at the end of the clock's range was taken, and every replica
/// adopted it, so every later edit shared one saturated stamp.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_op_stamped_far_ahead_is_refused_with_its_batch_naming_both_times() {
    let world = World::new().await;
    let visit = visit_in(&world, world.team_a, VisitStatus::InProgress);
    world.office.storage.add_records(&[visit.clone().into()]).expect("setup");
    let inspector = world.office.user("Iris Inspector", Role::Inspector, &[world.team_a]);
    let mut device = Raw::enrol(&world.office, inspector).await;
    let logged = world.office.storage.op_ids().expect("log").len();

    for far in [
        Hlc { millis: 999_999_999_999_999, counter: u32::MAX },
        Hlc { millis: vigil_tests::now_millis() + 2 * 24 * 3600 * 1000, counter: 0 },
    ] {
        device.seq = 0;
        let fine = device.create(&observation(visit.id, "Cell 1 is clean").into());
        let mut ahead = device.create(&observation(visit.id, "Cell 2 is cold").into());
        ahead.hlc = far;
        let request = PushRequest { device_id: device.device_id, ops: vec![fine, ahead], blobs_set_aside: vec![] };
        let response = reqwest::Client::new()
            .post(format!("{}{API_PREFIX}/push", world.office.url))
            .bearer_auth(&device.token)
            .json(&request)
            .send()
            .await
            .expect("push");
        assert_eq!(response.status(), reqwest::StatusCode::CONFLICT);
        let error: ApiError = response.json().await.expect("an error answer");
        assert_eq!(error.code, Code::ClockAhead, "{}", error.message);
        assert!(error.message.contains("24 hours ahead") && error.message.contains('Z'), "{}", error.message);
        assert_eq!(world.office.storage.op_ids().expect("log").len(), logged, "nothing of the batch stored");
    }
    // The device is not stuck on a gap: its first op, alone, is taken.
    device.seq = 0;
    let fine = device.create(&observation(visit.id, "Cell 1 is clean").into());
    assert_eq!(code_of(&device.push(&world.office, vec![fine]).await, 0), None);
}

/// The hole: `op.author` was never compared with the device's user, so a device could
/// write in a colleague's name (and `created_by` followed it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_op_in_a_colleagues_name_is_rejected() {
    let world = World::new().await;
    let visit = visit_in(&world, world.team_a, VisitStatus::InProgress);
    world.office.storage.add_records(&[visit.clone().into()]).expect("setup");
    let inspector = world.office.user("Iris Inspector", Role::Inspector, &[world.team_a]);
    let colleague = world.office.user("Cora Colleague", Role::Lead, &[world.team_a]);
    let mut device = Raw::enrol(&world.office, inspector).await;
    let mut forged = device.create(&observation(visit.id, "Written as the lead").into());
    forged.author = colleague;
    let answer = device.push(&world.office, vec![forged.clone()]).await;
    assert_eq!(code_of(&answer, 0), Some(Code::Forbidden), "{answer:?}");
    assert!(!world.office.storage.op_ids().expect("log").contains(&forged.op_id));
}

/// Audit events: the device chose their actor, time and action. Now an event is by the
/// device's own user, and only the office records the workflow moves it accepted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_audit_event_in_another_users_name_or_the_offices_is_rejected() {
    let world = World::new().await;
    let visit = visit_in(&world, world.team_a, VisitStatus::InProgress);
    world.office.storage.add_records(&[visit.clone().into()]).expect("setup");
    let lead = world.office.user("Lara Lead", Role::Lead, &[world.team_a]);
    let supervisor = world.office.user("Saul Supervisor", Role::Supervisor, &[world.team_a]);
    let mut device = Raw::enrol(&world.office, lead).await;
    let details = json!({ "from": "in_review", "to": "approved", "content_sha256": "forged" }).to_string();
    let event =
        |actor_id, action: &str| device.first_event(Utc::now(), actor_id, action, (Entity::Visit, visit.id), &details);
    let as_supervisor = event(supervisor, "visit_status");
    let as_office = event(lead, ACCEPTED_STATUS);
    let (first, second) = (device.create(&as_supervisor.into()), device.create(&as_office.into()));
    let answer = device.push(&world.office, vec![first, second]).await;
    assert_eq!((code_of(&answer, 0), code_of(&answer, 1)), (Some(Code::AuditChain), Some(Code::AuditChain)));
    let held: Vec<AuditEvent> = world.office.storage.all(Entity::AuditEvent).expect("read");
    assert!(held.iter().all(|e| e.device_id != device.device_id), "nothing of the device's stored: {held:?}");
}

/// The hole: a visit's approved hash was the latest event by its claimed time, so any
/// device could "overtake" an approval with a forged later event. The office records the
/// moves it accepts itself, in order, and integrity reads only those.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_later_approval_does_not_change_what_the_visit_was_approved_as() {
    let world = World::new().await;
    let visit = visit_in(&world, world.team_a, VisitStatus::InReview);
    world
        .office
        .storage
        .add_records(&[visit.clone().into(), observation(visit.id, "Cell 4 has no window").into()])
        .expect("setup");
    let supervisor = world.office.user("Saul Supervisor", Role::Supervisor, &[world.team_a]);
    let mut device = Raw::enrol(&world.office, supervisor).await;
    let mut approve = device.next(Entity::Visit, visit.id, 1, &[("status", json!(VisitStatus::Approved))]);
    approve.patch.get_mut("status").expect("status").old = json!(VisitStatus::InReview);
    assert_eq!(code_of(&device.push(&world.office, vec![approve]).await, 0), None, "approved");
    let integrity = world.office.storage.visit_integrity(visit.id).expect("integrity");
    assert!(integrity.matches_approval(), "the office recorded the approval itself: {integrity:?}");

    // The same supervisor's device now claims a later approval of other content.
    let details = json!({ "from": "in_review", "to": "approved", "content_sha256": "0".repeat(64) }).to_string();
    let later = Utc::now() + chrono::Duration::hours(20);
    let forged = device.first_event(later, supervisor, "visit_status", (Entity::Visit, visit.id), &details);
    let op = device.create(&forged.into());
    assert_eq!(code_of(&device.push(&world.office, vec![op]).await, 0), None, "its own chain, its own account");
    let after = world.office.storage.visit_integrity(visit.id).expect("integrity");
    assert_eq!(after, integrity, "the office's record stands");

    // A colleague's device reads the same history from what the office sent it.
    world.lead_a.sync().await.expect("sync");
    let on_device = world.lead_a.store().visit_integrity(visit.id).expect("integrity");
    assert_eq!(on_device.approved, integrity.approved);
    assert!(on_device.matches_approval(), "{on_device:?}");
}

/// The hole: an administrator's device edited its own `team_ids`. Nobody changes their own
/// role or teams; an administrator still changes a colleague's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nobody_changes_their_own_role_or_teams() {
    let world = World::new().await;
    let admin = User {
        id: Uuid::now_v7(),
        name: "Ada Admin".into(),
        email: "ada@npm.example".into(),
        role: Role::Admin,
        team_ids: vec![],
        profession: "IT".into(),
    };
    world.office.storage.add_records(&[admin.clone().into()]).expect("admin");
    let colleague = world.office.user("Cora Colleague", Role::Inspector, &[world.team_a]);
    let mut device = Raw::enrol(&world.office, admin.id).await;
    let own_teams = device.next(Entity::User, admin.id, 1, &[("team_ids", json!([world.team_a, world.team_b]))]);
    let own_role = device.next(
        Entity::User,
        admin.id,
        1,
        &[("role", json!(Role::Supervisor)), ("team_ids", json!([world.team_a]))],
    );
    let theirs = device.next(Entity::User, colleague, 1, &[("team_ids", json!([world.team_b]))]);
    let answer = device.push(&world.office, vec![own_teams, own_role, theirs]).await;
    let codes: Vec<_> = (0..3).map(|i| code_of(&answer, i)).collect();
    assert_eq!(codes, [Some(Code::Forbidden), Some(Code::Forbidden), None], "{answer:?}");
    let stored: Vec<User> = world.office.storage.all(Entity::User).expect("read");
    let me = stored.iter().find(|u| u.id == admin.id).expect("admin");
    assert_eq!((me.role, me.team_ids.len()), (Role::Admin, 0));
}

/// An administrator's device receives every team's visits but nothing about an interview:
/// not the interview, nor a comment (or an answer to one), an amendment or an audit event
/// whose subject is one. The team's supervisor receives them all.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrators_device_never_receives_an_interview_or_anything_about_one() {
    let world = World::new().await;
    let visit = visit_in(&world, world.team_a, VisitStatus::Approved);
    let finding = observation(visit.id, "Bruises on arrival");
    let interview = Interview {
        id: Uuid::now_v7(),
        visit_id: visit.id,
        pseudonym: "K-7".into(),
        group_interview: false,
        consent_to_use: true,
        consent_to_quote: false,
        consent_to_refer: false,
        interpreter: None,
        reprisal_risk: true,
        content: "Was beaten in the transport van".into(),
    };
    let comment = ReviewComment {
        id: Uuid::now_v7(),
        visit_id: visit.id,
        target_entity: Some(Entity::Interview),
        target_id: Some(interview.id),
        reply_to: None,
        body: "Which van, which day?".into(),
        author_id: Uuid::now_v7(),
    };
    let answer = ReviewComment {
        id: Uuid::now_v7(),
        target_entity: None,
        target_id: None,
        reply_to: Some(comment.id),
        body: "Tuesday's transfer".into(),
        ..comment.clone()
    };
    let amendment = Amendment {
        id: Uuid::now_v7(),
        visit_id: visit.id,
        target_entity: Some(Entity::Interview),
        target_id: Some(interview.id),
        body: "The transfer was on Wednesday".into(),
        author_id: Uuid::now_v7(),
        made_at: chrono::Utc::now(),
    };
    let records: Vec<Record> = vec![
        visit.clone().into(),
        finding.clone().into(),
        interview.clone().into(),
        comment.clone().into(),
        answer.clone().into(),
        amendment.clone().into(),
    ];
    world.office.storage.add_records(&records).expect("setup");
    let lead = world.office.user("Lara Lead", Role::Lead, &[world.team_a]);
    let mut lead_device = Raw::enrol(&world.office, lead).await;
    let opened = lead_device.first_event(Utc::now(), lead, "interview_opened", (Entity::Interview, interview.id), "");
    let op = lead_device.create(&opened.clone().into());
    assert_eq!(code_of(&lead_device.push(&world.office, vec![op]).await, 0), None);

    let dir = tempfile::tempdir().expect("dir");
    let admin = world.office.user("Ada Admin", Role::Admin, &[]);
    let admin_device = world.office.device(admin, Role::Admin, dir.path(), "admin").await;
    let supervisor = world.office.user("Saul Supervisor", Role::Supervisor, &[world.team_a]);
    let supervisor_device = world.office.device(supervisor, Role::Supervisor, dir.path(), "supervisor").await;
    admin_device.sync().await.expect("admin sync");
    supervisor_device.sync().await.expect("supervisor sync");

    let about_the_interview = [
        (Entity::Interview, interview.id),
        (Entity::ReviewComment, comment.id),
        (Entity::ReviewComment, answer.id),
        (Entity::Amendment, amendment.id),
        (Entity::AuditEvent, opened.id),
    ];
    let admin_store = admin_device.store();
    assert!(admin_store.record(Entity::Visit, visit.id).expect("read").is_some(), "the visit reaches the admin");
    assert!(admin_store.record(Entity::Observation, finding.id).expect("read").is_some());
    let supervisor_store = supervisor_device.store();
    for (entity, id) in about_the_interview {
        assert_eq!(admin_store.record(entity, id).expect("read"), None, "{entity:?} reached the admin");
        assert!(supervisor_store.record(entity, id).expect("read").is_some(), "{entity:?} is the supervisor's");
    }
}

/// Rules that only the app kept: a recommendation rests on findings of its own visit, an
/// assessment follows up an earlier recommendation of the same place, an audit event is
/// about the device user's own team.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn links_leave_their_visit_nowhere_the_app_used_to_be_the_only_guard() {
    let world = World::new().await;
    let ours = visit_in(&world, world.team_a, VisitStatus::InProgress);
    let earlier = visit_in(&world, world.team_a, VisitStatus::Approved);
    let theirs = visit_in(&world, world.team_b, VisitStatus::InProgress);
    let elsewhere = observation(earlier.id, "Earlier finding");
    let earlier_recommendation = recommendation(&earlier, "Install call buttons");
    world
        .office
        .storage
        .add_records(&[
            ours.clone().into(),
            earlier.clone().into(),
            theirs.clone().into(),
            elsewhere.clone().into(),
            earlier_recommendation.clone().into(),
        ])
        .expect("setup");
    let lead = world.office.user("Lara Lead", Role::Lead, &[world.team_a]);
    let mut device = Raw::enrol(&world.office, lead).await;

    let on_another_finding = Recommendation { finding_ids: vec![elsewhere.id], ..recommendation(&ours, "Fix it") };
    let own = recommendation(&ours, "A recommendation of this visit");
    let assess_own = RecommendationAssessment {
        id: Uuid::now_v7(),
        recommendation_id: own.id,
        visit_id: ours.id,
        status: vigil_core::records::ImplementationStatus::Implemented,
        evidence: "Done".into(),
        assessed_on: ours.planned_on,
    };
    let assess_earlier = RecommendationAssessment {
        id: Uuid::now_v7(),
        recommendation_id: earlier_recommendation.id,
        ..assess_own.clone()
    };
    let about_theirs = device.first_event(Utc::now(), lead, "report_exported", (Entity::Visit, theirs.id), "");
    let ops = vec![
        device.create(&on_another_finding.into()),
        device.create(&own.into()),
        device.create(&assess_own.into()),
        device.create(&assess_earlier.into()),
        device.create(&about_theirs.into()),
    ];
    let answer = device.push(&world.office, ops).await;
    let codes: Vec<_> = (0..5).map(|i| code_of(&answer, i)).collect();
    assert_eq!(codes, [Some(Code::Invalid), None, Some(Code::Invalid), None, Some(Code::Forbidden)], "{answer:?}");
}

/// Rules the gate took over or added: an answer fits a question of the visit's checklist
/// and counts nothing below zero; a member is in the visit's team; a recommendation is due
/// no earlier than its visit; a delete is judged as a delete, so it cannot ride on a
/// supervisor's status move or an authority's response to an approved visit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_members_due_dates_and_deletes_are_judged_at_the_office() {
    let world = World::new().await;
    let ours = visit_in(&world, world.team_a, VisitStatus::InProgress);
    let in_review = visit_in(&world, world.team_a, VisitStatus::InReview);
    let approved = visit_in(&world, world.team_a, VisitStatus::Approved);
    let answered = recommendation(&approved, "Keep a register of use of force");
    let records: Vec<Record> =
        vec![ours.clone().into(), in_review.clone().into(), approved.into(), answered.clone().into()];
    world.office.storage.add_records(&records).expect("setup");
    let lead = world.office.user("Lara Lead", Role::Lead, &[world.team_a]);
    let supervisor = world.office.user("Saul Supervisor", Role::Supervisor, &[world.team_a]);
    let mut device = Raw::enrol(&world.office, lead).await;

    let answer = |key: &str, value| ChecklistAnswer {
        id: vigil_core::ids::answer_id(ours.id, key),
        visit_id: ours.id,
        question_key: key.into(),
        value,
        note: String::new(),
    };
    let register = "th.prot.register";
    let member = |user_id| VisitMember { id: Uuid::now_v7(), visit_id: ours.id, user_id, areas: vec![] };
    let due =
        |day| Recommendation { due_on: NaiveDate::from_ymd_opt(day, 1, 1), ..recommendation(&ours, "Fit call bells") };
    let ops = vec![
        device.create(&answer("no.such.question", AnswerValue::YesNo(YesNoUnknown::Yes)).into()),
        device.create(&answer(register, AnswerValue::Text("yes".into())).into()),
        device.create(&answer(register, AnswerValue::Number(-5.0)).into()),
        device.create(&answer(register, AnswerValue::YesNo(YesNoUnknown::No)).into()),
        device.create(&member(world.inspector_b.actor.user_id).into()),
        device.create(&member(world.inspector_a.actor.user_id).into()),
        device.create(&due(2026).into()),
        device.create(&due(2027).into()),
        device.next(
            Entity::Recommendation,
            answered.id,
            1,
            &[("response", json!("accepted")), ("deleted", json!(true))],
        ),
    ];
    let answer_of = device.push(&world.office, ops).await;
    let codes: Vec<_> = (0..9).map(|i| code_of(&answer_of, i)).collect();
    let invalid = Some(Code::Invalid);
    assert_eq!(
        codes,
        [invalid, invalid, invalid, None, invalid, None, invalid, None, Some(Code::VisitLocked)],
        "{answer_of:?}"
    );

    let mut desk = Raw::enrol(&world.office, supervisor).await;
    let mut approve_and_delete = desk.next(
        Entity::Visit,
        in_review.id,
        1,
        &[("status", json!(VisitStatus::Approved)), ("deleted", json!(true))],
    );
    approve_and_delete.patch.get_mut("status").expect("status").old = json!(VisitStatus::InReview);
    let answer_of = desk.push(&world.office, vec![approve_and_delete]).await;
    assert_eq!(code_of(&answer_of, 0), Some(Code::Forbidden), "{answer_of:?}");
    let held: Vec<Visit> = world.office.storage.all(Entity::Visit).expect("read");
    assert!(held.iter().any(|v| v.id == in_review.id && v.status == VisitStatus::InReview), "still there, in review");
}

/// A returned visit is edited as it is and resubmitted: a device (whatever its app shows)
/// that moves it back to "in progress" is refused, and the visit stays returned until the
/// lead resubmits.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_returned_visit_cannot_be_moved_back_to_in_progress() {
    let world = World::new().await;
    let lead = world.office.user("Lev Lead", Role::Lead, &[world.team_a]);
    let visit = visit_in(&world, world.team_a, VisitStatus::Returned);
    world.office.storage.add_records(&[visit.clone().into()]).expect("a returned visit");
    let mut device = Raw::enrol(&world.office, lead).await;
    let back = device.next(Entity::Visit, visit.id, 1, &[("status", json!(VisitStatus::InProgress))]);
    let answer = device.push(&world.office, vec![back]).await;
    assert_eq!(code_of(&answer, 0), Some(Code::Workflow), "{answer:?}");
    let held: Vec<Visit> = world.office.storage.all(Entity::Visit).expect("read");
    assert_eq!(held.iter().find(|v| v.id == visit.id).map(|v| v.status), Some(VisitStatus::Returned));

    let resubmit = device.next(Entity::Visit, visit.id, 1, &[("status", json!(VisitStatus::Submitted))]);
    let answer = device.push(&world.office, vec![resubmit]).await;
    assert_eq!(code_of(&answer, 0), None, "the lead resubmits it: {answer:?}");
}

/// Corrected visit times keep their order at the office too: access before arrival is
/// refused from a device whose app would never send it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn visit_times_out_of_order_are_refused_at_the_office() {
    let world = World::new().await;
    let lead = world.office.user("Lev Lead", Role::Lead, &[world.team_a]);
    let visit = visit_in(&world, world.team_a, VisitStatus::InProgress);
    world.office.storage.add_records(&[visit.clone().into()]).expect("a visit under way");
    let arrived = visit.arrived_at.expect("the world's visit has an arrival");
    let mut device = Raw::enrol(&world.office, lead).await;
    let early = (arrived - chrono::Duration::hours(1)).to_rfc3339();
    let access = device.next(Entity::Visit, visit.id, 1, &[("access_granted_at", json!(early))]);
    let later = (arrived + chrono::Duration::minutes(40)).to_rfc3339();
    let fine = device.next(Entity::Visit, visit.id, 1, &[("access_granted_at", json!(later))]);
    let answer = device.push(&world.office, vec![access, fine]).await;
    let codes: Vec<_> = (0..2).map(|i| code_of(&answer, i)).collect();
    assert_eq!(codes, [Some(Code::Invalid), None], "{answer:?}");
}
