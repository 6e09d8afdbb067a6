//! What the fuzz targets share: pulled ops applied to a fresh device store, with the
//! store's invariants checked after, and ops made from fuzz bytes that touch a few records
//! often enough to merge and conflict.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use arbitrary::{Result, Unstructured};
use serde_json::{Value, json};
use uuid::Uuid;
use vigil_core::op::FieldChange;
use vigil_core::{Entity, FieldKind, Hlc, Op, Stamp};
use vigil_store::Store;

/// A fresh device store per input, so a crash replays from its input alone: a copy of one
/// made (and migrated) once per process, which is many times faster than migrating anew.
///
/// The made file is kept in memory and written out with `fs::write`, which retries a write
/// a signal interrupted: `fs::copy` does not, and libFuzzer's timers interrupt it (a
/// `changes_page` run stopped on `Interrupted system call` after two minutes).
pub fn fresh_store() -> Store {
    static MADE: OnceLock<(tempfile::TempDir, Vec<u8>)> = OnceLock::new();
    let (dir, made) = MADE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("made.db");
        drop(Store::open(&path).expect("a store opens"));
        let bytes = std::fs::read(&path).expect("read the made store");
        (dir, bytes)
    });
    let path = dir.path().join("fresh.db");
    for leftover in ["fresh.db-wal", "fresh.db-shm"] {
        let _ = std::fs::remove_file(dir.path().join(leftover));
    }
    std::fs::write(&path, made).expect("write the made store");
    Store::open(&path).expect("a copied store opens")
}

/// Applies a page of pulled ops as the sync client does, then checks what must hold
/// whatever the office sent: a refused page changes nothing, an applied one leaves a sound
/// database, and the same page pulled again changes nothing.
pub fn apply_and_check(store: &mut Store, ops: &[Op], cursor: u64) {
    let before = store.snapshot_text().expect("snapshot before");
    let cursor_before = store.pull_cursor().expect("cursor before");
    match store.apply_remote(ops, Some(cursor)) {
        Err(_) => {
            assert_eq!(store.snapshot_text().expect("snapshot after"), before, "a refused page changed the store");
            assert_eq!(store.pull_cursor().expect("cursor"), cursor_before, "a refused page moved the cursor");
        }
        Ok(_) => {
            check_sound(store);
            let after = store.snapshot_text().expect("snapshot after");
            let again = store.apply_remote(ops, Some(cursor)).expect("a page applied once applies again");
            assert_eq!(again.applied, 0, "a page pulled twice applied ops again");
            assert_eq!(store.snapshot_text().expect("snapshot again"), after, "a page pulled twice changed the store");
        }
    }
    // The app's reads run over whatever was applied: they may refuse a record the office's
    // gate would never have let through (a place without a name: the device trusts the
    // office for content), but never panic.
    let _ = store.places();
    let _ = store.conflicts();
    let _ = store.search("cell", 10);
}

/// SQLite's own checks (pages, indexes, foreign keys), and the search index holding
/// exactly the text of the records not deleted.
fn check_sound(store: &Store) {
    let sql = store.sql();
    let integrity: String = sql.query_row("PRAGMA integrity_check", [], |row| row.get(0)).expect("integrity check");
    assert_eq!(integrity, "ok");
    let violations =
        sql.prepare("PRAGMA foreign_key_check").expect("check").query([]).expect("rows").next().expect("row").is_some();
    assert!(!violations, "a pulled page left a record pointing at nothing");
    for (table, index) in [("observation", "observation_fts"), ("recommendation", "recommendation_fts")] {
        let rows = |query: &str| -> Vec<(i64, Option<String>)> {
            let mut statement = sql.prepare(query).expect("prepare");
            statement
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
                .expect("query")
                .map(|row| row.expect("row"))
                .collect()
        };
        let indexed = rows(&format!("SELECT rowid, text FROM {index} ORDER BY rowid"));
        let live = rows(&format!("SELECT rowid, text FROM {table} WHERE deleted = 0 ORDER BY rowid"));
        assert_eq!(indexed, live, "the search index of {table} differs from its records");
    }
}

/// A few ids, devices and authors, so that ops meet on the same records and fields.
const POOL: usize = 4;

fn pooled(u: &mut Unstructured, salt: u128) -> Result<Uuid> {
    Ok(Uuid::from_u128(salt << 64 | u.choose_index(POOL)? as u128))
}

/// Around the time the fuzzer runs: a clock far ahead is refused before any merge.
const NOW_MILLIS: u64 = 1_764_000_000_000;

fn stamp(u: &mut Unstructured) -> Result<Stamp> {
    Ok(Stamp {
        hlc: Hlc { millis: NOW_MILLIS + u.int_in_range(0..=3)?, counter: u.int_in_range(0..=2)? },
        device_id: pooled(u, 2)?,
    })
}

fn value(u: &mut Unstructured, kind: FieldKind) -> Result<Value> {
    Ok(match u.int_in_range(0..=5)? {
        0 => Value::Null,
        1 => json!(pooled(u, 1)?.to_string()),
        2 => match kind {
            FieldKind::Bool => json!(u.arbitrary::<bool>()?),
            FieldKind::Integer => json!(u.int_in_range(-2i64..=2)?),
            FieldKind::Real => json!(f64::from(u.int_in_range(-2i32..=2)?) / 2.0),
            FieldKind::Text | FieldKind::Json => {
                let len = u.int_in_range(0..=8)?;
                json!(String::from_utf8_lossy(u.bytes(len)?))
            }
        },
        3 => json!([pooled(u, 1)?.to_string()]),
        4 => {
            json!(u.choose(&["2026-11-02", "2026-11-02T07:00:00Z", "in_progress", "approved", "lead", "prison", ""])?)
        }
        _ => json!(u.arbitrary::<i64>()?),
    })
}

/// One op on a pooled record of any entity: one to four of its fields (values of any
/// kind, pooled ids among them), sometimes superseding pooled stamps.
pub fn op(u: &mut Unstructured) -> Result<Op> {
    let entity = *u.choose(Entity::ALL)?;
    let fields: Vec<_> = entity.all_fields().collect();
    let mut patch = BTreeMap::new();
    for _ in 0..u.int_in_range(1..=4)? {
        let field = u.choose(&fields)?;
        let supersedes = (0..u.int_in_range(0..=2)?).map(|_| stamp(u)).collect::<Result<_>>()?;
        let change = FieldChange { old: Value::Null, new: value(u, field.kind)?, supersedes };
        patch.insert(field.name.to_owned(), change);
    }
    let stamp = stamp(u)?;
    Ok(Op {
        // Sixteen op ids: an op sometimes arrives twice, or a different op under a known id.
        op_id: Uuid::from_u128(3 << 64 | u.int_in_range(0..=15u128)?),
        device_id: stamp.device_id,
        device_seq: u.int_in_range(0..=3)?,
        hlc: stamp.hlc,
        entity,
        entity_id: pooled(u, 1)?,
        base_rev: u.int_in_range(0..=2)?,
        patch,
        author: pooled(u, 4)?,
    })
}
