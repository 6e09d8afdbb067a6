//! Retention against the real office: the administrator sets the period at the office,
//! each device learns it at its next sync, and a device past the period removes a visit's
//! interview contents on itself only — the office keeps them, a later sync neither pushes
//! the removal nor brings the words back, and another device keeps them until its own turn.

use chrono::{Days, Utc};
use serde_json::{Map, json};
use uuid::Uuid;
use vigil_core::records::Interview;
use vigil_core::retention::RetentionDays;
use vigil_core::{Entity, Record, Role, VisitStatus};
use vigil_server::sqlite::office_audit::COMMAND_LINE;

use crate::world::World;

const TESTIMONY: &str = "PLANTED-TESTIMONY: they took my letters after the last visit";

fn status(s: VisitStatus) -> Map<String, serde_json::Value> {
    Map::from_iter([("status".to_owned(), json!(s))])
}

fn content(store: &vigil_store::Store, id: Uuid) -> String {
    match store.record(Entity::Interview, id).expect("read") {
        Some(Record::Interview(interview)) => interview.content,
        other => panic!("no interview: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_sets_the_period_devices_remove_on_themselves_and_the_office_keeps_everything() {
    let world = World::new().await;
    let supervisor_id = world.office.user("Sara Supervisor", Role::Supervisor, &[world.team_a]);
    let supervisor = world.office.device(supervisor_id, Role::Supervisor, world._dir.path(), "supervisor").await;
    let (lead, inspector) = (&world.lead_a, &world.inspector_a);
    let visit = world.visit(world.team_a);
    let interview = Interview {
        id: Uuid::now_v7(),
        visit_id: visit.id,
        pseudonym: "TL-4R8".into(),
        group_interview: false,
        consent_to_use: true,
        consent_to_quote: false,
        consent_to_refer: false,
        interpreter: None,
        reprisal_risk: true,
        content: TESTIMONY.into(),
    };
    lead.sync().await.expect("reference data");
    assert_eq!(lead.store().retention().expect("period"), None, "no period until the office sets one");
    {
        let mut store = lead.store();
        store.create(&lead.actor, &visit.clone().into()).expect("plan");
        store.create(&lead.actor, &interview.clone().into()).expect("interview");
        store.update(&lead.actor, Entity::Visit, visit.id, status(VisitStatus::Submitted)).expect("submit");
    }
    lead.sync().await.expect("push");
    supervisor.sync().await.expect("the visit to review");
    {
        let mut store = supervisor.store();
        store.update(&supervisor.actor, Entity::Visit, visit.id, status(VisitStatus::InReview)).expect("take");
        store.update(&supervisor.actor, Entity::Visit, visit.id, status(VisitStatus::Approved)).expect("approve");
    }
    supervisor.sync().await.expect("push the approval");

    world.office.storage.set_retention(COMMAND_LINE, Some(RetentionDays::new(30).expect("30"))).expect("set");
    lead.sync().await.expect("the approval and the period");
    inspector.sync().await.expect("the inspector's copy");
    assert_eq!(lead.store().retention().expect("period").map(RetentionDays::get), Some(30));

    // Inside the period nothing leaves; past it, the lead's device removes the words.
    let soon = Utc::now().checked_add_days(Days::new(10)).expect("day");
    assert!(lead.store().purge_expired(soon).expect("purge").visits.is_empty());
    let later = Utc::now().checked_add_days(Days::new(31)).expect("day");
    let purged = lead.store().purge_expired(later).expect("purge");
    assert_eq!((purged.visits, purged.interviews), (vec![visit.id], 1));
    assert_eq!(content(&lead.store(), interview.id), "");

    // The removal is not an op: nothing goes up, and the office keeps the words.
    let report = lead.sync().await.expect("sync after the removal");
    assert_eq!((report.pushed, report.rejected), (0, 0), "{report:?}");
    let held: Vec<Interview> = world.office.storage.all(Entity::Interview).expect("office");
    assert_eq!(held.iter().find(|i| i.id == interview.id).map(|i| i.content.as_str()), Some(TESTIMONY));
    // Another device keeps its copy until its own period passes.
    assert_eq!(content(&inspector.store(), interview.id), TESTIMONY);
    // The office lifts the period: devices learn it; what left stays gone.
    world.office.storage.set_retention(COMMAND_LINE, None).expect("lift");
    lead.sync().await.expect("sync");
    assert_eq!(lead.store().retention().expect("period"), None);
    assert_eq!(content(&lead.store(), interview.id), "");
    assert_eq!(world.office.storage.retention().expect("office period"), None);
}
