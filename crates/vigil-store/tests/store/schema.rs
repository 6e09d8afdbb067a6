use rusqlite::Connection;
use vigil_store::schema::supported_version;
use vigil_store::{Store, StoreError};

use crate::fixture::World;

#[test]
fn a_database_from_a_newer_vigil_is_refused_with_both_versions() {
    let (world, store) = World::new();
    drop(store);
    let path = world.path("device.db");
    let newer = supported_version() + 3;
    Connection::open(&path).expect("open").pragma_update(None, "user_version", newer).expect("bump");
    let before = std::fs::read(&path).expect("read file");

    let err = Store::open(&path).expect_err("newer schema must be refused");
    assert!(
        matches!(err, StoreError::SchemaTooNew { found, supported } if found == newer && supported == supported_version())
    );
    let message = err.to_string();
    assert!(message.contains(&newer.to_string()) && message.contains(&supported_version().to_string()), "{message}");
    assert!(std::fs::read(&path).expect("read file") == before, "nothing stored is touched");
}

#[test]
fn every_table_has_exactly_the_fields_of_its_entity() {
    let (world, store) = World::new();
    drop(store);
    let conn = Connection::open(world.path("device.db")).expect("open");
    let bookkeeping = ["id", "rev", "clock", "conflicts", "created_at", "created_by", "deleted"];
    for entity in vigil_core::Entity::ALL {
        let mut statement =
            conn.prepare(&format!("SELECT name FROM pragma_table_info('{}')", entity.as_str())).expect("info");
        let mut columns: Vec<String> =
            statement.query_map([], |row| row.get(0)).expect("q").map(|c| c.expect("col")).collect();
        columns.retain(|c| !bookkeeping.contains(&c.as_str()));
        columns.sort();
        let mut fields: Vec<String> = entity.fields().iter().map(|f| f.name.to_owned()).collect();
        fields.sort();
        assert_eq!(columns, fields, "table {}", entity.as_str());
    }
}

#[test]
fn reopening_keeps_the_device_id_and_the_schema() {
    let (world, store) = World::new();
    let device = store.device_id();
    drop(store);
    let reopened = Store::open(&world.path("device.db")).expect("reopen");
    assert_eq!(reopened.device_id(), device);
}

#[test]
fn the_references_of_each_entity_are_exactly_its_foreign_keys() {
    let (world, store) = World::new();
    drop(store);
    let conn = Connection::open(world.path("device.db")).expect("open");
    for entity in vigil_core::Entity::ALL {
        let sql = format!("SELECT \"from\", \"table\" FROM pragma_foreign_key_list('{}') ORDER BY 1", entity.as_str());
        let mut statement = conn.prepare(&sql).expect("foreign keys");
        let keys: Vec<(String, String)> = statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .expect("q")
            .map(|k| k.expect("key"))
            .collect();
        let mut declared: Vec<(String, String)> =
            entity.references().iter().map(|(f, t)| ((*f).to_owned(), t.as_str().to_owned())).collect();
        declared.sort();
        assert_eq!(keys, declared, "{}", entity.as_str());
    }
}

/// The device schema before the op log went lean (device migration 0007).
const BEFORE_LEAN_LOG: usize = 6;

#[test]
fn a_device_from_before_the_lean_op_log_keeps_its_outbox_its_refusals_and_its_count() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("device.db");
    let team = vigil_core::records::Team { id: uuid::Uuid::now_v7(), name: "North".into(), region: "North".into() };
    let admin = vigil_store::Actor { user_id: uuid::Uuid::now_v7(), role: vigil_core::Role::Admin };
    let (device_id, ops) = {
        let old = Store::open_with_schema(&path, &vigil_store::schema::DEVICE[..BEFORE_LEAN_LOG]).expect("old device");
        let device_id = old.device_id();
        // Two local ops as the old log kept them: both wait, the first was refused too.
        let ops: Vec<vigil_core::Op> = (1..=2)
            .map(|seq| {
                let record = vigil_core::Record::from(vigil_core::records::Team {
                    name: format!("North {seq}"),
                    ..team.clone()
                });
                vigil_core::Op::create(
                    &record,
                    device_id,
                    seq,
                    vigil_core::Hlc { millis: 1_764_000_000_000 + seq, counter: 0 },
                    admin.user_id,
                )
            })
            .collect();
        for (n, op) in ops.iter().enumerate() {
            old.sql()
                .execute(
                    "INSERT INTO op_log (op_id, device_id, device_seq, hlc, entity, entity_id, body)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    rusqlite::params![
                        op.op_id.to_string(),
                        device_id.to_string(),
                        op.device_seq as i64,
                        op.hlc.to_string(),
                        op.entity.as_str(),
                        op.entity_id.to_string(),
                        serde_json::to_string(op).expect("body")
                    ],
                )
                .expect("log");
            old.sql().execute("INSERT INTO outbox (local_seq) VALUES (?1)", [n as i64 + 1]).expect("wait");
        }
        old.sql()
            .execute(
                "INSERT INTO rejected (op_id, code, reason, at) VALUES (?1, 'workflow', 'not yours', '2026-11-20T10:00:00Z')",
                [ops[0].op_id.to_string()],
            )
            .expect("refusal");
        (device_id, ops)
    };

    let mut store = Store::open(&path).expect("migrated");
    assert_eq!(store.device_id(), device_id);
    let waiting: Vec<uuid::Uuid> = store.outbox_json(0, 10).expect("outbox").iter().map(|op| op.op_id).collect();
    assert_eq!(waiting, ops.iter().map(|op| op.op_id).collect::<Vec<_>>());
    assert_eq!(store.outbox(10).expect("outbox ops"), ops);
    let refused = store.rejected().expect("rejected");
    assert_eq!((refused.len(), refused[0].op.op_id, refused[0].code), (1, ops[0].op_id, vigil_core::Code::Workflow));
    assert_eq!(store.op_ids().expect("ids"), ops.iter().map(|op| op.op_id).collect::<Vec<_>>());
    // The next local op carries on the device's count.
    let next = store.create(&admin, &team.clone().into()).expect("new op");
    assert_eq!(next.device_seq, 3);
}
