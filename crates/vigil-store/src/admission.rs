//! The admission gate: whether one edit may happen, judged on the records as this replica
//! holds them, never on what the editing device says about them.
//!
//! Every edit passes here and nowhere else: a local edit on the device
//! ([`crate::Store::update`] and friends), every op a device pushes to the central office,
//! and the office's own records (administrative commands, demo data). The gate judges the
//! record **before and after** the edit:
//! - what the record would be (valid values, links unchanged since it was made, every
//!   record it points at held and of its own visit, see [`crate::links`]), which binds the
//!   office itself;
//! - who may make the edit ([`vigil_core::access::check_edit`], on the visit as held before
//!   and as it would be after, so a locked visit is locked whether an edit leaves it or
//!   enters it), who deletes, that nobody changes their own role or teams, and that an audit
//!   event is its device's next, by its user, about the user's own team;
//! - then what reads other people's records: a user's teams and address, a visit member's
//!   team;
//! - for a pushed op also the op itself: its author is the device's user and its clock is
//!   not far ahead of the office's time.
//!
//! What it admits comes with its [`Scope`] (which devices may receive it) and the
//! workflow move it makes, which the office records itself.

use std::collections::{HashMap, HashSet};

use rusqlite::{OptionalExtension, Transaction};
use serde_json::Value;
use uuid::Uuid;
use vigil_core::access::{
    AccessError, Editor, VisitContext, check_after_report, check_delete, check_edit, check_report_stage,
    check_reprisal_check, may_know_of_interview,
};
use vigil_core::entity::DELETED;
use vigil_core::hlc::ClockAhead;
use vigil_core::records::{AuditEvent, ReviewComment, User};
use vigil_core::{Code, Entity, FieldDef, Op, Record, VisitStatus, audit};

use crate::StoreError;
use crate::apply::{Stored, load};
use crate::edit::{is_held, last_audit_event, missing_reference_in, record_of, visit_context};

/// The audit action the central office records when it accepts a move in the review
/// workflow (details: `from`, `to`, the visit's `content_sha256` as the office holds it,
/// and the `device` it came from). Only the office writes it: a visit's history and the
/// hash its approval fixed are read from these events, in the order the office accepted
/// them, never from what a device claims.
pub const ACCEPTED_STATUS: &str = "visit_status_accepted";

/// Who makes an edit.
#[derive(Debug, Clone, Copy)]
pub enum By<'a> {
    /// A person, on their device: every rule binds them.
    Device { editor: Editor<'a>, device_id: Uuid },
    /// The central office itself (administrative commands, demo data): it may add any
    /// record, but only a record that is right in itself.
    Office,
}

/// Which devices may receive an admitted change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    /// The team whose devices (members and supervisors) receive it; `None`: every device.
    pub team: Option<Uuid>,
    /// About an interview (the interview, or a comment, amendment or audit event whose
    /// subject is one): never sent to an administrator's device.
    pub interview: bool,
}

impl Scope {
    /// As the office's op log keeps it: `*`, a team id, or `i:` and a team id.
    pub(crate) fn to_text(self) -> String {
        match (self.team, self.interview) {
            (None, false) => "*".to_owned(),
            (Some(team), false) => team.to_string(),
            (Some(team), true) => format!("i:{team}"),
            // Every interview belongs to a visit; should one not, nobody receives it.
            (None, true) => "i:*".to_owned(),
        }
    }
}

/// What the gate answers for an edit it admits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Admitted {
    pub scope: Scope,
    /// The move in the review workflow the edit makes, if any: from, to.
    pub status_move: Option<(VisitStatus, VisitStatus)>,
}

/// Why the gate refused an edit. Its kind decides what the office does with a pushed op:
/// a [`Refusal::ClockAhead`] refuses the whole batch (nothing of it is stored, the device
/// is told and sends it again), any other rejects the op for good with its code.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    /// What the record would be is wrong whoever makes the edit: an invalid value, a link
    /// changed, a record it points at not held or of another visit. Binds the office too.
    #[error(transparent)]
    Record(StoreError),
    /// This person may not make this edit.
    #[error(transparent)]
    Access(#[from] AccessError),
    /// An audit event that is not its device's next, by that device's user.
    #[error("{0}")]
    AuditChain(String),
    #[error(transparent)]
    ClockAhead(#[from] ClockAhead),
}

impl Refusal {
    pub fn code(&self) -> Code {
        match self {
            Refusal::Record(err) => err.code(),
            Refusal::Access(err) => err.code(),
            Refusal::AuditChain(_) => Code::AuditChain,
            Refusal::ClockAhead(_) => Code::ClockAhead,
        }
    }

    /// What the refusal is about, as parameters the app words.
    pub fn detail(&self) -> Option<vigil_core::Detail> {
        match self {
            Refusal::Record(err) => err.detail(),
            Refusal::Access(err) => Some(err.into()),
            Refusal::AuditChain(_) | Refusal::ClockAhead(_) => None,
        }
    }

    /// Whether the whole batch is refused rather than this op rejected for good.
    pub fn refuses_batch(&self) -> bool {
        matches!(self, Refusal::ClockAhead(_))
    }
}

impl From<Refusal> for StoreError {
    fn from(refusal: Refusal) -> StoreError {
        match refusal {
            Refusal::Record(err) => err,
            Refusal::Access(err) => StoreError::Access(err),
            other => StoreError::Refused { code: other.code(), reason: other.to_string() },
        }
    }
}

/// What judging has read in one transaction, for the edits after it (a batch's ops mostly
/// share a visit): the team and status of visits, and records known to be held. Whatever
/// an admitted edit changes of a visit is forgotten; records are never removed, so "held"
/// stays true.
#[derive(Debug, Default)]
pub struct Seen {
    contexts: HashMap<Uuid, Option<VisitContext>>,
    held: HashSet<(Entity, Uuid)>,
}

impl Seen {
    fn context(&mut self, tx: &Transaction, visit_id: Uuid) -> Result<Option<VisitContext>, StoreError> {
        if let Some(context) = self.contexts.get(&visit_id) {
            return Ok(*context);
        }
        let context = visit_context(tx, visit_id)?;
        self.contexts.insert(visit_id, context);
        if context.is_some() {
            self.held.insert((Entity::Visit, visit_id));
        }
        Ok(context)
    }

    fn holds(&self, entity: Entity, id: Uuid) -> bool {
        self.held.contains(&(entity, id))
    }

    /// Notes the record an admitted op wrote, and forgets a visit it changed (or made).
    pub fn accepted(&mut self, op: &Op) {
        if op.entity == Entity::Visit {
            self.contexts.remove(&op.entity_id);
        }
        self.held.insert((op.entity, op.entity_id));
    }
}

/// An op made elsewhere, judged as it would apply here: its author and clock, then the
/// record before and after (see [`admit`]). `now_millis` is this replica's time.
pub(crate) fn admit_op(
    tx: &Transaction,
    seen: &mut Seen,
    by: By<'_>,
    op: &Op,
    stored: Option<&Stored>,
    now_millis: u64,
) -> Result<Result<Admitted, Refusal>, StoreError> {
    if let Err(refusal) = op.hlc.check_received(now_millis) {
        return Ok(Err(refusal.into()));
    }
    if let By::Device { editor, .. } = by
        && op.author != editor.user_id
    {
        return Ok(Err(Refusal::Access(AccessError::NotAuthor { entity: op.entity, author_id: op.author })));
    }
    if stored.is_none() && op.base_rev != 0 {
        let missing = StoreError::NotFound { entity: op.entity, id: op.entity_id };
        return Ok(Err(Refusal::Record(missing)));
    }
    let before = stored.map(|s| record_of(op.entity, op.entity_id, s)).transpose()?;
    let mut values = before.as_ref().map(Record::to_fields).unwrap_or_default();
    for (name, change) in &op.patch {
        if name != DELETED.name {
            values.insert(name.clone(), change.new.clone());
        }
    }
    let after = match Record::from_fields(op.entity, op.entity_id, values) {
        Ok(after) => after,
        Err(err) => {
            let bad = StoreError::BadValue { entity: op.entity, message: err.to_string() };
            return Ok(Err(Refusal::Record(bad)));
        }
    };
    let tombstone = op.patch.get(DELETED.name).map(|change| change.new == Value::Bool(true));
    admit(tx, seen, by, before.as_ref(), &after, tombstone)
}

/// The gate: whether `by` may turn `before` (`None`: a new record) into `after`, setting
/// its tombstone to `tombstone` if the edit touches it (`Some(true)`: a delete), and if so,
/// who may receive the change. The outer error is the replica's own failure; the inner, a
/// refusal.
pub(crate) fn admit(
    tx: &Transaction,
    seen: &mut Seen,
    by: By<'_>,
    before: Option<&Record>,
    after: &Record,
    tombstone: Option<bool>,
) -> Result<Result<Admitted, Refusal>, StoreError> {
    // Before anything else reads the interview: a device that may not know of it is told
    // what it would be told of an id nobody holds, never that it is elsewhere.
    if let (By::Device { editor, .. }, Record::ReprisalCheck(check)) = (by, after)
        && let Some(unknown) = interview_unknown_to(tx, seen, editor, check.interview_id)?
    {
        return Ok(Err(Refusal::Record(unknown)));
    }
    if let Some(problem) = record_problem(tx, seen, before, after)? {
        return Ok(Err(Refusal::Record(problem)));
    }
    let subject = subject_visit(tx, after)?;
    if let By::Device { editor, device_id } = by
        && let Err(refusal) = check_editor(tx, seen, editor, device_id, before, after, subject, tombstone)?
    {
        return Ok(Err(refusal));
    }
    // Checked once the editor may make such an edit at all: they read other users.
    // A user being removed needs neither a team nor an address of their own.
    let problem = match after {
        Record::User(user) if tombstone != Some(true) => user_problem(tx, user)?,
        Record::VisitMember(member) => crate::links::member_outside_team(tx, member)?,
        _ => None,
    };
    if let Some(problem) = problem {
        return Ok(Err(Refusal::Record(problem)));
    }
    let team = match (after, subject) {
        _ if after.entity().shared_with_every_team() => None,
        // A new visit is not held yet: its own team.
        (Record::Visit(visit), _) => Some(visit.team_id),
        (_, Some(visit_id)) => seen.context(tx, visit_id)?.map(|visit| visit.team_id),
        (_, None) => None,
    };
    let status_move = match (before, after) {
        (Some(Record::Visit(old)), Record::Visit(new)) if old.status != new.status => Some((old.status, new.status)),
        _ => None,
    };
    let scope = Scope { team, interview: is_about_an_interview(tx, after)? };
    Ok(Ok(Admitted { scope, status_move }))
}

/// What is wrong with the record the edit would leave, whoever makes it.
fn record_problem(
    tx: &Transaction,
    seen: &Seen,
    before: Option<&Record>,
    after: &Record,
) -> Result<Option<StoreError>, StoreError> {
    if let Err(invalid) = after.validate() {
        return Ok(Some(invalid.into()));
    }
    let fields = after.to_fields();
    if let Some(before) = before {
        let old = before.to_fields();
        if let Some(field) = after.entity().links().find(|name| old.get(*name) != fields.get(*name)) {
            return Ok(Some(StoreError::LinkMoved { entity: after.entity(), field }));
        }
    }
    if let Some(missing) = missing_reference_in(tx, after.entity(), &fields, |entity, id| seen.holds(entity, id))? {
        return Ok(Some(missing));
    }
    if let Some(stray) = crate::links::outside_visit(tx, after)? {
        return Ok(Some(stray));
    }
    // An audit event is about a record held (which decides who receives it).
    if let Record::AuditEvent(AuditEvent { target_entity: Some(target), target_id: Some(id), .. }) = after
        && !seen.holds(*target, *id)
        && !is_held(tx, *target, *id)?
    {
        let entity = Entity::AuditEvent;
        return Ok(Some(StoreError::MissingReference { entity, field: "target_id", target: *target, id: *id }));
    }
    Ok(None)
}

/// What is wrong with a user as the replica holds teams and users, if anything: every team
/// must exist, and no other user may have the e-mail address (it names the user for an
/// enrolment code).
fn user_problem(tx: &Transaction, user: &User) -> Result<Option<StoreError>, StoreError> {
    let problem = |field, problem: String| Some(StoreError::BadLink { entity: Entity::User, field, problem });
    let team_fields: Vec<FieldDef> = Entity::Team.all_fields().collect();
    for team_id in &user.team_ids {
        let team = load(tx, Entity::Team, *team_id, &team_fields)?;
        if team.is_none_or(|team| team.values.get(DELETED.name) == Some(&Value::Bool(true))) {
            return Ok(problem("team_ids", format!("no team {team_id}")));
        }
    }
    let holder: Option<String> = tx
        .prepare_cached("SELECT name FROM user WHERE lower(email) = lower(?1) AND id <> ?2 AND deleted = 0")?
        .query_row([user.email.as_str(), &user.id.to_string()], |row| row.get(0))
        .optional()?;
    Ok(holder.and_then(|name| problem("email", format!("{} is {name}'s address already", user.email))))
}

/// The rules on who may edit ([`check_edit`], [`check_delete`]) on the visit before and
/// after the edit, and the author and team of an audit event.
#[allow(clippy::too_many_arguments)]
fn check_editor(
    tx: &Transaction,
    seen: &mut Seen,
    editor: Editor<'_>,
    device_id: Uuid,
    before: Option<&Record>,
    after: &Record,
    subject: Option<Uuid>,
    tombstone: Option<bool>,
) -> Result<Result<(), Refusal>, StoreError> {
    // Links never move, so the visit before is the visit after but for records that are
    // never edited (audit events): judged on both all the same.
    let mut visits = vec![after.visit_id()];
    if let Some(old) = before.map(Record::visit_id).filter(|old| *old != after.visit_id()) {
        visits.push(old);
    }
    // A letter or a report's PDF, named by the record it belongs to (saved first), is
    // judged as that record: it joins the approved visit beside its locked content.
    let follows_report = match after {
        Record::Attachment(a) => crate::links::after_report::named_by(tx, a.id)?.is_some(),
        _ => false,
    };
    for visit_id in visits {
        let visit = match visit_id {
            Some(visit_id) => seen.context(tx, visit_id)?,
            None => None,
        };
        let checked = match visit {
            Some(visit) if follows_report => check_after_report(editor, Entity::Attachment, visit),
            _ => check_edit(editor, before, after, visit),
        };
        if let Err(err) = checked {
            return Ok(Err(err.into()));
        }
        if let (Record::ReportVersion(new), Some(visit), None) = (after, visit, before)
            && let Err(err) =
                check_report_stage(crate::links::after_report::latest_version(tx, new.visit_id)?.as_ref(), new, visit)
        {
            return Ok(Err(err.into()));
        }
        if let (Record::ReprisalCheck(check), Some(visit)) = (after, visit)
            && let Some(interview_team) = interview_team(tx, seen, check.interview_id)?
            && let Err(err) = check_reprisal_check(editor, visit, interview_team)
        {
            return Ok(Err(err.into()));
        }
        let deletes_or_restores = tombstone == Some(true) || (before.is_some() && tombstone.is_some());
        if deletes_or_restores && let Err(err) = check_delete(editor, after, visit) {
            return Ok(Err(err.into()));
        }
    }
    if let Record::AuditEvent(event) = after {
        // An event about a visit (or one of its records) is the visit team's business.
        if let (Some(teams), Some(visit_id)) = (editor.teams, subject)
            && let Some(visit) = seen.context(tx, visit_id)?
            && !teams.contains(&visit.team_id)
        {
            return Ok(Err(AccessError::NotInTeam { visit_id }.into()));
        }
        return check_audit_event(tx, editor, device_id, event);
    }
    Ok(Ok(()))
}

/// The team of an interview's visit, if this replica holds both.
fn interview_team(tx: &Transaction, seen: &mut Seen, interview_id: Uuid) -> Result<Option<Uuid>, StoreError> {
    match crate::links::visit_of(tx, Entity::Interview, interview_id)? {
        Some(visit_id) => Ok(seen.context(tx, visit_id)?.map(|visit| visit.team_id)),
        None => Ok(None),
    }
}

/// The refusal for a reprisal check naming an interview its maker may not know of
/// ([`may_know_of_interview`]), worded exactly as for an interview not held at all.
fn interview_unknown_to(
    tx: &Transaction,
    seen: &mut Seen,
    editor: Editor<'_>,
    interview_id: Uuid,
) -> Result<Option<StoreError>, StoreError> {
    let known = interview_team(tx, seen, interview_id)?
        .is_some_and(|team| may_know_of_interview(editor.role, editor.teams, team));
    Ok((!known).then_some(StoreError::MissingReference {
        entity: Entity::ReprisalCheck,
        field: "interview_id",
        target: Entity::Interview,
        id: interview_id,
    }))
}

/// An audit event must be its device's next, by that device's user, and not one of the
/// office's own.
fn check_audit_event(
    tx: &Transaction,
    editor: Editor<'_>,
    device_id: Uuid,
    event: &AuditEvent,
) -> Result<Result<(), Refusal>, StoreError> {
    let refused = |reason: &str| Ok(Err(Refusal::AuditChain(reason.to_owned())));
    if event.device_id != device_id {
        return refused("an audit event must come from the device it records");
    }
    if event.actor_id != editor.user_id {
        return refused("an audit event's actor must be the user of the device that records it");
    }
    if event.action == ACCEPTED_STATUS {
        return refused("only the central office records the workflow moves it accepts");
    }
    let previous = last_audit_event(tx, device_id)?;
    Ok(audit::check_link(previous.as_ref(), event).map_err(|err| Refusal::AuditChain(err.to_string())))
}

/// The visit a record is part of or about: its own, or for an audit event the visit of
/// the record it targets, so the event goes where that record goes (nowhere in particular
/// for a record every team receives).
fn subject_visit(tx: &Transaction, record: &Record) -> Result<Option<Uuid>, StoreError> {
    match record {
        Record::AuditEvent(AuditEvent { target_entity: Some(entity), .. }) if entity.shared_with_every_team() => {
            Ok(None)
        }
        Record::AuditEvent(AuditEvent { target_entity: Some(entity), target_id: Some(id), .. })
            if *entity != Entity::Visit =>
        {
            crate::links::visit_of(tx, *entity, *id)
        }
        record => Ok(record.visit_id()),
    }
}

/// An interview, or a record whose subject is one (an answer to a comment about one too, a
/// reprisal check, and the finding a concern became).
fn is_about_an_interview(tx: &Transaction, record: &Record) -> Result<bool, StoreError> {
    Ok(match record {
        Record::Interview(_) => true,
        Record::ReviewComment(r) if r.target_entity == Some(Entity::Interview) => true,
        Record::ReviewComment(ReviewComment { reply_to: Some(parent), .. }) => {
            let fields: Vec<FieldDef> = Entity::ReviewComment.all_fields().collect();
            match load(tx, Entity::ReviewComment, *parent, &fields)? {
                Some(stored) => is_about_an_interview(tx, &record_of(Entity::ReviewComment, *parent, &stored)?)?,
                None => false,
            }
        }
        Record::Amendment(r) => r.target_entity == Some(Entity::Interview),
        Record::AuditEvent(r) => r.target_entity == Some(Entity::Interview),
        Record::ReprisalCheck(_) => true,
        // The finding a concern became names the person's code: it goes where the check goes.
        Record::Observation(o) => crate::links::reprisal_check_naming(tx, o.id)?.is_some(),
        _ => false,
    })
}
