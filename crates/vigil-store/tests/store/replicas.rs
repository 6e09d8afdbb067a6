//! Convergence: three devices edit offline, exchange ops in random causal orders, and end
//! with identical tables and identical conflicts.

use proptest::prelude::*;
use serde_json::{Map, json};
use uuid::Uuid;
use vigil_core::records::{Area, Severity};
use vigil_core::{Entity, Op};
use vigil_store::Store;

use crate::fixture::{World, dump};

#[derive(Debug, Clone)]
enum Step {
    /// A device edits one field of one shared record.
    Edit { device: usize, target: usize, field: usize, value: u8 },
    /// A device records a new observation of its own.
    Observe { device: usize, value: u8 },
    /// One device hands everything it holds to another (a partial sync).
    Share { from: usize, to: usize },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        5 => (0..3usize, 0..3usize, 0..3usize, any::<u8>()).prop_map(|(device, target, field, value)| Step::Edit { device, target, field, value }),
        1 => (0..3usize, any::<u8>()).prop_map(|(device, value)| Step::Observe { device, value }),
        2 => (0..3usize, 0..3usize).prop_map(|(from, to)| Step::Share { from, to }),
    ]
}

/// What each device holds, as the test saw it: a device logs a pulled op by its id only,
/// so the ops to relay are kept here, in the order each device applied them (causal:
/// every op comes after the ops its device had seen).
#[derive(Clone)]
struct Held(Vec<Op>);

impl Held {
    fn add(&mut self, ops: &[Op]) {
        for op in ops {
            if !self.0.iter().any(|held| held.op_id == op.op_id) {
                self.0.push(op.clone());
            }
        }
    }
}

/// Every op `from` holds goes to `to`, in `from`'s order.
fn share(from: &Held, to: &mut Store, to_held: &mut Held) {
    to.apply_remote(&from.0, None).expect("apply shared ops");
    to_held.add(&from.0);
}

/// Returns the op the edit made, if it changed anything.
fn edit(world: &World, store: &mut Store, target: Uuid, entity: Entity, field: usize, value: u8) -> Option<Op> {
    let (name, new) = match (entity, field) {
        (Entity::Visit, 0) => ("summary", json!(format!("summary {value}"))),
        (Entity::Visit, 1) => ("theme", json!(format!("theme {value}"))),
        (Entity::Visit, _) => ("unannounced", json!(value.is_multiple_of(2))),
        (_, 0) => ("text", json!(format!("finding {value}"))),
        (_, 1) => ("severity", json!([Severity::Low, Severity::High, Severity::Urgent][usize::from(value) % 3])),
        (_, _) => ("area", json!([Area::Treatment, Area::HealthCare][usize::from(value) % 2])),
    };
    let changes = Map::from_iter([(name.to_owned(), new)]);
    store.update(&world.inspector, entity, target, changes).expect("edit")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn three_replicas_converge_to_identical_state_and_conflicts(
        steps in prop::collection::vec(step(), 1..30),
        final_order in Just([0usize, 1, 2]).prop_shuffle(),
    ) {
        let (world, mut office) = World::new();
        let shared_observations: Vec<Uuid> = (0..2)
            .map(|n| {
                let observation = world.observation(&format!("shared finding {n}"));
                office.create(&world.inspector, &observation.clone().into()).expect("observe");
                observation.id
            })
            .collect();
        let seed = office.op_log().expect("seed ops");
        let paths: Vec<_> = (0..3).map(|n| world.path(&format!("device-{n}.db"))).collect();
        let mut devices: Vec<Store> = paths.iter().map(|p| {
            let mut store = Store::open(p).expect("open");
            store.apply_remote(&seed, None).expect("seed");
            store
        }).collect();
        let mut held: Vec<Held> = vec![Held(seed.clone()); 3];
        let targets = [(Entity::Visit, world.visit_id), (Entity::Observation, shared_observations[0]), (Entity::Observation, shared_observations[1])];

        let mut made = 0;
        for step in steps {
            match step {
                Step::Edit { device, target, field, value } => {
                    let (entity, id) = targets[target];
                    if let Some(op) = edit(&world, &mut devices[device], id, entity, field, value) {
                        held[device].add(&[op]);
                        made += 1;
                    }
                }
                Step::Observe { device, value } => {
                    let observation = world.observation(&format!("new finding {value}"));
                    let op = devices[device].create(&world.inspector, &observation.into()).expect("observe");
                    held[device].add(&[op]);
                    made += 1;
                }
                Step::Share { from, to } if from != to => {
                    let from_held = held[from].clone();
                    share(&from_held, &mut devices[to], &mut held[to]);
                }
                Step::Share { .. } => {}
            }
        }

        // Everyone receives everything, each from the others in a shuffled order.
        for &to in &final_order {
            for &from in &final_order {
                if from != to {
                    let from_held = held[from].clone();
                    share(&from_held, &mut devices[to], &mut held[to]);
                }
            }
        }
        // A second round: what `to` got from a device later in the order reaches the earlier ones.
        for &to in &final_order {
            for &from in &final_order {
                if from != to {
                    let from_held = held[from].clone();
                    share(&from_held, &mut devices[to], &mut held[to]);
                }
            }
        }

        let dumps: Vec<String> = paths.iter().map(|p| dump(p)).collect();
        prop_assert_eq!(&dumps[0], &dumps[1]);
        prop_assert_eq!(&dumps[1], &dumps[2]);
        let conflicts: Vec<_> = devices.iter().map(|d| d.conflicts().expect("conflicts")).collect();
        prop_assert_eq!(&conflicts[0], &conflicts[1]);
        prop_assert_eq!(&conflicts[1], &conflicts[2]);
        // Every op made anywhere is held everywhere, once; each device keeps its own in full.
        for (device, held) in devices.iter().zip(&held) {
            let mut ids = device.op_ids().expect("log");
            prop_assert_eq!(ids.len(), seed.len() + made);
            ids.sort();
            let mut seen: Vec<Uuid> = held.0.iter().map(|op| op.op_id).collect();
            seen.sort();
            prop_assert_eq!(ids, seen);
            let me = device.device_id();
            let own: Vec<Op> = held.0.iter().filter(|op| op.device_id == me).cloned().collect();
            prop_assert_eq!(device.op_log().expect("log"), own);
        }
    }
}
