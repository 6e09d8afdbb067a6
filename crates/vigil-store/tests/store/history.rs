//! Two years of an office's work, built by hand so the figures can be counted on paper:
//!
//! | visit | place            | type       | unannounced | day        | status      |
//! |-------|------------------|------------|-------------|------------|-------------|
//! | v1    | police (MoIA)    | regular    | yes         | 2025-02-10 | approved    |
//! | v2    | prison (MoJ)     | follow-up  | no          | 2025-05-20 | approved    |
//! | v3    | psychiatric (MoH)| ad hoc     | yes         | 2025-05-03 | approved    |
//! | v6    | prison (MoJ)     | follow-up  | yes         | 2025-11-05 | approved    |
//! | v4    | police (MoIA)    | follow-up  | yes         | 2026-01-15 | approved    |
//! | v5    | prison (MoJ)     | thematic   | yes         | 2026-02-01 | in progress |
//! | p     | psychiatric (MoH)| regular    | yes         | 2026-09-01 | planned     |
//!
//! | rec | made by | authority | area        | priority | due        | assessments                         |
//! |-----|---------|-----------|-------------|----------|------------|-------------------------------------|
//! | r1  | v1      | MoIA      | material    | high     | 2025-06-30 | v4 2026-01-15 partially             |
//! | r2  | v1      | MoIA      | treatment   | urgent   | 2025-03-31 | v4 2026-01-15 implemented           |
//! | r3  | v2      | MoJ       | health care | medium   | 2025-12-31 | v6 2025-11-05 not, v5 2026-02-01 implemented |
//! | r4  | v2      | MoJ       | material    | low      | none       | none                                |
//! | r5  | v3      | MoH       | treatment   | high     | 2025-08-01 | none                                |

use chrono::{NaiveDate, TimeZone, Utc};
use uuid::Uuid;
use vigil_core::records::*;
use vigil_core::{Record, VisitStatus};
use vigil_store::Store;

use crate::fixture::{World, date, seed};

pub const MOIA: &str = "Ministry of Internal Affairs";
pub const MOJ: &str = "Ministry of Justice";
pub const MOH: &str = "Ministry of Health";

pub struct History {
    /// Keeps the store's directory alive.
    pub _world: World,
    pub prison: Uuid,
    pub hospital: Uuid,
    /// r1…r5 of the table.
    pub r: [Uuid; 5],
}

fn place(name: &str, kind: FacilityKind, authority: &str) -> Facility {
    Facility {
        id: Uuid::now_v7(),
        name: name.into(),
        kind,
        region: "Southern District".into(),
        address: String::new(),
        latitude: None,
        longitude: None,
        authority: authority.into(),
        capacity: None,
        population: None,
        contact: String::new(),
        time_zone: None,
    }
}

impl History {
    pub fn new() -> (History, Store) {
        let (world, mut store) = World::new();
        let prison = place("Women's Prison No. 4", FacilityKind::Prison, MOJ);
        let hospital = place("Riverside Psychiatric Hospital", FacilityKind::PsychiatricHospital, MOH);
        let police = world.facility_id;
        let visit = |facility_id: Uuid, visit_type: VisitType, unannounced: bool, day: NaiveDate, status| Visit {
            id: Uuid::now_v7(),
            facility_id,
            visit_type,
            unannounced,
            status,
            planned_on: day,
            arrived_at: Some(Utc.from_utc_datetime(&day.and_hms_opt(7, 0, 0).expect("time"))),
            access_granted_at: None,
            theme: (visit_type == VisitType::Thematic).then(|| "Health care for women".to_owned()),
            ..world.visit()
        };
        let approved = VisitStatus::Approved;
        let v1 = visit(police, VisitType::Regular, true, date(2025, 2, 10), approved);
        let v2 = visit(prison.id, VisitType::FollowUp, false, date(2025, 5, 20), approved);
        let v3 = visit(hospital.id, VisitType::AdHoc, true, date(2025, 5, 3), approved);
        let v6 = visit(prison.id, VisitType::FollowUp, true, date(2025, 11, 5), approved);
        let v4 = visit(police, VisitType::FollowUp, true, date(2026, 1, 15), approved);
        let v5 = visit(prison.id, VisitType::Thematic, true, date(2026, 2, 1), VisitStatus::InProgress);
        let planned = Visit {
            arrived_at: None,
            ..visit(hospital.id, VisitType::Regular, true, date(2026, 9, 1), VisitStatus::Planned)
        };
        let recommend = |v: &Visit, authority: &str, area, priority, due_on| Recommendation {
            id: Uuid::now_v7(),
            visit_id: v.id,
            facility_id: v.facility_id,
            text: format!("Recommendation to the {authority}"),
            authority: authority.into(),
            area,
            priority,
            due_on,
            finding_ids: vec![],
            response: AuthorityResponse::Accepted,
        };
        let r1 = recommend(&v1, MOIA, Area::MaterialConditions, Priority::High, Some(date(2025, 6, 30)));
        let r2 = recommend(&v1, MOIA, Area::Treatment, Priority::Urgent, Some(date(2025, 3, 31)));
        let r3 = recommend(&v2, MOJ, Area::HealthCare, Priority::Medium, Some(date(2025, 12, 31)));
        let r4 = recommend(&v2, MOJ, Area::MaterialConditions, Priority::Low, None);
        let r5 = recommend(&v3, MOH, Area::Treatment, Priority::High, Some(date(2025, 8, 1)));
        let assess = |r: &Recommendation, v: &Visit, status| RecommendationAssessment {
            id: Uuid::now_v7(),
            recommendation_id: r.id,
            visit_id: v.id,
            status,
            evidence: "Seen on site".into(),
            assessed_on: v.planned_on,
        };
        let records: Vec<Record> = vec![
            prison.clone().into(),
            hospital.clone().into(),
            v1.clone().into(),
            v2.clone().into(),
            v3.clone().into(),
            v6.clone().into(),
            v4.clone().into(),
            v5.clone().into(),
            planned.into(),
            r1.clone().into(),
            r2.clone().into(),
            r3.clone().into(),
            r4.clone().into(),
            r5.clone().into(),
            assess(&r1, &v4, ImplementationStatus::PartiallyImplemented).into(),
            assess(&r2, &v4, ImplementationStatus::Implemented).into(),
            assess(&r3, &v6, ImplementationStatus::NotImplemented).into(),
            assess(&r3, &v5, ImplementationStatus::Implemented).into(),
        ];
        seed(&mut store, &records);
        // The fixture's own visit (in progress, 2026-03-02) has recorded nothing.
        let history =
            History { _world: world, prison: prison.id, hospital: hospital.id, r: [r1.id, r2.id, r3.id, r4.id, r5.id] };
        (history, store)
    }
}
