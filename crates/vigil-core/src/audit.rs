//! Tamper evidence. Each device's audit events form a hash chain: an event carries its
//! number on the device (`seq` 1, 2, 3…), the hash of the previous event, and a SHA-256
//! over its own content and that previous hash. Changing, removing or reordering an event
//! breaks every link after it; the central office checks each link as events arrive and
//! can check whole chains again (`vigil-server audit verify`).

use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::entity::Entity;
use crate::records::AuditEvent;

/// The `prev_hash` of a device's first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The hashed content, in a fixed order (serde writes struct fields in declaration order).
#[derive(Serialize)]
struct Content<'a> {
    device_id: Uuid,
    seq: i64,
    at: &'a DateTime<Utc>,
    actor_id: Uuid,
    action: &'a str,
    target_entity: Option<Entity>,
    target_id: Option<Uuid>,
    details: &'a str,
    prev_hash: &'a str,
}

/// SHA-256 (hex) over an event's content and its previous hash.
pub fn event_hash(event: &AuditEvent) -> String {
    let content = Content {
        device_id: event.device_id,
        seq: event.seq,
        at: &event.at,
        actor_id: event.actor_id,
        action: &event.action,
        target_entity: event.target_entity,
        target_id: event.target_id,
        details: &event.details,
        prev_hash: &event.prev_hash,
    };
    let text = serde_json::to_string(&content).unwrap_or_default();
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// SHA-256 (hex) over records in the order given: the fingerprint of a visit's content
/// recorded in the audit trail when it is submitted and approved.
pub fn content_hash(records: &[crate::records::Record]) -> String {
    let text = serde_json::to_vec(records).unwrap_or_default();
    hex::encode(Sha256::digest(&text))
}

/// What an event records, before it is chained.
#[derive(Debug, Clone)]
pub struct Action {
    pub at: DateTime<Utc>,
    pub actor_id: Uuid,
    pub device_id: Uuid,
    pub action: String,
    pub target: Option<(Entity, Uuid)>,
    pub details: String,
}

/// The next event of a device's chain after `previous` (its last event, if any).
pub fn chain(previous: Option<&AuditEvent>, action: Action) -> AuditEvent {
    let mut event = AuditEvent {
        id: crate::ids::new_id(),
        seq: previous.map_or(1, |p| p.seq + 1),
        at: action.at,
        actor_id: action.actor_id,
        device_id: action.device_id,
        action: action.action,
        target_entity: action.target.map(|(entity, _)| entity),
        target_id: action.target.map(|(_, id)| id),
        details: action.details,
        prev_hash: previous.map_or_else(|| GENESIS.to_owned(), |p| p.hash.clone()),
        hash: String::new(),
    };
    event.hash = event_hash(&event);
    event
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainError {
    #[error("audit event {seq} of device {device_id} does not match its hash: it was changed")]
    Altered { device_id: Uuid, seq: i64 },
    #[error("audit event {found} of device {device_id} follows event {after}: events are missing or reordered")]
    Gap { device_id: Uuid, after: i64, found: i64 },
    #[error("audit event {seq} of device {device_id} does not follow the hash of the event before it")]
    Broken { device_id: Uuid, seq: i64 },
}

/// Checks one link: `next` follows `previous` (or starts the chain) and is unaltered.
pub fn check_link(previous: Option<&AuditEvent>, next: &AuditEvent) -> Result<(), ChainError> {
    let device_id = next.device_id;
    if event_hash(next) != next.hash {
        return Err(ChainError::Altered { device_id, seq: next.seq });
    }
    let after = previous.map_or(0, |p| p.seq);
    if next.seq != after + 1 {
        return Err(ChainError::Gap { device_id, after, found: next.seq });
    }
    if next.prev_hash != previous.map_or(GENESIS, |p| p.hash.as_str()) {
        return Err(ChainError::Broken { device_id, seq: next.seq });
    }
    Ok(())
}

/// Checks a device's whole chain, given in `seq` order.
pub fn verify_chain(events: &[AuditEvent]) -> Result<(), ChainError> {
    let mut previous = None;
    for event in events {
        check_link(previous, event)?;
        previous = Some(event);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(n: u128) -> Action {
        Action {
            at: DateTime::from_timestamp(1_800_000_000 + n as i64, 0).expect("time"),
            actor_id: Uuid::from_u128(7),
            device_id: Uuid::from_u128(8),
            action: format!("action {n}"),
            target: Some((Entity::Visit, Uuid::from_u128(9))),
            details: String::new(),
        }
    }

    fn three() -> Vec<AuditEvent> {
        let first = chain(None, action(1));
        let second = chain(Some(&first), action(2));
        let third = chain(Some(&second), action(3));
        vec![first, second, third]
    }

    #[test]
    fn a_chain_verifies_and_starts_from_genesis() {
        let events = three();
        assert_eq!(events[0].prev_hash, GENESIS);
        assert_eq!(events.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![1, 2, 3]);
        assert_eq!(verify_chain(&events), Ok(()));
    }

    #[test]
    fn a_changed_removed_or_reordered_event_shows() {
        let mut changed = three();
        changed[1].details = "nothing happened".into();
        assert!(matches!(verify_chain(&changed), Err(ChainError::Altered { seq: 2, .. })));

        let mut removed = three();
        removed.remove(1);
        assert!(matches!(verify_chain(&removed), Err(ChainError::Gap { after: 1, found: 3, .. })));

        let mut rehashed = three();
        rehashed[1].details = "rewritten".into();
        rehashed[1].hash = event_hash(&rehashed[1]);
        assert!(matches!(verify_chain(&rehashed), Err(ChainError::Broken { seq: 3, .. })));
    }
}
