//! The office's epoch (see server migration 0009): which incarnation of its log a device's
//! cursor counts in, and the backups made of it.

use serde::Serialize;
use uuid::Uuid;
use vigil_core::protocol::OfficeRestored;
use vigil_store::Store;
use vigil_store::rusqlite::{Connection, OptionalExtension, params};

use super::{SqliteStorage, now};
use crate::ServerError;
use crate::storage::{Cursor, DeviceAuth};

/// A backup made of this office, as `office_backup` keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupRecord {
    pub at: String,
    pub file: String,
    pub bytes: u64,
    pub millis: u64,
}

impl BackupRecord {
    /// The record of a backup just made.
    pub fn of(summary: &crate::backup::Summary) -> BackupRecord {
        BackupRecord {
            at: now(),
            file: summary.file.display().to_string(),
            bytes: summary.bytes,
            millis: u64::try_from(summary.took.as_millis()).unwrap_or(u64::MAX),
        }
    }
}

/// Gives a new office its first epoch (an office of before 0009 too).
pub(super) fn begin_first(store: &Store) -> Result<(), ServerError> {
    store.sql().execute(
        "INSERT INTO office_epoch (epoch, after_seq, began_at) SELECT ?1, 0, ?2
          WHERE NOT EXISTS (SELECT 1 FROM office_epoch)",
        params![Uuid::new_v4().to_string(), now()],
    )?;
    Ok(())
}

fn current(sql: &Connection) -> Result<Uuid, ServerError> {
    let epoch: String =
        sql.query_row("SELECT epoch FROM office_epoch ORDER BY rowid DESC LIMIT 1", [], |row| row.get(0))?;
    epoch.parse().map_err(|_| ServerError::Internal(format!("office epoch {epoch:?} is not a UUID")))
}

/// Where a pull from `cursor` starts in the office's log, the office's epoch, and, if the
/// cursor counts in an earlier one, what the office holds of the device's own ops. The log
/// up to the `after_seq` of the incarnation that followed the device's is the one it was
/// sent; past it, numbers were handed out again, so the device pulls from there again
/// (ops it holds are skipped by id). An epoch this office never had began after the
/// snapshot it was restored from: the device pulls everything again.
pub(super) fn rewind(
    sql: &Connection,
    device: &DeviceAuth,
    cursor: Cursor,
) -> Result<(u64, Uuid, Option<OfficeRestored>), ServerError> {
    let epoch = current(sql)?;
    let Some(theirs) = cursor.epoch.filter(|theirs| *theirs != epoch) else {
        return Ok((cursor.since, epoch, None));
    };
    let back_to: Option<i64> = sql
        .query_row(
            "SELECT after_seq FROM office_epoch
              WHERE rowid > (SELECT rowid FROM office_epoch WHERE epoch = ?1) ORDER BY rowid LIMIT 1",
            [theirs.to_string()],
            |row| row.get(0),
        )
        .optional()?;
    let held: i64 = sql
        .query_row("SELECT last_seq FROM device WHERE id = ?1", [device.device_id.to_string()], |row| row.get(0))
        .optional()?
        .unwrap_or(0);
    let since = cursor.since.min(u64::try_from(back_to.unwrap_or(0)).unwrap_or(0));
    tracing::info!(device = %device.device_id, %theirs, %epoch, since, held, "a device pulls again after a restore");
    Ok((since, epoch, Some(OfficeRestored { held: u64::try_from(held).unwrap_or(0) })))
}

impl SqliteStorage {
    /// The office's epoch now.
    pub fn epoch(&self) -> Result<Uuid, ServerError> {
        current(self.reader().sql())
    }

    /// Begins a new epoch after the log as restored from a backup, and forgets the
    /// unfinished uploads of the snapshot (their bytes are not in a backup: each device
    /// starts those again from byte 0). Answers the new epoch.
    ///
    /// Every enrolled device then waits for an administrator's confirmation: one revoked
    /// after the backup was made is not revoked in it, and must not be trusted again.
    pub fn begin_epoch_after_restore(&self, backup_made_at: &str) -> Result<Uuid, ServerError> {
        let epoch = Uuid::new_v4();
        let store = self.store();
        store.sql().execute(
            "INSERT INTO office_epoch (epoch, after_seq, began_at, restored_from)
             VALUES (?1, (SELECT COALESCE(MAX(local_seq), 0) FROM op_log), ?2, ?3)",
            params![epoch.to_string(), now(), backup_made_at],
        )?;
        store.sql().execute(
            "UPDATE device SET unconfirmed_since = ?1 WHERE token_hash IS NOT NULL AND revoked_at IS NULL",
            [now()],
        )?;
        store.sql().execute("DELETE FROM blob_upload WHERE completed_at IS NULL", [])?;
        Ok(epoch)
    }

    /// Notes a backup made of this office.
    pub fn record_backup(&self, backup: &BackupRecord) -> Result<(), ServerError> {
        self.store().sql().execute(
            "INSERT INTO office_backup (at, file, bytes, millis) VALUES (?1, ?2, ?3, ?4)",
            params![backup.at, backup.file, backup.bytes as i64, backup.millis as i64],
        )?;
        Ok(())
    }

    /// The last backup made of this office, if any.
    pub fn last_backup(&self) -> Result<Option<BackupRecord>, ServerError> {
        last_backup(self.reader().sql())
    }
}

/// When the office was last restored, and the time the backup it came from was made.
pub(super) fn last_restore(sql: &Connection) -> Result<Option<(String, String)>, ServerError> {
    Ok(sql
        .query_row(
            "SELECT began_at, restored_from FROM office_epoch WHERE restored_from IS NOT NULL
              ORDER BY rowid DESC LIMIT 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?)
}

/// The last backup noted in this database, if any (read with the caller's other reads).
pub(super) fn last_backup(sql: &Connection) -> Result<Option<BackupRecord>, ServerError> {
    let last = sql
        .query_row("SELECT at, file, bytes, millis FROM office_backup ORDER BY id DESC LIMIT 1", [], |row| {
            Ok(BackupRecord {
                at: row.get(0)?,
                file: row.get(1)?,
                bytes: row.get::<_, i64>(2)? as u64,
                millis: row.get::<_, i64>(3)? as u64,
            })
        })
        .optional()?;
    Ok(last)
}

#[cfg(test)]
mod tests {
    use vigil_core::Role;
    use vigil_core::records::Team;

    use super::*;

    fn teams(office: &SqliteStorage, count: usize) -> u64 {
        for n in 0..count {
            let team = Team { id: Uuid::now_v7(), name: format!("Team {n}"), region: String::new() };
            office.add_records(&[team.into()]).expect("team");
        }
        let last: i64 =
            office.reader().sql().query_row("SELECT MAX(local_seq) FROM op_log", [], |row| row.get(0)).expect("log");
        last as u64
    }

    #[test]
    fn a_cursor_moves_back_to_where_the_log_of_its_epoch_and_the_office_agree() {
        let dir = tempfile::tempdir().expect("dir");
        let office = SqliteStorage::open(dir.path()).expect("office");
        let first = office.epoch().expect("epoch");
        let at_first_restore = teams(&office, 3);
        let second = office.begin_epoch_after_restore("2026-01-01T00:00:00Z").expect("restored");
        let at_second_restore = teams(&office, 4);
        let third = office.begin_epoch_after_restore("2026-01-02T00:00:00Z").expect("restored again");
        teams(&office, 2);
        assert_eq!(office.epoch().expect("epoch"), third);

        let device =
            DeviceAuth { device_id: Uuid::now_v7(), user_id: Uuid::nil(), role: Role::Inspector, teams: vec![] };
        let from = |since, epoch| rewind(office.reader().sql(), &device, Cursor { since, epoch }).expect("rewind");
        assert_eq!(from(50, Some(third)), (50, third, None), "the office's own epoch: as it is");
        assert_eq!(from(50, None), (50, third, None), "an app of protocol 2: as it is");
        let restored = Some(OfficeRestored { held: 0 });
        assert_eq!(from(50, Some(first)), (at_first_restore, third, restored), "back to the first restore");
        assert_eq!(from(2, Some(first)), (2, third, restored), "a cursor behind it stays");
        assert_eq!(from(50, Some(second)), (at_second_restore, third, restored), "back to the second restore");
        assert_eq!(from(50, Some(Uuid::new_v4())), (0, third, restored), "an epoch the office never had: from 0");
    }
}
