//! Quick wipe of a device's data directory. Every part is removed on its own, so one that
//! cannot be removed (a file another program holds, a disk error) never leaves the others
//! behind, and the [`WipeReport`] names what was removed and what was not. The vault goes
//! first: without it the encrypted store and blobs are unreadable.

use std::fs;
use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::vault::Vault;

/// One part of what a device keeps. The app wipes the last two itself (they are not in
/// the data directory).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WipePart {
    /// The wrapped master key (`vault.json`).
    Vault,
    /// The encrypted database and its journal files.
    Store,
    /// The encrypted photos and documents.
    Blobs,
    /// Anything else in the data directory (the idle-time setting).
    OtherFiles,
    /// The master key kept by the OS keyring ("remember on this device").
    Keyring,
    /// Reports and tables exported in clear to the export folder.
    Exports,
}

/// A part the wipe could not remove, and why.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WipeFailure {
    pub part: WipePart,
    pub message: String,
}

/// What a quick wipe did.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct WipeReport {
    /// Removed, or there was nothing of it.
    pub removed: Vec<WipePart>,
    /// Still on the device.
    pub failed: Vec<WipeFailure>,
}

impl WipeReport {
    /// Notes how removing `part` went.
    pub fn record(&mut self, part: WipePart, outcome: Result<(), String>) {
        match outcome {
            Ok(()) => self.removed.push(part),
            Err(message) => self.failed.push(WipeFailure { part, message }),
        }
    }
}

/// The parts kept in the data directory beside the vault.
const IN_THE_DIR: [WipePart; 3] = [WipePart::Store, WipePart::Blobs, WipePart::OtherFiles];

/// Wipes the data directory `dir`: overwrites the vault with noise, synced to the disk,
/// and removes it, then removes every other file and folder, each on its own.
pub fn wipe_data_dir(dir: &Path) -> WipeReport {
    let mut report = WipeReport::default();
    let vault = Vault::in_dir(dir).path().to_owned();
    report.record(WipePart::Vault, destroy(&vault).map_err(|err| format!("{}: {err}", vault.display())));
    let mut problems: Vec<(WipePart, String)> = Vec::new();
    match fs::read_dir(dir) {
        Ok(entries) => {
            for entry in entries {
                let path = match entry {
                    Ok(entry) => entry.path(),
                    Err(err) => {
                        problems.push((WipePart::OtherFiles, format!("{}: {err}", dir.display())));
                        continue;
                    }
                };
                if path == vault {
                    continue;
                }
                let removed = if path.is_dir() { fs::remove_dir_all(&path) } else { fs::remove_file(&path) };
                if let Err(err) = removed {
                    problems.push((part_of(&path), format!("{}: {err}", path.display())));
                }
            }
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        Err(err) => {
            let message = format!("{}: {err}", dir.display());
            problems.extend(IN_THE_DIR.map(|part| (part, message.clone())));
        }
    }
    for part in IN_THE_DIR {
        let messages: Vec<&str> =
            problems.iter().filter(|(of, _)| *of == part).map(|(_, message)| message.as_str()).collect();
        report.record(part, if messages.is_empty() { Ok(()) } else { Err(messages.join("; ")) });
    }
    report
}

/// Overwrites the file at `path` in place, makes the disk hold the noise, then removes
/// it, even if the overwrite failed. Nothing there is not an error.
fn destroy(path: &Path) -> std::io::Result<()> {
    let overwritten = match fs::OpenOptions::new().write(true).open(path) {
        Ok(mut file) => overwrite(&mut file),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(err) => Err(err),
    };
    fs::remove_file(path)?;
    overwritten.map_err(|err| std::io::Error::new(err.kind(), format!("removed without being overwritten: {err}")))
}

fn overwrite(file: &mut fs::File) -> std::io::Result<()> {
    let len = usize::try_from(file.metadata()?.len()).unwrap_or(0);
    let noise: Vec<u8> = (0..len).map(|_| rand::random::<u8>()).collect();
    file.write_all(&noise)?;
    file.sync_all()
}

/// Which part a path of the data directory belongs to, by the names the store gives them
/// (`device.db` and its `-wal`, `-shm`, `-journal`; `device.blobs/`).
fn part_of(path: &Path) -> WipePart {
    let name = path.file_name().and_then(|name| name.to_str()).unwrap_or("");
    if name.ends_with(".blobs") {
        WipePart::Blobs
    } else if name.contains(".db") {
        WipePart::Store
    } else {
        WipePart::OtherFiles
    }
}

#[cfg(test)]
mod tests {
    use super::{WipePart, wipe_data_dir};
    use crate::vault::Vault;

    /// A data directory as the app leaves it: vault, store with its journal, blobs, settings.
    fn data_dir() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("dir");
        Vault::in_dir(dir.path()).create("correct horse battery").expect("vault");
        for file in ["device.db", "device.db-wal", "settings.json"] {
            std::fs::write(dir.path().join(file), b"bytes").expect("file");
        }
        std::fs::create_dir(dir.path().join("device.blobs")).expect("blobs");
        std::fs::write(dir.path().join("device.blobs").join("ab12"), b"photo").expect("blob");
        dir
    }

    #[test]
    fn every_part_goes_and_the_report_says_so() {
        let dir = data_dir();
        let report = wipe_data_dir(dir.path());
        assert!(report.failed.is_empty(), "{report:?}");
        assert_eq!(report.removed, [WipePart::Vault, WipePart::Store, WipePart::Blobs, WipePart::OtherFiles]);
        assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0);
    }

    #[test]
    fn a_part_that_cannot_be_removed_leaves_the_others_removed_and_is_named() {
        let dir = data_dir();
        // A vault that can be neither overwritten nor removed as a file (even by root).
        let vault = Vault::in_dir(dir.path()).path().to_owned();
        std::fs::remove_file(&vault).expect("vault file");
        std::fs::create_dir(&vault).expect("a folder in its place");
        let report = wipe_data_dir(dir.path());
        assert_eq!(report.removed, [WipePart::Store, WipePart::Blobs, WipePart::OtherFiles]);
        assert_eq!(report.failed.len(), 1, "{report:?}");
        assert_eq!(report.failed[0].part, WipePart::Vault);
        assert!(report.failed[0].message.contains("vault.json"), "{}", report.failed[0].message);
        let left: Vec<_> =
            std::fs::read_dir(dir.path()).expect("dir").map(|entry| entry.expect("entry").path()).collect();
        assert_eq!(left, [vault], "only what failed is left");
    }

    #[test]
    fn the_vault_is_overwritten_in_place_before_it_is_removed() {
        let dir = data_dir();
        let vault = Vault::in_dir(dir.path()).path().to_owned();
        let before = std::fs::read(&vault).expect("vault");
        // A second name for the vault's bytes on the disk, outside the data directory.
        let outside = tempfile::tempdir_in(dir.path().parent().expect("parent")).expect("outside");
        let witness = outside.path().join("witness");
        std::fs::hard_link(&vault, &witness).expect("hard link");
        assert!(wipe_data_dir(dir.path()).failed.is_empty());
        assert!(!vault.exists());
        let after = std::fs::read(&witness).expect("the bytes the vault had");
        assert_eq!(after.len(), before.len());
        assert!(!after.windows(6).any(|w| w == b"\"salt\""), "the vault's bytes are noise now");
    }
}
