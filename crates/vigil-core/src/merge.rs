//! The merge: how an op folds into a record, identical on every device and the server.
//!
//! Each field keeps its **heads**: the versions no other known version replaces. Normally
//! that is one version, the current value. An op's change to a field removes the heads it
//! [supersedes](crate::op::FieldChange::supersedes) and becomes a head itself. When two
//! devices change a field concurrently, neither replaces the other, so both stay heads:
//! the greatest [`Stamp`] `(hlc, device_id)` is the **winner** (the value shown), the
//! others are **losers**, kept as a conflict for a person to resolve, never dropped.
//!
//! The heads are a function of the set of ops, not of their order, so replicas that saw
//! the same ops agree, provided each op arrives after the ops it supersedes. Sync
//! guarantees that: a device's ops are pushed in `device_seq` order, and an op can only
//! supersede what its device had already received, which the server therefore holds
//! under an earlier sequence number.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use crate::hlc::Stamp;
use crate::op::Op;

/// One value of a field and the op that wrote it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Version {
    pub stamp: Stamp,
    pub op_id: Uuid,
    pub value: Value,
}

/// A field's heads: the winner, and the concurrent versions that lost to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldState {
    pub winner: Version,
    /// Greatest stamp first; empty unless the field is in conflict.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub losers: Vec<Version>,
}

impl FieldState {
    pub fn in_conflict(&self) -> bool {
        !self.losers.is_empty()
    }

    /// Every head's stamp: what a person's resolution supersedes.
    pub fn head_stamps(&self) -> Vec<Stamp> {
        std::iter::once(&self.winner).chain(&self.losers).map(|v| v.stamp).collect()
    }

    fn holds(&self, stamp: Stamp) -> bool {
        self.winner.stamp == stamp || self.losers.iter().any(|v| v.stamp == stamp)
    }
}

/// What a replica knows of one record before an op: its rev and the state of the fields
/// the op touches (fields it does not touch may be left out).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RecordState {
    /// How many ops of the record this replica has applied.
    pub rev: u64,
    pub fields: BTreeMap<String, FieldState>,
}

/// The result of folding one op into a record.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// False when the op was already applied: nothing changes.
    pub applied: bool,
    /// The author had seen every op this replica holds of the record.
    pub fast_forward: bool,
    pub rev: u64,
    /// The new state of every field the op touched.
    pub fields: BTreeMap<String, FieldState>,
}

/// Folds `op` into `state`. Pure and deterministic.
pub fn merge(state: &RecordState, op: &Op) -> Merged {
    let stamp = op.stamp();
    let already_applied = op.patch.keys().any(|name| state.fields.get(name).is_some_and(|f| f.holds(stamp)));
    if already_applied {
        return Merged { applied: false, fast_forward: false, rev: state.rev, fields: BTreeMap::new() };
    }

    let fields = op
        .patch
        .iter()
        .map(|(name, change)| {
            let mut heads: Vec<Version> = state
                .fields
                .get(name)
                .map(|f| std::iter::once(f.winner.clone()).chain(f.losers.iter().cloned()).collect())
                .unwrap_or_default();
            heads.retain(|head| !change.supersedes.contains(&head.stamp));
            heads.push(Version { stamp, op_id: op.op_id, value: change.new.clone() });
            heads.sort_by_key(|head| std::cmp::Reverse(head.stamp));
            let winner = heads.remove(0);
            (name.clone(), FieldState { winner, losers: heads })
        })
        .collect();

    Merged { applied: true, fast_forward: op.base_rev == state.rev, rev: state.rev + 1, fields }
}

#[cfg(test)]
mod tests;
