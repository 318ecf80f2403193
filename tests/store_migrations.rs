//! Schema versions (issue 4): a file written by an earlier lianluo is
//! brought up to this version when it is opened for writing — its rows,
//! their versions and the audit log unchanged — and read as it is when
//! opened read-only. Several programs opening it at once migrate it once.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The schema of version 1, exactly as the first release created it.
const SCHEMA_V1: &str = include_str!("../src/store/migrations/v1.sql");

/// The tables, in the order of the schema.
const TABLES: [&str; 11] = [
    "areas",
    "cells",
    "boundary",
    "stations",
    "deputies",
    "assignments",
    "contacts",
    "receptions",
    "suggestions",
    "settings",
    "meta",
];

fn lianluo(db: &Path) -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("lianluo"));
    c.arg("--db")
        .arg(db)
        .args(["--lang", "en"])
        .env("LIANLUO_OPERATOR", "migrator")
        .env_remove("SSH_CLIENT");
    c
}

fn ok(out: Output) -> Output {
    assert!(
        out.status.success(),
        "exit {:?}\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A version 1 file holding the bundled demo county, with some rows at a
/// version above 1 and a few audit entries, as a file in use would be.
fn version_1_file(dir: &Path) -> PathBuf {
    let current = dir.join("current.db");
    ok(lianluo(&current).args(["init", "--empty"]).output().unwrap());
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo");
    ok(lianluo(&current).arg("import").arg(&demo).output().unwrap());
    ok(lianluo(&current)
        .args(["config", "set", "max_station_km", "4.5"])
        .output()
        .unwrap());

    let old = dir.join("old.db");
    let conn = rusqlite::Connection::open(&old).unwrap();
    // Version 1 kept its files in WAL mode, as this one does.
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.execute_batch(SCHEMA_V1).unwrap();
    conn.execute("ATTACH DATABASE ?1 AS current", [current.to_str().unwrap()])
        .unwrap();
    for table in TABLES {
        let cols = columns(&conn, &format!("main.{table}")).join(", ");
        conn.execute_batch(&format!("INSERT INTO main.{table} SELECT {cols} FROM current.{table}"))
            .unwrap();
    }
    // Before schema 4 a handling unit was free text: the unit's name.
    conn.execute_batch(
        "UPDATE main.suggestions SET handling_unit =
           (SELECT name FROM current.units WHERE current.units.code = main.suggestions.handling_unit)
         WHERE handling_unit <> ''",
    )
    .unwrap();
    conn.execute_batch(&format!("INSERT INTO main.audit SELECT {AUDIT_V1} FROM current.audit"))
        .unwrap();
    conn.execute_batch(
        "DETACH DATABASE current;
         UPDATE contacts SET version = 3 WHERE code IN (SELECT code FROM contacts ORDER BY code LIMIT 5);
         UPDATE suggestions SET version = 2 WHERE rowid % 7 = 0;
         PRAGMA user_version = 1;",
    )
    .unwrap();
    old
}

/// The columns of a table, in order.
fn columns(conn: &rusqlite::Connection, table: &str) -> Vec<String> {
    let stmt = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
    stmt.column_names().into_iter().map(str::to_string).collect()
}

/// A suggestion's columns of schema 1–3, its handling unit by name (schema
/// 4 names it by the code of a unit of that name).
const SUGGESTIONS_V1: &str = "code, cell_code, title, source, raised_by, category, received_on, handling_unit,
     assigned_on, due_on, status, replied_on, satisfaction, closed_on, version";
const SUGGESTIONS_V4: &str = "code, cell_code, title, source, raised_by, category, received_on,
     coalesce((SELECT name FROM units WHERE units.code = handling_unit), handling_unit),
     assigned_on, due_on, status, replied_on, satisfaction, closed_on, version";

/// The audit log's columns before schema 3 (which added `account` and `session`).
const AUDIT_V1: &str = "id, batch, at, operator, client, action, kind, code, before, after, undoes";

/// Every row of every table, and the audit log (its columns of version 1), as text.
fn contents(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let mut out = Vec::new();
    let has_units = conn.prepare("SELECT 1 FROM units").is_ok();
    for table in TABLES.iter().chain(&["audit"]) {
        let cols = match *table {
            "audit" => AUDIT_V1,
            "suggestions" if has_units => SUGGESTIONS_V4,
            "suggestions" => SUGGESTIONS_V1,
            _ => "*",
        };
        let n = conn
            .prepare(&format!("SELECT {cols} FROM {table}"))
            .unwrap()
            .column_count();
        let order: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
        let mut stmt = conn
            .prepare(&format!("SELECT {cols} FROM {table} ORDER BY {}", order.join(", ")))
            .unwrap();
        let rows = stmt
            .query_map([], |r| {
                let values: Vec<String> = (0..n)
                    .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
                    .collect();
                Ok(format!("{table}: {}", values.join("|")))
            })
            .unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out
}

fn user_version(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap()
}

fn without_rowid_tables(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE '%WITHOUT ROWID' ORDER BY name")
        .unwrap();
    let names = stmt.query_map([], |r| r.get(0)).unwrap();
    names.map(Result::unwrap).collect()
}

fn check(db: &Path, pragma: &str) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn.prepare(&format!("PRAGMA {pragma}")).unwrap();
    let rows = stmt.query_map([], |r| r.get::<_, rusqlite::types::Value>(0)).unwrap();
    rows.map(|v| format!("{:?}", v.unwrap())).collect()
}

#[test]
fn a_version_1_file_is_migrated_with_every_row_and_version_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = version_1_file(dir.path());
    let before = contents(&db);
    assert!(before
        .iter()
        .any(|r| r.starts_with("contacts:") && r.ends_with("|Integer(3)")));
    let gaps_before = ok(lianluo(&db)
        .args(["--read-only", "gaps", "--format", "json", "--as-of", "2026-11-22"])
        .output()
        .unwrap())
    .stdout;
    // Reading only leaves the file as it was.
    assert_eq!(user_version(&db), 1);
    assert!(without_rowid_tables(&db).is_empty());

    // Any command that may write brings it up to date.
    let gaps_after = ok(lianluo(&db)
        .args(["gaps", "--format", "json", "--as-of", "2026-11-22"])
        .output()
        .unwrap())
    .stdout;
    assert_eq!(user_version(&db), lianluo::store::SCHEMA_VERSION);
    assert_eq!(
        without_rowid_tables(&db),
        [
            "activities",
            "areas",
            "assignments",
            "contacts",
            "deputies",
            "meta",
            "receptions",
            "rota",
            "settings",
            "stations",
            "suggestions",
            "units"
        ]
    );
    assert_eq!(contents(&db), before, "rows, versions or the audit log changed");
    assert_eq!(gaps_after, gaps_before);
    assert_eq!(check(&db, "integrity_check"), ["Text(\"ok\")"]);
    assert!(check(&db, "foreign_key_check").is_empty());

    // Indexes came back with their tables.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let indexes: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // Nine, schema 3's audit_session, schema 4's suggestions_unit,
    // rota_deputy and activities_deputy, and schema 5's three.
    assert_eq!(indexes, 13 + INDEXES_V5.len() as i64);

    // The migrated file takes changes, and stale versions still count.
    let contact: String = conn
        .query_row(
            "SELECT code FROM contacts WHERE version = 3 ORDER BY code LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    drop(conn);
    let out = lianluo(&db)
        .args(["import", "--replace", "--kind", "contacts"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo/contacts.csv"))
        .output()
        .unwrap();
    // The demo's contacts are what the file holds: nothing changes.
    ok(out);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let version: i64 = conn
        .query_row("SELECT version FROM contacts WHERE code = ?1", [&contact], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 3);
}

#[test]
fn several_programs_opening_an_old_file_at_once_migrate_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = version_1_file(dir.path());
    let before = contents(&db);
    let children: Vec<_> = (0..4)
        .map(|_| {
            lianluo(&db)
                .args(["cells", "--format", "json"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        ok(child.wait_with_output().unwrap());
    }
    assert_eq!(user_version(&db), lianluo::store::SCHEMA_VERSION);
    assert_eq!(contents(&db), before);
    assert_eq!(check(&db, "integrity_check"), ["Text(\"ok\")"]);
}

/// The schema of version 2: version 1 and its step to 2.
const MIGRATION_V2: &str = include_str!("../src/store/migrations/v2.sql");

/// A version 2 file: the version 1 file brought to version 2 as the
/// release of version 2 did, by its step alone.
fn version_2_file(dir: &Path) -> PathBuf {
    let db = version_1_file(dir);
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = OFF; BEGIN;").unwrap();
    conn.execute_batch(MIGRATION_V2).unwrap();
    conn.execute_batch("PRAGMA user_version = 2; COMMIT; PRAGMA foreign_keys = ON;")
        .unwrap();
    db
}

#[test]
fn a_version_2_file_gains_the_account_and_session_of_each_entry_old_ones_empty() {
    let dir = tempfile::tempdir().unwrap();
    let db = version_2_file(dir.path());
    assert_eq!(user_version(&db), 2);
    let before = contents(&db);
    let entries_before = before.iter().filter(|r| r.starts_with("audit:")).count();
    assert!(entries_before >= 2, "the import and the setting");

    // A change brings the file up to date and is recorded under the account.
    ok(lianluo(&db)
        .args(["config", "set", "max_station_km", "6"])
        .output()
        .unwrap());
    assert_eq!(user_version(&db), lianluo::store::SCHEMA_VERSION);
    let after = contents(&db);
    let kept = |r: &&String| r.starts_with("audit:") || !r.starts_with("settings:");
    assert!(
        before.iter().filter(kept).all(|r| after.contains(r)),
        "a row or an old entry changed"
    );
    assert_eq!(check(&db, "integrity_check"), ["Text(\"ok\")"]);

    let text = ok(lianluo(&db).args(["log", "--format", "json"]).output().unwrap()).stdout;
    let text = String::from_utf8(text).unwrap();
    // The keys of an entry, in SPEC §5's order.
    let first = &text[..text.find('}').unwrap()];
    let at = |key: &str| first.find(&format!("\"{key}\":")).unwrap_or(usize::MAX);
    let keys = [
        "at", "account", "operator", "client", "action", "kind", "code", "before", "after",
    ];
    assert!(keys.windows(2).all(|k| at(k[0]) < at(k[1])), "{first}");
    let log: serde_json::Value = serde_json::from_str(&text).unwrap();
    let log = log.as_array().unwrap();
    assert_eq!(log.len(), entries_before + 1);
    let account = String::from_utf8(std::process::Command::new("id").arg("-un").output().unwrap().stdout).unwrap();
    assert_eq!(log[0]["account"], account.trim(), "the new entry names the account");
    assert_eq!(log[0]["operator"], "migrator");
    // Entries from before recorded no account: none is made up for them.
    assert!(log[1..].iter().all(|e| e["account"] == ""), "{log:?}");

    // Old entries belong to no running program: nothing of them is undone.
    let mut store = lianluo::store::Store::open(&db, Default::default()).unwrap();
    let migrator = lianluo::store::Actor::new("migrator", "");
    assert_eq!(store.undo_last(&migrator).unwrap(), None);
}

/// Version 3's step (the audit's account and session).
const MIGRATION_V3: &str = include_str!("../src/store/migrations/v3.sql");

/// A version 3 file, as the release of version 3 left it, whose handling
/// units are free text: a plain name, one with a space inside, one with a
/// `/` (not a code), and two that squeeze to the same code.
fn version_3_file(dir: &Path) -> PathBuf {
    let db = version_2_file(dir);
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("BEGIN;").unwrap();
    conn.execute_batch(MIGRATION_V3).unwrap();
    conn.execute_batch(
        "UPDATE suggestions SET handling_unit = '县 住建局' WHERE code = 'S00001';
         UPDATE suggestions SET handling_unit = '农业/农村局' WHERE code = 'S00002';
         UPDATE suggestions SET handling_unit = '区 水务局' WHERE code = 'S00003';
         UPDATE suggestions SET handling_unit = '区水务局' WHERE code = 'S00004';
         PRAGMA user_version = 3; COMMIT;",
    )
    .unwrap();
    db
}

#[test]
fn a_version_3_file_turns_each_handling_unit_text_into_a_unit() {
    let dir = tempfile::tempdir().unwrap();
    let db = version_3_file(dir.path());
    assert_eq!(user_version(&db), 3);
    let texts: Vec<String> = {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let mut stmt = conn
            .prepare("SELECT DISTINCT handling_unit FROM suggestions WHERE handling_unit <> '' ORDER BY 1")
            .unwrap();
        let rows = stmt.query_map([], |r| r.get(0)).unwrap();
        rows.map(Result::unwrap).collect()
    };
    let before = contents(&db);
    let out = dir.path().join("out");
    ok(lianluo(&db).arg("export").arg(&out).output().unwrap());
    assert_eq!(user_version(&db), lianluo::store::SCHEMA_VERSION);
    // Every row reads as before, its unit now found by name through its code.
    assert_eq!(contents(&db), before);
    assert!(check(&db, "foreign_key_check").is_empty());

    let units = std::fs::read_to_string(out.join("units.csv")).unwrap();
    let mut lines = units.lines();
    assert_eq!(lines.next(), Some("code,name,kind,contact,phone,active"));
    let units: Vec<(String, String)> = lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            assert_eq!(f[2..], ["other", "", "", "true"], "{l}");
            (f[0].to_string(), f[1].to_string())
        })
        .collect();
    // One unit per distinct text, named by it.
    let mut names: Vec<String> = units.iter().map(|(_, n)| n.clone()).collect();
    names.sort();
    assert_eq!(names, texts);
    let code_of = |name: &str| units.iter().find(|(_, n)| n == name).map(|(c, _)| c.as_str()).unwrap();
    assert_eq!(code_of("县 住建局"), "县住建局", "whitespace removed");
    assert_eq!(code_of("区水务局"), "区水务局", "a text that is a code keeps it");
    assert!(code_of("区 水务局").starts_with('U'), "its squeezed code is taken");
    assert!(code_of("农业/农村局").starts_with('U'), "a / is not in a code");
    assert_ne!(code_of("区 水务局"), code_of("农业/农村局"));

    // The export imports into an empty database as it is.
    let fresh = dir.path().join("fresh.db");
    ok(lianluo(&fresh).args(["init", "--empty"]).output().unwrap());
    ok(lianluo(&fresh).arg("import").arg(&out).output().unwrap());
    let again = dir.path().join("again");
    ok(lianluo(&fresh).arg("export").arg(&again).output().unwrap());
    for name in ["units.csv", "suggestions.csv"] {
        assert_eq!(
            std::fs::read(out.join(name)).unwrap(),
            std::fs::read(again.join(name)).unwrap(),
            "{name}"
        );
    }
}

/// The indexes schema 5 added (the TUI's details read by them).
const INDEXES_V5: [&str; 3] = ["receptions_station", "rota_station", "suggestions_raised"];

fn index_names(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
        .unwrap();
    let names = stmt.query_map([], |r| r.get(0)).unwrap();
    names.map(Result::unwrap).collect()
}

/// A version 4 file holding the demo county in use: schema 4 is schema 5
/// without its three indexes.
fn version_4_file(dir: &Path) -> PathBuf {
    let db = dir.join("v4.db");
    ok(lianluo(&db).args(["init", "--empty"]).output().unwrap());
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo");
    ok(lianluo(&db).arg("import").arg(&demo).output().unwrap());
    ok(lianluo(&db)
        .args(["config", "set", "max_station_km", "4.5"])
        .output()
        .unwrap());
    let conn = rusqlite::Connection::open(&db).unwrap();
    for index in INDEXES_V5 {
        conn.execute_batch(&format!("DROP INDEX {index};")).unwrap();
    }
    conn.execute_batch("PRAGMA user_version = 4;").unwrap();
    db
}

#[test]
fn a_version_4_file_gains_the_indexes_the_details_read_by() {
    let dir = tempfile::tempdir().unwrap();
    let db = version_4_file(dir.path());
    let fresh = dir.path().join("fresh.db");
    ok(lianluo(&fresh).args(["init", "--empty"]).output().unwrap());
    assert_eq!(user_version(&db), 4);
    assert!(INDEXES_V5.iter().all(|i| !index_names(&db).contains(&i.to_string())));
    let before = contents(&db);

    // Read-only, it is read as it is: nothing written.
    ok(lianluo(&db).args(["--read-only", "gaps"]).output().unwrap());
    assert_eq!(user_version(&db), 4);

    ok(lianluo(&db).arg("gaps").output().unwrap());
    assert_eq!(user_version(&db), lianluo::store::SCHEMA_VERSION);
    assert_eq!(index_names(&db), index_names(&fresh), "the indexes of a new file");
    assert_eq!(contents(&db), before, "every row as it was");
    assert_eq!(
        check(&db, "integrity_check"),
        vec![format!("{:?}", rusqlite::types::Value::Text("ok".into()))]
    );
}
