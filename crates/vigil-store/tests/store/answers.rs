//! The authority's answer on a device store: recorded only after approval, by the team's
//! lead or a supervisor, beside the locked content (its hash still matches, its letter
//! included); the deadline counted from the report sent, with the office's setting; what
//! is overdue on the tracker, the dashboard and in the reminders.

use serde_json::{Map, Value, json};
use uuid::Uuid;
use vigil_core::answer::AnswerState;
use vigil_core::records::{
    ActionStep, Attachment, AuthorityAnswer, AuthorityResponse, OfficeSetting, Recommendation, ReportStage,
    ReportVersion,
};
use vigil_core::{Code, Entity, Record, VisitStatus};
use vigil_store::{RecommendationFilter, ReminderKind, Store, VisitScope};

use crate::fixture::{World, date};

fn status(s: VisitStatus) -> Map<String, Value> {
    Map::from_iter([("status".to_owned(), json!(s))])
}

fn answer(recommendation: &Recommendation, letter_id: Option<Uuid>) -> AuthorityAnswer {
    AuthorityAnswer {
        id: Uuid::now_v7(),
        recommendation_id: recommendation.id,
        visit_id: recommendation.visit_id,
        received_on: date(2026, 5, 10),
        position: AuthorityResponse::PartiallyAccepted,
        text: "Cells 3 and 4 will be repainted; the ventilation waits for next year's budget".into(),
        letter_id,
    }
}

fn step(answer: &AuthorityAnswer, text: &str, due_on: chrono::NaiveDate) -> ActionStep {
    ActionStep {
        id: Uuid::now_v7(),
        answer_id: answer.id,
        visit_id: answer.visit_id,
        text: text.into(),
        due_on,
        done_on: None,
    }
}

fn letter(store: &Store, visit_id: Uuid) -> Attachment {
    let bytes = b"%PDF-1.4 the ministry's letter".to_vec();
    Attachment {
        id: Uuid::now_v7(),
        visit_id,
        sha256: store.add_blob(&bytes).expect("blob"),
        mime: "application/pdf".into(),
        size: bytes.len() as i64,
        file_name: "ministry-letter.pdf".into(),
    }
}

fn follow_up(store: &Store, day: chrono::NaiveDate) -> vigil_store::AnswerFollowUp {
    let tracker = store.recommendation_tracker(&RecommendationFilter::default(), day).expect("tracker");
    tracker.rows.into_iter().next().expect("one row").answer
}

#[test]
fn the_answer_follows_the_report_is_overdue_on_its_deadline_and_keeps_the_approved_hash() {
    let (world, mut store) = World::new();
    let recommendation = world.recommendation("Repaint and ventilate cells 3 and 4", date(2026, 12, 31));
    store.create(&world.lead, &recommendation.clone().into()).expect("recommend");

    // Before approval nobody answers for the authority: there is no report yet.
    let early = store.create(&world.supervisor, &answer(&recommendation, None).into());
    assert_eq!(early.expect_err("before approval").code(), Code::Workflow);
    store.update(&world.lead, Entity::Visit, world.visit_id, status(VisitStatus::Submitted)).expect("submit");
    store.update(&world.supervisor, Entity::Visit, world.visit_id, status(VisitStatus::InReview)).expect("review");
    store.update(&world.supervisor, Entity::Visit, world.visit_id, status(VisitStatus::Approved)).expect("approve");
    assert_eq!(follow_up(&store, date(2026, 9, 1)).state, AnswerState::NotSent, "no report sent, nothing due");

    // The deadline is the office's: administrators set it, nobody else.
    let twenty_days = OfficeSetting::new(vigil_core::settings::ANSWER_DAYS, 20);
    assert_eq!(
        store.create(&world.supervisor, &twenty_days.clone().into()).expect_err("supervisor").code(),
        Code::Forbidden
    );
    store.create(&world.admin, &twenty_days.into()).expect("the office's deadline");
    assert_eq!(store.office_settings().expect("settings").answer_days, 20);
    let sent = ReportVersion {
        id: Uuid::now_v7(),
        visit_id: world.visit_id,
        stage: ReportStage::Provisional,
        dated_on: date(2026, 4, 1),
        note: String::new(),
        attachment_id: None,
    };
    let by_inspector = store.create(&world.inspector, &sent.clone().into());
    assert_eq!(by_inspector.expect_err("an inspector").code(), Code::Forbidden);
    store.create(&world.supervisor, &sent.clone().into()).expect("sent to the authority");
    // The report's stages in order, each on or after the one before (the core's rule, here
    // judged by the gate).
    let stage = |stage, dated_on| ReportVersion { id: Uuid::now_v7(), stage, dated_on, ..sent.clone() };
    let published = store.create(&world.supervisor, &stage(ReportStage::Published, date(2026, 4, 2)).into());
    assert_eq!(published.expect_err("not final yet").code(), Code::Workflow);
    let before = store.create(&world.supervisor, &stage(ReportStage::Comments, date(2026, 3, 30)).into());
    assert_eq!(before.expect_err("before it was sent").code(), Code::Workflow);
    store.create(&world.supervisor, &stage(ReportStage::Comments, date(2026, 4, 15)).into()).expect("comments");

    let waiting = follow_up(&store, date(2026, 4, 10));
    assert_eq!((waiting.sent_on, waiting.due_on), (Some(date(2026, 4, 1)), Some(date(2026, 4, 21))));
    assert_eq!(waiting.state, AnswerState::DueSoon);
    assert_eq!(follow_up(&store, date(2026, 4, 22)).state, AnswerState::Overdue);
    // The tracker's "answer overdue" shows it from the day after the deadline only.
    let answer_overdue = RecommendationFilter { answer_overdue_only: true, ..RecommendationFilter::default() };
    let shown = |store: &Store, day| store.recommendation_tracker(&answer_overdue, day).expect("tracker").rows.len();
    assert_eq!((shown(&store, date(2026, 4, 21)), shown(&store, date(2026, 4, 22))), (0, 1));
    let dashboard = store.dashboard(2026, date(2026, 4, 22)).expect("dashboard");
    assert_eq!((dashboard.answers.answers_overdue, dashboard.answers.steps_overdue), (1, 0));
    let reminders = store.reminders(VisitScope::Held, date(2026, 4, 22)).expect("reminders");
    assert_eq!(reminders.len(), 1);
    assert_eq!((reminders[0].kind, reminders[0].due_on), (ReminderKind::AnswerOverdue, date(2026, 4, 21)));
    assert!(store.reminders(VisitScope::Teams(&[Uuid::now_v7()]), date(2026, 4, 22)).expect("others").is_empty());

    // The answer, its letter and its plan: an inspector is refused, the lead records them.
    let approved_hash = store.visit_content_hash(world.visit_id).expect("hash");
    let by_inspector = store.create(&world.inspector, &answer(&recommendation, None).into());
    assert_eq!(by_inspector.expect_err("an inspector").code(), Code::Forbidden);
    let letter = letter(&store, world.visit_id);
    let answered = answer(&recommendation, Some(letter.id));
    let paint = step(&answered, "Repaint cells 3 and 4", date(2026, 6, 30));
    let vents = step(&answered, "Install ventilation", date(2027, 3, 31));
    let records: Vec<Record> = vec![answered.clone().into(), letter.clone().into(), paint.clone().into(), vents.into()];
    store.create_all(&world.lead, &records).expect("answer, letter, plan");
    assert_eq!(store.visit_content_hash(world.visit_id).expect("hash"), approved_hash, "beside the locked content");
    assert!(store.visit_integrity(world.visit_id).expect("integrity").matches_approval());

    // Any other attachment is still refused on the approved visit.
    let stray = Attachment { id: Uuid::now_v7(), file_name: "another.pdf".into(), ..letter.clone() };
    assert_eq!(store.create(&world.lead, &stray.into()).expect_err("not a letter").code(), Code::VisitLocked);
    // A step of another visit's answer is refused by name.
    let elsewhere = ActionStep { visit_id: Uuid::now_v7(), ..step(&answered, "Elsewhere", date(2026, 8, 1)) };
    let refused = store.create(&world.lead, &elsewhere.into()).expect_err("another visit");
    assert!(refused.to_string().contains("action_step.answer_id"), "{refused}");

    let received = follow_up(&store, date(2026, 5, 11));
    assert_eq!(received.state, AnswerState::Answered);
    assert_eq!(shown(&store, date(2026, 5, 11)), 0, "answered: no longer listed");
    assert_eq!(received.answers[0].answer.letter_id, Some(letter.id));
    assert_eq!(received.answers[0].steps.len(), 2);
    let late = follow_up(&store, date(2026, 7, 1));
    assert_eq!(late.steps_overdue, 1);
    assert!(late.answers[0].steps[0].overdue && !late.answers[0].steps[1].overdue);
    let reminders = store.reminders(VisitScope::Held, date(2026, 7, 1)).expect("reminders");
    let kinds: Vec<_> = reminders.iter().map(|r| (r.kind, r.step.as_deref())).collect();
    assert_eq!(kinds, [(ReminderKind::StepOverdue, Some("Repaint cells 3 and 4"))]);
    assert_eq!(store.dashboard(2026, date(2026, 7, 1)).expect("dashboard").answers.steps_overdue, 1);

    // Done: the inspector may not say so, a supervisor may.
    let done = Map::from_iter([("done_on".to_owned(), json!("2026-07-02"))]);
    let refused = store.update(&world.inspector, Entity::ActionStep, paint.id, done.clone());
    assert_eq!(refused.expect_err("an inspector").code(), Code::Forbidden);
    store.update(&world.supervisor, Entity::ActionStep, paint.id, done).expect("done");
    assert_eq!(follow_up(&store, date(2026, 7, 3)).steps_overdue, 0);
    assert!(store.visit_integrity(world.visit_id).expect("integrity").matches_approval());
}

/// A letter the gate refuses (no report yet, nobody answers for the authority) leaves no
/// file behind; the same bytes kept before for another record stay when a later use of
/// them is refused; and a letter accepted is kept under its hash.
#[test]
fn a_refused_letter_leaves_no_file_and_takes_no_file_another_record_names() {
    let (world, mut store) = World::new();
    let recommendation = world.recommendation("Repaint cells 3 and 4", date(2026, 12, 31));
    store.create(&world.lead, &recommendation.clone().into()).expect("recommend");
    let bytes = b"%PDF-1.4 the ministry's letter".to_vec();
    let answered = |store: &mut Store, sha256: String| {
        let letter = Attachment {
            id: Uuid::now_v7(),
            visit_id: world.visit_id,
            sha256,
            mime: "application/pdf".into(),
            size: bytes.len() as i64,
            file_name: "letter.pdf".into(),
        };
        let records: Vec<Record> = vec![answer(&recommendation, Some(letter.id)).into(), letter.clone().into()];
        store.create_all(&world.supervisor, &records).map(|_| letter)
    };

    let refused = store.keeping_blob(&bytes, answered).expect_err("before approval");
    assert_eq!(refused.code(), Code::Workflow);
    let path = store.blob_path(&letter(&store, world.visit_id).sha256).expect("path");
    // `letter` kept the same bytes again: they are now held, as a photo of the visit would be.
    assert!(path.is_file());
    let refused = store.keeping_blob(&bytes, answered).expect_err("still before approval");
    assert_eq!(refused.code(), Code::Workflow);
    assert!(path.is_file(), "bytes held before a refused use stay");
    std::fs::remove_file(&path).expect("remove");
    let _ = store.keeping_blob(&bytes, answered).expect_err("refused again");
    assert!(!path.exists(), "a refused letter leaves no file");

    for next in [VisitStatus::Submitted, VisitStatus::InReview, VisitStatus::Approved] {
        let actor = if next == VisitStatus::Submitted { &world.lead } else { &world.supervisor };
        store.update(actor, Entity::Visit, world.visit_id, status(next)).expect("workflow");
    }
    let kept = store.keeping_blob(&bytes, answered).expect("after approval");
    assert_eq!(store.read_blob(&kept.sha256).expect("kept"), bytes);
}
