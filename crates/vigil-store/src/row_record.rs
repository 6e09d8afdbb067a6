//! A record read straight from its row: serde walks the columns (`id`, then the entity's
//! fields in order) as a map, each value read by its field's kind as [`from_sql`] reads it,
//! with no JSON map built in between. Reading every recommendation for the tracker spent
//! most of its time building those maps and their keys.
//!
//! [`from_sql`]: crate::sql_value::from_sql

use rusqlite::Row;
use rusqlite::types::ValueRef;
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};
use serde::forward_to_deserialize_any;
use vigil_core::{FieldDef, FieldKind};

use crate::StoreError;

/// Reads `row` (`id` in column 0, then `fields` in order) as a `T`.
pub(crate) fn read<T: DeserializeOwned>(row: &Row<'_>, fields: &[FieldDef]) -> Result<T, StoreError> {
    let columns = (0..=fields.len())
        .map(|i| {
            let kind = if i == 0 { FieldKind::Text } else { fields[i - 1].kind };
            Ok(Cell { kind, value: row.get_ref(i)? })
        })
        .collect::<Result<Vec<_>, rusqlite::Error>>()?;
    let names = std::iter::once("id").chain(fields.iter().map(|f| f.name));
    T::deserialize(RowAccess { entries: names.zip(columns), next: None }).map_err(StoreError::corrupt)
}

#[derive(Debug)]
struct Error(String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: std::fmt::Display>(message: T) -> Error {
        Error(message.to_string())
    }
}

impl From<serde_json::Error> for Error {
    fn from(err: serde_json::Error) -> Error {
        Error(err.to_string())
    }
}

/// The row as a map of column name to [`Cell`].
struct RowAccess<'r, I> {
    entries: I,
    next: Option<Cell<'r>>,
}

impl<'de, 'r, I: Iterator<Item = (&'static str, Cell<'r>)>> de::Deserializer<'de> for RowAccess<'r, I> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_map(self)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

impl<'de, 'r, I: Iterator<Item = (&'static str, Cell<'r>)>> MapAccess<'de> for RowAccess<'r, I> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let Some((name, cell)) = self.entries.next() else { return Ok(None) };
        self.next = Some(cell);
        seed.deserialize(name.into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let cell = self.next.take().ok_or_else(|| Error("a value without its column".into()))?;
        seed.deserialize(cell)
    }
}

/// One column's value, read as its field's kind: what [`crate::sql_value::from_sql`]
/// would make of it, without making it.
struct Cell<'r> {
    kind: FieldKind,
    value: ValueRef<'r>,
}

impl Cell<'_> {
    fn text(&self) -> Result<&str, Error> {
        match self.value {
            ValueRef::Text(text) => std::str::from_utf8(text).map_err(|err| Error(err.to_string())),
            _ => Err(Error("not text".into())),
        }
    }

    /// A JSON field's stored text, parsed.
    fn json(&self) -> Result<serde_json::Value, Error> {
        Ok(serde_json::from_str(self.text()?)?)
    }
}

impl<'de> de::Deserializer<'de> for Cell<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match (self.kind, self.value) {
            (_, ValueRef::Null) => visitor.visit_unit(),
            (FieldKind::Bool, ValueRef::Integer(i)) => visitor.visit_bool(i != 0),
            (FieldKind::Json, ValueRef::Text(_)) => Ok(self.json()?.deserialize_any(visitor)?),
            (_, ValueRef::Integer(i)) => visitor.visit_i64(i),
            (_, ValueRef::Real(r)) => visitor.visit_f64(r),
            (_, ValueRef::Text(_)) => visitor.visit_str(self.text()?),
            (_, ValueRef::Blob(_)) => Err(Error("unexpected blob in a field".into())),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            ValueRef::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match (self.kind, self.value) {
            (FieldKind::Json, ValueRef::Text(_)) => Ok(self.json()?.deserialize_enum(name, variants, visitor)?),
            (_, ValueRef::Text(_)) => self.text()?.into_deserializer().deserialize_enum(name, variants, visitor),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}
