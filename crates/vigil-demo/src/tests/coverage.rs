//! The default demo shows every case a screen or report must handle.

use std::collections::BTreeSet;
use std::fmt::Debug;

use vigil_core::Record;
use vigil_core::records::{AuthorityResponse, FacilityKind, ImplementationStatus, Severity, VisitType};
use vigil_core::{Role, VisitStatus};

use super::default_demo;
use crate::DemoParams;

fn assert_all<T: PartialEq + Debug>(name: &str, all: &[T], seen: &[T]) {
    for value in all {
        assert!(seen.contains(value), "no {name} {value:?} in the default demo");
    }
}

fn collect<T>(pick: impl Fn(&Record) -> Option<T>) -> Vec<T> {
    default_demo().records.iter().filter_map(pick).collect()
}

#[test]
fn every_kind_of_place_role_visit_type_and_status_appears() {
    let kinds = collect(|r| if let Record::Facility(f) = r { Some(f.kind) } else { None });
    assert_all("facility kind", FacilityKind::ALL, &kinds);
    let roles = collect(|r| if let Record::User(u) = r { Some(u.role) } else { None });
    assert_all("role", Role::ALL, &roles);
    let types = collect(|r| if let Record::Visit(v) = r { Some(v.visit_type) } else { None });
    assert_all("visit type", VisitType::ALL, &types);
    let statuses = collect(|r| if let Record::Visit(v) = r { Some(v.status) } else { None });
    assert_all("visit status", VisitStatus::ALL, &statuses);
    let severities = collect(|r| if let Record::Observation(o) = r { Some(o.severity) } else { None });
    assert_all("severity", Severity::ALL, &severities);
    let responses = collect(|r| if let Record::Recommendation(x) = r { Some(x.response) } else { None });
    assert_all("authority response", AuthorityResponse::ALL, &responses);
}

#[test]
fn recommendations_exist_in_every_follow_up_state_and_some_are_overdue() {
    let statuses = collect(|r| if let Record::RecommendationAssessment(a) = r { Some(a.status) } else { None });
    assert_all("implementation status", ImplementationStatus::ALL, &statuses);
    // The latest assessment decides; records come in date order.
    let mut latest = std::collections::BTreeMap::new();
    for assessment in collect(|r| if let Record::RecommendationAssessment(a) = r { Some(a.clone()) } else { None }) {
        latest.insert(assessment.recommendation_id, assessment.status);
    }
    let recommendations = collect(|r| if let Record::Recommendation(x) = r { Some(x.clone()) } else { None });
    let today = DemoParams::default().today;
    let open = |id| latest.get(id).is_none_or(|s: &ImplementationStatus| !s.closes());
    let never_assessed = recommendations.iter().filter(|r| !latest.contains_key(&r.id)).count();
    let overdue = recommendations.iter().filter(|r| open(&r.id) && r.due_on.is_some_and(|d| d < today)).count();
    assert!(never_assessed > 0, "some recommendations were never followed up");
    assert!(overdue > 0, "some open recommendations are overdue");
}

#[test]
fn places_are_plausible_and_some_overcrowded() {
    let facilities = collect(|r| if let Record::Facility(f) = r { Some(f.clone()) } else { None });
    assert_eq!(facilities.len(), DemoParams::default().facilities);
    let overcrowded = facilities.iter().filter(|f| f.population > f.capacity).count();
    assert!(overcrowded > 0 && overcrowded < facilities.len());
    for f in &facilities {
        assert!(f.latitude.is_some_and(|v| (43.0..49.0).contains(&v)));
        assert!(f.longitude.is_some_and(|v| (20.0..29.0).contains(&v)));
        assert!(!f.contact.is_empty() && !f.address.is_empty());
    }
    let names: BTreeSet<&str> = facilities.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names.len(), facilities.len(), "names are unique");
}

#[test]
fn people_are_set_up_as_the_roles_require() {
    let users = collect(|r| if let Record::User(u) = r { Some(u.clone()) } else { None });
    let teams = collect(|r| if let Record::Team(t) = r { Some(t.id) } else { None });
    assert!(teams.len() >= 3);
    for team in &teams {
        let supervised = users.iter().any(|u| u.role == Role::Supervisor && u.team_ids.contains(team));
        assert!(supervised, "every team has a supervisor");
    }
    let admins: Vec<_> = users.iter().filter(|u| u.role == Role::Admin).collect();
    assert!(admins.len() == 1 && admins[0].team_ids.is_empty());
    let professions: BTreeSet<&str> = users.iter().map(|u| u.profession.as_str()).collect();
    for p in ["lawyer", "doctor", "psychologist", "interpreter", "social worker"] {
        assert!(professions.contains(p), "no {p}");
    }
    assert!(users.iter().all(|u| u.email.ends_with("@npm.example")));
    let emails: BTreeSet<&str> = users.iter().map(|u| u.email.as_str()).collect();
    assert_eq!(emails.len(), users.len());
}

#[test]
fn visits_show_delays_themes_and_interviews_at_risk() {
    let visits = collect(|r| if let Record::Visit(v) = r { Some(v.clone()) } else { None });
    let delayed = visits.iter().filter(|v| match (v.arrived_at, v.access_granted_at) {
        (Some(a), Some(g)) => (g - a).num_minutes() >= 30,
        _ => false,
    });
    assert!(delayed.count() > 0, "some teams waited at the gate");
    assert!(visits.iter().filter(|v| v.unannounced).count() * 4 > visits.len() * 3, "mostly unannounced");
    let interviews = collect(|r| if let Record::Interview(i) = r { Some(i.clone()) } else { None });
    assert!(interviews.iter().any(|i| i.reprisal_risk));
    assert!(interviews.iter().any(|i| i.interpreter.is_some()));
    assert!(interviews.iter().any(|i| !i.consent_to_use));
    let checks = collect(|r| if let Record::RegisterCheck(c) = r { Some(c.discrepancies) } else { None });
    assert!(checks.contains(&0) && checks.iter().any(|d| *d > 0));
    let comments = collect(|r| if let Record::ReviewComment(c) = r { Some(c.reply_to.is_some()) } else { None });
    assert!(comments.contains(&true) && comments.contains(&false), "comments and replies");
}

#[test]
fn the_latest_reports_were_sent_and_one_answer_has_a_plan_with_a_step_overdue() {
    use vigil_core::answer::{answer_due_on, sent_on};
    use vigil_core::records::{ActionStep, AuthorityAnswer, ReportStage, ReportVersion};
    use vigil_core::settings::OfficeSettings;

    let today = DemoParams::default().today;
    let versions = collect(|r| if let Record::ReportVersion(v) = r { Some(v.clone()) } else { None });
    let visits: BTreeSet<_> = versions.iter().map(|v| v.visit_id).collect();
    assert_eq!(visits.len(), 3, "three approved visits had their report sent");
    for visit in &visits {
        let of_visit: Vec<&ReportVersion> = versions.iter().filter(|v| v.visit_id == *visit).collect();
        assert_eq!(of_visit[0].stage, ReportStage::Provisional, "provisional first");
        let mut latest = None;
        for version in &of_visit {
            assert!(version.stage.follows(latest), "in the core's order");
            assert!(version.dated_on <= today);
            latest = Some(version.stage);
        }
    }
    assert!(versions.iter().any(|v| v.stage == ReportStage::Final), "one taken on to final");

    let answers = collect(|r| if let Record::AuthorityAnswer(a) = r { Some(a.clone()) } else { None });
    let steps = collect(|r| if let Record::ActionStep(s) = r { Some(s.clone()) } else { None });
    let [answer]: [AuthorityAnswer; 1] = answers.try_into().expect("one answer");
    let plan: Vec<&ActionStep> = steps.iter().filter(|s| s.answer_id == answer.id).collect();
    assert_eq!(plan.len(), 2);
    assert_eq!(plan.iter().filter(|s| s.overdue_on(today)).count(), 1, "one step overdue on the demo's day");
    let recommendation = collect(|r| match r {
        Record::Recommendation(x) if x.id == answer.recommendation_id => Some(x.response),
        _ => None,
    });
    assert_eq!(recommendation, [answer.position], "the recommendation's response follows its answer");

    // Of the reports awaiting an answer, one is past the office's default deadline.
    let settings = OfficeSettings::default();
    let late = visits.iter().filter(|visit| **visit != answer.visit_id).any(|visit| {
        let sent = sent_on(versions.iter().filter(|v| v.visit_id == *visit));
        answer_due_on(sent, &settings).is_some_and(|due| due < today)
    });
    assert!(late, "an answer overdue");
}
