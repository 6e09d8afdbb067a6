//! The replica's side of sync: the outbox of local ops, and pulled ops applied with the
//! cursor in one transaction, so a cursor never covers an op that is not stored.

use rusqlite::{OptionalExtension, params};
use vigil_core::Op;
use vigil_core::protocol::{OpOutcome, OpResult};

use crate::apply::{Origin, apply_op};
use crate::{Store, StoreError};

/// What applying a page of pulled ops did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    pub applied: usize,
    /// Ops this replica already held (its own, or a page pulled twice).
    pub already_held: usize,
    /// Fields that ended the page with competing versions.
    pub conflicted_fields: usize,
}

/// A local op as this replica logged it: its position in the log, its id and its JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedOp {
    pub position: i64,
    pub op_id: uuid::Uuid,
    pub json: String,
}

/// Where a pull starts: see [`Store::pull_start`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PullStart {
    pub since: u64,
    /// The office's epoch the cursor counts in (none before the first pull of protocol 3).
    pub epoch: Option<uuid::Uuid>,
    pub own_after: u64,
    /// The pull takes back what a restored copy lacked; [`Store::recovered`] once it is done.
    pub recovering: bool,
}

/// A local change the central office refused, and why.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RejectedOp {
    pub op: Op,
    pub code: vigil_core::Code,
    /// The office's English, for logs and support.
    pub reason: String,
    /// What the refusal is about, as parameters the app words (none from an older office).
    pub detail: Option<vigil_core::Detail>,
    pub at: String,
}

impl Store {
    /// Applies pulled ops in order and moves the pull cursor, all in one transaction.
    /// A pulled op is kept by its id only (see [`Store::op_log`]).
    pub fn apply_remote(&mut self, ops: &[Op], cursor: Option<u64>) -> Result<Applied, StoreError> {
        self.apply_remote_at(ops, cursor, None)
    }

    /// [`Store::apply_remote`], judging how far ahead an op's clock is by the later of this
    /// device's time and `office_now`, the office's time as its answer gave it. The office
    /// refused any op more than a day ahead of its own time; a device whose clock is days
    /// behind must not refuse every op of its colleagues for it, and cannot poison anyone.
    pub fn apply_remote_at(
        &mut self,
        ops: &[Op],
        cursor: Option<u64>,
        office_now: Option<u64>,
    ) -> Result<Applied, StoreError> {
        let now = self.now().max(office_now.unwrap_or(0));
        let tx = self.conn.transaction()?;
        let mut summary = Applied::default();
        let mut clock = self.clock;
        let mut recovered = false;
        for op in ops {
            // An office must not poison this device's clock either (see `Hlc::check_received`).
            if let Err(ahead) = op.hlc.check_received(now) {
                return Err(StoreError::Refused { code: vigil_core::Code::ClockAhead, reason: ahead.to_string() });
            }
            // The device's own op comes back only after a restore (see `Store::renumber_outbox`).
            let origin = if op.device_id == self.device_id { Origin::Recovered } else { Origin::Pulled };
            recovered |= origin == Origin::Recovered;
            let folded = apply_op(&tx, op, origin)?;
            if folded.applied {
                summary.applied += 1;
                summary.conflicted_fields += folded.conflicted_fields;
                clock.observe(op.hlc);
            } else {
                summary.already_held += 1;
            }
        }
        if let Some(cursor) = cursor {
            tx.execute(
                "INSERT INTO replica (key, value) VALUES ('pull_cursor', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [cursor.to_string()],
            )?;
        }
        // What this device removed after the retention period stays removed.
        crate::retention::blank_purged(&tx, None)?;
        if recovered {
            crate::retention::blank_own_ops(&tx, None)?;
        }
        crate::search::commit(tx, clock.last())?;
        self.clock = clock;
        Ok(summary)
    }

    /// Where the next pull starts: the cursor, and after which `device_seq` the office
    /// should send this device's own ops back. Normally after the last it made (so none);
    /// after [`Store::renumber_outbox`], from the start and after the last number before
    /// the ones it gave again, to take back what the restored copy lacks.
    pub fn pull_start(&self) -> Result<PullStart, StoreError> {
        let recovering: Option<String> = self
            .conn
            .query_row("SELECT value FROM replica WHERE key = 'recover_own_after'", [], |row| row.get(0))
            .optional()?;
        if let Some(after) = recovering {
            return Ok(PullStart {
                since: 0,
                epoch: self.office_epoch()?,
                own_after: after.parse().map_err(StoreError::corrupt)?,
                recovering: true,
            });
        }
        let own_after: i64 = self.conn.query_row(
            "SELECT COALESCE(MAX(device_seq), 0) FROM op_log WHERE device_id = ?1",
            [&self.device_id.as_bytes()[..]],
            |row| row.get(0),
        )?;
        Ok(PullStart {
            since: self.pull_cursor()?,
            epoch: self.office_epoch()?,
            own_after: own_after as u64,
            recovering: false,
        })
    }

    /// The office's epoch this replica last pulled in (see `ChangesResponse::epoch`).
    pub fn office_epoch(&self) -> Result<Option<uuid::Uuid>, StoreError> {
        let value: Option<String> = self
            .conn
            .query_row("SELECT value FROM replica WHERE key = 'office_epoch'", [], |row| row.get(0))
            .optional()?;
        value.map(|v| v.parse().map_err(StoreError::corrupt)).transpose()
    }

    /// Keeps the office's epoch, once a page pulled in it is applied.
    pub fn set_office_epoch(&mut self, epoch: uuid::Uuid) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO replica (key, value) VALUES ('office_epoch', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [epoch.to_string()],
        )?;
        Ok(())
    }

    /// The office holds this device's ops only up to `held` (it was restored from a
    /// backup made before it took the rest): every op of this device numbered after it
    /// goes back into the outbox, under its id and number, to be pushed again in order; a
    /// refusal of one is forgotten, since the office judges it again. Answers how many
    /// ops went back. Pushing one the office does hold is harmless: it answers a replay.
    pub fn office_lost_after(&mut self, held: u64) -> Result<usize, StoreError> {
        let tx = self.conn.transaction()?;
        let me = &self.device_id.as_bytes()[..];
        let held = i64::try_from(held).unwrap_or(i64::MAX);
        let requeued = tx.execute(
            "INSERT INTO outbox (local_seq)
             SELECT local_seq FROM op_log WHERE device_id = ?1 AND device_seq > ?2
                AND local_seq NOT IN (SELECT local_seq FROM outbox)",
            params![me, held],
        )?;
        tx.execute(
            "DELETE FROM rejected WHERE op_id IN (SELECT op_id FROM op_log WHERE device_id = ?1 AND device_seq > ?2)",
            params![me, held],
        )?;
        tx.execute(
            "INSERT INTO replica (key, value) VALUES ('office_restored_held', ?1)
             ON CONFLICT (key) DO UPDATE SET value = MIN(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))",
            [held.to_string()],
        )?;
        tx.commit()?;
        Ok(requeued)
    }

    /// After [`Store::office_lost_after`]: the ops sent again that the office refused for
    /// a record it did not hold (`not_found`) go back into the outbox, to be judged again.
    /// Devices come back to a restored office in any order, so an edit of a colleague's
    /// finding may arrive before the colleague's device sent the finding again. Once a
    /// sync finds none left, the recovery is over. Answers how many went back.
    pub fn resend_refused_since_office_restore(&mut self) -> Result<usize, StoreError> {
        let held: Option<String> = self
            .conn
            .query_row("SELECT value FROM replica WHERE key = 'office_restored_held'", [], |row| row.get(0))
            .optional()?;
        let Some(held) = held else { return Ok(0) };
        let held: i64 = held.parse().map_err(StoreError::corrupt)?;
        let tx = self.conn.transaction()?;
        let refused = "SELECT o.local_seq FROM rejected r JOIN op_log o ON o.op_id = r.op_id
                        WHERE o.device_id = ?1 AND o.device_seq > ?2 AND r.code = ?3";
        let me = &self.device_id.as_bytes()[..];
        let not_found = vigil_core::Code::NotFound.as_str();
        let again = tx.execute(
            &format!("INSERT INTO outbox (local_seq) {refused} AND o.local_seq NOT IN (SELECT local_seq FROM outbox)"),
            params![me, held, not_found],
        )?;
        tx.execute(
            &format!("DELETE FROM rejected WHERE op_id IN (SELECT op_id FROM op_log WHERE local_seq IN ({refused}))"),
            params![me, held, not_found],
        )?;
        if again == 0 {
            tx.execute("DELETE FROM replica WHERE key = 'office_restored_held'", [])?;
        }
        tx.commit()?;
        Ok(again)
    }

    /// A push was refused for a gap: the office expects op `expected` of this device next,
    /// while the outbox starts later. If the device holds the ops between (the office lost
    /// them in a restore, or forgot this device and enrolled it again), they go back into
    /// the outbox ([`Store::office_lost_after`]); answers whether the outbox now starts
    /// at `expected`, so pushing it again closes the gap.
    pub fn office_expects(&mut self, expected: u64) -> Result<bool, StoreError> {
        if expected == 0 {
            return Ok(false);
        }
        self.office_lost_after(expected - 1)?;
        let first: Option<i64> = self
            .conn
            .query_row(
                "SELECT o.device_seq FROM outbox JOIN op_log o USING (local_seq) ORDER BY local_seq LIMIT 1",
                [],
                |row| row.get(0),
            )
            .optional()?;
        Ok(first.and_then(|seq| u64::try_from(seq).ok()) == Some(expected))
    }

    /// A pull that started recovering (see [`Store::pull_start`]) took everything back.
    pub fn recovered(&mut self) -> Result<(), StoreError> {
        self.conn.execute("DELETE FROM replica WHERE key = 'recover_own_after'", [])?;
        Ok(())
    }

    /// The office holds other ops of this device under the numbers from `taken` (this
    /// device's files were restored from an older copy, and the device made new ops after
    /// the copy's last): the outbox's ops from `taken` on are numbered again from
    /// `expected`, in order, and the next pull starts over to take back this device's own
    /// ops that the copy lacks. Nothing is signed by its number: an op's id stays its
    /// identity, so its record and clock are untouched.
    pub fn renumber_outbox(&mut self, taken: u64, expected: u64) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let me = &self.device_id.as_bytes()[..];
        let moving: Vec<(i64, String)> = {
            let mut statement = tx.prepare(
                "SELECT local_seq, o.body FROM outbox JOIN op_log o USING (local_seq)
                  WHERE o.device_id = ?1 AND o.device_seq >= ?2 ORDER BY o.device_seq",
            )?;
            let rows = statement.query_map(params![me, taken as i64], |row| Ok((row.get(0)?, row.get(1)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        // Ops taken back from the office may sit below `expected`, never at or above it.
        let settled: i64 = tx.query_row(
            "SELECT COUNT(*) FROM op_log WHERE device_id = ?1 AND device_seq >= ?2
                AND local_seq NOT IN (SELECT local_seq FROM outbox)",
            params![me, expected as i64],
            |row| row.get(0),
        )?;
        if moving.is_empty() || settled > 0 || expected <= taken {
            return Err(StoreError::Corrupt(format!(
                "the office holds other ops of this device from {taken}, which this device cannot number again"
            )));
        }
        // Out of the way first: (device_id, device_seq) is unique.
        tx.execute(
            "UPDATE op_log SET device_seq = -device_seq WHERE device_id = ?1 AND device_seq >= ?2
                AND local_seq IN (SELECT local_seq FROM outbox)",
            params![me, taken as i64],
        )?;
        for (n, (position, body)) in moving.into_iter().enumerate() {
            let mut op: Op = serde_json::from_str(&body).map_err(StoreError::corrupt)?;
            op.device_seq = expected + n as u64;
            let body = serde_json::to_string(&op).map_err(StoreError::corrupt)?;
            tx.execute(
                "UPDATE op_log SET device_seq = ?2, body = ?3 WHERE local_seq = ?1",
                params![position, op.device_seq as i64, body],
            )?;
        }
        tx.execute(
            "INSERT INTO replica (key, value) VALUES ('recover_own_after', ?1)
             ON CONFLICT (key) DO UPDATE SET value = MIN(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))",
            [(taken - 1).to_string()],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The central office's sequence number up to which this replica has pulled.
    pub fn pull_cursor(&self) -> Result<u64, StoreError> {
        let value: Option<String> = self
            .conn
            .query_row("SELECT value FROM replica WHERE key = 'pull_cursor'", [], |row| row.get(0))
            .optional()?;
        value.map_or(Ok(0), |v| v.parse().map_err(StoreError::corrupt))
    }

    /// Local ops the central office does not have yet, oldest first.
    pub fn outbox(&self, limit: usize) -> Result<Vec<Op>, StoreError> {
        let logged = self.outbox_json(0, limit)?;
        logged.iter().map(|op| serde_json::from_str(&op.json).map_err(StoreError::corrupt)).collect()
    }

    /// The JSON of local ops the central office does not have yet, oldest first, from
    /// after `after` in this replica's log (0: from the start), as logged: what a push
    /// sends, unparsed. A sync reads the next batch while the last one is on its way.
    pub fn outbox_json(&self, after: i64, limit: usize) -> Result<Vec<LoggedOp>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT local_seq, o.op_id, o.body FROM outbox b JOIN op_log o USING (local_seq)
              WHERE local_seq > ?1 ORDER BY local_seq LIMIT ?2",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut rows = statement.query([after, limit])?;
        let mut ops = Vec::new();
        while let Some(row) = rows.next()? {
            let op_id = uuid::Uuid::from_slice(row.get_ref(1)?.as_blob().map_err(StoreError::corrupt)?)
                .map_err(StoreError::corrupt)?;
            ops.push(LoggedOp { position: row.get(0)?, op_id, json: row.get(2)? });
        }
        Ok(ops)
    }

    /// How many fields wait for a person to resolve a conflict.
    pub fn conflict_count(&self) -> Result<u64, StoreError> {
        let n: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM (SELECT DISTINCT entity, entity_id, field FROM conflict)",
            [],
            |row| row.get(0),
        )?;
        u64::try_from(n).map_err(StoreError::corrupt)
    }

    /// How many local changes the central office refused.
    pub fn rejected_count(&self) -> Result<u64, StoreError> {
        let n: i64 = self.conn.query_row("SELECT COUNT(*) FROM rejected", [], |row| row.get(0))?;
        u64::try_from(n).map_err(StoreError::corrupt)
    }

    /// Rows this connection has written since it opened (SQLite's own counter, no query):
    /// a caller compares two readings to learn whether anything was written between them.
    pub fn writes(&self) -> u64 {
        self.conn.total_changes()
    }

    pub fn outbox_len(&self) -> Result<u64, StoreError> {
        let n: i64 = self.conn.query_row("SELECT COUNT(*) FROM outbox", [], |row| row.get(0))?;
        u64::try_from(n).map_err(StoreError::corrupt)
    }

    /// Takes the ops the central office answered out of the outbox: accepted ones are
    /// done, rejected ones go to the visible list of rejected changes with the reason.
    pub fn acknowledge(&mut self, results: &[OpResult]) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        {
            let mut done = tx.prepare_cached(
                "DELETE FROM outbox WHERE local_seq = (SELECT local_seq FROM op_log WHERE op_id = ?1)",
            )?;
            for result in results {
                done.execute([&result.op_id.as_bytes()[..]])?;
            }
        }
        keep_refusals(&tx, results)?;
        tx.commit()?;
        Ok(())
    }

    /// [`Store::acknowledge`] for a batch read by [`Store::outbox_json`] and answered op by
    /// op in order: the batch is a run of the outbox, so it leaves as one range.
    pub fn acknowledge_batch(&mut self, batch: &[LoggedOp], results: &[OpResult]) -> Result<(), StoreError> {
        let in_order = batch.len() == results.len() && batch.iter().zip(results).all(|(op, r)| op.op_id == r.op_id);
        let (Some(first), Some(last), true) = (batch.first(), batch.last(), in_order) else {
            return self.acknowledge(results);
        };
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM outbox WHERE local_seq BETWEEN ?1 AND ?2", [first.position, last.position])?;
        keep_refusals(&tx, results)?;
        tx.commit()?;
        Ok(())
    }

    /// Local changes the central office refused, newest first.
    pub fn rejected(&self) -> Result<Vec<RejectedOp>, StoreError> {
        let mut statement = self.conn.prepare(
            "SELECT o.body, r.code, r.reason, r.at, r.detail FROM rejected r JOIN op_log o ON o.op_id = r.op_id
              ORDER BY o.device_seq DESC",
        )?;
        let rows = statement.query_map([], |row| {
            let text = |i| row.get::<_, String>(i);
            Ok((text(0)?, text(1)?, text(2)?, text(3)?, row.get::<_, Option<String>>(4)?))
        })?;
        rows.map(|row| {
            let (body, code, reason, at, detail) = row?;
            let Ok(code) = code.parse::<vigil_core::Code>();
            // A detail this version cannot read is left out: the code still says the rule.
            let detail = detail.and_then(|d| serde_json::from_str(&d).ok());
            Ok(RejectedOp { op: serde_json::from_str(&body).map_err(StoreError::corrupt)?, code, reason, detail, at })
        })
        .collect()
    }

    /// The ops this replica holds in full, in the order it applied them: on a device the
    /// ops made on it (a pulled op is kept by its id only, see [`Store::op_ids`]); at the
    /// central office every op.
    pub fn op_log(&self) -> Result<Vec<Op>, StoreError> {
        let mut statement = self.conn.prepare("SELECT body FROM op_log ORDER BY local_seq")?;
        let bodies = statement.query_map([], |row| row.get::<_, String>(0))?;
        bodies.map(|body| serde_json::from_str(&body?).map_err(StoreError::corrupt)).collect()
    }

    /// Who wrote each op this replica holds (its own and the office's ops from the log,
    /// pulled ones from `pulled_op`): the conflicts screen names the author of each value.
    pub fn op_authors(&self) -> Result<std::collections::HashMap<uuid::Uuid, uuid::Uuid>, StoreError> {
        let mut authors = std::collections::HashMap::new();
        for op in self.op_log()? {
            authors.insert(op.op_id, op.author);
        }
        let mut statement = self.conn.prepare("SELECT op_id, author FROM pulled_op")?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let op_id = uuid::Uuid::from_slice(&row.get::<_, Vec<u8>>(0)?).map_err(StoreError::corrupt)?;
            let author = uuid::Uuid::from_slice(&row.get::<_, Vec<u8>>(1)?).map_err(StoreError::corrupt)?;
            authors.insert(op_id, author);
        }
        Ok(authors)
    }

    /// The ids of every op this replica holds: those of its log in order, then those it
    /// pulled (in no particular order).
    pub fn op_ids(&self) -> Result<Vec<uuid::Uuid>, StoreError> {
        let mut ids = Vec::new();
        for table in ["SELECT op_id FROM op_log ORDER BY local_seq", "SELECT op_id FROM pulled_op"] {
            let mut statement = self.conn.prepare(table)?;
            let held = statement.query_map([], |row| row.get::<_, Vec<u8>>(0))?;
            for id in held {
                ids.push(uuid::Uuid::from_slice(&id?).map_err(StoreError::corrupt)?);
            }
        }
        Ok(ids)
    }
}

/// Keeps the office's refusals among `results` in the visible list of rejected changes.
fn keep_refusals(tx: &rusqlite::Transaction, results: &[OpResult]) -> Result<(), StoreError> {
    let mut refuse = tx.prepare_cached(
        "INSERT INTO rejected (op_id, code, reason, at, detail) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (op_id) DO NOTHING",
    )?;
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    for result in results {
        if let OpOutcome::Rejected { code, reason, detail } = &result.outcome {
            let detail = detail.as_ref().map(serde_json::to_string).transpose().map_err(StoreError::corrupt)?;
            refuse.execute(params![&result.op_id.as_bytes()[..], code.as_str(), reason, now, detail])?;
        }
    }
    Ok(())
}

/// Device settings kept in the replica (the central office's address, the device token).
impl Store {
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        let key = format!("setting:{key}");
        Ok(self.conn.query_row("SELECT value FROM replica WHERE key = ?1", [key], |row| row.get(0)).optional()?)
    }

    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO replica (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![format!("setting:{key}"), value],
        )?;
        Ok(())
    }
}
