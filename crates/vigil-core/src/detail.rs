//! What a refusal is about, as parameters: it travels beside the [`Code`](crate::Code)
//! and the English reason (which stays for logs), so the UI can say the whole refusal in
//! the person's language ("«Текст»: не может быть пустым", "a supervisor may not change
//! findings") rather than show the office's English.

use serde::{Deserialize, Serialize};

use crate::Entity;
use crate::access::AccessError;
use crate::validate::{Rule, ValidationError};
use crate::workflow::{Role, VisitStatus, WorkflowError};

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Detail {
    /// A field of the record breaks a rule.
    Invalid { entity: Entity, field: String, rule: Rule },
    /// The role may not change records of this kind (this way).
    RoleMayNot { role: Role, entity: Entity },
    /// The visit belongs to a team the person is not part of.
    NotInTeam,
    /// A comment or amendment names another author than the person making it.
    NotAuthor,
    /// The visit is approved and locked.
    Locked,
    /// The visit is with the supervisors: the team cannot edit it until it is returned.
    InReview { status: VisitStatus },
    /// The visit is not held where the edit was judged.
    NoSuchVisit,
    /// The edit does not fit the visit's status now.
    OutOfTurn { status: VisitStatus },
    /// No such move in the review workflow.
    NoSuchMove { from: VisitStatus, to: VisitStatus },
    /// A move of the workflow the role may not make.
    MoveNotForRole { from: VisitStatus, to: VisitStatus, role: Role },
}

impl From<&ValidationError> for Detail {
    fn from(err: &ValidationError) -> Detail {
        Detail::Invalid { entity: err.entity, field: err.field.to_owned(), rule: err.rule }
    }
}

impl From<&WorkflowError> for Detail {
    fn from(err: &WorkflowError) -> Detail {
        match *err {
            WorkflowError::Locked { .. } => Detail::Locked,
            WorkflowError::NoSuchTransition { from, to } => Detail::NoSuchMove { from, to },
            WorkflowError::RoleNotAllowed { from, to, role } => Detail::MoveNotForRole { from, to, role },
        }
    }
}

impl From<&AccessError> for Detail {
    fn from(err: &AccessError) -> Detail {
        match err {
            AccessError::Forbidden { role, entity } => Detail::RoleMayNot { role: *role, entity: *entity },
            AccessError::NotInTeam { .. } => Detail::NotInTeam,
            AccessError::Workflow(workflow) => workflow.into(),
            AccessError::Locked { .. } => Detail::Locked,
            AccessError::InReview { status, .. } => Detail::InReview { status: *status },
            AccessError::NoSuchVisit { .. } => Detail::NoSuchVisit,
            AccessError::OutOfTurn { status, .. } => Detail::OutOfTurn { status: *status },
            AccessError::NotAuthor { .. } => Detail::NotAuthor,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_crosses_as_its_parameters_not_its_english() {
        let err = AccessError::Forbidden { role: Role::Supervisor, entity: Entity::Observation };
        let json = serde_json::to_value(Detail::from(&err)).expect("json");
        assert_eq!(json, serde_json::json!({ "kind": "role_may_not", "role": "supervisor", "entity": "observation" }));
        let invalid = ValidationError { entity: Entity::Observation, field: "text", rule: Rule::NotEmpty };
        let back: Detail =
            serde_json::from_value(serde_json::to_value(Detail::from(&invalid)).expect("json")).expect("back");
        assert_eq!(back, Detail::Invalid { entity: Entity::Observation, field: "text".into(), rule: Rule::NotEmpty });
    }
}
