//! The authority's answer (issue 17, item 4): the day the visit's report went to the
//! authority (its answer's deadline counts from it), the answers received to each
//! recommendation with their letters and action plans, steps marked done, and the
//! supervisor's reminders. Who may record them is the core's rule
//! (`access::may_record_authority_answer`), judged by the store's gate here and at the
//! office; what is overdue is the core's `answer` module. Nothing is decided here.

use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use serde_json::{Map, Value};
use uuid::Uuid;
use vigil_core::ids::new_id;
use vigil_core::records::{
    ActionStep, Attachment, AuthorityAnswer, AuthorityResponse, Recommendation, ReportStage, ReportVersion, User, Visit,
};
use vigil_core::{Entity, Record, Role};
use vigil_store::{Reminder, Store, VisitScope};

use crate::error::AppError;
use crate::evidence::file_problem;
use crate::inspection::{actor_of, not_found, typed};
use crate::reports::{ReportLanguage, issued_report};
use crate::state::AppState;

/// The authority's letter as the file picker gives it (a scan as PDF, or a photo).
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct LetterFile {
    pub file_name: String,
    pub mime: String,
    pub bytes: Vec<u8>,
}

/// One step of the plan, as the form sends it.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct StepInput {
    pub text: String,
    pub due_on: NaiveDate,
}

/// What the answer form sends for one recommendation.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct AnswerInput {
    pub recommendation_id: Uuid,
    pub received_on: NaiveDate,
    pub position: AuthorityResponse,
    pub text: String,
    pub letter: Option<LetterFile>,
    pub steps: Vec<StepInput>,
}

/// The report of a visit sent to the authority (or its comments received…) on a day.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ReportStageInput {
    pub visit_id: Uuid,
    pub stage: ReportStage,
    pub dated_on: NaiveDate,
    pub note: String,
    /// The language of the PDF kept with a report sent or published (the UI's).
    pub language: ReportLanguage,
}

/// A visit's report stages, oldest first.
pub fn report_versions(store: &Store, visit_id: Uuid) -> Result<Vec<ReportVersion>, AppError> {
    Ok(store.report_versions(visit_id)?)
}

impl AppState {
    /// Records the authority's answer with its letter and plan, all or nothing, and sets the
    /// recommendation's one-word response to its position (read by older devices and exports).
    pub fn record_authority_answer(&self, input: AnswerInput) -> Result<AuthorityAnswer, AppError> {
        self.with_app_store(|store| {
            let actor = actor_of(store)?;
            let recommendation: Recommendation = typed(store.record(Entity::Recommendation, input.recommendation_id)?)
                .ok_or_else(|| not_found(Entity::Recommendation, input.recommendation_id))?;
            if let Some(file) = &input.letter
                && let Some(problem) = file_problem(&file.mime, &file.bytes)
            {
                return Err(AppError::InvalidInput(problem.to_owned()));
            }
            let letter_id = input.letter.as_ref().map(|_| new_id());
            let answer = AuthorityAnswer {
                id: new_id(),
                recommendation_id: recommendation.id,
                visit_id: recommendation.visit_id,
                received_on: input.received_on,
                position: input.position,
                text: input.text.trim().to_owned(),
                letter_id,
            };
            // The answer first: the gate then knows the attachment after it is its letter.
            let mut records: Vec<Record> = vec![answer.clone().into()];
            records.extend(input.steps.into_iter().map(|step| {
                Record::from(ActionStep {
                    id: new_id(),
                    answer_id: answer.id,
                    visit_id: recommendation.visit_id,
                    text: step.text.trim().to_owned(),
                    due_on: step.due_on,
                    done_on: None,
                })
            }));
            match (input.letter, letter_id) {
                (Some(file), Some(id)) => store.keeping_blob(&file.bytes, |store, sha256| {
                    let name = file.file_name.rsplit(['/', '\\']).next().unwrap_or_default().trim();
                    let letter = Attachment {
                        id,
                        visit_id: recommendation.visit_id,
                        sha256,
                        mime: file.mime.to_ascii_lowercase(),
                        size: i64::try_from(file.bytes.len()).unwrap_or(i64::MAX),
                        file_name: if name.is_empty() { "letter".to_owned() } else { name.to_owned() },
                    };
                    records.insert(1, letter.into());
                    store.create_all(&actor, &records)
                })?,
                _ => store.create_all(&actor, &records)?,
            };
            let response = Value::String(answer.position.as_str().to_owned());
            store.update(
                &actor,
                Entity::Recommendation,
                recommendation.id,
                Map::from_iter([("response".into(), response)]),
            )?;
            Ok(answer)
        })
    }

    /// Marks a step of an action plan done on a day, or not done (`None`).
    pub fn mark_step_done(&self, step_id: Uuid, done_on: Option<NaiveDate>) -> Result<ActionStep, AppError> {
        self.with_app_store(|store| {
            let actor = actor_of(store)?;
            let done = serde_json::to_value(done_on).map_err(|e| AppError::InvalidInput(e.to_string()))?;
            store.update(&actor, Entity::ActionStep, step_id, Map::from_iter([("done_on".into(), done)]))?;
            typed(store.record(Entity::ActionStep, step_id)?).ok_or_else(|| not_found(Entity::ActionStep, step_id))
        })
    }

    /// Records the visit's report at a stage (sent as provisional, comments received, final,
    /// published) on a day. A report sent or published keeps its PDF as it then was, in the
    /// person's language, as an attachment of the visit under its SHA-256, which syncs to
    /// the office like any other (and is kept there whatever the devices remove).
    pub fn record_report_stage(&self, input: ReportStageInput) -> Result<ReportVersion, AppError> {
        self.with_app_store(|store| {
            let actor = actor_of(store)?;
            let visit: Visit = typed(store.record(Entity::Visit, input.visit_id)?)
                .ok_or_else(|| not_found(Entity::Visit, input.visit_id))?;
            let attachment_id = input.stage.issues_report().then(new_id);
            let version = ReportVersion {
                id: new_id(),
                visit_id: visit.id,
                stage: input.stage,
                dated_on: input.dated_on,
                note: input.note.trim().to_owned(),
                attachment_id,
            };
            // The version first: the gate then knows the attachment after it is its PDF.
            let mut records: Vec<Record> = vec![version.clone().into()];
            match attachment_id {
                Some(id) => {
                    let (bytes, file_name) = issued_report(store, visit.id, input.stage, input.language)?;
                    store.keeping_blob(&bytes, |store, sha256| {
                        let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
                        let mime = "application/pdf".to_owned();
                        records.push(Attachment { id, visit_id: visit.id, sha256, mime, size, file_name }.into());
                        store.create_all(&actor, &records)
                    })?
                }
                None => store.create_all(&actor, &records)?,
            };
            Ok(version)
        })
    }

    /// What is overdue or due soon about the recommendations of this user's teams, today:
    /// a supervisor's and a lead's list (an inspector records no answers, and gets none).
    pub fn reminders(&self) -> Result<Vec<Reminder>, AppError> {
        self.with_app_store(|store| {
            let Ok(actor) = actor_of(store) else { return Ok(Vec::new()) };
            if !vigil_core::access::may_record_authority_answer(actor.role) {
                return Ok(Vec::new());
            }
            let user: Option<User> = typed(store.record(Entity::User, actor.user_id)?);
            let teams = user.map(|u| u.team_ids).unwrap_or_default();
            let scope = if actor.role == Role::Admin { VisitScope::Held } else { VisitScope::Teams(&teams) };
            Ok(store.reminders(scope, Utc::now().date_naive())?)
        })
    }
}
