//! Reference data in the console: places and checklist templates listed, and imported from
//! the files the command line takes (`crate::import`), audited.

use uuid::Uuid;
use vigil_core::records::{ChecklistTemplate, Facility};
use vigil_core::{Entity, Record};
use vigil_store::admission::Seen;

use super::push::{office_records, office_update};
use super::{SqliteStorage, office_audit};
use crate::ServerError;
use crate::console::ConsoleError;
use crate::console::types::{ImportRequest, ImportWhat, PlaceInput, PlaceView, TemplateView};

impl SqliteStorage {
    /// Every place, by name.
    pub fn place_views(&self) -> Result<Vec<PlaceView>, ServerError> {
        let places: Vec<Facility> = self.reader().all(Entity::Facility)?;
        let mut views: Vec<PlaceView> = places
            .into_iter()
            .map(|p| PlaceView {
                id: p.id,
                name: p.name,
                kind: p.kind,
                region: p.region,
                address: p.address,
                authority: p.authority,
                capacity: p.capacity,
                population: p.population,
                contact: p.contact,
                time_zone: p.time_zone,
            })
            .collect();
        views.sort_by_key(|v| v.name.to_lowercase());
        Ok(views)
    }

    /// Every checklist template version, by kind of place and version.
    pub fn template_views(&self) -> Result<Vec<TemplateView>, ServerError> {
        let templates: Vec<ChecklistTemplate> = self.reader().all(Entity::ChecklistTemplate)?;
        let mut views: Vec<TemplateView> = templates
            .into_iter()
            .map(|t| TemplateView {
                id: t.id,
                kind: t.kind,
                version: t.version,
                questions: t.sections.iter().map(|s| s.questions.len() as u32).sum(),
                title: t.title,
            })
            .collect();
        views.sort_by(|a, b| (a.kind.as_str(), a.version).cmp(&(b.kind.as_str(), b.version)));
        Ok(views)
    }

    /// Imports a file of places or templates, as `actor`: every record of it, or none
    /// (the first wrong one is named). Answers how many records came in.
    pub fn import_reference(&self, actor: Uuid, request: &ImportRequest) -> Result<usize, ConsoleError> {
        let bad = |message: String| ConsoleError::Invalid { field: "file", message };
        let name = request.file_name.trim();
        let records = match request.what {
            ImportWhat::Templates => crate::import::templates_from_json(&request.text, name),
            ImportWhat::Places if name.to_lowercase().ends_with(".csv") => {
                crate::import::facilities_from_csv(&request.text, name)
            }
            ImportWhat::Places if name.to_lowercase().ends_with(".json") => {
                crate::import::facilities_from_json(&request.text, name)
            }
            ImportWhat::Places => return Err(bad(format!("{name} must end in .csv or .json"))),
        }
        .map_err(|err| bad(err.to_string()))?;
        if records.is_empty() {
            return Err(bad(format!("{name} holds nothing to import")));
        }
        self.store().write(|w| {
            office_records(w, &mut Seen::default(), &records).map_err(|err| match err {
                ServerError::BadRequest(message) => bad(message),
                other => other.into(),
            })?;
            let what = match request.what {
                ImportWhat::Places => "places_imported",
                ImportWhat::Templates => "templates_imported",
            };
            office_audit::record(
                w.sql(),
                actor,
                what,
                None,
                serde_json::json!({ "file": name, "records": records.len() }),
            )?;
            Ok(records.len())
        })
    }
}

impl SqliteStorage {
    /// Changes a place, as `actor`: checked by the place's own rules (a name, counts not
    /// negative…), refused by field; every device pulls the change. Audited with the fields
    /// changed.
    pub fn edit_place(&self, actor: Uuid, id: Uuid, input: &PlaceInput) -> Result<(), ConsoleError> {
        let before = match self.reader().record(Entity::Facility, id)? {
            Some(Record::Facility(place)) => place,
            _ => return Err(ServerError::NotFound(format!("no place {id}")).into()),
        };
        let trimmed = |text: &str| text.trim().to_owned();
        let after = Facility {
            name: trimmed(&input.name),
            kind: input.kind,
            region: trimmed(&input.region),
            address: trimmed(&input.address),
            authority: trimmed(&input.authority),
            capacity: input.capacity,
            population: input.population,
            contact: trimmed(&input.contact),
            time_zone: input.time_zone.as_deref().map(str::trim).filter(|zone| !zone.is_empty()).map(str::to_owned),
            ..before.clone()
        };
        Record::Facility(after.clone())
            .validate()
            .map_err(|err| ConsoleError::Invalid { field: err.field, message: err.to_string() })?;
        let as_object = |place: &Facility| match serde_json::to_value(place) {
            Ok(serde_json::Value::Object(fields)) => Ok(fields),
            _ => Err(ServerError::Internal("a place is not an object".into())),
        };
        let (old, new) = (as_object(&before)?, as_object(&after)?);
        let changes: serde_json::Map<String, serde_json::Value> =
            new.into_iter().filter(|(name, value)| name != "id" && old.get(name) != Some(value)).collect();
        let changed: Vec<String> = changes.keys().cloned().collect();
        self.store().write(|w| {
            if office_update(w, Entity::Facility, id, changes)? {
                let details = serde_json::json!({ "name": after.name, "changed": changed });
                office_audit::record(w.sql(), actor, "place_changed", Some((Entity::Facility, id)), details)?;
            }
            Ok(())
        })
    }
}

impl SqliteStorage {
    /// Visits submitted or in review, oldest submission first: every team's for an
    /// administrator, a supervisor's own teams' for a supervisor. Counts only: nothing of
    /// an interview is read.
    pub fn review_queue_for(
        &self,
        role: vigil_core::Role,
        teams: &[Uuid],
    ) -> Result<Vec<vigil_store::QueuedVisit>, ServerError> {
        let queue = self.reader().review_queue()?;
        Ok(queue
            .into_iter()
            .filter(|visit| role == vigil_core::Role::Admin || teams.contains(&visit.team_id))
            .collect())
    }
}
