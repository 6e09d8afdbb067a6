//! The supervisor's review queue.

use serde_json::{Map, json};
use uuid::Uuid;
use vigil_core::records::{ImplementationStatus, Interview, Recommendation, RecommendationAssessment, Visit};
use vigil_core::{Entity, VisitStatus};
use vigil_store::Store;

use crate::fixture::{World, date, seed};

fn status(s: VisitStatus) -> Map<String, serde_json::Value> {
    Map::from_iter([("status".to_owned(), json!(s))])
}

#[test]
fn the_queue_lists_submitted_and_in_review_visits_oldest_submission_first_with_their_counts() {
    let (world, mut store) = World::new();
    let later = Visit { id: Uuid::now_v7(), ..world.visit() };
    let not_yet = Visit { id: Uuid::now_v7(), ..world.visit() };
    seed(&mut store, &[later.clone().into(), not_yet.clone().into()]);

    // The fixture's visit: two findings, an interview, a recommendation, an assessment.
    let finding = world.observation("Cell 4 is cold");
    store.create(&world.inspector, &finding.clone().into()).expect("observe");
    store.create(&world.inspector, &world.observation("No call bell").into()).expect("observe");
    let interview = Interview {
        id: Uuid::now_v7(),
        visit_id: world.visit_id,
        pseudonym: "K7-4QX2".into(),
        group_interview: false,
        consent_to_use: true,
        consent_to_quote: false,
        consent_to_refer: false,
        interpreter: None,
        reprisal_risk: false,
        content: "Says the heating has been off for a week.".into(),
    };
    store.create(&world.inspector, &interview.into()).expect("interview");
    let recommendation = world.recommendation("Repair the heating", date(2026, 6, 1));
    store.create(&world.lead, &recommendation.clone().into()).expect("recommend");
    // A visit follows up the recommendations of another (here: one not handed in yet).
    let earlier = Recommendation {
        id: Uuid::now_v7(),
        visit_id: not_yet.id,
        ..world.recommendation("Fit call bells", date(2026, 6, 1))
    };
    store.create(&world.lead, &earlier.clone().into()).expect("recommend earlier");
    let assessment = RecommendationAssessment {
        id: Uuid::now_v7(),
        recommendation_id: earlier.id,
        visit_id: world.visit_id,
        status: ImplementationStatus::NotImplemented,
        evidence: "Still cold".into(),
        assessed_on: date(2026, 3, 2),
    };
    store.create(&world.lead, &assessment.into()).expect("assess");
    // A concurrent edit from another device leaves one field in conflict.
    let mut second = Store::open(&world.path("second.db")).expect("second");
    second.apply_remote(&store.op_log().expect("ops"), None).expect("share");
    let text = |t: &str| Map::from_iter([("text".to_owned(), json!(t))]);
    let theirs = second.update(&world.lead, Entity::Observation, finding.id, text("11°C")).expect("b").expect("op");
    store.update(&world.inspector, Entity::Observation, finding.id, text("Cell 4: 11°C")).expect("a");
    store.apply_remote(&[theirs], None).expect("concurrent edit");

    store.update(&world.lead, Entity::Visit, world.visit_id, status(VisitStatus::Submitted)).expect("submit first");
    store.update(&world.lead, Entity::Visit, later.id, status(VisitStatus::Submitted)).expect("submit second");
    store.update(&world.supervisor, Entity::Visit, later.id, status(VisitStatus::InReview)).expect("take second");

    let queue = store.review_queue().expect("queue");
    let ids: Vec<Uuid> = queue.iter().map(|q| q.visit_id).collect();
    assert_eq!(ids, vec![world.visit_id, later.id], "oldest submission first; in progress left out");
    let first = &queue[0];
    assert_eq!((first.place_name.as_str(), first.team_name.as_str()), ("Central Police Station No. 3", "Team North"));
    assert_eq!(first.status, VisitStatus::Submitted);
    assert!(first.submitted_at.is_some() && first.submitted_at <= queue[1].submitted_at);
    let counts = first.counts;
    assert_eq!(
        (counts.findings, counts.interviews, counts.new_recommendations, counts.assessments, counts.open_conflicts),
        (2, 1, 1, 1, 1)
    );
    assert_eq!(queue[1].counts, Default::default());
    assert_eq!(queue[1].status, VisitStatus::InReview);
}
