//! The access rules of docs/architecture.md ("Access and workflow") and issue 12, written
//! again as plainly as they read, to judge what the office accepted. Deliberately not the
//! office's gate (`vigil_core::access`): that is what these rules check.
//!
//! Where the issue leaves room, the stricter reading: a locked visit's record may not even
//! be sent back unchanged; a link field names a record the office holds, of the same visit
//! where it points inside one (findings, photos, a comment's subject, an earlier
//! recommendation of the same place); `target_entity` moves with `target_id`.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use uuid::Uuid;
use vigil_core::entity::DELETED;
use vigil_core::records::{AnswerValue, User, Visit};
use vigil_core::{Entity, Op, Record, Role, VisitStatus};

use super::held::{Entry, Held};

/// How far ahead of the office's time an op's clock may be.
const CLOCK_AHEAD_MS: i64 = 24 * 3600 * 1000;

/// The device pushing, and its user as the office holds them.
pub struct Editor<'a> {
    pub user: &'a User,
    pub device_id: Uuid,
}

/// Why the rules forbid `op`, judged on the records the office held before it (`None`:
/// allowed).
pub fn forbidden(editor: &Editor, op: &Op, held: &Held, now: DateTime<Utc>) -> Option<String> {
    let user = editor.user;
    if op.author != user.id {
        return Some(format!("op.author {} is not the device's user {}", op.author, user.id));
    }
    if i128::from(op.hlc.millis) > i128::from(now.timestamp_millis() + CLOCK_AHEAD_MS) {
        return Some(format!("its clock {} is more than 24 h ahead of the office's {now}", op.hlc));
    }
    let before = held.get(op.entity, op.entity_id);
    let Some(after) = patched(before.map(|entry| &entry.record), op) else {
        return Some("the record it leaves does not parse".into());
    };
    let changed = changed(before, op);
    if before.is_some()
        && let Some(link) = changed.iter().find(|field| is_link(op.entity, field))
    {
        return Some(format!("it changes the link {}.{link} of a record made before", op.entity.as_str()));
    }
    for (field, entity) in op.entity.references() {
        let target = after.to_fields().get(*field).and_then(|id| id.as_str()?.parse().ok());
        if target.is_none_or(|id| held.get(*entity, id).is_none()) {
            return Some(format!("its {field} names no {} the office holds", entity.as_str()));
        }
    }
    let before = before.map(|entry| &entry.record);
    match op.entity {
        entity if entity.is_reference_data() => reference_data(user, &after, &changed),
        Entity::AuditEvent => audit_event(editor, before, &after, held),
        _ => visit_record(user, before, &after, &changed, held),
    }
}

/// The fields that tie a record to others: what the schema says points at a record,
/// every `*_id`, the blob's hash, the comment answered, and what a target id is of.
fn is_link(entity: Entity, field: &str) -> bool {
    entity.references().iter().any(|(name, _)| *name == field)
        || field.ends_with("_id")
        || matches!(field, "reply_to" | "sha256" | "target_entity")
}

/// The record with the op's values over the held ones: what the op asks for.
fn patched(before: Option<&Record>, op: &Op) -> Option<Record> {
    let mut fields: Map<String, Value> = before.map(Record::to_fields).unwrap_or_default();
    for (name, change) in &op.patch {
        if name != DELETED.name {
            fields.insert(name.clone(), change.new.clone());
        }
    }
    Record::from_fields(op.entity, op.entity_id, fields).ok()
}

/// The fields whose value the op really changes (every field of a create).
fn changed<'a>(before: Option<&Entry>, op: &'a Op) -> Vec<&'a str> {
    let held = before.map(|entry| (entry.record.to_fields(), entry.deleted));
    op.patch
        .iter()
        .filter(|(name, change)| match &held {
            None => true,
            Some((_, deleted)) if name.as_str() == DELETED.name => change.new != Value::Bool(*deleted),
            Some((fields, _)) => fields.get(name.as_str()) != Some(&change.new),
        })
        .map(|(name, _)| name.as_str())
        .collect()
}

fn reference_data(user: &User, after: &Record, changed: &[&str]) -> Option<String> {
    if user.role != Role::Admin {
        return Some(format!("a {:?} changes reference data", user.role));
    }
    if let Record::User(edited) = after
        && edited.id == user.id
        && changed.iter().any(|field| matches!(*field, "role" | "team_ids"))
    {
        return Some("a user changes their own role or teams".into());
    }
    None
}

fn audit_event(editor: &Editor, before: Option<&Record>, after: &Record, held: &Held) -> Option<String> {
    let Record::AuditEvent(event) = after else { unreachable!("an audit event") };
    let user = editor.user;
    if before.is_some() {
        return Some("it changes an audit event".into());
    }
    if event.actor_id != user.id {
        return Some(format!("its audit event names another actor, {}", event.actor_id));
    }
    if event.device_id != editor.device_id {
        return Some(format!("its audit event names another device, {}", event.device_id));
    }
    let (entity, id) = event.target_entity.zip(event.target_id)?;
    let Some(target) = held.get(entity, id) else {
        return Some(format!("its audit event is about a {} the office does not hold", entity.as_str()));
    };
    if user.role == Role::Admin {
        // An administrator's device never holds an interview, so cannot act on one.
        return held
            .about_interview(&target.record)
            .then(|| "an administrator's audit event about an interview".into());
    }
    if entity.shared_with_every_team() {
        // Every team follows up a place's recommendations, whichever team made them.
        return None;
    }
    let visit = held.visit_of(&target.record)?;
    (!user.team_ids.contains(&visit.team_id))
        .then(|| format!("its audit event is about visit {} of another team", visit.id))
}

fn visit_record(user: &User, before: Option<&Record>, after: &Record, changed: &[&str], held: &Held) -> Option<String> {
    if user.role == Role::Admin {
        return Some("an administrator edits a visit or its records".into());
    }
    // The visit the record is part of before the edit and after it, as held before it.
    let (visit_before, visit_after) = match after {
        Record::Visit(new) => (before.and_then(|b| held.visit(b.id())), new),
        _ => {
            let Some(visit_after) = after.visit_id().and_then(|id| held.visit(id)) else {
                return Some("its visit is not held".into());
            };
            (before.and_then(|b| held.visit(b.visit_id()?)), visit_after)
        }
    };
    for visit in visit_before.into_iter().chain([visit_after]) {
        if !user.team_ids.contains(&visit.team_id) {
            return Some(format!("visit {} is another team's", visit.id));
        }
    }
    // Statuses as held before the op (a new visit's is its own).
    let status_after = held.visit(visit_after.id).map_or(visit_after.status, |v| v.status);
    let statuses: Vec<VisitStatus> = visit_before.map(|v| v.status).into_iter().chain([status_after]).collect();
    let locked = match after {
        Record::Visit(_) => visit_before.is_some_and(|v| v.status == VisitStatus::Approved),
        _ => statuses.contains(&VisitStatus::Approved),
    };
    if locked {
        return match after {
            Record::Amendment(_) => amendment(user, before, after, status_after, held),
            Record::Recommendation(_)
                if before.is_some()
                    && changed == ["response"]
                    && matches!(user.role, Role::Lead | Role::Supervisor) =>
            {
                None
            }
            // The report's versions, the authority's answers and their plans come after
            // approval, beside the locked content: the team's lead or its supervisor records them.
            _ if after.entity().follows_the_report() && matches!(user.role, Role::Lead | Role::Supervisor) => None,
            _ => Some(format!("it changes a record of visit {}, approved and locked", visit_after.id)),
        };
    }
    if after.entity().follows_the_report() {
        return Some(format!("visit {} is not approved: there is no report to follow", visit_after.id));
    }
    match after {
        Record::Amendment(_) => amendment(user, before, after, status_after, held),
        Record::ReviewComment(_) => comment(user, before, after, status_after, held),
        Record::Visit(new) => visit(user, visit_before, new, changed),
        _ if user.role == Role::Supervisor => Some("a supervisor edits the team's record".into()),
        _ => match statuses.iter().find(|status| !in_team_hands(**status)) {
            Some(status) => Some(format!("the team edits a visit that is {status}")),
            None => inside_visit(after, visit_after, held),
        },
    }
}

/// While the team records and edits: not while a supervisor holds the visit.
fn in_team_hands(status: VisitStatus) -> bool {
    matches!(status, VisitStatus::Planned | VisitStatus::InProgress | VisitStatus::Returned)
}

fn visit(user: &User, before: Option<&Visit>, after: &Visit, changed: &[&str]) -> Option<String> {
    let team_member = matches!(user.role, Role::Inspector | Role::Lead);
    let Some(before) = before else {
        return match (team_member, after.status) {
            (false, _) => Some(format!("a {:?} plans a visit", user.role)),
            (true, VisitStatus::Planned | VisitStatus::InProgress) => None,
            (true, status) => Some(format!("a new visit starts {status}")),
        };
    };
    if before.status != after.status && !may_move(before.status, after.status, user.role) {
        return Some(format!("a {:?} moves a visit from {} to {}", user.role, before.status, after.status));
    }
    if team_member && !in_team_hands(before.status) {
        return Some(format!("the team edits a visit that is {}", before.status));
    }
    if !team_member && changed.iter().any(|field| *field != "status") {
        return Some("a supervisor edits more of a visit than its status".into());
    }
    None
}

/// The review workflow, as the architecture states it: the team starts and submits (the
/// lead), supervisors take it into review and return or approve it.
fn may_move(from: VisitStatus, to: VisitStatus, role: Role) -> bool {
    use VisitStatus::*;
    matches!(
        (from, to, role),
        (Planned, InProgress, Role::Inspector | Role::Lead)
            | (InProgress, Submitted, Role::Lead)
            | (Submitted, InReview, Role::Supervisor)
            | (InReview, Returned | Approved, Role::Supervisor)
            | (Returned, Submitted, Role::Lead)
    )
}

fn comment(user: &User, before: Option<&Record>, after: &Record, status: VisitStatus, held: &Held) -> Option<String> {
    let Record::ReviewComment(comment) = after else { unreachable!("a comment") };
    if comment.author_id != user.id {
        return Some(format!("its comment names another author, {}", comment.author_id));
    }
    if let Some(Record::ReviewComment(old)) = before
        && old.author_id != user.id
    {
        return Some("it changes another author's comment".into());
    }
    let turn = match user.role {
        Role::Supervisor => matches!(status, VisitStatus::Submitted | VisitStatus::InReview),
        _ => comment.reply_to.is_some() && in_team_hands(status),
    };
    if !turn {
        return Some(format!("a {:?} comments out of turn on a visit that is {status}", user.role));
    }
    let subject = comment.target_entity.zip(comment.target_id);
    let answered = comment.reply_to.map(|id| (Entity::ReviewComment, id));
    subject.into_iter().chain(answered).find_map(|(entity, id)| outside(held, entity, id, comment.visit_id))
}

fn amendment(user: &User, before: Option<&Record>, after: &Record, status: VisitStatus, held: &Held) -> Option<String> {
    let Record::Amendment(amendment) = after else { unreachable!("an amendment") };
    if before.is_some() {
        return Some("it changes an amendment".into());
    }
    if amendment.author_id != user.id {
        return Some(format!("its amendment names another author, {}", amendment.author_id));
    }
    if status != VisitStatus::Approved {
        return Some(format!("it amends a visit that is {status}"));
    }
    let subject = amendment.target_entity.zip(amendment.target_id);
    subject.and_then(|(entity, id)| outside(held, entity, id, amendment.visit_id))
}

/// What a record of a visit points at inside it: findings and photos of the same visit,
/// an earlier recommendation of the same place.
fn inside_visit(record: &Record, visit: &Visit, held: &Held) -> Option<String> {
    match record {
        Record::Recommendation(r) if r.facility_id != visit.facility_id => {
            Some("a recommendation names a place other than its visit's".into())
        }
        Record::Recommendation(r) => {
            r.finding_ids.iter().find_map(|id| outside(held, Entity::Observation, *id, visit.id))
        }
        Record::Observation(o) => {
            o.attachment_ids.iter().find_map(|id| outside(held, Entity::Attachment, *id, visit.id))
        }
        Record::ChecklistAnswer(a) => match &a.value {
            AnswerValue::Photo(ids) => ids.iter().find_map(|id| outside(held, Entity::Attachment, *id, visit.id)),
            _ => None,
        },
        Record::RecommendationAssessment(a) => match held.get(Entity::Recommendation, a.recommendation_id) {
            Some(entry) if entry.record.visit_id() == Some(visit.id) => {
                Some("a visit assesses its own recommendation".into())
            }
            Some(Entry { record: Record::Recommendation(r), .. }) if r.facility_id != visit.facility_id => {
                Some("a visit assesses a recommendation of another place".into())
            }
            _ => None,
        },
        _ => None,
    }
}

/// Why `entity` `id` is not a record of visit `visit_id`, if it is not.
fn outside(held: &Held, entity: Entity, id: Uuid, visit_id: Uuid) -> Option<String> {
    match held.get(entity, id) {
        None => Some(format!("it names a {} the office does not hold", entity.as_str())),
        Some(entry) if held.visit_of(&entry.record).map(|v| v.id) != Some(visit_id) => {
            Some(format!("it names {} {id} of another visit", entity.as_str()))
        }
        Some(_) => None,
    }
}
