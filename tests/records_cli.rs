//! Keeping the records from the command line (SPEC §9): `add`, `edit`,
//! `remove`, `assign`, `unassign` and `history`, through the real binary
//! on the small county of tests/fixtures/small (contacts C1–C3, deputies
//! D1–D3 with D3 inactive, cells G1–G3, station ST01, suggestions S1–S3).

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/small");

struct County {
    dir: tempfile::TempDir,
    db: PathBuf,
}

fn lianluo(db: &Path, lang: &str) -> Command {
    let mut cmd = Command::cargo_bin("lianluo").expect("binary");
    cmd.arg("--db").arg(db).arg("--lang").arg(lang);
    cmd.env("LIANLUO_OPERATOR", "tester")
        .env_remove("SSH_CLIENT")
        .env("LIANLUO_BUSY_TIMEOUT_MS", "2000");
    cmd
}

fn en(c: &County) -> Command {
    lianluo(&c.db, "en")
}

fn small_county() -> County {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("county.db");
    lianluo(&db, "en").args(["init", "--empty"]).assert().success();
    lianluo(&db, "en").arg("import").arg(FIXTURE).assert().success();
    County { dir, db }
}

/// Run and give (exit code, stdout, stderr).
fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The log, newest first.
fn log(c: &County) -> Vec<Value> {
    let (code, out, err) = run(en(c).args(["log", "--format", "json"]));
    assert_eq!(code, 0, "{err}");
    serde_json::from_str::<Value>(&out)
        .expect("json")
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// One exported table: its rows as maps from the English header.
fn exported(c: &County, file: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let out = c.dir.path().join(format!("export-{}", log(c).len()));
    en(c).arg("export").arg(&out).assert().success();
    let mut reader = csv::Reader::from_path(out.join(file)).expect("csv");
    let header: Vec<String> = reader.headers().expect("header").iter().map(str::to_string).collect();
    reader
        .records()
        .map(|r| {
            let r = r.expect("row");
            header.iter().cloned().zip(r.iter().map(str::to_string)).collect()
        })
        .collect()
}

fn row_of(c: &County, file: &str, key: &str, code: &str) -> Option<std::collections::BTreeMap<String, String>> {
    exported(c, file)
        .into_iter()
        .find(|r| r.get(key).map(String::as_str) == Some(code))
}

/// Everything an export writes, to compare before and after a refusal.
fn snapshot(c: &County) -> Vec<String> {
    let out = c.dir.path().join(format!("snap-{}", rand_suffix()));
    en(c).arg("export").arg(&out).assert().success();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&out)
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| std::fs::read_to_string(f).expect("read"))
        .collect()
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

#[test]
fn add_contact_with_chinese_values_is_exported_and_logged_as_one_entry() {
    let c = small_county();
    let (code, out, err) = run(en(&c).args([
        "add",
        "contact",
        "code=C01421",
        "name=王林汉",
        "role=书记",
        "phone=13812345678",
        "cell_code=G1",
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("C01421"), "{out}");
    let row = row_of(&c, "contacts.csv", "code", "C01421").expect("exported");
    assert_eq!(row["role"], "secretary");
    assert_eq!(row["active"], "true", "active defaults to true as on import");
    assert_eq!(row["deputy_code"], "");
    let entries = log(&c);
    let newest = &entries[0];
    assert_eq!(newest["action"], "contacts.add");
    assert_eq!(newest["kind"], "contact");
    assert_eq!(newest["code"], "C01421");
    assert_eq!(newest["operator"], "tester");
    assert!(newest["before"].is_null());
    assert_eq!(newest["after"]["name"], "王林汉");
    assert_eq!(entries[1]["action"], "import", "one entry for the add");
}

#[test]
fn edit_with_a_chinese_kind_headers_and_values_changes_only_the_fields_named() {
    let c = small_county();
    let before = row_of(&c, "contacts.csv", "code", "C1").expect("C1");
    let (code, _, err) = run(lianluo(&c.db, "zh").args(["edit", "联络员", "C1", "网格编码=G2", "在职=否"]));
    assert_eq!(code, 0, "{err}");
    let after = row_of(&c, "contacts.csv", "code", "C1").expect("C1");
    assert_eq!(after["cell_code"], "G2");
    assert_eq!(after["active"], "false");
    for field in ["name", "role", "phone", "deputy_code"] {
        assert_eq!(after[field], before[field], "{field} kept");
    }
    let entry = &log(&c)[0];
    assert_eq!(entry["action"], "contacts.edit");
    assert_eq!(entry["before"]["cell_code"], "G1");
    assert_eq!(entry["after"]["cell_code"], "G2");
    assert_eq!(entry["before"]["active"], true);
    assert_eq!(entry["after"]["active"], false);
}

#[test]
fn edit_of_each_kind_reads_values_as_import_does() {
    let c = small_county();
    let edits: [(&[&str], &str, &str, &str, &str); 5] = [
        (
            &["edit", "deputy", "D1", "phone=0535-4211234", "级别=市"],
            "deputies.csv",
            "D1",
            "level",
            "city",
        ),
        (&["edit", "cell", "G1", "户数=130"], "cells.geojson", "", "", ""),
        (
            &["edit", "area", "370612001", "name=宁海街道办"],
            "areas.csv",
            "370612001",
            "name",
            "宁海街道办",
        ),
        (
            &["edit", "station", "ST01", "接待日=20", "类型=总站"],
            "stations.csv",
            "ST01",
            "reception_day",
            "20",
        ),
        (
            &["edit", "suggestion", "S2", "title=村道硬化工程", "类别=重点"],
            "suggestions.csv",
            "S2",
            "title",
            "村道硬化工程",
        ),
    ];
    for (args, file, code, field, value) in edits {
        let (exit, _, err) = run(en(&c).args(args));
        assert_eq!(exit, 0, "{args:?}: {err}");
        if !code.is_empty() {
            let row = row_of(&c, file, "code", code).expect("row");
            assert_eq!(row[field], value, "{args:?}");
        }
    }
    let actions: Vec<String> = log(&c)
        .iter()
        .take(5)
        .map(|e| e["action"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        actions,
        [
            "suggestions.edit",
            "stations.edit",
            "areas.edit",
            "cells.edit",
            "deputies.edit"
        ]
    );
    let cells = std::fs::read_to_string({
        let out = c.dir.path().join("cells-out");
        en(&c).arg("export").arg(&out).assert().success();
        out.join("cells.geojson")
    })
    .expect("cells");
    assert!(cells.contains("\"households\":130"), "the cell's households changed");
    assert!(cells.contains("[121.6,37.38]"), "the cell keeps its shape");
}

#[test]
fn a_bad_value_or_reference_is_65_naming_the_field_and_writes_nothing() {
    let c = small_county();
    let before = snapshot(&c);
    let entries = log(&c).len();
    let cases: [(&str, &[&str], &str); 5] = [
        (
            "en",
            &["edit", "contact", "C1", "role=boss"],
            "role: invalid value \"boss\"",
        ),
        (
            "en",
            &["edit", "contact", "C1", "cell_code=NOPE"],
            "cell_code: unknown cell NOPE",
        ),
        ("en", &["edit", "contact", "C1", "name==SUM(A1)"], "name: begins with ="),
        (
            "zh",
            &["edit", "联络员", "C1", "网格编码=NOPE"],
            "网格编码: 未知的网格 NOPE",
        ),
        ("en", &["add", "contact", "code=C9", "cell_code=G1"], "name: required"),
    ];
    for (lang, args, message) in cases {
        let (code, _, err) = run(lianluo(&c.db, lang).args(args));
        assert_eq!(code, 65, "{args:?}: {err}");
        assert!(err.contains(message), "{args:?}: {err}");
    }
    let (code, _, err) = run(en(&c).args(["edit", "station", "ST01", "lon=200", "lat=abc"]));
    assert_eq!(code, 65);
    assert!(err.contains("lon: 200 is out of range"), "{err}");
    assert!(
        err.contains("lat: \"abc\" is not a number"),
        "every bad value is named: {err}"
    );
    let (code, _, err) = run(en(&c).args(["add", "contact", "code=C1", "name=x", "cell_code=G1"]));
    assert_eq!(code, 65, "a code that is taken: {err}");
    assert!(err.contains("code: contact C1 already exists"), "{err}");
    assert_eq!(log(&c).len(), entries, "no entry written");
    assert_eq!(snapshot(&c), before, "nothing written");
}

#[test]
fn refusals_have_their_exit_codes() {
    let c = small_county();
    let before = snapshot(&c);
    let cases: [(&[&str], i32, &str); 12] = [
        (&["edit", "contact", "NOPE", "phone=1"], 4, "unknown contact: NOPE"),
        (&["remove", "deputy", "NOPE"], 4, "unknown deputy: NOPE"),
        (
            &["edit", "contact", "C1", "code=C7"],
            2,
            "code: the key does not change",
        ),
        (
            &["edit", "reception", "2026-01-15/ST01/D1", "deputy_code=D2"],
            2,
            "deputy_code: the key",
        ),
        (
            &["edit", "suggestion", "S1", "status=closed"],
            2,
            "status: a suggestion's lifecycle",
        ),
        (
            &["edit", "suggestion", "S1", "due_on=2027-01-01"],
            2,
            "due_on: a suggestion's lifecycle",
        ),
        (
            &["add", "suggestion", "code=S9", "cell_code=G1", "title=x"],
            2,
            "suggest add",
        ),
        (&["add", "assignment", "deputy_code=D1", "cell_code=G3"], 2, "assign"),
        (&["edit", "assignments", "D1/G1", "cell_code=G2"], 2, "assign"),
        (&["remove", "boundary", "370612"], 2, "GeoJSON"),
        (&["edit", "widget", "W1", "name=x"], 2, "unknown kind"),
        (
            &["edit", "contact", "C1", "geometry=x"],
            2,
            "geometry: contacts have no such field",
        ),
    ];
    for (args, exit, message) in cases {
        let (code, _, err) = run(en(&c).args(args));
        assert_eq!(code, exit, "{args:?}: {err}");
        assert!(err.contains(message), "{args:?}: {err}");
    }
    // A cell's shape is no field either.
    let (code, _, _) = run(en(&c).args(["edit", "cell", "G1", "geometry=x"]));
    assert_eq!(code, 2);
    // Linking a contact to an inactive deputy is a change a rule forbids.
    let (code, _, err) = run(en(&c).args(["edit", "contact", "C3", "deputy_code=D3"]));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("D3"), "{err}");
    assert_eq!(snapshot(&c), before, "nothing written");
}

#[test]
fn a_call_that_changes_nothing_writes_nothing() {
    let c = small_county();
    let entries = log(&c).len();
    let (code, out, _) = run(en(&c).args(["edit", "contact", "C1", "phone=13900001111", "role=书记"]));
    assert_eq!(code, 0);
    assert!(out.contains("nothing changed"), "{out}");
    let (code, _, _) = run(en(&c).args(["assign", "D1", "G1"]));
    assert_eq!(code, 0);
    let (code, _, _) = run(en(&c).args(["unassign", "D1", "G3"]));
    assert_eq!(code, 0);
    assert_eq!(log(&c).len(), entries);
}

#[test]
fn remove_is_refused_naming_what_still_refers_to_the_record() {
    let c = small_county();
    let (code, _, err) = run(en(&c).args(["remove", "cell", "G1"]));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("G1: 1 contact, 1 assignment, 2 suggestions"),
        "names every holder: {err}"
    );
    let (code, _, err) = run(lianluo(&c.db, "zh").args(["remove", "代表", "D1"]));
    assert_eq!(code, 1);
    assert!(err.contains("D1：仍被 联络员 2 条"), "{err}");
    assert!(row_of(&c, "deputies.csv", "code", "D1").is_some());
    // Nothing refers to contact C3: it goes, in one entry with its row.
    let (code, _, err) = run(en(&c).args(["remove", "contact", "C3"]));
    assert_eq!(code, 0, "{err}");
    assert!(row_of(&c, "contacts.csv", "code", "C3").is_none());
    let entry = &log(&c)[0];
    assert_eq!(entry["action"], "contacts.remove");
    assert_eq!(entry["before"]["name"], "赵六");
    assert!(entry["after"].is_null());
}

#[test]
fn a_record_keyed_by_several_columns_is_named_by_its_values_joined_by_slashes() {
    let c = small_county();
    let (code, _, err) = run(en(&c).args([
        "add",
        "reception",
        "date=2026/3/1",
        "station_code=ST01",
        "deputy_code=D2",
        "接待人数=4",
    ]));
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(en(&c).args(["edit", "reception", "2026-03-01/ST01/D2", "constituents=6"]));
    assert_eq!(code, 0, "{err}");
    let rows = exported(&c, "receptions.csv");
    let row = rows.iter().find(|r| r["date"] == "2026-03-01").expect("added");
    assert_eq!(row["constituents"], "6");
    assert_eq!(log(&c)[0]["code"], "2026-03-01/ST01/D2");
    let (code, _, err) = run(en(&c).args(["remove", "receptions", "2026-03-01/ST01/D2"]));
    assert_eq!(code, 0, "{err}");
    assert!(!exported(&c, "receptions.csv").iter().any(|r| r["date"] == "2026-03-01"));
    let (code, _, _) = run(en(&c).args(["remove", "reception", "2026-03-01/ST01"]));
    assert_eq!(code, 4, "a key with a part missing names no record");
}

#[test]
fn assign_and_unassign_write_one_entry_per_cell_changed() {
    let c = small_county();
    let entries = log(&c).len();
    let (code, _, err) = run(en(&c).args(["assign", "D2", "G1", "G3", "G2"]));
    assert_eq!(code, 0, "{err}");
    let new = log(&c);
    assert_eq!(new.len(), entries + 2, "G2 was assigned already");
    for e in &new[..2] {
        assert_eq!(e["action"], "assignments.change");
        assert_eq!(e["kind"], "assignment");
        assert!(e["before"].is_null());
    }
    let mut codes: Vec<&str> = new[..2].iter().filter_map(|e| e["code"].as_str()).collect();
    codes.sort();
    assert_eq!(codes, ["D2/G1", "D2/G3"]);
    let (code, _, _) = run(en(&c).args(["unassign", "D2", "G3"]));
    assert_eq!(code, 0);
    let assigned: Vec<String> = exported(&c, "assignments.csv")
        .iter()
        .map(|r| format!("{}/{}", r["deputy_code"], r["cell_code"]))
        .collect();
    assert_eq!(assigned, ["D1/G1", "D2/G1", "D2/G2"]);
    let (code, _, err) = run(en(&c).args(["assign", "D3", "G3"]));
    assert_eq!(code, 1, "an inactive deputy: {err}");
    let (code, _, _) = run(en(&c).args(["assign", "NOPE", "G3"]));
    assert_eq!(code, 4);
    let (code, _, _) = run(en(&c).args(["assign", "D2", "G3", "NOPE"]));
    assert_eq!(code, 4, "an unknown cell");
    assert_eq!(log(&c).len(), entries + 3, "refusals wrote nothing");
}

#[test]
fn history_lists_a_records_entries_oldest_first_in_the_log_shape() {
    let c = small_county();
    en(&c)
        .args(["edit", "deputy", "D2", "phone=13800000001"])
        .assert()
        .success();
    en(&c).args(["assign", "D2", "G3"]).assert().success();
    en(&c).args(["edit", "deputy", "D2", "active=false"]).assert().success();
    en(&c)
        .args(["edit", "contact", "C1", "phone=13800000002"])
        .assert()
        .success();
    let (code, out, err) = run(en(&c).args(["history", "D2", "--format", "json"]));
    assert_eq!(code, 0, "{err}");
    let entries: Vec<Value> = serde_json::from_str::<Value>(&out)
        .expect("json")
        .as_array()
        .cloned()
        .unwrap();
    let actions: Vec<&str> = entries.iter().filter_map(|e| e["action"].as_str()).collect();
    assert_eq!(actions, ["deputies.edit", "assignments.change", "deputies.edit"]);
    let mut keys: Vec<&String> = entries[0].as_object().expect("object").keys().collect();
    keys.sort();
    let mut shape = [
        "at", "account", "operator", "client", "action", "kind", "code", "before", "after",
    ];
    shape.sort();
    assert_eq!(keys, shape);
    assert!(out.find("\"at\"") < out.find("\"after\""), "the log's key order");
    assert_eq!(entries[0]["before"]["phone"], "0535-4211234");
    assert_eq!(entries[0]["after"]["phone"], "13800000001");
    assert_eq!(entries[2]["after"]["active"], false);
    // The table names what changed.
    let (_, table, _) = run(en(&c).args(["history", "D2"]));
    assert!(table.contains("phone: 0535-4211234 → 13800000001"), "{table}");
    // --kind picks one table's record.
    let (code, _, err) = run(en(&c).args(["history", "D2", "--kind", "contact", "--format", "json"]));
    assert_eq!(code, 4, "no contact D2: {err}");
    let (_, out, _) = run(en(&c).args(["history", "D2", "--kind", "deputy", "--format", "json"]));
    assert_eq!(
        serde_json::from_str::<Value>(&out)
            .expect("json")
            .as_array()
            .map(Vec::len),
        Some(3)
    );
    let (code, _, _) = run(en(&c).args(["history", "D2", "--kind", "nonsense"]));
    assert_eq!(code, 2);
    // A record never changed has no entries; an unknown code is not found.
    let (code, out, _) = run(en(&c).args(["history", "C3", "--format", "json"]));
    assert_eq!((code, out.trim()), (0, "[]"));
    let (code, _, err) = run(en(&c).args(["history", "NOPE"]));
    assert_eq!(code, 4, "{err}");
}

#[test]
fn units_rota_and_activities_are_kept_the_same_way() {
    let c = small_county();
    let steps: [(&[&str], &str); 6] = [
        (&["add", "unit", "code=U09", "name=县教育局", "类型=部门"], "units.add"),
        (
            &["edit", "承办单位", "U09", "phone=0535-4212000", "active=否"],
            "units.edit",
        ),
        (
            &[
                "add",
                "rota",
                "date=2026/12/15",
                "station_code=ST01",
                "deputy_code=D1",
                "role=主接待",
            ],
            "rota.add",
        ),
        (&["edit", "rota", "2026-12-15/ST01/D1", "role=member"], "rota.edit"),
        (
            &[
                "add",
                "activity",
                "日期=2026-03-01",
                "deputy_code=D2",
                "kind=培训",
                "备注=履职培训",
            ],
            "activities.add",
        ),
        (
            &["edit", "activity", "2026-03-01/D2/培训", "note=全天培训"],
            "activities.edit",
        ),
    ];
    for (args, action) in steps {
        let (code, _, err) = run(en(&c).args(args));
        assert_eq!(code, 0, "{args:?}: {err}");
        assert_eq!(log(&c)[0]["action"], action, "{args:?}");
    }
    assert_eq!(log(&c)[0]["code"], "2026-03-01/D2/training");
    let unit = row_of(&c, "units.csv", "code", "U09").expect("U09");
    assert_eq!((unit["kind"].as_str(), unit["active"].as_str()), ("bureau", "false"));
    // A second lead for the same day and station is refused, as on import.
    en(&c)
        .args(["edit", "rota", "2026-12-15/ST01/D1", "role=lead"])
        .assert()
        .success();
    let (code, _, err) = run(en(&c).args([
        "add",
        "rota",
        "date=2026-12-15",
        "station_code=ST01",
        "deputy_code=D2",
        "role=lead",
    ]));
    assert_eq!(code, 65, "{err}");
    assert!(err.starts_with("role: "), "{err}");
    en(&c)
        .args(["edit", "rota", "2026-12-15/ST01/D1", "role=member"])
        .assert()
        .success();
    let rota = exported(&c, "rota.csv");
    assert!(rota.iter().any(|r| r["date"] == "2026-12-15" && r["role"] == "member"));
    let activities = exported(&c, "activities.csv");
    assert!(activities
        .iter()
        .any(|a| a["kind"] == "training" && a["note"] == "全天培训"));
    // A unit a suggestion names is not removed; one nobody names is.
    let (code, _, err) = run(en(&c).args(["remove", "unit", "住建局"]));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("住建局: 1 suggestion still refers to it"), "{err}");
    let (code, _, err) = run(en(&c).args(["remove", "unit", "U09"]));
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(en(&c).args(["remove", "activity", "2026-03-01/D2/training"]));
    assert_eq!(code, 0, "{err}");
}

#[test]
fn edit_suggestion_changes_its_co_units_and_supervisor_checked_as_on_import() {
    let c = small_county();
    // A unit is named by its code or its exact name.
    let (code, _, err) = run(en(&c).args([
        "edit",
        "suggestion",
        "S2",
        "supervisor=D1",
        "协办单位=水务局;县交通运输局",
    ]));
    assert_eq!(code, 0, "{err}");
    let row = row_of(&c, "suggestions.csv", "code", "S2").expect("S2");
    assert_eq!(row["supervisor"], "D1");
    assert_eq!(row["co_units"], "水务局;U03", "the name is stored as the unit's code");
    let (code, _, err) = run(en(&c).args(["edit", "suggestion", "S2", "supervisor=D9"]));
    assert_eq!(code, 65);
    assert!(err.contains("supervisor: unknown deputy D9"), "{err}");
    let (code, _, err) = run(en(&c).args(["edit", "suggestion", "S2", "co_units=NOPE"]));
    assert_eq!(code, 65, "{err}");
    let (code, _, _) = run(en(&c).args(["edit", "suggestion", "S2", "result=A"]));
    assert_eq!(code, 2, "result is the lifecycle's");
}
