//! Links inside one visit: a review comment or an amendment about a record must name a
//! record of its own visit, and an answer must answer a comment of that visit; a finding's
//! photos are its visit's; a checklist answer answers a question of its visit's checklist,
//! with a value of the question's kind (and photos of its visit); a member of a visit is in
//! its team (checked by the gate once the editor may add members); a recommendation rests on
//! findings of its visit, names its visit's place and is due no earlier than the visit; an
//! assessment follows up an earlier recommendation of the same place; a reprisal check an
//! interview flagged at risk on an earlier visit of the same place, and a concern's finding
//! is of the check's own visit. Foreign keys cannot
//! say this, so the admission gate checks it (`crate::admission`), on the device and at the
//! office alike.

use rusqlite::{OptionalExtension, Transaction};
use uuid::Uuid;
use vigil_core::records::{
    AnswerValue, ChecklistAnswer, ChecklistTemplate, Interview, Recommendation, RecommendationAssessment,
    ReprisalCheck, User, Visit, VisitMember,
};
use vigil_core::{Entity, FieldDef, Record};

use crate::StoreError;
use crate::apply::load;

pub(crate) mod after_report;
use crate::edit::record_of;

/// The first link of `record` that leaves its visit, as the error to give.
pub(crate) fn outside_visit(tx: &Transaction, record: &Record) -> Result<Option<StoreError>, StoreError> {
    let (visit_id, target, reply_to) = match record {
        Record::ReviewComment(c) => (c.visit_id, c.target_entity.zip(c.target_id), c.reply_to),
        Record::Amendment(a) => (a.visit_id, a.target_entity.zip(a.target_id), None),
        Record::Observation(o) => {
            if let Some(check) = reprisal_check_naming(tx, o.id)?
                && check.visit_id != o.visit_id
            {
                let problem = format!("is named by the reprisal check {} of another visit", check.id);
                return Ok(Some(StoreError::BadLink { entity: Entity::Observation, field: "visit_id", problem }));
            }
            return all_of_visit(tx, record, "attachment_ids", Entity::Attachment, &o.attachment_ids);
        }
        Record::ChecklistAnswer(answer) => return answer_outside_checklist(tx, record, answer),
        Record::Recommendation(r) => return recommendation_outside_visit(tx, r),
        Record::RecommendationAssessment(a) => return assessment_outside_place(tx, a),
        Record::ReprisalCheck(check) => return reprisal_check_outside_place(tx, record, check),
        Record::AuthorityAnswer(_) | Record::ActionStep(_) | Record::ReportVersion(_) | Record::Attachment(_) => {
            return after_report::outside_visit(tx, record);
        }
        _ => return Ok(None),
    };
    let entity = record.entity();
    if let Some((target_entity, target_id)) = target
        && visit_of(tx, target_entity, target_id)? != Some(visit_id)
    {
        return Ok(Some(StoreError::NotOfVisit {
            entity,
            field: "target_id",
            target: target_entity,
            id: target_id,
            visit_id,
        }));
    }
    if let Some(parent) = reply_to
        && visit_of(tx, Entity::ReviewComment, parent)? != Some(visit_id)
    {
        let target = Entity::ReviewComment;
        return Ok(Some(StoreError::NotOfVisit { entity, field: "reply_to", target, id: parent, visit_id }));
    }
    Ok(None)
}

/// The first of `ids` (in `field` of `record`) that is not a record of `record`'s visit.
fn all_of_visit(
    tx: &Transaction,
    record: &Record,
    field: &'static str,
    target: Entity,
    ids: &[Uuid],
) -> Result<Option<StoreError>, StoreError> {
    let (entity, visit_id) = (record.entity(), record.visit_id().unwrap_or_default());
    for id in ids {
        if visit_of(tx, target, *id)? != Some(visit_id) {
            return Ok(Some(StoreError::NotOfVisit { entity, field, target, id: *id, visit_id }));
        }
    }
    Ok(None)
}

/// An answer answers a question of its visit's checklist, with a value of the question's
/// kind ([`ChecklistAnswer::check_against`]); a photo answer shows photos of its visit.
fn answer_outside_checklist(
    tx: &Transaction,
    record: &Record,
    answer: &ChecklistAnswer,
) -> Result<Option<StoreError>, StoreError> {
    let Some(visit) = visit(tx, answer.visit_id)? else { return Ok(None) };
    let fields: Vec<FieldDef> = Entity::ChecklistTemplate.all_fields().collect();
    let Some(stored) = load(tx, Entity::ChecklistTemplate, visit.template_id, &fields)? else { return Ok(None) };
    let Ok(template) = ChecklistTemplate::try_from(record_of(Entity::ChecklistTemplate, visit.template_id, &stored)?)
    else {
        return Ok(None);
    };
    if let Err(wrong) = answer.check_against(&template) {
        return Ok(Some(wrong.into()));
    }
    match &answer.value {
        AnswerValue::Photo(photos) => all_of_visit(tx, record, "value", Entity::Attachment, photos),
        _ => Ok(None),
    }
}

/// A member of a visit is an inspector or a lead of its team.
pub(crate) fn member_outside_team(tx: &Transaction, member: &VisitMember) -> Result<Option<StoreError>, StoreError> {
    let (Some(visit), Some(stored)) = (
        visit(tx, member.visit_id)?,
        load(tx, Entity::User, member.user_id, &Entity::User.all_fields().collect::<Vec<_>>())?,
    ) else {
        return Ok(None);
    };
    let Ok(user) = User::try_from(record_of(Entity::User, member.user_id, &stored)?) else { return Ok(None) };
    if user.team_ids.contains(&visit.team_id) && user.role.is_team_member() {
        return Ok(None);
    }
    let problem = format!("{} is not an inspector or a lead of the visit's team", user.name);
    Ok(Some(StoreError::BadLink { entity: Entity::VisitMember, field: "user_id", problem }))
}

/// A reprisal check follows up an interview flagged at risk on an earlier visit of the same
/// place, and the finding a concern became is one of its own visit.
fn reprisal_check_outside_place(
    tx: &Transaction,
    record: &Record,
    check: &ReprisalCheck,
) -> Result<Option<StoreError>, StoreError> {
    let entity = Entity::ReprisalCheck;
    let fields: Vec<FieldDef> = Entity::Interview.all_fields().collect();
    let interview = match load(tx, Entity::Interview, check.interview_id, &fields)? {
        Some(stored) => Interview::try_from(record_of(Entity::Interview, check.interview_id, &stored)?).ok(),
        None => None,
    };
    if let (Some(interview), Some(visit)) = (interview, visit(tx, check.visit_id)?) {
        let earlier = visit_facility(tx, interview.visit_id)?;
        let problem = if !interview.reprisal_risk {
            Some("is an interview not flagged at risk of reprisal")
        } else if interview.visit_id == check.visit_id {
            Some("is an interview of this same visit: a visit checks on people of earlier ones")
        } else if earlier != Some(visit.facility_id) {
            Some("is an interview at another place")
        } else {
            None
        };
        if let Some(problem) = problem {
            return Ok(Some(StoreError::BadLink { entity, field: "interview_id", problem: problem.to_owned() }));
        }
    }
    // The finding a concern became comes right after the check (so that it is scoped as the
    // check is, see `admission`): one not held yet is judged when it comes.
    let held: Vec<Uuid> = match check.observation_id {
        Some(id) if visit_of(tx, Entity::Observation, id)?.is_some() => vec![id],
        _ => Vec::new(),
    };
    all_of_visit(tx, record, "observation_id", Entity::Observation, &held)
}

/// The reprisal check whose concern became the finding `observation_id`, if this replica holds one.
pub(crate) fn reprisal_check_naming(
    tx: &Transaction,
    observation_id: Uuid,
) -> Result<Option<ReprisalCheck>, StoreError> {
    let id: Option<String> = tx
        .prepare_cached("SELECT id FROM reprisal_check WHERE observation_id = ?1 LIMIT 1")?
        .query_row([observation_id.to_string()], |row| row.get(0))
        .optional()?;
    let Some(id) = id else { return Ok(None) };
    let id: Uuid = id.parse().map_err(StoreError::corrupt)?;
    let fields: Vec<FieldDef> = Entity::ReprisalCheck.all_fields().collect();
    let Some(stored) = load(tx, Entity::ReprisalCheck, id, &fields)? else { return Ok(None) };
    Ok(ReprisalCheck::try_from(record_of(Entity::ReprisalCheck, id, &stored)?).ok())
}

fn visit_facility(tx: &Transaction, visit_id: Uuid) -> Result<Option<Uuid>, StoreError> {
    Ok(visit(tx, visit_id)?.map(|visit| visit.facility_id))
}

/// A recommendation names its visit's place, is due no earlier than its visit, and rests
/// on findings of its visit.
fn recommendation_outside_visit(tx: &Transaction, r: &Recommendation) -> Result<Option<StoreError>, StoreError> {
    let entity = Entity::Recommendation;
    if let Some(visit) = visit(tx, r.visit_id)? {
        if visit.facility_id != r.facility_id {
            let problem = format!("must be the place of visit {} ({})", r.visit_id, visit.facility_id);
            return Ok(Some(StoreError::BadLink { entity, field: "facility_id", problem }));
        }
        let visited = visit.arrived_at.map_or(visit.planned_on, |at| at.date_naive());
        if r.due_on.is_some_and(|due| due < visited) {
            let problem = format!("must be on or after its visit ({visited})");
            return Ok(Some(StoreError::BadLink { entity, field: "due_on", problem }));
        }
    }
    all_of_visit(tx, &Record::Recommendation(r.clone()), "finding_ids", Entity::Observation, &r.finding_ids)
}

/// A visit assesses the earlier recommendations of its own place, not its own.
fn assessment_outside_place(tx: &Transaction, a: &RecommendationAssessment) -> Result<Option<StoreError>, StoreError> {
    let fields: Vec<FieldDef> = Entity::Recommendation.all_fields().collect();
    let (Some(stored), Some(visit)) =
        (load(tx, Entity::Recommendation, a.recommendation_id, &fields)?, visit(tx, a.visit_id)?)
    else {
        return Ok(None);
    };
    let Record::Recommendation(recommendation) = record_of(Entity::Recommendation, a.recommendation_id, &stored)?
    else {
        return Ok(None);
    };
    let problem = if recommendation.facility_id != visit.facility_id {
        "is a recommendation of another place"
    } else if recommendation.visit_id == a.visit_id {
        "is a recommendation of this same visit: a visit follows up earlier ones"
    } else {
        return Ok(None);
    };
    let entity = Entity::RecommendationAssessment;
    Ok(Some(StoreError::BadLink { entity, field: "recommendation_id", problem: problem.to_owned() }))
}

/// A visit as held, deleted or not.
fn visit(tx: &Transaction, visit_id: Uuid) -> Result<Option<Visit>, StoreError> {
    let fields: Vec<FieldDef> = Entity::Visit.all_fields().collect();
    let Some(stored) = load(tx, Entity::Visit, visit_id, &fields)? else { return Ok(None) };
    Ok(Visit::try_from(record_of(Entity::Visit, visit_id, &stored)?).ok())
}

/// The visit a held record belongs to (deleted or not: a comment may outlive its target).
pub(crate) fn visit_of(tx: &Transaction, entity: Entity, id: Uuid) -> Result<Option<Uuid>, StoreError> {
    // Every field, in the entity's order: the SQL of a field set is kept by set, in the
    // order of its first use, and the other readers of whole records use this one.
    let fields: Vec<FieldDef> = entity.all_fields().collect();
    let Some(stored) = load(tx, entity, id, &fields)? else { return Ok(None) };
    Ok(record_of(entity, id, &stored)?.visit_id())
}
