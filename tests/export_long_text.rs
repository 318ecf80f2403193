//! Hardening M5: a text longer than a workbook cell holds — refused at
//! entry now, but stored by an older version — never fails `export --xlsx`:
//! the cell is cut, ending in "…", and the CSV export keeps it whole.

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx};

#[test]
fn a_stored_text_over_a_cells_limit_is_cut_in_the_workbook_not_a_failure() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("c.db");
    Command::cargo_bin("lianluo")
        .expect("bin")
        .args(["--db", db.to_str().expect("path"), "init", "--demo"])
        .assert()
        .success();
    let long = "长".repeat(40_000);
    {
        let conn = rusqlite::Connection::open(&db).expect("open");
        let n = conn
            .execute("UPDATE suggestions SET title = ?1 WHERE code = 'S00001'", [&long])
            .expect("update");
        assert_eq!(n, 1);
    }
    let book = dir.path().join("out.xlsx");
    Command::cargo_bin("lianluo")
        .expect("bin")
        .args([
            "--db",
            db.to_str().expect("path"),
            "export",
            "--xlsx",
            book.to_str().expect("path"),
        ])
        .assert()
        .success();
    let mut xlsx: Xlsx<_> = calamine::open_workbook(&book).expect("workbook");
    let sheet = xlsx.worksheet_range("suggestions").expect("suggestions sheet");
    let cell = sheet
        .rows()
        .find(|r| matches!(r.first(), Some(Data::String(c)) if c == "S00001"))
        .and_then(|r| {
            r.iter().find_map(|c| match c {
                Data::String(s) if s.starts_with('长') => Some(s.clone()),
                _ => None,
            })
        })
        .expect("the long title");
    assert_eq!(cell.chars().count(), 32_767);
    assert!(cell.ends_with('…'));
    // The CSV export keeps the whole text.
    let out = dir.path().join("csv");
    Command::cargo_bin("lianluo")
        .expect("bin")
        .args([
            "--db",
            db.to_str().expect("path"),
            "export",
            out.to_str().expect("path"),
        ])
        .assert()
        .success();
    let csv = std::fs::read_to_string(out.join("suggestions.csv")).expect("csv");
    assert!(csv.contains(&long));
}
