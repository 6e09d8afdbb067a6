//! Opening the file: pragmas, migrations in one transaction, and refusing a database
//! made by a newer Vigil (an old binary must never write over a schema it does not know).

use std::sync::LazyLock;
use std::time::Duration;

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

use crate::StoreError;

/// The device migrations, in order; their count is the schema version.
const MIGRATIONS: &[&str] = &[include_str!("../../../migrations/device/0001_replica.sql")];

static DEVICE_MIGRATIONS: LazyLock<Migrations<'static>> =
    LazyLock::new(|| Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect()));

/// The schema version this binary writes.
pub fn supported_version() -> usize {
    MIGRATIONS.len()
}

/// The schema version recorded in the file (SQLite's `user_version`).
pub fn stored_version(conn: &Connection) -> Result<usize, StoreError> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    usize::try_from(version).map_err(StoreError::corrupt)
}

pub(crate) fn prepare(conn: &mut Connection) -> Result<(), StoreError> {
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    let found = stored_version(conn)?;
    let supported = supported_version();
    if found > supported {
        return Err(StoreError::SchemaTooNew { found, supported });
    }
    DEVICE_MIGRATIONS.to_latest(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        assert_eq!(DEVICE_MIGRATIONS.validate(), Ok(()));
    }
}
