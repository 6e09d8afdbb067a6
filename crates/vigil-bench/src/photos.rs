//! `vigil-bench photos`: a visit with `--photos` photos of `--photo-mb` MB each goes up over
//! an emulated field link (`--link-mbit`, `--rtt-ms`) that cuts `--cut-percent` of the
//! requests' connections under way (see [`crate::link`]). The device syncs again after
//! each failed sync, as the app does, until one completes. It must: complete; resume (each
//! photo from the office's offset, not from its first byte); and send again at most one
//! chunk per cut — a chunk begun again at an offset already begun is one sent again.
//! Then a team-mate's device, straight on the office, downloads every photo and checks
//! its bytes.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use uuid::Uuid;
use vigil_core::records::Attachment;
use vigil_core::{Record, Role};
use vigil_server::api::Limits;

use crate::fieldwork::{self, Site};
use crate::link::Link;
use crate::office::{Device, Office};

pub async fn run(photos: usize, photo_mb: f64, link: Link) {
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
    let address = Office::serve(vigil_server::router(office.storage.clone(), Limits::default())).await;
    let (url, log) = link.start_proxy(address).await;
    let camera = Device::enrol(&office.storage, &url, dir.path(), "camera", lead.id, lead.role).await.compressing(true);
    camera.sync().await;

    let bytes_each = (photo_mb * 1e6) as usize;
    let hashes = record_visit(&camera, site, photos, bytes_each);
    let total = (photos * bytes_each) as f64;
    println!(
        "{photos} photos of {photo_mb} MB ({:.1} MB) over a {:.2} Mbit/s link, {} ms round trips, {:.0}% of requests cut",
        total / 1e6,
        link.bytes_per_second * 8.0 / 1e6,
        link.rtt.as_millis(),
        link.cut_chance * 100.0
    );

    log.cut(true);
    let started = Instant::now();
    let shown = AtomicU64::new(0);
    let progress = |progress: vigil_sync::Progress| {
        if let vigil_sync::Progress::Uploading { sent_bytes, total_bytes } = progress {
            let tenth = sent_bytes * 10 / total_bytes.max(1);
            if tenth > shown.swap(tenth, Ordering::Relaxed) {
                println!(
                    "  {:>5.1} of {:.1} MB at {:>7.1} s ({} cuts so far)",
                    sent_bytes as f64 / 1e6,
                    total_bytes as f64 / 1e6,
                    started.elapsed().as_secs_f64(),
                    log.cuts()
                );
            }
        }
    };
    let mut failed = 0;
    while let Err(error) = camera.client.sync(&camera.store, &progress).await {
        failed += 1;
        note_failure(failed, &error);
    }
    let took = started.elapsed().as_secs_f64();
    log.cut(false);

    let (chunks, resent) = log.chunks_begun_and_repeated();
    let cuts = log.cuts();
    println!(
        "completed in {took:.1} s ({:.2} Mbit/s of photos) after {failed} failed syncs; {cuts} connections cut",
        total * 8.0 / 1e6 / took
    );
    let verdict = if resent <= cuts { "met" } else { "missed" };
    println!("chunks sent: {chunks}; sent again: {resent}; cuts: {cuts}: at most one chunk again per cut {verdict}");

    let reader = Device::enrol(
        &office.storage,
        &format!("http://{address}"),
        dir.path(),
        "reader",
        colleague.id,
        colleague.role,
    )
    .await;
    reader.sync().await;
    let store = reader.store.lock().expect("store");
    for (n, sha256) in hashes.iter().enumerate() {
        let bytes = store.read_blob(sha256).expect("every photo reached the team-mate");
        assert_eq!(bytes, crate::load::photo(n, bytes_each), "photo {n} arrived whole");
    }
    println!("a team-mate's device downloaded all {photos} photos, every byte as taken");
}

/// One visit with a finding per photo, each photo attached to its finding; answers the
/// photos' hashes in order.
fn record_visit(device: &Device, site: Site, photos: usize, bytes_each: usize) -> Vec<String> {
    let mut records = fieldwork::visit(site, 0, photos);
    let visit_id = records[0].id();
    let mut store = device.store.lock().expect("store");
    let mut hashes = Vec::new();
    let mut pictures = Vec::new();
    for (n, record) in records.iter_mut().skip(1).enumerate() {
        let bytes = crate::load::photo(n, bytes_each);
        let sha256 = store.add_blob(&bytes).expect("keep photo");
        let picture = Attachment {
            id: Uuid::now_v7(),
            visit_id,
            sha256: sha256.clone(),
            mime: "image/jpeg".to_owned(),
            size: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
            file_name: format!("cell-{n}.jpg"),
        };
        if let Record::Observation(finding) = record {
            finding.attachment_ids = vec![picture.id];
        }
        hashes.push(sha256);
        pictures.push(picture.into());
    }
    records.splice(1..1, pictures);
    store.create_all(&device.actor, &records).expect("record");
    hashes
}

/// Says why a sync failed, the first few times.
fn note_failure(failed: usize, error: &vigil_sync::SyncError) {
    if failed <= 3 {
        println!("  sync {failed} failed ({error}); syncing again");
    }
}
