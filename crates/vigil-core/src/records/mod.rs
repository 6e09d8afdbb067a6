//! Every record of the domain (DOMAIN.md), one struct each.
//!
//! Child items of a visit (answers, observations, interviews…) are records of their own,
//! never lists inside the visit: two inspectors adding observations to one visit must
//! never touch the same record. Each struct is declared once, in [`records!`], which also
//! writes its field schema ([`FieldDef`]) and its [`Entity`] and [`Record`] variants.

mod kinds;
mod translation;

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate, Offset, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

pub use kinds::*;
pub use translation::{LANGUAGES, QuestionTranslation, TemplateTranslation, TranslationError, default_language};

use crate::entity::{FieldDef, FieldKind};
use crate::workflow::{Role, VisitStatus};

macro_rules! records {
    ($(
        $(#[$meta:meta])*
        $variant:ident($name:ident) = $entity:literal {
            $( $(#[$field_meta:meta])* $field:ident : $ty:ty => $kind:ident $($link:ident)? ),* $(,)?
        }
    )+) => {
        $(
            $(#[$meta])*
            #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
            #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
            pub struct $name {
                pub id: Uuid,
                $( $(#[$field_meta])* pub $field: $ty, )*
            }

            impl $name {
                /// The fields an op may set (the id is fixed at creation, and so are the links).
                pub const FIELDS: &'static [FieldDef] = &[
                    $( FieldDef {
                        name: stringify!($field),
                        kind: FieldKind::$kind,
                        link: !<[&str]>::is_empty(&[$(stringify!($link))?]),
                    } ),*
                ];
            }

            impl OneKind for $name {
                const ENTITY: Entity = Entity::$variant;
            }

            impl From<$name> for Record {
                fn from(record: $name) -> Record {
                    Record::$variant(record)
                }
            }

            impl TryFrom<Record> for $name {
                type Error = Record;

                /// Takes the typed record out, or gives the record back if it is another kind.
                fn try_from(record: Record) -> Result<$name, Record> {
                    match record {
                        Record::$variant(inner) => Ok(inner),
                        other => Err(other),
                    }
                }
            }
        )+

        /// The kind of a record; its name is also the table's and the wire's.
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Entity { $($variant),+ }

        impl Entity {
            pub const ALL: &'static [Entity] = &[$(Entity::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $(Entity::$variant => $entity),+ }
            }

            /// The fields of the entity, without the id and the tombstone.
            pub fn fields(self) -> &'static [FieldDef] {
                match self { $(Entity::$variant => $name::FIELDS),+ }
            }
        }

        impl FromStr for Entity {
            type Err = UnknownEntity;

            fn from_str(name: &str) -> Result<Entity, UnknownEntity> {
                match name {
                    $($entity => Ok(Entity::$variant),)+
                    _ => Err(UnknownEntity(name.to_owned())),
                }
            }
        }

        /// Any record, tagged with its entity.
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "entity", content = "record", rename_all = "snake_case")]
        // Not `Record` in TypeScript, where that names a built-in type.
        #[cfg_attr(feature = "ts", ts(rename = "AnyRecord"))]
        pub enum Record { $($variant($name)),+ }

        impl Record {
            pub fn entity(&self) -> Entity {
                match self { $(Record::$variant(_) => Entity::$variant),+ }
            }

            pub fn id(&self) -> Uuid {
                match self { $(Record::$variant(r) => r.id),+ }
            }

            /// Rebuilds a record from its id and field values (as stored or synced).
            pub fn from_fields(entity: Entity, id: Uuid, mut fields: Map<String, Value>) -> Result<Record, serde_json::Error> {
                fields.insert("id".to_owned(), Value::String(id.to_string()));
                let value = Value::Object(fields);
                Ok(match entity {
                    $(Entity::$variant => Record::$variant(serde_json::from_value(value)?),)+
                })
            }
        }
    };
}

/// A struct of one kind of record (a [`Visit`], an [`Observation`]…), not [`Record`], which
/// is any kind: what a list of one entity's records is read as.
pub trait OneKind {
    const ENTITY: Entity;
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown entity {0:?}")]
pub struct UnknownEntity(pub String);

impl Record {
    /// The visit a record belongs to, for the records that are part of one.
    pub fn visit_id(&self) -> Option<Uuid> {
        match self {
            Record::Visit(r) => Some(r.id),
            Record::VisitMember(r) => Some(r.visit_id),
            Record::ChecklistAnswer(r) => Some(r.visit_id),
            Record::Observation(r) => Some(r.visit_id),
            Record::Interview(r) => Some(r.visit_id),
            Record::RegisterCheck(r) => Some(r.visit_id),
            Record::Recommendation(r) => Some(r.visit_id),
            Record::RecommendationAssessment(r) => Some(r.visit_id),
            Record::Attachment(r) => Some(r.visit_id),
            Record::ReviewComment(r) => Some(r.visit_id),
            Record::Amendment(r) => Some(r.visit_id),
            Record::ReprisalCheck(r) => Some(r.visit_id),
            Record::ReportVersion(r) => Some(r.visit_id),
            Record::AuthorityAnswer(r) => Some(r.visit_id),
            Record::ActionStep(r) => Some(r.visit_id),
            Record::Debrief(r) => Some(r.visit_id),
            // An event about a visit belongs to it (and goes only where the visit goes).
            Record::AuditEvent(r) => r.target_id.filter(|_| r.target_entity == Some(Entity::Visit)),
            Record::Facility(_)
            | Record::Team(_)
            | Record::User(_)
            | Record::ChecklistTemplate(_)
            | Record::OfficeSetting(_) => None,
        }
    }

    /// The record's fields as JSON values, without the id: the patch of a create.
    pub fn to_fields(&self) -> Map<String, Value> {
        let Ok(Value::Object(mut fields)) = serde_json::to_value(self) else {
            unreachable!("records serialise to JSON objects")
        };
        let Some(Value::Object(mut inner)) = fields.remove("record") else {
            unreachable!("records are tagged with entity and record")
        };
        inner.remove("id");
        inner
    }
}

records! {
    /// A place where people are, or may be, deprived of their liberty.
    Facility(Facility) = "facility" {
        name: String => Text,
        kind: FacilityKind => Text,
        region: String => Text,
        address: String => Text,
        latitude: Option<f64> => Real,
        longitude: Option<f64> => Real,
        /// The ministry or agency responsible for the place.
        authority: String => Text,
        capacity: Option<i64> => Integer,
        population: Option<i64> => Integer,
        contact: String => Text,
        /// Its IANA time zone (`Asia/Baku`): visit times are shown and reported in it. None:
        /// the device's own zone, said as such.
        #[serde(default)]
        time_zone: Option<String> => Text,
    }

    /// A monitoring team of the NPM.
    Team(Team) = "team" {
        name: String => Text,
        region: String => Text,
    }

    User(User) = "user" {
        name: String => Text,
        email: String => Text,
        role: Role => Text,
        /// Teams the user works in (inspector, lead) or supervises (supervisor).
        team_ids: Vec<Uuid> => Json,
        /// Profession on visits: lawyer, doctor, psychologist, interpreter…
        profession: String => Text,
    }

    /// A versioned checklist for one kind of place, by APT area. Published templates are
    /// never edited: a change is a new version.
    ChecklistTemplate(ChecklistTemplate) = "checklist_template" {
        kind: FacilityKind => Text,
        version: i64 => Integer,
        title: String => Text,
        sections: Vec<ChecklistSection> => Json,
        /// The language the title and questions are written in (`en` for a template
        /// written before translations).
        #[serde(default = "default_language")]
        language: String => Text,
        /// The template's words in other languages, by language ([`TemplateTranslation`]).
        #[serde(default)]
        translations: BTreeMap<String, TemplateTranslation> => Json,
    }

    Visit(Visit) = "visit" {
        facility_id: Uuid => Text link,
        team_id: Uuid => Text link,
        template_id: Uuid => Text link,
        visit_type: VisitType => Text,
        unannounced: bool => Bool,
        status: VisitStatus => Text,
        /// First day of the visit as planned.
        planned_on: NaiveDate => Text,
        arrived_at: Option<DateTime<Utc>> => Text,
        /// When the team was let in; a delay after arrival is itself a finding.
        access_granted_at: Option<DateTime<Utc>> => Text,
        departed_at: Option<DateTime<Utc>> => Text,
        /// For thematic visits: the subject across places.
        theme: Option<String> => Text,
        /// "No names" mode: identity fields are hidden and refused for this visit.
        no_names: bool => Bool,
        summary: String => Text,
    }

    /// One monitor on one visit and the areas they cover.
    VisitMember(VisitMember) = "visit_member" {
        visit_id: Uuid => Text link,
        user_id: Uuid => Text link,
        areas: Vec<Area> => Json,
    }

    ChecklistAnswer(ChecklistAnswer) = "checklist_answer" {
        visit_id: Uuid => Text link,
        question_key: String => Text link,
        value: AnswerValue => Json,
        note: String => Text,
    }

    /// A finding, with its evidence.
    Observation(Observation) = "observation" {
        visit_id: Uuid => Text link,
        area: Area => Text,
        severity: Severity => Text,
        text: String => Text,
        attachment_ids: Vec<Uuid> => Json,
        /// Kept out of every report (internal note).
        confidential: bool => Bool,
    }

    /// A private interview with a person deprived of liberty. Always confidential: the
    /// person is known only by a pseudonymous code, never in a report.
    Interview(Interview) = "interview" {
        visit_id: Uuid => Text link,
        pseudonym: String => Text,
        group_interview: bool => Bool,
        consent_to_use: bool => Bool,
        consent_to_quote: bool => Bool,
        consent_to_refer: bool => Bool,
        /// Language of the interpreter, if one was used.
        interpreter: Option<String> => Text,
        /// Reminds the next visit to check on the person.
        reprisal_risk: bool => Bool,
        content: String => Text,
    }

    /// A sample of a register checked against reality.
    RegisterCheck(RegisterCheck) = "register_check" {
        visit_id: Uuid => Text link,
        register: String => Text,
        sample_size: i64 => Integer,
        discrepancies: i64 => Integer,
        notes: String => Text,
    }

    Recommendation(Recommendation) = "recommendation" {
        visit_id: Uuid => Text link,
        facility_id: Uuid => Text link,
        text: String => Text,
        authority: String => Text,
        area: Area => Text,
        priority: Priority => Text,
        due_on: Option<NaiveDate> => Text,
        /// The observations it rests on.
        finding_ids: Vec<Uuid> => Json,
        /// The authority's position in one word: the latest [`AuthorityAnswer`]'s, which the
        /// app sets with it (kept so that older devices and exports read it as before).
        response: AuthorityResponse => Text,
    }

    /// What one visit found of one earlier recommendation.
    RecommendationAssessment(RecommendationAssessment) = "recommendation_assessment" {
        recommendation_id: Uuid => Text link,
        /// The visit that verified it.
        visit_id: Uuid => Text link,
        status: ImplementationStatus => Text,
        evidence: String => Text,
        assessed_on: NaiveDate => Text,
    }

    /// A photo or document; the bytes live apart, addressed by their SHA-256.
    Attachment(Attachment) = "attachment" {
        visit_id: Uuid => Text link,
        sha256: String => Text link,
        mime: String => Text,
        size: i64 => Integer,
        file_name: String => Text,
    }

    /// A supervisor's comment on a visit or on one of its records, or the team's answer.
    ReviewComment(ReviewComment) = "review_comment" {
        visit_id: Uuid => Text link,
        target_entity: Option<Entity> => Text link,
        target_id: Option<Uuid> => Text link,
        reply_to: Option<Uuid> => Text link,
        body: String => Text,
        author_id: Uuid => Text link,
    }

    /// A correction to an approved (locked) visit: what is corrected and why, on the visit
    /// or one of its records. The approved content stays as it was (its hash still
    /// matches); amendments are kept beside it, never edited or deleted, and shown as such.
    Amendment(Amendment) = "amendment" {
        visit_id: Uuid => Text link,
        target_entity: Option<Entity> => Text link,
        target_id: Option<Uuid> => Text link,
        body: String => Text,
        author_id: Uuid => Text link,
        made_at: DateTime<Utc> => Text,
    }

    /// A later visit's check on a person an earlier interview flagged at risk of reprisal
    /// (`Interview::reprisal_risk`). Names the interview, never repeats its content; goes
    /// where interviews go (the team, never an administrator).
    ReprisalCheck(ReprisalCheck) = "reprisal_check" {
        /// The visit that checked.
        visit_id: Uuid => Text link,
        /// The earlier interview that flagged the person.
        interview_id: Uuid => Text link,
        outcome: ReprisalOutcome => Text,
        checked_on: NaiveDate => Text,
        note: String => Text,
        /// The finding a concern became, made with it (none for any other outcome).
        observation_id: Option<Uuid> => Text link,
    }

    /// One setting of the whole office ([`crate::settings`]): reference data, set by
    /// administrators, received by every device. One record per key, its id derived from
    /// the key ([`OfficeSetting::id_of`]), so two offices setting it meet on one record.
    OfficeSetting(OfficeSetting) = "office_setting" {
        key: String => Text link,
        value: i64 => Integer,
    }

    /// The visit's report at one stage of its life: sent to the authority as provisional,
    /// its factual comments received, final, published. The authority's answer is due
    /// [`crate::settings::OfficeSettings::answer_days`] after the report is first sent.
    /// Recorded after approval, beside the locked content; every device receives it.
    ReportVersion(ReportVersion) = "report_version" {
        visit_id: Uuid => Text link,
        stage: ReportStage => Text,
        /// The day it was sent, received or published.
        dated_on: NaiveDate => Text,
        note: String => Text,
        /// The report's PDF as it was at this stage (an attachment of the visit).
        attachment_id: Option<Uuid> => Text link,
    }

    /// What the authority answered to one recommendation, with its letter; its action plan
    /// is the [`ActionStep`]s that name it. Recorded after approval by the visit's lead or
    /// a supervisor of its team ([`crate::access::may_record_authority_answer`]); every
    /// device receives it with its recommendation (the next visit follows it up).
    AuthorityAnswer(AuthorityAnswer) = "authority_answer" {
        recommendation_id: Uuid => Text link,
        /// The recommendation's visit.
        visit_id: Uuid => Text link,
        received_on: NaiveDate => Text,
        position: AuthorityResponse => Text,
        text: String => Text,
        /// The letter (scan or photo), an attachment of the visit.
        letter_id: Option<Uuid> => Text link,
    }

    /// One step of the action plan an authority's answer promised: what, by when, and when
    /// it was done.
    ActionStep(ActionStep) = "action_step" {
        answer_id: Uuid => Text link,
        /// The visit of the answer's recommendation.
        visit_id: Uuid => Text link,
        text: String => Text,
        due_on: NaiveDate => Text,
        done_on: Option<NaiveDate> => Text,
    }

    /// The end-of-visit talk with the head of the place (or whoever stands in): who took
    /// part, when, the points the team raised and the urgent concerns it handed over on the
    /// spot (a person needing a doctor at once, say). Goes where its visit goes.
    Debrief(Debrief) = "debrief" {
        visit_id: Uuid => Text link,
        held_at: DateTime<Utc> => Text,
        /// For the place: names and posts, as said.
        facility_participants: String => Text,
        /// For the team.
        team_participants: String => Text,
        points_raised: String => Text,
        /// Concerns handed over for action at once; empty if none.
        immediate_concerns: String => Text,
    }

    /// Who did what, from which device, when. Each device's events form a hash chain
    /// (see [`crate::audit`]): an event removed or changed later shows.
    AuditEvent(AuditEvent) = "audit_event" {
        /// 1, 2, 3… per device.
        seq: i64 => Integer,
        at: DateTime<Utc> => Text,
        actor_id: Uuid => Text link,
        device_id: Uuid => Text link,
        action: String => Text,
        target_entity: Option<Entity> => Text link,
        target_id: Option<Uuid> => Text link,
        details: String => Text,
        /// The hash of the device's previous event ([`crate::audit::GENESIS`] for the first).
        prev_hash: String => Text,
        /// SHA-256 over this event's content and `prev_hash`.
        hash: String => Text,
    }
}

/// One APT area of a checklist.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChecklistSection {
    pub area: Area,
    pub questions: Vec<Question>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// Stable across template versions, so answers can be compared between visits.
    pub key: String,
    pub text: String,
    pub answer: AnswerType,
    /// The standard it checks, e.g. "Nelson Mandela Rules, r. 13".
    pub standard: Option<String>,
}

impl ChecklistTemplate {
    pub fn question(&self, key: &str) -> Option<&Question> {
        self.sections.iter().flat_map(|s| &s.questions).find(|q| q.key == key)
    }

    pub fn question_count(&self) -> usize {
        self.sections.iter().map(|s| s.questions.len()).sum()
    }
}

impl Recommendation {
    /// Past its due date on `day` while still open: `status` is its latest assessment on
    /// that day. The one meaning of "overdue" for the place card, the visit, the tracker
    /// and the dashboard.
    pub fn overdue_on(&self, status: Option<ImplementationStatus>, day: NaiveDate) -> bool {
        Recommendation::is_overdue(self.due_on, status, day)
    }

    /// [`Recommendation::overdue_on`] from the two fields it reads, for a query that holds
    /// only those.
    pub fn is_overdue(due_on: Option<NaiveDate>, status: Option<ImplementationStatus>, day: NaiveDate) -> bool {
        due_on.is_some_and(|due| due < day) && !status.is_some_and(ImplementationStatus::closes)
    }
}

#[cfg(test)]
mod tests;

/// A place's offset from UTC at `at` (its summer time included), from its IANA time zone;
/// None when it has none, or a name the database does not know.
pub fn offset_in_zone(time_zone: Option<&str>, at: DateTime<Utc>) -> Option<FixedOffset> {
    let zone: chrono_tz::Tz = time_zone?.parse().ok()?;
    Some(at.with_timezone(&zone).offset().fix())
}
