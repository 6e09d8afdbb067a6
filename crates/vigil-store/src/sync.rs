//! The replica's side of sync: the outbox of local ops, and pulled ops applied with the
//! cursor in one transaction, so a cursor never covers an op that is not stored.

use rusqlite::{OptionalExtension, params};
use uuid::Uuid;
use vigil_core::Op;

use crate::apply::apply_op;
use crate::{Store, StoreError};

/// What applying a page of pulled ops did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    pub applied: usize,
    /// Ops this replica already held (its own, or a page pulled twice).
    pub already_held: usize,
    /// Fields that ended the page with competing versions.
    pub conflicted_fields: usize,
}

impl Store {
    /// Applies pulled ops in order and moves the pull cursor, all in one transaction.
    pub fn apply_remote(&mut self, ops: &[Op], cursor: Option<u64>) -> Result<Applied, StoreError> {
        let tx = self.conn.transaction()?;
        let mut summary = Applied::default();
        let mut clock = self.clock;
        for op in ops {
            let merged = apply_op(&tx, op, false)?;
            if merged.applied {
                summary.applied += 1;
                summary.conflicted_fields += merged.fields.values().filter(|f| f.in_conflict()).count();
                clock.observe(op.hlc);
            } else {
                summary.already_held += 1;
            }
        }
        if let Some(cursor) = cursor {
            tx.execute(
                "INSERT INTO replica (key, value) VALUES ('pull_cursor', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [cursor.to_string()],
            )?;
        }
        tx.commit()?;
        self.clock = clock;
        Ok(summary)
    }

    /// The central office's sequence number up to which this replica has pulled.
    pub fn pull_cursor(&self) -> Result<u64, StoreError> {
        let value: Option<String> = self
            .conn
            .query_row("SELECT value FROM replica WHERE key = 'pull_cursor'", [], |row| row.get(0))
            .optional()?;
        value.map_or(Ok(0), |v| v.parse().map_err(StoreError::corrupt))
    }

    /// Local ops the central office does not have yet, oldest first.
    pub fn outbox(&self, limit: usize) -> Result<Vec<Op>, StoreError> {
        let mut statement =
            self.conn.prepare_cached("SELECT body FROM op_log WHERE outbox = 1 ORDER BY device_seq LIMIT ?1")?;
        let bodies = statement.query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |row| row.get::<_, String>(0))?;
        bodies.map(|body| serde_json::from_str(&body?).map_err(StoreError::corrupt)).collect()
    }

    pub fn outbox_len(&self) -> Result<u64, StoreError> {
        let n: i64 = self.conn.query_row("SELECT COUNT(*) FROM op_log WHERE outbox = 1", [], |row| row.get(0))?;
        u64::try_from(n).map_err(StoreError::corrupt)
    }

    /// Takes ops the central office has acknowledged out of the outbox.
    pub fn mark_pushed(&mut self, op_ids: &[Uuid]) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        {
            let mut statement = tx.prepare_cached("UPDATE op_log SET outbox = 0 WHERE op_id = ?1")?;
            for id in op_ids {
                statement.execute(params![id.to_string()])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Every op this replica holds, in the order it applied them.
    pub fn op_log(&self) -> Result<Vec<Op>, StoreError> {
        let mut statement = self.conn.prepare("SELECT body FROM op_log ORDER BY local_seq")?;
        let bodies = statement.query_map([], |row| row.get::<_, String>(0))?;
        bodies.map(|body| serde_json::from_str(&body?).map_err(StoreError::corrupt)).collect()
    }
}
