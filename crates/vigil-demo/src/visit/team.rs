//! Who went on the visit and which areas each covered; and the supervisor's review.

use vigil_core::VisitStatus;
use vigil_core::records::{Area, Entity, FacilityKind, Recommendation, ReviewComment, VisitMember, VisitType};

use super::Clock;
use super::findings::Observed;
use crate::people::Staff;
use crate::rng::Gen;
use crate::schedule::Scheduled;
use crate::texts::notes::{REVIEW_COMMENTS, REVIEW_REPLIES};

/// The profession that usually takes an area.
fn area_profession(area: Area) -> &'static str {
    match area {
        Area::Treatment => "psychologist",
        Area::ProtectionMeasures => "lawyer",
        Area::HealthCare => "doctor",
        Area::RegimeActivities => "social worker",
        Area::MaterialConditions | Area::Personnel => "",
    }
}

/// Two to five monitors of the visit's team (a regular visit takes the most), the lead
/// always, an interpreter for places holding foreigners; the six areas split by
/// profession, the rest round the table.
pub(crate) fn members(
    g: &mut Gen,
    staff: &Staff,
    s: &Scheduled,
    kind: FacilityKind,
    clock: &mut Clock,
) -> Vec<VisitMember> {
    let crew = &staff.crews[s.crew];
    let mut inspectors = crew.inspectors.clone();
    g.shuffle(&mut inspectors);
    let size = if s.visit.visit_type == VisitType::Regular { g.int(4, 5) } else { g.int(2, 3) };
    let mut people = vec![crew.lead];
    people.extend(inspectors.into_iter().take(size as usize - 1));
    let interpreter = kind == FacilityKind::MigrantDetention || g.chance(0.1);
    if interpreter && people.len() < 5 {
        people.push(*g.pick(&staff.interpreters));
    }
    let mut areas: Vec<Vec<Area>> = people.iter().map(|_| Vec::new()).collect();
    // Interpreters help everyone and take no area of their own.
    let monitors: Vec<usize> =
        (0..people.len()).filter(|&i| staff.users[people[i]].profession != "interpreter").collect();
    let mut turn = 0;
    for &area in Area::ALL {
        let by_profession = monitors.iter().find(|&&i| staff.users[people[i]].profession == area_profession(area));
        let who = match by_profession {
            Some(&i) => i,
            None => {
                turn += 1;
                monitors[turn % monitors.len()]
            }
        };
        areas[who].push(area);
    }
    people
        .into_iter()
        .zip(areas)
        .map(|(user, areas)| VisitMember {
            id: clock.id(g),
            visit_id: s.visit.id,
            user_id: staff.users[user].id,
            areas,
        })
        .collect()
}

/// Comments of the supervisor on the visit or one of its records, and the lead's replies:
/// always on returned visits, often on the others under or after review.
pub(crate) fn review(
    g: &mut Gen,
    staff: &Staff,
    s: &Scheduled,
    observed: &[Observed],
    recommendations: &[Recommendation],
    clock: &mut Clock,
) -> Vec<ReviewComment> {
    let (rounds, replied) = match s.visit.status {
        VisitStatus::Returned => (g.int(1, 3), g.chance(0.3)),
        VisitStatus::InReview if g.chance(0.5) => (g.int(1, 2), false),
        VisitStatus::Approved if g.chance(0.35) => (g.int(1, 2), true),
        // Resubmitted after an earlier return.
        VisitStatus::Submitted if g.chance(0.2) => (1, true),
        _ => (0, false),
    };
    let crew = &staff.crews[s.crew];
    let supervisor = staff.users[crew.supervisor].id;
    let lead = staff.users[crew.lead].id;
    let mut comments = Vec::new();
    for _ in 0..rounds {
        let target = match g.int(0, 2) {
            0 if !observed.is_empty() => Some((Entity::Observation, g.pick(observed).0.id)),
            1 if !recommendations.is_empty() => Some((Entity::Recommendation, g.pick(recommendations).id)),
            _ => None,
        };
        let comment = ReviewComment {
            id: clock.id(g),
            visit_id: s.visit.id,
            target_entity: target.map(|t| t.0),
            target_id: target.map(|t| t.1),
            reply_to: None,
            body: (*g.pick(REVIEW_COMMENTS)).to_owned(),
            author_id: supervisor,
        };
        let reply = replied.then(|| ReviewComment {
            id: clock.id(g),
            reply_to: Some(comment.id),
            body: (*g.pick(REVIEW_REPLIES)).to_owned(),
            author_id: lead,
            ..comment.clone()
        });
        comments.push(comment);
        comments.extend(reply);
    }
    comments
}
