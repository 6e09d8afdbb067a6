//! The SQL of statements whose columns depend on the fields an op touches. Each shape is
//! written once and kept, so the hot path of sync neither formats SQL nor misses
//! rusqlite's statement cache.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use vigil_core::{Entity, FieldDef};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Shape {
    Select,
    Insert,
    Update,
    Exists,
}

type Key = (Shape, Entity, u128);

static TEXTS: LazyLock<Mutex<HashMap<Key, Arc<str>>>> = LazyLock::new(Mutex::default);

/// Bits per field position in a [`shape`]: room for [`MAX_FIELDS`] fields in a `u128`.
const POSITION_BITS: u32 = 5;
const MAX_FIELDS: usize = (u128::BITS / POSITION_BITS) as usize;

/// The fields **in the caller's order**, as their positions among the entity's fields (the
/// tombstone last), five bits each. Order matters: callers bind values in their own order,
/// so two orders of one set are two statements.
fn shape(entity: Entity, names: impl Iterator<Item = &'static str>) -> u128 {
    debug_assert!(entity.all_fields().count() < MAX_FIELDS, "{entity:?} has more fields than a shape holds");
    names.fold(0, |shape, name| {
        let position = entity.all_fields().position(|f| f.name == name).map_or(0, |i| i + 1);
        (shape << POSITION_BITS) | position as u128
    })
}

fn cached(key: Key, write: impl FnOnce() -> String) -> Arc<str> {
    let mut texts = TEXTS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    texts.entry(key).or_insert_with(|| write().into()).clone()
}

fn quoted<'a>(names: impl Iterator<Item = &'a str>, each: &str) -> String {
    names.map(|name| each.replace("{}", &format!("\"{name}\""))).collect()
}

/// `SELECT rev, clock, conflicts, FIELDS… FROM entity WHERE id = ?1`.
pub(crate) fn select(entity: Entity, fields: &[FieldDef]) -> Arc<str> {
    let key = (Shape::Select, entity, shape(entity, fields.iter().map(|f| f.name)));
    cached(key, || {
        let columns = quoted(fields.iter().map(|f| f.name), ", {}");
        format!("SELECT rev, clock, conflicts{columns} FROM \"{}\" WHERE id = ?1", entity.as_str())
    })
}

/// `INSERT INTO entity (id, rev, clock, conflicts, created_at, created_by, COLUMNS…)`.
pub(crate) fn insert(entity: Entity, columns: &[&'static str]) -> Arc<str> {
    let key = (Shape::Insert, entity, shape(entity, columns.iter().copied()));
    cached(key, || {
        let names = quoted(columns.iter().copied(), ", {}");
        let marks = ", ?".repeat(columns.len());
        format!(
            "INSERT INTO \"{}\" (id, rev, clock, conflicts, created_at, created_by{names}) VALUES (?, ?, ?, ?, ?, ?{marks})",
            entity.as_str()
        )
    })
}

/// `UPDATE entity SET rev = ?, clock = ?, conflicts = ?, COLUMNS… = ? WHERE id = ?`.
pub(crate) fn update(entity: Entity, columns: &[&'static str]) -> Arc<str> {
    let key = (Shape::Update, entity, shape(entity, columns.iter().copied()));
    cached(key, || {
        let sets = quoted(columns.iter().copied(), ", {} = ?");
        format!("UPDATE \"{}\" SET rev = ?, clock = ?, conflicts = ?{sets} WHERE id = ?", entity.as_str())
    })
}

/// `SELECT 1 FROM entity WHERE id = ?1`: whether a record is held.
pub(crate) fn exists(entity: Entity) -> Arc<str> {
    cached((Shape::Exists, entity, 0), || format!("SELECT 1 FROM \"{}\" WHERE id = ?1", entity.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_follow_the_fields_in_their_order_and_are_reused() {
        let fields: Vec<FieldDef> = ["severity", "text"].iter().filter_map(|n| Entity::Observation.field(n)).collect();
        let first = select(Entity::Observation, &fields);
        assert_eq!(&*first, "SELECT rev, clock, conflicts, \"severity\", \"text\" FROM \"observation\" WHERE id = ?1");
        assert!(Arc::ptr_eq(&first, &select(Entity::Observation, &fields)));
        assert_eq!(
            &*update(Entity::Team, &["name"]),
            "UPDATE \"team\" SET rev = ?, clock = ?, conflicts = ?, \"name\" = ? WHERE id = ?"
        );
        assert!(
            insert(Entity::Team, &["name", "region"])
                .ends_with("created_by, \"name\", \"region\") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        );
    }

    #[test]
    fn one_set_of_fields_in_two_orders_is_two_statements() {
        let forward = insert(Entity::Team, &["name", "region"]);
        let backward = insert(Entity::Team, &["region", "name"]);
        assert!(backward.contains("created_by, \"region\", \"name\")"), "{backward}");
        assert!(!Arc::ptr_eq(&forward, &backward));
    }

    #[test]
    fn every_entitys_fields_fit_in_a_shape() {
        for entity in Entity::ALL {
            assert!(entity.all_fields().count() < MAX_FIELDS, "{entity:?}");
        }
    }
}
