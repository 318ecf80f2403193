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
    Actor::new(name, "")
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
            assert_eq!(by, Actor::display(&actor("wang").account, "wang"));
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

// ---- M13: log --since/--until read the import's dates, refuse the rest (as --on does) ----

#[test]
fn log_since_reads_the_imports_date_forms_and_refuses_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let db = seed(dir.path());
    lianluo(&db).args(["reassign", "C1", "--to", "D2"]).assert().success();
    for since in ["2000-01-01", "2000/1/1", "2000年1月1日"] {
        let out = lianluo(&db)
            .args(["log", "--format", "json", "--since", since, "--until", "2199/12/31"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{since}: {}", stderr(&out));
        let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(log.as_array().unwrap().len(), 2, "{since}: the import and the reassign");
    }
    let out = lianluo(&db)
        .args(["log", "--format", "json", "--since", "2199年1月1日"])
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
        // As every date option is refused (a bad value given to an option, SPEC §5).
        assert_eq!(out.status.code(), Some(65), "{bad}");
        assert!(stderr(&out).contains(word), "{}", stderr(&out));
        let out = lianluo(&db)
            .args(["--lang", lang, "log", "--until", bad])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(65), "{bad}");
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

// ---- H7: the account from the system, a display name beside it ----

fn system_account() -> String {
    let out = std::process::Command::new("id").arg("-un").output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn log_json(db: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let out = lianluo(db)
        .args(["log", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice::<serde_json::Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn every_entry_records_the_real_account_whatever_the_environment_says() {
    let dir = tempfile::tempdir().unwrap();
    let db = seed(dir.path());
    lianluo(&db)
        .args(["--operator", "张主任", "reassign", "C1", "--to", "D2"])
        .env("USER", "mallory")
        .env("LOGNAME", "mallory")
        .assert()
        .success();
    lianluo(&db)
        .args(["reassign", "C2", "--to", "D2"])
        .env("USER", "mallory")
        .env("LOGNAME", "mallory")
        .env_remove("LIANLUO_OPERATOR")
        .assert()
        .success();
    let log = log_json(&db, &[]);
    let me = system_account();
    assert_eq!(log[1]["account"], me.as_str());
    assert_eq!(log[1]["operator"], "张主任");
    // Without --operator or $LIANLUO_OPERATOR the display name is the account.
    assert_eq!(log[0]["account"], me.as_str());
    assert_eq!(log[0]["operator"], me.as_str());
    // --by matches the display name or the account.
    assert_eq!(log_json(&db, &["--by", "张主任"]).len(), 1);
    assert_eq!(log_json(&db, &["--by", &me]).len(), 3, "both, and the seed's import");
    assert!(log_json(&db, &["--by", "mallory"]).is_empty());
}

#[test]
fn a_blank_invisible_or_overlong_operator_name_is_refused_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = seed(dir.path());
    let long = "长".repeat(65);
    for name in [
        "",
        "   ",
        "\u{1b}\u{7}",
        "alice\u{200b}",
        "\u{202e}ecila",
        "ali\u{9b}ce",
        "a\u{2028}b",
        "\u{feff}alice",
        long.as_str(),
    ] {
        let out = lianluo(&db)
            .args(["--lang", "en", "--operator", name, "reassign", "C1", "--to", "D2"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{name:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("operator name"), "{}", stderr(&out));
        assert!(!stderr(&out).contains('\u{1b}'), "the name is not echoed raw");
        let out = lianluo(&db)
            .args(["--lang", "zh", "reassign", "C1", "--to", "D2"])
            .env("LIANLUO_OPERATOR", if name.is_empty() { " " } else { name })
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{name:?}");
        assert!(stderr(&out).contains("操作员名称"), "{}", stderr(&out));
    }
    assert_eq!(deputy_of(&db, "C1"), "D1");
    assert_eq!(log_json(&db, &[]).len(), 1, "only the seed's import");
    let ok_name = "长".repeat(64);
    lianluo(&db)
        .args(["--operator", &ok_name, "reassign", "C1", "--to", "D2"])
        .assert()
        .success();
    assert_eq!(log_json(&db, &[])[0]["operator"], ok_name.as_str());
}

// ---- M10 + H7: undo undoes only this running program's own changes ----

#[test]
fn undo_never_reverts_a_change_made_by_another_program_under_the_same_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = seed(dir.path());
    // alice's earlier change from the command line (another program).
    lianluo(&db)
        .args(["--operator", "alice", "reassign", "C1", "--to", "D2"])
        .assert()
        .success();
    let mut tui = open(&db);
    assert_eq!(tui.undo_last(&actor("alice")).unwrap(), None);
    assert_eq!(deputy_of(&db, "C1"), "D2");
    // An earlier TUI of hers in this process is another session too.
    let earlier = Actor {
        session: "an earlier program".into(),
        ..actor("alice")
    };
    tui.reassign_contacts(&earlier, &["C2".into()], "D2", None).unwrap();
    assert_eq!(tui.undo_last(&actor("alice")).unwrap(), None);
    // Her own change in this program is undone, and named.
    tui.reassign_contacts(&actor("alice"), &["C3".into(), "C4".into()], "D3", None)
        .unwrap();
    assert_eq!(
        tui.undo_last(&actor("alice")).unwrap(),
        Some((
            "contacts.reassign".to_string(),
            vec!["C3".to_string(), "C4".to_string()]
        ))
    );
    assert_eq!(deputy_of(&db, "C3"), "D1");
    assert_eq!(deputy_of(&db, "C2"), "D2");
    assert_eq!(tui.undo_last(&actor("alice")).unwrap(), None);
    let log = tui.audit_log(&Default::default()).unwrap();
    assert_eq!(log[0].action, "undo");
    assert_eq!(log[0].account, system_account());
}

#[test]
fn undo_does_not_reach_past_an_own_import() {
    let dir = tempfile::tempdir().unwrap();
    let db = seed(dir.path());
    let mut alice = open(&db);
    alice
        .reassign_contacts(&actor("alice"), &["C1".into()], "D2", None)
        .unwrap();
    let set = ImportSet {
        contacts: Some(vec![contact("C9", "D1")]),
        files: vec!["new.csv".into()],
        ..Default::default()
    };
    alice.apply_import(&actor("alice"), set).unwrap();
    match alice.undo_last(&actor("alice")) {
        Err(e @ StoreError::Undo(lianluo::store::UndoRefusal::Import { .. })) => {
            assert!(e.message(lianluo::i18n::Lang::En).contains("import"));
            assert!(e.message(lianluo::i18n::Lang::Zh).contains("导入"));
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(deputy_of(&db, "C1"), "D2", "the older change behind the import stays");
}

#[test]
fn undo_names_the_import_that_changed_the_row_since() {
    let dir = tempfile::tempdir().unwrap();
    let db = seed(dir.path());
    let mut alice = open(&db);
    alice
        .reassign_contacts(&actor("alice"), &["C1".into()], "D2", None)
        .unwrap();
    let set = ImportSet {
        contacts: Some(vec![contact("C1", "D3")]),
        files: vec!["roster.csv".into()],
        ..Default::default()
    };
    open(&db).apply_import(&actor("bob"), set).unwrap();
    match alice.undo_last(&actor("alice")) {
        Err(StoreError::Undo(lianluo::store::UndoRefusal::ImportedSince { code, by, .. })) => {
            assert_eq!(code, "C1");
            assert_eq!(by, Actor::display(&system_account(), "bob"));
        }
        other => panic!("expected a refusal naming bob's import, got {other:?}"),
    }
    assert_eq!(deputy_of(&db, "C1"), "D3");
}

#[test]
fn undo_does_not_link_a_contact_back_to_a_deputy_now_inactive() {
    let dir = tempfile::tempdir().unwrap();
    let db = seed(dir.path());
    let mut alice = open(&db);
    alice
        .reassign_contacts(&actor("alice"), &["C1".into()], "D2", None)
        .unwrap();
    // bob's import makes D1 inactive.
    let set = ImportSet {
        deputies: Some(vec![deputy("D1", false)]),
        files: vec!["deputies.csv".into()],
        ..Default::default()
    };
    open(&db).apply_import(&actor("bob"), set).unwrap();
    match alice.undo_last(&actor("alice")) {
        Err(e @ StoreError::Undo(lianluo::store::UndoRefusal::InactiveDeputy { .. })) => {
            let text = e.message(lianluo::i18n::Lang::En);
            assert!(text.contains("D1") && text.contains("inactive"), "{text}");
        }
        other => panic!("expected a refusal naming D1, got {other:?}"),
    }
    assert_eq!(deputy_of(&db, "C1"), "D2");
}

// ---- L5: the store's refusals in the operator's language ----

#[test]
fn store_refusals_read_in_chinese_under_lang_zh() {
    let dir = tempfile::tempdir().unwrap();
    let db = seed(dir.path());
    let out = lianluo(&db)
        .args(["--lang", "zh", "reassign", "C1", "--to", "D4"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("已离任"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("inactive"), "{}", stderr(&out));
    let out = lianluo(&db)
        .args(["--lang", "en", "reassign", "C1", "--to", "D4"])
        .output()
        .unwrap();
    assert!(stderr(&out).contains("is inactive"), "{}", stderr(&out));
    // The same words reach the TUI: one catalogue.
    let mut s = open(&db);
    let e = s
        .reassign_contacts(&actor("li"), &["C1".into()], "D4", None)
        .unwrap_err();
    assert!(stderr(&out).contains(&e.message(lianluo::i18n::Lang::En)));
    for e in [
        StoreError::Busy,
        StoreError::Exists {
            kind: "suggestion",
            code: "S00001".into(),
        },
    ] {
        let zh = e.message(lianluo::i18n::Lang::Zh);
        assert!(!zh.is_ascii() && !zh.contains("busy") && !zh.contains("exists"), "{zh}");
    }
    // Held busy: the command line says so in Chinese.
    let holder = hold(&db, "UPDATE contacts SET name = name WHERE code = 'C1'");
    let out = lianluo(&db)
        .args(["--lang", "zh", "reassign", "C1", "--to", "D2"])
        .env("LIANLUO_BUSY_TIMEOUT_MS", "100")
        .output()
        .unwrap();
    holder.execute_batch("ROLLBACK").unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("其他操作员"), "{}", stderr(&out));
}
