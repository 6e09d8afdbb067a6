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
