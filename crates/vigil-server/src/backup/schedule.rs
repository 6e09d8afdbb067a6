//! Backups on a schedule while the office serves: every so many hours into one directory,
//! the newest kept, each noted where the office shows its last backup.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use age::secrecy::SecretString;

use super::{BackupError, Summary, create, io};
use crate::SqliteStorage;
use crate::sqlite::BackupRecord;

/// Scheduled backups' names: this, the time made (UTC, sortable), and [`SUFFIX`].
const PREFIX: &str = "vigil-backup-";
const SUFFIX: &str = ".age";

/// Where, how often, how many, and with which passphrase (see `ScheduleArgs`).
#[derive(Debug, Clone)]
pub struct Schedule {
    pub data_dir: PathBuf,
    pub dir: PathBuf,
    pub every: Duration,
    pub keep: usize,
    pub passphrase: SecretString,
}

impl Schedule {
    /// Runs the schedule on the office's runtime until it stops. The first backup is due
    /// `every` after the newest one in the directory (now, if there is none), so a restart
    /// neither skips nor repeats one. A failure is logged and tried again at the next turn.
    pub fn spawn(self, office: Arc<SqliteStorage>) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(self.wait()).await;
                let (schedule, office) = (self.clone(), office.clone());
                match tokio::task::spawn_blocking(move || schedule.back_up_now(&office)).await {
                    Ok(Ok(summary)) => tracing::info!(
                        file = %summary.file.display(),
                        bytes = summary.bytes,
                        millis = summary.took.as_millis() as u64,
                        "scheduled backup made"
                    ),
                    Ok(Err(err)) => {
                        tracing::error!(%err, "scheduled backup failed");
                        tokio::time::sleep(self.every).await;
                    }
                    Err(err) => tracing::error!(%err, "scheduled backup stopped"),
                }
            }
        })
    }

    /// How long until the next backup is due.
    fn wait(&self) -> Duration {
        let newest = backups_in(&self.dir).ok().and_then(|files| files.last().cloned());
        let made = newest.and_then(|file| std::fs::metadata(file).and_then(|meta| meta.modified()).ok());
        let since = made.and_then(|made| SystemTime::now().duration_since(made).ok());
        match since {
            Some(since) => self.every.saturating_sub(since),
            None => Duration::ZERO,
        }
    }

    /// Makes one backup into the directory, notes it, and deletes all but the newest `keep`.
    pub fn back_up_now(&self, office: &SqliteStorage) -> Result<Summary, BackupError> {
        let name = format!("{PREFIX}{}{SUFFIX}", chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ"));
        let summary = create(&self.data_dir, &self.dir.join(name), self.passphrase.clone())?;
        office.record_backup(&BackupRecord::of(&summary))?;
        prune(&self.dir, self.keep)?;
        Ok(summary)
    }
}

/// The scheduled backups in `dir`, oldest first (their names sort by time).
pub fn backups_in(dir: &Path) -> Result<Vec<PathBuf>, BackupError> {
    let entries = std::fs::read_dir(dir).map_err(io(format!("cannot read {}", dir.display())))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            let name = path.file_name().and_then(|name| name.to_str()).unwrap_or_default();
            name.starts_with(PREFIX) && name.ends_with(SUFFIX) && path.is_file()
        })
        .collect();
    files.sort();
    Ok(files)
}

/// Deletes all but the newest `keep` scheduled backups in `dir` (nothing else in it);
/// answers those deleted.
pub fn prune(dir: &Path, keep: usize) -> Result<Vec<PathBuf>, BackupError> {
    let files = backups_in(dir)?;
    let old = files.len().saturating_sub(keep);
    let deleted: Vec<PathBuf> = files.into_iter().take(old).collect();
    for file in &deleted {
        std::fs::remove_file(file).map_err(io(format!("cannot delete the old backup {}", file.display())))?;
    }
    Ok(deleted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheduled_backups_keep_the_newest_leave_other_files_and_note_the_last() {
        let dir = tempfile::tempdir().expect("dir");
        let data = dir.path().join("office");
        let office = SqliteStorage::open(&data).expect("office");
        let backups = dir.path().join("backups");
        std::fs::create_dir(&backups).expect("backups dir");
        std::fs::write(backups.join("notes.txt"), "the administrator's").expect("write");
        let schedule = Schedule {
            data_dir: data,
            dir: backups.clone(),
            every: Duration::from_secs(3600),
            keep: 2,
            passphrase: SecretString::from("a long enough passphrase".to_owned()),
        };
        assert_eq!(schedule.wait(), Duration::ZERO, "none yet: one is due at once");
        let made: Vec<Summary> = (0..3).map(|_| schedule.back_up_now(&office).expect("backup")).collect();
        let kept = backups_in(&backups).expect("backups");
        assert_eq!(kept, [made[1].file.clone(), made[2].file.clone()], "the newest two");
        assert!(backups.join("notes.txt").exists(), "only scheduled backups are deleted");
        let last = office.last_backup().expect("last").expect("noted");
        assert_eq!(last.file, made[2].file.display().to_string());
        assert!(schedule.wait() > Duration::from_secs(3000), "the next is due an hour after the last");
    }
}
