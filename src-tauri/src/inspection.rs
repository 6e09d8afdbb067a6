//! The inspector's first screens, over the device store: a place with its visits and
//! open recommendations, planning and starting a visit, the times on site, and the
//! checklist answered question by question. Every edit is made as the enrolled user
//! ([`crate::identity`]) and checked by the store (workflow, lock, validation); the
//! decisions made here are pure functions, tested below.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;
use vigil_core::ids::{answer_id, new_id};
use vigil_core::records::{
    AnswerType, AnswerValue, ChecklistAnswer, ChecklistTemplate, Facility, FacilityKind, Observation, User, Visit,
    VisitType,
};
use vigil_core::workflow::next_statuses;
use vigil_core::{Entity, Record, Role, VisitStatus};
use vigil_store::{
    Actor, CommentThread, OpenRecommendation, PersonToCheck, Store, StoreError, VisitBundle, VisitIntegrity,
};

use crate::briefing::{LastVisit, last_visit};
use crate::error::AppError;
use crate::evidence::{AttachmentSetAside, attachments_set_aside};
use crate::finish::{FollowUp, Missing, SubmitRefusal, follow_ups, missing, submit_refusal};
use crate::identity::{ROLE, USER_ID, actor_from_settings};
use crate::reprisal::people_to_check;
use crate::state::AppState;
use crate::visit_team::{TeamMember, visit_team};

/// How many earlier findings a place's page lists.
pub const PLACE_FINDINGS: usize = 30;

/// A place as its page shows it.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceDetail {
    pub facility: Facility,
    /// The visits this device holds of the place, newest first.
    pub visits: Vec<Visit>,
    pub open_recommendations: Vec<OpenRecommendation>,
    /// Findings of the visits this device holds, most severe first (at most [`PLACE_FINDINGS`]).
    pub findings: Vec<Observation>,
    /// The checklist a visit planned now would use; none when the device holds none
    /// for this kind of place yet.
    pub checklist: Option<ChecklistInfo>,
    /// People earlier interviews here flagged at risk of reprisal, whom this user may know
    /// of: code, day and team, never what they said.
    pub people_to_check: Vec<PersonToCheck>,
    /// The last visit handed in, with its findings ("before you go").
    pub last_visit: Option<LastVisit>,
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChecklistInfo {
    pub id: Uuid,
    /// In the checklist's own language, `language`.
    pub title: String,
    pub language: String,
    /// The title in the checklist's other languages, by language.
    pub titles: BTreeMap<String, String>,
    pub version: i64,
    pub question_count: usize,
}

/// A visit as its screen shows it: everything recorded, the checklist it follows, and
/// whether this device's user may still edit it.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VisitDetail {
    pub bundle: VisitBundle,
    pub template: Option<ChecklistTemplate>,
    pub facility: Option<Facility>,
    pub editable: bool,
    /// Minutes between arrival and access (a delay is itself a finding).
    pub access_delay_minutes: Option<i64>,
    /// The place's earlier recommendations this visit follows up.
    pub follow_ups: Vec<FollowUp>,
    /// What is still missing before the visit is handed in.
    pub missing: Missing,
    /// The role of this device's user (none: not enrolled).
    pub role: Option<Role>,
    /// Why this user cannot submit the visit for review now; none when they can.
    pub submit_refusal: Option<SubmitRefusal>,
    /// The review's comments, each with the team's answers.
    pub threads: Vec<CommentThread>,
    /// Where this user may move the visit from here (the review's buttons).
    pub next_statuses: Vec<VisitStatus>,
    /// Whether the content still matches the hash recorded at approval.
    pub integrity: VisitIntegrity,
    /// The visit's team: who is on the visit and which areas each covers.
    pub team: Vec<TeamMember>,
    /// Its attachments whose file is gone or damaged on this device (set aside by sync).
    pub attachments_set_aside: Vec<AttachmentSetAside>,
    /// People earlier visits here flagged at risk of reprisal, for this visit to check on.
    pub people_to_check: Vec<PersonToCheck>,
    /// The report's stages after approval (sent to the authority…), oldest first.
    pub report_versions: Vec<vigil_core::records::ReportVersion>,
    /// Whether this user records the report's stages and the authority's answers
    /// (`access::may_record_authority_answer`); the visit must be approved as well.
    pub may_record_answers: bool,
}

/// What the plan-a-visit form sends.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct VisitPlan {
    pub facility_id: Uuid,
    pub visit_type: VisitType,
    pub unannounced: bool,
    pub planned_on: NaiveDate,
    pub theme: Option<String>,
    /// Start the visit now (`in_progress`) instead of planning it.
    pub start_now: bool,
    /// "No names" mode: the screens hide every field that could name a person.
    #[serde(default)]
    pub no_names: bool,
}

/// What the visit's own form changes: the summary for the report, the "no names" mode.
/// A field left out stays as it is.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct VisitEdit {
    pub summary: Option<String>,
    pub no_names: Option<bool>,
}

/// A moment of the visit recorded with a tap.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeMark {
    Arrived,
    AccessGranted,
    Departed,
}

impl TimeMark {
    fn field(self) -> &'static str {
        match self {
            TimeMark::Arrived => "arrived_at",
            TimeMark::AccessGranted => "access_granted_at",
            TimeMark::Departed => "departed_at",
        }
    }
}

/// The kind of place whose checklist serves a kind that has none of its own (the demo
/// templates: police custody for temporary holding and other places, prison for
/// pre-trial and military detention).
pub fn fallback_kind(kind: FacilityKind) -> FacilityKind {
    match kind {
        FacilityKind::PreTrialDetention | FacilityKind::MilitaryDetention => FacilityKind::Prison,
        FacilityKind::TemporaryHolding | FacilityKind::Other => FacilityKind::PoliceCustody,
        other => other,
    }
}

/// The newest version of the checklist for `kind`, else of its fallback kind.
pub fn choose_template(templates: &[ChecklistTemplate], kind: FacilityKind) -> Option<&ChecklistTemplate> {
    let newest = |kind: FacilityKind| templates.iter().filter(|t| t.kind == kind).max_by_key(|t| (t.version, t.id));
    newest(kind).or_else(|| newest(fallback_kind(kind)))
}

/// Whole minutes from arrival to access; none until both are known or if access
/// precedes arrival (a clock set wrong: not a delay to report).
pub fn access_delay_minutes(arrived: Option<DateTime<Utc>>, granted: Option<DateTime<Utc>>) -> Option<i64> {
    let minutes = (granted? - arrived?).num_minutes();
    (minutes >= 0).then_some(minutes)
}

/// The fields a tap changes: the time, and arrival starts a planned visit.
pub fn time_changes(mark: TimeMark, status: VisitStatus, now: DateTime<Utc>) -> Map<String, Value> {
    let mut changes = Map::from_iter([(mark.field().to_owned(), Value::String(now.to_rfc3339()))]);
    if mark == TimeMark::Arrived && status == VisitStatus::Planned {
        changes.insert("status".to_owned(), Value::String(VisitStatus::InProgress.as_str().to_owned()));
    }
    changes
}

/// What the app cannot take yet: photos answer a question in a later version. Whether the
/// answer fits its question is the store's rule (its admission gate).
pub fn check_answer(template: &ChecklistTemplate, key: &str) -> Result<(), AppError> {
    if template.question(key).is_some_and(|question| question.answer == AnswerType::Photo) {
        return Err(AppError::InvalidInput("Photos are added in a later version of Vigil".to_owned()));
    }
    Ok(())
}

/// Whether a user with this role may still edit a visit with this status.
pub fn editable(actor: Option<Actor>, status: VisitStatus) -> bool {
    actor.is_some_and(|a| a.role.is_team_member()) && status.team_may_edit()
}

pub(crate) fn not_found(entity: Entity, id: Uuid) -> AppError {
    AppError::Store(StoreError::NotFound { entity, id })
}

pub(crate) fn typed<T: TryFrom<Record>>(record: Option<Record>) -> Option<T> {
    record.and_then(|r| T::try_from(r).ok())
}

pub(crate) fn actor_of(store: &Store) -> Result<Actor, AppError> {
    actor_from_settings(store.setting(USER_ID)?.as_deref(), store.setting(ROLE)?.as_deref())
}

impl AppState {
    /// The enrolled user, to edit as.
    pub fn actor(&self) -> Result<Actor, AppError> {
        self.with_app_store(|store| actor_of(store))
    }

    /// The enrolled user's role; none before enrolment (the device has no user yet).
    pub fn my_role(&self) -> Result<Option<Role>, AppError> {
        self.with_app_store(|store| match actor_of(store) {
            Ok(actor) => Ok(Some(actor.role)),
            Err(AppError::NotEnrolled) => Ok(None),
            Err(other) => Err(other),
        })
    }

    /// The visits a team member left open here; none for others (a supervisor's work is the
    /// review queue) or before enrolment.
    pub fn open_visits(&self) -> Result<Vec<vigil_store::OpenVisit>, AppError> {
        match self.my_role()? {
            Some(role) if role.is_team_member() => Ok(self.with_store(|store| store.open_visits())?),
            _ => Ok(Vec::new()),
        }
    }

    /// Like `with_store`, for queries that fail with an app error of their own.
    pub(crate) fn with_app_store<T>(
        &self,
        query: impl FnOnce(&mut Store) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let store = self.store_handle()?;
        let (answer, edited) = {
            let mut guard = store.lock().map_err(|_| AppError::Poisoned)?;
            let writes = guard.writes();
            let answer = query(&mut guard);
            (answer, guard.writes() != writes)
        };
        // An edit adds to the changes waiting for sync: the badge shows it at once. A read
        // writes nothing and costs nothing here.
        if edited {
            self.publish();
        }
        answer
    }

    pub fn place_detail(&self, facility_id: Uuid) -> Result<PlaceDetail, AppError> {
        self.with_app_store(|store| {
            let facility: Facility = typed(store.record(Entity::Facility, facility_id)?)
                .ok_or_else(|| not_found(Entity::Facility, facility_id))?;
            let templates: Vec<ChecklistTemplate> = store.all(Entity::ChecklistTemplate)?;
            let checklist = choose_template(&templates, facility.kind).map(|t| ChecklistInfo {
                id: t.id,
                title: t.title.clone(),
                language: t.language.clone(),
                titles: t.translations.iter().filter_map(|(l, w)| Some((l.clone(), w.title.clone()?))).collect(),
                version: t.version,
                question_count: t.question_count(),
            });
            let visits = store.visits_of_place(facility_id)?;
            Ok(PlaceDetail {
                last_visit: last_visit(store, &visits)?,
                visits,
                open_recommendations: store.open_recommendations(facility_id)?,
                findings: store.findings_of_place(facility_id, PLACE_FINDINGS)?,
                people_to_check: people_to_check(store, facility_id, None)?,
                facility,
                checklist,
            })
        })
    }

    /// Plans (or starts) a visit of a place by the user's first team, with the place's checklist.
    pub fn plan_visit(&self, plan: VisitPlan) -> Result<Visit, AppError> {
        self.with_app_store(|store| {
            let actor = actor_of(store)?;
            let invalid = |message: &str| AppError::InvalidInput(message.to_owned());
            let facility: Facility = typed(store.record(Entity::Facility, plan.facility_id)?)
                .ok_or_else(|| not_found(Entity::Facility, plan.facility_id))?;
            let user: User = typed(store.record(Entity::User, actor.user_id)?)
                .ok_or_else(|| invalid("Your user record is not on this device yet: sync, then try again"))?;
            let team_id =
                *user.team_ids.first().ok_or_else(|| invalid("You are in no team: ask your administrator"))?;
            let templates: Vec<ChecklistTemplate> = store.all(Entity::ChecklistTemplate)?;
            let template = choose_template(&templates, facility.kind)
                .ok_or_else(|| invalid("This device has no checklist for this kind of place yet: sync first"))?;
            let theme = plan.theme.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
            if plan.visit_type == VisitType::Thematic && theme.is_none() {
                return Err(invalid("A thematic visit needs a theme"));
            }
            let visit = Visit {
                id: new_id(),
                facility_id: facility.id,
                team_id,
                template_id: template.id,
                visit_type: plan.visit_type,
                unannounced: plan.unannounced,
                status: if plan.start_now { VisitStatus::InProgress } else { VisitStatus::Planned },
                planned_on: plan.planned_on,
                // "Start visit now": the team is at the door.
                arrived_at: plan.start_now.then(Utc::now),
                access_granted_at: None,
                departed_at: None,
                theme: theme.filter(|_| plan.visit_type == VisitType::Thematic),
                no_names: plan.no_names,
                summary: String::new(),
            };
            store.create(&actor, &visit.clone().into())?;
            Ok(visit)
        })
    }

    pub fn visit_detail(&self, visit_id: Uuid) -> Result<VisitDetail, AppError> {
        self.with_app_store(|store| {
            let bundle = store.visit_bundle(visit_id)?;
            let template: Option<ChecklistTemplate> =
                typed(store.record(Entity::ChecklistTemplate, bundle.visit.template_id)?);
            let facility = typed(store.record(Entity::Facility, bundle.visit.facility_id)?);
            let visit = &bundle.visit;
            let actor = actor_of(store).ok();
            let follow_ups = follow_ups(store, &bundle, visit.facility_id)?;
            Ok(VisitDetail {
                editable: editable(actor, visit.status),
                missing: missing(template.as_ref(), &bundle, &follow_ups),
                role: actor.map(|a| a.role),
                submit_refusal: submit_refusal(actor.map(|a| a.role), visit.status),
                threads: store.comment_threads(visit_id)?,
                next_statuses: actor.map(|a| next_statuses(visit.status, a.role)).unwrap_or_default(),
                integrity: store.visit_integrity(visit_id)?,
                team: visit_team(store, visit, &bundle.members)?,
                attachments_set_aside: attachments_set_aside(store, visit_id)?,
                people_to_check: people_to_check(store, visit.facility_id, Some(visit_id))?,
                report_versions: crate::authority::report_versions(store, visit_id)?,
                may_record_answers: actor
                    .as_ref()
                    .is_some_and(|a| vigil_core::access::may_record_authority_answer(a.role)),
                follow_ups,
                access_delay_minutes: access_delay_minutes(visit.arrived_at, visit.access_granted_at),
                template,
                facility,
                bundle,
            })
        })
    }

    /// Saves one answer as it is made: one record per visit and question (`answer_id`).
    pub fn save_answer(
        &self,
        visit_id: Uuid,
        question_key: &str,
        value: AnswerValue,
    ) -> Result<ChecklistAnswer, AppError> {
        self.with_app_store(|store| {
            let actor = actor_of(store)?;
            let visit: Visit =
                typed(store.record(Entity::Visit, visit_id)?).ok_or_else(|| not_found(Entity::Visit, visit_id))?;
            let template: ChecklistTemplate = typed(store.record(Entity::ChecklistTemplate, visit.template_id)?)
                .ok_or_else(|| not_found(Entity::ChecklistTemplate, visit.template_id))?;
            check_answer(&template, question_key)?;
            let id = answer_id(visit_id, question_key);
            let existing: Option<ChecklistAnswer> = typed(store.record(Entity::ChecklistAnswer, id)?);
            let answer = match existing {
                Some(old) => {
                    let json = serde_json::to_value(&value).map_err(|e| AppError::InvalidInput(e.to_string()))?;
                    store.update(&actor, Entity::ChecklistAnswer, id, Map::from_iter([("value".to_owned(), json)]))?;
                    ChecklistAnswer { value, ..old }
                }
                None => {
                    let answer = ChecklistAnswer {
                        id,
                        visit_id,
                        question_key: question_key.to_owned(),
                        value,
                        note: String::new(),
                    };
                    store.create(&actor, &answer.clone().into())?;
                    answer
                }
            };
            Ok(answer)
        })
    }

    /// Changes the visit's summary or its "no names" mode.
    pub fn edit_visit(&self, visit_id: Uuid, edit: VisitEdit) -> Result<VisitDetail, AppError> {
        let mut changes = Map::new();
        if let Some(summary) = edit.summary {
            changes.insert("summary".to_owned(), Value::from(summary.trim()));
        }
        if let Some(no_names) = edit.no_names {
            changes.insert("no_names".to_owned(), Value::from(no_names));
        }
        if !changes.is_empty() {
            self.with_app_store(|store| {
                let actor = actor_of(store)?;
                store.update(&actor, Entity::Visit, visit_id, changes)?;
                Ok(())
            })?;
        }
        self.visit_detail(visit_id)
    }

    /// Records arrival, access or departure as now.
    pub fn record_visit_time(&self, visit_id: Uuid, mark: TimeMark) -> Result<VisitDetail, AppError> {
        self.set_visit_time(visit_id, mark, Utc::now())
    }

    /// Corrects a time recorded wrong, or records one late: `at` is when it happened. Their
    /// order and a sensible day are the core's rules (the office refuses the same); a time
    /// still to come is refused here, where the device's clock is the one that knows.
    pub fn correct_visit_time(
        &self,
        visit_id: Uuid,
        mark: TimeMark,
        at: DateTime<Utc>,
    ) -> Result<VisitDetail, AppError> {
        if at > Utc::now() + chrono::Duration::minutes(5) {
            return Err(AppError::BrokenRule { field: mark.field(), rule: vigil_core::Rule::NotInFuture });
        }
        self.set_visit_time(visit_id, mark, at)
    }

    fn set_visit_time(&self, visit_id: Uuid, mark: TimeMark, at: DateTime<Utc>) -> Result<VisitDetail, AppError> {
        self.with_app_store(|store| {
            let actor = actor_of(store)?;
            let visit: Visit =
                typed(store.record(Entity::Visit, visit_id)?).ok_or_else(|| not_found(Entity::Visit, visit_id))?;
            store.update(&actor, Entity::Visit, visit_id, time_changes(mark, visit.status, at))?;
            Ok(())
        })?;
        self.visit_detail(visit_id)
    }
}

#[cfg(test)]
pub(crate) mod tests;
