//! Several operators at once, and who did what (issue 17: H7, M8, M9, M10,
//! H8, M13, M14, L5): every check and write of a change is one IMMEDIATE
//! transaction, so a change another operator is committing at that moment
//! is never lost; the log names the real account; undo undoes only this
//! program's own changes.
//!
//! A concurrent writer is staged as the hardening review did: a second
//! connection holds `BEGIN IMMEDIATE` with its change made but not
//! committed, our change starts (and waits for the lock), then the holder
//! commits. A short pause lets our change reach its wait; had the pause
//! been too short the old code would pass, never the other way round.

use assert_cmd::Command;
use lianluo::model::*;
use lianluo::store::{Actor, ImportSet, OpenOptions, Store, StoreError, Versions};
use std::path::{Path, PathBuf};
use std::time::Duration;

fn actor(name: &str) -> Actor {
    Actor {
        operator: name.to_string(),
        client: String::new(),
    }
}

fn deputy(code: &str, active: bool) -> Deputy {
    Deputy {
        code: code.into(),
        name: format_compact!("代表{code}"),
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

/// One cell, deputies D1…D4 (D4 inactive), contacts C1…C4 with D1.
fn seed(dir: &Path) -> PathBuf {
    let db = dir.join("c.db");
    let mut store = Store::open(
        &db,
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
            deputy("D1", true),
            deputy("D2", true),
            deputy("D3", true),
            deputy("D4", false),
        ]),
        contacts: Some((1..=4).map(|i| contact(&format!("C{i}"), "D1")).collect()),
        files: vec!["seed".into()],
        ..Default::default()
    };
    store.apply_import(&actor("seed"), set).unwrap();
    db
}

fn open(db: &Path) -> Store {
    Store::open(db, OpenOptions::default()).unwrap()
}

fn deputy_of(db: &Path, contact: &str) -> String {
    let ds = open(db).load().unwrap();
    ds.contacts
        .iter()
        .find(|c| c.code == contact)
        .map(|c| c.deputy_code.to_string())
        .unwrap()
}

/// Another operator's transaction, holding the write lock with `sql` done.
fn hold(db: &Path, sql: &str) -> rusqlite::Connection {
    let holder = rusqlite::Connection::open(db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    holder.execute_batch(sql).unwrap();
    holder
}

/// Run `change` on its own thread while `holder` keeps the lock, then let
/// the holder commit, and return what the change returned.
fn while_held<T: Send + 'static>(holder: rusqlite::Connection, change: impl FnOnce() -> T + Send + 'static) -> T {
    let worker = std::thread::spawn(change);
    std::thread::sleep(Duration::from_millis(300));
    holder.execute_batch("COMMIT").unwrap();
    worker.join().unwrap()
}

fn lianluo(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("lianluo").unwrap();
    cmd.arg("--db")
        .arg(db)
        .env("LIANLUO_OPERATOR", "tester")
        .env_remove("SSH_CLIENT")
        .env("LIANLUO_BUSY_TIMEOUT_MS", "10000");
    cmd
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

// ---- H8: a handover reads the deputy's contacts inside its transaction ----

#[test]
fn a_handover_leaves_a_contact_another_operator_is_moving_away() {
    let dir = tempfile::tempdir().unwrap();
    let db = seed(dir.path());
    // Another operator is committing C1: D1 → D2 as the handover starts.
    let holder = hold(
        &db,
        "UPDATE contacts SET deputy_code = 'D2', version = version + 1 WHERE code = 'C1'",
    );
    let path = db.clone();
    let moved = while_held(holder, move || open(&path).handover(&actor("li"), "D1", "D3", None));
    assert_eq!(moved.unwrap(), 3, "C2, C3 and C4");
    assert_eq!(deputy_of(&db, "C1"), "D2", "the other operator's change was lost");
    assert_eq!(deputy_of(&db, "C2"), "D3");
}

#[test]
fn a_handover_takes_a_contact_linked_to_the_deputy_as_it_starts() {
    let dir = tempfile::tempdir().unwrap();
    let db = seed(dir.path());
    let holder = hold(&db, "UPDATE contacts SET deputy_code = 'D2' WHERE code = 'C1'");
    holder.execute_batch("COMMIT").unwrap();
    let holder = hold(
        &db,
        "UPDATE contacts SET deputy_code = 'D1', version = version + 1 WHERE code = 'C1'",
    );
    let path = db.clone();
    let moved = while_held(holder, move || open(&path).handover(&actor("li"), "D1", "D3", None));
    assert_eq!(moved.unwrap(), 4);
    assert_eq!(deputy_of(&db, "C1"), "D3", "every contact D1 holds is handed over");
}

#[test]
fn a_handover_checked_against_the_pickers_versions_refuses_a_contact_moved_since() {
    let dir = tempfile::tempdir().unwrap();
    let db = seed(dir.path());
    let mut li = open(&db);
    // The picker opened on D1's four contacts…
    let seen: Versions = li.versions("contacts").unwrap();
    // …then wang moved C2 to D2.
    open(&db)
        .reassign_contacts(&actor("wang"), &["C2".into()], "D2", None)
        .unwrap();
    match li.handover(&actor("li"), "D1", "D3", Some(&seen)) {
        Err(StoreError::Conflict { code, by, .. }) => {
            assert_eq!(code, "C2");
            assert_eq!(by, "wang");
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(deputy_of(&db, "C1"), "D1", "nothing was written");
    // A contact linked to D1 after the picker opened is a conflict too.
    let seen: Versions = li.versions("contacts").unwrap();
    let mut without_c2 = seen.clone();
    without_c2.remove("C2");
    open(&db)
        .reassign_contacts(&actor("wang"), &["C2".into()], "D1", None)
        .unwrap();
    let mut seen_c2_back = li.versions("contacts").unwrap();
    assert!(matches!(
        li.handover(&actor("li"), "D1", "D3", Some(&without_c2)),
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(deputy_of(&db, "C1"), "D1", "nothing was written");
    // With what the picker shows now, it goes through.
    seen_c2_back.retain(|c, _| c.starts_with('C'));
    assert_eq!(li.handover(&actor("li"), "D1", "D3", Some(&seen_c2_back)).unwrap(), 4);
}

#[test]
fn reassign_from_the_command_line_loses_no_concurrent_move() {
    let dir = tempfile::tempdir().unwrap();
    let db = seed(dir.path());
    let holder = hold(
        &db,
        "UPDATE contacts SET deputy_code = 'D2', version = version + 1 WHERE code = 'C1'",
    );
    let path = db.clone();
    let out = while_held(holder, move || {
        lianluo(&path)
            .args(["--lang", "en", "reassign", "--from", "D1", "--to", "D3"])
            .output()
            .unwrap()
    });
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("3 contact(s)"));
    assert_eq!(deputy_of(&db, "C1"), "D2");
}

// ---- M8: config set's "before" is the value it replaced ----

#[test]
fn config_set_logs_the_value_it_really_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let db = seed(dir.path());
    let holder = hold(
        &db,
        "INSERT INTO settings(key, value) VALUES ('max_station_km', '3.5')
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    );
    let path = db.clone();
    let changed = while_held(holder, move || {
        open(&path).set_setting(&actor("li"), "max_station_km", "7.5")
    });
    assert!(changed.unwrap());
    let log = open(&db).audit_log(&Default::default()).unwrap();
    assert_eq!(log[0].action, "config.set");
    assert_eq!(log[0].before, Some(serde_json::json!("3.5")));
    assert_eq!(log[0].after, Some(serde_json::json!("7.5")));
}

// ---- M9: concurrent adds get distinct codes ----

#[test]
fn suggestions_added_at_once_all_get_their_own_code() {
    let dir = tempfile::tempdir().unwrap();
    let db = seed(dir.path());
    let holder = hold(&db, "UPDATE settings SET value = value WHERE 0");
    let path = db.clone();
    let added = while_held(holder, move || {
        let adders: Vec<_> = (0..6)
            .map(|i| {
                let path = path.clone();
                std::thread::spawn(move || {
                    let s = Suggestion::received(
                        "G1",
                        &format!("路灯{i}"),
                        SuggestionSource::Visit,
                        "",
                        Category::General,
                        chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
                    );
                    open(&path).add_suggestion(&actor(&format!("op{i}")), s)
                })
            })
            .collect();
        adders.into_iter().map(|a| a.join().unwrap()).collect::<Vec<_>>()
    });
    let mut codes: Vec<String> = added
        .into_iter()
        .map(|r| r.map(|s| s.code.to_string()))
        .collect::<Result<_, _>>()
        .unwrap();
    codes.sort();
    assert_eq!(codes, ["S00001", "S00002", "S00003", "S00004", "S00005", "S00006"]);
}

#[test]
fn suggest_add_from_several_processes_at_once_all_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let db = seed(dir.path());
    let holder = hold(&db, "UPDATE settings SET value = value WHERE 0");
    let path = db.clone();
    let outs = while_held(holder, move || {
        let children: Vec<_> = (0..4)
            .map(|i| {
                std::process::Command::new(assert_cmd::cargo::cargo_bin("lianluo"))
                    .arg("--db")
                    .arg(&path)
                    .args(["--lang", "zh", "suggest", "add", "--cell", "G1", "--title"])
                    .arg(format!("路灯{i}"))
                    .env("LIANLUO_BUSY_TIMEOUT_MS", "10000")
                    .output()
                    .unwrap()
            })
            .collect();
        children
    });
    let mut codes = Vec::new();
    for out in &outs {
        assert!(out.status.success(), "{}", stderr(out));
        codes.push(String::from_utf8_lossy(&out.stdout).trim().to_string());
    }
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), 4, "{codes:?}");
}

// ---- M13: log --since/--until read the import's dates, refuse the rest ----

#[test]
fn log_since_reads_the_imports_date_forms_and_refuses_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let db = seed(dir.path());
    lianluo(&db).args(["reassign", "C1", "--to", "D2"]).assert().success();
    for since in ["2000-01-01", "2000/1/1", "2000年1月1日"] {
        let out = lianluo(&db)
            .args(["log", "--format", "json", "--since", since, "--until", "2999/12/31"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{since}: {}", stderr(&out));
        let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(log.as_array().unwrap().len(), 2, "{since}: the import and the reassign");
    }
    let out = lianluo(&db)
        .args(["log", "--format", "json", "--since", "3000年1月1日"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "[]");
    for (lang, bad, word) in [
        ("en", "yesterday", "not a date"),
        ("zh", "2026-13-01", "不是日期"),
        ("en", "2026/1", "not a date"),
    ] {
        let out = lianluo(&db)
            .args(["--lang", lang, "log", "--since", bad])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(stderr(&out).contains(word), "{}", stderr(&out));
        let out = lianluo(&db)
            .args(["--lang", lang, "log", "--until", bad])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
    }
}

// ---- M14: every setting is bounded; points never wrap ----

#[test]
fn settings_out_of_range_are_refused_naming_the_range() {
    let dir = tempfile::tempdir().unwrap();
    let db = seed(dir.path());
    for (key, value, range) in [
        ("points_per_reception", "9223372036854775807", "0 to 100"),
        ("points_per_suggestion", "101", "0 to 100"),
        ("points_per_contact", "1000", "0 to 100"),
        ("max_uncovered_pct", "101", "0 to 100"),
        ("assign_within_days", "999999999", "0 to 10000"),
        ("max_contacts_per_deputy", "10001", "0 to 10000"),
        ("max_station_km", "1000.5", "0 to 1000"),
    ] {
        let out = lianluo(&db)
            .args(["--lang", "en", "config", "set", key, value])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{key} {value}");
        assert!(stderr(&out).contains(range), "{}", stderr(&out));
        let out = lianluo(&db)
            .args(["--lang", "zh", "config", "set", key, value])
            .output()
            .unwrap();
        assert!(stderr(&out).contains("之间"), "{}", stderr(&out));
    }
    for (key, value) in [
        ("points_per_reception", "100"),
        ("max_uncovered_pct", "100"),
        ("assign_within_days", "10000"),
        ("max_station_km", "0"),
    ] {
        lianluo(&db).args(["config", "set", key, value]).assert().success();
    }
    let log = open(&db).audit_log(&Default::default()).unwrap();
    assert_eq!(log.iter().filter(|e| e.action == "config.set").count(), 4);
}

#[test]
fn duty_points_saturate_on_a_setting_written_past_the_bounds() {
    let dir = tempfile::tempdir().unwrap();
    let db = seed(dir.path());
    // A value put in by hand, past what `config set` takes, is not read.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "INSERT INTO settings(key, value) VALUES ('points_per_contact', '9223372036854775807')",
        [],
    )
    .unwrap();
    drop(conn);
    let store = open(&db);
    assert_eq!(store.settings().unwrap().points_per_contact, 1);
    let mut ds = store.load().unwrap();
    ds.settings.points_per_contact = i64::MAX;
    ds.settings.max_contacts_per_deputy = i64::MAX;
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let rows = lianluo::coverage::deputy_summaries(&ds, as_of);
    let d1 = rows.iter().find(|d| d.code == "D1").unwrap();
    assert_eq!(d1.points, i64::MAX, "four contacts × i64::MAX saturates, not wraps");
}
