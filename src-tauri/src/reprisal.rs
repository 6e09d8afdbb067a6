//! Reprisal follow-up (issue 17, item 5): the people earlier interviews at a place flagged
//! at risk, listed for the team going back (code, day and team — never what they said), and
//! the check the team records on each during its visit. A concern becomes a finding of its
//! own, made with the check in one transaction.
//!
//! Who may know of an interview is the core's rule (`may_know_of_interview`); the store's
//! gate judges the check itself. Nothing is decided here but the finding's wording.

use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;
use vigil_core::access::may_know_of_interview;
use vigil_core::ids::new_id;
use vigil_core::records::{Area, Interview, Observation, ReprisalCheck, ReprisalOutcome, Severity, User, Visit};
use vigil_core::{Entity, Record};
use vigil_report::i18n::{Language, message};
use vigil_store::{PersonToCheck, Store};

use crate::error::AppError;
use crate::inspection::{actor_of, not_found, typed};
use crate::reports::ReportLanguage;
use crate::state::AppState;

/// What the "people to check on" form sends for one person.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ReprisalCheckInput {
    pub visit_id: Uuid,
    pub interview_id: Uuid,
    pub outcome: ReprisalOutcome,
    pub checked_on: NaiveDate,
    pub note: String,
    /// The language the UI shows: a concern's finding is worded in it.
    pub language: ReportLanguage,
}

/// The people earlier interviews at a place flagged at risk that this device's user may
/// know of (none for a device not enrolled, or an administrator's). `except_visit` leaves
/// out a visit's own interviews.
pub fn people_to_check(
    store: &Store,
    facility_id: Uuid,
    except_visit: Option<Uuid>,
) -> Result<Vec<PersonToCheck>, AppError> {
    let Ok(actor) = actor_of(store) else { return Ok(Vec::new()) };
    let user: Option<User> = typed(store.record(Entity::User, actor.user_id)?);
    // Without its user record yet the device knows no teams: it lists nothing rather than guess.
    let teams = user.map(|u| u.team_ids).unwrap_or_default();
    let people = store.people_to_check(facility_id, except_visit)?;
    Ok(people.into_iter().filter(|p| may_know_of_interview(actor.role, Some(&teams), p.team_id)).collect())
}

/// The finding a concern becomes: high severity, confidential (kept out of the public
/// report), naming the person by code only, with what the team saw.
fn concern_finding(visit_id: Uuid, pseudonym: &str, note: &str, language: Language) -> Observation {
    let text = message(language, "reprisal.finding", &[("code", pseudonym.into()), ("note", note.trim().into())]);
    Observation {
        id: new_id(),
        visit_id,
        area: Area::Treatment,
        severity: Severity::High,
        text,
        attachment_ids: Vec::new(),
        confidential: true,
    }
}

impl AppState {
    /// Records a check on one person; a concern is saved with its finding, both or neither.
    pub fn record_reprisal_check(&self, input: ReprisalCheckInput) -> Result<ReprisalCheck, AppError> {
        self.with_app_store(|store| {
            let actor = actor_of(store)?;
            let visit: Visit = typed(store.record(Entity::Visit, input.visit_id)?)
                .ok_or_else(|| not_found(Entity::Visit, input.visit_id))?;
            // An interview this device does not hold is named as missing, as the gate would.
            let interview: Interview = typed(store.record(Entity::Interview, input.interview_id)?)
                .ok_or_else(|| not_found(Entity::Interview, input.interview_id))?;
            let already = store
                .visit_bundle(visit.id)?
                .reprisal_checks
                .into_iter()
                .any(|check| check.interview_id == interview.id);
            if already {
                return Err(AppError::InvalidInput(
                    "This person's check is already recorded on this visit: remove it to record it again".into(),
                ));
            }
            let finding = (input.outcome == ReprisalOutcome::Concern)
                .then(|| concern_finding(visit.id, &interview.pseudonym, &input.note, input.language.into()));
            let check = ReprisalCheck {
                id: new_id(),
                visit_id: visit.id,
                interview_id: interview.id,
                outcome: input.outcome,
                checked_on: input.checked_on,
                note: input.note.trim().to_owned(),
                observation_id: finding.as_ref().map(|f| f.id),
            };
            // The check first: its finding, which names the person's code, is then scoped as
            // the check is (the team's, never an administrator's).
            let mut records: Vec<Record> = vec![check.clone().into()];
            records.extend(finding.map(Record::from));
            store.create_all(&actor, &records)?;
            Ok(check)
        })
    }
}
