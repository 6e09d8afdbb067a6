//! What the console reads and does about devices, the audit trail and the office's health,
//! and when each device was last seen (recorded as devices reach the office).

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use chrono::{Duration, Utc};
use uuid::Uuid;
use vigil_core::Entity;
use vigil_core::records::{AuditEvent, User};
use vigil_store::rusqlite::{OptionalExtension, params};

use super::admin::insert_enrolment_code;
use super::{SqliteStorage, now, office_audit};
use crate::ServerError;
use crate::console::ConsoleError;
use crate::console::types::{
    AUDIT_PAGE, AuditEntry, AuditQuery, AuditView, ChainCheck, DeviceView, Health, UnconfirmedDevice,
};
use crate::storage::DeviceAuth;

/// How often a device's last sight is written at most (a sync is a few requests).
const SEEN_EVERY: std::time::Duration = std::time::Duration::from_secs(30);

impl SqliteStorage {
    /// Notes that a device reached the office, with the app version it named. Written at
    /// most every [`SEEN_EVERY`] per device (or when the version changes), off the request.
    pub fn device_seen(&self, device: &DeviceAuth, app_version: Option<&str>) -> Result<(), ServerError> {
        let version =
            app_version.map(|v| v.chars().take(vigil_core::protocol::MAX_APP_VERSION_LEN).collect::<String>());
        {
            let mut seen = self.seen.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            let due = match seen.get(&device.device_id) {
                Some((at, known)) => at.elapsed() >= SEEN_EVERY || *known != version,
                None => true,
            };
            if !due {
                return Ok(());
            }
            seen.insert(device.device_id, (Instant::now(), version.clone()));
        }
        self.store().sql().execute(
            "UPDATE device SET last_seen_at = ?2, app_version = COALESCE(?3, app_version) WHERE id = ?1",
            params![device.device_id.to_string(), now(), version],
        )?;
        Ok(())
    }

    /// Every enrolled device, newest first, with its user and what it sent.
    pub fn device_views(&self) -> Result<Vec<DeviceView>, ServerError> {
        let store = self.reader();
        let names: HashMap<Uuid, String> =
            store.all::<User>(Entity::User)?.into_iter().map(|user| (user.id, user.name)).collect();
        let mut statement = store.sql().prepare(
            "SELECT d.id, d.name, d.user_id, d.enrolled_at, d.revoked_at, d.last_seen_at, d.app_version, d.last_seq,
                    (SELECT COUNT(*) FROM rejection r WHERE r.device_id = d.id), d.unconfirmed_since
               FROM device d WHERE d.token_hash IS NOT NULL ORDER BY d.enrolled_at DESC",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, Option<String>>(4)?,
                row.get::<_, Option<String>>(5)?,
                row.get::<_, Option<String>>(6)?,
                row.get::<_, i64>(7)?,
                row.get::<_, u32>(8)?,
                row.get::<_, Option<String>>(9)?,
            ))
        })?;
        rows.map(|row| {
            let (
                id,
                name,
                user_id,
                enrolled_at,
                revoked_at,
                last_seen_at,
                app_version,
                last_seq,
                rejected,
                unconfirmed,
            ) = row?;
            let bad = |_| ServerError::Internal("damaged device row".into());
            let user_id: Uuid = user_id.parse().map_err(bad)?;
            Ok(DeviceView {
                id: id.parse().map_err(bad)?,
                name,
                user_name: names.get(&user_id).cloned().unwrap_or_default(),
                user_id,
                enrolled_at,
                revoked_at,
                last_seen_at,
                app_version,
                last_seq,
                rejected,
                unconfirmed_since: unconfirmed,
            })
        })
        .collect()
    }

    /// Revokes a device, as `actor`, audited.
    pub fn revoke_device(&self, actor: Uuid, device_id: Uuid) -> Result<(), ServerError> {
        self.store().write(|w| {
            let changed = w.sql().execute(
                "UPDATE device SET revoked_at = ?2 WHERE id = ?1 AND token_hash IS NOT NULL AND revoked_at IS NULL",
                params![device_id.to_string(), now()],
            )?;
            if changed == 0 {
                return Err(ServerError::NotFound(format!("no active device {device_id}")));
            }
            office_audit::record(w.sql(), actor, "device_revoked", None, serde_json::json!({ "device": device_id }))?;
            Ok(())
        })
    }

    /// A one-time enrolment code for a person, as `actor`, audited (the code itself is not).
    /// Answers the code, its expiry and the person.
    pub fn issue_enrolment_code(
        &self,
        actor: Uuid,
        user_id: Uuid,
        valid_for: Duration,
    ) -> Result<(String, String, User), ConsoleError> {
        let mut store = self.store();
        let user = Self::user(&store, user_id)?;
        store.write(|w| {
            if super::people::retired_at(w.sql(), user_id)?.is_some() {
                return Err(ConsoleError::Invalid { field: "user_id", message: format!("{} is retired", user.name) });
            }
            let code = insert_enrolment_code(w.sql(), user_id, None, valid_for)?;
            let expires = (Utc::now() + valid_for).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            let details = serde_json::json!({ "for": user.email, "expires_at": expires });
            office_audit::record(w.sql(), actor, "enrolment_code_issued", Some((Entity::User, user_id)), details)?;
            Ok((code, expires, user.clone()))
        })
    }

    /// The audit trail: every device's chain and the office's, newest first, filtered by
    /// `query`, with every chain checked.
    pub fn audit_view(&self, query: &AuditQuery) -> Result<AuditView, ServerError> {
        let store = self.reader();
        let users: HashMap<Uuid, User> = store.all::<User>(Entity::User)?.into_iter().map(|u| (u.id, u)).collect();
        let devices: HashMap<Uuid, String> = {
            let mut statement = store.sql().prepare("SELECT id, name FROM device")?;
            let rows: Vec<(String, String)> =
                statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?.collect::<Result<_, _>>()?;
            rows.into_iter().filter_map(|(id, name)| Some((id.parse().ok()?, name))).collect()
        };
        let device_events: Vec<AuditEvent> = store.all(Entity::AuditEvent)?;
        let office_events = office_audit::all(store.sql())?;
        drop(store);

        let mut chains: BTreeMap<Uuid, Vec<&AuditEvent>> = BTreeMap::new();
        for event in &device_events {
            chains.entry(event.device_id).or_default().push(event);
        }
        let mut problem = None;
        for chain in chains.values_mut() {
            chain.sort_by_key(|e| e.seq);
            let owned: Vec<AuditEvent> = chain.iter().map(|e| (*e).clone()).collect();
            if let Err(err) = vigil_core::audit::verify_chain(&owned) {
                problem.get_or_insert(err.to_string());
            }
        }
        if let Err(err) = office_audit::verify(&office_events) {
            problem.get_or_insert(format!("the office's console chain: {err}"));
        }
        let check = ChainCheck {
            intact: problem.is_none(),
            device_chains: chains.len() as u32,
            device_events: device_events.len() as u32,
            office_events: office_events.len() as u32,
            problem,
        };

        let actor_name = |id: Uuid| match users.get(&id) {
            Some(user) => format!("{} <{}>", user.name, user.email),
            None if id.is_nil() => "office".to_owned(),
            None => id.to_string(),
        };
        let target_text = |event: &AuditEvent| match (event.target_entity, event.target_id) {
            (Some(Entity::User), Some(id)) => Some(actor_name(id)),
            (Some(entity), Some(id)) => Some(format!("{} {id}", entity.as_str())),
            _ => None,
        };
        // The office's events about a device name it in their details.
        let named_device = |event: &AuditEvent| -> Option<Uuid> {
            let details: serde_json::Value = serde_json::from_str(&event.details).ok()?;
            details.get("device")?.as_str()?.parse().ok()
        };
        let entry = |event: &AuditEvent, office: bool| {
            let device_id = if office { named_device(event) } else { Some(event.device_id) };
            AuditEntry {
                chain: if office { "office".to_owned() } else { event.device_id.to_string() },
                seq: event.seq,
                at: event.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                actor_id: event.actor_id,
                actor_name: actor_name(event.actor_id),
                device_id,
                device_name: device_id.map(|id| {
                    devices
                        .get(&id)
                        .cloned()
                        .unwrap_or_else(|| if id.is_nil() { "office".into() } else { id.to_string() })
                }),
                action: event.action.clone(),
                target: target_text(event),
                details: event.details.clone(),
            }
        };
        let words: Vec<String> = query.text.split_whitespace().map(str::to_lowercase).collect();
        let day = |text: &Option<String>| text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned);
        let (from, to) = (day(&query.from), day(&query.to));
        let mut entries: Vec<AuditEntry> = office_events
            .iter()
            .map(|e| entry(e, true))
            .chain(device_events.iter().map(|e| entry(e, false)))
            .filter(|entry| {
                let date = &entry.at[..entry.at.len().min(10)];
                from.as_deref().is_none_or(|from| date >= from) && to.as_deref().is_none_or(|to| date <= to)
            })
            .filter(|entry| {
                let haystack = format!(
                    "{} {} {} {} {} {}",
                    entry.actor_name,
                    entry.device_name.as_deref().unwrap_or("office"),
                    entry.action,
                    entry.target.as_deref().unwrap_or(""),
                    entry.details,
                    entry.device_id.map(|id| id.to_string()).unwrap_or_default()
                )
                .to_lowercase();
                words.iter().all(|word| haystack.contains(word))
            })
            .collect();
        entries.sort_by(|a, b| b.at.cmp(&a.at).then(b.seq.cmp(&a.seq)));
        let matched = entries.len() as u32;
        entries.truncate(AUDIT_PAGE);
        Ok(AuditView { entries, matched, check })
    }

    /// Sizes and counts of the office.
    pub fn health(&self) -> Result<Health, ServerError> {
        let store = self.reader();
        let sql = store.sql();
        let count = |query: &str| -> Result<u64, ServerError> {
            Ok(sql.query_row(query, [], |row| row.get::<_, i64>(0))? as u64)
        };
        let day_ago = (Utc::now() - Duration::days(1)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let seen: i64 = sql.query_row(
            "SELECT COUNT(*) FROM device WHERE token_hash IS NOT NULL AND revoked_at IS NULL AND last_seen_at >= ?1",
            [day_ago],
            |row| row.get(0),
        )?;
        let database_bytes = count("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")?;
        let blob_bytes: i64 =
            sql.query_row("SELECT COALESCE(SUM(size), 0) FROM blob", [], |row| row.get(0)).optional()?.unwrap_or(0);
        let last_backup = super::epoch::last_backup(sql)?;
        let restore = super::epoch::last_restore(sql)?;
        let names: HashMap<Uuid, String> =
            store.all::<User>(Entity::User)?.into_iter().map(|user| (user.id, user.name)).collect();
        let mut statement = sql.prepare(
            "SELECT id, name, user_id FROM device
              WHERE unconfirmed_since IS NOT NULL AND token_hash IS NOT NULL AND revoked_at IS NULL ORDER BY name",
        )?;
        let unconfirmed: Vec<(String, String, String)> =
            statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?.collect::<Result<_, _>>()?;
        let unconfirmed_devices = unconfirmed
            .into_iter()
            .filter_map(|(id, name, user_id)| {
                let user_name = user_id.parse().ok().and_then(|id: Uuid| names.get(&id).cloned()).unwrap_or_default();
                Some(UnconfirmedDevice { id: id.parse().ok()?, name, user_name })
            })
            .collect();
        Ok(Health {
            restored_at: restore.as_ref().map(|(at, _)| at.clone()),
            restored_from: restore.map(|(_, from)| from),
            unconfirmed_devices,
            last_backup_at: last_backup.as_ref().map(|backup| backup.at.clone()),
            last_backup_bytes: last_backup.map(|backup| backup.bytes),
            database_bytes,
            blob_bytes: blob_bytes as u64,
            ops: count("SELECT COUNT(*) FROM op_log")?,
            rejected_ops: count("SELECT COUNT(*) FROM rejection")?,
            active_devices: count("SELECT COUNT(*) FROM device WHERE token_hash IS NOT NULL AND revoked_at IS NULL")?
                as u32,
            devices_seen_last_day: seen as u32,
            people: count("SELECT COUNT(*) FROM user WHERE deleted = 0")? as u32,
            places: count("SELECT COUNT(*) FROM facility WHERE deleted = 0")? as u32,
            visits: count("SELECT COUNT(*) FROM visit WHERE deleted = 0")? as u32,
        })
    }
}
