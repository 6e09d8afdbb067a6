use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;
use vigil_core::Role;
use vigil_core::records::*;
use vigil_core::{Entity, VisitStatus};
use vigil_store::Actor;

use super::*;
use crate::identity::role_name;

fn template(kind: FacilityKind, version: i64) -> ChecklistTemplate {
    let question = |key: &str, answer| Question { key: key.into(), text: format!("{key}?"), answer, standard: None };
    ChecklistTemplate {
        id: Uuid::now_v7(),
        kind,
        version,
        title: format!("{kind:?} v{version}"),
        sections: vec![ChecklistSection {
            area: Area::MaterialConditions,
            questions: vec![
                question("lawyer", AnswerType::YesNo),
                question("cell", AnswerType::Measurement { unit: "m²".into() }),
                question("light", AnswerType::Choice { options: vec!["good".into(), "poor".into()] }),
                question("photo", AnswerType::Photo),
            ],
        }],
        language: "en".into(),
        translations: Default::default(),
    }
}

fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("time")
}

#[test]
fn the_newest_checklist_of_the_kind_else_of_its_fallback() {
    let police = [template(FacilityKind::PoliceCustody, 1), template(FacilityKind::PoliceCustody, 3)];
    let prison = template(FacilityKind::Prison, 2);
    let own = template(FacilityKind::TemporaryHolding, 1);
    let all = [police[0].clone(), police[1].clone(), prison.clone()];
    assert_eq!(choose_template(&all, FacilityKind::PoliceCustody).map(|t| t.id), Some(police[1].id));
    assert_eq!(choose_template(&all, FacilityKind::TemporaryHolding).map(|t| t.id), Some(police[1].id));
    assert_eq!(choose_template(&all, FacilityKind::Other).map(|t| t.id), Some(police[1].id));
    assert_eq!(choose_template(&all, FacilityKind::PreTrialDetention).map(|t| t.id), Some(prison.id));
    assert_eq!(choose_template(&all, FacilityKind::MilitaryDetention).map(|t| t.id), Some(prison.id));
    assert_eq!(choose_template(&all, FacilityKind::PsychiatricHospital), None);
    let with_own = [police[1].clone(), own.clone()];
    assert_eq!(choose_template(&with_own, FacilityKind::TemporaryHolding).map(|t| t.id), Some(own.id));
}

#[test]
fn the_access_delay_counts_whole_minutes_after_arrival() {
    let arrived = Some(at("2026-03-02T07:00:00Z"));
    assert_eq!(access_delay_minutes(arrived, Some(at("2026-03-02T07:45:59Z"))), Some(45));
    assert_eq!(access_delay_minutes(arrived, arrived), Some(0));
    assert_eq!(access_delay_minutes(arrived, None), None);
    assert_eq!(access_delay_minutes(None, arrived), None);
    assert_eq!(access_delay_minutes(arrived, Some(at("2026-03-02T06:59:00Z"))), None, "clock set wrong");
}

#[test]
fn arrival_starts_a_planned_visit_and_other_taps_only_set_their_time() {
    let now = at("2026-03-02T07:00:00Z");
    let changes = time_changes(TimeMark::Arrived, VisitStatus::Planned, now);
    assert_eq!(changes["status"], "in_progress");
    assert_eq!(changes["arrived_at"].as_str().map(|t| t.parse::<DateTime<Utc>>().ok()), Some(Some(now)));
    assert!(!time_changes(TimeMark::Arrived, VisitStatus::InProgress, now).contains_key("status"));
    let access = time_changes(TimeMark::AccessGranted, VisitStatus::Planned, now);
    assert_eq!(access.keys().collect::<Vec<_>>(), vec!["access_granted_at"]);
    assert!(time_changes(TimeMark::Departed, VisitStatus::InProgress, now).contains_key("departed_at"));
}

#[test]
fn answers_must_fit_their_question() {
    let f = fixture(true);
    let visit = f.state.plan_visit(plan(&f, VisitType::Regular, None, true)).expect("visit");
    let answer =
        |key: &str, value: AnswerValue| f.state.save_answer(visit.id, key, value).map(|_| ()).map_err(|e| e.code());
    assert_eq!(answer("lawyer", AnswerValue::YesNo(YesNoUnknown::Unknown)), Ok(()));
    assert_eq!(answer("cell", AnswerValue::Measurement { value: 7.5, unit: "m²".into() }), Ok(()));
    assert_eq!(answer("light", AnswerValue::Choice("poor".into())), Ok(()));
    // The store's gate holds the rule, so the office refuses the same from any device.
    for (key, value) in [
        ("nope", AnswerValue::Text("x".into())),
        ("lawyer", AnswerValue::Text("yes".into())),
        ("cell", AnswerValue::Measurement { value: 7.5, unit: "ft²".into() }),
        ("light", AnswerValue::Choice("dim".into())),
    ] {
        assert_eq!(answer(key, value.clone()), Err(vigil_core::Code::InvalidInput), "{key} {value:?}");
    }
    // No number at all (JSON has no NaN), and what this version of the app cannot take yet.
    let nan = AnswerValue::Measurement { value: f64::NAN, unit: "m²".into() };
    assert_eq!(answer("cell", nan), Err(vigil_core::Code::InvalidInput));
    assert_eq!(answer("photo", AnswerValue::Photo(vec![])), Err(vigil_core::Code::InvalidInput));
}

#[test]
fn only_team_members_edit_and_only_while_the_visit_is_theirs() {
    let actor = |role| Some(Actor { user_id: Uuid::nil(), role });
    assert!(editable(actor(Role::Inspector), VisitStatus::InProgress));
    assert!(editable(actor(Role::Lead), VisitStatus::Returned));
    assert!(!editable(actor(Role::Inspector), VisitStatus::Submitted));
    assert!(!editable(actor(Role::Lead), VisitStatus::Approved));
    assert!(!editable(actor(Role::Supervisor), VisitStatus::InProgress));
    assert!(!editable(None, VisitStatus::Planned));
}

/// An app state over a fresh store holding a place, a team, a user in it and a checklist.
pub(crate) struct Fixture {
    pub(crate) state: AppState,
    pub(crate) dir: std::path::PathBuf,
    pub(crate) facility_id: Uuid,
    pub(crate) team_id: Uuid,
    pub(crate) user_id: Uuid,
    pub(crate) template_id: Uuid,
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub(crate) fn fixture(enrolled: bool) -> Fixture {
    let dir = std::env::temp_dir().join(format!("vigil-inspection-{}", Uuid::now_v7()));
    let state = AppState::new(Some(dir.clone()));
    state.create_vault("fixture passphrase").expect("unlocks");
    let admin = Actor { user_id: Uuid::now_v7(), role: Role::Admin };
    let (facility_id, team_id, user_id) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let checklist = template(FacilityKind::PoliceCustody, 2);
    let template_id = checklist.id;
    state
        .with_store(|store| {
            let facility = Facility {
                id: facility_id,
                name: "Harbour Holding Centre".into(),
                kind: FacilityKind::TemporaryHolding,
                region: "Coast".into(),
                address: "1 Quay".into(),
                latitude: None,
                longitude: None,
                authority: "Border Police".into(),
                capacity: Some(10),
                population: Some(14),
                contact: String::new(),
                time_zone: None,
            };
            let team = Team { id: team_id, name: "Team Coast".into(), region: "Coast".into() };
            let user = User {
                id: user_id,
                name: "Ana Inspector".into(),
                email: "ana@npm.example".into(),
                role: Role::Inspector,
                team_ids: vec![team_id],
                profession: "lawyer".into(),
            };
            let old = template(FacilityKind::PoliceCustody, 1);
            let records = [facility.into(), team.into(), user.into(), old.into(), checklist.into()];
            store.create_all(&admin, &records)?;
            if enrolled {
                store.set_setting(crate::identity::USER_ID, &user_id.to_string())?;
                store.set_setting(crate::identity::ROLE, &role_name(Role::Inspector))?;
            }
            Ok(())
        })
        .expect("reference data");
    Fixture { state, dir, facility_id, team_id, user_id, template_id }
}

pub(crate) fn plan(f: &Fixture, visit_type: VisitType, theme: Option<&str>, start_now: bool) -> VisitPlan {
    VisitPlan {
        facility_id: f.facility_id,
        visit_type,
        unannounced: true,
        planned_on: NaiveDate::from_ymd_opt(2026, 11, 25).expect("date"),
        theme: theme.map(str::to_owned),
        start_now,
        no_names: false,
    }
}

#[test]
fn a_visit_is_planned_by_the_users_team_with_the_places_checklist() {
    let f = fixture(true);
    assert_eq!(f.state.actor().expect("enrolled").user_id, f.user_id);
    let visit = f.state.plan_visit(plan(&f, VisitType::Regular, Some("ignored"), false)).expect("planned");
    assert_eq!((visit.team_id, visit.template_id, visit.status), (f.team_id, f.template_id, VisitStatus::Planned));
    assert_eq!(visit.theme, None);
    let started = f.state.plan_visit(plan(&f, VisitType::AdHoc, None, true)).expect("started");
    assert_eq!(started.status, VisitStatus::InProgress);

    let detail = f.state.place_detail(f.facility_id).expect("place");
    assert_eq!(detail.checklist.map(|c| (c.id, c.version)), Some((f.template_id, 2)));
    assert_eq!(detail.visits.len(), 2);

    let thematic = f.state.plan_visit(plan(&f, VisitType::Thematic, Some("  "), false)).expect_err("no theme");
    assert_eq!(thematic.code(), vigil_core::Code::InvalidInput);
    let themed = f.state.plan_visit(plan(&f, VisitType::Thematic, Some(" Heat "), false)).expect("themed");
    assert_eq!(themed.theme.as_deref(), Some("Heat"));
}

#[test]
fn a_device_that_never_enrolled_edits_nothing() {
    let f = fixture(false);
    let error = f.state.plan_visit(plan(&f, VisitType::Regular, None, false)).expect_err("not enrolled");
    assert_eq!(error.code(), vigil_core::Code::NotEnrolled);
    assert!(f.state.place_detail(f.facility_id).expect("reads still work").visits.is_empty());
}

#[test]
fn answers_are_saved_as_made_on_one_record_per_question_until_the_visit_leaves_the_team() {
    let f = fixture(true);
    let visit = f.state.plan_visit(plan(&f, VisitType::Regular, None, false)).expect("planned");
    let detail = f.state.record_visit_time(visit.id, TimeMark::Arrived).expect("arrived");
    assert_eq!(detail.bundle.visit.status, VisitStatus::InProgress);
    assert!(detail.editable);
    let detail = f.state.record_visit_time(visit.id, TimeMark::AccessGranted).expect("let in");
    assert!(detail.access_delay_minutes.is_some_and(|m| m >= 0));

    let yes = AnswerValue::YesNo(YesNoUnknown::Yes);
    let first = f.state.save_answer(visit.id, "lawyer", yes).expect("create");
    assert_eq!(first.id, vigil_core::ids::answer_id(visit.id, "lawyer"));
    let no = AnswerValue::YesNo(YesNoUnknown::No);
    f.state.save_answer(visit.id, "lawyer", no.clone()).expect("update");
    let answers = f.state.visit_detail(visit.id).expect("detail").bundle.answers;
    assert_eq!(answers.iter().map(|a| (&a.question_key[..], &a.value)).collect::<Vec<_>>(), vec![("lawyer", &no)]);
    let wrong = f.state.save_answer(visit.id, "lawyer", AnswerValue::Number(1.0)).expect_err("wrong type");
    assert_eq!(wrong.code(), vigil_core::Code::InvalidInput);

    // The visit goes to review (as another device would sync it): the team's edits stop.
    let admin = Actor { user_id: f.user_id, role: Role::Lead };
    f.state
        .with_store(|store| {
            let status = |s: VisitStatus| serde_json::Map::from_iter([("status".into(), s.as_str().into())]);
            store.update(&admin, Entity::Visit, visit.id, status(VisitStatus::Submitted)).map(drop)
        })
        .expect("submitted");
    let refused = f.state.save_answer(visit.id, "lawyer", AnswerValue::YesNo(YesNoUnknown::Yes)).expect_err("review");
    assert_eq!(refused.code(), vigil_core::Code::InReview);
    assert!(!f.state.visit_detail(visit.id).expect("detail").editable);
}

#[test]
fn an_edit_tells_the_badge_at_once_how_many_changes_wait() {
    let mut f = fixture(true);
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = seen.clone();
    f.state.sync.set_emitter(Box::new(move |status| sink.lock().expect("events").push(status.outbox)));
    f.state.place_detail(f.facility_id).expect("a read");
    assert!(seen.lock().expect("events").is_empty(), "a read changes nothing waiting");
    let before = f.state.unsynced_changes().expect("count");
    f.state.plan_visit(plan(&f, VisitType::Regular, None, true)).expect("plans");
    assert_eq!(*seen.lock().expect("events"), [before + 1], "one more change waits, and the badge is told");
}
