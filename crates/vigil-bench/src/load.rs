//! `vigil-bench load`: many devices syncing at once against one real office on loopback.
//!
//! The office holds the demo's reference data and one team of `--team-size` leads per
//! group of devices. Each device enrols (its own user) and takes the reference data; then
//! all start together and each syncs `--rounds` times back to back: two rounds in three it
//! first records a visit with 10 to 40 findings (a realistic push batch), the third it only
//! pulls its team-mates' work; one device in four adds a photo to its first visit, which
//! its team-mates then download. The office times every request it answers (a layer
//! around its router, by kind); devices time each sync. Printed: throughput, p50/p95/p99
//! and errors. `--find-ceiling` doubles the devices from 1 until the office's p99 passes
//! 500 ms, then narrows the step, and prints the ceiling.
//!
//! Devices and office share this machine's cores, so the ceiling is a floor for an office
//! on a machine of its own. Devices sync back to back (no pause between syncs): N devices
//! here stand for a much larger fleet whose syncs overlap N at a time.

mod stats;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

use uuid::Uuid;
use vigil_core::records::{Attachment, Team, User};
use vigil_core::{Record, Role};
use vigil_server::SqliteStorage;
use vigil_server::api::Limits;

use self::stats::{Stats, Summary};
use crate::fieldwork::{self, Site};
use crate::office::{Device, Office};

/// The office's latency the ceiling is judged by.
const P99_CEILING_MS: f64 = 500.0;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Devices syncing at once.
    #[arg(long, default_value_t = 16)]
    devices: usize,
    /// Syncs per device.
    #[arg(long, default_value_t = 6)]
    rounds: usize,
    /// Devices per team: a device pulls its team-mates' work.
    #[arg(long, default_value_t = 4)]
    team_size: usize,
    /// The size of each photo, in KiB.
    #[arg(long, default_value_t = 256)]
    photo_kib: usize,
    /// Step the devices up (1, 2, 4…) until the office's p99 passes 500 ms; `--devices`
    /// is then the most tried.
    #[arg(long)]
    find_ceiling: bool,
}

pub async fn run(args: Args) {
    if !args.find_ceiling {
        let summary = load(&args, args.devices).await;
        summary.print();
        return;
    }
    let mut tried: Vec<(usize, Summary)> = Vec::new();
    let (mut below, mut above) = (0, None);
    let mut devices = 1;
    while devices <= args.devices {
        let summary = load(&args, devices).await;
        summary.print();
        let passes = summary.office_p99_ms() > P99_CEILING_MS;
        tried.push((devices, summary));
        if passes {
            above = Some(devices);
            break;
        }
        below = devices;
        devices *= 2;
    }
    // Narrow the last doubling twice: the ceiling lies between the last two tried.
    if let Some(mut high) = above {
        for _ in 0..2 {
            let middle = (below + high) / 2;
            if middle <= below {
                break;
            }
            let summary = load(&args, middle).await;
            summary.print();
            if summary.office_p99_ms() > P99_CEILING_MS {
                high = middle;
            } else {
                below = middle;
            }
            tried.push((middle, summary));
        }
    }
    tried.sort_by_key(|(devices, _)| *devices);
    println!("\n{:>8} {:>10} {:>10} {:>10} {:>8}", "devices", "req/s", "p99 ms", "sync p99", "errors");
    for (devices, summary) in &tried {
        println!(
            "{devices:>8} {:>10.1} {:>10.1} {:>10.1} {:>8}",
            summary.requests_per_second(),
            summary.office_p99_ms(),
            summary.sync_p99_ms(),
            summary.errors
        );
    }
    match above {
        Some(_) => println!("ceiling: {below} devices syncing at once (p99 ≤ {P99_CEILING_MS} ms); more pass it"),
        None => println!("no ceiling up to {} devices: p99 stayed ≤ {P99_CEILING_MS} ms", args.devices),
    }
}

/// One run with `devices` devices on a fresh office.
async fn load(args: &Args, devices: usize) -> Summary {
    let dir = tempfile::tempdir().expect("temp dir");
    let office = Office::open(dir.path());
    let facility_id = office.first(|r| if let Record::Facility(f) = r { Some(f.id) } else { None });
    let template_id = office.first(|r| if let Record::ChecklistTemplate(t) = r { Some(t.id) } else { None });
    let (sites, users) = teams(devices, args.team_size.max(1), facility_id, template_id);
    office.storage.add_records(&users).expect("teams and users");

    let stats = Arc::new(Stats::default());
    let app = stats::timed(vigil_server::router(office.storage.clone(), every_device_enrols()), stats.clone());
    let url = format!("http://{}", Office::serve(app).await);
    let enrolled = enrol_all(&office.storage, &url, dir.path(), &users, &sites).await;

    stats.recording.store(true, Ordering::SeqCst);
    let started = Instant::now();
    let start = Arc::new(tokio::sync::Barrier::new(enrolled.len()));
    let mut syncing = tokio::task::JoinSet::new();
    for (index, (device, site)) in enrolled.into_iter().enumerate() {
        let (stats, start, rounds, photo_bytes) = (stats.clone(), start.clone(), args.rounds, args.photo_kib * 1024);
        syncing.spawn(async move {
            start.wait().await;
            for round in 0..rounds {
                record_work(&device, site, index, round, photo_bytes);
                let began = Instant::now();
                let outcome = device.client.sync(&device.store, &|_| {}).await;
                stats.synced(began.elapsed(), outcome.map_err(|err| err.to_string()));
            }
        });
    }
    while syncing.join_next().await.is_some() {}
    stats.recording.store(false, Ordering::SeqCst);
    stats.summary(devices, started.elapsed())
}

/// The office's own limits, but for enrolment by address: every device here enrols from
/// 127.0.0.1, where the budget is for a team behind one router.
fn every_device_enrols() -> Limits {
    let many = std::num::NonZeroU32::new(1_000_000).unwrap_or(std::num::NonZeroU32::MIN);
    Limits { enrolments_per_minute: many, enrolment_burst: many, ..Limits::default() }
}

/// One team per `team_size` devices, each device a lead of its own: the sites they visit
/// and the records the office adds for them (teams, then users).
fn teams(devices: usize, team_size: usize, facility_id: Uuid, template_id: Uuid) -> (Vec<Site>, Vec<Record>) {
    let teams: Vec<Team> = (0..devices.div_ceil(team_size))
        .map(|n| Team { id: Uuid::now_v7(), name: format!("Load team {n}"), region: "Load".to_owned() })
        .collect();
    let sites = teams.iter().map(|team| Site { team_id: team.id, facility_id, template_id }).collect();
    let users = (0..devices).map(|n| {
        Record::from(User {
            id: Uuid::now_v7(),
            name: format!("Load device {n}"),
            email: format!("load-{n}@example.org"),
            role: Role::Lead,
            team_ids: vec![teams[n / team_size].id],
            profession: "lawyer".to_owned(),
        })
    });
    let records = teams.iter().cloned().map(Record::from).chain(users).collect();
    (sites, records)
}

/// Enrols a device per user, all at once, and gives each the reference data (not timed).
async fn enrol_all(
    office: &Arc<SqliteStorage>,
    url: &str,
    dir: &Path,
    users: &[Record],
    sites: &[Site],
) -> Vec<(Arc<Device>, Site)> {
    let users: Vec<(Uuid, Site)> = users
        .iter()
        .filter_map(|r| if let Record::User(u) = r { Some(u) } else { None })
        .map(|user| {
            let site = sites.iter().find(|s| user.team_ids.contains(&s.team_id)).copied().expect("the user's team");
            (user.id, site)
        })
        .collect();
    let mut enrolling = tokio::task::JoinSet::new();
    for (n, (user_id, site)) in users.into_iter().enumerate() {
        let (office, url, dir): (Arc<SqliteStorage>, String, PathBuf) =
            (office.clone(), url.to_owned(), dir.to_owned());
        enrolling.spawn(async move {
            let device = Device::enrol(&office, &url, &dir, &format!("device-{n}"), user_id, Role::Lead).await;
            device.sync().await;
            (n, Arc::new(device), site)
        });
    }
    let mut devices = enrolling.join_all().await;
    devices.sort_by_key(|(n, _, _)| *n);
    devices.into_iter().map(|(_, device, site)| (device, site)).collect()
}

/// What a device records before a sync: a visit with its findings two rounds in three, a
/// photo with the first visit of one device in four; nothing in the third (a pull only).
fn record_work(device: &Device, site: Site, index: usize, round: usize, photo_bytes: usize) {
    if round % 3 == 2 {
        return;
    }
    let findings = 10 + (index * 7 + round * 13) % 31;
    let mut records = fieldwork::visit(site, round, findings);
    let mut store = device.store.lock().expect("store");
    if round == 0 && index.is_multiple_of(4) {
        let bytes = photo(index, photo_bytes);
        let sha256 = store.add_blob(&bytes).expect("keep photo");
        let visit_id = records[0].id();
        let picture = Attachment {
            id: Uuid::now_v7(),
            visit_id,
            sha256,
            mime: "image/jpeg".to_owned(),
            size: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
            file_name: format!("cell-{index}.jpg"),
        };
        if let Some(Record::Observation(first)) = records.get_mut(1) {
            first.attachment_ids = vec![picture.id];
        }
        records.insert(1, picture.into());
    }
    store.create_all(&device.actor, &records).expect("record");
}

/// Bytes as incompressible as a photo's, different for every device.
pub fn photo(seed: usize, len: usize) -> Vec<u8> {
    let mut state = (seed as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}
