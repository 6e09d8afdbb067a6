//! What follows the reports of the latest approved visits, so that the office's demo, the
//! tracker and the dashboard have something to show: the report sent as provisional (one
//! visit's taken on to comments and final), and for the oldest of them the authority's
//! answer with an action plan whose first step is overdue on the demo's day. The others'
//! answers are still awaited, one of them past its deadline.
//!
//! Ids are made from the visit's (as the debrief's), so adding these drew nothing from
//! the generator and every other demo record stays as it was. No PDF is kept with these
//! versions: the demo is data, not rendered reports.

use chrono::{DateTime, Days, NaiveDate, Utc};
use uuid::Uuid;
use vigil_core::records::{ActionStep, AuthorityAnswer, AuthorityResponse, ReportStage, ReportVersion, Visit};
use vigil_core::{Record, VisitStatus};

use super::derived_id;
use crate::schedule::at;

/// How many of the latest approved visits have their report sent.
const SENT: usize = 3;

/// The records to append after every visit's own, and the response each answered
/// recommendation now carries (by id).
pub(crate) fn after_report(records: &[Record], today: NaiveDate) -> (Vec<Record>, Vec<(Uuid, AuthorityResponse)>) {
    let mut approved: Vec<(&Visit, NaiveDate)> = records
        .iter()
        .filter_map(|r| match r {
            Record::Visit(v) if v.status == VisitStatus::Approved => Some((v, v.departed_at?.date_naive())),
            _ => None,
        })
        // Sent a fortnight after the visit, and long enough ago for the answer to be due.
        .filter(|(_, left)| *left + Days::new(14 + 35) <= today)
        .filter(|(v, _)| first_recommendation(records, v.id).is_some())
        .collect();
    approved.sort_by_key(|(v, left)| (*left, v.id));
    let latest = approved.split_off(approved.len().saturating_sub(SENT));

    let (mut out, mut responses) = (Vec::new(), Vec::new());
    for (n, (visit, left)) in latest.into_iter().enumerate() {
        let sent = left + Days::new(14);
        let version = |stage: ReportStage, on: NaiveDate, salt: u8| ReportVersion {
            id: derived_id(visit.id, noon(on), salt),
            visit_id: visit.id,
            stage,
            dated_on: on,
            note: String::new(),
            attachment_id: None,
        };
        out.push(version(ReportStage::Provisional, sent, 0x11).into());
        if n > 0 {
            // Sent, no answer yet: the later one is still within its deadline or just past it.
            continue;
        }
        let received = sent + Days::new(21);
        out.push(version(ReportStage::Comments, received, 0x12).into());
        let final_on = (received + Days::new(10)).min(today);
        out.push(version(ReportStage::Final, final_on, 0x13).into());
        let Some(recommendation) = first_recommendation(records, visit.id) else { continue };
        let answer = AuthorityAnswer {
            id: derived_id(visit.id, noon(received), 0x21),
            recommendation_id: recommendation,
            visit_id: visit.id,
            received_on: received,
            position: AuthorityResponse::PartiallyAccepted,
            text: "The administration accepts the recommendation in part: the works are planned in the \
                   budget of next year; staff instructions are changed at once."
                .into(),
            letter_id: None,
        };
        let step = |text: &str, due_on: NaiveDate, salt: u8| ActionStep {
            id: derived_id(visit.id, noon(received), salt),
            answer_id: answer.id,
            visit_id: visit.id,
            text: text.into(),
            due_on,
            done_on: None,
        };
        let overdue = step("Issue the new staff instruction to every shift", today - Days::new(10), 0x22);
        let later = step("Carry out the works in the budget of next year", today + Days::new(120), 0x23);
        responses.push((recommendation, answer.position));
        out.extend([answer.into(), overdue.into(), later.into()]);
    }
    (out, responses)
}

fn first_recommendation(records: &[Record], visit_id: Uuid) -> Option<Uuid> {
    records.iter().find_map(|r| match r {
        Record::Recommendation(rec) if rec.visit_id == visit_id => Some(rec.id),
        _ => None,
    })
}

fn noon(day: NaiveDate) -> DateTime<Utc> {
    at(day, 12 * 60)
}
