//! Screens read records straight from their rows (`Store::all` and the queries built on
//! it); a single record is read through a JSON map of its fields (`Store::record`). Both
//! must give the same record, field by field, for every kind: options empty and set, lists
//! and nested values kept as JSON, flags, enums, dates and numbers.

use vigil_core::records::*;
use vigil_core::{Entity, Record};

use crate::fixture::seed;

/// Every demo record of type `T`, read as a list, equals the same record read alone.
fn reads_alike<T>(store: &vigil_store::Store, entity: Entity, demo: &[Record]) -> usize
where
    T: serde::de::DeserializeOwned + OneKind + TryFrom<Record> + PartialEq + std::fmt::Debug,
{
    let listed: Vec<T> = store.all(entity).expect("list");
    let held = demo.iter().filter(|r| r.entity() == entity).count();
    assert_eq!(listed.len(), held, "{entity:?}: every record listed");
    let mut ids: Vec<uuid::Uuid> = demo.iter().filter(|r| r.entity() == entity).map(Record::id).collect();
    ids.sort();
    for (record, id) in listed.into_iter().zip(ids) {
        let alone = store.record(entity, id).expect("read").expect("held");
        let alone = T::try_from(alone).unwrap_or_else(|_| panic!("{entity:?} read as another kind"));
        assert_eq!(record, alone, "{entity:?} {id}");
    }
    held
}

#[test]
fn a_listed_record_reads_as_the_record_alone() {
    let demo = vigil_demo::generate(&vigil_demo::DemoParams { visits: 30, facilities: 12, ..Default::default() });
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = vigil_store::Store::open(&dir.path().join("device.db")).expect("open");
    seed(&mut store, &demo.records);

    macro_rules! every_kind {
        ($($variant:ident),+) => {{
            let mut empty = Vec::new();
            $(
                if reads_alike::<$variant>(&store, Entity::$variant, &demo.records) == 0 {
                    empty.push(Entity::$variant);
                }
            )+
            empty
        }};
    }
    let empty = every_kind!(
        Facility,
        Team,
        User,
        ChecklistTemplate,
        Visit,
        VisitMember,
        ChecklistAnswer,
        Observation,
        Interview,
        RegisterCheck,
        Recommendation,
        RecommendationAssessment,
        Attachment,
        ReviewComment,
        Amendment,
        ReprisalCheck,
        OfficeSetting,
        ReportVersion,
        AuthorityAnswer,
        ActionStep,
        Debrief,
        AuditEvent
    );
    // The kinds the screens list most must have been compared, not skipped for want of data.
    for busy in [Entity::Visit, Entity::Observation, Entity::Recommendation, Entity::RecommendationAssessment] {
        assert!(!empty.contains(&busy), "the demo holds {busy:?} records");
    }
}
