//! A pushed batch, in one transaction: replayed ops get their first answer, a gap in
//! `device_seq` refuses the whole batch, and each new op is either accepted (merged into
//! the replica and given the next global sequence number) or rejected for good with a
//! reason, without holding up the ops after it.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};
use uuid::Uuid;
use vigil_core::access::{Editor, VisitContext, check_edit};
use vigil_core::audit;
use vigil_core::entity::DELETED;
use vigil_core::protocol::{OpOutcome, OpResult, PushResponse};
use vigil_core::records::{AuditEvent, User};
use vigil_core::{Entity, Op, Record};
use vigil_store::rusqlite::{OptionalExtension, params};
use vigil_store::{Store, Writer};

use crate::ServerError;
use crate::storage::{DeviceAuth, PushedOp};

/// Why an op was refused, as sent back to the device.
pub(super) struct Rejection {
    code: &'static str,
    reason: String,
}

impl Rejection {
    fn new(code: &'static str, reason: impl ToString) -> Rejection {
        Rejection { code, reason: reason.to_string() }
    }

    /// Refused for what the record is (invalid, pointing at what is not held), not for who
    /// edits it: the office itself may not store it either.
    pub(super) fn is_about_the_record(&self) -> bool {
        matches!(self.code, "invalid" | "not_found")
    }

    pub(super) fn into_reason(self) -> String {
        self.reason
    }
}

/// What deciding a batch has read, for its later ops (a batch's ops mostly share a
/// visit): the team and status of visits, and records known to be held. An accepted op
/// on a visit drops what was read of it; records are never removed, so "held" stays true.
#[derive(Debug, Default)]
pub(super) struct Seen {
    contexts: HashMap<Uuid, Option<VisitContext>>,
    held: HashSet<(Entity, Uuid)>,
}

impl Seen {
    fn get(&mut self, w: &Writer, visit_id: Uuid) -> Result<Option<VisitContext>, ServerError> {
        if let Some(context) = self.contexts.get(&visit_id) {
            return Ok(*context);
        }
        let context = w.visit_context(visit_id)?;
        self.contexts.insert(visit_id, context);
        if context.is_some() {
            self.held.insert((Entity::Visit, visit_id));
        }
        Ok(context)
    }

    fn is_held(&self, entity: Entity, id: &str) -> bool {
        id.parse().is_ok_and(|id| self.held.contains(&(entity, id)))
    }

    /// Notes the record an accepted op wrote, and forgets a visit it changed (or made).
    pub(super) fn accepted(&mut self, op: &Op) {
        if op.entity == Entity::Visit {
            self.contexts.remove(&op.entity_id);
        }
        self.held.insert((op.entity, op.entity_id));
    }
}

pub(super) fn push(store: &mut Store, device: &DeviceAuth, ops: &[PushedOp]) -> Result<PushResponse, ServerError> {
    store.write(|w| {
        let mut seen = Seen::default();
        let mut last_seq: i64 =
            w.sql().query_row("SELECT last_seq FROM device WHERE id = ?1", [device.device_id.to_string()], |row| {
                row.get(0)
            })?;
        let mut results = Vec::with_capacity(ops.len());
        for PushedOp { op, json } in ops {
            if op.device_id != device.device_id {
                return Err(ServerError::WrongDevice(op.device_id));
            }
            let expected = last_seq + 1;
            let device_seq = i64::try_from(op.device_seq).unwrap_or(i64::MAX);
            // Only an op at or below the last sequence received can have been answered.
            if device_seq < expected
                && let Some(outcome) = earlier_answer(w, op.op_id)?
            {
                results.push(OpResult { op_id: op.op_id, outcome });
                continue;
            }
            if device_seq != expected {
                return Err(ServerError::SequenceGap { expected: expected as u64 });
            }
            let outcome = match decide(w, device, op, &mut seen)? {
                Ok(team_id) => {
                    let seq = accept(w, op, Some(json), team_id)?;
                    seen.accepted(op);
                    OpOutcome::Accepted { seq }
                }
                Err(rejection) => reject(w, op, rejection)?,
            };
            last_seq = expected;
            results.push(OpResult { op_id: op.op_id, outcome });
        }
        w.sql().execute(
            "UPDATE device SET last_seq = ?2 WHERE id = ?1",
            params![device.device_id.to_string(), last_seq],
        )?;
        Ok(PushResponse { results })
    })
}

/// Merges an accepted op into the replica and appends it to the global change sequence
/// (the office's op log), with who may pull it.
/// `json` is the op's JSON as its device sent it, if the caller has it.
pub(super) fn accept(w: &mut Writer, op: &Op, json: Option<&str>, team_id: Option<Uuid>) -> Result<u64, ServerError> {
    let seq = w
        .apply(op, json, team_id)?
        .ok_or_else(|| ServerError::Internal(format!("op {} was already held", op.op_id)))?;
    Ok(seq as u64)
}

/// Keeps the refusal, so a replay gets it again, and answers with it.
fn reject(w: &Writer, op: &Op, rejection: Rejection) -> Result<OpOutcome, ServerError> {
    w.sql()
        .prepare_cached(
            "INSERT INTO rejection (op_id, device_id, device_seq, code, reason) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            op.op_id.to_string(),
            op.device_id.to_string(),
            op.device_seq as i64,
            rejection.code,
            rejection.reason
        ])?;
    Ok(OpOutcome::Rejected { code: rejection.code.to_owned(), reason: rejection.reason })
}

fn earlier_answer(w: &Writer, op_id: Uuid) -> Result<Option<OpOutcome>, ServerError> {
    let seq: Option<i64> = w
        .sql()
        .prepare_cached("SELECT local_seq FROM op_log WHERE op_id = ?1 AND scope IS NOT NULL")?
        .query_row([&op_id.as_bytes()[..]], |row| row.get(0))
        .optional()?;
    let id = op_id.to_string();
    if let Some(seq) = seq {
        return Ok(Some(OpOutcome::Accepted { seq: seq as u64 }));
    }
    let refused: Option<(String, String)> = w
        .sql()
        .prepare_cached("SELECT code, reason FROM rejection WHERE op_id = ?1")?
        .query_row([&id], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    Ok(refused.map(|(code, reason)| OpOutcome::Rejected { code, reason }))
}

/// Whether the device's user may make this edit, and the team that may see it (`None`:
/// every device). The outer error is the server's own failure; the inner, a refusal.
pub(super) fn decide(
    w: &Writer,
    device: &DeviceAuth,
    op: &Op,
    seen: &mut Seen,
) -> Result<Result<Option<Uuid>, Rejection>, ServerError> {
    // The op's shape was checked before the writer's lock was taken (`PushBatch::checked`;
    // the office's own ops are made by `Op::create`), and applying it checks it again.
    let before = w.record(op.entity, op.entity_id)?;
    let (after, references) = match with_patch(op, before.as_ref().map(|(record, _)| record)) {
        Ok(patched) => patched,
        Err(rejection) => return Ok(Err(rejection)),
    };
    if let Err(err) = after.validate() {
        return Ok(Err(Rejection::new("invalid", err)));
    }
    let visit = match after.visit_id() {
        Some(visit_id) => seen.get(w, visit_id)?,
        None => None,
    };
    if let Some(missing) = w.missing_reference_in(op.entity, &references, |entity, id| seen.is_held(entity, id))? {
        return Ok(Err(Rejection::new("not_found", missing)));
    }
    if let Some(stray) = w.link_outside_visit(&after)? {
        return Ok(Err(Rejection::new(stray.code(), stray)));
    }
    if let Record::AuditEvent(event) = &after
        && let Err(rejection) = check_audit_link(w, device, event)?
    {
        return Ok(Err(rejection));
    }
    let editor = Editor { user_id: device.user_id, role: device.role, teams: Some(&device.teams) };
    if let Err(err) = check_edit(editor, before.as_ref().map(|(record, _)| record), &after, visit) {
        return Ok(Err(Rejection::new(err.code(), err)));
    }
    // A user being removed needs neither a team nor an address of their own.
    let removes = op.patch.get(DELETED.name).is_some_and(|change| change.new == Value::Bool(true));
    if let Record::User(user) = &after
        && !removes
        && let Some(problem) = user_problem(w, user)?
    {
        return Ok(Err(Rejection::new("invalid", problem)));
    }
    Ok(Ok(scope(&after, visit)))
}

/// The team that may see a change to `record` (`None`: every device).
pub(super) fn scope(record: &Record, visit: Option<VisitContext>) -> Option<Uuid> {
    match (record, visit) {
        (record, _) if record.entity().shared_with_every_team() => None,
        (Record::Visit(visit), _) => Some(visit.team_id),
        (_, visit) => visit.map(|v| v.team_id),
    }
}

/// The record as it would be with the op's new values over the held ones, and the values
/// of its fields that point at other records.
fn with_patch(op: &Op, before: Option<&Record>) -> Result<(Record, Map<String, Value>), Rejection> {
    if before.is_none() && op.base_rev != 0 {
        return Err(Rejection::new("not_found", format!("{:?} {} does not exist", op.entity, op.entity_id)));
    }
    let mut fields = before.map(Record::to_fields).unwrap_or_default();
    for (name, change) in &op.patch {
        if name != DELETED.name {
            fields.insert(name.clone(), change.new.clone());
        }
    }
    let references = op
        .entity
        .references()
        .iter()
        .filter_map(|(name, _)| Some(((*name).to_owned(), fields.get(*name)?.clone())))
        .collect();
    let record = Record::from_fields(op.entity, op.entity_id, fields)
        .map_err(|err| Rejection::new("invalid", format!("{}: {err}", op.entity.as_str())))?;
    Ok((record, references))
}

/// What is wrong with a user as the office holds teams and users, if anything: every team
/// must exist, and no other user may have the e-mail address (it names the user for an
/// enrolment code).
fn user_problem(w: &Writer, user: &User) -> Result<Option<String>, ServerError> {
    for team_id in &user.team_ids {
        if w.record(Entity::Team, *team_id)?.is_none_or(|(_, deleted)| deleted) {
            return Ok(Some(format!("user.team_ids: no team {team_id}")));
        }
    }
    let holder: Option<String> = w
        .sql()
        .query_row(
            "SELECT name FROM user WHERE lower(email) = lower(?1) AND id <> ?2 AND deleted = 0",
            [user.email.as_str(), &user.id.to_string()],
            |row| row.get(0),
        )
        .optional()?;
    Ok(holder.map(|name| format!("user.email: {} is {name}'s address already", user.email)))
}

/// An audit event must come from the device whose chain it extends, and extend it: the
/// next number, the previous event's hash, its own content unaltered.
fn check_audit_link(w: &Writer, device: &DeviceAuth, event: &AuditEvent) -> Result<Result<(), Rejection>, ServerError> {
    if event.device_id != device.device_id {
        return Ok(Err(Rejection::new("audit_chain", "an audit event must come from the device it records")));
    }
    let previous = w.last_audit_event(event.device_id)?;
    Ok(audit::check_link(previous.as_ref(), event).map_err(|err| Rejection::new("audit_chain", err)))
}
