//! An office with its console on a loopback port, its people, and signed-in clients.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use reqwest::StatusCode;
use serde_json::{Value, json};
use tempfile::TempDir;
use uuid::Uuid;
use vigil_core::Role;
use vigil_core::records::{Team, User};
use vigil_server::SqliteStorage;
use vigil_server::api::Limits;
use vigil_server::console::ConsoleSettings;
use vigil_server::sqlite::office_audit::COMMAND_LINE;
use vigil_store::Store;
use vigil_sync::SyncClient;

pub const PASSWORD: &str = "correct horse battery";

pub struct Office {
    pub storage: Arc<SqliteStorage>,
    pub url: String,
    pub team: Uuid,
    pub admin: User,
    pub supervisor: User,
    pub inspector: User,
    pub dir: TempDir,
}

impl Office {
    pub async fn start() -> Office {
        Office::start_with(ConsoleSettings::default()).await
    }

    pub async fn start_with(settings: ConsoleSettings) -> Office {
        let dir = tempfile::tempdir().expect("office dir");
        let storage = Arc::new(SqliteStorage::open(dir.path()).expect("office"));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
        let address = listener.local_addr().expect("address");
        let app =
            vigil_server::console::office_router(storage.clone(), Limits::default(), Default::default(), settings)
                .into_make_service_with_connect_info::<SocketAddr>();
        tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
        let team = Team { id: Uuid::now_v7(), name: "Team North".into(), region: "North".into() };
        storage.add_records(&[team.clone().into()]).expect("team");
        let person = |name: &str, role: Role| User {
            id: Uuid::now_v7(),
            name: name.into(),
            email: format!("{}@npm.example", name.to_lowercase().replace(' ', ".")),
            role,
            team_ids: if role == Role::Admin { vec![] } else { vec![team.id] },
            profession: String::new(),
        };
        let (admin, supervisor, inspector) = (
            person("Aysel Admin", Role::Admin),
            person("Samir Supervisor", Role::Supervisor),
            person("Ilgar Inspector", Role::Inspector),
        );
        storage
            .add_records(&[admin.clone().into(), supervisor.clone().into(), inspector.clone().into()])
            .expect("people");
        storage.set_password(COMMAND_LINE, admin.id, PASSWORD).expect("admin password");
        storage.set_password(COMMAND_LINE, supervisor.id, PASSWORD).expect("supervisor password");
        Office { storage, url: format!("http://{address}"), team: team.id, admin, supervisor, inspector, dir }
    }

    /// A browser with no session.
    pub fn browser(&self) -> Browser {
        let http = reqwest::Client::builder().cookie_store(true).build().expect("client");
        Browser { http, url: self.url.clone(), csrf: None }
    }

    /// A browser signed in as `email`.
    pub async fn signed_in(&self, email: &str) -> Browser {
        let mut browser = self.browser();
        let (status, body) = browser.sign_in(email, PASSWORD).await;
        assert_eq!(status, StatusCode::OK, "sign-in of {email}: {body}");
        browser
    }

    /// A person of the office with a console password.
    pub fn web_user(&self, name: &str, role: Role) -> User {
        let user = User {
            id: Uuid::now_v7(),
            name: name.into(),
            email: format!("{}@npm.example", name.to_lowercase().replace(' ', ".")),
            role,
            team_ids: if role == Role::Admin { vec![] } else { vec![self.team] },
            profession: String::new(),
        };
        self.storage.add_records(&[user.clone().into()]).expect("person");
        self.storage.set_password(COMMAND_LINE, user.id, PASSWORD).expect("password");
        user
    }

    /// A real device of `user`, enrolled with a code from the command line and synced once.
    pub async fn device(&self, user: Uuid) -> Device {
        let dir = tempfile::tempdir().expect("device dir");
        let store = Mutex::new(Store::open(&dir.path().join("device.db")).expect("device store"));
        let code = self.storage.enrolment_code(user, chrono::Duration::hours(1)).expect("code");
        let (client, _) = SyncClient::enrol(&self.url, &code, &store, "field tablet").await.expect("enrol");
        client.sync(&store, &|_| {}).await.expect("first sync");
        let id = store.lock().expect("store").device_id();
        Device { client, store, id, _dir: dir }
    }

    /// What the office holds of people, teams and devices, to show that a refusal changed nothing.
    pub fn snapshot(&self) -> Value {
        let people = self.storage.people().expect("people");
        let devices = self.storage.device_views().expect("devices");
        json!({
            "people": people.iter().map(|p| json!([p.id, p.name, p.email, p.role, p.team_ids, p.retired_at])).collect::<Vec<_>>(),
            "teams": self.storage.teams().expect("teams").iter().map(|t| json!([t.id, t.name])).collect::<Vec<_>>(),
            "devices": devices.iter().map(|d| json!([d.id, d.revoked_at])).collect::<Vec<_>>(),
            "places": self.storage.place_views().expect("places").iter().map(|p| json!([p.id, p.name])).collect::<Vec<_>>(),
            "templates": self.storage.template_views().expect("templates").len(),
        })
    }

    /// The office's audit actions, oldest first.
    pub fn office_actions(&self) -> Vec<String> {
        let view = self.storage.audit_view(&Default::default()).expect("audit");
        let mut entries: Vec<_> = view.entries.into_iter().filter(|e| e.chain == "office").collect();
        entries.sort_by_key(|e| e.seq);
        entries.into_iter().map(|e| e.action).collect()
    }
}

pub struct Device {
    pub client: SyncClient,
    pub store: Mutex<Store>,
    pub id: Uuid,
    _dir: TempDir,
}

/// A browser: a cookie jar and the session's CSRF token, as the console's page keeps it.
pub struct Browser {
    pub http: reqwest::Client,
    pub url: String,
    pub csrf: Option<String>,
}

impl Browser {
    pub async fn sign_in(&mut self, email: &str, password: &str) -> (StatusCode, Value) {
        let (status, body) = self.send("POST", "/sign-in", Some(json!({ "email": email, "password": password }))).await;
        if status == StatusCode::OK {
            self.csrf = body["csrf_token"].as_str().map(str::to_owned);
        }
        (status, body)
    }

    /// A console API request, with the CSRF token if the browser has one.
    pub async fn send(&self, method: &str, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        self.send_with(method, path, body, self.csrf.as_deref()).await
    }

    pub async fn send_with(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
        csrf: Option<&str>,
    ) -> (StatusCode, Value) {
        let method: reqwest::Method = method.parse().expect("method");
        let mut request = self.http.request(method, format!("{}/console/api{path}", self.url));
        if let Some(token) = csrf {
            request = request.header("x-csrf-token", token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request");
        let status = response.status();
        let text = response.text().await.expect("body");
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }
}
