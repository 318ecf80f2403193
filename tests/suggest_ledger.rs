//! The suggestion ledger's lifecycle (SPEC §4, §10) through the real
//! binary: deadlines with the day clamped, the return within ten days, one
//! extension within six months, a result with every reply, reopening and
//! the evaluation; each refusal with its exit code and its words.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/small");

struct County {
    _dir: tempfile::TempDir,
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

fn county() -> County {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("county.db");
    lianluo(&db, "en").args(["init", "--empty"]).assert().success();
    lianluo(&db, "en").arg("import").arg(FIXTURE).assert().success();
    County { _dir: dir, db }
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl County {
    fn run(&self, lang: &str, args: &[&str]) -> Run {
        let out = lianluo(&self.db, lang).args(args).output().expect("run");
        Run {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    fn ok(&self, args: &[&str]) -> String {
        let r = self.run("en", args);
        assert_eq!(r.code, Some(0), "{args:?}: {}", r.stderr);
        r.stdout
    }

    /// A new suggestion received on `day`, its code.
    fn received_on(&self, day: &str) -> String {
        self.ok(&["suggest", "add", "--cell", "G1", "--title", "路灯", "--on", day])
            .trim()
            .to_string()
    }

    /// The suggestion as its last audit entry left it.
    fn row(&self, code: &str) -> Value {
        let history: Value =
            serde_json::from_str(&self.ok(&["history", code, "--kind", "suggestion", "--format", "json"]))
                .expect("json");
        history.as_array().expect("array").last().expect("an entry")["after"].clone()
    }

    fn actions(&self, code: &str) -> Vec<String> {
        let history: Value = serde_json::from_str(&self.ok(&["history", code, "--format", "json"])).expect("json");
        history
            .as_array()
            .expect("array")
            .iter()
            .map(|e| e["action"].as_str().unwrap_or("").to_string())
            .collect()
    }

    fn assign(&self, code: &str, day: &str) {
        self.ok(&["suggest", "move", code, "assigned", "--unit", "住建局", "--on", day]);
    }
}

/// Refused with `exit`, the message containing `words`; nothing written.
fn refused(c: &County, lang: &str, args: &[&str], exit: i32, words: &str) {
    let code = args.get(2).copied().unwrap_or("");
    let before = c.actions(code).len();
    let r = c.run(lang, args);
    assert_eq!(r.code, Some(exit), "{args:?}: {}", r.stderr);
    assert!(r.stderr.contains(words), "{args:?}: {:?} lacks {words:?}", r.stderr);
    assert_eq!(c.actions(code).len(), before, "{args:?} wrote nothing");
}

#[test]
fn the_default_deadline_adds_months_with_the_day_clamped() {
    let c = county();
    for (on, due) in [
        ("2026-01-31", "2026-04-30"),
        ("2026-11-30", "2027-02-28"),
        ("2028-02-29", "2028-05-29"),
    ] {
        let code = c.received_on("2026-01-05");
        c.assign(&code, on);
        let row = c.row(&code);
        assert_eq!(
            (row["assigned_on"].as_str(), row["due_on"].as_str()),
            (Some(on), Some(due))
        );
    }
    // The months are the office's setting.
    c.ok(&["config", "set", "reply_within_months", "1"]);
    for (on, due) in [("2026-01-31", "2026-02-28"), ("2028-01-31", "2028-02-29")] {
        let code = c.received_on("2026-01-05");
        c.assign(&code, on);
        assert_eq!(c.row(&code)["due_on"], due);
    }
    // A due date given is kept.
    let code = c.received_on("2026-01-05");
    c.ok(&[
        "suggest",
        "move",
        &code,
        "assigned",
        "--unit",
        "住建局",
        "--due",
        "2026-03-01",
        "--on",
        "2026-02-01",
    ]);
    assert_eq!(c.row(&code)["due_on"], "2026-03-01");
}

#[test]
fn assigning_needs_a_unit() {
    let c = county();
    let code = c.received_on("2026-01-05");
    refused(
        &c,
        "en",
        &["suggest", "move", &code, "assigned"],
        1,
        "needs a handling unit",
    );
    refused(&c, "zh", &["suggest", "move", &code, "assigned"], 1, "交办需要承办单位");
}

#[test]
fn a_unit_is_named_by_code_or_exact_name_and_an_unknown_one_is_a_bad_value() {
    let c = county();
    let code = c.received_on("2026-01-05");
    refused(
        &c,
        "en",
        &[
            "suggest",
            "move",
            &code,
            "assigned",
            "--unit",
            "交通局",
            "--on",
            "2026-01-06",
        ],
        65,
        "--unit: no unit has the code or the name \"交通局\"",
    );
    refused(
        &c,
        "zh",
        &[
            "suggest",
            "move",
            &code,
            "assigned",
            "--unit",
            "住建局",
            "--co-units",
            "NOPE",
            "--on",
            "2026-01-06",
        ],
        65,
        "--co-units：找不到承办单位「NOPE」",
    );
    // No work for a unit that has closed.
    let dir = tempfile::tempdir().expect("dir");
    let closed = dir.path().join("units.csv");
    std::fs::write(&closed, "code,name,kind,active\nU09,县粮食局,bureau,false\n").expect("write");
    c.ok(&["import", closed.to_str().expect("path")]);
    refused(
        &c,
        "en",
        &[
            "suggest",
            "move",
            &code,
            "assigned",
            "--unit",
            "县粮食局",
            "--on",
            "2026-01-06",
        ],
        1,
        "unit U09 (县粮食局) is inactive",
    );
    c.ok(&[
        "suggest",
        "move",
        &code,
        "assigned",
        "--unit",
        "县交通运输局",
        "--on",
        "2026-01-06",
    ]);
    assert_eq!(c.row(&code)["handling_unit"], "U03");
}

#[test]
fn a_unit_returns_a_suggestion_on_the_tenth_day_but_not_the_eleventh() {
    let c = county();
    let late = c.received_on("2026-03-01");
    c.ok(&[
        "suggest",
        "move",
        &late,
        "assigned",
        "--unit",
        "住建局",
        "--co-units",
        "县交通运输局; 水务局",
        "--on",
        "2026-03-02",
    ]);
    // A unit named by its exact name is stored as its code.
    assert_eq!(c.row(&late)["co_units"], serde_json::json!(["U03", "水务局"]));
    let back = |code: &str, day: &str| -> Vec<String> {
        [
            "suggest",
            "move",
            code,
            "received",
            "--reason",
            "不属本单位职责",
            "--on",
            day,
        ]
        .map(String::from)
        .to_vec()
    };
    let args = back(&late, "2026-03-13");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    refused(
        &c,
        "en",
        &args,
        1,
        "within 10 days of the assignment (return_within_days)",
    );
    refused(&c, "zh", &args, 1, "退回须在交办后 10 天内");
    // Without a reason, even in time.
    refused(
        &c,
        "en",
        &["suggest", "move", &late, "received", "--on", "2026-03-12"],
        1,
        "needs a reason",
    );
    let args = back(&late, "2026-03-12");
    c.ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let row = c.row(&late);
    assert_eq!(row["status"], "received");
    assert_eq!(row["handling_unit"], "");
    assert_eq!(row["co_units"], serde_json::json!([]));
    for empty in ["assigned_on", "due_on", "extended_from"] {
        assert!(row[empty].is_null(), "{empty} cleared: {row}");
    }
    assert_eq!(
        c.row(&late).get("reason").and_then(Value::as_str),
        Some("不属本单位职责")
    );
}

#[test]
fn one_extension_to_exactly_six_months_and_not_a_day_more() {
    let c = county();
    let code = c.received_on("2026-08-01");
    c.assign(&code, "2026-08-31");
    assert_eq!(c.row(&code)["due_on"], "2026-11-30");
    let extend = |due: &str| ["suggest", "extend", &code, "--due", due, "--reason", "情况复杂"].map(String::from);
    let args = extend("2027-03-01");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    refused(
        &c,
        "en",
        &args,
        1,
        "at most 6 months past the assignment (extend_within_months): 2027-02-28",
    );
    refused(&c, "zh", &args, 1, "延期不得超过交办后 6 个月");
    // Not earlier than the due date it extends.
    let args = extend("2026-11-30");
    refused(
        &c,
        "en",
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
        1,
        "after the current one, 2026-11-30",
    );
    c.ok(&extend("2027-02-28").iter().map(String::as_str).collect::<Vec<_>>());
    let row = c.row(&code);
    assert_eq!(
        (row["due_on"].as_str(), row["extended_from"].as_str()),
        (Some("2027-02-28"), Some("2026-11-30"))
    );
    assert_eq!(c.actions(&code).last().map(String::as_str), Some("suggestions.extend"));
    // Only while a unit has it.
    let fresh = c.received_on("2026-08-01");
    refused(
        &c,
        "en",
        &["suggest", "extend", &fresh, "--due", "2026-12-01", "--reason", "x"],
        1,
        "only a suggestion assigned, handling or reopened can be extended",
    );
    // An unknown suggestion is not found; a bad date is a bad value.
    assert_eq!(
        c.run(
            "en",
            &["suggest", "extend", "S99999", "--due", "2027-01-01", "--reason", "x"]
        )
        .code,
        Some(4)
    );
    assert_eq!(
        c.run("en", &["suggest", "extend", &code, "--due", "soon", "--reason", "x"])
            .code,
        Some(65)
    );
}

#[test]
fn a_returned_suggestion_may_be_extended_again_after_its_next_assignment() {
    let c = county();
    let code = c.received_on("2026-08-01");
    c.assign(&code, "2026-08-03");
    c.ok(&["suggest", "extend", &code, "--due", "2026-12-01", "--reason", "复杂"]);
    c.ok(&[
        "suggest",
        "move",
        &code,
        "received",
        "--reason",
        "错派",
        "--on",
        "2026-08-05",
    ]);
    c.assign(&code, "2026-08-06");
    c.ok(&["suggest", "extend", &code, "--due", "2026-12-02", "--reason", "复杂"]);
    assert_eq!(c.row(&code)["extended_from"], "2026-11-06");
}

#[test]
fn a_reply_needs_a_result_a_to_d() {
    let c = county();
    let code = c.received_on("2026-03-01");
    c.assign(&code, "2026-03-02");
    refused(
        &c,
        "en",
        &["suggest", "move", &code, "replied", "--on", "2026-03-20"],
        1,
        "a reply needs a result (A solved",
    );
    refused(
        &c,
        "zh",
        &["suggest", "move", &code, "replied", "--on", "2026-03-20"],
        1,
        "答复需要办理结果（A 已解决",
    );
    refused(
        &c,
        "en",
        &[
            "suggest",
            "move",
            &code,
            "replied",
            "--result",
            "E",
            "--on",
            "2026-03-20",
        ],
        65,
        "--result",
    );
    c.ok(&[
        "suggest",
        "move",
        &code,
        "replied",
        "--result",
        "已解决",
        "--on",
        "2026-03-20",
    ]);
    let row = c.row(&code);
    assert_eq!(
        (row["status"].as_str(), row["replied_on"].as_str()),
        (Some("replied"), Some("2026-03-20"))
    );
    assert!(!row["result"].is_null(), "{row}");
}

#[test]
fn the_evaluation_rates_a_reply_and_reopening_clears_it_with_a_new_deadline() {
    let c = county();
    let code = c.received_on("2026-03-01");
    c.assign(&code, "2026-03-02");
    refused(
        &c,
        "en",
        &["suggest", "evaluate", &code, "--satisfaction", "satisfied"],
        1,
        "a satisfaction is given while replied (it is assigned)",
    );
    c.ok(&[
        "suggest",
        "move",
        &code,
        "replied",
        "--result",
        "B",
        "--on",
        "2026-04-10",
    ]);
    c.ok(&["suggest", "evaluate", &code, "--satisfaction", "satisfied"]);
    assert_eq!(c.row(&code)["satisfaction"], "satisfied");
    assert_eq!(c.actions(&code).last().map(String::as_str), Some("suggestions.edit"));
    // The same rating again changes nothing and writes nothing.
    let before = c.actions(&code).len();
    c.ok(&["suggest", "evaluate", &code, "--satisfaction", "satisfied"]);
    assert_eq!(c.actions(&code).len(), before);
    // Sent back while rated satisfied: a reason is needed.
    refused(
        &c,
        "en",
        &["suggest", "move", &code, "reopened", "--on", "2026-04-30"],
        1,
        "needs a reason",
    );
    c.ok(&["suggest", "evaluate", &code, "--satisfaction", "不满意"]);
    c.ok(&["suggest", "move", &code, "reopened", "--on", "2026-05-31"]);
    let row = c.row(&code);
    assert_eq!(row["status"], "reopened");
    assert_eq!(row["due_on"], "2026-06-30", "a month after the reopening");
    assert_eq!(row["satisfaction"], "unsatisfied", "an unsatisfied rating is kept");
    for cleared in ["replied_on", "result", "closed_on"] {
        assert!(row[cleared].is_null(), "{cleared} cleared: {row}");
    }
    // The second handling: replied again, rated, closed; reopened once more for a reason.
    c.ok(&[
        "suggest",
        "move",
        &code,
        "replied",
        "--result",
        "A",
        "--satisfaction",
        "basic",
        "--on",
        "2026-06-20",
    ]);
    c.ok(&["suggest", "move", &code, "closed", "--on", "2026-06-21"]);
    refused(
        &c,
        "en",
        &["suggest", "move", &code, "reopened", "--on", "2026-07-01"],
        1,
        "needs a reason",
    );
    c.ok(&[
        "suggest",
        "move",
        &code,
        "reopened",
        "--reason",
        "群众再次反映",
        "--due",
        "2026-08-15",
        "--on",
        "2026-07-01",
    ]);
    let row = c.row(&code);
    assert_eq!(row["due_on"], "2026-08-15");
    assert!(row["satisfaction"].is_null(), "a basic rating is not kept: {row}");
}

#[test]
fn an_illegal_move_names_the_allowed_ones_and_an_unknown_suggestion_is_not_found() {
    let c = county();
    let code = c.received_on("2026-03-01");
    refused(&c, "en", &["suggest", "move", &code, "closed"], 1, "allowed: assigned");
    c.assign(&code, "2026-03-02");
    refused(
        &c,
        "en",
        &["suggest", "move", &code, "closed"],
        1,
        "allowed: handling, replied, received",
    );
    assert_eq!(c.run("en", &["suggest", "move", "S99999", "handling"]).code, Some(4));
    assert_eq!(
        c.run("en", &["suggest", "evaluate", "S99999", "--satisfaction", "basic"])
            .code,
        Some(4)
    );
}

#[test]
fn a_second_extension_is_refused() {
    let c = county();
    let code = c.received_on("2026-08-01");
    c.assign(&code, "2026-08-31");
    c.ok(&[
        "suggest",
        "extend",
        &code,
        "--due",
        "2027-02-28",
        "--reason",
        "情况复杂",
    ]);
    refused(
        &c,
        "en",
        &["suggest", "extend", &code, "--due", "2027-02-27", "--reason", "x"],
        1,
        "extended once only (it was extended from 2026-11-30)",
    );
}
