//! A transaction over a replica for callers that keep their own tables beside it (the
//! central office): apply ops through the same merge, read records and visits, and run
//! their own SQL, all committed together or not at all.

use std::cell::RefCell;

use rusqlite::{Connection, Transaction};
use uuid::Uuid;
use vigil_core::{Entity, FieldDef, HlcClock, Op};

use crate::admission::{Admitted, By, Refusal, Scope, Seen, admit_op};
use crate::apply::{Origin, Stored, apply_op_read, load};
use crate::{Store, StoreError};

#[derive(Debug)]
pub struct Writer<'a> {
    tx: Transaction<'a>,
    clock: HlcClock,
    device_id: Uuid,
    /// The last record [`Writer::admit`] read (`None` inside: absent), for an op on it
    /// applied next: judging an op reads its record, and applying it needs no second read.
    /// Forgotten by any write.
    read: RefCell<Option<(Entity, Uuid, Option<Stored>)>>,
}

impl Writer<'_> {
    /// Judges an op made elsewhere at the admission gate (see [`crate::admission`]), by
    /// `by`, at this replica's time. The outer error is the replica's own failure; the
    /// inner, the gate's refusal.
    pub fn admit(&mut self, seen: &mut Seen, by: By<'_>, op: &Op) -> Result<Result<Admitted, Refusal>, StoreError> {
        let fields: Vec<FieldDef> = op.entity.all_fields().collect();
        let stored = load(&self.tx, op.entity, op.entity_id, &fields)?;
        let verdict = admit_op(&self.tx, seen, by, op, stored.as_ref(), crate::now_millis())?;
        // Applying the op next reads the same record: keep it.
        *self.read.borrow_mut() = Some((op.entity, op.entity_id, stored));
        Ok(verdict)
    }

    /// Merges an op made elsewhere into the replica (never into the outbox) and logs it
    /// with who may pull it. `json` is the op's JSON as its device sent it, if the caller
    /// has it (else the op is written out here). Returns the op's position in the log, or
    /// `None` if the replica held the op already.
    pub fn apply(&mut self, op: &Op, json: Option<&str>, scope: Scope) -> Result<Option<i64>, StoreError> {
        let read = self.read.take().filter(|(entity, id, _)| *entity == op.entity && *id == op.entity_id);
        let stored = read.map(|(_, _, stored)| stored);
        let folded = apply_op_read(&self.tx, op, json, Origin::Office { scope }, stored)?;
        if !folded.applied {
            return Ok(None);
        }
        self.clock.observe(op.hlc);
        Ok(Some(folded.position))
    }

    /// SHA-256 over a visit's content as this transaction holds it (see
    /// [`Store::visit_content_hash`]).
    pub fn visit_content_hash(&self, visit_id: Uuid) -> Result<String, StoreError> {
        crate::queries::Reader(&self.tx).visit_content_hash(visit_id)
    }

    /// The last event of a device's audit chain held here.
    pub fn last_audit_event(&self, device_id: Uuid) -> Result<Option<vigil_core::records::AuditEvent>, StoreError> {
        crate::edit::last_audit_event(&self.tx, device_id)
    }

    /// An op of this replica's own device (`device_seq` given by the caller) that changes
    /// some fields of a held record, each superseding the version held now (as a person's
    /// edit does), or `None` when nothing would change. Neither judged nor applied: the
    /// caller takes it through [`Writer::admit`] and [`Writer::apply`] like any other op.
    pub fn update_op(
        &mut self,
        entity: Entity,
        id: Uuid,
        changes: serde_json::Map<String, serde_json::Value>,
        device_seq: u64,
        author: Uuid,
    ) -> Result<Option<Op>, StoreError> {
        if let Some(unknown) = changes.keys().find(|name| entity.field(name).is_none()) {
            return Err(vigil_core::op::OpShapeError::UnknownField { entity, field: unknown.clone() }.into());
        }
        let fields: Vec<FieldDef> = entity.all_fields().filter(|f| changes.contains_key(f.name)).collect();
        let stored = load(&self.tx, entity, id, &fields)?.ok_or(StoreError::NotFound { entity, id })?;
        let state = stored.state(&self.tx, entity, id, &fields)?;
        let mut patch = std::collections::BTreeMap::new();
        for (name, new) in changes {
            let old = stored.values.get(&name).cloned().unwrap_or(serde_json::Value::Null);
            if old == new {
                continue;
            }
            let supersedes = state.fields.get(&name).map(|heads| vec![heads.winner.stamp]).unwrap_or_default();
            patch.insert(name, vigil_core::FieldChange { old, new, supersedes });
        }
        if patch.is_empty() {
            return Ok(None);
        }
        let hlc = self.clock.tick(crate::now_millis());
        Ok(Some(Op {
            op_id: Uuid::now_v7(),
            device_id: self.device_id,
            device_seq,
            hlc,
            entity,
            entity_id: id,
            base_rev: state.rev,
            patch,
            author,
        }))
    }

    /// The open transaction, for the caller's own tables.
    pub fn sql(&self) -> &Connection {
        // The caller may write through it.
        self.read.take();
        &self.tx
    }

    /// This replica's own device id, for ops the caller makes itself.
    pub fn device_id(&self) -> Uuid {
        self.device_id
    }

    /// The replica's clock, for ops the caller makes itself.
    pub fn clock(&mut self) -> &mut HlcClock {
        &mut self.clock
    }
}

impl Store {
    /// Runs `work` in one transaction: committed if it returns `Ok`, rolled back otherwise.
    pub fn write<T, E: From<StoreError>>(&mut self, work: impl FnOnce(&mut Writer) -> Result<T, E>) -> Result<T, E> {
        let tx = self.conn.transaction().map_err(StoreError::from)?;
        let mut writer = Writer { tx, clock: self.clock, device_id: self.device_id, read: RefCell::new(None) };
        let result = work(&mut writer)?;
        let Writer { tx, clock, .. } = writer;
        crate::search::commit_unindexed(tx, clock.last())?;
        self.clock = clock;
        Ok(result)
    }

    /// Reads through the replica's connection (the caller's own tables included).
    pub fn sql(&self) -> &Connection {
        &self.conn
    }
}
