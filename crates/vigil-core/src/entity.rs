//! The field schema of every entity: which fields an op may touch and how each is stored.
//!
//! The schema is generated with the record structs (see [`crate::records`]), so the two
//! cannot drift apart; the device store checks its tables against it in a test.

pub use crate::records::Entity;

/// How a field is held outside Rust (a SQLite column, JSON on the wire).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Strings, ids, enums, dates and times (RFC 3339).
    Text,
    Integer,
    Real,
    Bool,
    /// Lists and nested values, stored as JSON text.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldDef {
    pub name: &'static str,
    pub kind: FieldKind,
    /// Ties the record to another (its visit, place, author, target, blob…): set when the
    /// record is made and never changed, so a record cannot be moved out of the visit, team
    /// or lock that admitted it. Marked `link` in [`crate::records`].
    pub link: bool,
}

/// The tombstone: every entity has it, so a delete is an ordinary field edit that syncs
/// and merges like any other.
pub const DELETED: FieldDef = FieldDef { name: "deleted", kind: FieldKind::Bool, link: false };

impl Entity {
    /// Reference data kept by administrators: places, teams, users, checklists, and the
    /// office's settings.
    pub fn is_reference_data(self) -> bool {
        matches!(
            self,
            Entity::Facility | Entity::Team | Entity::User | Entity::ChecklistTemplate | Entity::OfficeSetting
        )
    }

    /// What happens to an approved visit's report afterwards: its versions sent to the
    /// authority, and the authority's answers with their action plans. Recorded beside the
    /// locked content ([`crate::access::check_after_report`]), never part of its hash.
    pub fn follows_the_report(self) -> bool {
        matches!(self, Entity::ReportVersion | Entity::AuthorityAnswer | Entity::ActionStep)
    }

    /// Records every device receives whatever its teams: reference data, and the
    /// recommendations of places with their assessments, the authority's answers and the
    /// report versions their deadline counts from (every team visiting a place follows up
    /// its recommendations). Everything else of a visit stays with its team.
    pub fn shared_with_every_team(self) -> bool {
        self.is_reference_data()
            || self.follows_the_report()
            || matches!(self, Entity::Recommendation | Entity::RecommendationAssessment)
    }

    /// The fields that point at another record, and its entity: the record must exist
    /// before one points at it (the replica's tables enforce it with foreign keys).
    pub fn references(self) -> &'static [(&'static str, Entity)] {
        match self {
            Entity::Visit => &[
                ("facility_id", Entity::Facility),
                ("team_id", Entity::Team),
                ("template_id", Entity::ChecklistTemplate),
            ],
            Entity::VisitMember => &[("visit_id", Entity::Visit), ("user_id", Entity::User)],
            Entity::ChecklistAnswer
            | Entity::Observation
            | Entity::Interview
            | Entity::RegisterCheck
            | Entity::Attachment
            | Entity::ReviewComment
            | Entity::Amendment
            | Entity::Debrief => &[("visit_id", Entity::Visit)],
            Entity::Recommendation => &[("facility_id", Entity::Facility)],
            Entity::RecommendationAssessment => &[("recommendation_id", Entity::Recommendation)],
            Entity::ReprisalCheck => &[("visit_id", Entity::Visit), ("interview_id", Entity::Interview)],
            Entity::AuthorityAnswer => &[("recommendation_id", Entity::Recommendation)],
            Entity::ActionStep => &[("answer_id", Entity::AuthorityAnswer)],
            Entity::Facility
            | Entity::Team
            | Entity::User
            | Entity::ChecklistTemplate
            | Entity::AuditEvent
            | Entity::OfficeSetting
            | Entity::ReportVersion => &[],
        }
    }

    /// The fields fixed when a record is made: a later edit may not change them.
    pub fn links(self) -> impl Iterator<Item = &'static str> {
        self.fields().iter().filter(|f| f.link).map(|f| f.name)
    }

    /// Every field an op may set: the entity's own and the tombstone.
    pub fn all_fields(self) -> impl Iterator<Item = FieldDef> {
        self.fields().iter().copied().chain(std::iter::once(DELETED))
    }

    /// The definition of a field an op may set, the tombstone included.
    pub fn field(self, name: &str) -> Option<FieldDef> {
        if name == DELETED.name {
            return Some(DELETED);
        }
        self.fields().iter().find(|f| f.name == name).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entity_names_its_fields_and_the_tombstone() {
        for entity in Entity::ALL {
            assert!(!entity.fields().is_empty(), "{entity:?} has no fields");
            assert_eq!(entity.field("deleted"), Some(DELETED));
            assert_eq!(entity.field("no_such_field"), None);
            assert!(entity.fields().iter().all(|f| f.name != "id"));
        }
    }

    #[test]
    fn entity_names_round_trip_through_serde() {
        for entity in Entity::ALL {
            let json = serde_json::to_value(entity).expect("serialise");
            assert_eq!(json, serde_json::Value::String(entity.as_str().to_owned()));
            assert_eq!(entity.as_str().parse::<Entity>(), Ok(*entity));
        }
        assert!("prisoner".parse::<Entity>().is_err());
    }
}
