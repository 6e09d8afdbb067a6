use std::time::{Duration, Instant};

use vigil_store::wipe::WipePart;

use super::{LockState, SETTINGS_FILE, now_millis};
use crate::remember::is_remembered;
use crate::reports::{ReportAudience, TableFormat};
use crate::state::{AppState, STORE_FILE};

const PASSPHRASE: &str = "correct horse battery";

fn state(dir: &tempfile::TempDir) -> AppState {
    AppState::new(Some(dir.path().to_owned()))
}

#[test]
fn first_start_asks_for_a_passphrase_then_the_next_start_is_locked() {
    let dir = tempfile::tempdir().expect("dir");
    let first = state(&dir);
    assert_eq!(first.lock_status().expect("status").state, LockState::Setup);
    assert_eq!(first.create_vault("short").expect_err("too short").code(), vigil_core::Code::InvalidInput);
    assert_eq!(first.create_vault(PASSPHRASE).expect("creates").state, LockState::Unlocked);
    first.with_store(|store| store.set_setting("probe", "kept")).expect("writes");
    drop(first);

    let next = state(&dir);
    assert_eq!(next.lock_status().expect("status").state, LockState::Locked);
    assert_eq!(next.sync_status().expect_err("locked").code(), vigil_core::Code::Locked);
    assert_eq!(next.actor().expect_err("locked").code(), vigil_core::Code::Locked);
    assert_eq!(next.unsynced_changes().expect_err("locked").code(), vigil_core::Code::Locked);
}

#[test]
fn a_wrong_passphrase_is_refused_and_the_right_one_opens_the_store() {
    let dir = tempfile::tempdir().expect("dir");
    state(&dir).create_vault(PASSPHRASE).expect("creates");
    let app = state(&dir);
    assert_eq!(
        app.unlock("not the passphrase", now_millis()).expect_err("wrong").code(),
        vigil_core::Code::WrongPassphrase
    );
    assert!(app.is_locked());
    assert_eq!(app.unlock(PASSPHRASE, now_millis()).expect("unlocks").state, LockState::Unlocked);
    assert_eq!(app.with_store(|store| store.outbox_len()).expect("reads"), 0);
}

#[test]
fn repeated_wrong_passphrases_make_the_person_wait() {
    let dir = tempfile::tempdir().expect("dir");
    state(&dir).create_vault(PASSPHRASE).expect("creates");
    let app = state(&dir);
    let now = now_millis();
    let codes: Vec<_> = (0..6).map(|_| app.unlock("guess guess", now).expect_err("wrong").code()).collect();
    assert_eq!(codes.last(), Some(&vigil_core::Code::TooManyAttempts));
    let wait = app.unlock(PASSPHRASE, now).expect_err("still waiting");
    assert_eq!(wait.retry_after_seconds(), Some(30));
}

#[test]
fn locks_after_the_idle_time_and_not_before() {
    let dir = tempfile::tempdir().expect("dir");
    let app = state(&dir);
    app.create_vault(PASSPHRASE).expect("creates");
    let start = Instant::now();
    app.touch(start);
    assert!(!app.lock_if_idle(start + Duration::from_secs(4 * 60 + 59)));
    app.touch(start + Duration::from_secs(60));
    assert!(!app.lock_if_idle(start + Duration::from_secs(5 * 60 + 30)), "activity restarted the timer");
    assert!(app.lock_if_idle(start + Duration::from_secs(6 * 60)));
    assert!(app.is_locked());
    assert_eq!(app.with_store(|_| Ok(())).expect_err("locked").code(), vigil_core::Code::Locked);
    assert!(!app.lock_if_idle(start + Duration::from_secs(60 * 60)), "already locked");
}

#[test]
fn the_idle_time_is_a_plain_setting_kept_across_starts() {
    let dir = tempfile::tempdir().expect("dir");
    let app = state(&dir);
    assert_eq!(app.lock_status().expect("status").auto_lock_minutes, 5);
    assert_eq!(app.set_auto_lock(0).expect_err("zero").code(), vigil_core::Code::InvalidInput);
    assert_eq!(app.set_auto_lock(2).expect("sets").auto_lock_minutes, 2);
    assert!(std::fs::read_to_string(dir.path().join(SETTINGS_FILE)).expect("file").contains('2'));
    let again = state(&dir);
    assert_eq!(again.lock_status().expect("status").auto_lock_minutes, 2);
    again.create_vault(PASSPHRASE).expect("creates");
    let start = Instant::now();
    again.touch(start);
    assert!(again.lock_if_idle(start + Duration::from_secs(121)));
}

#[test]
fn lock_now_drops_the_store() {
    let dir = tempfile::tempdir().expect("dir");
    let app = state(&dir);
    app.create_vault(PASSPHRASE).expect("creates");
    app.lock();
    assert_eq!(app.lock_status().expect("status").state, LockState::Locked);
    assert_eq!(app.with_store(|_| Ok(())).expect_err("locked").code(), vigil_core::Code::Locked);
}

#[test]
fn changing_the_passphrase_needs_the_old_one() {
    let dir = tempfile::tempdir().expect("dir");
    let app = state(&dir);
    app.create_vault(PASSPHRASE).expect("creates");
    let refused = app.change_passphrase("not the passphrase", "a brand new phrase", now_millis());
    assert_eq!(refused.expect_err("wrong old").code(), vigil_core::Code::WrongPassphrase);
    app.change_passphrase(PASSPHRASE, "a brand new phrase", now_millis()).expect("changes");
    app.lock();
    assert_eq!(app.unlock(PASSPHRASE, now_millis()).expect_err("old one").code(), vigil_core::Code::WrongPassphrase);
    app.unlock("a brand new phrase", now_millis()).expect("new one");
}

#[test]
fn wipe_names_the_unsynced_changes_then_leaves_an_empty_dir() {
    // The fixture's reference data went in as five local edits the office has not seen.
    let f = crate::inspection::tests::fixture(true);
    assert_eq!(f.state.unsynced_changes().expect("counts"), 5);
    assert!(f.dir.join(STORE_FILE).is_file());
    assert_eq!(f.state.wipe().expect("wipes").lock.state, LockState::Setup);
    assert!(f.state.is_locked());
    assert_eq!(std::fs::read_dir(&f.dir).expect("dir").count(), 0, "nothing left in the data dir");
}

#[test]
fn the_env_passphrase_creates_then_unlocks_the_vault() {
    let dir = tempfile::tempdir().expect("dir");
    let first = state(&dir);
    assert!(!first.unlock_from_env(None));
    assert!(first.is_locked());
    assert!(first.unlock_from_env(Some(PASSPHRASE.into())), "answers that it opened the store");
    assert_eq!(first.lock_status().expect("status").state, LockState::Unlocked);
    drop(first);
    let wrong = state(&dir);
    assert!(!wrong.unlock_from_env(Some("not the passphrase".into())));
    assert!(wrong.is_locked());
    let next = state(&dir);
    assert!(next.unlock_from_env(Some(PASSPHRASE.into())));
    assert!(!next.is_locked());
}

/// A device that remembers its key and has exported the tables, beside a file of the
/// person's own in the export folder.
fn exported_and_remembered(data: &tempfile::TempDir, exports: &std::path::Path) -> AppState {
    let app = state(data).with_export_dir(Some(exports.to_owned()));
    app.create_vault(PASSPHRASE).expect("creates");
    app.remember_on_device(PASSPHRASE, now_millis()).expect("remembers");
    let files = app.export_tables(ReportAudience::Internal, TableFormat::Csv).expect("exports");
    assert_eq!(files.len(), 3);
    app
}

#[test]
fn the_quick_wipe_removes_store_vault_keyring_and_exports_and_says_so() {
    let data = tempfile::tempdir().expect("dir");
    let exports = tempfile::tempdir().expect("exports");
    let app = exported_and_remembered(&data, exports.path());
    std::fs::write(exports.path().join("holiday.jpg"), b"not ours").expect("own file");

    let wiped = app.wipe().expect("wipes");
    assert!(wiped.report.failed.is_empty(), "{:?}", wiped.report);
    for part in [WipePart::Vault, WipePart::Store, WipePart::Keyring, WipePart::Exports] {
        assert!(wiped.report.removed.contains(&part), "{part:?} in {:?}", wiped.report);
    }
    assert_eq!(wiped.lock.state, LockState::Setup);
    assert!(!is_remembered(data.path()));
    assert_eq!(std::fs::read_dir(data.path()).expect("dir").count(), 0);
    let left: Vec<_> = std::fs::read_dir(exports.path()).expect("dir").map(|e| e.expect("entry").file_name()).collect();
    assert_eq!(left, ["holiday.jpg"], "only the person's own file stays");
}

#[test]
fn wipe_steps_that_fail_do_not_stop_the_others_and_are_named() {
    let data = tempfile::tempdir().expect("dir");
    let exports = tempfile::tempdir().expect("exports");
    let app = exported_and_remembered(&data, exports.path());
    // Two parts no one can remove, even as root: the first step and the last. A folder
    // where the vault file was, and a file where the export folder was.
    let vault = data.path().join("vault.json");
    std::fs::remove_file(&vault).expect("vault");
    std::fs::create_dir(&vault).expect("a folder in its place");
    std::fs::remove_dir_all(exports.path()).expect("clear");
    std::fs::write(exports.path(), b"a file where the folder was").expect("file");

    let wiped = app.wipe().expect("wipes");
    let failed: Vec<_> = wiped.report.failed.iter().map(|failure| failure.part).collect();
    assert_eq!(failed, [WipePart::Vault, WipePart::Exports]);
    assert!(wiped.report.failed[0].message.contains("vault.json"), "{:?}", wiped.report);
    assert!(wiped.report.failed[1].message.contains(&exports.path().display().to_string()), "{:?}", wiped.report);
    assert!(!is_remembered(data.path()), "the keyring's key went all the same");
    assert!(!data.path().join(STORE_FILE).exists(), "and the store");
    let left: Vec<_> = std::fs::read_dir(data.path()).expect("dir").map(|e| e.expect("entry").path()).collect();
    assert_eq!(left, [vault], "only what failed is left");
    std::fs::remove_file(exports.path()).expect("tidy");
}
