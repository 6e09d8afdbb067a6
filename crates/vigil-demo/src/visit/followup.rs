//! Follow-up of recommendations: each later visit to a place assesses the place's open
//! recommendations, so each one gets a dated history until it is implemented or no
//! longer applies. Recommendations never seen again stay open, never assessed.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use uuid::Uuid;
use vigil_core::records::{ImplementationStatus, Recommendation, RecommendationAssessment, VisitType};

use crate::rng::Gen;
use crate::schedule::Scheduled;
use crate::texts::notes;

#[derive(Debug)]
struct Open {
    id: Uuid,
    issued_on: NaiveDate,
    last: Option<ImplementationStatus>,
}

/// The open recommendations of every place, as visits go by in date order.
#[derive(Debug)]
pub(crate) struct FollowUp {
    open: Vec<Vec<Open>>,
    assessed: usize,
}

impl FollowUp {
    pub(crate) fn new(facilities: usize) -> FollowUp {
        FollowUp { open: (0..facilities).map(|_| Vec::new()).collect(), assessed: 0 }
    }

    pub(crate) fn open_count(&self, facility: usize) -> usize {
        self.open.get(facility).map_or(0, Vec::len)
    }

    /// Recommendations of an approved report: sent to the authority, followed up from now.
    pub(crate) fn issue(&mut self, facility: usize, recommendations: &[Recommendation], on: NaiveDate) {
        if let Some(open) = self.open.get_mut(facility) {
            open.extend(recommendations.iter().map(|r| Open { id: r.id, issued_on: on, last: None }));
        }
    }

    /// What the visit found of the place's open recommendations issued before it.
    pub(crate) fn assess(
        &mut self,
        g: &mut Gen,
        s: &Scheduled,
        mut clock: DateTime<Utc>,
    ) -> Vec<RecommendationAssessment> {
        let Some(arrived) = s.visit.arrived_at else { return Vec::new() };
        let day = arrived.date_naive();
        // A follow-up visit checks everything; other visits check what they come across.
        let share = match s.visit.visit_type {
            VisitType::FollowUp => 1.0,
            VisitType::Regular => 0.9,
            VisitType::AdHoc => 0.4,
            VisitType::Thematic => 0.3,
        };
        let Some(open) = self.open.get_mut(s.facility) else { return Vec::new() };
        let mut assessments = Vec::new();
        let mut still_open = Vec::new();
        for mut rec in open.drain(..) {
            if rec.issued_on >= day || !g.chance(share) {
                still_open.push(rec);
                continue;
            }
            // Every status early on, so any size of demo shows all of them.
            let status = match ImplementationStatus::ALL.get(self.assessed) {
                Some(&status) => status,
                None => next_status(g, rec.last),
            };
            self.assessed += 1;
            clock += Duration::minutes(g.int(1, 20));
            assessments.push(RecommendationAssessment {
                id: g.id_at(clock),
                recommendation_id: rec.id,
                visit_id: s.visit.id,
                status,
                evidence: (*g.pick(notes::evidence(status))).to_owned(),
                assessed_on: day,
            });
            rec.last = Some(status);
            if !status.closes() {
                still_open.push(rec);
            }
        }
        *open = still_open;
        assessments
    }
}

/// Progress is slow and rarely goes backwards.
fn next_status(g: &mut Gen, last: Option<ImplementationStatus>) -> ImplementationStatus {
    use ImplementationStatus::*;
    match last {
        None => {
            g.weighted(&[(NotImplemented, 35), (PartiallyImplemented, 30), (Implemented, 25), (NoLongerApplicable, 10)])
        }
        Some(NotImplemented) => {
            g.weighted(&[(NotImplemented, 45), (PartiallyImplemented, 30), (Implemented, 20), (NoLongerApplicable, 5)])
        }
        Some(_) => {
            g.weighted(&[(NotImplemented, 5), (PartiallyImplemented, 40), (Implemented, 45), (NoLongerApplicable, 10)])
        }
    }
}
