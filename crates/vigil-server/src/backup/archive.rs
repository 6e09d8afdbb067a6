//! Making a backup: the database's snapshot first, then the blobs it names, into a file
//! that appears under its name only once complete.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use age::secrecy::SecretString;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;
use vigil_store::rusqlite::{Connection, OpenFlags};

use super::{BackupError, io};

/// What a backup file says it holds; the first entry of its tar stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`FORMAT`]: a file of another kind is refused for what it is.
    pub format: String,
    pub format_version: u32,
    /// The office's own device id: which office this is a copy of.
    pub office_id: Uuid,
    pub created_at: String,
    /// How many of the office's migrations its database had run.
    pub schema_version: usize,
    /// The office's epoch when the snapshot was taken.
    pub epoch: Uuid,
    /// The last sequence number of the office's log in the snapshot.
    pub log_seq: u64,
    pub ops: u64,
    pub database: Entry,
    pub blobs: Vec<Entry>,
}

/// A file of the backup: its bytes' SHA-256 and its size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub sha256: String,
    pub bytes: u64,
}

pub(super) const FORMAT: &str = "vigil-office-backup";
pub(super) const FORMAT_VERSION: u32 = 1;
pub(super) const MANIFEST: &str = "manifest.json";
pub(super) const DATABASE: &str = "central.db";
pub(super) const BLOBS: &str = "blobs/";

/// What a backup made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub file: PathBuf,
    /// The backup file's size.
    pub bytes: u64,
    pub database_bytes: u64,
    pub blobs: usize,
    pub blob_bytes: u64,
    pub ops: u64,
    pub took: Duration,
}

/// Backs up the office in `data_dir` to `out`, encrypted with `passphrase`, while it
/// serves: the database is copied from one read transaction (`VACUUM INTO`), so the copy
/// is the office as it was at one instant; the blobs it names follow (complete blobs are
/// never changed or deleted). `out` appears only once the backup is whole.
pub fn create(data_dir: &Path, out: &Path, passphrase: SecretString) -> Result<Summary, BackupError> {
    let started = Instant::now();
    let database = data_dir.join(DATABASE);
    if !database.is_file() {
        return Err(BackupError::NoOffice(data_dir.to_owned()));
    }
    let folder = match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    let staging = tempfile::Builder::new()
        .prefix(".vigil-backup-")
        .tempdir_in(&folder)
        .map_err(io(format!("cannot write in {}", folder.display())))?;
    let snapshot = staging.path().join(DATABASE);
    snapshot_database(&database, &snapshot)?;
    let manifest = manifest_of(&snapshot)?;

    let partial = tempfile::Builder::new()
        .prefix(".vigil-backup-")
        .suffix(".partial")
        .tempfile_in(&folder)
        .map_err(io(format!("cannot write in {}", folder.display())))?;
    let encrypted = age::Encryptor::with_user_passphrase(passphrase)
        .wrap_output(BufWriter::new(partial.as_file()))
        .map_err(io("cannot start the encryption"))?;
    let gzip = flate2::write::GzEncoder::new(encrypted, flate2::Compression::fast());
    let mut tar = tar::Builder::new(gzip);
    let written = io(format!("cannot write {}", out.display()));
    let manifest_json = serde_json::to_vec_pretty(&manifest).map_err(|err| io("manifest")(err.into()))?;
    append(&mut tar, MANIFEST, manifest_json.len() as u64, &manifest_json[..]).map_err(&written)?;
    let file = File::open(&snapshot).map_err(io("cannot read the database snapshot"))?;
    append(&mut tar, DATABASE, manifest.database.bytes, file).map_err(io("cannot add the database"))?;
    let blob_dir = data_dir.join("blobs");
    for blob in &manifest.blobs {
        let path = blob_dir.join(&blob.sha256);
        let file = File::open(&path).map_err(io(format!("blob {} of the office", blob.sha256)))?;
        let mut hashed = Hashed::new(file);
        append(&mut tar, &format!("{BLOBS}{}", blob.sha256), blob.bytes, &mut hashed)
            .map_err(io(format!("blob {} of the office (its file is not the size the office noted)", blob.sha256)))?;
        let actual = hashed.hex();
        if actual != blob.sha256 {
            return Err(BackupError::Io {
                what: format!("blob {} of the office", path.display()),
                err: io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("its bytes hash to {actual}: the file is damaged"),
                ),
            });
        }
    }
    let gzip = tar.into_inner().map_err(&written)?;
    let encrypted = gzip.finish().map_err(&written)?;
    let buffered = encrypted.finish().map_err(&written)?;
    buffered.into_inner().map_err(|err| written(err.into_error()))?.sync_all().map_err(&written)?;
    let bytes = partial.as_file().metadata().map_err(&written)?.len();
    partial.persist(out).map_err(|err| written(err.error))?;
    Ok(Summary {
        file: out.to_owned(),
        bytes,
        database_bytes: manifest.database.bytes,
        blobs: manifest.blobs.len(),
        blob_bytes: manifest.blobs.iter().map(|blob| blob.bytes).sum(),
        ops: manifest.ops,
        took: started.elapsed(),
    })
}

/// A consistent copy of the live database, taken from one read transaction while the
/// office writes (its file is in WAL mode, so no writer waits for it).
fn snapshot_database(database: &Path, to: &Path) -> Result<(), BackupError> {
    let live = Connection::open_with_flags(database, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    live.busy_timeout(Duration::from_secs(30))?;
    let to = to.to_str().ok_or_else(|| io("snapshot path")(io::Error::other("the path is not UTF-8")))?;
    live.execute("VACUUM INTO ?1", [to])?;
    Ok(())
}

/// The manifest of a database snapshot: read from the snapshot itself, so it names what
/// the copy holds.
fn manifest_of(snapshot: &Path) -> Result<Manifest, BackupError> {
    let database = Entry { sha256: sha256_of_file(snapshot)?, bytes: file_len(snapshot)? };
    let copy = Connection::open_with_flags(snapshot, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let office_id: String = copy.query_row("SELECT value FROM replica WHERE key = 'device_id'", [], |r| r.get(0))?;
    let epoch: String =
        copy.query_row("SELECT epoch FROM office_epoch ORDER BY rowid DESC LIMIT 1", [], |r| r.get(0))?;
    let (log_seq, ops): (i64, i64) =
        copy.query_row("SELECT COALESCE(MAX(local_seq), 0), COUNT(*) FROM op_log", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let mut statement = copy.prepare("SELECT sha256, size FROM blob ORDER BY sha256")?;
    let blobs = statement
        .query_map([], |row| Ok(Entry { sha256: row.get(0)?, bytes: row.get::<_, i64>(1)? as u64 }))?
        .collect::<Result<Vec<_>, _>>()?;
    let not_uuid = |what: &str, text: &str| io(what.to_owned())(io::Error::other(format!("{text:?} is not a UUID")));
    Ok(Manifest {
        format: FORMAT.to_owned(),
        format_version: FORMAT_VERSION,
        office_id: office_id.parse().map_err(|_| not_uuid("office id", &office_id))?,
        created_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        schema_version: vigil_store::schema::stored_version(&copy).map_err(crate::ServerError::from)?,
        epoch: epoch.parse().map_err(|_| not_uuid("office epoch", &epoch))?,
        log_seq: log_seq as u64,
        ops: ops as u64,
        database,
        blobs,
    })
}

/// Adds a file of `size` bytes read from `data` under `path`.
fn append<W: Write>(tar: &mut tar::Builder<W>, path: &str, size: u64, data: impl Read) -> io::Result<()> {
    let mut header = tar::Header::new_gnu();
    header.set_size(size);
    header.set_mode(0o600);
    header.set_mtime(0);
    header.set_entry_type(tar::EntryType::Regular);
    tar.append_data(&mut header, path, data.take(size))
}

fn file_len(path: &Path) -> Result<u64, BackupError> {
    Ok(std::fs::metadata(path).map_err(io(format!("cannot read {}", path.display())))?.len())
}

fn sha256_of_file(path: &Path) -> Result<String, BackupError> {
    let mut hashed = Hashed::new(File::open(path).map_err(io(format!("cannot read {}", path.display())))?);
    io::copy(&mut hashed, &mut io::sink()).map_err(io(format!("cannot read {}", path.display())))?;
    Ok(hashed.hex())
}

/// A reader (or writer) that hashes the bytes going through it.
pub(super) struct Hashed<T> {
    inner: T,
    hasher: Sha256,
    pub(super) bytes: u64,
}

impl<T> Hashed<T> {
    pub(super) fn new(inner: T) -> Hashed<T> {
        Hashed { inner, hasher: Sha256::new(), bytes: 0 }
    }

    pub(super) fn into_inner(self) -> T {
        self.inner
    }

    pub(super) fn hex(&self) -> String {
        hex::encode(self.hasher.clone().finalize())
    }
}

impl<R: Read> Read for Hashed<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

impl<W: Write> Write for Hashed<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}
