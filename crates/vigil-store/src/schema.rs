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
    include_str!("../../../migrations/device/0006_attachment_ops.sql"),
    include_str!("../../../migrations/device/0007_lean_op_log.sql"),
    include_str!("../../../migrations/device/0008_blob_set_aside.sql"),
    include_str!("../../../migrations/device/0009_template_languages.sql"),
    include_str!("../../../migrations/device/0010_rejected_detail.sql"),
    include_str!("../../../migrations/device/0011_reprisal_check.sql"),
    include_str!("../../../migrations/device/0012_place_time_zone.sql"),
    include_str!("../../../migrations/device/0013_authority_answer.sql"),
    include_str!("../../../migrations/device/0014_retention.sql"),
    include_str!("../../../migrations/device/0015_debrief.sql"),
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

/// The page size of a new central office file. Its writes are large (a push batch of
/// 1,000 ops is about 1.5 MB), and each page is a frame of the WAL written on its own, so
/// bigger pages mean fewer writes: 16 KiB took 12% off applying a batch (4 and 64 KiB
/// were slower). A device keeps SQLite's 4 KiB, which its encryption is set up for.
pub const CENTRAL_PAGE_SIZE: u32 = 16 * 1024;

/// Opens the schema `migrations` describes: the device's, or a longer list that starts
/// with it (the central office adds its own tables). `page_size` applies to a new file only.
pub(crate) fn prepare(
    conn: &mut Connection,
    migrations: &[&'static str],
    page_size: Option<u32>,
) -> Result<(), StoreError> {
    conn.busy_timeout(Duration::from_secs(5))?;
    if let Some(page_size) = page_size {
        conn.pragma_update(None, "page_size", page_size)?;
    }
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // A sync writes a few MB in a run of transactions: checkpoint the WAL at 40 MB rather
    // than SQLite's 4 MB, so a page rewritten by consecutive batches is copied once.
    // (SQLCipher answers the page size as text.)
    let page_size = conn.pragma_query_value(None, "page_size", |row| row.get::<_, rusqlite::types::Value>(0))?;
    let page_size = match page_size {
        rusqlite::types::Value::Integer(size) => size,
        rusqlite::types::Value::Text(size) => size.parse().unwrap_or(4096),
        _ => 4096,
    };
    conn.pragma_update(None, "wal_autocheckpoint", 40 * 1024 * 1024 / page_size.max(512))?;
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
