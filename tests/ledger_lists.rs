//! `lianluo units` (the scorecard) and `lianluo suggest due` (the reminder
//! list) of SPEC §10 on a small county whose every figure is counted by
//! hand below.

use assert_cmd::Command;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/small");

/// Besides the fixture's 住建局, 水务局 and U03 (县交通运输局): a unit
/// that has closed and never handled anything.
const UNITS: &str = "code,name,kind,active\nU04,县粮食局,bureau,false\n";

/// The fixture holds S1 (住建局, assigned 2026-10-02: after the as-of
/// date), S2 (received) and S3 (水务局, assigned 2026-03-02, due 04-01,
/// replied 03-20, satisfied, closed, no result). As of 2026-05-01:
const SUGGESTIONS: &str = "\
code,cell_code,title,source,raised_by,category,received_on,handling_unit,assigned_on,due_on,status,replied_on,satisfaction,closed_on,co_units,result
T01,G1,修路灯,reception,,general,2025-12-01,住建局,2026-01-10,2026-04-10,closed,2026-04-01,satisfied,2026-04-05,U03,A
T02,G1,修桥,reception,,general,2025-12-01,住建局,2026-02-01,2026-05-01,replied,2026-04-20,unsatisfied,,,B
T03,G2,排水,reception,,general,2025-12-01,住建局,2026-03-01,2026-04-30,handling,,,,U03;水务局,
T04,G2,公厕,reception,,general,2025-12-01,住建局,2026-04-15,2026-05-05,assigned,,,,,
T05,G2,路面,reception,,general,2025-12-01,住建局,2025-12-20,2026-05-03,handling,,,,,
T06,G1,水压,reception,,general,2025-12-01,水务局,2026-04-01,2026-05-08,reopened,,,,,
T07,G1,水质,reception,,general,2025-12-01,水务局,2026-04-02,2026-05-09,assigned,,,,,
T08,G2,公交,reception,,general,2025-12-01,U03,2026-01-05,2026-02-05,replied,2026-02-10,,,,C
";

struct County {
    _dir: tempfile::TempDir,
    db: PathBuf,
}

fn lianluo(db: &Path) -> Command {
    lianluo_in(db, "en")
}

fn lianluo_in(db: &Path, lang: &str) -> Command {
    let mut cmd = Command::cargo_bin("lianluo").expect("binary");
    cmd.arg("--db").arg(db).arg("--lang").arg(lang);
    cmd.env("LIANLUO_OPERATOR", "tester").env_remove("SSH_CLIENT");
    cmd
}

fn county() -> County {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("county.db");
    lianluo(&db).args(["init", "--empty"]).assert().success();
    lianluo(&db).arg("import").arg(FIXTURE).assert().success();
    let units = dir.path().join("units.csv");
    let suggestions = dir.path().join("suggestions.csv");
    std::fs::write(&units, UNITS).expect("write");
    std::fs::write(&suggestions, SUGGESTIONS).expect("write");
    lianluo(&db)
        .arg("import")
        .arg(&units)
        .arg(&suggestions)
        .assert()
        .success();
    County { _dir: dir, db }
}

fn json_of(db: &Path, args: &[&str]) -> Value {
    let out = lianluo(db).args(args).output().expect("run");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

#[test]
fn the_scorecard_counts_each_unit_s_assignments_of_the_year_by_hand() {
    let c = county();
    let units = json_of(&c.db, &["units", "--as-of", "2026-05-01", "--format", "json"]);
    let expected = json!([
        {"code": "U03", "name": "县交通运输局", "kind": "bureau", "active": true,
         // T08 replied 02-10, after its due 02-05, result C; co-handles T01 and T03.
         "assigned": 1, "replied": 1, "on_time": 0, "closed": 0, "evaluated": 0, "satisfied": 0,
         "resolved": 0, "overdue": 0, "co_handled": 2,
         "reply_rate": 1.0, "on_time_rate": 0.0, "completion_rate": 0.0, "satisfaction_rate": null,
         "resolved_rate": 0.0},
        {"code": "U04", "name": "县粮食局", "kind": "bureau", "active": false,
         "assigned": 0, "replied": 0, "on_time": 0, "closed": 0, "evaluated": 0, "satisfied": 0,
         "resolved": 0, "overdue": 0, "co_handled": 0,
         "reply_rate": null, "on_time_rate": null, "completion_rate": null, "satisfaction_rate": null,
         "resolved_rate": null},
        // 住建局: T01 T02 T03 T04 (T05 was assigned last year, S1 after the date).
        // Replied T01 (closed) and T02, both on time; T01 rated satisfied and
        // solved (A), T02 unsatisfied; T03 due 04-30 is overdue on 05-01.
        {"code": "住建局", "name": "县住房和城乡建设局", "kind": "bureau", "active": true,
         "assigned": 4, "replied": 2, "on_time": 2, "closed": 1, "evaluated": 2, "satisfied": 1,
         "resolved": 1, "overdue": 1, "co_handled": 0,
         "reply_rate": 0.5, "on_time_rate": 0.5, "completion_rate": 0.25, "satisfaction_rate": 0.5,
         "resolved_rate": 0.5},
        // 水务局: S3 (closed on time, satisfied, no result), T06 (reopened), T07;
        // co-handles T03.
        {"code": "水务局", "name": "县水务局", "kind": "bureau", "active": true,
         "assigned": 3, "replied": 1, "on_time": 1, "closed": 1, "evaluated": 1, "satisfied": 1,
         "resolved": 0, "overdue": 0, "co_handled": 1,
         "reply_rate": 0.3333, "on_time_rate": 0.3333, "completion_rate": 0.3333, "satisfaction_rate": 1.0,
         "resolved_rate": 0.0},
    ]);
    assert_eq!(units, expected);
    // The keys, in SPEC's order.
    let out = lianluo(&c.db)
        .args(["units", "--as-of", "2026-05-01", "--format", "json"])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    let order = [
        "code",
        "name",
        "kind",
        "active",
        "assigned",
        "replied",
        "on_time",
        "closed",
        "evaluated",
        "satisfied",
        "resolved",
        "overdue",
        "co_handled",
        "reply_rate",
        "on_time_rate",
        "completion_rate",
        "satisfaction_rate",
        "resolved_rate",
    ];
    let first = &text[..text.find('}').expect("an object")];
    let at: Vec<usize> = order
        .iter()
        .map(|k| first.find(&format!("\"{k}\"")).expect("key"))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "keys in order: {first}");
}

#[test]
fn the_scorecard_s_year_is_the_as_of_date_s() {
    let c = county();
    // As of the last day of 2025 only T05 (住建局, 2025-12-20) was assigned.
    let units = json_of(&c.db, &["units", "--as-of", "2025-12-31", "--format", "json"]);
    let assigned: Vec<(String, u64)> = units
        .as_array()
        .expect("array")
        .iter()
        .map(|u| {
            (
                u["code"].as_str().unwrap_or("").to_string(),
                u["assigned"].as_u64().unwrap_or(99),
            )
        })
        .collect();
    assert_eq!(
        assigned,
        [
            ("U03".to_string(), 0),
            ("U04".into(), 0),
            ("住建局".into(), 1),
            ("水务局".into(), 0)
        ]
    );
    assert_eq!(units[2]["reply_rate"], 0.0);
}

#[test]
fn the_scorecard_reads_as_a_table_and_as_csv() {
    let c = county();
    let out = lianluo(&c.db)
        .args(["units", "--as-of", "2026-05-01", "--format", "csv"])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    assert!(lines.next().unwrap_or("").starts_with("code,name,kind,active,assigned"));
    assert_eq!(
        lines.next(),
        Some("U03,县交通运输局,bureau,true,1,1,0,0,0,0,0,0,2,1,0,0,,0")
    );
    let out = lianluo_in(&c.db, "zh")
        .args(["units", "--as-of", "2026-05-01"])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().find(|l| l.starts_with("住建局")).expect("a line");
    assert!(line.contains("50.0%") && line.contains("25.0%"), "{line}");
    let line = text.lines().find(|l| l.starts_with("U04")).expect("a line");
    assert!(line.contains('—') && line.contains('否'), "{line}");
}

#[test]
fn the_reminder_list_holds_what_is_being_handled_and_due_within_the_days() {
    let c = county();
    let due = json_of(&c.db, &["suggest", "due", "--as-of", "2026-05-01", "--format", "json"]);
    // T03 is overdue (04-30), T02 replied, T07 due in 8 days; remind_days is 7.
    assert_eq!(
        due,
        json!([
            {"code": "T05", "title": "路面", "cell": "G2", "unit": "住建局", "due_on": "2026-05-03", "days_left": 2, "status": "handling"},
            {"code": "T04", "title": "公厕", "cell": "G2", "unit": "住建局", "due_on": "2026-05-05", "days_left": 4, "status": "assigned"},
            {"code": "T06", "title": "水压", "cell": "G1", "unit": "水务局", "due_on": "2026-05-08", "days_left": 7, "status": "reopened"},
        ])
    );
    let codes = |args: &[&str]| -> Vec<String> {
        json_of(&c.db, args)
            .as_array()
            .expect("array")
            .iter()
            .map(|d| d["code"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(
        codes(&[
            "suggest",
            "due",
            "--as-of",
            "2026-05-01",
            "--within",
            "6",
            "--format",
            "json"
        ]),
        ["T05", "T04"]
    );
    // Due on the as-of date itself: on the list, 0 days left.
    let today = json_of(
        &c.db,
        &[
            "suggest",
            "due",
            "--as-of",
            "2026-05-03",
            "--within",
            "0",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        today,
        json!([{"code": "T05", "title": "路面", "cell": "G2", "unit": "住建局", "due_on": "2026-05-03", "days_left": 0, "status": "handling"}])
    );
    // The setting decides the default.
    lianluo(&c.db)
        .args(["config", "set", "remind_days", "8"])
        .assert()
        .success();
    assert_eq!(
        codes(&["suggest", "due", "--as-of", "2026-05-01", "--format", "json"]),
        ["T05", "T04", "T06", "T07"]
    );
    let csv = lianluo(&c.db)
        .args(["suggest", "due", "--as-of", "2026-05-01", "--format", "csv"])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&csv.stdout);
    assert_eq!(
        text.lines().next(),
        Some("code,title,cell,unit,due_on,days_left,status")
    );
    assert_eq!(text.lines().nth(1), Some("T05,路面,G2,住建局,2026-05-03,2,handling"));
    lianluo(&c.db)
        .args(["suggest", "due", "--within", "-1"])
        .assert()
        .code(2);
}
