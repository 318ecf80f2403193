//! `--replace`: each imported kind becomes exactly the file's rows; rows
//! that stay must not be left pointing at removed ones.

#[path = "fixtures/io/helpers.rs"]
mod helpers;

use helpers::*;
use lianluo::i18n::Lang;
use lianluo::io::read_import;
use lianluo::store::Store;

/// A database holding the base files plus two contacts (L1 in C1 with D1, L2 in C2 with D2).
fn seeded(dir: &std::path::Path) -> Store {
    let mut store = empty_store(dir);
    let mut files = base_files(dir);
    files.push(write(
        dir,
        "contacts.csv",
        "code,name,cell_code,deputy_code\nL1,张三,C1,D1\nL2,王五,C2,D2\n",
    ));
    let set = import(&files).unwrap();
    store.apply_import(&actor(), set).unwrap();
    store
}

#[test]
fn replace_makes_the_kind_exactly_the_files_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = seeded(tmp.path());
    let existing = store.load().unwrap();
    let f = write(tmp.path(), "new-contacts.csv", "code,name,cell_code\nL3,赵六,C1\n");
    let set = read_import(&[f], Some(lianluo::store::Kind::Contacts), true, &existing, Lang::En).unwrap();
    assert!(set.replace);
    store.apply_import(&actor(), set).unwrap();
    let codes: Vec<String> = store
        .load()
        .unwrap()
        .contacts
        .into_iter()
        .map(|c| c.code.to_string())
        .collect();
    assert_eq!(codes, ["L3"]);
}

#[test]
fn without_replace_rows_absent_from_the_file_stay() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = seeded(tmp.path());
    let existing = store.load().unwrap();
    let f = write(tmp.path(), "contacts.csv", "code,name,cell_code\nL3,赵六,C1\n");
    let set = read_import(&[f], None, false, &existing, Lang::En).unwrap();
    store.apply_import(&actor(), set).unwrap();
    assert_eq!(store.load().unwrap().contacts.len(), 3);
}

#[test]
fn replace_refuses_to_remove_rows_the_database_still_uses() {
    let tmp = tempfile::tempdir().unwrap();
    let store = seeded(tmp.path());
    let existing = store.load().unwrap();
    let f = write(tmp.path(), "cells.csv", "code,name,area_code\nC1,一网格,V1\n");
    let errors = texts(read_import(std::slice::from_ref(&f), None, true, &existing, Lang::En).unwrap_err());
    assert_eq!(
        errors,
        vec![format!(
            "{}: --replace would remove C2, but contacts L2 in the database still refers to it",
            f.display()
        )]
    );
    let errors = texts(read_import(std::slice::from_ref(&f), None, true, &existing, Lang::Zh).unwrap_err());
    assert_eq!(
        errors,
        vec![format!(
            "{}: --replace 会删除 C2，但数据库中的 联络员 L2 仍在引用它",
            f.display()
        )]
    );
    // Replacing the contacts in the same import frees the cell.
    let c = write(tmp.path(), "contacts.csv", "code,name,cell_code\nL1,张三,C1\n");
    let set = read_import(&[f, c], None, true, &existing, Lang::En).unwrap();
    assert_eq!(set.cells.unwrap().len(), 1);
}

#[test]
fn with_replace_references_only_see_the_files_rows_of_a_replaced_kind() {
    let tmp = tempfile::tempdir().unwrap();
    let store = seeded(tmp.path());
    let existing = store.load().unwrap();
    let d = write(tmp.path(), "deputies.csv", "code,name,level\nD1,王林汉,county\n");
    let c = write(
        tmp.path(),
        "contacts.csv",
        "code,name,cell_code,deputy_code\nL1,张三,C1,D1\nL2,王五,C2,D2\n",
    );
    let errors = texts(read_import(&[d.clone(), c.clone()], None, true, &existing, Lang::En).unwrap_err());
    assert_eq!(
        errors,
        vec![format!("{}:3: deputy_code: unknown deputy D2", c.display())]
    );
    // The same files without --replace: D2 stays in the database, so the reference holds.
    assert!(read_import(&[d, c], None, false, &existing, Lang::En).is_ok());
}

/// `lianluo import` in English, as an operator runs it.
fn lianluo(db: &std::path::Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("lianluo").expect("binary");
    cmd.arg("--db").arg(db).arg("--lang").arg("en");
    cmd.env("LIANLUO_OPERATOR", "tester").env_remove("SSH_CLIENT");
    cmd
}

/// Through the command, which reads back of the database only what the
/// import needs: with `--replace`, the receptions (and assignments and
/// suggestions) it leaves in place are read, and a reception still naming
/// a deputy the file drops refuses the import; replacing the receptions in
/// the same import lets it through.
#[test]
fn the_command_checks_a_replace_against_the_receptions_it_keeps() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("t.db");
    lianluo(&db).args(["init", "--empty"]).assert().success();
    let mut files = base_files(tmp.path());
    files.push(write(
        tmp.path(),
        "receptions.csv",
        "date,station_code,deputy_code,constituents\n2026-03-15,S1,D2,3\n",
    ));
    lianluo(&db).arg("import").args(&files).assert().success();

    let only_d1 = write(tmp.path(), "deputies.csv", "code,name,level\nD1,王林汉,county\n");
    let out = lianluo(&db)
        .args(["import", "--replace"])
        .arg(&only_d1)
        .assert()
        .code(65);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr
            .contains("--replace would remove D2, but receptions 2026-03-15/S1/D2 in the database still refers to it"),
        "{stderr}"
    );
    let reception_of_d1 = write(
        tmp.path(),
        "receptions.csv",
        "date,station_code,deputy_code,constituents\n2026-03-15,S1,D1,3\n",
    );
    lianluo(&db)
        .args(["import", "--replace"])
        .arg(&only_d1)
        .arg(&reception_of_d1)
        .assert()
        .success();
    let ds = Store::open(&db, lianluo::store::OpenOptions::default())
        .unwrap()
        .load()
        .unwrap();
    let deputies: Vec<&str> = ds.deputies.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(deputies, ["D1"]);
    assert_eq!(ds.receptions.len(), 1);
    assert_eq!(ds.receptions[0].deputy_code, "D1");
}
