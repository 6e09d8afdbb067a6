//! Restoring a backup: into a directory beside the target, checked whole (every hash, the
//! database's integrity), migrated and given a new epoch, and only then renamed into
//! place. Anything wrong leaves the target as it was and nothing beside it.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use age::secrecy::SecretString;
use serde::Serialize;
use uuid::Uuid;
use vigil_core::protocol::is_sha256;
use vigil_store::rusqlite::{Connection, OpenFlags};

use super::archive::{BLOBS, DATABASE, Entry, FORMAT, FORMAT_VERSION, Hashed, MANIFEST, Manifest};
use super::{BackupError, io};
use crate::SqliteStorage;

/// What a restore put in place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Restored {
    pub office_id: Uuid,
    /// When the backup was made.
    pub created_at: String,
    pub ops: u64,
    pub blobs: usize,
    /// The epoch the restored office begins, which devices learn at their next pull.
    pub epoch: Uuid,
    pub took: Duration,
}

/// The largest manifest read (a blob's line is about 100 bytes: millions of blobs).
const MANIFEST_LIMIT: u64 = 512 * 1024 * 1024;

/// Restores the backup `archive` into `data_dir`, which must be empty or not exist.
pub fn restore(archive: &Path, data_dir: &Path, passphrase: SecretString) -> Result<Restored, BackupError> {
    let started = Instant::now();
    refuse_unless_empty(data_dir)?;
    let parent = match data_dir.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(io(format!("cannot create {}", parent.display())))?;
    // Beside the target, so the last step is a rename; deleted on any error.
    let staging = tempfile::Builder::new()
        .prefix(".vigil-restore-")
        .tempdir_in(&parent)
        .map_err(io(format!("cannot write in {}", parent.display())))?;
    let manifest = unpack(archive, staging.path(), passphrase)?;
    check_database(archive, &staging.path().join(DATABASE))?;
    let epoch = {
        let office = SqliteStorage::open(staging.path())?;
        let epoch = office.begin_epoch_after_restore(&manifest.created_at)?;
        // The backup it came from is the office's last known one (its own note of it was
        // made after the snapshot, so is not in it); how long it took is not known here.
        let bytes = fs::metadata(archive).map(|meta| meta.len()).unwrap_or(0);
        let file = archive.display().to_string();
        office.record_backup(&crate::sqlite::BackupRecord {
            at: manifest.created_at.clone(),
            file,
            bytes,
            millis: 0,
        })?;
        epoch
    };
    // The target was checked empty above; it is replaced by the restored directory.
    if data_dir.exists() {
        fs::remove_dir(data_dir).map_err(io(format!("cannot replace the empty {}", data_dir.display())))?;
    }
    let restored = staging.keep();
    fs::rename(&restored, data_dir).map_err(|err| {
        let _ = fs::remove_dir_all(&restored);
        io(format!("cannot move the restored office to {}", data_dir.display()))(err)
    })?;
    Ok(Restored {
        office_id: manifest.office_id,
        created_at: manifest.created_at,
        ops: manifest.ops,
        blobs: manifest.blobs.len(),
        epoch,
        took: started.elapsed(),
    })
}

fn refuse_unless_empty(data_dir: &Path) -> Result<(), BackupError> {
    let entries = match fs::read_dir(data_dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(err) => return Err(io(format!("cannot read {}", data_dir.display()))(err)),
    };
    let names: Vec<String> = entries.filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into()).collect();
    if names.is_empty() {
        return Ok(());
    }
    let mut shown: Vec<String> = names.iter().take(3).cloned().collect();
    if names.len() > 3 {
        shown.push(format!("and {} more", names.len() - 3));
    }
    Err(BackupError::TargetNotEmpty { dir: data_dir.to_owned(), entries: shown.join(", ") })
}

/// Decrypts and unpacks the backup into `into`, checking each file against the manifest as
/// it goes; answers the manifest once every file it names is there, whole.
fn unpack(archive: &Path, into: &Path, passphrase: SecretString) -> Result<Manifest, BackupError> {
    let file = File::open(archive).map_err(io(format!("cannot read {}", archive.display())))?;
    let not_backup = |reason: &str| BackupError::NotABackup { file: archive.to_owned(), reason: reason.to_owned() };
    let damaged = |reason: String| BackupError::Damaged { file: archive.to_owned(), reason };
    let decryptor = age::Decryptor::new_buffered(BufReader::new(file)).map_err(|err| match err {
        age::DecryptError::InvalidMac => damaged("its header was altered".into()),
        _ => not_backup("it is not an age-encrypted file"),
    })?;
    if !decryptor.is_scrypt() {
        return Err(not_backup("it is encrypted to a key, not to a passphrase"));
    }
    let identity = age::scrypt::Identity::new(passphrase);
    let plain = decryptor.decrypt(std::iter::once(&identity as &dyn age::Identity)).map_err(|err| match err {
        age::DecryptError::InvalidMac => damaged("its header was altered".into()),
        age::DecryptError::ExcessiveWork { .. } => not_backup("its passphrase needs more work than Vigil allows"),
        _ => BackupError::WrongPassphrase(archive.to_owned()),
    })?;
    let unreadable = |err: io::Error| damaged(err.to_string());
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(plain));
    let mut entries = tar.entries().map_err(unreadable)?;
    let mut next = || entries.next().transpose().map_err(unreadable);

    let Some(mut first) = next()? else { return Err(damaged("it holds nothing".into())) };
    if first.path_bytes().as_ref() != MANIFEST.as_bytes() {
        return Err(not_backup("its first entry is not a manifest"));
    }
    let mut text = Vec::new();
    (&mut first).take(MANIFEST_LIMIT).read_to_end(&mut text).map_err(unreadable)?;
    drop(first);
    let manifest: Manifest = serde_json::from_slice(&text).map_err(|_| not_backup("its manifest is not readable"))?;
    if manifest.format != FORMAT || manifest.format_version > FORMAT_VERSION {
        return Err(not_backup(&format!("its manifest is of {} version {}", manifest.format, manifest.format_version)));
    }
    if manifest.schema_version > crate::sqlite::schema_version() {
        return Err(BackupError::TooNew {
            file: archive.to_owned(),
            schema: manifest.schema_version,
            known: crate::sqlite::schema_version(),
        });
    }

    let mut awaited: BTreeMap<String, Entry> =
        manifest.blobs.iter().map(|blob| (format!("{BLOBS}{}", blob.sha256), blob.clone())).collect();
    awaited.insert(DATABASE.to_owned(), manifest.database.clone());
    fs::create_dir_all(into.join("blobs")).map_err(io(format!("cannot write in {}", into.display())))?;
    while let Some(mut entry) = next()? {
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        // Only names the manifest gave, each once: nothing is written outside `into`.
        let Some(expected) = awaited.remove(&name) else {
            return Err(damaged(format!("it holds {name:?}, which its manifest does not name, or twice")));
        };
        let is_blob = name.strip_prefix(BLOBS).is_some_and(is_sha256);
        if !is_blob && name != DATABASE {
            return Err(damaged(format!("its manifest names {name:?}, which is not a file of an office")));
        }
        let path = into.join(&name);
        let mut out = Hashed::new(File::create(&path).map_err(io(format!("cannot write {}", path.display())))?);
        io::copy(&mut entry, &mut out).map_err(unreadable)?;
        if (out.hex(), out.bytes) != (expected.sha256.clone(), expected.bytes) {
            return Err(damaged(format!("{name} does not match the hash its manifest gives")));
        }
        out.into_inner().sync_all().map_err(io(format!("cannot write {}", path.display())))?;
    }
    // Past the tar's end, to the end of the encrypted stream: its last chunk proves
    // nothing was cut off.
    let mut gzip = tar.into_inner();
    io::copy(&mut gzip, &mut io::sink()).map_err(unreadable)?;
    io::copy(&mut gzip.into_inner(), &mut io::sink()).map_err(unreadable)?;
    if let Some(missing) = awaited.keys().next() {
        return Err(damaged(format!("{missing} is missing ({} files the manifest names are)", awaited.len())));
    }
    Ok(manifest)
}

/// SQLite's own check of the restored database, page by page.
fn check_database(archive: &Path, database: &Path) -> Result<(), BackupError> {
    let copy = Connection::open_with_flags(database, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let verdict: String = copy.query_row("PRAGMA integrity_check", [], |row| row.get(0))?;
    if verdict != "ok" {
        return Err(BackupError::Damaged {
            file: archive.to_owned(),
            reason: format!("its database fails SQLite's integrity check: {verdict}"),
        });
    }
    Ok(())
}
