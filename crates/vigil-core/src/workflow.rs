//! The visit's review workflow as an explicit state machine, and who may move it.
//!
//! ```text
//! planned ─► in_progress ─► submitted ─► in_review ─► approved (locked)
//!                               ▲             │
//!                               └─ returned ◄─┘
//! ```
//! Transitions are validated, never merged: the store refuses one the role may not make.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Role {
    Inspector,
    Lead,
    Supervisor,
    Admin,
}

impl Role {
    pub const ALL: &'static [Role] = &[Role::Inspector, Role::Lead, Role::Supervisor, Role::Admin];

    /// Members of a visit's team: they record and edit its content.
    pub fn is_team_member(self) -> bool {
        matches!(self, Role::Inspector | Role::Lead)
    }

    /// Administrators see every team's visits (on their devices and in the console), but
    /// never what is about an interview (see [`crate::access::may_know_of_interview`]).
    pub fn sees_every_team(self) -> bool {
        self == Role::Admin
    }
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitStatus {
    Planned,
    InProgress,
    Submitted,
    InReview,
    Returned,
    Approved,
}

impl VisitStatus {
    pub const ALL: &'static [VisitStatus] = &[
        VisitStatus::Planned,
        VisitStatus::InProgress,
        VisitStatus::Submitted,
        VisitStatus::InReview,
        VisitStatus::Returned,
        VisitStatus::Approved,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            VisitStatus::Planned => "planned",
            VisitStatus::InProgress => "in_progress",
            VisitStatus::Submitted => "submitted",
            VisitStatus::InReview => "in_review",
            VisitStatus::Returned => "returned",
            VisitStatus::Approved => "approved",
        }
    }

    /// An approved visit is locked: its content no longer changes.
    pub fn is_locked(self) -> bool {
        self == VisitStatus::Approved
    }

    /// The team records and edits while the visit is in its hands, not while a
    /// supervisor holds it.
    pub fn team_may_edit(self) -> bool {
        matches!(self, VisitStatus::Planned | VisitStatus::InProgress | VisitStatus::Returned)
    }
}

impl fmt::Display for VisitStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every allowed move and the roles that may make it. Anything not listed is refused.
const TRANSITIONS: &[(VisitStatus, VisitStatus, &[Role])] = &[
    (VisitStatus::Planned, VisitStatus::InProgress, &[Role::Inspector, Role::Lead]),
    (VisitStatus::InProgress, VisitStatus::Submitted, &[Role::Lead]),
    (VisitStatus::Submitted, VisitStatus::InReview, &[Role::Supervisor]),
    (VisitStatus::InReview, VisitStatus::Returned, &[Role::Supervisor]),
    (VisitStatus::InReview, VisitStatus::Approved, &[Role::Supervisor]),
    (VisitStatus::Returned, VisitStatus::Submitted, &[Role::Lead]),
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    #[error("visit is approved and locked: it cannot move to {to}")]
    Locked { to: VisitStatus },
    #[error("a visit cannot move from {from} to {to}")]
    NoSuchTransition { from: VisitStatus, to: VisitStatus },
    #[error("a {role:?} may not move a visit from {from} to {to}")]
    RoleNotAllowed { from: VisitStatus, to: VisitStatus, role: Role },
}

/// Checks one move of a visit's status by a user of `role`.
pub fn check_transition(from: VisitStatus, to: VisitStatus, role: Role) -> Result<(), WorkflowError> {
    if from.is_locked() {
        return Err(WorkflowError::Locked { to });
    }
    let (_, _, roles) = TRANSITIONS
        .iter()
        .find(|(f, t, _)| *f == from && *t == to)
        .ok_or(WorkflowError::NoSuchTransition { from, to })?;
    if roles.contains(&role) { Ok(()) } else { Err(WorkflowError::RoleNotAllowed { from, to, role }) }
}

/// The statuses a user of `role` may move a visit to from `from`, for the UI's buttons.
pub fn next_statuses(from: VisitStatus, role: Role) -> Vec<VisitStatus> {
    VisitStatus::ALL.iter().copied().filter(|to| check_transition(from, *to, role).is_ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use VisitStatus::*;

    /// The whole allowed set, written out again by hand: any change to the machine must
    /// change this test too.
    fn allowed(from: VisitStatus, to: VisitStatus, role: Role) -> bool {
        matches!(
            (from, to, role),
            (Planned, InProgress, Role::Inspector | Role::Lead)
                | (InProgress, Submitted, Role::Lead)
                | (Submitted, InReview, Role::Supervisor)
                | (InReview, Returned | Approved, Role::Supervisor)
                | (Returned, Submitted, Role::Lead)
        )
    }

    #[test]
    fn every_transition_for_every_role_is_allowed_or_refused_as_specified() {
        let mut refused = 0;
        for &from in VisitStatus::ALL {
            for &to in VisitStatus::ALL {
                for &role in Role::ALL {
                    let result = check_transition(from, to, role);
                    assert_eq!(result.is_ok(), allowed(from, to, role), "{from} -> {to} by {role:?}: {result:?}");
                    if result.is_err() {
                        refused += 1;
                    }
                }
            }
        }
        assert_eq!(refused, 6 * 6 * 4 - 7, "seven moves are allowed");
    }

    #[test]
    fn approved_is_locked_for_everyone() {
        for &to in VisitStatus::ALL {
            for &role in Role::ALL {
                assert_eq!(check_transition(Approved, to, role), Err(WorkflowError::Locked { to }));
            }
        }
    }

    #[test]
    fn errors_name_the_states_and_the_role() {
        let err = check_transition(InProgress, Approved, Role::Lead).expect_err("refused");
        assert_eq!(err.to_string(), "a visit cannot move from in_progress to approved");
        let err = check_transition(InReview, Approved, Role::Lead).expect_err("refused");
        assert_eq!(err.to_string(), "a Lead may not move a visit from in_review to approved");
    }

    #[test]
    fn next_statuses_lists_the_buttons_a_role_gets() {
        assert_eq!(next_statuses(InReview, Role::Supervisor), vec![Returned, Approved]);
        assert_eq!(next_statuses(InReview, Role::Inspector), Vec::<VisitStatus>::new());
        assert_eq!(
            next_statuses(Returned, Role::Lead),
            vec![Submitted],
            "a returned visit is edited as it is, then resubmitted"
        );
    }
}
