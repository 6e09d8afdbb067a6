//! The authority's answer to a visit report and the action plan it promises: when the
//! answer is due, and what is overdue or due soon on a given day. The one meaning of these
//! words for the tracker, the dashboard, the supervisor's reminders and the place's page.
//!
//! - The answer is **due** [`OfficeSettings::answer_days`] after the report first went to
//!   the authority (its first provisional or final [`ReportVersion`]); before that, nothing
//!   is due.
//! - It is **overdue** on a day after that while no answer was received by then.
//! - A step of the action plan is overdue on a day after its own due day while not done by
//!   then. Either is **due soon** within [`DUE_SOON_DAYS`] before its day.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::records::{ActionStep, AuthorityAnswer, ReportVersion};
use crate::settings::OfficeSettings;

/// How far ahead a reminder warns.
pub const DUE_SOON_DAYS: u64 = 14;

/// Where the authority's answer to one recommendation stands on a day.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerState {
    /// The report has not gone to the authority yet.
    NotSent,
    /// Sent; the answer is due later.
    Waiting,
    /// Sent; the answer is due within [`DUE_SOON_DAYS`].
    DueSoon,
    /// Past its deadline with no answer.
    Overdue,
    /// An answer was received.
    Answered,
}

/// The first day the report of a visit went to the authority, from its versions.
pub fn sent_on<'a>(versions: impl IntoIterator<Item = &'a ReportVersion>) -> Option<NaiveDate> {
    versions.into_iter().filter(|v| v.stage.sends_to_authority()).map(|v| v.dated_on).min()
}

/// The report's stage now: its latest version, by day, then as recorded (ids are
/// time-ordered), as the store's gate reads it when judging the next stage.
pub fn current_version<'a>(versions: impl IntoIterator<Item = &'a ReportVersion>) -> Option<&'a ReportVersion> {
    versions.into_iter().max_by_key(|v| (v.dated_on, v.id))
}

/// The day the authority's answer is due, for a report first sent on `sent_on`.
pub fn answer_due_on(sent_on: Option<NaiveDate>, settings: &OfficeSettings) -> Option<NaiveDate> {
    let days = u64::try_from(settings.answer_days).unwrap_or(0);
    sent_on.and_then(|sent| sent.checked_add_days(Days::new(days)))
}

/// Where the answer stands on `day`, given when it is due and the answers held.
pub fn answer_state<'a>(
    due_on: Option<NaiveDate>,
    answers: impl IntoIterator<Item = &'a AuthorityAnswer>,
    day: NaiveDate,
) -> AnswerState {
    if answers.into_iter().any(|a| a.received_on <= day) {
        return AnswerState::Answered;
    }
    match due_on {
        None => AnswerState::NotSent,
        Some(due) if due < day => AnswerState::Overdue,
        Some(due) if is_soon(due, day) => AnswerState::DueSoon,
        Some(_) => AnswerState::Waiting,
    }
}

impl ActionStep {
    /// Past its due day on `day` and not done by then.
    pub fn overdue_on(&self, day: NaiveDate) -> bool {
        self.due_on < day && !self.done_by(day)
    }

    /// Not done, and due on `day` or within [`DUE_SOON_DAYS`] after it.
    pub fn due_soon_on(&self, day: NaiveDate) -> bool {
        !self.done_by(day) && self.due_on >= day && is_soon(self.due_on, day)
    }

    fn done_by(&self, day: NaiveDate) -> bool {
        self.done_on.is_some_and(|done| done <= day)
    }
}

fn is_soon(due: NaiveDate, day: NaiveDate) -> bool {
    day.checked_add_days(Days::new(DUE_SOON_DAYS)).is_some_and(|horizon| due <= horizon)
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;
    use crate::records::{AuthorityResponse, ReportStage};

    fn day(text: &str) -> NaiveDate {
        text.parse().expect("day")
    }

    fn version(stage: ReportStage, on: &str) -> ReportVersion {
        let (id, visit_id) = (Uuid::nil(), Uuid::nil());
        ReportVersion { id, visit_id, stage, dated_on: day(on), note: String::new(), attachment_id: None }
    }

    fn answer(received: &str) -> AuthorityAnswer {
        AuthorityAnswer {
            id: Uuid::nil(),
            recommendation_id: Uuid::nil(),
            visit_id: Uuid::nil(),
            received_on: day(received),
            position: AuthorityResponse::Accepted,
            text: "We shall hire a doctor".into(),
            letter_id: None,
        }
    }

    #[test]
    fn the_answer_is_due_the_office_s_days_after_the_report_first_went_out() {
        let settings = OfficeSettings { answer_days: 30 };
        let versions = [version(ReportStage::Comments, "2026-01-20"), version(ReportStage::Final, "2026-02-10")];
        assert_eq!(sent_on(&versions[..1]), None, "comments are the authority's, not a sending");
        let with_provisional =
            [version(ReportStage::Provisional, "2026-01-05"), versions[0].clone(), versions[1].clone()];
        assert_eq!(sent_on(&with_provisional), Some(day("2026-01-05")));
        assert_eq!(answer_due_on(sent_on(&with_provisional), &settings), Some(day("2026-02-04")));
        assert_eq!(answer_due_on(sent_on(&versions), &OfficeSettings { answer_days: 60 }), Some(day("2026-04-11")));
        assert_eq!(answer_due_on(None, &settings), None);
    }

    #[test]
    fn the_current_version_is_the_latest_by_day_then_as_recorded() {
        assert_eq!(current_version(&[]), None);
        let mut versions = [version(ReportStage::Final, "2026-02-10"), version(ReportStage::Provisional, "2026-01-05")];
        assert_eq!(current_version(&versions).map(|v| v.stage), Some(ReportStage::Final), "not the last in the list");
        // Two on one day: the one recorded later (the larger time-ordered id) is current.
        versions[1].dated_on = day("2026-02-10");
        versions[1].id = Uuid::from_u128(2);
        versions[0].id = Uuid::from_u128(1);
        assert_eq!(current_version(&versions).map(|v| v.stage), Some(ReportStage::Provisional));
    }

    #[test]
    fn an_answer_is_overdue_after_its_deadline_until_one_is_received() {
        let due = Some(day("2026-02-04"));
        assert_eq!(answer_state(None, [], day("2027-01-01")), AnswerState::NotSent);
        assert_eq!(answer_state(due, [], day("2026-01-10")), AnswerState::Waiting);
        assert_eq!(answer_state(due, [], day("2026-01-21")), AnswerState::DueSoon);
        assert_eq!(answer_state(due, [], day("2026-02-04")), AnswerState::DueSoon, "due that day, not late yet");
        assert_eq!(answer_state(due, [], day("2026-02-05")), AnswerState::Overdue);
        let late = answer("2026-02-20");
        assert_eq!(answer_state(due, [&late], day("2026-02-10")), AnswerState::Overdue, "not received by then");
        assert_eq!(answer_state(due, [&late], day("2026-02-20")), AnswerState::Answered);
        assert_eq!(answer_state(None, [&late], day("2026-03-01")), AnswerState::Answered);
    }

    #[test]
    fn a_step_is_overdue_after_its_day_until_done() {
        let step = ActionStep {
            id: Uuid::nil(),
            answer_id: Uuid::nil(),
            visit_id: Uuid::nil(),
            text: "Hire a doctor".into(),
            due_on: day("2026-06-30"),
            done_on: None,
        };
        assert!(!step.overdue_on(day("2026-06-30")));
        assert!(step.due_soon_on(day("2026-06-30")));
        assert!(step.due_soon_on(day("2026-06-16")));
        assert!(!step.due_soon_on(day("2026-06-15")));
        assert!(step.overdue_on(day("2026-07-01")));
        assert!(!step.due_soon_on(day("2026-07-01")), "overdue is not due soon");
        let done = ActionStep { done_on: Some(day("2026-07-10")), ..step };
        assert!(done.overdue_on(day("2026-07-05")), "done later than that day");
        assert!(!done.overdue_on(day("2026-07-10")));
        assert!(done.due_soon_on(day("2026-06-20")), "not done by then");
    }
}
