//! Encryption at rest, read the way a thief would: raw bytes of the files.

use std::path::Path;

use vigil_core::records::Interview;
use vigil_store::vault::{self, Vault, VaultError};
use vigil_store::{Store, StoreError};

use crate::fixture::World;

const PLANTED: &str = "Zebrafish-Quartz-7781";
const NOW: u64 = 1_800_000_000_000;

/// Every byte of every file under `dir`, as one buffer.
fn all_bytes(dir: &Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            bytes.extend(all_bytes(&path));
        } else {
            bytes.extend(std::fs::read(&path).expect("read file"));
        }
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// An encrypted device store holding the planted string in a finding, an interview and a
/// photo, closed again.
fn planted_store(dir: &Path) -> (vault::MasterKey, uuid::Uuid, String) {
    let key = Vault::in_dir(dir).create("correct horse battery").expect("vault");
    let mut store = Store::open_encrypted(&dir.join("device.db"), &key).expect("open encrypted");
    let (world, plain) = World::new();
    drop(plain);
    let ops = Store::open(&world.path("device.db")).expect("reference").op_log().expect("ops");
    store.apply_remote(&ops, None).expect("reference data");
    let mut finding = world.observation(&format!("{PLANTED} in the punishment cell"));
    finding.id = uuid::Uuid::now_v7();
    store.create(&world.inspector, &finding.clone().into()).expect("observe");
    let interview = Interview {
        id: uuid::Uuid::now_v7(),
        visit_id: world.visit_id,
        pseudonym: "K7-4QX2".into(),
        group_interview: false,
        consent_to_use: true,
        consent_to_quote: false,
        consent_to_refer: false,
        interpreter: None,
        reprisal_risk: true,
        content: format!("{PLANTED} says the guards beat him"),
    };
    store.create(&world.inspector, &interview.into()).expect("interview");
    let sha = store.add_blob(format!("photo bytes {PLANTED}").as_bytes()).expect("photo");
    (key, finding.id, sha)
}

#[test]
fn the_files_show_no_schema_no_names_and_no_planted_string() {
    let dir = tempfile::tempdir().expect("dir");
    let (_, _, _) = planted_store(dir.path());
    let bytes = all_bytes(dir.path());
    assert!(bytes.len() > 10_000, "there is data to look at");
    for visible in [PLANTED, "CREATE TABLE", "observation", "interview", "SQLite format 3"] {
        assert!(!contains(&bytes, visible), "{visible:?} is readable in the files");
    }
    // Without the key the file is not even a database.
    let plain = vigil_store::rusqlite::Connection::open(dir.path().join("device.db")).expect("open");
    assert!(plain.query_row("SELECT COUNT(*) FROM sqlite_master", [], |row| row.get::<_, i64>(0)).is_err());
}

#[test]
fn the_right_passphrase_opens_the_store_and_a_wrong_one_does_not() {
    let dir = tempfile::tempdir().expect("dir");
    let (_, finding, sha) = planted_store(dir.path());
    let vault = Vault::in_dir(dir.path());
    assert!(matches!(vault.unlock("wrong horse battery", NOW), Err(VaultError::WrongPassphrase)));
    let key = vault.unlock("correct horse battery", NOW).expect("unlock");
    let store = Store::open_encrypted(&dir.path().join("device.db"), &key).expect("open");
    assert!(store.record(vigil_core::Entity::Observation, finding).expect("read").is_some());
    assert!(String::from_utf8(store.read_blob(&sha).expect("photo")).expect("text").contains(PLANTED));

    let other = Vault::in_dir(tempfile::tempdir().expect("dir").path()).create("another passphrase").expect("vault");
    assert!(matches!(Store::open_encrypted(&dir.path().join("device.db"), &other), Err(StoreError::WrongKey)));
}

#[test]
fn changing_the_passphrase_keeps_the_data_and_retires_the_old_one() {
    let dir = tempfile::tempdir().expect("dir");
    let (_, finding, _) = planted_store(dir.path());
    let vault = Vault::in_dir(dir.path());
    assert!(matches!(vault.change_passphrase("correct horse battery", "short", NOW), Err(VaultError::WeakPassphrase)));
    vault.change_passphrase("correct horse battery", "new passphrase 2026", NOW).expect("change");
    assert!(matches!(vault.unlock("correct horse battery", NOW), Err(VaultError::WrongPassphrase)));
    let key = vault.unlock("new passphrase 2026", NOW).expect("unlock");
    let store = Store::open_encrypted(&dir.path().join("device.db"), &key).expect("open");
    assert!(store.record(vigil_core::Entity::Observation, finding).expect("read").is_some());
}

#[test]
fn repeated_wrong_passphrases_make_further_attempts_wait() {
    let dir = tempfile::tempdir().expect("dir");
    let vault = Vault::in_dir(dir.path());
    vault.create("correct horse battery").expect("vault");
    for _ in 0..5 {
        assert!(matches!(vault.unlock("guess guess guess", NOW), Err(VaultError::WrongPassphrase)));
    }
    match vault.unlock("correct horse battery", NOW + 1_000) {
        Err(VaultError::TooManyAttempts { seconds }) => assert!((1..=30).contains(&seconds), "{seconds}"),
        other => panic!("expected a wait, got {other:?}"),
    }
    assert!(vault.unlock("correct horse battery", NOW + 31_000).is_ok(), "after the wait the right one works");
    assert!(vault.unlock("guess guess guess", NOW + 31_000).is_err());
    assert!(vault.unlock("correct horse battery", NOW + 31_000).is_ok(), "a success resets the count");
}

#[test]
fn quick_wipe_leaves_nothing_readable_under_the_data_dir() {
    let dir = tempfile::tempdir().expect("dir");
    let (_, _, _) = planted_store(dir.path());
    let report = vigil_store::wipe::wipe_data_dir(dir.path());
    assert!(report.failed.is_empty(), "{report:?}");
    assert!(all_bytes(dir.path()).is_empty(), "no file is left");
    assert!(matches!(Vault::in_dir(dir.path()).unlock("correct horse battery", NOW), Err(VaultError::Missing)));
}
