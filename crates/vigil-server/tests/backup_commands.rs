//! `vigil-server backup`, `restore` and `serve --backup-dir`, run as the real binary: the
//! passphrase only from a file or the environment, a restore only into an empty directory,
//! the restored office the same as the one backed up, and scheduled backups that appear
//! while the office serves, the newest kept, the last noted.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use vigil_server::SqliteStorage;
use vigil_server::backup::{PASSPHRASE_ENV, backups_in};

const PASSPHRASE: &str = "Kestrel-lantern-47-quay";

fn vigil_server(data: &Path, args: &[&str], passphrase: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_vigil-server"));
    command.arg("--data").arg(data).args(args).env("NO_COLOR", "1").env_remove(PASSPHRASE_ENV);
    if let Some(passphrase) = passphrase {
        command.env(PASSPHRASE_ENV, passphrase);
    }
    command.output().expect("run vigil-server")
}

fn succeeds(data: &Path, args: &[&str], passphrase: Option<&str>) -> String {
    let output = vigil_server(data, args, passphrase);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "vigil-server {args:?} failed: {stderr}");
    String::from_utf8(output.stdout).expect("utf-8")
}

fn fails(data: &Path, args: &[&str], passphrase: Option<&str>) -> String {
    let output = vigil_server(data, args, passphrase);
    assert!(!output.status.success(), "vigil-server {args:?} should have failed");
    String::from_utf8(output.stderr).expect("utf-8")
}

#[test]
fn an_office_backed_up_from_the_command_line_restores_into_an_empty_directory_only() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("office");
    succeeds(&data, &["demo", "--visits", "6"], None);
    let file = dir.path().join("office.age");
    let out = file.to_str().expect("path");

    let err = fails(&data, &["backup", "--out", out], None);
    assert!(err.contains(PASSPHRASE_ENV), "{err}");
    let short = dir.path().join("short.txt");
    std::fs::write(&short, "password\n").expect("write");
    let err = fails(&data, &["backup", "--out", out, "--passphrase-file", short.to_str().expect("path")], None);
    assert!(err.contains("at least 12"), "{err}");
    assert!(!file.exists(), "no backup with a weak passphrase");
    let err = fails(&dir.path().join("nowhere"), &["backup", "--out", out], Some(PASSPHRASE));
    assert!(err.contains("no office"), "{err}");
    assert!(!dir.path().join("nowhere").exists(), "backing up no office creates none");

    let phrase_file = dir.path().join("phrase.txt");
    std::fs::write(&phrase_file, format!("{PASSPHRASE}\n")).expect("write");
    let said =
        succeeds(&data, &["backup", "--out", out, "--passphrase-file", phrase_file.to_str().expect("path")], None);
    assert!(said.contains("backed up"), "{said}");
    let last = SqliteStorage::open(&data).expect("office").last_backup().expect("last backup").expect("noted");
    assert_eq!(last.file, out);

    let err = fails(&data, &["restore", out], Some(PASSPHRASE));
    assert!(err.contains("not empty") && err.contains("central.db"), "{err}");
    let err = fails(&dir.path().join("restored"), &["restore", out], Some("Kestrel-lantern-48-quay"));
    assert!(err.contains("passphrase does not open"), "{err}");
    assert!(!dir.path().join("restored").exists());

    let restored = dir.path().join("restored");
    let said = succeeds(&restored, &["restore", out], Some(PASSPHRASE));
    assert!(said.contains("new epoch"), "{said}");
    let original = SqliteStorage::open(&data).expect("office");
    let copy = SqliteStorage::open(&restored).expect("restored office");
    assert_eq!(copy.snapshot_text().expect("records"), original.snapshot_text().expect("records"));
    assert_eq!(copy.op_ids().expect("ops"), original.op_ids().expect("ops"));
    assert_ne!(copy.epoch().expect("epoch"), original.epoch().expect("epoch"));
}

#[test]
fn the_office_backs_itself_up_on_its_schedule_while_it_serves() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("office");
    let backups = dir.path().join("backups");
    let backups_arg = backups.to_str().expect("path");
    let err = fails(
        &data,
        &["serve", "--listen", "127.0.0.1:0", "--backup-dir", backups_arg, "--backup-every", "0"],
        Some(PASSPHRASE),
    );
    assert!(err.contains("--backup-every"), "{err}");
    let err = fails(&data, &["serve", "--listen", "127.0.0.1:0", "--backup-dir", backups_arg], None);
    assert!(err.contains(PASSPHRASE_ENV), "{err}");

    succeeds(&data, &["demo", "--visits", "2"], None);
    let mut serving = Command::new(env!("CARGO_BIN_EXE_vigil-server"))
        .arg("--data")
        .arg(&data)
        .args(["serve", "--listen", "127.0.0.1:0", "--backup-dir", backups_arg, "--backup-every", "24"])
        .env(PASSPHRASE_ENV, PASSPHRASE)
        .stderr(Stdio::null())
        .spawn()
        .expect("serve");
    // None there yet: the first is due at once.
    let deadline = Instant::now() + Duration::from_secs(60);
    while backups_in(&backups).map_or(true, |files| files.is_empty()) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    let noted = || SqliteStorage::open(&data).expect("office").last_backup().expect("last backup");
    while noted().is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = serving.kill();
    let _ = serving.wait();
    let files = backups_in(&backups).expect("backups");
    assert_eq!(files.len(), 1, "one backup, the next due in a day: {files:?}");
    assert_eq!(noted().expect("noted").file, files[0].display().to_string());
    let restored = dir.path().join("restored");
    succeeds(&restored, &["restore", files[0].to_str().expect("path")], Some(PASSPHRASE));
}
