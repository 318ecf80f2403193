//! A new file (a fresh database, a backup, an exported file) built under a
//! hidden name beside where it belongs and moved there in one step once
//! whole: at its real name there is either nothing (or the file it
//! replaces) or the whole file, never half of one, whatever stops the build
//! (a full disk, an I/O error, a crash).

use std::io;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// The files SQLite may keep beside a database while it writes it.
const COMPANIONS: [&str; 3] = ["-journal", "-wal", "-shm"];

/// A file being built at [`Staged::path`]; [`Staged::finish`] moves it to
/// its destination. Dropped unfinished, it is removed with its companions.
#[derive(Debug)]
pub struct Staged {
    temp: PathBuf,
    dest: PathBuf,
    finished: bool,
}

impl Staged {
    /// Reserve a new, empty file beside `dest` (same folder, so same disk,
    /// and the final move is a rename, not a copy). Fails as creating a
    /// file in that folder would: no such folder, no permission.
    pub fn beside(dest: &Path) -> io::Result<Staged> {
        let name = dest
            .file_name()
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        remove_abandoned(dest);
        let mut hidden = std::ffi::OsString::from(".");
        hidden.push(name);
        hidden.push(format!(".partial-{}-{nanos}", std::process::id()));
        let temp = dest.with_file_name(hidden);
        // Owner and group only, whatever the umask (SPEC §7): SQLite gives
        // a database's -wal and -shm the database's mode.
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o660)
            .open(&temp)?;
        Ok(Staged {
            temp,
            dest: dest.to_path_buf(),
            finished: false,
        })
    }

    /// Remove what killed builds of `dest` left, without building it (an
    /// export that no longer writes a file it wrote before).
    pub fn clear_abandoned(dest: &Path) {
        remove_abandoned(dest);
    }

    /// Where to build the file.
    pub fn path(&self) -> &Path {
        &self.temp
    }

    /// Move the whole file to its destination, never over a file that
    /// appeared there meanwhile (`AlreadyExists`; the build is removed).
    /// The file must be closed and complete: for a WAL database, closed
    /// after a checkpoint ([`super::Store::close`]), so that nothing of it
    /// is left in a -wal file under the hidden name.
    pub fn finish(mut self) -> io::Result<()> {
        // A hard link is a rename that refuses to replace an existing file.
        match std::fs::hard_link(&self.temp, &self.dest) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Err(e),
            // A filesystem without hard links: check, then rename.
            Err(_) if !self.dest.exists() => std::fs::rename(&self.temp, &self.dest)?,
            Err(_) => return Err(io::Error::from(io::ErrorKind::AlreadyExists)),
        }
        self.finished = true;
        remove_with_companions(&self.temp);
        self.sync_folder();
        Ok(())
    }

    /// Move the whole file to its destination, replacing any file there
    /// (an export written again over the last one).
    pub fn replace(mut self) -> io::Result<()> {
        std::fs::rename(&self.temp, &self.dest)?;
        self.finished = true;
        // What SQLite left beside the hidden name (a check of a copy).
        remove_with_companions(&self.temp);
        self.sync_folder();
        Ok(())
    }

    /// Make the new name durable; a failure here loses nothing written.
    fn sync_folder(&self) {
        if let Some(dir) = self.dest.parent().filter(|p| !p.as_os_str().is_empty()) {
            let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
        }
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.finished {
            remove_with_companions(&self.temp);
        }
    }
}

/// Why a file may not be written at a name a command was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    /// Something is there and `--force` was not given.
    Exists,
    /// It is the open database or one of its companions (-wal, -shm,
    /// -journal): never written over, `--force` or not.
    Database,
}

impl Overwrite {
    /// Why `file` was not written, in the operator's language (the CLI's
    /// `--force` and the TUI's report say it the same way).
    pub fn message(self, lang: crate::i18n::Lang, file: &Path) -> String {
        let f = crate::model::escape_unsafe(&file.display().to_string());
        match (self, lang.is_zh()) {
            (Overwrite::Exists, true) => format!("{f} 已存在；不覆盖（如需替换，请加 --force）"),
            (Overwrite::Exists, false) => format!("{f} already exists; not overwritten (add --force to replace it)"),
            (Overwrite::Database, true) => {
                format!("{f} 是正在使用的数据库（或其 -wal/-shm 文件）；即使加 --force 也绝不覆盖")
            }
            (Overwrite::Database, false) => {
                format!("{f} is the database in use (or its -wal/-shm file); never overwritten, even with --force")
            }
        }
    }
}

/// Whether a command may write `dest` (`export --xlsx`, `backup`, `report
/// --xlsx`, SPEC §7): nothing there, or `force` and something that is not
/// the database `db` nor its -wal, -shm or -journal. The database is
/// recognised by name (through symlinks and `..`) and by inode (a hard
/// link), its companions by name even before they exist.
pub fn may_write(dest: &Path, db: &Path, force: bool) -> Result<(), Overwrite> {
    if is_database(dest, db) {
        return Err(Overwrite::Database);
    }
    // A dangling symlink is something there too: a rename would replace it.
    if std::fs::symlink_metadata(dest).is_ok() && !force {
        return Err(Overwrite::Exists);
    }
    Ok(())
}

fn is_database(dest: &Path, db: &Path) -> bool {
    let mut names = vec![db.to_path_buf()];
    if let Ok(real) = std::fs::canonicalize(db) {
        names.push(real);
    }
    let with = |base: &Path, suffix: &str| {
        let mut name = base.as_os_str().to_os_string();
        name.push(suffix);
        PathBuf::from(name)
    };
    let database: Vec<PathBuf> = names
        .iter()
        .flat_map(|base| std::iter::once(base.clone()).chain(COMPANIONS.iter().map(move |suffix| with(base, suffix))))
        .collect();
    let dest_names = [
        Some(dest.to_path_buf()),
        canonical_name(dest),
        std::fs::canonicalize(dest).ok(),
    ];
    let same_name = dest_names
        .iter()
        .flatten()
        .any(|d| database.iter().any(|f| Some(d.clone()) == canonical_name(f) || d == f));
    let same_inode = std::fs::metadata(dest).is_ok_and(|d| {
        database
            .iter()
            .filter_map(|f| std::fs::metadata(f).ok())
            .any(|f| f.dev() == d.dev() && f.ino() == d.ino())
    });
    same_name || same_inode
}

/// `path` with its folder made canonical (the file itself need not exist).
fn canonical_name(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(std::fs::canonicalize(dir).ok()?.join(name))
}

/// Remove the builds beside `dest` that a killed lianluo left (SIGKILL and
/// power loss run no clean-up): `.NAME.partial-PID-…` whose PID is gone.
/// A build whose process still runs, or when that cannot be told (no
/// /proc), is left alone.
fn remove_abandoned(dest: &Path) {
    let (Some(name), Some(dir)) = (dest.file_name(), dest.parent()) else {
        return;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    if !Path::new("/proc/self").exists() {
        return;
    }
    let prefix = format!(".{}.partial-", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file.strip_prefix(&prefix) else {
            continue;
        };
        // The build itself (its companions go with it).
        let Some((pid, stamp)) = rest.split_once('-') else {
            continue;
        };
        if !stamp.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let Ok(pid) = pid.parse::<u32>() else { continue };
        if !Path::new(&format!("/proc/{pid}")).exists() {
            remove_with_companions(&entry.path());
        }
    }
}

fn remove_with_companions(path: &Path) {
    let _ = std::fs::remove_file(path);
    for suffix in COMPANIONS {
        let mut name = path.as_os_str().to_os_string();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A process number no process has now.
    fn gone_pid() -> u32 {
        (1_000_000..4_000_000)
            .find(|p| !Path::new(&format!("/proc/{p}")).exists())
            .unwrap()
    }

    #[test]
    fn builds_left_by_a_killed_program_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("county.db");
        let dead = dir.path().join(format!(".county.db.partial-{}-42", gone_pid()));
        let dead_wal = dir.path().join(format!(".county.db.partial-{}-42-wal", gone_pid()));
        let live = dir.path().join(format!(".county.db.partial-{}-7", std::process::id()));
        let other = dir.path().join(format!(".other.db.partial-{}-42", gone_pid()));
        for f in [&dead, &dead_wal, &live, &other] {
            std::fs::write(f, b"half").unwrap();
        }
        let staged = Staged::beside(&dest).unwrap();
        assert!(!dead.exists() && !dead_wal.exists(), "abandoned build left");
        assert!(live.exists(), "a running build was removed");
        assert!(other.exists(), "another file's build was touched");
        drop(staged);
        assert!(!dest.exists());
    }
}
