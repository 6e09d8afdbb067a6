//! Keeping the full-text index current. The write path [`note`]s the rows whose text
//! changed in `search_pending`; [`commit`] folds them into the FTS5 tables in one
//! statement per table and then commits, so every write of the store leaves the index
//! current. It also records the clock's high mark, so a reopened replica never issues an
//! older clock.

use rusqlite::{OptionalExtension, Transaction};
use vigil_core::{Entity, Hlc};

use crate::StoreError;

/// The indexed entities and their FTS5 tables.
const INDEXED: &[(&str, &str)] = &[("observation", "observation_fts"), ("recommendation", "recommendation_fts")];

/// The columns whose change changes the index (the text, and the tombstone).
pub(crate) const INDEXED_COLUMNS: &[&str] = &["text", "deleted"];

pub(crate) fn indexes(entity: Entity) -> bool {
    INDEXED.iter().any(|(name, _)| *name == entity.as_str())
}

/// Notes that an existing record's indexed text changed in this transaction. A record
/// inserted needs no note: [`commit`] indexes every row above the index's last.
pub(crate) fn note(tx: &Transaction, entity: Entity, id: &str) -> Result<(), StoreError> {
    let sql = match entity {
        Entity::Observation => {
            "INSERT OR IGNORE INTO search_pending SELECT 'observation', rowid FROM observation WHERE id = ?1"
        }
        _ => "INSERT OR IGNORE INTO search_pending SELECT 'recommendation', rowid FROM recommendation WHERE id = ?1",
    };
    tx.prepare_cached(sql)?.execute([id])?;
    Ok(())
}

/// Refreshes the search index from the rows changed in this transaction, then commits.
///
/// The index holds exactly the records not deleted. Records are never removed, so a
/// record inserted has a rowid above every earlier one, and above the index's last: the
/// rows above that are the ones inserted since (or deleted ones, which stay out), found by
/// a range of rowids. Rows at or below it changed only if noted.
pub(crate) fn commit(tx: Transaction, clock: Hlc) -> Result<(), StoreError> {
    for (entity, fts) in INDEXED {
        let last: i64 = tx
            .prepare_cached(&format!("SELECT rowid FROM {fts} ORDER BY rowid DESC LIMIT 1"))?
            .query_row([], |row| row.get(0))
            .optional()?
            .unwrap_or(0);
        // In rowid order: FTS5 writes its pending terms out whenever a rowid is not above
        // the last one it took.
        tx.prepare_cached(&format!(
            "DELETE FROM {fts} WHERE rowid IN (SELECT row FROM search_pending WHERE entity = ?1 AND row <= ?2)"
        ))?
        .execute(rusqlite::params![entity, last])?;
        tx.prepare_cached(&format!(
            "INSERT INTO {fts} (rowid, text)
                 SELECT t.rowid, t.text FROM search_pending p JOIN {entity} t ON t.rowid = p.row
                  WHERE p.entity = ?1 AND p.row <= ?2 AND t.deleted = 0 ORDER BY t.rowid"
        ))?
        .execute(rusqlite::params![entity, last])?;
        tx.prepare_cached(&format!(
            "INSERT INTO {fts} (rowid, text) SELECT rowid, text FROM {entity} WHERE rowid > ?1 AND deleted = 0 ORDER BY rowid"
        ))?
        .execute([last])?;
    }
    tx.prepare_cached("DELETE FROM search_pending")?.execute([])?;
    commit_unindexed(tx, clock)
}

/// Commits without touching the search index: the central office's writes, which keep
/// none (see `Origin::Office`).
pub(crate) fn commit_unindexed(tx: Transaction, clock: Hlc) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO replica (key, value) VALUES ('hlc_last', ?1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute([clock.to_string()])?;
    tx.commit()?;
    Ok(())
}
