use std::collections::BTreeMap;

use proptest::prelude::*;
use serde_json::{Value, json};
use uuid::Uuid;

use super::*;
use crate::entity::Entity;
use crate::hlc::Hlc;
use crate::op::FieldChange;

fn device(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn stamp(millis: u64, dev: u128) -> Stamp {
    Stamp { hlc: Hlc { millis, counter: 0 }, device_id: device(dev) }
}

fn op_at(at: Stamp, base_rev: u64, changes: &[(&str, Value, Vec<Stamp>)]) -> Op {
    Op {
        op_id: Uuid::from_u128(u128::from(at.hlc.millis) << 8 | at.device_id.as_u128()),
        device_id: at.device_id,
        device_seq: 1,
        hlc: at.hlc,
        entity: Entity::Observation,
        entity_id: Uuid::from_u128(99),
        base_rev,
        patch: changes
            .iter()
            .map(|(name, new, supersedes)| {
                ((*name).to_owned(), FieldChange { old: Value::Null, new: new.clone(), supersedes: supersedes.clone() })
            })
            .collect(),
        author: Uuid::from_u128(7),
    }
}

fn apply(state: &mut RecordState, op: &Op) -> Merged {
    let merged = merge(state, op);
    state.rev = merged.rev;
    state.fields.extend(merged.fields.clone());
    merged
}

fn created() -> (RecordState, Stamp) {
    let mut state = RecordState::default();
    let at = stamp(10, 1);
    apply(&mut state, &op_at(at, 0, &[("text", json!("cell 4 is cold"), vec![]), ("severity", json!("low"), vec![])]));
    (state, at)
}

#[test]
fn an_edit_on_the_current_version_fast_forwards() {
    let (mut state, created_at) = created();
    let merged = apply(&mut state, &op_at(stamp(20, 2), 1, &[("text", json!("cell 4 is 12°C"), vec![created_at])]));
    assert!(merged.applied && merged.fast_forward);
    assert_eq!(state.rev, 2);
    assert_eq!(state.fields["text"].winner.value, json!("cell 4 is 12°C"));
    assert!(!state.fields["text"].in_conflict());
}

#[test]
fn concurrent_edits_of_different_fields_both_apply_without_conflict() {
    let (mut state, created_at) = created();
    apply(&mut state, &op_at(stamp(20, 2), 1, &[("text", json!("A's text"), vec![created_at])]));
    let merged = apply(&mut state, &op_at(stamp(15, 3), 1, &[("severity", json!("high"), vec![created_at])]));
    assert!(merged.applied && !merged.fast_forward);
    assert_eq!(state.fields["text"].winner.value, json!("A's text"));
    assert_eq!(state.fields["severity"].winner.value, json!("high"));
    assert!(state.fields.values().all(|f| !f.in_conflict()));
}

#[test]
fn concurrent_edits_of_one_field_keep_the_loser_in_either_order() {
    let (base, created_at) = created();
    let a = op_at(stamp(20, 2), 1, &[("text", json!("A"), vec![created_at])]);
    let b = op_at(stamp(20, 3), 1, &[("text", json!("B"), vec![created_at])]);
    let mut ab = base.clone();
    apply(&mut ab, &a);
    apply(&mut ab, &b);
    let mut ba = base;
    apply(&mut ba, &b);
    apply(&mut ba, &a);
    assert_eq!(ab, ba);
    let text = &ab.fields["text"];
    assert_eq!(text.winner.value, json!("B"), "same clock: the greater device id wins");
    assert_eq!(text.losers.len(), 1);
    assert_eq!(text.losers[0].value, json!("A"));
}

#[test]
fn an_op_applied_twice_changes_nothing_the_second_time() {
    let (mut state, created_at) = created();
    let edit = op_at(stamp(20, 2), 1, &[("text", json!("A"), vec![created_at])]);
    apply(&mut state, &edit);
    let before = state.clone();
    let again = apply(&mut state, &edit);
    assert!(!again.applied);
    assert_eq!(state, before);
}

#[test]
fn a_resolution_superseding_every_head_ends_the_conflict() {
    let (mut state, created_at) = created();
    apply(&mut state, &op_at(stamp(20, 2), 1, &[("text", json!("A"), vec![created_at])]));
    apply(&mut state, &op_at(stamp(21, 3), 1, &[("text", json!("B"), vec![created_at])]));
    let plain_edit = op_at(stamp(30, 2), 3, &[("text", json!("C"), vec![state.fields["text"].winner.stamp])]);
    apply(&mut state, &plain_edit);
    assert!(state.fields["text"].in_conflict(), "an edit of the winner alone leaves the conflict visible");
    let heads = state.fields["text"].head_stamps();
    apply(&mut state, &op_at(stamp(40, 1), 4, &[("text", json!("A and B"), heads)]));
    assert!(!state.fields["text"].in_conflict());
    assert_eq!(state.fields["text"].winner.value, json!("A and B"));
}

/// A replica of one record held in memory: the merge alone, no storage.
#[derive(Default)]
struct Replica {
    state: RecordState,
    clock: crate::hlc::HlcClock,
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Three devices edit two fields concurrently from one created record, then every
    /// replica receives every op in its own random order: all end identical.
    #[test]
    fn replicas_converge_whatever_the_delivery_order(
        edits in prop::collection::vec((0u128..3, 0usize..2, 0u64..5, any::<u16>()), 1..12),
        orders in prop::collection::vec(any::<prop::sample::Index>(), 3),
    ) {
        let fields = ["text", "severity"];
        let (base, _) = created();
        let mut devices: Vec<Replica> = (0..3).map(|_| Replica { state: base.clone(), ..Replica::default() }).collect();
        let mut ops = Vec::new();
        for (dev, field, wall, value) in edits {
            let replica = &mut devices[dev as usize];
            let hlc = replica.clock.tick(100 + wall);
            let at = Stamp { hlc, device_id: device(dev + 1) };
            let current = replica.state.fields[fields[field]].winner.stamp;
            let op = op_at(at, replica.state.rev, &[(fields[field], json!(value), vec![current])]);
            apply(&mut replica.state, &op);
            ops.push(op);
        }
        let mut finals = Vec::new();
        for pick in orders {
            let mut shuffled = ops.clone();
            let len = shuffled.len();
            shuffled.rotate_left(pick.index(len));
            // Rotation may break one device's own order; restore it per device (causal delivery).
            let mut per_device: BTreeMap<Uuid, Vec<Op>> = BTreeMap::new();
            for op in &ops { per_device.entry(op.device_id).or_default().push(op.clone()); }
            let mut state = base.clone();
            for slot in shuffled {
                let next = per_device.get_mut(&slot.device_id).expect("device").remove(0);
                apply(&mut state, &next);
            }
            finals.push(state);
        }
        prop_assert_eq!(&finals[0], &finals[1]);
        prop_assert_eq!(&finals[1], &finals[2]);
        prop_assert_eq!(finals[0].rev, 1 + ops.len() as u64);
    }
}
