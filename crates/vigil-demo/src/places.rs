//! The facility registry of a fictional country: regions, places of every kind, the
//! authority responsible for each kind, capacity and population (some overcrowded).

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use vigil_core::records::{Facility, FacilityKind};

use crate::rng::Gen;

/// A region of the fictional country, with its towns and the centre of its map area.
#[derive(Debug)]
pub(crate) struct Region {
    pub name: &'static str,
    pub towns: &'static [&'static str],
    pub centre: (f64, f64),
}

/// Regions in the order teams are created: the first regions get a team each.
pub(crate) const REGIONS: &[Region] = &[
    Region { name: "Capital City", towns: &["Capital City", "Eastbank", "Millbrook"], centre: (46.05, 24.10) },
    Region { name: "Northern District", towns: &["Norhaven", "Kestrel Falls", "Aldmoor"], centre: (47.60, 23.70) },
    Region { name: "Riverside", towns: &["Rivermouth", "Ferrow", "Willowby"], centre: (45.40, 25.60) },
    Region { name: "Eastern Highlands", towns: &["Cragmere", "Highcross", "Dunvale"], centre: (46.70, 26.40) },
    Region { name: "Southern Plains", towns: &["Sunfield", "Marrowby", "Saltmarsh"], centre: (44.40, 24.30) },
    Region { name: "Lakeland", towns: &["Lakeshore", "Glenmere", "Brightwater"], centre: (46.90, 22.30) },
    Region { name: "Western Hills", towns: &["Oakridge", "Westbury Heights", "Thornwick"], centre: (45.70, 21.60) },
    Region { name: "Coastal Province", towns: &["Port Aster", "Gullhaven", "Seabright"], centre: (44.90, 27.60) },
];

/// The groups of places whose findings, registers and interviews look alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Setting {
    Police,
    Prison,
    Migrant,
    Care,
    Youth,
}

pub(crate) fn setting(kind: FacilityKind) -> Setting {
    match kind {
        FacilityKind::PoliceCustody | FacilityKind::TemporaryHolding | FacilityKind::Other => Setting::Police,
        FacilityKind::Prison | FacilityKind::PreTrialDetention | FacilityKind::MilitaryDetention => Setting::Prison,
        FacilityKind::MigrantDetention => Setting::Migrant,
        FacilityKind::PsychiatricHospital | FacilityKind::SocialCareHome => Setting::Care,
        FacilityKind::JuvenileInstitution => Setting::Youth,
    }
}

pub(crate) fn authority(kind: FacilityKind) -> &'static str {
    match kind {
        FacilityKind::Prison | FacilityKind::PreTrialDetention => "Ministry of Justice — Penitentiary Service",
        FacilityKind::PoliceCustody | FacilityKind::TemporaryHolding | FacilityKind::Other => {
            "Ministry of Internal Affairs — Police"
        }
        FacilityKind::PsychiatricHospital => "Ministry of Health",
        FacilityKind::SocialCareHome => "Ministry of Labour and Social Protection",
        FacilityKind::MigrantDetention => "State Migration Service",
        FacilityKind::JuvenileInstitution => "Ministry of Education",
        FacilityKind::MilitaryDetention => "Ministry of Defence",
    }
}

/// Name patterns per kind; `{town}` and `{no}` are filled in.
fn name_patterns(kind: FacilityKind) -> &'static [&'static str] {
    match kind {
        FacilityKind::Prison => &["Penitentiary Institution No. {no}", "{town} Prison", "{town} Women's Prison"],
        FacilityKind::PreTrialDetention => &["{town} Pre-Trial Detention Centre", "Remand Centre No. {no}"],
        FacilityKind::PoliceCustody => &["{town} Central Police Station", "Police Inspectorate of {town}"],
        FacilityKind::TemporaryHolding => &["Temporary Holding Facility of {town}"],
        FacilityKind::PsychiatricHospital => &["{town} Psychiatric Hospital", "Clinical Psychiatric Hospital No. {no}"],
        FacilityKind::SocialCareHome => {
            &["{town} Residential Home for Older Persons", "{town} Care Home for Adults with Disabilities"]
        }
        FacilityKind::MigrantDetention => &["{town} Accommodation Centre for Foreigners", "{town} Border Transit Zone"],
        FacilityKind::JuvenileInstitution => {
            &["{town} Juvenile Educational Centre", "Special Boarding School No. {no}"]
        }
        FacilityKind::MilitaryDetention => &["{town} Garrison Guardhouse", "Military Police Detention Unit {town}"],
        FacilityKind::Other => &["{town} Courthouse Holding Cells", "{town} Sobering-Up Centre"],
    }
}

/// Official capacity range per kind.
fn capacity_range(kind: FacilityKind) -> (i64, i64) {
    match kind {
        FacilityKind::Prison => (300, 1500),
        FacilityKind::PreTrialDetention => (150, 800),
        FacilityKind::PoliceCustody => (6, 30),
        FacilityKind::TemporaryHolding => (10, 40),
        FacilityKind::PsychiatricHospital => (120, 600),
        FacilityKind::SocialCareHome => (50, 350),
        FacilityKind::MigrantDetention => (40, 250),
        FacilityKind::JuvenileInstitution => (30, 150),
        FacilityKind::MilitaryDetention | FacilityKind::Other => (10, 40),
    }
}

fn mail_domain(kind: FacilityKind) -> &'static str {
    match kind {
        FacilityKind::Prison | FacilityKind::PreTrialDetention => "justice.example",
        FacilityKind::PoliceCustody | FacilityKind::TemporaryHolding | FacilityKind::Other => "police.example",
        FacilityKind::PsychiatricHospital => "health.example",
        FacilityKind::SocialCareHome => "social.example",
        FacilityKind::MigrantDetention => "migration.example",
        FacilityKind::JuvenileInstitution => "education.example",
        FacilityKind::MilitaryDetention => "defence.example",
    }
}

/// The demo NPM's places are all in Azerbaijan.
const PLACES_TIME_ZONE: &str = "Asia/Baku";

const STREETS: &[&str] = &[
    "Linden Street",
    "Mill Road",
    "Station Avenue",
    "Freedom Boulevard",
    "Orchard Lane",
    "Quarry Road",
    "Harbour Street",
    "Chestnut Alley",
    "Old Barracks Road",
    "Industrial Zone 4",
];

/// Kinds beyond the first round, weighted as places are found in a real registry.
const KIND_WEIGHTS: &[(FacilityKind, u32)] = &[
    (FacilityKind::PoliceCustody, 30),
    (FacilityKind::Prison, 14),
    (FacilityKind::PreTrialDetention, 6),
    (FacilityKind::TemporaryHolding, 8),
    (FacilityKind::PsychiatricHospital, 8),
    (FacilityKind::SocialCareHome, 14),
    (FacilityKind::MigrantDetention, 4),
    (FacilityKind::JuvenileInstitution, 5),
    (FacilityKind::MilitaryDetention, 2),
    (FacilityKind::Other, 3),
];

/// A coordinate within `spread` degrees of `centre`, to four decimals (about 10 m).
fn jitter(g: &mut Gen, centre: f64, spread: f64) -> f64 {
    let offset = g.real(-spread * 10_000.0, spread * 10_000.0);
    ((centre * 10_000.0).round() + offset.round()) / 10_000.0
}

/// `count` places: every kind once (round-robin), then kinds at random, in `regions`.
pub(crate) fn facilities(g: &mut Gen, count: usize, regions: &[&Region], at: DateTime<Utc>) -> Vec<Facility> {
    let mut names = BTreeSet::new();
    (0..count)
        .map(|i| {
            let kind = match FacilityKind::ALL.get(i) {
                Some(&kind) => kind,
                None => g.weighted(KIND_WEIGHTS),
            };
            let region = *g.pick(regions);
            let town = *g.pick(region.towns);
            let pattern = g.pick(name_patterns(kind));
            let base = pattern.replace("{town}", town).replace("{no}", &g.int(1, 19).to_string());
            // Two places of one kind in one town would be confusing in a demo list.
            let mut name = base.clone();
            let mut n = 2;
            while !names.insert(name.clone()) {
                name = format!("{base} ({n})");
                n += 1;
            }
            let (lo, hi) = capacity_range(kind);
            let capacity = g.int(lo, hi);
            // A quarter of places hold more people than they were built for.
            let load = if g.chance(0.25) { g.real(1.05, 1.6) } else { g.real(0.45, 1.0) };
            let population = (capacity as f64 * load).round() as i64;
            let address = format!("{} {}, {town}", g.int(1, 180), g.pick(STREETS));
            let contact = format!(
                "Director's office +999 {} {:03} {:03}; office.{}@{}",
                g.int(20, 79),
                g.int(100, 999),
                g.int(0, 999),
                town.to_lowercase().replace(' ', "-"),
                mail_domain(kind),
            );
            Facility {
                id: g.id_at(at),
                name,
                kind,
                region: region.name.to_owned(),
                address,
                latitude: Some(jitter(g, region.centre.0, 0.4)),
                longitude: Some(jitter(g, region.centre.1, 0.5)),
                authority: authority(kind).to_owned(),
                capacity: Some(capacity),
                population: Some(population),
                contact,
                time_zone: Some(PLACES_TIME_ZONE.into()),
            }
        })
        .collect()
}
