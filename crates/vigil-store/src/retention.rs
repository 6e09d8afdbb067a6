//! Retention on the device ([`vigil_core::retention`]): past the office's period after a
//! visit's approval, its interview contents and the bytes of its photos and documents
//! leave this device. Local only: no op is made, so nothing of it reaches the office,
//! which keeps everything.
//!
//! What leaves, and how it stays gone:
//! - each interview's `content` becomes empty, with its losing versions (`conflict`) and
//!   the content in the bodies of this device's own logged ops (acknowledged by the office,
//!   which answers any of them sent again as a replay, so the blanks never replace what
//!   it holds);
//! - the blob files no visit still kept names;
//! - the encrypted store runs with `secure_delete` on (SQLCipher sets it with the key), so
//!   the text removed is overwritten with zeros in its pages, free pages included; then
//!   the WAL, which still holds the pages as they were, is folded in and emptied.
//!
//! The visit is listed in `retention_purge` (device migration 0012): a later pull that
//! carries its interviews' content is blanked in the same transaction, and its photos are
//! not fetched again. A visit is left whole while any of its interview or attachment ops
//! waits in the outbox or one of its photos is set aside: the office must have it first.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use vigil_core::retention::RetentionDays;
use vigil_core::{Entity, VisitStatus};

use crate::clock::Clock;
use crate::{Store, StoreError};

/// The replica setting the office's period is kept under.
const SETTING: &str = "retention_days";

/// A visit whose interviews and photos this device removed.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurgedVisit {
    pub visit_id: Uuid,
    pub facility_name: String,
    pub planned_on: String,
    pub approved_at: String,
    pub purged_at: String,
    /// Interviews whose content was removed.
    pub interviews: i64,
    /// Photo and document files removed.
    pub blobs: i64,
}

/// What one pass of [`Store::purge_expired`] removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Purged {
    pub visits: Vec<Uuid>,
    pub interviews: i64,
    pub blobs: i64,
}

impl Store {
    /// The office's period as this device last learnt it (`None`: keep everything).
    pub fn retention(&self) -> Result<Option<RetentionDays>, StoreError> {
        let Some(text) = self.setting(SETTING)? else { return Ok(None) };
        let days: i64 = text.parse().map_err(StoreError::corrupt)?;
        Ok(Some(RetentionDays::new(days).map_err(StoreError::corrupt)?))
    }

    /// Keeps the period a page of changes stated; an office that states none lifted it.
    pub fn set_retention(&mut self, days: Option<RetentionDays>) -> Result<(), StoreError> {
        match days {
            Some(days) => self.set_setting(SETTING, &days.get().to_string()),
            None => {
                self.conn.execute("DELETE FROM replica WHERE key = ?1", [format!("setting:{SETTING}")])?;
                Ok(())
            }
        }
    }

    /// Removes, from every approved visit past the period at `now`, its interview contents
    /// and photo bytes (see the module's notes). Does nothing without a period.
    pub fn purge_expired(&mut self, now: DateTime<Utc>) -> Result<Purged, StoreError> {
        let mut purged = Purged::default();
        let Some(days) = self.retention()? else { return Ok(purged) };
        for (visit_id, approved_at) in self.approved_visits_kept()? {
            if !days.is_past(approved_at, now) || self.still_to_send(visit_id)? {
                continue;
            }
            let (interviews, blobs) = self.purge_visit(visit_id, approved_at, now)?;
            purged.visits.push(visit_id);
            purged.interviews += interviews;
            purged.blobs += blobs;
        }
        if !purged.visits.is_empty() {
            // SQLCipher runs with `secure_delete` on, so the file's pages no longer hold the
            // words; the WAL still holds the pages as they were until it is folded in and
            // emptied.
            self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        }
        Ok(purged)
    }

    /// The visits removed from this device, latest first.
    pub fn purged_visits(&self) -> Result<Vec<PurgedVisit>, StoreError> {
        let mut statement = self.conn.prepare(
            "SELECT r.visit_id, COALESCE(f.name, ''), COALESCE(v.planned_on, ''), r.approved_at, r.purged_at,
                    r.interviews, r.blobs
               FROM retention_purge r LEFT JOIN visit v ON v.id = r.visit_id
               LEFT JOIN facility f ON f.id = v.facility_id
              ORDER BY r.purged_at DESC, r.visit_id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(PurgedVisit {
                visit_id: row.get::<_, String>(0)?.parse().unwrap_or_default(),
                facility_name: row.get(1)?,
                planned_on: row.get(2)?,
                approved_at: row.get(3)?,
                purged_at: row.get(4)?,
                interviews: row.get(5)?,
                blobs: row.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// When this device removed the visit's interviews and photos, if it did.
    pub fn purged_at(&self, visit_id: Uuid) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT purged_at FROM retention_purge WHERE visit_id = ?1", [visit_id.to_string()], |row| {
                row.get(0)
            })
            .optional()?)
    }

    /// Approved visits not yet removed, each with when it was approved: the office's
    /// record of the approval if this device has it, else the stamp of the status change.
    fn approved_visits_kept(&self) -> Result<Vec<(Uuid, DateTime<Utc>)>, StoreError> {
        let mut statement = self.conn.prepare(
            "SELECT id, clock FROM visit
              WHERE deleted = 0 AND status = ?1 AND id NOT IN (SELECT visit_id FROM retention_purge)",
        )?;
        let rows: Vec<(String, String)> = statement
            .query_map([VisitStatus::Approved.as_str()], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let mut visits = Vec::with_capacity(rows.len());
        for (id, clock) in rows {
            let visit_id: Uuid = id.parse().map_err(StoreError::corrupt)?;
            let recorded = self
                .status_moves(visit_id)?
                .into_iter()
                .rev()
                .find(|m| m.to == Some(VisitStatus::Approved))
                .map(|m| m.event.at);
            let stamped = Clock::parse(&clock)?
                .get("status")
                .and_then(|(hlc, _, _)| DateTime::from_timestamp_millis(i64::try_from(hlc.millis).ok()?));
            if let Some(approved_at) = recorded.or(stamped) {
                visits.push((visit_id, approved_at));
            }
        }
        Ok(visits)
    }

    /// Whether the office may lack some of the visit's interviews or photos: one of their
    /// ops waits in the outbox, or one of its photos is set aside.
    fn still_to_send(&self, visit_id: Uuid) -> Result<bool, StoreError> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (
                SELECT 1 FROM outbox b JOIN op_log o USING (local_seq)
                 WHERE o.entity IN ('interview', 'attachment')
                   AND json_extract(o.body, '$.entity_id') IN
                       (SELECT id FROM interview WHERE visit_id = ?1 UNION ALL SELECT id FROM attachment WHERE visit_id = ?1))
             OR EXISTS (SELECT 1 FROM blob_set_aside s JOIN attachment a ON a.sha256 = s.sha256 WHERE a.visit_id = ?1)",
            [visit_id.to_string()],
            |row| row.get(0),
        )?)
    }

    fn purge_visit(
        &mut self,
        visit_id: Uuid,
        approved_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<(i64, i64), StoreError> {
        let visit = visit_id.to_string();
        let tx = self.conn.transaction()?;
        let interviews: i64 =
            tx.query_row("SELECT COUNT(*) FROM interview WHERE visit_id = ?1", [&visit], |row| row.get(0))?;
        // Photos no other visit still kept names (a file is shared by equal bytes).
        let blobs: Vec<String> = tx
            .prepare(
                "SELECT DISTINCT sha256 FROM attachment WHERE visit_id = ?1 AND sha256 IS NOT NULL
                   AND sha256 NOT IN (SELECT sha256 FROM attachment WHERE visit_id != ?1 AND sha256 IS NOT NULL
                                        AND visit_id NOT IN (SELECT visit_id FROM retention_purge))",
            )?
            .query_map([&visit], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        tx.execute(
            "INSERT INTO retention_purge (visit_id, approved_at, purged_at, interviews, blobs) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![visit, approved_at.to_rfc3339(), now.to_rfc3339(), interviews, blobs.len() as i64],
        )?;
        blank_purged(&tx, Some(&visit))?;
        blank_own_ops(&tx, Some(&visit))?;
        tx.commit()?;
        let mut removed = 0;
        for sha256 in blobs {
            let path = self.blob_path(&sha256)?;
            match std::fs::remove_file(&path) {
                Ok(()) => removed += 1,
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
                Err(err) => return Err(StoreError::Corrupt(format!("removing blob {sha256}: {err}"))),
            }
        }
        Ok((interviews, removed))
    }
}

/// Empties the interview contents (and their losing versions) of the removed visits, or
/// of one: run after every pulled page, so content the office sends again stays gone.
pub(crate) fn blank_purged(tx: &Transaction, visit: Option<&str>) -> Result<(), StoreError> {
    let visits = match visit {
        Some(_) => "(?1)",
        None => "(SELECT visit_id FROM retention_purge WHERE ?1 IS NULL)",
    };
    let interviews = format!("SELECT id FROM interview WHERE visit_id IN {visits}");
    let entity = Entity::Interview.as_str();
    tx.execute(&format!("UPDATE interview SET content = '' WHERE content != '' AND visit_id IN {visits}"), [visit])?;
    let losers = tx.execute(
        &format!(
            "DELETE FROM conflict WHERE entity = '{entity}' AND field = 'content' AND entity_id IN ({interviews})"
        ),
        [visit],
    )?;
    if losers > 0 {
        tx.execute(
            &format!(
                "UPDATE interview SET conflicts = (SELECT COUNT(*) FROM conflict c WHERE c.entity = '{entity}' AND c.entity_id = interview.id)
                  WHERE visit_id IN {visits}"
            ),
            [visit],
        )?;
    }
    Ok(())
}

/// Empties the content in the bodies of this device's own logged interview ops of the
/// removed visits (or of one).
pub(crate) fn blank_own_ops(tx: &Transaction, visit: Option<&str>) -> Result<(), StoreError> {
    let visits = match visit {
        Some(_) => "(?1)",
        None => "(SELECT visit_id FROM retention_purge WHERE ?1 IS NULL)",
    };
    tx.execute(
        &format!(
            "UPDATE op_log SET body = json_set(body, '$.patch.content.new', '', '$.patch.content.old', '')
              WHERE entity = 'interview' AND json_type(body, '$.patch.content') IS NOT NULL
                AND json_extract(body, '$.entity_id') IN (SELECT id FROM interview WHERE visit_id IN {visits})"
        ),
        [visit],
    )?;
    Ok(())
}
