//! The office's own audit chain (`office_audit`, server migration 0008): sign-ins, people
//! and devices changed from the console or the command line, codes issued, enrolments and
//! revocations. Each event is hashed and linked exactly as a device's are
//! ([`vigil_core::audit::chain`]), under the chain id [`OFFICE_CHAIN`]; it is a table of the
//! office's, not a record, so it never syncs and the devices' chains stay as they were
//! written.

use chrono::{DateTime, Utc};
use uuid::Uuid;
use vigil_core::Entity;
use vigil_core::audit::{self, Action, ChainError};
use vigil_core::records::AuditEvent;
use vigil_store::rusqlite::{Connection, OptionalExtension, Row, params};

use crate::ServerError;

/// The chain id (an event's `device_id`) of the office's own chain.
pub const OFFICE_CHAIN: Uuid = Uuid::nil();

/// Who acts from the command line (the machine's administrator), as an event's actor.
pub const COMMAND_LINE: Uuid = Uuid::nil();

const COLUMNS: &str = "id, seq, at, actor_id, action, target_entity, target_id, details, prev_hash, hash";

/// Appends an event to the office's chain inside the caller's transaction, so the event
/// and what it records are stored together or not at all.
pub fn record(
    sql: &Connection,
    actor: Uuid,
    action: &str,
    target: Option<(Entity, Uuid)>,
    details: serde_json::Value,
) -> Result<AuditEvent, ServerError> {
    let previous = sql
        .query_row(&format!("SELECT {COLUMNS} FROM office_audit ORDER BY seq DESC LIMIT 1"), [], event_of)
        .optional()?
        .transpose()?;
    let details = if details.is_null() { String::new() } else { details.to_string() };
    let event = audit::chain(
        previous.as_ref(),
        Action { at: Utc::now(), actor_id: actor, device_id: OFFICE_CHAIN, action: action.to_owned(), target, details },
    );
    sql.execute(
        "INSERT INTO office_audit (seq, id, at, actor_id, action, target_entity, target_id, details, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            event.seq,
            event.id.to_string(),
            at_text(&event.at),
            event.actor_id.to_string(),
            event.action,
            event.target_entity.map(|e| e.as_str()),
            event.target_id.map(|id| id.to_string()),
            event.details,
            event.prev_hash,
            event.hash,
        ],
    )?;
    Ok(event)
}

/// Every event of the office's chain, in order.
pub fn all(sql: &Connection) -> Result<Vec<AuditEvent>, ServerError> {
    let mut statement = sql.prepare(&format!("SELECT {COLUMNS} FROM office_audit ORDER BY seq"))?;
    let rows = statement.query_map([], event_of)?;
    rows.map(|row| row?).collect()
}

/// Checks the office's chain link by link.
pub fn verify(events: &[AuditEvent]) -> Result<(), ChainError> {
    audit::verify_chain(events)
}

/// The time as serde writes it, so the event read back hashes the same.
fn at_text(at: &DateTime<Utc>) -> String {
    serde_json::to_value(at).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

fn event_of(row: &Row) -> vigil_store::rusqlite::Result<Result<AuditEvent, ServerError>> {
    let text = |n: usize| row.get::<_, String>(n);
    let (id, at, actor, target_entity, target_id) =
        (text(0)?, text(2)?, text(3)?, row.get::<_, Option<String>>(5)?, row.get::<_, Option<String>>(6)?);
    let (seq, action, details, prev_hash, hash) = (row.get(1)?, text(4)?, text(7)?, text(8)?, text(9)?);
    let damaged = |what: &str| ServerError::Internal(format!("office audit event {seq}: damaged {what}"));
    Ok((|| {
        Ok(AuditEvent {
            id: id.parse().map_err(|_| damaged("id"))?,
            seq,
            at: serde_json::from_value(serde_json::Value::String(at)).map_err(|_| damaged("time"))?,
            actor_id: actor.parse().map_err(|_| damaged("actor"))?,
            device_id: OFFICE_CHAIN,
            action,
            target_entity: target_entity
                .map(|e| serde_json::from_value(serde_json::Value::String(e)))
                .transpose()
                .map_err(|_| damaged("target"))?,
            target_id: target_id.map(|t| t.parse()).transpose().map_err(|_| damaged("target"))?,
            details,
            prev_hash,
            hash,
        })
    })())
}
