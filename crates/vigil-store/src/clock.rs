//! A record's `clock` column: which version of each field is the winner.
//!
//! Most fields of most records were last set by the op that created the record, so that
//! op is stored once as the base (`"*"`) and only fields changed since are listed. This
//! keeps the column a few dozen bytes instead of a stamp per field.

use std::collections::BTreeMap;

use uuid::Uuid;
use vigil_core::Hlc;

use crate::StoreError;

/// A field's winning version: its clock, device and op.
pub(crate) type Entry = (Hlc, Uuid, Uuid);

const BASE: &str = "*";

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Clock {
    base: Option<Entry>,
    fields: BTreeMap<String, Entry>,
}

impl Clock {
    /// The clock of a new record, whose fields the creating op set.
    #[cfg(test)]
    pub fn created_by(entry: Entry) -> Clock {
        Clock { base: Some(entry), fields: BTreeMap::new() }
    }

    pub fn parse(text: &str) -> Result<Clock, StoreError> {
        let mut fields: BTreeMap<String, Entry> = serde_json::from_str(text).map_err(StoreError::corrupt)?;
        let base = fields.remove(BASE);
        Ok(Clock { base, fields })
    }

    /// The text of [`Clock::created_by`]`(entry)` as [`Clock::to_text`] writes it, without
    /// building the map: every record a sync brings in starts with one.
    pub fn created_text((hlc, device_id, op_id): Entry) -> String {
        let mut text = String::with_capacity(112);
        text.push_str("{\"*\":[\"");
        text.push_str(&hlc.to_string());
        text.push_str("\",\"");
        text.push_str(device_id.hyphenated().encode_lower(&mut Uuid::encode_buffer()));
        text.push_str("\",\"");
        text.push_str(op_id.hyphenated().encode_lower(&mut Uuid::encode_buffer()));
        text.push_str("\"]}");
        text
    }

    pub fn to_text(&self) -> Result<String, StoreError> {
        let mut all: BTreeMap<&str, &Entry> = self.fields.iter().map(|(k, v)| (k.as_str(), v)).collect();
        if let Some(base) = &self.base {
            all.insert(BASE, base);
        }
        serde_json::to_string(&all).map_err(StoreError::corrupt)
    }

    pub fn get(&self, field: &str) -> Option<Entry> {
        self.fields.get(field).copied().or(self.base)
    }

    pub fn set(&mut self, field: &str, entry: Entry) {
        if self.base == Some(entry) {
            self.fields.remove(field);
        } else {
            self.fields.insert(field.to_owned(), entry);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: u64) -> Entry {
        (Hlc { millis: n, counter: 0 }, Uuid::from_u128(1), Uuid::from_u128(u128::from(n)))
    }

    #[test]
    fn a_new_records_clock_is_written_as_the_map_would_be() {
        let created = (Hlc { millis: 1_764_000_000_123, counter: 7 }, Uuid::now_v7(), Uuid::now_v7());
        let text = Clock::created_text(created);
        assert_eq!(text, Clock::created_by(created).to_text().expect("write"));
        assert_eq!(Clock::parse(&text).expect("read"), Clock::created_by(created));
    }

    #[test]
    fn fields_fall_back_to_the_creating_op_and_round_trip() {
        let mut clock = Clock::created_by(entry(1));
        assert_eq!(clock.get("text"), Some(entry(1)));
        clock.set("text", entry(2));
        clock.set("severity", entry(1));
        assert_eq!(clock.get("text"), Some(entry(2)));
        assert_eq!(clock.get("severity"), Some(entry(1)));
        let text = clock.to_text().expect("write");
        assert_eq!(text.matches("000000000000001").count(), 1, "the base is stored once: {text}");
        assert_eq!(Clock::parse(&text).expect("read"), clock);
        assert_eq!(Clock::default().get("text"), None);
    }
}
