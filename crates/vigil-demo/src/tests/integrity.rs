//! Every record validates, every answer fits its template, every reference points at a
//! record that exists and comes earlier.

use std::collections::{BTreeMap, BTreeSet};

use uuid::Uuid;
use vigil_core::ids::answer_id;
use vigil_core::records::{AnswerValue, ChecklistTemplate, Visit};
use vigil_core::{Record, VisitStatus};

use super::default_demo;
use crate::{DemoData, DemoParams};

/// Runs every check on one demo.
pub(super) fn check_all(demo: &DemoData, params: &DemoParams) {
    every_record_validates(demo);
    answers_fit_their_templates(demo);
    references_point_backwards_at_existing_records(demo);
    visits_are_consistent(demo, params);
}

fn every_record_validates(demo: &DemoData) {
    for record in &demo.records {
        if let Err(err) = record.validate() {
            panic!("{err}: {record:?}");
        }
    }
}

fn answers_fit_their_templates(demo: &DemoData) {
    let mut templates: BTreeMap<Uuid, &ChecklistTemplate> = BTreeMap::new();
    let mut visits: BTreeMap<Uuid, &Visit> = BTreeMap::new();
    for record in &demo.records {
        match record {
            Record::ChecklistTemplate(t) => {
                templates.insert(t.id, t);
            }
            Record::Visit(v) => {
                visits.insert(v.id, v);
            }
            Record::ChecklistAnswer(answer) => {
                let visit = visits.get(&answer.visit_id).expect("answer's visit comes first");
                let template = templates.get(&visit.template_id).expect("visit's template comes first");
                answer.check_against(template).expect("answer fits its question");
                assert_eq!(answer.id, answer_id(answer.visit_id, &answer.question_key));
            }
            _ => {}
        }
    }
}

/// The ids a record refers to.
fn references(record: &Record) -> Vec<Uuid> {
    match record {
        Record::User(r) => r.team_ids.clone(),
        Record::Visit(r) => vec![r.facility_id, r.team_id, r.template_id],
        Record::VisitMember(r) => vec![r.visit_id, r.user_id],
        Record::ChecklistAnswer(r) => vec![r.visit_id],
        // Observations are written before their attachments (dependency order of the
        // brief), so their attachment ids are checked apart.
        Record::Observation(r) => vec![r.visit_id],
        Record::Interview(r) => vec![r.visit_id],
        Record::RegisterCheck(r) => vec![r.visit_id],
        Record::Debrief(r) => vec![r.visit_id],
        Record::Attachment(r) => vec![r.visit_id],
        Record::Recommendation(r) => [vec![r.visit_id, r.facility_id], r.finding_ids.clone()].concat(),
        Record::RecommendationAssessment(r) => vec![r.recommendation_id, r.visit_id],
        Record::ReviewComment(r) => {
            [Some(r.visit_id), r.target_id, r.reply_to, Some(r.author_id)].into_iter().flatten().collect()
        }
        Record::ReportVersion(r) => vec![r.visit_id],
        Record::AuthorityAnswer(r) => vec![r.recommendation_id, r.visit_id],
        Record::ActionStep(r) => vec![r.answer_id, r.visit_id],
        _ => Vec::new(),
    }
}

/// The visit a record belongs to, if any.
fn visit_of(record: &Record) -> Option<Uuid> {
    match record {
        Record::VisitMember(r) => Some(r.visit_id),
        Record::ChecklistAnswer(r) => Some(r.visit_id),
        Record::Observation(r) => Some(r.visit_id),
        Record::Interview(r) => Some(r.visit_id),
        Record::RegisterCheck(r) => Some(r.visit_id),
        Record::Debrief(r) => Some(r.visit_id),
        Record::Attachment(r) => Some(r.visit_id),
        Record::Recommendation(r) => Some(r.visit_id),
        Record::RecommendationAssessment(r) => Some(r.visit_id),
        Record::ReviewComment(r) => Some(r.visit_id),
        Record::ReportVersion(r) => Some(r.visit_id),
        Record::AuthorityAnswer(r) => Some(r.visit_id),
        Record::ActionStep(r) => Some(r.visit_id),
        _ => None,
    }
}

fn references_point_backwards_at_existing_records(demo: &DemoData) {
    let all: BTreeMap<Uuid, &Record> = demo.records.iter().map(|r| (r.id(), r)).collect();
    let mut seen = BTreeSet::new();
    for record in &demo.records {
        for id in references(record) {
            assert!(seen.contains(&id), "{:?} {} refers to {id}, not seen before", record.entity(), record.id());
        }
        seen.insert(record.id());
        match record {
            Record::Observation(o) => {
                for id in &o.attachment_ids {
                    let Some(Record::Attachment(a)) = all.get(id) else { panic!("attachment {id} exists") };
                    assert_eq!(a.visit_id, o.visit_id, "evidence of the same visit");
                }
            }
            Record::Recommendation(r) => {
                let Some(Record::Visit(v)) = all.get(&r.visit_id) else { panic!("visit exists") };
                assert_eq!(v.facility_id, r.facility_id, "recommendation's place is its visit's");
                assert!(!r.finding_ids.is_empty());
                for id in &r.finding_ids {
                    assert!(matches!(all.get(id), Some(Record::Observation(o)) if o.visit_id == r.visit_id));
                }
            }
            Record::RecommendationAssessment(a) => {
                let Some(Record::Recommendation(r)) = all.get(&a.recommendation_id) else { panic!("exists") };
                let Some(Record::Visit(made)) = all.get(&r.visit_id) else { panic!("exists") };
                let Some(Record::Visit(checking)) = all.get(&a.visit_id) else { panic!("exists") };
                assert_eq!(made.facility_id, checking.facility_id, "assessed on a visit to the same place");
                assert!(made.status == VisitStatus::Approved, "only issued recommendations are followed up");
                assert!(made.planned_on < a.assessed_on, "assessed after it was made");
            }
            Record::ChecklistAnswer(answer) => {
                if let AnswerValue::Photo(ids) = &answer.value {
                    assert!(ids.iter().all(|id| matches!(all.get(id), Some(Record::Attachment(_)))));
                }
            }
            Record::VisitMember(m) => {
                let Some(Record::User(u)) = all.get(&m.user_id) else { panic!("user exists") };
                let Some(Record::Visit(v)) = all.get(&m.visit_id) else { panic!("visit exists") };
                assert!(u.role.is_team_member() && u.team_ids.contains(&v.team_id), "members are of the team");
            }
            Record::ReviewComment(c) => {
                if let Some(target) = c.target_id {
                    assert_eq!(all.get(&target).and_then(|t| visit_of(t)), Some(c.visit_id));
                }
            }
            _ => {}
        }
    }
}

fn visits_are_consistent(demo: &DemoData, params: &DemoParams) {
    for record in &demo.records {
        let Record::Visit(v) = record else { continue };
        if v.status == VisitStatus::Planned {
            assert!(v.planned_on > params.today && v.arrived_at.is_none(), "planned visits are ahead, not started");
        } else {
            assert!(v.planned_on <= params.today && v.arrived_at.is_some(), "other visits have started");
        }
        assert!(!v.summary.trim().is_empty());
    }
}

#[test]
fn the_default_demo_is_valid_and_consistent() {
    check_all(default_demo(), &DemoParams::default());
}

#[test]
fn records_come_in_dependency_order() {
    use vigil_core::Entity::*;
    let entities: Vec<_> = default_demo().records.iter().map(Record::entity).collect();
    let first_child = entities.iter().position(|e| *e == VisitMember).expect("members exist");
    let order = [Team, User, ChecklistTemplate, Facility, Visit];
    let heads: Vec<_> = entities[..first_child].to_vec();
    let mut expected = heads.clone();
    expected.sort_by_key(|e| order.iter().position(|o| o == e));
    assert_eq!(heads, expected, "teams, users, templates, facilities, visits, then children");
    assert!(entities[first_child..].iter().all(|e| !order.contains(e)));
}
