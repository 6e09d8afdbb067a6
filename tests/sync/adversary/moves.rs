//! What the adversary's devices send. A [`Move`] names held records by position (among
//! those close to the pusher, or among all), so a case replays against the office copy it
//! runs on; [`Builder`] turns it into the op a malicious device would push, built by hand.

use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Map, Value, json};
use uuid::Uuid;
use vigil_core::audit::{self, Action};
use vigil_core::entity::DELETED;
use vigil_core::ids::{answer_id, member_id, new_id};
use vigil_core::records::{Amendment, AuditEvent, AuthorityResponse, ReviewComment, User};
use vigil_core::{Entity, FieldChange, Hlc, Op, Record, Role, VisitStatus};

use super::held::Held;

/// What comments, amendments and audit events are about.
const SUBJECTS: [Entity; 8] = [
    Entity::Visit,
    Entity::Observation,
    Entity::Interview,
    Entity::Recommendation,
    Entity::Attachment,
    Entity::ChecklistAnswer,
    Entity::RegisterCheck,
    Entity::ReviewComment,
];

/// Audit actions, the workflow's own (whose details hold a content hash) first.
const ACTIONS: [&str; 4] = ["visit_status", "report_exported", "interview_opened", "visit_deleted"];

/// A held record: one close to the pusher (`mine`: see [`Near`]) if there is one, or any.
#[derive(Debug, Clone, Copy)]
pub struct Pick {
    mine: bool,
    index: Index,
}

/// The subject of a comment, an amendment or an audit event.
#[derive(Debug, Clone, Copy)]
pub struct Subject {
    entity: Index,
    pick: Pick,
}

/// Which records are close to the pusher, for a pick that asks for one.
#[derive(Debug, Clone, Copy)]
enum Near {
    /// Of the pusher's teams, on a visit its role works on now.
    AtHand,
    /// Of the pusher's teams.
    Team,
    /// Of this visit.
    Visit(Uuid),
}

#[derive(Debug, Clone)]
pub enum What {
    /// Some fields of a held record set to the values other records of its kind hold.
    Edit {
        entity: Index,
        record: Pick,
        fields: Vec<(Index, Pick)>,
        delete: bool,
    },
    /// A record like a held one, on a visit of choice, some fields from others.
    Create {
        entity: Index,
        like: Pick,
        visit: Pick,
        fields: Vec<(Index, Pick)>,
    },
    /// A record's link to its visit, place, recommendation or user moved elsewhere.
    Relink {
        entity: Index,
        record: Pick,
        field: Index,
        to: Pick,
    },
    Status {
        visit: Pick,
        to: Index,
    },
    Respond {
        recommendation: Pick,
        response: Index,
    },
    Amend {
        visit: Pick,
        subject: Option<Subject>,
        author: Who,
    },
    Comment {
        visit: Pick,
        subject: Option<Subject>,
        reply_to: Option<Subject>,
        author: Who,
    },
    Audit {
        actor: Who,
        other_device: bool,
        at: When,
        action: Index,
        subject: Option<Subject>,
    },
    /// The pusher's own user record: another role, or every team.
    OwnUser {
        role: Option<Index>,
        every_team: bool,
    },
}

/// A time, in a clock or an audit event.
#[derive(Debug, Clone, Copy)]
pub enum When {
    Now,
    HourAhead,
    DayAhead,
    FarFuture,
    /// The largest clock the text form holds.
    Saturated,
    LongAgo,
}

/// The user an op, a comment, an amendment or an event names.
#[derive(Debug, Clone, Copy)]
pub enum Who {
    Me,
    Other(Index),
}

#[derive(Debug, Clone)]
pub struct Move {
    pub what: What,
    pub clock: When,
    pub author: Who,
}

/// Ops one device pushes in one request.
#[derive(Debug, Clone)]
pub struct Batch {
    pub pusher: Index,
    pub moves: Vec<Move>,
}

fn pick() -> impl Strategy<Value = Pick> {
    (prop::bool::weighted(0.6), any::<Index>()).prop_map(|(mine, index)| Pick { mine, index })
}

fn subject() -> impl Strategy<Value = Subject> {
    (any::<Index>(), pick()).prop_map(|(entity, pick)| Subject { entity, pick })
}

fn fields(least: usize) -> impl Strategy<Value = Vec<(Index, Pick)>> {
    prop::collection::vec((any::<Index>(), pick()), least..3)
}

fn when() -> impl Strategy<Value = When> {
    prop_oneof![
        20 => Just(When::Now),
        1 => Just(When::HourAhead),
        1 => Just(When::DayAhead),
        1 => Just(When::FarFuture),
        1 => Just(When::Saturated),
        1 => Just(When::LongAgo),
    ]
}

fn who() -> impl Strategy<Value = Who> {
    prop_oneof![8 => Just(Who::Me), 1 => any::<Index>().prop_map(Who::Other)]
}

fn what() -> impl Strategy<Value = What> {
    prop_oneof![
        4 => (any::<Index>(), pick(), fields(1), prop::bool::weighted(0.1))
            .prop_map(|(entity, record, fields, delete)| What::Edit { entity, record, fields, delete }),
        3 => (any::<Index>(), pick(), pick(), fields(0))
            .prop_map(|(entity, like, visit, fields)| What::Create { entity, like, visit, fields }),
        3 => (any::<Index>(), pick(), any::<Index>(), pick())
            .prop_map(|(entity, record, field, to)| What::Relink { entity, record, field, to }),
        3 => (pick(), any::<Index>()).prop_map(|(visit, to)| What::Status { visit, to }),
        1 => (pick(), any::<Index>()).prop_map(|(recommendation, response)| What::Respond { recommendation, response }),
        1 => (pick(), prop::option::of(subject()), who())
            .prop_map(|(visit, subject, author)| What::Amend { visit, subject, author }),
        3 => (pick(), prop::option::weighted(0.4, subject()), prop::option::of(subject()), who())
            .prop_map(|(visit, subject, reply_to, author)| What::Comment { visit, subject, reply_to, author }),
        2 => (who(), prop::bool::weighted(0.1), when(), any::<Index>(), prop::option::of(subject()))
            .prop_map(|(actor, other_device, at, action, subject)| What::Audit { actor, other_device, at, action, subject }),
        1 => (prop::option::of(any::<Index>()), any::<bool>())
            .prop_map(|(role, every_team)| What::OwnUser { role, every_team }),
    ]
}

pub fn batch() -> impl Strategy<Value = Batch> {
    let one = (what(), when(), prop_oneof![12 => Just(Who::Me), 1 => any::<Index>().prop_map(Who::Other)])
        .prop_map(|(what, clock, author)| Move { what, clock, author });
    (any::<Index>(), prop::collection::vec(one, 1..4)).prop_map(|(pusher, moves)| Batch { pusher, moves })
}

/// Builds one device's ops over what the office holds.
pub struct Builder<'a> {
    held: &'a Held,
    user: &'a User,
    device_id: Uuid,
    /// The hash of the one blob the office holds whole (another would refuse the batch).
    blob: &'a str,
    pub now: DateTime<Utc>,
    /// The device's last audit event, for the next to extend its chain.
    last_event: Option<AuditEvent>,
}

impl What {
    /// The kind of move, for the tally of what got through.
    pub fn name(&self) -> &'static str {
        match self {
            What::Edit { .. } => "edit",
            What::Create { .. } => "create",
            What::Relink { .. } => "relink",
            What::Status { .. } => "status",
            What::Respond { .. } => "response",
            What::Amend { .. } => "amendment",
            What::Comment { .. } => "comment",
            What::Audit { .. } => "audit event",
            What::OwnUser { .. } => "own user",
        }
    }
}

impl<'a> Builder<'a> {
    pub fn new(held: &'a Held, user: &'a User, device_id: Uuid, blob: &'a str) -> Builder<'a> {
        let last_event = held
            .of(Entity::AuditEvent)
            .filter_map(|entry| match &entry.record {
                Record::AuditEvent(event) if event.device_id == device_id => Some(event.clone()),
                _ => None,
            })
            .max_by_key(|event| event.seq);
        Builder { held, user, device_id, blob, now: Utc::now(), last_event }
    }

    /// The op of `step`, the device's `seq`-th; `None` when nothing held fits it.
    pub fn op(&mut self, seq: u64, step: &Move) -> Option<Op> {
        let (entity, entity_id, patch) = self.patch(&step.what)?;
        let before = self.held.get(entity, entity_id);
        let held_fields = before.map(|entry| entry.record.to_fields()).unwrap_or_default();
        let patch = patch
            .into_iter()
            .map(|(name, new)| {
                let old = held_fields.get(&name).cloned().unwrap_or(Value::Null);
                (name, FieldChange { old, new, supersedes: vec![] })
            })
            .collect();
        Some(Op {
            op_id: new_id(),
            device_id: self.device_id,
            device_seq: seq,
            hlc: self.clock(step.clock, seq),
            entity,
            entity_id,
            base_rev: u64::from(before.is_some()),
            patch,
            author: self.who(step.author),
        })
    }

    fn patch(&mut self, what: &What) -> Option<(Entity, Uuid, Map<String, Value>)> {
        match what {
            What::Edit { entity, record, fields, delete } => {
                let entity = *entity.get(Entity::ALL);
                let record = self.pick(entity, *record, Near::AtHand)?;
                let near = record.visit_id().map_or(Near::AtHand, Near::Visit);
                let mut patch = self.values(entity, fields, near);
                if *delete {
                    patch.insert(DELETED.name.to_owned(), json!(true));
                }
                Some((entity, record.id(), patch))
            }
            What::Create { entity, like, visit, fields } => {
                let entity = *entity.get(Entity::ALL);
                self.create(entity, *like, *visit, fields)
            }
            What::Relink { entity, record, field, to } => {
                let linked: Vec<Entity> = Entity::ALL.iter().copied().filter(|e| !links(*e).is_empty()).collect();
                let entity = *entity.get(&linked);
                let record = self.pick(entity, *record, Near::AtHand)?;
                let (field, target) = *field.get(&links(entity));
                let to = self.pick(target, *to, Near::AtHand)?;
                Some((entity, record.id(), Map::from_iter([(field.to_owned(), json!(to.id()))])))
            }
            What::Status { visit, to } => {
                let visit = self.pick(Entity::Visit, *visit, Near::AtHand)?;
                Some((
                    Entity::Visit,
                    visit.id(),
                    Map::from_iter([("status".to_owned(), json!(to.get(VisitStatus::ALL)))]),
                ))
            }
            What::Respond { recommendation, response } => {
                let recommendation = self.pick(Entity::Recommendation, *recommendation, Near::Team)?;
                let response = json!(response.get(AuthorityResponse::ALL));
                Some((Entity::Recommendation, recommendation.id(), Map::from_iter([("response".to_owned(), response)])))
            }
            What::Amend { visit, subject, author } => {
                let visit_id = self.pick(Entity::Visit, *visit, Near::Team)?.id();
                let (target_entity, target_id) = self.subject(*subject, Near::Visit(visit_id)).unzip();
                let amendment = Amendment {
                    id: new_id(),
                    visit_id,
                    target_entity,
                    target_id,
                    body: "The register held two more people than counted.".into(),
                    author_id: self.who(*author),
                    made_at: self.now,
                };
                Some(created(amendment.into()))
            }
            What::Comment { visit, subject, reply_to, author } => {
                let visit_id = self.pick(Entity::Visit, *visit, Near::AtHand)?.id();
                let near = Near::Visit(visit_id);
                let (target_entity, target_id) = self.subject(*subject, near).unzip();
                let comment = ReviewComment {
                    id: new_id(),
                    visit_id,
                    target_entity,
                    target_id,
                    reply_to: reply_to.and_then(|s| self.pick(Entity::ReviewComment, s.pick, near)).map(Record::id),
                    body: "Please say which cells.".into(),
                    author_id: self.who(*author),
                };
                Some(created(comment.into()))
            }
            What::Audit { actor, other_device, at, action, subject } => {
                let action = *action.get(&ACTIONS);
                let target = self.subject(*subject, Near::Team);
                let details = if action == ACTIONS[0] {
                    json!({"from": "in_review", "to": "approved", "content_sha256": "ab".repeat(32)}).to_string()
                } else {
                    String::new()
                };
                let event = audit::chain(
                    self.last_event.as_ref(),
                    Action {
                        at: self.time(*at),
                        actor_id: self.who(*actor),
                        device_id: if *other_device { new_id() } else { self.device_id },
                        action: action.to_owned(),
                        target,
                        details,
                    },
                );
                self.last_event = Some(event.clone());
                Some(created(event.into()))
            }
            What::OwnUser { role, every_team } => {
                let mut patch = Map::new();
                if let Some(role) = role {
                    patch.insert("role".to_owned(), json!(role.get(Role::ALL)));
                }
                if *every_team || patch.is_empty() {
                    let teams: Vec<Uuid> = self.held.of(Entity::Team).map(|entry| entry.record.id()).collect();
                    patch.insert("team_ids".to_owned(), json!(teams));
                }
                Some((Entity::User, self.user.id, patch))
            }
        }
    }

    fn create(
        &self,
        entity: Entity,
        like: Pick,
        visit: Pick,
        fields: &[(Index, Pick)],
    ) -> Option<(Entity, Uuid, Map<String, Value>)> {
        let Record::Visit(host) = self.pick(Entity::Visit, visit, Near::AtHand)? else { return None };
        let near = Near::Visit(host.id);
        let mut patch = self.pick(entity, like, near)?.to_fields();
        patch.extend(self.values(entity, fields, near));
        let mut id = new_id();
        if entity == Entity::Visit {
            patch.insert("team_id".to_owned(), json!(host.team_id));
        } else if patch.contains_key("visit_id") {
            patch.insert("visit_id".to_owned(), json!(host.id));
        }
        if entity == Entity::Recommendation && like.mine {
            // A recommendation is about its visit's place.
            patch.insert("facility_id".to_owned(), json!(host.facility_id));
        }
        if patch.contains_key("sha256") {
            patch.insert("sha256".to_owned(), json!(self.blob));
        }
        // Answers and members have ids derived from what they are (two devices meet on one).
        let text = |name: &str| patch.get(name).and_then(Value::as_str).unwrap_or_default().to_owned();
        let visit_id = text("visit_id").parse().unwrap_or_default();
        match entity {
            Entity::ChecklistAnswer => id = answer_id(visit_id, &text("question_key")),
            Entity::VisitMember => id = member_id(visit_id, text("user_id").parse().unwrap_or_default()),
            Entity::User => {
                patch.insert("email".to_owned(), json!(format!("{id}@npm.example")));
            }
            _ => {}
        }
        Some((entity, id, patch))
    }

    /// `fields` of `entity` set to the values the records picked hold (the blob's hash to
    /// the one the office holds).
    fn values(&self, entity: Entity, fields: &[(Index, Pick)], near: Near) -> Map<String, Value> {
        let mut patch = Map::new();
        for (field, donor) in fields {
            let def = field.get(entity.fields());
            let value = match self.pick(entity, *donor, near) {
                _ if def.name == "sha256" => json!(self.blob),
                Some(donor) => donor.to_fields().remove(def.name).unwrap_or(Value::Null),
                None => continue,
            };
            patch.insert(def.name.to_owned(), value);
        }
        patch
    }

    /// A record of `entity`: one near the pusher when the pick asks for one and there are
    /// any, else any.
    fn pick(&self, entity: Entity, pick: Pick, near: Near) -> Option<&'a Record> {
        let all: Vec<&Record> = self.held.of(entity).map(|entry| &entry.record).collect();
        let close: Vec<&Record> = all.iter().copied().filter(|record| self.is_near(record, near)).collect();
        let pool = if pick.mine && !close.is_empty() { close } else { all };
        (!pool.is_empty()).then(|| *pick.index.get(&pool))
    }

    fn is_near(&self, record: &Record, near: Near) -> bool {
        let Some(visit) = self.held.visit_of(record) else { return false };
        let ours = self.user.team_ids.contains(&visit.team_id);
        match (near, self.user.role) {
            (Near::Visit(id), _) => visit.id == id,
            (Near::Team, _) => ours,
            (Near::AtHand, Role::Inspector | Role::Lead) => {
                ours && matches!(visit.status, VisitStatus::Planned | VisitStatus::InProgress | VisitStatus::Returned)
            }
            (Near::AtHand, Role::Supervisor) => {
                ours && matches!(visit.status, VisitStatus::Submitted | VisitStatus::InReview)
            }
            (Near::AtHand, Role::Admin) => false,
        }
    }

    fn subject(&self, subject: Option<Subject>, near: Near) -> Option<(Entity, Uuid)> {
        let subject = subject?;
        let entity = *subject.entity.get(&SUBJECTS);
        Some((entity, self.pick(entity, subject.pick, near)?.id()))
    }

    fn who(&self, who: Who) -> Uuid {
        match who {
            Who::Me => self.user.id,
            Who::Other(index) => {
                let users: Vec<Uuid> = self.held.of(Entity::User).map(|entry| entry.record.id()).collect();
                *index.get(&users)
            }
        }
    }

    fn clock(&self, when: When, seq: u64) -> Hlc {
        let counter = u32::try_from(seq).unwrap_or(u32::MAX);
        match when {
            When::Saturated => Hlc { millis: 999_999_999_999_999, counter: u32::MAX },
            other => Hlc { millis: u64::try_from(self.time(other).timestamp_millis()).unwrap_or(0), counter },
        }
    }

    fn time(&self, when: When) -> DateTime<Utc> {
        match when {
            When::Now => self.now,
            When::HourAhead => self.now + Duration::hours(1),
            When::DayAhead => self.now + Duration::hours(25),
            When::FarFuture => "2999-12-31T23:59:59Z".parse().expect("a time"),
            When::Saturated => DateTime::<Utc>::MAX_UTC,
            When::LongAgo => "2020-01-01T00:00:00Z".parse().expect("a time"),
        }
    }
}

/// The fields of `entity` that name a record, and the entity of that record.
fn links(entity: Entity) -> Vec<(&'static str, Entity)> {
    let named = |name: &str| match name {
        "visit_id" => Some(Entity::Visit),
        "author_id" | "actor_id" | "user_id" => Some(Entity::User),
        "recommendation_id" => Some(Entity::Recommendation),
        "reply_to" => Some(Entity::ReviewComment),
        _ => None,
    };
    entity
        .fields()
        .iter()
        .filter_map(|field| {
            let referenced = entity.references().iter().find(|(name, _)| *name == field.name).map(|(_, e)| *e);
            Some((field.name, referenced.or_else(|| named(field.name))?))
        })
        .collect()
}

fn created(record: Record) -> (Entity, Uuid, Map<String, Value>) {
    (record.entity(), record.id(), record.to_fields())
}
