//! A soak until quiet (issue 13): three devices of one team record and edit one visit's
//! findings and sync all at once, round after round, through a proxy that, at random,
//! delays connections, drops them, cuts them mid-body either way, resets them or lets
//! them stall until the client gives up. Then the link heals and everyone syncs until
//! nothing moves. Every op made is at the office once, each device's ops are numbered
//! there without a gap, and the devices hold the same ops, records and conflicts as each
//! other and the office. It would catch an op lost or applied twice when an answer is cut,
//! a cursor moved past a page not stored, or a device wedged by a fault.
//!
//! `VIGIL_SOAK_RUNS` (default 2) runs of `VIGIL_SOAK_ROUNDS` (default 10) rounds; each run's
//! seed is printed, and `VIGIL_SOAK_SEED` replays the faults drawn (not the timing).

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use uuid::Uuid;
use vigil_core::Role;
use vigil_store::Store;
use vigil_tests::proxy::FaultyProxy;
use vigil_tests::{Device, Office};

use crate::world::reference_records;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|text| text.parse().ok()).unwrap_or(default)
}

#[test]
fn devices_converge_through_a_link_that_delays_drops_cuts_resets_and_stalls() {
    let runs = env_number("VIGIL_SOAK_RUNS", 2);
    let rounds = env_number("VIGIL_SOAK_ROUNDS", 10);
    let first_seed = env_number("VIGIL_SOAK_SEED", rand::random());
    let started = Instant::now();
    let mut totals = Totals::default();
    for run in 0..runs {
        let seed = first_seed.wrapping_add(run);
        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
        let figures = runtime.block_on(soak(seed, rounds));
        totals.syncs += figures.syncs;
        totals.failed += figures.failed;
        totals.ops += figures.ops;
    }
    println!(
        "soak: {runs} runs of {rounds} rounds from seed {first_seed}: {} syncs ({} failed on a fault), {} ops made, 0 \
         lost, 0 duplicated, converged, {:.1} s",
        totals.syncs,
        totals.failed,
        totals.ops,
        started.elapsed().as_secs_f64()
    );
}

#[derive(Debug, Default)]
struct Totals {
    syncs: usize,
    failed: usize,
    ops: usize,
}

async fn soak(seed: u64, rounds: u64) -> Totals {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let office = Office::start().await;
    let proxy = FaultyProxy::start(office.address).await;
    let dir = tempfile::tempdir().expect("devices dir");
    let team = office.team("Team A");
    let reference = reference_records();
    office.storage.add_records(&reference.records).expect("reference data");
    let mut devices = Vec::new();
    for (n, role) in [Role::Lead, Role::Inspector, Role::Inspector].into_iter().enumerate() {
        let user = office.user(&format!("Person {n}"), role, &[team]);
        let mut device = office.device_via(&proxy.url, user, role, dir.path(), &format!("device-{n}")).await;
        // A stalled request ends at the client's own timeout: short, so a soak is quick.
        device.client = device.client.with_request_timeout(Duration::from_secs(1)).expect("client");
        device.sync().await.expect("reference data");
        devices.push(device);
    }
    let visit = reference.visit(team);
    devices[0].store().create(&devices[0].actor, &visit.clone().into()).expect("plan");
    devices[0].sync().await.expect("share the visit");
    for device in &devices[1..] {
        device.sync().await.expect("receive the visit");
    }

    proxy.chaos(seed, 40);
    let mut figures = Totals::default();
    for _ in 0..rounds {
        for device in &devices {
            device.random_edits(visit.id, &mut rng, 8, 0.5);
        }
        let results = futures_join(&devices).await;
        figures.syncs += results.len();
        figures.failed += results.iter().filter(|failed| **failed).count();
    }

    // The link heals: everyone syncs until a whole round moves nothing.
    proxy.heal();
    for _ in 0..10 {
        let mut moved = 0;
        for device in &devices {
            let report = device.sync().await.unwrap_or_else(|err| panic!("seed {seed}: a sync on a good link: {err}"));
            moved += report.pushed + report.pulled;
        }
        if moved == 0 {
            break;
        }
    }
    figures.ops = check(&office, &devices).unwrap_or_else(|problem| panic!("seed {seed}: {problem}"));
    figures
}

/// Every device syncs at once; answers which syncs failed.
async fn futures_join(devices: &[Device]) -> Vec<bool> {
    let (a, b, c) = tokio::join!(devices[0].sync(), devices[1].sync(), devices[2].sync());
    vec![a.is_err(), b.is_err(), c.is_err()]
}

/// Answers how many ops the devices made, or the first thing wrong.
fn check(office: &Office, devices: &[Device]) -> Result<usize, String> {
    let central = Store::open_reader(&office.dir.path().join("central.db")).map_err(|err| err.to_string())?;
    let log = central.op_log().map_err(|err| err.to_string())?;
    let at_office: BTreeSet<Uuid> = log.iter().map(|op| op.op_id).collect();
    if at_office.len() != log.len() {
        return Err(format!("{} ops held twice at the office", log.len() - at_office.len()));
    }
    let mut seqs: BTreeMap<Uuid, Vec<u64>> = BTreeMap::new();
    for op in &log {
        seqs.entry(op.device_id).or_default().push(op.device_seq);
    }
    let mut made = 0;
    for device in devices {
        let store = device.store();
        if store.outbox_len().map_err(|err| err.to_string())? != 0 {
            return Err("a device still has ops waiting on a good link".into());
        }
        let me = store.device_id();
        let own: Vec<Uuid> = store
            .op_log()
            .map_err(|err| err.to_string())?
            .iter()
            .filter(|op| op.device_id == me)
            .map(|op| op.op_id)
            .collect();
        if let Some(lost) = own.iter().find(|id| !at_office.contains(id)) {
            return Err(format!("op {lost} never reached the office"));
        }
        let numbers = seqs.remove(&me).unwrap_or_default();
        if !numbers.iter().copied().eq(1..=own.len() as u64) {
            return Err(format!("the office holds a device's ops as {numbers:?}, not 1..={}", own.len()));
        }
        made += own.len();
    }
    let state = |store: &Store| -> Result<_, String> {
        let ids: BTreeSet<Uuid> = store.op_ids().map_err(|err| err.to_string())?.into_iter().collect();
        Ok((
            ids,
            store.snapshot_text().map_err(|err| err.to_string())?,
            store.conflicts().map_err(|err| err.to_string())?,
        ))
    };
    let first = state(&devices[0].store())?;
    for device in &devices[1..] {
        if state(&device.store())? != first {
            return Err("the devices did not converge on the same ops, records and conflicts".into());
        }
    }
    if office.storage.conflicts().map_err(|err| err.to_string())? != first.2 {
        return Err("the office's conflicts differ from the devices'".into());
    }
    Ok(made)
}
