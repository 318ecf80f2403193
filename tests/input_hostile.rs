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
