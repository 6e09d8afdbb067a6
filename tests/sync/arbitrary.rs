//! Whatever a device sends, the office answers with a decision, never a crash: bytes that
//! are not JSON, good requests cut short or overwritten, and well-formed ops carrying any
//! values at all in their fields, on records that exist or not. A refused request or op
//! stores nothing, and what the office accepts, a colleague's device can apply.

use std::collections::BTreeMap;

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Value, json};
use uuid::Uuid;
use vigil_core::entity::{DELETED, FieldKind};
use vigil_core::protocol::{API_PREFIX, ApiError, OpOutcome, PushResponse};
use vigil_core::records::Visit;
use vigil_core::{FieldChange, Hlc, Op, Record, Role, VisitStatus};
use vigil_demo::DemoParams;
use vigil_tests::{Office, demo_user};

/// One field of a sketched op: which field, and a value of each kind to pick from once the
/// field's kind is known (or any JSON at all, when `misfit`).
#[derive(Debug, Clone)]
struct FieldSketch {
    field: Index,
    text: Value,
    integer: i64,
    real: f64,
    boolean: bool,
    json: Value,
    null: bool,
    misfit: bool,
    /// The value the record has (or had), as a device sends it back unchanged.
    keep: bool,
}

/// An op built on one of the office's records: an edit of it, or a new record made from
/// its fields, with the sketched fields over them.
#[derive(Debug, Clone)]
struct OpSketch {
    record: Index,
    edit: bool,
    /// An edit claims to have seen a version of the record other than the office's.
    stale: bool,
    fields: Vec<FieldSketch>,
    /// Remove the record.
    delete: bool,
}

#[derive(Debug, Clone)]
enum Push {
    /// Bytes that need not be JSON at all.
    Bytes(Vec<u8>),
    /// A good request, cut short and with some bytes overwritten.
    Mangled { cut: Index, overwrites: Vec<(Index, u8)> },
    /// Well-formed ops, as the lead or the administrator.
    Ops { admin: bool, ops: Vec<OpSketch> },
}

/// Words the office gives meaning to: statuses, kinds, roles, areas.
const WORDS: [&str; 12] = [
    "in_progress",
    "in_review",
    "approved",
    "returned",
    "prison",
    "police_custody",
    "lead",
    "admin",
    "treatment",
    "high",
    "2026-11-20",
    "2026-11-20T06:30:00Z",
];

fn text() -> impl Strategy<Value = Value> {
    prop_oneof![
        ".{0,16}".prop_map(Value::from),
        prop::sample::select(&WORDS[..]).prop_map(Value::from),
        // The id of one of the office's records.
        any::<u16>().prop_map(|n| Value::String(format!("@{n}"))),
    ]
}

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f).map(Value::Number)),
        text(),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,10}", inner, 0..4)
                .prop_map(|fields| Value::Object(fields.into_iter().collect())),
        ]
    })
}

fn field_sketch() -> impl Strategy<Value = FieldSketch> {
    let (null, misfit, keep) = (prop::bool::weighted(0.1), prop::bool::weighted(0.05), prop::bool::weighted(0.4));
    (any::<Index>(), text(), any::<i64>(), any::<f64>(), any::<bool>(), any_json(), null, misfit, keep).prop_map(
        |(field, text, integer, real, boolean, json, null, misfit, keep)| FieldSketch {
            field,
            text,
            integer,
            real,
            boolean,
            json,
            null,
            misfit,
            keep,
        },
    )
}

fn op_sketch() -> impl Strategy<Value = OpSketch> {
    (
        any::<Index>(),
        any::<bool>(),
        prop::bool::weighted(0.1),
        prop::collection::vec(field_sketch(), 0..4),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(record, edit, stale, fields, delete)| OpSketch { record, edit, stale, fields, delete })
}

fn push() -> impl Strategy<Value = Push> {
    prop_oneof![
        1 => prop::collection::vec(any::<u8>(), 0..200).prop_map(Push::Bytes),
        2 => (any::<Index>(), prop::collection::vec((any::<Index>(), any::<u8>()), 0..4))
            .prop_map(|(cut, overwrites)| Push::Mangled { cut, overwrites }),
        7 => (prop::bool::weighted(0.25), prop::collection::vec(op_sketch(), 1..5))
            .prop_map(|(admin, ops)| Push::Ops { admin, ops }),
    ]
}

/// The office of one case, loaded with a small demo: the records ops are built on, and
/// the devices of a lead and an administrator.
struct Scene {
    office: Office,
    records: Vec<Record>,
    team: Uuid,
    lead: Pusher,
    admin: Pusher,
}

struct Pusher {
    user_id: Uuid,
    device_id: Uuid,
    token: String,
    next_seq: u64,
}

async fn scene() -> Scene {
    let office = Office::start().await;
    let params = DemoParams { seed: 11, facilities: 3, visits: 4, observations_per_visit: 2, ..DemoParams::default() };
    let demo = vigil_demo::generate(&params);
    office.storage.add_records(&demo.records).expect("demo data");
    let lead = demo_user(&demo, Role::Lead, None);
    let admin = demo_user(&demo, Role::Admin, None);
    let pusher = |user_id: Uuid, (device_id, token): (Uuid, String)| Pusher { user_id, device_id, token, next_seq: 1 };
    let team = lead.team_ids[0];
    let lead = pusher(lead.id, office.enrol_raw(lead.id, None).await);
    let admin = pusher(admin.id, office.enrol_raw(admin.id, None).await);
    Scene { office, records: demo.records, team, lead, admin }
}

impl Scene {
    /// `@n` becomes the id of the office's n-th record, inside lists and objects too.
    fn known_ids(&self, value: Value) -> Value {
        match value {
            Value::String(text) => match text.strip_prefix('@').and_then(|n| n.parse::<usize>().ok()) {
                Some(n) => Value::String(self.records[n % self.records.len()].id().to_string()),
                None => Value::String(text),
            },
            Value::Array(items) => Value::Array(items.into_iter().map(|item| self.known_ids(item)).collect()),
            Value::Object(fields) => Value::Object(fields.into_iter().map(|(k, v)| (k, self.known_ids(v))).collect()),
            other => other,
        }
    }

    fn op(&self, pusher: &Pusher, seq: u64, sketch: &OpSketch) -> Op {
        let base = sketch.record.get(&self.records);
        let entity = base.entity();
        let fields = entity.fields();
        let change = |new: Value| FieldChange { old: Value::Null, new, supersedes: vec![] };
        // A new record starts from every field of the one it is made from.
        let held = base.to_fields();
        let mut patch: BTreeMap<String, FieldChange> = if sketch.edit {
            BTreeMap::new()
        } else {
            held.iter().map(|(name, value)| (name.clone(), change(value.clone()))).collect()
        };
        for field in &sketch.fields {
            let def = field.field.get(fields);
            let new = match (field.misfit, field.null, def.kind) {
                _ if field.keep => held.get(def.name).cloned().unwrap_or(Value::Null),
                (true, _, _) => field.json.clone(),
                (_, true, _) => Value::Null,
                (_, _, FieldKind::Text) => field.text.clone(),
                (_, _, FieldKind::Integer) => json!(field.integer),
                (_, _, FieldKind::Real) => serde_json::Number::from_f64(field.real).map_or(json!(0.5), Value::Number),
                (_, _, FieldKind::Bool) => json!(field.boolean),
                (_, _, FieldKind::Json) => field.json.clone(),
            };
            patch.insert(def.name.to_owned(), change(self.known_ids(new)));
        }
        if sketch.delete {
            patch.insert(
                DELETED.name.to_owned(),
                FieldChange { old: json!(false), new: json!(true), supersedes: vec![] },
            );
        }
        let (entity_id, base_rev) = match (sketch.edit, sketch.stale) {
            (true, false) => (base.id(), 1),
            (true, true) => (base.id(), 7),
            (false, false) => (Uuid::now_v7(), 0),
            (false, true) => (Uuid::now_v7(), 3),
        };
        Op {
            op_id: Uuid::now_v7(),
            device_id: pusher.device_id,
            device_seq: seq,
            hlc: Hlc { millis: 1_790_000_000_000 + seq, counter: 0 },
            entity,
            entity_id,
            base_rev,
            patch,
            author: pusher.user_id,
        }
    }
}

/// A lead's good request (a new visit like one of the team's), for [`Push::Mangled`] to damage.
fn good_body(scene: &Scene) -> Vec<u8> {
    let visit = scene.records.iter().find_map(|record| match record {
        Record::Visit(visit) if visit.team_id == scene.team => Some(visit.clone()),
        _ => None,
    });
    let visit =
        Visit { id: Uuid::now_v7(), status: VisitStatus::Planned, ..visit.expect("a visit of the lead's team") };
    let hlc = Hlc { millis: 1_790_000_000_000, counter: 0 };
    let op = Op::create(&visit.into(), scene.lead.device_id, scene.lead.next_seq, hlc, scene.lead.user_id);
    serde_json::to_vec(&json!({"device_id": scene.lead.device_id, "ops": [op]})).expect("body")
}

async fn play(pushes: Vec<Push>) -> Result<(), TestCaseError> {
    let mut scene = scene().await;
    let http = reqwest::Client::new();
    let url = format!("{}{API_PREFIX}/push", scene.office.url);
    for push in pushes {
        let admin = matches!(push, Push::Ops { admin: true, .. });
        let (body, ops) = match &push {
            Push::Bytes(bytes) => (bytes.clone(), 0),
            Push::Mangled { cut, overwrites } => {
                let mut body = good_body(&scene);
                for (at, byte) in overwrites {
                    let at = at.index(body.len());
                    body[at] = *byte;
                }
                body.truncate(cut.index(body.len() + 1));
                (body, 1)
            }
            Push::Ops { ops, .. } => {
                let pusher = if admin { &scene.admin } else { &scene.lead };
                let ops: Vec<Op> = ops
                    .iter()
                    .enumerate()
                    .map(|(n, sketch)| scene.op(pusher, pusher.next_seq + n as u64, sketch))
                    .collect();
                let body = json!({"device_id": pusher.device_id, "ops": ops});
                (serde_json::to_vec(&body).expect("body"), ops.len())
            }
        };
        let pusher = if admin { &mut scene.admin } else { &mut scene.lead };
        let before = scene.office.storage.snapshot_text().expect("office");
        let answer = http.post(&url).bearer_auth(&pusher.token).body(body).send().await.expect("the office answers");
        let status = answer.status();
        let text = answer.text().await.expect("answer");
        prop_assert!(!status.is_server_error(), "{status} for {push:?}: {text}");
        if status.is_success() {
            let answer: PushResponse = serde_json::from_str(&text).expect("a push answer");
            prop_assert_eq!(answer.results.len(), ops);
            for result in &answer.results {
                if let OpOutcome::Rejected { code, reason, .. } = &result.outcome {
                    prop_assert!(
                        *code != vigil_core::Code::Unknown && !reason.is_empty(),
                        "a refusal names its reason"
                    );
                }
            }
            if answer.results.iter().all(|r| matches!(r.outcome, OpOutcome::Rejected { .. })) {
                prop_assert_eq!(&scene.office.storage.snapshot_text().expect("office"), &before, "refused: {:?}", push);
            }
            pusher.next_seq += ops as u64;
        } else {
            let error: ApiError = serde_json::from_str(&text).expect("an ApiError");
            prop_assert!(status.is_client_error() && !error.message.is_empty(), "{status}: {text}");
            prop_assert_eq!(&scene.office.storage.snapshot_text().expect("office"), &before, "{}: {}", status, text);
        }
    }
    // What the office took in, a colleague's device pulls and applies.
    let dir = tempfile::tempdir().expect("dir");
    let colleague = scene.office.user("Ivo Inspector", Role::Inspector, &[scene.team]);
    let device = scene.office.device(colleague, Role::Inspector, dir.path(), "colleague").await;
    let pulled = device.sync().await;
    prop_assert!(pulled.is_ok(), "the colleague's device could not apply what the office accepted: {pulled:?}");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn the_office_answers_any_push_with_a_decision_and_stores_nothing_it_refuses(
        pushes in prop::collection::vec(push(), 1..6)
    ) {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
        runtime.block_on(play(pushes))?;
    }
}
