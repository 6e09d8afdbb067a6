//! Opening the file: pragmas, migrations in one transaction, and refusing a database
//! made by a newer Vigil (an old binary must never write over a schema it does not know).

use std::time::Duration;

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

use crate::StoreError;

/// The device's migrations, in order; their count is the device schema version.
pub const DEVICE: &[&str] = &[
    include_str!("../../../migrations/device/0001_replica.sql"),
    include_str!("../../../migrations/device/0002_rejected.sql"),
    include_str!("../../../migrations/device/0003_amendment.sql"),
    include_str!("../../../migrations/device/0004_pulled_op.sql"),
    include_str!("../../../migrations/device/0005_op_scope.sql"),
];

/// The device schema version this binary writes.
pub fn supported_version() -> usize {
    DEVICE.len()
}

/// The schema version recorded in the file (SQLite's `user_version`).
pub fn stored_version(conn: &Connection) -> Result<usize, StoreError> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    usize::try_from(version).map_err(StoreError::corrupt)
}

/// Opens the schema `migrations` describes: the device's, or a longer list that starts
/// with it (the central office adds its own tables).
pub(crate) fn prepare(conn: &mut Connection, migrations: &[&'static str]) -> Result<(), StoreError> {
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // A sync writes a few MB in a run of transactions: checkpoint the WAL at 40 MB rather
    // than SQLite's 4 MB, so a page rewritten by consecutive batches is copied once.
    conn.pragma_update(None, "wal_autocheckpoint", 10_000)?;
    let found = stored_version(conn)?;
    let supported = migrations.len();
    if found > supported {
        return Err(StoreError::SchemaTooNew { found, supported });
    }
    // rusqlite_migration runs every pending step in one transaction.
    Migrations::new(migrations.iter().map(|sql| M::up(sql)).collect()).to_latest(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        let migrations = Migrations::new(DEVICE.iter().map(|sql| M::up(sql)).collect());
        assert_eq!(migrations.validate(), Ok(()));
    }
}
