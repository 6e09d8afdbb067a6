//! Folding one op into the tables: the one write path for local edits and pulled ops.
//!
//! Per op: record it in the op log (its `op_id` is unique, so a second arrival stops
//! here), read the record's bookkeeping and the fields the op touches, [`merge`], write
//! back the winners, the clock and any losing versions.

use std::collections::BTreeMap;

use rusqlite::{OptionalExtension, Transaction, params, params_from_iter};
use serde_json::{Map, Value};
use uuid::Uuid;
use vigil_core::merge::{FieldState, Merged, RecordState, Version, merge};
use vigil_core::{Entity, FieldDef, Op, Stamp};

use crate::StoreError;
use crate::admission::Scope;
use crate::clock::Clock;
use crate::sql_value::{from_sql, to_sql};
use crate::{search, sql_text};

/// What a replica holds of one record: bookkeeping and the values of some fields.
#[derive(Debug)]
pub(crate) struct Stored {
    pub rev: u64,
    /// The `clock` column as stored, parsed only when the merge needs it.
    pub clock: String,
    pub conflicts: i64,
    pub values: Map<String, Value>,
}

impl Stored {
    /// The merge's view of the listed fields, losing versions included.
    pub fn state(
        &self,
        tx: &Transaction,
        entity: Entity,
        id: Uuid,
        fields: &[FieldDef],
    ) -> Result<RecordState, StoreError> {
        let mut losers = if self.conflicts > 0 { load_losers(tx, entity, id)? } else { BTreeMap::new() };
        let clock = Clock::parse(&self.clock)?;
        let fields = fields
            .iter()
            .filter_map(|field| {
                let (hlc, device_id, op_id) = clock.get(field.name)?;
                let value = self.values.get(field.name).cloned().unwrap_or(Value::Null);
                let winner = Version { stamp: Stamp { hlc, device_id }, op_id, value };
                Some((
                    field.name.to_owned(),
                    FieldState { winner, losers: losers.remove(field.name).unwrap_or_default() },
                ))
            })
            .collect();
        Ok(RecordState { rev: self.rev, fields })
    }
}

/// Reads a record's bookkeeping and the given fields; `None` if this replica lacks it.
pub(crate) fn load(
    tx: &Transaction,
    entity: Entity,
    id: Uuid,
    fields: &[FieldDef],
) -> Result<Option<Stored>, StoreError> {
    let mut statement = tx.prepare_cached(&sql_text::select(entity, fields))?;
    let row = statement
        .query_row([id.to_string()], |row| {
            let mut values = Map::new();
            for (i, field) in fields.iter().enumerate() {
                values.insert(field.name.to_owned(), from_sql(field.kind, row.get_ref(3 + i)?).map_err(to_sqlite)?);
            }
            let clock: String = row.get(1)?;
            Ok((row.get::<_, i64>(0)?, clock, row.get::<_, i64>(2)?, values))
        })
        .optional()?;
    let Some((rev, clock, conflicts, values)) = row else { return Ok(None) };
    Ok(Some(Stored { rev: u64::try_from(rev).map_err(StoreError::corrupt)?, clock, conflicts, values }))
}

fn to_sqlite(err: StoreError) -> rusqlite::Error {
    rusqlite::Error::ToSqlConversionFailure(Box::new(err))
}

fn load_losers(tx: &Transaction, entity: Entity, id: Uuid) -> Result<BTreeMap<String, Vec<Version>>, StoreError> {
    let mut statement = tx.prepare_cached(
        "SELECT field, hlc, device_id, op_id, value FROM conflict WHERE entity = ?1 AND entity_id = ?2
         ORDER BY field, hlc DESC, device_id DESC",
    )?;
    let mut rows = statement.query(params![entity.as_str(), id.to_string()])?;
    let mut losers: BTreeMap<String, Vec<Version>> = BTreeMap::new();
    while let Some(row) = rows.next()? {
        let field: String = row.get(0)?;
        let stamp = Stamp {
            hlc: row.get::<_, String>(1)?.parse().map_err(StoreError::corrupt)?,
            device_id: row.get::<_, String>(2)?.parse().map_err(StoreError::corrupt)?,
        };
        let op_id = row.get::<_, String>(3)?.parse().map_err(StoreError::corrupt)?;
        let value = serde_json::from_str(&row.get::<_, String>(4)?).map_err(StoreError::corrupt)?;
        losers.entry(field).or_default().push(Version { stamp, op_id, value });
    }
    Ok(losers)
}

/// Where an op comes from, which decides what of it the op log keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// Made on this device: logged in full (the outbox and the list of rejected changes
    /// are read from the log) and queued in the outbox.
    Local,
    /// Pulled by a device: only its id and author are kept (in `pulled_op`). A device reads only its
    /// own ops back; it keeps a pulled one's id so that a second arrival is known.
    Pulled,
    /// Merged by the central office: logged in full, since pull serves the log, with
    /// which devices may pull it. The office keeps no search index (it never searches; its
    /// server migration drops the index tables).
    Office { scope: Scope },
    /// One of this device's own ops it lost (its files were restored from an older copy)
    /// and took back from the office: logged in full like its other ops, not queued again.
    Recovered,
}

/// What folding one op into a replica did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Folded {
    /// False for an op this replica already held: nothing changed.
    pub applied: bool,
    /// Fields of the record the op left with competing versions.
    pub conflicted_fields: usize,
    /// The op's position in this replica's log (0 for a pulled op, which is not in the log).
    pub position: i64,
}

impl Folded {
    const ALREADY_HELD: Folded = Folded { applied: false, conflicted_fields: 0, position: 0 };
}

/// Applies one op: logs it, merges it and writes the result. Changes nothing for an op
/// this replica already holds.
pub(crate) fn apply_op(tx: &Transaction, op: &Op, origin: Origin) -> Result<Folded, StoreError> {
    apply_op_read(tx, op, None, origin, None)
}

/// [`apply_op`] with, if the caller has them, the op's JSON to log (as its author's device
/// wrote it) and the op's record as the caller read it in this transaction, with every
/// field (`Some(None)`: absent), so neither is done again.
pub(crate) fn apply_op_read(
    tx: &Transaction,
    op: &Op,
    json: Option<&str>,
    origin: Origin,
    read: Option<Option<Stored>>,
) -> Result<Folded, StoreError> {
    op.check_shape()?;
    let position = match origin {
        Origin::Pulled => {
            let own: bool = tx
                .prepare_cached("SELECT EXISTS (SELECT 1 FROM op_log WHERE op_id = ?1)")?
                .query_row([&op.op_id.as_bytes()[..]], |row| row.get(0))?;
            let logged = !own
                && tx
                    .prepare_cached(
                        "INSERT INTO pulled_op (op_id, author) VALUES (?1, ?2) ON CONFLICT (op_id) DO NOTHING",
                    )?
                    .execute([&op.op_id.as_bytes()[..], &op.author.as_bytes()[..]])?
                    == 1;
            if !logged {
                return Ok(Folded::ALREADY_HELD);
            }
            0
        }
        Origin::Local | Origin::Office { .. } | Origin::Recovered => {
            let body = match json {
                Some(json) => std::borrow::Cow::Borrowed(json),
                None => std::borrow::Cow::Owned(serde_json::to_string(op).map_err(StoreError::corrupt)?),
            };
            let scope = match origin {
                Origin::Office { scope } => Some(scope.to_text()),
                _ => None,
            };
            let logged = tx
                .prepare_cached(
                    "INSERT INTO op_log (op_id, device_id, device_seq, entity, body, scope)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (op_id) DO NOTHING",
                )?
                .execute(params![
                    &op.op_id.as_bytes()[..],
                    &op.device_id.as_bytes()[..],
                    i64::try_from(op.device_seq).map_err(StoreError::corrupt)?,
                    op.entity.as_str(),
                    body,
                    scope,
                ])?;
            if logged == 0 {
                return Ok(Folded::ALREADY_HELD);
            }
            let position = tx.last_insert_rowid();
            if origin == Origin::Local {
                tx.prepare_cached("INSERT INTO outbox (local_seq) VALUES (?1)")?.execute([position])?;
            }
            position
        }
    };

    let fields: Vec<FieldDef> = op.patch.keys().filter_map(|name| op.entity.field(name)).collect();
    let stored = match read {
        Some(stored) => stored,
        None => load(tx, op.entity, op.entity_id, &fields)?,
    };
    let Some(stored) = stored else {
        // A record this replica lacks: every field the op sets wins, with nothing to merge.
        insert(tx, op, &fields)?;
        return Ok(Folded { applied: true, conflicted_fields: 0, position });
    };
    let state = stored.state(tx, op.entity, op.entity_id, &fields)?;
    let merged = merge(&state, op);
    if !merged.applied {
        return Ok(Folded::ALREADY_HELD);
    }
    update(tx, op, origin, &fields, stored, &state, &merged)?;
    let conflicted_fields = merged.fields.values().filter(|f| f.in_conflict()).count();
    Ok(Folded { applied: true, conflicted_fields, position })
}

/// Writes the record an op creates: its fields as the op sets them, their clock the op's.
fn insert(tx: &Transaction, op: &Op, fields: &[FieldDef]) -> Result<(), StoreError> {
    let columns: Vec<&'static str> = fields.iter().map(|field| field.name).collect();
    let values = fields.iter().map(|field| to_sql(field.kind, &op.patch[field.name].new));
    let clock = Clock::created_text((op.hlc, op.device_id, op.op_id));
    let created_at = chrono::DateTime::from_timestamp_millis(i64::try_from(op.hlc.millis).unwrap_or(i64::MAX))
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true));
    let head: [rusqlite::types::Value; 6] = [
        op.entity_id.to_string().into(),
        1.into(),
        clock.into(),
        0.into(),
        created_at.into(),
        op.author.to_string().into(),
    ];
    let sql = sql_text::insert(op.entity, &columns);
    // A record inserted is indexed by its rowid, with no note (see `search::commit`).
    tx.prepare_cached(&sql)?.execute(params_from_iter(head.into_iter().chain(values)))?;
    Ok(())
}

/// Writes what a merge changed in a held record: winners, clock, losing versions.
fn update(
    tx: &Transaction,
    op: &Op,
    origin: Origin,
    fields: &[FieldDef],
    stored: Stored,
    before: &RecordState,
    merged: &Merged,
) -> Result<(), StoreError> {
    let id = op.entity_id.to_string();
    let (mut clock, mut conflicts) = (Clock::parse(&stored.clock)?, stored.conflicts);

    let mut columns = Vec::new();
    let mut values = Vec::new();
    for field in fields {
        let after = &merged.fields[field.name];
        let old = before.fields.get(field.name);
        let winner_changed = old.is_none_or(|o| o.winner.stamp != after.winner.stamp);
        if winner_changed {
            columns.push(field.name);
            values.push(to_sql(field.kind, &after.winner.value));
            let Stamp { hlc, device_id } = after.winner.stamp;
            clock.set(field.name, (hlc, device_id, after.winner.op_id));
        }
        let old_losers = old.map_or(&[][..], |o| o.losers.as_slice());
        if old_losers != after.losers.as_slice() {
            replace_losers(tx, op.entity, &id, field.name, &after.losers)?;
            conflicts += after.losers.len() as i64 - old_losers.len() as i64;
        }
    }
    let clock = clock.to_text()?;
    let rev = i64::try_from(merged.rev).map_err(StoreError::corrupt)?;

    let sql = sql_text::update(op.entity, &columns);
    let head = [rev.into(), clock.into(), conflicts.into()];
    let all = head.into_iter().chain(values).chain([id.clone().into()]);
    tx.prepare_cached(&sql)?.execute(params_from_iter(all))?;
    let indexed = !matches!(origin, Origin::Office { .. }) && search::indexes(op.entity);
    if indexed && columns.iter().any(|c| search::INDEXED_COLUMNS.contains(c)) {
        search::note(tx, op.entity, &id)?;
    }
    Ok(())
}

fn replace_losers(
    tx: &Transaction,
    entity: Entity,
    id: &str,
    field: &str,
    losers: &[Version],
) -> Result<(), StoreError> {
    tx.prepare_cached("DELETE FROM conflict WHERE entity = ?1 AND entity_id = ?2 AND field = ?3")?.execute(params![
        entity.as_str(),
        id,
        field
    ])?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO conflict (entity, entity_id, field, hlc, device_id, op_id, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for loser in losers {
        insert.execute(params![
            entity.as_str(),
            id,
            field,
            loser.stamp.hlc.to_string(),
            loser.stamp.device_id.to_string(),
            loser.op_id.to_string(),
            loser.value.to_string(),
        ])?;
    }
    Ok(())
}
