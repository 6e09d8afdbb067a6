//! The real central office on 127.0.0.1, loaded with the demo's reference data (places,
//! checklists, teams and their people), and the devices that enrol with it.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};

use axum::Router;
use uuid::Uuid;
use vigil_core::records::User;
use vigil_core::{Record, Role};
use vigil_server::SqliteStorage;
use vigil_store::{Actor, Store};
use vigil_sync::{SyncClient, SyncReport};

pub struct Office {
    pub storage: Arc<SqliteStorage>,
    pub reference: Vec<Record>,
}

impl Office {
    /// An office in `dir` holding the demo's reference data.
    pub fn open(dir: &Path) -> Office {
        let storage = Arc::new(SqliteStorage::open(&dir.join("office")).expect("office"));
        let reference = vigil_demo::generate(&vigil_demo::DemoParams { visits: 0, ..Default::default() }).records;
        storage.add_records(&reference).expect("reference data");
        Office { storage, reference }
    }

    pub fn users(&self) -> impl Iterator<Item = &User> {
        self.reference.iter().filter_map(|r| if let Record::User(u) = r { Some(u) } else { None })
    }

    pub fn first<T>(&self, pick: impl Fn(&Record) -> Option<T>) -> T {
        self.reference.iter().find_map(pick).expect("the demo's reference data holds one")
    }

    /// Serves `app` (the office's router, maybe wrapped) on a free loopback port.
    pub async fn serve(app: Router) -> SocketAddr {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("address");
        let app = app.into_make_service_with_connect_info::<SocketAddr>();
        tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
        address
    }
}

pub struct Device {
    pub store: Mutex<Store>,
    pub client: SyncClient,
    pub actor: Actor,
}

impl Device {
    pub async fn enrol(office: &SqliteStorage, url: &str, dir: &Path, name: &str, user_id: Uuid, role: Role) -> Device {
        let store = Mutex::new(Store::open(&dir.join(format!("{name}.db"))).expect("device store"));
        let code = office.enrolment_code(user_id, chrono::Duration::hours(1)).expect("enrolment code");
        let (client, _) = SyncClient::enrol(url, &code, &store, name).await.expect("enrol");
        Device { store, client, actor: Actor { user_id, role } }
    }

    pub fn compressing(mut self, compress: bool) -> Device {
        self.client = self.client.with_compression(compress);
        self
    }

    pub async fn sync(&self) -> SyncReport {
        self.client.sync(&self.store, &|_| {}).await.expect("sync")
    }
}
