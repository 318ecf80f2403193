//! The public commands of SPEC §5, driven through the real binary on a
//! small county whose gaps are worked out by hand in the comments below.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/small");

struct County {
    _dir: tempfile::TempDir,
    db: PathBuf,
}

fn lianluo(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("lianluo").expect("binary");
    cmd.arg("--db").arg(db).arg("--lang").arg("en");
    cmd.env("LIANLUO_OPERATOR", "tester")
        .env_remove("SSH_CLIENT")
        .env("LIANLUO_BUSY_TIMEOUT_MS", "2000");
    cmd
}

fn small_county() -> County {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("county.db");
    lianluo(&db).args(["init", "--empty"]).assert().success();
    lianluo(&db).arg("import").arg(FIXTURE).assert().success();
    County { _dir: dir, db }
}

fn json_of(cmd: &mut Command) -> Value {
    let out = cmd.output().expect("run");
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("json")
}

fn pairs(findings: &Value) -> Vec<(String, String)> {
    findings
        .as_array()
        .expect("array")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or("").to_string(),
                f["code"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn gaps_as_of_a_date_match_a_reading_of_the_rules_by_hand() {
    let c = small_county();
    let found = json_of(lianluo(&c.db).args(["gaps", "--as-of", "2026-11-22", "--format", "json"]));
    let mut expected: Vec<(String, String)> = [
        ("cell-no-contact", "G3"),             // G3 has no contact
        ("cell-no-deputy", "G3"),              // nobody is assigned to G3
        ("cell-no-geometry", "G3"),            // G3 has no shape
        ("contact-bad-phone", "C2"),           // 12345
        ("contact-deputy-mismatch", "C2"),     // D1 covers G1, not C2's G2
        ("contact-no-deputy", "C3"),           // no deputy
        ("deputy-no-contact", "D2"),           // D3 is inactive, so not counted
        ("deputy-no-reception", "D2"),         // D1 received on 2026-01-15
        ("suggestion-key-unsupervised", "S2"), // key, nobody supervises it
        ("suggestion-overdue", "S1"),          // due 2026-10-31
        ("suggestion-unassigned", "S2"),       // received 12 days before
    ]
    .iter()
    .map(|(r, c)| (r.to_string(), c.to_string()))
    .collect();
    expected.sort();
    assert_eq!(pairs(&found), expected);
    let first = &found[0];
    for key in ["rule", "severity", "kind", "code", "cell", "detail"] {
        assert!(first.get(key).is_some(), "missing key {key}");
    }
    let deputy = found
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "deputy-no-contact")
        .unwrap();
    assert_eq!(deputy["cell"], Value::Null);
    assert_eq!(deputy["kind"], "deputy");
    let contact = found
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "contact-no-deputy")
        .unwrap();
    assert_eq!(contact["cell"], "G2");
}

#[test]
fn overdue_is_strictly_before_the_as_of_date() {
    let c = small_county();
    // S1 is due 2026-10-31: on that day it is not overdue yet, the day after it is.
    let on_due = json_of(lianluo(&c.db).args([
        "gaps",
        "--rule",
        "suggestion-overdue",
        "--as-of",
        "2026-10-31",
        "--format",
        "json",
    ]));
    assert_eq!(on_due.as_array().unwrap().len(), 0);
    let after = json_of(lianluo(&c.db).args([
        "gaps",
        "--rule",
        "suggestion-overdue",
        "--as-of",
        "2026-11-01",
        "--format",
        "json",
    ]));
    assert_eq!(
        pairs(&after),
        vec![("suggestion-overdue".to_string(), "S1".to_string())]
    );
    // S2 was received 2026-11-10: exactly 7 days later it is not yet unassigned.
    let seventh = json_of(lianluo(&c.db).args([
        "gaps",
        "--rule",
        "suggestion-unassigned",
        "--as-of",
        "2026-11-17",
        "--format",
        "json",
    ]));
    assert_eq!(seventh.as_array().unwrap().len(), 0);
}

#[test]
fn gaps_check_exits_1_when_gaps_are_found() {
    let c = small_county();
    lianluo(&c.db)
        .args(["gaps", "--check", "--as-of", "2026-11-22"])
        .assert()
        .code(1);
    lianluo(&c.db)
        .args(["gaps", "--check", "--rule", "cells-overlap"])
        .assert()
        .code(0);
    lianluo(&c.db).args(["gaps", "--rule", "no-such-rule"]).assert().code(2);
    // A bad value given to an option is 65 (SPEC §5).
    lianluo(&c.db).args(["gaps", "--as-of", "2026-13-01"]).assert().code(65);
}

#[test]
fn cells_count_people_pending_and_overdue_per_cell() {
    let c = small_county();
    let cells = json_of(lianluo(&c.db).args(["cells", "--as-of", "2026-11-22", "--format", "json"]));
    let cells = cells.as_array().unwrap();
    let codes: Vec<&str> = cells.iter().map(|c| c["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["G1", "G2", "G3"]);
    let g1 = &cells[0];
    assert_eq!(g1["town"], "宁海街道");
    assert_eq!(g1["village"], "杜家村居委会");
    assert_eq!(g1["deputies"], 1);
    assert_eq!(g1["contacts"], 1);
    assert_eq!(g1["pending"], 1); // S3 is closed
    assert_eq!(g1["overdue"], 1);
    assert_eq!(g1["gaps"], serde_json::json!(["suggestion-overdue"]));
    let g2 = &cells[1];
    assert_eq!(g2["contacts"], 2);
    assert_eq!(
        g2["gaps"],
        serde_json::json!([
            "contact-bad-phone",
            "contact-deputy-mismatch",
            "contact-no-deputy",
            "suggestion-key-unsupervised",
            "suggestion-unassigned"
        ])
    );
}

#[test]
fn lookup_finds_people_by_pinyin_initials_and_phone_tail() {
    let c = small_county();
    let hits = json_of(lianluo(&c.db).args(["lookup", "wlh", "--format", "json"]));
    assert_eq!(hits[0]["code"], "D1");
    assert_eq!(hits[0]["kind"], "deputy");
    // 曾 reads zeng or ceng: both initials find 曾国藩.
    for q in ["zgf", "cgf"] {
        let hits = json_of(lianluo(&c.db).args(["lookup", q, "--format", "json"]));
        assert_eq!(hits[0]["code"], "D2", "query {q}");
    }
    let hits = json_of(lianluo(&c.db).args(["lookup", "1111", "--format", "json"]));
    assert_eq!(hits[0]["code"], "C1");
    lianluo(&c.db).args(["lookup", "qqqqzzzz"]).assert().code(4);
}

#[test]
fn reassign_links_the_contact_and_logs_it_under_the_operator() {
    let c = small_county();
    lianluo(&c.db).args(["reassign", "C3", "--to", "D2"]).assert().success();
    let gaps = json_of(lianluo(&c.db).args(["gaps", "--rule", "contact-no-deputy", "--format", "json"]));
    assert_eq!(gaps.as_array().unwrap().len(), 0);
    let log = json_of(lianluo(&c.db).args(["log", "--format", "json"]));
    let e = &log[0];
    assert_eq!(e["action"], "contacts.reassign");
    assert_eq!(e["operator"], "tester");
    assert_eq!(e["code"], "C3");
    assert_eq!(e["before"]["deputy_code"], "");
    assert_eq!(e["after"]["deputy_code"], "D2");
    // The same request again changes nothing and writes no entry.
    lianluo(&c.db).args(["reassign", "C3", "--to", "D2"]).assert().success();
    let again = json_of(lianluo(&c.db).args(["log", "--format", "json"]));
    assert_eq!(again.as_array().unwrap().len(), log.as_array().unwrap().len());
}

#[test]
fn reassign_refuses_unknown_and_inactive_deputies() {
    let c = small_county();
    lianluo(&c.db).args(["reassign", "C3", "--to", "D99"]).assert().code(4);
    lianluo(&c.db).args(["reassign", "C99", "--to", "D1"]).assert().code(4);
    lianluo(&c.db).args(["reassign", "C3", "--to", "D3"]).assert().code(1);
}

#[test]
fn handover_moves_every_contact_of_one_deputy() {
    let c = small_county();
    lianluo(&c.db)
        .args(["reassign", "--from", "D1", "--to", "D2"])
        .assert()
        .success();
    let log = json_of(lianluo(&c.db).args(["log", "--format", "json"]));
    let codes: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"C1") && codes.contains(&"C2"), "{codes:?}");
}

#[test]
fn suggestions_move_only_along_the_lifecycle() {
    let c = small_county();
    let out = lianluo(&c.db)
        .args([
            "suggest",
            "add",
            "--cell",
            "G2",
            "--title",
            "路灯不亮",
            "--raised-by",
            "C3",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let code = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert_eq!(code, "S00004"); // after S1, S2, S3
                                // received → closed is refused, naming the allowed move.
    let refused = lianluo(&c.db)
        .args(["suggest", "move", &code, "closed"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("assigned"));
    // Assigning needs a unit (the due date has a default).
    lianluo(&c.db)
        .args(["suggest", "move", &code, "assigned"])
        .assert()
        .code(1);
    lianluo(&c.db)
        .args([
            "suggest",
            "move",
            &code,
            "assigned",
            "--unit",
            "住建局",
            "--due",
            "2026-12-31",
        ])
        .assert()
        .success();
    lianluo(&c.db)
        .args(["suggest", "move", &code, "replied", "--result", "A"])
        .assert()
        .success();
    lianluo(&c.db)
        .args(["suggest", "move", &code, "closed", "--satisfaction", "satisfied"])
        .assert()
        .success();
    let log = json_of(lianluo(&c.db).args(["log", "--format", "json", "--code", &code]));
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "suggestions.move",
            "suggestions.move",
            "suggestions.move",
            "suggestions.add"
        ]
    );
    assert_eq!(log[0]["after"]["status"], "closed");
}

#[test]
fn config_thresholds_are_shared_and_change_the_rules() {
    let c = small_county();
    lianluo(&c.db)
        .args(["config", "get", "max_contacts_per_deputy"])
        .assert()
        .stdout("10\n");
    lianluo(&c.db)
        .args(["config", "set", "max_contacts_per_deputy", "1"])
        .assert()
        .success();
    let gaps = json_of(lianluo(&c.db).args(["gaps", "--rule", "deputy-overloaded", "--format", "json"]));
    assert_eq!(pairs(&gaps), vec![("deputy-overloaded".to_string(), "D1".to_string())]);
    lianluo(&c.db)
        .args(["config", "set", "no_such_key", "1"])
        .assert()
        .code(4);
    lianluo(&c.db)
        .args(["config", "set", "max_station_km", "-3"])
        .assert()
        .code(2);
    let log = json_of(lianluo(&c.db).args(["log", "--format", "json"]));
    assert_eq!(log[0]["action"], "config.set");
}

#[test]
fn exit_codes_for_a_missing_database_and_bad_usage() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("none.db");
    lianluo(&db).args(["gaps"]).assert().code(66);
    lianluo(&db).args(["frobnicate"]).assert().code(2);
    lianluo(&db).args(["init", "--empty"]).assert().success();
    lianluo(&db).args(["init", "--empty"]).assert().code(1);
    lianluo(&db)
        .arg("import")
        .arg(dir.path().join("missing.csv"))
        .assert()
        .code(66);
}

#[test]
fn backup_copies_a_consistent_database() {
    let c = small_county();
    let copy = c.db.with_file_name("copy.db");
    lianluo(&c.db).arg("backup").arg(&copy).assert().success();
    let cells = json_of(lianluo(&copy).args(["cells", "--format", "json"]));
    assert_eq!(cells.as_array().unwrap().len(), 3);
}

#[test]
fn export_of_an_import_round_trips_byte_for_byte() {
    let c = small_county();
    let first = c.db.with_file_name("first");
    lianluo(&c.db).arg("export").arg(&first).assert().success();
    let db2 = c.db.with_file_name("second.db");
    lianluo(&db2).args(["init", "--empty"]).assert().success();
    lianluo(&db2).arg("import").arg(&first).assert().success();
    let second = c.db.with_file_name("second");
    lianluo(&db2).arg("export").arg(&second).assert().success();
    let mut names: Vec<String> = std::fs::read_dir(&first)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "activities.csv",
            "areas.csv",
            "assignments.csv",
            "cells.geojson",
            "contacts.csv",
            "deputies.csv",
            "receptions.csv",
            "rota.csv",
            "stations.csv",
            "suggestions.csv",
            "units.csv"
        ]
    );
    for n in names {
        assert_eq!(
            std::fs::read(first.join(&n)).unwrap(),
            std::fs::read(second.join(&n)).unwrap(),
            "{n}"
        );
    }
}

#[test]
fn a_damaged_file_changes_nothing_and_names_file_and_line() {
    let c = small_county();
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("contacts.csv");
    std::fs::write(&bad, "code,name,role,phone,cell_code,deputy_code,active\nC9,新人,secretary,13900009999,G1,D1,true\nC10,坏人,boss,1,G1,D1,true\n").unwrap();
    let before = std::fs::read(&c.db).unwrap();
    let out = lianluo(&c.db).arg("import").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(65));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("contacts.csv:3: role:"), "{err}");
    assert_eq!(std::fs::read(&c.db).unwrap(), before);
    // The valid row of the same file was not written either.
    lianluo(&c.db).args(["lookup", "C9"]).assert().code(4);
}

#[test]
fn locate_puts_a_point_in_its_cell_and_exits_4_outside_all_cells() {
    let c = small_county();
    let at = json_of(lianluo(&c.db).args(["locate", "121.605", "37.385", "--format", "json"]));
    assert_eq!(at["cell"]["code"], "G1");
    assert_eq!(at["cell"]["village"], "杜家村居委会");
    assert_eq!(at["deputies"][0]["code"], "D1");
    assert_eq!(at["contacts"][0]["code"], "C1");
    assert_eq!(at["nearest_station"]["code"], "ST01");
    let east = json_of(lianluo(&c.db).args(["locate", "121.615", "37.385", "--format", "json"]));
    assert_eq!(east["cell"]["code"], "G2");
    lianluo(&c.db).args(["locate", "100.0", "30.0"]).assert().code(4);
}

#[test]
fn locate_batch_adds_a_cell_column_and_keeps_the_others() {
    let c = small_county();
    let points = c.db.with_file_name("points.csv");
    std::fs::write(
        &points,
        "id,lon,lat,note\n1,121.605,37.385,a\n2,121.615,37.385,\"b, c\"\n3,100,30,far\n4,x,y,bad\n",
    )
    .unwrap();
    let out = lianluo(&c.db)
        .args(["locate", "--batch"])
        .arg(&points)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "id,lon,lat,note,cell\n1,121.605,37.385,a,G1\n2,121.615,37.385,\"b, c\",G2\n3,100,30,far,\n4,x,y,bad,\n"
    );
}

/// Output read only in part (`lianluo lookup 王 | head -3`) ends the
/// command quietly: it used to panic at the first print to the closed pipe.
#[test]
fn a_commands_output_cut_short_by_its_reader_ends_it_without_a_panic() {
    use std::os::unix::process::ExitStatusExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("demo.db");
    lianluo(&db).args(["init", "--demo"]).assert().success();
    let bin = assert_cmd::cargo::cargo_bin("lianluo");
    let mut child = std::process::Command::new(bin)
        .args(["--db"])
        .arg(&db)
        .args(["--lang", "en", "lookup", "王"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    // The reader goes before the command has printed (it reads the
    // database first), as `head` does once it has its lines.
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        out.status.success() || out.status.signal() == Some(13),
        "ends as cat does: {:?} {stderr}",
        out.status
    );
}

/// `lookup` reads the places and matches the people as the database gives
/// them, a row at a time (as the TUI does): it finds and ranks as an index
/// of the whole file does.
#[test]
fn lookup_finds_and_ranks_as_an_index_of_the_whole_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("demo.db");
    lianluo(&db).args(["init", "--demo"]).assert().success();
    let store = lianluo::store::Store::open_beside(&db).expect("open");
    let ds = store.load().expect("load");
    let index = lianluo::search::SearchIndex::build(&ds);
    for q in ["王", "wl", "C0004", "杜家", "ST0", &ds.contacts[3].phone[7..]] {
        let found = json_of(lianluo(&db).args(["lookup", q, "--limit", "500", "--format", "json"]));
        let expected = serde_json::to_value(index.search(&ds, q, 500)).expect("json");
        assert_eq!(found, expected, "{q}");
    }
}
