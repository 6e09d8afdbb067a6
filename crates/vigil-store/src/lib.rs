//! A Vigil replica on one SQLite file.
//!
//! The store keeps the current value of every record in a table per entity, and beside it
//! the op log: every local edit is written **with its op in one transaction**, and ops
//! pulled from the central office go through the same [merge](vigil_core::merge) before
//! the pull cursor moves, in the same transaction. Ops made here stay in the outbox until
//! the central office has them.
//!
//! - [`schema`]: opening the file, migrations, refusing a newer schema.
//! - [`apply`]: folding one op into the tables (shared by local edits and pulled ops).
//! - [`admission`]: the gate every edit passes, local, pushed or the office's own.
//! - [`edit`]: local edits, through the gate.
//! - [`sync`]: the outbox, pulled ops, the cursor.
//! - [`queries`]: what the app reads.
//! - `retention`: removing old visits' interviews and photos from a device.

pub mod admission;
mod apply;
mod blobs;
mod clock;
mod edit;
mod error;
mod links;
pub mod queries;
mod retention;
mod row_record;
pub mod schema;
mod search;
mod sql_text;
mod sql_value;
mod sync;
pub mod vault;
pub mod wipe;
mod writer;

use std::path::Path;

use rusqlite::{Connection, OptionalExtension};
use uuid::Uuid;
use vigil_core::{Hlc, HlcClock, Role};

pub use blobs::{SetAsideAttachment, SetAsideBlob};
pub use error::StoreError;
pub use queries::{
    AnnualFigures, AnswerCounts, AnswerFollowUp, AnswerWithPlan, AuthorityBacklog, AuthorityYear, CommentThread,
    Conflict, CoverageGroup, Dashboard, Dated, ImplementationRate, MonthlyVisits, OpenRecommendation, OpenVisit,
    PersonToCheck, PlaceSummary, PlannedStep, QueuedVisit, RecommendationFilter, RecommendationTracker, Reminder,
    ReminderKind, ReprisalCheckCounts, SearchHit, TrackedRecommendation, TrackedStatus, UncoveredPlace, VisitBundle,
    VisitCounts, VisitIntegrity, VisitScope,
};
pub use retention::{Purged, PurgedVisit};
pub use sync::{Applied, LoggedOp, PullStart, RejectedOp};
pub use writer::Writer;

/// Who is editing: the author of the ops and the role the workflow checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Uuid,
    pub role: Role,
}

/// One replica: the device's own store (the server keeps one too).
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    /// Beside the store file: `device.db` keeps its blobs in `device.blobs/`.
    blob_dir: std::path::PathBuf,
    /// Encrypts blob files when the store is encrypted.
    blob_key: Option<zeroize::Zeroizing<[u8; 32]>>,
    device_id: Uuid,
    clock: HlcClock,
    /// Milliseconds this replica's wall clock is moved by: see [`Store::set_clock_skew`].
    clock_skew: i64,
}

impl Store {
    /// Opens (creating if needed) the replica at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Self::open_with_schema(path, schema::DEVICE)
    }

    /// Opens a replica whose schema is the device's followed by more migrations (the
    /// central office's tables), all checked and run the same way.
    pub fn open_with_schema(path: &Path, migrations: &[&'static str]) -> Result<Store, StoreError> {
        Self::prepare(Connection::open(path)?, path, migrations, None, None)
    }

    /// [`Store::open_with_schema`] for the central office's replica: every team's records,
    /// written in large transactions, in pages of [`schema::CENTRAL_PAGE_SIZE`] if the
    /// file is new.
    pub fn open_central(path: &Path, migrations: &[&'static str]) -> Result<Store, StoreError> {
        Self::prepare(Connection::open(path)?, path, migrations, None, Some(schema::CENTRAL_PAGE_SIZE))
    }

    /// Opens a second, read-only connection to an unencrypted replica another [`Store`]
    /// opened (and migrated) first. In WAL mode it reads a committed snapshot while that
    /// store writes, so the central office answers reads without waiting for its writer.
    pub fn open_reader(path: &Path) -> Result<Store, StoreError> {
        let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        conn.set_prepared_statement_cache_capacity(64);
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let device_id: Option<String> =
            conn.query_row("SELECT value FROM replica WHERE key = 'device_id'", [], |row| row.get(0)).optional()?;
        let device_id =
            device_id.ok_or_else(|| StoreError::corrupt("a reader opened a replica never opened to write"))?;
        Ok(Store {
            conn,
            blob_dir: path.with_extension("blobs"),
            blob_key: None,
            device_id: device_id.parse().map_err(StoreError::corrupt)?,
            clock: HlcClock::resume(Hlc::ZERO),
            clock_skew: 0,
        })
    }

    /// This store reading its blobs (unsealed, named by their SHA-256) from `dir`: the
    /// office keeps them beside its database, where a report finds its photos.
    pub fn with_blob_dir(self, dir: std::path::PathBuf) -> Store {
        Store { blob_dir: dir, ..self }
    }

    /// Opens (creating if needed) the device's replica encrypted at rest with keys derived
    /// from `key`: the database with SQLCipher, blob files with XChaCha20-Poly1305. Nothing
    /// of the data is ever written in clear, temporary tables included.
    pub fn open_encrypted(path: &Path, key: &vault::MasterKey) -> Result<Store, StoreError> {
        let conn = Connection::open(path)?;
        let database_key = key.derive("vigil database key");
        // SQLCipher takes the raw key, skipping its own slow key derivation.
        let pragma = zeroize::Zeroizing::new(format!("PRAGMA key = \"x'{}'\";", hex::encode(database_key.as_ref())));
        conn.execute_batch(&pragma)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        if let Err(err) = conn.query_row("SELECT COUNT(*) FROM sqlite_master", [], |row| row.get::<_, i64>(0)) {
            return Err(match err.sqlite_error_code() {
                Some(rusqlite::ErrorCode::NotADatabase) => StoreError::WrongKey,
                _ => err.into(),
            });
        }
        Self::prepare(conn, path, schema::DEVICE, Some(key.derive("vigil blob key")), None)
    }

    fn prepare(
        mut conn: Connection,
        path: &Path,
        migrations: &[&'static str],
        blob_key: Option<zeroize::Zeroizing<[u8; 32]>>,
        page_size: Option<u32>,
    ) -> Result<Store, StoreError> {
        conn.set_prepared_statement_cache_capacity(64);
        schema::prepare(&mut conn, migrations, page_size)?;
        let device_id = Self::device_id_of(&conn)?;
        let last: Option<String> =
            conn.query_row("SELECT value FROM replica WHERE key = 'hlc_last'", [], |row| row.get(0)).optional()?;
        let last = last.map(|text| text.parse::<Hlc>()).transpose().map_err(StoreError::corrupt)?;
        let blob_dir = path.with_extension("blobs");
        let clock = HlcClock::resume(last.unwrap_or(Hlc::ZERO));
        Ok(Store { conn, blob_dir, blob_key, device_id, clock, clock_skew: 0 })
    }

    /// The id of this replica, made once when the file is created.
    pub fn device_id(&self) -> Uuid {
        self.device_id
    }

    /// Moves this replica's idea of the time by `millis` (negative: behind), as a device
    /// whose clock is set wrong: for tests of clocks that disagree (the app never calls it).
    pub fn set_clock_skew(&mut self, millis: i64) {
        self.clock_skew = millis;
    }

    /// This replica's idea of the time, in wall-clock milliseconds.
    pub(crate) fn now(&self) -> u64 {
        now_millis().saturating_add_signed(self.clock_skew)
    }

    /// SQLite's own check of the whole file (`PRAGMA integrity_check`): `"ok"`, or a line
    /// per damage found.
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        let mut statement = self.conn.prepare("PRAGMA integrity_check")?;
        let lines = statement.query_map([], |row| row.get::<_, String>(0))?;
        Ok(lines.collect::<Result<Vec<_>, _>>()?.join("\n"))
    }

    /// Caps the file at `pages` pages (`PRAGMA max_page_count`; at least its size now), as
    /// a full disk would: a transaction that needs more fails whole with
    /// [`StoreError::DiskFull`]. For tests of a full disk; answers the cap set.
    pub fn set_max_pages(&self, pages: u64) -> Result<u64, StoreError> {
        Ok(self.conn.pragma_update_and_check(None, "max_page_count", pages, |row| row.get(0))?)
    }

    /// The file's size in pages (`PRAGMA page_count`).
    pub fn page_count(&self) -> Result<u64, StoreError> {
        Ok(self.conn.query_row("PRAGMA page_count", [], |row| row.get(0))?)
    }

    fn device_id_of(conn: &Connection) -> Result<Uuid, StoreError> {
        let stored: Option<String> =
            conn.query_row("SELECT value FROM replica WHERE key = 'device_id'", [], |row| row.get(0)).optional()?;
        match stored {
            Some(text) => text.parse().map_err(StoreError::corrupt),
            None => {
                let id = Uuid::now_v7();
                conn.execute("INSERT INTO replica (key, value) VALUES ('device_id', ?1)", [id.to_string()])?;
                Ok(id)
            }
        }
    }
}

/// Wall-clock milliseconds for the hybrid logical clock.
fn now_millis() -> u64 {
    u64::try_from(chrono::Utc::now().timestamp_millis()).unwrap_or(0)
}
pub use rusqlite;
