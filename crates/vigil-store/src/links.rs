//! Links inside one visit: a review comment or an amendment about a record must name a
//! record of its own visit, and an answer must answer a comment of that visit. Foreign
//! keys cannot say this (the target's table depends on `target_entity`), so the one check
//! here runs on the device before writing and at the office on every pushed op.

use rusqlite::Transaction;
use uuid::Uuid;
use vigil_core::{Entity, FieldDef, Record};

use crate::StoreError;
use crate::apply::load;
use crate::edit::record_of;

/// The first link of `record` that leaves its visit, as the error to give.
pub(crate) fn outside_visit(tx: &Transaction, record: &Record) -> Result<Option<StoreError>, StoreError> {
    let (visit_id, target, reply_to) = match record {
        Record::ReviewComment(c) => (c.visit_id, c.target_entity.zip(c.target_id), c.reply_to),
        Record::Amendment(a) => (a.visit_id, a.target_entity.zip(a.target_id), None),
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

/// The visit a held record belongs to (deleted or not: a comment may outlive its target).
fn visit_of(tx: &Transaction, entity: Entity, id: Uuid) -> Result<Option<Uuid>, StoreError> {
    // Every field, in the entity's order: the SQL of a field set is kept by set, in the
    // order of its first use, and the other readers of whole records use this one.
    let fields: Vec<FieldDef> = entity.all_fields().collect();
    let Some(stored) = load(tx, entity, id, &fields)? else { return Ok(None) };
    Ok(record_of(entity, id, &stored)?.visit_id())
}
