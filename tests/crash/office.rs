//! The office killed during syncs. It runs as a child process on a fixed loopback port;
//! three devices of one team record findings and sync all at once, and the parent kills
//! the office with SIGKILL after a random delay, while batches are being applied and
//! pages read, then starts it again on the same files and port. The devices simply sync
//! again. At the end every op a device made is at the office exactly once, each device's
//! ops are numbered there without a gap, the file is whole, and the three devices hold
//! the same ops and the same records. It would catch a push answered before its
//! transaction commits, an op applied twice after a replay, a pull cursor moved past
//! changes a device never stored, or a device wedged by an answer it never received.

use std::collections::{BTreeMap, BTreeSet};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Child;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use uuid::Uuid;
use vigil_core::records::{Team, User};
use vigil_core::{Entity, Role};
use vigil_server::SqliteStorage;
use vigil_server::api::Limits;
use vigil_store::{Actor, Store};
use vigil_sync::SyncClient;
use vigil_tests::Device;
use vigil_tests::records::reference_records;

/// The office in a child process, on `address`, over the files in `dir`.
struct OfficeProcess {
    child: Child,
}

impl OfficeProcess {
    fn start(dir: &Path, address: SocketAddr) -> OfficeProcess {
        let env =
            [("VIGIL_CRASH_OFFICE_DIR", dir.display().to_string()), ("VIGIL_CRASH_OFFICE_ADDR", address.to_string())];
        let child = crate::child_process("office", &env).spawn().expect("start the office");
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(address).is_err() {
            assert!(Instant::now() < deadline, "the office did not start listening on {address}");
            std::thread::sleep(Duration::from_millis(5));
        }
        OfficeProcess { child }
    }

    fn kill(self) {}
}

/// Killed when dropped, a failing test's office included.
impl Drop for OfficeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Kills the office `kills` times during syncs; panics on the first loss or duplicate.
pub fn run(seed: u64, kills: u64) {
    let started = Instant::now();
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let office_dir = tempfile::tempdir().expect("office dir");
    let devices_dir = tempfile::tempdir().expect("devices dir");
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x0ff1ce);
    let (people, codes) = prepare_office(office_dir.path());
    let address = free_loopback_address();
    let url = format!("http://{address}");
    let mut office = OfficeProcess::start(office_dir.path(), address);

    let devices: Vec<Arc<Device>> = runtime.block_on(async {
        let mut devices = Vec::new();
        for (n, ((user_id, role), code)) in people.iter().zip(&codes).enumerate() {
            let path = devices_dir.path().join(format!("device-{n}.db"));
            let store = Mutex::new(Store::open(&path).expect("device store"));
            let (client, _) = SyncClient::enrol(&url, code, &store, &format!("device {n}")).await.expect("enrol");
            devices.push(Arc::new(Device { store, client, path, actor: Actor { user_id: *user_id, role: *role } }));
        }
        for device in &devices {
            device.sync().await.expect("reference data");
        }
        devices
    });
    let visit_id = {
        let lead = &devices[0];
        let team_id = lead.store().all::<Team>(Entity::Team).expect("teams")[0].id;
        let (facility_id, template_id) = held_reference(&lead.store());
        let visit = vigil_tests::records::Reference { facility_id, template_id, records: vec![] }.visit(team_id);
        lead.store().create(&lead.actor, &visit.clone().into()).expect("visit");
        visit.id
    };
    runtime.block_on(async {
        for device in &devices {
            device.sync().await.expect("share the visit");
        }
    });

    // Each round, every device records and syncs over and over, so the kill finds the
    // office in the middle of pushes and pulls; a failed sync is simply tried again.
    let (mut synced, mut failed) = (0usize, 0usize);
    for _ in 0..kills {
        let stop = Arc::new(AtomicBool::new(false));
        let syncing: Vec<_> = devices
            .iter()
            .map(|device| {
                let (device, stop) = (device.clone(), stop.clone());
                let mut rng = ChaCha8Rng::seed_from_u64(rng.random());
                runtime.spawn(async move {
                    let (mut synced, mut failed) = (0, 0);
                    while !stop.load(Ordering::Relaxed) {
                        device.random_edits(visit_id, &mut rng, 12, 0.6);
                        match device.sync().await {
                            Ok(_) => synced += 1,
                            Err(_) => {
                                failed += 1;
                                tokio::time::sleep(Duration::from_millis(20)).await;
                            }
                        }
                    }
                    (synced, failed)
                })
            })
            .collect();
        std::thread::sleep(Duration::from_millis(rng.random_range(30..=400)));
        office.kill();
        std::thread::sleep(Duration::from_millis(50));
        stop.store(true, Ordering::Relaxed);
        for task in syncing {
            let (ok, cut) = runtime.block_on(task).expect("device task");
            (synced, failed) = (synced + ok, failed + cut);
        }
        office = OfficeProcess::start(office_dir.path(), address);
    }

    // Back on a steady office: every device syncs until nothing moves (a first sync may
    // meet a pooled connection to the killed office).
    runtime.block_on(async {
        for _ in 0..4 {
            for device in &devices {
                let _ = device.sync().await;
            }
        }
        for device in &devices {
            device.sync().await.expect("sync with a steady office");
        }
    });
    office.kill();
    check(office_dir.path(), &devices).unwrap_or_else(|problem| panic!("seed {seed}: {problem}"));
    let made: usize = devices.iter().map(|d| own_ops(&d.store()).len()).sum();
    println!(
        "crash/office: {kills} kills during syncs of {} devices ({synced} syncs whole, {failed} failed or cut), {made} \
         ops made, 0 lost, 0 duplicated, converged, {:.1} s",
        devices.len(),
        started.elapsed().as_secs_f64()
    );
}

/// The office's files with one team, its lead and two inspectors, a place and its
/// checklist; answers each person and an enrolment code for their device.
fn prepare_office(dir: &Path) -> (Vec<(Uuid, Role)>, Vec<String>) {
    let storage = SqliteStorage::open(dir).expect("office files");
    let team = Team { id: Uuid::now_v7(), name: "Team A".into(), region: "Northern District".into() };
    storage.add_records(&[team.clone().into()]).expect("team");
    storage.add_records(&reference_records().records).expect("reference data");
    let people: Vec<(Uuid, Role)> =
        [("Lena Lead", Role::Lead), ("Ivo Inspector", Role::Inspector), ("Ina Inspector", Role::Inspector)]
            .into_iter()
            .map(|(name, role)| {
                let user = User {
                    id: Uuid::now_v7(),
                    name: name.into(),
                    email: format!("{}@npm.example", name.to_lowercase().replace(' ', ".")),
                    role,
                    team_ids: vec![team.id],
                    profession: "lawyer".into(),
                };
                storage.add_records(&[user.clone().into()]).expect("user");
                (user.id, role)
            })
            .collect();
    let codes = people
        .iter()
        .map(|(user_id, _)| storage.enrolment_code(*user_id, chrono::Duration::hours(1)).expect("code"))
        .collect();
    (people, codes)
}

fn held_reference(store: &Store) -> (Uuid, Uuid) {
    let facility = store.all::<vigil_core::records::Facility>(Entity::Facility).expect("places")[0].id;
    let template =
        store.all::<vigil_core::records::ChecklistTemplate>(Entity::ChecklistTemplate).expect("checklists")[0].id;
    (facility, template)
}

/// A port nobody listens on now, for the office to come back to after each kill.
fn free_loopback_address() -> SocketAddr {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("probe");
    probe.local_addr().expect("address")
}

fn own_ops(store: &Store) -> Vec<vigil_core::Op> {
    let me = store.device_id();
    store.op_log().expect("log").into_iter().filter(|op| op.device_id == me).collect()
}

fn check(office_dir: &Path, devices: &[Arc<Device>]) -> Result<(), String> {
    // Opened as the office opens it after a crash.
    drop(SqliteStorage::open(office_dir).map_err(|err| format!("reopening the office: {err}"))?);
    let office = Store::open_reader(&office_dir.join("central.db")).map_err(|err| err.to_string())?;
    let integrity = office.integrity_check().map_err(|err| err.to_string())?;
    if integrity != "ok" {
        return Err(format!("the office's integrity_check: {integrity}"));
    }
    let log = office.op_log().map_err(|err| err.to_string())?;
    let ids: BTreeSet<Uuid> = log.iter().map(|op| op.op_id).collect();
    if ids.len() != log.len() {
        return Err(format!("{} ops held twice at the office", log.len() - ids.len()));
    }
    let mut seqs: BTreeMap<Uuid, Vec<u64>> = BTreeMap::new();
    for op in &log {
        seqs.entry(op.device_id).or_default().push(op.device_seq);
    }
    for device in devices {
        let store = device.store();
        let own = own_ops(&store);
        if store.outbox_len().map_err(|err| err.to_string())? != 0 {
            return Err("a device still has ops waiting".into());
        }
        if let Some(lost) = own.iter().find(|op| !ids.contains(&op.op_id)) {
            return Err(format!("op {} of device {} never reached the office", lost.op_id, lost.device_id));
        }
        let at_office = seqs.remove(&store.device_id()).unwrap_or_default();
        if !at_office.iter().copied().eq(1..=own.len() as u64) {
            return Err(format!("the office holds a device's ops as {at_office:?}, not 1..={}", own.len()));
        }
    }
    let held = |device: &Device| -> Result<(BTreeSet<Uuid>, String), String> {
        let store = device.store();
        let ids = store.op_ids().map_err(|err| err.to_string())?.into_iter().collect();
        Ok((ids, store.snapshot_text().map_err(|err| err.to_string())?))
    };
    let first = held(&devices[0])?;
    for device in &devices[1..] {
        if held(device)? != first {
            return Err("the devices did not converge on the same ops and records".into());
        }
    }
    Ok(())
}

/// The child: serves the office on the given address until killed.
pub fn child() {
    let var = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"));
    let dir = PathBuf::from(var("VIGIL_CRASH_OFFICE_DIR"));
    let address: SocketAddr = var("VIGIL_CRASH_OFFICE_ADDR").parse().expect("address");
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    runtime.block_on(async {
        let storage = Arc::new(SqliteStorage::open(&dir).expect("open the office"));
        // The port of the office killed a moment ago may still have connections closing.
        let socket = tokio::net::TcpSocket::new_v4().expect("socket");
        socket.set_reuseaddr(true).expect("reuse the address");
        socket.bind(address).expect("bind the office's port");
        let listener = socket.listen(128).expect("listen");
        let app = vigil_server::router(storage, Limits::default()).into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(listener, app).await.expect("serve");
    });
}
