//! Observations by area and severity, the photos and documents that back them, and the
//! recommendations drawn from them.

use chrono::{Days, NaiveDate};
use vigil_core::VisitStatus;
use vigil_core::records::{
    Area, Attachment, AuthorityResponse, Facility, FacilityKind, Observation, Priority, Recommendation, Severity, Visit,
};

use super::Clock;
use crate::places::{Setting, setting};
use crate::rng::Gen;
use crate::schedule::Scheduled;
use crate::texts::findings::{self, ACCESS_DELAY, Finding};
use crate::texts::{fill, notes};

/// An observation and the finding it was written from.
pub(crate) type Observed = (Observation, &'static Finding);

/// `count` observations over the six areas, without repeating a finding while others are
/// left; a long wait at the gate comes first.
pub(crate) fn observations(
    g: &mut Gen,
    count: usize,
    s: &Scheduled,
    kind: FacilityKind,
    clock: &mut Clock,
) -> Vec<Observed> {
    let place = setting(kind);
    let mut areas = Area::ALL.to_vec();
    g.shuffle(&mut areas);
    let mut used = Vec::new();
    (0..count)
        .map(|i| {
            let (area, finding, text) = if i == 0 && s.delay >= 30 {
                let text = ACCESS_DELAY.text.replace("{delay}", &s.delay.to_string());
                (Area::ProtectionMeasures, &ACCESS_DELAY, text)
            } else {
                let area = areas[i % areas.len()];
                let finding = choose(g, area, place, &mut used);
                (area, finding, fill(g, finding.text))
            };
            let observation = Observation {
                id: clock.id(g),
                visit_id: s.visit.id,
                area,
                severity: finding.severity,
                text,
                attachment_ids: Vec::new(),
                confidential: g.chance(0.08),
            };
            (observation, finding)
        })
        .collect()
}

/// A finding of `area` for the place; texts already `used` on this visit come last.
fn choose(g: &mut Gen, area: Area, place: Setting, used: &mut Vec<&'static str>) -> &'static Finding {
    let candidates = findings::candidates(area, place);
    let fresh: Vec<&'static Finding> = candidates.iter().copied().filter(|f| !used.contains(&f.text)).collect();
    let pool = if fresh.is_empty() { candidates } else { fresh };
    let mut finding = *g.pick(&pool);
    // Pools hold a good practice or two per area; redraw half of them so that praise
    // stays the exception it is in real reports.
    if finding.severity == Severity::GoodPractice && g.chance(0.5) {
        finding = *g.pick(&pool);
    }
    used.push(finding.text);
    finding
}

/// A photo taken or a document copied on site, with a made-up SHA-256 of its bytes.
pub(crate) fn attachment(g: &mut Gen, visit: &Visit, clock: &mut Clock, photo: bool) -> Attachment {
    let at = clock.next(g);
    let (mime, size, file_name) = if photo {
        ("image/jpeg", g.int(600_000, 4_800_000), format!("IMG_{}.jpg", at.format("%Y%m%d_%H%M%S")))
    } else {
        ("application/pdf", g.int(40_000, 2_500_000), (*g.pick(notes::DOCUMENTS)).to_owned())
    };
    Attachment { id: g.id_at(at), visit_id: visit.id, sha256: g.hex(32), mime: mime.to_owned(), size, file_name }
}

/// Zero to three photos or documents, each backing one observation.
pub(crate) fn attach_evidence(
    g: &mut Gen,
    observed: &mut [Observed],
    visit: &Visit,
    clock: &mut Clock,
) -> Vec<Attachment> {
    if observed.is_empty() {
        return Vec::new();
    }
    (0..g.int(0, 3))
        .map(|_| {
            let photo = g.chance(0.7);
            let file = attachment(g, visit, clock, photo);
            let target = g.below(observed.len());
            observed[target].0.attachment_ids.push(file.id);
            file
        })
        .collect()
}

fn priority(severity: Severity) -> Priority {
    match severity {
        Severity::Urgent => Priority::Urgent,
        Severity::High => Priority::High,
        Severity::Medium => Priority::Medium,
        Severity::Low | Severity::GoodPractice => Priority::Low,
    }
}

/// Days the authority is given, by priority.
fn deadline(priority: Priority) -> u64 {
    match priority {
        Priority::Urgent => 30,
        Priority::High => 90,
        Priority::Medium => 180,
        Priority::Low => 365,
    }
}

/// One to a few recommendations, each resting on a finding of the visit (and another of
/// the same area if there is one), addressed to the place's authority.
pub(crate) fn recommendations(
    g: &mut Gen,
    today: NaiveDate,
    observed: &[Observed],
    s: &Scheduled,
    place: &Facility,
    clock: &mut Clock,
) -> Vec<Recommendation> {
    let mut grounds: Vec<&Observed> = observed.iter().filter(|(_, f)| !f.recommendation.is_empty()).collect();
    g.shuffle(&mut grounds);
    let count = g.int(1, (observed.len() as i64 / 2).max(1)) as usize;
    let reported_on = s.visit.departed_at.map_or(s.visit.planned_on, |t| t.date_naive());
    let answered = s.visit.status == VisitStatus::Approved && (today - reported_on).num_days() > 60;
    let custodial = matches!(setting(place.kind), Setting::Police | Setting::Prison);
    grounds
        .iter()
        .take(count)
        .map(|(observation, finding)| {
            let mut finding_ids = vec![observation.id];
            let sibling = observed.iter().find(|(o, f)| {
                o.area == observation.area && o.id != observation.id && f.severity != Severity::GoodPractice
            });
            finding_ids.extend(sibling.map(|(o, _)| o.id));
            let priority = priority(finding.severity);
            let due_on =
                (priority != Priority::Low || g.chance(0.8)).then(|| reported_on + Days::new(deadline(priority)));
            // Health care in custody is often the Ministry of Health's budget.
            let authority = if custodial && observation.area == Area::HealthCare && g.chance(0.3) {
                "Ministry of Health"
            } else {
                place.authority.as_str()
            };
            let response = if answered {
                g.weighted(&[
                    (AuthorityResponse::Accepted, 55),
                    (AuthorityResponse::PartiallyAccepted, 20),
                    (AuthorityResponse::Rejected, 10),
                    (AuthorityResponse::Pending, 15),
                ])
            } else {
                AuthorityResponse::Pending
            };
            Recommendation {
                id: clock.id(g),
                visit_id: s.visit.id,
                facility_id: place.id,
                text: finding.recommendation.to_owned(),
                authority: authority.to_owned(),
                area: observation.area,
                priority,
                due_on,
                finding_ids,
                response,
            }
        })
        .collect()
}
