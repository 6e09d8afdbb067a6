//! The office backed up while five devices push, lost, and restored from the backup
//! (issue 14, item 2): every op it had acknowledged before the backup is in it; the ops
//! the devices pushed after it come back from the devices by themselves (their cursors
//! move back, their lost ops go up again), nothing lost and nothing held twice, the five
//! converge, and every photo's bytes match their hash. A backup that is not the office's
//! own, whole, with the right passphrase, into an empty directory, restores nothing.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use rand::SeedableRng;
use tempfile::TempDir;
use uuid::Uuid;
use vigil_core::records::{Attachment, Observation};
use vigil_core::{Code, Entity, Role};
use vigil_server::api::Limits;
use vigil_server::backup::{self, BackupError, SecretString};
use vigil_server::sqlite::office_audit::COMMAND_LINE;
use vigil_server::{SqliteStorage, UploadLimits};
use vigil_sync::SyncError;
use vigil_tests::{Device, Office};

use crate::blobs::{attachment, photo};
use crate::world::{observation, reference_records};

const PASSPHRASE: &str = "Kestrel-lantern-47-quay";

fn passphrase() -> SecretString {
    SecretString::from(PASSPHRASE.to_owned())
}

/// One team's office and five devices on it (a lead and four inspectors), with a visit
/// they all hold.
struct Five {
    office: Office,
    _dir: TempDir,
    devices: Vec<Arc<Device>>,
    visit_id: Uuid,
}

async fn five_devices() -> Five {
    let office = Office::start().await;
    let team = office.team("Team A");
    let reference = reference_records();
    office.storage.add_records(&reference.records).expect("reference data");
    let dir = tempfile::tempdir().expect("devices dir");
    let lead = office.user("Lena Lead", Role::Lead, &[team]);
    let mut devices = vec![Arc::new(office.device(lead, Role::Lead, dir.path(), "lead").await)];
    for n in 1..5 {
        let inspector = office.user(&format!("Inspector {n}"), Role::Inspector, &[team]);
        devices.push(Arc::new(office.device(inspector, Role::Inspector, dir.path(), &format!("inspector-{n}")).await));
    }
    let visit = reference.visit(team);
    devices[0].sync().await.expect("reference data");
    devices[0].store().create(&devices[0].actor, &visit.clone().into()).expect("plan");
    for device in &devices {
        device.sync().await.expect("first sync");
    }
    Five { office, _dir: dir, devices, visit_id: visit.id }
}

/// `count` new findings on `device`; answers their ids.
fn observe(device: &Device, visit_id: Uuid, count: usize, label: &str) -> Vec<Uuid> {
    let mut store = device.store();
    (0..count)
        .map(|n| {
            let finding = observation(visit_id, &format!("{label} {n}"));
            store.create(&device.actor, &finding.clone().into()).expect("observe");
            finding.id
        })
        .collect()
}

/// A photo attached to a finding on `device`: the photo's hash.
fn attach(device: &Device, visit_id: Uuid, size: usize) -> String {
    let bytes = photo(size);
    let mut store = device.store();
    let sha256 = store.add_blob(&bytes).expect("keep photo");
    let picture = attachment(visit_id, &sha256, bytes.len());
    let mut finding = observation(visit_id, "Photo of the cell");
    finding.attachment_ids = vec![picture.id];
    store.create(&device.actor, &picture.into()).expect("attach");
    store.create(&device.actor, &finding.into()).expect("observe");
    sha256
}

fn op_ids(office: &SqliteStorage) -> BTreeSet<Uuid> {
    office.op_ids().expect("office ops").into_iter().collect()
}

fn sha256_of(path: &Path) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(std::fs::read(path).expect("blob file")))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_office_restored_from_a_backup_made_while_five_devices_push_gets_back_every_op_and_photo() {
    let Five { office, _dir, devices, visit_id } = five_devices().await;
    let before_photo = attach(&devices[1], visit_id, 150_000);
    for device in &devices {
        observe(device, visit_id, 4, "before the backup");
        device.sync().await.expect("sync before the backup");
    }
    let acknowledged_before = op_ids(&office.storage);

    // The backup runs while the five push: each has made its first push of the round when
    // it starts, and goes on pushing while it runs.
    let backups = tempfile::tempdir().expect("backups dir");
    let file = backups.path().join("office.age");
    let started = Arc::new(tokio::sync::Barrier::new(devices.len() + 1));
    let pushing: Vec<_> = devices
        .iter()
        .enumerate()
        .map(|(n, device)| {
            let (device, started) = (device.clone(), started.clone());
            tokio::spawn(async move {
                let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(n as u64);
                for round in 0..4 {
                    device.random_edits(visit_id, &mut rng, 6, 0.5);
                    device.sync().await.expect("sync while the backup runs");
                    if round == 0 {
                        started.wait().await;
                    }
                }
            })
        })
        .collect();
    started.wait().await;
    let (data_dir, out) = (office.dir.path().to_owned(), file.clone());
    let summary = tokio::task::spawn_blocking(move || backup::create(&data_dir, &out, passphrase()))
        .await
        .expect("backup task")
        .expect("backup while the devices push");
    for device in pushing {
        device.await.expect("device task");
    }
    assert!(summary.blobs >= 1 && summary.bytes > 0, "{summary:?}");

    // After the backup: the lead records many findings, the others a few and a photo, each
    // pushing once in turn, so the lead has not pulled what the others sent last.
    observe(&devices[0], visit_id, 30, "after the backup, by the lead");
    devices[0].sync().await.expect("the lead syncs");
    let after_photo = attach(&devices[4], visit_id, 120_000);
    let mut made_after = Vec::new();
    for device in &devices[1..] {
        made_after.push(observe(device, visit_id, 3, "after the backup"));
        device.sync().await.expect("sync after the backup");
    }
    // One edits a colleague's finding made after the backup: after the restore, the edit
    // comes back before the finding (the office judges it again once the finding is back).
    devices[3].sync().await.expect("pull the colleague's findings");
    let edit = serde_json::Map::from_iter([("text".to_owned(), serde_json::json!("Seen again: no window"))]);
    devices[3].store().update(&devices[3].actor, Entity::Observation, made_after[0][0], edit).expect("edit");
    devices[3].sync().await.expect("sync the edit");
    let acknowledged = op_ids(&office.storage);
    let epoch_before = office.storage.epoch().expect("epoch");
    let url_lost = office.url.clone();
    drop(office);

    // The office's files are lost; the backup is restored into a new directory.
    let restored_dir = tempfile::tempdir().expect("restored office dir");
    let restored = backup::restore(&file, restored_dir.path(), passphrase()).expect("restore");
    assert_ne!(restored.epoch, epoch_before, "a restored office begins a new epoch");
    {
        let in_backup = op_ids(&SqliteStorage::open(restored_dir.path()).expect("restored office"));
        let missing: Vec<_> = acknowledged_before.difference(&in_backup).collect();
        assert!(missing.is_empty(), "ops acknowledged before the backup are missing from it: {missing:?}");
        assert!(in_backup.is_subset(&acknowledged), "the backup holds only what the office held");
        assert!(in_backup.len() < acknowledged.len(), "the devices pushed after the backup: the office lost ops");
    }
    let office = Office::open(restored_dir, Limits::default(), UploadLimits::default()).await;
    assert_ne!(office.url, url_lost);

    // Each device reaches the restored office at its new address and syncs as always: the
    // one with the most to lose goes last, after the others sent their ops again.
    let devices: Vec<Device> = devices
        .into_iter()
        .map(|device| {
            let device = Arc::try_unwrap(device).expect("no task holds the device");
            Device { client: device.client.for_office_at(&office.url).expect("client"), ..device }
        })
        .collect();
    // One recorded a finding while the office was down: it waits in its outbox, after the
    // ops the office lost.
    let waiting = observe(&devices[2], visit_id, 1, "while the office was down");
    // None was revoked after the backup: an administrator confirms each (see
    // `backup_revoked.rs` for one that was), which they wait for.
    let refused = devices[0].sync().await.expect_err("refused until confirmed");
    assert!(matches!(refused, SyncError::Server { code: Code::DeviceUnconfirmed, .. }), "{refused}");
    for device in &devices {
        let id = device.store().device_id();
        office.storage.confirm_device(COMMAND_LINE, id).expect("confirm");
    }
    for round in 0..2 {
        for device in devices.iter().rev() {
            device.sync().await.unwrap_or_else(|err| panic!("sync {round} after the restore: {err}"));
        }
    }
    let again = op_ids(&office.storage);
    let lost: Vec<_> = acknowledged.difference(&again).collect();
    assert!(lost.is_empty(), "ops the devices had pushed are still missing: {lost:?}");
    let waited = devices[2].store().op_log().expect("log").last().expect("an op").op_id;
    assert_eq!(
        again,
        acknowledged.iter().copied().chain([waited]).collect(),
        "what it held before it was lost, and the edit that waited"
    );

    // Work goes on: a new finding on each, which every other device gets.
    let mut after_restore = Vec::new();
    for device in &devices {
        after_restore.extend(observe(device, visit_id, 2, "after the restore"));
        device.sync().await.expect("sync a new finding");
    }
    for device in &devices {
        device.sync().await.expect("catch up");
    }

    let office_log = vigil_store::Store::open_reader(&office.dir.path().join("central.db"))
        .expect("office file")
        .op_log()
        .expect("office log");
    let ids: BTreeSet<Uuid> = office_log.iter().map(|op| op.op_id).collect();
    assert_eq!(ids.len(), office_log.len(), "no op held twice");
    let findings: BTreeSet<Uuid> =
        office.storage.all::<Observation>(Entity::Observation).expect("findings").iter().map(|o| o.id).collect();
    let text = devices[0].store().snapshot_text().expect("records");
    for device in &devices {
        let store = device.store();
        assert_eq!(store.outbox_len().expect("outbox"), 0, "nothing waits on {}", device.path.display());
        assert_eq!(store.rejected_count().expect("rejected"), 0, "nothing refused");
        assert_eq!(store.office_epoch().expect("epoch"), Some(restored.epoch), "the device pulls in the new epoch");
        let held: BTreeSet<Uuid> =
            store.all::<Observation>(Entity::Observation).expect("findings").iter().map(|o| o.id).collect();
        assert_eq!(held, findings, "{} holds every finding the office does", device.path.display());
        let me = store.device_id();
        let mut seqs: Vec<u64> = office_log.iter().filter(|op| op.device_id == me).map(|op| op.device_seq).collect();
        seqs.sort_unstable();
        assert!(seqs.iter().copied().eq(1..=seqs.len() as u64), "the office holds the device's ops as {seqs:?}");
        assert_eq!(store.snapshot_text().expect("records"), text, "the five converge");
    }
    assert!(after_restore.iter().chain(&waiting).all(|id| findings.contains(id)));

    // Every photo is back at the office, its bytes matching its hash: the one in the
    // backup and the one uploaded after it, which its device sent again.
    let photos = office.storage.all::<Attachment>(Entity::Attachment).expect("attachments");
    let hashes: BTreeSet<&str> = photos.iter().map(|photo| photo.sha256.as_str()).collect();
    assert_eq!(hashes, BTreeSet::from([before_photo.as_str(), after_photo.as_str()]));
    for sha256 in hashes {
        assert_eq!(sha256_of(&office.dir.path().join("blobs").join(sha256)), sha256);
    }
}

/// The names in `dir`, to see that a refused restore left nothing behind.
fn names_in(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir).expect("dir").map(|e| e.expect("entry").file_name().to_string_lossy().into()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_passphrase_an_altered_or_cut_file_and_a_directory_in_use_restore_nothing() {
    let Five { office, _dir, devices, visit_id } = five_devices().await;
    attach(&devices[0], visit_id, 50_000);
    devices[0].sync().await.expect("sync");
    let backups = tempfile::tempdir().expect("backups");
    let file = backups.path().join("office.age");
    backup::create(office.dir.path(), &file, passphrase()).expect("backup");
    let bytes = std::fs::read(&file).expect("backup file");
    let place = tempfile::tempdir().expect("where offices are restored");
    let target = place.path().join("office");
    let untouched = |what: &str| {
        assert!(!target.exists(), "{what}: nothing was put in place");
        assert!(names_in(place.path()).is_empty(), "{what}: nothing was left beside it: {:?}", names_in(place.path()));
    };

    let wrong = backup::restore(&file, &target, SecretString::from("Kestrel-lantern-48-quay".to_owned()));
    assert!(matches!(wrong, Err(BackupError::WrongPassphrase(_))), "{wrong:?}");
    untouched("a wrong passphrase");

    // One byte changed in each of several places past the header: in the database, in a
    // photo, at the end.
    for at in [bytes.len() / 3, bytes.len() / 2, bytes.len() - 20] {
        let mut altered = bytes.clone();
        altered[at] ^= 0x40;
        let altered_file = backups.path().join("altered.age");
        std::fs::write(&altered_file, &altered).expect("write");
        let result = backup::restore(&altered_file, &target, passphrase());
        assert!(matches!(result, Err(BackupError::Damaged { .. })), "byte {at} of {}: {result:?}", bytes.len());
        untouched("an altered file");
    }
    for length in [bytes.len() - 1, bytes.len() / 2] {
        let cut_file = backups.path().join("cut.age");
        std::fs::write(&cut_file, &bytes[..length]).expect("write");
        let result = backup::restore(&cut_file, &target, passphrase());
        assert!(matches!(result, Err(BackupError::Damaged { .. })), "cut at {length}: {result:?}");
        untouched("a file cut short");
    }
    let not_backup = backups.path().join("notes.age");
    std::fs::write(&not_backup, b"meeting notes, not a backup").expect("write");
    let result = backup::restore(&not_backup, &target, passphrase());
    assert!(matches!(result, Err(BackupError::NotABackup { .. })), "{result:?}");
    untouched("a file that is not a backup");

    // A directory in use is never overwritten, not even by the office's own backup.
    let result = backup::restore(&file, office.dir.path(), passphrase());
    let Err(err @ BackupError::TargetNotEmpty { .. }) = result else { panic!("restored over the office: {result:?}") };
    assert!(err.to_string().contains("central.db"), "{err}");
    devices[0].store().create(&devices[0].actor, &observation(visit_id, "Still served").into()).expect("observe");
    let report = devices[0].sync().await.expect("the office serves on");
    assert_eq!((report.pushed, report.rejected), (1, 0));

    // With the right passphrase the same file restores, and the office opens.
    let restored = backup::restore(&file, &target, passphrase()).expect("restore");
    assert_eq!(names_in(place.path()), BTreeSet::from(["office".to_owned()]));
    let copy = SqliteStorage::open(&target).expect("restored office");
    assert_eq!(copy.epoch().expect("epoch"), restored.epoch);
    assert!(copy.all::<Attachment>(Entity::Attachment).expect("attachments").len() == 1);

    let no_office = tempfile::tempdir().expect("empty");
    let result = backup::create(no_office.path(), &backups.path().join("none.age"), passphrase());
    assert!(matches!(result, Err(BackupError::NoOffice(_))), "{result:?}");
}
