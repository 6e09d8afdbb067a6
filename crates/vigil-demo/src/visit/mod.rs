//! Everything recorded for one visit, in dependency order: its team, checklist answers,
//! observations and their evidence, interviews, register checks, recommendations, the
//! follow-up of earlier recommendations, and the review.

pub(crate) mod after_report;
mod answers;
mod evidence;
mod findings;
pub(crate) mod followup;
mod team;

use chrono::{DateTime, Days, Duration, NaiveDate, Utc};
use uuid::Uuid;
use vigil_core::records::{Debrief, Facility, Severity, VisitType};
use vigil_core::{Record, VisitStatus};

use crate::people::Staff;
use crate::rng::Gen;
use crate::schedule::{Scheduled, at};
use crate::templates::Template;
use followup::FollowUp;

/// What every visit reads: the registry, the people, the templates.
#[derive(Debug)]
pub(crate) struct World<'a> {
    pub facilities: &'a [Facility],
    pub staff: &'a Staff,
    pub templates: &'a [Template],
    pub today: NaiveDate,
    pub observations: usize,
}

/// The time records are created at, moving forward a few minutes per record.
#[derive(Debug)]
pub(crate) struct Clock(DateTime<Utc>);

impl Clock {
    pub(crate) fn next(&mut self, g: &mut Gen) -> DateTime<Utc> {
        self.0 += Duration::minutes(g.int(1, 12));
        self.0
    }

    /// A record id made at the next tick.
    pub(crate) fn id(&mut self, g: &mut Gen) -> Uuid {
        let at = self.next(g);
        g.id_at(at)
    }
}

/// Appends the visit's records to `out` and writes the visit's summary.
pub(crate) fn record(world: &World, g: &mut Gen, s: &mut Scheduled, follow: &mut FollowUp, out: &mut Vec<Record>) {
    let place = &world.facilities[s.facility];
    let status = s.visit.status;
    let before = s.visit.planned_on - Days::new(7);
    let mut clock = Clock(s.visit.arrived_at.unwrap_or_else(|| at(before, 9 * 60)));
    let members = team::members(g, world.staff, s, place.kind, &mut clock);
    out.extend(members.iter().cloned().map(Record::from));
    if s.visit.arrived_at.is_none() {
        s.visit.summary = planned_summary(s, follow.open_count(s.facility));
        return;
    }
    let template = &world.templates[s.template];
    let (answers, mut attachments) = answers::answers(g, template, &s.visit, &mut clock);
    let mut observed = findings::observations(g, world.observations, s, place.kind, &mut clock);
    attachments.extend(findings::attach_evidence(g, &mut observed, &s.visit, &mut clock));
    let interviews = evidence::interviews(g, s.visit.id, place.kind, &mut clock);
    let registers = evidence::register_checks(g, s.visit.id, place.kind, &mut clock);
    let reported = matches!(
        status,
        VisitStatus::Submitted | VisitStatus::InReview | VisitStatus::Returned | VisitStatus::Approved
    );
    let recommendations =
        if reported { findings::recommendations(g, world.today, &observed, s, place, &mut clock) } else { Vec::new() };
    let assessments = follow.assess(g, s, clock.0);
    let comments = team::review(g, world.staff, s, &observed, &recommendations, &mut clock);
    s.visit.summary = summary(s, members.len(), &observed);

    // Photos first: answers and findings name them, and a record's links must be held.
    out.extend(attachments.into_iter().map(Record::from));
    out.extend(answers.into_iter().map(Record::from));
    out.extend(observed.iter().map(|(o, _)| Record::from(o.clone())));
    out.extend(interviews.into_iter().map(Record::from));
    out.extend(registers.into_iter().map(Record::from));
    out.extend(recommendations.iter().cloned().map(Record::from));
    out.extend(assessments.into_iter().map(Record::from));
    out.extend(comments.into_iter().map(Record::from));
    out.extend(debrief(s, place, members.len(), &observed).map(Record::from));
    if status == VisitStatus::Approved {
        let issued = s.visit.departed_at.map_or(s.visit.planned_on, |t| t.date_naive());
        follow.issue(s.facility, &recommendations, issued);
    }
}

/// The talk with the head of the place as the team leaves: the most serious findings
/// raised, an urgent one handed over. Its id is made from the visit's, so adding it drew
/// nothing from the generator and every other demo record stays as it was.
fn debrief(s: &Scheduled, place: &Facility, team: usize, observed: &[findings::Observed]) -> Option<Debrief> {
    let left = s.visit.departed_at?;
    let mut serious: Vec<&vigil_core::records::Observation> =
        observed.iter().map(|(o, _)| o).filter(|o| o.severity != Severity::GoodPractice).collect();
    serious.sort_by_key(|o| std::cmp::Reverse(o.severity));
    let points: Vec<&str> = serious.iter().take(3).map(|o| o.text.as_str()).collect();
    let urgent = serious.iter().find(|o| o.severity == Severity::Urgent).map_or(String::new(), |o| o.text.clone());
    Some(Debrief {
        id: debrief_id(s.visit.id, left - Duration::minutes(40)),
        visit_id: s.visit.id,
        held_at: left - Duration::minutes(40),
        facility_participants: format!("The head of {} and the deputy head for security", place.name),
        team_participants: format!("The visiting team ({team} members)"),
        points_raised: if points.is_empty() {
            "No serious concerns; the team's thanks for the access given".into()
        } else {
            points.join("; ")
        },
        immediate_concerns: urgent,
    })
}

/// A UUIDv7 at `at` whose other bits are the visit's: no draw from the generator.
fn debrief_id(visit_id: Uuid, at: DateTime<Utc>) -> Uuid {
    derived_id(visit_id, at, 0x5a)
}

/// A UUIDv7 at `at` whose other bits are the visit's, the last one flipped by `salt` (one
/// salt per kind of record made this way, so two never meet).
pub(crate) fn derived_id(visit_id: Uuid, at: DateTime<Utc>, salt: u8) -> Uuid {
    let mut bits = [0u8; 10];
    bits.copy_from_slice(&visit_id.as_bytes()[6..]);
    bits[9] ^= salt;
    uuid::Builder::from_unix_timestamp_millis(u64::try_from(at.timestamp_millis()).unwrap_or(0), &bits).into_uuid()
}

fn type_label(s: &Scheduled) -> String {
    match (s.visit.visit_type, &s.visit.theme) {
        (VisitType::Regular, _) => "regular visit".to_owned(),
        (VisitType::FollowUp, _) => "follow-up visit".to_owned(),
        (VisitType::AdHoc, _) => "ad hoc visit".to_owned(),
        (VisitType::Thematic, Some(theme)) => format!("thematic visit ({theme})"),
        (VisitType::Thematic, None) => "thematic visit".to_owned(),
    }
}

fn planned_summary(s: &Scheduled, open: usize) -> String {
    let take_along = match open {
        0 => "the place has no open recommendation".to_owned(),
        1 => "take along the place's one open recommendation".to_owned(),
        n => format!("take along the place's {n} open recommendations"),
    };
    format!("Planned {} on {}. Preparation: read the last report; {take_along}.", type_label(s), s.visit.planned_on)
}

fn summary(s: &Scheduled, team: usize, observed: &[findings::Observed]) -> String {
    let serious = observed.iter().filter(|(o, _)| matches!(o.severity, Severity::High | Severity::Urgent)).count();
    let good = observed.iter().filter(|(o, _)| o.severity == Severity::GoodPractice).count();
    let mut areas: Vec<&str> = Vec::new();
    for (o, _) in observed {
        let label = area_label(o.area);
        if matches!(o.severity, Severity::High | Severity::Urgent) && !areas.contains(&label) {
            areas.push(label);
        }
    }
    let announced = if s.visit.unannounced { "Unannounced" } else { "Announced" };
    let mut text = format!(
        "{announced} {} by a team of {team}: {} findings, {serious} serious, {good} good practice.",
        type_label(s),
        observed.len(),
    );
    if !areas.is_empty() {
        text.push_str(&format!(" Main concerns: {}.", areas.join(", ")));
    }
    if s.delay >= 30 {
        text.push_str(&format!(" Access was delayed by {} minutes.", s.delay));
    }
    text
}

fn area_label(area: vigil_core::records::Area) -> &'static str {
    use vigil_core::records::Area;
    match area {
        Area::Treatment => "treatment",
        Area::ProtectionMeasures => "protection measures",
        Area::MaterialConditions => "material conditions",
        Area::RegimeActivities => "regime and activities",
        Area::HealthCare => "health care",
        Area::Personnel => "personnel",
    }
}
