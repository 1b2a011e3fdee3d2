//! One process per data folder. The hall's state lives in one SQLite file, but also in each
//! process's memory (the settings cache, the write turn, the events that reach its windows):
//! two processes on one folder would each see a different hall. So `Hall::open` takes an
//! exclusive lock on a file in the folder, held for the life of the `Hall`, and a second
//! process (the app started twice, or the app beside the LAN server) is refused with
//! [`Error::DataFolderInUse`]. The operating system releases the lock when the process dies,
//! also by SIGKILL or a power cut, so a stale lock file never keeps a hall closed.

use crate::error::{Error, Result};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

/// The lock file's name inside the data folder. It holds the owner's process id, for people.
pub const LOCK_FILE: &str = "frontdesk.lock";

/// The held lock; dropping it (with the last clone of the `Hall`) releases the folder.
#[derive(Debug)]
pub struct FolderLock {
    _file: File,
}

impl FolderLock {
    /// Takes the folder, or says which process holds it. A second take in the same process
    /// is refused as well (the lock belongs to the open file, not to the process).
    pub fn acquire(dir: &Path) -> Result<FolderLock> {
        let path = dir.join(LOCK_FILE);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(Error::DataFolderInUse {
                    folder: dir.display().to_string(),
                    pid: holder_pid(&path),
                })
            }
            Err(TryLockError::Error(e)) => return Err(e.into()),
        }
        file.set_len(0)?;
        file.seek(SeekFrom::Start(0))?;
        writeln!(file, "{}", std::process::id())?;
        Ok(FolderLock { _file: file })
    }
}

impl FolderLock {
    /// [`FolderLock::acquire`], trying again for up to `wait` while another process holds it.
    pub async fn acquire_within(dir: &Path, wait: std::time::Duration) -> Result<FolderLock> {
        let deadline = std::time::Instant::now() + wait;
        loop {
            match Self::acquire(dir) {
                Err(Error::DataFolderInUse { .. }) if std::time::Instant::now() < deadline => {
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
                other => return other,
            }
        }
    }
}

/// The process id the holder wrote, when the platform lets us read it (Windows does not
/// while the file is locked); 0 when unknown.
fn holder_pid(path: &Path) -> u32 {
    let mut text = String::new();
    File::open(path)
        .and_then(|mut f| f.read_to_string(&mut text))
        .ok()
        .and_then(|_| text.trim().parse().ok())
        .unwrap_or(0)
}
