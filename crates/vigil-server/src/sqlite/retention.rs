//! The office's retention period for devices ([`vigil_core::retention`]): kept in the
//! office's replica, set from the command line, and sent with every page of changes, so
//! each device learns it at its next sync. The office itself removes nothing.

use vigil_core::retention::RetentionDays;
use vigil_store::rusqlite::{Connection, OptionalExtension, params};

use super::{SqliteStorage, now, office_audit};
use crate::ServerError;

const KEY: &str = "setting:retention_days";

/// The period now, as a page of changes states it.
pub(super) fn read(conn: &Connection) -> Result<Option<RetentionDays>, ServerError> {
    let days: Option<i64> = conn
        .prepare_cached("SELECT CAST(value AS INTEGER) FROM replica WHERE key = ?1")?
        .query_row([KEY], |row| row.get(0))
        .optional()?;
    days.map(|days| RetentionDays::new(days).map_err(|err| ServerError::Internal(err.to_string()))).transpose()
}

/// Keeps the period (`None`: lifts it), unaudited: the caller records why.
pub(super) fn write(conn: &Connection, days: Option<RetentionDays>) -> Result<(), ServerError> {
    match days {
        Some(days) => conn.execute(
            "INSERT INTO replica (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![KEY, days.get().to_string()],
        )?,
        None => conn.execute("DELETE FROM replica WHERE key = ?1", [KEY])?,
    };
    Ok(())
}

impl SqliteStorage {
    /// Sets (or, with `None`, lifts) the period devices keep a visit's interviews and
    /// photos after its approval; audited as the administrator's act.
    pub fn set_retention(&self, actor: uuid::Uuid, days: Option<RetentionDays>) -> Result<(), ServerError> {
        self.store().write(|w| {
            write(w.sql(), days)?;
            let details = serde_json::json!({ "days": days, "at": now() });
            office_audit::record(w.sql(), actor, "retention_set", None, details)?;
            Ok(())
        })
    }

    /// The period devices are told.
    pub fn retention(&self) -> Result<Option<RetentionDays>, ServerError> {
        read(self.store().sql())
    }
}
