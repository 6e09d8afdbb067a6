//! When and where visits happen: spread over the three years before `today`, old ones
//! approved, recent ones in every review state, a few planned ahead; arrival, access and
//! departure times that follow each other.

use chrono::{DateTime, Days, Duration, NaiveDate, NaiveTime, Utc};
use vigil_core::VisitStatus;
use vigil_core::records::{Facility, FacilityKind, Visit, VisitType};

use crate::DemoParams;
use crate::people::Staff;
use crate::rng::Gen;
use crate::templates::{Template, template_kind};
use crate::texts::notes::THEMES;

/// A visit with the indexes of its place, team and template.
#[derive(Debug)]
pub(crate) struct Scheduled {
    pub visit: Visit,
    pub facility: usize,
    pub crew: usize,
    pub template: usize,
    /// Minutes the team waited at the gate.
    pub delay: i64,
}

/// `date` at `minutes` past midnight, UTC.
pub(crate) fn at(date: NaiveDate, minutes: i64) -> DateTime<Utc> {
    date.and_time(NaiveTime::MIN).and_utc() + Duration::minutes(minutes)
}

/// Visits of the last weeks, one of each state first so every state shows at any size.
const RECENT_STATUSES: &[VisitStatus] = &[
    VisitStatus::InProgress,
    VisitStatus::Submitted,
    VisitStatus::InReview,
    VisitStatus::Returned,
    VisitStatus::Approved,
];

/// How many days ago a recent visit in `status` took place.
fn days_ago(g: &mut Gen, status: VisitStatus) -> i64 {
    match status {
        VisitStatus::Planned => -g.int(1, 60),
        VisitStatus::InProgress => g.int(0, 2),
        VisitStatus::Submitted => g.int(3, 20),
        VisitStatus::InReview => g.int(5, 30),
        VisitStatus::Returned => g.int(7, 40),
        VisitStatus::Approved => g.int(20, 89),
    }
}

/// The phases of the demo, in the order visits are drawn: old ones first, so that
/// visits planned ahead can go where earlier reports left recommendations open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Old,
    Recent(usize),
    Ahead,
}

fn phase(i: usize, old: usize, recent: usize) -> Phase {
    if i < old {
        Phase::Old
    } else if i < old + recent {
        Phase::Recent(i - old)
    } else {
        Phase::Ahead
    }
}

fn status_of(g: &mut Gen, phase: Phase) -> VisitStatus {
    match phase {
        Phase::Ahead => VisitStatus::Planned,
        Phase::Recent(j) => match RECENT_STATUSES.get(j) {
            Some(&status) => status,
            None => g.weighted(&[
                (VisitStatus::InProgress, 2),
                (VisitStatus::Submitted, 2),
                (VisitStatus::InReview, 2),
                (VisitStatus::Returned, 1),
                (VisitStatus::Approved, 4),
            ]),
        },
        // A few older reports are still stuck in review.
        Phase::Old if g.chance(0.03) => *g.pick(&[VisitStatus::InReview, VisitStatus::Returned]),
        Phase::Old => VisitStatus::Approved,
    }
}

fn visit_type(g: &mut Gen, i: usize) -> VisitType {
    match VisitType::ALL.get(i) {
        Some(&visit_type) => visit_type,
        None => g.weighted(&[
            (VisitType::Regular, 45),
            (VisitType::FollowUp, 25),
            (VisitType::AdHoc, 15),
            (VisitType::Thematic, 15),
        ]),
    }
}

/// `params.visits` visits, sorted by date so that a visit's follow-up of earlier
/// recommendations always comes after them.
pub(crate) fn schedule(
    g: &mut Gen,
    params: &DemoParams,
    facilities: &[Facility],
    staff: &Staff,
    templates: &[Template],
) -> Vec<Scheduled> {
    let n = params.visits;
    let ahead = (n * 6 / 100).max(1).min(n);
    let recent = (n * 12 / 100).max(RECENT_STATUSES.len()).min(n - ahead);
    let old = n - ahead - recent;
    let mut visits: Vec<Scheduled> = Vec::with_capacity(n);
    for i in 0..n {
        let phase = phase(i, old, recent);
        let status = status_of(g, phase);
        let days_back = if phase == Phase::Old { g.int(90, 3 * 365) } else { days_ago(g, status) };
        let planned_on = params.today - Duration::days(days_back);
        let facility = match phase {
            Phase::Ahead if !visits.is_empty() => g.pick(&visits).facility,
            _ => g.below(facilities.len()),
        };
        let place = &facilities[facility];
        let visit_type = visit_type(g, i);
        let home_crew = staff.teams.iter().position(|t| t.region == place.region);
        let crew = match (visit_type, home_crew) {
            (VisitType::Thematic, _) | (_, None) => g.below(staff.teams.len()),
            (_, Some(crew)) => crew,
        };
        let wanted = template_kind(place.kind);
        let template = templates.iter().position(|t| t.record.kind == wanted).unwrap_or(0);
        let (arrived_at, access_granted_at, departed_at, delay) = times(g, status, planned_on, visit_type, place.kind);
        let created =
            at(planned_on - Days::new(g.int(7, 30) as u64), g.int(8 * 60, 17 * 60)).min(at(params.today, 8 * 60));
        let visit = Visit {
            id: g.id_at(created),
            facility_id: place.id,
            team_id: staff.teams[crew].id,
            template_id: templates[template].record.id,
            visit_type,
            unannounced: g.chance(0.9),
            status,
            planned_on,
            arrived_at,
            access_granted_at,
            departed_at,
            theme: (visit_type == VisitType::Thematic).then(|| (*g.pick(THEMES)).to_owned()),
            no_names: g.chance(0.1),
            // Written once the visit's findings are known, see `visit::record`.
            summary: String::new(),
        };
        visits.push(Scheduled { visit, facility, crew, template, delay });
    }
    visits.sort_by_key(|s| (s.visit.planned_on, s.visit.arrived_at));
    visits
}

type Times = (Option<DateTime<Utc>>, Option<DateTime<Utc>>, Option<DateTime<Utc>>, i64);

/// Arrival, access and departure. Planned visits have none; visits in progress have not
/// left yet; a tenth of teams wait 30 to 90 minutes at the gate.
fn times(g: &mut Gen, status: VisitStatus, day: NaiveDate, visit_type: VisitType, kind: FacilityKind) -> Times {
    if status == VisitStatus::Planned {
        return (None, None, None, 0);
    }
    // Police stations are visited at night too: that is when most people are brought in.
    let night = kind == FacilityKind::PoliceCustody && g.chance(0.25);
    let arrival = if night { g.int(21 * 60, 23 * 60) } else { g.int(7 * 60, 10 * 60 + 30) };
    let arrived = at(day, arrival);
    let delay = match g.int(1, 10) {
        1 => g.int(30, 90),
        2 | 3 => g.int(15, 29),
        _ => g.int(2, 14),
    };
    let access = arrived + Duration::minutes(delay);
    let departure = (status != VisitStatus::InProgress).then(|| {
        let extra_days = if visit_type == VisitType::Regular { g.int(0, 2) } else { 0 };
        access + Duration::days(extra_days) + Duration::minutes(g.int(4 * 60, 9 * 60))
    });
    (Some(arrived), Some(access), departure, delay)
}
