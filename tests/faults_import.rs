//! SIGKILL in the middle of an import leaves the old data or the new, whole.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("lianluo")
}

fn lianluo(db: &Path) -> Command {
    let mut c = Command::new(bin());
    c.arg("--db")
        .arg(db)
        .args(["--lang", "en"])
        .env("LIANLUO_OPERATOR", "tester");
    c
}

fn export(db: &Path, dir: &Path) -> Vec<(String, Vec<u8>)> {
    let _ = std::fs::remove_dir_all(dir);
    let out = lianluo(db).arg("export").arg(dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// `lianluo import [FLAGS] DATA` into `db`, sent SIGKILL after `delay_ms`.
/// An import killed (SIGKILL) `delay_ms` after it starts; None: once it
/// has ended (a kill then finds nothing to stop, however slow the machine).
fn import_killed_after(db: &Path, flags: &[&str], data: &Path, delay_ms: Option<u64>) {
    let mut child = lianluo(db)
        .arg("import")
        .args(flags)
        .arg(data)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    match delay_ms {
        Some(ms) => std::thread::sleep(Duration::from_millis(ms)),
        None => {
            let _ = child.wait();
        }
    }
    let _ = child.kill(); // SIGKILL
    let _ = child.wait();
}

#[test]
fn sigkill_during_a_reimport_leaves_the_old_data_or_the_new_whole() {
    let dir = tempfile::tempdir().unwrap();
    let old_data = dir.path().join("old");
    let new_data = dir.path().join("new");
    assert!(Command::new(bin())
        .args(["demo", "--scale", "county", "--seed", "1", "--out"])
        .arg(&old_data)
        .status()
        .unwrap()
        .success());
    assert!(Command::new(bin())
        .args(["demo", "--scale", "county", "--seed", "2", "--out"])
        .arg(&new_data)
        .status()
        .unwrap()
        .success());

    // What "old, whole" and "new, whole" look like.
    let reference = dir.path().join("ref.db");
    lianluo(&reference).args(["init", "--empty"]).status().unwrap();
    assert!(lianluo(&reference)
        .arg("import")
        .arg(&old_data)
        .status()
        .unwrap()
        .success());
    let old_export = export(&reference, &dir.path().join("old-export"));
    let started = std::time::Instant::now();
    assert!(lianluo(&reference)
        .arg("import")
        .arg("--replace")
        .arg(&new_data)
        .status()
        .unwrap()
        .success());
    let full = started.elapsed().as_millis() as u64;
    let new_export = export(&reference, &dir.path().join("new-export"));
    assert_ne!(old_export, new_export);

    let mut outcomes = Vec::new();
    // Kill at moments spread over the whole import, and once after it.
    let delays: Vec<Option<u64>> = [0, 10, 25, 50, 75, 90, 98]
        .iter()
        .map(|pct| Some(full * pct / 100))
        .chain([None])
        .collect();
    for (i, delay_ms) in delays.into_iter().enumerate() {
        let db = dir.path().join(format!("k{i}.db"));
        lianluo(&db).args(["init", "--empty"]).status().unwrap();
        assert!(lianluo(&db).arg("import").arg(&old_data).status().unwrap().success());
        import_killed_after(&db, &["--replace"], &new_data, delay_ms);
        let check = lianluo(&db).args(["log", "--limit", "1"]).output().unwrap();
        assert!(
            check.status.success(),
            "database unreadable after SIGKILL at {delay_ms:?} ms"
        );
        let got = export(&db, &dir.path().join(format!("k{i}-export")));
        let outcome = if got == old_export {
            "old"
        } else if got == new_export {
            "new"
        } else {
            panic!("SIGKILL at {delay_ms:?} ms left a half-written import")
        };
        let conn = rusqlite::Connection::open(&db).unwrap();
        let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(ok, "ok");
        outcomes.push((delay_ms, outcome));
    }
    eprintln!("import took {full} ms; outcomes: {outcomes:?}");
    // The kill after the import finished must find the new data.
    assert_eq!(outcomes.last().map(|o| o.1), Some("new"));
}

/// A first import into an empty database builds its indexes after the rows
/// (it drops them, loads, and makes them again, all in one transaction):
/// killed at any moment, the file is still empty with every index, or whole.
#[test]
fn sigkill_during_a_first_import_leaves_an_empty_database_with_its_indexes_or_the_whole_import() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    assert!(Command::new(bin())
        .args(["demo", "--scale", "county", "--seed", "3", "--out"])
        .arg(&data)
        .status()
        .unwrap()
        .success());
    let index_sql = |db: &Path| -> Vec<String> {
        let conn = rusqlite::Connection::open(db).unwrap();
        let mut stmt = conn
            .prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
            .unwrap();
        let rows = stmt.query_map([], |r| r.get::<_, String>(0)).unwrap();
        rows.map(Result::unwrap).collect()
    };
    let empty = dir.path().join("empty.db");
    lianluo(&empty).args(["init", "--empty"]).status().unwrap();
    let empty_export = export(&empty, &dir.path().join("empty-export"));
    let indexes = index_sql(&empty);
    assert!(indexes.len() >= 7, "{indexes:?}");

    let reference = dir.path().join("ref.db");
    lianluo(&reference).args(["init", "--empty"]).status().unwrap();
    let started = std::time::Instant::now();
    assert!(lianluo(&reference).arg("import").arg(&data).status().unwrap().success());
    let full = started.elapsed().as_millis() as u64;
    let full_export = export(&reference, &dir.path().join("full-export"));
    assert_eq!(index_sql(&reference), indexes);

    let mut outcomes = Vec::new();
    // Kill at moments spread over the whole import, and once after it.
    let delays = [5u64, 30, 60, 85, 97].map(|pct| Some(full * pct / 100));
    for (i, delay_ms) in delays.into_iter().chain([None]).enumerate() {
        let db = dir.path().join(format!("f{i}.db"));
        lianluo(&db).args(["init", "--empty"]).status().unwrap();
        import_killed_after(&db, &[], &data, delay_ms);
        let got = export(&db, &dir.path().join(format!("f{i}-export")));
        let outcome = if got == empty_export {
            "empty"
        } else if got == full_export {
            "whole"
        } else {
            panic!("SIGKILL at {delay_ms:?} ms left a half-written first import")
        };
        assert_eq!(index_sql(&db), indexes, "indexes after SIGKILL at {delay_ms:?} ms");
        let conn = rusqlite::Connection::open(&db).unwrap();
        let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(ok, "ok");
        outcomes.push((delay_ms, outcome));
    }
    eprintln!("first import took {full} ms; outcomes: {outcomes:?}");
    assert_eq!(outcomes.last().map(|o| o.1), Some("whole"));
}
