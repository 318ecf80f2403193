//! A full disk or an I/O error during a write (issue 4): the operator is
//! told in plain words (exit 1, SPEC §5 "another failure"), no raw SQLite
//! text, and nothing is half-written — the database file, its export and
//! its audit log are what they were, and the same change goes through once
//! there is room again.
//!
//! A real full disk is a small tmpfs, which needs root: the tests run as
//! root, CI too, and without root they fail loudly rather than skip. An I/O
//! error is a file size limit (RLIMIT_FSIZE: writes past it fail with EFBIG,
//! which SQLite reports as SQLITE_IOERR_WRITE).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod tui_support;

/// SQLite's own words, which must never reach the operator.
const RAW_SQLITE: [&str; 3] = ["database or disk is full", "disk I/O error", "database error"];

const DISK_FULL_EN: &str =
    "the disk is full: nothing was changed (free space on the disk that holds the database and try again)";
const DISK_FULL_ZH: &str = "磁盘已满：未做任何修改（请清理数据库所在磁盘的空间后重试）";

/// A WAL database makes a 32 KiB -shm file beside it when it is opened.
const SHM_BYTES: u64 = 32 * 1024;

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("lianluo")
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn lianluo(db: &Path, lang: &str) -> Command {
    let mut c = Command::new(bin());
    c.arg("--db")
        .arg(db)
        .args(["--lang", lang])
        .env("LIANLUO_OPERATOR", "tester")
        .env_remove("SSH_CLIENT")
        .env("LIANLUO_BUSY_TIMEOUT_MS", "2000");
    c
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("run lianluo")
}

fn succeeds(cmd: &mut Command) -> Output {
    let out = run(cmd);
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// An empty database holding tests/fixtures/small.
fn seed_small(db: &Path) {
    succeeds(lianluo(db, "en").args(["init", "--empty"]));
    succeeds(lianluo(db, "en").arg("import").arg(repo("tests/fixtures/small")));
}

/// A tmpfs of `kib` KiB mounted on a fresh temporary folder, unmounted when dropped.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn mount(kib: u64) -> Tmpfs {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
            .arg(dir.path())
            .output()
            .expect("run mount");
        assert!(
            out.status.success(),
            "these tests fill a real disk: mounting a {kib} KiB tmpfs needs root (CI runs them as root), \
             and they fail rather than skip without it: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Tmpfs { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let ok = Command::new("umount")
            .arg(self.dir.path())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            // Something still holds a file there: detach it so the folder can go.
            let _ = Command::new("umount").arg("-l").arg(self.dir.path()).status();
        }
    }
}

/// Bytes an unprivileged writer may still use on the filesystem holding `dir`.
fn free_bytes(dir: &Path) -> u64 {
    let out = Command::new("stat")
        .args(["-f", "-c", "%a %S"])
        .arg(dir)
        .output()
        .expect("run stat");
    assert!(
        out.status.success(),
        "stat -f: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let mut fields = text.split_whitespace().map(|f| f.parse::<u64>().expect("a number"));
    let (blocks, size) = (fields.next().expect("blocks"), fields.next().expect("size"));
    blocks * size
}

/// Fill the filesystem holding `dir` until exactly `leave` bytes are free;
/// the filler file is returned so that it can be removed.
fn fill(dir: &Path, leave: u64) -> PathBuf {
    let filler = dir.join("filler");
    let mut left = free_bytes(dir).checked_sub(leave).expect("room to fill");
    let mut file = std::fs::File::create(&filler).expect("create filler");
    // Real bytes: tmpfs does not allocate the holes of a sparse file.
    let chunk = vec![0x5au8; 64 * 1024];
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        file.write_all(&chunk[..n]).expect("write filler");
        left -= n as u64;
    }
    file.sync_all().expect("sync filler");
    assert_eq!(free_bytes(dir), leave, "the filler leaves exactly what was asked");
    filler
}

/// What "the data as it was" means: the database file byte for byte, every
/// file of `lianluo export`, and the whole audit log.
#[derive(Debug, PartialEq)]
struct State {
    db_file: Vec<u8>,
    export: Vec<(String, Vec<u8>)>,
    log: serde_json::Value,
}

/// Read the state; `scratch` is a folder off the full disk for the export.
fn state(db: &Path, scratch: &Path) -> State {
    // First the file, before any command of ours opens it.
    let db_file = std::fs::read(db).expect("read the database file");
    let dir = scratch.join("export");
    let _ = std::fs::remove_dir_all(&dir);
    succeeds(lianluo(db, "en").arg("export").arg(&dir));
    let mut export: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("export folder")
        .map(|e| {
            let e = e.expect("entry");
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).expect("exported file"))
        })
        .collect();
    export.sort();
    State {
        db_file,
        export,
        log: audit_log(db),
    }
}

fn audit_log(db: &Path) -> serde_json::Value {
    let out = succeeds(lianluo(db, "en").args(["log", "--format", "json"]));
    serde_json::from_slice(&out.stdout).expect("log json")
}

fn log_len(db: &Path) -> usize {
    audit_log(db).as_array().expect("log array").len()
}

fn integrity(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).expect("open for the check");
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check")
}

/// Exit 1 and `message` on stderr, without SQLite's own words.
fn assert_reported(out: &Output, message: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "exit code; stderr: {err}");
    assert!(err.contains(&format!("lianluo: {message}")), "message: {err}");
    for raw in RAW_SQLITE {
        assert!(
            !err.contains(raw),
            "raw SQLite text {raw:?} reached the operator: {err}"
        );
    }
}

/// Whole and unchanged: integrity ok and the same state as `before`.
fn assert_unchanged(db: &Path, scratch: &Path, before: &State) {
    let after = state(db, scratch);
    assert_eq!(integrity(db), "ok");
    assert!(after.db_file == before.db_file, "the database file changed");
    assert_eq!(after.export, before.export, "the exported data changed");
    assert_eq!(after.log, before.log, "the audit log changed");
}

#[test]
fn a_reimport_that_fills_the_disk_is_reported_and_leaves_the_old_data_whole() {
    let disk = Tmpfs::mount(8 * 1024);
    let scratch = tempfile::tempdir().expect("tempdir");
    let db = disk.path().join("county.db");
    seed_small(&db);
    let before = state(&db, scratch.path());

    // Room for the -shm file and some pages of the write-ahead log, far
    // from the 1.5 MB or so the demo county needs: the import fails part
    // way through writing.
    let filler = fill(disk.path(), SHM_BYTES + 256 * 1024);
    let out = run(lianluo(&db, "en").args(["import", "--replace"]).arg(repo("data/demo")));
    assert_reported(&out, DISK_FULL_EN);

    std::fs::remove_file(&filler).expect("free the disk");
    assert_unchanged(&db, scratch.path(), &before);

    // With room again the same import goes through, logged once.
    succeeds(lianluo(&db, "en").args(["import", "--replace"]).arg(repo("data/demo")));
    assert_eq!(integrity(&db), "ok");
    let log = audit_log(&db);
    assert_eq!(
        log.as_array().expect("array").len(),
        before.log.as_array().expect("array").len() + 1
    );
    assert_eq!(log[0]["action"], "import");
    assert_ne!(state(&db, scratch.path()).export, before.export);
}

#[test]
fn a_small_change_on_a_full_disk_is_reported_in_both_languages_and_changes_nothing() {
    let disk = Tmpfs::mount(1024);
    let scratch = tempfile::tempdir().expect("tempdir");
    let db = disk.path().join("county.db");
    seed_small(&db);
    let before = state(&db, scratch.path());

    // Just the room the open needs for -shm: the first page of the change does not fit.
    let filler = fill(disk.path(), SHM_BYTES);
    let out = run(lianluo(&db, "en").args(["reassign", "C3", "--to", "D2"]));
    assert_reported(&out, DISK_FULL_EN);
    let out = run(lianluo(&db, "zh").args([
        "suggest",
        "move",
        "S2",
        "assigned",
        "--unit",
        "水务局",
        "--due",
        "2026-12-31",
    ]));
    assert_reported(&out, DISK_FULL_ZH);

    std::fs::remove_file(&filler).expect("free the disk");
    assert_unchanged(&db, scratch.path(), &before);

    // With room again the same change goes through and is logged.
    succeeds(lianluo(&db, "en").args(["reassign", "C3", "--to", "D2"]));
    let log = audit_log(&db);
    assert_eq!(
        log.as_array().expect("array").len(),
        before.log.as_array().expect("array").len() + 1
    );
    assert_eq!(log[0]["action"], "contacts.reassign");
    assert_eq!(log[0]["code"], "C3");
    assert_eq!(integrity(&db), "ok");
}

#[test]
fn a_change_on_a_full_disk_while_another_operator_has_the_database_open_changes_nothing() {
    let disk = Tmpfs::mount(1024);
    let scratch = tempfile::tempdir().expect("tempdir");
    let db = disk.path().join("county.db");
    seed_small(&db);
    let before = state(&db, scratch.path());

    // Another operator's open connection keeps -shm and an empty -wal in
    // place, so the open needs no room at all and the disk can be full to
    // the last byte.
    let other = rusqlite::Connection::open(&db).expect("another operator");
    let contacts: i64 = other
        .query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))
        .expect("read");
    let filler = fill(disk.path(), 0);
    let out = run(lianluo(&db, "en").args(["reassign", "C3", "--to", "D2"]));
    assert_reported(&out, DISK_FULL_EN);
    // The other operator still reads the data as it was.
    let again: i64 = other
        .query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))
        .expect("read again");
    assert_eq!(again, contacts);
    drop(other);

    std::fs::remove_file(&filler).expect("free the disk");
    assert_unchanged(&db, scratch.path(), &before);
    succeeds(lianluo(&db, "en").args(["reassign", "C3", "--to", "D2"]));
    assert_eq!(log_len(&db), before.log.as_array().expect("array").len() + 1);
}

#[test]
fn a_disk_too_full_to_open_the_database_says_so_and_changes_nothing() {
    let disk = Tmpfs::mount(1024);
    let scratch = tempfile::tempdir().expect("tempdir");
    let db = disk.path().join("county.db");
    seed_small(&db);
    let before = state(&db, scratch.path());

    // Not even room for the -shm file the open makes.
    let filler = fill(disk.path(), 0);
    let out = run(lianluo(&db, "en").args(["reassign", "C3", "--to", "D2"]));
    assert_reported(
        &out,
        "the disk failed while creating the database's -shm file beside it: nothing was changed \
         (check the disk and its free space, then try again)",
    );
    let out = run(lianluo(&db, "zh").args(["reassign", "C3", "--to", "D2"]));
    assert_reported(
        &out,
        "磁盘读写出错（创建数据库旁的 -shm 文件时）：未做任何修改（请检查磁盘及其剩余空间后重试）",
    );

    std::fs::remove_file(&filler).expect("free the disk");
    assert_unchanged(&db, scratch.path(), &before);
    succeeds(lianluo(&db, "en").args(["reassign", "C3", "--to", "D2"]));
    assert_eq!(log_len(&db), before.log.as_array().expect("array").len() + 1);
}

/// `lianluo ARGS` with writes limited to `kib` KiB a file (RLIMIT_FSIZE);
/// SIGXFSZ ignored, so a write past the limit fails with EFBIG instead of
/// killing the process.
fn lianluo_limited(db: &Path, lang: &str, kib: u64) -> Command {
    let inner = lianluo(db, lang);
    let mut c = Command::new("sh");
    // POSIX sh counts `ulimit -f` in 512-byte blocks.
    c.arg("-c")
        .arg(format!("trap '' XFSZ; ulimit -f {}; exec \"$0\" \"$@\"", kib * 2))
        .arg(inner.get_program())
        .args(inner.get_args());
    for (k, v) in inner.get_envs() {
        match v {
            Some(v) => c.env(k, v),
            None => c.env_remove(k),
        };
    }
    c
}

#[test]
fn an_io_error_during_a_reimport_is_reported_and_leaves_the_old_data_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("county.db");
    seed_small(&db);
    let before = state(&db, dir.path());

    // 256 KiB: room for -shm and the small county, not for the demo county's log.
    let out = run(lianluo_limited(&db, "en", 256)
        .args(["import", "--replace"])
        .arg(repo("data/demo")));
    assert_reported(
        &out,
        "the disk failed while writing the database: nothing was changed \
         (check the disk and its free space, then try again)",
    );
    let out = run(lianluo_limited(&db, "zh", 256)
        .args(["import", "--replace"])
        .arg(repo("data/demo")));
    assert_reported(
        &out,
        "磁盘读写出错（写入数据库时）：未做任何修改（请检查磁盘及其剩余空间后重试）",
    );
    assert_unchanged(&db, dir.path(), &before);
}

#[test]
fn a_change_reported_done_under_a_file_size_limit_is_there_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("county.db");
    seed_small(&db);
    let before = log_len(&db);
    assert!(std::fs::metadata(&db).expect("db").len() > 64 * 1024);

    // The change fits in the write-ahead log, but the checkpoint on close
    // cannot write the database file past 64 KiB and stops part way: the
    // log keeps the change, and the next open reads it whole.
    succeeds(lianluo_limited(&db, "en", 64).args(["reassign", "C3", "--to", "D2"]));
    let wal = std::fs::metadata(db.with_extension("db-wal"))
        .map(|m| m.len())
        .unwrap_or(0);
    assert!(
        wal > 0,
        "the checkpoint was expected to stop at the limit and keep the log"
    );
    assert_eq!(integrity(&db), "ok");
    let log = audit_log(&db);
    assert_eq!(log.as_array().expect("array").len(), before + 1);
    assert_eq!(log[0]["code"], "C3");
    assert_eq!(log[0]["after"]["deputy_code"], "D2");
}

/// The names in `dir`, sorted (hidden ones too: a half-built file left
/// under a temporary name counts as left behind).
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Exit 1 and exactly `message` as the error line, without SQLite's words.
fn assert_reported_exactly(out: &Output, message: &str) {
    assert_reported(out, message);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.lines().any(|l| l == format!("lianluo: {message}")),
        "message: {err}"
    );
}

#[test]
fn a_backup_onto_a_disk_too_small_names_that_disk_leaves_no_file_and_leaves_the_database_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("county.db");
    seed_small(&db);
    let before = state(&db, dir.path());
    // 64 KiB: far from the 144 KiB or so of the small county.
    let disk = Tmpfs::mount(64);
    let file = disk.path().join("copy.db");

    let out = run(lianluo(&db, "en").arg("backup").arg(&file));
    assert_reported_exactly(
        &out,
        &format!(
            "no room for the backup at {}: nothing was written (free space on that disk, or choose another place, and try again)",
            file.display()
        ),
    );
    assert_eq!(
        names(disk.path()),
        Vec::<String>::new(),
        "nothing left on the full disk"
    );
    let out = run(lianluo(&db, "zh").arg("backup").arg(&file));
    assert_reported_exactly(
        &out,
        &format!(
            "{} 所在磁盘已满，放不下备份：未写入任何文件（请清理该磁盘的空间或换一个位置后重试）",
            file.display()
        ),
    );
    assert_eq!(
        names(disk.path()),
        Vec::<String>::new(),
        "nothing left on the full disk"
    );
    assert_unchanged(&db, dir.path(), &before);

    // Where there is room the same backup goes through, leaving only FILE.
    let roomy = tempfile::tempdir().expect("tempdir");
    let file = roomy.path().join("copy.db");
    succeeds(lianluo(&db, "en").arg("backup").arg(&file));
    assert_eq!(names(roomy.path()), ["copy.db"]);
    assert_eq!(integrity(&file), "ok");
    assert_eq!(audit_log(&file), before.log);
}

#[test]
fn init_demo_on_a_disk_too_small_says_so_and_leaves_no_database() {
    // 512 KiB: room for the schema, not for the demo county's 1.5 MB.
    let disk = Tmpfs::mount(512);
    let db = disk.path().join("county.db");

    let out = run(lianluo(&db, "en").args(["init", "--demo"]));
    assert_reported_exactly(
        &out,
        &format!(
            "no room for a new database at {}: nothing was created (free space on that disk and try again)",
            db.display()
        ),
    );
    assert_eq!(names(disk.path()), Vec::<String>::new(), "no half-made database");
    let out = run(lianluo(&db, "zh").args(["init", "--demo"]));
    assert_reported_exactly(
        &out,
        &format!(
            "磁盘已满，{} 处放不下新数据库：未创建任何文件（请清理该磁盘的空间后重试）",
            db.display()
        ),
    );
    assert_eq!(names(disk.path()), Vec::<String>::new(), "no half-made database");

    // Nothing was left that a second `init` would refuse or the TUI would
    // open as the demo: with room, the same command makes the whole demo.
    let roomy = Tmpfs::mount(8 * 1024);
    let db = roomy.path().join("county.db");
    succeeds(lianluo(&db, "en").args(["init", "--demo"]));
    assert_eq!(names(roomy.path()), ["county.db"], "the database alone, checkpointed");
    assert_eq!(integrity(&db), "ok");
    let log = audit_log(&db);
    assert_eq!(log.as_array().expect("array").len(), 1);
    assert_eq!(log[0]["action"], "import");
    let conn = rusqlite::Connection::open(&db).expect("open");
    let demo: String = conn
        .query_row("SELECT value FROM meta WHERE key = 'demo'", [], |r| r.get(0))
        .expect("the demo mark");
    assert_eq!(demo, "1");
}

#[test]
fn init_demo_under_an_io_error_says_so_and_leaves_no_database() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("county.db");
    // 256 KiB a file: the schema fits, the demo county's log does not.
    let out = run(lianluo_limited(&db, "en", 256).args(["init", "--demo"]));
    assert_reported_exactly(
        &out,
        "the disk failed while writing the database: nothing was changed \
         (check the disk and its free space, then try again)",
    );
    let out = run(lianluo_limited(&db, "zh", 256).args(["init", "--demo"]));
    assert_reported_exactly(
        &out,
        "磁盘读写出错（写入数据库时）：未做任何修改（请检查磁盘及其剩余空间后重试）",
    );
    assert_eq!(names(dir.path()), Vec::<String>::new(), "no half-made database");
}

#[test]
fn the_tui_tells_a_chinese_operator_the_disk_is_full_in_chinese_and_changes_nothing() {
    use lianluo::i18n::Lang;
    use lianluo::store::{IoStep, StoreError};

    let disk = Tmpfs::mount(8 * 1024);
    let db = tui_support::demo_db(disk.path());
    let deputy_of = |contact: &str| {
        let ds = tui_support::open(&db, true).load().expect("load");
        ds.contacts
            .iter()
            .find(|c| c.code == contact)
            .expect("contact")
            .deputy_code
            .clone()
    };
    let was = deputy_of("C00042");
    let store = tui_support::open(&db, false);
    let target = store
        .load()
        .expect("load")
        .deputies
        .iter()
        .find(|d| d.active && d.code != was)
        .expect("another deputy")
        .code
        .clone();
    let mut app = tui_support::app_on(store, Lang::Zh);

    // The open store keeps -shm and -wal in place: the disk can be full to the last byte.
    let filler = fill(disk.path(), 0);
    tui_support::press(&mut app, "5 / text:C00042 Enter r");
    tui_support::press(&mut app, &format!("text:{target} Enter y"));
    let msg = app.message.clone().expect("a message");
    assert!(msg.error, "{msg:?}");
    assert_eq!(msg.text, DISK_FULL_ZH);

    // An I/O error reads as in the CLI too.
    app.store_error(StoreError::Io(IoStep::Write));
    let msg = app.message.clone().expect("a message");
    assert_eq!(
        msg.text,
        "磁盘读写出错（写入数据库时）：未做任何修改（请检查磁盘及其剩余空间后重试）"
    );
    drop(app);

    std::fs::remove_file(&filler).expect("free the disk");
    assert_eq!(deputy_of("C00042"), was, "nothing was changed");
    assert_eq!(integrity(&db), "ok");
}

#[test]
fn an_export_onto_a_full_disk_is_reported_and_leaves_no_half_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("county.db");
    seed_small(&db);
    let before = state(&db, dir.path());
    // 8 KiB: the small county's files need more.
    let disk = Tmpfs::mount(8);

    let folder = disk.path().join("export");
    let out = run(lianluo(&db, "en").arg("export").arg(&folder));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("lianluo: {}: cannot write", folder.display())),
        "{err}"
    );
    // Whatever is there is whole: a file of the export under its own name
    // is exactly the one exported where there was room.
    for name in names(&folder) {
        assert!(!name.starts_with('.'), "a partial file was left: {name}");
        let whole = before.export.iter().find(|(n, _)| *n == name).expect("a known file");
        assert_eq!(
            std::fs::read(folder.join(&name)).expect("read"),
            whole.1,
            "{name} is half-written"
        );
    }

    assert_unchanged(&db, dir.path(), &before);

    // A workbook of the demo county: its sheets' temporary data fills the
    // disk first (the writer panics there; the operator sees an error).
    let demo = dir.path().join("demo.db");
    succeeds(lianluo(&demo, "en").args(["init", "--demo"]));
    let file = disk.path().join("county.xlsx");
    let out = run(lianluo(&demo, "zh").arg("export").arg("--xlsx").arg(&file));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("lianluo: {}: 无法写入：no storage space", file.display())),
        "{err}"
    );
    assert!(!err.contains("panicked"), "a panic reached the operator: {err}");
    assert_eq!(
        names(disk.path()),
        ["export"],
        "no workbook, half or temporary, on the full disk"
    );
}
