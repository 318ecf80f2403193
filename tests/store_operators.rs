//! Several operators on one database (SPEC §7): stale views are refused,
//! concurrent writers lose nothing, newer files are left alone, readers
//! without write access still read.

use assert_cmd::Command;
use lianluo::model::*;
use lianluo::model::{format_compact, Text};
use lianluo::store::{Actor, ImportSet, OpenOptions, Store, StoreError};
use std::path::{Path, PathBuf};

fn actor(name: &str) -> Actor {
    Actor::new(name, "10.0.0.7")
}

fn deputy(code: &str, name: &str, active: bool) -> Deputy {
    Deputy {
        code: code.into(),
        name: name.into(),
        level: DeputyLevel::County,
        district: Text::default(),
        phone: Text::default(),
        sector: Text::default(),
        station_code: Text::default(),
        active,
    }
}

fn contact(code: &str, deputy: &str) -> Contact {
    Contact {
        code: code.into(),
        name: format_compact!("联络员{code}"),
        role: ContactRole::Secretary,
        phone: "13800000000".into(),
        cell_code: "G1".into(),
        deputy_code: deputy.into(),
        active: true,
    }
}

/// A tiny county: one area, one cell, three deputies, eight contacts.
fn seed(path: &Path) {
    let mut store = Store::open(
        path,
        OpenOptions {
            read_only: false,
            create: true,
        },
    )
    .unwrap();
    let set = ImportSet {
        areas: Some(vec![Area {
            code: "A".into(),
            name: "镇".into(),
            level: AreaLevel::Town,
            parent_code: "X".into(),
        }]),
        cells: Some(vec![(
            Cell {
                code: "G1".into(),
                name: "一格".into(),
                area_code: "A".into(),
                households: None,
                population: None,
                grid_worker: Text::default(),
                geometry: None,
            },
            None,
        )]),
        deputies: Some(vec![
            deputy("D1", "王林汉", true),
            deputy("D2", "曾国藩", true),
            deputy("D3", "李四", false),
        ]),
        contacts: Some((1..=8).map(|i| contact(&format!("C{i}"), "D1")).collect()),
        files: vec!["seed".into()],
        ..Default::default()
    };
    store.apply_import(&actor("seed"), set).unwrap();
}

fn open(path: &Path) -> Store {
    Store::open(path, OpenOptions::default()).unwrap()
}

#[test]
fn reassign_is_refused_when_another_operator_changed_the_contact() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    seed(&db);
    let mut li = open(&db);
    let mut wang = open(&db);
    // Both screens show C1 as it is now.
    let seen_by_li = li.versions("contacts").unwrap();
    let seen_by_wang = wang.versions("contacts").unwrap();
    let codes = vec!["C1".to_string()];
    assert_eq!(
        li.reassign_contacts(&actor("li"), &codes, "D2", Some(&seen_by_li))
            .unwrap(),
        1
    );
    match wang.reassign_contacts(&actor("wang"), &codes, "D1", Some(&seen_by_wang)) {
        Err(StoreError::Conflict { code, by, .. }) => {
            assert_eq!(code, "C1");
            assert_eq!(by, Actor::display(&actor("li").account, "li"));
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    let ds = open(&db).load().unwrap();
    assert_eq!(ds.contacts[0].deputy_code, "D2", "li's change stands");
    let log = open(&db).audit_log(&Default::default()).unwrap();
    let reassigns: Vec<_> = log.iter().filter(|e| e.action == "contacts.reassign").collect();
    assert_eq!(reassigns.len(), 1);
    assert_eq!(reassigns[0].operator, "li");
    assert_eq!(reassigns[0].client, "10.0.0.7");
}

#[test]
fn undo_reverts_the_last_change_unless_someone_changed_the_row_since() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    seed(&db);
    let mut li = open(&db);
    li.reassign_contacts(&actor("li"), &["C1".into(), "C2".into()], "D2", None)
        .unwrap();
    assert_eq!(
        li.undo_last(&actor("li")).unwrap(),
        Some((
            "contacts.reassign".to_string(),
            vec!["C1".to_string(), "C2".to_string()]
        ))
    );
    let ds = li.load().unwrap();
    assert!(ds.contacts.iter().all(|c| c.deputy_code == "D1"));
    // Nothing left to undo for li: the undo itself is not undone by `u`.
    assert_eq!(li.undo_last(&actor("li")).unwrap(), None);

    li.reassign_contacts(&actor("li"), &["C3".into()], "D2", None).unwrap();
    let mut wang = open(&db);
    wang.move_contact(&actor("wang"), "C3", "G1", None).unwrap(); // same cell: no change
    wang.reassign_contacts(&actor("wang"), &["C3".into()], "D1", None)
        .unwrap();
    match li.undo_last(&actor("li")) {
        Err(StoreError::Conflict { by, .. }) => assert_eq!(by, Actor::display(&actor("wang").account, "wang")),
        other => panic!("expected a conflict, got {other:?}"),
    }
}

#[test]
fn inactive_and_unknown_deputies_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    seed(&db);
    let mut s = open(&db);
    assert!(matches!(
        s.reassign_contacts(&actor("li"), &["C1".into()], "D3", None),
        Err(StoreError::Inactive { kind: "deputy", .. })
    ));
    assert!(matches!(
        s.reassign_contacts(&actor("li"), &["C1".into()], "D9", None),
        Err(StoreError::NotFound { kind: "deputy", .. })
    ));
    assert!(matches!(
        s.reassign_contacts(&actor("li"), &["C9".into()], "D2", None),
        Err(StoreError::NotFound { kind: "contact", .. })
    ));
}

/// An import is checked against the data, then written. If another
/// operator removed a row it refers to in between, the write must still
/// refuse the dangling reference (the fast path that trusts the check is
/// only taken when nobody wrote since).
#[test]
fn an_import_checked_before_another_operator_removed_its_deputy_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    seed(&db);
    let mut li = open(&db);
    let checked_at = li.data_version().unwrap();
    // Li's file links a new contact to D2; the check sees D2 there.
    let contacts = ImportSet {
        contacts: Some(vec![contact("C9", "D2")]),
        files: vec!["contacts.csv".into()],
        ..Default::default()
    };
    // Meanwhile Wang's re-import of the deputies leaves D2 out.
    let mut wang = open(&db);
    let deputies = ImportSet {
        deputies: Some(vec![deputy("D1", "王林汉", true), deputy("D3", "李四", false)]),
        replace: true,
        files: vec!["deputies.csv".into()],
        ..Default::default()
    };
    assert_eq!(
        wang.apply_import(&actor("wang"), deputies).unwrap().kinds["deputies"][2],
        1
    );

    let result = li.apply_checked_import(&actor("li"), contacts, checked_at);
    assert!(
        result.is_err(),
        "a contact linked to a removed deputy was written: {result:?}"
    );
    let ds = open(&db).load().unwrap();
    assert!(ds.contacts.iter().all(|c| c.code != "C9"));
    assert_eq!(open(&db).integrity_check().unwrap(), "ok");

    // With nothing written since the check, the same kind of import goes
    // through, and references are enforced again afterwards.
    let checked_at = li.data_version().unwrap();
    let ok = ImportSet {
        contacts: Some(vec![contact("C9", "D1")]),
        files: vec!["contacts.csv".into()],
        ..Default::default()
    };
    li.apply_checked_import(&actor("li"), ok, checked_at).unwrap();
    assert!(open(&db).load().unwrap().contacts.iter().any(|c| c.code == "C9"));
    let dangling = ImportSet {
        contacts: Some(vec![contact("C10", "D7")]),
        files: vec!["contacts.csv".into()],
        ..Default::default()
    };
    assert!(li.apply_import(&actor("li"), dangling).is_err());
}

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("lianluo")
}

/// The real binary on this database.
fn lianluo(db: &Path) -> Command {
    let mut cmd = Command::new(bin());
    cmd.arg("--db").arg(db);
    cmd
}

#[test]
fn concurrent_cli_writers_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    seed(&db);
    let children: Vec<_> = (1..=8)
        .map(|i| {
            std::process::Command::new(bin())
                .arg("--db")
                .arg(&db)
                .args([
                    "reassign",
                    &format!("C{i}"),
                    "--to",
                    if i % 2 == 0 { "D2" } else { "D1" },
                ])
                .env("LIANLUO_OPERATOR", format!("op{i}"))
                .env("LIANLUO_BUSY_TIMEOUT_MS", "10000")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let store = open(&db);
    assert_eq!(store.integrity_check().unwrap(), "ok");
    let ds = store.load().unwrap();
    for c in &ds.contacts {
        let i: usize = c.code[1..].parse().unwrap();
        assert_eq!(
            c.deputy_code,
            if i.is_multiple_of(2) { "D2" } else { "D1" },
            "{}",
            c.code
        );
    }
    // Odd contacts were already with D1: only the four even ones changed, each logged.
    let log = store.audit_log(&Default::default()).unwrap();
    let mut logged: Vec<String> = log
        .iter()
        .filter(|e| e.action == "contacts.reassign")
        .map(|e| e.code.clone())
        .collect();
    logged.sort();
    assert_eq!(logged, ["C2", "C4", "C6", "C8"]);
}

#[test]
fn a_database_from_a_newer_program_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    seed(&db);
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let out = lianluo(&db).args(["--lang", "en", "cells"]).output().unwrap();
    assert_eq!(out.status.code(), Some(66));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("newer") && err.contains("99"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), before);
    assert!(!db.with_extension("db-wal").exists());
}

#[test]
fn read_only_flag_reads_but_refuses_changes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    seed(&db);
    lianluo(&db)
        .args(["--read-only", "cells", "--format", "json"])
        .assert()
        .success();
    let out = lianluo(&db)
        .args(["--read-only", "--lang", "en", "reassign", "C1", "--to", "D2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("read-only"));
    assert_eq!(open(&db).load().unwrap().contacts[0].deputy_code, "D1");
}

/// Run as the unprivileged `nobody` (needs root and setpriv; skipped otherwise).
fn as_nobody(args: &[&str], db: &Path) -> Option<std::process::Output> {
    let root = std::process::Command::new("id").arg("-u").output().ok()?;
    if String::from_utf8_lossy(&root.stdout).trim() != "0" || !Path::new("/usr/bin/setpriv").exists() {
        eprintln!("skipped: needs root and setpriv");
        return None;
    }
    std::process::Command::new("/usr/bin/setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(bin())
        .arg("--db")
        .arg(db)
        .args(["--lang", "en"])
        .args(args)
        .env("HOME", "/tmp")
        .output()
        .ok()
}

#[test]
fn an_unprivileged_reader_reads_a_wal_database_it_cannot_write() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    seed(&db);
    // Keep a writer open so the -wal and -shm files exist, as on a busy server.
    let writer = open(&db);
    let _ = writer.data_version();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    for f in ["c.db", "c.db-wal", "c.db-shm"] {
        let p = dir.path().join(f);
        if p.exists() {
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
    }
    let Some(read) = as_nobody(&["log", "--format", "json"], &db) else {
        return;
    };
    assert!(read.status.success(), "{}", String::from_utf8_lossy(&read.stderr));
    assert!(String::from_utf8_lossy(&read.stdout).contains("\"seed\""));
    let write = as_nobody(&["reassign", "C1", "--to", "D2"], &db).unwrap();
    assert_eq!(
        write.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&write.stderr)
    );
    assert!(String::from_utf8_lossy(&write.stderr).contains("read-only"));
    drop(writer);
    assert_eq!(open(&db).load().unwrap().contacts[0].deputy_code, "D1");
}

#[test]
fn a_write_that_stays_busy_exits_3_without_sqlite_jargon() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    seed(&db);
    // Another operator holds the write lock for longer than our timeout.
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder
        .execute_batch("BEGIN IMMEDIATE; UPDATE contacts SET name = name WHERE code = 'C1';")
        .unwrap();
    let out = lianluo(&db)
        .args(["--lang", "en", "reassign", "C1", "--to", "D2"])
        .env("LIANLUO_BUSY_TIMEOUT_MS", "200")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("busy") && !err.contains("locked"), "{err}");
    holder.execute_batch("ROLLBACK").unwrap();
    // Once free, the same request goes through.
    lianluo(&db).args(["reassign", "C1", "--to", "D2"]).assert().success();
}

#[test]
fn the_operator_is_named_even_without_user_in_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    seed(&db);
    lianluo(&db)
        .args(["reassign", "C1", "--to", "D2"])
        .env_remove("USER")
        .env_remove("LOGNAME")
        .env_remove("LIANLUO_OPERATOR")
        .assert()
        .success();
    let log = open(&db).audit_log(&Default::default()).unwrap();
    let who = &log[0].operator;
    assert!(!who.is_empty() && who != "unknown", "{who}");
    let uid = std::process::Command::new("id").arg("-un").output().unwrap();
    assert_eq!(who, String::from_utf8_lossy(&uid.stdout).trim());
}
