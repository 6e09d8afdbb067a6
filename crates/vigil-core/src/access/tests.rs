use chrono::NaiveDate;

use super::*;
use crate::records::*;
use crate::workflow::VisitStatus::*;

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

const TEAM: u128 = 10;
const OTHER_TEAM: u128 = 11;

fn visit(status: VisitStatus) -> Visit {
    Visit {
        id: id(1),
        facility_id: id(2),
        team_id: id(TEAM),
        template_id: id(4),
        visit_type: VisitType::AdHoc,
        unannounced: true,
        status,
        planned_on: NaiveDate::from_ymd_opt(2026, 5, 4).expect("date"),
        arrived_at: None,
        access_granted_at: None,
        departed_at: None,
        theme: None,
        no_names: false,
        summary: String::new(),
    }
}

fn context(status: VisitStatus) -> Option<VisitContext> {
    Some(VisitContext { visit_id: id(1), team_id: id(TEAM), status })
}

fn observation() -> Record {
    Observation {
        id: id(5),
        visit_id: id(1),
        area: Area::Treatment,
        severity: Severity::High,
        text: "Handcuffed to a radiator".into(),
        attachment_ids: vec![],
        confidential: false,
    }
    .into()
}

fn recommendation(response: AuthorityResponse) -> Record {
    Recommendation {
        id: id(9),
        visit_id: id(1),
        facility_id: id(2),
        text: "Provide a doctor's examination on arrival".into(),
        authority: "Ministry of Justice".into(),
        area: Area::HealthCare,
        priority: Priority::High,
        due_on: None,
        finding_ids: vec![id(5)],
        response,
    }
    .into()
}

const USER: u128 = 7;

fn comment() -> Record {
    ReviewComment {
        id: id(6),
        visit_id: id(1),
        target_entity: None,
        target_id: None,
        reply_to: None,
        body: "Please add the time of the incident".into(),
        author_id: id(USER),
    }
    .into()
}

fn reply() -> Record {
    ReviewComment {
        id: id(9),
        visit_id: id(1),
        target_entity: None,
        target_id: None,
        reply_to: Some(id(6)),
        body: "Added: 14:20, from the duty officer".into(),
        author_id: id(USER),
    }
    .into()
}

fn amendment() -> Record {
    Amendment {
        id: id(12),
        visit_id: id(1),
        target_entity: Some(Entity::Observation),
        target_id: Some(id(5)),
        body: "The radiator was in cell 4, not cell 3: the register was misread".into(),
        author_id: id(USER),
        made_at: chrono::Utc::now(),
    }
    .into()
}

fn facility() -> Record {
    Facility {
        id: id(2),
        name: "Women's Prison No. 4".into(),
        kind: FacilityKind::Prison,
        region: "Riverside".into(),
        address: "1 Mill Road".into(),
        latitude: None,
        longitude: None,
        authority: "Ministry of Justice".into(),
        capacity: Some(300),
        population: Some(340),
        contact: String::new(),
        time_zone: None,
    }
    .into()
}

fn authority_answer() -> Record {
    AuthorityAnswer {
        id: id(20),
        recommendation_id: id(9),
        visit_id: id(1),
        received_on: NaiveDate::from_ymd_opt(2026, 7, 1).expect("date"),
        position: AuthorityResponse::PartiallyAccepted,
        text: "A doctor will be hired by September".into(),
        letter_id: None,
    }
    .into()
}

fn action_step(done_in_september: Option<u32>) -> Record {
    ActionStep {
        id: id(21),
        answer_id: id(20),
        visit_id: id(1),
        text: "Hire a doctor".into(),
        due_on: NaiveDate::from_ymd_opt(2026, 9, 1).expect("date"),
        done_on: done_in_september.and_then(|d| NaiveDate::from_ymd_opt(2026, 9, d)),
    }
    .into()
}

fn report_sent() -> Record {
    ReportVersion {
        id: id(22),
        visit_id: id(1),
        stage: ReportStage::Provisional,
        dated_on: NaiveDate::from_ymd_opt(2026, 6, 1).expect("date"),
        note: String::new(),
        attachment_id: None,
    }
    .into()
}

fn code(result: Result<(), AccessError>) -> &'static str {
    match result {
        Ok(()) => "ok",
        Err(err) => err.code().as_str(),
    }
}

fn editor(role: Role) -> Editor<'static> {
    const TEAMS: &[Uuid] = &[Uuid::from_u128(TEAM)];
    Editor { user_id: id(USER), role, teams: Some(TEAMS) }
}

type CheckByRole = Box<dyn Fn(Role) -> Result<(), AccessError>>;

/// Every role against every kind of edit, each expected outcome written out.
#[test]
fn the_access_table_by_role() {
    let roles = [Role::Inspector, Role::Lead, Role::Supervisor, Role::Admin];
    #[rustfmt::skip]
    let cases: Vec<(&str, [&str; 4], CheckByRole)> = vec![
        ("edit a place", ["forbidden", "forbidden", "forbidden", "ok"],
            Box::new(|r| check_edit(editor(r), Some(&facility()), &facility(), None))),
        ("record a finding in progress", ["ok", "ok", "forbidden", "forbidden"],
            Box::new(|r| check_edit(editor(r), None, &observation(), context(InProgress)))),
        ("record a finding in review", ["in_review", "in_review", "forbidden", "forbidden"],
            Box::new(|r| check_edit(editor(r), None, &observation(), context(InReview)))),
        ("record a finding after approval", ["visit_locked", "visit_locked", "visit_locked", "forbidden"],
            Box::new(|r| check_edit(editor(r), None, &observation(), context(Approved)))),
        ("comment in review", ["forbidden", "forbidden", "ok", "forbidden"],
            Box::new(|r| check_edit(editor(r), None, &comment(), context(InReview)))),
        ("comment while submitted", ["forbidden", "forbidden", "ok", "forbidden"],
            Box::new(|r| check_edit(editor(r), None, &comment(), context(Submitted)))),
        ("comment in progress", ["forbidden", "forbidden", "workflow", "forbidden"],
            Box::new(|r| check_edit(editor(r), None, &comment(), context(InProgress)))),
        ("comment after approval", ["visit_locked", "visit_locked", "visit_locked", "forbidden"],
            Box::new(|r| check_edit(editor(r), None, &comment(), context(Approved)))),
        ("answer a comment once returned", ["ok", "ok", "workflow", "forbidden"],
            Box::new(|r| check_edit(editor(r), None, &reply(), context(Returned)))),
        ("answer a comment back in progress", ["ok", "ok", "workflow", "forbidden"],
            Box::new(|r| check_edit(editor(r), None, &reply(), context(InProgress)))),
        ("answer a comment in review", ["in_review", "in_review", "ok", "forbidden"],
            Box::new(|r| check_edit(editor(r), None, &reply(), context(InReview)))),
        ("amend an approved visit", ["ok", "ok", "ok", "forbidden"],
            Box::new(|r| check_edit(editor(r), None, &amendment(), context(Approved)))),
        ("amend a visit not yet approved", ["workflow", "workflow", "workflow", "forbidden"],
            Box::new(|r| check_edit(editor(r), None, &amendment(), context(InReview)))),
        ("edit an amendment", ["forbidden", "forbidden", "forbidden", "forbidden"],
            Box::new(|r| check_edit(editor(r), Some(&amendment()), &amendment(), context(Approved)))),
        ("edit a finding after approval", ["visit_locked", "visit_locked", "visit_locked", "forbidden"],
            Box::new(|r| check_edit(editor(r), Some(&observation()), &observation(), context(Approved)))),
        ("record the authority's response after approval", ["visit_locked", "ok", "ok", "forbidden"],
            Box::new(|r| check_edit(editor(r), Some(&recommendation(AuthorityResponse::Pending)),
                &recommendation(AuthorityResponse::Accepted), context(Approved)))),
        ("change a recommendation's text after approval", ["visit_locked", "visit_locked", "visit_locked", "forbidden"],
            Box::new(|r| {
                let changed = match recommendation(AuthorityResponse::Accepted) {
                    Record::Recommendation(rec) => Record::Recommendation(Recommendation { text: "Other".into(), ..rec }),
                    other => other,
                };
                check_edit(editor(r), Some(&recommendation(AuthorityResponse::Pending)), &changed, context(Approved))
            })),
        ("record the authority's answer after approval", ["forbidden", "ok", "ok", "forbidden"],
            Box::new(|r| check_edit(editor(r), None, &authority_answer(), context(Approved)))),
        ("record the authority's answer before approval", ["forbidden", "workflow", "workflow", "forbidden"],
            Box::new(|r| check_edit(editor(r), None, &authority_answer(), context(InReview)))),
        ("mark a step of the action plan done", ["forbidden", "ok", "ok", "forbidden"],
            Box::new(|r| check_edit(editor(r), Some(&action_step(None)), &action_step(Some(3)), context(Approved)))),
        ("record the report sent to the authority", ["forbidden", "ok", "ok", "forbidden"],
            Box::new(|r| check_edit(editor(r), None, &report_sent(), context(Approved)))),
        ("remove an answer recorded by mistake", ["forbidden", "ok", "ok", "forbidden"],
            Box::new(|r| check_delete(editor(r), &authority_answer(), context(Approved)))),
        ("set the office's answer deadline", ["forbidden", "forbidden", "forbidden", "ok"],
            Box::new(|r| check_edit(editor(r), None, &OfficeSetting::new("answer_days", 45).into(), None))),
        ("return", ["workflow", "workflow", "ok", "forbidden"],
            Box::new(|r| check_edit(editor(r), Some(&visit(InReview).into()), &visit(Returned).into(), context(InReview)))),
        ("plan a visit", ["ok", "ok", "forbidden", "forbidden"],
            Box::new(|r| check_edit(editor(r), None, &visit(Planned).into(), None))),
        ("create a visit already approved", ["workflow", "workflow", "workflow", "forbidden"],
            Box::new(|r| check_edit(editor(r), None, &visit(Approved).into(), None))),
        ("submit", ["workflow", "ok", "workflow", "forbidden"],
            Box::new(|r| check_edit(editor(r), Some(&visit(InProgress).into()), &visit(Submitted).into(), context(InProgress)))),
        ("approve", ["workflow", "workflow", "ok", "forbidden"],
            Box::new(|r| check_edit(editor(r), Some(&visit(InReview).into()), &visit(Approved).into(), context(InReview)))),
        ("reopen an approved visit", ["workflow", "workflow", "workflow", "forbidden"],
            Box::new(|r| check_edit(editor(r), Some(&visit(Approved).into()), &visit(Returned).into(), context(Approved)))),
        ("rewrite an audit event", ["forbidden", "forbidden", "forbidden", "forbidden"],
            Box::new(|r| {
                let action = crate::audit::Action { at: chrono::Utc::now(), actor_id: id(7), device_id: id(8),
                    action: "export".into(), target: None, details: String::new() };
                let event: Record = crate::audit::chain(None, action).into();
                check_edit(editor(r), Some(&event), &event, None)
            })),
    ];
    for (what, expected, check) in cases {
        for (role, want) in roles.iter().zip(expected) {
            assert_eq!(code(check(*role)), want, "{what} by {role:?}");
        }
    }
}

#[test]
fn supervisors_change_a_visit_only_by_moving_its_status() {
    let mut edited = visit(InReview);
    edited.summary = "Rewritten by the supervisor".into();
    let result = check_edit(editor(Role::Supervisor), Some(&visit(InReview).into()), &edited.into(), context(InReview));
    assert_eq!(code(result), "forbidden");
}

#[test]
fn another_teams_visit_is_out_of_reach_unless_the_replica_cannot_tell() {
    let theirs = Some(VisitContext { visit_id: id(1), team_id: id(OTHER_TEAM), status: InProgress });
    assert_eq!(code(check_edit(editor(Role::Inspector), None, &observation(), theirs)), "forbidden");
    let unknown_teams = Editor { user_id: id(USER), role: Role::Inspector, teams: None };
    assert_eq!(code(check_edit(unknown_teams, None, &observation(), theirs)), "ok");
}

#[test]
fn a_child_of_a_visit_the_replica_lacks_is_refused() {
    assert_eq!(code(check_edit(editor(Role::Inspector), None, &observation(), None)), "not_found");
}

#[test]
fn supervisors_of_another_team_neither_decide_nor_comment() {
    const THEIRS: &[Uuid] = &[Uuid::from_u128(OTHER_TEAM)];
    let elsewhere = Editor { user_id: id(USER), role: Role::Supervisor, teams: Some(THEIRS) };
    let approve = check_edit(elsewhere, Some(&visit(InReview).into()), &visit(Approved).into(), context(InReview));
    assert_eq!(approve, Err(AccessError::NotInTeam { visit_id: id(1) }));
    assert_eq!(code(check_edit(elsewhere, None, &comment(), context(InReview))), "forbidden");
    assert_eq!(code(check_edit(elsewhere, None, &amendment(), context(Approved))), "forbidden");
}

#[test]
fn comments_and_amendments_carry_their_author() {
    let someone_else = Editor { user_id: id(99), ..editor(Role::Supervisor) };
    let result = check_edit(someone_else, None, &comment(), context(InReview));
    assert_eq!(result, Err(AccessError::NotAuthor { entity: Entity::ReviewComment, author_id: id(USER) }));
    assert_eq!(code(check_edit(someone_else, None, &amendment(), context(Approved))), "forbidden");
    // Nor may another supervisor rewrite or withdraw the comment.
    let mut rewritten = comment();
    if let Record::ReviewComment(c) = &mut rewritten {
        c.author_id = id(99);
    }
    assert_eq!(code(check_edit(someone_else, Some(&comment()), &rewritten, context(InReview))), "forbidden");
}

#[test]
fn out_of_turn_errors_say_what_the_rule_is() {
    let err = check_edit(editor(Role::Lead), None, &amendment(), context(InReview)).expect_err("not approved");
    assert_eq!(
        err.to_string(),
        format!("visit {} is in_review: only an approved visit is amended; edit it directly", id(1))
    );
}

#[test]
fn a_delete_is_the_teams_while_the_visit_is_theirs_whatever_it_rides_on() {
    let delete = |role, status| code(check_delete(editor(role), &observation(), context(status)));
    assert_eq!(delete(Role::Inspector, InProgress), "ok");
    assert_eq!(delete(Role::Lead, Returned), "ok");
    // A supervisor's status move, or a response on an approved visit, cannot carry one.
    assert_eq!(delete(Role::Supervisor, InReview), "forbidden");
    assert_eq!(delete(Role::Lead, Approved), "visit_locked");
    let withdrawn = ReviewComment {
        id: id(20),
        visit_id: id(1),
        target_entity: None,
        target_id: None,
        reply_to: None,
        body: "Please check the register".into(),
        author_id: id(USER),
    };
    assert_eq!(code(check_delete(editor(Role::Supervisor), &withdrawn.into(), context(InReview))), "ok");
}

#[test]
fn nobody_changes_their_own_role_or_teams_an_administrator_changes_a_colleagues() {
    let user = |user_id, role, teams: Vec<Uuid>| User {
        id: user_id,
        name: "Ada Admin".into(),
        email: "ada@npm.example".into(),
        role,
        team_ids: teams,
        profession: "IT".into(),
    };
    let me = user(id(USER), Role::Admin, vec![]);
    let edit = |before: &User, after: User| {
        code(check_edit(editor(Role::Admin), Some(&before.clone().into()), &after.into(), None))
    };
    assert_eq!(edit(&me, user(id(USER), Role::Admin, vec![id(TEAM)])), "forbidden");
    assert_eq!(edit(&me, user(id(USER), Role::Supervisor, vec![id(TEAM)])), "forbidden");
    assert_eq!(edit(&me, User { name: "Ada A. Admin".into(), ..me.clone() }), "ok", "the rest of one's own record");
    let colleague = user(id(30), Role::Inspector, vec![id(TEAM)]);
    assert_eq!(edit(&colleague, user(id(30), Role::Lead, vec![id(OTHER_TEAM)])), "ok");
}

#[test]
fn interviews_are_read_by_the_visits_team_and_its_supervisors_never_by_an_administrator() {
    let (team, other) = (id(TEAM), id(TEAM + 1000));
    assert!(may_know_of_interview(Role::Supervisor, Some(&[team]), team));
    assert!(may_know_of_interview(Role::Inspector, Some(&[team]), team));
    assert!(!may_know_of_interview(Role::Supervisor, Some(&[other]), team));
    assert!(!may_know_of_interview(Role::Admin, Some(&[team]), team), "whatever teams it claims");
}

#[test]
fn only_the_interviews_team_knows_of_it_and_follows_it_up() {
    let team: &[Uuid] = &[id(TEAM)];
    for role in [Role::Inspector, Role::Lead, Role::Supervisor] {
        assert!(may_know_of_interview(role, Some(team), id(TEAM)), "{role:?} of the team");
        assert!(!may_know_of_interview(role, Some(team), id(OTHER_TEAM)), "{role:?} of another team");
    }
    assert!(!may_know_of_interview(Role::Admin, Some(team), id(TEAM)), "an administrator, whatever its teams");
    assert!(!may_know_of_interview(Role::Admin, None, id(TEAM)));
    assert!(may_know_of_interview(Role::Inspector, None, id(OTHER_TEAM)), "teams unknown: the office decides");

    let visit = context(InProgress).expect("visit");
    assert_eq!(code(check_reprisal_check(editor(Role::Inspector), visit, id(TEAM))), "ok");
    assert_eq!(code(check_reprisal_check(editor(Role::Admin), visit, id(TEAM))), "forbidden");
    let elsewhere = Editor { user_id: id(USER), role: Role::Inspector, teams: Some(&[id(OTHER_TEAM)]) };
    assert_eq!(code(check_reprisal_check(elsewhere, visit, id(TEAM))), "forbidden");
    // A member of both teams still records it on a visit of the interview's own team only:
    // the other team's devices would receive a check on a person they may not know of.
    let both = Editor { user_id: id(USER), role: Role::Inspector, teams: Some(&[id(TEAM), id(OTHER_TEAM)]) };
    assert_eq!(code(check_reprisal_check(both, visit, id(OTHER_TEAM))), "forbidden");
}

#[test]
fn only_the_visit_s_team_records_the_authority_s_answer() {
    let approved = VisitContext { visit_id: id(1), team_id: id(TEAM), status: Approved };
    const ELSEWHERE: &[Uuid] = &[Uuid::from_u128(OTHER_TEAM)];
    let other_supervisor = Editor { user_id: id(USER), role: Role::Supervisor, teams: Some(ELSEWHERE) };
    assert_eq!(code(check_edit(other_supervisor, None, &authority_answer(), Some(approved))), "forbidden");
    assert_eq!(code(check_after_report(other_supervisor, Entity::Attachment, approved)), "forbidden");
    assert_eq!(code(check_after_report(editor(Role::Supervisor), Entity::Attachment, approved)), "ok");
    assert_eq!(code(check_after_report(editor(Role::Inspector), Entity::Attachment, approved)), "forbidden");
    assert!(may_record_authority_answer(Role::Lead) && may_record_authority_answer(Role::Supervisor));
    assert!(!may_record_authority_answer(Role::Inspector) && !may_record_authority_answer(Role::Admin));
}

#[test]
fn a_report_moves_provisional_comments_final_published_in_order() {
    let approved = VisitContext { visit_id: id(1), team_id: id(TEAM), status: Approved };
    let version = |stage, day| ReportVersion {
        id: id(30),
        visit_id: id(1),
        stage,
        dated_on: NaiveDate::from_ymd_opt(2026, 6, day).expect("date"),
        note: String::new(),
        attachment_id: None,
    };
    use ReportStage::*;
    let check = |latest: Option<ReportVersion>, new| code(check_report_stage(latest.as_ref(), &new, approved));
    assert_eq!(check(None, version(Provisional, 1)), "ok");
    assert_eq!(check(None, version(Final, 1)), "ok", "no provisional round");
    assert_eq!(check(None, version(Comments, 1)), "workflow");
    assert_eq!(check(None, version(Published, 1)), "workflow");
    assert_eq!(check(Some(version(Provisional, 1)), version(Comments, 20)), "ok");
    assert_eq!(check(Some(version(Provisional, 10)), version(Comments, 5)), "workflow", "not before the one before");
    assert_eq!(check(Some(version(Comments, 20)), version(Final, 25)), "ok");
    assert_eq!(check(Some(version(Final, 25)), version(Published, 26)), "ok");
    assert_eq!(check(Some(version(Published, 26)), version(Provisional, 27)), "workflow");
    assert_eq!(check(Some(version(Final, 25)), version(Comments, 27)), "workflow");
}
