//! `vigil-bench backup`: the size and time of an office's backup and of its restore. The
//! office holds the demo generator's NPM grown to `--records` records (added as the
//! office's own, as `vigil-server demo` does) and `--photos` photos of random bytes
//! (uploaded through the office's storage as a device does); neither is timed. The backup
//! is the administrator's (`vigil-server backup`), the restore into a new directory too;
//! each includes age's passphrase work (scrypt, about a second by design).

use std::path::Path;
use std::time::Instant;

use uuid::Uuid;
use vigil_core::protocol::EnrolRequest;
use vigil_core::{Record, Role};
use vigil_server::backup::{self, SecretString};
use vigil_server::{SqliteStorage, Storage};

pub fn run(records: usize, photos: usize, photo_kb: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("office");
    let office = SqliteStorage::open(&data).expect("office");
    let demo = crate::store::demo_of(records);
    let filled = Instant::now();
    for chunk in demo.chunks(10_000) {
        office.add_records(chunk).expect("demo records");
    }
    upload_photos(&office, &demo, photos, photo_kb * 1024);
    println!(
        "office of {} records and {photos} photos of {photo_kb} KB, filled in {:.1} s: {:.1} MB on disk",
        demo.len(),
        filled.elapsed().as_secs_f64(),
        size_of(&data) as f64 / 1e6
    );
    drop(office);

    let passphrase = || SecretString::from("bench-passphrase-of-some-length".to_owned());
    let file = dir.path().join("office.age");
    let summary = backup::create(&data, &file, passphrase()).expect("backup");
    println!(
        "backup:  {:>8.1} MB in {:>6.2} s ({} ops, database {:.1} MB, photos {:.1} MB)",
        summary.bytes as f64 / 1e6,
        summary.took.as_secs_f64(),
        summary.ops,
        summary.database_bytes as f64 / 1e6,
        summary.blob_bytes as f64 / 1e6
    );
    let target = dir.path().join("restored");
    let restored = backup::restore(&file, &target, passphrase()).expect("restore");
    println!(
        "restore: {:>8.1} MB in {:>6.2} s (every hash and SQLite's integrity check included)",
        size_of(&target) as f64 / 1e6,
        restored.took.as_secs_f64()
    );
}

/// Uploads `count` photos of random bytes as a lead's device would, in 1 MiB chunks.
fn upload_photos(office: &SqliteStorage, demo: &[Record], count: usize, bytes: usize) {
    if count == 0 {
        return;
    }
    let lead = demo
        .iter()
        .find_map(|r| match r {
            Record::User(user) if user.role == Role::Lead => Some(user.id),
            _ => None,
        })
        .expect("a demo lead");
    let code = office.enrolment_code(lead, chrono::Duration::hours(1)).expect("code");
    let request = EnrolRequest { code, device_id: Uuid::now_v7(), device_name: "bench camera".into() };
    let token = office.enrol(&request).expect("enrol").token;
    let device = office.authenticate(&token).expect("device");
    for _ in 0..count {
        let photo: Vec<u8> = (0..bytes).map(|_| rand::random::<u8>()).collect();
        let sha256 = {
            use sha2::Digest;
            hex::encode(sha2::Sha256::digest(&photo))
        };
        for (n, chunk) in photo.chunks(1024 * 1024).enumerate() {
            let offset = (n * 1024 * 1024) as u64;
            office.put_blob(&device, &sha256, offset, photo.len() as u64, chunk).expect("upload");
        }
    }
}

/// The bytes of every file under `path`.
fn size_of(path: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(path) else { return 0 };
    entries
        .filter_map(Result::ok)
        .map(|entry| match entry.file_type() {
            Ok(kind) if kind.is_dir() => size_of(&entry.path()),
            _ => entry.metadata().map_or(0, |meta| meta.len()),
        })
        .sum()
}
