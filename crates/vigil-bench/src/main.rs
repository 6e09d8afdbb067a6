//! `vigil-bench sync`: the cost of sync over loopback against the real central office.
//! With `--link-mbit`, the device reaches the office through a loopback proxy that paces
//! bytes to that speed and delays them by `--rtt-ms`: a field link.
//!
//! A device of one team records `visits` visits with `observations` findings each, then
//! pushes them; a fresh device of the same team pulls them; an idle sync follows; then 1%
//! of the findings are edited and synced. Each phase prints seconds, HTTP requests and
//! body bytes, and its time as a ratio to the floor: one SQLite transaction inserting the
//! same rows into a fresh file.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};
use serde_json::{Map, Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use uuid::Uuid;
use vigil_core::records::{Area, Observation, Severity, Visit, VisitType};
use vigil_core::{Entity, Record, Role, VisitStatus};
use vigil_server::SqliteStorage;
use vigil_server::api::Limits;
use vigil_store::rusqlite::{Connection, params_from_iter};
use vigil_store::{Actor, Store};
use vigil_sync::{SyncClient, SyncReport};

#[derive(Debug, Parser)]
#[command(name = "vigil-bench")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Push, pull, idle sync and a 1% edit over loopback.
    Sync {
        #[arg(long, default_value_t = 500)]
        visits: usize,
        #[arg(long, default_value_t = 20)]
        observations: usize,
        /// The speed of the link between devices and office, in megabits per second.
        #[arg(long)]
        link_mbit: Option<f64>,
        /// The link's round-trip time, in milliseconds (with --link-mbit).
        #[arg(long, default_value_t = 60)]
        rtt_ms: u64,
        /// Send ops uncompressed over the emulated link, to compare (to and from an office
        /// across a real network they go compressed).
        #[arg(long)]
        no_compression: bool,
        /// Run the whole scenario this many times, each on a fresh office and devices, and
        /// end with each phase's median: single runs on a shared machine vary by ±10%.
        #[arg(long, default_value_t = 1)]
        runs: usize,
    },
}

fn main() {
    let Command::Sync { visits, observations, link_mbit, rtt_ms, no_compression, runs } = Cli::parse().command;
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    let link = link_mbit.map(|mbit| Link { bytes_per_second: mbit * 1e6 / 8.0, rtt: Duration::from_millis(rtt_ms) });
    let mut all: Vec<Vec<Phase>> = Vec::new();
    for run in 1..=runs {
        if runs > 1 {
            println!("run {run} of {runs}");
        }
        all.push(runtime.block_on(sync_bench(visits, observations, link, !no_compression)));
    }
    if runs > 1 {
        print_medians(&all);
    }
}

/// One phase of one run: its time, and that time as a ratio to the run's floor.
struct Phase {
    name: String,
    seconds: f64,
    ratio: f64,
}

fn print_medians(runs: &[Vec<Phase>]) {
    println!("medians of {} runs", runs.len());
    println!("{:<18} {:>9} {:>8} {:>14}", "phase", "seconds", "x floor", "x floor range");
    for (index, phase) in runs[0].iter().enumerate() {
        let median = |value: fn(&Phase) -> f64| {
            let mut values: Vec<f64> = runs.iter().map(|run| value(&run[index])).collect();
            values.sort_by(f64::total_cmp);
            (values[values.len() / 2], values[0], values[values.len() - 1])
        };
        let (seconds, _, _) = median(|p| p.seconds);
        let (ratio, lowest, highest) = median(|p| p.ratio);
        println!("{:<18} {:>9.3} {:>8.1} {:>7.1}–{:<6.1}", phase.name, seconds, ratio, lowest, highest);
    }
}

struct Device {
    store: Mutex<Store>,
    client: SyncClient,
    actor: Actor,
}

impl Device {
    async fn enrol(office: &SqliteStorage, url: &str, dir: &Path, name: &str, user_id: Uuid, role: Role) -> Device {
        let store = Mutex::new(Store::open(&dir.join(format!("{name}.db"))).expect("device store"));
        let code = office.enrolment_code(user_id, chrono::Duration::hours(1)).expect("enrolment code");
        let (client, _) = SyncClient::enrol(url, &code, &store, name).await.expect("enrol");
        Device { store, client, actor: Actor { user_id, role } }
    }

    fn compressing(mut self, compress: bool) -> Device {
        self.client = self.client.with_compression(compress);
        self
    }

    async fn sync(&self) -> SyncReport {
        self.client.sync(&self.store, &|_| {}).await.expect("sync")
    }
}

async fn sync_bench(visits: usize, observations: usize, link: Option<Link>, compress: bool) -> Vec<Phase> {
    let dir = tempfile::tempdir().expect("temp dir");
    let office = Arc::new(SqliteStorage::open(&dir.path().join("office")).expect("office"));
    // Reference data from the demo generator: places, checklists, teams and their people.
    let demo = vigil_demo::generate(&vigil_demo::DemoParams { visits: 0, ..Default::default() });
    office.add_records(&demo.records).expect("reference data");
    let users: Vec<&vigil_core::records::User> =
        demo.records.iter().filter_map(|r| if let Record::User(u) = r { Some(u) } else { None }).collect();
    let lead = users.iter().find(|u| u.role == Role::Lead).expect("a lead");
    let team_id = lead.team_ids[0];
    let colleague =
        users.iter().find(|u| u.role == Role::Inspector && u.team_ids.contains(&team_id)).expect("an inspector");
    let facility_id =
        demo.records.iter().find_map(|r| if let Record::Facility(f) = r { Some(f.id) } else { None }).expect("place");
    let template_id = demo
        .records
        .iter()
        .find_map(|r| if let Record::ChecklistTemplate(t) = r { Some(t.id) } else { None })
        .expect("template");

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let app = vigil_server::router(office.clone(), Limits::default())
        .into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    let url = match link {
        Some(link) => {
            println!(
                "over a {:.1} Mbit/s link with {} ms round trips; ops {}",
                link.bytes_per_second * 8.0 / 1e6,
                link.rtt.as_millis(),
                if compress { "compressed, as with an office across a network" } else { "uncompressed" }
            );
            link.start_proxy(address).await
        }
        None => format!("http://{address}"),
    };

    let author = Device::enrol(&office, &url, dir.path(), "author", lead.id, Role::Lead).await;
    let reader = Device::enrol(&office, &url, dir.path(), "reader", colleague.id, Role::Inspector).await;
    // The office is on loopback even behind the emulated link: say how ops travel.
    let (author, reader) = match link {
        Some(_) => (author.compressing(compress), reader.compressing(compress)),
        None => (author, reader),
    };
    author.sync().await;
    reader.sync().await;

    // Recorded offline: not timed.
    let records = field_work(visits, observations, team_id, facility_id, template_id);
    author.store.lock().expect("store").create_all(&author.actor, &records).expect("record");
    let floor = insert_floor(dir.path(), &records);
    println!(
        "{} records ({} visits x {} observations + the visits); SQLite floor: {:.3} s",
        records.len(),
        visits,
        observations,
        floor
    );
    println!(
        "{:<18} {:>9} {:>9} {:>12} {:>12} {:>8}",
        "phase", "seconds", "requests", "bytes sent", "bytes recv", "x floor"
    );

    let mut phases = Vec::new();
    let push = timed(|| author.sync()).await;
    phases.push(print_phase("push", push, floor));
    let pull = timed(|| reader.sync()).await;
    phases.push(print_phase("pull (fresh)", pull, floor));
    assert_eq!(pull.1.pulled, records.len(), "the reader got every record");
    let idle = timed(|| reader.sync()).await;
    phases.push(print_phase("idle sync", idle, floor));

    let edited: Vec<Uuid> = records
        .iter()
        .filter_map(|r| if let Record::Observation(o) = r { Some(o.id) } else { None })
        .step_by(100)
        .collect();
    {
        let mut store = author.store.lock().expect("store");
        for id in &edited {
            let changes = Map::from_iter([("severity".to_owned(), json!(Severity::Urgent))]);
            store.update(&author.actor, Entity::Observation, *id, changes).expect("edit");
        }
    }
    let edit = timed(|| author.sync()).await;
    phases.push(print_phase(&format!("1% edit ({})", edited.len()), edit, floor));
    let edit_pull = timed(|| reader.sync()).await;
    phases.push(print_phase("1% edit, pulled", edit_pull, floor));
    phases
}

/// A field link, emulated: bytes in each direction share the link's speed (every
/// connection together), and arrive half a round trip after they have gone out.
#[derive(Debug, Clone, Copy)]
struct Link {
    bytes_per_second: f64,
    rtt: Duration,
}

impl Link {
    /// A proxy on loopback in front of the office at `office`; answers its URL.
    async fn start_proxy(self, office: SocketAddr) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let url = format!("http://{}", listener.local_addr().expect("proxy address"));
        let (up, down) = (Arc::new(Mutex::new(Instant::now())), Arc::new(Mutex::new(Instant::now())));
        tokio::spawn(async move {
            while let Ok((device, _)) = listener.accept().await {
                let Ok(server) = TcpStream::connect(office).await else { continue };
                let ((device_read, device_write), (server_read, server_write)) =
                    (device.into_split(), server.into_split());
                tokio::spawn(self.carry(device_read, server_write, up.clone()));
                tokio::spawn(self.carry(server_read, device_write, down.clone()));
            }
        });
        url
    }

    /// Carries one direction of one connection: each chunk leaves when the link is free
    /// and arrives half a round trip later, without holding up the chunks behind it.
    async fn carry(self, mut from: OwnedReadHalf, mut to: OwnedWriteHalf, free_at: Arc<Mutex<Instant>>) {
        let (send, mut arrive) = tokio::sync::mpsc::unbounded_channel::<(Instant, Vec<u8>)>();
        let deliver = tokio::spawn(async move {
            while let Some((at, bytes)) = arrive.recv().await {
                tokio::time::sleep_until(at.into()).await;
                if to.write_all(&bytes).await.is_err() {
                    return;
                }
            }
        });
        let mut buffer = vec![0u8; 16 * 1024];
        while let Ok(n @ 1..) = from.read(&mut buffer).await {
            let sent = {
                let mut free = free_at.lock().expect("link");
                *free = (*free).max(Instant::now()) + Duration::from_secs_f64(n as f64 / self.bytes_per_second);
                *free
            };
            tokio::time::sleep_until(sent.into()).await;
            if send.send((sent + self.rtt / 2, buffer[..n].to_vec())).is_err() {
                break;
            }
        }
        drop(send);
        let _ = deliver.await;
    }
}

async fn timed<F: std::future::Future<Output = SyncReport>>(run: impl FnOnce() -> F) -> (f64, SyncReport) {
    let start = Instant::now();
    let report = run().await;
    (start.elapsed().as_secs_f64(), report)
}

fn print_phase(name: &str, (seconds, report): (f64, SyncReport), floor: f64) -> Phase {
    println!(
        "{:<18} {:>9.3} {:>9} {:>12} {:>12} {:>8.1}",
        name,
        seconds,
        report.requests,
        report.bytes_sent,
        report.bytes_received,
        seconds / floor
    );
    Phase { name: name.to_owned(), seconds, ratio: seconds / floor }
}

/// Visits in progress for one team, each with its findings.
fn field_work(visits: usize, observations: usize, team_id: Uuid, facility_id: Uuid, template_id: Uuid) -> Vec<Record> {
    let areas = Area::ALL;
    let mut records = Vec::with_capacity(visits * (observations + 1));
    for v in 0..visits {
        let visit = Visit {
            id: Uuid::now_v7(),
            facility_id,
            team_id,
            template_id,
            visit_type: VisitType::Regular,
            unannounced: true,
            status: VisitStatus::InProgress,
            planned_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 2).expect("date"),
            arrived_at: Some("2026-11-02T07:00:00Z".parse().expect("time")),
            access_granted_at: None,
            departed_at: None,
            theme: None,
            no_names: false,
            summary: format!("Visit {v}"),
        };
        let visit_id = visit.id;
        records.push(visit.into());
        for n in 0..observations {
            records.push(
                Observation {
                    id: Uuid::now_v7(),
                    visit_id,
                    area: areas[n % areas.len()],
                    severity: Severity::Medium,
                    text: format!(
                        "Finding {n} of visit {v}: cell {n} holds more people than beds, ventilation is poor"
                    ),
                    attachment_ids: vec![],
                    confidential: false,
                }
                .into(),
            );
        }
    }
    records
}

/// One transaction inserting the same rows into plain tables of a fresh file: the floor.
fn insert_floor(dir: &Path, records: &[Record]) -> f64 {
    let mut conn = Connection::open(dir.join("floor.db")).expect("floor db");
    conn.pragma_update(None, "journal_mode", "WAL").expect("wal");
    conn.pragma_update(None, "synchronous", "NORMAL").expect("sync");
    for entity in [Entity::Visit, Entity::Observation] {
        let columns: Vec<&str> = entity.fields().iter().map(|f| f.name).collect();
        conn.execute(&format!("CREATE TABLE {} (id TEXT PRIMARY KEY, {})", entity.as_str(), columns.join(", ")), [])
            .expect("create");
    }
    let start = Instant::now();
    let tx = conn.transaction().expect("tx");
    for record in records {
        let entity = record.entity();
        let fields = record.to_fields();
        let marks = vec!["?"; fields.len() + 1].join(", ");
        let names: Vec<&str> = fields.keys().map(String::as_str).collect();
        let sql = format!("INSERT INTO {} (id, {}) VALUES ({marks})", entity.as_str(), names.join(", "));
        let values = std::iter::once(Value::String(record.id().to_string())).chain(fields.into_values()).map(sql_value);
        tx.prepare_cached(&sql).expect("prepare").execute(params_from_iter(values)).expect("insert");
    }
    tx.commit().expect("commit");
    start.elapsed().as_secs_f64()
}

fn sql_value(value: Value) -> vigil_store::rusqlite::types::Value {
    use vigil_store::rusqlite::types::Value as Sql;
    match value {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(i64::from(b)),
        Value::Number(n) => n.as_i64().map_or_else(|| Sql::Real(n.as_f64().unwrap_or(0.0)), Sql::Integer),
        Value::String(s) => Sql::Text(s),
        other => Sql::Text(other.to_string()),
    }
}
