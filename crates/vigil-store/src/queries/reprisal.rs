//! Reprisal follow-up (issue 17, item 5): the people earlier interviews at a place flagged
//! at risk of reprisal, for the team going back, and what the year's checks found.
//!
//! A replica holds only the interviews its device may receive (the team's; never an
//! administrator's), and the app filters once more with
//! `vigil_core::access::may_know_of_interview`. What is read here never includes what the
//! person said: the code, the day and the team are enough to find them again.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use vigil_core::Entity;
use vigil_core::records::{Interview, ReprisalCheck, ReprisalOutcome, Team, Visit};

use super::tracker::visit_day;
use crate::{Store, StoreError};

/// A person to check on: an interview flagged at risk, without its content.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonToCheck {
    pub interview_id: Uuid,
    /// The interview's pseudonymous code.
    pub pseudonym: String,
    /// The visit that interviewed the person, its day and its team.
    pub visit_id: Uuid,
    pub interviewed_on: NaiveDate,
    pub team_id: Uuid,
    pub team_name: String,
    /// The checks made on the person so far, oldest first.
    pub checks: Vec<ReprisalCheck>,
}

/// What the year's reprisal checks found.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReprisalCheckCounts {
    pub no_sign: i64,
    pub concern: i64,
    pub not_found: i64,
}

impl Store {
    /// The people interviewed at a place and flagged at risk of reprisal, newest interview
    /// first, with the checks made on each. `except_visit` leaves out a visit's own
    /// interviews (a visit checks on people of earlier ones).
    pub fn people_to_check(
        &self,
        facility_id: Uuid,
        except_visit: Option<Uuid>,
    ) -> Result<Vec<PersonToCheck>, StoreError> {
        let place = facility_id.to_string();
        let visits: Vec<Visit> = self.typed(Entity::Visit, "facility_id = ?1", &[&place])?;
        let interviews: Vec<Interview> = self.typed(
            Entity::Interview,
            "reprisal_risk = 1 AND visit_id IN (SELECT id FROM visit WHERE deleted = 0 AND facility_id = ?1)",
            &[&place],
        )?;
        let checks: Vec<ReprisalCheck> = self.typed(
            Entity::ReprisalCheck,
            "interview_id IN (SELECT i.id FROM interview i JOIN visit v ON v.id = i.visit_id WHERE v.facility_id = ?1)",
            &[&place],
        )?;
        let teams: Vec<Team> = self.all(Entity::Team)?;
        let mut people: Vec<PersonToCheck> = interviews
            .into_iter()
            .filter(|interview| Some(interview.visit_id) != except_visit)
            .filter_map(|interview| {
                let visit = visits.iter().find(|v| v.id == interview.visit_id)?;
                let mut own: Vec<ReprisalCheck> =
                    checks.iter().filter(|c| c.interview_id == interview.id).cloned().collect();
                own.sort_by_key(|c| (c.checked_on, c.id));
                Some(PersonToCheck {
                    interview_id: interview.id,
                    pseudonym: interview.pseudonym,
                    visit_id: visit.id,
                    interviewed_on: visit_day(visit),
                    team_id: visit.team_id,
                    team_name: teams.iter().find(|t| t.id == visit.team_id).map(|t| t.name.clone()).unwrap_or_default(),
                    checks: own,
                })
            })
            .collect();
        people.sort_by(|a, b| b.interviewed_on.cmp(&a.interviewed_on).then(a.pseudonym.cmp(&b.pseudonym)));
        Ok(people)
    }

    /// What the checks made in `year` found (by the day of the check).
    pub fn reprisal_check_counts(&self, year: i32) -> Result<ReprisalCheckCounts, StoreError> {
        let (first, last) = (format!("{year:04}-01-01"), format!("{year:04}-12-31"));
        let checks: Vec<ReprisalCheck> =
            self.typed(Entity::ReprisalCheck, "checked_on BETWEEN ?1 AND ?2", &[&first, &last])?;
        let mut counts = ReprisalCheckCounts::default();
        for check in checks.iter().filter(|c| c.checked_on.year() == year) {
            *match check.outcome {
                ReprisalOutcome::NoSign => &mut counts.no_sign,
                ReprisalOutcome::Concern => &mut counts.concern,
                ReprisalOutcome::NotFound => &mut counts.not_found,
            } += 1;
        }
        Ok(counts)
    }
}
