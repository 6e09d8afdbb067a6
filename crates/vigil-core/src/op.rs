//! The sync op: one edit of one record, immutable once written.
//!
//! A device writes an op in the same transaction as the edit it records; the op is the
//! unit pushed to the central office and pulled by the other devices. `op_id` is the
//! idempotency key, `device_seq` counts a device's ops without gaps, and `hlc` with the
//! device id is the op's [`Stamp`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use crate::entity::{Entity, FieldKind};
use crate::hlc::{Hlc, Stamp};
use crate::records::Record;

/// Unknown fields are refused: an op is stored and passed on to every device of the
/// team, so it must carry nothing but the op.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Op {
    pub op_id: Uuid,
    pub device_id: Uuid,
    /// 1, 2, 3… per device, without gaps.
    pub device_seq: u64,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "001764000000000-0000000000"))]
    pub hlc: Hlc,
    pub entity: Entity,
    pub entity_id: Uuid,
    /// How many ops of this record the author had applied when editing it (0 for a create).
    pub base_rev: u64,
    /// Changed fields only.
    pub patch: BTreeMap<String, FieldChange>,
    /// The user who made the edit.
    pub author: Uuid,
}

/// One field's change: the value seen before, the new value, and the versions it replaces.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    /// Absent on the wire when null (every field of a create), which keeps ops small.
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub old: Value,
    pub new: Value,
    /// The stamps of the versions this change replaces: the current winner for an edit,
    /// every competing version when a person resolves a conflict, none for a create.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supersedes: Vec<Stamp>,
}

impl Op {
    /// The op that creates `record`: every field, from nothing.
    pub fn create(record: &Record, device_id: Uuid, device_seq: u64, hlc: Hlc, author: Uuid) -> Op {
        Op {
            op_id: Uuid::now_v7(),
            device_id,
            device_seq,
            hlc,
            entity: record.entity(),
            entity_id: record.id(),
            base_rev: 0,
            patch: record
                .to_fields()
                .into_iter()
                .map(|(name, new)| (name, FieldChange { old: Value::Null, new, supersedes: Vec::new() }))
                .collect(),
            author,
        }
    }

    pub fn stamp(&self) -> Stamp {
        Stamp { hlc: self.hlc, device_id: self.device_id }
    }

    /// Checks the op against the entity's schema: known fields, values of the right kind.
    pub fn check_shape(&self) -> Result<(), OpShapeError> {
        if self.patch.is_empty() {
            return Err(OpShapeError::EmptyPatch);
        }
        if self.device_seq == 0 {
            return Err(OpShapeError::ZeroSequence);
        }
        for (name, change) in &self.patch {
            let field = self
                .entity
                .field(name)
                .ok_or_else(|| OpShapeError::UnknownField { entity: self.entity, field: name.clone() })?;
            if !value_fits(field.kind, &change.new) {
                return Err(OpShapeError::WrongKind { entity: self.entity, field: name.clone(), expected: field.kind });
            }
        }
        Ok(())
    }
}

fn value_fits(kind: FieldKind, value: &Value) -> bool {
    match (kind, value) {
        (FieldKind::Json, _) | (_, Value::Null) => true,
        (FieldKind::Text, Value::String(_)) | (FieldKind::Bool, Value::Bool(_)) => true,
        (FieldKind::Integer, Value::Number(n)) => n.is_i64(),
        (FieldKind::Real, Value::Number(_)) => true,
        _ => false,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpShapeError {
    #[error("op changes no field")]
    EmptyPatch,
    #[error("op has device_seq 0: sequences start at 1")]
    ZeroSequence,
    #[error("{entity:?} has no field {field:?}")]
    UnknownField { entity: Entity, field: String },
    #[error("{entity:?}.{field}: expected a {expected:?} value")]
    WrongKind { entity: Entity, field: String, expected: FieldKind },
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn op(entity: Entity, field: &str, new: Value) -> Op {
        Op {
            op_id: Uuid::now_v7(),
            device_id: Uuid::now_v7(),
            device_seq: 1,
            hlc: Hlc { millis: 1, counter: 0 },
            entity,
            entity_id: Uuid::now_v7(),
            base_rev: 0,
            patch: BTreeMap::from([(field.to_owned(), FieldChange { old: Value::Null, new, supersedes: vec![] })]),
            author: Uuid::now_v7(),
        }
    }

    #[test]
    fn shape_check_names_the_unknown_field_and_the_wrong_kind() {
        assert_eq!(op(Entity::Observation, "text", json!("Cell 4 has no window")).check_shape(), Ok(()));
        assert_eq!(op(Entity::Observation, "deleted", json!(true)).check_shape(), Ok(()));
        let err = op(Entity::Observation, "colour", json!("red")).check_shape().expect_err("unknown");
        assert_eq!(err.to_string(), "Observation has no field \"colour\"");
        let err = op(Entity::RegisterCheck, "sample_size", json!("ten")).check_shape().expect_err("kind");
        assert_eq!(err.to_string(), "RegisterCheck.sample_size: expected a Integer value");
        let mut empty = op(Entity::Team, "name", json!("A"));
        empty.patch.clear();
        assert_eq!(empty.check_shape(), Err(OpShapeError::EmptyPatch));
    }

    #[test]
    fn an_op_with_an_unknown_field_is_refused() {
        let mut value = serde_json::to_value(op(Entity::Team, "name", json!("A"))).expect("serialise");
        value["smuggled"] = json!("payload");
        let err = serde_json::from_value::<Op>(value).expect_err("unknown field");
        assert!(err.to_string().contains("unknown field `smuggled`"), "{err}");
    }

    #[test]
    fn op_round_trips_through_json_with_entity_names() {
        let original = op(Entity::RecommendationAssessment, "evidence", json!("seen in register"));
        let text = serde_json::to_string(&original).expect("serialise");
        assert!(text.contains("\"entity\":\"recommendation_assessment\""));
        assert_eq!(serde_json::from_str::<Op>(&text).expect("parse"), original);
    }
}
