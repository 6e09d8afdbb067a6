//! The supervisor's side, and the team's answers to it: the review queue, comments and
//! their answers, moving a visit through review (return, approve), amendments to an
//! approved visit, the recommendations tracker and the dashboard. Every rule lives in
//! vigil-core and is checked by the store (and again by the office); this module only
//! adds the app's own refusals, as pure functions tested below.

use chrono::{NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;
use vigil_core::ids::new_id;
use vigil_core::records::{Amendment, ReviewComment, Visit};
use vigil_core::{Entity, VisitStatus};
use vigil_store::{CommentThread, Dashboard, QueuedVisit, RecommendationFilter, RecommendationTracker};

use crate::error::AppError;
use crate::inspection::{VisitDetail, actor_of, not_found, typed};
use crate::state::AppState;

/// The longest look back the coverage view offers: ten years.
pub const MAX_COVERAGE_MONTHS: u32 = 120;

/// What the comment form sends: on the whole visit, or on one of its records, or an
/// answer to an earlier comment.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct NewComment {
    pub visit_id: Uuid,
    pub target_entity: Option<Entity>,
    pub target_id: Option<Uuid>,
    pub reply_to: Option<Uuid>,
    pub body: String,
}

/// What the amendment form sends: a correction to an approved visit, kept beside it.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct NewAmendment {
    pub visit_id: Uuid,
    pub target_entity: Option<Entity>,
    pub target_id: Option<Uuid>,
    pub body: String,
}

/// The tracker's answer with the day it was counted on (overdue is as of that day).
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrackerView {
    pub as_of: NaiveDate,
    pub tracker: RecommendationTracker,
    /// Whether this user records the authority's answers and marks steps done
    /// (`access::may_record_authority_answer`).
    pub may_record_answers: bool,
}

fn invalid(message: &str) -> AppError {
    AppError::InvalidInput(message.to_owned())
}

/// A comment or amendment needs words; trimmed, so a stray space is not one.
pub fn checked_body(body: &str, what: &str) -> Result<String, AppError> {
    let body = body.trim();
    if body.is_empty() {
        return Err(AppError::InvalidInput(format!("Write the {what} first: it is empty")));
    }
    Ok(body.to_owned())
}

/// Why a visit cannot go back to its team now: the team must be told what to change.
pub fn return_refusal(threads: &[CommentThread]) -> Option<&'static str> {
    if threads.iter().any(|thread| !thread.answered()) {
        None
    } else {
        Some("Add a comment saying what the team must change before returning the visit")
    }
}

impl AppState {
    /// Submitted visits of the teams this device syncs, oldest submission first.
    pub fn review_queue(&self) -> Result<Vec<QueuedVisit>, AppError> {
        self.with_store(|store| store.review_queue())
    }

    /// Adds a comment (supervisor) or an answer to one (the team); answers the visit.
    pub fn add_comment(&self, comment: NewComment) -> Result<VisitDetail, AppError> {
        let body = checked_body(&comment.body, "comment")?;
        self.with_app_store(|store| {
            let actor = actor_of(store)?;
            let record = ReviewComment {
                id: new_id(),
                visit_id: comment.visit_id,
                target_entity: comment.target_entity,
                target_id: comment.target_id,
                reply_to: comment.reply_to,
                body,
                author_id: actor.user_id,
            };
            store.create(&actor, &record.into())?;
            Ok(())
        })?;
        self.visit_detail(comment.visit_id)
    }

    /// Moves a visit through review: `in_review`, `returned` (with a comment waiting for
    /// the team), `approved`, or back `in_progress` by the team. Submitting has its own command.
    pub fn move_visit(&self, visit_id: Uuid, to: VisitStatus) -> Result<VisitDetail, AppError> {
        self.with_app_store(|store| {
            let actor = actor_of(store)?;
            let visit: Option<Visit> = typed(store.record(Entity::Visit, visit_id)?);
            let from = visit.ok_or_else(|| not_found(Entity::Visit, visit_id))?.status;
            // The workflow's own refusals (locked, wrong role) come first, from the store.
            if from == VisitStatus::InReview
                && to == VisitStatus::Returned
                && let Some(refusal) = return_refusal(&store.comment_threads(visit_id)?)
            {
                return Err(invalid(refusal));
            }
            let status = Map::from_iter([("status".to_owned(), Value::from(to.as_str()))]);
            store.update(&actor, Entity::Visit, visit_id, status)?;
            Ok(())
        })?;
        // A return, an approval: the team and the office learn it now.
        self.sync_soon();
        self.visit_detail(visit_id)
    }

    /// Records a correction to an approved visit; the approved content stays as it was.
    pub fn add_amendment(&self, amendment: NewAmendment) -> Result<VisitDetail, AppError> {
        let body = checked_body(&amendment.body, "amendment")?;
        self.with_app_store(|store| {
            let actor = actor_of(store)?;
            let record = Amendment {
                id: new_id(),
                visit_id: amendment.visit_id,
                target_entity: amendment.target_entity,
                target_id: amendment.target_id,
                body,
                author_id: actor.user_id,
                made_at: Utc::now(),
            };
            store.create(&actor, &record.into())?;
            Ok(())
        })?;
        self.visit_detail(amendment.visit_id)
    }

    /// Every recommendation this device holds that passes `filter`, as of today.
    pub fn recommendation_tracker(&self, filter: RecommendationFilter) -> Result<TrackerView, AppError> {
        let as_of = Utc::now().date_naive();
        let tracker = self.with_store(|store| store.recommendation_tracker(&filter, as_of))?;
        let may_record_answers = self.my_role()?.is_some_and(vigil_core::access::may_record_authority_answer);
        Ok(TrackerView { as_of, tracker, may_record_answers })
    }

    /// The dashboard's figures for `year`, counted as of today.
    /// Per kind of place, the places no team reached in the last `months` months (the
    /// annual plan's gaps).
    pub fn coverage(&self, months: u32) -> Result<Vec<vigil_store::CoverageGroup>, AppError> {
        if !(1..=MAX_COVERAGE_MONTHS).contains(&months) {
            return Err(AppError::InvalidInput(format!("months: {months} is not 1 to {MAX_COVERAGE_MONTHS}")));
        }
        let today = Utc::now().date_naive();
        let since = today.checked_sub_months(chrono::Months::new(months)).unwrap_or(today);
        self.with_store(|store| store.coverage(since))
    }

    pub fn dashboard(&self, year: i32) -> Result<Dashboard, AppError> {
        if !(2000..=2100).contains(&year) {
            return Err(AppError::InvalidInput(format!("{year} is not a year Vigil can report on")));
        }
        self.with_store(|store| store.dashboard(year, Utc::now().date_naive()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_comment_is_refused_and_spaces_are_trimmed() {
        assert_eq!(checked_body("  \n", "comment").expect_err("empty").code(), vigil_core::Code::InvalidInput);
        assert_eq!(checked_body("  Cell 4 again? ", "comment").expect("words"), "Cell 4 again?");
    }

    #[test]
    fn a_visit_goes_back_only_with_a_comment_the_team_has_not_answered() {
        assert!(return_refusal(&[]).is_some());
    }
}
