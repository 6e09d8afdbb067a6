//! A small world to edit: one place, one team, one checklist, one visit in progress.

use chrono::NaiveDate;
use tempfile::TempDir;
use uuid::Uuid;
use vigil_core::records::*;
use vigil_core::{Record, Role, VisitStatus};
use vigil_store::{Actor, Store};

pub struct World {
    pub dir: TempDir,
    pub admin: Actor,
    pub inspector: Actor,
    pub lead: Actor,
    pub supervisor: Actor,
    pub facility_id: Uuid,
    pub team_id: Uuid,
    pub template_id: Uuid,
    pub visit_id: Uuid,
}

pub fn actor(role: Role) -> Actor {
    Actor { user_id: Uuid::now_v7(), role }
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

impl World {
    pub fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }

    /// A fresh store holding the world's reference data and visit.
    pub fn new() -> (World, Store) {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = Store::open(&dir.path().join("device.db")).expect("open store");
        let world = World {
            dir,
            admin: actor(Role::Admin),
            inspector: actor(Role::Inspector),
            lead: actor(Role::Lead),
            supervisor: actor(Role::Supervisor),
            facility_id: Uuid::now_v7(),
            team_id: Uuid::now_v7(),
            template_id: Uuid::now_v7(),
            visit_id: Uuid::now_v7(),
        };
        for record in world.reference_data() {
            store.create(&world.admin, &record).expect("create reference data");
        }
        store.create(&world.lead, &world.visit().into()).expect("create visit");
        (world, store)
    }

    fn reference_data(&self) -> Vec<Record> {
        vec![
            Team { id: self.team_id, name: "Team North".into(), region: "Northern District".into() }.into(),
            Facility {
                id: self.facility_id,
                name: "Central Police Station No. 3".into(),
                kind: FacilityKind::PoliceCustody,
                region: "Northern District".into(),
                address: "12 Harbour Street".into(),
                latitude: Some(40.4),
                longitude: Some(49.8),
                authority: "Ministry of Internal Affairs".into(),
                capacity: Some(20),
                population: Some(26),
                contact: "+000 12 345 67".into(),
                time_zone: Some("Asia/Baku".into()),
            }
            .into(),
            ChecklistTemplate {
                id: self.template_id,
                kind: FacilityKind::PoliceCustody,
                version: 1,
                title: "Police custody".into(),
                sections: vec![ChecklistSection {
                    area: Area::ProtectionMeasures,
                    questions: vec![Question {
                        key: "pc.prot.lawyer".into(),
                        text: "Is access to a lawyer granted from the outset of custody?".into(),
                        answer: AnswerType::YesNo,
                        standard: Some("CPT/Inf(2002)15, §41".into()),
                    }],
                }],
                language: "en".into(),
                translations: Default::default(),
            }
            .into(),
        ]
    }

    pub fn visit(&self) -> Visit {
        Visit {
            id: self.visit_id,
            facility_id: self.facility_id,
            team_id: self.team_id,
            template_id: self.template_id,
            visit_type: VisitType::Regular,
            unannounced: true,
            status: VisitStatus::InProgress,
            planned_on: date(2026, 3, 2),
            arrived_at: Some("2026-03-02T07:00:00Z".parse().expect("time")),
            access_granted_at: Some("2026-03-02T07:45:00Z".parse().expect("time")),
            departed_at: None,
            theme: None,
            no_names: false,
            summary: String::new(),
        }
    }

    pub fn observation(&self, text: &str) -> Observation {
        Observation {
            id: Uuid::now_v7(),
            visit_id: self.visit_id,
            area: Area::MaterialConditions,
            severity: Severity::Medium,
            text: text.into(),
            attachment_ids: vec![],
            confidential: false,
        }
    }

    pub fn recommendation(&self, text: &str, due_on: NaiveDate) -> Recommendation {
        Recommendation {
            id: Uuid::now_v7(),
            visit_id: self.visit_id,
            facility_id: self.facility_id,
            text: text.into(),
            authority: "Ministry of Internal Affairs".into(),
            area: Area::MaterialConditions,
            priority: Priority::High,
            due_on: Some(due_on),
            finding_ids: vec![],
            response: AuthorityResponse::Pending,
        }
    }
}

/// The records and conflicts of a replica file, read through a store opened on it.
pub fn dump(path: &std::path::Path) -> String {
    Store::open(path).expect("open for dump").snapshot_text().expect("snapshot")
}

/// Puts records into a replica as if pulled from the office: hand-built data in any state,
/// without going through the workflow one edit at a time.
pub fn seed(store: &mut Store, records: &[Record]) {
    let office = Uuid::now_v7();
    let ops: Vec<vigil_core::Op> = records
        .iter()
        .enumerate()
        .map(|(i, record)| {
            let hlc = vigil_core::Hlc { millis: 1_700_000_000_000 + i as u64, counter: 0 };
            vigil_core::Op::create(record, office, i as u64 + 1, hlc, Uuid::nil())
        })
        .collect();
    store.apply_remote(&ops, None).expect("seed records");
}
