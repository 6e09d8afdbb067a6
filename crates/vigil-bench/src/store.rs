//! `vigil-bench store`: what the app reads from a device store of `--records` records
//! (the demo generator's NPM, grown to that size), each timed as the median of `--runs`
//! runs (five unless asked; more on a busy machine) after one to warm the caches: opening a visit, the places list, full-text search, the
//! dashboard, the recommendation tracker, and startup (opening the file: a new one runs
//! every migration, a full one checks them). The store is filled as a device that pulled
//! everything holds it (ops applied as pulled, a page at a time), which is not timed.

use std::path::Path;
use std::time::Instant;

use uuid::Uuid;
use vigil_core::{Entity, Hlc, Op, Record};
use vigil_store::{RecommendationFilter, Store};

/// The target of every figure at 100,000 records.
const TARGET_MS: f64 = 50.0;

pub fn run(records: usize, runs: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("device.db");
    let demo = demo_of(records);
    let today = vigil_demo::DemoParams::default().today;
    let filled = Instant::now();
    fill(&path, &demo);
    println!(
        "store of {} records ({} visits, {} places), filled in {:.1} s; target < {TARGET_MS} ms each at 100,000",
        demo.len(),
        count(&demo, Entity::Visit),
        count(&demo, Entity::Facility),
        filled.elapsed().as_secs_f64()
    );
    let store = Store::open(&path).expect("open");
    let visit = busiest_visit(&demo);
    println!("{:<34} {:>9} {:>9}   median of {runs} runs", "", "ms", "target");
    report(runs, "startup, a new file (migrations)", &mut || {
        let fresh = tempfile::tempdir().expect("temp dir");
        Store::open(&fresh.path().join("new.db")).map(drop)
    });
    report(runs, "startup, this store", &mut || Store::open(&path).map(drop));
    report(runs, "open a visit (its bundle)", &mut || store.visit_bundle(visit).map(drop));
    report(runs, "places list", &mut || store.places().map(drop));
    report(runs, "search \"ventilation\" (50 hits)", &mut || store.search("ventilation", 50).map(drop));
    report(runs, "search \"mattress cell\" (50 hits)", &mut || store.search("mattress cell", 50).map(drop));
    report(runs, "dashboard (this year)", &mut || store.dashboard(2026, today).map(drop));
    report(runs, "recommendation tracker (all)", &mut || {
        store.recommendation_tracker(&RecommendationFilter::default(), today).map(drop)
    });
}

/// The demo NPM with enough visits (and a place for every twenty) for about `records`.
pub fn demo_of(records: usize) -> Vec<Record> {
    let sample = vigil_demo::DemoParams { visits: 40, facilities: 24, ..Default::default() };
    let reference = vigil_demo::generate(&vigil_demo::DemoParams { visits: 0, ..sample.clone() }).records.len();
    let per_visit = (vigil_demo::generate(&sample).records.len() - reference) / sample.visits;
    let visits = records.saturating_sub(reference) / per_visit.max(1);
    vigil_demo::generate(&vigil_demo::DemoParams { visits, facilities: (visits / 20).max(24), ..sample }).records
}

/// Applies every record as a pulled create, a page of 1,000 at a time.
pub fn fill(path: &Path, records: &[Record]) {
    let mut store = Store::open(path).expect("store");
    let office = Uuid::now_v7();
    let start = u64::try_from(chrono::Utc::now().timestamp_millis()).unwrap_or(0) - 10_000_000_000;
    let ops: Vec<Op> = records
        .iter()
        .enumerate()
        .map(|(n, record)| {
            Op::create(record, office, n as u64 + 1, Hlc { millis: start + n as u64, counter: 0 }, office)
        })
        .collect();
    for (page, ops) in ops.chunks(1000).enumerate() {
        store.apply_remote(ops, Some(page as u64 + 1)).expect("apply");
    }
}

fn count(records: &[Record], entity: Entity) -> usize {
    records.iter().filter(|r| r.entity() == entity).count()
}

/// The visit with the most findings: the one a screen takes longest to open.
fn busiest_visit(records: &[Record]) -> Uuid {
    let mut findings = std::collections::HashMap::new();
    for record in records {
        if let Record::Observation(o) = record {
            *findings.entry(o.visit_id).or_insert(0) += 1;
        }
    }
    findings.into_iter().max_by_key(|(_, n)| *n).map(|(id, _)| id).expect("a visit with findings")
}

/// Times `work` `runs` times after a warm-up and prints the median against the target.
fn report(runs: usize, name: &str, work: &mut dyn FnMut() -> Result<(), vigil_store::StoreError>) {
    work().expect(name);
    let mut times: Vec<f64> = (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            work().expect(name);
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let verdict = if median < TARGET_MS { "met" } else { "missed" };
    println!("{name:<34} {median:>9.1} {verdict:>9}   {:.1}–{:.1}", times[0], times[times.len() - 1]);
}
