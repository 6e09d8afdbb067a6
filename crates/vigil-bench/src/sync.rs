//! `vigil-bench sync`: the cost of sync over loopback against the real central office.
//! With `--link-mbit`, the device reaches the office through a loopback proxy that paces
//! bytes to that speed and delays them by `--rtt-ms`: a field link.
//!
//! A device of one team records `visits` visits with `observations` findings each, then
//! pushes them; a fresh device of the same team pulls them; an idle sync follows; then 1%
//! of the findings are edited and synced. Each phase prints seconds, HTTP requests and
//! body bytes, and its time as a ratio to the floor ([`crate::floor`]): the same rows
//! inserted in one transaction into a fresh plain SQLite file with the device's schema and
//! read back. Target (issue 13): push and pull each at most 3x that floor.

use std::time::Instant;

use serde_json::{Map, json};
use uuid::Uuid;
use vigil_core::records::Severity;
use vigil_core::{Entity, Record, Role};
use vigil_server::api::Limits;
use vigil_sync::SyncReport;

use crate::fieldwork::{self, Site};
use crate::link::Link;
use crate::office::{Device, Office};

/// Push and pull of the records, each, at most this many times the SQLite floor.
const TARGET_RATIO: f64 = 3.0;

/// Runs the scenario `runs` times, each on a fresh office and devices, and ends with each
/// phase's median when there are several.
pub async fn run(visits: usize, observations: usize, link: Option<Link>, compress: bool, runs: usize) {
    let mut all: Vec<Vec<Phase>> = Vec::new();
    for run in 1..=runs {
        if runs > 1 {
            println!("run {run} of {runs}");
        }
        all.push(sync_bench(visits, observations, link, compress).await);
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
        // Push and pull come first, the phases the target is for.
        let verdict = match (index < 2, ratio <= TARGET_RATIO) {
            (false, _) => "",
            (true, true) => "met",
            (true, false) => "missed",
        };
        println!("{:<18} {:>9.3} {:>8.1} {:>7.1}–{:<6.1} {verdict}", phase.name, seconds, ratio, lowest, highest);
    }
}

async fn sync_bench(visits: usize, observations: usize, link: Option<Link>, compress: bool) -> Vec<Phase> {
    let dir = tempfile::tempdir().expect("temp dir");
    let office = Office::open(dir.path());
    let lead = office.users().find(|u| u.role == Role::Lead).expect("a lead");
    let team_id = lead.team_ids[0];
    let colleague =
        office.users().find(|u| u.role == Role::Inspector && u.team_ids.contains(&team_id)).expect("an inspector");
    let site = Site {
        team_id,
        facility_id: office.first(|r| if let Record::Facility(f) = r { Some(f.id) } else { None }),
        template_id: office.first(|r| if let Record::ChecklistTemplate(t) = r { Some(t.id) } else { None }),
    };
    let (lead, colleague) = ((lead.id, lead.role), (colleague.id, colleague.role));
    let address = Office::serve(vigil_server::router(office.storage.clone(), Limits::default())).await;
    let url = match link {
        Some(link) => {
            println!(
                "over a {:.1} Mbit/s link with {} ms round trips; ops {}",
                link.bytes_per_second * 8.0 / 1e6,
                link.rtt.as_millis(),
                if compress { "compressed, as with an office across a network" } else { "uncompressed" }
            );
            link.start_proxy(address).await.0
        }
        None => format!("http://{address}"),
    };

    let author = Device::enrol(&office.storage, &url, dir.path(), "author", lead.0, lead.1).await;
    let reader = Device::enrol(&office.storage, &url, dir.path(), "reader", colleague.0, colleague.1).await;
    // The office is on loopback even behind the emulated link: say how ops travel.
    let (author, reader) = match link {
        Some(_) => (author.compressing(compress), reader.compressing(compress)),
        None => (author, reader),
    };
    author.sync().await;
    reader.sync().await;

    // Recorded offline: not timed.
    let records = fieldwork::visits(site, visits, observations);
    author.store.lock().expect("store").create_all(&author.actor, &records).expect("record");
    let measured = crate::floor::measure(dir.path(), &office.reference, &records);
    let floor = measured.seconds();
    println!(
        "{} records ({} visits x {} observations + the visits); SQLite floor (device schema): {:.3} s \
         (insert {:.3} s + read back {:.3} s); bare insert, the floor of earlier figures: {:.3} s",
        records.len(),
        visits,
        observations,
        floor,
        measured.insert,
        measured.read_back,
        crate::floor::bare_insert(dir.path(), &records),
    );
    println!("target: push and pull each ≤ {TARGET_RATIO}x the floor");
    println!(
        "{:<18} {:>9} {:>9} {:>12} {:>12} {:>8}",
        "phase", "seconds", "requests", "bytes sent", "bytes recv", "x floor"
    );

    let mut phases = Vec::new();
    let push = timed(|| author.sync()).await;
    phases.push(print_phase("push", push, floor));
    let pull = timed(|| reader.sync()).await;
    phases.push(print_phase("pull (fresh)", pull, floor));
    for phase in &phases {
        let verdict = if phase.ratio <= TARGET_RATIO { "met" } else { "missed" };
        println!("  {}: {:.1}x the floor, target ≤ {TARGET_RATIO}x {verdict}", phase.name, phase.ratio);
    }
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
