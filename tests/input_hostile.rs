//! Hostile input through the public commands (SPEC §2, §7): nothing read
//! from a file, standard input or an argument crashes the program, holds
//! memory out of proportion, or is stored when it should be refused.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/small");

fn lianluo(db: &Path, lang: &str) -> Command {
    let mut cmd = Command::cargo_bin("lianluo").expect("binary");
    cmd.arg("--db").arg(db).arg("--lang").arg(lang);
    cmd.env("LIANLUO_OPERATOR", "tester")
        .env_remove("SSH_CLIENT")
        .env("LIANLUO_BUSY_TIMEOUT_MS", "2000");
    cmd
}

fn small_county() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("county.db");
    lianluo(&db, "en").args(["init", "--empty"]).assert().success();
    lianluo(&db, "en").arg("import").arg(FIXTURE).assert().success();
    (dir, db)
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

// ---- locate --batch (H10, L2) ----

#[test]
fn locate_batch_refuses_a_line_of_200_kb_of_zero_bytes() {
    let (dir, db) = small_county();
    let file = dir.path().join("zeros.csv");
    std::fs::write(&file, vec![0u8; 200_000]).unwrap();
    let out = lianluo(&db, "en")
        .args(["locate", "--batch"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(65), "{}", stderr_of(&out));
    assert_eq!(
        stderr_of(&out).trim_end(),
        format!(
            "lianluo: {}:1: a record longer than 64 KiB (not a file of points?)",
            file.display()
        )
    );
    let out = lianluo(&db, "zh")
        .args(["locate", "--batch"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(65));
    assert!(
        stderr_of(&out).contains(":1: 这一条记录超过 64 KiB"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn locate_batch_of_dev_zero_ends_with_an_error() {
    let (_dir, db) = small_county();
    let out = lianluo(&db, "en")
        .args(["locate", "--batch", "/dev/zero"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(65), "{}", stderr_of(&out));
    assert!(stderr_of(&out).starts_with("lianluo: /dev/zero:1: a record longer than 64 KiB"));
}

#[test]
fn locate_batch_refuses_a_row_with_more_fields_than_the_header() {
    let (_dir, db) = small_county();
    let out = lianluo(&db, "en")
        .args(["locate", "--batch", "-"])
        .write_stdin("name,lon,lat\r\nWang,121.5,37.3\r\nLi,121.5,37.3,extra\r\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(65), "{}", stderr_of(&out));
    assert_eq!(
        stderr_of(&out).trim_end(),
        "lianluo: -:3: the row has 4 fields, the header has 3"
    );
}

// ---- the one text check at the commands (H6, M4, M5) ----

fn add(db: &Path, lang: &str, args: &[&str]) -> std::process::Output {
    lianluo(db, lang)
        .args(["suggest", "add", "--cell"])
        .args(args)
        .output()
        .unwrap()
}

fn a_cell(db: &Path) -> String {
    let out = lianluo(db, "en").args(["cells", "--format", "json"]).output().unwrap();
    let cells: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    cells[0]["code"].as_str().unwrap().to_string()
}

#[test]
fn suggest_add_refuses_a_formula_a_control_character_or_an_overlong_title() {
    let (_dir, db) = small_county();
    let cell = a_cell(&db);
    let out = add(&db, "en", &[&cell, "--title", "=cmd|' /C calc'!A0"]);
    assert_eq!(out.status.code(), Some(65), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out)
            .contains("--title: begins with =, +, -, @, a tab or a carriage return: it would run as a formula"),
        "{}",
        stderr_of(&out)
    );
    let out = add(&db, "zh", &[&cell, "--title", "路灯\u{7}不亮"]);
    assert_eq!(out.status.code(), Some(65), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("--title: 含控制字符"), "{}", stderr_of(&out));
    let long = "a".repeat(40_000);
    let out = add(&db, "en", &[&cell, "--title", &long]);
    assert_eq!(out.status.code(), Some(65), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("--title: longer than 32,767 characters"));
    // Nothing was stored: the export holds none of them, and still imports.
    let dir = db.parent().unwrap().join("out");
    lianluo(&db, "en").arg("export").arg(&dir).assert().success();
    let csv = std::fs::read_to_string(dir.join("suggestions.csv")).unwrap();
    assert!(!csv.contains("cmd|") && !csv.contains('\u{7}') && !csv.contains(&long));
}

#[test]
fn suggest_move_refuses_a_unit_with_control_bytes_and_the_round_trip_holds() {
    let (dir, db) = small_county();
    let cell = a_cell(&db);
    let out = add(&db, "en", &[&cell, "--title", "路灯不亮", "--on", "2026-01-05"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let code = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let bel_unit = format!("住建局{}", "\u{7}".repeat(3000));
    let out = lianluo(&db, "en")
        .args([
            "suggest",
            "move",
            &code,
            "assigned",
            "--unit",
            &bel_unit,
            "--due",
            "2026-02-01",
            "--on",
            "2026-01-06",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(65), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("--unit: holds a control character"),
        "{}",
        stderr_of(&out)
    );
    let out = lianluo(&db, "en")
        .args([
            "suggest",
            "move",
            &code,
            "assigned",
            "--unit",
            "+SUM(1)",
            "--due",
            "2026-02-01",
            "--on",
            "2026-01-06",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(65), "{}", stderr_of(&out));
    // The export of what was stored imports into an empty database.
    let out_dir = dir.path().join("rb");
    lianluo(&db, "en").arg("export").arg(&out_dir).assert().success();
    let empty = dir.path().join("e.db");
    lianluo(&empty, "en").args(["init", "--empty"]).assert().success();
    lianluo(&empty, "en").arg("import").arg(&out_dir).assert().success();
}

// ---- suggestion dates (M12) ----

#[test]
fn impossible_suggestion_timelines_are_refused() {
    let (_dir, db) = small_county();
    let cell = a_cell(&db);
    // An absurd year is a bad value (65).
    for on in ["9999-12-31", "0000-01-01", "1899-12-31"] {
        let out = add(&db, "en", &[&cell, "--title", "路灯", "--on", on]);
        assert_eq!(out.status.code(), Some(65), "{on}: {}", stderr_of(&out));
        assert!(stderr_of(&out).contains("--on"), "{}", stderr_of(&out));
    }
    let out = add(&db, "en", &[&cell, "--title", "路灯", "--on", "2026-01-05"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let code = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let run = |lang: &str, args: &[&str]| {
        lianluo(&db, lang)
            .args(["suggest", "move", &code])
            .args(args)
            .output()
            .unwrap()
    };
    // A move a rule forbids is 1.
    let out = run(
        "en",
        &[
            "assigned",
            "--unit",
            "住建局",
            "--due",
            "2026-02-01",
            "--on",
            "1990-01-01",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains(&format!(
            "{code}: assigned_on 1990-01-01 is before received_on 2026-01-05"
        )),
        "{}",
        stderr_of(&out)
    );
    let out = run(
        "zh",
        &[
            "assigned",
            "--unit",
            "住建局",
            "--due",
            "2026-01-01",
            "--on",
            "2026-01-06",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("due_on 2026-01-01 早于 assigned_on 2026-01-06"),
        "{}",
        stderr_of(&out)
    );
    let out = run(
        "en",
        &[
            "assigned",
            "--unit",
            "住建局",
            "--due",
            "2026-02-01",
            "--on",
            "2026-01-06",
        ],
    );
    assert!(out.status.success(), "{}", stderr_of(&out));
    let out = run("en", &["replied", "--result", "B", "--on", "2026-01-02"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("replied_on 2026-01-02 is before assigned_on 2026-01-06"));
    let out = run("en", &["replied", "--result", "B", "--on", "2026-01-10"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let out = run("en", &["closed", "--satisfaction", "satisfied", "--on", "2026-01-09"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("closed_on 2026-01-09 is before replied_on 2026-01-10"));
    let out = run("en", &["closed", "--satisfaction", "satisfied", "--on", "2026-01-10"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
}

// ---- a shape an older version stored (H2) ----

#[test]
fn a_stored_cell_that_crosses_itself_is_left_out_of_the_spatial_rules() {
    let (_dir, db) = small_county();
    // As an older lianluo stored it: G1 becomes a ring of 4,000 random
    // points (the review's spiky.py), which made every audit run for minutes.
    let mut seed = 1u64;
    let mut next = || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut ring: Vec<[f64; 2]> = (0..4000)
        .map(|_| [121.60 + 0.01 * next(), 37.38 + 0.01 * next()])
        .collect();
    ring.push(ring[0]);
    let geometry = serde_json::json!({"type": "Polygon", "coordinates": [ring]}).to_string();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let changed = conn
        .execute("UPDATE cells SET geometry = ?1 WHERE code = 'G1'", [&geometry])
        .unwrap();
    assert_eq!(changed, 1);
    drop(conn);
    let out = lianluo(&db, "en")
        .args(["gaps", "--rule", "cell-no-geometry", "--format", "json"])
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let g1 = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "G1")
        .unwrap_or_else(|| panic!("G1 not reported: {findings:#}"));
    assert_eq!(g1["detail"], "geometry cannot be read", "{g1:#}");
    // Every other rule runs too, territory ones included.
    let out = lianluo(&db, "en")
        .args(["gaps"])
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some_and(|c| c == 0 || c == 1),
        "{}",
        stderr_of(&out)
    );
}
