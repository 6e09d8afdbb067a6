//! Links of what follows an approved visit's report: an authority's answer names its
//! recommendation's visit, a step of its action plan its answer's, and a letter or a
//! report's PDF is an attachment of that visit. The record naming an attachment comes
//! first (the app saves it, then the attachment), so that the gate knows the attachment is
//! a letter when it arrives; the link is checked from whichever side comes second.

use rusqlite::{OptionalExtension, Transaction};
use uuid::Uuid;
use vigil_core::records::ReportVersion;
use vigil_core::{Entity, FieldDef, Record};

use super::visit_of;
use crate::StoreError;
use crate::apply::load;
use crate::edit::record_of;

/// The first link of `record` that leaves its visit, for the records that follow a report
/// and for an attachment one of them names.
pub(crate) fn outside_visit(tx: &Transaction, record: &Record) -> Result<Option<StoreError>, StoreError> {
    let (parent, attachment) = match record {
        Record::AuthorityAnswer(a) => {
            (Some((Entity::Recommendation, a.recommendation_id, "recommendation_id")), a.letter_id)
        }
        Record::ActionStep(s) => (Some((Entity::AuthorityAnswer, s.answer_id, "answer_id")), None),
        Record::ReportVersion(v) => (None, v.attachment_id),
        Record::Attachment(a) => {
            let Some((entity, naming_visit)) = named_by(tx, a.id)? else { return Ok(None) };
            if naming_visit == a.visit_id {
                return Ok(None);
            }
            let problem = format!("is named by a {} of another visit", entity.as_str());
            return Ok(Some(StoreError::BadLink { entity: Entity::Attachment, field: "visit_id", problem }));
        }
        _ => return Ok(None),
    };
    let entity = record.entity();
    let visit_id = record.visit_id().unwrap_or_default();
    if let Some((target, id, field)) = parent
        && let Some(theirs) = visit_of(tx, target, id)?
        && theirs != visit_id
    {
        return Ok(Some(StoreError::NotOfVisit { entity, field, target, id, visit_id }));
    }
    if let Some(id) = attachment
        && let Some(theirs) = visit_of(tx, Entity::Attachment, id)?
        && theirs != visit_id
    {
        let field = if entity == Entity::AuthorityAnswer { "letter_id" } else { "attachment_id" };
        return Ok(Some(StoreError::NotOfVisit { entity, field, target: Entity::Attachment, id, visit_id }));
    }
    Ok(None)
}

/// The kind and visit of the record that names attachment `id` as a letter or a report's
/// PDF, if this replica holds one.
pub(crate) fn named_by(tx: &Transaction, id: Uuid) -> Result<Option<(Entity, Uuid)>, StoreError> {
    let naming: Option<(String, String)> = tx
        .prepare_cached(
            "SELECT 'authority_answer', visit_id FROM authority_answer WHERE letter_id = ?1 \
             UNION ALL SELECT 'report_version', visit_id FROM report_version WHERE attachment_id = ?1 LIMIT 1",
        )?
        .query_row([id.to_string()], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    let Some((entity, visit_id)) = naming else { return Ok(None) };
    let entity = entity.parse().map_err(StoreError::corrupt)?;
    Ok(Some((entity, visit_id.parse().map_err(StoreError::corrupt)?)))
}

/// The latest live stage of a visit's report (by day, then as recorded), if any.
pub(crate) fn latest_version(tx: &Transaction, visit_id: Uuid) -> Result<Option<ReportVersion>, StoreError> {
    let id: Option<String> = tx
        .prepare_cached(
            "SELECT id FROM report_version WHERE visit_id = ?1 AND deleted = 0 ORDER BY dated_on DESC, id DESC LIMIT 1",
        )?
        .query_row([visit_id.to_string()], |row| row.get(0))
        .optional()?;
    let Some(id) = id else { return Ok(None) };
    let id: Uuid = id.parse().map_err(StoreError::corrupt)?;
    let fields: Vec<FieldDef> = Entity::ReportVersion.all_fields().collect();
    let Some(stored) = load(tx, Entity::ReportVersion, id, &fields)? else { return Ok(None) };
    Ok(ReportVersion::try_from(record_of(Entity::ReportVersion, id, &stored)?).ok())
}
