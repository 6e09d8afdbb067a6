//! The authority's answers as the tracker, the dashboard and the supervisor's reminders
//! read them: per recommendation, when its answer is due, where it stands, the answers
//! received with their action plans, and what is overdue or due soon. Every judgement is
//! the core's ([`vigil_core::answer`]); this only gathers the records.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use vigil_core::Entity;
use vigil_core::answer::{self, AnswerState};
use vigil_core::records::{
    ActionStep, AuthorityAnswer, OfficeSetting, Recommendation, ReportStage, ReportVersion, Visit,
};
use vigil_core::settings::OfficeSettings;

use super::tracker::{RecommendationFilter, VisitScope};
use crate::{Store, StoreError};

/// Where the authority's answer to one recommendation stands on the tracker's day.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerFollowUp {
    /// The stage the visit's report is at ([`answer::current_version`]), if it left draft.
    pub report_stage: Option<ReportStage>,
    /// The day the visit's report first went to the authority.
    pub sent_on: Option<NaiveDate>,
    /// The legal deadline of the answer (the office's `answer_days` after `sent_on`).
    pub due_on: Option<NaiveDate>,
    pub state: AnswerState,
    /// The answers received, oldest first, each with its action plan.
    pub answers: Vec<AnswerWithPlan>,
    /// Steps of those plans overdue on the day.
    pub steps_overdue: i64,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerWithPlan {
    pub answer: AuthorityAnswer,
    /// By due day.
    pub steps: Vec<PlannedStep>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedStep {
    pub step: ActionStep,
    pub overdue: bool,
    pub due_soon: bool,
}

/// What a supervisor is reminded of.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    AnswerOverdue,
    StepOverdue,
    AnswerDueSoon,
    StepDueSoon,
}

/// One thing overdue or due soon, about one recommendation.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reminder {
    pub kind: ReminderKind,
    pub due_on: NaiveDate,
    pub recommendation_id: Uuid,
    pub recommendation_text: String,
    pub authority: String,
    pub place_name: String,
    pub visit_id: Uuid,
    /// The step's text, for a step.
    pub step: Option<String>,
}

/// The dashboard's count of what the authorities owe.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerCounts {
    pub answers_overdue: i64,
    pub answers_due_soon: i64,
    pub steps_overdue: i64,
}

impl AnswerCounts {
    pub(crate) fn of(follow_ups: impl IntoIterator<Item = AnswerFollowUp>) -> AnswerCounts {
        let mut counts = AnswerCounts::default();
        for answer in follow_ups {
            counts.answers_overdue += i64::from(answer.state == AnswerState::Overdue);
            counts.answers_due_soon += i64::from(answer.state == AnswerState::DueSoon);
            counts.steps_overdue += answer.steps_overdue;
        }
        counts
    }
}

/// Every report version and answer held, read once for a list of recommendations.
pub(crate) struct AnswerBook {
    settings: OfficeSettings,
    sent_on: HashMap<Uuid, NaiveDate>,
    stages: HashMap<Uuid, ReportStage>,
    answers: HashMap<Uuid, Vec<AnswerWithPlan>>,
    steps: HashMap<Uuid, Vec<ActionStep>>,
}

impl AnswerBook {
    /// Where the answer to `recommendation` stands on `day`.
    pub(crate) fn follow_up(&self, recommendation: &Recommendation, day: NaiveDate) -> AnswerFollowUp {
        self.follow_up_of(recommendation.id, recommendation.visit_id, day)
    }

    /// The same, from the recommendation's id and its visit's alone (the dashboard reads no more).
    pub(crate) fn follow_up_of(&self, recommendation_id: Uuid, visit_id: Uuid, day: NaiveDate) -> AnswerFollowUp {
        let sent_on = self.sent_on.get(&visit_id).copied();
        let due_on = answer::answer_due_on(sent_on, &self.settings);
        let mut answers = self.answers.get(&recommendation_id).cloned().unwrap_or_default();
        for with_plan in &mut answers {
            let steps = self.steps.get(&with_plan.answer.id).into_iter().flatten();
            with_plan.steps = steps
                .map(|step| PlannedStep {
                    step: step.clone(),
                    overdue: step.overdue_on(day),
                    due_soon: step.due_soon_on(day),
                })
                .collect();
            with_plan.steps.sort_by_key(|s| (s.step.due_on, s.step.id));
        }
        let state = answer::answer_state(due_on, answers.iter().map(|a| &a.answer), day);
        let steps_overdue = answers.iter().flat_map(|a| &a.steps).filter(|s| s.overdue).count() as i64;
        let report_stage = self.stages.get(&visit_id).copied();
        AnswerFollowUp { report_stage, sent_on, due_on, state, answers, steps_overdue }
    }
}

impl Store {
    /// The office's settings as this replica holds them.
    pub fn office_settings(&self) -> Result<OfficeSettings, StoreError> {
        Ok(OfficeSettings::from_records(&self.all::<OfficeSetting>(Entity::OfficeSetting)?))
    }

    /// A visit's report versions, oldest first: the last is the current one.
    pub fn report_versions(&self, visit_id: Uuid) -> Result<Vec<ReportVersion>, StoreError> {
        let mut versions: Vec<ReportVersion> =
            self.typed(Entity::ReportVersion, "visit_id = ?1", &[&visit_id.to_string()])?;
        versions.sort_by_key(|v| (v.dated_on, v.id));
        Ok(versions)
    }

    pub(crate) fn answer_book(&self) -> Result<AnswerBook, StoreError> {
        let versions: Vec<ReportVersion> = self.all(Entity::ReportVersion)?;
        let mut by_visit: HashMap<Uuid, Vec<ReportVersion>> = HashMap::new();
        for version in versions {
            by_visit.entry(version.visit_id).or_default().push(version);
        }
        let sent_on =
            by_visit.iter().filter_map(|(visit, versions)| Some((*visit, answer::sent_on(versions)?))).collect();
        let stages = by_visit
            .iter()
            .filter_map(|(visit, versions)| Some((*visit, answer::current_version(versions)?.stage)))
            .collect();
        let mut answers: HashMap<Uuid, Vec<AnswerWithPlan>> = HashMap::new();
        let mut all: Vec<AuthorityAnswer> = self.all(Entity::AuthorityAnswer)?;
        all.sort_by_key(|a| (a.received_on, a.id));
        for answer in all {
            answers.entry(answer.recommendation_id).or_default().push(AnswerWithPlan { answer, steps: Vec::new() });
        }
        let mut steps: HashMap<Uuid, Vec<ActionStep>> = HashMap::new();
        for step in self.all::<ActionStep>(Entity::ActionStep)? {
            steps.entry(step.answer_id).or_default().push(step);
        }
        Ok(AnswerBook { settings: self.office_settings()?, sent_on, stages, answers, steps })
    }

    /// What is overdue or due soon on `as_of` about the recommendations of the visits in
    /// `scope` this replica holds (a supervisor's teams), most pressing first: answers past
    /// their deadline, steps past their day, then what falls due within
    /// [`answer::DUE_SOON_DAYS`].
    pub fn reminders(&self, scope: VisitScope<'_>, as_of: NaiveDate) -> Result<Vec<Reminder>, StoreError> {
        let visits: HashMap<Uuid, Visit> =
            self.all::<Visit>(Entity::Visit)?.into_iter().filter(|v| scope.takes(v)).map(|v| (v.id, v)).collect();
        let mut reminders = Vec::new();
        for row in self.tracked_recommendations(scope, &RecommendationFilter::default(), as_of)? {
            let r = &row.recommendation;
            if !visits.contains_key(&r.visit_id) {
                continue;
            }
            let remind = |kind, due_on, step: Option<&ActionStep>| Reminder {
                kind,
                due_on,
                recommendation_id: r.id,
                recommendation_text: r.text.clone(),
                authority: r.authority.clone(),
                place_name: row.place_name.clone(),
                visit_id: r.visit_id,
                step: step.map(|s| s.text.clone()),
            };
            let answer_kind = match row.answer.state {
                AnswerState::Overdue => Some(ReminderKind::AnswerOverdue),
                AnswerState::DueSoon => Some(ReminderKind::AnswerDueSoon),
                _ => None,
            };
            if let (Some(kind), Some(due)) = (answer_kind, row.answer.due_on) {
                reminders.push(remind(kind, due, None));
            }
            for planned in row.answer.answers.iter().flat_map(|a| &a.steps) {
                let kind = match (planned.overdue, planned.due_soon) {
                    (true, _) => ReminderKind::StepOverdue,
                    (false, true) => ReminderKind::StepDueSoon,
                    _ => continue,
                };
                reminders.push(remind(kind, planned.step.due_on, Some(&planned.step)));
            }
        }
        reminders.sort_by(|a, b| (a.kind, a.due_on, &a.place_name).cmp(&(b.kind, b.due_on, &b.place_name)));
        Ok(reminders)
    }
}
