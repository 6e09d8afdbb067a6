//! The SQLite floor of sync: what the same rows cost SQLite alone, with no sync around it.
//!
//! A fresh plain SQLite file takes the device store's own schema (every device migration:
//! its tables, keys and indexes) and, not timed, the reference data the records point at
//! (foreign keys checked, as on a device); then, in one transaction with one prepared
//! statement per table, the records as rows of their tables (id and fields); then every
//! row is read back. Push reads records and writes them at the office; pull writes them at a device:
//! insert and read back together are the least any sync of them can cost on this machine.
//! The full-text index is not filled (the store fills it from its own write path, not SQL),
//! so the floor is a little lower than the device's own work.

use std::path::Path;
use std::time::Instant;

use serde_json::Value;
use vigil_core::{Entity, Record};
use vigil_store::rusqlite::{Connection, params_from_iter};

/// The floor's two halves, in seconds.
#[derive(Debug, Clone, Copy)]
pub struct Floor {
    pub insert: f64,
    pub read_back: f64,
}

impl Floor {
    pub fn seconds(self) -> f64 {
        self.insert + self.read_back
    }
}

/// Inserts `records` into a fresh file with the device's schema and `reference` in `dir`
/// and reads them back.
pub fn measure(dir: &Path, reference: &[Record], records: &[Record]) -> Floor {
    let mut conn = Connection::open(dir.join("floor.db")).expect("floor db");
    conn.pragma_update(None, "journal_mode", "WAL").expect("wal");
    conn.pragma_update(None, "synchronous", "NORMAL").expect("sync");
    conn.pragma_update(None, "foreign_keys", true).expect("foreign keys");
    let schema = conn.transaction().expect("tx");
    for migration in vigil_store::schema::DEVICE {
        schema.execute_batch(migration).expect("device schema");
    }
    schema.commit().expect("commit");
    insert_rows(&mut conn, reference);

    let start = Instant::now();
    insert_rows(&mut conn, records);
    let insert = start.elapsed().as_secs_f64();

    let start = Instant::now();
    let tables: std::collections::BTreeSet<&str> = records.iter().map(|r| r.entity().as_str()).collect();
    let mut read = 0;
    for table in tables {
        let mut statement = conn.prepare(&format!("SELECT * FROM \"{table}\"")).expect("select");
        let width = statement.column_count();
        let mut rows = statement.query([]).expect("query");
        while let Some(row) = rows.next().expect("row") {
            let values: Vec<vigil_store::rusqlite::types::Value> =
                (0..width).map(|i| row.get(i).expect("column")).collect();
            read += usize::from(!values.is_empty());
        }
    }
    assert_eq!(read, records.len(), "the floor read back every row");
    Floor { insert, read_back: start.elapsed().as_secs_f64() }
}

/// One transaction inserting each record as a row of its table (id and fields).
fn insert_rows(conn: &mut Connection, records: &[Record]) {
    let tx = conn.transaction().expect("tx");
    for record in records {
        let fields = record.to_fields();
        let names: String = fields.keys().map(|name| format!(", \"{name}\"")).collect();
        let marks = ", ?".repeat(fields.len());
        let sql = format!("INSERT INTO \"{}\" (id{names}) VALUES (?{marks})", record.entity().as_str());
        let values = std::iter::once(Value::String(record.id().to_string())).chain(fields.into_values()).map(sql_value);
        tx.prepare_cached(&sql).expect("prepare").execute(params_from_iter(values)).expect("insert");
    }
    tx.commit().expect("commit");
}

/// One transaction inserting the same rows into bare tables (a primary key, no other index,
/// no bookkeeping columns): the floor the figures before December 2026 were measured against.
pub fn bare_insert(dir: &Path, records: &[Record]) -> f64 {
    let mut conn = Connection::open(dir.join("bare-floor.db")).expect("floor db");
    conn.pragma_update(None, "journal_mode", "WAL").expect("wal");
    conn.pragma_update(None, "synchronous", "NORMAL").expect("sync");
    for entity in [Entity::Visit, Entity::Observation] {
        let columns: Vec<&str> = entity.fields().iter().map(|f| f.name).collect();
        conn.execute(&format!("CREATE TABLE {} (id TEXT PRIMARY KEY, {})", entity.as_str(), columns.join(", ")), [])
            .expect("create");
    }
    let start = Instant::now();
    let tx = conn.transaction().expect("tx");
    for record in records {
        let entity = record.entity();
        let fields = record.to_fields();
        let marks = vec!["?"; fields.len() + 1].join(", ");
        let names: Vec<&str> = fields.keys().map(String::as_str).collect();
        let sql = format!("INSERT INTO {} (id, {}) VALUES ({marks})", entity.as_str(), names.join(", "));
        let values = std::iter::once(Value::String(record.id().to_string())).chain(fields.into_values()).map(sql_value);
        tx.prepare_cached(&sql).expect("prepare").execute(params_from_iter(values)).expect("insert");
    }
    tx.commit().expect("commit");
    start.elapsed().as_secs_f64()
}

fn sql_value(value: Value) -> vigil_store::rusqlite::types::Value {
    use vigil_store::rusqlite::types::Value as Sql;
    match value {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(i64::from(b)),
        Value::Number(n) => n.as_i64().map_or_else(|| Sql::Real(n.as_f64().unwrap_or(0.0)), Sql::Integer),
        Value::String(s) => Sql::Text(s),
        other => Sql::Text(other.to_string()),
    }
}
