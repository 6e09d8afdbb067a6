//! Three devices (two of team A, one of team B) edit offline and sync in random orders
//! through a link that drops in the middle of pushes and pulls. At the end nothing is lost
//! or duplicated, team A's replicas agree with each other and with the office, every
//! concurrent edit of one field is a conflict everywhere, and team B saw none of it.

use std::collections::BTreeSet;

use proptest::prelude::*;
use serde_json::{Map, json};
use uuid::Uuid;
use vigil_core::records::{Area, Severity};
use vigil_core::{Entity, Role};
use vigil_tests::proxy::{Cut, FaultyProxy};
use vigil_tests::{Device, Office};

use crate::world::observation;

#[derive(Debug, Clone)]
enum Step {
    /// A team-A device edits the shared visit's summary or a finding's severity.
    Edit { device: usize, field: usize, value: u8 },
    /// A device records a new finding (team B on its own visit).
    Observe { device: usize, value: u8 },
    /// A device syncs, maybe over a link that drops after `bytes` of the request or answer.
    Sync { device: usize, cut: Option<(bool, usize)> },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0..2usize, 0..2usize, any::<u8>()).prop_map(|(device, field, value)| Step::Edit { device, field, value }),
        2 => (0..3usize, any::<u8>()).prop_map(|(device, value)| Step::Observe { device, value }),
        4 => (0..3usize, prop::option::weighted(0.7, (any::<bool>(), 0..2500usize)))
            .prop_map(|(device, cut)| Step::Sync { device, cut }),
    ]
}

struct Scene {
    office: Office,
    proxy: FaultyProxy,
    devices: Vec<Device>,
    visit_a: Uuid,
    visit_b: Uuid,
    finding_a: Uuid,
    _dir: tempfile::TempDir,
}

async fn scene() -> Scene {
    let office = Office::start().await;
    let proxy = FaultyProxy::start(office.address).await;
    let dir = tempfile::tempdir().expect("dir");
    let team_a = office.team("Team A");
    let team_b = office.team("Team B");
    let world_records = crate::world::reference_records();
    office.storage.add_records(&world_records.records).expect("reference data");
    let people = [
        (office.user("Lena Lead", Role::Lead, &[team_a]), Role::Lead),
        (office.user("Ivo Inspector", Role::Inspector, &[team_a]), Role::Inspector),
        (office.user("Olga Other", Role::Inspector, &[team_b]), Role::Inspector),
    ];
    let mut devices = Vec::new();
    for (n, (user, role)) in people.into_iter().enumerate() {
        devices.push(office.device_via(&proxy.url, user, role, dir.path(), &format!("device-{n}")).await);
    }
    for device in &devices {
        device.sync().await.expect("reference data");
    }
    let visit_a = world_records.visit(team_a);
    let visit_b = world_records.visit(team_b);
    let finding = observation(visit_a.id, "Shared finding");
    let lead = devices[0].actor;
    devices[0].store().create(&lead, &visit_a.clone().into()).expect("plan A");
    devices[0].store().create(&lead, &finding.clone().into()).expect("observe A");
    devices[2].store().create(&devices[2].actor, &visit_b.clone().into()).expect("plan B");
    for device in [&devices[0], &devices[1], &devices[2]] {
        device.sync().await.expect("share the visits");
    }
    Scene { office, proxy, devices, visit_a: visit_a.id, visit_b: visit_b.id, finding_a: finding.id, _dir: dir }
}

async fn play(steps: Vec<Step>) -> Result<(), TestCaseError> {
    let scene = scene().await;
    for step in steps {
        match step {
            Step::Edit { device, field, value } => {
                let (entity, id, name, new) = match field {
                    0 => (Entity::Visit, scene.visit_a, "summary", json!(format!("summary {value}"))),
                    _ => (
                        Entity::Observation,
                        scene.finding_a,
                        "severity",
                        json!([Severity::Low, Severity::High, Severity::Urgent][usize::from(value) % 3]),
                    ),
                };
                let device = &scene.devices[device];
                device
                    .store()
                    .update(&device.actor, entity, id, Map::from_iter([(name.to_owned(), new)]))
                    .expect("edit");
            }
            Step::Observe { device, value } => {
                let visit = if device == 2 { scene.visit_b } else { scene.visit_a };
                let mut finding = observation(visit, &format!("finding {value}"));
                finding.area = Area::ALL[usize::from(value) % Area::ALL.len()];
                let device = &scene.devices[device];
                device.store().create(&device.actor, &finding.into()).expect("observe");
            }
            Step::Sync { device, cut } => {
                if let Some((answer, bytes)) = cut {
                    scene.proxy.cut_next(if answer { Cut::Answer(bytes) } else { Cut::Request(bytes) });
                }
                // A cut link fails this sync; the next one carries on.
                let _ = scene.devices[device].sync().await;
            }
        }
    }

    // Back on a good link: everyone syncs until nothing moves.
    scene.proxy.heal();
    for _ in 0..2 {
        for device in &scene.devices {
            device.sync().await.expect("sync on a good link");
        }
    }

    let [a1, a2, b] = [&scene.devices[0], &scene.devices[1], &scene.devices[2]];
    prop_assert_eq!(a1.store().outbox_len().expect("outbox"), 0);
    prop_assert_eq!(b.store().outbox_len().expect("outbox"), 0);
    prop_assert_eq!(a1.store().snapshot_text().expect("a1"), a2.store().snapshot_text().expect("a2"));

    // Nothing lost or duplicated: every op made anywhere is at the office once, and team A's
    // devices hold the same ops.
    let ids = |device: &Device| -> BTreeSet<Uuid> { device.store().op_ids().expect("log").into_iter().collect() };
    prop_assert_eq!(ids(a1), ids(a2));
    let office_ops = scene.office.storage.op_ids().expect("office log");
    let made: Vec<Uuid> = scene
        .devices
        .iter()
        .flat_map(|d| {
            let me = d.store().device_id();
            d.store().op_log().expect("log").into_iter().filter(move |op| op.device_id == me).map(|op| op.op_id)
        })
        .collect();
    for op_id in &made {
        prop_assert!(office_ops.contains(op_id), "op {op_id} never reached the office");
    }
    prop_assert_eq!(office_ops.len(), office_ops.iter().collect::<BTreeSet<_>>().len());

    // Conflicts are the same on team A's devices and at the office.
    let conflicts_a = a1.store().conflicts().expect("conflicts");
    prop_assert_eq!(&conflicts_a, &a2.store().conflicts().expect("conflicts"));
    prop_assert_eq!(&conflicts_a, &scene.office.storage.conflicts().expect("office conflicts"));

    // Team B never saw team A's visit or findings.
    let team_b = b.store();
    prop_assert!(team_b.record(Entity::Visit, scene.visit_a).expect("read").is_none());
    prop_assert!(team_b.record(Entity::Observation, scene.finding_a).expect("read").is_none());
    prop_assert!(!team_b.snapshot_text().expect("b").contains(&scene.visit_a.to_string()));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn devices_converge_over_a_link_that_drops(steps in prop::collection::vec(step(), 1..25)) {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
        runtime.block_on(play(steps))?;
    }
}
