//! `lianluo report` (SPEC §12) through the binary, on a county small enough
//! that every figure is counted by hand below (tests/fixtures/report), for
//! the period 2026-01-15 to 2026-03-20: it starts and ends mid-month.
//!
//! The fixture, as the figures read it:
//! - towns 100001 甲镇 (cells G1 through the village 东村, G2 directly) and
//!   100002 乙|镇 (G3; no suggestion in the period; a `|` in its name).
//! - deputies D1 county, D2 township, D4 national active; D3 city inactive
//!   (assigned to G3, so G3 has no deputy; C2's deputy, so C2 is unlinked).
//! - contacts C1 (G1, D1), C2 (G2, D3) active; C3 (G3) inactive.
//! - receptions: 01-10 (before), 01-15 D1 4, 02-15 D2 6, 02-15 D3 2 (D3
//!   inactive now still counts), 03-15 D1 3, 03-21 (after): 4 records,
//!   15 constituents, 3 deputies.
//! - suggestions (as of 03-20), one line each below:
//! - S1 received 01-14 (before), assigned 01-16 to U1 (co U2), replied
//!   02-10, closed 02-20, satisfied, A;
//! - S2 key, received 01-20, U1 01-21, due 02-28, handling: overdue;
//! - S3 difficult, received 02-05, U2 02-06, due 05-06, replied 03-25
//!   (after `to`: counted as replied and on time, not in March), B;
//! - S4 general, received 03-01, not assigned;
//! - S5 general, received 03-10, U2 03-11 (co U1), due 03-12, replied
//!   03-15 (late), basic, closed 03-18, C;
//! - S6 received 2025-12-01, assigned 2025-12-02 (before), replied 01-20.
//! - units U1, U2 active; U3 inactive with no assignment (rates null).

use assert_cmd::Command;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/report");
const PERIOD: [&str; 4] = ["--from", "2026-01-15", "--to", "2026-03-20"];

struct County {
    dir: tempfile::TempDir,
    db: PathBuf,
}

fn lianluo(db: &Path, lang: &str) -> Command {
    let mut cmd = Command::cargo_bin("lianluo").expect("binary");
    cmd.arg("--db").arg(db).arg("--lang").arg(lang);
    cmd.env("LIANLUO_OPERATOR", "tester").env_remove("SSH_CLIENT");
    cmd
}

fn county() -> County {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("county.db");
    lianluo(&db, "en").args(["init", "--empty"]).assert().success();
    lianluo(&db, "en").arg("import").arg(FIXTURE).assert().success();
    County { dir, db }
}

fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.output().expect("run");
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

fn report_json(c: &County) -> Value {
    let text = stdout_of(
        lianluo(&c.db, "en")
            .arg("report")
            .args(PERIOD)
            .args(["--format", "json"]),
    );
    serde_json::from_str(&text).expect("json")
}

/// A block of suggestion figures: the nine counts, then the five rates.
fn block(counts: [u64; 9], rates: [Option<f64>; 5]) -> serde_json::Map<String, Value> {
    let keys = [
        "received",
        "assigned",
        "replied",
        "on_time",
        "closed",
        "evaluated",
        "satisfied",
        "resolved",
        "overdue",
    ];
    let rate_keys = [
        "reply_rate",
        "on_time_rate",
        "completion_rate",
        "satisfaction_rate",
        "resolved_rate",
    ];
    let mut m = serde_json::Map::new();
    for (k, v) in keys.iter().zip(counts) {
        m.insert(k.to_string(), json!(v));
    }
    for (k, v) in rate_keys.iter().zip(rates) {
        m.insert(k.to_string(), json!(v));
    }
    m
}

fn with(head: Value, tail: serde_json::Map<String, Value>) -> Value {
    let mut m = head.as_object().expect("object").clone();
    m.extend(tail);
    Value::Object(m)
}

/// A `units` entry: the counts after `received`, co_handled, the rates.
fn unit(head: Value, counts: [u64; 8], co_handled: u64, rates: [Option<f64>; 5]) -> Value {
    let mut all = [0; 9];
    all[1..].copy_from_slice(&counts);
    let mut tail = block(all, rates);
    tail.remove("received");
    let rates_part: Vec<(String, Value)> = tail
        .iter()
        .filter(|(k, _)| k.ends_with("_rate"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    tail.retain(|k, _| !k.ends_with("_rate"));
    tail.insert("co_handled".into(), json!(co_handled));
    tail.extend(rates_part);
    with(head, tail)
}

#[test]
fn every_figure_of_the_small_county_is_the_one_counted_by_hand() {
    let c = county();
    let got = report_json(&c);
    let none = None;
    let expected = json!({
        "from": "2026-01-15",
        "to": "2026-03-20",
        "counts": {
            "cells": 3, "areas_town": 2, "areas_village": 1, "deputies": 3,
            "deputies_by_level": {"national": 1, "provincial": 0, "city": 0, "county": 1, "township": 1},
            "contacts": 2, "stations": 2, "units": 2
        },
        "coverage": {"cells_with_deputy": 2, "cells_with_contact": 2, "deputies_with_contact": 1, "contacts_linked": 1},
        "receptions": {"records": 4, "constituents": 15, "deputies": 3},
        // S2, S3, S4, S5: assigned S2 S3 S5; replied S3 S5; on time S3;
        // closed S5; evaluated and satisfied S5 (basic); no A; S2 overdue.
        "suggestions": block([4, 3, 2, 1, 1, 1, 1, 0, 1], [Some(0.6667), Some(0.3333), Some(0.3333), Some(1.0), Some(0.0)]),
        "by_town": [
            with(json!({"code": "100001", "name": "甲镇", "cells": 2, "cells_with_deputy": 2, "cells_with_contact": 2}),
                 block([4, 3, 2, 1, 1, 1, 1, 0, 1], [Some(0.6667), Some(0.3333), Some(0.3333), Some(1.0), Some(0.0)])),
            with(json!({"code": "100002", "name": "乙|镇", "cells": 1, "cells_with_deputy": 0, "cells_with_contact": 0}),
                 block([0; 9], [none; 5])),
        ],
        "by_unit": [
            // S1 (closed on time, satisfied, A) and S2 (overdue); co: S5.
            unit(json!({"code": "U1", "name": "住建局", "kind": "bureau", "active": true}),
                 [2, 1, 1, 1, 1, 1, 1, 1], 1, [Some(0.5), Some(0.5), Some(0.5), Some(1.0), Some(1.0)]),
            // S3 (replied on time) and S5 (late, closed, basic); co: S1.
            unit(json!({"code": "U2", "name": "水|务局", "kind": "bureau", "active": true}),
                 [2, 2, 1, 1, 1, 1, 0, 0], 1, [Some(1.0), Some(0.5), Some(0.5), Some(1.0), Some(0.0)]),
            unit(json!({"code": "U3", "name": "空闲单位", "kind": "other", "active": false}),
                 [0; 8], 0, [none; 5]),
        ],
        "by_category": [
            with(json!({"category": "key"}), block([1, 1, 0, 0, 0, 0, 0, 0, 1], [Some(0.0), Some(0.0), Some(0.0), none, none])),
            with(json!({"category": "difficult"}), block([1, 1, 1, 1, 0, 0, 0, 0, 0], [Some(1.0), Some(1.0), Some(0.0), none, Some(0.0)])),
            with(json!({"category": "general"}), block([2, 1, 1, 0, 1, 1, 1, 0, 0], [Some(1.0), Some(0.0), Some(1.0), Some(1.0), Some(0.0)])),
        ],
        "by_month": [
            // January from the 15th: S2 received, S6 replied (S1 on the 14th is before).
            {"month": "2026-01", "received": 1, "replied": 1, "closed": 0},
            {"month": "2026-02", "received": 1, "replied": 1, "closed": 1},
            // March to the 20th: S4, S5 received; S5 replied and closed (S3's reply is on the 25th).
            {"month": "2026-03", "received": 2, "replied": 1, "closed": 1},
        ]
    });
    assert_eq!(got, expected);
    // Nothing was assigned from 1 January to the 14th: the scorecard as of
    // the period's end is the same list, entry for entry.
    let units = stdout_of(lianluo(&c.db, "en").args(["units", "--as-of", "2026-03-20", "--format", "json"]));
    assert_eq!(
        got["by_unit"],
        serde_json::from_str::<Value>(&units).expect("units json")
    );
    // Keys in SPEC's order, not only the same keys (the parsed map above
    // is sorted: the order is read off the text).
    let text = stdout_of(
        lianluo(&c.db, "en")
            .arg("report")
            .args(PERIOD)
            .args(["--format", "json"]),
    );
    assert_in_order(
        &text,
        &[
            "\"from\"",
            "\"to\"",
            "\"counts\"",
            "\"coverage\"",
            "\"receptions\"",
            "\"suggestions\"",
            "\"by_town\"",
            "\"by_unit\"",
            "\"by_category\"",
            "\"by_month\"",
        ],
    );
    assert_in_order(
        &text,
        &[
            "\"national\"",
            "\"provincial\"",
            "\"city\"",
            "\"county\"",
            "\"township\"",
            "\"contacts\"",
            "\"stations\"",
            "\"units\"",
        ],
    );
    let town = &text[text.find("\"by_town\"").expect("by_town")..];
    assert_in_order(
        town,
        &[
            "\"code\"",
            "\"name\"",
            "\"cells\"",
            "\"cells_with_deputy\"",
            "\"cells_with_contact\"",
            "\"received\"",
            "\"assigned\"",
            "\"overdue\"",
            "\"reply_rate\"",
            "\"resolved_rate\"",
        ],
    );
    let unit = &text[text.find("\"by_unit\"").expect("by_unit")..];
    assert_in_order(
        unit,
        &[
            "\"code\"",
            "\"name\"",
            "\"kind\"",
            "\"active\"",
            "\"assigned\"",
            "\"replied\"",
            "\"on_time\"",
            "\"closed\"",
            "\"evaluated\"",
            "\"satisfied\"",
            "\"resolved\"",
            "\"overdue\"",
            "\"co_handled\"",
            "\"reply_rate\"",
            "\"on_time_rate\"",
            "\"completion_rate\"",
            "\"satisfaction_rate\"",
            "\"resolved_rate\"",
            "\"code\"",
        ],
    );
    assert!(!unit[..unit.find("\"co_handled\"").expect("co")].contains("\"received\""));
}

/// Each of `keys` appears in `text` after the one before it.
fn assert_in_order(text: &str, keys: &[&str]) {
    let mut at = 0;
    for key in keys {
        match text[at..].find(key) {
            Some(i) => at += i + key.len(),
            None => panic!("{key} not found after byte {at} in order {keys:?}"),
        }
    }
}

#[test]
fn the_demo_county_adds_up() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("demo.db");
    lianluo(&db, "en").args(["init", "--demo"]).assert().success();
    let text = stdout_of(lianluo(&db, "en").args([
        "report",
        "--from",
        "2025-02-10",
        "--to",
        "2025-11-05",
        "--format",
        "json",
    ]));
    let r: Value = serde_json::from_str(&text).expect("json");
    let sum = |list: &str, key: &str| -> u64 {
        r[list]
            .as_array()
            .expect("list")
            .iter()
            .map(|e| e[key].as_u64().expect("n"))
            .sum()
    };
    let total = r["suggestions"]["received"].as_u64().expect("n");
    assert!(total > 0);
    assert_eq!(sum("by_category", "received"), total);
    assert_eq!(
        sum("by_month", "received"),
        total,
        "received_on in the period is counted once in its month"
    );
    assert!(sum("by_town", "received") <= total);
    let months: Vec<&str> = r["by_month"]
        .as_array()
        .expect("months")
        .iter()
        .map(|m| m["month"].as_str().expect("s"))
        .collect();
    assert_eq!(months.len(), 10);
    assert_eq!((months[0], months[9]), ("2025-02", "2025-11"));
    let levels: u64 = r["counts"]["deputies_by_level"]
        .as_object()
        .expect("levels")
        .values()
        .map(|v| v.as_u64().expect("n"))
        .sum();
    assert_eq!(levels, r["counts"]["deputies"].as_u64().expect("n"));
    let towns = r["by_town"].as_array().expect("towns");
    assert_eq!(towns.len() as u64, r["counts"]["areas_town"].as_u64().expect("n"));
    assert!(towns.windows(2).all(|w| w[0]["code"].as_str() < w[1]["code"].as_str()));
    assert_eq!(r["by_unit"].as_array().expect("units").len() as u64, 27);
}

/// Each line of a Markdown table has as many unescaped `|` as its header.
fn assert_tables_whole(md: &str) {
    let bars = |line: &str| {
        let mut n = 0;
        let mut escaped = false;
        for c in line.chars() {
            if c == '|' && !escaped {
                n += 1;
            }
            escaped = c == '\\' && !escaped;
        }
        n
    };
    let mut width = None;
    for line in md.lines() {
        if line.starts_with('|') {
            let n = bars(line);
            assert_eq!(*width.get_or_insert(n), n, "a broken table row: {line}");
        } else {
            width = None;
        }
    }
}

#[test]
fn the_markdown_names_the_county_and_the_period_in_the_operators_language() {
    let c = county();
    let zh = stdout_of(lianluo(&c.db, "zh").arg("report").args(PERIOD));
    assert!(
        zh.starts_with("# 测试县人大代表联络工作报告（2026-01-15 至 2026-03-20）\n"),
        "{zh}"
    );
    for section in ["## 概况", "## 镇街", "## 承办单位", "## 类别", "## 月份"] {
        assert!(zh.contains(section), "{section} missing:\n{zh}");
    }
    assert!(zh.contains("| 答复率 | 66.7% |"), "{zh}");
    assert!(zh.contains("| 接待群众人次 | 15 |"), "{zh}");
    assert!(zh.contains("| 2026-03 | 2 | 1 | 1 |"), "{zh}");
    assert!(zh.contains("| 100002 | 乙\\|镇 | 1 | 0 | 0 | 0 |"), "{zh}");
    assert!(
        zh.contains("| U3 | 空闲单位 | 其他 | 否 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | — | — | — | — | — |"),
        "{zh}"
    );
    assert_tables_whole(&zh);

    let en = stdout_of(lianluo(&c.db, "en").arg("report").args(PERIOD).args(["--format", "md"]));
    assert!(
        en.starts_with("# 测试县: deputies' liaison report, 2026-01-15 to 2026-03-20\n"),
        "{en}"
    );
    assert!(en.contains("| Reply rate | 66.7% |"), "{en}");
    assert!(en.contains("| Constituents received | 15 |"), "{en}");
    assert!(en.contains("| U2 | 水\\|务局 | bureau | yes | 2 | 2 | 1 |"), "{en}");
    assert!(
        en.contains("| key | 1 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 0.0% | 0.0% | 0.0% | — | — |"),
        "{en}"
    );
    assert_tables_whole(&en);
}

#[test]
fn a_period_that_ends_before_it_starts_is_refused() {
    let c = county();
    let out = lianluo(&c.db, "en")
        .args(["report", "--from", "2026-03-01", "--to", "2026-02-01"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(65));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--from 2026-03-01 is after --to 2026-02-01"));
    assert!(out.stdout.is_empty());
}

mod workbook {
    use super::*;
    use calamine::{Data, Reader, Xlsx};
    use std::os::unix::fs::PermissionsExt;

    fn number(d: &Data) -> Option<f64> {
        match d {
            Data::Float(f) => Some(*f),
            Data::Int(i) => Some(*i as f64),
            _ => None,
        }
    }

    /// A JSON figure against a cell: a count or a rate as a number, a null
    /// rate as `—`, text as text.
    fn same(json: &Value, cell: &Data) -> bool {
        match json {
            Value::Null => matches!(cell, Data::String(s) if s == "—"),
            Value::Number(n) => number(cell).is_some_and(|x| (x - n.as_f64().unwrap_or(f64::NAN)).abs() < 1e-9),
            Value::String(s) => matches!(cell, Data::String(c) if c == s),
            Value::Bool(_) => matches!(cell, Data::String(_)),
            _ => false,
        }
    }

    #[test]
    fn the_workbook_holds_the_json_figures_and_its_charts() {
        let c = county();
        let json = report_json(&c);
        let book = c.dir.path().join("报告-2026.xlsx");
        let out = stdout_of(lianluo(&c.db, "zh").arg("report").args(PERIOD).arg("--xlsx").arg(&book));
        assert!(out.contains("报告-2026.xlsx"), "{out}");
        let mode = std::fs::metadata(&book).expect("written").permissions().mode();
        assert_eq!(mode & 0o007, 0, "others get no permission: {mode:o}");

        let mut x: Xlsx<_> = calamine::open_workbook(&book).expect("workbook");
        assert_eq!(x.sheet_names(), ["概况", "镇街", "承办单位", "类别", "月份"]);

        let summary = x.worksheet_range("概况").expect("summary");
        let rows: Vec<&[Data]> = summary.rows().collect();
        assert_eq!(rows[0][0], Data::String("项目".into()));
        let value_of = |label: &str| {
            rows.iter()
                .find(|r| r[0] == Data::String(label.into()))
                .map(|r| r[1].clone())
                .unwrap_or_else(|| panic!("{label} missing"))
        };
        assert!(same(&json["receptions"]["records"], &value_of("代表进站人次")));
        assert!(same(&json["receptions"]["constituents"], &value_of("接待群众人次")));
        assert!(same(&json["suggestions"]["received"], &value_of("收集建议")));
        assert!(same(&json["suggestions"]["reply_rate"], &value_of("答复率")));
        assert!(same(
            &json["counts"]["deputies_by_level"]["national"],
            &value_of("代表（在职）：全国")
        ));

        let mut keyed = |sheet: &str, list: &str, keys: &[&str]| {
            let range = x.worksheet_range(sheet).expect(sheet);
            let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
            let entries = json[list].as_array().expect("list");
            assert_eq!(rows.len(), entries.len() + 1, "{sheet}: a header and a row per entry");
            for (row, entry) in rows[1..].iter().zip(entries) {
                for (i, key) in keys.iter().enumerate().filter(|(_, k)| **k != "-") {
                    assert!(
                        same(&entry[*key], &row[i]),
                        "{sheet} {key}: {} vs {:?}",
                        entry[*key],
                        row[i]
                    );
                }
            }
        };
        let block = [
            "received",
            "assigned",
            "replied",
            "on_time",
            "closed",
            "evaluated",
            "satisfied",
            "resolved",
            "overdue",
            "reply_rate",
            "on_time_rate",
            "completion_rate",
            "satisfaction_rate",
            "resolved_rate",
        ];
        let town_keys: Vec<&str> = ["code", "name", "cells", "cells_with_deputy", "cells_with_contact"]
            .into_iter()
            .chain(block)
            .collect();
        keyed("镇街", "by_town", &town_keys);
        let unit_keys = [
            "code",
            "name",
            "-",
            "-",
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
        // kind and active are shown in the operator's words ("-": not compared).
        keyed("承办单位", "by_unit", &unit_keys);
        keyed("月份", "by_month", &["month", "received", "replied", "closed"]);
        let cats = x.worksheet_range("类别").expect("categories");
        let labels: Vec<String> = cats.rows().skip(1).map(|r| r[0].to_string()).collect();
        assert_eq!(labels, ["重点", "难点", "一般"]);

        let zip = zip::ZipArchive::new(std::fs::File::open(&book).expect("open")).expect("zip");
        let charts: Vec<String> = zip
            .file_names()
            .filter_map(|n| n.ok().map(|n| n.to_string()))
            .filter(|n| n.starts_with("xl/charts/chart"))
            .collect();
        assert_eq!(charts.len(), 2, "{charts:?}");
    }

    #[test]
    fn an_existing_file_is_kept_unless_forced() {
        let c = county();
        let book = c.dir.path().join("report.xlsx");
        std::fs::write(&book, b"keep me").expect("write");
        let out = lianluo(&c.db, "en")
            .arg("report")
            .arg("--xlsx")
            .arg(&book)
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
        assert_eq!(std::fs::read(&book).expect("read"), b"keep me");
        lianluo(&c.db, "en")
            .arg("report")
            .arg("--xlsx")
            .arg(&book)
            .arg("--force")
            .assert()
            .success();
        let x: Xlsx<_> = calamine::open_workbook(&book).expect("a workbook now");
        assert_eq!(x.sheet_names(), ["Summary", "Towns", "Units", "Categories", "Months"]);
        let left: Vec<_> = std::fs::read_dir(c.dir.path())
            .expect("dir")
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains(".partial"))
            .collect();
        assert!(left.is_empty(), "no hidden file left behind");
    }
}
