//! Local edits. Each one passes the admission gate (`crate::admission`: the record as it
//! would be, who may make the edit), then is written with its op in one transaction.

use rusqlite::OptionalExtension;
use rusqlite::Transaction;
use serde_json::{Map, Value};
use uuid::Uuid;
use vigil_core::access::{Editor, VisitContext};
use vigil_core::audit;
use vigil_core::entity::DELETED;
use vigil_core::records::AuditEvent;
use vigil_core::{Entity, FieldChange, FieldDef, Hlc, HlcClock, Op, Record};

use crate::admission::{By, Seen, admit};
use crate::apply::{Origin, Stored, apply_op_read, load};
use crate::{Actor, Store, StoreError, now_millis};

/// The audit action of a move in the review workflow; its details hold `from`, `to` and
/// the visit's `content_sha256`.
pub const VISIT_STATUS: &str = "visit_status";

/// What a local edit means for the versions it replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edit {
    Create,
    /// Replaces the value the person saw (a conflict, if any, stays visible).
    Update,
    /// Replaces every competing version: a person resolved the conflict.
    Resolve,
}

impl Store {
    /// Creates a record; returns the op that records it.
    pub fn create(&mut self, actor: &Actor, record: &Record) -> Result<Op, StoreError> {
        let op = self.edit(actor, record.entity(), record.id(), record.to_fields(), Edit::Create)?;
        op.ok_or(StoreError::AlreadyExists { entity: record.entity(), id: record.id() })
    }

    /// Changes some fields of a record. Returns `None` when nothing actually changed.
    pub fn update(
        &mut self,
        actor: &Actor,
        entity: Entity,
        id: Uuid,
        changes: Map<String, Value>,
    ) -> Result<Option<Op>, StoreError> {
        self.edit(actor, entity, id, changes, Edit::Update)
    }

    /// Deletes a record: sets its tombstone, so the delete syncs like any edit.
    pub fn delete(&mut self, actor: &Actor, entity: Entity, id: Uuid) -> Result<Option<Op>, StoreError> {
        let changes = Map::from_iter([(DELETED.name.to_owned(), Value::Bool(true))]);
        self.edit(actor, entity, id, changes, Edit::Update)
    }

    /// Settles a conflict on one field with the value a person chose or merged.
    pub fn resolve_conflict(
        &mut self,
        actor: &Actor,
        entity: Entity,
        id: Uuid,
        field: &str,
        value: Value,
    ) -> Result<Op, StoreError> {
        let changes = Map::from_iter([(field.to_owned(), value)]);
        self.edit(actor, entity, id, changes, Edit::Resolve)?.ok_or_else(|| StoreError::NoConflict {
            entity,
            id,
            field: field.to_owned(),
        })
    }

    /// Creates many records in one transaction (an import): all of them, or none if one is
    /// refused. Each still gets its own op, in order.
    pub fn create_all(&mut self, actor: &Actor, records: &[Record]) -> Result<Vec<Op>, StoreError> {
        let tx = self.conn.transaction()?;
        let mut clock = Ticker { hlc: self.clock, skew: self.clock_skew };
        let mut ops = Vec::with_capacity(records.len());
        for record in records {
            let op = edit_in(
                &tx,
                &mut clock,
                self.device_id,
                actor,
                record.entity(),
                record.id(),
                record.to_fields(),
                Edit::Create,
            )?;
            ops.push(op.ok_or(StoreError::AlreadyExists { entity: record.entity(), id: record.id() })?);
        }
        crate::search::commit(tx, clock.last())?;
        self.clock = clock.hlc;
        Ok(ops)
    }

    fn edit(
        &mut self,
        actor: &Actor,
        entity: Entity,
        id: Uuid,
        changes: Map<String, Value>,
        edit: Edit,
    ) -> Result<Option<Op>, StoreError> {
        let status =
            (entity == Entity::Visit && edit != Edit::Create).then(|| changes.get("status").cloned()).flatten();
        // The content a workflow move is about (a status move does not change it).
        let content = match status {
            Some(_) => Some(self.visit_content_hash(id)?),
            None => None,
        };
        let tx = self.conn.transaction()?;
        let mut clock = Ticker { hlc: self.clock, skew: self.clock_skew };
        let op = edit_in(&tx, &mut clock, self.device_id, actor, entity, id, changes, edit)?;
        // A move in the review workflow is recorded in the audit chain, with the edit.
        if let (Some(op), Some(to), Some(content)) = (&op, status, content) {
            let from = op.patch.get("status").map(|change| change.old.clone()).unwrap_or_default();
            let details = serde_json::json!({ "from": from, "to": to, "content_sha256": content }).to_string();
            audit_in(&tx, &mut clock, self.device_id, actor, VISIT_STATUS, Some((entity, id)), &details)?;
        }
        crate::search::commit(tx, clock.last())?;
        self.clock = clock.hlc;
        Ok(op)
    }

    /// Records an action (a report exported, an interview opened…) in this device's audit
    /// chain, and returns the event.
    pub fn record_audit(
        &mut self,
        actor: &Actor,
        action: &str,
        target: Option<(Entity, Uuid)>,
        details: &str,
    ) -> Result<AuditEvent, StoreError> {
        let tx = self.conn.transaction()?;
        let mut clock = Ticker { hlc: self.clock, skew: self.clock_skew };
        let event = audit_in(&tx, &mut clock, self.device_id, actor, action, target, details)?;
        crate::search::commit(tx, clock.last())?;
        self.clock = clock.hlc;
        Ok(event)
    }
}

/// The last event of a device's audit chain this replica holds.
pub(crate) fn last_audit_event(tx: &Transaction, device_id: Uuid) -> Result<Option<AuditEvent>, StoreError> {
    let last: Option<String> = tx
        .prepare_cached("SELECT id FROM audit_event WHERE device_id = ?1 ORDER BY seq DESC LIMIT 1")?
        .query_row([device_id.to_string()], |row| row.get(0))
        .optional()?;
    let Some(id) = last else { return Ok(None) };
    let id: Uuid = id.parse().map_err(StoreError::corrupt)?;
    let fields: Vec<FieldDef> = Entity::AuditEvent.all_fields().collect();
    let stored =
        load(tx, Entity::AuditEvent, id, &fields)?.ok_or_else(|| StoreError::corrupt("audit event vanished"))?;
    match record_of(Entity::AuditEvent, id, &stored)? {
        Record::AuditEvent(event) => Ok(Some(event)),
        _ => Err(StoreError::corrupt("an audit event that is not one")),
    }
}

/// The device's clock through one transaction of edits: its HLC, ticked at the machine's
/// time moved by the store's skew (see [`Store::set_clock_skew`]).
#[derive(Debug, Clone, Copy)]
struct Ticker {
    hlc: HlcClock,
    skew: i64,
}

impl Ticker {
    fn tick(&mut self) -> Hlc {
        self.hlc.tick(now_millis().saturating_add_signed(self.skew))
    }

    fn last(&self) -> Hlc {
        self.hlc.last()
    }
}

/// Appends the next event of this device's audit chain inside an open transaction.
fn audit_in(
    tx: &Transaction,
    clock: &mut Ticker,
    device_id: Uuid,
    actor: &Actor,
    action: &str,
    target: Option<(Entity, Uuid)>,
    details: &str,
) -> Result<AuditEvent, StoreError> {
    let previous = last_audit_event(tx, device_id)?;
    let now = chrono::Utc::now();
    let event = audit::chain(
        previous.as_ref(),
        audit::Action {
            at: now,
            actor_id: actor.user_id,
            device_id,
            action: action.to_owned(),
            target,
            details: details.to_owned(),
        },
    );
    let record: Record = event.clone().into();
    edit_in(tx, clock, device_id, actor, Entity::AuditEvent, event.id, record.to_fields(), Edit::Create)?;
    Ok(event)
}

/// One local edit inside an open transaction: checks, builds the op, applies it.
#[allow(clippy::too_many_arguments)]
fn edit_in(
    tx: &Transaction,
    clock: &mut Ticker,
    device_id: Uuid,
    actor: &Actor,
    entity: Entity,
    id: Uuid,
    changes: Map<String, Value>,
    edit: Edit,
) -> Result<Option<Op>, StoreError> {
    let fields: Vec<FieldDef> = entity.all_fields().collect();
    if let Some(unknown) = changes.keys().find(|name| entity.field(name).is_none()) {
        return Err(vigil_core::op::OpShapeError::UnknownField { entity, field: unknown.clone() }.into());
    }
    let stored = load(tx, entity, id, &fields)?;
    match (&stored, edit) {
        (Some(_), Edit::Create) => return Err(StoreError::AlreadyExists { entity, id }),
        (None, Edit::Update | Edit::Resolve) => return Err(StoreError::NotFound { entity, id }),
        _ => {}
    }
    let before = stored.as_ref().map(|s| record_of(entity, id, s)).transpose()?;
    let mut values = stored.as_ref().map(|s| s.values.clone()).unwrap_or_default();
    values.extend(changes.clone());
    let after = record_of(entity, id, &Stored { rev: 0, clock: String::new(), conflicts: 0, values })?;
    // The device knows only its own user: team scope is the central office's to check.
    let editor = Editor { user_id: actor.user_id, role: actor.role, teams: None };
    let tombstone = changes.get(DELETED.name).map(|value| value == &Value::Bool(true));
    admit(tx, &mut Seen::default(), By::Device { editor, device_id }, before.as_ref(), &after, tombstone)??;

    let touched: Vec<FieldDef> = fields.iter().copied().filter(|f| changes.contains_key(f.name)).collect();
    let state = match &stored {
        Some(s) => s.state(tx, entity, id, &touched)?,
        None => Default::default(),
    };
    let mut patch = std::collections::BTreeMap::new();
    for (name, new) in changes {
        let old = stored.as_ref().and_then(|s| s.values.get(&name).cloned()).unwrap_or(Value::Null);
        let heads = state.fields.get(&name);
        let supersedes = match (edit, heads) {
            (Edit::Create, _) | (_, None) => Vec::new(),
            (Edit::Update, Some(_)) if old == new => continue,
            (Edit::Update, Some(h)) => vec![h.winner.stamp],
            (Edit::Resolve, Some(h)) if !h.in_conflict() => continue,
            (Edit::Resolve, Some(h)) => h.head_stamps(),
        };
        patch.insert(name, FieldChange { old, new, supersedes });
    }
    if patch.is_empty() {
        return Ok(None);
    }

    let device_seq: i64 = tx
        .prepare_cached("SELECT COALESCE(MAX(device_seq), 0) + 1 FROM op_log WHERE device_id = ?1")?
        .query_row([&device_id.as_bytes()[..]], |row| row.get(0))?;
    let op = Op {
        op_id: Uuid::now_v7(),
        device_id,
        device_seq: u64::try_from(device_seq).map_err(StoreError::corrupt)?,
        hlc: clock.tick(),
        entity,
        entity_id: id,
        base_rev: state.rev,
        patch,
        author: actor.user_id,
    };
    apply_op_read(tx, &op, None, Origin::Local, Some(stored))?;
    Ok(Some(op))
}

/// Rebuilds the typed record from stored values (the tombstone is bookkeeping, not a field
/// of the struct).
pub(crate) fn record_of(entity: Entity, id: Uuid, stored: &Stored) -> Result<Record, StoreError> {
    let mut values = stored.values.clone();
    values.remove(DELETED.name);
    Record::from_fields(entity, id, values).map_err(|err| StoreError::BadValue { entity, message: err.to_string() })
}

/// The team and status of a visit as stored, if this replica holds it.
pub(crate) fn visit_context(tx: &Transaction, visit_id: Uuid) -> Result<Option<VisitContext>, StoreError> {
    let fields: Vec<FieldDef> = ["team_id", "status"].iter().filter_map(|name| Entity::Visit.field(name)).collect();
    let Some(stored) = load(tx, Entity::Visit, visit_id, &fields)? else { return Ok(None) };
    let team_id = serde_json::from_value(stored.values["team_id"].clone()).map_err(StoreError::corrupt)?;
    let status = serde_json::from_value(stored.values["status"].clone()).map_err(StoreError::corrupt)?;
    Ok(Some(VisitContext { visit_id, team_id, status }))
}

/// Whether this replica holds a record (deleted or not).
pub(crate) fn is_held(tx: &Transaction, entity: Entity, id: Uuid) -> Result<bool, StoreError> {
    let sql = crate::sql_text::exists(entity);
    Ok(tx.prepare_cached(&sql)?.query_row([id.to_string()], |row| row.get::<_, i64>(0)).optional()?.is_some())
}

/// The first record a record's field values point at that this replica lacks (as the
/// error to give), skipping the targets `known` says the caller has already found in this
/// transaction (records are never removed).
pub(crate) fn missing_reference_in(
    tx: &Transaction,
    entity: Entity,
    fields: &Map<String, Value>,
    known: impl Fn(Entity, Uuid) -> bool,
) -> Result<Option<StoreError>, StoreError> {
    for (field, target) in entity.references() {
        let Some(id) = fields.get(*field).and_then(|v| v.as_str()) else { continue };
        let id: Uuid = id.parse().map_err(StoreError::corrupt)?;
        if !known(*target, id) && !is_held(tx, *target, id)? {
            return Ok(Some(StoreError::MissingReference { entity, field, target: *target, id }));
        }
    }
    Ok(None)
}
