//! What administrators do from the command line: teams, users, enrolment codes, devices,
//! and loading demo data. Records are made as ops of the office's own device and go
//! through the same acceptance as pushed ops, so every device pulls them.

use chrono::{Duration, Utc};
use serde::Serialize;
use uuid::Uuid;
use vigil_core::Record;
use vigil_core::records::AuditEvent;
use vigil_store::rusqlite::{OptionalExtension, params};

use super::push::{office_records, office_update};
use super::{SqliteStorage, hash_secret, now};
use crate::ServerError;
use crate::console::types::DeviceView;
use vigil_store::admission::Seen;

/// A device as `device list` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct DeviceRow {
    pub id: Uuid,
    pub user_id: Uuid,
    pub name: String,
    pub enrolled_at: String,
    pub revoked_at: Option<String>,
    pub last_seq: i64,
    /// Since the office was restored from a backup, waiting for `device confirm`.
    pub unconfirmed_since: Option<String>,
}

impl From<DeviceView> for DeviceRow {
    fn from(view: DeviceView) -> DeviceRow {
        let DeviceView { id, user_id, name, enrolled_at, revoked_at, last_seq, unconfirmed_since, .. } = view;
        DeviceRow { id, user_id, name, enrolled_at, revoked_at, last_seq, unconfirmed_since }
    }
}

impl SqliteStorage {
    /// Sets an office setting (`vigil_core::settings`), which every device receives: made
    /// the first time, changed after. A key or value the office does not take is refused.
    pub fn set_office_setting(&self, key: &str, value: i64) -> Result<(), ServerError> {
        use vigil_core::records::OfficeSetting;
        let setting = OfficeSetting::new(key, value);
        if let Err(invalid) = Record::from(setting.clone()).validate() {
            return Err(ServerError::BadRequest(invalid.to_string()));
        }
        let held: Vec<OfficeSetting> = self.store().all(vigil_core::Entity::OfficeSetting)?;
        if held.iter().any(|s| s.id == setting.id) {
            let changes = serde_json::Map::from_iter([("value".to_owned(), serde_json::json!(value))]);
            self.store().write(|w| office_update(w, vigil_core::Entity::OfficeSetting, setting.id, changes))?;
            return Ok(());
        }
        self.add_records(&[setting.into()]).map(|_| ())
    }

    /// Loads the demo's records as the central office. Each report stage that sends the
    /// report keeps its PDF, as the app keeps it (`vigil_report::pdf::issued`, in English):
    /// rendered from what the office holds, stored under its hash, the stage then its
    /// attachment. Stages go in their order, after everything else.
    pub fn load_demo(&self, records: &[Record]) -> Result<usize, ServerError> {
        let rest: Vec<Record> = records.iter().filter(|r| !matches!(r, Record::ReportVersion(_))).cloned().collect();
        let mut count = self.add_records(&rest)?;
        let stages = records.iter().filter_map(|record| match record {
            Record::ReportVersion(stage) => Some(stage),
            _ => None,
        });
        for stage in stages {
            if !stage.stage.issues_report() || stage.attachment_id.is_some() {
                count += self.add_records(&[stage.clone().into()])?;
                continue;
            }
            let language = vigil_report::i18n::Language::En;
            let (bytes, file_name) = vigil_report::pdf::issued(&self.reader(), stage.visit_id, stage.stage, language)
                .map_err(|err| {
                ServerError::Internal(format!("the demo's report of visit {}: {err}", stage.visit_id))
            })?;
            let sha256 = self.keep_own_blob(&bytes)?;
            let pdf = vigil_core::records::Attachment {
                id: Uuid::new_v5(&stage.id, b"kept pdf"),
                visit_id: stage.visit_id,
                sha256,
                mime: "application/pdf".to_owned(),
                size: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
                file_name,
            };
            let kept = vigil_core::records::ReportVersion { attachment_id: Some(pdf.id), ..stage.clone() };
            count += self.add_records(&[kept.into(), pdf.into()])?;
        }
        Ok(count)
    }

    /// Adds records as the central office, in one transaction: any record right in itself
    /// (visits of any team, in any state, included); the first wrong one refuses them all.
    pub fn add_records(&self, records: &[Record]) -> Result<usize, ServerError> {
        self.store().write(|w| {
            office_records(w, &mut Seen::default(), records)?;
            Ok(records.len())
        })
    }

    /// A one-time code a device trades for its token, valid for `valid_for`.
    /// Issued from the command line; audited as the console's are.
    pub fn enrolment_code(&self, user_id: Uuid, valid_for: Duration) -> Result<String, ServerError> {
        match self.issue_enrolment_code(super::office_audit::COMMAND_LINE, user_id, valid_for) {
            Ok((code, _, _)) => Ok(code),
            Err(crate::console::ConsoleError::Office(err)) => Err(err),
            Err(err) => Err(ServerError::BadRequest(err.to_string())),
        }
    }

    /// Re-enrolling a device: revokes it (its token stops working at once) and answers a
    /// one-time code for its user that may take over this device's id, and no other. The
    /// device keeps its place in its sequence, so its unsynced work follows.
    pub fn re_enrolment_code(&self, device_id: Uuid, valid_for: Duration) -> Result<String, ServerError> {
        let mut store = self.store();
        store.write(|w| {
            let user_id: Option<String> = w
                .sql()
                .query_row(
                    "SELECT user_id FROM device WHERE id = ?1 AND token_hash IS NOT NULL",
                    [device_id.to_string()],
                    |row| row.get(0),
                )
                .optional()?;
            let user_id: Uuid = user_id
                .ok_or_else(|| ServerError::NotFound(format!("no enrolled device {device_id}")))?
                .parse()
                .map_err(|_| ServerError::Internal("damaged device row".into()))?;
            w.sql().execute(
                "UPDATE device SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
                params![device_id.to_string(), now()],
            )?;
            let code = insert_enrolment_code(w.sql(), user_id, Some(device_id), valid_for)?;
            let details = serde_json::json!({ "device": device_id, "re_enrolment": true });
            let actor = super::office_audit::COMMAND_LINE;
            super::office_audit::record(w.sql(), actor, "device_revoked", None, details.clone())?;
            super::office_audit::record(
                w.sql(),
                actor,
                "enrolment_code_issued",
                Some((vigil_core::Entity::User, user_id)),
                details,
            )?;
            Ok(code)
        })
    }

    /// The id of the user with this e-mail address.
    pub fn user_by_email(&self, email: &str) -> Result<Uuid, ServerError> {
        let store = self.store();
        let id: Option<String> = store
            .sql()
            .query_row("SELECT id FROM user WHERE lower(email) = lower(?1) AND deleted = 0", [email], |row| row.get(0))
            .optional()?;
        id.ok_or_else(|| ServerError::NotFound(format!("no user with e-mail {email}")))?
            .parse()
            .map_err(|_| ServerError::Internal("damaged user id".into()))
    }

    /// Checks every device's audit chain; returns each device with its count of events, or
    /// the first broken link.
    pub fn verify_audit(&self) -> Result<Vec<(Uuid, usize)>, vigil_core::audit::ChainError> {
        let events: Vec<AuditEvent> = self.store().all(vigil_core::Entity::AuditEvent).unwrap_or_default();
        let mut by_device: std::collections::BTreeMap<Uuid, Vec<AuditEvent>> = Default::default();
        for event in events {
            by_device.entry(event.device_id).or_default().push(event);
        }
        by_device
            .into_iter()
            .map(|(device, mut chain)| {
                chain.sort_by_key(|e| e.seq);
                vigil_core::audit::verify_chain(&chain).map(|()| (device, chain.len()))
            })
            .collect()
    }

    /// A visit's content now against the hash recorded at its approval.
    pub fn visit_integrity(&self, visit_id: Uuid) -> Result<vigil_store::VisitIntegrity, ServerError> {
        Ok(self.store().visit_integrity(visit_id)?)
    }

    /// Every live record of one entity the office holds.
    pub fn all<T: vigil_core::records::OneKind + serde::de::DeserializeOwned>(
        &self,
        entity: vigil_core::Entity,
    ) -> Result<Vec<T>, ServerError> {
        Ok(self.store().all(entity)?)
    }

    /// The office's records and conflicts as text (see `Store::snapshot_text`).
    pub fn snapshot_text(&self) -> Result<String, ServerError> {
        Ok(self.store().snapshot_text()?)
    }

    /// Every op the office holds, in its order (for checks that nothing was lost or doubled).
    pub fn op_ids(&self) -> Result<Vec<Uuid>, ServerError> {
        Ok(self.store().op_log()?.into_iter().map(|op| op.op_id).collect())
    }

    /// Every field in conflict at the office.
    pub fn conflicts(&self) -> Result<Vec<vigil_store::Conflict>, ServerError> {
        Ok(self.store().conflicts()?)
    }

    /// Every enrolled device, oldest first: the console's list, projected.
    pub fn devices(&self) -> Result<Vec<DeviceRow>, ServerError> {
        Ok(self.device_views()?.into_iter().rev().map(DeviceRow::from).collect())
    }

    /// Revokes a device: its token stops working on the next request.
    pub fn revoke(&self, device_id: Uuid) -> Result<(), ServerError> {
        self.revoke_device(super::office_audit::COMMAND_LINE, device_id)
    }
}

/// Stores a new code for `user_id` (hashed) and answers it in clear, the only time it is.
pub(super) fn insert_enrolment_code(
    sql: &vigil_store::rusqlite::Connection,
    user_id: Uuid,
    replaces_device: Option<Uuid>,
    valid_for: Duration,
) -> Result<String, ServerError> {
    let code = enrolment_code_text();
    let expires = (Utc::now() + valid_for).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    sql.execute(
        "INSERT INTO enrol_code (code_hash, user_id, expires_at, replaces_device) VALUES (?1, ?2, ?3, ?4)",
        params![hash_secret(&code), user_id.to_string(), expires, replaces_device.map(|id| id.to_string())],
    )?;
    Ok(code)
}

/// Twelve characters from an alphabet without look-alikes, grouped for reading aloud.
fn enrolment_code_text() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let bytes: [u8; 12] = rand::random();
    let chars: String = bytes.iter().map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char).collect();
    format!("{}-{}-{}", &chars[0..4], &chars[4..8], &chars[8..12])
}
