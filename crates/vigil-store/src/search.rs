//! Keeping the full-text index current. The write path [`note`]s the rows whose text
//! changed in `search_pending`; [`commit`] folds them into the FTS5 tables in one
//! statement per table and then commits, so every write of the store leaves the index
//! current. It also records the clock's high mark, so a reopened replica never issues an
//! older clock.

use rusqlite::Transaction;
use vigil_core::{Entity, Hlc};

use crate::StoreError;

/// The indexed entities and their FTS5 tables.
const INDEXED: &[(&str, &str)] = &[("observation", "observation_fts"), ("recommendation", "recommendation_fts")];

/// The columns whose change changes the index (the text, and the tombstone).
pub(crate) const INDEXED_COLUMNS: &[&str] = &["text", "deleted"];

pub(crate) fn indexes(entity: Entity) -> bool {
    INDEXED.iter().any(|(name, _)| *name == entity.as_str())
}

/// Notes that a record's indexed text changed in this transaction. `row` is its rowid
/// when the caller knows it (a record just inserted), saving a look-up by id.
pub(crate) fn note(tx: &Transaction, entity: Entity, id: &str, row: Option<i64>) -> Result<(), StoreError> {
    if let Some(row) = row {
        tx.prepare_cached("INSERT OR IGNORE INTO search_pending (entity, row) VALUES (?1, ?2)")?
            .execute(rusqlite::params![entity.as_str(), row])?;
        return Ok(());
    }
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
pub(crate) fn commit(tx: Transaction, clock: Hlc) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO replica (key, value) VALUES ('hlc_last', ?1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute([clock.to_string()])?;
    let pending: i64 = tx.query_row("SELECT COUNT(*) FROM search_pending", [], |row| row.get(0))?;
    if pending > 0 {
        for (entity, fts) in INDEXED {
            // Only rows the index may hold: a record inserted since has a rowid above every
            // indexed one, and looking it up in the index costs a search of it.
            tx.prepare_cached(&format!(
                "DELETE FROM {fts} WHERE rowid IN (SELECT row FROM search_pending WHERE entity = ?1
                   AND row <= (SELECT COALESCE(MAX(rowid), 0) FROM {fts}))"
            ))?
            .execute([entity])?;
            tx.prepare_cached(&format!(
                "INSERT INTO {fts} (rowid, text)
                     SELECT t.rowid, t.text FROM {entity} t JOIN search_pending p ON p.entity = ?1 AND p.row = t.rowid
                      WHERE t.deleted = 0"
            ))?
            .execute([entity])?;
        }
        tx.prepare_cached("DELETE FROM search_pending")?.execute([])?;
    }
    tx.commit()?;
    Ok(())
}
