//! Nothing from data reaches a terminal or a script as something that runs
//! (hardening review H4, M11, L1, L2, M16, L4; first-use #21, #28): through
//! the real binary, checking the bytes it writes.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/small");

/// Switches the terminal to the alternate screen, hides the cursor, sets
/// the window title and rings: what the review's payload did.
const ESCAPES: &str = "\u{1b}[?1049h\u{1b}[?25l\u{1b}]0;HACKED\u{7}";

/// C1 controls (CSI, OSC, ST) in UTF-8, DEL, bidi overrides and isolates,
/// the line separator and zero-width characters.
const INVISIBLES: &str =
    "\u{9b}2J\u{9d}0;X\u{9c}\u{7f}\u{202e}\u{202c}\u{2066}\u{061c}\u{2028}\u{2029}\u{200b}\u{200d}\u{feff}";

struct County {
    dir: tempfile::TempDir,
    db: PathBuf,
}

fn lianluo(db: &Path) -> Command {
    lianluo_in(db, "en")
}

fn lianluo_in(db: &Path, lang: &str) -> Command {
    let mut cmd = Command::cargo_bin("lianluo").expect("binary");
    cmd.arg("--db").arg(db).arg("--lang").arg(lang);
    cmd.env("LIANLUO_OPERATOR", "tester")
        .env_remove("SSH_CLIENT")
        .env_remove("COLUMNS")
        .env("LIANLUO_BUSY_TIMEOUT_MS", "2000");
    cmd
}

fn small_county() -> County {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("county.db");
    lianluo(&db).args(["init", "--empty"]).assert().success();
    lianluo(&db).arg("import").arg(FIXTURE).assert().success();
    County { dir, db }
}

/// Put hostile text straight into the database, as a roster from anywhere
/// (or another program) could have.
fn set(db: &Path, sql: &str, value: &str) {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.execute(sql, [value]).expect("update");
}

/// True when the text holds a character that could drive a terminal (a
/// line break aside).
fn drives_a_terminal(text: &str) -> bool {
    text.chars().any(|c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{061c}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}' | '\u{feff}')
    })
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

#[test]
fn an_inactive_deputys_name_in_a_refusal_cannot_drive_the_terminal() {
    let c = small_county();
    let name = format!("李四{ESCAPES}{INVISIBLES}");
    set(&c.db, "UPDATE deputies SET name = ?1 WHERE code = 'D3'", &name);
    for lang in ["en", "zh"] {
        let out = lianluo_in(&c.db, lang)
            .args(["reassign", "C1", "--to", "D3"])
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(1), "an inactive deputy is refused");
        let err = text(&out.stderr);
        assert!(err.contains("D3"), "{err:?}");
        assert!(!drives_a_terminal(&err), "{err:?}");
        assert!(err.ends_with('\n') && err.lines().count() == 1, "{err:?}");
    }
}

#[test]
fn a_geometry_type_in_an_import_error_cannot_drive_the_terminal() {
    let c = small_county();
    let file = c.dir.path().join("cells.geojson");
    std::fs::write(
        &file,
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"G9","name":"n","area_code":"370612001005"},"geometry":{"type":"\u001b[?1049h\u001b[?25l\u001b]0;GEO\u0007\u009b2J\u202e","coordinates":[]}}]}"#,
    )
    .expect("write");
    let out = lianluo(&c.db)
        .arg("import")
        .arg(&file)
        .arg("--dry-run")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(65));
    let err = text(&out.stderr);
    assert!(err.contains("cells.geojson"), "{err:?}");
    assert!(!drives_a_terminal(&err), "{err:?}");
}

#[test]
fn a_file_name_with_escapes_and_a_newline_is_shown_on_its_own_line() {
    let c = small_county();
    let dir = c.dir.path().join("in");
    std::fs::create_dir(&dir).expect("mkdir");
    let name = "roster\u{1b}]0;FN\u{7}\nline2.csv";
    std::fs::write(
        dir.join(name),
        "code,name,role,phone,cell_code,deputy_code,active\nC9,王五,boss,13900003333,G1,,true\n",
    )
    .expect("write");
    let out = lianluo(&c.db)
        .args(["import", "--kind", "contacts", "--dry-run"])
        .arg(&dir)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(65));
    let err = text(&out.stderr);
    assert!(!drives_a_terminal(&err), "{err:?}");
    let first = err.lines().next().unwrap_or("");
    // FILE:LINE: stays whole for a script reading it, and says what was there.
    assert!(first.contains("roster\\u{1b}]0;FN\\u{7}\\u{a}line2.csv:2:"), "{err:?}");
    assert!(!err.lines().any(|l| l.starts_with("line2.csv")), "{err:?}");
}

#[test]
fn json_escapes_c1_bidi_and_invisible_characters_and_reads_back_the_same() {
    let c = small_county();
    let name = format!("王林汉{ESCAPES}{INVISIBLES}");
    set(&c.db, "UPDATE deputies SET name = ?1 WHERE code = 'D1'", &name);
    set(&c.db, "UPDATE cells SET name = ?1 WHERE code = 'G1'", &name);
    let runs: [&[&str]; 4] = [
        &["lookup", "D1", "--format", "json"],
        &["cells", "--format", "json"],
        &["locate", "121.605", "37.385", "--format", "json"],
        &["gaps", "--format", "json"],
    ];
    for args in runs {
        let out = lianluo(&c.db).args(args).output().expect("run");
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        let json = text(&out.stdout);
        assert!(!drives_a_terminal(&json), "{args:?}: {json:?}");
        let value: Value = serde_json::from_str(&json).expect("valid JSON");
        let mut names = Vec::new();
        collect_strings(&value, &mut names);
        if args[0] != "gaps" {
            assert!(json.contains("\\u009b2J\\u009d0;X\\u009c\\u007f\\u202e"), "{args:?}");
            assert!(names.iter().any(|n| *n == name), "{args:?}: the name reads back whole");
        }
    }
}

fn collect_strings<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::String(s) => out.push(s),
        Value::Array(items) => items.iter().for_each(|i| collect_strings(i, out)),
        Value::Object(m) => m.values().for_each(|i| collect_strings(i, out)),
        _ => {}
    }
}

#[test]
fn tables_and_csv_lose_separators_zero_width_and_bidi_characters() {
    let c = small_county();
    set(
        &c.db,
        "UPDATE deputies SET name = ?1 WHERE code = 'D1'",
        "王\u{2028}林\u{200b}汉\u{061c}",
    );
    set(
        &c.db,
        "UPDATE cells SET name = ?1 WHERE code = 'G1'",
        "杜家\u{2029}第一\u{feff}网格\u{200d}",
    );
    let lookup = lianluo(&c.db).args(["lookup", "D1"]).output().expect("run");
    let table = text(&lookup.stdout);
    assert!(table.contains("王林汉"), "{table:?}");
    assert!(!drives_a_terminal(&table), "{table:?}");
    for format in ["table", "csv"] {
        let out = lianluo(&c.db)
            .args(["cells", "--format", format])
            .output()
            .expect("run");
        let shown = text(&out.stdout);
        assert!(shown.contains("杜家第一网格"), "{shown:?}");
        assert!(!drives_a_terminal(&shown.replace("\r\n", "\n")), "{format}: {shown:?}");
    }
}

#[test]
fn locate_batch_keeps_the_data_for_a_pipe_and_loses_escapes_on_a_terminal() {
    let c = small_county();
    let points = c.dir.path().join("points.csv");
    let input = format!("id,lon,lat,note\n1,121.605,37.385,x{ESCAPES}\u{9b}31my\n");
    std::fs::write(&points, &input).expect("write");
    // To a pipe: the same rows, byte for byte, with their cell.
    let out = lianluo(&c.db)
        .args(["locate", "--batch"])
        .arg(&points)
        .output()
        .expect("run");
    assert!(out.status.success());
    assert_eq!(
        text(&out.stdout),
        format!("id,lon,lat,note,cell\n1,121.605,37.385,x{ESCAPES}\u{9b}31my,G1\n")
    );
    // To a terminal (a pty made by script(1)): nothing that drives it.
    let script = std::process::Command::new("script").arg("--version").output();
    if !script.map(|o| o.status.success()).unwrap_or(false) {
        eprintln!("NOTICE: script(1) is not installed; skipping the terminal half");
        return;
    }
    let bin = assert_cmd::cargo::cargo_bin("lianluo");
    let line = format!(
        "'{}' --db '{}' --lang en locate --batch '{}'",
        bin.display(),
        c.db.display(),
        points.display()
    );
    let out = std::process::Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .env_remove("SSH_CLIENT")
        .output()
        .expect("script");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let shown = String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n");
    assert!(
        shown.contains("1,121.605,37.385,x[?1049h[?25l]0;HACKED31my,G1"),
        "{shown:?}"
    );
    assert!(!drives_a_terminal(&shown), "{shown:?}");
}

#[test]
fn a_query_of_any_length_is_cut_and_answered() {
    let c = small_county();
    for n in [1_000, 100_000] {
        let query = "wanglinhan".repeat(n / 10);
        let out = lianluo(&c.db).arg("lookup").arg(&query).output().expect("run");
        assert_eq!(out.status.code(), Some(4), "no match, and an answer");
        let err = text(&out.stderr);
        assert!(err.len() < 200, "the message quotes the query cut: {}", err.len());
    }
    // Cut, not refused: what is typed past the blanks the cut trims still
    // finds the name.
    let out = lianluo(&c.db)
        .arg("lookup")
        .arg(format!("ｗｌｈ{}", " ".repeat(300)))
        .output()
        .expect("run");
    assert!(out.status.success(), "trailing blanks are trimmed");
}

#[test]
fn full_width_queries_and_codes_are_folded() {
    let c = small_county();
    for query in ["ｗｌｈ", "Ｄ１", "５６７８"] {
        let hits = lianluo(&c.db)
            .args(["lookup", query, "--format", "json"])
            .output()
            .expect("run");
        assert!(hits.status.success(), "{query}: {}", text(&hits.stderr));
        let hits: Value = serde_json::from_slice(&hits.stdout).expect("json");
        assert_eq!(hits[0]["code"], "D1", "{query}");
    }
    lianluo(&c.db)
        .args(["reassign", "Ｃ２", "--to", "Ｄ２"])
        .assert()
        .success();
    let log = lianluo(&c.db)
        .args(["log", "--limit", "1", "--code", "Ｃ２", "--format", "json"])
        .output()
        .expect("run");
    let log: Value = serde_json::from_slice(&log.stdout).expect("json");
    assert_eq!(log[0]["code"], "C2");
    assert_eq!(log[0]["after"]["deputy_code"], "D2");
}

#[test]
fn lookup_says_how_many_more_matches_there_are_in_the_table_only() {
    let c = small_county();
    let all = lianluo(&c.db)
        .args(["lookup", "G", "--format", "json"])
        .output()
        .expect("run");
    let all: Value = serde_json::from_slice(&all.stdout).expect("json");
    let total = all.as_array().map(Vec::len).unwrap_or(0);
    assert!(total >= 3, "{all}");
    let table = lianluo(&c.db)
        .args(["lookup", "G", "--limit", "1"])
        .output()
        .expect("run");
    let shown = text(&table.stdout);
    assert_eq!(
        shown.lines().last(),
        Some(format!("… {} more (use --limit)", total - 1).as_str())
    );
    let zh = lianluo_in(&c.db, "zh")
        .args(["lookup", "G", "--limit", "1"])
        .output()
        .expect("run");
    assert!(text(&zh.stdout).contains(&format!("另有 {} 项", total - 1)));
    let json = lianluo(&c.db)
        .args(["lookup", "G", "--limit", "1", "--format", "json"])
        .output()
        .expect("run");
    let json: Value = serde_json::from_slice(&json.stdout).expect("JSON stays an array");
    assert_eq!(json.as_array().map(Vec::len), Some(1));
    let all_shown = lianluo(&c.db)
        .args(["lookup", "G", "--limit", "1000"])
        .output()
        .expect("run");
    assert!(!text(&all_shown.stdout).contains("more"));
}

#[test]
fn the_log_table_names_the_fields_that_changed() {
    let c = small_county();
    set(
        &c.db,
        "UPDATE suggestions SET title = ?1 WHERE code = 'S2'",
        "村道\u{1b}]0;X\u{7}硬化",
    );
    lianluo(&c.db).args(["reassign", "C3", "--to", "D2"]).assert().success();
    lianluo(&c.db)
        .args([
            "suggest",
            "move",
            "S2",
            "assigned",
            "--unit",
            "住建局",
            "--due",
            "2026-12-30",
            "--on",
            "2026-11-20",
        ])
        .assert()
        .success();
    let out = lianluo(&c.db).args(["log", "--limit", "2"]).output().expect("run");
    let shown = text(&out.stdout);
    assert!(!drives_a_terminal(&shown), "{shown:?}");
    let lines: Vec<&str> = shown.lines().collect();
    assert!(lines[0].ends_with("change"), "{shown}");
    assert!(lines[1].contains("S2"), "{shown}");
    assert!(lines[1].contains("status: received → assigned"), "{shown}");
    assert!(lines[1].contains("due_on: (none) → 2026-12-30"), "{shown}");
    assert!(lines[2].ends_with("deputy_code: (none) → D2"), "{shown}");
    assert!(!shown.contains("{\""), "no JSON blob: {shown}");
    // Within the width: a line never passes $COLUMNS once the change is cut.
    let out = lianluo(&c.db)
        .env("COLUMNS", "130")
        .args(["log", "--limit", "2"])
        .output()
        .expect("run");
    for line in text(&out.stdout).lines() {
        assert!(unicode_width::UnicodeWidthStr::width(line) <= 130, "{line}");
    }
    // JSON is unchanged: whole rows.
    let json = lianluo(&c.db)
        .args(["log", "--limit", "1", "--format", "json"])
        .output()
        .expect("run");
    let json: Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(json[0]["after"]["status"], "assigned");
}
