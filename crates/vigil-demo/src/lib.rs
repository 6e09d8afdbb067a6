//! Realistic, fictional demo data for Vigil, deterministic from a seed.
//!
//! [`generate`] builds an NPM of a made-up country: monitoring teams and their people,
//! checklist templates for each kind of place, a registry of places of every kind, and
//! years of visits with everything recorded on them — answers, observations, evidence,
//! interviews under pseudonyms, register checks, recommendations and their follow-up on
//! later visits, and the supervisors' review; after the latest reports, their stages and an
//! authority's answer with its action plan. Every record passes `Record::validate`, and
//! every answer fits its template.
//!
//! The library is pure: no clock, no files, no global randomness. The same
//! [`DemoParams`] always give the same records, ids included (they are UUIDv7 built
//! from the record's time and the seeded stream, see `rng`).

mod people;
mod places;
mod rng;
mod schedule;
mod templates;
mod texts;
mod visit;

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use vigil_core::{Entity, Record};

use places::{REGIONS, Region};
use rng::Gen;
use schedule::at;
use visit::World;
use visit::followup::FollowUp;

/// The default `today`, checked when compiling.
const DEFAULT_TODAY: NaiveDate = match NaiveDate::from_ymd_opt(2026, 11, 25) {
    Some(date) => date,
    None => panic!("2026-11-25 is a date"),
};

/// The size and shape of the demo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoParams {
    pub seed: u64,
    /// Places in the registry; every kind of place appears once there are ten. At least
    /// one place is made.
    pub facilities: usize,
    pub visits: usize,
    pub observations_per_visit: usize,
    /// The day the demo is seen from: visits lie before it, planned ones after it, and
    /// recommendations due before it and not closed are overdue.
    pub today: NaiveDate,
}

impl Default for DemoParams {
    fn default() -> DemoParams {
        DemoParams { seed: 7, facilities: 24, visits: 60, observations_per_visit: 6, today: DEFAULT_TODAY }
    }
}

/// The generated records.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoData {
    /// In dependency order: teams, users, checklist templates, facilities, visits, then
    /// each visit's records (members, attachments, answers, observations, interviews,
    /// register checks, recommendations, assessments, review comments), visits by date.
    pub records: Vec<Record>,
}

impl DemoData {
    pub fn count(&self, entity: Entity) -> usize {
        self.records.iter().filter(|r| r.entity() == entity).count()
    }

    /// How many records of each entity there are (entities without records left out).
    pub fn counts(&self) -> BTreeMap<Entity, usize> {
        let mut counts = BTreeMap::new();
        for record in &self.records {
            *counts.entry(record.entity()).or_insert(0) += 1;
        }
        counts
    }
}

/// Builds the demo NPM: one team per region (three to eight, by number of places), its
/// people and templates as of four years before `today`, then places and visits.
pub fn generate(params: &DemoParams) -> DemoData {
    let mut g = Gen::new(params.seed);
    let founded = at(params.today - Days::new(4 * 365), 9 * 60);
    let regions: Vec<&Region> = REGIONS.iter().take((params.facilities / 6).clamp(3, REGIONS.len())).collect();
    let staff = people::staff(&mut g, &regions, founded);
    let templates: Vec<templates::Template> = templates::drafts()
        .into_iter()
        .map(|draft| {
            let id = g.id_at(founded);
            draft.build(id)
        })
        .collect();
    let facilities = places::facilities(&mut g, params.facilities.max(1), &regions, founded);
    let mut visits = schedule::schedule(&mut g, params, &facilities, &staff, &templates);

    let world = World {
        facilities: &facilities,
        staff: &staff,
        templates: &templates,
        today: params.today,
        observations: params.observations_per_visit,
    };
    let mut follow = FollowUp::new(facilities.len());
    let mut children = Vec::new();
    for scheduled in &mut visits {
        visit::record(&world, &mut g, scheduled, &mut follow, &mut children);
    }

    let mut records = Vec::with_capacity(children.len() + visits.len() + facilities.len() + 64);
    records.extend(staff.teams.iter().cloned().map(Record::from));
    records.extend(staff.users.iter().cloned().map(Record::from));
    records.extend(templates.into_iter().map(|t| Record::from(t.record)));
    records.extend(facilities.into_iter().map(Record::from));
    records.extend(visits.into_iter().map(|s| Record::from(s.visit)));
    records.extend(children);
    let (after_report, responses) = visit::after_report::after_report(&records, params.today);
    for record in &mut records {
        if let Record::Recommendation(r) = record
            && let Some((_, position)) = responses.iter().find(|(id, _)| *id == r.id)
        {
            r.response = *position;
        }
    }
    records.extend(after_report);
    DemoData { records }
}

#[cfg(test)]
mod tests;
