//! The office's size for `/metrics`: devices enrolled, the database and the blobs it holds.
//! Read from a read-only connection, so a scrape never waits for a push being applied.

use super::SqliteStorage;
use crate::ServerError;
use crate::storage::OfficeFigures;

impl SqliteStorage {
    pub(super) fn read_figures(&self) -> Result<OfficeFigures, ServerError> {
        let store = self.reader();
        let count = |sql: &str| -> Result<u64, ServerError> {
            let value: i64 = store.sql().query_row(sql, [], |row| row.get(0))?;
            Ok(u64::try_from(value).unwrap_or(0))
        };
        Ok(OfficeFigures {
            // The office's own row (its admin edits) has no token: not a device in the field.
            devices_enrolled: count("SELECT count(*) FROM device WHERE token_hash IS NOT NULL AND revoked_at IS NULL")?,
            database_bytes: count("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")?,
            blob_bytes: count("SELECT COALESCE(SUM(size), 0) FROM blob")?,
        })
    }
}
