//! Reprisal follow-up on a device store: the people a place's earlier interviews flagged at
//! risk (never the content, never a later visit's own, never another place's or a deleted
//! one), the checks on each, the gate's links, and the year's counts.

use uuid::Uuid;
use vigil_core::Entity;
use vigil_core::records::{Interview, Observation, ReprisalCheck, ReprisalOutcome, Severity, Visit};

use crate::fixture::{World, date};

fn interview(visit_id: Uuid, code: &str, at_risk: bool) -> Interview {
    Interview {
        id: Uuid::now_v7(),
        visit_id,
        pseudonym: code.into(),
        group_interview: false,
        consent_to_use: true,
        consent_to_quote: false,
        consent_to_refer: false,
        interpreter: None,
        reprisal_risk: at_risk,
        content: "what they said".into(),
    }
}

#[test]
fn a_place_lists_its_people_at_risk_with_their_checks_and_the_year_counts_them() {
    let (world, mut store) = World::new();
    let earlier = Visit {
        id: Uuid::now_v7(),
        planned_on: date(2025, 10, 1),
        arrived_at: None,
        access_granted_at: None,
        ..world.visit()
    };
    store.create(&world.lead, &earlier.clone().into()).expect("earlier visit");
    let at_risk = interview(earlier.id, "RK-7Q2", true);
    let safe = interview(earlier.id, "AB-123", false);
    let removed = interview(earlier.id, "ZZ-999", true);
    let this_visit = interview(world.visit_id, "NEW-01", true);
    for i in [&at_risk, &safe, &removed, &this_visit] {
        store.create(&world.inspector, &i.clone().into()).expect("interview");
    }
    store.delete(&world.inspector, Entity::Interview, removed.id).expect("delete");

    let people = store.people_to_check(world.facility_id, Some(world.visit_id)).expect("people");
    let codes: Vec<&str> = people.iter().map(|p| p.pseudonym.as_str()).collect();
    assert_eq!(codes, ["RK-7Q2"], "flagged, live, of an earlier visit");
    assert_eq!((people[0].interviewed_on, people[0].team_name.as_str()), (date(2025, 10, 1), "Team North"));
    assert!(!format!("{people:?}").contains("what they said"));
    let everyone = store.people_to_check(world.facility_id, None).expect("people");
    assert_eq!(everyone.iter().map(|p| p.pseudonym.as_str()).collect::<Vec<_>>(), ["NEW-01", "RK-7Q2"], "newest first");
    assert!(store.people_to_check(Uuid::now_v7(), None).expect("people").is_empty());

    // The gate: an interview not flagged, or of this same visit, is refused by name.
    let check = |interview_id, outcome, observation_id| ReprisalCheck {
        id: Uuid::now_v7(),
        visit_id: world.visit_id,
        interview_id,
        outcome,
        checked_on: date(2026, 3, 2),
        note: "Seen in the yard".into(),
        observation_id,
    };
    for (interview_id, why) in [(safe.id, "not flagged"), (this_visit.id, "this same visit")] {
        let refused = store.create(&world.inspector, &check(interview_id, ReprisalOutcome::NoSign, None).into());
        let message = refused.expect_err(why).to_string();
        assert!(message.contains("reprisal_check.interview_id"), "{why}: {message}");
    }
    // A supervisor reviews; the check is the team's.
    let by_supervisor = store.create(&world.supervisor, &check(at_risk.id, ReprisalOutcome::NoSign, None).into());
    assert_eq!(by_supervisor.expect_err("a supervisor").code(), vigil_core::Code::Forbidden);

    let finding = Observation { severity: Severity::High, ..world.observation("Possible reprisal against RK-7Q2") };
    let concern = check(at_risk.id, ReprisalOutcome::Concern, Some(finding.id));
    let finding_id = finding.id;
    store.create_all(&world.inspector, &[concern.clone().into(), finding.into()]).expect("concern, then its finding");
    // The finding a check names is of the check's visit, whichever comes first.
    let elsewhere = Observation { id: Uuid::now_v7(), visit_id: earlier.id, ..world.observation("Elsewhere") };
    let named = check(at_risk.id, ReprisalOutcome::Concern, Some(elsewhere.id));
    let refused = store.create_all(&world.inspector, &[named.into(), elsewhere.into()]);
    assert!(refused.expect_err("a finding of another visit").to_string().contains("observation.visit_id"));
    assert!(store.record(Entity::Observation, finding_id).expect("read").is_some());
    let people = store.people_to_check(world.facility_id, Some(world.visit_id)).expect("people");
    assert_eq!(people[0].checks, vec![concern.clone()]);
    assert_eq!(store.visit_bundle(world.visit_id).expect("bundle").reprisal_checks, vec![concern]);

    let counts = store.reprisal_check_counts(2026).expect("counts");
    assert_eq!((counts.no_sign, counts.concern, counts.not_found), (0, 1, 0));
    assert_eq!(store.reprisal_check_counts(2025).expect("counts").concern, 0, "counted by the day of the check");
}
