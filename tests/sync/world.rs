//! Two teams, their people and devices, a place and its checklist.

use tempfile::TempDir;
use uuid::Uuid;
use vigil_core::Role;
use vigil_core::records::*;
use vigil_tests::{Device, Office};

pub use vigil_tests::records::{Reference, observation, reference_records};

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
