//! Two teams, their people and devices, a place and its checklist.

use chrono::NaiveDate;
use tempfile::TempDir;
use uuid::Uuid;
use vigil_core::records::*;
use vigil_core::{Role, VisitStatus};
use vigil_tests::{Device, Office};

pub struct World {
    pub office: Office,
    /// Holds the devices' store files.
    pub _dir: TempDir,
    pub team_a: Uuid,
    pub team_b: Uuid,
    pub facility_id: Uuid,
    pub template_id: Uuid,
    pub lead_a: Device,
    pub inspector_a: Device,
    pub inspector_b: Device,
}

impl World {
    pub async fn new() -> World {
        World::on(Office::start().await).await
    }

    /// The world around an office started with other limits.
    pub async fn on(office: Office) -> World {
        let dir = tempfile::tempdir().expect("devices dir");
        let team_a = office.team("Team A");
        let team_b = office.team("Team B");
        let reference = reference_records();
        office.storage.add_records(&reference.records).expect("reference data");
        let (facility_id, template_id) = (reference.facility_id, reference.template_id);
        let lead = office.user("Lena Lead", Role::Lead, &[team_a]);
        let inspector = office.user("Ivo Inspector", Role::Inspector, &[team_a]);
        let other = office.user("Olga Other", Role::Inspector, &[team_b]);
        let lead_a = office.device(lead, Role::Lead, dir.path(), "lead-a").await;
        let inspector_a = office.device(inspector, Role::Inspector, dir.path(), "inspector-a").await;
        let inspector_b = office.device(other, Role::Inspector, dir.path(), "inspector-b").await;
        World { office, _dir: dir, team_a, team_b, facility_id, template_id, lead_a, inspector_a, inspector_b }
    }

    pub fn visit(&self, team_id: Uuid) -> Visit {
        Reference { facility_id: self.facility_id, template_id: self.template_id, records: vec![] }.visit(team_id)
    }
}

/// A place and its checklist, as the office holds them.
pub struct Reference {
    pub facility_id: Uuid,
    pub template_id: Uuid,
    pub records: Vec<vigil_core::Record>,
}

pub fn reference_records() -> Reference {
    let facility_id = Uuid::now_v7();
    let template_id = Uuid::now_v7();
    Reference { facility_id, template_id, records: vec![facility(facility_id), template(template_id)] }
}

impl Reference {
    pub fn visit(&self, team_id: Uuid) -> Visit {
        Visit {
            id: Uuid::now_v7(),
            facility_id: self.facility_id,
            team_id,
            template_id: self.template_id,
            visit_type: VisitType::Regular,
            unannounced: true,
            status: VisitStatus::InProgress,
            planned_on: NaiveDate::from_ymd_opt(2026, 11, 20).expect("date"),
            arrived_at: Some("2026-11-20T06:30:00Z".parse().expect("time")),
            access_granted_at: None,
            departed_at: None,
            theme: None,
            no_names: false,
            summary: String::new(),
        }
    }
}

pub fn observation(visit_id: Uuid, text: &str) -> Observation {
    Observation {
        id: Uuid::now_v7(),
        visit_id,
        area: Area::Treatment,
        severity: Severity::High,
        text: text.into(),
        attachment_ids: vec![],
        confidential: false,
    }
}

pub fn facility(id: Uuid) -> vigil_core::Record {
    Facility {
        id,
        name: "Temporary Holding Centre, Port District".into(),
        kind: FacilityKind::TemporaryHolding,
        region: "Port District".into(),
        address: "3 Quay Lane".into(),
        latitude: None,
        longitude: None,
        authority: "Ministry of Internal Affairs".into(),
        capacity: Some(40),
        population: Some(52),
        contact: String::new(),
    }
    .into()
}

pub fn template(id: Uuid) -> vigil_core::Record {
    ChecklistTemplate {
        id,
        kind: FacilityKind::TemporaryHolding,
        version: 1,
        title: "Temporary holding".into(),
        sections: vec![ChecklistSection {
            area: Area::ProtectionMeasures,
            questions: vec![Question {
                key: "th.prot.register".into(),
                text: "Is every person held entered in the register on arrival?".into(),
                answer: AnswerType::YesNo,
                standard: Some("CPT/Inf(2002)15, §40".into()),
            }],
        }],
    }
    .into()
}
