//! Who may make an edit: the rules shared by the device store (which refuses before
//! writing) and the central office (which refuses a pushed op with a reason).
//!
//! Reference data (places, teams, users, checklists) is the administrators'. A visit and
//! everything recorded on it belong to its team: inspectors and leads of that team edit it
//! while it is in their hands (planned, in progress, returned), supervisors of the team
//! review it, and once approved nobody changes it: later corrections are amendments, kept
//! beside the approved content. Status moves follow [`workflow`]; who comments and amends
//! when is in [`review`].
//!
//! [`workflow`]: crate::workflow

use uuid::Uuid;

use crate::code::Code;
use crate::entity::Entity;
use crate::records::Record;
use crate::workflow::{Role, VisitStatus, WorkflowError, check_transition};

/// The visit an edited record belongs to, as the replica holds it before the edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VisitContext {
    pub visit_id: Uuid,
    pub team_id: Uuid,
    pub status: VisitStatus,
}

/// Who is editing.
#[derive(Debug, Clone, Copy)]
pub struct Editor<'a> {
    /// The user making the edit: comments and amendments carry their author.
    pub user_id: Uuid,
    pub role: Role,
    /// The teams the user works in or supervises; `None` when the replica cannot tell
    /// (a device knows its own user only), so team scope is left to the central office.
    pub teams: Option<&'a [Uuid]>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccessError {
    #[error("a {role:?} may not change {entity:?} records this way")]
    Forbidden { role: Role, entity: Entity },
    #[error("visit {visit_id} belongs to a team this user is not part of")]
    NotInTeam { visit_id: Uuid },
    #[error(transparent)]
    Workflow(#[from] WorkflowError),
    #[error("visit {visit_id} is approved and locked: its content cannot change")]
    Locked { visit_id: Uuid },
    #[error("visit {visit_id} is {status}: the team cannot edit it until it is returned")]
    InReview { visit_id: Uuid, status: VisitStatus },
    #[error("visit {visit_id} does not exist here")]
    NoSuchVisit { visit_id: Uuid },
    #[error("visit {visit_id} is {status}: {what}")]
    OutOfTurn { visit_id: Uuid, status: VisitStatus, what: &'static str },
    #[error("{entity:?} records carry their author: {author_id} is not the user making the edit")]
    NotAuthor { entity: Entity, author_id: Uuid },
}

impl AccessError {
    pub fn code(&self) -> Code {
        match self {
            AccessError::Forbidden { .. } | AccessError::NotInTeam { .. } | AccessError::NotAuthor { .. } => {
                Code::Forbidden
            }
            AccessError::Workflow(_) | AccessError::OutOfTurn { .. } => Code::Workflow,
            AccessError::Locked { .. } => Code::VisitLocked,
            AccessError::InReview { .. } => Code::InReview,
            AccessError::NoSuchVisit { .. } => Code::NotFound,
        }
    }
}

/// Checks one edit: `before` is the record as held (`None` for a create), `after` the
/// record with the edit applied, `visit` the visit it belongs to (if any) before the edit.
pub fn check_edit(
    editor: Editor<'_>,
    before: Option<&Record>,
    after: &Record,
    visit: Option<VisitContext>,
) -> Result<(), AccessError> {
    let entity = after.entity();
    let forbidden = AccessError::Forbidden { role: editor.role, entity };
    if entity.is_reference_data() {
        // Nobody changes their own role or teams: an administrator would give itself a team.
        let own = matches!((before, after), (Some(Record::User(old)), Record::User(new))
            if new.id == editor.user_id && (old.role != new.role || old.team_ids != new.team_ids));
        return if editor.role == Role::Admin && !own { Ok(()) } else { Err(forbidden) };
    }
    if entity == Entity::AuditEvent {
        // Append-only: anyone records what they did, nobody rewrites it.
        return if before.is_none() { Ok(()) } else { Err(forbidden) };
    }
    if editor.role == Role::Admin {
        return Err(forbidden);
    }

    let visit = match (after, visit) {
        // A new visit: its own team and a starting status.
        (Record::Visit(new), None) if before.is_none() => {
            if !matches!(new.status, VisitStatus::Planned | VisitStatus::InProgress) {
                return Err(WorkflowError::NoSuchTransition { from: VisitStatus::Planned, to: new.status }.into());
            }
            VisitContext { visit_id: new.id, team_id: new.team_id, status: new.status }
        }
        (_, Some(visit)) => visit,
        (_, None) => return Err(AccessError::NoSuchVisit { visit_id: after.visit_id().unwrap_or_default() }),
    };
    if editor.teams.is_some_and(|teams| !teams.contains(&visit.team_id)) {
        return Err(AccessError::NotInTeam { visit_id: visit.visit_id });
    }
    if let Record::Amendment(amendment) = after {
        return review::check_amendment(editor, before, amendment, visit);
    }
    if entity.follows_the_report() {
        return check_after_report(editor, entity, visit);
    }
    if let (Some(Record::Visit(old)), Record::Visit(new)) = (before, after) {
        if old.team_id != new.team_id {
            return Err(forbidden);
        }
        if old.status != new.status {
            check_transition(old.status, new.status, editor.role)?;
        }
    }
    if visit.status.is_locked() {
        // The authority answers a recommendation after the report: that answer is
        // recorded on the approved visit by its lead or a supervisor, and nothing else.
        if only_response_changes(before, after) && may_record_authority_answer(editor.role) {
            return Ok(());
        }
        return Err(AccessError::Locked { visit_id: visit.visit_id });
    }
    if let Record::ReviewComment(comment) = after {
        return review::check_comment(editor, before, comment, visit);
    }
    if editor.role.is_team_member() && !visit.status.team_may_edit() {
        return Err(AccessError::InReview { visit_id: visit.visit_id, status: visit.status });
    }
    if editor.role == Role::Supervisor && !only_status_changes(before, after) {
        // Supervisors comment and decide; the record itself stays the team's.
        return Err(forbidden);
    }
    Ok(())
}

/// Whether a role records what the authority did with a visit's report: the versions sent
/// to it, its answers and the steps of their action plans (with the recommendation's
/// one-word `response`). The team's lead or a supervisor of the team: the answer comes to
/// the office weeks after the visit, and whoever follows it up for the team records it.
pub fn may_record_authority_answer(role: Role) -> bool {
    matches!(role, Role::Lead | Role::Supervisor)
}

/// Checks a record that follows an approved visit's report ([`Entity::follows_the_report`],
/// and the attachment such a record names: a letter, a report's PDF): made, changed or
/// removed by a lead or supervisor of the visit's team ([`may_record_authority_answer`]),
/// once the visit is approved, beside its locked content.
pub fn check_after_report(editor: Editor<'_>, entity: Entity, visit: VisitContext) -> Result<(), AccessError> {
    if !may_record_authority_answer(editor.role) {
        return Err(AccessError::Forbidden { role: editor.role, entity });
    }
    if editor.teams.is_some_and(|teams| !teams.contains(&visit.team_id)) {
        return Err(AccessError::NotInTeam { visit_id: visit.visit_id });
    }
    if !visit.status.is_locked() {
        return Err(AccessError::OutOfTurn {
            visit_id: visit.visit_id,
            status: visit.status,
            what: "the report goes to the authority once the visit is approved",
        });
    }
    Ok(())
}

/// Checks a new stage of a visit's report against the latest recorded
/// ([`ReportStage::follows`], on a day not before it): the report's workflow, enforced by
/// the gate on the device and at the office.
///
/// [`ReportStage::follows`]: crate::records::ReportStage::follows
pub fn check_report_stage(
    latest: Option<&crate::records::ReportVersion>,
    new: &crate::records::ReportVersion,
    visit: VisitContext,
) -> Result<(), AccessError> {
    let in_order = new.stage.follows(latest.map(|v| v.stage)) && latest.is_none_or(|l| l.dated_on <= new.dated_on);
    if in_order {
        return Ok(());
    }
    Err(AccessError::OutOfTurn {
        visit_id: visit.visit_id,
        status: visit.status,
        what: "a report goes provisional, comments, final, published, each on or after the one before",
    })
}

/// Whether a person may know that an interview exists (its pseudonym code, day and team),
/// let alone read it: an interview is its visit's team's (inspectors, leads and the team's
/// supervisors), never an administrator's. `interview_team` is the team of the interview's
/// visit; `teams` as in [`Editor`] (`None`: left to the central office, which knows them).
/// The office's pull applies the same rule to what it sends (`Scope::interview`).
pub fn may_know_of_interview(role: Role, teams: Option<&[Uuid]>, interview_team: Uuid) -> bool {
    !role.sees_every_team() && teams.is_none_or(|teams| teams.contains(&interview_team))
}

/// Checks a reprisal check on top of [`check_edit`] (which judges it as any record of its
/// visit): its maker may know of the interview it follows up, and the interview is the
/// visit's own team's, since the check goes where its visit goes and every device that
/// receives it must be one that may know of the interview.
pub fn check_reprisal_check(editor: Editor<'_>, visit: VisitContext, interview_team: Uuid) -> Result<(), AccessError> {
    if !may_know_of_interview(editor.role, editor.teams, interview_team) || interview_team != visit.team_id {
        return Err(AccessError::Forbidden { role: editor.role, entity: Entity::ReprisalCheck });
    }
    Ok(())
}

/// Checks an edit that sets or clears a record's tombstone (a delete, a restore), on top of
/// [`check_edit`]: the tombstone is not a field of the record that function reads, so there
/// a delete looks like no change at all, and would ride on a supervisor's status move or an
/// authority's response to an approved visit. Removing a visit's content is its team's, while
/// the visit is theirs; a comment is withdrawn by its author, as `check_edit` says.
pub fn check_delete(editor: Editor<'_>, after: &Record, visit: Option<VisitContext>) -> Result<(), AccessError> {
    let Some(visit) = visit else { return Ok(()) };
    if matches!(after, Record::ReviewComment(_)) {
        return Ok(());
    }
    if after.entity().follows_the_report() {
        return check_after_report(editor, after.entity(), visit);
    }
    if visit.status.is_locked() {
        return Err(AccessError::Locked { visit_id: visit.visit_id });
    }
    if !editor.role.is_team_member() {
        return Err(AccessError::Forbidden { role: editor.role, entity: after.entity() });
    }
    Ok(())
}

/// Whether the edit records the authority's response to a recommendation and changes
/// nothing else.
fn only_response_changes(before: Option<&Record>, after: &Record) -> bool {
    match (before, after) {
        (Some(Record::Recommendation(old)), Record::Recommendation(new)) => {
            old.response != new.response
                && crate::records::Recommendation { response: new.response, ..old.clone() } == *new
        }
        _ => false,
    }
}

/// Whether the edit moves a visit's status and changes nothing else.
fn only_status_changes(before: Option<&Record>, after: &Record) -> bool {
    match (before, after) {
        (Some(Record::Visit(old)), Record::Visit(new)) => {
            Record::Visit(crate::records::Visit { status: new.status, ..old.clone() }) == *after
        }
        _ => false,
    }
}

mod review;
#[cfg(test)]
mod tests;
