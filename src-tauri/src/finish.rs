//! Finishing a visit on site: the follow-up of the place's earlier recommendations, what
//! is still missing before the team hands the visit in, and the lead's "submit for
//! review" (in progress or returned → submitted; the store records the audit event).

use serde::Serialize;
use serde_json::{Map, Value};
use uuid::Uuid;
use vigil_core::records::{Area, ChecklistTemplate, Recommendation, RecommendationAssessment};
use vigil_core::{Entity, Role, VisitStatus};
use vigil_store::{OpenRecommendation, Store, StoreError, VisitBundle};

use crate::error::AppError;
use crate::inspection::{VisitDetail, actor_of, typed};
use crate::state::AppState;

/// An earlier recommendation of the place, as this visit follows it up.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FollowUp {
    pub recommendation: Recommendation,
    /// The newest assessment made by another visit.
    pub earlier_assessment: Option<RecommendationAssessment>,
    /// The assessment made on this visit, if any.
    pub this_visit: Option<RecommendationAssessment>,
    pub overdue: bool,
}

/// The recommendations this visit follows up: those of the place still open, and those
/// this visit already assessed (an assessment that closes one takes it out of the open
/// list, but the visit still shows what it found).
pub fn follow_ups(store: &Store, bundle: &VisitBundle, facility_id: Uuid) -> Result<Vec<FollowUp>, StoreError> {
    let visit_id = bundle.visit.id;
    let mine = |rec_id: Uuid| {
        bundle
            .assessments
            .iter()
            .filter(|a| a.recommendation_id == rec_id)
            .max_by_key(|a| (a.assessed_on, a.id))
            .cloned()
    };
    let mut list: Vec<FollowUp> = Vec::new();
    for OpenRecommendation { recommendation, last_assessment, overdue, .. } in
        store.open_recommendations(facility_id)?
    {
        if recommendation.visit_id == visit_id {
            continue;
        }
        let earlier = last_assessment.filter(|a| a.visit_id != visit_id);
        list.push(FollowUp {
            this_visit: mine(recommendation.id),
            earlier_assessment: earlier,
            recommendation,
            overdue,
        });
    }
    for assessment in &bundle.assessments {
        if list.iter().any(|f| f.recommendation.id == assessment.recommendation_id) {
            continue;
        }
        if let Some(recommendation) =
            typed::<Recommendation>(store.record(Entity::Recommendation, assessment.recommendation_id)?)
        {
            let this_visit = mine(recommendation.id);
            let overdue =
                recommendation.overdue_on(this_visit.as_ref().map(|a| a.status), chrono::Utc::now().date_naive());
            list.push(FollowUp { this_visit, earlier_assessment: None, recommendation, overdue });
        }
    }
    Ok(list)
}

/// Questions of one area still without an answer.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AreaGap {
    pub area: Area,
    pub unanswered: usize,
    pub total: usize,
}

/// What is still missing before the visit is handed in. Nothing here stops a lead from
/// submitting (a question may not apply to this place): it is a reminder.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Missing {
    pub unanswered: Vec<AreaGap>,
    /// Open recommendations of the place this visit has not assessed.
    pub unassessed_recommendations: Vec<Uuid>,
    pub departure_missing: bool,
}

pub fn missing(template: Option<&ChecklistTemplate>, bundle: &VisitBundle, follow_ups: &[FollowUp]) -> Missing {
    let answered = |key: &str| bundle.answers.iter().any(|a| a.question_key == key);
    let unanswered = template
        .map(|t| {
            t.sections
                .iter()
                .map(|s| AreaGap {
                    area: s.area,
                    unanswered: s.questions.iter().filter(|q| !answered(&q.key)).count(),
                    total: s.questions.len(),
                })
                .filter(|gap| gap.unanswered > 0)
                .collect()
        })
        .unwrap_or_default();
    Missing {
        unanswered,
        unassessed_recommendations: follow_ups
            .iter()
            .filter(|f| f.this_visit.is_none())
            .map(|f| f.recommendation.id)
            .collect(),
        departure_missing: bundle.visit.departed_at.is_none(),
    }
}

/// Why a user cannot submit a visit now; the UI words each in its language.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SubmitRefusal {
    /// The device is not enrolled for a user.
    NotEnrolled,
    /// A planned visit has not started: record the arrival first.
    NotStarted,
    /// The visit is already with the supervisor (or approved).
    HandedIn,
    /// Only the team lead submits.
    LeadOnly,
}

/// Why this user cannot submit the visit now, or `None` when they can.
pub fn submit_refusal(role: Option<Role>, status: VisitStatus) -> Option<SubmitRefusal> {
    match (role, status) {
        (None, _) => Some(SubmitRefusal::NotEnrolled),
        (Some(Role::Lead), VisitStatus::InProgress | VisitStatus::Returned) => None,
        (Some(Role::Lead), VisitStatus::Planned) => Some(SubmitRefusal::NotStarted),
        (Some(Role::Lead), _) => Some(SubmitRefusal::HandedIn),
        (Some(_), _) => Some(SubmitRefusal::LeadOnly),
    }
}

impl AppState {
    /// Submits the visit for review, as the team lead.
    pub fn submit_visit(&self, visit_id: Uuid) -> Result<VisitDetail, AppError> {
        self.with_app_store(|store| {
            let actor = actor_of(store)?;
            let status = Map::from_iter([("status".to_owned(), Value::from(VisitStatus::Submitted.as_str()))]);
            store.update(&actor, Entity::Visit, visit_id, status)?;
            Ok(())
        })?;
        // The supervisor waits for it: it goes now, not at the next tick.
        self.sync_soon();
        self.visit_detail(visit_id)
    }
}
