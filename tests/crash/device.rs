//! A device killed in the middle of its edits. The child edits an encrypted store through
//! the real `Store` API (creates, several records in one transaction, edits, deletes, and
//! answered batches leaving the outbox, as a sync does) and prints each op's id once its
//! transaction has committed. The parent kills it with SIGKILL after a random delay
//! (sometimes while it is still opening the store), reopens the file with the key and
//! checks. It would catch an edit whose op is written in another transaction than its
//! record (a record without its op, an op missing from the outbox), an outbox acknowledged
//! apart from its range, a commit reported before it is durable, or a file a kill leaves
//! damaged.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Map, json};
use uuid::Uuid;
use vigil_core::protocol::{OpOutcome, OpResult};
use vigil_core::records::{Area, Observation, Team};
use vigil_core::{Entity, Record, Role};
use vigil_store::vault::{MasterKey, Vault};
use vigil_store::{Actor, Store};
use vigil_tests::records::{observation, reference_records};

const PASSPHRASE: &str = "crash test passphrase";

/// Kills `iterations` child processes; panics on the first loss or damage.
pub fn run(seed: u64, iterations: u64) {
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("device dir");
    let path = dir.path().join("device.db");
    let key = Vault::in_dir(dir.path()).create(PASSPHRASE).expect("vault");
    let (lead, visit_id) = prepare(&path, &key);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut reported_total = 0usize;
    let mut mid_run = 0u64;
    for iteration in 0..iterations {
        let env = [
            ("VIGIL_CRASH_STORE", path.display().to_string()),
            ("VIGIL_CRASH_KEY", hex::encode(key.secret_bytes())),
            ("VIGIL_CRASH_VISIT", visit_id.to_string()),
            ("VIGIL_CRASH_USER", lead.user_id.to_string()),
            ("VIGIL_CRASH_SEED", rng.random::<u64>().to_string()),
        ];
        let mut child = crate::child_process("device", &env).spawn().expect("start the device");
        let stdout = child.stdout.take().expect("piped");
        let reader = std::thread::spawn(move || reported_ops(stdout));
        std::thread::sleep(Duration::from_millis(rng.random_range(0..=250)));
        if let Some(status) = child.try_wait().expect("child status") {
            panic!("iteration {iteration}: the device process ended by itself ({status}) before the kill");
        }
        child.kill().expect("SIGKILL");
        child.wait().expect("reap");
        let reported = reader.join().expect("reader");
        mid_run += u64::from(!reported.is_empty());
        reported_total += reported.len();
        check(&path, &key, &reported).unwrap_or_else(|problem| panic!("seed {seed}, iteration {iteration}: {problem}"));
    }
    println!(
        "crash/device: {iterations} kills ({mid_run} after the child had committed), {reported_total} reported \
         commits, 0 lost, integrity ok every time, {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

/// A store with a team, a place, its checklist and a visit in progress to record findings on.
fn prepare(path: &Path, key: &MasterKey) -> (Actor, Uuid) {
    let mut store = Store::open_encrypted(path, key).expect("new store");
    let admin = Actor { user_id: Uuid::now_v7(), role: Role::Admin };
    let lead = Actor { user_id: Uuid::now_v7(), role: Role::Lead };
    let team = Team { id: Uuid::now_v7(), name: "Team North".into(), region: "Northern District".into() };
    let reference = reference_records();
    store.create(&admin, &team.clone().into()).expect("team");
    for record in &reference.records {
        store.create(&admin, record).expect("reference data");
    }
    let visit = reference.visit(team.id);
    store.create(&lead, &visit.clone().into()).expect("visit");
    (lead, visit.id)
}

/// The op ids a child printed, each on its own line; a line cut by the kill is no report.
fn reported_ops(stdout: std::process::ChildStdout) -> Vec<Uuid> {
    BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .filter_map(|line| line.strip_prefix("op ").and_then(|id| id.parse().ok()))
        .collect()
}

/// After a kill: the file is whole, every reported commit is in it, every finding has the
/// op that made it, and the device's own ops run 1..=n with the outbox their unbroken tail.
fn check(path: &Path, key: &MasterKey, reported: &[Uuid]) -> Result<(), String> {
    let store = Store::open_encrypted(path, key).map_err(|err| format!("reopening: {err}"))?;
    let integrity = store.integrity_check().map_err(|err| err.to_string())?;
    if integrity != "ok" {
        return Err(format!("integrity_check: {integrity}"));
    }
    let held: HashSet<Uuid> = store.op_ids().map_err(|err| err.to_string())?.into_iter().collect();
    let lost: Vec<&Uuid> = reported.iter().filter(|id| !held.contains(id)).collect();
    if !lost.is_empty() {
        return Err(format!("{} reported commits lost, first {}", lost.len(), lost[0]));
    }
    let log = store.op_log().map_err(|err| err.to_string())?;
    let edited: HashSet<Uuid> = log.iter().map(|op| op.entity_id).collect();
    let findings = store.all::<Observation>(Entity::Observation).map_err(|err| err.to_string())?;
    if let Some(orphan) = findings.iter().find(|finding| !edited.contains(&finding.id)) {
        return Err(format!("finding {} is stored without the op that made it", orphan.id));
    }
    let me = store.device_id();
    let own: Vec<u64> = log.iter().filter(|op| op.device_id == me).map(|op| op.device_seq).collect();
    let n = own.len() as u64;
    if !own.iter().copied().eq(1..=n) {
        return Err(format!("the device's ops are not numbered 1..={n} without a gap: {own:?}"));
    }
    let outbox: Vec<u64> =
        store.outbox(usize::MAX).map_err(|err| err.to_string())?.iter().map(|op| op.device_seq).collect();
    let first = n + 1 - outbox.len() as u64;
    if !outbox.iter().copied().eq(first..=n) {
        return Err(format!("the outbox is not the unbroken tail {first}..={n} of the log: {outbox:?}"));
    }
    Ok(())
}

/// The child: edits until killed, printing `op ID` for each op once it is committed.
pub fn child() {
    let var = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"));
    let path = PathBuf::from(var("VIGIL_CRASH_STORE"));
    let bytes: [u8; 32] = hex::decode(var("VIGIL_CRASH_KEY")).expect("hex key").try_into().expect("32 bytes");
    let key = MasterKey::from_secret_bytes(zeroize::Zeroizing::new(bytes));
    let visit_id: Uuid = var("VIGIL_CRASH_VISIT").parse().expect("visit id");
    let lead = Actor { user_id: var("VIGIL_CRASH_USER").parse().expect("user id"), role: Role::Lead };
    let mut rng = ChaCha8Rng::seed_from_u64(var("VIGIL_CRASH_SEED").parse().expect("seed"));
    let mut store = Store::open_encrypted(&path, &key).expect("open the store");
    let mut findings: Vec<Uuid> =
        store.all::<Observation>(Entity::Observation).expect("findings").into_iter().map(|f| f.id).collect();
    let mut out = std::io::stdout().lock();
    loop {
        let ops = match rng.random_range(0..10) {
            0..=3 => vec![store.create(&lead, &finding(visit_id, &mut rng)).expect("create")],
            4 => {
                let many: Vec<Record> = (0..rng.random_range(2..6)).map(|_| finding(visit_id, &mut rng)).collect();
                store.create_all(&lead, &many).expect("create several")
            }
            5..=7 if !findings.is_empty() => {
                let id = findings[rng.random_range(0..findings.len())];
                let text = Map::from_iter([("text".to_owned(), json!(format!("edited {}", rng.random::<u32>())))]);
                store.update(&lead, Entity::Observation, id, text).expect("edit").into_iter().collect()
            }
            8 if !findings.is_empty() => {
                let id = findings.swap_remove(rng.random_range(0..findings.len()));
                store.delete(&lead, Entity::Observation, id).expect("delete").into_iter().collect()
            }
            _ => {
                answer_batch(&mut store, rng.random_range(1..30));
                Vec::new()
            }
        };
        for op in ops {
            if op.patch.contains_key("visit_id") {
                findings.push(op.entity_id);
            }
            // Printed only now that the transaction has committed; the parent holds the
            // store to every line it reads.
            writeln!(out, "op {}", op.op_id).expect("report");
            out.flush().expect("flush");
        }
    }
}

/// The oldest `n` ops of the outbox, answered as the office answers a push.
fn answer_batch(store: &mut Store, n: usize) {
    let batch = store.outbox_json(0, n).expect("outbox");
    let results: Vec<OpResult> =
        batch.iter().map(|op| OpResult { op_id: op.op_id, outcome: OpOutcome::Accepted { seq: 1 } }).collect();
    store.acknowledge_batch(&batch, &results).expect("acknowledge");
}

fn finding(visit_id: Uuid, rng: &mut ChaCha8Rng) -> Record {
    let mut finding = observation(visit_id, &format!("finding {}", rng.random::<u32>()));
    finding.area = Area::ALL[rng.random_range(0..Area::ALL.len())];
    finding.into()
}
