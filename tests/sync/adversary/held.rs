//! The records the office's SQLite file holds, deleted ones included, read through a
//! read-only connection of the test's own: what the rules judge an op against, and what
//! the checks compare. (`Store::record` skips deleted records, but an op may edit one.)

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Number, Value};
use uuid::Uuid;
use vigil_core::entity::DELETED;
use vigil_core::records::Visit;
use vigil_core::{Entity, FieldKind, Hlc, Op, Record, Stamp};
use vigil_store::rusqlite::Connection;
use vigil_store::rusqlite::types::ValueRef;

/// The key of the creating op's stamp in a record's clock.
const CREATED: &str = "*";

#[derive(Debug, Clone)]
pub struct Entry {
    pub record: Record,
    pub deleted: bool,
    /// The winning version's stamp of each field, `*` for those the creating op set.
    clock: BTreeMap<String, Stamp>,
}

/// Every record, by entity and id (ordered, so picking the n-th one replays).
#[derive(Debug, Clone, Default)]
pub struct Held {
    records: BTreeMap<(Entity, Uuid), Entry>,
}

impl Held {
    pub fn load(sql: &Connection) -> Held {
        let mut held = Held::default();
        for entity in Entity::ALL {
            for entry in read(sql, *entity) {
                held.put(entry);
            }
        }
        held
    }

    /// Reads the records of some entities again, as the office stored them.
    pub fn reload(&mut self, sql: &Connection, entities: &BTreeSet<Entity>) {
        self.records.retain(|(entity, _), _| !entities.contains(entity));
        for entity in entities {
            for entry in read(sql, *entity) {
                self.put(entry);
            }
        }
    }

    fn put(&mut self, entry: Entry) {
        self.records.insert((entry.record.entity(), entry.record.id()), entry);
    }

    /// Merges an op the office accepted as the office does: each field takes the op's
    /// value unless the version held has a greater stamp. (So the ops after it in a batch
    /// are judged on the record as the office holds it then.)
    pub fn apply(&mut self, op: &Op) {
        let stamp = op.stamp();
        let before = self.get(op.entity, op.entity_id);
        let mut fields = before.map(|entry| entry.record.to_fields()).unwrap_or_default();
        let mut deleted = before.is_some_and(|entry| entry.deleted);
        let mut clock = before.map(|entry| entry.clock.clone()).unwrap_or_default();
        for (name, change) in &op.patch {
            let winner = clock.get(name).or_else(|| clock.get(CREATED));
            if before.is_some() && winner.is_some_and(|winner| *winner > stamp) {
                continue;
            }
            clock.insert(name.clone(), stamp);
            match name.as_str() {
                name if name == DELETED.name => deleted = change.new == Value::Bool(true),
                _ => {
                    fields.insert(name.clone(), change.new.clone());
                }
            }
        }
        if let Ok(record) = Record::from_fields(op.entity, op.entity_id, fields) {
            self.put(Entry { record, deleted, clock });
        }
    }

    pub fn get(&self, entity: Entity, id: Uuid) -> Option<&Entry> {
        self.records.get(&(entity, id))
    }

    /// A visit, deleted or not.
    pub fn visit(&self, id: Uuid) -> Option<&Visit> {
        match self.get(Entity::Visit, id).map(|entry| &entry.record) {
            Some(Record::Visit(visit)) => Some(visit),
            _ => None,
        }
    }

    /// The visit a record is part of (a visit is its own), following an audit event, a
    /// comment or an amendment to the record it is about.
    pub fn visit_of(&self, record: &Record) -> Option<&Visit> {
        match record {
            Record::AuditEvent(event) => {
                let target = self.get(event.target_entity?, event.target_id?)?;
                self.visit_of(&target.record)
            }
            _ => self.visit(record.visit_id()?),
        }
    }

    /// Whether a record is an interview or about one: an audit event, a comment or an
    /// amendment whose subject (or the comment it answers) is one.
    pub fn about_interview(&self, record: &Record) -> bool {
        self.about_interview_within(record, 8)
    }

    fn about_interview_within(&self, record: &Record, depth: usize) -> bool {
        let subjects = match record {
            Record::Interview(_) | Record::ReprisalCheck(_) => return true,
            Record::ReviewComment(c) => {
                vec![c.target_entity.zip(c.target_id), c.reply_to.map(|id| (Entity::ReviewComment, id))]
            }
            Record::Amendment(a) => vec![a.target_entity.zip(a.target_id)],
            Record::AuditEvent(e) => vec![e.target_entity.zip(e.target_id)],
            _ => return false,
        };
        subjects.into_iter().flatten().any(|(entity, id)| {
            entity == Entity::Interview
                || depth > 0
                    && self.get(entity, id).is_some_and(|entry| self.about_interview_within(&entry.record, depth - 1))
        })
    }

    /// Records of one entity, live or deleted, in id order.
    pub fn of(&self, entity: Entity) -> impl Iterator<Item = &Entry> {
        self.records.range((entity, Uuid::nil())..=(entity, Uuid::max())).map(|(_, entry)| entry)
    }

    pub fn live(&self) -> impl Iterator<Item = &Record> {
        self.records.values().filter(|entry| !entry.deleted).map(|entry| &entry.record)
    }
}

fn read(sql: &Connection, entity: Entity) -> Vec<Entry> {
    let fields = entity.fields();
    let columns: String = fields.iter().map(|f| format!(", \"{}\"", f.name)).collect();
    let query = format!("SELECT id, deleted, clock{columns} FROM \"{}\"", entity.as_str());
    let mut statement = sql.prepare_cached(&query).expect("read the office's records");
    let mut rows = statement.query([]).expect("records");
    let mut entries = Vec::new();
    while let Some(row) = rows.next().expect("a row") {
        let id: Uuid = row.get::<_, String>(0).expect("id").parse().expect("a uuid");
        let deleted = row.get::<_, bool>(1).expect("deleted");
        let clock: BTreeMap<String, (Hlc, Uuid, Uuid)> =
            serde_json::from_str(&row.get::<_, String>(2).expect("clock")).expect("a record's clock");
        let clock = clock.into_iter().map(|(field, (hlc, device_id, _op))| (field, Stamp { hlc, device_id })).collect();
        let values: Map<String, Value> = fields
            .iter()
            .enumerate()
            .map(|(i, f)| (f.name.to_owned(), value(f.kind, row.get_ref(i + 3).expect("column"))))
            .collect();
        let record = Record::from_fields(entity, id, values).expect("a stored record parses");
        entries.push(Entry { record, deleted, clock });
    }
    entries
}

/// A column's value as JSON, by the field's kind (as the store writes it).
fn value(kind: FieldKind, column: ValueRef<'_>) -> Value {
    match (kind, column) {
        (_, ValueRef::Null) => Value::Null,
        (FieldKind::Bool, ValueRef::Integer(i)) => Value::Bool(i != 0),
        (FieldKind::Json, ValueRef::Text(text)) => serde_json::from_slice(text).expect("stored JSON"),
        (_, ValueRef::Integer(i)) => Value::from(i),
        (_, ValueRef::Real(r)) => Number::from_f64(r).map_or(Value::Null, Value::Number),
        (_, ValueRef::Text(text)) => Value::String(String::from_utf8_lossy(text).into_owned()),
        (_, ValueRef::Blob(_)) => panic!("a blob in a record's column"),
    }
}
