//! Field values between JSON (ops, records) and SQLite columns, by the field's kind.

use rusqlite::types::{Value as SqlValue, ValueRef};
use serde_json::{Number, Value};
use vigil_core::FieldKind;

use crate::StoreError;

pub(crate) fn to_sql(kind: FieldKind, value: &Value) -> SqlValue {
    match (kind, value) {
        (_, Value::Null) => SqlValue::Null,
        (FieldKind::Json, json) => SqlValue::Text(json.to_string()),
        (_, Value::Bool(b)) => SqlValue::Integer(i64::from(*b)),
        (_, Value::Number(n)) => match n.as_i64() {
            Some(i) if kind != FieldKind::Real => SqlValue::Integer(i),
            _ => SqlValue::Real(n.as_f64().unwrap_or(f64::NAN)),
        },
        (_, Value::String(s)) => SqlValue::Text(s.clone()),
        // Shapes the op check refuses; kept as JSON text rather than lost.
        (_, other) => SqlValue::Text(other.to_string()),
    }
}

pub(crate) fn from_sql(kind: FieldKind, value: ValueRef<'_>) -> Result<Value, StoreError> {
    Ok(match (kind, value) {
        (_, ValueRef::Null) => Value::Null,
        (FieldKind::Bool, ValueRef::Integer(i)) => Value::Bool(i != 0),
        (FieldKind::Json, ValueRef::Text(text)) => serde_json::from_slice(text).map_err(StoreError::corrupt)?,
        (_, ValueRef::Integer(i)) => Value::Number(i.into()),
        (_, ValueRef::Real(r)) => Number::from_f64(r).map_or(Value::Null, Value::Number),
        (_, ValueRef::Text(text)) => Value::String(String::from_utf8_lossy(text).into_owned()),
        (_, ValueRef::Blob(_)) => return Err(StoreError::Corrupt("unexpected blob in a field".into())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_round_trip_by_kind() {
        let cases = [
            (FieldKind::Text, json!("Cell 4")),
            (FieldKind::Integer, json!(42)),
            (FieldKind::Real, json!(41.5)),
            (FieldKind::Bool, json!(true)),
            (FieldKind::Json, json!(["treatment", "health_care"])),
            (FieldKind::Text, Value::Null),
        ];
        for (kind, value) in cases {
            let sql = to_sql(kind, &value);
            let back = from_sql(kind, ValueRef::from(&sql)).expect("read back");
            assert_eq!(back, value, "{kind:?}");
        }
    }
}
