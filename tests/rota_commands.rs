//! `lianluo rota plan`, `lianluo rota` and `lianluo points` (SPEC §11)
//! through the real binary, on a small county imported from files and
//! worked out by hand in the comments.
//!
//! Stations: ST1 general at (121.0, 37.0), day 15; ST2 point at
//! (121.5, 37.0), day 31; ST3 online at (121.9, 37.0), day 15; ST4 town
//! without a location, day 10. Cells: G1 around (121.5, 37.0), G2 around
//! (121.9, 37.0), G3 without a shape.
//! Deputies: D1 county at ST4; D2 provincial at ST3 (online), cells G3
//! and G2; D3 township, no station, no cell; D4 city at ST1; D5 township
//! at ST1, received on 2026-01-15; D6 inactive at ST1; D7 county at ST2;
//! D8 national at ST1, already on the rota on 2026-02-15 (member); D9
//! county at ST1.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

struct County {
    dir: tempfile::TempDir,
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

fn square(code: &str, lon: f64, lat: f64) -> String {
    let (x0, y0, x1, y1) = (lon - 0.01, lat - 0.01, lon + 0.01, lat + 0.01);
    format!(
        r#"{{"type":"Feature","properties":{{"code":"{code}","name":"{code}网格","area_code":"V1"}},"geometry":{{"type":"Polygon","coordinates":[[[{x0},{y0}],[{x1},{y0}],[{x1},{y1}],[{x0},{y1}],[{x0},{y0}]]]}}}}"#
    )
}

const DEPUTIES: &str = "code,name,level,district,phone,sector,station_code,active
D1,王一,county,,,,ST4,true
D2,王二,provincial,,,,ST3,true
D3,张三,township,,,,,true
D4,李四,city,,,,ST1,true
D5,赵五,township,,,,ST1,true
D6,钱六,county,,,,ST1,false
D7,孙七,county,,,,ST2,true
D8,周八,national,,,,ST1,true
D9,吴九,county,,,,ST1,true
";

/// The county above, plus `extra` files (name, content) in the same import.
fn county(extra: &[(&str, &str)]) -> County {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = dir.path().join("files");
    std::fs::create_dir(&files).expect("files dir");
    let cells = format!(
        r#"{{"type":"FeatureCollection","features":[{},{},{{"type":"Feature","properties":{{"code":"G3","name":"G3网格","area_code":"V1"}},"geometry":null}}]}}"#,
        square("G1", 121.5, 37.0),
        square("G2", 121.9, 37.0)
    );
    let mut all: Vec<(&str, String)> = vec![
        (
            "areas.csv",
            "code,name,level,parent_code\nA0,县,county,\nT1,镇,town,A0\nV1,村,village,T1\n".into(),
        ),
        ("cells.geojson", cells),
        (
            "stations.csv",
            "code,name,kind,area_code,lon,lat,theme,reception_day
ST1,总站,general,T1,121.0,37.0,,15
ST2,联络点,point,T1,121.5,37.0,,31
ST3,网上站,online,T1,121.9,37.0,,15
ST4,镇站,town,T1,,,,10
"
            .into(),
        ),
        ("deputies.csv", DEPUTIES.into()),
        ("assignments.csv", "deputy_code,cell_code\nD2,G3\nD2,G2\n".into()),
        (
            "receptions.csv",
            "date,station_code,deputy_code,constituents\n2026-01-15,ST1,D5,3\n".into(),
        ),
        (
            "rota.csv",
            "date,station_code,deputy_code,role\n2026-02-15,ST1,D8,member\n".into(),
        ),
    ];
    for (name, text) in extra {
        match all.iter_mut().find(|(n, _)| n == name) {
            Some(file) => file.1 = text.to_string(),
            None => all.push((name, text.to_string())),
        }
    }
    for (name, text) in &all {
        std::fs::write(files.join(name), text).expect("write fixture");
    }
    let db = dir.path().join("county.db");
    lianluo(&db).args(["init", "--empty"]).assert().success();
    lianluo(&db).arg("import").arg(&files).assert().success();
    County { dir, db }
}

fn json_of(cmd: &mut Command) -> Value {
    let out = cmd.output().expect("run");
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("json")
}

/// Run `rota plan` and return its standard output (the unplaced deputies).
fn plan(c: &County, args: &[&str]) -> String {
    let out = lianluo(&c.db).args(["rota", "plan"]).args(args).output().expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// The year's slots as (date, station, deputy, role, attended).
fn slots(c: &County, as_of: &str) -> Vec<(String, String, String, String, Value)> {
    let rota = json_of(lianluo(&c.db).args(["rota", "--year", "2026", "--as-of", as_of, "--format", "json"]));
    rota.as_array()
        .expect("array")
        .iter()
        .map(|s| {
            let text = |k: &str| s[k].as_str().unwrap_or_default().to_string();
            (
                text("date"),
                text("station"),
                text("deputy"),
                text("role"),
                s["attended"].clone(),
            )
        })
        .collect()
}

fn plan_entries(c: &County) -> Vec<Value> {
    let log = json_of(lianluo(&c.db).args(["log", "--format", "json"]));
    log.as_array()
        .expect("array")
        .iter()
        .filter(|e| e["action"] == "rota.plan")
        .cloned()
        .collect()
}

fn slot(date: &str, station: &str, deputy: &str, role: &str) -> (String, String, String, String) {
    (date.into(), station.into(), deputy.into(), role.into())
}

fn without_attendance(s: Vec<(String, String, String, String, Value)>) -> Vec<(String, String, String, String)> {
    s.into_iter().map(|(a, b, c, d, _)| (a, b, c, d)).collect()
}

#[test]
fn plan_follows_every_rule_of_the_rota() {
    let c = county(&[]);
    let unplaced = plan(&c, &["--year", "2026", "--as-of", "2026-02-01"]);
    assert_eq!(unplaced, "", "everyone has a day left");
    assert_eq!(
        without_attendance(slots(&c, "2026-02-01")),
        [
            // D1: their own station ST4, though it has no location; day 10.
            slot("2026-02-10", "ST4", "D1", "lead"),
            // ST1 in code order D3 (no station, no cell: the general
            // station), D4, D9, one a reception day. D8 was there as a
            // member: national, so the lead moves to D8.
            slot("2026-02-15", "ST1", "D3", "member"),
            slot("2026-02-15", "ST1", "D8", "lead"),
            // D2: own station online, first cell G3 has no shape, G2's
            // nearest non-online station is ST2 (ST3 online is nearer);
            // the 31st falls on 28 February.
            slot("2026-02-28", "ST2", "D2", "lead"),
            slot("2026-03-15", "ST1", "D4", "lead"),
            // D7 at ST2: the next day, 31 March.
            slot("2026-03-31", "ST2", "D7", "lead"),
            slot("2026-04-15", "ST1", "D9", "lead"),
            // D5 received this year, D6 is inactive: neither is planned.
        ]
    );
    let entries = plan_entries(&c);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["kind"], "rota");
    assert_eq!(entries[0]["code"], "2026");
    assert_eq!(entries[0]["after"]["added"], 6);
    assert_eq!(entries[0]["after"]["removed"], 0);

    // A second plan adds nothing and writes no entry.
    assert_eq!(plan(&c, &["--year", "2026", "--as-of", "2026-02-01"]), "");
    assert_eq!(slots(&c, "2026-02-01").len(), 7);
    assert_eq!(plan_entries(&c).len(), 1);
}

#[test]
fn new_slots_are_balanced_over_the_days_left_with_one_lead_a_day() {
    let c = county(&[]);
    plan(&c, &["--year", "2026", "--as-of", "2026-11-01"]);
    let st1: Vec<_> = without_attendance(slots(&c, "2026-11-01"))
        .into_iter()
        .filter(|s| s.1 == "ST1" && s.0.as_str() >= "2026-11-01")
        .collect();
    // D3, D4, D9 over 15 November and 15 December: two, then one. On the
    // 15th of November D9 (county) leads D3 (township).
    assert_eq!(
        st1,
        [
            slot("2026-11-15", "ST1", "D3", "member"),
            slot("2026-11-15", "ST1", "D9", "lead"),
            slot("2026-12-15", "ST1", "D4", "lead"),
        ]
    );
}

#[test]
fn deputies_whose_station_has_no_day_left_are_listed_and_the_plan_still_succeeds() {
    let c = county(&[]);
    let unplaced = plan(&c, &["--year", "2026", "--as-of", "2026-12-20"]);
    // ST1 received on the 15th, ST4 on the 10th: past. ST2 has the 31st.
    assert_eq!(unplaced, "D1 王一\nD3 张三\nD4 李四\nD9 吴九\n");
    assert_eq!(
        without_attendance(slots(&c, "2026-12-20"))
            .into_iter()
            .filter(|s| s.0.as_str() >= "2026-12-20")
            .collect::<Vec<_>>(),
        [
            slot("2026-12-31", "ST2", "D2", "lead"),
            slot("2026-12-31", "ST2", "D7", "member"),
        ]
    );
}

#[test]
fn replace_plans_again_from_the_as_of_date_and_keeps_what_came_before() {
    let c = county(&[]);
    plan(&c, &["--year", "2026", "--as-of", "2026-02-01"]);
    // D9 moves to ST2: without --replace nothing changes (D9 has a slot).
    let moved = DEPUTIES.replace("D9,吴九,county,,,,ST1", "D9,吴九,county,,,,ST2");
    let file = c.dir.path().join("deputies.csv");
    std::fs::write(&file, moved).expect("write");
    lianluo(&c.db).arg("import").arg(&file).assert().success();
    assert_eq!(plan(&c, &["--year", "2026", "--as-of", "2026-03-01"]), "");
    assert_eq!(plan_entries(&c).len(), 1);

    plan(&c, &["--year", "2026", "--as-of", "2026-03-01", "--replace"]);
    assert_eq!(
        without_attendance(slots(&c, "2026-03-01")),
        [
            slot("2026-02-10", "ST4", "D1", "lead"),
            slot("2026-02-15", "ST1", "D3", "member"),
            slot("2026-02-15", "ST1", "D8", "lead"),
            slot("2026-02-28", "ST2", "D2", "lead"),
            // From 1 March on: removed and planned again.
            slot("2026-03-15", "ST1", "D4", "lead"),
            slot("2026-03-31", "ST2", "D7", "lead"),
            slot("2026-04-30", "ST2", "D9", "lead"),
        ]
    );
    let entries = plan_entries(&c);
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["after"]["removed"], 3);
    assert_eq!(entries[0]["after"]["added"], 3);
}

#[test]
fn rota_says_attended_absent_or_to_come() {
    let c = county(&[]);
    plan(&c, &["--year", "2026", "--as-of", "2026-02-01"]);
    // D3 came on the day of their slot.
    let file = c.dir.path().join("receptions.csv");
    std::fs::write(
        &file,
        "date,station_code,deputy_code,constituents\n2026-02-15,ST1,D3,5\n",
    )
    .expect("write");
    lianluo(&c.db).arg("import").arg(&file).assert().success();
    let attended: Vec<(String, Value)> = slots(&c, "2026-03-15")
        .into_iter()
        .map(|(date, _, deputy, _, a)| (format!("{date} {deputy}"), a))
        .collect();
    assert_eq!(
        attended,
        [
            ("2026-02-10 D1".into(), Value::Bool(false)),
            ("2026-02-15 D3".into(), Value::Bool(true)),
            ("2026-02-15 D8".into(), Value::Bool(false)),
            ("2026-02-28 D2".into(), Value::Bool(false)),
            // The as-of day itself is still to come.
            ("2026-03-15 D4".into(), Value::Null),
            ("2026-03-31 D7".into(), Value::Null),
            ("2026-04-15 D9".into(), Value::Null),
        ]
    );
    let rota = json_of(lianluo(&c.db).args(["rota", "--as-of", "2026-03-15", "--format", "json"]));
    let first = &rota[0];
    let mut keys: Vec<&str> = first.as_object().expect("object").keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, ["attended", "date", "deputy", "name", "role", "station"]);
    assert_eq!(first["name"], "王一");
    // Another year holds nothing.
    let empty = json_of(lianluo(&c.db).args(["rota", "--year", "2025", "--format", "json"]));
    assert_eq!(empty, Value::Array(Vec::new()));
}

/// Points as of 2026-06-15, by hand:
/// D3: receptions 1 (15 Feb; 15 Dec 2025 is last year), suggestions 1 (S1;
/// S2 is last year's, S3 raised by a contact), contacts 2 (C3 inactive),
/// activities 2 (2 Apr, 2 May; 1 Aug is after), absences 0 (15 Feb
/// attended) → 2·1 + 1 + 2 + 2 = 7.
/// D4: contacts 1, activities 1, absences 1 (15 May) → 1 + 1 − 2 = 0.
/// D5: receptions 1 → 2. D8: absence (15 Feb) → −2. D9: 15 June is the
/// as-of day, still to come → 0. D1, D2, D7: 0. D6 inactive: not listed.
const POINTS_FILES: [(&str, &str); 5] = [
    (
        "receptions.csv",
        "date,station_code,deputy_code,constituents
2025-12-15,ST1,D3,2
2026-01-15,ST1,D5,3
2026-02-15,ST1,D3,5
2026-07-15,ST1,D4,1
",
    ),
    (
        "rota.csv",
        "date,station_code,deputy_code,role
2026-02-15,ST1,D3,lead
2026-02-15,ST1,D8,member
2026-05-15,ST1,D4,lead
2026-06-15,ST1,D9,lead
",
    ),
    (
        "contacts.csv",
        "code,name,role,phone,cell_code,deputy_code,active
C1,甲,grid_worker,13812345678,G1,D3,true
C2,乙,grid_worker,13812345679,G1,D3,true
C3,丙,grid_worker,13812345670,G1,D3,false
C4,丁,grid_worker,13812345671,G2,D4,true
",
    ),
    (
        "suggestions.csv",
        "code,cell_code,title,source,raised_by,category,received_on,handling_unit,assigned_on,due_on,status,replied_on,satisfaction,closed_on
S1,G1,修路,reception,D3,general,2026-03-01,,,,received,,,
S2,G1,路灯,reception,D3,general,2025-11-01,,,,received,,,
S3,G1,绿化,liaison,C1,general,2026-03-02,,,,received,,,
",
    ),
    (
        "activities.csv",
        "date,deputy_code,kind,note
2026-04-02,D3,training,履职培训
2026-05-02,D3,survey,
2026-05-02,D4,inspection,
2026-08-01,D3,visit,
",
    ),
];

fn points(c: &County) -> Vec<(String, i64)> {
    let rows = json_of(lianluo(&c.db).args(["points", "--as-of", "2026-06-15", "--format", "json"]));
    rows.as_array()
        .expect("array")
        .iter()
        .map(|p| {
            (
                p["code"].as_str().unwrap_or_default().to_string(),
                p["points"].as_i64().unwrap_or(i64::MIN),
            )
        })
        .collect()
}

fn owned(rows: &[(&str, i64)]) -> Vec<(String, i64)> {
    rows.iter().map(|(c, p)| (c.to_string(), *p)).collect()
}

#[test]
fn points_equal_a_count_by_hand_for_every_term() {
    let c = county(&POINTS_FILES);
    let rows = json_of(lianluo(&c.db).args(["points", "--as-of", "2026-06-15", "--format", "json"]));
    let d3 = &rows[0];
    assert_eq!(
        d3,
        &serde_json::json!({"code": "D3", "name": "张三", "level": "township", "receptions": 1,
            "suggestions": 1, "contacts": 2, "activities": 2, "absences": 0, "points": 7})
    );
    let d4 = rows
        .as_array()
        .expect("array")
        .iter()
        .find(|p| p["code"] == "D4")
        .expect("D4");
    assert_eq!(
        (&d4["contacts"], &d4["activities"], &d4["absences"]),
        (&1.into(), &1.into(), &1.into())
    );
    assert_eq!(
        points(&c),
        owned(&[
            ("D3", 7),
            ("D5", 2),
            ("D1", 0),
            ("D2", 0),
            ("D4", 0),
            ("D7", 0),
            ("D9", 0),
            ("D8", -2)
        ])
    );

    // The weights are settings: an absence may cost more, contacts be capped.
    lianluo(&c.db)
        .args(["config", "set", "points_per_absence", "-3"])
        .assert()
        .success();
    lianluo(&c.db)
        .args(["config", "set", "max_contacts_per_deputy", "1"])
        .assert()
        .success();
    lianluo(&c.db)
        .args(["config", "set", "points_per_reception", "5"])
        .assert()
        .success();
    assert_eq!(
        points(&c),
        owned(&[
            ("D3", 5 + 1 + 1 + 2),
            ("D5", 5),
            ("D1", 0),
            ("D2", 0),
            ("D7", 0),
            ("D9", 0),
            ("D4", -1),
            ("D8", -3)
        ])
    );
}

#[test]
fn points_and_rota_tables_and_csv_carry_the_same_rows() {
    let c = county(&POINTS_FILES);
    let out = lianluo(&c.db)
        .args(["points", "--as-of", "2026-06-15", "--format", "csv"])
        .output()
        .expect("run");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("code,name,level,receptions,suggestions,contacts,activities,absences,points")
    );
    assert_eq!(lines.next(), Some("D3,张三,township,1,1,2,2,0,7"));
    let out = lianluo(&c.db)
        .args(["rota", "--as-of", "2026-06-15", "--format", "csv"])
        .output()
        .expect("run");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("2026-02-15,ST1,D8,周八,member,false"), "{text}");
    assert!(text.contains("2026-06-15,ST1,D9,吴九,lead,\n"), "{text}");
    let table = lianluo(&c.db)
        .args(["rota", "--as-of", "2026-06-15"])
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&table.stdout).contains("× absent"));
}

#[test]
fn a_bad_year_or_date_is_refused_and_nothing_is_written() {
    let c = county(&[]);
    lianluo(&c.db)
        .args(["rota", "plan", "--year", "99999"])
        .assert()
        .code(65);
    lianluo(&c.db)
        .args(["rota", "plan", "--year", "2026", "--as-of", "someday"])
        .assert()
        .code(65);
    lianluo(&c.db).args(["rota", "plan"]).assert().code(2);
    assert_eq!(slots(&c, "2026-01-01").len(), 1);
    assert!(plan_entries(&c).is_empty());
    lianluo(&c.db)
        .args(["--read-only", "rota", "plan", "--year", "2026"])
        .assert()
        .code(1);
}

#[test]
fn points_read_from_their_own_scope_equal_points_of_the_whole_county() {
    let c = county(&POINTS_FILES);
    let store = lianluo::store::Store::open(
        &c.db,
        lianluo::store::OpenOptions {
            read_only: true,
            create: false,
        },
    )
    .expect("open");
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 6, 15).expect("date");
    let whole = store.load().expect("load");
    let light = store.load_for_points(as_of).expect("load for points");
    assert!(light.cells.is_empty(), "no shapes are read for the points");
    let expect = lianluo::rota::points(&whole, &whole.rota, &whole.activities, as_of);
    assert_eq!(
        lianluo::rota::points(&light, &light.rota, &light.activities, as_of),
        expect
    );
    assert_eq!(expect.len(), 8);
}
