//! The records an inspector adds to a visit beside the checklist: observations
//! (findings), interviews, register checks, recommendations, and the assessments of
//! earlier recommendations, and the debrief with the head of the place. One save for all of them: a record with the nil id is new
//! (it gets an id, and the fields the app decides, such as an interview's code);
//! otherwise only the fields that changed are written, so two inspectors editing
//! different fields of one record do not overwrite each other.

use chrono::NaiveDate;
use serde_json::Map;
use uuid::Uuid;
use vigil_core::ids::new_id;
use vigil_core::records::{AuthorityResponse, Visit};
use vigil_core::{Entity, Record};
use vigil_store::{Actor, Store};

use crate::error::AppError;
use crate::inspection::{actor_of, not_found, typed};
use crate::pseudonym::unused_pseudonym;
use crate::state::AppState;

fn invalid(message: &str) -> AppError {
    AppError::InvalidInput(message.to_owned())
}

/// The day a visit's assessments are dated: the day the team arrived, else the planned day.
pub fn visit_date(visit: &Visit) -> NaiveDate {
    visit.arrived_at.map(|t| t.date_naive()).unwrap_or(visit.planned_on)
}

/// What the app decides of a record before it is written: ids, the codes, the fields
/// the form does not own. `stored` is the record as held (`None`: a new one).
pub fn prepare(store: &Store, visit: &Visit, record: Record, stored: Option<&Record>) -> Result<Record, AppError> {
    let new = stored.is_none();
    Ok(match (record, stored) {
        (Record::Observation(mut o), stored) => {
            // Attachments are added one by one (`add_attachment`), never through the form.
            o.attachment_ids = match stored {
                Some(Record::Observation(old)) => old.attachment_ids.clone(),
                _ => Vec::new(),
            };
            Record::Observation(o)
        }
        (Record::Interview(mut i), _) => {
            if new || i.pseudonym.trim().is_empty() {
                let interviews: Vec<vigil_core::records::Interview> = store.visit_bundle(visit.id)?.interviews;
                i.pseudonym = unused_pseudonym(&mut rand::rng(), interviews.iter().map(|x| x.pseudonym.as_str()));
            }
            i.interpreter = i.interpreter.map(|l| l.trim().to_owned()).filter(|l| !l.is_empty());
            Record::Interview(i)
        }
        (Record::RegisterCheck(r), _) => Record::RegisterCheck(r),
        (Record::Recommendation(mut r), stored) => {
            r.facility_id = visit.facility_id;
            r.response = match stored {
                Some(Record::Recommendation(old)) => old.response,
                _ => AuthorityResponse::Pending,
            };
            // That it rests on findings of this visit is the store's rule (its admission gate).
            Record::Recommendation(r)
        }
        (Record::RecommendationAssessment(mut a), _) => {
            // That it follows up an earlier recommendation of this place is the store's rule.
            a.assessed_on = visit_date(visit);
            Record::RecommendationAssessment(a)
        }
        (Record::Debrief(d), _) => Record::Debrief(d),
        _ => return Err(invalid("This kind of record is not added on the visit screen")),
    })
}

/// Creates the record, or writes the fields that changed; answers the record as saved.
pub fn save(store: &mut Store, actor: &Actor, record: Record) -> Result<Record, AppError> {
    let visit_id = record.visit_id().ok_or_else(|| invalid("This kind of record is not added on the visit screen"))?;
    if record.entity() == Entity::Visit {
        return Err(invalid("This kind of record is not added on the visit screen"));
    }
    let visit: Visit =
        typed(store.record(Entity::Visit, visit_id)?).ok_or_else(|| not_found(Entity::Visit, visit_id))?;
    // A record stays on the visit it was made on: the store's gate refuses a moved link.
    let stored = if record.id().is_nil() { None } else { store.record(record.entity(), record.id())? };
    let mut record = prepare(store, &visit, record, stored.as_ref())?;
    match stored {
        None => {
            if record.id().is_nil() {
                let mut fields = record.to_fields();
                fields.remove("id");
                record = Record::from_fields(record.entity(), new_id(), fields)
                    .map_err(|e| AppError::InvalidInput(e.to_string()))?;
            }
            store.create(actor, &record)?;
        }
        Some(old) => {
            let before = old.to_fields();
            let changes: Map<String, serde_json::Value> =
                record.to_fields().into_iter().filter(|(name, value)| before.get(name) != Some(value)).collect();
            if !changes.is_empty() {
                store.update(actor, record.entity(), record.id(), changes)?;
            }
        }
    }
    store.record(record.entity(), record.id())?.ok_or_else(|| not_found(record.entity(), record.id()))
}

impl AppState {
    /// Saves an observation, interview, register check, recommendation or assessment.
    pub fn save_record(&self, record: Record) -> Result<Record, AppError> {
        self.with_app_store(|store| {
            let actor = actor_of(store)?;
            save(store, &actor, record)
        })
    }

    /// Deletes one of those records (a tombstone that syncs like any edit).
    pub fn delete_record(&self, entity: Entity, id: Uuid) -> Result<(), AppError> {
        self.with_app_store(|store| {
            let actor = actor_of(store)?;
            let record = store.record(entity, id)?.ok_or_else(|| not_found(entity, id))?;
            if record.visit_id().is_none() || entity == Entity::Visit {
                return Err(invalid("This kind of record is not removed on the visit screen"));
            }
            store.delete(&actor, entity, id)?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests;
