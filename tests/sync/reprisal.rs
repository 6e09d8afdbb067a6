//! Reprisal follow-up (issue 17, item 5) against the real office: only the interview's team
//! learns that a person at risk exists and records a check on them; another team's device
//! and an administrator's are refused as if there were no such interview, and receive
//! neither the interview nor the check; a check with bad input is refused naming its field.

use chrono::NaiveDate;
use uuid::Uuid;
use vigil_core::protocol::OpOutcome;
use vigil_core::records::{Interview, ReprisalCheck, ReprisalOutcome, Visit};
use vigil_core::{Entity, Hlc, Op, Record, Role};
use vigil_tests::{Device, now_millis};

use crate::world::{World, observation};

const TESTIMONY: &str = "PLANTED-TESTIMONY: the guard on night shift beat me after the last visit";

fn flagged_interview(visit_id: Uuid) -> Interview {
    Interview {
        id: Uuid::now_v7(),
        visit_id,
        pseudonym: "RK-7Q2".into(),
        group_interview: false,
        consent_to_use: true,
        consent_to_quote: false,
        consent_to_refer: false,
        interpreter: None,
        reprisal_risk: true,
        content: TESTIMONY.into(),
    }
}

fn check(visit_id: Uuid, interview_id: Uuid, outcome: ReprisalOutcome, note: &str) -> ReprisalCheck {
    ReprisalCheck {
        id: Uuid::now_v7(),
        visit_id,
        interview_id,
        outcome,
        checked_on: NaiveDate::from_ymd_opt(2026, 11, 27).expect("day"),
        note: note.into(),
        observation_id: None,
    }
}

/// A device of its own, pushing ops built by hand (a stolen or modified app).
struct Raw {
    device_id: Uuid,
    user_id: Uuid,
    token: String,
    seq: u64,
}

impl Raw {
    async fn push(&mut self, world: &World, record: Record) -> OpOutcome {
        self.seq += 1;
        let hlc = Hlc { millis: now_millis(), counter: 0 };
        let op = Op::create(&record, self.device_id, self.seq, hlc, self.user_id);
        let answer = world.office.push_raw(&self.token, self.device_id, vec![op]).await;
        answer.results.into_iter().next().expect("one answer").outcome
    }
}

async fn raw(world: &World, name: &str, role: Role, teams: &[Uuid]) -> Raw {
    let user_id = world.office.user(name, role, teams);
    let (device_id, token) = world.office.enrol_raw(user_id, None).await;
    Raw { device_id, user_id, token, seq: 0 }
}

fn refusal(outcome: &OpOutcome) -> (String, String) {
    match outcome {
        OpOutcome::Rejected { code, reason, .. } => (code.as_str().to_owned(), reason.clone()),
        OpOutcome::Accepted { .. } => ("accepted".into(), String::new()),
    }
}

fn holds(device: &Device, entity: Entity) -> usize {
    device.store().records(entity).expect("records").len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_interviews_team_learns_of_a_person_at_risk_and_checks_on_them() {
    let world = World::new().await;
    // Team A interviewed a person at risk on an earlier visit, and is back at the place.
    let earlier = Visit {
        planned_on: NaiveDate::from_ymd_opt(2026, 6, 1).expect("day"),
        arrived_at: None,
        ..world.visit(world.team_a)
    };
    let interview = flagged_interview(earlier.id);
    let now = world.visit(world.team_a);
    world.lead_a.sync().await.expect("the place and its checklist");
    {
        let store = &mut *world.lead_a.store();
        for record in [earlier.clone().into(), interview.clone().into(), now.clone().into()] {
            store.create(&world.lead_a.actor, &record).expect("team A's records");
        }
    }
    world.lead_a.sync().await.expect("lead syncs");
    world.inspector_a.sync().await.expect("inspector syncs");

    // The team's inspector sees the person by code and day, and records the check.
    let people = world.inspector_a.store().people_to_check(world.facility_id, Some(now.id)).expect("people");
    assert_eq!(people.len(), 1, "{people:?}");
    assert_eq!((people[0].pseudonym.as_str(), people[0].interviewed_on), ("RK-7Q2", earlier.planned_on));
    assert!(!format!("{people:?}").contains("PLANTED-TESTIMONY"), "never the interview's content");
    let seen = check(now.id, interview.id, ReprisalOutcome::NoSign, "Seen in cell 12, says nothing happened");
    world.inspector_a.store().create(&world.inspector_a.actor, &seen.clone().into()).expect("the check");
    let report = world.inspector_a.sync().await.expect("sync");
    assert_eq!(report.rejected, 0, "{report:?}");
    world.lead_a.sync().await.expect("lead syncs");
    assert_eq!(
        world.lead_a.store().record(Entity::ReprisalCheck, seen.id).expect("read").map(|r| r.id()),
        Some(seen.id)
    );

    // Bad input from the team's own device is refused by the office, naming the field.
    let mut a = raw(&world, "Ivan Again", Role::Inspector, &[world.team_a]).await;
    let long = check(now.id, interview.id, ReprisalOutcome::NoSign, &"x".repeat(501));
    let (code, reason) = refusal(&a.push(&world, long.into()).await);
    assert_eq!(code, "invalid");
    assert!(reason.contains("reprisal_check.note"), "{reason}");
    let bare_concern = check(now.id, interview.id, ReprisalOutcome::Concern, "Bruises on his arms");
    let (code, reason) = refusal(&a.push(&world, bare_concern.clone().into()).await);
    assert_eq!(code, "invalid");
    assert!(reason.contains("reprisal_check.observation_id"), "a concern without its finding: {reason}");
    let other_visit_finding = observation(earlier.id, "Bruises on the arms of RK-7Q2");
    assert_eq!(refusal(&a.push(&world, other_visit_finding.clone().into()).await).0, "accepted");
    let stray = ReprisalCheck { observation_id: Some(other_visit_finding.id), ..bare_concern };
    let (code, reason) = refusal(&a.push(&world, stray.into()).await);
    assert_eq!(code, "invalid");
    assert!(reason.contains("observation_id"), "a finding of another visit: {reason}");

    // A concern, recorded as the app does (the check, then the finding it became, which
    // names the code): the finding goes where the check goes.
    let mut finding =
        observation(now.id, "Possible reprisal against the person interviewed as RK-7Q2: moved to cell 1");
    let concern = ReprisalCheck {
        observation_id: Some(finding.id),
        ..check(now.id, interview.id, ReprisalOutcome::Concern, "Moved to cell 1")
    };
    finding.confidential = true;
    world
        .inspector_a
        .store()
        .create_all(&world.inspector_a.actor, &[concern.into(), finding.clone().into()])
        .expect("concern");
    let report = world.inspector_a.sync().await.expect("sync");
    assert_eq!(report.rejected, 0, "{report:?}");
    world.lead_a.sync().await.expect("lead syncs");
    assert!(world.lead_a.store().record(Entity::Observation, finding.id).expect("read").is_some(), "the team has it");

    // Another team's device, on its own visit at the same place, naming team A's interview:
    // told exactly what it is told of an interview nobody holds.
    let b_visit = world.visit(world.team_b);
    let mut b = raw(&world, "Boris B", Role::Lead, &[world.team_b]).await;
    assert_eq!(refusal(&b.push(&world, b_visit.clone().into()).await).0, "accepted");
    let guessed = refusal(&b.push(&world, check(b_visit.id, interview.id, ReprisalOutcome::NoSign, "").into()).await);
    let nobody = Uuid::now_v7();
    let unheld = refusal(&b.push(&world, check(b_visit.id, nobody, ReprisalOutcome::NoSign, "").into()).await);
    assert_eq!(guessed.0, "not_found", "{guessed:?}");
    assert_eq!(guessed.0, unheld.0);
    assert_eq!(guessed.1.replace(&interview.id.to_string(), "ID"), unheld.1.replace(&nobody.to_string(), "ID"));
    // Nor on team A's visit (not its team), nor by reading: its device receives nothing of them.
    let on_a = refusal(&b.push(&world, check(now.id, interview.id, ReprisalOutcome::NoSign, "").into()).await);
    assert_eq!(on_a.0, "not_found", "{on_a:?}");
    world.inspector_b.sync().await.expect("team B syncs");
    assert_eq!(holds(&world.inspector_b, Entity::Interview), 0);
    assert_eq!(holds(&world.inspector_b, Entity::ReprisalCheck), 0);
    assert!(world.inspector_b.store().people_to_check(world.facility_id, None).expect("people").is_empty());
    assert_eq!(world.inspector_b.store().record(Entity::Observation, finding.id).expect("read"), None);

    // An administrator's device: refused as well, and it pulls neither interview nor check.
    let mut admin = raw(&world, "Ada Admin", Role::Admin, &[]).await;
    let by_admin = refusal(&admin.push(&world, check(now.id, interview.id, ReprisalOutcome::NoSign, "").into()).await);
    assert_eq!(by_admin.0, "not_found", "{by_admin:?}");
    let dir = tempfile::tempdir().expect("dir");
    let admin_user = world.office.user("Adil Admin", Role::Admin, &[]);
    let admin_device = world.office.device(admin_user, Role::Admin, dir.path(), "admin").await;
    admin_device.sync().await.expect("admin syncs");
    assert!(holds(&admin_device, Entity::Visit) >= 2, "the administrator receives the visits");
    assert_eq!(holds(&admin_device, Entity::Interview), 0);
    assert_eq!(holds(&admin_device, Entity::ReprisalCheck), 0);
    let held = vigil_tests::dump_records(&admin_device.path);
    assert!(!held.contains("PLANTED-TESTIMONY"), "no interview content");
    assert!(!held.contains("Seen in cell 12"), "nor a check's note");
    assert!(!held.contains("RK-7Q2: moved to cell 1"), "nor the finding a concern became");
    assert_eq!(admin_device.store().record(Entity::Observation, finding.id).expect("read"), None);

    // A member of both teams may know of the interview, but records the check on a visit of
    // the interview's team only: team B's devices would receive it otherwise.
    let mut both = raw(&world, "Bea Both", Role::Inspector, &[world.team_a, world.team_b]).await;
    let crossed =
        refusal(&both.push(&world, check(b_visit.id, interview.id, ReprisalOutcome::NoSign, "").into()).await);
    assert_eq!(crossed.0, "forbidden", "{crossed:?}");
    let fine =
        refusal(&both.push(&world, check(now.id, interview.id, ReprisalOutcome::NotFound, "Transferred").into()).await);
    assert_eq!(fine.0, "accepted", "{fine:?}");
}
