//! The office's settings as the console shows and changes them: the authority's answer
//! deadline (an `office_setting` record every device receives) and the retention period
//! (sent with every page of changes). Changed by an administrator, each change audited.

use uuid::Uuid;
use vigil_core::Entity;
use vigil_core::records::OfficeSetting;
use vigil_core::retention::RetentionDays;
use vigil_core::settings::{ANSWER_DAYS, KEYS, OfficeSettings, is_allowed};

use super::{SqliteStorage, now, office_audit};
use crate::console::ConsoleError;
use crate::console::types::{SettingsInput, SettingsView};

impl SqliteStorage {
    /// The settings devices follow now.
    pub fn settings_view(&self) -> Result<SettingsView, ConsoleError> {
        let records: Vec<OfficeSetting> = self.reader().all(Entity::OfficeSetting)?;
        let answer_days = OfficeSettings::from_records(&records).answer_days;
        Ok(SettingsView { answer_days, retention_days: self.retention()?.map(RetentionDays::get) })
    }

    /// Sets both settings as `actor`; a value out of range is refused naming its field, and
    /// nothing changes. A change is audited with the values before and after.
    pub fn change_settings(&self, actor: Uuid, input: &SettingsInput) -> Result<SettingsView, ConsoleError> {
        if !is_allowed(ANSWER_DAYS, input.answer_days) {
            let range = KEYS.iter().find(|(key, _)| *key == ANSWER_DAYS).map(|(_, range)| range.clone());
            let range = range.map_or_else(String::new, |range| format!("{} to {} days, ", range.start(), range.end()));
            let message = format!("the answer deadline must be {range}not {}", input.answer_days);
            return Err(ConsoleError::Invalid { field: "answer_days", message });
        }
        let retention = input
            .retention_days
            .map(RetentionDays::new)
            .transpose()
            .map_err(|err| ConsoleError::Invalid { field: "retention_days", message: err.to_string() })?;
        let before = self.settings_view()?;
        if before.answer_days != input.answer_days {
            self.set_office_setting(ANSWER_DAYS, input.answer_days)?;
        }
        let after = SettingsView { answer_days: input.answer_days, retention_days: retention.map(RetentionDays::get) };
        if after != before {
            // One audited act: the retention period (if it moved) with the record of both values.
            let details = serde_json::json!({ "before": before, "after": after, "at": now() });
            self.store().write(|w| {
                if before.retention_days != after.retention_days {
                    super::retention::write(w.sql(), retention)?;
                }
                office_audit::record(w.sql(), actor, "office_settings_changed", None, details)
            })?;
        }
        Ok(after)
    }
}
