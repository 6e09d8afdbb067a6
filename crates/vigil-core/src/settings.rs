//! Settings of the whole office, which every device follows: kept as [`OfficeSetting`]
//! records (reference data: administrators set them, every device receives them), one per
//! key, read into [`OfficeSettings`] with a default for each key not set.

use uuid::Uuid;

use crate::records::OfficeSetting;

/// Days the authority has to answer the report, counted from the day it was first sent.
pub const ANSWER_DAYS: &str = "answer_days";

/// Every key an office setting may have, with the values it takes.
pub const KEYS: &[(&str, std::ops::RangeInclusive<i64>)] = &[(ANSWER_DAYS, 1..=365)];

/// What the office's settings say, each key at its default until set.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OfficeSettings {
    /// The legal deadline of the authority's answer, in days after the report is sent
    /// (30 where the law says nothing else).
    pub answer_days: i64,
}

impl Default for OfficeSettings {
    fn default() -> OfficeSettings {
        OfficeSettings { answer_days: 30 }
    }
}

impl OfficeSettings {
    /// The settings the records say (a key this version does not know is left alone: an
    /// office newer than the app may have it).
    pub fn from_records<'a>(records: impl IntoIterator<Item = &'a OfficeSetting>) -> OfficeSettings {
        let mut settings = OfficeSettings::default();
        for record in records {
            if record.key == ANSWER_DAYS && is_allowed(&record.key, record.value) {
                settings.answer_days = record.value;
            }
        }
        settings
    }
}

/// Whether `value` is a value the setting `key` takes.
pub fn is_allowed(key: &str, value: i64) -> bool {
    KEYS.iter().any(|(known, range)| *known == key && range.contains(&value))
}

impl OfficeSetting {
    /// The one id of the setting `key`.
    pub fn id_of(key: &str) -> Uuid {
        const SETTINGS: Uuid = Uuid::from_u128(0x5e77_1a65_0ff1_4ce5_8e77_1a65_0ff1_4ce5);
        Uuid::new_v5(&SETTINGS, key.as_bytes())
    }

    /// The record that sets `key` to `value`.
    pub fn new(key: &str, value: i64) -> OfficeSetting {
        OfficeSetting { id: OfficeSetting::id_of(key), key: key.to_owned(), value }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_setting_not_set_or_out_of_range_keeps_its_default() {
        assert_eq!(OfficeSettings::from_records([]).answer_days, 30);
        assert_eq!(OfficeSettings::from_records([&OfficeSetting::new(ANSWER_DAYS, 60)]).answer_days, 60);
        assert_eq!(OfficeSettings::from_records([&OfficeSetting::new(ANSWER_DAYS, 0)]).answer_days, 30);
        assert_eq!(OfficeSettings::from_records([&OfficeSetting::new("colour", 3)]).answer_days, 30);
        assert_eq!(OfficeSetting::id_of(ANSWER_DAYS), OfficeSetting::new(ANSWER_DAYS, 9).id);
        assert_ne!(OfficeSetting::id_of(ANSWER_DAYS), OfficeSetting::id_of("retention_days"));
    }
}
