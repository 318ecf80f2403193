//! The files lianluo writes and opens (SPEC §7): what it refuses to write
//! over, backups that finish and are whole, what is not a database, stale
//! reads, permissions, and what `export DIR` leaves behind.

use assert_cmd::Command;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("lianluo")
}

fn lianluo(db: &Path, lang: &str) -> Command {
    let mut cmd = Command::new(bin());
    cmd.arg("--db").arg(db).args(["--lang", lang]);
    cmd
}

/// A demo county database in a fresh folder.
fn demo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    lianluo(&db, "en").args(["init", "--demo"]).assert().success();
    (dir, db)
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn integrity(path: &Path) -> String {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap()
}

fn companion(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// `setpriv` to the unprivileged `nobody`, or None (with a note) when this
/// is not root or setpriv is missing.
fn as_nobody() -> Option<Command> {
    let root = std::process::Command::new("id").arg("-u").output().ok()?;
    let setpriv = Path::new("/usr/bin/setpriv");
    if String::from_utf8_lossy(&root.stdout).trim() != "0" || !setpriv.exists() {
        eprintln!("skipped: needs root and setpriv");
        return None;
    }
    let mut cmd = Command::new(setpriv);
    cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(bin())
        .env("HOME", "/tmp");
    Some(cmd)
}

#[test]
fn export_xlsx_refuses_an_existing_file_unless_forced() {
    let (dir, db) = demo();
    let file = dir.path().join("county.xlsx");
    std::fs::write(&file, b"last month's workbook").unwrap();
    for (lang, words) in [("en", "already exists"), ("zh", "已存在")] {
        let out = lianluo(&db, lang)
            .args(["export", "--xlsx"])
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(
            stderr(&out).contains(words) && stderr(&out).contains("--force"),
            "{}",
            stderr(&out)
        );
        assert_eq!(std::fs::read(&file).unwrap(), b"last month's workbook");
    }
    lianluo(&db, "en")
        .args(["export", "--force", "--xlsx"])
        .arg(&file)
        .assert()
        .success();
    assert!(
        std::fs::read(&file).unwrap().starts_with(b"PK"),
        "not replaced by the workbook"
    );
}

#[test]
fn export_xlsx_and_backup_never_write_over_the_database_even_forced() {
    let (dir, db) = demo();
    let before = std::fs::read(&db).unwrap();
    // A writer keeps the -wal and -shm there, as on a busy server.
    let writer = rusqlite::Connection::open(&db).unwrap();
    writer
        .query_row("SELECT count(*) FROM contacts", [], |r| r.get::<_, i64>(0))
        .unwrap();
    assert!(companion(&db, "-shm").exists());
    let link = dir.path().join("link.db");
    std::os::unix::fs::symlink(&db, &link).unwrap();
    let hard = dir.path().join("hard.db");
    std::fs::hard_link(&db, &hard).unwrap();
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    let targets = [
        db.clone(),
        companion(&db, "-wal"),
        companion(&db, "-shm"),
        link,
        hard,
        sub.join("../c.db"),
    ];
    for target in &targets {
        for (lang, words) in [("en", "never overwritten"), ("zh", "绝不覆盖")] {
            let mut export = lianluo(&db, lang);
            export.args(["export", "--force", "--xlsx"]).arg(target);
            let mut backup = lianluo(&db, lang);
            backup.arg("backup").arg(target).arg("--force");
            for cmd in [&mut export, &mut backup] {
                let out = cmd.output().unwrap();
                assert_eq!(out.status.code(), Some(1), "{}: {}", target.display(), stderr(&out));
                assert!(stderr(&out).contains(words), "{}", stderr(&out));
            }
        }
    }
    drop(writer);
    assert_eq!(std::fs::read(&db).unwrap(), before);
    lianluo(&db, "en").args(["gaps"]).assert().success();
}

#[test]
fn backup_refuses_an_existing_file_unless_forced() {
    let (dir, db) = demo();
    let copy = dir.path().join("copy.db");
    std::fs::write(&copy, b"yesterday").unwrap();
    let out = lianluo(&db, "zh").arg("backup").arg(&copy).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("已存在"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&copy).unwrap(), b"yesterday");
    lianluo(&db, "en")
        .arg("backup")
        .arg(&copy)
        .arg("--force")
        .assert()
        .success();
    assert_eq!(integrity(&copy), "ok");
    // Nothing of the build is left beside it.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn backup_finishes_while_another_operator_commits_all_the_time() {
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    use std::sync::Arc;
    let (dir, db) = demo();
    // City-sized (16 MB more): the old backup, 256 pages a step with a
    // pause between, needed many steps and restarted at each commit.
    let pad = rusqlite::Connection::open(&db).unwrap();
    pad.execute_batch(
        "CREATE TABLE pad(x); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000)
         INSERT INTO pad SELECT randomblob(4000) FROM n;",
    )
    .unwrap();
    drop(pad);
    let copy = dir.path().join("copy.db");
    let stop = Arc::new(AtomicBool::new(false));
    let commits = Arc::new(AtomicU64::new(0));
    let writer = {
        let (db, stop, commits) = (db.clone(), stop.clone(), commits.clone());
        std::thread::spawn(move || {
            let conn = rusqlite::Connection::open(&db).unwrap();
            conn.busy_timeout(std::time::Duration::from_secs(5)).unwrap();
            // Commits as fast as they go.
            conn.execute_batch("PRAGMA synchronous = OFF").unwrap();
            while !stop.load(Ordering::Relaxed) {
                conn.execute_batch(
                    "BEGIN IMMEDIATE; UPDATE contacts SET version = version + 1
                     WHERE code = (SELECT min(code) FROM contacts); COMMIT;",
                )
                .unwrap();
                commits.fetch_add(1, Ordering::Relaxed);
            }
        })
    };
    while commits.load(Ordering::Relaxed) < 5 {
        std::thread::yield_now();
    }
    let before = commits.load(Ordering::Relaxed);
    // The timeout only keeps a backup that never ends from hanging the suite.
    let out = lianluo(&db, "en")
        .arg("backup")
        .arg(&copy)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let during = commits.load(Ordering::Relaxed) - before;
    stop.store(true, Ordering::Relaxed);
    writer.join().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(during > 0, "no commit landed during the backup");
    assert_eq!(integrity(&copy), "ok");
    lianluo(&copy, "en").args(["gaps"]).assert().success();
}

#[test]
fn backup_of_a_damaged_database_fails_and_keeps_no_copy() {
    use std::io::{Seek, Write};
    let (dir, db) = demo();
    let mut file = std::fs::OpenOptions::new().write(true).open(&db).unwrap();
    file.seek(std::io::SeekFrom::Start(300_000)).unwrap();
    file.write_all(&[0xA5; 8192]).unwrap();
    drop(file);
    assert_ne!(integrity(&db), "ok");
    let copy = dir.path().join("copy.db");
    for (lang, words) in [("en", "no backup was kept"), ("zh", "未保留任何备份文件")] {
        let out = lianluo(&db, lang).arg("backup").arg(&copy).output().unwrap();
        assert_ne!(out.status.code(), Some(0));
        assert!(stderr(&out).contains(words), "{}", stderr(&out));
        assert!(!copy.exists(), "a damaged copy was kept");
    }
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().contains("copy.db"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_zero_byte_file_is_not_a_database_except_to_init() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.db");
    std::fs::write(&db, b"").unwrap();
    let out_dir = dir.path().join("out");
    let copy = dir.path().join("copy.db");
    let commands: [Vec<std::ffi::OsString>; 7] = [
        vec!["gaps".into(), "--check".into()],
        vec!["cells".into()],
        vec!["log".into()],
        vec!["export".into(), out_dir.clone().into()],
        vec!["backup".into(), copy.clone().into()],
        vec!["reassign".into(), "C00001".into(), "--to".into(), "D00001".into()],
        vec!["config".into(), "get".into(), "max_station_km".into()],
    ];
    for args in &commands {
        for (lang, words) in [("en", "empty file"), ("zh", "空文件")] {
            let out = lianluo(&db, lang).args(args).output().unwrap();
            assert_eq!(out.status.code(), Some(66), "{args:?}: {}", stderr(&out));
            assert!(stderr(&out).contains(words), "{}", stderr(&out));
            assert_eq!(std::fs::metadata(&db).unwrap().len(), 0, "{args:?} wrote into it");
        }
    }
    assert!(!copy.exists() && !out_dir.join("contacts.csv").exists());
    // An administrator's empty file, made for the operators' group: init
    // takes it and keeps its mode.
    set_mode(&db, 0o660);
    lianluo(&db, "en").args(["init", "--empty"]).assert().success();
    assert_eq!(mode(&db), 0o660);
    lianluo(&db, "en").args(["gaps"]).assert().success();
}

#[test]
fn an_unprivileged_reader_is_told_of_changes_not_yet_merged_rather_than_shown_stale_data() {
    let (dir, db) = demo();
    // Another connection stays open, so the -wal keeps the commit below
    // (the last connection to close would merge it).
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder
        .query_row("SELECT count(*) FROM contacts", [], |r| r.get::<_, i64>(0))
        .unwrap();
    lianluo(&db, "en")
        .args(["suggest", "add", "--cell", "G00001", "--title", "路灯不亮"])
        .assert()
        .success();
    // What a writer that died leaves: the file and a -wal, no -shm, in a
    // folder the reader cannot write.
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    let copy = ro.join("c.db");
    std::fs::copy(&db, &copy).unwrap();
    std::fs::copy(companion(&db, "-wal"), companion(&copy, "-wal")).unwrap();
    drop(holder);
    assert!(std::fs::metadata(companion(&copy, "-wal")).unwrap().len() > 32);
    for p in [dir.path(), &ro] {
        set_mode(p, 0o755);
    }
    for f in [copy.clone(), companion(&copy, "-wal")] {
        set_mode(&f, 0o644);
    }
    for (lang, words) in [("en", "not yet merged"), ("zh", "尚未合并")] {
        let Some(mut nobody) = as_nobody() else { return };
        let out = nobody
            .arg("--db")
            .arg(&copy)
            .args(["--lang", lang, "log", "--format", "json", "--limit", "1"])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(66),
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            stderr(&out)
        );
        assert!(stderr(&out).contains(words), "{}", stderr(&out));
    }
    // Whoever can write the folder reads the change (and merges it).
    let out = lianluo(&copy, "en")
        .args(["log", "--format", "json", "--limit", "1"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("suggestions.add"));
}

/// Run `lianluo ARGS` under umask 022 (a typical login's).
fn under_umask_022(db: &Path, args: &[&std::ffi::OsStr]) {
    let out = std::process::Command::new("sh")
        .args(["-c", "umask 022 && exec \"$@\"", "sh"])
        .arg(bin())
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
}

#[test]
fn nothing_lianluo_creates_gives_others_permission_even_under_umask_022() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let (copy, out, xlsx) = (
        dir.path().join("copy.db"),
        dir.path().join("out"),
        dir.path().join("c.xlsx"),
    );
    under_umask_022(&db, &["init".as_ref(), "--demo".as_ref()]);
    under_umask_022(&db, &["backup".as_ref(), copy.as_os_str()]);
    under_umask_022(&db, &["export".as_ref(), out.as_os_str()]);
    under_umask_022(&db, &["export".as_ref(), "--xlsx".as_ref(), xlsx.as_os_str()]);
    // SQLite gives the -wal and -shm the database's own mode.
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder
        .execute_batch("UPDATE meta SET value = value WHERE key = 'demo'")
        .unwrap();
    let mut files = vec![
        db.clone(),
        copy,
        xlsx,
        out.clone(),
        companion(&db, "-wal"),
        companion(&db, "-shm"),
    ];
    files.extend(std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().path()));
    assert!(files.len() > 10);
    for f in &files {
        assert_eq!(mode(f) & 0o007, 0, "{} is {:o}", f.display(), mode(f));
    }
    drop(holder);
}

#[test]
fn a_world_readable_database_is_warned_about_once() {
    let (_dir, db) = demo();
    lianluo(&db, "en").args(["cells"]).assert().success().stderr("");
    set_mode(&db, 0o644);
    for (lang, words) in [
        ("en", "every account on this machine can read"),
        ("zh", "所有账户都能读取"),
    ] {
        let out = lianluo(&db, lang).args(["gaps"]).output().unwrap();
        assert!(out.status.success());
        assert_eq!(stderr(&out).matches(words).count(), 1, "{}", stderr(&out));
        assert!(stderr(&out).contains("chmod o-rwx"));
    }
}

#[test]
fn export_dir_leaves_no_file_of_an_older_export() {
    let (dir, db) = demo();
    let out = dir.path().join("out");
    lianluo(&db, "en").arg("export").arg(&out).assert().success();
    assert!(out.join("boundary.geojson").exists());
    // A killed export's build of a file this one will not write, and files
    // that are not the export's.
    let dead = (1_000_000..4_000_000u32)
        .find(|p| !Path::new(&format!("/proc/{p}")).exists())
        .unwrap();
    let abandoned = out.join(format!(".boundary.geojson.partial-{dead}-7"));
    std::fs::write(&abandoned, b"half").unwrap();
    std::fs::write(out.join("notes.txt"), b"mine").unwrap();
    std::fs::write(out.join("boundary.geojson.bak"), b"mine too").unwrap();
    let nob = dir.path().join("nob.db");
    lianluo(&nob, "en").args(["init", "--empty"]).assert().success();
    lianluo(&nob, "en").arg("export").arg(&out).assert().success();
    assert!(!out.join("boundary.geojson").exists(), "a stale boundary was left");
    assert!(!abandoned.exists(), "a dead export's build was left");
    assert_eq!(std::fs::read(out.join("notes.txt")).unwrap(), b"mine");
    assert!(out.join("boundary.geojson.bak").exists());
    // And the folder imports as the database it came from: no boundary.
    let again = dir.path().join("again.db");
    lianluo(&again, "en").args(["init", "--empty"]).assert().success();
    let imported = lianluo(&again, "en").arg("import").arg(&out).output().unwrap();
    assert!(imported.status.success(), "{}", stderr(&imported));
    assert!(!String::from_utf8_lossy(&imported.stdout).contains("boundary"));
}

/// Every standard file in `dir`, by name, with its bytes.
fn export_state(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn an_export_killed_while_writing_leaves_the_last_export_whole() {
    if !Path::new("/usr/bin/prlimit").exists() {
        eprintln!("skipped: needs prlimit");
        return;
    }
    let (dir, db) = demo();
    let (out, fresh) = (dir.path().join("out"), dir.path().join("fresh"));
    let empty = dir.path().join("empty.db");
    lianluo(&empty, "en").args(["init", "--empty"]).assert().success();
    lianluo(&empty, "en").arg("export").arg(&out).assert().success();
    let last = export_state(&out);
    lianluo(&db, "en").arg("export").arg(&fresh).assert().success();
    let whole = export_state(&fresh);
    // A file size limit kills the export (SIGXFSZ, like kill -9: no clean-up)
    // when it writes its first file bigger than the limit, the cells,
    // after a smaller one (the areas).
    let size = |name: &str| std::fs::metadata(fresh.join(name)).unwrap().len();
    let limit = (size("areas.csv").max(32_768) + size("cells.geojson")) / 2;
    assert!(size("areas.csv") < limit && limit < size("cells.geojson"));
    let killed = std::process::Command::new("/usr/bin/prlimit")
        .arg(format!("--fsize={limit}"))
        .arg("--")
        .arg(bin())
        .arg("--db")
        .arg(&db)
        .arg("export")
        .arg(&out)
        .output()
        .unwrap();
    assert!(!killed.status.success());
    assert_eq!(export_state(&out), last, "the folder holds a mix of two exports");
    // The next export removes what the killed one left and writes it whole.
    lianluo(&db, "en").arg("export").arg(&out).assert().success();
    assert_eq!(export_state(&out), whole);
    let hidden: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().starts_with('.'))
        .collect();
    assert!(hidden.is_empty(), "{hidden:?}");
}
