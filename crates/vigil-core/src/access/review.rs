//! Who comments and who amends, and when.
//!
//! - **Review comments**: a supervisor of the team comments on a visit, or on one of its
//!   records, while it is submitted or in review. The team answers each comment (a reply,
//!   `reply_to`) once the visit is back in its hands (returned, or in progress again);
//!   the team never starts a thread. After approval nobody comments: the visit is locked.
//! - **Amendments**: once a visit is approved its content never changes; a member of its
//!   team or a supervisor records a correction as an amendment, which is never edited or
//!   deleted afterwards.
//!
//! Both carry their author, who must be the user making the edit. That a comment's or an
//! amendment's target is a record of the same visit needs the replica, so the store
//! checks it (`vigil_store`'s link check), on the device and at the office alike.

use super::{AccessError, Editor, VisitContext};
use crate::entity::Entity;
use crate::records::{Amendment, Record, ReviewComment};
use crate::workflow::{Role, VisitStatus};

pub(super) fn check_comment(
    editor: Editor<'_>,
    before: Option<&Record>,
    comment: &ReviewComment,
    visit: VisitContext,
) -> Result<(), AccessError> {
    let entity = Entity::ReviewComment;
    check_author(editor, entity, comment.author_id)?;
    if let Some(Record::ReviewComment(old)) = before {
        // Only its author may correct or withdraw a comment.
        check_author(editor, entity, old.author_id)?;
    }
    let out_of_turn = |what| AccessError::OutOfTurn { visit_id: visit.visit_id, status: visit.status, what };
    match editor.role {
        Role::Supervisor if matches!(visit.status, VisitStatus::Submitted | VisitStatus::InReview) => Ok(()),
        Role::Supervisor => Err(out_of_turn("supervisors comment while a visit is submitted or in review")),
        Role::Inspector | Role::Lead if comment.reply_to.is_none() => {
            Err(AccessError::Forbidden { role: editor.role, entity })
        }
        Role::Inspector | Role::Lead if visit.status.team_may_edit() => Ok(()),
        Role::Inspector | Role::Lead => Err(AccessError::InReview { visit_id: visit.visit_id, status: visit.status }),
        Role::Admin => Err(AccessError::Forbidden { role: editor.role, entity }),
    }
}

pub(super) fn check_amendment(
    editor: Editor<'_>,
    before: Option<&Record>,
    amendment: &Amendment,
    visit: VisitContext,
) -> Result<(), AccessError> {
    let entity = Entity::Amendment;
    if before.is_some() || editor.role == Role::Admin {
        // Kept as made: a wrong amendment is corrected by another one.
        return Err(AccessError::Forbidden { role: editor.role, entity });
    }
    check_author(editor, entity, amendment.author_id)?;
    if !visit.status.is_locked() {
        return Err(AccessError::OutOfTurn {
            visit_id: visit.visit_id,
            status: visit.status,
            what: "only an approved visit is amended; edit it directly",
        });
    }
    Ok(())
}

fn check_author(editor: Editor<'_>, entity: Entity, author_id: uuid::Uuid) -> Result<(), AccessError> {
    if author_id == editor.user_id { Ok(()) } else { Err(AccessError::NotAuthor { entity, author_id }) }
}
