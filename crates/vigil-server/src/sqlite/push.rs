//! A pushed batch, in one transaction: replayed ops get their first answer, a gap in
//! `device_seq` refuses the whole batch, and each new op is either accepted (merged into
//! the replica and given the next global sequence number) or rejected for good with a
//! reason, without holding up the ops after it.

use serde_json::json;
use uuid::Uuid;
use vigil_core::access::Editor;
use vigil_core::audit;
use vigil_core::protocol::{OpOutcome, OpResult, PushResponse};
use vigil_core::{Code, Entity, Op, Record, VisitStatus};
use vigil_store::admission::{ACCEPTED_STATUS, By, Refusal, Scope, Seen};
use vigil_store::rusqlite::{OptionalExtension, params};
use vigil_store::{Store, Writer};

use crate::ServerError;
use crate::storage::{DeviceAuth, Pushed, PushedOp};

/// `without_blob`: attachment ops (by op id) taken without their blob's bytes, which the
/// device declared set aside; once accepted they are noted so as to show no one the blob.
pub(super) fn push(
    store: &mut Store,
    device: &DeviceAuth,
    ops: &[PushedOp],
    without_blob: &[(Uuid, &str)],
) -> Result<Pushed, ServerError> {
    store.write(|w| {
        // What this push newly decided, for the metrics (an answer replayed is not counted again).
        let (mut accepted, mut rejected) = (0, Vec::new());
        let mut count = |outcome: &OpOutcome| match outcome {
            OpOutcome::Accepted { .. } => accepted += 1,
            OpOutcome::Rejected { code, .. } => rejected.push(*code),
        };
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
            if device_seq < expected {
                let outcome = match earlier_answer(w, op.op_id)? {
                    // Refused for a record the office did not hold: judged again, as the
                    // record may have come since (after a restore from a backup, devices
                    // send again what the office lost in any order).
                    Some(OpOutcome::Rejected { code: Code::NotFound, .. }) => {
                        w.sql().execute("DELETE FROM rejection WHERE op_id = ?1", [op.op_id.to_string()])?;
                        let outcome = judge(w, &mut seen, device, op, json, without_blob)?;
                        count(&outcome);
                        outcome
                    }
                    Some(outcome) => outcome,
                    // An op the office lacks under a number it holds another op of this
                    // device by: the device was restored from an older copy (it recovers
                    // by numbering again).
                    None => return Err(ServerError::SequenceTaken { expected: expected as u64, taken: op.device_seq }),
                };
                results.push(OpResult { op_id: op.op_id, outcome });
                continue;
            }
            if device_seq != expected {
                return Err(ServerError::SequenceGap { expected: expected as u64 });
            }
            let outcome = judge(w, &mut seen, device, op, json, without_blob)?;
            count(&outcome);
            last_seq = expected;
            results.push(OpResult { op_id: op.op_id, outcome });
        }
        w.sql().execute(
            "UPDATE device SET last_seq = ?2 WHERE id = ?1",
            params![device.device_id.to_string(), last_seq],
        )?;
        Ok(Pushed { answer: PushResponse { results }, accepted, rejected })
    })
}

/// Judges a new op of the device: accepted (merged, logged, its blob and status move
/// noted) or rejected for good; a refusal of the whole batch is an error.
fn judge(
    w: &mut Writer,
    seen: &mut Seen,
    device: &DeviceAuth,
    op: &Op,
    json: &str,
    without_blob: &[(Uuid, &str)],
) -> Result<OpOutcome, ServerError> {
    let editor = Editor { user_id: device.user_id, role: device.role, teams: Some(&device.teams) };
    Ok(match w.admit(seen, By::Device { editor, device_id: device.device_id }, op)? {
        Ok(admitted) => {
            let seq = accept(w, op, Some(json), admitted.scope)?;
            seen.accepted(op);
            if let Some((_, sha256)) = without_blob.iter().find(|(op_id, _)| *op_id == op.op_id) {
                note_without_blob(w, op.entity_id, sha256, device.device_id)?;
            }
            if let Some(moved) = admitted.status_move {
                record_status_move(w, seen, device, op.entity_id, moved)?;
            }
            OpOutcome::Accepted { seq }
        }
        Err(refusal) if refusal.refuses_batch() => return Err(ServerError::Refused(refusal)),
        Err(refusal) => reject(w, op, refusal)?,
    })
}

/// Merges an accepted op into the replica and appends it to the global change sequence
/// (the office's op log), with who may pull it.
/// `json` is the op's JSON as its device sent it, if the caller has it.
pub(super) fn accept(w: &mut Writer, op: &Op, json: Option<&str>, scope: Scope) -> Result<u64, ServerError> {
    let seq =
        w.apply(op, json, scope)?.ok_or_else(|| ServerError::Internal(format!("op {} was already held", op.op_id)))?;
    Ok(seq as u64)
}

/// Notes an attachment taken without its blob's bytes (see server migration 0007).
fn note_without_blob(w: &Writer, attachment_id: Uuid, sha256: &str, device_id: Uuid) -> Result<(), ServerError> {
    w.sql()
        .prepare_cached(
            "INSERT INTO attachment_without_blob (attachment_id, sha256, device_id) VALUES (?1, ?2, ?3)
             ON CONFLICT DO NOTHING",
        )?
        .execute(params![attachment_id.to_string(), sha256, device_id.to_string()])?;
    Ok(())
}

/// Keeps the refusal, so a replay gets it again, and answers with it.
fn reject(w: &Writer, op: &Op, refusal: Refusal) -> Result<OpOutcome, ServerError> {
    let (code, reason, detail) = (refusal.code(), refusal.to_string(), refusal.detail());
    let detail_json =
        detail.as_ref().map(serde_json::to_string).transpose().map_err(|e| ServerError::Internal(e.to_string()))?;
    w.sql()
        .prepare_cached(
            "INSERT INTO rejection (op_id, device_id, device_seq, code, reason, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            op.op_id.to_string(),
            op.device_id.to_string(),
            op.device_seq as i64,
            code.as_str(),
            reason,
            detail_json
        ])?;
    Ok(OpOutcome::Rejected { code, reason, detail })
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
    let refused: Option<(String, String, Option<String>)> = w
        .sql()
        .prepare_cached("SELECT code, reason, detail FROM rejection WHERE op_id = ?1")?
        .query_row([&id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .optional()?;
    Ok(refused.map(|(code, reason, detail)| {
        let Ok(code) = code.parse();
        let detail = detail.and_then(|d| serde_json::from_str(&d).ok());
        OpOutcome::Rejected { code, reason, detail }
    }))
}

/// The office's own record of a workflow move it accepted: an event in its own audit chain
/// (so in the order it accepted moves, whatever the devices' clocks say), with the visit's
/// content as the office holds it at that moment, in the transaction that accepted the move.
fn record_status_move(
    w: &mut Writer,
    seen: &mut Seen,
    device: &DeviceAuth,
    visit_id: Uuid,
    (from, to): (VisitStatus, VisitStatus),
) -> Result<(), ServerError> {
    let office = w.device_id();
    let details = json!({
        "from": from,
        "to": to,
        "content_sha256": w.visit_content_hash(visit_id)?,
        "device": device.device_id,
    });
    let event = audit::chain(
        w.last_audit_event(office)?.as_ref(),
        audit::Action {
            at: chrono::Utc::now(),
            actor_id: device.user_id,
            device_id: office,
            action: ACCEPTED_STATUS.to_owned(),
            target: Some((Entity::Visit, visit_id)),
            details: details.to_string(),
        },
    );
    office_records(w, seen, &[event.into()])
}

/// Adds records as ops of the office's own device, in order, through the gate
/// (`By::Office`: only the rules on the record bind it, so a record wrong in itself is a
/// bad request and the caller's transaction stores none of them).
pub(super) fn office_records(w: &mut Writer, seen: &mut Seen, records: &[Record]) -> Result<(), ServerError> {
    let office = w.device_id().to_string();
    let mut seq: i64 = w.sql().query_row("SELECT last_seq FROM device WHERE id = ?1", [&office], |row| row.get(0))?;
    let now_millis = u64::try_from(chrono::Utc::now().timestamp_millis()).unwrap_or(0);
    for record in records {
        seq += 1;
        let hlc = w.clock().tick(now_millis);
        let op = Op::create(record, w.device_id(), seq as u64, hlc, Uuid::nil());
        let admitted =
            w.admit(seen, By::Office, &op)?.map_err(|refusal| ServerError::BadRequest(refusal.to_string()))?;
        accept(w, &op, None, admitted.scope)?;
        seen.accepted(&op);
    }
    w.sql().execute("UPDATE device SET last_seq = ?2 WHERE id = ?1", params![office, seq])?;
    Ok(())
}

/// Changes fields of a record as the central office (an administrator's edit in the
/// console): one op of the office's own device through the same gate and log as
/// [`office_records`]. Answers whether anything changed.
pub(super) fn office_update(
    w: &mut Writer,
    entity: Entity,
    id: Uuid,
    changes: serde_json::Map<String, serde_json::Value>,
) -> Result<bool, ServerError> {
    let office = w.device_id().to_string();
    let seq: i64 = w.sql().query_row("SELECT last_seq FROM device WHERE id = ?1", [&office], |row| row.get(0))?;
    let Some(op) = w.update_op(entity, id, changes, seq as u64 + 1, Uuid::nil())? else { return Ok(false) };
    let mut seen = Seen::default();
    let admitted =
        w.admit(&mut seen, By::Office, &op)?.map_err(|refusal| ServerError::BadRequest(refusal.to_string()))?;
    accept(w, &op, None, admitted.scope)?;
    w.sql().execute("UPDATE device SET last_seq = ?2 WHERE id = ?1", params![office, seq + 1])?;
    Ok(true)
}
