//! The conflicts screen: fields edited on two devices at once, each shown with a label a
//! person recognises (the record, the field, who wrote each value and when), resolved by
//! the value a person chooses or merges; and the local changes the central office refused.
//! The labels are pure functions of the store's records, tested below.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;
use vigil_core::merge::Version;
use vigil_core::records::{ChecklistTemplate, Facility, User, Visit};
use vigil_core::{Entity, Record};
use vigil_store::{Conflict, RejectedOp, Store, StoreError};

use crate::error::AppError;
use crate::inspection::{actor_of, typed};
use crate::state::AppState;
use crate::sync::SyncStatus;
use crate::visit_records::visit_date;

/// How many characters of a record's text its label shows.
pub const LABEL_CHARS: usize = 60;

/// Free-text fields: a person may merge their versions by hand.
const TEXT_FIELDS: &[&str] = &[
    "text",
    "summary",
    "content",
    "notes",
    "note",
    "evidence",
    "theme",
    "body",
    "register",
    "authority",
    "name",
    "address",
    "contact",
    "interpreter",
    "profession",
    "title",
];

/// One field in conflict as the screen shows it.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConflictView {
    pub entity: Entity,
    pub entity_id: Uuid,
    pub field: String,
    /// What tells the record apart ([`record_text`]); the UI names its kind and field.
    pub record_text: Option<String>,
    /// A free-text field: the screen offers to merge the values.
    pub text: bool,
    /// The value shown now first, then the values that lost to it.
    pub values: Vec<VersionView>,
}

/// One competing value: what it is, who wrote it, when.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VersionView {
    pub value: Value,
    /// The author's name when this device holds their user record.
    pub author: Option<String>,
    pub at: Option<DateTime<Utc>>,
    /// The value the record shows until someone chooses.
    pub shown: bool,
}

/// A local change the central office refused, as the screen shows it.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RejectedView {
    pub op_id: Uuid,
    pub entity: Entity,
    pub entity_id: Uuid,
    /// What tells the record apart ([`record_text`]); the UI names its kind.
    pub record_text: Option<String>,
    pub changes: Vec<ChangeView>,
    pub code: vigil_core::Code,
    /// The central office's words (English, for support).
    pub reason: String,
    /// What the refusal is about, as parameters the UI words in the person's language.
    pub detail: Option<vigil_core::Detail>,
    /// When the change was made on this device.
    pub made_at: Option<DateTime<Utc>>,
    /// When the central office refused it, as it said.
    pub refused_at: String,
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeView {
    /// Named on screen by the UI, in the person's language.
    pub field: String,
    pub value: Value,
}

/// The first `LABEL_CHARS` characters of `text` on one line, with an ellipsis when cut.
pub fn excerpt(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= LABEL_CHARS {
        return line;
    }
    let cut: String = line.chars().take(LABEL_CHARS).collect();
    format!("{}…", cut.trim_end())
}

/// What tells a record apart on screen (a finding's text, a visit's place and day), in
/// the words its people wrote; `None` when the device does not hold it. The UI names the
/// kind of record in the person's language before it.
pub fn record_text(store: &Store, entity: Entity, id: Uuid) -> Result<Option<String>, StoreError> {
    let Some(record) = store.record(entity, id)? else {
        return Ok(None);
    };
    let detail = match record {
        Record::Observation(o) => excerpt(&o.text),
        Record::Recommendation(r) => excerpt(&r.text),
        Record::Visit(v) => visit_label(store, &v)?,
        Record::Interview(i) => i.pseudonym,
        Record::RegisterCheck(r) => excerpt(&r.register),
        Record::ChecklistAnswer(a) => {
            let visit: Option<Visit> = typed(store.record(Entity::Visit, a.visit_id)?);
            let template: Option<ChecklistTemplate> = match &visit {
                Some(v) => typed(store.record(Entity::ChecklistTemplate, v.template_id)?),
                None => None,
            };
            let question = template.and_then(|t| {
                t.sections.into_iter().flat_map(|s| s.questions).find(|q| q.key == a.question_key).map(|q| q.text)
            });
            excerpt(&question.unwrap_or(a.question_key))
        }
        Record::RecommendationAssessment(a) => {
            let assessed = typed::<vigil_core::records::Recommendation>(
                store.record(Entity::Recommendation, a.recommendation_id)?,
            );
            assessed.map(|r| excerpt(&r.text)).unwrap_or_default()
        }
        Record::Facility(f) => f.name,
        Record::Team(t) => t.name,
        Record::User(u) => u.name,
        Record::ChecklistTemplate(t) => t.title,
        Record::Attachment(a) => a.file_name,
        Record::ReviewComment(c) => excerpt(&c.body),
        Record::Amendment(a) => excerpt(&a.body),
        Record::Debrief(d) => excerpt(&d.points_raised),
        // Named by the person's code, as the interview is.
        Record::ReprisalCheck(c) => {
            match typed::<vigil_core::records::Interview>(store.record(Entity::Interview, c.interview_id)?) {
                Some(interview) => interview.pseudonym,
                None => String::new(),
            }
        }
        Record::AuthorityAnswer(a) => excerpt(&a.text),
        Record::ActionStep(s) => excerpt(&s.text),
        Record::OfficeSetting(s) => s.key,
        Record::VisitMember(_) | Record::AuditEvent(_) | Record::ReportVersion(_) => String::new(),
    };
    Ok(Some(detail).filter(|d| !d.is_empty()))
}

fn visit_label(store: &Store, visit: &Visit) -> Result<String, StoreError> {
    let place: Option<Facility> = typed(store.record(Entity::Facility, visit.facility_id)?);
    let date = visit_date(visit).format("%Y-%m-%d");
    Ok(match place {
        Some(place) => format!("{} {date}", place.name),
        None => date.to_string(),
    })
}

fn millis(ms: u64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp_millis(i64::try_from(ms).ok()?)
}

/// Who wrote each op (by op id) and the names of the users this device holds.
struct Authors {
    by_op: HashMap<Uuid, Uuid>,
    names: HashMap<Uuid, String>,
}

impl Authors {
    fn read(store: &Store) -> Result<Self, StoreError> {
        let by_op = store.op_authors()?;
        let names = store.all::<User>(Entity::User)?.into_iter().map(|u| (u.id, u.name)).collect();
        Ok(Authors { by_op, names })
    }

    fn name_of_op(&self, op_id: Uuid) -> Option<String> {
        self.by_op.get(&op_id).and_then(|user| self.names.get(user)).cloned()
    }
}

fn version_view(version: Version, shown: bool, authors: &Authors) -> VersionView {
    VersionView {
        author: authors.name_of_op(version.op_id),
        at: millis(version.stamp.hlc.millis),
        value: version.value,
        shown,
    }
}

/// Every field in conflict, labelled.
pub fn conflict_views(store: &Store) -> Result<Vec<ConflictView>, StoreError> {
    let conflicts: Vec<Conflict> = store.conflicts()?;
    if conflicts.is_empty() {
        return Ok(Vec::new());
    }
    let authors = Authors::read(store)?;
    conflicts
        .into_iter()
        .map(|c| {
            let text = TEXT_FIELDS.contains(&c.field.as_str())
                && std::iter::once(&c.winner).chain(&c.losers).all(|v| v.value.is_string() || v.value.is_null());
            let mut values = vec![version_view(c.winner, true, &authors)];
            values.extend(c.losers.into_iter().map(|v| version_view(v, false, &authors)));
            Ok(ConflictView {
                record_text: record_text(store, c.entity, c.entity_id)?,
                entity: c.entity,
                entity_id: c.entity_id,
                field: c.field,
                text,
                values,
            })
        })
        .collect()
}

/// Every refused local change, newest first, labelled.
pub fn rejected_views(store: &Store) -> Result<Vec<RejectedView>, StoreError> {
    let rejected: Vec<RejectedOp> = store.rejected()?;
    rejected
        .into_iter()
        .map(|r| {
            let op = r.op;
            Ok(RejectedView {
                op_id: op.op_id,
                entity: op.entity,
                entity_id: op.entity_id,
                record_text: record_text(store, op.entity, op.entity_id)?,
                changes: op.patch.into_iter().map(|(field, change)| ChangeView { field, value: change.new }).collect(),
                code: r.code,
                reason: r.reason,
                detail: r.detail,
                made_at: millis(op.hlc.millis),
                refused_at: r.at,
            })
        })
        .collect()
}

/// Resolves a conflict with the value a person chose or merged, as `actor`.
pub fn resolve(store: &mut Store, entity: Entity, id: Uuid, field: &str, value: Value) -> Result<(), AppError> {
    let actor = actor_of(store)?;
    store.resolve_conflict(&actor, entity, id, field, value)?;
    Ok(())
}

impl AppState {
    pub fn list_conflicts(&self) -> Result<Vec<ConflictView>, AppError> {
        self.with_store(|store| conflict_views(store))
    }

    pub fn list_rejected(&self) -> Result<Vec<RejectedView>, AppError> {
        self.with_store(|store| rejected_views(store))
    }

    /// Resolves, then answers the sync status with the new counts (the badge drops).
    pub fn resolve_conflict(
        &self,
        entity: Entity,
        id: Uuid,
        field: &str,
        value: Value,
    ) -> Result<SyncStatus, AppError> {
        self.with_app_store(|store| resolve(store, entity, id, field, value))?;
        self.sync_status()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use serde_json::{Map, json};
    use vigil_core::Role;
    use vigil_core::records::{
        AnswerType, Area, ChecklistSection, FacilityKind, Observation, Question, Severity, Team, VisitType,
    };
    use vigil_core::{Op, VisitStatus};
    use vigil_store::Actor;

    use crate::identity::{ROLE, USER_ID};

    struct Pair {
        _dir: tempfile::TempDir,
        first: Store,
        second: Store,
        visit_id: Uuid,
        observation_id: Uuid,
        amira: Actor,
        bruno: Actor,
    }

    fn user(id: Uuid, name: &str, role: Role, team_id: Uuid) -> Record {
        User {
            id,
            name: name.into(),
            email: format!("{id}@office.example"),
            role,
            team_ids: vec![team_id],
            profession: "Lawyer".into(),
        }
        .into()
    }

    /// Two devices holding one visit and one observation, and two inspectors with user records.
    fn pair(text: &str) -> Pair {
        let dir = tempfile::tempdir().expect("dir");
        let mut first = Store::open(&dir.path().join("first.db")).expect("first");
        let admin = Actor { user_id: Uuid::now_v7(), role: Role::Admin };
        let amira = Actor { user_id: Uuid::now_v7(), role: Role::Lead };
        let bruno = Actor { user_id: Uuid::now_v7(), role: Role::Inspector };
        let (team_id, facility_id, template_id, visit_id) =
            (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let reference: Vec<Record> = vec![
            Team { id: team_id, name: "Team North".into(), region: "North".into() }.into(),
            Facility {
                id: facility_id,
                name: "Central Police Station No. 3".into(),
                kind: FacilityKind::PoliceCustody,
                region: "North".into(),
                address: "12 Harbour Street".into(),
                latitude: None,
                longitude: None,
                authority: "Ministry of Internal Affairs".into(),
                capacity: Some(20),
                population: Some(26),
                contact: String::new(),
                time_zone: None,
            }
            .into(),
            ChecklistTemplate {
                id: template_id,
                kind: FacilityKind::PoliceCustody,
                version: 1,
                title: "Police custody".into(),
                sections: vec![ChecklistSection {
                    area: Area::ProtectionMeasures,
                    questions: vec![Question {
                        key: "pc.prot.lawyer".into(),
                        text: "Is access to a lawyer granted from the outset of custody?".into(),
                        answer: AnswerType::YesNo,
                        standard: None,
                    }],
                }],
                language: "en".into(),
                translations: Default::default(),
            }
            .into(),
            user(amira.user_id, "Amira Haddad", Role::Lead, team_id),
            user(bruno.user_id, "Bruno Keller", Role::Inspector, team_id),
        ];
        for record in reference {
            first.create(&admin, &record).expect("reference data");
        }
        let visit = Visit {
            id: visit_id,
            facility_id,
            team_id,
            template_id,
            visit_type: VisitType::Regular,
            unannounced: true,
            status: VisitStatus::InProgress,
            planned_on: NaiveDate::from_ymd_opt(2026, 3, 2).expect("date"),
            arrived_at: Some("2026-03-03T07:00:00Z".parse().expect("time")),
            access_granted_at: None,
            departed_at: None,
            theme: None,
            no_names: false,
            summary: String::new(),
        };
        first.create(&amira, &visit.into()).expect("visit");
        let observation = Observation {
            id: Uuid::now_v7(),
            visit_id,
            area: Area::MaterialConditions,
            severity: Severity::Medium,
            text: text.into(),
            attachment_ids: vec![],
            confidential: false,
        };
        first.create(&amira, &observation.clone().into()).expect("observe");
        let mut second = Store::open(&dir.path().join("second.db")).expect("second");
        second.apply_remote(&first.op_log().expect("ops"), None).expect("share");
        for (store, actor) in [(&mut first, &amira), (&mut second, &bruno)] {
            store.set_setting(USER_ID, &actor.user_id.to_string()).expect("user");
            store.set_setting(ROLE, "inspector").expect("role");
        }
        Pair { _dir: dir, first, second, visit_id, observation_id: observation.id, amira, bruno }
    }

    fn changes(field: &str, value: Value) -> Map<String, Value> {
        Map::from_iter([(field.to_owned(), value)])
    }

    /// Both devices edit one field of one record, then exchange their edits.
    fn conflict(p: &mut Pair, entity: Entity, id: Uuid, field: &str, a: Value, b: Value) -> (Op, Op) {
        let a = p.first.update(&p.amira, entity, id, changes(field, a)).expect("a").expect("op");
        let b = p.second.update(&p.bruno, entity, id, changes(field, b)).expect("b").expect("op");
        p.first.apply_remote(std::slice::from_ref(&b), None).expect("b to first");
        p.second.apply_remote(std::slice::from_ref(&a), None).expect("a to second");
        (a, b)
    }

    #[test]
    fn a_conflict_shows_its_record_field_and_each_value_with_author_and_time() {
        let long = "Cell 4 is cold and damp; the window does not close and the blankets are thin and few";
        let mut p = pair(long);
        let id = p.observation_id;
        let (a, b) =
            conflict(&mut p, Entity::Observation, id, "text", json!("Cell 4 is 11°C"), json!("Cell 4: no heating"));

        let views = conflict_views(&p.first).expect("views");
        assert_eq!(views.len(), 1);
        let view = &views[0];
        // The record keeps the shown (winning) text, which is one of the two edits.
        let shown = view.values[0].value.as_str().expect("text").to_owned();
        assert_eq!(view.record_text.as_deref(), Some(shown.as_str()));
        assert_eq!(view.field, "text");
        assert!(view.text, "text can be merged");
        assert_eq!(view.values.len(), 2);
        assert!(view.values[0].shown && !view.values[1].shown);
        let (win, lose) = if b.stamp() > a.stamp() { (&b, &a) } else { (&a, &b) };
        let name = |op: &Op| if op.author == p.amira.user_id { "Amira Haddad" } else { "Bruno Keller" };
        assert_eq!(view.values[0].author.as_deref(), Some(name(win)));
        assert_eq!(view.values[1].author.as_deref(), Some(name(lose)));
        assert_eq!(view.values[1].value, lose.patch["text"].new);
        assert_eq!(view.values[0].at.map(|t| t.timestamp_millis()), Some(win.hlc.millis as i64));
        assert_eq!(conflict_views(&p.second).expect("views"), views, "both devices show the same");
    }

    #[test]
    fn record_texts_cut_long_text_name_visits_by_place_and_date_and_carry_no_english() {
        let p = pair("Cell 4 is cold and damp; the window does not close and the blankets are thin and few");
        assert_eq!(
            record_text(&p.first, Entity::Observation, p.observation_id).expect("text").as_deref(),
            Some("Cell 4 is cold and damp; the window does not close and the b…")
        );
        assert_eq!(
            record_text(&p.first, Entity::Visit, p.visit_id).expect("text").as_deref(),
            Some("Central Police Station No. 3 2026-03-03")
        );
        let nowhere = Uuid::now_v7();
        assert_eq!(record_text(&p.first, Entity::Interview, nowhere).expect("text"), None, "not on this device");
        assert_eq!(excerpt("  two\n lines "), "two lines");
        assert_eq!(excerpt(&"x".repeat(LABEL_CHARS)), "x".repeat(LABEL_CHARS));
    }

    #[test]
    fn a_non_text_field_is_not_offered_for_merging() {
        let mut p = pair("Cell 4");
        let id = p.observation_id;
        conflict(&mut p, Entity::Observation, id, "severity", json!("high"), json!("low"));
        let views = conflict_views(&p.first).expect("views");
        assert_eq!(views[0].field, "severity");
        assert!(!views[0].text);
    }

    #[test]
    fn resolving_with_a_merged_value_ends_the_conflict_on_both_devices() {
        let mut p = pair("Cell 4");
        let id = p.observation_id;
        conflict(&mut p, Entity::Observation, id, "text", json!("Cell 4 is 11°C"), json!("Cell 4: no heating"));
        let err = resolve(&mut p.first, Entity::Observation, id, "severity", json!("high")).expect_err("none");
        assert_eq!(err.code(), vigil_core::Code::NoConflict);

        let merged = "Cell 4 is 11°C\n\nCell 4: no heating";
        resolve(&mut p.first, Entity::Observation, id, "text", json!(merged)).expect("resolve");
        assert!(conflict_views(&p.first).expect("views").is_empty());
        let record: Option<Observation> = typed(p.first.record(Entity::Observation, id).expect("read"));
        assert_eq!(record.expect("observation").text, merged);
        let resolution = p.first.op_log().expect("ops").pop().expect("op");
        assert_eq!(resolution.author, p.amira.user_id, "resolved as the device's user");
        p.second.apply_remote(&[resolution], None).expect("share");
        assert!(conflict_views(&p.second).expect("views").is_empty());
    }

    #[test]
    fn a_device_without_a_user_cannot_resolve() {
        let mut p = pair("Cell 4");
        let id = p.observation_id;
        conflict(&mut p, Entity::Observation, id, "text", json!("a"), json!("b"));
        p.first.set_setting(USER_ID, "").expect("forget");
        assert!(resolve(&mut p.first, Entity::Observation, id, "text", json!("a")).is_err());
        assert_eq!(conflict_views(&p.first).expect("views").len(), 1);
    }

    #[test]
    fn a_refused_change_shows_its_record_fields_values_and_the_office_words() {
        let mut p = pair("Cell 4");
        let op = p
            .first
            .update(&p.amira, Entity::Observation, p.observation_id, changes("severity", json!("high")))
            .expect("edit")
            .expect("op");
        p.first
            .acknowledge(&[vigil_core::protocol::OpResult {
                op_id: op.op_id,
                outcome: vigil_core::protocol::OpOutcome::Rejected {
                    code: vigil_core::Code::VisitLocked,
                    reason: "The visit was approved; it can no longer change".into(),
                    detail: Some(vigil_core::Detail::Locked),
                },
            }])
            .expect("refuse");
        let views = rejected_views(&p.first).expect("views");
        assert_eq!(views.len(), 1);
        let view = &views[0];
        assert_eq!(view.record_text.as_deref(), Some("Cell 4"));
        assert_eq!(view.detail, Some(vigil_core::Detail::Locked));
        assert_eq!(view.code, vigil_core::Code::VisitLocked);
        assert_eq!(view.reason, "The visit was approved; it can no longer change");
        assert_eq!(view.changes, vec![ChangeView { field: "severity".into(), value: json!("high") }]);
        assert_eq!(view.made_at.map(|t| t.timestamp_millis()), Some(op.hlc.millis as i64));
    }
}
