//! The office every case runs against, prepared once: the demo world loaded, a device for
//! every role of three teams enrolled, one photo held, and a colleague's device synced.
//! Each case gets a copy of the files, so it starts from the same state and replays
//! exactly when proptest shrinks it.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use tempfile::TempDir;
use uuid::Uuid;
use vigil_core::protocol::{API_PREFIX, PushRequest, PushResponse};
use vigil_core::records::User;
use vigil_core::{Entity, Op, Record, Role, VisitStatus};
use vigil_demo::DemoParams;
use vigil_server::api::Limits;
use vigil_store::Store;
use vigil_store::rusqlite::{Connection, OpenFlags};
use vigil_sync::SyncClient;
use vigil_tests::{Office, demo_user};

use super::checks::admin_pull;
use super::held::Held;

/// Three teams; in each, visits in several states, interviews, recommendations, comments.
fn demo() -> DemoParams {
    DemoParams { seed: 1, facilities: 6, visits: 10, observations_per_visit: 2, ..DemoParams::default() }
}

/// An enrolled device the test pushes from by hand.
#[derive(Debug)]
pub struct Pusher {
    /// Its user's role and team, for messages.
    pub who: String,
    pub user_id: Uuid,
    pub device_id: Uuid,
    pub token: String,
}

pub struct Template {
    dir: TempDir,
    pub pushers: Vec<Pusher>,
    /// The administrator's device (also one of the pushers).
    pub admin: usize,
    /// The colleague, an inspector of team 0, and its device's token.
    pub colleague: User,
    colleague_token: String,
    /// The hash of the one photo the office holds.
    pub blob: String,
    held: Held,
    /// The content hash of every approved visit.
    approved: BTreeMap<Uuid, String>,
    /// Where the administrator's device has pulled to: the demo world, checked once.
    admin_since: u64,
}

/// One case's office, a copy of the template's, and what the test knows of it.
pub struct Case {
    pub office: Office,
    /// A read-only connection to the office's file.
    pub reader: Store,
    pub colleague: Mutex<Store>,
    pub colleague_client: SyncClient,
    _devices: TempDir,
    pub held: Held,
    pub approved: BTreeMap<Uuid, String>,
    /// Each pusher's next `device_seq`.
    pub next_seq: Vec<u64>,
    /// Where the administrator's device has pulled to.
    pub admin_since: u64,
    /// An administrator changed the colleague's user (so it is no colleague of its team).
    pub colleague_moved: bool,
}

impl Template {
    pub async fn prepare() -> Template {
        let office = Office::start().await;
        let demo = vigil_demo::generate(&demo());
        office.storage.add_records(&demo.records).expect("demo data");
        let users: Vec<&User> =
            demo.records.iter().filter_map(|r| if let Record::User(u) = r { Some(u) } else { None }).collect();
        let teams: Vec<Uuid> = demo.records.iter().filter(|r| r.entity() == Entity::Team).map(Record::id).collect();
        let mut cast = Vec::new();
        for (n, team) in teams.iter().enumerate() {
            cast.push((format!("lead of team {n}"), demo_user(&demo, Role::Lead, Some(*team))));
            cast.push((format!("inspector of team {n}"), demo_user(&demo, Role::Inspector, Some(*team))));
        }
        cast.push(("supervisor of teams 0 and 1".into(), demo_user(&demo, Role::Supervisor, Some(teams[0]))));
        cast.push(("supervisor of team 2".into(), demo_user(&demo, Role::Supervisor, Some(teams[2]))));
        let interpreter = users.iter().find(|u| u.team_ids.len() == teams.len() && u.role == Role::Inspector);
        cast.push(("interpreter of every team".into(), (*interpreter.expect("an interpreter")).clone()));
        cast.push(("administrator".into(), demo_user(&demo, Role::Admin, None)));
        let mut pushers = Vec::new();
        for (who, user) in cast {
            let (device_id, token) = office.enrol_raw(user.id, None).await;
            pushers.push(Pusher { who, user_id: user.id, device_id, token });
        }

        let dir = tempfile::tempdir().expect("template dir");
        // A colleague of team 0 who only pulls, and one photo at the office.
        let colleague = *users
            .iter()
            .filter(|u| u.role == Role::Inspector && u.team_ids == [teams[0]])
            .nth(1)
            .expect("a second inspector of team 0");
        let store = Store::open(&dir.path().join("colleague.db")).expect("colleague's store");
        let (_, colleague_token) = office.enrol_raw(colleague.id, Some(store.device_id())).await;
        let photo = b"not really a JPEG, but bytes the office holds whole";
        let blob = store.add_blob(photo).expect("photo");
        let uploaded = reqwest::Client::new()
            .put(format!("{}{API_PREFIX}/blobs/{blob}?offset=0&total={}", office.url, photo.len()))
            .bearer_auth(&colleague_token)
            .body(photo.to_vec())
            .send()
            .await
            .expect("upload");
        assert!(uploaded.status().is_success(), "{}", uploaded.status());
        let store = Mutex::new(store);
        let client = SyncClient::new(&office.url, colleague_token.clone()).expect("client");
        client.sync(&store, &|_| {}).await.expect("the colleague's first sync");
        drop(store);

        let connection =
            Connection::open_with_flags(office.dir.path().join("central.db"), OpenFlags::SQLITE_OPEN_READ_ONLY)
                .expect("the office's file");
        let copy = dir.path().join("central.db");
        connection.execute("VACUUM INTO ?1", [copy.to_str().expect("a path")]).expect("copy the office");
        copy_dir(&office.dir.path().join("blobs"), &dir.path().join("blobs"));
        // Opened once as an office, the copy is in WAL mode: each case's opens faster.
        drop(vigil_server::SqliteStorage::open(dir.path()).expect("the copy opens as an office"));
        let reader = Store::open_reader(&copy).expect("read the copy");
        let held = Held::load(reader.sql());
        let approved = held
            .live()
            .filter_map(|record| match record {
                Record::Visit(visit) if visit.status == VisitStatus::Approved => {
                    Some((visit.id, reader.visit_content_hash(visit.id).expect("content hash")))
                }
                _ => None,
            })
            .collect();
        let admin = pushers.len() - 1;
        let admin_since = admin_pull(&office.url, &pushers[admin], &held, 0).await.expect("the demo world");
        let colleague = colleague.clone();
        Template { dir, pushers, admin, colleague, colleague_token, blob, held, approved, admin_since }
    }

    pub async fn case(&self) -> Case {
        let office_dir = tempfile::tempdir().expect("office dir");
        std::fs::copy(self.dir.path().join("central.db"), office_dir.path().join("central.db")).expect("copy");
        copy_dir(&self.dir.path().join("blobs"), &office_dir.path().join("blobs"));
        let office = Office::open(office_dir, Limits::default(), vigil_server::UploadLimits::default()).await;
        let reader = Store::open_reader(&office.dir.path().join("central.db")).expect("reader");
        let devices = tempfile::tempdir().expect("devices dir");
        let colleague = devices.path().join("colleague.db");
        std::fs::copy(self.dir.path().join("colleague.db"), &colleague).expect("copy");
        let colleague = Mutex::new(Store::open(&colleague).expect("colleague's store"));
        let colleague_client = SyncClient::new(&office.url, self.colleague_token.clone()).expect("client");
        Case {
            office,
            reader,
            colleague,
            colleague_client,
            _devices: devices,
            held: self.held.clone(),
            approved: self.approved.clone(),
            next_seq: vec![1; self.pushers.len()],
            admin_since: self.admin_since,
            colleague_moved: false,
        }
    }
}

impl Case {
    /// The user as the office holds them now.
    pub fn user(&self, id: Uuid) -> User {
        match self.held.get(Entity::User, id).map(|entry| &entry.record) {
            Some(Record::User(user)) => user.clone(),
            _ => panic!("user {id} is not held"),
        }
    }

    /// Pushes `ops` over HTTP as `pusher`: the answer, or `None` when the office refused
    /// the batch as a whole (a 4xx, nothing of it stored).
    pub async fn push(&self, pusher: &Pusher, ops: Vec<Op>) -> Result<Option<PushResponse>, TestCaseError> {
        let sent = ops.len();
        let request = PushRequest { device_id: pusher.device_id, ops, blobs_set_aside: vec![] };
        let answer = reqwest::Client::new()
            .post(format!("{}{API_PREFIX}/push", self.office.url))
            .bearer_auth(&pusher.token)
            .json(&request)
            .send()
            .await
            .expect("the office answers");
        let status = answer.status();
        let text = answer.text().await.expect("an answer");
        prop_assert!(!status.is_server_error(), "{status} to a push of the {}: {text}", pusher.who);
        if !status.is_success() {
            return Ok(None);
        }
        let answer: PushResponse = serde_json::from_str(&text).expect("a push answer");
        prop_assert_eq!(answer.results.len(), sent);
        Ok(Some(answer))
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("dir");
    for entry in std::fs::read_dir(from).expect("read dir").map(|entry| entry.expect("entry")) {
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
        }
    }
}
