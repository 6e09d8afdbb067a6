//! The administrator's commands: `vigil-server backup`, `vigil-server restore`, and the
//! schedule `serve` runs. A passphrase never goes on the command line, where other users
//! of the machine and the shell's history would see it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use age::secrecy::{ExposeSecret, SecretString};

use super::schedule::Schedule;
use super::{BackupError, create, io, restore};
use crate::SqliteStorage;
use crate::sqlite::BackupRecord;

/// The environment variable that holds the passphrase, if no file is given.
pub const PASSPHRASE_ENV: &str = "VIGIL_BACKUP_PASSPHRASE";

/// The shortest passphrase a new backup takes: it is all that protects every record.
const SHORTEST: usize = 12;

#[derive(Debug, Clone, clap::Args)]
pub struct BackupArgs {
    /// The backup file to write (it appears only once complete).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    #[command(flatten)]
    pub passphrase: Passphrase,
}

#[derive(Debug, Clone, clap::Args)]
pub struct RestoreArgs {
    /// The backup file.
    pub file: PathBuf,
    #[command(flatten)]
    pub passphrase: Passphrase,
}

#[derive(Debug, Clone, clap::Args)]
pub struct Passphrase {
    /// A file whose first line is the passphrase [default: the environment variable
    /// VIGIL_BACKUP_PASSPHRASE].
    #[arg(long, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
}

impl Passphrase {
    /// The passphrase from the file or the environment; one for a new backup must be long.
    pub fn read(file: Option<&Path>, for_new_backup: bool) -> Result<SecretString, BackupError> {
        let text = match file {
            Some(file) => {
                let text = std::fs::read_to_string(file).map_err(io(format!("cannot read {}", file.display())))?;
                text.lines().next().unwrap_or_default().to_owned()
            }
            None => std::env::var(PASSPHRASE_ENV)
                .map_err(|_| BackupError::Passphrase(format!("give --passphrase-file FILE or set {PASSPHRASE_ENV}")))?,
        };
        let passphrase = SecretString::from(text);
        let length = passphrase.expose_secret().chars().count();
        if length == 0 || (for_new_backup && length < SHORTEST) {
            return Err(BackupError::Passphrase(format!(
                "it has {length} characters; a backup's passphrase has at least {SHORTEST}"
            )));
        }
        Ok(passphrase)
    }
}

#[derive(Debug, Clone, clap::Args)]
pub struct ScheduleArgs {
    /// Back the office up on a schedule into this directory, encrypted with the passphrase
    /// of --backup-passphrase-file or VIGIL_BACKUP_PASSPHRASE.
    #[arg(long, value_name = "DIR")]
    pub backup_dir: Option<PathBuf>,
    /// Hours between scheduled backups (a fraction is taken).
    #[arg(long, value_name = "HOURS", default_value_t = 24.0)]
    pub backup_every: f64,
    /// How many scheduled backups to keep: the newest; older ones are deleted.
    #[arg(long, value_name = "N", default_value_t = 14)]
    pub backup_keep: usize,
    /// A file whose first line is the passphrase of scheduled backups.
    #[arg(long, value_name = "FILE")]
    pub backup_passphrase_file: Option<PathBuf>,
}

impl From<&crate::config::BackupSchedule> for ScheduleArgs {
    /// The configuration file's `[backup]` section, as the flags would give it.
    fn from(file: &crate::config::BackupSchedule) -> Self {
        ScheduleArgs {
            backup_dir: Some(file.dir.clone()),
            backup_every: f64::from(file.every_hours),
            backup_keep: file.keep as usize,
            backup_passphrase_file: Some(file.passphrase_file.clone()),
        }
    }
}

impl ScheduleArgs {
    /// The schedule these settings ask for, if any; read and checked before the office
    /// starts, so a wrong setting stops it rather than a backup failing days later.
    pub fn schedule(&self, data_dir: &Path) -> Result<Option<Schedule>, BackupError> {
        let Some(dir) = &self.backup_dir else { return Ok(None) };
        let every = Duration::try_from_secs_f64(self.backup_every * 3600.0)
            .ok()
            .filter(|every| *every >= Duration::from_secs(60))
            .ok_or_else(|| {
                BackupError::Setting(format!(
                    "--backup-every {}: give at least a minute (0.02 hours)",
                    self.backup_every
                ))
            })?;
        if self.backup_keep == 0 {
            return Err(BackupError::Setting("--backup-keep 0: keep at least one backup".into()));
        }
        std::fs::create_dir_all(dir).map_err(io(format!("cannot create {}", dir.display())))?;
        let passphrase = Passphrase::read(self.backup_passphrase_file.as_deref(), true)?;
        Ok(Some(Schedule {
            data_dir: data_dir.to_owned(),
            dir: dir.clone(),
            every,
            keep: self.backup_keep,
            passphrase,
        }))
    }
}

/// `vigil-server backup --out FILE`: backs up the office while it may be serving, and
/// notes the backup where the office shows its last one.
pub fn backup_command(data_dir: &Path, args: &BackupArgs) -> Result<(), BackupError> {
    let passphrase = Passphrase::read(args.passphrase.passphrase_file.as_deref(), true)?;
    let summary = create(data_dir, &args.out, passphrase)?;
    SqliteStorage::open(data_dir)?.record_backup(&BackupRecord::of(&summary))?;
    println!(
        "backed up {} ops and {} blobs ({:.1} MB) to {}: {:.1} MB in {:.1} s",
        summary.ops,
        summary.blobs,
        summary.blob_bytes as f64 / 1e6,
        summary.file.display(),
        summary.bytes as f64 / 1e6,
        summary.took.as_secs_f64()
    );
    Ok(())
}

/// `vigil-server restore FILE`: restores into the (empty or new) data directory.
pub fn restore_command(data_dir: &Path, args: &RestoreArgs) -> Result<(), BackupError> {
    let passphrase = Passphrase::read(args.passphrase.passphrase_file.as_deref(), false)?;
    let restored = restore(&args.file, data_dir, passphrase)?;
    println!(
        "restored office {} as backed up at {}: {} ops and {} blobs into {} in {:.1} s",
        restored.office_id,
        restored.created_at,
        restored.ops,
        restored.blobs,
        data_dir.display(),
        restored.took.as_secs_f64()
    );
    println!(
        "its new epoch is {}: each device sends again, at its next sync, what it pushed after the backup. Devices \
         enrolled after the backup must be enrolled again; revoke again any device revoked after it.",
        restored.epoch
    );
    Ok(())
}
