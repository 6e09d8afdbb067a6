//! Retention on a device: past the office's period after approval, an interview's words
//! and a visit's photos leave the encrypted file — read here page by page, decrypted with
//! the key, as someone who forced the passphrase out of an inspector would read it.

use std::path::Path;

use aes::cipher::{BlockDecryptMut, KeyIvInit, block_padding::NoPadding};
use chrono::{DateTime, Days, Utc};
use hkdf::Hkdf;
use serde_json::{Map, Value, json};
use sha2::Sha256;
use uuid::Uuid;
use vigil_core::protocol::{OpOutcome, OpResult};
use vigil_core::records::{Attachment, Interview};
use vigil_core::retention::RetentionDays;
use vigil_core::{Entity, Op, Record, VisitStatus};
use vigil_store::Store;
use vigil_store::vault::{MasterKey, Vault};

use crate::fixture::World;

const SAID: &str = "Marigold-Tundra-5512";
const SAID_AGAIN: &str = "Obsidian-Lantern-3390";
const PHOTO: &str = "Photo-Bytes-Kestrel-0042";
const FINDING: &str = "Cell 4 has no window";

/// SQLCipher 4's page as this store writes it: 4 KiB, the last 80 bytes reserved for the
/// IV (16) and the HMAC; page 1 starts with the file's 16-byte salt.
const PAGE: usize = 4096;
const RESERVE: usize = 80;

/// Every page of the database file and of its WAL, decrypted, as one buffer.
fn decrypted_pages(dir: &Path, key: &MasterKey) -> Vec<u8> {
    let mut database_key = [0u8; 32];
    Hkdf::<Sha256>::new(None, key.secret_bytes()).expand(b"vigil database key", &mut database_key).expect("hkdf");
    let decrypt = |page_no: u32, page: &[u8]| -> Vec<u8> {
        let start = if page_no == 1 { 16 } else { 0 };
        let iv = &page[PAGE - RESERVE..PAGE - RESERVE + 16];
        let mut text = page[start..PAGE - RESERVE].to_vec();
        cbc::Decryptor::<aes::Aes256>::new(&database_key.into(), iv.into())
            .decrypt_padded_mut::<NoPadding>(&mut text)
            .expect("whole blocks");
        text
    };
    let mut plain = Vec::new();
    let file = std::fs::read(dir.join("device.db")).expect("database file");
    for (i, page) in file.chunks_exact(PAGE).enumerate() {
        plain.extend(decrypt(i as u32 + 1, page));
    }
    // A WAL: a 32-byte header, then frames of a 24-byte header (the page's number first)
    // and the page.
    if let Ok(wal) = std::fs::read(dir.join("device.db-wal"))
        && wal.len() > 32
    {
        for frame in wal[32..].chunks_exact(24 + PAGE) {
            let page_no = u32::from_be_bytes(frame[..4].try_into().expect("4 bytes"));
            plain.extend(decrypt(page_no, &frame[24..]));
        }
    }
    plain
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

fn status(s: VisitStatus) -> Map<String, Value> {
    Map::from_iter([("status".to_owned(), json!(s))])
}

fn accept_outbox(store: &mut Store) {
    let sent = store.outbox(10_000).expect("outbox");
    let results: Vec<OpResult> = sent
        .iter()
        .enumerate()
        .map(|(i, op)| OpResult { op_id: op.op_id, outcome: OpOutcome::Accepted { seq: i as u64 + 1 } })
        .collect();
    store.acknowledge(&results).expect("acknowledge");
}

struct Device {
    _dir: tempfile::TempDir,
    world: World,
    key: MasterKey,
    store: Store,
    interview: Uuid,
    sha256: String,
    approved_at: DateTime<Utc>,
}

impl Device {
    fn dir(&self) -> &Path {
        self._dir.path()
    }

    fn interview(&self) -> Interview {
        match self.store.record(Entity::Interview, self.interview).expect("read") {
            Some(Record::Interview(interview)) => interview,
            other => panic!("no interview: {other:?}"),
        }
    }
}

/// An encrypted device that recorded an interview (said twice: the edit's op holds both
/// words), a photo and a finding on its visit, sent them all to the office, and whose
/// visit was then approved on it, unless `approve` is false.
fn device(approve: bool) -> Device {
    let dir = tempfile::tempdir().expect("dir");
    let key = Vault::in_dir(dir.path()).create("correct horse battery").expect("vault");
    let mut store = Store::open_encrypted(&dir.path().join("device.db"), &key).expect("open encrypted");
    let (world, plain) = World::new();
    drop(plain);
    let ops = Store::open(&world.path("device.db")).expect("reference").op_log().expect("ops");
    store.apply_remote(&ops, None).expect("reference data");

    store.create(&world.inspector, &world.observation(FINDING).into()).expect("finding");
    let interview = Interview {
        id: Uuid::now_v7(),
        visit_id: world.visit_id,
        pseudonym: "K7-4QX2".into(),
        group_interview: false,
        consent_to_use: true,
        consent_to_quote: false,
        consent_to_refer: false,
        interpreter: None,
        reprisal_risk: true,
        // Long, as a real account is: it spills into overflow pages, which a removal
        // frees (a free page keeps its old bytes unless overwritten).
        content: format!(
            "{SAID}: the guards beat him in the yard. {}",
            "He was kept apart for days. ".repeat(300) + SAID
        ),
    };
    store.create(&world.inspector, &interview.clone().into()).expect("interview");
    let words = Map::from_iter([("content".to_owned(), json!(format!("{SAID_AGAIN}: and took his letters")))]);
    store.update(&world.inspector, Entity::Interview, interview.id, words).expect("edit interview");
    let bytes = format!("jpeg {PHOTO}");
    let sha256 = store.add_blob(bytes.as_bytes()).expect("photo");
    let attachment = Attachment {
        id: Uuid::now_v7(),
        visit_id: world.visit_id,
        sha256: sha256.clone(),
        mime: "image/jpeg".into(),
        size: bytes.len() as i64,
        file_name: "cell-4.jpg".into(),
    };
    store.create(&world.inspector, &attachment.into()).expect("attachment");
    accept_outbox(&mut store);

    let approved_at = Utc::now();
    if approve {
        store.update(&world.lead, Entity::Visit, world.visit_id, status(VisitStatus::Submitted)).expect("submit");
        store.update(&world.supervisor, Entity::Visit, world.visit_id, status(VisitStatus::InReview)).expect("take");
        store.update(&world.supervisor, Entity::Visit, world.visit_id, status(VisitStatus::Approved)).expect("approve");
        accept_outbox(&mut store);
    }
    store.set_retention(Some(RetentionDays::new(30).expect("30 days"))).expect("period");
    // Closed and opened again, as the app is: the WAL is folded into the file, so the
    // words sit in the database's own pages.
    drop(store);
    let store = Store::open_encrypted(&dir.path().join("device.db"), &key).expect("open again");
    Device { _dir: dir, world, key, store, interview: interview.id, sha256, approved_at }
}

fn after(device: &Device, days: u64) -> DateTime<Utc> {
    device.approved_at.checked_add_days(Days::new(days)).expect("date")
}

#[test]
fn past_the_period_the_interview_and_the_photo_leave_the_decrypted_file() {
    let mut device = device(true);
    let pages = decrypted_pages(device.dir(), &device.key);
    // The reading is right: the words are there before.
    assert!(contains(&pages, SAID) && contains(&pages, SAID_AGAIN), "the decrypted pages hold the interview");
    assert!(device.store.blob_path(&device.sha256).expect("path").is_file());

    // SQLCipher zeroes what is deleted (it sets `secure_delete` with the key): without it,
    // the words stay in the pages the removal frees.
    let secure: i64 = device.store.sql().query_row("PRAGMA secure_delete", [], |row| row.get(0)).expect("pragma");
    assert_eq!(secure, 1);
    let purged = device.store.purge_expired(after(&device, 31)).expect("purge");
    assert_eq!((purged.visits.as_slice(), purged.interviews, purged.blobs), (&[device.world.visit_id][..], 1, 1));

    let pages = decrypted_pages(device.dir(), &device.key);
    assert!(pages.len() > 20 * 1024, "there are pages to read");
    for said in [SAID, SAID_AGAIN] {
        assert!(!contains(&pages, said), "{said} is still in the decrypted file");
    }
    assert!(!device.store.blob_path(&device.sha256).expect("path").exists(), "the photo's file is gone");
    // What the next visit needs stays: the code, the flag, the finding.
    let kept = device.interview();
    assert_eq!((kept.pseudonym.as_str(), kept.reprisal_risk, kept.content.as_str()), ("K7-4QX2", true, ""));
    assert!(contains(&pages, "K7-4QX2") && contains(&pages, FINDING));
    assert_eq!(device.store.findings_of_visit(device.world.visit_id).expect("findings").len(), 1);
    // Nothing of it is an op for the office.
    assert_eq!(device.store.outbox_len().expect("outbox"), 0);
    let listed = device.store.purged_visits().expect("listed");
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].facility_name.as_str(), listed[0].interviews, listed[0].blobs),
        ("Central Police Station No. 3", 1, 1)
    );
    // Its photo is not fetched again.
    assert!(device.store.blobs_to_fetch().expect("to fetch").is_empty());
}

#[test]
fn a_pulled_op_never_brings_removed_words_back() {
    let mut device = device(true);
    assert_eq!(device.store.purge_expired(after(&device, 31)).expect("purge").interviews, 1);
    // The office (after a restore) or a colleague's late edit sends the words again.
    let words = Map::from_iter([("content".to_owned(), json!(format!("{SAID} again")))]);
    let mut op = Op::create(&device.interview().into(), Uuid::now_v7(), 1, vigil_core::Hlc::ZERO, Uuid::nil());
    op.patch.retain(|field, _| field == "content");
    op.patch.get_mut("content").expect("content").new = words["content"].clone();
    op.hlc = vigil_core::Hlc { millis: (Utc::now().timestamp_millis() as u64), counter: 9 };
    let applied = device.store.apply_remote(&[op], None).expect("pull");
    assert_eq!(applied.applied, 1, "{applied:?}");
    assert_eq!(device.interview().content, "");
    assert!(!contains(&decrypted_pages(device.dir(), &device.key), SAID));
}

#[test]
fn a_visit_inside_the_period_or_not_approved_keeps_everything() {
    // Approved 29 days ago: inside the period.
    let mut recent = device(true);
    let purged = recent.store.purge_expired(after(&recent, 29)).expect("purge");
    assert!(purged.visits.is_empty());
    assert!(recent.interview().content.starts_with(SAID_AGAIN));
    assert!(recent.store.blob_path(&recent.sha256).expect("path").is_file());
    assert!(contains(&decrypted_pages(recent.dir(), &recent.key), SAID));

    // Never approved: kept however long ago it was.
    let mut open = device(false);
    assert!(open.store.purge_expired(after(&open, 3650)).expect("purge").visits.is_empty());
    assert!(open.interview().content.starts_with(SAID_AGAIN));
    assert!(open.store.blob_path(&open.sha256).expect("path").is_file());

    // Approved long ago, but an edit of its interview has not reached the office yet.
    let mut unsent = device(true);
    let more = Map::from_iter([("consent_to_quote".to_owned(), json!(true))]);
    // An approved visit is locked, so the late edit is one pulled back after a restore of
    // this device: put it in the outbox as the device's own.
    unsent.store.update(&unsent.world.supervisor, Entity::Interview, unsent.interview, more).expect_err("locked");
    unsent.store.office_lost_after(0).expect("the office lost every op of this device");
    assert!(unsent.store.purge_expired(after(&unsent, 365)).expect("purge").visits.is_empty());
    assert!(unsent.interview().content.starts_with(SAID_AGAIN));

    // No period from the office: kept.
    let mut no_period = device(true);
    no_period.store.set_retention(None).expect("lift");
    assert!(no_period.store.purge_expired(after(&no_period, 3650)).expect("purge").visits.is_empty());
    assert!(no_period.interview().content.starts_with(SAID_AGAIN));
}
