//! The access rules, enforced by the central office on every pushed op: each role against
//! each kind of edit, through real devices and the real server; a refusal comes back with
//! its reason and stores nothing.

use serde_json::json;
use uuid::Uuid;
use vigil_core::protocol::OpOutcome;
use vigil_core::records::Visit;
use vigil_core::records::{
    Amendment, Area, AuthorityResponse, Entity, Facility, FacilityKind, ImplementationStatus, Interview, Priority,
    Recommendation, RecommendationAssessment, RegisterCheck, ReviewComment, Team, User, VisitMember,
};
use vigil_core::{FieldChange, Hlc, Op, Record, Role, VisitStatus};
use vigil_tests::Office;

use crate::world::{observation, reference_records};

/// One edit as a raw op from a device of `role` in team A (the office checks every op).
struct Case {
    what: &'static str,
    record: fn(&Setup) -> Op,
    /// Expected outcome per role: inspector, lead, supervisor, admin ("ok" or a code).
    expected: [&'static str; 4],
    /// Where the device's store answers otherwise (it cannot see other teams).
    on_device: Option<[&'static str; 4]>,
}

struct Setup {
    device_id: Uuid,
    user_id: Uuid,
    team_a: Uuid,
    team_b: Uuid,
    visit_in_progress: Uuid,
    visit_in_review: Uuid,
    visit_approved: Uuid,
    visit_returned: Uuid,
    /// A supervisor's comment on the returned visit, for the team to answer.
    returned_comment: Uuid,
    /// Team B's visit in review: out of reach for everyone in team A.
    visit_b_in_review: Uuid,
    earlier_recommendation: Uuid,
    reference: crate::world::Reference,
}

fn recommendation(setup: &Setup, id: Uuid) -> Recommendation {
    Recommendation {
        id,
        visit_id: setup.visit_in_progress,
        facility_id: setup.reference.facility_id,
        text: "Repair the windows of cells 3 and 4".into(),
        authority: "Ministry of Internal Affairs".into(),
        area: Area::MaterialConditions,
        priority: Priority::High,
        due_on: None,
        finding_ids: vec![],
        response: AuthorityResponse::Pending,
    }
}

fn new_user(team_id: Uuid, email: &str) -> User {
    User {
        id: Uuid::now_v7(),
        name: "New Colleague".into(),
        email: email.into(),
        role: Role::Inspector,
        team_ids: vec![team_id],
        profession: "doctor".into(),
    }
}

fn create(setup: &Setup, record: Record) -> Op {
    Op::create(&record, setup.device_id, 1, Hlc { millis: vigil_tests::now_millis(), counter: 0 }, setup.user_id)
}

fn status_change(setup: &Setup, visit_id: Uuid, from: VisitStatus, to: VisitStatus) -> Op {
    let mut op = create(setup, setup.reference.visit(setup.team_a).into());
    op.entity_id = visit_id;
    op.base_rev = 1;
    op.patch = [("status".to_owned(), FieldChange { old: json!(from), new: json!(to), supersedes: vec![] })].into();
    op
}

const CASES: &[Case] = &[
    Case {
        what: "add a place",
        record: |s| {
            create(
                s,
                Facility {
                    id: Uuid::now_v7(),
                    name: "New Holding Cells".into(),
                    kind: FacilityKind::TemporaryHolding,
                    region: "North".into(),
                    address: String::new(),
                    latitude: None,
                    longitude: None,
                    authority: "Ministry of Internal Affairs".into(),
                    capacity: None,
                    population: None,
                    contact: String::new(),
                    time_zone: None,
                }
                .into(),
            )
        },
        expected: ["forbidden", "forbidden", "forbidden", "ok"],
        on_device: None,
    },
    Case {
        what: "plan a visit for my team",
        record: |s| create(s, s.reference.visit(s.team_a).into()),
        expected: ["ok", "ok", "forbidden", "forbidden"],
        on_device: None,
    },
    Case {
        what: "plan a visit for another team",
        record: |s| create(s, s.reference.visit(s.team_b).into()),
        expected: ["forbidden", "forbidden", "forbidden", "forbidden"],
        on_device: Some(["ok", "ok", "forbidden", "forbidden"]),
    },
    Case {
        what: "record a finding on a visit in progress",
        record: |s| create(s, observation(s.visit_in_progress, "Cell 2 has no light").into()),
        expected: ["ok", "ok", "forbidden", "forbidden"],
        on_device: None,
    },
    Case {
        what: "record a finding on a visit in review",
        record: |s| create(s, observation(s.visit_in_review, "Late note").into()),
        expected: ["in_review", "in_review", "forbidden", "forbidden"],
        on_device: None,
    },
    Case {
        what: "record a finding on an approved visit",
        record: |s| create(s, observation(s.visit_approved, "After the fact").into()),
        expected: ["visit_locked", "visit_locked", "visit_locked", "forbidden"],
        on_device: None,
    },
    Case {
        what: "comment on a visit in review",
        record: |s| {
            create(
                s,
                ReviewComment {
                    id: Uuid::now_v7(),
                    visit_id: s.visit_in_review,
                    target_entity: None,
                    target_id: None,
                    reply_to: None,
                    body: "Add the time of the incident".into(),
                    author_id: s.user_id,
                }
                .into(),
            )
        },
        expected: ["forbidden", "forbidden", "ok", "forbidden"],
        on_device: None,
    },
    Case {
        what: "answer a comment on a returned visit",
        record: |s| {
            create(
                s,
                ReviewComment {
                    id: Uuid::now_v7(),
                    visit_id: s.visit_returned,
                    target_entity: None,
                    target_id: None,
                    reply_to: Some(s.returned_comment),
                    body: "Added: 14:20, from the duty officer".into(),
                    author_id: s.user_id,
                }
                .into(),
            )
        },
        expected: ["ok", "ok", "workflow", "forbidden"],
        on_device: None,
    },
    Case {
        what: "amend an approved visit",
        record: |s| {
            create(
                s,
                Amendment {
                    id: Uuid::now_v7(),
                    visit_id: s.visit_approved,
                    target_entity: Some(Entity::Visit),
                    target_id: Some(s.visit_approved),
                    body: "The team left at 17:10, not 16:10".into(),
                    author_id: s.user_id,
                    made_at: "2026-12-01T09:00:00Z".parse().expect("time"),
                }
                .into(),
            )
        },
        expected: ["ok", "ok", "ok", "forbidden"],
        on_device: None,
    },
    Case {
        what: "record an interview",
        record: |s| {
            create(
                s,
                Interview {
                    id: Uuid::now_v7(),
                    visit_id: s.visit_in_progress,
                    pseudonym: "K7Q-4XM".into(),
                    group_interview: false,
                    consent_to_use: true,
                    consent_to_quote: false,
                    consent_to_refer: false,
                    interpreter: None,
                    reprisal_risk: false,
                    content: "Not told of his rights".into(),
                }
                .into(),
            )
        },
        expected: ["ok", "ok", "forbidden", "forbidden"],
        on_device: None,
    },
    Case {
        what: "check a register",
        record: |s| {
            create(
                s,
                RegisterCheck {
                    id: Uuid::now_v7(),
                    visit_id: s.visit_in_progress,
                    register: "custody register".into(),
                    sample_size: 20,
                    discrepancies: 2,
                    notes: String::new(),
                }
                .into(),
            )
        },
        expected: ["ok", "ok", "forbidden", "forbidden"],
        on_device: None,
    },
    Case {
        what: "make a recommendation",
        record: |s| create(s, recommendation(s, Uuid::now_v7()).into()),
        expected: ["ok", "ok", "forbidden", "forbidden"],
        on_device: None,
    },
    Case {
        what: "assess an earlier recommendation",
        record: |s| {
            create(
                s,
                RecommendationAssessment {
                    id: Uuid::now_v7(),
                    recommendation_id: s.earlier_recommendation,
                    visit_id: s.visit_in_progress,
                    status: ImplementationStatus::PartiallyImplemented,
                    evidence: "One of two cells repaired".into(),
                    assessed_on: s.reference.visit(s.team_a).planned_on,
                }
                .into(),
            )
        },
        expected: ["ok", "ok", "forbidden", "forbidden"],
        on_device: None,
    },
    Case {
        what: "join the visit as a member",
        record: |s| {
            create(
                s,
                VisitMember {
                    id: Uuid::now_v7(),
                    visit_id: s.visit_in_progress,
                    user_id: s.user_id,
                    areas: vec![Area::Treatment],
                }
                .into(),
            )
        },
        expected: ["ok", "ok", "forbidden", "forbidden"],
        on_device: None,
    },
    Case {
        what: "add a team",
        record: |s| create(s, Team { id: Uuid::now_v7(), name: "Team C".into(), region: "South".into() }.into()),
        expected: ["forbidden", "forbidden", "forbidden", "ok"],
        on_device: None,
    },
    Case {
        what: "add a user to a team",
        record: |s| create(s, new_user(s.team_a, "new.colleague@npm.example").into()),
        expected: ["forbidden", "forbidden", "forbidden", "ok"],
        on_device: None,
    },
    Case {
        what: "add a user to a team the office lacks",
        record: |s| create(s, new_user(Uuid::now_v7(), "new.colleague@npm.example").into()),
        expected: ["forbidden", "forbidden", "forbidden", "invalid"],
        // Every device holds every team: its gate refuses the same.
        on_device: None,
    },
    Case {
        what: "add a user with a colleague's e-mail address",
        record: |s| create(s, new_user(s.team_a, "Rena.Colleague@npm.example").into()),
        expected: ["forbidden", "forbidden", "forbidden", "invalid"],
        on_device: None,
    },
    Case {
        what: "submit a visit",
        record: |s| status_change(s, s.visit_in_progress, VisitStatus::InProgress, VisitStatus::Submitted),
        expected: ["workflow", "ok", "workflow", "forbidden"],
        on_device: None,
    },
    Case {
        what: "approve a visit",
        record: |s| status_change(s, s.visit_in_review, VisitStatus::InReview, VisitStatus::Approved),
        expected: ["workflow", "workflow", "ok", "forbidden"],
        on_device: None,
    },
    Case {
        what: "return a visit",
        record: |s| status_change(s, s.visit_in_review, VisitStatus::InReview, VisitStatus::Returned),
        expected: ["workflow", "workflow", "ok", "forbidden"],
        on_device: None,
    },
    Case {
        what: "approve another team's visit",
        record: |s| status_change(s, s.visit_b_in_review, VisitStatus::InReview, VisitStatus::Approved),
        expected: ["forbidden", "forbidden", "forbidden", "forbidden"],
        // A device never holds another team's visit; an administrator's holds every one.
        on_device: Some(["not_found", "not_found", "not_found", "forbidden"]),
    },
];

/// The office of one case: two teams, a place, three visits of team A in different states,
/// an earlier recommendation, and a user of `role` in team A (admins in none).
async fn office_for(role: Role) -> (Office, Uuid, Setup) {
    let office = Office::start().await;
    let team_a = office.team("Team A");
    let team_b = office.team("Team B");
    let reference = reference_records();
    office.storage.add_records(&reference.records).expect("reference");
    let visit = |status| {
        let mut v = reference.visit(team_a);
        v.status = status;
        v
    };
    let (in_progress, in_review, approved, returned) = (
        visit(VisitStatus::InProgress),
        visit(VisitStatus::InReview),
        visit(VisitStatus::Approved),
        visit(VisitStatus::Returned),
    );
    let b_in_review = Visit { team_id: team_b, ..visit(VisitStatus::InReview) };
    let returned_comment = ReviewComment {
        id: Uuid::now_v7(),
        visit_id: returned.id,
        target_entity: None,
        target_id: None,
        reply_to: None,
        body: "When did the incident happen?".into(),
        author_id: Uuid::now_v7(),
    };
    let earlier_recommendation = Uuid::now_v7();
    let earlier = Recommendation {
        id: earlier_recommendation,
        visit_id: approved.id,
        facility_id: reference.facility_id,
        text: "Keep a register of use of force".into(),
        authority: "Ministry of Internal Affairs".into(),
        area: Area::Treatment,
        priority: Priority::Medium,
        due_on: None,
        finding_ids: vec![],
        response: AuthorityResponse::Accepted,
    };
    let visits: Vec<Record> = vec![
        in_progress.clone().into(),
        in_review.clone().into(),
        approved.clone().into(),
        returned.clone().into(),
        b_in_review.clone().into(),
        returned_comment.clone().into(),
        earlier.into(),
    ];
    office.storage.add_records(&visits).expect("visits");
    office.user("Rena Colleague", Role::Inspector, &[team_a]);
    let teams = if role == Role::Admin { vec![] } else { vec![team_a] };
    let user_id = office.user(&format!("{role:?} user"), role, &teams);
    let setup = Setup {
        device_id: Uuid::nil(),
        user_id,
        team_a,
        team_b,
        visit_in_progress: in_progress.id,
        visit_in_review: in_review.id,
        visit_approved: approved.id,
        visit_returned: returned.id,
        returned_comment: returned_comment.id,
        visit_b_in_review: b_in_review.id,
        earlier_recommendation,
        reference,
    };
    (office, user_id, setup)
}

const ROLES: [Role; 4] = [Role::Inspector, Role::Lead, Role::Supervisor, Role::Admin];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_role_against_every_kind_of_edit_at_the_office() {
    for (index, role) in ROLES.into_iter().enumerate() {
        for case in CASES {
            // A fresh office per case: each op is judged against the same starting state.
            let (office, user_id, mut setup) = office_for(role).await;
            let (device_id, token) = office.enrol_raw(user_id, None).await;
            setup.device_id = device_id;
            let op = (case.record)(&setup);
            let before = office.storage.snapshot_text().expect("snapshot");
            let answer = office.push_raw(&token, device_id, vec![op]).await;
            let outcome = match &answer.results[0].outcome {
                OpOutcome::Accepted { .. } => "ok".to_owned(),
                OpOutcome::Rejected { code, reason, .. } => {
                    assert!(!reason.is_empty(), "a refusal names its reason");
                    code.as_str().to_owned()
                }
            };
            assert_eq!(outcome, case.expected[index], "{} by {role:?}", case.what);
            if outcome != "ok" {
                assert_eq!(
                    office.storage.snapshot_text().expect("snapshot"),
                    before,
                    "{} by {role:?} stored nothing",
                    case.what
                );
            }
        }
    }
}

/// The same table on the device: its store refuses before anything is written or synced.
/// A device holds only what its user may see, so it cannot tell another team's visit:
/// that one case is the office's to refuse.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_role_against_every_kind_of_edit_on_the_device() {
    for (index, role) in ROLES.into_iter().enumerate() {
        for case in CASES {
            let (office, user_id, mut setup) = office_for(role).await;
            let dir = tempfile::tempdir().expect("dir");
            let device = office.device(user_id, role, dir.path(), "matrix").await;
            device.sync().await.expect("the device pulls what its user may see");
            setup.device_id = device.store().device_id();
            let op = (case.record)(&setup);
            let before = device.store().snapshot_text().expect("snapshot");
            let outbox = device.store().outbox_len().expect("outbox");
            let result = {
                let mut store = device.store();
                if op.base_rev == 0 {
                    let fields = op.patch.iter().map(|(k, c)| (k.clone(), c.new.clone())).collect();
                    let record = Record::from_fields(op.entity, op.entity_id, fields).expect("record");
                    store.create(&device.actor, &record).map(|_| ())
                } else {
                    let changes = op.patch.iter().map(|(k, c)| (k.clone(), c.new.clone())).collect();
                    store.update(&device.actor, op.entity, op.entity_id, changes).map(|_| ())
                }
            };
            let outcome = match &result {
                Ok(()) => "ok",
                Err(err) => err.code().as_str(),
            };
            let expected = case.on_device.unwrap_or(case.expected)[index];
            assert_eq!(outcome, expected, "{} by {role:?} on the device: {result:?}", case.what);
            if outcome != "ok" {
                assert_eq!(device.store().snapshot_text().expect("snapshot"), before, "{} by {role:?}", case.what);
                assert_eq!(device.store().outbox_len().expect("outbox"), outbox);
            }
        }
    }
}
