//! Helpers for the cross-crate tests: a real central office on 127.0.0.1:0 with its own
//! data directory, and devices with their own store files enrolled against it.

pub mod proxy;
pub mod records;
mod signer;

pub use signer::Signer;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tempfile::TempDir;
use uuid::Uuid;
use vigil_core::Role;
use vigil_core::records::{Team, User};
use vigil_server::api::Limits;
use vigil_server::{SqliteStorage, UploadLimits};
use vigil_store::Store;
use vigil_sync::{SyncClient, SyncError, SyncReport};

/// The central office, serving on a loopback port until dropped.
#[derive(Debug)]
pub struct Office {
    pub storage: Arc<SqliteStorage>,
    pub url: String,
    pub address: SocketAddr,
    pub dir: TempDir,
    server: tokio::task::JoinHandle<()>,
}

impl Office {
    pub async fn start() -> Office {
        Office::start_with(Limits::default()).await
    }

    pub async fn start_with(limits: Limits) -> Office {
        Office::start_limited(limits, UploadLimits::default()).await
    }

    /// An office with other limits on devices' unfinished uploads.
    pub async fn start_with_uploads(uploads: UploadLimits) -> Office {
        Office::start_limited(Limits::default(), uploads).await
    }

    async fn start_limited(limits: Limits, uploads: UploadLimits) -> Office {
        Office::open(tempfile::tempdir().expect("office dir"), limits, uploads).await
    }

    /// The office whose data directory `dir` already holds (a copy of another's, say).
    pub async fn open(dir: TempDir, limits: Limits, uploads: UploadLimits) -> Office {
        let storage = SqliteStorage::open(dir.path()).expect("open office store").with_upload_limits(uploads);
        let storage = Arc::new(storage);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
        let address = listener.local_addr().expect("address");
        let url = format!("http://{address}");
        // The whole office as `serve` runs it: the devices' API and the web console.
        let settings = vigil_server::console::ConsoleSettings::default();
        let app = vigil_server::console::office_router(storage.clone(), limits, Default::default(), settings)
            .into_make_service_with_connect_info::<SocketAddr>();
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("serve");
        });
        Office { storage, url, address, dir, server }
    }

    pub fn team(&self, name: &str) -> Uuid {
        let team = Team { id: Uuid::now_v7(), name: name.into(), region: "Northern District".into() };
        self.storage.add_records(&[team.clone().into()]).expect("add team");
        team.id
    }

    pub fn user(&self, name: &str, role: Role, teams: &[Uuid]) -> Uuid {
        let user = User {
            id: Uuid::now_v7(),
            name: name.into(),
            email: format!("{}@npm.example", name.to_lowercase().replace(' ', ".")),
            role,
            team_ids: teams.to_vec(),
            profession: "lawyer".into(),
        };
        self.storage.add_records(&[user.clone().into()]).expect("add user");
        user.id
    }

    /// Enrols a device by hand, over HTTP, with a fresh code: its id (`device_id`, or a new
    /// one) and its bearer token. For tests that speak the protocol without the client.
    pub async fn enrol_raw(&self, user_id: Uuid, device_id: Option<Uuid>) -> (Uuid, String) {
        let code = self.storage.enrolment_code(user_id, chrono::Duration::hours(1)).expect("code");
        let device_id = device_id.unwrap_or_else(Uuid::now_v7);
        (device_id, self.enrol_with(&code, device_id).await)
    }

    /// Re-enrols a known device by hand, as an administrator does (`device re-enrol`): the
    /// old token stops working; answers the new one.
    pub async fn re_enrol_raw(&self, device_id: Uuid) -> String {
        let code = self.storage.re_enrolment_code(device_id, chrono::Duration::hours(1)).expect("re-enrolment code");
        self.enrol_with(&code, device_id).await
    }

    /// Trades `code` for the token of `device_id`, over HTTP.
    async fn enrol_with(&self, code: &str, device_id: Uuid) -> String {
        let request =
            vigil_core::protocol::EnrolRequest { code: code.into(), device_id, device_name: "by hand".into() };
        let answer = reqwest::Client::new()
            .post(format!("{}{}/enrol", self.url, vigil_core::protocol::API_PREFIX))
            .json(&request)
            .send()
            .await
            .expect("enrol");
        assert_eq!(answer.status(), 200, "enrolment of {device_id}: {}", answer.text().await.unwrap_or_default());
        answer.json::<vigil_core::protocol::EnrolResponse>().await.expect("enrolment answer").token
    }

    /// Pushes ops by hand as the device with `token`, and reads the answer (a 200).
    pub async fn push_raw(
        &self,
        token: &str,
        device_id: Uuid,
        ops: Vec<vigil_core::Op>,
    ) -> vigil_core::protocol::PushResponse {
        let request = vigil_core::protocol::PushRequest { device_id, ops, blobs_set_aside: vec![] };
        reqwest::Client::new()
            .post(format!("{}{}/push", self.url, vigil_core::protocol::API_PREFIX))
            .bearer_auth(token)
            .json(&request)
            .send()
            .await
            .expect("push")
            .json()
            .await
            .expect("push answer")
    }

    /// Publishes `bytes` as the app's bundle `file_name` at `version`, signed by `signer`,
    /// whose key the office is told to check it with (as `release publish` is run).
    pub fn publish_release(
        &self,
        file_name: &str,
        bytes: &[u8],
        version: &str,
        signer: &Signer,
    ) -> vigil_core::protocol::Release {
        use vigil_server::Storage;
        let bundle = self.dir.path().join(file_name);
        std::fs::write(&bundle, bytes).expect("bundle");
        let signature = signer.sign(bytes, file_name, version);
        vigil_server::releases::publish(&self.storage.release_dir(), &bundle, &signature, version, &signer.public)
            .expect("published")
    }

    /// A new device of `user`, enrolled with a fresh one-time code.
    pub async fn device(&self, user_id: Uuid, role: Role, dir: &Path, name: &str) -> Device {
        self.device_via(&self.url, user_id, role, dir, name).await
    }

    /// A new device that reaches the office through `url` (a proxy, say).
    pub async fn device_via(&self, url: &str, user_id: Uuid, role: Role, dir: &Path, name: &str) -> Device {
        let path = dir.join(format!("{name}.db"));
        let store = Mutex::new(Store::open(&path).expect("open device store"));
        let code = self.storage.enrolment_code(user_id, chrono::Duration::hours(1)).expect("code");
        let (client, answer) = SyncClient::enrol(url, &code, &store, name).await.expect("enrol");
        assert_eq!(answer.user_id, user_id);
        Device { store, client, path, actor: vigil_store::Actor { user_id, role } }
    }
}

impl Drop for Office {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// A device: its store file and its sync client.
#[derive(Debug)]
pub struct Device {
    pub store: Mutex<Store>,
    pub client: SyncClient,
    pub path: PathBuf,
    pub actor: vigil_store::Actor,
}

impl Device {
    /// Up to `most` random edits of a visit's findings, as a team works offline: a new
    /// finding (with chance `new_chance`, or when there is none yet) or another text for
    /// one it holds, so concurrent edits of one text conflict.
    pub fn random_edits(&self, visit_id: Uuid, rng: &mut impl rand::Rng, most: u32, new_chance: f64) {
        use vigil_core::Entity;
        use vigil_core::records::Observation;
        let mut store = self.store();
        for _ in 0..rng.random_range(1..most) {
            let findings = store.all::<Observation>(Entity::Observation).expect("findings");
            if findings.is_empty() || rng.random_bool(new_chance) {
                let finding = records::observation(visit_id, &format!("finding {}", rng.random::<u32>()));
                store.create(&self.actor, &finding.into()).expect("observe");
            } else {
                let id = findings[rng.random_range(0..findings.len())].id;
                let text = serde_json::json!(format!("edited {}", rng.random::<u32>()));
                let changes = serde_json::Map::from_iter([("text".to_owned(), text)]);
                store.update(&self.actor, Entity::Observation, id, changes).expect("edit");
            }
        }
    }

    pub async fn sync(&self) -> Result<SyncReport, SyncError> {
        self.client.sync(&self.store, &|_| {}).await
    }

    pub fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store.lock().expect("store lock")
    }

    /// This device with compression on the wire on or off, whatever its office's address.
    pub fn with_compression(mut self, compress: bool) -> Device {
        self.client = self.client.with_compression(compress);
        self
    }
}

/// This machine's time in milliseconds: the clock of an op a test makes by hand (the office
/// refuses clocks more than a day ahead of its own time).
pub fn now_millis() -> u64 {
    u64::try_from(chrono::Utc::now().timestamp_millis()).unwrap_or(0)
}

/// The records and conflicts of a store file, read through a store opened on it.
pub fn dump_records(path: &Path) -> String {
    Store::open(path).expect("open for dump").snapshot_text().expect("snapshot")
}

/// Each op's outcome in a push answer: `ok`, or the refusal's code.
pub fn outcome_codes(answer: &vigil_core::protocol::PushResponse) -> Vec<String> {
    answer
        .results
        .iter()
        .map(|r| match &r.outcome {
            vigil_core::protocol::OpOutcome::Accepted { .. } => "ok".to_owned(),
            vigil_core::protocol::OpOutcome::Rejected { code, .. } => code.as_str().to_owned(),
        })
        .collect()
}

/// The first demo user with `role` (in `team`, when given): the demo's cast for a test.
pub fn demo_user(demo: &vigil_demo::DemoData, role: Role, team: Option<Uuid>) -> User {
    demo.records
        .iter()
        .find_map(|r| match r {
            vigil_core::Record::User(u) if u.role == role && team.is_none_or(|t| u.team_ids.contains(&t)) => {
                Some(u.clone())
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("no demo {role:?}"))
}
