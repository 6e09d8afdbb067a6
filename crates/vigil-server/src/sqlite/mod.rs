//! The embedded store of the central office: one SQLite file holding the same replica as
//! a device (every team's records, merged by the same function) plus the office tables:
//! devices and their hashed tokens, enrolment codes, the global change sequence, and the
//! answer given to every pushed op.
//!
//! One connection behind a mutex is the single serialised writer: sequence numbers are
//! handed out in commit order, so a cursor never skips a change. A few read-only
//! connections answer what only reads (who a token is, pages of changes, blob access),
//! each from one committed snapshot, so devices pulling or authenticating never wait for a
//! push being applied.

/// Whether a device may pull a change: the one rule, for `/changes` and for blobs. It reads
/// the column `scope` (`*`: every device; a team's id; `i:` and a team's id: about an
/// interview, see `vigil_store::admission::Scope`), and the parameters `:every_team` (an
/// administrator's device: every team's changes, but nothing about an interview) and
/// `:teams` (the user's teams, a JSON array).
macro_rules! may_pull {
    () => {
        "(scope = '*' OR scope IN (SELECT value FROM json_each(:teams))
          OR (:every_team AND scope NOT LIKE 'i:%')
          OR (NOT :every_team AND scope IN (SELECT 'i:' || value FROM json_each(:teams))))"
    };
}

mod admin;
mod blobs;
mod console_reads;
mod console_settings;
mod console_views;
mod epoch;
mod figures;
pub mod office_audit;
mod people;
mod push;
mod reference;
mod retention;
mod web_users;

pub use blobs::UploadLimits;
pub use console_views::{ReportFile, this_year};
pub use epoch::BackupRecord;
pub use web_users::{
    MIN_PASSWORD_CHARS, NewSession, SignInError, SignInPolicy, WebSession, check_new_password, csrf_token_for,
};

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, TryLockError};

use serde_json::value::RawValue;
use sha2::{Digest, Sha256};
use uuid::Uuid;
use vigil_core::protocol::{BlobStatus, EnrolRequest, EnrolResponse};
use vigil_core::records::User;
use vigil_core::retention::RetentionDays;
use vigil_core::{Entity, Record};
use vigil_store::rusqlite::{OptionalExtension, named_params, params};
use vigil_store::{Store, schema};

use crate::ServerError;
use crate::storage::{Cursor, DeviceAuth, OfficeFigures, PushBatch, Pushed, Storage};

/// The device schema and the office's tables, in the order they were added: an office's
/// file records how many it has run, so a new one only ever goes at the end.
const SERVER_MIGRATIONS: &[&str] = &[
    schema::DEVICE[0],
    schema::DEVICE[1],
    include_str!("../../../../migrations/server/0001_central.sql"),
    schema::DEVICE[2],
    schema::DEVICE[3],
    include_str!("../../../../migrations/server/0002_no_search.sql"),
    schema::DEVICE[4],
    include_str!("../../../../migrations/server/0003_scope_on_the_log.sql"),
    schema::DEVICE[5],
    schema::DEVICE[6],
    include_str!("../../../../migrations/server/0004_interview_scope.sql"),
    include_str!("../../../../migrations/server/0005_blob_uploads.sql"),
    include_str!("../../../../migrations/server/0006_re_enrol_code.sql"),
    include_str!("../../../../migrations/server/0007_attachment_without_blob.sql"),
    include_str!("../../../../migrations/server/0008_console.sql"),
    include_str!("../../../../migrations/server/0009_office_epoch.sql"),
    include_str!("../../../../migrations/server/0010_device_confirmation.sql"),
    schema::DEVICE[8],
    include_str!("../../../../migrations/server/0011_rejection_detail.sql"),
    // The reprisal checks' table, as on a device (0008, the device's set-aside blobs, and
    // 0010, its rejected list's details, are the device's alone).
    schema::DEVICE[10],
    // A place's time zone, as on a device.
    schema::DEVICE[11],
    // What follows a report: settings, report versions, the authority's answers and steps.
    schema::DEVICE[12],
    // The debriefs' table (0014, the device's retention list, is the device's alone).
    schema::DEVICE[14],
];

/// How many migrations this build's office schema has (a backup of a later one is refused).
pub fn schema_version() -> usize {
    SERVER_MIGRATIONS.len()
}

#[derive(Debug)]
pub struct SqliteStorage {
    store: Mutex<Store>,
    readers: Vec<Mutex<Store>>,
    /// Which reader a request waits for when every one is busy.
    next_reader: AtomicUsize,
    blob_dir: PathBuf,
    uploads: UploadLimits,
    /// When each device's last sight was written, and the app version it named.
    seen: Mutex<std::collections::HashMap<Uuid, (std::time::Instant, Option<String>)>>,
}

/// Read-only connections beside the writer: reads are short, so a few serve many devices.
const READERS: usize = 4;

/// SHA-256 of a secret, as stored: tokens and codes are never kept in clear.
pub(crate) fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// The user's teams as the JSON array [`may_pull!`] reads.
fn teams_json(device: &DeviceAuth) -> Result<String, ServerError> {
    serde_json::to_string(&device.teams).map_err(|err| ServerError::Internal(err.to_string()))
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl SqliteStorage {
    /// Opens (creating if needed) `DIR/central.db`.
    pub fn open(data_dir: &Path) -> Result<SqliteStorage, ServerError> {
        std::fs::create_dir_all(data_dir)
            .map_err(|err| ServerError::Internal(format!("cannot create {}: {err}", data_dir.display())))?;
        let store = Store::open_central(&data_dir.join("central.db"), SERVER_MIGRATIONS)?;
        // The office edits as a device of its own (admin commands, demo data).
        store.sql().execute(
            "INSERT INTO device (id, user_id, name, enrolled_at) VALUES (?1, ?2, 'central office', ?3)
             ON CONFLICT (id) DO NOTHING",
            params![store.device_id().to_string(), Uuid::nil().to_string(), now()],
        )?;
        epoch::begin_first(&store)?;
        let readers = (0..READERS)
            .map(|_| {
                Store::open_reader(&data_dir.join("central.db"))
                    .map(|r| Mutex::new(r.with_blob_dir(data_dir.join("blobs"))))
            })
            .collect::<Result<_, _>>()?;
        Ok(SqliteStorage {
            store: Mutex::new(store),
            readers,
            next_reader: AtomicUsize::new(0),
            blob_dir: data_dir.join("blobs"),
            uploads: UploadLimits::default(),
            seen: Mutex::default(),
        })
    }

    /// This office with other limits on devices' unfinished uploads.
    pub fn with_upload_limits(self, uploads: UploadLimits) -> SqliteStorage {
        SqliteStorage { uploads, ..self }
    }

    /// The writer, and the only connection that writes.
    fn store(&self) -> MutexGuard<'_, Store> {
        // A panic while holding the lock leaves SQLite rolled back, so the data is sound.
        self.store.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A read-only connection: a free one, or else the next in turn once it is free.
    fn reader(&self) -> MutexGuard<'_, Store> {
        for reader in &self.readers {
            match reader.try_lock() {
                Ok(guard) => return guard,
                Err(TryLockError::Poisoned(poisoned)) => return poisoned.into_inner(),
                Err(TryLockError::WouldBlock) => {}
            }
        }
        let turn = self.next_reader.fetch_add(1, Ordering::Relaxed) % self.readers.len();
        self.readers[turn].lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn user(store: &Store, user_id: Uuid) -> Result<User, ServerError> {
        match store.record(Entity::User, user_id)? {
            Some(Record::User(user)) => Ok(user),
            _ => Err(ServerError::NotFound(format!("user {user_id} does not exist"))),
        }
    }
}

impl Storage for SqliteStorage {
    fn seen(&self, device: &DeviceAuth, app_version: Option<&str>) {
        if let Err(err) = self.device_seen(device, app_version) {
            tracing::warn!(%err, device = %device.device_id, "could not note when the device was seen");
        }
    }

    fn release_dir(&self) -> PathBuf {
        self.blob_dir.with_file_name("releases")
    }

    fn enrol(&self, request: &EnrolRequest) -> Result<EnrolResponse, ServerError> {
        let mut store = self.store();
        let code_hash = hash_secret(request.code.trim());
        let token = hex::encode(rand::random::<[u8; 32]>());
        let device_id = request.device_id.to_string();
        let user_id: Uuid = store.write(|w| {
            let code: Option<(String, Option<String>)> = w
                .sql()
                .query_row(
                    "SELECT user_id, replaces_device FROM enrol_code
                      WHERE code_hash = ?1 AND used_at IS NULL AND expires_at > ?2",
                    params![code_hash, now()],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()?;
            let (user_id, replaces) = code.ok_or(ServerError::BadEnrolmentCode)?;
            let user_id: Uuid = user_id.parse().map_err(|_| ServerError::BadEnrolmentCode)?;
            // A retired person's codes are gone; one left by chance still enrols nothing.
            if people::retired_at(w.sql(), user_id)?.is_some() {
                return Err(ServerError::BadEnrolmentCode);
            }
            let known: bool =
                w.sql()
                    .query_row("SELECT EXISTS (SELECT 1 FROM device WHERE id = ?1)", [&device_id], |row| row.get(0))?;
            // A known id is taken over only with the code an administrator gave for it
            // (`re_enrolment_code`): otherwise anyone with a code could lock a colleague's
            // device out and strand its unsynced work. Nothing is stored, the code stays.
            match (known, replaces.as_deref() == Some(device_id.as_str())) {
                (false, _) => w.sql().execute(
                    "INSERT INTO device (id, user_id, name, token_hash, enrolled_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![device_id, user_id.to_string(), request.device_name, hash_secret(&token), now()],
                )?,
                // The same device comes back: it keeps its place in its own sequence.
                (true, true) => w.sql().execute(
                    // An administrator gave the code for this device: that confirms it too.
                    "UPDATE device SET name = ?2, token_hash = ?3, enrolled_at = ?4, revoked_at = NULL,
                            unconfirmed_since = NULL WHERE id = ?1",
                    params![device_id, request.device_name, hash_secret(&token), now()],
                )?,
                (true, false) => return Err(ServerError::DeviceExists(request.device_id)),
            };
            w.sql().execute("UPDATE enrol_code SET used_at = ?2 WHERE code_hash = ?1", params![code_hash, now()])?;
            let details = serde_json::json!({ "device": request.device_id, "device_name": request.device_name, "re_enrolled": known });
            office_audit::record(w.sql(), user_id, "device_enrolled", None, details)?;
            Ok::<_, ServerError>(user_id)
        })?;
        let user = Self::user(&store, user_id)?;
        tracing::info!(device = %request.device_id, user = %user_id, "device enrolled");
        Ok(EnrolResponse { token, user_id, role: user.role })
    }

    fn authenticate(&self, token: &str) -> Result<DeviceAuth, ServerError> {
        let store = self.reader();
        let found: Option<(String, String, Option<String>)> = store
            .sql()
            .query_row(
                "SELECT id, user_id, unconfirmed_since FROM device WHERE token_hash = ?1 AND revoked_at IS NULL",
                [hash_secret(token)],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()?;
        let (device_id, user_id, unconfirmed) = found.ok_or(ServerError::Unauthorized)?;
        // Restored from a backup: perhaps revoked after it, so trusted only once confirmed.
        if unconfirmed.is_some() {
            return Err(ServerError::DeviceUnconfirmed);
        }
        let user_id: Uuid = user_id.parse().map_err(|_| ServerError::Unauthorized)?;
        let user = Self::user(&store, user_id).map_err(|_| ServerError::Unauthorized)?;
        Ok(DeviceAuth {
            device_id: device_id.parse().map_err(|_| ServerError::Unauthorized)?,
            user_id,
            role: user.role,
            teams: user.team_ids,
        })
    }

    fn push(&self, device: &DeviceAuth, batch: &PushBatch) -> Result<Pushed, ServerError> {
        if batch.device_id != device.device_id {
            return Err(ServerError::WrongDevice(batch.device_id));
        }
        // An op may refer to a blob only once the office holds the blob whole, and only to
        // one the device may see: knowing a colleague's photo's hash must not let a device
        // attach it to a visit of its own and then fetch it. One the device declares set
        // aside (gone or damaged there) is taken without its bytes, showing them to no one.
        let mut without_blob = Vec::new();
        for op in batch.ops.iter().map(|pushed| &pushed.op).filter(|op| op.entity == Entity::Attachment) {
            if let Some(sha256) = op.patch.get("sha256").and_then(|change| change.new.as_str())
                && !self.may_refer_to_blob(device, sha256)?
            {
                if !batch.blobs_set_aside.iter().any(|set_aside| set_aside == sha256) {
                    return Err(ServerError::BlobMissing(sha256.to_owned()));
                }
                without_blob.push((op.op_id, sha256));
            }
        }
        push::push(&mut self.store(), device, &batch.ops, &without_blob)
    }

    fn blob_status(&self, device: &DeviceAuth, sha256: &str) -> Result<BlobStatus, ServerError> {
        self.status_of_blob(device, sha256)
    }

    fn put_blob(
        &self,
        device: &DeviceAuth,
        sha256: &str,
        offset: u64,
        total: u64,
        chunk: &[u8],
    ) -> Result<BlobStatus, ServerError> {
        self.append_blob(device, sha256, offset, total, chunk)
    }

    fn get_blob(&self, device: &DeviceAuth, sha256: &str) -> Result<std::fs::File, ServerError> {
        self.open_blob(device, sha256)
    }

    fn changes_json(
        &self,
        device: &DeviceAuth,
        cursor: Cursor,
        limit: usize,
        own_after: Option<u64>,
    ) -> Result<String, ServerError> {
        let limit = limit.clamp(1, vigil_core::protocol::MAX_BATCH);
        let store = self.reader();
        // The page and the cursor after it come from one snapshot: a push committed between
        // them must not move the cursor past changes the page lacks.
        let snapshot = store.sql().unchecked_transaction()?;
        let (since, epoch, restored) = epoch::rewind(&snapshot, device, cursor)?;
        let since_sql = i64::try_from(since).map_err(|_| ServerError::BadRequest("since is too large".into()))?;
        let mut statement = snapshot.prepare_cached(concat!(
            "SELECT local_seq, body FROM op_log
              WHERE local_seq > :since AND scope IS NOT NULL
                AND (device_id != :device OR device_seq > :own_after) AND ",
            may_pull!(),
            " ORDER BY local_seq LIMIT :limit"
        ))?;
        let rows = statement.query_map(
            named_params! {
                ":since": since_sql,
                ":device": &device.device_id.as_bytes()[..],
                // A device's own ops go back to it only when it asks, after a restore.
                ":own_after": own_after.map_or(i64::MAX, |seq| i64::try_from(seq).unwrap_or(i64::MAX)),
                ":every_team": device.sees_every_team(),
                ":teams": teams_json(device)?,
                ":limit": limit as i64,
            },
            |row| Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?)),
        )?;
        let page: Vec<(i64, String)> = rows.collect::<Result<_, _>>()?;
        let more = page.len() == limit;
        let next = match page.last() {
            Some((seq, _)) if more => *seq,
            // Nothing more to see: skip past changes of other teams too.
            _ => snapshot.query_row("SELECT COALESCE(MAX(local_seq), 0) FROM op_log", [], |row| row.get(0))?,
        };
        drop(statement);
        // In the same snapshot as the page.
        let retention_days = retention::read(&snapshot)?;
        snapshot.finish()?;
        let next = u64::try_from(next.max(since_sql)).unwrap_or(since);
        changes_body(&page, Page { next, more, epoch, restored, retention_days })
    }

    fn figures(&self) -> Result<OfficeFigures, ServerError> {
        self.read_figures()
    }
}

/// What a `/changes` answer says besides its changes (see `ChangesResponse`).
struct Page {
    next: u64,
    more: bool,
    epoch: Uuid,
    restored: Option<vigil_core::protocol::OfficeRestored>,
    retention_days: Option<RetentionDays>,
}

/// Writes the `/changes` JSON with the stored op bodies as they are, unparsed.
fn changes_body(page: &[(i64, String)], answer: Page) -> Result<String, ServerError> {
    #[derive(serde::Serialize)]
    struct RawChange<'a> {
        seq: i64,
        op: &'a RawValue,
    }
    #[derive(serde::Serialize)]
    struct RawChanges<'a> {
        changes: Vec<RawChange<'a>>,
        next: u64,
        more: bool,
        epoch: Uuid,
        #[serde(skip_serializing_if = "Option::is_none")]
        restored: Option<vigil_core::protocol::OfficeRestored>,
        #[serde(skip_serializing_if = "Option::is_none")]
        retention_days: Option<RetentionDays>,
    }
    let internal = |err: serde_json::Error| ServerError::Internal(err.to_string());
    let raws: Vec<(i64, &RawValue)> = page
        .iter()
        .map(|(seq, body)| Ok((*seq, serde_json::from_str::<&RawValue>(body).map_err(internal)?)))
        .collect::<Result<_, ServerError>>()?;
    let changes = raws.into_iter().map(|(seq, op)| RawChange { seq, op }).collect();
    let Page { next, more, epoch, restored, retention_days } = answer;
    serde_json::to_string(&RawChanges { changes, next, more, epoch, restored, retention_days }).map_err(internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_office_file_is_written_in_large_pages_and_readers_see_it() {
        let dir = tempfile::tempdir().expect("dir");
        let office = SqliteStorage::open(dir.path()).expect("office");
        let page_size: i64 =
            office.store().sql().query_row("PRAGMA page_size", [], |row| row.get(0)).expect("page size");
        assert_eq!(page_size, i64::from(vigil_store::schema::CENTRAL_PAGE_SIZE));
        let seen: i64 = office.reader().sql().query_row("PRAGMA page_size", [], |row| row.get(0)).expect("reader");
        assert_eq!(seen, page_size);
    }

    #[test]
    fn the_office_adds_any_teams_visit_but_not_one_pointing_at_a_place_it_lacks() {
        let dir = tempfile::tempdir().expect("dir");
        let office = SqliteStorage::open(dir.path()).expect("office");
        let params = vigil_demo::DemoParams { facilities: 1, visits: 1, ..vigil_demo::DemoParams::default() };
        let demo = vigil_demo::generate(&params).records;
        office.add_records(&demo).expect("demo");
        let visit = demo
            .into_iter()
            .find_map(|record| if let vigil_core::Record::Visit(visit) = record { Some(visit) } else { None })
            .expect("a demo visit");

        // An administrator's device may not plan a visit; the office may, in any state.
        let approved = vigil_core::records::Visit {
            id: Uuid::now_v7(),
            status: vigil_core::VisitStatus::Approved,
            ..visit.clone()
        };
        office.add_records(&[approved.into()]).expect("the office adds a visit of any team");

        let logged = office.op_ids().expect("log").len();
        let nowhere = vigil_core::records::Visit { id: Uuid::now_v7(), facility_id: Uuid::now_v7(), ..visit };
        let err = office.add_records(&[nowhere.into()]).expect_err("a place the office lacks");
        assert!(err.to_string().contains("facility"), "{err}");
        assert_eq!(office.op_ids().expect("log").len(), logged, "nothing of it stored");
    }

    /// The office's tables before changes about interviews were marked on their scope.
    const BEFORE_INTERVIEW_SCOPE: usize = 10;

    #[test]
    fn an_office_from_before_marks_what_it_holds_about_interviews_for_the_team_alone() {
        use vigil_core::records::{Interview, Observation, ReviewComment, Visit};
        use vigil_store::admission::Scope;

        let dir = tempfile::tempdir().expect("dir");
        let params = vigil_demo::DemoParams { facilities: 2, visits: 8, ..vigil_demo::DemoParams::default() };
        let mut records = vigil_demo::generate(&params).records;
        // That office had no debriefs, nor what follows a report (device migration 0013 came
        // later).
        records.retain(|r| r.entity() != Entity::Debrief && !r.entity().follows_the_report());
        let interview = records.iter().find_map(|r| Interview::try_from(r.clone()).ok()).expect("a demo interview");
        let observation = records
            .iter()
            .find_map(|r| Observation::try_from(r.clone()).ok().filter(|o| o.visit_id == interview.visit_id))
            .expect("a finding of the same visit");
        let teams: std::collections::HashMap<Uuid, Uuid> =
            records.iter().filter_map(|r| Visit::try_from(r.clone()).ok()).map(|v| (v.id, v.team_id)).collect();
        let team = teams[&interview.visit_id];
        let comment = ReviewComment {
            id: Uuid::now_v7(),
            visit_id: interview.visit_id,
            target_entity: Some(Entity::Interview),
            target_id: Some(interview.id),
            reply_to: None,
            body: "Which cell was he held in?".into(),
            author_id: Uuid::now_v7(),
        };
        let reply = ReviewComment {
            id: Uuid::now_v7(),
            target_entity: None,
            target_id: None,
            reply_to: Some(comment.id),
            ..comment.clone()
        };
        let opened = vigil_core::audit::chain(
            None,
            vigil_core::audit::Action {
                at: chrono::Utc::now(),
                actor_id: Uuid::now_v7(),
                device_id: Uuid::now_v7(),
                action: "interview_opened".into(),
                target: Some((Entity::Interview, interview.id)),
                details: String::new(),
            },
        );
        records.extend([comment.clone().into(), reply.clone().into(), Record::from(opened.clone())]);
        {
            let mut store =
                Store::open_central(&dir.path().join("central.db"), &SERVER_MIGRATIONS[..BEFORE_INTERVIEW_SCOPE])
                    .expect("an office of the last version");
            let device = Uuid::now_v7();
            store
                .write(|w| {
                    for (seq, record) in records.iter().enumerate() {
                        let hlc = vigil_core::Hlc { millis: 1_700_000_000_000 + seq as u64, counter: 0 };
                        let mut op = vigil_core::Op::create(record, device, seq as u64 + 1, hlc, Uuid::nil());
                        // A checklist's languages (device migration 0009) and a place's time
                        // zone (0012) came later: that office had no columns for them.
                        op.patch
                            .retain(|field, _| !matches!(field.as_str(), "language" | "translations" | "time_zone"));
                        // Who pulled it then: the visit's team, or every device (an audit event
                        // about anything but a visit went everywhere).
                        let team = match (record, record.visit_id()) {
                            (_, _) if record.entity().shared_with_every_team() => None,
                            (Record::AuditEvent(_), _) | (_, None) => None,
                            (Record::Visit(v), _) => Some(v.team_id),
                            (_, Some(visit)) => teams.get(&visit).copied(),
                        };
                        w.apply(&op, None, Scope { team, interview: false })?;
                    }
                    Ok::<_, vigil_store::StoreError>(())
                })
                .expect("the old office's log");
        }
        let office = SqliteStorage::open(dir.path()).expect("migrated");
        let store = office.store();
        let scope = |id: Uuid| -> Option<String> {
            store
                .sql()
                .query_row(
                    "SELECT scope FROM op_log WHERE json_extract(body, '$.entity_id') = ?1",
                    [id.to_string()],
                    |row| row.get(0),
                )
                .expect("logged")
        };
        let about = Some(format!("i:{team}"));
        for (what, id) in
            [("interview", interview.id), ("comment", comment.id), ("answer", reply.id), ("event", opened.id)]
        {
            assert_eq!(scope(id), about, "the {what} (about the interview) is the team's alone");
        }
        assert_eq!(scope(observation.id), Some(team.to_string()), "a finding stays as it was");
    }

    /// The office's tables before who may pull an op moved onto its row in the log.
    const BEFORE_SCOPE: usize = 6;

    #[test]
    fn an_office_from_before_the_scope_on_the_log_keeps_who_may_pull_each_op() {
        let dir = tempfile::tempdir().expect("dir");
        let (team, device) = (Uuid::now_v7().to_string(), Uuid::now_v7());
        {
            let store = Store::open_with_schema(&dir.path().join("central.db"), &SERVER_MIGRATIONS[..BEFORE_SCOPE])
                .expect("an office of the last version");
            for seq in 1..=3 {
                store
                    .sql()
                    .execute(
                        "INSERT INTO op_log (op_id, device_id, device_seq, hlc, entity, entity_id, body)
                         VALUES (?1, ?2, ?3, 'hlc', 'observation', 'id', '{}')",
                        params![Uuid::now_v7().to_string(), device.to_string(), seq],
                    )
                    .expect("log");
            }
            // The first op went to every device, the second to one team, the third never
            // became a change.
            store
                .sql()
                .execute("INSERT INTO change (seq, team_id) VALUES (1, NULL), (2, ?1)", [&team])
                .expect("changes");
        }
        let office = SqliteStorage::open(dir.path()).expect("migrated");
        let store = office.store();
        let scopes: Vec<Option<String>> = store
            .sql()
            .prepare("SELECT scope FROM op_log ORDER BY local_seq")
            .expect("query")
            .query_map([], |row| row.get(0))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("scopes");
        assert_eq!(scopes, [Some("*".to_owned()), Some(team), None]);
        let changes_left: i64 = store
            .sql()
            .query_row("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'change'", [], |row| row.get(0))
            .expect("schema");
        assert_eq!(changes_left, 0, "the separate table of changes is gone");
    }
}
