//! Records the cross-crate tests share: a place and its checklist, a visit, a finding.

use chrono::NaiveDate;
use uuid::Uuid;
use vigil_core::VisitStatus;
use vigil_core::records::*;

/// A place and its checklist, as the office holds them.
#[derive(Debug)]
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
        time_zone: None,
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
        language: "en".into(),
        translations: Default::default(),
    }
    .into()
}
